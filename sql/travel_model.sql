-- Minutes without a matrix: the travel-time model travel_minutes, its fit
-- fit_travel_time_model (core extension) and access_scores_minutes
-- (iapt_ews_postgis). Values worked by hand, the fit against closed-form
-- least squares in plain SQL, every bad input, and the Devon routed car
-- times of data/devon_lsoa21_to_miu_car_minutes.csv.gz: the defaults are
-- fitted on about a fifth of the LSOAs and tested on the rest.
SET extra_float_digits = 0;

-- ---------------------------------------------------------------------------
-- travel_minutes = fixed_minutes + 60 * distance_m / (1000 * speed_kmh).
-- By hand: 0 m takes the fixed 6.9 minutes; at 45.4 km/h 4,540 m takes 6
-- minutes more (12.9); 1 km at 30 km/h takes 2 minutes, plus 2 fixed = 4;
-- 10 km at 60 km/h, no fixed time, 10 minutes.
-- ---------------------------------------------------------------------------
SELECT iapt_ews.travel_minutes(0) AS at_0_m, iapt_ews.travel_minutes(4540) AS at_4540_m,
       iapt_ews.travel_minutes(1000, 2, 30) AS km_at_30, iapt_ews.travel_minutes(10000, 0, 60) AS ten_km_at_60,
       iapt_ews.travel_minutes(NULL) IS NULL AS strict;
-- The defaults, as the catalogue holds them (access_scores_minutes has the same).
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p WHERE p.pronamespace = 'iapt_ews'::regnamespace
  AND p.proname IN ('travel_minutes', 'fit_travel_time_model', 'access_scores_minutes') ORDER BY 1;

-- ---------------------------------------------------------------------------
-- fit_travel_time_model on three pairs, by hand: (0 m, 5), (3000 m, 8),
-- (6000 m, 14). Means 3000 m and 9 minutes; Sxx = 3000^2 + 0 + 3000^2 =
-- 18e6, Sxy = (-3000)(-4) + 0 + 3000 x 5 = 27000; slope 27000 / 18e6 =
-- 0.0015 minutes a metre (1.5 a km: 40 km/h), fixed 9 - 0.0015 x 3000 =
-- 4.5. Fitted 4.5, 9, 13.5: errors 0.5, 1, 0.5; median 0.5; 90th
-- percentile (as percentile_cont) at position 0.9 x 2 = 1.8 of 0.5, 0.5, 1:
-- 0.5 + 0.8 x 0.5 = 0.9.
-- ---------------------------------------------------------------------------
SELECT fixed_minutes, speed_kmh, pairs, median_error_minutes, p90_error_minutes
FROM iapt_ews.fit_travel_time_model($$SELECT * FROM (VALUES (0, 5), (3000, 8), (6000, 14)) v(distance_m, minutes)$$);
-- Any numeric types, extra columns ignored, a trailing semicolon allowed;
-- a row with a NULL is skipped, with a NOTICE (here: the same three pairs).
SELECT fixed_minutes, speed_kmh, pairs
FROM iapt_ews.fit_travel_time_model($$SELECT 'x' AS label, d::numeric AS distance_m, m::real AS minutes
    FROM (VALUES (0, 5), (3000, 8), (NULL, 9), (6000, 14), (7000, NULL)) v(d, m);$$);
-- STRICT: a NULL text gives NULL
SELECT (iapt_ews.fit_travel_time_model(NULL)).pairs IS NULL AS strict;

