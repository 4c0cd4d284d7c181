-- ---------------------------------------------------------------------------
-- Recovery reports (docs/reporting.md): the statements of the reporting
-- views over referral, care_contact and assessment_score, run in a schema
-- of the caller's by create_data_model, bind_data_set or
-- create_reporting_views (70-model.sql explains how).
--
--   referral_outcome                 one row per referral with its outcome
--   service_month_metrics            per provider, service and month
--   service_month_metrics_published  the same with disclosure control
--   data_quality                     rows left out of the reports, counted
--
-- Every view reads with its owner's rights (the model's owner, who called
-- the builder) and keeps only the providers that provider_access grants the
-- caller, at the base, before anything is computed or compared: a caller
-- sees figures computed from the rows they may see, and a publication role
-- needs no right on the patient-level tables. security_barrier keeps a
-- caller's own functions from being run on rows the filter removes.
-- Published views read the unpublished ones, so the filter is written once.
-- ---------------------------------------------------------------------------

CREATE FUNCTION iapt_ews.model_objects_recovery()
RETURNS SETOF iapt_ews.model_statement
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
(300, 'referral_outcome', 'view', 'reports', '{referral,care_contact,assessment_score,provider_access}'::text[], $ddl$
CREATE VIEW referral_outcome WITH (security_barrier = true) AS
-- Visibility first: nothing of a provider the caller may not see is read
-- further, computed or compared. The contacts, scores and earlier
-- referrals of each referral are gathered by joins on pathway_id and
-- person_id, not by a lookup per referral: over a bound data set the
-- relations are views whose keys have no index, and a lookup per
-- referral recomputed them once per referral.
WITH visible AS (
    SELECT r.* FROM referral r
    WHERE iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)),
contacts AS (
    SELECT v.pathway_id,
           count(*) FILTER (WHERE cc.attended) AS appointments_attended,
           count(*) FILTER (WHERE cc.attended AND cc.treatment) AS treatment_sessions,
           min(cc.contact_date) FILTER (WHERE cc.attended AND cc.treatment) AS first_treatment_date,
           (array_agg(cc.contact_date ORDER BY cc.contact_date) FILTER (WHERE cc.attended AND cc.treatment))[2] AS second_treatment_date,
           max(cc.contact_date) FILTER (WHERE cc.attended AND cc.treatment) AS last_treatment_date
    FROM visible v
    JOIN (SELECT c0.pathway_id, (c0.contact_at AT TIME ZONE 'Europe/London')::date AS contact_date, c0.attended,
                 c0.appointment_type IN ('treatment', 'assessment_and_treatment', 'review_and_treatment') AS treatment
          FROM care_contact c0) cc ON cc.pathway_id = v.pathway_id
    WHERE cc.contact_date >= v.referral_date
      AND (v.discharge_date IS NULL OR cc.contact_date <= v.discharge_date)
    GROUP BY v.pathway_id),
scores AS (
    SELECT v.pathway_id,
           iapt_ews.pair_scores(ss.recorded_at, ss.score) FILTER (WHERE ss.measure = 'phq9') AS phq9,
           iapt_ews.pair_scores(ss.recorded_at, ss.score)
               FILTER (WHERE ss.measure = iapt_ews.anxiety_measure(v.provisional_diagnosis)) AS adsm,
           iapt_ews.pair_scores(ss.recorded_at, ss.score) FILTER (WHERE ss.measure = 'gad7') AS gad7
    FROM visible v
    JOIN assessment_score ss ON ss.pathway_id = v.pathway_id
    WHERE ss.recorded_at IS NOT NULL
      AND ss.score IS NOT NULL AND iapt_ews.score_problem(ss.measure, ss.score) IS NULL
    GROUP BY v.pathway_id),
