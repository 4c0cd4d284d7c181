-- step: 333
-- object: key_metrics_cells
-- kind: view
-- layer: reports
-- reads: referral_outcome, care_contact, contact_intensity, intensity_recorded
-- stored: filter=nullif(provider_key, '')
-- Written by tools/metric_statements.py from 333-key_metrics_cells.sql.in and metrics.csv:
-- edit those, not this file.
-- key_metrics counted per month and cell (provider, service, commissioner):
-- every count of the dashboard is a sum over cells, so key_metrics adds the
-- cells of each level up. Over a stored data set the cells of every
-- provider are stored at each refresh (stored: key_metrics_cells_all, and
-- the provider filter over it under this name).
CREATE VIEW key_metrics_cells WITH (security_barrier = true) AS
WITH ro AS (
    SELECT r.*, coalesce(r.provider_code, '') AS provider_key, coalesce(r.service_id, '') AS service_key,
           coalesce(r.commissioner_code, '') AS commissioner_key,
           -- The referral's first and the day after its last day as UK
           -- instants, once a referral, so that each contact is compared
           -- as it is stored rather than converted to a UK date each time.
           r.referral_date::timestamp AT TIME ZONE 'Europe/London' AS referral_starts_at,
           (r.discharge_date + 1)::timestamp AT TIME ZONE 'Europe/London' AS discharge_ends_at
    FROM referral_outcome r),
-- One row per referral and the month of each of its events.
referral_event AS (
    SELECT ro.*, e.kind, e.month
    FROM ro
    CROSS JOIN LATERAL (VALUES
        ('referred', date_trunc('month', ro.referral_date::timestamp)::date),
        ('access', date_trunc('month', ro.first_treatment_date::timestamp)::date),
        ('second', date_trunc('month', ro.second_treatment_date::timestamp)::date),
        ('ended', date_trunc('month', ro.discharge_date::timestamp)::date)) e(kind, month)
    WHERE e.month IS NOT NULL),
report_month AS (
    SELECT DISTINCT month, (month + interval '1 month' - interval '1 day')::date AS month_end
    FROM referral_event),
-- Contacts of the referrals in referral_outcome only (the visible
-- providers), dated within their referral.
contact AS (
    SELECT c.contact_id, c.pathway_id, c.attended, c.consultation_mechanism,
           c.appointment_type IN ('treatment', 'assessment_and_treatment', 'review_and_treatment') AS treatment,
           (c.contact_at AT TIME ZONE 'Europe/London')::date AS contact_date,
           ro.provider_key, ro.service_key, ro.commissioner_key
    FROM care_contact c JOIN ro ON ro.pathway_id = c.pathway_id
    WHERE c.contact_at >= ro.referral_starts_at
      AND (ro.discharge_date IS NULL OR c.contact_at < ro.discharge_ends_at)),
-- Each referral's attended treatment sessions, by date.
treatment_dates AS (
    SELECT c.pathway_id, array_agg(c.contact_date ORDER BY c.contact_date) AS dates
    FROM contact c WHERE c.attended AND c.treatment
    GROUP BY c.pathway_id),
-- Referrals open at a month's end (not discharged by then), with their
-- treatment sessions up to that day: width_bucket counts the sorted dates
-- on or before it, and the last of those is the latest session. (One
-- binary search per referral and month, not a join of every month's open
-- referrals to their contacts.)
open_referral AS (
    SELECT m.month, ro.provider_key, ro.service_key, ro.commissioner_key, n.sessions,
           m.month_end - t.dates[n.sessions] AS days_since_treatment
    FROM report_month m
    JOIN ro ON ro.referral_date <= m.month_end AND (ro.discharge_date IS NULL OR ro.discharge_date > m.month_end)
           -- and still submitted then: NHS England counts the open referrals
           -- of a month's own submission (KM monthly update.sql, lines 143-144
           -- over the submission of lines 190-196), so a referral no longer
           -- sent is not open after its last reporting period.
           AND (ro.last_reported_on IS NULL OR m.month_end <= ro.last_reported_on)
    LEFT JOIN treatment_dates t ON t.pathway_id = ro.pathway_id
    CROSS JOIN LATERAL (SELECT coalesce(width_bucket(m.month_end, t.dates), 0) AS sessions) n),