-- ---------------------------------------------------------------------------
-- access_scores_minutes on a fixture worked by hand: fixed 5 minutes, 30
-- km/h (2 minutes a km), one site S1 at the origin, areas of 100 people at
-- 0, 3, 5 and 6 km: 5, 11, 15 and 17 minutes. Catchment 15 minutes: A1, A2
-- and A3 within (15 <= 15), A4 not; the step bands end at 5, 10 and 15
-- minutes, so the weights are 1, 0.22, 0.22 (11 is past 10), and S1's
-- demand 100 + 22 + 22 = 144: A1 1/144 = 0.00694444, A2 and A3 0.22/144 =
-- 0.00152778, A4 0. The nearest site is S1 for all, A4's at 17 minutes.
-- ---------------------------------------------------------------------------
CREATE TABLE t_area AS
SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(500000 + km * 1000, 200000), 27700) AS geom, 100 AS population
FROM unnest(ARRAY[0, 3, 5, 6]) WITH ORDINALITY u(km, i);
CREATE TABLE t_site AS SELECT 'S1' AS id, ST_SetSRID(ST_MakePoint(500000, 200000), 27700) AS geom, 1 AS capacity;
SELECT area_id, population, nearest_site_id, nearest_minutes, sites_within, round(e2sfca::numeric, 8) AS e2sfca
FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 15, 'step', 5, 30);
-- The same catchment in metres ((15 - 5) minutes at 30 km/h = 5 km) gives
-- the same sites within, and with no decay the same scores.
SELECT m.area_id, m.sites_within = d.sites_within AS same_within, m.e2sfca = d.e2sfca AS same_2sfca_no_decay
FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 15, 'none', 5, 30) m
JOIN iapt_ews.access_scores('SELECT * FROM t_area', 'SELECT * FROM t_site', 5000, 'none') d USING (area_id);
-- The default decay is gaussian, the defaults of the model travel_minutes':
-- A2 at 3 km is 6.9 + 3.964758 = 10.864758 minutes.
SELECT area_id, round(nearest_minutes::numeric, 6) AS nearest_minutes,
       round(iapt_ews.travel_minutes(3000)::numeric, 6) AS travel_minutes_3_km, sites_within
FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 15) WHERE area_id = 'A2';

