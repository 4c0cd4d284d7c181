-- step: 337
-- object: equality_metrics_published
-- kind: view
-- layer: reports
-- reads: equality_metrics
CREATE VIEW equality_metrics_published WITH (security_barrier = true) AS
-- Everything from the published (rounded) counts, so that the rates, their
-- intervals, the gaps and the gradient give back nothing the counts do not.
WITH suppressed AS (
    SELECT e.month, e.level, e.group_type, e.organisation_code, e.organisation_name, e.split_type, e.split_value,
           e.reference_group,
           iapt_ews.suppress(e.count_access) AS count_access,
           iapt_ews.suppress(e.count_finished_course_treatment) AS count_finished_course_treatment,
           iapt_ews.suppress(e.count_not_at_caseness) AS count_not_at_caseness,
           iapt_ews.suppress(e.count_recovery) AS count_recovery,
           iapt_ews.suppress(e.count_reliable_recovery) AS count_reliable_recovery,
           iapt_ews.suppress(e.count_finished_course_treatment - e.count_not_at_caseness) AS recovery_denominator,
           -- The organisation's totals (its key_metrics row): the categories
           -- of a split add up to them.
           iapt_ews.suppress(sum(e.count_access) OVER w) AS total_access,
           iapt_ews.suppress(sum(e.count_finished_course_treatment) OVER w) AS total_finished,
           iapt_ews.suppress(sum(e.count_not_at_caseness) OVER w) AS total_not_at_caseness,
           iapt_ews.suppress(sum(e.count_recovery) OVER w) AS total_recovery,
           iapt_ews.suppress(sum(e.count_reliable_recovery) OVER w) AS total_reliable_recovery
    FROM equality_metrics e
    WINDOW w AS (PARTITION BY e.month, e.level, e.organisation_code, e.split_type)),
-- Secondary suppression (iapt_ews.suppress_part, suppress_total): no
-- withheld count is shown non-zero by differencing, neither a count not at
-- caseness from the finished courses and the recovery denominator beside
-- it (each row, before and after), nor a category from the organisation's
-- total (each split).
by_row AS (
    SELECT s.*,
           iapt_ews.suppress_total(s.count_finished_course_treatment,
                                   ARRAY[s.count_not_at_caseness, s.recovery_denominator]) AS finished_shown,
           iapt_ews.suppress_part(s.count_not_at_caseness, s.count_finished_course_treatment,
                                  ARRAY[s.count_not_at_caseness, s.recovery_denominator]) AS not_at_caseness_shown,
           iapt_ews.suppress_part(s.recovery_denominator, s.count_finished_course_treatment,
                                  ARRAY[s.count_not_at_caseness, s.recovery_denominator]) AS recovery_denominator_shown
    FROM suppressed s),
by_category AS (
    SELECT s.month, s.level, s.group_type, s.organisation_code, s.organisation_name, s.split_type, s.split_value,
           s.reference_group,
           iapt_ews.suppress_part(s.count_access, s.total_access, array_agg(s.count_access) OVER w) AS count_access,
           iapt_ews.suppress_part(s.finished_shown, s.total_finished,
                                  array_agg(s.finished_shown) OVER w) AS count_finished_course_treatment,
           iapt_ews.suppress_part(s.not_at_caseness_shown, s.total_not_at_caseness,
                                  array_agg(s.not_at_caseness_shown) OVER w) AS count_not_at_caseness,
           iapt_ews.suppress_part(s.count_recovery, s.total_recovery, array_agg(s.count_recovery) OVER w) AS count_recovery,
           iapt_ews.suppress_part(s.count_reliable_recovery, s.total_reliable_recovery,
                                  array_agg(s.count_reliable_recovery) OVER w) AS count_reliable_recovery,
           s.recovery_denominator_shown AS recovery_denominator
    FROM by_row s
    WINDOW w AS (PARTITION BY s.month, s.level, s.organisation_code, s.split_type)),
published AS (
    SELECT c.month, c.level, c.group_type, c.organisation_code, c.organisation_name, c.split_type, c.split_value,
           c.reference_group, c.count_access,
           iapt_ews.suppress_total(c.count_finished_course_treatment,
                                   ARRAY[c.count_not_at_caseness, c.recovery_denominator]) AS count_finished_course_treatment,
           iapt_ews.suppress_part(c.count_not_at_caseness, c.count_finished_course_treatment,
                                  ARRAY[c.count_not_at_caseness, c.recovery_denominator]) AS count_not_at_caseness,
           c.count_recovery, c.count_reliable_recovery,
           iapt_ews.suppress_part(c.recovery_denominator, c.count_finished_course_treatment,
                                  ARRAY[c.count_not_at_caseness, c.recovery_denominator]) AS recovery_denominator
    FROM by_category c),