-- Attended appointments of any type, by the month they took place.
appointment AS (
    SELECT c.provider_key, c.service_key, c.commissioner_key,
           date_trunc('month', c.contact_date::timestamp)::date AS month, c.contact_id,
           iapt_ews.is_face_to_face(c.consultation_mechanism) AS face_to_face,
           coalesce(a.low_intensity, false) AS low_intensity, coalesce(a.high_intensity, false) AS high_intensity
    FROM contact c
    LEFT JOIN contact_intensity a ON a.contact_id = c.contact_id
    WHERE c.attended AND c.contact_date IS NOT NULL),
-- Counted per month and cell (provider, service, commissioner) first, then
-- each level adds up its cells (organisation_level): every count is a sum
-- over its cells, and a cell is a few hundred referrals, not six rows per
-- referral. The median is not a sum: it is taken per level (median_wait).
event_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(*) FILTER (WHERE kind = 'referred') AS count_referrals,
           count(*) FILTER (WHERE kind = 'access') AS count_access,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND recovered) AS count_recovery,
           count(*) FILTER (WHERE kind = 'ended' AND finished) AS count_finished_course_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND not_case_at_start) AS count_not_at_caseness,
           count(*) FILTER (WHERE kind = 'ended' AND first_treatment_date IS NULL) AS ended_before_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND treatment_sessions = 1) AS ended_treated_once,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND days_to_first_treatment <= 42) AS count_first_treatment_6_weeks_finished,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND days_to_first_treatment <= 126) AS count_first_treatment_18_weeks_finished,
           count(*) FILTER (WHERE kind = 'second' AND second_treatment_date - first_treatment_date > 28) AS count_first_to_second_over_28_days,
           count(*) FILTER (WHERE kind = 'second' AND second_treatment_date - first_treatment_date > 90) AS count_first_to_second_over_90_days,
           count(*) FILTER (WHERE kind = 'second') AS count_second_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_recovered) AS count_reliable_recovery,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_improved) AS count_improvement,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_deteriorated) AS count_deterioration,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND iapt_ews.bme_group(ethnic_category) = 'White British') AS count_finished_wb,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND not_case_at_start AND iapt_ews.bme_group(ethnic_category) = 'White British') AS count_not_at_caseness_wb,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND recovered AND iapt_ews.bme_group(ethnic_category) = 'White British') AS count_recovery_wb,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND iapt_ews.bme_group(ethnic_category) = 'BME') AS count_finished_em,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND not_case_at_start AND iapt_ews.bme_group(ethnic_category) = 'BME') AS count_not_at_caseness_em,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND recovered AND iapt_ews.bme_group(ethnic_category) = 'BME') AS count_recovery_em,
           sum(days_to_first_treatment) FILTER (WHERE kind = 'ended' AND finished) AS wait_days,
           count(days_to_first_treatment) FILTER (WHERE kind = 'ended' AND finished) AS waits
    FROM referral_event
    GROUP BY 1, 2, 3, 4),
open_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(*) FILTER (WHERE days_since_treatment > 90) AS open_referral_over_90_days_no_contact,
           count(*) FILTER (WHERE days_since_treatment IS NOT NULL) AS open_referral,
           count(*) FILTER (WHERE days_since_treatment > 90 AND sessions > 1) AS open_referral_over_90_days_no_contact_2_apps
    FROM open_referral
    GROUP BY 1, 2, 3, 4),
appointment_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(DISTINCT contact_id) FILTER (WHERE low_intensity) AS li_apts,
           count(DISTINCT contact_id) FILTER (WHERE high_intensity) AS hi_apts,
           count(DISTINCT contact_id) FILTER (WHERE low_intensity OR high_intensity) AS hili_apts,
           count(DISTINCT contact_id) FILTER (WHERE face_to_face) AS f2f_apts,
           count(DISTINCT contact_id) FILTER (WHERE NOT face_to_face) AS non_f2f_apts,
           count(DISTINCT contact_id) FILTER (WHERE face_to_face IS NOT NULL) AS apts
    FROM appointment
    GROUP BY 1, 2, 3, 4),