-- ---------------------------------------------------------------------------
-- Bad input: each a clear error; first the SQLSTATE of each, then the
-- messages, which name the value and what was expected
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.sqlstate_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
CREATE TEMP TABLE bad_call (label text, query text);
INSERT INTO bad_call VALUES
('travel_minutes: negative distance', $$SELECT iapt_ews.travel_minutes(-1)$$),
('travel_minutes: NaN distance', $$SELECT iapt_ews.travel_minutes('NaN')$$),
('travel_minutes: infinite distance', $$SELECT iapt_ews.travel_minutes('Infinity')$$),
('travel_minutes: negative fixed', $$SELECT iapt_ews.travel_minutes(1000, -0.5)$$),
('travel_minutes: NaN fixed', $$SELECT iapt_ews.travel_minutes(1000, 'NaN')$$),
('travel_minutes: speed 0', $$SELECT iapt_ews.travel_minutes(1000, 5, 0)$$),
('travel_minutes: negative speed', $$SELECT iapt_ews.travel_minutes(1000, 5, -30)$$),
('travel_minutes: infinite speed', $$SELECT iapt_ews.travel_minutes(1000, 5, 'Infinity')$$),
('fit: no pairs', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1.0 AS distance_m, 2.0 AS minutes WHERE false')$$),
('fit: one pair', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1000 AS distance_m, 8 AS minutes')$$),
('fit: two rows, one with a NULL', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 8), (2000, NULL)) v(distance_m, minutes)')$$),
('fit: one distance', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1000 AS distance_m, i AS minutes FROM generate_series(5, 9) i')$$),
('fit: negative distance', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 8), (-2000, 10)) v(distance_m, minutes)')$$),
('fit: NaN minutes', $$SELECT * FROM iapt_ews.fit_travel_time_model($q$SELECT * FROM (VALUES (1000, 8), (2000, 'NaN'::float8)) v(distance_m, minutes)$q$)$$),
('fit: infinite distance', $$SELECT * FROM iapt_ews.fit_travel_time_model($q$SELECT * FROM (VALUES (1000, 8), ('Infinity'::float8, 10)) v(distance_m, minutes)$q$)$$),
('fit: negative minutes', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 8), (2000, -10)) v(distance_m, minutes)')$$),
('fit: minutes fall with distance', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 12), (2000, 10), (3000, 9)) v(distance_m, minutes)')$$),
('fit: minutes flat', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 12), (2000, 12)) v(distance_m, minutes)')$$),
('fit: negative fixed time', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 1), (2000, 5)) v(distance_m, minutes)')$$),
('fit: no minutes column', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1000 AS distance_m, 8 AS time')$$),
('fit: no distance_m column', $$SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1000 AS distance, 8 AS minutes')$$),
('fit: not a query', $$SELECT * FROM iapt_ews.fit_travel_time_model('DELETE FROM t_area')$$),
('access_scores_minutes: catchment 0', $$SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 0)$$),
('access_scores_minutes: catchment NaN', $$SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 'NaN')$$),
('access_scores_minutes: catchment within fixed', $$SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 5, 'step', 5, 30)$$),
('access_scores_minutes: speed 0', $$SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 15, 'step', 5, 0)$$),
('access_scores_minutes: negative fixed', $$SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 15, 'step', -5, 30)$$),
('access_scores_minutes: unknown decay', $$SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 15, 'linear')$$);
SET client_min_messages = warning;
SELECT label, pg_temp.sqlstate_of(query) AS sqlstate FROM bad_call;
RESET client_min_messages;
-- and their messages
SELECT iapt_ews.travel_minutes(-1);
SELECT iapt_ews.travel_minutes(1000, 'NaN');
SELECT iapt_ews.travel_minutes(1000, 5, 0);
SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1000 AS distance_m, 8 AS minutes');
SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1000 AS distance_m, i AS minutes FROM generate_series(5, 9) i');
SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 8), (-2000, 10)) v(distance_m, minutes)');
SELECT * FROM iapt_ews.fit_travel_time_model($q$SELECT * FROM (VALUES (1000, 8), (2000, 'NaN'::float8)) v(distance_m, minutes)$q$);
SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 12), (2000, 10), (3000, 9)) v(distance_m, minutes)');
SELECT * FROM iapt_ews.fit_travel_time_model('SELECT * FROM (VALUES (1000, 1), (2000, 5)) v(distance_m, minutes)');
SELECT * FROM iapt_ews.fit_travel_time_model('SELECT 1000 AS distance_m, 8 AS time');
SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 'NaN');
SELECT * FROM iapt_ews.access_scores_minutes('SELECT * FROM t_area', 'SELECT * FROM t_site', 5, 'step', 5, 30);

-- ---------------------------------------------------------------------------
-- Devon. The routed car minutes of data/devon_lsoa21_to_miu_car_minutes.csv.gz
-- (9999 = unreachable or over 120 minutes: left out), each LSOA at its 2011
-- population-weighted centroid of data/england_lsoa11.csv.gz (matched by
-- name, as sql/access_matrix.sql does; British National Grid), each unit
-- at its point of data/devon_minor_injury_units.geojson (WGS 84, turned
-- into British National Grid). Straight-line distance in metres.
--
-- The split is by a hash of the LSOA's name, so it is the same on every
-- machine: the LSOAs whose md5 begins with 0, 1 or 2 (3 of 16, about 19%)
-- calibrate, the rest test.
-- ---------------------------------------------------------------------------
\i test/fixtures/devon_matrix.sql
CREATE TABLE unit_json (doc text);
\copy unit_json FROM PROGRAM 'tr -d "\n" < data/devon_minor_injury_units.geojson' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
CREATE TABLE devon_unit AS
SELECT f->'properties'->>'Facility_Name' AS id,
       ST_Transform(ST_SetSRID(ST_MakePoint((f->'geometry'->'coordinates'->>0)::float8,
                                            (f->'geometry'->'coordinates'->>1)::float8), 4326), 27700) AS geom,
       1 AS capacity
