-- Recovery classification: classify + the four rates, and pair_scores,
-- against the plain SQL an analyst writes today (a measure lookup table,
-- a CASE per flag, sum(...)/nullif(...) per rate; row_number() windows for
-- first and last scores), and against a limit: the same scan and grouping
-- with the cheapest aggregates that read the same columns, which no way of
-- classifying can beat by much. 1M referrals, 2M scores, built here with a
-- fixed seed so the run is self-contained; once with numeric score columns,
-- once with integer ones.
\echo
\echo == recovery classification: building 1M referrals and 2M scores
SET client_min_messages = warning;
SELECT setseed(0.2025) \gset

CREATE TABLE bench.referral AS
SELECT i AS pathway_id,
       'S' || lpad((i % 40)::text, 2, '0') AS service,
       m.code AS anxiety_measure,
       ended, sessions,
       CASE WHEN random() < 0.03 THEN NULL ELSE phq_first END AS phq9_first,
       CASE WHEN random() < 0.08 THEN NULL ELSE greatest(0, least(27, phq_first - drop_phq)) END AS phq9_last,
       CASE WHEN random() < 0.03 THEN NULL ELSE anx_first END AS anxiety_first,
       CASE WHEN random() < 0.08 THEN NULL
            WHEN m.code = 'mi_alone' THEN greatest(1, least(5, round(anx_first - drop_anx / 10.0, 2)))
            ELSE greatest(0, least(m.max_score, anx_first - drop_anx)) END AS anxiety_last
FROM (SELECT i, random() < 0.85 AS ended, floor(random() * 12)::int AS sessions,
             floor(random() * 28)::numeric AS phq_first,
             floor(random() * 16 - 3)::numeric AS drop_phq,
             floor(random() * 14 - 3)::numeric AS drop_anx,
             random() AS pick, random() AS level
      FROM generate_series(1, 1000000) i) r
CROSS JOIN LATERAL (
    SELECT code, max_score,
           CASE WHEN code = 'mi_alone' THEN round(1 + 4 * r.level::numeric, 2)
                ELSE floor(r.level::numeric * (max_score + 1)) END AS anx_first
    FROM iapt_ews.measures
    WHERE code = CASE WHEN r.pick < 0.70 THEN 'gad7' WHEN r.pick < 0.76 THEN 'mi_alone'
                      WHEN r.pick < 0.82 THEN 'spin' WHEN r.pick < 0.88 THEN 'pdss'
                      WHEN r.pick < 0.93 THEN 'oci' WHEN r.pick < 0.97 THEN 'pcl5' ELSE 'hai' END) m;

-- What an analyst keeps beside the data: the thresholds as a lookup table.
CREATE TABLE bench.measure_lookup AS
SELECT code, caseness, caseness_inclusive, reliable_change, reliable_change_inclusive FROM iapt_ews.measures;

-- Scores: 250,000 referrals x (PHQ-9 and GAD-7) x 4 contacts = 2M rows,
-- some contacts scored twice at the same time.
CREATE TABLE bench.score AS
SELECT p AS pathway_id, ms.measure,
       timestamptz '2024-04-01' + (p % 300) * interval '1 day' + c * interval '14 days'
           + CASE WHEN c = 2 AND p % 7 = 0 THEN interval '-14 days' ELSE interval '0' END AS recorded_at,
       floor(random() * CASE ms.measure WHEN 'phq9' THEN 28 ELSE 22 END)::numeric AS score
FROM generate_series(1, 250000) p, (VALUES ('phq9'), ('gad7')) ms(measure), generate_series(1, 4) c;

-- The same referrals with integer score columns, as many warehouses hold
-- them. The Mobility Inventory is recorded to two decimals and has no place
-- in an integer column: its rows become GAD-7 rows, the scores (1.00 to
-- 5.00) scaled to GAD-7's 0 to 21.
CREATE TABLE bench.referral_int AS
SELECT pathway_id, service, ended, sessions,
       CASE WHEN is_mi THEN 'gad7' ELSE anxiety_measure END AS anxiety_measure,
       phq9_first::int AS phq9_first, phq9_last::int AS phq9_last,
       CASE WHEN is_mi THEN round((anxiety_first - 1) * 5.25) ELSE anxiety_first END::int AS anxiety_first,
       CASE WHEN is_mi THEN round((anxiety_last - 1) * 5.25) ELSE anxiety_last END::int AS anxiety_last
FROM (SELECT r.*, anxiety_measure = 'mi_alone' AS is_mi FROM bench.referral r) r;

