-- Access over a travel-cost matrix: access_scores_matrix (core extension,
-- no PostGIS). A fixture worked by hand (below), its bad inputs, and the
-- Devon routed car times of data/devon_lsoa21_to_miu_car_minutes.csv.gz
-- against an independent plain-SQL computation.
SET extra_float_digits = 0;

-- ---------------------------------------------------------------------------
-- A matrix small enough to work by hand, catchment 30 (minutes, say), so
-- the step bands are c <= 10 (1), c <= 20 (0.68), c <= 30 (0.22).
--
--   areas: A1 pop 100, A2 pop 200, A3 pop 300, A4 pop NULL (counts 0,
--          reported NULL), A5 pop 50 with no pair at all
--   sites: S2 cap 20, S1 cap 10, S3 cap 5 (given out of id order)
--   costs: A1-S1 0, A1-S2 20, A1-S3 45 (beyond), A2-S1 10, A2-S2 10 (a tie:
--          S1, the lowest id, is nearest), A3-S1 30 (exactly the catchment:
--          within), A3-S2 31 (just beyond), A3-S3 NULL (unreachable: skipped,
--          NOTICE), A4-S2 15; X9-S1 (no such area) and A1-S9 (no such site)
--          are skipped with a NOTICE each.
--
-- Nearest: A1 S1 0; A2 S1 10; A3 S1 30; A4 S2 15; A5 none.
-- Within 30: A1 2, A2 2, A3 1, A4 1, A5 0 (A1-S3 45 and A3-S2 31 are out).
--
-- none (W = 1 within):
--   demand S1 = 100 + 200 + 300 = 600, S2 = 100 + 200 + 0 = 300, S3 = 0
--   R1 = 10/600 = 1/60, R2 = 20/300 = 1/15, R3 = 0
--   A1 = 1/60 + 1/15 = 0.0833333, A2 = 0.0833333, A3 = 1/60 = 0.0166667,
--   A4 = 1/15 = 0.0666667, A5 = 0
-- step:
--   weights A1-S1 1, A1-S2 0.68, A2-S1 1 and A2-S2 1 (10 = d0/3: the first
--   band), A3-S1 0.22, A4-S2 0.68
--   demand S1 = 100 + 200 + 300 x 0.22 = 366, S2 = 100 x 0.68 + 200 = 268
--   R1 = 10/366 = 0.0273224, R2 = 20/268 = 0.0746269
--   A1 = R1 + 0.68 R2 = 0.0780687, A2 = R1 + R2 = 0.101949,
--   A3 = 0.22 R1 = 0.00601093, A4 = 0.68 R2 = 0.0507463
-- gaussian, W(c) = (exp(-(c/30)^2/2) - exp(-1/2)) / (1 - exp(-1/2)):
--   W(0) = 1, W(10) = 0.8626563, W(15) = 0.7013666, W(20) = 0.4935753,
--   W(30) = 0
--   demand S1 = 100 + 200 W(10) = 272.53126, S2 = 100 W(20) + 200 W(10) = 221.88879
--   R1 = 0.0366930, R2 = 0.0901352
--   A1 = R1 + W(20) R2 = 0.0811816, A2 = W(10) (R1 + R2) = 0.109409,
--   A3 = 0 (within 1, weight 0), A4 = W(15) R2 = 0.0632178
-- ---------------------------------------------------------------------------
CREATE TABLE m_area (id text, population float8);
INSERT INTO m_area VALUES ('A1', 100), ('A2', 200), ('A3', 300), ('A4', NULL), ('A5', 50);
CREATE TABLE m_site (id text, capacity float8);
INSERT INTO m_site VALUES ('S2', 20), ('S1', 10), ('S3', 5);
CREATE TABLE m_cost (area_id text, site_id text, cost float8);
INSERT INTO m_cost VALUES
    ('A1', 'S1', 0), ('A1', 'S2', 20), ('A1', 'S3', 45), ('A2', 'S2', 10), ('A2', 'S1', 10),
    ('A3', 'S1', 30), ('A3', 'S2', 31), ('A3', 'S3', NULL), ('A4', 'S2', 15),
    ('X9', 'S1', 5), ('A1', 'S9', 5);

