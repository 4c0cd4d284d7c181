-- Runs first: every later regression file uses the extension created here.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS iapt_ews CASCADE;
RESET client_min_messages;
SELECT extname, extversion, extrelocatable, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname IN ('iapt_ews', 'postgis') ORDER BY extname;
