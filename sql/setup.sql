-- Runs first: every later regression file uses the extensions created here.
-- iapt_ews needs nothing but PostgreSQL; iapt_ews_postgis brings PostGIS.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS iapt_ews;
CREATE EXTENSION IF NOT EXISTS iapt_ews_postgis CASCADE;
RESET client_min_messages;
SELECT e.extname, e.extversion, e.extrelocatable, n.nspname AS schema,
       (SELECT array_agg(r.extname ORDER BY r.extname) FROM pg_extension r
        WHERE r.oid = ANY (SELECT refobjid FROM pg_depend
                           WHERE classid = 'pg_extension'::regclass AND objid = e.oid
                             AND refclassid = 'pg_extension'::regclass)) AS requires
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname LIKE 'iapt_ews%' ORDER BY 1;
-- The extension owns no table: user data lives in schemas made by
-- create_data_model, outside it.
SELECT count(*) AS tables_owned_by_the_extensions
FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND d.classid = 'pg_class'::regclass
JOIN pg_extension e ON e.oid = d.refobjid
WHERE d.deptype = 'e' AND e.extname LIKE 'iapt_ews%' AND c.relkind IN ('r', 'p', 'S');