-- One row per part (events, open referrals, appointments), each with the
-- others' counts NULL, so that a query of one month reaches into each
-- part (a qual on month passes through UNION ALL and each GROUP BY).
cell_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count_referrals,
           count_access,
           count_recovery,
           count_finished_course_treatment,
           count_not_at_caseness,
           ended_before_treatment,
           ended_treated_once,
           count_first_treatment_6_weeks_finished,
           count_first_treatment_18_weeks_finished,
           count_first_to_second_over_28_days,
           count_first_to_second_over_90_days,
           count_second_treatment,
           NULL::bigint AS open_referral_over_90_days_no_contact,
           NULL::bigint AS open_referral,
           NULL::bigint AS li_apts,
           NULL::bigint AS hi_apts,
           NULL::bigint AS hili_apts,
           NULL::bigint AS f2f_apts,
           NULL::bigint AS non_f2f_apts,
           NULL::bigint AS apts,
           count_reliable_recovery,
           count_improvement,
           count_deterioration,
           count_finished_wb,
           count_not_at_caseness_wb,
           count_recovery_wb,
           count_finished_em,
           count_not_at_caseness_em,
           count_recovery_em,
           NULL::bigint AS open_referral_over_90_days_no_contact_2_apps,
           wait_days,
           waits
    FROM event_counts
    UNION ALL
    SELECT month, provider_key, service_key, commissioner_key,
           NULL::bigint AS count_referrals,
           NULL::bigint AS count_access,
           NULL::bigint AS count_recovery,
           NULL::bigint AS count_finished_course_treatment,
           NULL::bigint AS count_not_at_caseness,
           NULL::bigint AS ended_before_treatment,
           NULL::bigint AS ended_treated_once,
           NULL::bigint AS count_first_treatment_6_weeks_finished,
           NULL::bigint AS count_first_treatment_18_weeks_finished,
           NULL::bigint AS count_first_to_second_over_28_days,
           NULL::bigint AS count_first_to_second_over_90_days,
           NULL::bigint AS count_second_treatment,
           open_referral_over_90_days_no_contact,
           open_referral,
           NULL::bigint AS li_apts,
           NULL::bigint AS hi_apts,
           NULL::bigint AS hili_apts,
           NULL::bigint AS f2f_apts,
           NULL::bigint AS non_f2f_apts,
           NULL::bigint AS apts,
           NULL::bigint AS count_reliable_recovery,
           NULL::bigint AS count_improvement,
           NULL::bigint AS count_deterioration,
           NULL::bigint AS count_finished_wb,
           NULL::bigint AS count_not_at_caseness_wb,
           NULL::bigint AS count_recovery_wb,
           NULL::bigint AS count_finished_em,
           NULL::bigint AS count_not_at_caseness_em,
           NULL::bigint AS count_recovery_em,
           open_referral_over_90_days_no_contact_2_apps,
           NULL::bigint AS wait_days,
           NULL::bigint AS waits
    FROM open_counts
    UNION ALL
    SELECT month, provider_key, service_key, commissioner_key,
           NULL::bigint AS count_referrals,
           NULL::bigint AS count_access,
           NULL::bigint AS count_recovery,
           NULL::bigint AS count_finished_course_treatment,
           NULL::bigint AS count_not_at_caseness,
           NULL::bigint AS ended_before_treatment,
           NULL::bigint AS ended_treated_once,
           NULL::bigint AS count_first_treatment_6_weeks_finished,
           NULL::bigint AS count_first_treatment_18_weeks_finished,
           NULL::bigint AS count_first_to_second_over_28_days,
           NULL::bigint AS count_first_to_second_over_90_days,
           NULL::bigint AS count_second_treatment,
           NULL::bigint AS open_referral_over_90_days_no_contact,
           NULL::bigint AS open_referral,
           li_apts,
           hi_apts,
           hili_apts,
           f2f_apts,
           non_f2f_apts,
           apts,
           NULL::bigint AS count_reliable_recovery,
           NULL::bigint AS count_improvement,
           NULL::bigint AS count_deterioration,
           NULL::bigint AS count_finished_wb,
           NULL::bigint AS count_not_at_caseness_wb,
           NULL::bigint AS count_recovery_wb,
           NULL::bigint AS count_finished_em,
           NULL::bigint AS count_not_at_caseness_em,
           NULL::bigint AS count_recovery_em,
           NULL::bigint AS open_referral_over_90_days_no_contact_2_apps,
           NULL::bigint AS wait_days,
           NULL::bigint AS waits
    FROM appointment_counts)