-- Across the levels: England's count of a group is the sum of each
-- level's organisations' counts of it, so each count is checked in that
-- sum too (the window form of suppress_part, as key_metrics_published),
-- and every rate, interval, gap and index below reads what is left.
by_level AS (
    SELECT p.month, p.level, p.group_type, p.organisation_code, p.organisation_name, p.split_type, p.split_value,
           p.reference_group,
           iapt_ews.suppress_part(p.count_access, CASE WHEN p.level <> 'national' THEN max(p.count_access) FILTER (WHERE p.level = 'national') OVER england END,
                                  count(*) FILTER (WHERE p.count_access IS NULL) OVER level_parts,
                                  (sum(p.count_access + 2) OVER level_parts)::bigint, min(p.count_access) OVER level_parts) AS count_access,
           iapt_ews.suppress_part(p.count_finished_course_treatment, CASE WHEN p.level <> 'national' THEN max(p.count_finished_course_treatment) FILTER (WHERE p.level = 'national') OVER england END,
                                  count(*) FILTER (WHERE p.count_finished_course_treatment IS NULL) OVER level_parts,
                                  (sum(p.count_finished_course_treatment + 2) OVER level_parts)::bigint, min(p.count_finished_course_treatment) OVER level_parts) AS count_finished_course_treatment,
           iapt_ews.suppress_part(p.count_not_at_caseness, CASE WHEN p.level <> 'national' THEN max(p.count_not_at_caseness) FILTER (WHERE p.level = 'national') OVER england END,
                                  count(*) FILTER (WHERE p.count_not_at_caseness IS NULL) OVER level_parts,
                                  (sum(p.count_not_at_caseness + 2) OVER level_parts)::bigint, min(p.count_not_at_caseness) OVER level_parts) AS count_not_at_caseness,
           iapt_ews.suppress_part(p.count_recovery, CASE WHEN p.level <> 'national' THEN max(p.count_recovery) FILTER (WHERE p.level = 'national') OVER england END,
                                  count(*) FILTER (WHERE p.count_recovery IS NULL) OVER level_parts,
                                  (sum(p.count_recovery + 2) OVER level_parts)::bigint, min(p.count_recovery) OVER level_parts) AS count_recovery,
           iapt_ews.suppress_part(p.count_reliable_recovery, CASE WHEN p.level <> 'national' THEN max(p.count_reliable_recovery) FILTER (WHERE p.level = 'national') OVER england END,
                                  count(*) FILTER (WHERE p.count_reliable_recovery IS NULL) OVER level_parts,
                                  (sum(p.count_reliable_recovery + 2) OVER level_parts)::bigint, min(p.count_reliable_recovery) OVER level_parts) AS count_reliable_recovery,
           iapt_ews.suppress_part(p.recovery_denominator, CASE WHEN p.level <> 'national' THEN max(p.recovery_denominator) FILTER (WHERE p.level = 'national') OVER england END,
                                  count(*) FILTER (WHERE p.recovery_denominator IS NULL) OVER level_parts,
                                  (sum(p.recovery_denominator + 2) OVER level_parts)::bigint, min(p.recovery_denominator) OVER level_parts) AS recovery_denominator
    FROM published p
    WINDOW england AS (PARTITION BY p.month, p.split_type, p.split_value),
           level_parts AS (PARTITION BY p.month, p.level, p.split_type, p.split_value)),
rated AS (
    SELECT p.*, r.rate AS recovery_rate, r.ci_low AS recovery_rate_ci_low, r.ci_high AS recovery_rate_ci_high,
           rr.rate AS reliable_recovery_rate, rr.ci_low AS reliable_recovery_rate_ci_low, rr.ci_high AS reliable_recovery_rate_ci_high
    FROM by_level p
    LEFT JOIN LATERAL iapt_ews.proportion_interval(p.count_recovery, p.recovery_denominator) r
         ON p.count_recovery <= p.recovery_denominator
    LEFT JOIN LATERAL iapt_ews.proportion_interval(p.count_reliable_recovery, p.recovery_denominator) rr
         ON p.count_reliable_recovery <= p.recovery_denominator),
gradient AS (
    SELECT month, level, organisation_code,
           iapt_ews.slope_index_of_inequality(recovery_rate, split_value::float8, recovery_denominator::float8) AS recovery_sii,
           iapt_ews.relative_index_of_inequality(recovery_rate, split_value::float8, recovery_denominator::float8) AS recovery_rii
    FROM rated
    WHERE split_type = 'imd_decile' AND split_value <> 'Not known' AND recovery_rate IS NOT NULL
    GROUP BY 1, 2, 3)
SELECT g.month, g.level, g.group_type, g.organisation_code, g.organisation_name, g.split_type, g.split_value,
       g.count_access, g.count_finished_course_treatment, g.count_not_at_caseness, g.count_recovery, g.count_reliable_recovery,
       g.recovery_denominator,
       round(g.recovery_rate::numeric, 4) AS recovery_rate,
       round(g.recovery_rate_ci_low::numeric, 4) AS recovery_rate_ci_low,
       round(g.recovery_rate_ci_high::numeric, 4) AS recovery_rate_ci_high,
       round(g.reliable_recovery_rate::numeric, 4) AS reliable_recovery_rate,
       round(g.reliable_recovery_rate_ci_low::numeric, 4) AS reliable_recovery_rate_ci_low,
       round(g.reliable_recovery_rate_ci_high::numeric, 4) AS reliable_recovery_rate_ci_high,
       g.reference_group,
       -- The gaps and Newcombe's interval of each from the two published
       -- Wilson intervals: compare_rates of the published counts, so that
       -- the formula is written once, in C (src/compare_rates.c).
       round(rg.difference::numeric, 4) AS recovery_gap,
       round(rg.ci_low::numeric, 4) AS recovery_gap_ci_low,
       round(rg.ci_high::numeric, 4) AS recovery_gap_ci_high,
       round(rrg.difference::numeric, 4) AS reliable_recovery_gap,
       round(rrg.ci_low::numeric, 4) AS reliable_recovery_gap_ci_low,
       round(rrg.ci_high::numeric, 4) AS reliable_recovery_gap_ci_high,
       round(d.recovery_sii::numeric, 4) AS recovery_sii,
       round(d.recovery_rii::numeric, 4) AS recovery_rii
