-- pgTAP: signatures and markings of the access and inequality functions,
-- no-crash calls, and road distances along a small pgRouting network.
BEGIN;
SELECT plan(52);

-- Signatures
SELECT has_function('iapt_ews', 'travel_distance', ARRAY['geometry', 'geometry', 'double precision']);
SELECT has_function('iapt_ews', 'access_scores', ARRAY['text', 'text', 'double precision', 'text', 'double precision']);
SELECT has_function('iapt_ews', 'best_new_sites', ARRAY['text', 'text', 'text', 'integer', 'double precision']);
SELECT has_function('iapt_ews', 'best_new_sites_located', ARRAY['text', 'text', 'text', 'integer', 'double precision']);
SELECT has_function('iapt_ews', 'access_gap_by_decile', ARRAY['text', 'text', 'text', 'double precision', 'text', 'double precision']);
SELECT has_function('iapt_ews', 'access_scores_network', ARRAY['text', 'text', 'text', 'text', 'double precision', 'text', 'boolean', 'double precision']);
SELECT has_function('iapt_ews', 'access_scores_matrix', ARRAY['text', 'text', 'text', 'double precision', 'text']);
SELECT is_aggregate('iapt_ews', 'slope_index_of_inequality', ARRAY['double precision', 'double precision', 'double precision']);
SELECT is_aggregate('iapt_ews', 'relative_index_of_inequality', ARRAY['double precision', 'double precision', 'double precision']);

-- Markings: pure functions IMMUTABLE STRICT; functions that run the caller's SQL VOLATILE, never SECURITY DEFINER
SELECT volatility_is('iapt_ews', 'travel_distance', ARRAY['geometry', 'geometry', 'double precision'], 'immutable');
SELECT is_strict('iapt_ews', 'travel_distance', ARRAY['geometry', 'geometry', 'double precision']);
SELECT volatility_is('iapt_ews', 'access_scores', ARRAY['text', 'text', 'double precision', 'text', 'double precision'], 'volatile');
SELECT volatility_is('iapt_ews', 'best_new_sites', ARRAY['text', 'text', 'text', 'integer', 'double precision'], 'volatile');
SELECT volatility_is('iapt_ews', 'best_new_sites_located', ARRAY['text', 'text', 'text', 'integer', 'double precision'], 'volatile');
SELECT volatility_is('iapt_ews', 'access_scores_network', ARRAY['text', 'text', 'text', 'text', 'double precision', 'text', 'boolean', 'double precision'], 'volatile');
SELECT volatility_is('iapt_ews', 'access_scores_matrix', ARRAY['text', 'text', 'text', 'double precision', 'text'], 'volatile');
SELECT is((SELECT (p.proisstrict, p.proparallel, p.provolatile, e.extname)::text
           FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
           JOIN pg_extension e ON e.oid = d.refobjid
           WHERE p.oid = 'iapt_ews.access_gap_by_decile_matrix(text, text, text, text, float8, text)'::regprocedure),
          '(t,u,v,iapt_ews)', 'access_gap_by_decile_matrix is STRICT, VOLATILE, PARALLEL UNSAFE, and in the core extension (no PostGIS)');
SELECT is((SELECT e.extname::text
           FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
           JOIN pg_extension e ON e.oid = d.refobjid
           WHERE p.oid = 'iapt_ews.observed_expected_interval(float8, float8)'::regprocedure),
          'iapt_ews', 'observed_expected_interval is in the core extension, which both access-gap reports use');
SELECT is((SELECT (p.proisstrict, p.proparallel, e.extname)::text
           FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
           JOIN pg_extension e ON e.oid = d.refobjid
           WHERE p.oid = 'iapt_ews.access_scores_matrix(text, text, text, float8, text)'::regprocedure),
          '(t,u,iapt_ews)', 'access_scores_matrix is STRICT, PARALLEL UNSAFE, and in the core extension (no PostGIS)');
SELECT is(count(*), 0::bigint, 'no access function is SECURITY DEFINER')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'iapt_ews' AND p.prosecdef
  AND p.proname IN ('travel_distance', 'access_scores', 'best_new_sites', 'access_gap_by_decile',
                    'access_scores_network', 'access_scores_matrix', 'access_gap_by_decile_matrix', 'access_gap_summary',
                    'best_new_sites_matrix', 'best_new_sites_located', 'best_new_sites_places');
SELECT is((SELECT aggcombinefn::text || ' ' || aggserialfn::text || ' ' || aggdeserialfn::text
           FROM pg_aggregate WHERE aggfnoid = 'iapt_ews.slope_index_of_inequality'::regproc),
          'iapt_ews.inequality_combine iapt_ews.inequality_serialize iapt_ews.inequality_deserialize',
          'SII has combine, serialize and deserialize functions');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'iapt_ews.slope_index_of_inequality'::regproc), 's',
          'SII is PARALLEL SAFE');
SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'iapt_ews' AND obj_description(p.oid, 'pg_proc') IS NULL
             AND p.proname IN ('travel_distance', 'travel_distance_xy', 'access_scores', 'best_new_sites',
                               'best_new_sites_located', 'best_new_sites_places',
                               'access_gap_by_decile', 'access_scores_network', 'access_scores_matrix', 'inequality_accum',
                               'access_gap_by_decile_matrix', 'access_gap_summary', 'observed_expected_interval', 'best_new_sites_matrix',
                               'inequality_combine', 'inequality_serialize', 'inequality_deserialize',
                               'sii_final', 'rii_final', 'slope_index_of_inequality',
                               'relative_index_of_inequality')), 0::bigint,
          'every access and inequality function has a comment');

-- No crash: NULL and extreme arguments
SELECT is(iapt_ews.travel_distance(NULL, NULL), NULL, 'travel_distance(NULL, NULL) is NULL');
SELECT is(iapt_ews.travel_distance('SRID=27700;POINT(0 0)', 'SRID=27700;POINT(1e308 1e308)', 2), 'Infinity'::float8,
          'travel_distance overflows to Infinity, not a crash');
SELECT is((SELECT count(*) FROM iapt_ews.access_scores(NULL, NULL, NULL)), 0::bigint, 'access_scores of NULLs is empty');
SELECT is((SELECT count(*) FROM iapt_ews.access_scores_matrix(NULL, NULL, NULL, NULL)), 0::bigint, 'access_scores_matrix of NULLs is empty');
SELECT is((SELECT (nearest_site_id, nearest_cost, sites_within)::text
           FROM iapt_ews.access_scores_matrix($$SELECT '' AS id, 1 AS population$$, $$SELECT '' AS id, 1 AS capacity$$,
                                              $$SELECT '' AS area_id, '' AS site_id, 1e300::float8 AS cost$$, 1e308)),
          '("",1e+300,1)', 'access_scores_matrix: empty ids are ids, and a huge cost is a cost, not a crash');
SELECT is((SELECT count(*) FROM iapt_ews.best_new_sites(NULL, NULL, NULL, NULL)), 0::bigint, 'best_new_sites of NULLs is empty');
SELECT is((SELECT count(*) FROM iapt_ews.best_new_sites_located(NULL, NULL, NULL, NULL)), 0::bigint, 'best_new_sites_located of NULLs is empty');
SELECT lives_ok($$SELECT * FROM iapt_ews.access_scores(
    $a$SELECT 'x' AS id, 'SRID=27700;POINT(0 0)'::geometry AS geom, 1 AS population$a$,
    $s$SELECT 's' AS id, 'SRID=27700;POINT(1e9 -1e9)'::geometry AS geom, 1 AS capacity$s$, 1e-6)$$,
    'tiny catchment, far apart points');
SELECT lives_ok($$SELECT * FROM iapt_ews.access_scores(
    $a$SELECT g::text AS id, 'SRID=27700;POINT(0 0)'::geometry AS geom, 1 AS population FROM generate_series(1, 1000) g$a$,
    $s$SELECT g::text AS id, 'SRID=27700;POINT(0 0)'::geometry AS geom, 1 AS capacity FROM generate_series(1, 50) g$s$, 1e12)$$,
    'every point in one place, huge catchment');
SELECT throws_ok($$SELECT * FROM iapt_ews.best_new_sites('SELECT 1', 'SELECT 1', 'SELECT 1', 2147483647)$$,
                 '42703', NULL, 'huge k with bad queries is an error, not a crash');
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores(
    $a$SELECT 'x' AS id, 'SRID=27700;POINT(-1e300 0)'::geometry AS geom, 1 AS population$a$,
    $s$SELECT 's' AS id, 'SRID=27700;POINT(1e300 0)'::geometry AS geom, 1 AS capacity$s$, 1000)$$,
    '22023', 'areas_sql returned a point with a coordinate out of range for id x', 'absurd coordinates: an error');
SELECT lives_ok($$SELECT * FROM iapt_ews.best_new_sites(
    $a$SELECT 'x' AS id, 'SRID=27700;POINT(-1e12 -1e12)'::geometry AS geom, 1e300 AS population$a$,
    $s$SELECT 's' AS id, 'SRID=27700;POINT(1e12 1e12)'::geometry AS geom$s$,
    $c$SELECT 'c' || g AS id, 'SRID=27700;POINT(1e12 -1e12)'::geometry AS geom FROM generate_series(1, 3) g$c$, 3)$$,
    'best_new_sites with extreme populations and coordinates');
SELECT is(iapt_ews.slope_index_of_inequality(v, r, p), NULL, 'SII of one huge value is NULL')
FROM (VALUES (1e308::float8, 1::float8, 1e308::float8)) t(v, r, p);

