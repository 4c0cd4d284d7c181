-- Slope and relative index of inequality.
-- Convention: groups ordered from most deprived (lowest deprivation_rank, IMD
-- decile 1) to least; x = midpoint of the group's cumulative population share;
-- SII = population-weighted least-squares slope of value on x = fitted value at
-- the least deprived end minus at the most deprived end; RII = SII / weighted mean.
SET extra_float_digits = 0;

-- By hand: three groups, populations 100, 100, 200 (total 400):
--   x = 50/400 = 0.125, 150/400 = 0.375, 300/400 = 0.75; mean x = 0.5
--   values 10, 8, 6: mean = (1000 + 800 + 1200)/400 = 7.5
--   Sxx = 100 (0.375^2) + 100 (0.125^2) + 200 (0.25^2) = 28.125
--   Sxy = 100 (-0.375)(2.5) + 100 (-0.125)(0.5) + 200 (0.25)(-1.5) = -175
--   SII = -175 / 28.125 = -6.222222; RII = -6.222222 / 7.5 = -0.829630
SELECT round(iapt_ews.slope_index_of_inequality(v, r, p)::numeric, 6) AS sii,
       round(iapt_ews.relative_index_of_inequality(v, r, p)::numeric, 6) AS rii
FROM (VALUES (10.0, 1, 100.0), (8.0, 2, 100.0), (6.0, 3, 200.0)) t(v, r, p);

-- Order of rows does not matter; rows sharing a rank form one group (same
-- answer as the pooled group with the weighted mean value).
SELECT round(iapt_ews.slope_index_of_inequality(v, r, p)::numeric, 6) AS sii
FROM (VALUES (6.0, 3, 50.0), (8.0, 2, 100.0), (6.0, 3, 150.0), (10.0, 1, 60.0), (10.0, 1, 40.0)) t(v, r, p);
SELECT round(iapt_ews.slope_index_of_inequality(v, r, p)::numeric, 6) AS sii_pooled_values
FROM (VALUES (11.0, 1, 50.0), (9.0, 1, 50.0), (8.0, 2, 100.0), (6.0, 3, 200.0)) t(v, r, p);

-- Referral rates per 100,000 by IMD decile (decile 1 most deprived), checked
-- against plain Python 3 weighted least squares:
--   xs = midpoints of cumulative shares; mx, my weighted means
--   SII = sum p (x - mx)(y - my) / sum p (x - mx)^2 = -561.7765253864367
--   RII = SII / my = -0.47818681786106065  (my = 1174.8055454545454)
CREATE TABLE ineq_decile (decile integer, rate float8, population float8);
INSERT INTO ineq_decile VALUES
    (1, 1450.0, 5600000), (2, 1380.5, 5550000), (3, 1300.0, 5500000), (4, 1255.25, 5620000),
    (5, 1190.0, 5580000), (6, 1120.0, 5490000), (7, 1080.0, 5510000), (8, 1010.5, 5450000),
    (9, 990.0, 5400000), (10, 950.0, 5300000);
SELECT abs(iapt_ews.slope_index_of_inequality(rate, decile, population) - (-561.7765253864367)) < 1e-9 AS sii_ok,
       abs(iapt_ews.relative_index_of_inequality(rate, decile, population) - (-0.47818681786106065)) < 1e-12 AS rii_ok
FROM ineq_decile;

-- A flat gradient is 0; higher values in less deprived areas give a positive SII.
SELECT iapt_ews.slope_index_of_inequality(5, decile, population) AS flat,
       iapt_ews.slope_index_of_inequality(decile, decile, 1) > 0 AS rising
FROM ineq_decile;

-- Undefined cases: no rows, one rank only, zero total population, zero mean (RII).
SELECT iapt_ews.slope_index_of_inequality(rate, decile, population) AS no_rows FROM ineq_decile WHERE false;
SELECT iapt_ews.slope_index_of_inequality(rate, 1, population) AS one_rank FROM ineq_decile;
SELECT iapt_ews.slope_index_of_inequality(rate, decile, 0) AS no_population FROM ineq_decile;
SELECT iapt_ews.slope_index_of_inequality(v, r, 1) AS sii, iapt_ews.relative_index_of_inequality(v, r, 1) AS rii_zero_mean
FROM (VALUES (-1.0, 1), (1.0, 2)) t(v, r);

-- NULL value, rank or population: the row takes no part; zero population likewise.
SELECT round(iapt_ews.slope_index_of_inequality(v, r, p)::numeric, 6) AS sii
FROM (VALUES (10.0, 1, 100.0), (8.0, 2, 100.0), (6.0, 3, 200.0), (NULL, 4, 100.0), (99.0, NULL, 100.0),
             (99.0, 5, NULL), (99.0, 6, 0.0)) t(v, r, p);

-- Grouped.
SELECT g, round(iapt_ews.slope_index_of_inequality(v, r, p)::numeric, 6) AS sii
FROM (VALUES ('a', 10.0, 1, 100.0), ('a', 8.0, 2, 100.0), ('a', 6.0, 3, 200.0),
             ('b', 1.0, 1, 1.0), ('b', 3.0, 2, 1.0)) t(g, v, r, p)
GROUP BY g ORDER BY g;

-- bad input
SELECT iapt_ews.slope_index_of_inequality(1, 1, -1);
SELECT iapt_ews.slope_index_of_inequality('NaN', 1, 1);
SELECT iapt_ews.slope_index_of_inequality(1, 'Infinity', 1);
SELECT iapt_ews.relative_index_of_inequality(1, 1, 'NaN');

-- Parallel: partial aggregates, serialized state, combined: same answer.
CREATE TABLE ineq_big AS
    SELECT g % 10 + 1 AS decile, (g % 7)::float8 + (g % 10) AS rate, (g % 13 + 1)::float8 AS population
    FROM generate_series(1, 100000) g;
ANALYZE ineq_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT iapt_ews.slope_index_of_inequality(rate, decile, population) FROM ineq_big;
CREATE TABLE ineq_parallel AS
SELECT iapt_ews.slope_index_of_inequality(rate, decile, population) AS sii,
       iapt_ews.relative_index_of_inequality(rate, decile, population) AS rii FROM ineq_big;
SET max_parallel_workers_per_gather = 0;
SELECT abs(p.sii - s.sii) < 1e-9 AS same_sii, abs(p.rii - s.rii) < 1e-12 AS same_rii
FROM ineq_parallel p,
     (SELECT iapt_ews.slope_index_of_inequality(rate, decile, population) AS sii,
             iapt_ews.relative_index_of_inequality(rate, decile, population) AS rii FROM ineq_big) s;
RESET ALL;