-- The analyst's caseness table for whole scores: every threshold as
-- "score >= n" ("> 5" is ">= 6" for whole numbers).
CREATE TABLE bench.caseness_int AS
SELECT code AS measure,
       CASE WHEN caseness_inclusive THEN caseness ELSE floor(caseness) + 1 END::int AS caseness,
       CASE WHEN reliable_change_inclusive THEN reliable_change ELSE floor(reliable_change) + 1 END::int AS reliable_change
FROM iapt_ews.measures WHERE decimals = 0;

CREATE TABLE bench.score_int AS
SELECT pathway_id, measure, recorded_at, score::int AS score FROM bench.score;

VACUUM ANALYZE bench.referral;
VACUUM ANALYZE bench.measure_lookup;
VACUUM ANALYZE bench.score;
VACUUM ANALYZE bench.referral_int;
VACUUM ANALYZE bench.caseness_int;
VACUUM ANALYZE bench.score_int;
RESET client_min_messages;

-- The plain SQL for the four rates. NULL scores are "not recorded": a flag
-- that depends on them is false, except that one first score at caseness
-- makes a case whatever the other says.
CREATE VIEW bench.plain_rates AS
WITH flags AS (
    SELECT r.service,
           coalesce(r.ended, false) AND coalesce(r.sessions, 0) >= 2 AS finished,
           r.phq9_first IS NOT NULL AND r.phq9_last IS NOT NULL
             AND r.anxiety_first IS NOT NULL AND r.anxiety_last IS NOT NULL AS paired,
           coalesce(r.phq9_first >= p.caseness, false)
             OR coalesce(CASE WHEN a.caseness_inclusive THEN r.anxiety_first >= a.caseness
                              ELSE r.anxiety_first > a.caseness END, false) AS case_at_start,
           coalesce(r.phq9_first < p.caseness AND CASE WHEN a.caseness_inclusive THEN r.anxiety_first < a.caseness
                                                       ELSE r.anxiety_first <= a.caseness END, false) AS not_case,
           r.phq9_last < p.caseness AND CASE WHEN a.caseness_inclusive THEN r.anxiety_last < a.caseness
                                             ELSE r.anxiety_last <= a.caseness END AS below_at_end,
           r.phq9_first - r.phq9_last >= p.reliable_change
             OR CASE WHEN a.reliable_change_inclusive THEN r.anxiety_first - r.anxiety_last >= a.reliable_change
                     ELSE r.anxiety_first - r.anxiety_last > a.reliable_change END AS decrease,
           r.phq9_last - r.phq9_first >= p.reliable_change
             OR CASE WHEN a.reliable_change_inclusive THEN r.anxiety_last - r.anxiety_first >= a.reliable_change
                     ELSE r.anxiety_last - r.anxiety_first > a.reliable_change END AS increase
    FROM bench.referral r
    JOIN bench.measure_lookup a ON a.code = r.anxiety_measure
    JOIN bench.measure_lookup p ON p.code = 'phq9'),
outcomes AS (
    SELECT service, finished, not_case,
           paired AND case_at_start AND below_at_end AS recovered,
           paired AND decrease AND NOT increase AS improved,
           paired AND increase AND NOT decrease AS deteriorated
    FROM flags)
SELECT service,
       round((sum(CASE WHEN finished AND recovered THEN 1 ELSE 0 END)::float8
         / nullif(sum(CASE WHEN finished THEN 1 ELSE 0 END) - sum(CASE WHEN finished AND not_case THEN 1 ELSE 0 END), 0))::numeric, 10) AS recovery,
       round((sum(CASE WHEN finished AND recovered AND improved THEN 1 ELSE 0 END)::float8
         / nullif(sum(CASE WHEN finished THEN 1 ELSE 0 END) - sum(CASE WHEN finished AND not_case THEN 1 ELSE 0 END), 0))::numeric, 10) AS reliable_recovery,
       round((sum(CASE WHEN finished AND improved THEN 1 ELSE 0 END)::float8
         / nullif(sum(CASE WHEN finished THEN 1 ELSE 0 END), 0))::numeric, 10) AS improvement,
       round((sum(CASE WHEN finished AND deteriorated THEN 1 ELSE 0 END)::float8
         / nullif(sum(CASE WHEN finished THEN 1 ELSE 0 END), 0))::numeric, 10) AS deterioration
FROM outcomes GROUP BY service;