repeats AS (
    -- A referral of a person with another visible referral in the year
    -- before it (on the same day, the lower pathway_id counts as earlier).
    SELECT DISTINCT r.pathway_id
    FROM visible r
    JOIN visible r2 ON r2.person_id = r.person_id
    -- (>= and <= rather than BETWEEN: the view's text then comes back the
    -- same from pg_dump, whose restore flattens BETWEEN's nested AND.)
    WHERE r2.referral_date >= r.referral_date - 365 AND r2.referral_date <= r.referral_date
      AND (r2.referral_date < r.referral_date OR r2.pathway_id < r.pathway_id))
SELECT r.pathway_id, r.person_id, r.provider_code, r.service_id, r.commissioner_code, r.referral_date,
       c.first_treatment_date, c.second_treatment_date, c.last_treatment_date,
       r.discharge_date, r.end_code, r.provisional_diagnosis,
       r.lsoa_code, r.age_at_referral, r.gender, r.gender_identity, r.ethnic_category,
       m.anxiety_measure,
       coalesce(c.appointments_attended, 0)::integer AS appointments_attended,
       coalesce(c.treatment_sessions, 0)::integer AS treatment_sessions,
       (c.first_treatment_date - r.referral_date) AS days_to_first_treatment,
       iapt_ews.first_score(s.phq9) AS phq9_first,
       iapt_ews.last_score(s.phq9) AS phq9_last,
       coalesce(iapt_ews.paired(s.phq9), false) AS phq9_paired,
       iapt_ews.first_score(a.pair) AS anxiety_first,
       iapt_ews.last_score(a.pair) AS anxiety_last,
       coalesce(iapt_ews.paired(a.pair), false) AS anxiety_paired,
       o.outcome,
       iapt_ews.ended(o.outcome) AS ended,
       iapt_ews.finished(o.outcome) AS finished,
       iapt_ews.paired(o.outcome) AS paired,
       iapt_ews.case_at_start(o.outcome) AS case_at_start,
       iapt_ews.not_case_at_start(o.outcome) AS not_case_at_start,
       iapt_ews.recovered(o.outcome) AS recovered,
       iapt_ews.reliably_improved(o.outcome) AS reliably_improved,
       iapt_ews.reliably_deteriorated(o.outcome) AS reliably_deteriorated,
       iapt_ews.no_reliable_change(o.outcome) AS no_reliable_change,
       iapt_ews.reliably_recovered(o.outcome) AS reliably_recovered,
       (p.pathway_id IS NOT NULL) AS repeat_referral
FROM visible r
LEFT JOIN contacts c ON c.pathway_id = r.pathway_id
LEFT JOIN scores s ON s.pathway_id = r.pathway_id
LEFT JOIN repeats p ON p.pathway_id = r.pathway_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN coalesce(iapt_ews.paired(s.adsm), false) OR NOT coalesce(iapt_ews.paired(s.gad7), false)
                THEN iapt_ews.anxiety_measure(r.provisional_diagnosis)
                ELSE 'gad7' END AS anxiety_measure) m
CROSS JOIN LATERAL (
    SELECT CASE WHEN m.anxiety_measure = iapt_ews.anxiety_measure(r.provisional_diagnosis)
                THEN s.adsm ELSE s.gad7 END AS pair) a
CROSS JOIN LATERAL (
    SELECT iapt_ews.classify(s.phq9, m.anxiety_measure, a.pair,
                             coalesce(c.treatment_sessions, 0)::integer,
                             r.discharge_date IS NOT NULL) AS outcome) o;
