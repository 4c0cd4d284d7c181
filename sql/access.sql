-- Travel-distance access: travel_distance, access_scores, best_new_sites,
-- access_gap_by_decile. Expected values were computed by hand (comments) and
-- independently in plain Python 3 (math.hypot, math.exp; script in comments).
SET extra_float_digits = 0;

-- ---------------------------------------------------------------------------
-- travel_distance
-- ---------------------------------------------------------------------------
SELECT iapt_ews.travel_distance('SRID=27700;POINT(0 0)', 'SRID=27700;POINT(3000 4000)');  -- 5000
SELECT iapt_ews.travel_distance('SRID=27700;POINT(0 0)', 'SRID=27700;POINT(3000 4000)', 1.3);  -- 6500
-- geodesic (Vincenty, WGS 84) agrees with PostGIS's spheroid distance (GeographicLib) to 1 mm
SELECT round(iapt_ews.travel_distance('SRID=4326;POINT(-0.1276 51.5072)', 'SRID=4326;POINT(-2.2426 53.4808)')::numeric, 3) AS london_manchester_m,
       abs(iapt_ews.travel_distance('SRID=4326;POINT(-0.1276 51.5072)', 'SRID=4326;POINT(-2.2426 53.4808)')
           - ST_DistanceSpheroid('SRID=4326;POINT(-0.1276 51.5072)', 'SRID=4326;POINT(-2.2426 53.4808)')) < 1e-3 AS agrees;
SELECT abs(iapt_ews.travel_distance('SRID=4326;POINT(0 0)', 'SRID=4326;POINT(179.5 0.5)')
           - ST_DistanceSpheroid('SRID=4326;POINT(0 0)', 'SRID=4326;POINT(179.5 0.5)')) < 0.005 * 2e7 AS near_antipodal_ok;
SELECT iapt_ews.travel_distance('SRID=4326;POINT(1 2)', 'SRID=4326;POINT(1 2)') AS same_point;
SELECT iapt_ews.travel_distance(NULL, 'SRID=27700;POINT(0 0)') IS NULL AS null_in_null_out;
SELECT iapt_ews.travel_distance('SRID=27700;POINT EMPTY', 'SRID=27700;POINT(0 0)') IS NULL AS empty_point;
-- bad input
SELECT iapt_ews.travel_distance('SRID=27700;POINT(0 0)', 'SRID=27700;POINT(1 1)', 0.9);
SELECT iapt_ews.travel_distance('SRID=27700;POINT(0 0)', 'SRID=27700;POINT(1 1)', 'NaN');
SELECT iapt_ews.travel_distance('SRID=27700;POINT(0 0)', 'SRID=4326;POINT(1 1)');
SELECT iapt_ews.travel_distance('SRID=27700;POLYGON((0 0,1 0,1 1,0 0))', 'SRID=27700;POINT(1 1)');
SELECT iapt_ews.travel_distance('POINT(0 0)', 'POINT(1 1)');
SELECT iapt_ews.travel_distance('SRID=2263;POINT(0 0)', 'SRID=2263;POINT(1 1)');
SELECT iapt_ews.travel_distance('SRID=4326;POINT(0 91)', 'SRID=4326;POINT(1 1)');

-- ---------------------------------------------------------------------------
-- access_scores on a fixture small enough to compute by hand
--
--   areas (27700): A1 (0,0) pop 100; A2 (1000,0) pop 200; A3 (3000,0) pop 300;
--                  A5 (100000,0) pop 50; A6 (0,1000) pop NULL (counts 0);
--                  A7 NULL geometry (skipped, NOTICE)
--   sites:         S2 (2000,0) cap 20; S1 (0,0) cap 10; S3 (50000,50000) cap 5
--   catchment d0 = 3000 m, so d0/3 = 1000 and 2 d0/3 = 2000 (step bands).
--
-- Ties: A2 is 1000 m from S1 and from S2: the lowest id, S1, is nearest.
-- Boundary: A3 is exactly d0 from S1: within (sites_within counts it), with
-- weight 0 (gaussian), 0.22 (step), 1 (none). A2-S1 is exactly d0/3 (step
-- weight 1), A1-S2 exactly 2 d0/3 (step weight 0.68).
-- Nobody reaches S3: R = 0. A5 reaches nothing: e2sfca 0, nearest S3 (70710.678 m).
--
-- decay 'none' by hand: S1 reaches A1, A2, A3, A6: R1 = 10 / 600 = 1/60;
-- S2 reaches A1, A2, A3, A6: R2 = 20 / 600 = 1/30; every area reaching both
-- scores 1/60 + 1/30 = 0.05.
--
-- Python (independent):
--   def W(kind, d, d0):
--       if d > d0: return 0.0
--       if kind == "none": return 1.0
--       if kind == "gaussian": e = exp(-0.5); return (exp(-0.5*(d/d0)**2) - e) / (1 - e)
--       return 1.0 if d <= d0/3 else 0.68 if d <= 2*d0/3 else 0.22
--   R[s] = cap[s] / sum(pop[a] * W(d(a,s))) (0 if that is 0); score[a] = sum(R[s] * W(d(a,s)))
--   gaussian: A1 0.05722933892870655  A2 0.0675462207623266  A3 0.0358927398488801
--             A5 0.0  A6 0.04761397534400988
--   step:     A1 0.051266066343415684 A2 0.0625336719772185  A3 0.041222196567382435
--             A5 0.0  A6 0.035068883244824135
--   gaussian, detour 1.5: A1 0.04161927018261795 A2 0.06919036490869103 A3 0.04
--             A5 0.0  A6 0.029190364908691025 (sites_within: 2, 2, 1, 0, 1)
-- ---------------------------------------------------------------------------
CREATE TABLE acc_area (id text, geom geometry, population integer, imd_decile integer);
INSERT INTO acc_area VALUES
    ('A1', 'SRID=27700;POINT(0 0)', 100, 1),
    ('A2', 'SRID=27700;POINT(1000 0)', 200, 1),
    ('A3', 'SRID=27700;POINT(3000 0)', 300, 2),
    ('A5', 'SRID=27700;POINT(100000 0)', 50, 2),
    ('A6', 'SRID=27700;POINT(0 1000)', NULL, 3),
    ('A7', NULL, 10, 3);