CREATE VIEW bench.extension_rates AS
SELECT service,
       round(iapt_ews.recovery_rate(o)::numeric, 10) AS recovery,
       round(iapt_ews.reliable_recovery_rate(o)::numeric, 10) AS reliable_recovery,
       round(iapt_ews.reliable_improvement_rate(o)::numeric, 10) AS improvement,
       round(iapt_ews.reliable_deterioration_rate(o)::numeric, 10) AS deterioration
FROM (SELECT service, iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first,
                                         anxiety_last, sessions, ended) AS o
      FROM bench.referral) c
GROUP BY service;

-- The limit: the same scan and grouping, and the same six counts as
-- count(*) FILTERs with GAD-7's thresholds written in (no lookup, no join,
-- no CASE); its answer is not the right one.
CREATE VIEW bench.limit_rates AS
SELECT service,
       count(*) FILTER (WHERE ended AND sessions >= 2 AND phq9_first IS NOT NULL AND anxiety_first IS NOT NULL
                          AND phq9_last < 10 AND anxiety_last < 8 AND (phq9_first >= 10 OR anxiety_first >= 8)) AS recovered,
       count(*) FILTER (WHERE ended AND sessions >= 2 AND phq9_first IS NOT NULL AND anxiety_first IS NOT NULL
                          AND phq9_last < 10 AND anxiety_last < 8 AND (phq9_first >= 10 OR anxiety_first >= 8)
                          AND (phq9_first - phq9_last >= 6 OR anxiety_first - anxiety_last >= 4)) AS reliably_recovered,
       count(*) FILTER (WHERE ended AND sessions >= 2 AND phq9_first - phq9_last >= 6 AND anxiety_last - anxiety_first < 4) AS improved,
       count(*) FILTER (WHERE ended AND sessions >= 2 AND phq9_last - phq9_first >= 6 AND anxiety_first - anxiety_last < 4) AS deteriorated,
       count(*) FILTER (WHERE ended AND sessions >= 2) AS finished,
       count(*) FILTER (WHERE ended AND sessions >= 2 AND phq9_first < 10 AND anxiety_first < 8) AS not_case
FROM bench.referral GROUP BY service;

-- Recovery rate by anxiety measure over integer scores: the analyst joins
-- the caseness table and counts with FILTER. A recovery needs all four
-- scores; "not at caseness" needs both first scores below caseness.
CREATE VIEW bench.plain_recovery_by_measure AS
SELECT r.anxiety_measure,
       count(*) FILTER (WHERE r.ended AND r.sessions >= 2
                          AND r.phq9_first IS NOT NULL AND r.anxiety_first IS NOT NULL
                          AND r.phq9_last IS NOT NULL AND r.anxiety_last IS NOT NULL
                          AND (r.phq9_first >= 10 OR r.anxiety_first >= c.caseness)
                          AND r.phq9_last < 10 AND r.anxiety_last < c.caseness)::float8
       / nullif(count(*) FILTER (WHERE r.ended AND r.sessions >= 2)
                - count(*) FILTER (WHERE r.ended AND r.sessions >= 2
                                     AND r.phq9_first < 10 AND r.anxiety_first < c.caseness), 0) AS recovery_rate
FROM bench.referral_int r JOIN bench.caseness_int c ON c.measure = r.anxiety_measure
GROUP BY r.anxiety_measure;

CREATE VIEW bench.extension_recovery_by_measure AS
SELECT anxiety_measure,
       iapt_ews.recovery_rate(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first,
                                                anxiety_last, sessions, ended)) AS recovery_rate
FROM bench.referral_int GROUP BY anxiety_measure;

-- The limit: the same count(*) FILTERs with GAD-7's caseness written in.
CREATE VIEW bench.limit_recovery_by_measure AS
SELECT anxiety_measure,
       count(*) FILTER (WHERE ended AND sessions >= 2
                          AND phq9_first IS NOT NULL AND anxiety_first IS NOT NULL
                          AND phq9_last IS NOT NULL AND anxiety_last IS NOT NULL
                          AND (phq9_first >= 10 OR anxiety_first >= 8)
                          AND phq9_last < 10 AND anxiety_last < 8)::float8
       / nullif(count(*) FILTER (WHERE ended AND sessions >= 2)
                - count(*) FILTER (WHERE ended AND sessions >= 2 AND phq9_first < 10 AND anxiety_first < 8), 0) AS recovery_rate
FROM bench.referral_int GROUP BY anxiety_measure;

-- First and last score per referral and measure: the window-function way
-- (one sort per ordering) and pair_scores, over numeric scores (bench.score)
-- and integer ones (bench.score_int); the limit counts the same groups.
DO $$
DECLARE
    suffix text;