COMMENT ON COLUMN referral_outcome.commissioner_code IS 'Commissioner (sub-ICB) code (OrgIDComm)';
COMMENT ON COLUMN referral_outcome.lsoa_code IS 'LSOA of residence at referral';
COMMENT ON COLUMN referral_outcome.age_at_referral IS 'Age in years when the referral was received';
COMMENT ON COLUMN referral_outcome.gender IS 'Stated gender, national code';
COMMENT ON COLUMN referral_outcome.gender_identity IS 'Gender identity, national code';
COMMENT ON COLUMN referral_outcome.ethnic_category IS 'Ethnic category, national code letter';
COMMENT ON VIEW referral_outcome IS 'One row per referral (PathwayID) with its outcome: sessions, first and last scores, the outcome type and its flags as plain booleans (docs/reporting.md). Rows of the providers provider_access grants the caller (iapt_ews.visible_providers)';
COMMENT ON COLUMN referral_outcome.pathway_id IS 'PathwayID: the referral';
COMMENT ON COLUMN referral_outcome.person_id IS 'Pseudonymised person identifier';
COMMENT ON COLUMN referral_outcome.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN referral_outcome.service_id IS 'Service that received the referral';
COMMENT ON COLUMN referral_outcome.referral_date IS 'Referral request received date';
COMMENT ON COLUMN referral_outcome.first_treatment_date IS 'Date of the first attended treatment appointment between referral and discharge (entered treatment, M031); NULL when none';
COMMENT ON COLUMN referral_outcome.second_treatment_date IS 'Date of the second attended treatment appointment (M184 counts these by month)';
COMMENT ON COLUMN referral_outcome.last_treatment_date IS 'Date of the last attended treatment appointment between referral and discharge';
COMMENT ON COLUMN referral_outcome.discharge_date IS 'Service discharge date; NULL while open';
COMMENT ON COLUMN referral_outcome.end_code IS 'Care spell end code';
COMMENT ON COLUMN referral_outcome.provisional_diagnosis IS 'Provisional diagnosis (ICD-10)';
COMMENT ON COLUMN referral_outcome.anxiety_measure IS 'Anxiety measure used: the ADSM for the provisional diagnosis (iapt_ews.anxiety_measure), or gad7 when the ADSM is not paired and GAD-7 is';
COMMENT ON COLUMN referral_outcome.appointments_attended IS 'Attended appointments of any type between referral and discharge';
COMMENT ON COLUMN referral_outcome.treatment_sessions IS 'Attended treatment appointments between referral and discharge (not assessment-only, not employment support)';
COMMENT ON COLUMN referral_outcome.days_to_first_treatment IS 'Days from referral to the first treatment appointment';
COMMENT ON COLUMN referral_outcome.phq9_first IS 'First PHQ-9 score';
COMMENT ON COLUMN referral_outcome.phq9_last IS 'Last PHQ-9 score';
COMMENT ON COLUMN referral_outcome.phq9_paired IS 'Paired PHQ-9 scores: first and last recorded at different times';
COMMENT ON COLUMN referral_outcome.anxiety_first IS 'First score of the anxiety measure';
COMMENT ON COLUMN referral_outcome.anxiety_last IS 'Last score of the anxiety measure';
COMMENT ON COLUMN referral_outcome.anxiety_paired IS 'Paired scores on the anxiety measure';
COMMENT ON COLUMN referral_outcome.outcome IS 'The referral''s outcome (type iapt_ews.outcome); the boolean columns that follow are its flags';
COMMENT ON COLUMN referral_outcome.ended IS 'The referral has ended';
COMMENT ON COLUMN referral_outcome.finished IS 'Finished a course of treatment: ended with at least two treatment sessions (M076)';
COMMENT ON COLUMN referral_outcome.paired IS 'Paired scores on both PHQ-9 and the anxiety measure';
COMMENT ON COLUMN referral_outcome.case_at_start IS 'First PHQ-9 or first anxiety score at caseness';
COMMENT ON COLUMN referral_outcome.not_case_at_start IS 'Both first scores below caseness (M179 among finished referrals)';
COMMENT ON COLUMN referral_outcome.recovered IS 'Moved to recovery (M191 among finished referrals; published counts take finished referrals only)';
COMMENT ON COLUMN referral_outcome.reliably_improved IS 'Reliable improvement (M185 among finished referrals)';
COMMENT ON COLUMN referral_outcome.reliably_deteriorated IS 'Reliable deterioration (M189 among finished referrals)';
COMMENT ON COLUMN referral_outcome.no_reliable_change IS 'No reliable change (M187 among finished referrals)';
COMMENT ON COLUMN referral_outcome.reliably_recovered IS 'Reliable recovery (M193 among finished referrals)';
COMMENT ON COLUMN referral_outcome.repeat_referral IS 'The same person had an earlier referral received in the 365 days up to this one (same-day referrals ordered by pathway_id)';
$ddl$),
(301, 'referral_outcome', 'view', 'reports', '{referral_outcome_all,provider_access}'::text[], $ddl$
-- Over a stored data set (bind_data_set, materialize): the stored outcomes
-- of every provider, filtered first by the caller's providers. Made only
-- where referral_outcome_all is (the statement above makes it elsewhere).
-- Every column is the stored one but repeat_referral: stored, it looked at
-- every provider's referrals of the person; here, as in the statement
-- above, only at the referrals the caller may see, so that no one learns
-- of a referral to a provider they may not see. referral_outcome_all keeps
-- the providers of each referral's earlier referrals of the year before
-- (earlier_providers, iapt_ews.store_referral_outcome), so that is one
-- scalar call per row (no subplan whose row counts EXPLAIN ANALYZE shows).
CREATE VIEW referral_outcome WITH (security_barrier = true) AS
SELECT v.pathway_id, v.person_id, v.provider_code, v.service_id, v.commissioner_code, v.referral_date,
       v.first_treatment_date, v.second_treatment_date, v.last_treatment_date,
       v.discharge_date, v.end_code, v.provisional_diagnosis,
       v.lsoa_code, v.age_at_referral, v.gender, v.gender_identity, v.ethnic_category, v.anxiety_measure,
       v.appointments_attended, v.treatment_sessions, v.days_to_first_treatment,
       v.phq9_first, v.phq9_last, v.phq9_paired, v.anxiety_first, v.anxiety_last, v.anxiety_paired,
       v.outcome, v.ended, v.finished, v.paired, v.case_at_start, v.not_case_at_start, v.recovered,
       v.reliably_improved, v.reliably_deteriorated, v.no_reliable_change, v.reliably_recovered,
       iapt_ews.any_provider_visible(v.earlier_providers, 'provider_access'::regclass) AS repeat_referral
FROM referral_outcome_all v
WHERE iapt_ews.provider_visible(v.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW referral_outcome IS 'One row per referral (PathwayID) with its outcome: sessions, first and last scores, the outcome type and its flags as plain booleans (docs/reporting.md), as stored at the last iapt_ews.refresh_data_set. Rows of the providers provider_access grants the caller (iapt_ews.visible_providers)';
SELECT iapt_ews.copy_column_comments('referral_outcome_all'::regclass, 'referral_outcome'::regclass);
$ddl$),
(310, 'service_month_metrics', 'view', 'reports', '{referral_outcome}'::text[], $ddl$
CREATE VIEW service_month_metrics WITH (security_barrier = true) AS
WITH ro AS (SELECT * FROM referral_outcome),
received AS (
    SELECT provider_code, service_id, date_trunc('month', referral_date::timestamp)::date AS month,
           count(*) AS referrals_received,
           count(*) FILTER (WHERE repeat_referral) AS repeat_referrals
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
       coalesce(rc.repeat_referrals, 0) AS repeat_referrals,
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
       d.paired_both::float8 / nullif(d.finished_treatment, 0) AS paired_completeness
FROM keys k
LEFT JOIN received rc USING (provider_code, service_id, month)
LEFT JOIN entered e USING (provider_code, service_id, month)
LEFT JOIN ended d USING (provider_code, service_id, month);
COMMENT ON VIEW service_month_metrics IS 'NHS Talking Therapies monthly metrics per provider, service and month, with the official measure numbers (M-numbers) in the column comments; not suppressed. Rows of the providers provider_access grants the caller (iapt_ews.visible_providers)';
COMMENT ON COLUMN service_month_metrics.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN service_month_metrics.service_id IS 'Service';
COMMENT ON COLUMN service_month_metrics.month IS 'First day of the month';
COMMENT ON COLUMN service_month_metrics.referrals_received IS 'Referrals received in the month (M001)';
COMMENT ON COLUMN service_month_metrics.repeat_referrals IS 'Referrals received in the month from a person with an earlier referral in the 365 days before';
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
COMMENT ON COLUMN service_month_metrics.recovery_rate IS 'Recovery rate: recovered / (finished - not at caseness) (M192 as a fraction)';
COMMENT ON COLUMN service_month_metrics.reliable_recovery_rate IS 'Reliable recovery rate: reliably recovered / (finished - not at caseness) (M195 as a fraction)';
COMMENT ON COLUMN service_month_metrics.reliable_improvement_rate IS 'Reliable improvement rate: reliably improved / finished (M186 as a fraction)';
COMMENT ON COLUMN service_month_metrics.reliable_deterioration_rate IS 'Reliable deterioration rate: reliably deteriorated / finished (M190 as a fraction)';
COMMENT ON COLUMN service_month_metrics.finished_waited_6_weeks IS 'Finished in the month having waited 42 days or less for first treatment (M052)';
COMMENT ON COLUMN service_month_metrics.finished_waited_18_weeks IS 'Finished in the month having waited 126 days or less for first treatment (M054)';
COMMENT ON COLUMN service_month_metrics.finished_waited_6_weeks_rate IS 'Share of finished courses that waited 42 days or less (M053 as a fraction; standard 0.75)';
COMMENT ON COLUMN service_month_metrics.finished_waited_18_weeks_rate IS 'Share of finished courses that waited 126 days or less (M055 as a fraction; standard 0.95)';
COMMENT ON COLUMN service_month_metrics.mean_wait_days IS 'Mean days from referral to first treatment, finished courses (M050)';
COMMENT ON COLUMN service_month_metrics.median_wait_days IS 'Median days from referral to first treatment, finished courses (M051)';
COMMENT ON COLUMN service_month_metrics.mean_sessions IS 'Mean treatment sessions of finished courses (M141)';
COMMENT ON COLUMN service_month_metrics.median_sessions IS 'Median treatment sessions of finished courses (M142)';
COMMENT ON COLUMN service_month_metrics.paired_phq9 IS 'Finished with paired PHQ-9 scores (M201)';
COMMENT ON COLUMN service_month_metrics.paired_anxiety IS 'Finished with paired anxiety scores (M198)';
COMMENT ON COLUMN service_month_metrics.paired_both IS 'Finished with paired PHQ-9 and anxiety scores (M202)';
COMMENT ON COLUMN service_month_metrics.paired_completeness IS 'Paired-score completeness: finished with both pairs / finished (standard 0.90)';
$ddl$),
(320, 'service_month_metrics_published', 'view', 'reports', '{service_month_metrics}'::text[], $ddl$
CREATE VIEW service_month_metrics_published WITH (security_barrier = true) AS
SELECT m.provider_code, m.service_id, m.month,
       iapt_ews.suppress(m.referrals_received) AS referrals_received,
       iapt_ews.suppress(m.repeat_referrals) AS repeat_referrals,
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
       round(iapt_ews.published_rate(m.paired_both, p.finished_treatment)::numeric, 4) AS paired_completeness
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
COMMENT ON VIEW service_month_metrics_published IS 'service_month_metrics with disclosure control (iapt_ews.suppress, iapt_ews.suppressed_rate): counts below 5 withheld and the rest rounded to 5, rates withheld on small counts and rounded to 2 decimals. Reads the tables with its owner''s rights (security_barrier) and shows only providers in provider_access for the current user';
COMMENT ON COLUMN service_month_metrics_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN service_month_metrics_published.service_id IS 'Service';
COMMENT ON COLUMN service_month_metrics_published.month IS 'First day of the month';
COMMENT ON COLUMN service_month_metrics_published.referrals_received IS 'Referrals received in the month (M001); suppressed';
COMMENT ON COLUMN service_month_metrics_published.repeat_referrals IS 'Referrals received in the month from a person with an earlier referral in the 365 days before; suppressed';
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
COMMENT ON COLUMN service_month_metrics_published.recovery_rate IS 'Recovery rate: recovered / (finished - not at caseness) (M192 as a fraction); withheld on counts below 5, 2 decimals';
COMMENT ON COLUMN service_month_metrics_published.reliable_recovery_rate IS 'Reliable recovery rate: reliably recovered / (finished - not at caseness) (M195 as a fraction); withheld on counts below 5, 2 decimals';
COMMENT ON COLUMN service_month_metrics_published.reliable_improvement_rate IS 'Reliable improvement rate: reliably improved / finished (M186 as a fraction); withheld on counts below 5, 2 decimals';
COMMENT ON COLUMN service_month_metrics_published.reliable_deterioration_rate IS 'Reliable deterioration rate: reliably deteriorated / finished (M190 as a fraction); withheld on counts below 5, 2 decimals';
COMMENT ON COLUMN service_month_metrics_published.finished_waited_6_weeks_rate IS 'Share of finished courses that waited 42 days or less (M053 as a fraction; standard 0.75); withheld on counts below 5, 2 decimals';
COMMENT ON COLUMN service_month_metrics_published.finished_waited_18_weeks_rate IS 'Share of finished courses that waited 126 days or less (M055 as a fraction; standard 0.95); withheld on counts below 5, 2 decimals';
COMMENT ON COLUMN service_month_metrics_published.mean_sessions IS 'Mean treatment sessions of finished courses (M141); withheld below 5 finished courses, 1 decimal';
COMMENT ON COLUMN service_month_metrics_published.median_sessions IS 'Median treatment sessions of finished courses (M142); withheld below 5 finished courses, 1 decimal';
COMMENT ON COLUMN service_month_metrics_published.paired_completeness IS 'Paired-score completeness: finished with both pairs / finished (standard 0.90); withheld on counts below 5, 2 decimals';
$ddl$),
(350, 'data_quality', 'view', 'reports', '{referral,care_contact,assessment_score,provider_access}', $ddl$
CREATE VIEW data_quality WITH (security_barrier = true) AS
-- Rows the reports leave out, counted: scores the measure cannot have (or
-- that did not convert), and contacts dated outside their referral (or not
-- dated). Example keys only of referrals the caller may see.
SELECT 'assessment_score'::text AS table_name, 'score'::text AS column_name,
       coalesce(iapt_ews.score_problem(s.measure, s.score), 'missing or not a number') AS problem,
       count(*) AS rows, min(s.pathway_id) AS example_key
FROM assessment_score s JOIN referral r ON r.pathway_id = s.pathway_id
WHERE (s.score IS NULL OR iapt_ews.score_problem(s.measure, s.score) IS NOT NULL) AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
GROUP BY 3
UNION ALL
SELECT 'assessment_score', 'recorded_at', 'missing or not a time', count(*), min(s.pathway_id)
FROM assessment_score s JOIN referral r ON r.pathway_id = s.pathway_id
WHERE s.recorded_at IS NULL AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
HAVING count(*) > 0
UNION ALL
SELECT 'referral', 'referral_date', 'missing or not a date', count(*), min(r.pathway_id)
FROM referral r
WHERE r.referral_date IS NULL AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
HAVING count(*) > 0
UNION ALL
SELECT 'care_contact', 'contact_at', 'outside its referral or not dated', count(*), min(c.contact_id)
FROM care_contact c JOIN referral r ON r.pathway_id = c.pathway_id
WHERE ((c.contact_at AT TIME ZONE 'Europe/London')::date < r.referral_date
       OR (c.contact_at AT TIME ZONE 'Europe/London')::date > r.discharge_date
       OR c.contact_at IS NULL)
  AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
HAVING count(*) > 0;
COMMENT ON VIEW data_quality IS 'Rows the reports leave out instead of failing, counted by table, column and problem, with one example key (of a referral the caller may see)';
COMMENT ON COLUMN data_quality.table_name IS 'Table the rows are in';
COMMENT ON COLUMN data_quality.column_name IS 'Column with the problem';
COMMENT ON COLUMN data_quality.problem IS 'What is wrong (e.g. out of range, outside its referral)';
COMMENT ON COLUMN data_quality.rows IS 'Rows left out';
COMMENT ON COLUMN data_quality.example_key IS 'Key of one such row (pathway_id or contact_id)';
$ddl$)
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_recovery() IS
'Internal: the recovery reports'' statements: referral_outcome, service_month_metrics, its published variant and data_quality (key_metrics: 75-key-metrics.sql); read them through iapt_ews.data_model';

-- The reporting views over a warehouse's own referral, contact and score
-- tables: three views in the target schema give those tables the model's
-- column names and types (any column may be renamed through columns), then
-- the builder adds the reference tables and every report whose inputs are
-- there. A value that does not convert (a date that is no date) becomes
-- NULL instead of an error, so one bad row cannot stop a report or carry
-- its text into an error message.
CREATE FUNCTION iapt_ews.create_reporting_views(
    target_schema name,
    referral regclass,
    care_contact regclass,
    assessment_score regclass,
    columns jsonb DEFAULT '{}',
    treatment_appointment_types text[] DEFAULT '{treatment,assessment_and_treatment,review_and_treatment}')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    -- Logical column -> default source column; the optional ones are NULL
    -- unless mapped.
    required constant jsonb := '{
        "referral.pathway_id": "pathway_id",
        "referral.person_id": "person_id",
        "referral.provider_code": "provider_code",
        "referral.service_id": "service_id",
        "referral.referral_date": "referral_date",
        "referral.discharge_date": "discharge_date",
        "referral.end_code": "end_code",
        "referral.provisional_diagnosis": "provisional_diagnosis",
        "care_contact.pathway_id": "pathway_id",
        "care_contact.contact_at": "contact_at",
        "care_contact.attended": "attended",
        "care_contact.appointment_type": "appointment_type",
        "assessment_score.pathway_id": "pathway_id",
        "assessment_score.measure": "measure",
        "assessment_score.score": "score",
        "assessment_score.recorded_at": "recorded_at"}';
    optional constant text[] := ARRAY['referral.lsoa_code', 'referral.commissioner_code',
        'referral.age_at_referral', 'referral.gender', 'referral.gender_identity',
        'referral.ethnic_category', 'referral.source_of_referral', 'care_contact.contact_id',
        'care_contact.consultation_mechanism'];
    col jsonb;
    k text;
    v jsonb;
    rel regclass;
    made regclass;
BEGIN
    -- Phase 1: the arguments.
    IF target_schema IS NULL OR referral IS NULL OR care_contact IS NULL OR assessment_score IS NULL THEN
        RAISE EXCEPTION 'target_schema, referral, care_contact and assessment_score must not be NULL'
            USING ERRCODE = '22004';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = target_schema) THEN
        RAISE EXCEPTION 'schema "%" does not exist', target_schema
            USING ERRCODE = '3F000', HINT = 'Create the schema for the views first.';
    END IF;
    FOR rel IN SELECT unnest(ARRAY[referral, care_contact, assessment_score]) LOOP
        IF NOT has_table_privilege(rel, 'SELECT') THEN
            RAISE EXCEPTION 'permission denied to read %', rel
                USING ERRCODE = '42501', HINT = 'The views are created with the caller''s rights: it needs SELECT on the source tables.';
        END IF;
    END LOOP;
    IF treatment_appointment_types IS NULL OR cardinality(treatment_appointment_types) = 0 THEN
        RAISE EXCEPTION 'treatment_appointment_types must name at least one appointment type'
            USING ERRCODE = '22023';
    END IF;
    IF columns IS NULL OR jsonb_typeof(columns) <> 'object' THEN
        RAISE EXCEPTION 'columns must be a JSON object, not %', coalesce(jsonb_typeof(columns), 'NULL')
            USING ERRCODE = '22023',
                  HINT = 'Map logical columns to source columns, e.g. {"referral.pathway_id": "PathwayID"}.';
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(columns) LOOP
        IF NOT (required ? k OR k = ANY (optional)) THEN
            RAISE EXCEPTION 'unknown column mapping key "%"', k
                USING ERRCODE = '22023',
                      HINT = 'Keys are: ' || (SELECT string_agg(x, ', ' ORDER BY x)
                                              FROM (SELECT jsonb_object_keys(required) x UNION ALL SELECT unnest(optional)) keys) || '.';
        END IF;
        IF jsonb_typeof(v) <> 'string' THEN
            RAISE EXCEPTION 'column mapping "%" must be a column name (a JSON string), not %', k, v
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    col := required || columns;
    -- Every mapped column must exist, so a wrong mapping fails here with its
    -- key in the message rather than deep inside CREATE VIEW.
    FOR k IN SELECT x FROM jsonb_object_keys(col) x ORDER BY x LOOP
        rel := CASE split_part(k, '.', 1) WHEN 'referral' THEN referral
                                          WHEN 'care_contact' THEN care_contact ELSE assessment_score END;
        IF NOT EXISTS (SELECT 1 FROM pg_attribute a
                       WHERE a.attrelid = rel AND a.attname = col->>k AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" of relation % does not exist', col->>k, rel
                USING ERRCODE = '42703',
                      HINT = format('Map %s to a column of %s in argument columns.', k, rel);
        END IF;
    END LOOP;

    -- Phase 2: the schema may hold nothing of another role's and none of
    -- what is made here.
    PERFORM iapt_ews.check_model_schema(target_schema,
        ARRAY['referral', 'care_contact', 'assessment_score']
        || ARRAY(SELECT o.object_name FROM iapt_ews.data_model_objects() o
                 WHERE o.layer = ANY (ARRAY['reference_tables', 'reports'])));

    -- Phase 3: the three logical relations, in the model's shape.
    EXECUTE format('CREATE VIEW %I.referral AS SELECT %s FROM %s s', target_schema,
        iapt_ews.warehouse_select_list(referral,
            ARRAY['pathway_id', 'person_id', 'provider_code', 'service_id', 'referral_date', 'discharge_date',
                  'end_code', 'provisional_diagnosis', 'lsoa_code', 'commissioner_code', 'age_at_referral',
                  'gender', 'gender_identity', 'ethnic_category', 'source_of_referral'],
            ARRAY[col->>'referral.pathway_id', col->>'referral.person_id', col->>'referral.provider_code',
                  col->>'referral.service_id', col->>'referral.referral_date', col->>'referral.discharge_date',
                  col->>'referral.end_code', col->>'referral.provisional_diagnosis', col->>'referral.lsoa_code',
                  col->>'referral.commissioner_code', col->>'referral.age_at_referral', col->>'referral.gender',
                  col->>'referral.gender_identity', col->>'referral.ethnic_category', col->>'referral.source_of_referral'],
            ARRAY['text', 'text', 'text', 'text', 'date', 'date', 'text', 'text', 'text', 'text', 'integer',
                  'text', 'text', 'text', 'text']),
        referral);
    -- The warehouse's treatment appointment types become 'treatment'; the
    -- model's own treatment words that the warehouse does not count, 'other'.
    EXECUTE format($v$CREATE VIEW %I.care_contact AS
        SELECT c.contact_id, c.pathway_id, c.contact_at, c.attended,
               CASE WHEN c.appointment_type = ANY (%L::text[]) THEN 'treatment'
                    WHEN c.appointment_type IN ('treatment', 'assessment_and_treatment', 'review_and_treatment') THEN 'other'
                    ELSE c.appointment_type END AS appointment_type,
               c.consultation_mechanism
        FROM (SELECT %s FROM %s s) c$v$,
        target_schema, treatment_appointment_types,
        iapt_ews.warehouse_select_list(care_contact,
            ARRAY['contact_id', 'pathway_id', 'contact_at', 'attended', 'appointment_type', 'consultation_mechanism'],
            ARRAY[col->>'care_contact.contact_id', col->>'care_contact.pathway_id', col->>'care_contact.contact_at',
                  col->>'care_contact.attended', col->>'care_contact.appointment_type',
                  col->>'care_contact.consultation_mechanism'],
            ARRAY['text', 'text', 'timestamptz', 'boolean', 'text', 'text']),
        care_contact);
    -- A score that is not a usable score of its measure is NULL (counted in
    -- data_quality, left out of the outcomes).
    EXECUTE format($v$CREATE VIEW %I.assessment_score AS
        SELECT a.pathway_id, lower(a.measure) AS measure, a.recorded_at,
               iapt_ews.score_value(lower(a.measure), a.score) AS score
        FROM (SELECT %s FROM %s s) a$v$,
        target_schema,
        iapt_ews.warehouse_select_list(assessment_score,
            ARRAY['pathway_id', 'measure', 'recorded_at', 'score'],
            ARRAY[col->>'assessment_score.pathway_id', col->>'assessment_score.measure',
                  col->>'assessment_score.recorded_at', col->>'assessment_score.score'],
            ARRAY['text', 'text', 'timestamptz', 'text']),
        assessment_score);
    -- Each logical column says where it comes from, for BI users.
    FOR k IN SELECT x FROM (SELECT jsonb_object_keys(required) x UNION SELECT unnest(optional)) keys ORDER BY x LOOP
        rel := CASE split_part(k, '.', 1) WHEN 'referral' THEN referral
                                          WHEN 'care_contact' THEN care_contact ELSE assessment_score END;
        EXECUTE format('COMMENT ON COLUMN %I.%I.%I IS %L', target_schema, split_part(k, '.', 1), split_part(k, '.', 2),
                       CASE WHEN col ? k THEN format('From %s.%I, converted without raising (a value that does not convert is NULL)', rel, col->>k)
                            ELSE 'Not mapped: always NULL' END);
    END LOOP;
    FOR made IN SELECT format('%I.%I', target_schema, x)::regclass
                FROM unnest(ARRAY['referral', 'care_contact', 'assessment_score']) x LOOP
        EXECUTE format('COMMENT ON VIEW %s IS %L', made,
                       format('The warehouse''s %s in the shape of the iapt_ews data model (made by iapt_ews.create_reporting_views); values that do not convert are NULL', made));
        RETURN NEXT made;
    END LOOP;

    -- Phase 4: reference tables and every report whose inputs exist.
    RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema,
        ARRAY['reference_tables', 'reports'], ARRAY['referral', 'care_contact', 'assessment_score']);
END
$function$;
COMMENT ON FUNCTION iapt_ews.create_reporting_views(name, regclass, regclass, regclass, jsonb, text[]) IS
'Creates, in target_schema, views over a warehouse''s own referral, care contact and assessment score tables in the model''s shape (columns maps logical columns such as "referral.pathway_id" to source column names; values that do not convert become NULL), the reference tables, and every reporting view whose inputs exist. Runs with the caller''s rights; refuses a schema that already holds them (42P07) or an object of another role (42501)';