CREATE TABLE acc_site (id text, geom geometry, capacity float8);
INSERT INTO acc_site VALUES
    ('S2', 'SRID=27700;POINT(2000 0)', 20),
    ('S1', 'SRID=27700;POINT(0 0)', 10),
    ('S3', 'SRID=27700;POINT(50000 50000)', 5);

SELECT area_id, population, nearest_site_id, round(nearest_distance_m::numeric, 3) AS nearest_m,
       sites_within, round(e2sfca::numeric, 12) AS e2sfca
FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT * FROM acc_site', 3000, 'none');

CREATE TABLE acc_expected (decay text, detour float8, area_id text, e2sfca float8);
INSERT INTO acc_expected VALUES
    ('gaussian', 1, 'A1', 0.05722933892870655), ('gaussian', 1, 'A2', 0.0675462207623266),
    ('gaussian', 1, 'A3', 0.0358927398488801), ('gaussian', 1, 'A5', 0),
    ('gaussian', 1, 'A6', 0.04761397534400988),
    ('step', 1, 'A1', 0.051266066343415684), ('step', 1, 'A2', 0.0625336719772185),
    ('step', 1, 'A3', 0.041222196567382435), ('step', 1, 'A5', 0),
    ('step', 1, 'A6', 0.035068883244824135),
    ('none', 1, 'A1', 0.05), ('none', 1, 'A2', 0.05), ('none', 1, 'A3', 0.05),
    ('none', 1, 'A5', 0), ('none', 1, 'A6', 0.05),
    ('gaussian', 1.5, 'A1', 0.04161927018261795), ('gaussian', 1.5, 'A2', 0.06919036490869103),
    ('gaussian', 1.5, 'A3', 0.04), ('gaussian', 1.5, 'A5', 0),
    ('gaussian', 1.5, 'A6', 0.029190364908691025);

SET client_min_messages = warning;   -- the NULL geometry NOTICE is shown once above
SELECT e.decay, e.detour, e.area_id, s.nearest_site_id, s.nearest_distance_m, s.sites_within,
       abs(s.e2sfca - e.e2sfca) <= 1e-12 * greatest(1, abs(e.e2sfca)) AS e2sfca_ok
FROM acc_expected e
CROSS JOIN LATERAL iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT * FROM acc_site',
                                          3000, e.decay, e.detour) s
WHERE s.area_id = e.area_id
ORDER BY e.decay, e.detour, e.area_id;
RESET client_min_messages;

-- The default decay is gaussian; SRIDs other than 27700 work when projected in metres (UTM 30N).
SELECT count(*) FILTER (WHERE abs(s.e2sfca - e.e2sfca) <= 1e-12) AS gaussian_default_ok
FROM iapt_ews.access_scores('SELECT * FROM acc_area WHERE geom IS NOT NULL', 'SELECT * FROM acc_site', 3000) s
JOIN acc_expected e ON e.area_id = s.area_id AND e.decay = 'gaussian' AND e.detour = 1;
SELECT area_id, nearest_site_id, nearest_distance_m, sites_within
FROM iapt_ews.access_scores(
    'SELECT id, ST_SetSRID(geom, 32630) AS geom, population FROM acc_area WHERE geom IS NOT NULL',
    'SELECT id, ST_SetSRID(geom, 32630) AS geom, capacity FROM acc_site', 3000);

