-- step: 288
-- object: data_quality_problem
-- kind: view
-- layer: reports
-- reads: referral, care_contact, assessment_score, provider_access, data_set_problem
-- stored: filter=provider_code
-- Each row the reports leave out (or read differently) instead of failing,
-- with the key of its referral and its provider, in every kind of schema:
-- the rules over the model's own relations are written once here, so a
-- row is a fault in a create_data_model schema exactly when it is one over
-- a bound data set; data_set_problem adds what only the national tables
-- can show (empty elsewhere). Visibility last, on the provider each
-- problem belongs to. Over a stored data set the problems of every
-- provider are stored at each refresh (data_quality_problem_all, and the
-- provider filter over it under this name).
CREATE VIEW data_quality_problem WITH (security_barrier = true) AS
WITH problems AS (
    -- Scores the outcomes cannot use: kept in assessment_score, skipped by
    -- the pairing. Where the score was converted (a bound data set, the
    -- views over a warehouse's own table) an unusable value is NULL, so
    -- missing and unusable are one problem there.
    SELECT 'assessment_score'::text AS table_name, 'score'::text AS column_name,
           coalesce(iapt_ews.score_problem(s.measure, s.score), 'missing or not usable') AS problem,
           s.pathway_id, r.provider_code
    FROM assessment_score s JOIN referral r ON r.pathway_id = s.pathway_id
    WHERE s.score IS NULL OR iapt_ews.score_problem(s.measure, s.score) IS NOT NULL
    UNION ALL
    SELECT 'assessment_score', 'recorded_at', 'missing or not a time', s.pathway_id, r.provider_code
    FROM assessment_score s JOIN referral r ON r.pathway_id = s.pathway_id
    WHERE s.recorded_at IS NULL
    UNION ALL
    SELECT 'referral', 'referral_date', 'missing or not a date', r.pathway_id, r.provider_code
    FROM referral r WHERE r.referral_date IS NULL
    UNION ALL
    -- Contacts the outcomes do not count: undated, before the referral, or
    -- after the discharge. Follow-ups after discharge (after_discharge,
    -- AppType 06) are meant to be after it; employment support (AppType
    -- 10) may go on after the service discharge (NHS England's Step
    -- 1.1.sql, lines 42-45, counts it up to the employment-support
    -- discharge date). Before the referral, or undated, either is a fault.
    SELECT 'care_contact', 'contact_at', 'outside its referral or not dated', c.pathway_id, r.provider_code
    FROM care_contact c JOIN referral r ON r.pathway_id = c.pathway_id
    WHERE c.contact_at IS NULL
       OR (c.contact_at AT TIME ZONE 'Europe/London')::date < r.referral_date
       OR (c.contact_at AT TIME ZONE 'Europe/London')::date > r.discharge_date
          AND c.appointment_type IS DISTINCT FROM 'after_discharge'
          AND c.appointment_type IS DISTINCT FROM 'employment_support'
    UNION ALL
    SELECT d.table_name, d.column_name, d.problem, d.pathway_id, d.provider_code FROM data_set_problem d)
SELECT p.table_name, p.column_name, p.problem, p.pathway_id, p.provider_code
FROM problems p
WHERE iapt_ews.provider_visible(p.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW data_quality_problem IS 'Each row the reports leave out (or keep apart) instead of failing, by table, column and problem, with the key of its referral and its provider (of the providers the caller may see); the same rules in every schema, and over a bound data set those of the national tables too (data_set_problem); data_quality counts them';
COMMENT ON COLUMN data_quality_problem.table_name IS 'The model''s relation (referral, care_contact, assessment_score) or, for a problem only the national tables show, the data set table';
COMMENT ON COLUMN data_quality_problem.column_name IS 'Column with the problem';
COMMENT ON COLUMN data_quality_problem.problem IS 'out of range, missing or not usable, outside its referral or not dated, missing or not a date, unknown code, duplicate in a submission, not an identifier, also sent by another provider, no IDS101 record in its submission, ...';
COMMENT ON COLUMN data_quality_problem.pathway_id IS 'The key of the referral the row belongs to (referral.pathway_id); for a data set row left out, its PathwayID (cut to 20 characters) or, for a submission left out, its UniqueSubmissionID';
COMMENT ON COLUMN data_quality_problem.provider_code IS 'Its provider (the referral''s; over a data set, the OrgID_Provider of its submission); NULL for a submission left out, seen only by a role that sees every provider';
