-- step: 481
-- object: employment_support_effect_published
-- kind: view
-- layer: reports
-- reads: employment_support_effect
-- No count is given back. A mean, a standard deviation or a difference
-- from exact counts could let a reader work a count back (a mean of whole
-- scores to many digits has few possible denominators), so the score
-- estimates are shown only with at least 10 in each arm (as the report
-- itself), and rounded: score changes, their SDs, differences and
-- intervals to 0.1, p-values to 0.001. The rates and their differences are
-- compare_rates of the published counts (iapt_ews.suppress: below 5
-- withheld, the rest rounded to 5), shown only when every success and
-- failure count behind them is shown, as in
-- employment_support_clinical_outcomes_published.
CREATE VIEW employment_support_effect_published WITH (security_barrier = true) AS
WITH published AS (
    SELECT e.*,
           iapt_ews.suppress(e.supported_recovered) AS p_supported_recovered,
           iapt_ews.suppress(e.other_recovered) AS p_other_recovered,
           iapt_ews.suppress(e.supported_recovery_denominator) AS p_supported_recovery_denominator,
           iapt_ews.suppress(e.other_recovery_denominator) AS p_other_recovery_denominator,
           iapt_ews.suppress(e.supported_reliably_improved) AS p_supported_reliably_improved,
           iapt_ews.suppress(e.other_reliably_improved) AS p_other_reliably_improved,
           iapt_ews.suppress(e.supported_finished) AS p_supported_finished,
           iapt_ews.suppress(e.other_finished) AS p_other_finished,
           e.recovery_difference IS NOT NULL
           AND iapt_ews.suppress(e.supported_recovered) IS NOT NULL AND iapt_ews.suppress(e.other_recovered) IS NOT NULL
           AND iapt_ews.suppress(e.supported_recovery_denominator - e.supported_recovered) IS NOT NULL
           AND iapt_ews.suppress(e.other_recovery_denominator - e.other_recovered) IS NOT NULL AS recovery_shown,
           e.reliable_improvement_difference IS NOT NULL
           AND iapt_ews.suppress(e.supported_reliably_improved) IS NOT NULL AND iapt_ews.suppress(e.other_reliably_improved) IS NOT NULL
           AND iapt_ews.suppress(e.supported_finished - e.supported_reliably_improved) IS NOT NULL
           AND iapt_ews.suppress(e.other_finished - e.other_reliably_improved) IS NOT NULL AS reliable_improvement_shown
    FROM employment_support_effect e),
compared AS (
    SELECT p.*,
           CASE WHEN p.recovery_shown
                THEN iapt_ews.compare_rates(p.p_supported_recovered, p.p_supported_recovery_denominator,
                                            p.p_other_recovered, p.p_other_recovery_denominator) END AS recovery,
           CASE WHEN p.reliable_improvement_shown
                THEN iapt_ews.compare_rates(p.p_supported_reliably_improved, p.p_supported_finished,
                                            p.p_other_reliably_improved, p.p_other_finished) END AS reliable_improvement
    FROM published p)
SELECT c.period_type, c.period_start, c.level, c.provider_code, c.diagnosis_group, c.anxiety_measure,
       -- text, not text[]: a published view offers plain BI types only.
       nullif(concat_ws(', ', CASE WHEN c.phq9_difference IS NULL THEN 'phq9' END,
                        CASE WHEN c.diagnosis_group <> 'all' AND c.anxiety_difference IS NULL THEN 'anxiety' END,
                        CASE WHEN NOT c.recovery_shown THEN 'recovery' END,
                        CASE WHEN NOT c.reliable_improvement_shown THEN 'reliable_improvement' END), '') AS withheld,
       round(c.supported_phq9_change_mean::numeric, 1) AS supported_phq9_change_mean,
       round(c.supported_phq9_change_sd::numeric, 1) AS supported_phq9_change_sd,
       round(c.other_phq9_change_mean::numeric, 1) AS other_phq9_change_mean,
       round(c.other_phq9_change_sd::numeric, 1) AS other_phq9_change_sd,
       round(c.phq9_difference::numeric, 1) AS phq9_difference,
       round(c.phq9_ci_low::numeric, 1) AS phq9_ci_low, round(c.phq9_ci_high::numeric, 1) AS phq9_ci_high,
       round(c.phq9_p_value::numeric, 3) AS phq9_p_value,
       round(c.phq9_adjusted_difference::numeric, 1) AS phq9_adjusted_difference,
       round(c.phq9_adjusted_ci_low::numeric, 1) AS phq9_adjusted_ci_low,
       round(c.phq9_adjusted_ci_high::numeric, 1) AS phq9_adjusted_ci_high,
       round(c.supported_anxiety_change_mean::numeric, 1) AS supported_anxiety_change_mean,
       round(c.supported_anxiety_change_sd::numeric, 1) AS supported_anxiety_change_sd,
       round(c.other_anxiety_change_mean::numeric, 1) AS other_anxiety_change_mean,
       round(c.other_anxiety_change_sd::numeric, 1) AS other_anxiety_change_sd,
       round(c.anxiety_difference::numeric, 1) AS anxiety_difference,
       round(c.anxiety_ci_low::numeric, 1) AS anxiety_ci_low, round(c.anxiety_ci_high::numeric, 1) AS anxiety_ci_high,
       round(c.anxiety_p_value::numeric, 3) AS anxiety_p_value,
       round(c.anxiety_adjusted_difference::numeric, 1) AS anxiety_adjusted_difference,
       round(c.anxiety_adjusted_ci_low::numeric, 1) AS anxiety_adjusted_ci_low,
       round(c.anxiety_adjusted_ci_high::numeric, 1) AS anxiety_adjusted_ci_high,
       round((c.recovery).group_rate::numeric, 2) AS supported_recovery_rate,
       round((c.recovery).other_rate::numeric, 2) AS other_recovery_rate,
       round((c.recovery).difference::numeric, 2) AS recovery_difference,
       round((c.recovery).ci_low::numeric, 2) AS recovery_ci_low,
       round((c.recovery).ci_high::numeric, 2) AS recovery_ci_high,
       round((c.reliable_improvement).group_rate::numeric, 2) AS supported_reliable_improvement_rate,
       round((c.reliable_improvement).other_rate::numeric, 2) AS other_reliable_improvement_rate,
       round((c.reliable_improvement).difference::numeric, 2) AS reliable_improvement_difference,
       round((c.reliable_improvement).ci_low::numeric, 2) AS reliable_improvement_ci_low,
       round((c.reliable_improvement).ci_high::numeric, 2) AS reliable_improvement_ci_high
