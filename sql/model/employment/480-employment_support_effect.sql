-- step: 480
-- object: employment_support_effect
-- kind: view
-- layer: reports
-- reads: employment_referral, referral_outcome
-- City and Hackney's question (issue 28): do finished courses with
-- employment support (NHS England's rule, employment_referral) change the
-- PHQ-9 and the anxiety measure more than those without? Per period (the
-- financial year from 1 April, the quarter, the month of discharge),
-- nationally and per provider, per diagnosis group and for all together.
-- Each comparison is shown only with at least 10 people in each arm of
-- the count it uses (too_few names the others, whose estimates are NULL).
-- The statistics are the C functions': compare_means (Welch),
-- ols_fit with ols_confidence_interval (HC1) and compare_rates (Newcombe).
CREATE VIEW employment_support_effect WITH (security_barrier = true) AS
WITH course AS (
    -- Finished courses (M076), one row each, with the period they are
    -- reported in three times over (year, quarter, month of discharge).
    SELECT e.provider_code, e.employment_support AS supported,
           -- The diagnosis group, from the provisional diagnosis as
           -- iapt_ews.anxiety_measure reads it (ICD-10, dots and case
           -- ignored); every group but the ADSM ones is scored on GAD-7.
           CASE WHEN d.code ~ '^F3[23]' THEN 'depression'
                WHEN d.code LIKE 'F412%' THEN 'mixed anxiety and depression'
                WHEN d.code LIKE 'F411%' THEN 'generalised anxiety'
                WHEN d.code LIKE 'F410%' THEN 'panic disorder'
                WHEN d.code LIKE 'F400%' THEN 'agoraphobia'
                WHEN d.code LIKE 'F401%' THEN 'social anxiety'
                WHEN d.code LIKE 'F42%' THEN 'obsessive-compulsive disorder'
                WHEN d.code LIKE 'F431%' THEN 'post-traumatic stress disorder'
                WHEN d.code LIKE 'F452%' THEN 'health anxiety'
                ELSE 'other or not recorded' END AS diagnosis_group,
           iapt_ews.anxiety_measure(o.provisional_diagnosis) AS group_measure,
           -- Employed at the start: EmployStatus 01 at the first IDS004
           -- record (in work or off sick), 0 for the others; NULL (not
           -- compared) when not stated or not recorded.
           CASE WHEN e.first_class IN ('in work', 'off sick') THEN 1
                WHEN e.first_class IN ('not employed', 'student') THEN 0 END::float8 AS employed,
           CASE WHEN o.phq9_paired THEN o.phq9_first::float8 END AS phq9_first,
           CASE WHEN o.phq9_paired THEN (o.phq9_last - o.phq9_first)::float8 END AS phq9_change,
           CASE WHEN o.anxiety_paired AND o.anxiety_measure = iapt_ews.anxiety_measure(o.provisional_diagnosis)
                THEN o.anxiety_first::float8 END AS anxiety_first,
           CASE WHEN o.anxiety_paired AND o.anxiety_measure = iapt_ews.anxiety_measure(o.provisional_diagnosis)
                THEN (o.anxiety_last - o.anxiety_first)::float8 END AS anxiety_change,
           NOT e.not_case_at_start AS case_at_start, e.recovered, e.reliably_improved,
           p.period_type, p.period_start
    FROM employment_referral e
    JOIN referral_outcome o ON o.pathway_id = e.pathway_id
    CROSS JOIN LATERAL (SELECT upper(regexp_replace(coalesce(o.provisional_diagnosis, ''), '[.[:space:]]', '', 'g')) AS code) d
    CROSS JOIN LATERAL (VALUES
        ('year', make_date(extract(year FROM e.discharge_date)::integer
                           - CASE WHEN extract(month FROM e.discharge_date) < 4 THEN 1 ELSE 0 END, 4, 1)),
        ('quarter', date_trunc('quarter', e.discharge_date)::date),
        ('month', date_trunc('month', e.discharge_date)::date)) p(period_type, period_start)
    WHERE e.finished AND e.discharge_date IS NOT NULL),
compared AS (
    -- A course enters a score comparison with paired scores and a known
    -- employment status at the start, so that the plain and the adjusted
    -- difference are over the same people.
    SELECT c.period_type, c.period_start, c.provider_code, c.diagnosis_group,
           GROUPING(c.provider_code) AS national, GROUPING(c.diagnosis_group) AS all_groups,
           min(c.group_measure) AS group_measure,
           count(*) FILTER (WHERE c.supported) AS supported_finished,
           count(*) FILTER (WHERE NOT c.supported) AS other_finished,
           count(*) FILTER (WHERE c.supported AND c.phq9_change IS NOT NULL AND c.employed IS NOT NULL) AS supported_phq9_n,
           count(*) FILTER (WHERE NOT c.supported AND c.phq9_change IS NOT NULL AND c.employed IS NOT NULL) AS other_phq9_n,
           avg(c.phq9_change) FILTER (WHERE c.supported AND c.employed IS NOT NULL) AS supported_phq9_mean,
           stddev_samp(c.phq9_change) FILTER (WHERE c.supported AND c.employed IS NOT NULL) AS supported_phq9_sd,
           avg(c.phq9_change) FILTER (WHERE NOT c.supported AND c.employed IS NOT NULL) AS other_phq9_mean,
           stddev_samp(c.phq9_change) FILTER (WHERE NOT c.supported AND c.employed IS NOT NULL) AS other_phq9_sd,
           iapt_ews.ols_fit(c.phq9_change, ARRAY[CASE WHEN c.supported THEN 1 ELSE 0 END::float8, c.phq9_first, c.employed]) AS phq9_fit,
           count(*) FILTER (WHERE c.supported AND c.anxiety_change IS NOT NULL AND c.employed IS NOT NULL) AS supported_anxiety_n,
           count(*) FILTER (WHERE NOT c.supported AND c.anxiety_change IS NOT NULL AND c.employed IS NOT NULL) AS other_anxiety_n,
           avg(c.anxiety_change) FILTER (WHERE c.supported AND c.employed IS NOT NULL) AS supported_anxiety_mean,
           stddev_samp(c.anxiety_change) FILTER (WHERE c.supported AND c.employed IS NOT NULL) AS supported_anxiety_sd,
           avg(c.anxiety_change) FILTER (WHERE NOT c.supported AND c.employed IS NOT NULL) AS other_anxiety_mean,
           stddev_samp(c.anxiety_change) FILTER (WHERE NOT c.supported AND c.employed IS NOT NULL) AS other_anxiety_sd,
           iapt_ews.ols_fit(c.anxiety_change, ARRAY[CASE WHEN c.supported THEN 1 ELSE 0 END::float8, c.anxiety_first, c.employed]) AS anxiety_fit,
           count(*) FILTER (WHERE c.supported AND c.case_at_start) AS supported_recovery_denominator,
           count(*) FILTER (WHERE NOT c.supported AND c.case_at_start) AS other_recovery_denominator,
           count(*) FILTER (WHERE c.supported AND c.recovered) AS supported_recovered,
           count(*) FILTER (WHERE NOT c.supported AND c.recovered) AS other_recovered,
           count(*) FILTER (WHERE c.supported AND c.reliably_improved) AS supported_reliably_improved,
           count(*) FILTER (WHERE NOT c.supported AND c.reliably_improved) AS other_reliably_improved
    FROM course c
    GROUP BY c.period_type, c.period_start,
             GROUPING SETS ((), (c.diagnosis_group), (c.provider_code), (c.provider_code, c.diagnosis_group))),
shown AS (
    SELECT m.*,
           least(m.supported_phq9_n, m.other_phq9_n) >= 10 AS phq9_shown,
           -- All diagnoses together mix anxiety measures: no anxiety comparison.
           m.all_groups = 0 AND least(m.supported_anxiety_n, m.other_anxiety_n) >= 10 AS anxiety_shown,
           least(m.supported_recovery_denominator, m.other_recovery_denominator) >= 10 AS recovery_shown,
           least(m.supported_finished, m.other_finished) >= 10 AS reliable_improvement_shown
    FROM compared m),
estimated AS (
    SELECT s.*,
           CASE WHEN s.phq9_shown THEN iapt_ews.compare_means(s.supported_phq9_n, s.supported_phq9_mean, s.supported_phq9_sd,
                                                             s.other_phq9_n, s.other_phq9_mean, s.other_phq9_sd) END AS phq9_welch,
           CASE WHEN s.phq9_shown THEN iapt_ews.ols_confidence_interval(s.phq9_fit, 2) END AS phq9_adjusted_ci,
           CASE WHEN s.anxiety_shown THEN iapt_ews.compare_means(s.supported_anxiety_n, s.supported_anxiety_mean, s.supported_anxiety_sd,
                                                                s.other_anxiety_n, s.other_anxiety_mean, s.other_anxiety_sd) END AS anxiety_welch,
           CASE WHEN s.anxiety_shown THEN iapt_ews.ols_confidence_interval(s.anxiety_fit, 2) END AS anxiety_adjusted_ci,
           CASE WHEN s.recovery_shown
                THEN iapt_ews.compare_rates(s.supported_recovered, s.supported_recovery_denominator,
                                            s.other_recovered, s.other_recovery_denominator) END AS recovery,
           CASE WHEN s.reliable_improvement_shown
                THEN iapt_ews.compare_rates(s.supported_reliably_improved, s.supported_finished,
                                            s.other_reliably_improved, s.other_finished) END AS reliable_improvement
    FROM shown s)
SELECT x.period_type, x.period_start,
       CASE WHEN x.national = 1 THEN 'national'::iapt_ews.report_level ELSE 'provider'::iapt_ews.report_level END AS level,
       x.provider_code,
       CASE WHEN x.all_groups = 1 THEN 'all' ELSE x.diagnosis_group END AS diagnosis_group,
       CASE WHEN x.all_groups = 0 THEN x.group_measure END AS anxiety_measure,
       array_remove(ARRAY[CASE WHEN NOT x.phq9_shown THEN 'phq9' END,
                          CASE WHEN x.all_groups = 0 AND NOT x.anxiety_shown THEN 'anxiety' END,
                          CASE WHEN NOT x.recovery_shown THEN 'recovery' END,
                          CASE WHEN NOT x.reliable_improvement_shown THEN 'reliable_improvement' END], NULL) AS too_few,
       x.supported_finished, x.other_finished,
       x.supported_phq9_n, x.other_phq9_n,
       CASE WHEN x.phq9_shown THEN x.supported_phq9_mean END AS supported_phq9_change_mean,
       CASE WHEN x.phq9_shown THEN x.supported_phq9_sd END AS supported_phq9_change_sd,
       CASE WHEN x.phq9_shown THEN x.other_phq9_mean END AS other_phq9_change_mean,
       CASE WHEN x.phq9_shown THEN x.other_phq9_sd END AS other_phq9_change_sd,
       (x.phq9_welch).difference AS phq9_difference,
       (x.phq9_welch).ci_low AS phq9_ci_low, (x.phq9_welch).ci_high AS phq9_ci_high,
       (x.phq9_welch).p_value AS phq9_p_value,
       CASE WHEN x.phq9_shown THEN (iapt_ews.ols_coefficients(x.phq9_fit))[2] END AS phq9_adjusted_difference,
       x.phq9_adjusted_ci[1] AS phq9_adjusted_ci_low, x.phq9_adjusted_ci[2] AS phq9_adjusted_ci_high,
       CASE WHEN x.phq9_shown THEN iapt_ews.ols_problem(x.phq9_fit) END AS phq9_adjusted_problem,
       CASE WHEN x.all_groups = 0 THEN x.supported_anxiety_n END AS supported_anxiety_n,
       CASE WHEN x.all_groups = 0 THEN x.other_anxiety_n END AS other_anxiety_n,
       CASE WHEN x.anxiety_shown THEN x.supported_anxiety_mean END AS supported_anxiety_change_mean,
       CASE WHEN x.anxiety_shown THEN x.supported_anxiety_sd END AS supported_anxiety_change_sd,
       CASE WHEN x.anxiety_shown THEN x.other_anxiety_mean END AS other_anxiety_change_mean,
       CASE WHEN x.anxiety_shown THEN x.other_anxiety_sd END AS other_anxiety_change_sd,
       (x.anxiety_welch).difference AS anxiety_difference,
       (x.anxiety_welch).ci_low AS anxiety_ci_low, (x.anxiety_welch).ci_high AS anxiety_ci_high,
       (x.anxiety_welch).p_value AS anxiety_p_value,
       CASE WHEN x.anxiety_shown THEN (iapt_ews.ols_coefficients(x.anxiety_fit))[2] END AS anxiety_adjusted_difference,
       x.anxiety_adjusted_ci[1] AS anxiety_adjusted_ci_low, x.anxiety_adjusted_ci[2] AS anxiety_adjusted_ci_high,
       CASE WHEN x.anxiety_shown THEN iapt_ews.ols_problem(x.anxiety_fit) END AS anxiety_adjusted_problem,
       x.supported_recovery_denominator, x.other_recovery_denominator,
       x.supported_recovered, x.other_recovered,
       (x.recovery).group_rate AS supported_recovery_rate, (x.recovery).other_rate AS other_recovery_rate,
       (x.recovery).difference AS recovery_difference,
       (x.recovery).ci_low AS recovery_ci_low, (x.recovery).ci_high AS recovery_ci_high,
       x.supported_reliably_improved, x.other_reliably_improved,
       (x.reliable_improvement).group_rate AS supported_reliable_improvement_rate,
       (x.reliable_improvement).other_rate AS other_reliable_improvement_rate,
       (x.reliable_improvement).difference AS reliable_improvement_difference,
       (x.reliable_improvement).ci_low AS reliable_improvement_ci_low,
       (x.reliable_improvement).ci_high AS reliable_improvement_ci_high
FROM estimated x;
COMMENT ON VIEW employment_support_effect IS 'Finished courses with employment support (NHS England''s rule, employment_referral) against those without, per period of discharge (financial year, quarter, month), nationally and per provider, per diagnosis group and all together: the change of PHQ-9 and of the anxiety measure (mean, SD, the difference with Welch''s 95% interval, and the difference adjusted for the first score and employment at the start by ols_fit with its HC1 interval), and recovery and reliable improvement with Newcombe intervals. A comparison with fewer than 10 people in an arm is named in too_few and its estimates are NULL. Observational: see docs/employment.md. Not suppressed';
COMMENT ON COLUMN employment_support_effect.period_type IS 'year (financial year, 1 April to 31 March), quarter or month: the period of discharge the row pools';
COMMENT ON COLUMN employment_support_effect.period_start IS 'First day of the period (1 April for a financial year)';
COMMENT ON COLUMN employment_support_effect.level IS 'national (every provider the caller may see) or provider; iapt_ews.report_level: compared in any case (''National'', ''Provider''), a name that is no level is an error, national first';
COMMENT ON COLUMN employment_support_effect.provider_code IS 'ODS code of the provider; NULL at national level';
COMMENT ON COLUMN employment_support_effect.diagnosis_group IS 'From the provisional diagnosis (ICD-10): depression (F32, F33), mixed anxiety and depression (F41.2), generalised anxiety (F41.1), panic disorder (F41.0), agoraphobia (F40.0), social anxiety (F40.1), obsessive-compulsive disorder (F42), post-traumatic stress disorder (F43.1), health anxiety (F45.2), other or not recorded; all for every group together';
COMMENT ON COLUMN employment_support_effect.anxiety_measure IS 'The anxiety measure of the diagnosis group (iapt_ews.anxiety_measure: the ADSM, else gad7); NULL for all (no anxiety comparison across measures)';
COMMENT ON COLUMN employment_support_effect.too_few IS 'The comparisons with fewer than 10 people in an arm of the count they use (phq9, anxiety, recovery, reliable_improvement), whose estimates are NULL; empty when every comparison is shown';
COMMENT ON COLUMN employment_support_effect.supported_finished IS 'Finished a course of treatment (M076) with employment support';
COMMENT ON COLUMN employment_support_effect.other_finished IS 'Finished a course of treatment without employment support';
COMMENT ON COLUMN employment_support_effect.supported_phq9_n IS 'With support: paired PHQ-9 scores and a known employment status at the start (EmployStatus at the first record, not ZZ): the people of both PHQ-9 comparisons';
COMMENT ON COLUMN employment_support_effect.other_phq9_n IS 'Without support: paired PHQ-9 scores and a known employment status at the start';
COMMENT ON COLUMN employment_support_effect.supported_phq9_change_mean IS 'With support: mean PHQ-9 change, last minus first score (negative: improved)';
COMMENT ON COLUMN employment_support_effect.supported_phq9_change_sd IS 'With support: sample standard deviation of the PHQ-9 change';
COMMENT ON COLUMN employment_support_effect.other_phq9_change_mean IS 'Without support: mean PHQ-9 change, last minus first score';
COMMENT ON COLUMN employment_support_effect.other_phq9_change_sd IS 'Without support: sample standard deviation of the PHQ-9 change';
COMMENT ON COLUMN employment_support_effect.phq9_difference IS 'supported_phq9_change_mean - other_phq9_change_mean (negative: a larger fall with support); the naive comparison (iapt_ews.compare_means)';
COMMENT ON COLUMN employment_support_effect.phq9_ci_low IS 'Lower end of the Welch 95% interval of phq9_difference';
COMMENT ON COLUMN employment_support_effect.phq9_ci_high IS 'Upper end of the Welch 95% interval of phq9_difference';
COMMENT ON COLUMN employment_support_effect.phq9_p_value IS 'Two-sided Welch t-test p-value of phq9_difference';
COMMENT ON COLUMN employment_support_effect.phq9_adjusted_difference IS 'The support coefficient of iapt_ews.ols_fit(PHQ-9 change, [supported 0/1, first PHQ-9, employed at the start 0/1]): the difference adjusted for severity and employment at the start';
COMMENT ON COLUMN employment_support_effect.phq9_adjusted_ci_low IS 'Lower end of its 95% interval, HC1 robust standard error and t with n - 4 degrees of freedom (iapt_ews.ols_confidence_interval)';
COMMENT ON COLUMN employment_support_effect.phq9_adjusted_ci_high IS 'Upper end of its 95% interval (HC1)';
COMMENT ON COLUMN employment_support_effect.phq9_adjusted_problem IS 'Why the adjusted PHQ-9 difference or its interval is NULL (iapt_ews.ols_problem: a singular design, for instance everyone employed at the start); NULL when both are there';
COMMENT ON COLUMN employment_support_effect.supported_anxiety_n IS 'With support: paired scores on the group''s anxiety measure and a known employment status at the start; NULL for all';
COMMENT ON COLUMN employment_support_effect.other_anxiety_n IS 'Without support: paired scores on the group''s anxiety measure and a known employment status at the start; NULL for all';
COMMENT ON COLUMN employment_support_effect.supported_anxiety_change_mean IS 'With support: mean change of the anxiety measure, last minus first';
COMMENT ON COLUMN employment_support_effect.supported_anxiety_change_sd IS 'With support: its sample standard deviation';
COMMENT ON COLUMN employment_support_effect.other_anxiety_change_mean IS 'Without support: mean change of the anxiety measure, last minus first';
COMMENT ON COLUMN employment_support_effect.other_anxiety_change_sd IS 'Without support: its sample standard deviation';
COMMENT ON COLUMN employment_support_effect.anxiety_difference IS 'supported_anxiety_change_mean - other_anxiety_change_mean (iapt_ews.compare_means)';
COMMENT ON COLUMN employment_support_effect.anxiety_ci_low IS 'Lower end of the Welch 95% interval of anxiety_difference';
COMMENT ON COLUMN employment_support_effect.anxiety_ci_high IS 'Upper end of the Welch 95% interval of anxiety_difference';
COMMENT ON COLUMN employment_support_effect.anxiety_p_value IS 'Two-sided Welch t-test p-value of anxiety_difference';
COMMENT ON COLUMN employment_support_effect.anxiety_adjusted_difference IS 'The support coefficient of iapt_ews.ols_fit(anxiety change, [supported 0/1, first anxiety score, employed at the start 0/1])';
COMMENT ON COLUMN employment_support_effect.anxiety_adjusted_ci_low IS 'Lower end of its 95% interval (HC1)';
COMMENT ON COLUMN employment_support_effect.anxiety_adjusted_ci_high IS 'Upper end of its 95% interval (HC1)';
COMMENT ON COLUMN employment_support_effect.anxiety_adjusted_problem IS 'Why the adjusted anxiety difference or its interval is NULL (iapt_ews.ols_problem)';
COMMENT ON COLUMN employment_support_effect.supported_recovery_denominator IS 'With support: finished and at caseness at the start (M076 - M179)';
COMMENT ON COLUMN employment_support_effect.other_recovery_denominator IS 'Without support: finished and at caseness at the start';
COMMENT ON COLUMN employment_support_effect.supported_recovered IS 'With support: recovered (M191)';
COMMENT ON COLUMN employment_support_effect.other_recovered IS 'Without support: recovered (M191)';
COMMENT ON COLUMN employment_support_effect.supported_recovery_rate IS 'supported_recovered / supported_recovery_denominator; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_effect.other_recovery_rate IS 'other_recovered / other_recovery_denominator; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_effect.recovery_difference IS 'supported_recovery_rate - other_recovery_rate, pooled over the period (iapt_ews.compare_rates of the counts)';
COMMENT ON COLUMN employment_support_effect.recovery_ci_low IS 'Lower end of its 95% interval (Newcombe hybrid score)';
COMMENT ON COLUMN employment_support_effect.recovery_ci_high IS 'Upper end of its 95% interval (Newcombe hybrid score)';
COMMENT ON COLUMN employment_support_effect.supported_reliably_improved IS 'With support: reliable improvement (M185); denominator supported_finished';
COMMENT ON COLUMN employment_support_effect.other_reliably_improved IS 'Without support: reliable improvement (M185); denominator other_finished';
COMMENT ON COLUMN employment_support_effect.supported_reliable_improvement_rate IS 'supported_reliably_improved / supported_finished; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_effect.other_reliable_improvement_rate IS 'other_reliably_improved / other_finished; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_effect.reliable_improvement_difference IS 'Difference of the reliable improvement rates, pooled over the period (iapt_ews.compare_rates of the counts)';
COMMENT ON COLUMN employment_support_effect.reliable_improvement_ci_low IS 'Lower end of its 95% interval (Newcombe hybrid score)';
COMMENT ON COLUMN employment_support_effect.reliable_improvement_ci_high IS 'Upper end of its 95% interval (Newcombe hybrid score)';
