-- Runs first: every later regression file uses the extension created here.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS iapt_ews CASCADE;
RESET client_min_messages;
SELECT e.extname, e.extversion, e.extrelocatable, n.nspname AS schema,
       (SELECT array_agg(r.extname ORDER BY r.extname) FROM pg_extension r
        WHERE r.oid = ANY (SELECT refobjid FROM pg_depend
                           WHERE classid = 'pg_extension'::regclass AND objid = e.oid
                             AND refclassid = 'pg_extension'::regclass)) AS requires
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'iapt_ews';
