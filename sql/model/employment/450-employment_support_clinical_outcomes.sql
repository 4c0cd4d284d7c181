-- step: 450
-- object: employment_support_clinical_outcomes
-- kind: view
-- layer: reports
-- reads: employment_referral
-- NHS England's EmpSupp_ClinOutcomes (Step 1.1.sql lines 450-1812):
-- finished referrals with employment support (AllEmploymentSupport_Count
-- > 0) against those without (= 0), by discharge month. The differences
-- and their intervals are the extension's (iapt_ews.compare_rates).
CREATE VIEW employment_support_clinical_outcomes WITH (security_barrier = true) AS
SELECT c.provider_code, c.month,
       c.supported_finished, c.other_finished,
       c.supported_recovery_denominator, c.other_recovery_denominator,
       c.supported_recovered, c.other_recovered,
       (c.recovery).group_rate AS supported_recovery_rate, (c.recovery).other_rate AS other_recovery_rate,
       (c.recovery).difference AS recovery_difference,
       (c.recovery).ci_low AS recovery_ci_low, (c.recovery).ci_high AS recovery_ci_high,
       (c.recovery).p_value AS recovery_p_value,
       c.supported_reliably_recovered, c.other_reliably_recovered,
       (c.reliable_recovery).group_rate AS supported_reliable_recovery_rate,
       (c.reliable_recovery).other_rate AS other_reliable_recovery_rate,
       (c.reliable_recovery).difference AS reliable_recovery_difference,
       (c.reliable_recovery).ci_low AS reliable_recovery_ci_low, (c.reliable_recovery).ci_high AS reliable_recovery_ci_high,
       (c.reliable_recovery).p_value AS reliable_recovery_p_value,
       c.supported_reliably_improved, c.other_reliably_improved,
       (c.reliable_improvement).group_rate AS supported_reliable_improvement_rate,
       (c.reliable_improvement).other_rate AS other_reliable_improvement_rate,
       (c.reliable_improvement).difference AS reliable_improvement_difference,
       (c.reliable_improvement).ci_low AS reliable_improvement_ci_low,
       (c.reliable_improvement).ci_high AS reliable_improvement_ci_high,
       (c.reliable_improvement).p_value AS reliable_improvement_p_value
FROM (SELECT r.provider_code, r.discharge_month AS month,
             count(*) FILTER (WHERE r.employment_support) AS supported_finished,
             count(*) FILTER (WHERE NOT r.employment_support) AS other_finished,
             count(*) FILTER (WHERE r.employment_support AND NOT r.not_case_at_start) AS supported_recovery_denominator,
             count(*) FILTER (WHERE NOT r.employment_support AND NOT r.not_case_at_start) AS other_recovery_denominator,
             count(*) FILTER (WHERE r.employment_support AND r.recovered) AS supported_recovered,
             count(*) FILTER (WHERE NOT r.employment_support AND r.recovered) AS other_recovered,
             count(*) FILTER (WHERE r.employment_support AND r.reliably_recovered) AS supported_reliably_recovered,
             count(*) FILTER (WHERE NOT r.employment_support AND r.reliably_recovered) AS other_reliably_recovered,
             count(*) FILTER (WHERE r.employment_support AND r.reliably_improved) AS supported_reliably_improved,
             count(*) FILTER (WHERE NOT r.employment_support AND r.reliably_improved) AS other_reliably_improved,
             iapt_ews.compare_rates(r.recovered, r.employment_support) FILTER (WHERE NOT r.not_case_at_start) AS recovery,
             iapt_ews.compare_rates(r.reliably_recovered, r.employment_support) FILTER (WHERE NOT r.not_case_at_start) AS reliable_recovery,
             iapt_ews.compare_rates(r.reliably_improved, r.employment_support) AS reliable_improvement
      FROM employment_referral r
      WHERE r.finished
      GROUP BY r.provider_code, r.discharge_month) c;
COMMENT ON VIEW employment_support_clinical_outcomes IS 'Clinical outcomes of finished referrals with employment support (NHS England''s rule) against those without, per provider and discharge month (NHS England''s EmpSupp_ClinOutcomes, Step 1.1.sql lines 450-1812), each difference with its Newcombe 95% interval and pooled z-test p-value (iapt_ews.compare_rates). Not suppressed';
COMMENT ON COLUMN employment_support_clinical_outcomes.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_clinical_outcomes.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_finished IS 'Finished a course of treatment (M076) with employment support';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_finished IS 'Finished without employment support';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_recovery_denominator IS 'With support: finished and at caseness at the start (M076 - M179)';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_recovery_denominator IS 'Without support: finished and at caseness at the start';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_recovered IS 'With support: recovered (M191)';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_recovered IS 'Without support: recovered';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_recovery_rate IS 'supported_recovered / supported_recovery_denominator; NULL when 0; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_recovery_rate IS 'other_recovered / other_recovery_denominator; NULL when 0; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_difference IS 'supported_recovery_rate - other_recovery_rate';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_ci_low IS 'Lower end of the 95% interval of the recovery difference (Newcombe hybrid score)';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_ci_high IS 'Upper end of the 95% interval of the recovery difference';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_p_value IS 'Two-sided pooled z-test p-value of the recovery difference';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliably_recovered IS 'Extension: with support, reliable recovery (M193); denominator as recovery';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliably_recovered IS 'Extension: without support, reliable recovery';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliable_recovery_rate IS 'Extension: supported_reliably_recovered / supported_recovery_denominator; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliable_recovery_rate IS 'Extension: other_reliably_recovered / other_recovery_denominator; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_difference IS 'Extension: difference of the reliable recovery rates';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_ci_low IS 'Lower end of its 95% interval (Newcombe)';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_p_value IS 'Its two-sided p-value';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliably_improved IS 'With support: reliable improvement (M185)';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliably_improved IS 'Without support: reliable improvement';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliable_improvement_rate IS 'supported_reliably_improved / supported_finished; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliable_improvement_rate IS 'other_reliably_improved / other_finished; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_difference IS 'Difference of the reliable improvement rates';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_ci_low IS 'Lower end of its 95% interval (Newcombe)';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_p_value IS 'Its two-sided p-value';
