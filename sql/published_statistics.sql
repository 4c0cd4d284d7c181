-- The published NHS Talking Therapies annual statistics for 2024-25, every
-- level (England, region, ICB, sub-ICB, provider) and every split (Total,
-- age, gender, ethnicity, IMD decile, ...): each published percentage of
-- recovery, reliable recovery, reliable improvement and deterioration must
-- come back from the published counts through the extension's own rate rule
-- (recovery_rate(recovered, finished, not_at_caseness) and friends, the C
-- code the rate aggregates use; docs/recovery.md, "Rates from counts").
-- Rebuilding outcomes one by one, as outcome_agg.sql does for the England
-- deprivation deciles, would mean tens of millions of rows here.
SET search_path = iapt_ews, public;

CREATE TEMP TABLE published (
    reporting_period text, org_type text, org_code text, org_name text,
    variable_type text, variable_a text, variable_b text,
    measure_name text, measure_statistic text, value text);
\copy published FROM PROGRAM 'gzip -dc data/nhs_talking_therapies_annual_2024_25.csv.gz' WITH (FORMAT csv, HEADER)
SELECT count(*) AS rows_loaded, count(DISTINCT reporting_period) AS periods,
       count(*) FILTER (WHERE value = '*') AS suppressed, count(*) FILTER (WHERE value IS NULL) AS not_applicable
FROM published;

-- The levels NHS England publishes, in order. 'CCG' is the sub-ICB level;
-- the 2024-25 file has none (0 below), which the output shows rather than hides.
CREATE TEMP TABLE level (org_type text PRIMARY KEY, level text);
INSERT INTO level VALUES ('England', '1 England'), ('Commissioning Region', '2 region'),
    ('ICB', '3 ICB'), ('CCG', '4 sub-ICB'), ('Provider', '5 provider');
SELECT l.level, count(DISTINCT p.org_code) AS organisations, count(p.*) AS published_rows
FROM level l LEFT JOIN published p USING (org_type)
GROUP BY l.level ORDER BY l.level;
SELECT DISTINCT org_type AS unknown_level FROM published WHERE org_type NOT IN (SELECT org_type FROM level);

-- One row per organisation and split cell, the counts and percentages side
-- by side (text: '*' is suppressed, NULL not applicable).
CREATE TEMP TABLE cell AS
SELECT row_number() OVER (ORDER BY org_type, org_code, variable_type, variable_a, variable_b) AS cell_id,
       org_type, org_code, variable_type, variable_a, variable_b,
       max(value) FILTER (WHERE measure_name = 'finished_course_treatment' AND measure_statistic = 'count') AS finished,
       max(value) FILTER (WHERE measure_name = 'not_at_caseness' AND measure_statistic = 'count') AS not_at_caseness,
       max(value) FILTER (WHERE measure_name = 'at_caseness' AND measure_statistic = 'count') AS at_caseness,
       max(value) FILTER (WHERE measure_name = 'recovery' AND measure_statistic = 'count') AS recovered,
       max(value) FILTER (WHERE measure_name = 'reliable_recovery' AND measure_statistic = 'count') AS reliably_recovered,
       max(value) FILTER (WHERE measure_name = 'improvement' AND measure_statistic = 'count') AS improved,
       max(value) FILTER (WHERE measure_name = 'deterioration' AND measure_statistic = 'count') AS deteriorated,
       max(value) FILTER (WHERE measure_name = 'recovery' AND measure_statistic = 'percentage') AS recovery_pct,
       max(value) FILTER (WHERE measure_name = 'reliable_recovery' AND measure_statistic = 'percentage') AS reliable_recovery_pct,
       max(value) FILTER (WHERE measure_name = 'improvement' AND measure_statistic = 'percentage') AS improvement_pct,
       max(value) FILTER (WHERE measure_name = 'deterioration' AND measure_statistic = 'percentage') AS deterioration_pct,
       count(*) AS published_rows
FROM published GROUP BY org_type, org_code, variable_type, variable_a, variable_b;
-- Each cell is published once: no two rows for one measure.
SELECT count(*) AS cells, count(*) FILTER (WHERE published_rows <> 14) AS cells_without_14_measures FROM cell;

