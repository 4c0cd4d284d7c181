-- step: 334
-- object: key_metrics
-- kind: view
-- layer: reports
-- reads: key_metrics_cells, organisation_level, referral_outcome
-- Written by tools/metric_statements.py from 334-key_metrics.sql.in and metrics.csv:
-- edit those, not this file.
CREATE VIEW key_metrics WITH (security_barrier = true) AS
WITH level_cell AS (
    SELECT l.*, coalesce(l.cell_provider_code, '') AS provider_key, coalesce(l.cell_service_id, '') AS service_key,
           coalesce(l.cell_commissioner_code, '') AS commissioner_key
    FROM organisation_level l),
counts AS (
    SELECT c.month, l.level, l.group_type, l.organisation_code, l.organisation_name, l.region_code, l.region_name,
           l.provider_code, l.service_id,
           bool_and(c.by_intensity) AS by_intensity,
           coalesce(sum(c.count_referrals), 0)::bigint AS count_referrals,
           coalesce(sum(c.count_access), 0)::bigint AS count_access,
           coalesce(sum(c.count_recovery), 0)::bigint AS count_recovery,
           coalesce(sum(c.count_finished_course_treatment), 0)::bigint AS count_finished_course_treatment,
           coalesce(sum(c.count_not_at_caseness), 0)::bigint AS count_not_at_caseness,
           coalesce(sum(c.ended_before_treatment), 0)::bigint AS ended_before_treatment,
           coalesce(sum(c.ended_treated_once), 0)::bigint AS ended_treated_once,
           coalesce(sum(c.count_first_treatment_6_weeks_finished), 0)::bigint AS count_first_treatment_6_weeks_finished,
           coalesce(sum(c.count_first_treatment_18_weeks_finished), 0)::bigint AS count_first_treatment_18_weeks_finished,
           coalesce(sum(c.count_first_to_second_over_28_days), 0)::bigint AS count_first_to_second_over_28_days,
           coalesce(sum(c.count_first_to_second_over_90_days), 0)::bigint AS count_first_to_second_over_90_days,
           coalesce(sum(c.count_second_treatment), 0)::bigint AS count_second_treatment,
           coalesce(sum(c.open_referral_over_90_days_no_contact), 0)::bigint AS open_referral_over_90_days_no_contact,
           coalesce(sum(c.open_referral), 0)::bigint AS open_referral,
           coalesce(sum(c.li_apts), 0)::bigint AS li_apts,
           coalesce(sum(c.hi_apts), 0)::bigint AS hi_apts,
           coalesce(sum(c.hili_apts), 0)::bigint AS hili_apts,
           coalesce(sum(c.f2f_apts), 0)::bigint AS f2f_apts,
           coalesce(sum(c.non_f2f_apts), 0)::bigint AS non_f2f_apts,
           coalesce(sum(c.apts), 0)::bigint AS apts,
           coalesce(sum(c.count_reliable_recovery), 0)::bigint AS count_reliable_recovery,
           coalesce(sum(c.count_improvement), 0)::bigint AS count_improvement,
           coalesce(sum(c.count_deterioration), 0)::bigint AS count_deterioration,
           coalesce(sum(c.count_finished_wb), 0)::bigint AS count_finished_wb,
           coalesce(sum(c.count_not_at_caseness_wb), 0)::bigint AS count_not_at_caseness_wb,
           coalesce(sum(c.count_recovery_wb), 0)::bigint AS count_recovery_wb,
           coalesce(sum(c.count_finished_em), 0)::bigint AS count_finished_em,
           coalesce(sum(c.count_not_at_caseness_em), 0)::bigint AS count_not_at_caseness_em,
           coalesce(sum(c.count_recovery_em), 0)::bigint AS count_recovery_em,
           coalesce(sum(c.open_referral_over_90_days_no_contact_2_apps), 0)::bigint AS open_referral_over_90_days_no_contact_2_apps,
           sum(c.wait_days) / nullif(sum(c.waits), 0) AS mean_wait_days
    FROM key_metrics_cells c
    JOIN level_cell l ON l.provider_key = c.provider_key AND l.service_key = c.service_key
                     AND l.commissioner_key = c.commissioner_key
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
median_wait AS (
    SELECT date_trunc('month', ro.discharge_date::timestamp)::date AS month, l.level, l.organisation_code,
           l.provider_code, l.service_id,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ro.days_to_first_treatment) AS median_wait_days
    FROM referral_outcome ro
    JOIN level_cell l ON l.provider_key = coalesce(ro.provider_code, '') AND l.service_key = coalesce(ro.service_id, '')
                     AND l.commissioner_key = coalesce(ro.commissioner_code, '')
    WHERE ro.finished AND ro.discharge_date IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5),
