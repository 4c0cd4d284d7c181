-- step: 300
-- object: referral_outcome
-- kind: view
-- layer: reports
-- reads: referral, care_contact, assessment_score, provider_access
-- stored: filter=provider_code; index=pathway_id, provider_code; earlier_providers=repeat_referral
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
       (p.pathway_id IS NOT NULL) AS repeat_referral,
       r.last_reported_on
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
COMMENT ON COLUMN referral_outcome.last_reported_on IS 'End of the last reporting period whose submission holds the referral (referral.last_reported_on); NULL when not from monthly submissions';