FROM unit_json, jsonb_array_elements(doc::jsonb->'features') f;
CREATE TABLE devon_area AS
SELECT l.lsoa11nm AS id, ST_SetSRID(ST_MakePoint(l.easting, l.northing), 27700) AS geom, l.population,
       substr(md5(l.lsoa11nm), 1, 1) IN ('0', '1', '2') AS calibrates
FROM lsoa11 l WHERE l.lsoa11nm IN (SELECT area_id FROM devon_cost);
CREATE TABLE devon_pair AS
SELECT c.area_id, c.site_id, c.cost AS minutes, ST_Distance(a.geom, u.geom) AS distance_m, a.calibrates
FROM devon_cost c JOIN devon_area a ON a.id = c.area_id JOIN devon_unit u ON u.id = c.site_id;

SELECT (SELECT count(*) FROM devon_area) AS lsoas, (SELECT count(*) FROM devon_area WHERE calibrates) AS calibrating,
       (SELECT count(*) FROM devon_area WHERE NOT calibrates) AS testing,
       (SELECT count(*) FROM devon_unit) AS units,
       (SELECT count(*) FROM devon_unit u WHERE EXISTS (SELECT FROM devon_cost c WHERE c.site_id = u.id)) AS units_named_in_the_matrix,
       (SELECT count(*) FROM devon_pair) AS routed_pairs,
       (SELECT count(*) FROM devon_pair WHERE calibrates AND distance_m <= 20000) AS calibrating_pairs_within_20_km;

-- The fit. The model is a line and routed minutes are not: longer trips
-- reach faster roads, so a line through pairs of every length is too slow
-- at the short end and too fast at the long. The calibration therefore
-- uses the pairs within 20 km in a straight line, the range of the
-- questions asked of it (in Devon 95% of the LSOAs have their nearest unit
-- within 17 km, and a 30-minute catchment reaches about 18 km).
CREATE TABLE devon_fit AS
SELECT 'pairs within 20 km' AS fitted_on, f.*
FROM iapt_ews.fit_travel_time_model('SELECT distance_m, minutes FROM devon_pair WHERE calibrates AND distance_m <= 20000') f
UNION ALL
SELECT 'every pair', f.*
FROM iapt_ews.fit_travel_time_model('SELECT distance_m, minutes FROM devon_pair WHERE calibrates') f;
SELECT fitted_on, round(fixed_minutes::numeric, 2) AS fixed_minutes, round(speed_kmh::numeric, 2) AS speed_kmh, pairs,
       round(median_error_minutes::numeric, 2) AS median_error_minutes, round(p90_error_minutes::numeric, 2) AS p90_error_minutes
FROM devon_fit;
-- The defaults of travel_minutes are this fit, to one decimal place.
SELECT round(fixed_minutes::numeric, 1) = 6.9 AS fixed_is_the_default, round(speed_kmh::numeric, 1) = 45.4 AS speed_is_the_default
FROM devon_fit WHERE fitted_on = 'pairs within 20 km';

-- Against closed-form least squares written out in plain SQL (the normal
-- equations in raw sums: b = (n Sxy - Sx Sy) / (n Sxx - Sx^2), a = (Sy - b
-- Sx) / n) and the errors' quantiles by percentile_cont: the same to 1e-9.
WITH p AS (SELECT distance_m AS x, minutes AS y FROM devon_pair WHERE calibrates AND distance_m <= 20000),
s AS (SELECT count(*) AS n, sum(x) AS sx, sum(y) AS sy, sum(x * x) AS sxx, sum(x * y) AS sxy FROM p),
line AS (SELECT (n * sxy - sx * sy) / (n * sxx - sx * sx) AS b, n, sx, sy FROM s),
model AS (SELECT (sy - b * sx) / n AS a, 60 / (1000 * b) AS speed, n FROM line),
err AS (SELECT abs(p.y - (m.a + p.x * 60 / (1000 * m.speed))) AS e FROM p, model m)
SELECT abs(f.fixed_minutes - m.a) < 1e-9 AS same_fixed, abs(f.speed_kmh - m.speed) < 1e-9 AS same_speed,
       f.pairs = m.n AS same_pairs,
       abs(f.median_error_minutes - (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY e) FROM err)) < 1e-9 AS same_median,
       abs(f.p90_error_minutes - (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY e) FROM err)) < 1e-9 AS same_p90
