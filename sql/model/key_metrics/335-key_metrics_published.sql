-- step: 335
-- object: key_metrics_published
-- kind: view
-- layer: reports
-- reads: key_metrics
-- Written by tools/metric_statements.py from 335-key_metrics_published.sql.in and metrics.csv:
-- edit those, not this file.
CREATE VIEW key_metrics_published WITH (security_barrier = true) AS
SELECT month,
       level,
       group_type,
       organisation_code,
       organisation_name,
       region_code,
       region_name,
       provider_code,
       service_id,
       iapt_ews.suppress(count_referrals) AS count_referrals,
       iapt_ews.suppress(count_access) AS count_access,
       iapt_ews.suppress(count_recovery) AS count_recovery,
       iapt_ews.suppress(count_finished_course_treatment) AS count_finished_course_treatment,
       iapt_ews.suppress(count_not_at_caseness) AS count_not_at_caseness,
       iapt_ews.suppress(ended_before_treatment) AS ended_before_treatment,
       iapt_ews.suppress(ended_treated_once) AS ended_treated_once,
       round(100 * iapt_ews.published_rate(count_recovery, count_finished_course_treatment - count_not_at_caseness)::numeric, 2) AS percentage_recovery,
       round(100 * iapt_ews.published_rate(count_reliable_recovery, count_finished_course_treatment - count_not_at_caseness)::numeric, 2) AS percentage_reliable_recovery,
       round(100 * iapt_ews.published_rate(count_deterioration, count_finished_course_treatment)::numeric, 2) AS percentage_reliable_deterioration,
       round(100 * iapt_ews.published_rate(count_improvement, count_finished_course_treatment)::numeric, 2) AS percentage_reliable_improvement,
       round(100 * iapt_ews.published_rate(count_recovery_wb, count_finished_wb - count_not_at_caseness_wb)::numeric, 2) AS percentage_recovery_wb,
       round(100 * iapt_ews.published_rate(count_recovery_em, count_finished_em - count_not_at_caseness_em)::numeric, 2) AS percentage_recovery_em,
       iapt_ews.suppress(count_first_treatment_6_weeks_finished) AS count_first_treatment_6_weeks_finished,
       iapt_ews.suppress(count_first_treatment_18_weeks_finished) AS count_first_treatment_18_weeks_finished,
       round(100 * iapt_ews.published_rate(count_first_treatment_6_weeks_finished, count_finished_course_treatment)::numeric, 2) AS percentage_first_treatment_6_weeks_finished,
       round(100 * iapt_ews.published_rate(count_first_treatment_18_weeks_finished, count_finished_course_treatment)::numeric, 2) AS percentage_first_treatment_18_weeks_finished,
       iapt_ews.suppress(count_first_to_second_over_28_days) AS count_first_to_second_over_28_days,
       iapt_ews.suppress(count_first_to_second_over_90_days) AS count_first_to_second_over_90_days,
       iapt_ews.suppress(count_second_treatment) AS count_second_treatment,
       round(100 * iapt_ews.published_rate(count_first_to_second_over_90_days, count_second_treatment)::numeric, 2) AS percentage_first_to_second_over_90_days,
       iapt_ews.suppress(open_referral_over_90_days_no_contact) AS open_referral_over_90_days_no_contact,
       iapt_ews.suppress(open_referral) AS open_referral,
       round(100 * iapt_ews.published_rate(open_referral_over_90_days_no_contact, open_referral)::numeric, 2) AS percentage_open_referral_no_activity_over_90_days,
       round(100 * iapt_ews.published_rate(open_referral_over_90_days_no_contact_2_apps, open_referral)::numeric, 2) AS percentage_open_referral_no_activity_over_90_days_2_apps,
       iapt_ews.suppress(li_apts) AS li_apts,
       iapt_ews.suppress(hi_apts) AS hi_apts,
       iapt_ews.suppress(hili_apts) AS hili_apts,
       iapt_ews.suppress(f2f_apts) AS f2f_apts,
       iapt_ews.suppress(non_f2f_apts) AS non_f2f_apts,
       iapt_ews.suppress(apts) AS apts,
       iapt_ews.suppress(count_reliable_recovery) AS count_reliable_recovery,
       iapt_ews.suppress(count_improvement) AS count_improvement,
       iapt_ews.suppress(count_deterioration) AS count_deterioration,
       iapt_ews.suppress(count_finished_wb) AS count_finished_wb,
       iapt_ews.suppress(count_not_at_caseness_wb) AS count_not_at_caseness_wb,
       iapt_ews.suppress(count_recovery_wb) AS count_recovery_wb,
       iapt_ews.suppress(count_finished_em) AS count_finished_em,
       iapt_ews.suppress(count_not_at_caseness_em) AS count_not_at_caseness_em,
       iapt_ews.suppress(count_recovery_em) AS count_recovery_em,
       iapt_ews.suppress(open_referral_over_90_days_no_contact_2_apps) AS open_referral_over_90_days_no_contact_2_apps,
       CASE WHEN count_finished_course_treatment >= 5 THEN round(mean_wait_days::numeric, 1) END AS mean_wait_days,
       CASE WHEN count_finished_course_treatment >= 5 THEN round(median_wait_days::numeric, 1) END AS median_wait_days
