-- step: 310
-- object: service_month_metrics
-- kind: view
-- layer: reports
-- reads: referral_outcome
CREATE VIEW service_month_metrics WITH (security_barrier = true) AS
WITH ro AS (SELECT * FROM referral_outcome),
received AS (
    SELECT provider_code, service_id, date_trunc('month', referral_date::timestamp)::date AS month,
           count(*) AS referrals_received,
           count(*) FILTER (WHERE repeat_referral) AS referrals_after_another_within_365_days
    FROM ro WHERE referral_date IS NOT NULL GROUP BY 1, 2, 3),
entered AS (
    SELECT provider_code, service_id, date_trunc('month', first_treatment_date::timestamp)::date AS month,
           count(*) AS entered_treatment,
           count(*) FILTER (WHERE days_to_first_treatment <= 42) AS entered_within_6_weeks,
           count(*) FILTER (WHERE days_to_first_treatment <= 126) AS entered_within_18_weeks
    FROM ro WHERE first_treatment_date IS NOT NULL GROUP BY 1, 2, 3),
ended AS (
    SELECT provider_code, service_id, date_trunc('month', discharge_date::timestamp)::date AS month,
           count(*) AS ended_referrals,
           count(*) FILTER (WHERE appointments_attended = 0) AS ended_not_seen,
           count(*) FILTER (WHERE appointments_attended > 0 AND treatment_sessions = 0) AS ended_seen_not_treated,
           count(*) FILTER (WHERE treatment_sessions = 1) AS ended_treated_once,
           count(*) FILTER (WHERE finished) AS finished_treatment,
           count(*) FILTER (WHERE finished AND not_case_at_start) AS not_at_caseness,
           count(*) FILTER (WHERE finished AND recovered) AS recovered,
           count(*) FILTER (WHERE finished AND reliably_recovered) AS reliably_recovered,
           count(*) FILTER (WHERE finished AND reliably_improved) AS reliably_improved,
           count(*) FILTER (WHERE finished AND no_reliable_change) AS no_reliable_change,
           count(*) FILTER (WHERE finished AND reliably_deteriorated) AS reliably_deteriorated,
           iapt_ews.recovery_rate(outcome) AS recovery_rate,
           iapt_ews.reliable_recovery_rate(outcome) AS reliable_recovery_rate,
           iapt_ews.reliable_improvement_rate(outcome) AS reliable_improvement_rate,
           iapt_ews.reliable_deterioration_rate(outcome) AS reliable_deterioration_rate,
           count(*) FILTER (WHERE finished AND days_to_first_treatment <= 42) AS finished_waited_6_weeks,
           count(*) FILTER (WHERE finished AND days_to_first_treatment <= 126) AS finished_waited_18_weeks,
           avg(days_to_first_treatment) FILTER (WHERE finished) AS mean_wait_days,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_first_treatment) FILTER (WHERE finished) AS median_wait_days,
           avg(treatment_sessions) FILTER (WHERE finished) AS mean_sessions,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY treatment_sessions) FILTER (WHERE finished) AS median_sessions,
           count(*) FILTER (WHERE finished AND phq9_paired) AS paired_phq9,
           count(*) FILTER (WHERE finished AND anxiety_paired) AS paired_anxiety,
           count(*) FILTER (WHERE finished AND phq9_paired AND anxiety_paired) AS paired_both
    FROM ro WHERE discharge_date IS NOT NULL GROUP BY 1, 2, 3),
keys AS (
    SELECT provider_code, service_id, month FROM received
    UNION SELECT provider_code, service_id, month FROM entered
    UNION SELECT provider_code, service_id, month FROM ended)
SELECT k.provider_code, k.service_id, k.month,
       coalesce(rc.referrals_received, 0) AS referrals_received,
       coalesce(rc.referrals_after_another_within_365_days, 0) AS referrals_after_another_within_365_days,
       coalesce(e.entered_treatment, 0) AS entered_treatment,
       coalesce(e.entered_within_6_weeks, 0) AS entered_within_6_weeks,
       coalesce(e.entered_within_18_weeks, 0) AS entered_within_18_weeks,
       coalesce(d.ended_referrals, 0) AS ended_referrals,
       coalesce(d.ended_not_seen, 0) AS ended_not_seen,
       coalesce(d.ended_seen_not_treated, 0) AS ended_seen_not_treated,
       coalesce(d.ended_treated_once, 0) AS ended_treated_once,
       coalesce(d.finished_treatment, 0) AS finished_treatment,
       coalesce(d.not_at_caseness, 0) AS not_at_caseness,
       coalesce(d.recovered, 0) AS recovered,
       coalesce(d.reliably_recovered, 0) AS reliably_recovered,
       coalesce(d.reliably_improved, 0) AS reliably_improved,
       coalesce(d.no_reliable_change, 0) AS no_reliable_change,
       coalesce(d.reliably_deteriorated, 0) AS reliably_deteriorated,
       d.recovery_rate, d.reliable_recovery_rate, d.reliable_improvement_rate, d.reliable_deterioration_rate,
       coalesce(d.finished_waited_6_weeks, 0) AS finished_waited_6_weeks,
       coalesce(d.finished_waited_18_weeks, 0) AS finished_waited_18_weeks,
       d.finished_waited_6_weeks::float8 / nullif(d.finished_treatment, 0) AS finished_waited_6_weeks_rate,
       d.finished_waited_18_weeks::float8 / nullif(d.finished_treatment, 0) AS finished_waited_18_weeks_rate,
       d.mean_wait_days, d.median_wait_days, d.mean_sessions, d.median_sessions,
       coalesce(d.paired_phq9, 0) AS paired_phq9,
       coalesce(d.paired_anxiety, 0) AS paired_anxiety,
       coalesce(d.paired_both, 0) AS paired_both,
       d.paired_both::float8 / nullif(d.finished_treatment, 0) AS paired_completeness_rate