-- Extra columns, other column types and a trailing semicolon are fine.
SELECT count(*) FROM iapt_ews.access_scores(
    'SELECT id::varchar AS id, population::numeric AS population, geom, 1 AS extra FROM acc_area;  ',
    'SELECT id, geom, capacity::integer AS capacity FROM acc_site', 3000, 'step');

-- Empty inputs: no areas, no rows; no sites, every area without a site.
SELECT count(*) AS no_areas FROM iapt_ews.access_scores('SELECT * FROM acc_area WHERE false', 'SELECT * FROM acc_site', 3000);
SELECT area_id, nearest_site_id, nearest_distance_m, sites_within, e2sfca
FROM iapt_ews.access_scores('SELECT * FROM acc_area WHERE geom IS NOT NULL', 'SELECT * FROM acc_site WHERE false', 3000);
SELECT count(*) AS null_arguments FROM iapt_ews.access_scores(NULL, 'SELECT * FROM acc_site', 3000);

-- A larger random fixture against a plain SQL 2SFCA (the same formulas with ST_DWithin).
SELECT setseed(0.4);
CREATE TABLE acc_rand_area AS
    SELECT 'a' || g AS id, ST_SetSRID(ST_MakePoint(random() * 20000, random() * 20000), 27700) AS geom,
           (500 + random() * 2000)::integer AS population
    FROM generate_series(1, 400) g;
CREATE TABLE acc_rand_site AS
    SELECT 's' || lpad(g::text, 3, '0') AS id, ST_SetSRID(ST_MakePoint(round(random() * 40) * 500, round(random() * 40) * 500), 27700) AS geom,
           (1 + random() * 9)::float8 AS capacity
    FROM generate_series(1, 60) g;
WITH pair AS (
    SELECT a.id AS aid, s.id AS sid, a.population, s.capacity,
           1.25 * ST_Distance(a.geom, s.geom) AS d
    FROM acc_rand_area a JOIN acc_rand_site s ON ST_DWithin(a.geom, s.geom, 2500 / 1.25)
), w AS (
    SELECT *, CASE WHEN d <= 2500 THEN (exp(-0.5 * (d / 2500) ^ 2) - exp(-0.5)) / (1 - exp(-0.5)) ELSE 0 END AS w
    FROM pair
), r AS (
    SELECT sid, capacity / NULLIF(sum(population * w), 0) AS r FROM w GROUP BY sid, capacity
), plain AS (
    SELECT a.id, COALESCE(sum(COALESCE(r.r, 0) * w.w), 0) AS e2sfca, count(w.sid) FILTER (WHERE w.d <= 2500) AS within,
           (SELECT s.id FROM acc_rand_site s ORDER BY a.geom <-> s.geom, s.id COLLATE "C" LIMIT 1) AS nearest
    FROM acc_rand_area a LEFT JOIN w ON w.aid = a.id LEFT JOIN r ON r.sid = w.sid
    GROUP BY a.id, a.geom
)
SELECT count(*) AS areas,
       count(*) FILTER (WHERE abs(p.e2sfca - x.e2sfca) <= 1e-12 * greatest(1, p.e2sfca)) AS same_e2sfca,
       count(*) FILTER (WHERE p.within = x.sites_within) AS same_within,
       count(*) FILTER (WHERE p.nearest = x.nearest_site_id) AS same_nearest
FROM plain p
JOIN iapt_ews.access_scores('SELECT * FROM acc_rand_area', 'SELECT * FROM acc_rand_site', 2500, 'gaussian', 1.25) x
  ON x.area_id = p.id;

-- Nearest site by the expanding ring search alone: a catchment of 1 mm over a
-- 20 km extent (the grid is capped and its cells widened), against KNN in SQL.
SELECT count(*) AS areas,
       count(*) FILTER (WHERE x.nearest_site_id = (SELECT s.id FROM acc_rand_site s
                                                   ORDER BY a.geom <-> s.geom, s.id COLLATE "C" LIMIT 1)) AS same_nearest,
       count(*) FILTER (WHERE x.sites_within = (SELECT count(*) FROM acc_rand_site s WHERE ST_Equals(s.geom, a.geom))) AS same_within
FROM acc_rand_area a
JOIN iapt_ews.access_scores('SELECT * FROM acc_rand_area', 'SELECT * FROM acc_rand_site', 0.001) x ON x.area_id = a.id;

-- search_path: the caller's queries run with the caller's path, so the
-- caller's own table "site" is read, not the extension's iapt_ews.site.
CREATE SCHEMA acc_other;
CREATE TABLE acc_other.site AS SELECT * FROM acc_site;
SET search_path = acc_other, public;
SELECT count(*) FROM iapt_ews.access_scores('SELECT * FROM acc_area WHERE geom IS NOT NULL', 'SELECT * FROM site', 3000);
SELECT count(*) FROM iapt_ews.access_scores('SELECT * FROM acc_area WHERE geom IS NOT NULL', 'SELECT * FROM acc_other.site', 3000);
RESET search_path;