FROM key_metrics k;
-- The organisation columns mean what key_metrics' do; each measure says
-- how it is published (metrics.csv).
SELECT iapt_ews.copy_column_comments('key_metrics'::regclass, 'key_metrics_published'::regclass);
COMMENT ON COLUMN key_metrics_published.count_referrals IS 'Referrals received in the month (M001) (Count_Referrals); suppressed';
COMMENT ON COLUMN key_metrics_published.count_access IS 'Referrals with their first treatment in the month (M031) (Count_Access); suppressed';
COMMENT ON COLUMN key_metrics_published.count_recovery IS 'Finished in the month and moved to recovery (M191) (Count_Recovery); suppressed';
COMMENT ON COLUMN key_metrics_published.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076) (Count_FinishedCourseTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.count_not_at_caseness IS 'Finished in the month, not at caseness at the start (M179) (Count_NotAtCaseness); suppressed';
COMMENT ON COLUMN key_metrics_published.ended_before_treatment IS 'Ended in the month without a treatment appointment (M073 + M074) (EndedBeforeTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.ended_treated_once IS 'Ended in the month after one treatment appointment (M075) (EndedTreatedOnce); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_recovery IS 'count_recovery / (finished - not at caseness), 0-100 (M192); the dashboard stores a fraction (Percentage_Recovery); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_reliable_recovery IS 'count_reliable_recovery / (finished - not at caseness), 0-100 (M195) (Percentage_ReliableRecovery); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_reliable_deterioration IS 'count_deterioration / finished, 0-100 (M190) (Percentage_ReliableDeterioration); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_reliable_improvement IS 'count_improvement / finished, 0-100 (M186) (Percentage_ReliableImprovement); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_recovery_wb IS 'Recovery of White British referrals (ethnic category A), 0-100 (Percentage_Recovery_WB); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_recovery_em IS 'Recovery of ethnic-minority referrals (categories B to S, iapt_ews.bme_group), 0-100; differs: the dashboard leaves out L and M (KM monthly update.sql, line 90) (Percentage_Recovery_EM); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.count_first_treatment_6_weeks_finished IS 'Finished in the month having waited 42 days or less (M052) (Count_FirstTreatment6WeeksFinishedCourseTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.count_first_treatment_18_weeks_finished IS 'Finished in the month having waited 126 days or less (M054) (Count_FirstTreatment18WeeksFinishedCourseTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_first_treatment_6_weeks_finished IS 'Share of finished courses that waited 42 days or less, 0-100 (M053) (Percentage_FirstTreatment6WeeksFinishedCourseTreatment); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_first_treatment_18_weeks_finished IS 'Share of finished courses that waited 126 days or less, 0-100 (M055) (Percentage_FirstTreatment18WeeksFinishedCourseTreatment); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.count_first_to_second_over_28_days IS 'Second treatment in the month, more than 28 days after the first (M046) (Count_FirstToSecondTreatmentOver28days); suppressed';
COMMENT ON COLUMN key_metrics_published.count_first_to_second_over_90_days IS 'Second treatment in the month, more than 90 days after the first (M047) (Count_FirstToSecondTreatmentOver90days); suppressed';
COMMENT ON COLUMN key_metrics_published.count_second_treatment IS 'Referrals with their second treatment in the month (M184) (Count_SecondTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_first_to_second_over_90_days IS 'Share of second treatments more than 90 days after the first, 0-100 (Percentage_FirstToSecondTreatmentOver90days); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.open_referral_over_90_days_no_contact IS 'Open at the month''s end (not discharged by then) and last treatment more than 90 days before it (OpenReferralOver90daysNoContact); suppressed';
COMMENT ON COLUMN key_metrics_published.open_referral IS 'Open at the month''s end with at least one treatment by then (OpenReferral); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_open_referral_no_activity_over_90_days IS 'open_referral_over_90_days_no_contact / open_referral, 0-100 (Percentage_OpenReferralNoActivityOver90days); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_open_referral_no_activity_over_90_days_2_apps IS 'Of the open referrals, those with more than one treatment and none in the last 90 days, 0-100 (Percentage_OpenReferralNoActivityOver90days2Apps); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.li_apts IS 'Attended appointments in the month with a low-intensity procedure (iapt_ews.procedure_intensity; KM monthly update.sql, lines 163-164); NULL where the model has no care_activity (LIApts); suppressed';
COMMENT ON COLUMN key_metrics_published.hi_apts IS 'Attended appointments in the month with a high-intensity procedure (lines 166-167); NULL where the model has no care_activity (HIApts); suppressed';
COMMENT ON COLUMN key_metrics_published.hili_apts IS 'Attended appointments in the month with a low- or high-intensity procedure (lines 170-171); NULL where the model has no care_activity (HILIApts); suppressed';
COMMENT ON COLUMN key_metrics_published.f2f_apts IS 'Attended appointments in the month, face to face (ConsMechanism 01) (F2FApts); suppressed';
COMMENT ON COLUMN key_metrics_published.non_f2f_apts IS 'Attended appointments in the month by any other known consultation mechanism; differs: also v2.0''s 03, 06 and 08, which the dashboard leaves out (NonF2FApts); suppressed';
COMMENT ON COLUMN key_metrics_published.apts IS 'Attended appointments in the month with a known consultation mechanism (Apts); suppressed';
COMMENT ON COLUMN key_metrics_published.count_reliable_recovery IS 'Finished in the month with reliable recovery (M193) (Count_ReliableRecovery); suppressed';
COMMENT ON COLUMN key_metrics_published.count_improvement IS 'Finished in the month with reliable improvement (M185) (Count_Improvement); suppressed';
COMMENT ON COLUMN key_metrics_published.count_deterioration IS 'Finished in the month with reliable deterioration (M189); not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_finished_wb IS 'Finished in the month, White British; not a dashboard column (percentage_recovery_wb''s denominator); suppressed';
COMMENT ON COLUMN key_metrics_published.count_not_at_caseness_wb IS 'Of those, not at caseness at the start; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_recovery_wb IS 'Of those, moved to recovery; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_finished_em IS 'Finished in the month, ethnic minorities (B to S); not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_not_at_caseness_em IS 'Of those, not at caseness at the start; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_recovery_em IS 'Of those, moved to recovery; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.open_referral_over_90_days_no_contact_2_apps IS 'Open at the month''s end, more than one treatment, none in the last 90 days; not a dashboard column (the numerator of the 2Apps percentage); suppressed';
COMMENT ON COLUMN key_metrics_published.mean_wait_days IS 'Mean days from referral to first treatment of the courses finished in the month; the dashboard reads its average waits from other tables (KM monthly update.sql, lines 785-818); withheld below 5 finished courses, 1 decimal';
COMMENT ON COLUMN key_metrics_published.median_wait_days IS 'Median of the same; withheld below 5 finished courses, 1 decimal';
COMMENT ON VIEW key_metrics_published IS 'key_metrics with disclosure control, as the dashboard''s suppressed version, at every level: counts below 5 withheld and the rest rounded to 5 (iapt_ews.suppress), percentages from the published counts and withheld with them (iapt_ews.published_rate), 2 decimals; totals are formed from the providers provider_access grants the current user only. Owner''s rights, security_barrier';