SELECT d.decay, s.area_id, s.population, s.nearest_site_id, s.nearest_cost, s.sites_within,
       round(s.e2sfca::numeric, 9) AS e2sfca
FROM unnest(ARRAY['none', 'step', 'gaussian']) WITH ORDINALITY d(decay, o),
     LATERAL iapt_ews.access_scores_matrix('SELECT id, population FROM m_area', 'SELECT * FROM m_site',
                                           'SELECT * FROM m_cost', 30, d.decay) s
ORDER BY d.o, s.area_id;
-- the default decay is gaussian
SELECT area_id, round(e2sfca::numeric, 9) AS e2sfca
FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30)
ORDER BY area_id;

-- The gaussian scores against the formula of docs/access.md written out in
-- plain SQL (an independent computation of the same two steps).
SET client_min_messages = warning;
WITH w AS (
    SELECT c.area_id, c.site_id, coalesce(a.population, 0) AS population,
           (exp(-0.5::float8 * (c.cost / 30) * (c.cost / 30)) - exp(-0.5::float8)) / (1 - exp(-0.5::float8)) AS w
    FROM m_cost c JOIN m_area a ON a.id = c.area_id JOIN m_site s ON s.id = c.site_id
    WHERE c.cost <= 30),
r AS (
    SELECT s.id AS site_id, CASE WHEN sum(w.population * w.w) > 0 THEN s.capacity / sum(w.population * w.w) ELSE 0 END AS r
    FROM m_site s LEFT JOIN w ON w.site_id = s.id GROUP BY s.id, s.capacity),
plain AS (
    SELECT a.id, coalesce(sum(r.r * w.w), 0) AS e2sfca
    FROM m_area a LEFT JOIN w ON w.area_id = a.id LEFT JOIN r USING (site_id) GROUP BY a.id)
SELECT count(*) AS areas, count(*) FILTER (WHERE abs(m.e2sfca - p.e2sfca) <= 1e-15) AS agree
FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30) m
JOIN plain p ON p.id = m.area_id;

-- The answer does not depend on the order of the matrix's rows (every sum
-- runs in area, then site id order): bit for bit the same, rows reversed.
SELECT (SELECT array_agg(s.*) FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site',
            'SELECT * FROM m_cost ORDER BY area_id, site_id, cost', 30) s)
     = (SELECT array_agg(s.*) FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site',
            'SELECT * FROM m_cost ORDER BY area_id DESC, site_id DESC, cost DESC', 30) s) AS order_free;
RESET client_min_messages;

-- Ids of any type, matched as text; a trailing semicolon is allowed; rows
-- come in the order areas_sql returns them.
SELECT * FROM iapt_ews.access_scores_matrix('SELECT i AS id, 1 AS population FROM generate_series(3, 1, -1) i',
    'SELECT 7 AS id, 2 AS capacity', 'SELECT i AS area_id, 7 AS site_id, i * 10 AS cost FROM generate_series(1, 2) i;', 15, 'none');