-- Road network: a 5 x 5 grid of vertices 1 km apart (id = 5 row + col + 1),
-- edges between neighbours costing their length (1000 m); the vertex
-- (2000,2000) -> (3000,2000) edge, 13 -> 14, is one-way westwards (14 -> 13).
--   areas R1 (0,50) pop 100: vertex 1, snap 50; R2 (2000,2000) pop 200: vertex 13;
--         R3 (4000,4030) pop 300: vertex 25, snap 30
--   sites T1 (1000,1000) cap 10: vertex 7; T2 (3000,2000) cap 20: vertex 14;
--         T0 (4000,4000) cap 30: vertex 25
-- Network distances (Manhattan + snaps): R1-T1 2050, R1-T2 5050, R2-T1 2000,
-- R2-T2 1000 (3000 directed), R2-T0 4000 (exactly the catchment), R3-T2 3030, R3-T0 30.
-- Catchment 4000, decay none, by hand: R(T1) = 10/300, R(T2) = 20/500, R(T0) = 30/500:
--   R1 1/30; R2 1/30 + 0.04 + 0.06 = 0.133333; R3 0.1.
-- Python (same W as sql/access.sql): gaussian undirected R1 0.032882021751139745,
--   R2 0.09622538098758932, R3 0.1248890720912272; directed R2 0.07425963980543462,
--   R3 0.139532899545997.
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT 1', 'SELECT 1', 'SELECT 1', 'SELECT 1', 4000)$$,
                 '55000', 'access_scores_network needs the extension "pgrouting"', 'without pgRouting: a clear error');
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgrouting;
RESET client_min_messages;
CREATE TEMP TABLE net_vertex AS
    SELECT r * 5 + c + 1 AS id, ST_SetSRID(ST_MakePoint(c * 1000, r * 1000), 27700) AS geom
    FROM generate_series(0, 4) r, generate_series(0, 4) c;
CREATE TEMP TABLE net_edge AS
    SELECT row_number() OVER () AS id, a.id AS source, b.id AS target,
           1000.0::float8 AS cost, 1000.0::float8 AS reverse_cost
    FROM net_vertex a JOIN net_vertex b
      ON (b.id = a.id + 1 AND a.id % 5 <> 0) OR b.id = a.id + 5;
UPDATE net_edge SET cost = -1 WHERE source = 13 AND target = 14;
CREATE TEMP TABLE net_area (id text, geom geometry, population float8);
INSERT INTO net_area VALUES ('R1', 'SRID=27700;POINT(0 50)', 100), ('R2', 'SRID=27700;POINT(2000 2000)', 200),
                            ('R3', 'SRID=27700;POINT(4000 4030)', 300);
CREATE TEMP TABLE net_site (id text, geom geometry, capacity float8);
INSERT INTO net_site VALUES ('T1', 'SRID=27700;POINT(1000 1000)', 10), ('T2', 'SRID=27700;POINT(3000 2000)', 20),
                            ('T0', 'SRID=27700;POINT(4000 4000)', 30);

SELECT is((SELECT count(*) FROM net_edge), 40::bigint, 'the grid has 40 edges');
SELECT results_eq(
    $$SELECT area_id, nearest_site_id, nearest_distance_m, sites_within, round(e2sfca::numeric, 12)
      FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 4000, 'none') ORDER BY area_id$$,
    $$VALUES ('R1', 'T1', 2050::float8, 1, round(1/30.0, 12)),
             ('R2', 'T2', 1000::float8, 3, round(1/30.0 + 0.04 + 0.06, 12)),
             ('R3', 'T0', 30::float8, 2, 0.1)$$,
    'network 2SFCA (none) by hand');
SELECT results_eq(
    $$SELECT area_id, abs(e2sfca - e) < 1e-12
      FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 4000) JOIN
          (VALUES ('R1', 0.032882021751139745), ('R2', 0.09622538098758932), ('R3', 0.1248890720912272)) x(a, e)
          ON x.a = area_id ORDER BY area_id$$,
    $$VALUES ('R1', true), ('R2', true), ('R3', true)$$,
    'network Gaussian 2SFCA against Python');
SELECT results_eq(
    $$SELECT area_id, nearest_site_id, nearest_distance_m, abs(e2sfca - e) < 1e-12
      FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 4000, 'gaussian', true) JOIN
          (VALUES ('R1', 0.032882021751139745), ('R2', 0.07425963980543462), ('R3', 0.139532899545997)) x(a, e)
          ON x.a = area_id ORDER BY area_id$$,
    $$VALUES ('R1', 'T1', 2050::float8, true), ('R2', 'T1', 2000::float8, true), ('R3', 'T0', 30::float8, true)$$,
    'directed: the one-way edge sends R2 round (T2 at 3000 m), so T1 is nearest');