SELECT month, provider_key, service_key, commissioner_key, (SELECT k.by_intensity FROM intensity_recorded k) AS by_intensity,
       coalesce(sum(count_referrals), 0)::bigint AS count_referrals,
       coalesce(sum(count_access), 0)::bigint AS count_access,
       coalesce(sum(count_recovery), 0)::bigint AS count_recovery,
       coalesce(sum(count_finished_course_treatment), 0)::bigint AS count_finished_course_treatment,
       coalesce(sum(count_not_at_caseness), 0)::bigint AS count_not_at_caseness,
       coalesce(sum(ended_before_treatment), 0)::bigint AS ended_before_treatment,
       coalesce(sum(ended_treated_once), 0)::bigint AS ended_treated_once,
       coalesce(sum(count_first_treatment_6_weeks_finished), 0)::bigint AS count_first_treatment_6_weeks_finished,
       coalesce(sum(count_first_treatment_18_weeks_finished), 0)::bigint AS count_first_treatment_18_weeks_finished,
       coalesce(sum(count_first_to_second_over_28_days), 0)::bigint AS count_first_to_second_over_28_days,
       coalesce(sum(count_first_to_second_over_90_days), 0)::bigint AS count_first_to_second_over_90_days,
       coalesce(sum(count_second_treatment), 0)::bigint AS count_second_treatment,
       coalesce(sum(open_referral_over_90_days_no_contact), 0)::bigint AS open_referral_over_90_days_no_contact,
       coalesce(sum(open_referral), 0)::bigint AS open_referral,
       coalesce(sum(li_apts), 0)::bigint AS li_apts,
       coalesce(sum(hi_apts), 0)::bigint AS hi_apts,
       coalesce(sum(hili_apts), 0)::bigint AS hili_apts,
       coalesce(sum(f2f_apts), 0)::bigint AS f2f_apts,
       coalesce(sum(non_f2f_apts), 0)::bigint AS non_f2f_apts,
       coalesce(sum(apts), 0)::bigint AS apts,
       coalesce(sum(count_reliable_recovery), 0)::bigint AS count_reliable_recovery,
       coalesce(sum(count_improvement), 0)::bigint AS count_improvement,
       coalesce(sum(count_deterioration), 0)::bigint AS count_deterioration,
       coalesce(sum(count_finished_wb), 0)::bigint AS count_finished_wb,
       coalesce(sum(count_not_at_caseness_wb), 0)::bigint AS count_not_at_caseness_wb,
       coalesce(sum(count_recovery_wb), 0)::bigint AS count_recovery_wb,
       coalesce(sum(count_finished_em), 0)::bigint AS count_finished_em,
       coalesce(sum(count_not_at_caseness_em), 0)::bigint AS count_not_at_caseness_em,
       coalesce(sum(count_recovery_em), 0)::bigint AS count_recovery_em,
       coalesce(sum(open_referral_over_90_days_no_contact_2_apps), 0)::bigint AS open_referral_over_90_days_no_contact_2_apps,
       coalesce(sum(wait_days), 0)::bigint AS wait_days,
       coalesce(sum(waits), 0)::bigint AS waits