FROM devon_fit f, model m WHERE f.fitted_on = 'pairs within 20 km';

-- ---------------------------------------------------------------------------
-- The test: the LSOAs that did not calibrate. The calibrated defaults
-- through access_scores_minutes against the routed matrix through
-- access_scores_matrix, per testing LSOA: the same fastest unit (the
-- routed nearest, or one of the routed units tied at the least minutes),
-- and the same answer to "is there a unit within T minutes" for T = 15,
-- 30 and 45 (the population_within_catchment question). The thresholds
-- are the issue's: 90% nearest, 85% at 15 minutes, 95% at 30.
-- ---------------------------------------------------------------------------
SET client_min_messages = warning;
CREATE TABLE devon_by_model AS
SELECT c.t, s.*
FROM unnest(ARRAY[15, 30, 45]::float8[]) c(t),
     LATERAL iapt_ews.access_scores_minutes('SELECT id, geom, population FROM devon_area',
                                            'SELECT id, geom, capacity FROM devon_unit', c.t) s;
CREATE TABLE devon_by_matrix AS
SELECT c.t, s.*
FROM unnest(ARRAY[15, 30, 45]::float8[]) c(t),
     LATERAL iapt_ews.access_scores_matrix('SELECT id, population FROM devon_area', 'SELECT id, capacity FROM devon_unit',
                                           'SELECT area_id, site_id, cost FROM devon_cost', c.t) s;
RESET client_min_messages;
CREATE TABLE devon_fastest AS
SELECT area_id, min(minutes) AS minutes, array_agg(site_id ORDER BY site_id) FILTER (WHERE rank = 1) AS units
FROM (SELECT p.*, rank() OVER (PARTITION BY area_id ORDER BY minutes) AS rank FROM devon_pair p) r GROUP BY area_id;
-- One row a testing LSOA: the model's answers and the matrix's.
CREATE TABLE devon_test AS
SELECT m.area_id, m.nearest_site_id, m.nearest_minutes, r.nearest_cost AS routed_minutes, f.units AS fastest_units,
       bool_and(((m.sites_within > 0) = (r.sites_within > 0))) FILTER (WHERE m.t = 15) AS same_15,
       bool_and(((m.sites_within > 0) = (r.sites_within > 0))) FILTER (WHERE m.t = 30) AS same_30,
       bool_and(((m.sites_within > 0) = (r.sites_within > 0))) FILTER (WHERE m.t = 45) AS same_45
FROM devon_by_model m
JOIN devon_by_matrix r ON r.area_id = m.area_id AND r.t = m.t
JOIN devon_fastest f ON f.area_id = m.area_id
JOIN devon_area a ON a.id = m.area_id
WHERE NOT a.calibrates
GROUP BY m.area_id, m.nearest_site_id, m.nearest_minutes, r.nearest_cost, f.units;
SELECT count(*) AS testing_lsoas,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(nearest_minutes - routed_minutes))::numeric, 2) AS median_error_minutes,
       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY abs(nearest_minutes - routed_minutes))::numeric, 2) AS p90_error_minutes,
       round(100.0 * avg((nearest_site_id = ANY (fastest_units))::int), 1) AS fastest_unit_pct,
       round(100.0 * avg(same_15::int), 1) AS within_15_pct, round(100.0 * avg(same_30::int), 1) AS within_30_pct,
       round(100.0 * avg(same_45::int), 1) AS within_45_pct