-- Empty inputs: no areas, no rows; no sites or no pairs, every area with no
-- nearest site, 0 within, score 0.
SELECT count(*) AS no_areas FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area WHERE false', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area WHERE id = ''A1''', 'SELECT * FROM m_site WHERE false',
                                            'SELECT * FROM m_cost', 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area WHERE id = ''A1''', 'SELECT * FROM m_site',
                                            'SELECT * FROM m_cost WHERE false', 30);
-- STRICT: a NULL argument gives no rows
SELECT count(*) AS null_catchment FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', NULL);

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
('catchment 0', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 0)$$),
('catchment -5', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', -5)$$),
('catchment NaN', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 'NaN')$$),
('catchment Infinity', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 'Infinity')$$),
('unknown decay', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30, 'linear')$$),
('negative cost', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT area_id, site_id, -1.5 AS cost FROM m_cost', 30)$$),
('NaN cost', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT 'A1' AS area_id, 'S1' AS site_id, 'NaN'::float8 AS cost$q$, 30)$$),
('infinite cost', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT 'A1' AS area_id, 'S1' AS site_id, '-Infinity'::float8 AS cost$q$, 30)$$),
('NULL area_id', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT NULL::text AS area_id, 'S1' AS site_id, 1 AS cost$q$, 30)$$),
('NULL site_id', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT 'A1' AS area_id, NULL AS site_id, 1 AS cost$q$, 30)$$),
('a pair twice', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT * FROM m_cost UNION ALL SELECT 'A2', 'S1', 12$q$, 30)$$),
('an area id twice', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area UNION ALL SELECT ''A3'', 1', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30)$$),
('a site id twice', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site UNION ALL SELECT ''S1'', 1', 'SELECT * FROM m_cost', 30)$$),
('NULL area id', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT NULL::text AS id, 1 AS population', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30)$$),
('negative population', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT id, -population AS population FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30)$$),
('infinite capacity', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT id, ''Infinity''::float8 AS capacity FROM m_site', 'SELECT * FROM m_cost', 30)$$),
('no cost column', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT area_id, site_id, cost AS minutes FROM m_cost', 30)$$),
('no site_id column', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT area_id, site_id AS site, cost FROM m_cost', 30)$$),
('no population column', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT id FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30)$$),
('no capacity column', $$SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT id FROM m_site', 'SELECT * FROM m_cost', 30)$$);
SET client_min_messages = warning;
SELECT label, pg_temp.sqlstate_of(query) AS sqlstate FROM bad_call;
RESET client_min_messages;
-- and their messages
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 0);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 'NaN');
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30, 'linear');
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT area_id, site_id, -1.5 AS cost FROM m_cost', 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT 'A1' AS area_id, 'S1' AS site_id, 'NaN'::float8 AS cost$q$, 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT 'A1' AS area_id, 'S1' AS site_id, '-Infinity'::float8 AS cost$q$, 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT 'A1' AS area_id, NULL AS site_id, 1 AS cost$q$, 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', $q$SELECT * FROM m_cost UNION ALL SELECT 'A2', 'S1', 12$q$, 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area UNION ALL SELECT ''A3'', 1', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site UNION ALL SELECT ''S1'', 1', 'SELECT * FROM m_cost', 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT * FROM m_area', 'SELECT * FROM m_site', 'SELECT area_id, site_id, cost AS minutes FROM m_cost', 30);
SELECT * FROM iapt_ews.access_scores_matrix('SELECT id FROM m_area', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30);

-- Memory: the matrix's pairs count against iapt_ews.max_input_memory (16
-- bytes a pair, in an array that doubles from 1,024 pairs). 200 kB holds
-- the areas' and sites' first arrays (about 50 kB each) and 4,096 pairs,
-- not 8,192: the call stops with 54000 at the row that doubles the array
-- past the limit, naming costs_sql and how many of its rows it read.
SET iapt_ews.max_input_memory = '200kB';
SELECT count(*) FROM iapt_ews.access_scores_matrix('SELECT i AS id, 1 AS population FROM generate_series(1, 100) i',
    'SELECT i AS id, 1 AS capacity FROM generate_series(1, 100) i',
    'SELECT a AS area_id, s AS site_id, a + s AS cost FROM generate_series(1, 100) a, generate_series(1, 100) s', 30);
RESET iapt_ews.max_input_memory;
SELECT count(*) AS pairs_fit_by_default, sum(sites_within) AS within
FROM iapt_ews.access_scores_matrix('SELECT i AS id, 1 AS population FROM generate_series(1, 100) i',
    'SELECT i AS id, 1 AS capacity FROM generate_series(1, 100) i',
    'SELECT a AS area_id, s AS site_id, a + s AS cost FROM generate_series(1, 100) a, generate_series(1, 100) s', 30);

-- ---------------------------------------------------------------------------
-- access_gap_by_decile_matrix on the hand matrix, catchment 30, decay none.
-- Deciles: A1, A2 decile 1; A3, A4 decile 2; A5 none (left out, NOTICE).
-- Referrals: A1 10, A3 3, A4 1, and 2 in X9, an area areas_sql does not
-- return (left out, NOTICE). Scores from the hand computation above
-- (nearest A1 0, A2 10, A3 30, A4 15; e2sfca A1 = A2 = 1/12, A3 1/60,
-- A4 1/15; A4's NULL population counts 0):
--   decile 1: 2 areas, pop 300, 10 referrals, per 100k 3333.333;
--     mean nearest (100 x 0 + 200 x 10) / 300 = 6.667; within 100%;
--     mean e2sfca 1/12 = 0.083333333
--   decile 2: 2 areas, pop 300, 4 referrals, per 100k 1333.333;
--     mean nearest (300 x 30 + 0 x 15) / 300 = 30; within 100%;
--     mean e2sfca (300/60) / 300 = 0.016666667
--   all: 4 areas, pop 600, 14 referrals, per 100k 2333.333, mean nearest
--     11000 / 600 = 18.333, mean e2sfca 30 / 600 = 0.05
--   expected at 14 / 600: 7 and 7 (O/E 1.428571, 0.571429; 1 overall)
--   SII: ranks 0.25 and 0.75, so (1333.333 - 3333.333) / 0.5 = -4000;
--   RII = -4000 / 2333.333 = -1.714286
-- ---------------------------------------------------------------------------
CREATE TABLE m_decile (id text, imd_decile integer);
INSERT INTO m_decile VALUES ('A1', 1), ('A2', 1), ('A3', 2), ('A4', 2), ('A5', NULL);
CREATE TABLE m_referral (area_id text, referrals integer);
INSERT INTO m_referral VALUES ('A1', 10), ('A3', 2), ('A3', 1), ('A4', 1), ('X9', 2);
SELECT imd_decile, areas, population, referrals, round(referrals_per_100k::numeric, 3) AS per_100k,
       round(expected_referrals::numeric, 6) AS expected, round(observed_expected::numeric, 6) AS o_e,
       round(mean_nearest_cost::numeric, 3) AS mean_nearest, round(population_within_catchment_pct::numeric, 3) AS within_pct,
       round(mean_e2sfca::numeric, 9) AS mean_e2sfca,
       round(sii_referrals_per_100k::numeric, 6) AS sii, round(rii_referrals::numeric, 6) AS rii
FROM iapt_ews.access_gap_by_decile_matrix('SELECT a.*, d.imd_decile FROM m_area a JOIN m_decile d USING (id)',
                                          'SELECT * FROM m_referral', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30, 'none');
-- Its limits are observed_expected_interval's, as access_gap_by_decile's.
SELECT g.imd_decile, (g.oe_lower95, g.oe_upper95) = (i.ci_low, i.ci_high) AS same_limits
FROM iapt_ews.access_gap_by_decile_matrix('SELECT a.*, d.imd_decile FROM m_area a JOIN m_decile d USING (id)',
                                          'SELECT * FROM m_referral', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30, 'none') g,
     LATERAL iapt_ews.observed_expected_interval(g.referrals, g.expected_referrals) i
ORDER BY g.imd_decile NULLS LAST;
-- Bad input is access_scores_matrix's (the catchment) or the query's own.
SELECT * FROM iapt_ews.access_gap_by_decile_matrix('SELECT a.*, d.imd_decile FROM m_area a JOIN m_decile d USING (id)',
                                                   'SELECT * FROM m_referral', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 0);
SELECT * FROM iapt_ews.access_gap_by_decile_matrix('SELECT * FROM m_area', 'SELECT * FROM m_referral',
                                                   'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30);
SELECT * FROM iapt_ews.access_gap_by_decile_matrix('SELECT a.*, d.imd_decile FROM m_area a JOIN m_decile d USING (id)',
                                                   'SELECT area_id FROM m_referral', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30);
-- No areas: no rows, no error.
SELECT count(*) FROM iapt_ews.access_gap_by_decile_matrix('SELECT a.*, d.imd_decile FROM m_area a JOIN m_decile d USING (id) WHERE false',
                                                          'SELECT * FROM m_referral', 'SELECT * FROM m_site', 'SELECT * FROM m_cost', 30);
DROP TABLE m_decile, m_referral;

-- ---------------------------------------------------------------------------
-- best_new_sites_matrix, worked by hand. Areas B1 100, B2 200, B3 300, B4
-- 50; existing site E1; candidates C1-C4. Pairs: B1-E1 10, B2-E1 40, B4-E1
-- 5 (B3 reaches no existing site); B1-C1 5, B2-C1 10, B3-C1 50; B2-C2 5,
-- B3-C2 20; B3-C3 30, B4-C3 1; B2-C4 0.
-- Before: nearest B1 10, B2 40, B3 none, B4 5: 300 out of reach, and the
-- reached sum 100 x 10 + 200 x 40 + 50 x 5 = 9250.
-- Step 1, (brought within reach, change of the sum): C1 (300, -500 - 6000
--   + 300 x 50 = 8500), C2 (300, -7000 + 6000 = -1000), C3 (300, 9000 -
--   200 = 8800), C4 (0, -8000). C4 lowers the sum most but reaches no one:
--   C2 is chosen. Sum 1000 + 1000 + 6000 + 250 = 8250 over 650: 12.6923077.
-- Step 2: C1 (0, -500), C3 (0, -200), C4 (0, -1000 for B2 5 -> 0): C4;
--   7250 / 650 = 11.1538462.
-- Step 3: C1 (-500): 6750 / 650 = 10.3846154. Step 4: C3 (-200): 6550 /
-- 650 = 10.0769231. k = 5 gives the four candidates there are.
-- ---------------------------------------------------------------------------
CREATE TABLE b_area (id text, population float8);
INSERT INTO b_area VALUES ('B1', 100), ('B2', 200), ('B3', 300), ('B4', 50);
CREATE TABLE b_cost (area_id text, site_id text, cost float8);
INSERT INTO b_cost VALUES ('B1', 'E1', 10), ('B2', 'E1', 40), ('B4', 'E1', 5),
    ('B1', 'C1', 5), ('B2', 'C1', 10), ('B3', 'C1', 50), ('B2', 'C2', 5), ('B3', 'C2', 20),
    ('B3', 'C3', 30), ('B4', 'C3', 1), ('B2', 'C4', 0);
SELECT step, site_id, round(mean_cost::numeric, 7) AS mean_cost, population_unreached
FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$,
                                    $$SELECT unnest(ARRAY['C4', 'C3', 'C2', 'C1']) AS id$$, 'SELECT * FROM b_cost', 5);
-- Without existing sites the first step is the candidate that reaches most
-- (C1: B1, B2, B3 = 600; C2: 500; C3: 350; C4: 200), its mean (100 x 5 +
-- 200 x 10 + 300 x 50) / 600 = 29.1666667; then C3 reaches B4 (50, and
-- B3 50 -> 30: -6000): (500 + 2000 + 9000 + 50) / 650 = 17.7692308.
SELECT step, site_id, round(mean_cost::numeric, 7) AS mean_cost, population_unreached
FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', 'SELECT id FROM b_area WHERE false',
                                    $$SELECT unnest(ARRAY['C4', 'C3', 'C2', 'C1']) AS id$$, 'SELECT * FROM b_cost', 2);
-- No area reached at all: mean_cost NULL; k = 0 and no candidates: no rows.
SELECT step, site_id, mean_cost, population_unreached
FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$, $$SELECT 'C9' AS id$$,
                                    $$SELECT * FROM b_cost WHERE site_id = 'none'$$, 1);
SELECT count(*) FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$,
                                                    $$SELECT 'C1' AS id$$, 'SELECT * FROM b_cost', 0);
SELECT count(*) FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$,
                                                    'SELECT id FROM b_area WHERE false', 'SELECT * FROM b_cost', 3);
-- Bad input.
SELECT * FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$, $$SELECT 'C1' AS id$$,
                                             'SELECT * FROM b_cost', -1);
SELECT * FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$, $$SELECT 'E1' AS id$$,
                                             'SELECT * FROM b_cost', 1);
SELECT * FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$, $$SELECT 'C1' AS id$$,
                                             $$SELECT * FROM b_cost UNION ALL SELECT 'B1', 'C1', 7$$, 1);
SELECT * FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$, $$SELECT 'C1' AS id$$,
                                             $$SELECT * FROM b_cost UNION ALL SELECT 'B1', 'C1', -2$$, 1);
-- Pairs of candidates not offered are skipped, with a NOTICE.
SELECT step, site_id, round(mean_cost::numeric, 7) AS mean_cost, population_unreached
FROM iapt_ews.best_new_sites_matrix('SELECT * FROM b_area', $$SELECT 'E1' AS id$$, $$SELECT 'C2' AS id$$,
                                    'SELECT * FROM b_cost', 1);
DROP TABLE b_area, b_cost;

-- ---------------------------------------------------------------------------
-- Real routed times: data/devon_lsoa21_to_miu_car_minutes.csv.gz, car
-- minutes routed with r5py from 707 Devon LSOAs (2021, by name) to 15 minor
-- injury units (data/README.md; 9999 = unreachable or over 120 minutes:
-- those pairs are left out of the matrix, so they are unreachable).
--
-- Population: the file names LSOAs, it has no codes. Every one of its 707
-- names is the name of a 2011 LSOA of data/england_lsoa11.csv.gz (an LSOA
-- whose boundary did not change keeps its name), so the population is that
-- LSOA's, matched by name; 18 of them have no population in the source and
-- count 0 (reported NULL, with a NOTICE). Capacity 1 per unit.
--
-- The reference is plain SQL written from the rules of docs/access.md:
-- nearest = the lowest cost, ties by the lowest unit name in byte order;
-- within = count of cost <= catchment; 2SFCA (gaussian, 30 minutes) with
-- sums in the function's documented order (areas in areas_sql's order, here
-- by name; sites by name), so "agree" below means equal as floats, bit for
-- bit, not close.
-- ---------------------------------------------------------------------------
\i test/fixtures/devon_matrix.sql
CREATE TABLE devon_area AS
SELECT d.area_id AS id, l.population::float8 AS population
FROM (SELECT DISTINCT area_id FROM devon_cost) d LEFT JOIN lsoa11 l ON l.lsoa11nm = d.area_id;
CREATE TABLE devon_unit AS SELECT DISTINCT site_id AS id, 1::float8 AS capacity FROM devon_cost;

SELECT (SELECT count(*) FROM devon_line) - 1 AS lsoas_in_file,
       (SELECT count(*) FROM devon_area) AS lsoas, (SELECT count(*) FROM devon_unit) AS units,
       (SELECT count(*) FROM devon_cost) AS routed_pairs,
       (SELECT count(*) FROM devon_line WHERE n > 1) * 15 - (SELECT count(*) FROM devon_cost) AS unreachable_pairs,
       (SELECT count(*) FROM devon_area a WHERE EXISTS (SELECT FROM lsoa11 l WHERE l.lsoa11nm = a.id)) AS matched_by_name,
       (SELECT count(*) FROM devon_area WHERE population IS NULL) AS without_population;

CREATE TABLE devon_matrix AS
SELECT c.catchment, s.*
FROM unnest(ARRAY[15, 30, 45]::float8[]) c(catchment),
     LATERAL iapt_ews.access_scores_matrix('SELECT id, population FROM devon_area ORDER BY id COLLATE "C"',
                                           'SELECT id, capacity FROM devon_unit',
                                           'SELECT area_id, site_id, cost FROM devon_cost', c.catchment) s;

CREATE TABLE devon_plain AS
WITH nearest AS (
    SELECT DISTINCT ON (area_id) area_id, site_id, cost
    FROM devon_cost ORDER BY area_id, cost, site_id COLLATE "C"),
within AS (
    SELECT a.id, count(c.cost) FILTER (WHERE c.cost <= 15) AS w15, count(c.cost) FILTER (WHERE c.cost <= 30) AS w30,
           count(c.cost) FILTER (WHERE c.cost <= 45) AS w45
    FROM devon_area a LEFT JOIN devon_cost c ON c.area_id = a.id GROUP BY a.id),
w AS (
    SELECT c.area_id, c.site_id, coalesce(a.population, 0) AS population,
           (exp(-0.5::float8 * (c.cost / 30) * (c.cost / 30)) - exp(-0.5::float8)) / (1 - exp(-0.5::float8)) AS w
    FROM devon_cost c JOIN devon_area a ON a.id = c.area_id
    WHERE c.cost <= 30),
r AS (
    SELECT u.id AS site_id,
           CASE WHEN sum(w.population * w.w) > 0
                THEN u.capacity / sum(w.population * w.w ORDER BY w.area_id COLLATE "C") ELSE 0 END AS r
    FROM devon_unit u LEFT JOIN w ON w.site_id = u.id GROUP BY u.id, u.capacity),
score AS (
    SELECT a.id, coalesce(sum(r.r * w.w ORDER BY w.site_id COLLATE "C"), 0) AS e2sfca
    FROM devon_area a LEFT JOIN w ON w.area_id = a.id LEFT JOIN r USING (site_id) GROUP BY a.id)
SELECT a.id, n.site_id AS nearest, n.cost AS nearest_cost, i.w15, i.w30, i.w45, s.e2sfca
FROM devon_area a LEFT JOIN nearest n ON n.area_id = a.id JOIN within i ON i.id = a.id JOIN score s ON s.id = a.id;

SELECT count(*) AS lsoas,
       count(*) FILTER (WHERE m15.nearest_site_id IS NOT DISTINCT FROM p.nearest
                          AND m15.nearest_cost IS NOT DISTINCT FROM p.nearest_cost) AS same_nearest_unit,
       count(*) FILTER (WHERE m15.sites_within = p.w15) AS same_within_15,
       count(*) FILTER (WHERE m30.sites_within = p.w30) AS same_within_30,
       count(*) FILTER (WHERE m45.sites_within = p.w45) AS same_within_45,
       count(*) FILTER (WHERE m30.e2sfca = p.e2sfca) AS same_2sfca_30_bit_for_bit,
       max(abs(m30.e2sfca - p.e2sfca)) AS largest_2sfca_difference
FROM devon_plain p
JOIN devon_matrix m15 ON m15.area_id = p.id AND m15.catchment = 15
JOIN devon_matrix m30 ON m30.area_id = p.id AND m30.catchment = 30
JOIN devon_matrix m45 ON m45.area_id = p.id AND m45.catchment = 45;
-- The test can fail: what it compares is not degenerate (ties for the
-- nearest unit, areas with and without units in reach, varied scores).
SELECT count(*) FILTER (WHERE (SELECT count(*) FROM devon_cost c WHERE c.area_id = p.id AND c.cost = p.nearest_cost) > 1)
           AS lsoas_with_tied_nearest,
       count(*) FILTER (WHERE w15 = 0) AS none_within_15, count(*) FILTER (WHERE w30 = 0) AS none_within_30,
       count(*) FILTER (WHERE w45 = 0) AS none_within_45, max(w45) AS most_within_45,
       count(DISTINCT e2sfca) AS distinct_scores, round(min(nearest_cost)) AS min_nearest, round(max(nearest_cost)) AS max_nearest,
       (SELECT count(*) FROM devon_cost WHERE cost IN (15, 30, 45)) AS pairs_exactly_at_a_catchment
FROM devon_plain p;
SELECT nearest_site_id AS unit, count(*) AS lsoas_nearest
FROM devon_matrix WHERE catchment = 30 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;

DROP TABLE m_area, m_site, m_cost, devon_line, devon_cost, lsoa11, devon_area, devon_unit, devon_matrix, devon_plain;

-- ---------------------------------------------------------------------------
-- The data model's report in minutes: area_access_minutes over a model's
-- area, site and travel_cost (no PostGIS needed). The pairs of the
-- fixture above, with LSOA codes for A1-A5 (E01000001-E01000005), sites
-- S1-S3, one pair of an area the model does not list and one of a site it
-- does not list (both left out, without a NOTICE), and one referral from
-- A2. Nearest and within 30 minutes are the fixture's, worked by hand
-- above. The score, Gaussian over 30 minutes with each site's capacity 1
-- and A4's NULL population counted as 0, worked by hand for A1:
--   w(d) = (exp(-(d/30)^2 / 2) - exp(-1/2)) / (1 - exp(-1/2)):
--   w(0) = 1, w(10) = 0.862656, w(20) = 0.493575, w(30) = 0
--   demand S1 = 100 * 1 + 200 * w(10) + 300 * w(30) = 272.531
--   demand S2 = 100 * w(20) + 200 * w(10) + 0 (A4) = 221.889 (A3's 31 is out)
--   A1 = 1 / 272.530 + w(20) / 221.889 = 0.003669 + 0.002224 = 0.005894
-- and every area's score is access_scores_matrix's over the same rows.
-- ---------------------------------------------------------------------------
SET client_min_messages = warning;
SELECT count(*) > 0 AS made FROM iapt_ews.create_data_model('am_model');
RESET client_min_messages;
INSERT INTO am_model.area (lsoa_code, name, easting, northing, population, imd_decile) VALUES
    ('E01000001', 'A1', 530000, 180000, 100, 1), ('E01000002', 'A2', 530100, 180000, 200, 2),
    ('E01000003', 'A3', 530200, 180000, 300, 3), ('E01000004', 'A4', 530300, 180000, NULL, 4),
    ('E01000005', 'A5', 530400, 180000, 50, 5);
INSERT INTO am_model.site (site_id, service_id, name, easting, northing) VALUES
    ('S2', 'SV1', 'Site 2', 531000, 181000), ('S1', 'SV1', 'Site 1', 530000, 181000),
    ('S3', 'SV1', 'Site 3', 532000, 181000);
INSERT INTO am_model.travel_cost VALUES
    ('E01000001', 'S1', 0), ('E01000001', 'S2', 20), ('E01000001', 'S3', 45),
    ('E01000002', 'S1', 10), ('E01000002', 'S2', 10), ('E01000003', 'S1', 30), ('E01000003', 'S2', 31),
    ('E01000004', 'S2', 15), ('E01000009', 'S1', 5), ('E01000001', 'S9', 5);
INSERT INTO am_model.referral (pathway_id, person_id, provider_code, service_id, referral_date, lsoa_code)
VALUES ('AM1', 'person 1', 'RX1', 'SV1', '2025-01-06', 'E01000002');
SELECT lsoa_code, population, referrals, referrals_per_100k, nearest_site_id, nearest_minutes,
       sites_within_30_minutes, round(access_score::numeric, 6) AS access_score
FROM am_model.area_access_minutes ORDER BY 1;
SELECT count(*) AS areas, bool_and(round(v.access_score::numeric, 12) = round(m.e2sfca::numeric, 12)) AS scores_as_matrix
FROM am_model.area_access_minutes v
JOIN iapt_ews.access_scores_matrix(
    $$SELECT lsoa_code AS id, coalesce(population, 0) AS population FROM am_model.area$$,
    $$SELECT site_id AS id, 1 AS capacity FROM am_model.site$$,
    $$SELECT area_code AS area_id, site_id, minutes AS cost FROM am_model.travel_cost
      WHERE area_code IN (SELECT lsoa_code FROM am_model.area) AND site_id IN (SELECT site_id FROM am_model.site)$$,
    30) m ON m.area_id = v.lsoa_code;
-- The table refuses what is no travel time.
INSERT INTO am_model.travel_cost VALUES ('E01000005', 'S1', -1);
INSERT INTO am_model.travel_cost VALUES ('E01000005', 'S1', 'Infinity');
INSERT INTO am_model.travel_cost VALUES ('E01000005', 'S1', NULL);
SET client_min_messages = warning;
DROP SCHEMA am_model CASCADE;
RESET client_min_messages;
