-- step: 320
-- object: service_month_metrics_published
-- kind: view
-- layer: reports
-- reads: service_month_metrics
CREATE VIEW service_month_metrics_published WITH (security_barrier = true) AS
SELECT m.provider_code, m.service_id, m.month,
       iapt_ews.suppress(m.referrals_received) AS referrals_received,
       iapt_ews.suppress(m.referrals_after_another_within_365_days) AS referrals_after_another_within_365_days,
       iapt_ews.suppress(m.entered_treatment) AS entered_treatment,
       iapt_ews.suppress(m.entered_within_6_weeks) AS entered_within_6_weeks,
       iapt_ews.suppress(m.entered_within_18_weeks) AS entered_within_18_weeks,
       iapt_ews.suppress(m.ended_referrals) AS ended_referrals,
       p.finished_treatment,
       p.not_at_caseness,
       iapt_ews.suppress(m.recovered) AS recovered,
       iapt_ews.suppress(m.reliably_recovered) AS reliably_recovered,
       iapt_ews.suppress(m.reliably_improved) AS reliably_improved,
       iapt_ews.suppress(m.no_reliable_change) AS no_reliable_change,
       iapt_ews.suppress(m.reliably_deteriorated) AS reliably_deteriorated,
       p.recovery_denominator,
       round(iapt_ews.published_rate(m.recovered, p.recovery_denominator)::numeric, 4) AS recovery_rate,
       round(iapt_ews.published_rate(m.reliably_recovered, p.recovery_denominator)::numeric, 4) AS reliable_recovery_rate,
       round(iapt_ews.published_rate(m.reliably_improved, p.finished_treatment)::numeric, 4) AS reliable_improvement_rate,
       round(iapt_ews.published_rate(m.reliably_deteriorated, p.finished_treatment)::numeric, 4) AS reliable_deterioration_rate,
       round(iapt_ews.published_rate(m.finished_waited_6_weeks, p.finished_treatment)::numeric, 4) AS finished_waited_6_weeks_rate,
       round(iapt_ews.published_rate(m.finished_waited_18_weeks, p.finished_treatment)::numeric, 4) AS finished_waited_18_weeks_rate,
       CASE WHEN m.finished_treatment >= 5 THEN round(m.mean_sessions, 1) END AS mean_sessions,
       CASE WHEN m.finished_treatment >= 5 THEN round(m.median_sessions::numeric, 1) END AS median_sessions,
       round(iapt_ews.published_rate(m.paired_both, p.finished_treatment)::numeric, 4) AS paired_completeness_rate
FROM service_month_metrics m
CROSS JOIN LATERAL (
    SELECT iapt_ews.suppress(m.finished_treatment) AS finished,
           ARRAY[iapt_ews.suppress(m.not_at_caseness), iapt_ews.suppress(m.finished_treatment - m.not_at_caseness)] AS parts) s
-- Not at caseness and the recovery denominator add up to the finished
-- courses: secondary suppression (iapt_ews.suppress_part, suppress_total),
-- and the rates are of the counts as shown.
CROSS JOIN LATERAL (
    SELECT iapt_ews.suppress_total(s.finished, s.parts) AS finished_treatment,
           iapt_ews.suppress_part(s.parts[1], s.finished, s.parts) AS not_at_caseness,
           iapt_ews.suppress_part(s.parts[2], s.finished, s.parts) AS recovery_denominator) p;