-- ---------------------------------------------------------------------------
-- bad input (ERROR text locked here)
-- ---------------------------------------------------------------------------
SELECT * FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT * FROM acc_site', 0);
SELECT * FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT * FROM acc_site', -5);
SELECT * FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT * FROM acc_site', 'Infinity');
SELECT * FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT * FROM acc_site', 3000, 'linear');
SELECT * FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT * FROM acc_site', 3000, 'gaussian', 0.5);
SELECT * FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT id, ST_SetSRID(geom, 3857) AS geom, capacity FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores(
    'SELECT id, ST_Transform(geom, 4326) AS geom, population FROM acc_area',
    'SELECT id, ST_Transform(geom, 4326) AS geom, capacity FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores(
    'SELECT id, ST_SetSRID(geom, 0) AS geom, population FROM acc_area',
    'SELECT id, ST_SetSRID(geom, 0) AS geom, capacity FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores(
    'SELECT id, ST_SetSRID(geom, 2263) AS geom, population FROM acc_area',
    'SELECT id, ST_SetSRID(geom, 2263) AS geom, capacity FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT id, geom FROM acc_area', 'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT * FROM acc_area', 'SELECT id, geom FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT id, population FROM acc_area', 'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT geom, population FROM acc_area', 'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT id, ST_AsText(geom) AS geom, population FROM acc_area', 'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores(
    'SELECT id, ST_Buffer(geom, 10) AS geom, population FROM acc_area', 'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores(
    $$SELECT id, geom, population FROM acc_area UNION ALL SELECT 'X', 'SRID=3857;POINT(0 0)', 1$$,
    'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT NULL::text AS id, geom, population FROM acc_area', 'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT id, geom, -population AS population FROM acc_area', 'SELECT * FROM acc_site', 3000);
SELECT * FROM iapt_ews.access_scores('SELECT * FROM no_such_table', 'SELECT * FROM acc_site', 3000);

-- ---------------------------------------------------------------------------
-- best_new_sites
--
--   areas on a line: B0 (0,0) pop 100; B1 (10000,0) pop 100; B2 (20000,0) pop 200
--   existing site E (0,0): nearest distances 0, 10000, 20000
--   candidates: k10 (10000,0), k15 (15000,0), k20 (20000,0), j20 (20000,0)
-- Step 1 gains (population x distance saved): k10 100*10000 + 200*10000 = 3e6;
--   k15 100*5000 + 200*15000 = 3.5e6; k20 and j20 200*20000 = 4e6: a tie, j20
--   (lowest id) wins. Distances then 0, 10000, 0: mean 100*10000/400 = 2500.
-- Step 2: k10 saves 1e6, k15 5e5, k20 0: k10; mean 0.
-- Step 3: every gain is 0: the lowest id left, k15; step 4: k20.
-- With no existing site, step 1 is the 1-median: every candidate costs 3e6
-- (population x distance), j20 by id; step 2: k10 saves 100*10000 + 100*10000;
-- mean 100*10000/400 = 2500.
-- ---------------------------------------------------------------------------
CREATE TABLE bns_area (id text, geom geometry, population float8);
INSERT INTO bns_area VALUES ('B0', 'SRID=27700;POINT(0 0)', 100), ('B1', 'SRID=27700;POINT(10000 0)', 100),
                            ('B2', 'SRID=27700;POINT(20000 0)', 200);
CREATE TABLE bns_cand (id text, geom geometry);
INSERT INTO bns_cand VALUES ('k10', 'SRID=27700;POINT(10000 0)'), ('k15', 'SRID=27700;POINT(15000 0)'),
                            ('k20', 'SRID=27700;POINT(20000 0)'), ('j20', 'SRID=27700;POINT(20000 0)');
SELECT * FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', $$SELECT 'E' AS id, 'SRID=27700;POINT(0 0)'::geometry AS geom$$,
                                      'SELECT * FROM bns_cand', 5);
SELECT * FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', $$SELECT 'E' AS id, 'SRID=27700;POINT(0 0)'::geometry AS geom$$,
                                      'SELECT * FROM bns_cand', 1, 1.2);  -- 2500 x 1.2 = 3000
SELECT * FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', 'SELECT * FROM bns_cand WHERE false',
                                      'SELECT * FROM bns_cand', 2);
SELECT count(*) AS no_candidates FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', 'SELECT * FROM bns_cand',
                                      'SELECT * FROM bns_cand WHERE false', 2);
SELECT count(*) AS k_zero FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', 'SELECT * FROM bns_cand',
                                      'SELECT * FROM bns_cand', 0);