counted AS (
    SELECT c.*, m.median_wait_days
    FROM counts c
    LEFT JOIN median_wait m ON m.month = c.month AND m.level = c.level AND m.organisation_code = c.organisation_code
         AND m.provider_code IS NOT DISTINCT FROM c.provider_code AND m.service_id IS NOT DISTINCT FROM c.service_id)
-- Rates are NULL when their numerator or denominator is 0, as in the
-- dashboard; fractions 0-1, as the dashboard stores them.
SELECT month, level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id,
       count_referrals,
       count_access,
       count_recovery,
       count_finished_course_treatment,
       count_not_at_caseness,
       ended_before_treatment,
       ended_treated_once,
       nullif(count_recovery, 0)::float8 / nullif(count_finished_course_treatment - count_not_at_caseness, 0) AS recovery_rate,
       nullif(count_reliable_recovery, 0)::float8 / nullif(count_finished_course_treatment - count_not_at_caseness, 0) AS reliable_recovery_rate,
       nullif(count_deterioration, 0)::float8 / nullif(count_finished_course_treatment, 0) AS reliable_deterioration_rate,
       nullif(count_improvement, 0)::float8 / nullif(count_finished_course_treatment, 0) AS reliable_improvement_rate,
       nullif(count_recovery_wb, 0)::float8 / nullif(count_finished_wb - count_not_at_caseness_wb, 0) AS recovery_wb_rate,
       nullif(count_recovery_em, 0)::float8 / nullif(count_finished_em - count_not_at_caseness_em, 0) AS recovery_em_rate,
       count_first_treatment_6_weeks_finished,
       count_first_treatment_18_weeks_finished,
       nullif(count_first_treatment_6_weeks_finished, 0)::float8 / nullif(count_finished_course_treatment, 0) AS first_treatment_6_weeks_finished_rate,
       nullif(count_first_treatment_18_weeks_finished, 0)::float8 / nullif(count_finished_course_treatment, 0) AS first_treatment_18_weeks_finished_rate,
       count_first_to_second_over_28_days,
       count_first_to_second_over_90_days,
       count_second_treatment,
       nullif(count_first_to_second_over_90_days, 0)::float8 / nullif(count_second_treatment, 0) AS first_to_second_over_90_days_rate,
       open_referral_over_90_days_no_contact,
       open_referral,
       nullif(open_referral_over_90_days_no_contact, 0)::float8 / nullif(open_referral, 0) AS open_referral_no_activity_over_90_days_rate,
       nullif(open_referral_over_90_days_no_contact_2_apps, 0)::float8 / nullif(open_referral, 0) AS open_referral_no_activity_over_90_days_2_apps_rate,
       CASE WHEN by_intensity THEN li_apts END AS li_apts,
       CASE WHEN by_intensity THEN hi_apts END AS hi_apts,
       CASE WHEN by_intensity THEN hili_apts END AS hili_apts,
       f2f_apts,
       non_f2f_apts,
       apts,
       count_reliable_recovery,
       count_improvement,
       count_deterioration,
       count_finished_wb,
       count_not_at_caseness_wb,
       count_recovery_wb,
       count_finished_em,
       count_not_at_caseness_em,
       count_recovery_em,
       open_referral_over_90_days_no_contact_2_apps,
       mean_wait_days,
       median_wait_days
