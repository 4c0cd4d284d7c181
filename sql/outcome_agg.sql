-- Rates over outcomes: hand-counted examples, denominators of zero, NULLs,
-- grouping, parallel plans, and the published national figures.
SET search_path = iapt_ews, public;

-- Ten referrals counted by hand:
--   finished: 8 (two are not: one ended after 1 session, one still open)
--   not at caseness: 2 -> recovery denominator 8 - 2 = 6
--   recovered: 3 (a, b, c) -> recovery rate 3/6 = 0.5
--   reliably recovered: 2 (a, b) -> 2/6
--   reliably improved: 4 (a, b, g, h) -> 4/8 = 0.5
--   reliably deteriorated: 1 (d) -> 1/8 = 0.125
--   no reliable change: 2 (c, e); not paired: 1 (f)
CREATE TEMP TABLE ten (label text, o outcome);
INSERT INTO ten VALUES
 ('a', 'finished, phq9 18->7, gad7 12->5'),
 ('b', 'finished, phq9 5->3, mi_alone 3.50->2.00'),
 ('c', 'finished, phq9 10->9, gad7 8->7'),
 ('d', 'finished, phq9 12->20, gad7 10->15'),
 ('e', 'finished, phq9 12->12, gad7 10->10'),
 ('f', 'finished, phq9 18, gad7 12'),
 ('g', 'finished, phq9 9->2, gad7 7->1'),
 ('h', 'finished, phq9 8->1, gad7 6->6'),
 ('i', 'ended, phq9 18->7, gad7 12->5'),
 ('j', 'open, phq9 18->7, gad7 12->5'),
 ('k', NULL);
SELECT recovery_rate(o), reliable_recovery_rate(o) = 2.0 / 6 AS reliable_recovery_is_2_of_6,
       reliable_improvement_rate(o), reliable_deterioration_rate(o)
FROM ten;
SELECT (outcome_summary(o)).* FROM ten;

-- Denominators of zero give NULL, as the NHS publishes; no rows too.
SELECT recovery_rate(o) AS all_not_at_caseness, reliable_improvement_rate(o) AS improvement
FROM ten WHERE label IN ('g', 'h');
SELECT recovery_rate(o), reliable_recovery_rate(o), reliable_improvement_rate(o),
       reliable_deterioration_rate(o)
FROM ten WHERE label IN ('i', 'j', 'k');
SELECT (outcome_summary(o)).* FROM ten WHERE false;
SELECT recovery_rate(o) FROM ten WHERE false;