SELECT * FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', 'SELECT * FROM bns_cand', 'SELECT * FROM bns_cand', -1);
SELECT * FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', 'SELECT * FROM bns_cand', 'SELECT * FROM bns_cand', 1, 0.99);
SELECT * FROM iapt_ews.best_new_sites('SELECT * FROM bns_area', 'SELECT * FROM bns_cand',
                                      'SELECT id, ST_Transform(geom, 4326) AS geom FROM bns_cand', 1);
SELECT * FROM iapt_ews.best_new_sites('SELECT id, geom FROM bns_area', 'SELECT * FROM bns_cand', 'SELECT * FROM bns_cand', 1);

-- Greedy against brute force on the random fixture: existing sites s001-s010,
-- candidates the other 50, three steps; the plain SQL recomputes the total
-- population x nearest distance for every candidate at every step.
CREATE TABLE bns_d AS
    SELECT a.id AS aid, a.population, c.id AS cid, ST_Distance(a.geom, c.geom) AS d
    FROM acc_rand_area a CROSS JOIN acc_rand_site c;
CREATE TABLE bns_cur AS
    SELECT aid, population, min(d) AS cur FROM bns_d WHERE cid <= 's010' GROUP BY aid, population;
CREATE TABLE bns_plain (step integer, site_id text, mean_distance_m float8);
DO $$
DECLARE
    best text;
BEGIN
    FOR step IN 1 .. 3 LOOP
        SELECT d.cid INTO best FROM bns_d d JOIN bns_cur c USING (aid)
        WHERE d.cid > 's010' AND d.cid NOT IN (SELECT site_id FROM bns_plain)
        GROUP BY d.cid ORDER BY sum(c.population * least(c.cur, d.d)), d.cid LIMIT 1;
        UPDATE bns_cur c SET cur = least(c.cur, d.d) FROM bns_d d WHERE d.aid = c.aid AND d.cid = best;
        INSERT INTO bns_plain SELECT step, best, sum(population * cur) / sum(population) FROM bns_cur;
    END LOOP;
END $$;
SELECT b.step, b.site_id = p.site_id AS same_site, abs(b.mean_distance_m - p.mean_distance_m) < 1e-6 AS same_mean
FROM iapt_ews.best_new_sites('SELECT * FROM acc_rand_area', $$SELECT * FROM acc_rand_site WHERE id <= 's010'$$,
                             $$SELECT * FROM acc_rand_site WHERE id > 's010'$$, 3) b
JOIN bns_plain p USING (step)
ORDER BY step;

-- ---------------------------------------------------------------------------
-- best_new_sites_located: best_new_sites' choice with each chosen site's
-- name and place. Three real GP practices of Hammersmith and Fulham, as
-- data/england_gp_practices.csv.gz gives them (code, name, easting,
-- northing, latitude, longitude):
--   E85025 Cassidy Road Medical Centre (525164, 177115) 51.479154 -0.199015
--   E85128 Sands End Health Clinic     (525710, 176458) 51.473128 -0.191391
--   E85055 The Bush Doctors            (523721, 179829) 51.503862 -0.218833
-- Areas: L1 at Sands End, population 300; L2 at The Bush Doctors, 100.
-- Existing site: BASE at Cassidy Road. L1-BASE sqrt(546^2 + 657^2) =
-- 854.26284 m, L2-BASE sqrt(1443^2 + 2714^2) = 3073.76723 m; L1-Bush
-- Doctors and L2-Sands End are 3914.05 m, farther than BASE.
-- Step 1 gains: Sands End 300 x 854.26284 = 256278.9; The Bush Doctors
--   100 x 3073.76723 = 307376.7; Cassidy Road 0. The Bush Doctors; mean
--   300 x 854.26284 / 400 = 640.69713.
-- Step 2: Sands End; mean 0. Step 3: Cassidy Road, the one left; mean 0.
-- The latitude and longitude (ST_Transform to 4326) agree with the file's
-- within 0.00001 degrees (about a metre).
-- ---------------------------------------------------------------------------
CREATE TABLE bnl_practice (code text, name text, geom geometry, file_latitude float8, file_longitude float8);
INSERT INTO bnl_practice VALUES
    ('E85025', 'Cassidy Road Medical Centre', 'SRID=27700;POINT(525164 177115)', 51.479154, -0.199015),
    ('E85128', 'Sands End Health Clinic', 'SRID=27700;POINT(525710 176458)', 51.473128, -0.191391),
    ('E85055', 'The Bush Doctors', 'SRID=27700;POINT(523721 179829)', 51.503862, -0.218833);
CREATE TABLE bnl_area (id text, geom geometry, population float8);
INSERT INTO bnl_area VALUES ('L1', 'SRID=27700;POINT(525710 176458)', 300), ('L2', 'SRID=27700;POINT(523721 179829)', 100);
SELECT b.step, b.site_id, b.name, b.easting, b.northing, round(b.mean_distance_m::numeric, 5) AS mean_distance_m,
       abs(b.latitude - p.file_latitude) < 1e-5 AS latitude_as_file, abs(b.longitude - p.file_longitude) < 1e-5 AS longitude_as_file,
       ST_AsEWKT(b.geom) AS geom
FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', $$SELECT 'BASE' AS id, 'SRID=27700;POINT(525164 177115)'::geometry AS geom$$,
                                     'SELECT code AS id, name, geom FROM bnl_practice', 5) b
JOIN bnl_practice p ON p.code = b.site_id
ORDER BY b.step;
-- Without a name column, name is NULL; a name of another type is its text.
-- No existing site: the 1-median, Sands End (100 x 3914.05 = 391405, against
-- 563656 for Cassidy Road and 1174214 for The Bush Doctors).
SELECT step, site_id, name FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', 'SELECT * FROM bnl_area WHERE false',
                                                                 'SELECT code AS id, geom FROM bnl_practice', 1);
SELECT step, site_id, name FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', 'SELECT * FROM bnl_area WHERE false',
                                                                 'SELECT code AS id, 1000 + length(name) AS name, geom FROM bnl_practice', 1);
-- step, site_id and mean_distance_m are best_new_sites' own, on the random
-- fixture (three steps, ten existing sites, fifty candidates).
SELECT l.step, l.site_id = b.site_id AS same_site, l.mean_distance_m = b.mean_distance_m AS same_mean,
       l.easting = ST_X(s.geom) AND l.northing = ST_Y(s.geom) AS same_place, l.name IS NULL AS no_name
FROM iapt_ews.best_new_sites_located('SELECT * FROM acc_rand_area', $$SELECT * FROM acc_rand_site WHERE id <= 's010'$$,
                                     $$SELECT * FROM acc_rand_site WHERE id > 's010'$$, 3, 1.3) l
JOIN iapt_ews.best_new_sites('SELECT * FROM acc_rand_area', $$SELECT * FROM acc_rand_site WHERE id <= 's010'$$,
                             $$SELECT * FROM acc_rand_site WHERE id > 's010'$$, 3, 1.3) b USING (step)
JOIN acc_rand_site s ON s.id = l.site_id
ORDER BY l.step;
-- No candidates or k = 0: no rows. best_new_sites' errors are its own.
\set SHOW_CONTEXT never
SELECT count(*) AS no_candidates FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', 'SELECT * FROM bnl_area',
                                                                      'SELECT code AS id, geom FROM bnl_practice WHERE false', 2);
SELECT count(*) AS k_zero FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', 'SELECT * FROM bnl_area',
                                                               'SELECT code AS id, geom FROM bnl_practice', 0);
SELECT * FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', 'SELECT * FROM bnl_area',
                                              'SELECT code AS id, geom FROM bnl_practice', -1);
SELECT * FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', 'SELECT * FROM bnl_area',
                                              'SELECT code, geom FROM bnl_practice', 1);
-- candidates_sql is read again for the chosen ids: a chosen id in two rows
-- with a point is refused (a second row without a point, which
-- best_new_sites skipped, is not counted), and so is a query that no
-- longer returns a chosen id (here: The Bush Doctors, from the second
-- reading on).
SELECT * FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', $$SELECT 'BASE' AS id, 'SRID=27700;POINT(525164 177115)'::geometry AS geom$$,
    $$SELECT code AS id, name, geom FROM bnl_practice UNION ALL SELECT 'E85055', 'The Bush Doctors again', 'SRID=27700;POINT(0 0)'$$, 1);
SELECT step, site_id, name, easting, northing
FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', $$SELECT 'BASE' AS id, 'SRID=27700;POINT(525164 177115)'::geometry AS geom$$,
    $$SELECT code AS id, name, geom FROM bnl_practice UNION ALL SELECT 'E85055', 'No place', NULL::geometry$$, 1);
CREATE SEQUENCE bnl_reading;
SELECT * FROM iapt_ews.best_new_sites_located('SELECT * FROM bnl_area', $$SELECT 'BASE' AS id, 'SRID=27700;POINT(525164 177115)'::geometry AS geom$$,
    $$SELECT code AS id, name, geom FROM bnl_practice
      WHERE code <> (SELECT CASE WHEN nextval('bnl_reading') = 1 THEN '' ELSE 'E85055' END)$$, 1);
\set SHOW_CONTEXT errors
DROP SEQUENCE bnl_reading;
DROP TABLE bnl_practice, bnl_area;