BEGIN
    FOREACH suffix IN ARRAY ARRAY['', '_int'] LOOP
        EXECUTE format($v$
            CREATE VIEW bench.plain_pairs%1$s AS
            WITH ranked AS (
                SELECT pathway_id, measure, score,
                       row_number() OVER (PARTITION BY pathway_id, measure ORDER BY recorded_at, score DESC) AS from_start,
                       row_number() OVER (PARTITION BY pathway_id, measure ORDER BY recorded_at DESC, score DESC) AS from_end
                FROM bench.score%1$s)
            SELECT pathway_id, measure,
                   max(score) FILTER (WHERE from_start = 1) AS first_score,
                   max(score) FILTER (WHERE from_end = 1) AS last_score
            FROM ranked GROUP BY pathway_id, measure$v$, suffix);
        EXECUTE format($v$
            CREATE VIEW bench.extension_pairs%1$s AS
            SELECT pathway_id, measure, iapt_ews.first_score(p) AS first_score, iapt_ews.last_score(p) AS last_score
            FROM (SELECT pathway_id, measure, iapt_ews.pair_scores(recorded_at, score) AS p
                  FROM bench.score%1$s GROUP BY pathway_id, measure) s$v$, suffix);
        EXECUTE format($v$
            CREATE VIEW bench.limit_pairs%1$s AS
            SELECT pathway_id, measure, count(*) AS scores FROM bench.score%1$s GROUP BY pathway_id, measure$v$, suffix);
    END LOOP;
END $$;

-- Every work once, at the current max_parallel_workers_per_gather.
CREATE FUNCTION bench.recovery_works() RETURNS SETOF bench.results LANGUAGE sql AS $$
SELECT * FROM bench.compare('classify + 4 rates, 1M referrals, numeric scores',
                            'SELECT * FROM bench.extension_rates', 'SELECT * FROM bench.plain_rates',
                            limit_query => 'SELECT * FROM bench.limit_rates')
UNION ALL
SELECT * FROM bench.compare('recovery_rate by measure, 1M referrals, integer scores',
                            'SELECT * FROM bench.extension_recovery_by_measure',
                            'SELECT * FROM bench.plain_recovery_by_measure', runs => 5,
                            extension_check => 'SELECT anxiety_measure, round(recovery_rate::numeric, 10) FROM bench.extension_recovery_by_measure',
                            plain_check => 'SELECT anxiety_measure, round(recovery_rate::numeric, 10) FROM bench.plain_recovery_by_measure',
                            limit_query => 'SELECT * FROM bench.limit_recovery_by_measure')
UNION ALL
SELECT * FROM bench.compare('pair_scores, 2M numeric scores, 500k groups',
                            'SELECT * FROM bench.extension_pairs', 'SELECT * FROM bench.plain_pairs',
                            limit_query => 'SELECT * FROM bench.limit_pairs')
UNION ALL
SELECT * FROM bench.compare('pair_scores, 2M integer scores, 500k groups',
                            'SELECT * FROM bench.extension_pairs_int', 'SELECT * FROM bench.plain_pairs_int',
                            limit_query => 'SELECT * FROM bench.limit_pairs_int')
$$;

-- Columns: the plain SQL's time, the extension's, the speed-up, the limit's
-- time and how many times the limit the extension takes.
\echo == one core (max_parallel_workers_per_gather = 0)
SET max_parallel_workers_per_gather = 0;
SELECT capability, plain_sql_ms, extension_ms, speedup AS "speed-up vs plain SQL", limit_ms,
       round((extension_ms / limit_ms)::numeric, 2) AS "extension / limit", same_answer
FROM bench.recovery_works();

\echo == parallel (max_parallel_workers_per_gather = 2)
SET max_parallel_workers_per_gather = 2;
SELECT capability, plain_sql_ms, extension_ms, speedup AS "speed-up vs plain SQL", limit_ms,
       round((extension_ms / limit_ms)::numeric, 2) AS "extension / limit", same_answer
FROM bench.recovery_works();

\echo == speed-up of the extension from 0 to 2 parallel workers
SELECT one.capability, one.extension_ms AS ms_0_workers, two.extension_ms AS ms_2_workers,
       round((one.extension_ms / two.extension_ms)::numeric, 2) AS "speed-up"
FROM bench.results one JOIN bench.results two USING (capability)
WHERE one.workers = 0 AND two.workers = 2
ORDER BY 1;
RESET max_parallel_workers_per_gather;