-- One row per published percentage. over_caseness: the denominator is
-- finished - not at caseness (recovery, reliable recovery), else finished.
CREATE TEMP TABLE rate_row AS
SELECT c.cell_id, l.level, c.org_type, c.org_code, c.variable_type, c.variable_a, c.variable_b,
       r.rate, r.over_caseness, r.numerator, c.finished,
       CASE WHEN r.over_caseness THEN c.not_at_caseness ELSE '0' END AS not_at_caseness, r.published
FROM cell c JOIN level l USING (org_type)
CROSS JOIN LATERAL (VALUES
    ('recovery', true, c.recovered, c.recovery_pct),
    ('reliable recovery', true, c.reliably_recovered, c.reliable_recovery_pct),
    ('reliable improvement', false, c.improved, c.improvement_pct),
    ('deterioration', false, c.deteriorated, c.deterioration_pct)) AS r(rate, over_caseness, numerator, published);

-- What each row can be checked against.
--   not published: the percentage is empty (not applicable to the split);
--   suppressed: the percentage or a count it needs is '*' (or empty);
--   rounded to nothing: the rounded counts leave no room for the rate (a
--     denominator of 0, or a numerator above it: rounded finished 5, not at
--     caseness 5, recovered 5); the true counts cannot be recovered there.
-- Everything else is compared.
CREATE TEMP TABLE checked AS
SELECT *,
       CASE WHEN published IS NULL THEN 'not published'
            WHEN published = '*' OR numerator IS NULL OR numerator = '*' OR finished IS NULL OR finished = '*'
                 OR not_at_caseness IS NULL OR not_at_caseness = '*' THEN 'suppressed'
            WHEN finished::bigint - not_at_caseness::bigint <= 0
                 OR numerator::bigint > finished::bigint - not_at_caseness::bigint THEN 'rounded to nothing'
            ELSE 'compared' END AS status
FROM rate_row;

-- The tolerance, from the rounding.
-- Percentages are published rounded to the precision they are written in:
-- whole numbers, or one decimal (498 England rows). A published p stands for
-- a true percentage within h = 0.5 x 10^-decimals of p. (An England value
-- written without decimals may be a one-decimal value ending in .0: h = 0.5
-- is then looser than needed, never wrong.)
-- England counts are exact, so there the tolerance is h.
-- Every other count is rounded to the nearest multiple of 5 (none of them is
-- 1 to 4 or 6 to 9 in the file); a whole count n is within 2 of its nearest
-- multiple of 5. Write e = 2, N = the published numerator, D = the published
-- denominator, n and d the true ones, r = n / d <= 1:
--   N / D - n / d = (N - n) / D - r (D - d) / D,
-- so |N / D - n / d| <= (e + r x e_D) / D, where e_D, the error of D, is e for
-- finished and 2e for finished - not at caseness (two rounded counts).
-- r is bounded by min(1, (N + e) / (D - e_D)). The tolerance in percentage
-- points is h + 100 (e + e_D x r_max) / D; for a provider with 100 finished
-- and a 50% improvement rate that is 0.5 + 100 (2 + 2 x 0.53) / 100 = 3.6.
-- The bound is reached: a true 7 improved of 8 finished (87.5%, published
-- 88) is published as 5 of 10 (50%), 38 points away, tolerance 38.
-- 1e-9 absorbs the float8 of the rate.
CREATE TEMP TABLE compared AS
SELECT c.*, computed, published::numeric AS published_pct,
       half_unit + 100 * (count_error + denominator_error * r_max) / denominator + 1e-9 AS tolerance
FROM checked c
CROSS JOIN LATERAL (SELECT c.numerator::bigint AS n, c.finished::bigint AS f, c.not_at_caseness::bigint AS nc,
                           c.finished::bigint - c.not_at_caseness::bigint AS denominator,
                           CASE WHEN c.org_type = 'England' THEN 0 ELSE 2 END AS count_error,
                           CASE WHEN c.org_type = 'England' THEN 0 WHEN c.over_caseness THEN 4 ELSE 2 END AS denominator_error,
                           0.5 / 10::numeric ^ length(split_part(c.published, '.', 2)) AS half_unit) k