-- ---------------------------------------------------------------------------
-- access_gap_by_decile on the hand fixture, catchment 3000, decay none
--   decile 1: A1, A2: population 300; decile 2: A3, A5: 350; decile 3: A6 (population 0; A7 skipped)
--   referrals: A1 6, A2 3, A3 2, A5 0, plus 2 in an unknown area (NOTICE)
--   rates per 100,000: d1 9/300 -> 3000, d2 2/350 -> 571.428571; d3 none (no population)
--   overall rate 11 / 650; expected: d1 300*11/650 = 5.076923, d2 5.923077
--   O/E d1 9/5.076923 = 1.772727; Byar lower 9 (1 - 1/81 - 1.96/(3*3))^3 / 5.076923
--   SII: ranks x1 = 150/650, x2 = (300 + 175)/650; two groups, so the slope is
--   (571.428571 - 3000) / 0.5 = -4857.142857; mean rate 11/650 x 100,000 = 1692.307692;
--   RII = -4857.142857 / 1692.307692 = -2.870130
-- ---------------------------------------------------------------------------
CREATE TABLE acc_ref (area_id text, referrals integer);
INSERT INTO acc_ref VALUES ('A1', 6), ('A2', 3), ('A3', 2), ('ZZ', 2);
SELECT imd_decile, areas, population, referrals, round(referrals_per_100k::numeric, 3) AS per_100k,
       round(expected_referrals::numeric, 6) AS expected, round(observed_expected::numeric, 6) AS o_e,
       round(oe_lower95::numeric, 6) AS lower95, round(oe_upper95::numeric, 6) AS upper95,
       round(mean_nearest_distance_m::numeric, 3) AS mean_nearest_m,
       round(population_within_catchment_pct::numeric, 3) AS within_pct,
       round(mean_e2sfca::numeric, 9) AS mean_e2sfca,
       round(sii_referrals_per_100k::numeric, 6) AS sii, round(rii_referrals::numeric, 6) AS rii
FROM iapt_ews.access_gap_by_decile('SELECT * FROM acc_area', 'SELECT * FROM acc_ref', 'SELECT * FROM acc_site', 3000, 'none');

-- The report's O/E and limits are observed_expected_interval's (C,
-- src/observed_expected.c). Against Byar's formula worked independently in
-- numeric to 30 places: every value within 1e-12. By hand (mpmath, 30
-- digits): O 0, E 2: 0, 0-1.834005916087 ((8/9 + z/3)^3 / 2); O 9, E
-- 300 x 11/650 (decile 1 above): 1.772727272727, 0.808931898669-3.365381044712;
-- O 1, E 1: 0.013072132902-5.563755582475; O 100, E 80: 1.25,
-- 1.017026318632-1.520349219740.
WITH v(o, e) AS (VALUES (0::float8, 2::float8), (9, 300 * 11 / 650::float8), (1, 1), (100, 80), (2.5, 0.5)),
     worked AS (
    SELECT o, e, z, o::numeric(60, 30) AS obs, (o + 1)::numeric(60, 30) AS o1
    FROM v, (SELECT 1.959963984540054::numeric(60, 30) AS z) c)
SELECT w.o, round(w.e::numeric, 6) AS e, round(i.ratio::numeric, 12) AS ratio,
       round(i.ci_low::numeric, 12) AS ci_low, round(i.ci_high::numeric, 12) AS ci_high,
       i.ratio = w.o / w.e AS ratio_exact,
       abs(i.ci_low::numeric - CASE WHEN w.o = 0 THEN 0
                                    ELSE w.obs * power(1 - 1 / (9 * w.obs) - w.z / (3 * sqrt(w.obs)), 3) END
                               / w.e::numeric) < 1e-12 AS low_agrees,
       abs(i.ci_high::numeric - w.o1 * power(1 - 1 / (9 * w.o1) + w.z / (3 * sqrt(w.o1)), 3) / w.e::numeric) < 1e-12
           AS high_agrees
FROM worked w, iapt_ews.observed_expected_interval(w.o, w.e) i
ORDER BY w.o, w.e;
-- Nothing expected: a row of NULLs. A negative or non-finite count: 22023.
SELECT iapt_ews.observed_expected_interval(3, 0)::text AS nothing_expected;
SELECT * FROM iapt_ews.observed_expected_interval(-1, 2);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM iapt_ews.observed_expected_interval(1, -2);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM iapt_ews.observed_expected_interval('NaN', 2);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM iapt_ews.observed_expected_interval(1, 'Infinity');
\echo :LAST_ERROR_SQLSTATE

