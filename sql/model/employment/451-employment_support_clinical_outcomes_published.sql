-- step: 451
-- object: employment_support_clinical_outcomes_published
-- kind: view
-- layer: reports
-- reads: employment_support_clinical_outcomes
-- A difference, its interval and p-value are shown only when every success
-- and failure count behind them is at least 5, and are computed from the
-- published (rounded) counts (iapt_ews.compare_rates of counts), so that
-- they give back nothing the published counts do not: from the unrounded
-- counts, a difference to 0.01 with its interval and p-value picks out the
-- exact counts among those the rounded ones allow.
CREATE VIEW employment_support_clinical_outcomes_published WITH (security_barrier = true) AS
WITH published AS (
    SELECT c.provider_code, c.month,
           iapt_ews.suppress(c.supported_finished) AS supported_finished,
           iapt_ews.suppress(c.other_finished) AS other_finished,
           iapt_ews.suppress(c.supported_recovery_denominator) AS supported_recovery_denominator,
           iapt_ews.suppress(c.other_recovery_denominator) AS other_recovery_denominator,
           iapt_ews.suppress(c.supported_recovered) AS supported_recovered,
           iapt_ews.suppress(c.other_recovered) AS other_recovered,
           iapt_ews.suppress(c.supported_reliably_recovered) AS supported_reliably_recovered,
           iapt_ews.suppress(c.other_reliably_recovered) AS other_reliably_recovered,
           iapt_ews.suppress(c.supported_reliably_improved) AS supported_reliably_improved,
           iapt_ews.suppress(c.other_reliably_improved) AS other_reliably_improved,
           iapt_ews.suppress(c.supported_recovery_denominator - c.supported_recovered) IS NOT NULL
           AND iapt_ews.suppress(c.other_recovery_denominator - c.other_recovered) IS NOT NULL AS recovery_failures_shown,
           iapt_ews.suppress(c.supported_recovery_denominator - c.supported_reliably_recovered) IS NOT NULL
           AND iapt_ews.suppress(c.other_recovery_denominator - c.other_reliably_recovered) IS NOT NULL AS reliable_recovery_failures_shown,
           iapt_ews.suppress(c.supported_finished - c.supported_reliably_improved) IS NOT NULL
           AND iapt_ews.suppress(c.other_finished - c.other_reliably_improved) IS NOT NULL AS reliable_improvement_failures_shown
    FROM employment_support_clinical_outcomes c),
compared AS (
    SELECT p.*,
           CASE WHEN p.recovery_failures_shown
                THEN iapt_ews.compare_rates(p.supported_recovered, p.supported_recovery_denominator,
                                            p.other_recovered, p.other_recovery_denominator) END AS recovery,
           CASE WHEN p.reliable_recovery_failures_shown
                THEN iapt_ews.compare_rates(p.supported_reliably_recovered, p.supported_recovery_denominator,
                                            p.other_reliably_recovered, p.other_recovery_denominator) END AS reliable_recovery,
           CASE WHEN p.reliable_improvement_failures_shown
                THEN iapt_ews.compare_rates(p.supported_reliably_improved, p.supported_finished,
                                            p.other_reliably_improved, p.other_finished) END AS reliable_improvement
    FROM published p)
SELECT s.provider_code, s.month,
       s.supported_finished, s.other_finished,
       s.supported_recovery_denominator, s.other_recovery_denominator,
       s.supported_recovered, s.other_recovered,
       round(iapt_ews.published_rate(s.supported_recovered, s.supported_recovery_denominator)::numeric, 4) AS supported_recovery_rate,
       round(iapt_ews.published_rate(s.other_recovered, s.other_recovery_denominator)::numeric, 4) AS other_recovery_rate,
       round((s.recovery).difference::numeric, 2) AS recovery_difference,
       round((s.recovery).ci_low::numeric, 2) AS recovery_ci_low,
       round((s.recovery).ci_high::numeric, 2) AS recovery_ci_high,
       round((s.recovery).p_value::numeric, 3) AS recovery_p_value,
       s.supported_reliably_recovered, s.other_reliably_recovered,
       round(iapt_ews.published_rate(s.supported_reliably_recovered, s.supported_recovery_denominator)::numeric, 4) AS supported_reliable_recovery_rate,
       round(iapt_ews.published_rate(s.other_reliably_recovered, s.other_recovery_denominator)::numeric, 4) AS other_reliable_recovery_rate,
       round((s.reliable_recovery).difference::numeric, 2) AS reliable_recovery_difference,
       round((s.reliable_recovery).ci_low::numeric, 2) AS reliable_recovery_ci_low,
       round((s.reliable_recovery).ci_high::numeric, 2) AS reliable_recovery_ci_high,
       round((s.reliable_recovery).p_value::numeric, 3) AS reliable_recovery_p_value,
       s.supported_reliably_improved, s.other_reliably_improved,
       round(iapt_ews.published_rate(s.supported_reliably_improved, s.supported_finished)::numeric, 4) AS supported_reliable_improvement_rate,
       round(iapt_ews.published_rate(s.other_reliably_improved, s.other_finished)::numeric, 4) AS other_reliable_improvement_rate,
       round((s.reliable_improvement).difference::numeric, 2) AS reliable_improvement_difference,
       round((s.reliable_improvement).ci_low::numeric, 2) AS reliable_improvement_ci_low,
       round((s.reliable_improvement).ci_high::numeric, 2) AS reliable_improvement_ci_high,
       round((s.reliable_improvement).p_value::numeric, 3) AS reliable_improvement_p_value
FROM compared s;
COMMENT ON VIEW employment_support_clinical_outcomes_published IS 'employment_support_clinical_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators; rates from the published counts to 4 decimals; a difference, its interval (to 0.01) and p-value (to 0.001) from the published counts, and only when every success and failure count behind it is at least 5';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_finished IS 'Finished with employment support (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_finished IS 'Finished without employment support (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_recovery_denominator IS 'With support, at caseness at the start (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_recovery_denominator IS 'Without support, at caseness at the start (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_recovered IS 'With support, recovered (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_recovered IS 'Without support, recovered (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_recovery_rate IS 'Published supported_recovered / published supported_recovery_denominator; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_recovery_rate IS 'Published other_recovered / published other_recovery_denominator; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_difference IS 'Difference of the published recovery rates (compare_rates of the published counts), to 0.01; withheld with any success or failure count behind it';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_ci_low IS 'Lower end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_ci_high IS 'Upper end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_p_value IS 'Its p-value, to 0.001';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliably_recovered IS 'With support, reliable recovery (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliably_recovered IS 'Without support, reliable recovery (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliable_recovery_rate IS 'Published supported_reliably_recovered / published supported_recovery_denominator; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliable_recovery_rate IS 'Published other_reliably_recovered / published other_recovery_denominator; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_difference IS 'Difference of the reliable recovery rates from the published counts, to 0.01; withheld with any success or failure count behind it';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_ci_low IS 'Lower end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_ci_high IS 'Upper end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_p_value IS 'Its p-value, to 0.001';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliably_improved IS 'With support, reliable improvement (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliably_improved IS 'Without support, reliable improvement (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliable_improvement_rate IS 'Published supported_reliably_improved / published supported_finished; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliable_improvement_rate IS 'Published other_reliably_improved / published other_finished; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_difference IS 'Difference of the reliable improvement rates from the published counts, to 0.01; withheld with any success or failure count behind it';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_ci_low IS 'Lower end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_ci_high IS 'Upper end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_p_value IS 'Its p-value, to 0.001';
