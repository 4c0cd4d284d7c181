-- A text fingerprint of every object of the iapt_ews extension, for
-- comparing an updated install with a fresh one (test/t/040_upgrade.pl).
SELECT kind || ' ' || identity || ' ' || coalesce(definition, '') AS object
FROM (
    SELECT 'function' AS kind, p.oid::regprocedure::text AS identity,
           concat_ws(' ', pg_get_function_result(p.oid), p.provolatile, p.proisstrict, p.proparallel,
                     p.prosecdef, array_to_string(p.proconfig, ','), md5(p.prosrc),
                     obj_description(p.oid, 'pg_proc')) AS definition
    FROM pg_proc p WHERE p.pronamespace = 'iapt_ews'::regnamespace
    UNION ALL
    SELECT 'aggregate', a.aggfnoid::regprocedure::text,
           concat_ws(' ', a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
                     a.aggtranstype::regtype, a.agginitval)
    FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.pronamespace = 'iapt_ews'::regnamespace
    UNION ALL
    SELECT 'type', t.oid::regtype::text,
           concat_ws(' ', t.typlen, t.typbyval, t.typalign, t.typstorage, t.typinput, t.typoutput,
                     t.typreceive, t.typsend, obj_description(t.oid, 'pg_type'))
    FROM pg_type t WHERE t.typnamespace = 'iapt_ews'::regnamespace AND t.typtype IN ('b', 'c')
    UNION ALL
    SELECT 'operator', o.oid::regoperator::text, concat_ws(' ', o.oprcode, o.oprcom::regoperator, o.oprnegate::regoperator)
    FROM pg_operator o WHERE o.oprnamespace = 'iapt_ews'::regnamespace
    UNION ALL
    SELECT 'opclass', c.opcname || ' ' || am.amname, c.opcintype::regtype::text
    FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod WHERE c.opcnamespace = 'iapt_ews'::regnamespace
    UNION ALL
    SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'relation' END, c.oid::regclass::text,
           concat_ws(' ', c.relkind, array_to_string(c.reloptions, ','), md5(coalesce(pg_get_viewdef(c.oid), '')),
                     obj_description(c.oid, 'pg_class'),
                     (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' ||
                                        coalesce(col_description(c.oid, a.attnum), ''), ',' ORDER BY a.attnum)
                      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
    FROM pg_class c WHERE c.relnamespace = 'iapt_ews'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'i', 'S')
    UNION ALL
    SELECT 'policy', pol.tablename || '.' || pol.policyname, concat_ws(' ', pol.cmd, pol.qual, pol.with_check)
    FROM pg_policies pol WHERE pol.schemaname = 'iapt_ews'
) o
ORDER BY 1;
