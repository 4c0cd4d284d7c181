-- compare_rates against independently computed figures, edge cases, NULLs,
-- parallel plans.
--
-- Reference values: test/reference/newcombe.py (Python standard library),
-- which also reproduces the 95% limits in Table II of Newcombe RG,
-- Statistics in Medicine 1998;17:873-890 (method 10):
--   56/70 vs 48/80:  d 0.2     CI 0.0524 to 0.3339  p 0.0080450814
--   9/10 vs 3/10:    d 0.6     CI 0.1705 to 0.8090  p 0.0061698993
--   5/56 vs 0/29:    d 0.0893  CI -0.0381 to 0.1926 p 0.0971865682
--   0/10 vs 0/20:    d 0       CI -0.1611 to 0.2775 p 1 (no variance)
--   10/10 vs 0/10:   d 1       CI 0.6075 to 1.0000  p 0.0000077442
--   620/1000 vs 540/1000: d 0.08 CI 0.0367477050 to 0.1228308115 p 0.0002896309
SET search_path = iapt_ews, public;

CREATE TEMP TABLE cases (label text, x1 int, n1 int, x2 int, n2 int);
INSERT INTO cases VALUES ('56/70 vs 48/80', 56, 70, 48, 80), ('9/10 vs 3/10', 9, 10, 3, 10),
    ('5/56 vs 0/29', 5, 56, 0, 29), ('0/10 vs 0/20', 0, 10, 0, 20), ('10/10 vs 0/10', 10, 10, 0, 10),
    ('620/1000 vs 540/1000', 620, 1000, 540, 1000), ('1/1 vs 0/1', 1, 1, 0, 1);
-- One row per person: success for the first x of n in each group.
CREATE TEMP TABLE people AS
SELECT label, true AS in_group, i <= x1 AS success FROM cases, generate_series(1, n1) i
UNION ALL
SELECT label, false, i <= x2 FROM cases, generate_series(1, n2) i;

SELECT label, (r).group_n, round((r).group_rate::numeric, 4) AS group_rate, (r).other_n,
       round((r).other_rate::numeric, 4) AS other_rate, round((r).difference::numeric, 10) AS difference,
       round((r).ci_low::numeric, 10) AS ci_low, round((r).ci_high::numeric, 10) AS ci_high,
       round((r).p_value::numeric, 10) AS p_value
FROM (SELECT label, compare_rates(success, in_group) r FROM people GROUP BY label) s
ORDER BY label;

-- NULL rows are skipped; an empty group gives NULL rates and statistics.
SELECT (compare_rates(s, g)).* FROM (VALUES (true, true), (false, true), (NULL, true), (true, NULL)) v(s, g);
SELECT (compare_rates(s, g)).* FROM (VALUES (true, false), (false, false)) v(s, g);
SELECT (compare_rates(s, g)).* FROM (SELECT true, true WHERE false) v(s, g);

-- Parallel plans: partial counts combined give the serial answer.
CREATE TABLE outcomes_big AS
SELECT (i % 7) = 0 AS supported, (i * 7919) % 100 < 50 + (i % 7 = 0)::int * 8 AS recovered, i % 5 AS service
FROM generate_series(1, 200000) i;
ANALYZE outcomes_big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT service, compare_rates(recovered, supported) FROM outcomes_big GROUP BY service;
CREATE TEMP TABLE par AS SELECT service, compare_rates(recovered, supported)::text r FROM outcomes_big GROUP BY service;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS SELECT service, compare_rates(recovered, supported)::text r FROM outcomes_big GROUP BY service;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS services, count(*) FILTER (WHERE par.r = ser.r) AS equal FROM par JOIN ser USING (service);
DROP TABLE outcomes_big;

-- From counts: the same answer as the aggregate over the rows they count,
-- for every case above (compared as text, every digit), and the checks.
SELECT label,
       (SELECT compare_rates(success, in_group)::text FROM people p WHERE p.label = c.label)
       = compare_rates(x1::bigint, n1::bigint, x2::bigint, n2::bigint)::text AS same_as_aggregate
FROM cases c ORDER BY label;
SELECT (compare_rates(0, 0, 3, 4)).*;
SELECT compare_rates(-1, 4, 1, 4);
SELECT compare_rates(5, 4, 1, 4);
SELECT compare_rates(NULL, 4, 1, 4) IS NULL AS strict;