FROM counted;
COMMENT ON VIEW key_metrics IS 'NHS England''s Talking Therapies key-metrics dashboard (KM monthly update.sql of nhsengland/Talking-Therapies): its 33 figures per month at each level (national; region, ICB and sub-ICB of the commissioner; provider; service), with the hierarchy as it stands now (a merged provider under its successor); rates NULL when their numerator or denominator is 0, as in the dashboard, fractions 0-1 (the dashboard''s Percentage_ columns, which it stores as fractions) unrounded; not suppressed. Rows of the providers provider_access grants the caller (docs/reporting.md)';
COMMENT ON COLUMN key_metrics.month IS 'First day of the month (Month)';
COMMENT ON COLUMN key_metrics.level IS 'national, region, icb, sub_icb, provider or service (the dashboard has no provider or service level); iapt_ews.report_level: compared in any case (''ICB'', ''Sub-ICB''), a name that is no level is an error, ordered national to service';
COMMENT ON COLUMN key_metrics.group_type IS 'National, Region, ICB, Sub-ICB, Provider or Service (GroupType)';
COMMENT ON COLUMN key_metrics.organisation_code IS 'England; the region, ICB or sub-ICB of the commissioner (Other when the hierarchy does not place it); the provider (its last successor); the service (Organisation Code)';
COMMENT ON COLUMN key_metrics.organisation_name IS 'Name of the organisation from the organisation table (Organisation Name)';
COMMENT ON COLUMN key_metrics.region_code IS 'NHS England region of the commissioner (of the provider on provider and service rows); England on the national row (RegionCodeComm)';
COMMENT ON COLUMN key_metrics.region_name IS 'Its name (RegionNameComm)';
COMMENT ON COLUMN key_metrics.provider_code IS 'Provider (last successor) on provider and service rows';
COMMENT ON COLUMN key_metrics.service_id IS 'Service on service rows';
COMMENT ON COLUMN key_metrics.count_referrals IS 'Referrals received in the month (M001) (Count_Referrals)';
COMMENT ON COLUMN key_metrics.count_access IS 'Referrals with their first treatment in the month (M031) (Count_Access)';
COMMENT ON COLUMN key_metrics.count_recovery IS 'Finished in the month and moved to recovery (M191) (Count_Recovery)';
COMMENT ON COLUMN key_metrics.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076) (Count_FinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.count_not_at_caseness IS 'Finished in the month, not at caseness at the start (M179) (Count_NotAtCaseness)';
COMMENT ON COLUMN key_metrics.ended_before_treatment IS 'Ended in the month without a treatment appointment (M073 + M074) (EndedBeforeTreatment)';
COMMENT ON COLUMN key_metrics.ended_treated_once IS 'Ended in the month after one treatment appointment (M075) (EndedTreatedOnce)';
COMMENT ON COLUMN key_metrics.recovery_rate IS 'count_recovery / (finished - not at caseness), a fraction 0-1 (M192 / 100), as the dashboard stores it (Percentage_Recovery)';
COMMENT ON COLUMN key_metrics.reliable_recovery_rate IS 'count_reliable_recovery / (finished - not at caseness), a fraction 0-1 (M195) (Percentage_ReliableRecovery)';
COMMENT ON COLUMN key_metrics.reliable_deterioration_rate IS 'count_deterioration / finished, a fraction 0-1 (M190) (Percentage_ReliableDeterioration)';
COMMENT ON COLUMN key_metrics.reliable_improvement_rate IS 'count_improvement / finished, a fraction 0-1 (M186) (Percentage_ReliableImprovement)';
COMMENT ON COLUMN key_metrics.recovery_wb_rate IS 'Recovery of White British referrals (ethnic category A), a fraction 0-1 (Percentage_Recovery_WB)';
COMMENT ON COLUMN key_metrics.recovery_em_rate IS 'Recovery of ethnic-minority referrals (categories B to S, iapt_ews.bme_group), a fraction 0-1; differs: the dashboard leaves out L and M (KM monthly update.sql, line 90) (Percentage_Recovery_EM)';
COMMENT ON COLUMN key_metrics.count_first_treatment_6_weeks_finished IS 'Finished in the month having waited 42 days or less (M052) (Count_FirstTreatment6WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.count_first_treatment_18_weeks_finished IS 'Finished in the month having waited 126 days or less (M054) (Count_FirstTreatment18WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.first_treatment_6_weeks_finished_rate IS 'Share of finished courses that waited 42 days or less, a fraction 0-1 (M053) (Percentage_FirstTreatment6WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.first_treatment_18_weeks_finished_rate IS 'Share of finished courses that waited 126 days or less, a fraction 0-1 (M055) (Percentage_FirstTreatment18WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.count_first_to_second_over_28_days IS 'Second treatment in the month, more than 28 days after the first (M046) (Count_FirstToSecondTreatmentOver28days)';
COMMENT ON COLUMN key_metrics.count_first_to_second_over_90_days IS 'Second treatment in the month, more than 90 days after the first (M047) (Count_FirstToSecondTreatmentOver90days)';
COMMENT ON COLUMN key_metrics.count_second_treatment IS 'Referrals with their second treatment in the month (M184) (Count_SecondTreatment)';
COMMENT ON COLUMN key_metrics.first_to_second_over_90_days_rate IS 'Share of second treatments more than 90 days after the first, a fraction 0-1 (Percentage_FirstToSecondTreatmentOver90days)';
COMMENT ON COLUMN key_metrics.open_referral_over_90_days_no_contact IS 'Open at the month''s end (not discharged by then) and last treatment more than 90 days before it (OpenReferralOver90daysNoContact)';
COMMENT ON COLUMN key_metrics.open_referral IS 'Open at the month''s end with at least one treatment by then (OpenReferral)';
COMMENT ON COLUMN key_metrics.open_referral_no_activity_over_90_days_rate IS 'open_referral_over_90_days_no_contact / open_referral, a fraction 0-1 (Percentage_OpenReferralNoActivityOver90days)';
COMMENT ON COLUMN key_metrics.open_referral_no_activity_over_90_days_2_apps_rate IS 'Of the open referrals, those with more than one treatment and none in the last 90 days, a fraction 0-1 (Percentage_OpenReferralNoActivityOver90days2Apps)';
COMMENT ON COLUMN key_metrics.li_apts IS 'Attended appointments in the month with a low-intensity procedure (iapt_ews.procedure_intensity; KM monthly update.sql, lines 163-164); NULL where the model has no care_activity (LIApts)';
COMMENT ON COLUMN key_metrics.hi_apts IS 'Attended appointments in the month with a high-intensity procedure (lines 166-167); NULL where the model has no care_activity (HIApts)';
COMMENT ON COLUMN key_metrics.hili_apts IS 'Attended appointments in the month with a low- or high-intensity procedure (lines 170-171); NULL where the model has no care_activity (HILIApts)';
COMMENT ON COLUMN key_metrics.f2f_apts IS 'Attended appointments in the month, face to face (ConsMechanism 01) (F2FApts)';
COMMENT ON COLUMN key_metrics.non_f2f_apts IS 'Attended appointments in the month by any other known consultation mechanism; differs: also v2.0''s 03, 06 and 08, which the dashboard leaves out (NonF2FApts)';
COMMENT ON COLUMN key_metrics.apts IS 'Attended appointments in the month with a known consultation mechanism (Apts)';
COMMENT ON COLUMN key_metrics.count_reliable_recovery IS 'Finished in the month with reliable recovery (M193) (Count_ReliableRecovery)';
COMMENT ON COLUMN key_metrics.count_improvement IS 'Finished in the month with reliable improvement (M185) (Count_Improvement)';
COMMENT ON COLUMN key_metrics.count_deterioration IS 'Finished in the month with reliable deterioration (M189); not a dashboard column';
COMMENT ON COLUMN key_metrics.count_finished_wb IS 'Finished in the month, White British; not a dashboard column (recovery_wb_rate''s denominator)';
COMMENT ON COLUMN key_metrics.count_not_at_caseness_wb IS 'Of those, not at caseness at the start; not a dashboard column';
COMMENT ON COLUMN key_metrics.count_recovery_wb IS 'Of those, moved to recovery; not a dashboard column';
COMMENT ON COLUMN key_metrics.count_finished_em IS 'Finished in the month, ethnic minorities (B to S); not a dashboard column';
COMMENT ON COLUMN key_metrics.count_not_at_caseness_em IS 'Of those, not at caseness at the start; not a dashboard column';
COMMENT ON COLUMN key_metrics.count_recovery_em IS 'Of those, moved to recovery; not a dashboard column';
COMMENT ON COLUMN key_metrics.open_referral_over_90_days_no_contact_2_apps IS 'Open at the month''s end, more than one treatment, none in the last 90 days; not a dashboard column (the numerator of the 2Apps percentage)';
COMMENT ON COLUMN key_metrics.mean_wait_days IS 'Mean days from referral to first treatment of the courses finished in the month; the dashboard reads its average waits from other tables (KM monthly update.sql, lines 785-818)';
COMMENT ON COLUMN key_metrics.median_wait_days IS 'Median of the same';