FROM compared c;
COMMENT ON VIEW employment_support_effect_published IS 'employment_support_effect with disclosure control and no counts: score estimates only with at least 10 people in each arm, rounded to 0.1 (p-values to 0.001); rates and their differences and Newcombe intervals (to 0.01) from the published counts (suppress), only when every success and failure count behind them is shown';
COMMENT ON COLUMN employment_support_effect_published.period_type IS 'year (financial year, 1 April to 31 March), quarter or month of discharge';
COMMENT ON COLUMN employment_support_effect_published.period_start IS 'First day of the period';
COMMENT ON COLUMN employment_support_effect_published.level IS 'national or provider; iapt_ews.report_level: compared in any case (''National'', ''Provider''), a name that is no level is an error, national first';
COMMENT ON COLUMN employment_support_effect_published.provider_code IS 'ODS code of the provider; NULL at national level';
COMMENT ON COLUMN employment_support_effect_published.diagnosis_group IS 'Diagnosis group from the provisional diagnosis (as employment_support_effect), or all';
COMMENT ON COLUMN employment_support_effect_published.anxiety_measure IS 'The diagnosis group''s anxiety measure; NULL for all';
COMMENT ON COLUMN employment_support_effect_published.withheld IS 'The comparisons withheld, separated by commas (phq9, anxiety, recovery, reliable_improvement): too few people in an arm (fewer than 10) or a count behind them withheld; NULL when every comparison is shown';
COMMENT ON COLUMN employment_support_effect_published.supported_phq9_change_mean IS 'With support: mean PHQ-9 change (last minus first), to 0.1';
COMMENT ON COLUMN employment_support_effect_published.supported_phq9_change_sd IS 'With support: its standard deviation, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.other_phq9_change_mean IS 'Without support: mean PHQ-9 change, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.other_phq9_change_sd IS 'Without support: its standard deviation, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.phq9_difference IS 'Difference of the mean PHQ-9 changes, supported minus not, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.phq9_ci_low IS 'Lower end of its Welch 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.phq9_ci_high IS 'Upper end of its Welch 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.phq9_p_value IS 'Its Welch p-value, to 0.001';
COMMENT ON COLUMN employment_support_effect_published.phq9_adjusted_difference IS 'The difference adjusted for the first PHQ-9 and employment at the start (ols_fit), to 0.1';
COMMENT ON COLUMN employment_support_effect_published.phq9_adjusted_ci_low IS 'Lower end of its HC1 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.phq9_adjusted_ci_high IS 'Upper end of its HC1 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.supported_anxiety_change_mean IS 'With support: mean change of the anxiety measure, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.supported_anxiety_change_sd IS 'With support: its standard deviation, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.other_anxiety_change_mean IS 'Without support: mean change of the anxiety measure, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.other_anxiety_change_sd IS 'Without support: its standard deviation, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.anxiety_difference IS 'Difference of the mean anxiety changes, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.anxiety_ci_low IS 'Lower end of its Welch 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.anxiety_ci_high IS 'Upper end of its Welch 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.anxiety_p_value IS 'Its Welch p-value, to 0.001';
COMMENT ON COLUMN employment_support_effect_published.anxiety_adjusted_difference IS 'The anxiety difference adjusted for the first anxiety score and employment at the start, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.anxiety_adjusted_ci_low IS 'Lower end of its HC1 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.anxiety_adjusted_ci_high IS 'Upper end of its HC1 95% interval, to 0.1';
COMMENT ON COLUMN employment_support_effect_published.supported_recovery_rate IS 'With support: recovery rate from the published counts; a fraction 0-1, to 2 decimals';
COMMENT ON COLUMN employment_support_effect_published.other_recovery_rate IS 'Without support: recovery rate from the published counts; a fraction 0-1, to 2 decimals';
COMMENT ON COLUMN employment_support_effect_published.recovery_difference IS 'Difference of the recovery rates (compare_rates of the published counts), to 0.01';
COMMENT ON COLUMN employment_support_effect_published.recovery_ci_low IS 'Lower end of its Newcombe 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_effect_published.recovery_ci_high IS 'Upper end of its Newcombe 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_effect_published.supported_reliable_improvement_rate IS 'With support: reliable improvement rate from the published counts; a fraction 0-1, to 2 decimals';
COMMENT ON COLUMN employment_support_effect_published.other_reliable_improvement_rate IS 'Without support: reliable improvement rate from the published counts; a fraction 0-1, to 2 decimals';
COMMENT ON COLUMN employment_support_effect_published.reliable_improvement_difference IS 'Difference of the reliable improvement rates from the published counts, to 0.01';
COMMENT ON COLUMN employment_support_effect_published.reliable_improvement_ci_low IS 'Lower end of its Newcombe 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_effect_published.reliable_improvement_ci_high IS 'Upper end of its Newcombe 95% interval, to 0.01';