FROM devon_test;
SELECT avg((nearest_site_id = ANY (fastest_units))::int) >= 0.90 AS fastest_unit_at_least_90_pct,
       avg(same_15::int) >= 0.85 AS within_15_at_least_85_pct, avg(same_30::int) >= 0.95 AS within_30_at_least_95_pct
FROM devon_test;

-- access_scores_minutes against plain SQL over every LSOA-unit pair with
-- travel_minutes: the same nearest unit (ties by the lowest name in byte
-- order), its minutes to 1e-9, and the same count of units within 15, 30
-- and 45 minutes, for every one of the 707 LSOAs.
CREATE TABLE devon_dist AS
SELECT a.id AS area_id, u.id AS site_id, ST_Distance(a.geom, u.geom) AS distance_m, c.cost AS routed_minutes, a.calibrates
FROM devon_area a CROSS JOIN devon_unit u LEFT JOIN devon_cost c ON c.area_id = a.id AND c.site_id = u.id;
WITH plain AS (
    SELECT area_id, (array_agg(site_id ORDER BY distance_m, site_id COLLATE "C"))[1] AS nearest,
           min(iapt_ews.travel_minutes(distance_m)) AS nearest_minutes,
           count(*) FILTER (WHERE iapt_ews.travel_minutes(distance_m) <= 15) AS w15,
           count(*) FILTER (WHERE iapt_ews.travel_minutes(distance_m) <= 30) AS w30,
           count(*) FILTER (WHERE iapt_ews.travel_minutes(distance_m) <= 45) AS w45
    FROM devon_dist GROUP BY area_id)
SELECT count(*) AS lsoas, count(*) FILTER (WHERE m15.nearest_site_id = p.nearest) AS same_nearest,
       count(*) FILTER (WHERE abs(m15.nearest_minutes - p.nearest_minutes) < 1e-9) AS same_nearest_minutes,
       count(*) FILTER (WHERE m15.sites_within = p.w15 AND m30.sites_within = p.w30 AND m45.sites_within = p.w45) AS same_within,
       sum(p.w15) AS pairs_within_15, sum(p.w30) AS pairs_within_30, sum(p.w45) AS pairs_within_45
FROM plain p
JOIN devon_by_model m15 ON m15.area_id = p.area_id AND m15.t = 15
JOIN devon_by_model m30 ON m30.area_id = p.area_id AND m30.t = 30
JOIN devon_by_model m45 ON m45.area_id = p.area_id AND m45.t = 45;

-- ---------------------------------------------------------------------------
-- The table of docs/access.md: on the testing LSOAs, the calibrated model
-- against one speed along the straight line, minutes = distance / speed (a
-- detour factor only scales that speed: d x detour / road speed = d /
-- (road speed / detour)), each fitted by least squares to the calibrating
-- pairs, every pair or those within 20 km (one speed through the origin:
-- speed = 60 / (1000 Sxy / Sxx) in raw sums). "Remote": the testing LSOAs
-- whose nearest unit is more than 10 km away in a straight line.
-- ---------------------------------------------------------------------------
CREATE TABLE devon_model (k integer, model text, fixed_minutes float8, speed_kmh float8);
INSERT INTO devon_model
SELECT 1, 'one speed, every pair', 0, 60 / (1000 * sum(distance_m * minutes) / sum(distance_m * distance_m))
FROM devon_pair WHERE calibrates;
INSERT INTO devon_model
SELECT 2, 'one speed, within 20 km', 0, 60 / (1000 * sum(distance_m * minutes) / sum(distance_m * distance_m))
FROM devon_pair WHERE calibrates AND distance_m <= 20000;
INSERT INTO devon_model SELECT 3, 'fixed + speed, every pair', fixed_minutes, speed_kmh FROM devon_fit WHERE fitted_on = 'every pair';
INSERT INTO devon_model VALUES (4, 'calibrated defaults', 6.9, 45.4);
CREATE TABLE devon_model_test AS
WITH per AS (
    SELECT m.k, d.area_id,
           min(iapt_ews.travel_minutes(d.distance_m, m.fixed_minutes, m.speed_kmh)) AS minutes,
           (array_agg(d.site_id ORDER BY d.distance_m, d.site_id COLLATE "C"))[1] AS nearest,
           min(d.distance_m) > 10000 AS remote
    FROM devon_model m CROSS JOIN devon_dist d WHERE NOT d.calibrates GROUP BY m.k, d.area_id)