FROM cell_counts
GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW key_metrics_cells IS 'key_metrics counted per month and cell (provider, service and commissioner of the referrals provider_access grants the caller), before the levels add them up; not suppressed';
COMMENT ON COLUMN key_metrics_cells.month IS 'First day of the month';
COMMENT ON COLUMN key_metrics_cells.provider_key IS 'Provider code as recorded ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.service_key IS 'Service ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.commissioner_key IS 'Commissioner code ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.by_intensity IS 'True where the model has care_activity (appointments by intensity counted)';
COMMENT ON COLUMN key_metrics_cells.count_referrals IS 'Referrals received in the month (M001) (Count_Referrals)';
COMMENT ON COLUMN key_metrics_cells.count_access IS 'Referrals with their first treatment in the month (M031) (Count_Access)';
COMMENT ON COLUMN key_metrics_cells.count_recovery IS 'Finished in the month and moved to recovery (M191) (Count_Recovery)';
COMMENT ON COLUMN key_metrics_cells.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076) (Count_FinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics_cells.count_not_at_caseness IS 'Finished in the month, not at caseness at the start (M179) (Count_NotAtCaseness)';
COMMENT ON COLUMN key_metrics_cells.ended_before_treatment IS 'Ended in the month without a treatment appointment (M073 + M074) (EndedBeforeTreatment)';
COMMENT ON COLUMN key_metrics_cells.ended_treated_once IS 'Ended in the month after one treatment appointment (M075) (EndedTreatedOnce)';
COMMENT ON COLUMN key_metrics_cells.count_first_treatment_6_weeks_finished IS 'Finished in the month having waited 42 days or less (M052) (Count_FirstTreatment6WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics_cells.count_first_treatment_18_weeks_finished IS 'Finished in the month having waited 126 days or less (M054) (Count_FirstTreatment18WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics_cells.count_first_to_second_over_28_days IS 'Second treatment in the month, more than 28 days after the first (M046) (Count_FirstToSecondTreatmentOver28days)';
COMMENT ON COLUMN key_metrics_cells.count_first_to_second_over_90_days IS 'Second treatment in the month, more than 90 days after the first (M047) (Count_FirstToSecondTreatmentOver90days)';
COMMENT ON COLUMN key_metrics_cells.count_second_treatment IS 'Referrals with their second treatment in the month (M184) (Count_SecondTreatment)';
COMMENT ON COLUMN key_metrics_cells.open_referral_over_90_days_no_contact IS 'Open at the month''s end (not discharged by then) and last treatment more than 90 days before it (OpenReferralOver90daysNoContact)';
COMMENT ON COLUMN key_metrics_cells.open_referral IS 'Open at the month''s end with at least one treatment by then (OpenReferral)';
COMMENT ON COLUMN key_metrics_cells.li_apts IS 'Attended appointments in the month with a low-intensity procedure (iapt_ews.procedure_intensity; KM monthly update.sql, lines 163-164); NULL where the model has no care_activity (LIApts)';
COMMENT ON COLUMN key_metrics_cells.hi_apts IS 'Attended appointments in the month with a high-intensity procedure (lines 166-167); NULL where the model has no care_activity (HIApts)';
COMMENT ON COLUMN key_metrics_cells.hili_apts IS 'Attended appointments in the month with a low- or high-intensity procedure (lines 170-171); NULL where the model has no care_activity (HILIApts)';
COMMENT ON COLUMN key_metrics_cells.f2f_apts IS 'Attended appointments in the month, face to face (ConsMechanism 01) (F2FApts)';
COMMENT ON COLUMN key_metrics_cells.non_f2f_apts IS 'Attended appointments in the month by any other known consultation mechanism; differs: also v2.0''s 03, 06 and 08, which the dashboard leaves out (NonF2FApts)';
COMMENT ON COLUMN key_metrics_cells.apts IS 'Attended appointments in the month with a known consultation mechanism (Apts)';
COMMENT ON COLUMN key_metrics_cells.count_reliable_recovery IS 'Finished in the month with reliable recovery (M193) (Count_ReliableRecovery)';
COMMENT ON COLUMN key_metrics_cells.count_improvement IS 'Finished in the month with reliable improvement (M185) (Count_Improvement)';
COMMENT ON COLUMN key_metrics_cells.count_deterioration IS 'Finished in the month with reliable deterioration (M189); not a dashboard column';
COMMENT ON COLUMN key_metrics_cells.count_finished_wb IS 'Finished in the month, White British; not a dashboard column (recovery_wb_rate''s denominator)';
COMMENT ON COLUMN key_metrics_cells.count_not_at_caseness_wb IS 'Of those, not at caseness at the start; not a dashboard column';
COMMENT ON COLUMN key_metrics_cells.count_recovery_wb IS 'Of those, moved to recovery; not a dashboard column';
COMMENT ON COLUMN key_metrics_cells.count_finished_em IS 'Finished in the month, ethnic minorities (B to S); not a dashboard column';
COMMENT ON COLUMN key_metrics_cells.count_not_at_caseness_em IS 'Of those, not at caseness at the start; not a dashboard column';
COMMENT ON COLUMN key_metrics_cells.count_recovery_em IS 'Of those, moved to recovery; not a dashboard column';
COMMENT ON COLUMN key_metrics_cells.open_referral_over_90_days_no_contact_2_apps IS 'Open at the month''s end, more than one treatment, none in the last 90 days; not a dashboard column (the numerator of the 2Apps percentage)';
COMMENT ON COLUMN key_metrics_cells.wait_days IS 'Sum of the days from referral to first treatment of the courses finished in the month';
COMMENT ON COLUMN key_metrics_cells.waits IS 'How many of those courses have a first treatment date';