-- Grouped, and in a window.
SELECT label < 'f' AS early, recovery_rate(o), outcome_summary(o)
FROM ten GROUP BY 1 ORDER BY 1;
SELECT label, recovery_rate(o) OVER (ORDER BY label ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
FROM ten WHERE label <= 'e' ORDER BY label;

-- Parallel plans: partial aggregates combined across workers give the
-- serial answer, which equals counting the flags with plain SQL.
CREATE TABLE outcomes_big AS
SELECT (i % 7) AS service,
       classify((i * 7) % 28, (i * 13) % 28, CASE WHEN i % 5 = 0 THEN 'mi_alone' ELSE 'gad7' END,
                CASE WHEN i % 5 = 0 THEN 1 + (i % 401) / 100.0 ELSE (i * 3) % 22 END,
                CASE WHEN i % 11 = 0 THEN NULL WHEN i % 5 = 0 THEN 1 + ((i * 17) % 401) / 100.0 ELSE (i * 5) % 22 END,
                i % 9, i % 13 <> 0) AS o
FROM generate_series(1, 300000) i;
ANALYZE outcomes_big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT service, recovery_rate(o), outcome_summary(o) FROM outcomes_big GROUP BY service;
CREATE TEMP TABLE par AS
SELECT service, outcome_summary(o) s, recovery_rate(o) r, reliable_recovery_rate(o) rr,
       reliable_improvement_rate(o) ri, reliable_deterioration_rate(o) rd
FROM outcomes_big GROUP BY service;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS
SELECT service, outcome_summary(o) s, recovery_rate(o) r, reliable_recovery_rate(o) rr,
       reliable_improvement_rate(o) ri, reliable_deterioration_rate(o) rd
FROM outcomes_big GROUP BY service;
CREATE TEMP TABLE by_hand AS
SELECT service,
       count(*) FILTER (WHERE finished(o) AND recovered(o))::float8
         / nullif(count(*) FILTER (WHERE finished(o)) - count(*) FILTER (WHERE finished(o) AND not_case_at_start(o)), 0) AS r,
       count(*) FILTER (WHERE finished(o) AND reliably_recovered(o))::float8
         / nullif(count(*) FILTER (WHERE finished(o)) - count(*) FILTER (WHERE finished(o) AND not_case_at_start(o)), 0) AS rr,
       count(*) FILTER (WHERE finished(o) AND reliably_improved(o))::float8 / nullif(count(*) FILTER (WHERE finished(o)), 0) AS ri,
       count(*) FILTER (WHERE finished(o) AND reliably_deteriorated(o))::float8 / nullif(count(*) FILTER (WHERE finished(o)), 0) AS rd,
       count(*) FILTER (WHERE finished(o) AND NOT paired(o)) AS not_paired
FROM outcomes_big GROUP BY service;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS services,
       count(*) FILTER (WHERE par.s = ser.s AND par.r = ser.r AND par.rr = ser.rr
                        AND par.ri = ser.ri AND par.rd = ser.rd) AS parallel_equals_serial,
       count(*) FILTER (WHERE h.r = ser.r AND h.rr = ser.rr AND h.ri = ser.ri AND h.rd = ser.rd
                        AND h.not_paired = (ser.s).not_paired) AS equals_plain_sql
FROM par JOIN ser USING (service) JOIN by_hand h USING (service);
SELECT service, (s).referrals, (s).finished, (s).recovered, round(r::numeric, 6) AS recovery_rate
FROM ser ORDER BY service LIMIT 3;
DROP TABLE outcomes_big;

-- The published national figures. For each deprivation decile of 2024-25
-- and 2017-18 (NHS Talking Therapies annual reports, England), build a
-- population of outcomes with the published counts (finished, not at
-- caseness, recovered, reliably recovered, improved, deteriorated, no
-- reliable change), then check that the aggregates give back the published
-- percentages. This checks the denominators: recovery over (finished - not
-- at caseness), improvement and deterioration over finished.
CREATE TEMP TABLE published (reporting_period text, decile text, measure text, statistic text, value numeric);
\copy published FROM PROGRAM 'gzip -dc data/nhs_talking_therapies_england_by_deprivation.csv.gz' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE pub AS
SELECT reporting_period, decile,
       max(value) FILTER (WHERE measure = 'finished_course_treatment' AND statistic = 'count')::int AS finished,
       max(value) FILTER (WHERE measure = 'not_at_caseness' AND statistic = 'count')::int AS not_case,
       max(value) FILTER (WHERE measure = 'recovery' AND statistic = 'count')::int AS recovered,
       max(value) FILTER (WHERE measure = 'reliable_recovery' AND statistic = 'count')::int AS reliably_recovered,
       max(value) FILTER (WHERE measure = 'improvement' AND statistic = 'count')::int AS improved,
       max(value) FILTER (WHERE measure = 'deterioration' AND statistic = 'count')::int AS deteriorated,
       max(value) FILTER (WHERE measure = 'no_reliable_change' AND statistic = 'count')::int AS no_change,
       max(value) FILTER (WHERE measure = 'recovery' AND statistic = 'percentage') AS recovery_pct,
       max(value) FILTER (WHERE measure = 'reliable_recovery' AND statistic = 'percentage') AS reliable_recovery_pct,
       max(value) FILTER (WHERE measure = 'improvement' AND statistic = 'percentage') AS improvement_pct,
       max(value) FILTER (WHERE measure = 'deterioration' AND statistic = 'percentage') AS deterioration_pct
FROM published
WHERE reporting_period IN ('2017-18', '2024-25') AND decile ~ '^[0-9]'
GROUP BY 1, 2;
-- Outcome literals, one per kind of referral (flags checked in outcome.sql):
CREATE TEMP TABLE population AS
SELECT p.reporting_period, p.decile, k.o
FROM pub p
CROSS JOIN LATERAL (VALUES
    ('finished, phq9 18->7, gad7 12->5'::outcome,   p.reliably_recovered),                       -- recovered, improved
    ('finished, phq9 10->9, gad7 8->7',             p.recovered - p.reliably_recovered),         -- recovered, no change
    ('finished, phq9 20->12, gad7 15->10',          p.improved - p.reliably_recovered),          -- improved, still a case
    ('finished, phq9 12->20, gad7 10->15',          p.deteriorated),                             -- deteriorated
    ('finished, phq9 5->5, gad7 4->4',              p.not_case),                                 -- not at caseness, no change
    ('finished, phq9 12->12, gad7 10->10',
        p.no_change - (p.recovered - p.reliably_recovered) - p.not_case),                       -- case, no change
    ('finished, phq9 15, gad7 12',
        p.finished - p.improved - p.deteriorated - p.no_change)                                  -- not paired
) AS k(o, n)
CROSS JOIN LATERAL generate_series(1, k.n);
SELECT count(*) AS period_deciles,
       count(*) FILTER (WHERE s.finished = p.finished AND s.not_at_caseness = p.not_case
                        AND s.recovered = p.recovered AND s.reliably_recovered = p.reliably_recovered
                        AND s.reliably_improved = p.improved AND s.reliably_deteriorated = p.deteriorated
                        AND s.no_reliable_change = p.no_change) AS counts_equal,
       count(*) FILTER (WHERE round(100 * s.recovery_rate::numeric, 1) = p.recovery_pct
                        AND round(100 * s.reliable_recovery_rate::numeric, 1) = p.reliable_recovery_pct
                        AND round(100 * s.reliable_improvement_rate::numeric, 1) = p.improvement_pct
                        AND round(100 * s.reliable_deterioration_rate::numeric, 1) = p.deterioration_pct)
         AS published_percentages_reproduced
FROM pub p
JOIN (SELECT reporting_period, decile, (outcome_summary(o)).* FROM population GROUP BY 1, 2) s
  USING (reporting_period, decile);
SELECT reporting_period, decile, p.recovery_pct AS published_recovery,
       round(100 * recovery_rate(o)::numeric, 1) AS iapt_ews_recovery
FROM population JOIN pub p USING (reporting_period, decile)
WHERE decile IN ('01 Least deprived', '10 Most deprived')
GROUP BY 1, 2, 3 ORDER BY 1, 2;

-- The same rates from counts (published statistics). By hand: 3 recovered
-- of 8 finished, 2 not at caseness -> 3 / 6 = 0.5; 4 improved of 8 -> 0.5;
-- 1 deteriorated of 8 -> 0.125; 2 reliably recovered -> 2 / 6. They agree
-- with the aggregates over the ten referrals above.
SELECT recovery_rate(3, 8, 2), reliable_recovery_rate(2, 8, 2) = 2.0 / 6 AS reliable_recovery_is_2_of_6,
       reliable_improvement_rate(4, 8), reliable_deterioration_rate(1, 8);
SELECT recovery_rate(o) = recovery_rate(3, 8, 2) AS recovery_agrees,
       reliable_recovery_rate(o) = reliable_recovery_rate(2, 8, 2) AS reliable_recovery_agrees,
       reliable_improvement_rate(o) = reliable_improvement_rate(4, 8) AS improvement_agrees,
       reliable_deterioration_rate(o) = reliable_deterioration_rate(1, 8) AS deterioration_agrees
FROM ten;
-- Edges: a denominator of 0 gives NULL (everyone finished not at caseness,
-- nobody finished); a NULL count gives NULL (STRICT); every referral
-- recovered gives 1; the largest bigint is still a count.
SELECT recovery_rate(0, 5, 5) AS all_not_at_caseness, reliable_recovery_rate(0, 0, 0) AS none_finished,
       reliable_improvement_rate(0, 0) AS improvement_none_finished,
       reliable_deterioration_rate(0, 0) AS deterioration_none_finished,
       recovery_rate(NULL, 8, 2) AS null_count, reliable_improvement_rate(8, NULL) AS null_finished,
       recovery_rate(6, 8, 2) AS all_recovered, recovery_rate(1, 2, 1) AS one_of_one,
       reliable_deterioration_rate(9223372036854775807, 9223372036854775807) AS bigint_max;
-- Counts that cannot be: negative, a part larger than its whole (also a
-- recovered referral when the denominator is 0).
SELECT recovery_rate(-1, 8, 2);
SELECT recovery_rate(3, -8, 2);
SELECT reliable_recovery_rate(3, 8, -2);
SELECT recovery_rate(3, 8, 9);
SELECT recovery_rate(7, 8, 2);
SELECT reliable_recovery_rate(1, 5, 5);
SELECT reliable_improvement_rate(9, 8);
SELECT reliable_deterioration_rate(1, 0);