FROM keys k
LEFT JOIN received rc USING (provider_code, service_id, month)
LEFT JOIN entered e USING (provider_code, service_id, month)
LEFT JOIN ended d USING (provider_code, service_id, month);
COMMENT ON VIEW service_month_metrics IS 'NHS Talking Therapies monthly metrics per provider, service and month, with the official measure numbers (M-numbers) in the column comments; not suppressed. Rows of the providers provider_access grants the caller (iapt_ews.visible_providers)';
COMMENT ON COLUMN service_month_metrics.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN service_month_metrics.service_id IS 'Service';
COMMENT ON COLUMN service_month_metrics.month IS 'First day of the month';
COMMENT ON COLUMN service_month_metrics.referrals_received IS 'Referrals received in the month (M001)';
COMMENT ON COLUMN service_month_metrics.referrals_after_another_within_365_days IS 'Referrals received in the month from a person with an earlier referral, of any outcome, received in the 365 days up to this one (referral_outcome.repeat_referral); not NHS England''s repeat referrals (PDT 2.14), which the repeat_referrals view counts';
COMMENT ON COLUMN service_month_metrics.entered_treatment IS 'Referrals with their first treatment appointment in the month: entered treatment (M031)';
COMMENT ON COLUMN service_month_metrics.entered_within_6_weeks IS 'Of those entering treatment in the month, waited 42 days or less (M036)';
COMMENT ON COLUMN service_month_metrics.entered_within_18_weeks IS 'Of those entering treatment in the month, waited 126 days or less (M037)';
COMMENT ON COLUMN service_month_metrics.ended_referrals IS 'Referrals that ended in the month (M056)';
COMMENT ON COLUMN service_month_metrics.ended_not_seen IS 'Ended in the month with no attended appointment (M073)';
COMMENT ON COLUMN service_month_metrics.ended_seen_not_treated IS 'Ended in the month with appointments but no treatment appointment (M074)';
COMMENT ON COLUMN service_month_metrics.ended_treated_once IS 'Ended in the month after a single treatment appointment (M075)';
COMMENT ON COLUMN service_month_metrics.finished_treatment IS 'Finished a course of treatment in the month (M076)';
COMMENT ON COLUMN service_month_metrics.not_at_caseness IS 'Finished, not at caseness at the start (M179)';
COMMENT ON COLUMN service_month_metrics.recovered IS 'Finished and moved to recovery (M191)';
COMMENT ON COLUMN service_month_metrics.reliably_recovered IS 'Finished with reliable recovery (M193)';
COMMENT ON COLUMN service_month_metrics.reliably_improved IS 'Finished with reliable improvement (M185)';
COMMENT ON COLUMN service_month_metrics.no_reliable_change IS 'Finished with no reliable change (M187)';
COMMENT ON COLUMN service_month_metrics.reliably_deteriorated IS 'Finished with reliable deterioration (M189)';
COMMENT ON COLUMN service_month_metrics.recovery_rate IS 'Recovery rate: recovered / (finished - not at caseness) (M192 as a fraction 0-1); unrounded';
COMMENT ON COLUMN service_month_metrics.reliable_recovery_rate IS 'Reliable recovery rate: reliably recovered / (finished - not at caseness) (M195 as a fraction 0-1); unrounded';
COMMENT ON COLUMN service_month_metrics.reliable_improvement_rate IS 'Reliable improvement rate: reliably improved / finished (M186 as a fraction 0-1); unrounded';
COMMENT ON COLUMN service_month_metrics.reliable_deterioration_rate IS 'Reliable deterioration rate: reliably deteriorated / finished (M190 as a fraction 0-1); unrounded';
COMMENT ON COLUMN service_month_metrics.finished_waited_6_weeks IS 'Finished in the month having waited 42 days or less for first treatment (M052)';
COMMENT ON COLUMN service_month_metrics.finished_waited_18_weeks IS 'Finished in the month having waited 126 days or less for first treatment (M054)';
COMMENT ON COLUMN service_month_metrics.finished_waited_6_weeks_rate IS 'Share of finished courses that waited 42 days or less (M053 as a fraction 0-1; standard 0.75); unrounded';
COMMENT ON COLUMN service_month_metrics.finished_waited_18_weeks_rate IS 'Share of finished courses that waited 126 days or less (M055 as a fraction 0-1; standard 0.95); unrounded';
COMMENT ON COLUMN service_month_metrics.mean_wait_days IS 'Mean days from referral to first treatment, finished courses (M050)';
COMMENT ON COLUMN service_month_metrics.median_wait_days IS 'Median days from referral to first treatment, finished courses (M051)';
COMMENT ON COLUMN service_month_metrics.mean_sessions IS 'Mean treatment sessions of finished courses (M141)';
COMMENT ON COLUMN service_month_metrics.median_sessions IS 'Median treatment sessions of finished courses (M142)';
COMMENT ON COLUMN service_month_metrics.paired_phq9 IS 'Finished with paired PHQ-9 scores (M201)';
COMMENT ON COLUMN service_month_metrics.paired_anxiety IS 'Finished with paired anxiety scores (M198)';
COMMENT ON COLUMN service_month_metrics.paired_both IS 'Finished with paired PHQ-9 and anxiety scores (M202)';
COMMENT ON COLUMN service_month_metrics.paired_completeness_rate IS 'Paired-score completeness: finished with both pairs / finished, a fraction 0-1 (standard 0.90); unrounded';