CROSS JOIN LATERAL (SELECT 100 * (CASE c.rate
                               WHEN 'recovery' THEN recovery_rate(n, f, nc)
                               WHEN 'reliable recovery' THEN reliable_recovery_rate(n, f, nc)
                               WHEN 'reliable improvement' THEN reliable_improvement_rate(n, f)
                               WHEN 'deterioration' THEN reliable_deterioration_rate(n, f) END)::numeric AS computed,
                           CASE WHEN denominator > denominator_error
                                THEN least(1, (n + count_error)::numeric / (denominator - denominator_error))
                                ELSE 1 END AS r_max) x
WHERE c.status = 'compared';
ANALYZE cell, checked, compared;

-- Counts per level and split.
SELECT l.level, c.variable_type AS split,
       count(*) FILTER (WHERE c.status <> 'not published') AS percentages_published,
       count(*) FILTER (WHERE c.status = 'compared') AS compared,
       count(*) FILTER (WHERE abs(m.computed - m.published_pct) <= m.tolerance) AS agreeing,
       count(*) FILTER (WHERE c.status = 'suppressed') AS skipped_suppressed,
       count(*) FILTER (WHERE c.status = 'rounded to nothing') AS skipped_rounded_to_nothing,
       count(*) FILTER (WHERE c.status = 'not published') AS not_published
FROM level l
LEFT JOIN checked c USING (level)
LEFT JOIN compared m USING (cell_id, rate)
GROUP BY ROLLUP (1, 2) ORDER BY 1, 2;
-- By level and rate: how close, and how wide the tolerance is.
SELECT level, rate, count(*) AS compared, count(*) FILTER (WHERE abs(computed - published_pct) <= tolerance) AS agreeing,
       round(max(abs(computed - published_pct)), 2) AS max_difference,
       round(avg(tolerance), 2) AS mean_tolerance,
       count(*) FILTER (WHERE tolerance < 1) AS tolerance_below_1_point,
       round(max(abs(computed - published_pct) - tolerance), 2) AS max_difference_minus_tolerance
FROM compared GROUP BY level, rate ORDER BY level, rate;
-- Every disagreement (none expected).
SELECT level, org_code, variable_type, variable_a, variable_b, rate, numerator, finished, not_at_caseness,
       published_pct, round(computed, 3) AS computed, round(tolerance, 3) AS tolerance
FROM compared WHERE abs(computed - published_pct) > tolerance
ORDER BY level, org_code, variable_type, variable_a, variable_b, rate;

-- England in total, by hand: recovered 321,061 of 670,419 finished minus
-- 35,234 not at caseness = 635,185 -> 50.546%, published 50.5.
SELECT rate, numerator, finished, not_at_caseness, published_pct, round(computed, 3) AS computed
FROM compared WHERE org_type = 'England' AND variable_type = 'Total' ORDER BY rate;

-- The check can fail. With the wrong denominators (recovery over the
-- published at caseness count, improvement over finished - not at caseness)
-- many England rows, whose counts are exact, stop agreeing.
SELECT c.rate, count(*) AS england_rows,
       count(*) FILTER (WHERE abs(100 * (CASE WHEN c.over_caseness
                                              THEN c.numerator::numeric / nullif(cell.at_caseness::numeric, 0)
                                              ELSE c.numerator::numeric / nullif(c.finished::numeric - cell.not_at_caseness::numeric, 0) END)
                                  - c.published_pct) > c.tolerance) AS disagreeing_with_wrong_denominator
FROM compared c
JOIN cell USING (cell_id)
WHERE c.org_type = 'England' AND c.rate IN ('recovery', 'reliable improvement')
  AND cell.not_at_caseness ~ '^[0-9]+$' AND cell.at_caseness ~ '^[0-9]+$'
GROUP BY c.rate ORDER BY c.rate;