FROM rated g
LEFT JOIN rated f ON f.month = g.month AND f.level = g.level AND f.organisation_code = g.organisation_code
     AND f.split_type = g.split_type AND f.split_value = g.reference_group AND g.split_value <> g.reference_group
LEFT JOIN gradient d ON g.split_type = 'imd_decile' AND d.month = g.month AND d.level = g.level
     AND d.organisation_code = g.organisation_code
-- Only where both rates are published (rated leaves a rate NULL when a
-- count is withheld or the counts are no proportion): otherwise the first
-- count is NULL and compare_rates, STRICT, gives a NULL gap, as the
-- difference of the two rates did; nor is it ever given a count above its
-- denominator, which it refuses.
CROSS JOIN LATERAL iapt_ews.compare_rates(
    CASE WHEN g.recovery_rate IS NOT NULL AND f.recovery_rate IS NOT NULL THEN g.count_recovery END,
    g.recovery_denominator, f.count_recovery, f.recovery_denominator) rg
CROSS JOIN LATERAL iapt_ews.compare_rates(
    CASE WHEN g.reliable_recovery_rate IS NOT NULL AND f.reliable_recovery_rate IS NOT NULL THEN g.count_reliable_recovery END,
    g.recovery_denominator, f.count_reliable_recovery, f.recovery_denominator) rrg;
COMMENT ON VIEW equality_metrics_published IS 'equality_metrics with disclosure control: counts below 5 withheld and the rest rounded to 5, and a further count withheld where a sum (a row''s parts, a split''s groups, England''s group across a level) would give a withheld one back (iapt_ews.suppress_part); every rate, interval, gap and index computed from those published counts (a rate is withheld with either of its counts), 4 decimals; no p-values. Owner''s rights, security_barrier';
COMMENT ON COLUMN equality_metrics_published.month IS 'First day of the month: of the first treatment for count_access, of the discharge for the rest';
COMMENT ON COLUMN equality_metrics_published.level IS 'national, region, icb, sub_icb or provider; iapt_ews.report_level: compared in any case (''ICB'', ''Sub-ICB''), a name that is no level is an error, ordered national to service';
COMMENT ON COLUMN equality_metrics_published.group_type IS 'The level as NHS England names it';
COMMENT ON COLUMN equality_metrics_published.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed) or the provider';
COMMENT ON COLUMN equality_metrics_published.organisation_name IS 'Its name';
COMMENT ON COLUMN equality_metrics_published.split_type IS 'ethnic_group, bme_group, age_band, gender, gender_identity or imd_decile';
COMMENT ON COLUMN equality_metrics_published.split_value IS 'The group (equality_metrics.split_value)';
COMMENT ON COLUMN equality_metrics_published.count_access IS 'Referrals with their first treatment in the month (M031); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_not_at_caseness IS 'Finished, not at caseness at the start (M179); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_recovery IS 'Finished and moved to recovery (M191); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_reliable_recovery IS 'Finished with reliable recovery (M193); suppressed';
COMMENT ON COLUMN equality_metrics_published.recovery_denominator IS 'Finished less not at caseness, the rates'' denominator; suppressed';
COMMENT ON COLUMN equality_metrics_published.recovery_rate IS 'Published count_recovery / published recovery_denominator, a fraction; withheld with either';
COMMENT ON COLUMN equality_metrics_published.recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_rate IS 'Published count_reliable_recovery / published recovery_denominator, a fraction';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.reference_group IS 'White British (bme_group), 10 (imd_decile); NULL for the other splits';
COMMENT ON COLUMN equality_metrics_published.recovery_gap IS 'This group''s published recovery rate minus the reference group''s';
COMMENT ON COLUMN equality_metrics_published.recovery_gap_ci_low IS 'Lower end of its 95% interval: Newcombe''s hybrid score method from the two published Wilson intervals';
COMMENT ON COLUMN equality_metrics_published.recovery_gap_ci_high IS 'Upper end of the same';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_gap IS 'The same gap for reliable recovery';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_gap_ci_low IS 'Lower end of its 95% interval';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_gap_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN equality_metrics_published.recovery_sii IS 'Slope index of inequality of the published recovery rates across IMD deciles, weighted by the published denominators; imd_decile rows only';
COMMENT ON COLUMN equality_metrics_published.recovery_rii IS 'Relative index of inequality of the same';