SELECT p.k, count(*) AS lsoas,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(p.minutes - f.minutes)) AS median_error,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY abs(p.minutes - f.minutes)) AS p90_error,
       100.0 * avg((p.nearest = ANY (f.units))::int) AS nearest_pct,
       100.0 * avg(((p.minutes <= 15) = (f.minutes <= 15))::int) AS within_15_pct,
       100.0 * avg(((p.minutes <= 30) = (f.minutes <= 30))::int) AS within_30_pct,
       100.0 * avg(((p.minutes <= 45) = (f.minutes <= 45))::int) AS within_45_pct,
       count(*) FILTER (WHERE p.remote) AS remote_lsoas,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(p.minutes - f.minutes)) FILTER (WHERE p.remote) AS remote_median_error,
       100.0 * avg(((p.minutes <= 30) = (f.minutes <= 30))::int) FILTER (WHERE p.remote) AS remote_within_30_pct
FROM per p JOIN devon_fastest f USING (area_id) GROUP BY p.k;
SELECT m.model, round(m.fixed_minutes::numeric, 1) AS fixed, round(m.speed_kmh::numeric, 1) AS kmh,
       round(t.median_error::numeric, 1) AS median_err, round(t.p90_error::numeric, 1) AS p90_err,
       round(t.nearest_pct, 1) AS nearest, round(t.within_15_pct, 1) AS within_15, round(t.within_30_pct, 1) AS within_30,
       round(t.within_45_pct, 1) AS within_45, t.remote_lsoas AS remote, round(t.remote_median_error::numeric, 1) AS remote_err,
       round(t.remote_within_30_pct, 1) AS remote_30
FROM devon_model m JOIN devon_model_test t USING (k) ORDER BY m.k;
-- The row of the calibrated defaults is the answer of the functions above.
SELECT round(t.median_error::numeric, 2) = a.median_error_minutes AS same_median, round(t.p90_error::numeric, 2) = a.p90_error_minutes AS same_p90,
       round(t.nearest_pct, 1) = a.fastest_unit_pct AS same_nearest, round(t.within_15_pct, 1) = a.within_15_pct AS same_15,
       round(t.within_30_pct, 1) = a.within_30_pct AS same_30, round(t.within_45_pct, 1) = a.within_45_pct AS same_45
FROM devon_model_test t,
     (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(nearest_minutes - routed_minutes))::numeric, 2) AS median_error_minutes,
             round(percentile_cont(0.9) WITHIN GROUP (ORDER BY abs(nearest_minutes - routed_minutes))::numeric, 2) AS p90_error_minutes,
             round(100.0 * avg((nearest_site_id = ANY (fastest_units))::int), 1) AS fastest_unit_pct,
             round(100.0 * avg(same_15::int), 1) AS within_15_pct, round(100.0 * avg(same_30::int), 1) AS within_30_pct,
             round(100.0 * avg(same_45::int), 1) AS within_45_pct
      FROM devon_test) a
WHERE t.k = 4;

DROP TABLE t_area, t_site, devon_line, devon_cost, lsoa11, unit_json, devon_unit, devon_area, devon_pair, devon_fit,
    devon_by_model, devon_by_matrix, devon_fastest, devon_test, devon_dist, devon_model, devon_model_test;