COMMENT ON COLUMN service_month_metrics_published.recovery_denominator IS 'Finished courses less those not at caseness (the recovery rates'' denominator); suppressed, so that months can be added up';
COMMENT ON VIEW service_month_metrics_published IS 'service_month_metrics with disclosure control (iapt_ews.suppress, iapt_ews.published_rate): counts below 5 withheld and the rest rounded to 5, rates (fractions 0-1) from the published counts (iapt_ews.published_rate), withheld with them and rounded to 4 decimals. Reads the tables with its owner''s rights (security_barrier) and shows only providers in provider_access for the current user';
COMMENT ON COLUMN service_month_metrics_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN service_month_metrics_published.service_id IS 'Service';
COMMENT ON COLUMN service_month_metrics_published.month IS 'First day of the month';
COMMENT ON COLUMN service_month_metrics_published.referrals_received IS 'Referrals received in the month (M001); suppressed';
COMMENT ON COLUMN service_month_metrics_published.referrals_after_another_within_365_days IS 'Referrals received in the month from a person with an earlier referral, of any outcome, received in the 365 days up to this one (referral_outcome.repeat_referral); not NHS England''s repeat referrals (PDT 2.14, the repeat_referrals_published view); suppressed';
COMMENT ON COLUMN service_month_metrics_published.entered_treatment IS 'Referrals with their first treatment appointment in the month: entered treatment (M031); suppressed';
COMMENT ON COLUMN service_month_metrics_published.entered_within_6_weeks IS 'Of those entering treatment in the month, waited 42 days or less (M036); suppressed';
COMMENT ON COLUMN service_month_metrics_published.entered_within_18_weeks IS 'Of those entering treatment in the month, waited 126 days or less (M037); suppressed';
COMMENT ON COLUMN service_month_metrics_published.ended_referrals IS 'Referrals that ended in the month (M056); suppressed';
COMMENT ON COLUMN service_month_metrics_published.finished_treatment IS 'Finished a course of treatment in the month (M076); suppressed';
COMMENT ON COLUMN service_month_metrics_published.not_at_caseness IS 'Finished, not at caseness at the start (M179); suppressed';
COMMENT ON COLUMN service_month_metrics_published.recovered IS 'Finished and moved to recovery (M191); suppressed';
COMMENT ON COLUMN service_month_metrics_published.reliably_recovered IS 'Finished with reliable recovery (M193); suppressed';
COMMENT ON COLUMN service_month_metrics_published.reliably_improved IS 'Finished with reliable improvement (M185); suppressed';
COMMENT ON COLUMN service_month_metrics_published.no_reliable_change IS 'Finished with no reliable change (M187); suppressed';
COMMENT ON COLUMN service_month_metrics_published.reliably_deteriorated IS 'Finished with reliable deterioration (M189); suppressed';
COMMENT ON COLUMN service_month_metrics_published.recovery_rate IS 'Recovery rate: recovered / (finished - not at caseness) (M192 as a fraction 0-1); withheld on counts below 5, 4 decimals';
COMMENT ON COLUMN service_month_metrics_published.reliable_recovery_rate IS 'Reliable recovery rate: reliably recovered / (finished - not at caseness) (M195 as a fraction 0-1); withheld on counts below 5, 4 decimals';
COMMENT ON COLUMN service_month_metrics_published.reliable_improvement_rate IS 'Reliable improvement rate: reliably improved / finished (M186 as a fraction 0-1); withheld on counts below 5, 4 decimals';
COMMENT ON COLUMN service_month_metrics_published.reliable_deterioration_rate IS 'Reliable deterioration rate: reliably deteriorated / finished (M190 as a fraction 0-1); withheld on counts below 5, 4 decimals';
COMMENT ON COLUMN service_month_metrics_published.finished_waited_6_weeks_rate IS 'Share of finished courses that waited 42 days or less (M053 as a fraction 0-1; standard 0.75); withheld on counts below 5, 4 decimals';
COMMENT ON COLUMN service_month_metrics_published.finished_waited_18_weeks_rate IS 'Share of finished courses that waited 126 days or less (M055 as a fraction 0-1; standard 0.95); withheld on counts below 5, 4 decimals';
COMMENT ON COLUMN service_month_metrics_published.mean_sessions IS 'Mean treatment sessions of finished courses (M141); withheld below 5 finished courses, 1 decimal';
COMMENT ON COLUMN service_month_metrics_published.median_sessions IS 'Median treatment sessions of finished courses (M142); withheld below 5 finished courses, 1 decimal';
COMMENT ON COLUMN service_month_metrics_published.paired_completeness_rate IS 'Paired-score completeness: finished with both pairs / finished, a fraction 0-1 (standard 0.90); withheld on counts below 5, 4 decimals';
