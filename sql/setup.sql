-- Runs first: every later regression file uses the extensions created here.
-- iapt_ews needs nothing but PostgreSQL; iapt_ews_postgis brings PostGIS.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS iapt_ews;
CREATE EXTENSION IF NOT EXISTS iapt_ews_postgis CASCADE;
RESET client_min_messages;
-- refresh_data_set's progress NOTICEs (one per stored relation) are off in
-- every later file; sql/data_set.sql turns them on where it shows them.
SELECT format('ALTER DATABASE %I SET iapt_ews.refresh_progress = off', current_database()) \gexec
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
-- For the data model's tests (data_model, data_set): each view a builder
-- made in a schema, with the relations of the schema its statement's
-- header says it reads, where those differ from what PostgreSQL records
-- that the view depends on (pg_depend, through its rewrite rule). For a
-- report stored for every provider the live view (<name>_live) is the one
-- the statement made. The statement is the one a builder runs: the first
-- whose variant condition holds and whose inputs are all there.
CREATE FUNCTION public.model_reads_mismatch(target name)
RETURNS TABLE (object_name text, step integer, header_reads text[], depends_on text[])
LANGUAGE sql STABLE AS $$
WITH present AS (
    SELECT array_agg(c.relname::text) AS names FROM pg_class c WHERE c.relnamespace = target::regnamespace),
made AS (
    SELECT DISTINCT ON (o.object_name) o.object_name, o.step, o.reads, c.oid AS view_oid
    FROM iapt_ews.data_model o CROSS JOIN present p
    JOIN pg_class c ON c.relnamespace = target::regnamespace AND c.relkind = 'v'
         AND c.relname = CASE WHEN o.object_name || '_live' = ANY (p.names) THEN o.object_name || '_live'
                              ELSE o.object_name END
    WHERE o.object_kind = 'view' AND o.reads <@ p.names
      AND (o.variant_condition IS NULL OR iapt_ews.model_variant_applies(o.variant_condition, p.names))
    ORDER BY o.object_name, o.step)
SELECT m.object_name, m.step, ARRAY(SELECT r FROM unnest(m.reads) r ORDER BY r), d.depends_on
FROM made m
CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(DISTINCT s.relname::text ORDER BY s.relname::text), '{}') AS depends_on
    FROM iapt_ews.rule_dependencies(m.view_oid) r
    JOIN pg_class s ON r.refclassid = 'pg_class'::regclass AND s.oid = r.refobjid
    WHERE s.relnamespace = target::regnamespace AND s.oid <> m.view_oid) d
WHERE ARRAY(SELECT r FROM unnest(m.reads) r ORDER BY r) IS DISTINCT FROM d.depends_on
ORDER BY m.step
$$;