SELECT results_eq(
    $$SELECT area_id, nearest_site_id, sites_within, round(e2sfca::numeric, 12)
      FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 500) ORDER BY area_id$$,
    $$VALUES ('R1', NULL::text, 0, 0::numeric), ('R2', NULL, 0, 0), ('R3', 'T0', 1, 0.1)$$,
    'small catchment: only R3 reaches T0 (30 m); nearest is searched within the catchment');
SELECT results_eq(
    $$SELECT area_id, nearest_site_id, nearest_distance_m, sites_within, round(e2sfca::numeric, 12)
      FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 500, 'gaussian', false, 10000) ORDER BY area_id$$,
    $$VALUES ('R1', 'T1', 2050::float8, 0, 0::numeric), ('R2', 'T2', 1000, 0, 0), ('R3', 'T0', 30, 1, 0.1)$$,
    'nearest_max_m 10 km: nearest sites beyond the 500 m catchment, scores unchanged');
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 500, 'gaussian', false, -1)$$,
    '22023', 'nearest_max_m must be a finite number of metres, zero or more, not -1', 'negative nearest_max_m');
SELECT is((SELECT count(*) FROM iapt_ews.access_scores_network('SELECT * FROM net_area WHERE false', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 4000)), 0::bigint, 'no areas, no rows');
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT id, source, target FROM net_edge', 'SELECT * FROM net_vertex', 4000)$$,
    '42703', 'column "cost" not found in edges_sql', 'edges without cost');
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', $v$SELECT 'v' || id AS id, geom FROM net_vertex$v$, 4000)$$,
    '22023', 'vertices_sql returned id "v1", which is not a bigint', 'vertex ids must be bigint');
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT id, ST_Transform(geom, 4326) AS geom FROM net_vertex', 4000)$$,
    '22023', 'areas_sql and vertices_sql have different SRIDs (27700 and 4326)', 'vertices in another SRID');
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 0)$$,
    '22023', 'catchment_m must be a positive finite number of metres, not 0', 'catchment 0');
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM net_site',
          'SELECT * FROM net_edge', 'SELECT * FROM net_vertex', 4000, 'cubic')$$,
    '22023', 'unknown distance decay "cubic"', 'unknown decay');

-- The pairs pgr_drivingDistance returns count against iapt_ews.max_input_memory
-- (24 bytes each). A 40 x 40 grid of 1,600 vertices 1 km apart and 10 sites:
-- the points take 192,848 bytes (8,192 for the context's first block; areas
-- and sites 33,848 + 16,440 each; the vertices 2,048 x 33 + 56 and 16,440 of
-- ids), the vertex grid and snaps less than 100 kB more. With a 100 km
-- catchment every site reaches every vertex: 15,990 pairs, whose array
-- doubles from 1,024 to 16,384 (393,216 bytes), past 448 kB whatever the
-- rest takes; with 1.5 km each site reaches at most 9 vertices, and the same
-- limit is enough.
CREATE TEMP TABLE big_vertex AS
    SELECT v AS id, ST_SetSRID(ST_MakePoint((v - 1) % 40 * 1000, (v - 1) / 40 * 1000), 27700) AS geom
    FROM generate_series(1, 1600) v;
CREATE TEMP TABLE big_edge AS   -- east and north neighbours, 1 km both ways
    SELECT row_number() OVER () AS id, e.source, e.target, 1000.0::float8 AS cost, 1000.0::float8 AS reverse_cost
    FROM (SELECT v AS source, v + 1 AS target FROM generate_series(1, 1600) v WHERE v % 40 <> 0
          UNION ALL SELECT v, v + 40 FROM generate_series(1, 1560) v) e;
CREATE TEMP TABLE big_site AS
    SELECT 'B' || i AS id, ST_SetSRID(ST_MakePoint(i * 4000, i * 3000), 27700) AS geom, 1.0::float8 AS capacity
    FROM generate_series(0, 9) i;
SET LOCAL iapt_ews.max_input_memory = '448kB';
SELECT throws_ok($$SELECT * FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM big_site',
          'SELECT * FROM big_edge', 'SELECT * FROM big_vertex', 100000)$$,
    '54000', 'access_scores_network needs more memory than iapt_ews.max_input_memory allows',
    'the pgRouting pairs count against iapt_ews.max_input_memory');
SELECT is((SELECT count(*) FROM iapt_ews.access_scores_network('SELECT * FROM net_area', 'SELECT * FROM big_site',
          'SELECT * FROM big_edge', 'SELECT * FROM big_vertex', 1500)), 3::bigint,
    'with few pairs the same limit is enough');
RESET iapt_ews.max_input_memory;

SELECT * FROM finish();
ROLLBACK;