-- ---------------------------------------------------------------------------
-- iapt_ews.max_input_memory: the memory context of one call, as
-- MemoryContextMemAllocated() reports it, is held against the limit whenever
-- an array grows. By hand (PostgreSQL 15 AllocSet, 64-bit): the context
-- starts with its 8192-byte block; a chunk over 8192 bytes gets a block of
-- its own of its size + 56 (40 of block header, 16 of chunk header). Each
-- query has one chunk of 33 bytes a point of capacity (1024, doubling) and
-- one of id text (16384 bytes, doubling); an id takes 4 + length + 1 bytes
-- rounded up to 4: 'A1'-'A99' 8, 'A100'-'A10000' 12.
--   10,000 areas: capacity 16384 (540,672 + 56) and ids 9 x 8 + 90 x 8 +
--   9,901 x 12 = 119,604 in 131,072 (+ 56): with the first block 680,048.
--   sites: 33,792 + 56 and 16,384 + 56 at the start: 730,336. Their ids pass
--   16,384 bytes at row 1,399 (792 + 10,800 for rows 1-999, then 12 a row:
--   11,592 + 12 x 400 = 16,392), 32,768 at row 2,764 (k = 1,765: 32,772) and
--   65,536 at row 5,495 (k = 4,496: 65,544); the points double at rows 1,025,
--   2,049 and 4,097. So: 730,336 + 33,792 (row 1,025) + 16,384 (1,399) +
--   67,584 (2,049) + 32,768 (2,764) + 135,168 (4,097) = 1,016,032, under
--   1 MB = 1,048,576; at row 5,495 the ids grow by 65,536 to 1,081,568 bytes
--   = 1056 kB, past it, after 5,494 stored rows: the error names sites_sql.
-- ---------------------------------------------------------------------------
SELECT name, setting, unit, context, short_desc FROM pg_settings WHERE name = 'iapt_ews.max_input_memory';
SET iapt_ews.max_input_memory = '1MB';
SELECT count(*) FROM iapt_ews.access_scores(
    $$SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(i, 0), 27700) AS geom, 1 AS population FROM generate_series(1, 10000) i$$,
    $$SELECT 'S1' AS id, ST_SetSRID(ST_MakePoint(0, 0), 27700) AS geom, 1 AS capacity$$, 1000);
SELECT count(*) FROM iapt_ews.access_scores(
    $$SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(i, 0), 27700) AS geom, 1 AS population FROM generate_series(1, 10000) i$$,
    $$SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint(i, 0), 27700) AS geom, 1 AS capacity FROM generate_series(1, 10000) i$$, 1000);
-- Step 1's decay weights are kept for step 2 while they fit; past the limit
-- step 2 computes them again, with the same answer. 100 areas and 100 sites
-- 100 m apart, catchment 1500 m: every one of the 10,000 pairs is within
-- (the farthest is sqrt(950^2 + 930^2) = 1329 m), so keeping them takes
-- 12 bytes a pair, 120,000 bytes and more with doubling, past 200 kB with
-- the points (about 110 kB, by the arithmetic above) and grid; the DEBUG
-- line shows the second way was taken.
CREATE TEMP TABLE grid_areas AS SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(i % 10 * 100, i / 10 * 100), 27700) AS geom, i AS population FROM generate_series(0, 99) i;
CREATE TEMP TABLE grid_sites AS SELECT 'S' || i AS id, ST_SetSRID(ST_MakePoint(i % 10 * 100 + 50, i / 10 * 100 + 30), 27700) AS geom, 1 + i % 3 AS capacity FROM generate_series(0, 99) i;
CREATE TEMP TABLE weights_kept AS
    SELECT * FROM iapt_ews.access_scores('SELECT * FROM grid_areas', 'SELECT * FROM grid_sites', 1500, 'gaussian');
CREATE TEMP TABLE weights_again AS SELECT * FROM weights_kept WITH NO DATA;
SET iapt_ews.max_input_memory = '200kB';
SET client_min_messages = debug1;
INSERT INTO weights_again
    SELECT * FROM iapt_ews.access_scores('SELECT * FROM grid_areas', 'SELECT * FROM grid_sites', 1500, 'gaussian');
RESET client_min_messages;
RESET iapt_ews.max_input_memory;
SELECT count(*) AS areas, sum(k.sites_within) AS pairs,
       count(*) FILTER (WHERE (k.*)::text IS DISTINCT FROM (a.*)::text) AS differing
FROM weights_kept k JOIN weights_again a USING (area_id);
SET iapt_ews.max_input_memory = '10kB';
RESET iapt_ews.max_input_memory;
SHOW iapt_ews.max_input_memory;
-- Only a superuser, or a role granted SET on the parameter, may change it:
-- an analyst cannot lift the DBA's limit, in either direction.
CREATE ROLE acc_analyst;
SET ROLE acc_analyst;
SET iapt_ews.max_input_memory = '4GB';
SET iapt_ews.max_input_memory = '1MB';
SHOW iapt_ews.max_input_memory;
RESET ROLE;
GRANT SET ON PARAMETER iapt_ews.max_input_memory TO acc_analyst;
SET ROLE acc_analyst;
SET iapt_ews.max_input_memory = '4GB';
SHOW iapt_ews.max_input_memory;
RESET iapt_ews.max_input_memory;
RESET ROLE;
REVOKE SET ON PARAMETER iapt_ews.max_input_memory FROM acc_analyst;
DROP ROLE acc_analyst;
