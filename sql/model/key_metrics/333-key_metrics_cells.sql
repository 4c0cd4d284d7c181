-- step: 333
-- object: key_metrics_cells
-- kind: view
-- layer: reports
-- reads: referral_outcome, care_contact, contact_intensity, intensity_recorded
-- stored: filter=nullif(provider_key, '')
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
           count_referrals, count_access, count_recovery, count_finished_course_treatment,
           count_not_at_caseness, ended_before_treatment, ended_treated_once,
           count_first_treatment_6_weeks_finished, count_first_treatment_18_weeks_finished,
           count_first_to_second_over_28_days, count_first_to_second_over_90_days, count_second_treatment,
           count_reliable_recovery, count_improvement, count_deterioration, count_finished_wb,
           count_not_at_caseness_wb, count_recovery_wb, count_finished_em, count_not_at_caseness_em,
           count_recovery_em, wait_days, waits, NULL::bigint AS open_referral_over_90_days_no_contact,
           NULL::bigint AS open_referral, NULL::bigint AS open_referral_over_90_days_no_contact_2_apps,
           NULL::bigint AS li_apts, NULL::bigint AS hi_apts, NULL::bigint AS hili_apts,
           NULL::bigint AS f2f_apts, NULL::bigint AS non_f2f_apts, NULL::bigint AS apts
    FROM event_counts
    UNION ALL
    SELECT month, provider_key, service_key, commissioner_key,
           NULL::bigint AS count_referrals, NULL::bigint AS count_access, NULL::bigint AS count_recovery,
           NULL::bigint AS count_finished_course_treatment, NULL::bigint AS count_not_at_caseness,
           NULL::bigint AS ended_before_treatment, NULL::bigint AS ended_treated_once,
           NULL::bigint AS count_first_treatment_6_weeks_finished,
           NULL::bigint AS count_first_treatment_18_weeks_finished,
           NULL::bigint AS count_first_to_second_over_28_days,
           NULL::bigint AS count_first_to_second_over_90_days, NULL::bigint AS count_second_treatment,
           NULL::bigint AS count_reliable_recovery, NULL::bigint AS count_improvement,
           NULL::bigint AS count_deterioration, NULL::bigint AS count_finished_wb,
           NULL::bigint AS count_not_at_caseness_wb, NULL::bigint AS count_recovery_wb,
           NULL::bigint AS count_finished_em, NULL::bigint AS count_not_at_caseness_em,
           NULL::bigint AS count_recovery_em, NULL::bigint AS wait_days, NULL::bigint AS waits,
           open_referral_over_90_days_no_contact, open_referral,
           open_referral_over_90_days_no_contact_2_apps, NULL::bigint AS li_apts, NULL::bigint AS hi_apts,
           NULL::bigint AS hili_apts, NULL::bigint AS f2f_apts, NULL::bigint AS non_f2f_apts,
           NULL::bigint AS apts
    FROM open_counts
    UNION ALL
    SELECT month, provider_key, service_key, commissioner_key,
           NULL::bigint AS count_referrals, NULL::bigint AS count_access, NULL::bigint AS count_recovery,
           NULL::bigint AS count_finished_course_treatment, NULL::bigint AS count_not_at_caseness,
           NULL::bigint AS ended_before_treatment, NULL::bigint AS ended_treated_once,
           NULL::bigint AS count_first_treatment_6_weeks_finished,
           NULL::bigint AS count_first_treatment_18_weeks_finished,
           NULL::bigint AS count_first_to_second_over_28_days,
           NULL::bigint AS count_first_to_second_over_90_days, NULL::bigint AS count_second_treatment,
           NULL::bigint AS count_reliable_recovery, NULL::bigint AS count_improvement,
           NULL::bigint AS count_deterioration, NULL::bigint AS count_finished_wb,
           NULL::bigint AS count_not_at_caseness_wb, NULL::bigint AS count_recovery_wb,
           NULL::bigint AS count_finished_em, NULL::bigint AS count_not_at_caseness_em,
           NULL::bigint AS count_recovery_em, NULL::bigint AS wait_days, NULL::bigint AS waits,
           NULL::bigint AS open_referral_over_90_days_no_contact, NULL::bigint AS open_referral,
           NULL::bigint AS open_referral_over_90_days_no_contact_2_apps, li_apts, hi_apts, hili_apts,
           f2f_apts, non_f2f_apts, apts
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
       coalesce(sum(count_reliable_recovery), 0)::bigint AS count_reliable_recovery,
       coalesce(sum(count_improvement), 0)::bigint AS count_improvement,
       coalesce(sum(count_deterioration), 0)::bigint AS count_deterioration,
       coalesce(sum(count_finished_wb), 0)::bigint AS count_finished_wb,
       coalesce(sum(count_not_at_caseness_wb), 0)::bigint AS count_not_at_caseness_wb,
       coalesce(sum(count_recovery_wb), 0)::bigint AS count_recovery_wb,
       coalesce(sum(count_finished_em), 0)::bigint AS count_finished_em,
       coalesce(sum(count_not_at_caseness_em), 0)::bigint AS count_not_at_caseness_em,
       coalesce(sum(count_recovery_em), 0)::bigint AS count_recovery_em,
       coalesce(sum(wait_days), 0)::bigint AS wait_days,
       coalesce(sum(waits), 0)::bigint AS waits,
       coalesce(sum(open_referral_over_90_days_no_contact), 0)::bigint AS open_referral_over_90_days_no_contact,
       coalesce(sum(open_referral), 0)::bigint AS open_referral,
       coalesce(sum(open_referral_over_90_days_no_contact_2_apps), 0)::bigint AS open_referral_over_90_days_no_contact_2_apps,
       coalesce(sum(li_apts), 0)::bigint AS li_apts,
       coalesce(sum(hi_apts), 0)::bigint AS hi_apts,
       coalesce(sum(hili_apts), 0)::bigint AS hili_apts,
       coalesce(sum(f2f_apts), 0)::bigint AS f2f_apts,
       coalesce(sum(non_f2f_apts), 0)::bigint AS non_f2f_apts,
       coalesce(sum(apts), 0)::bigint AS apts
FROM cell_counts
GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW key_metrics_cells IS 'key_metrics counted per month and cell (provider, service and commissioner of the referrals provider_access grants the caller), before the levels add them up; not suppressed';
COMMENT ON COLUMN key_metrics_cells.month IS 'First day of the month';
COMMENT ON COLUMN key_metrics_cells.provider_key IS 'Provider code as recorded ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.service_key IS 'Service ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.commissioner_key IS 'Commissioner code ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.by_intensity IS 'True where the model has care_activity (appointments by intensity counted)';
COMMENT ON COLUMN key_metrics_cells.wait_days IS 'Sum of the days from referral to first treatment of the courses finished in the month';
COMMENT ON COLUMN key_metrics_cells.waits IS 'How many of those courses have a first treatment date';
