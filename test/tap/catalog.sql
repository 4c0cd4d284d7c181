-- Every SQL object of iapt_ews: documented, correctly marked, nothing that
-- runs with its owner's rights. Covers every topic as it is added.
BEGIN;
SELECT plan(9);

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE obj_description(p.oid, 'pg_proc') IS NULL),
    NULL, 'every function and aggregate has a comment');

SELECT is(
    (SELECT array_agg(t.oid::regtype::text ORDER BY 1)
     FROM pg_type t JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE obj_description(t.oid, 'pg_type') IS NULL AND t.typtype <> 'c'),
    NULL, 'every base type has a comment');

SELECT is(
    (SELECT array_agg(c.oid::regclass::text ORDER BY 1)
     FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE c.relkind IN ('v', 'r', 'm', 'c') AND obj_description(c.oid, 'pg_class') IS NULL
       AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.typrelid = c.oid AND obj_description(t.oid, 'pg_type') IS NOT NULL)),
    NULL, 'every view, table and composite type has a comment');

SELECT is(
    (SELECT array_agg(c.oid::regclass::text || '.' || a.attname ORDER BY 1)
     FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind IN ('v', 'r', 'm') AND col_description(c.oid, a.attnum) IS NULL),
    NULL, 'every column of every view and table has a comment');

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.prosecdef),
    NULL, 'no function is SECURITY DEFINER');

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.pronamespace <> 'iapt_ews'::regnamespace),
    NULL, 'every function lives in schema iapt_ews');

-- Functions that read no tables are IMMUTABLE or STABLE and PARALLEL SAFE.
-- VOLATILE functions pin search_path, except those that run the caller's
-- own query texts (an argument named *_sql): those run them with the
-- caller's path, as pgRouting does, and qualify every name in the SQL they
-- generate themselves (test/tap/search_path.sql).
SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.provolatile IN ('i', 's') AND p.proparallel <> 's'),
    NULL, 'every IMMUTABLE or STABLE function is PARALLEL SAFE');

SELECT is(
    (SELECT array_agg(p.oid::regprocedure::text ORDER BY 1)
     FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
     JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'iapt_ews'
     WHERE p.provolatile = 'v' AND p.prokind = 'f'
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
       AND NOT EXISTS (SELECT 1 FROM unnest(p.proargnames) a WHERE a LIKE '%\_sql')),
    NULL, 'every VOLATILE function pins its search_path, or runs the caller''s own query texts');

SELECT is(
    (SELECT array_agg(a.aggfnoid::regprocedure::text ORDER BY 1)
     FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
     WHERE p.pronamespace = 'iapt_ews'::regnamespace
       AND (a.aggcombinefn = 0 OR p.proparallel <> 's'
            OR (a.aggtranstype = 'internal'::regtype AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0)))),
    NULL, 'every aggregate is PARALLEL SAFE with a combine function (and serialize/deserialize for internal states)');

SELECT * FROM finish();
ROLLBACK;
