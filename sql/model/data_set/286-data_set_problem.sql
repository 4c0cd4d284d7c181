-- step: 286
-- object: data_set_problem
-- kind: view
-- layer: reports
-- reads: referral_record, referral, provider_access, latest_submission, ds_islatest_submissionid, ds_ids101referral, ds_ids001mpi, ds_ids201carecontact, ds_ids202careactivity, ds_ids004empstatus, ds_ids603presentingcomplaints, ds_ids606codedscoreassessmentrefer, ds_ids607codedscoreassessmentact, data_set_codes
-- when: referral_record present
-- The problems only a national data set can have, one row per row of the
-- latest submissions: submissions and records left out or kept apart for
-- their provider or key, duplicates, unknown codes, child rows without
-- their referral record, and each value the binding could not use (a
-- date that is no date, an age that is no number: NULL in its ds_ view,
-- never silently). data_quality_problem adds them to the rules every
-- schema shares (over referral, care_contact and assessment_score), so
-- those are written once and not here; the other variant (step 287) is
-- empty. A bad value is shown cut to 20 characters. Of the providers the
-- caller may see (it is a report: visibility last, on each problem's own
-- provider).
CREATE VIEW data_set_problem WITH (security_barrier = true) AS
WITH flagged AS (
    SELECT s.unique_submission_id, s.audit_id FROM ds_islatest_submissionid s
    WHERE lower(s.is_latest) IN ('1', 'true', 't', 'y', 'yes')),
-- IDS101 records of flagged submissions, with the provider their
-- submission was given (NULL when it was left out).
flagged_referral AS (
    SELECT r.*, s.provider_code AS submission_provider,
           count(*) OVER (PARTITION BY r.unique_submission_id, r.audit_id, r.pathway_id) AS copies
    FROM ds_ids101referral r
    JOIN flagged f ON f.unique_submission_id = r.unique_submission_id AND f.audit_id = r.audit_id
    LEFT JOIN latest_submission s ON s.unique_submission_id = r.unique_submission_id AND s.audit_id = r.audit_id),
scores AS (
    SELECT 'IDS606codedscoreassessmentrefer' AS table_name, a.unique_submission_id, a.audit_id, a.pathway_id,
           a.assessment_code
    FROM ds_ids606codedscoreassessmentrefer a
    UNION ALL
    SELECT 'IDS607codedscoreassessmentact', a.unique_submission_id, a.audit_id, a.pathway_id,
           a.assessment_code
    FROM ds_ids607codedscoreassessmentact a),
-- Rows of the child tables with the referral record of their own
-- submission (NULL when it has none), for the latest submissions.
child AS (
    SELECT x.table_name, x.column_name, x.pathway_id, x.child_key, x.assessment_code,
           x.attend_or_dna_code, x.app_type, x.copies, s.provider_code AS submission_provider, k.referral_key
    FROM (SELECT c.table_name, 'PersScore' AS column_name, c.unique_submission_id, c.audit_id, c.pathway_id,
                 NULL::text AS child_key, c.assessment_code,
                 NULL::text AS attend_or_dna_code, NULL::text AS app_type, 1::bigint AS copies
          FROM scores c
          UNION ALL
          SELECT 'IDS201carecontact', 'CareContactId', c.unique_submission_id, c.audit_id, c.pathway_id,
                 c.care_contact_id, NULL, c.attend_or_dna_code, c.app_type,
                 count(*) OVER (PARTITION BY c.unique_submission_id, c.audit_id, c.pathway_id, c.care_contact_id)
          FROM ds_ids201carecontact c
          UNION ALL
          SELECT 'IDS202careactivity', 'CareContactId', a.unique_submission_id, a.audit_id, a.pathway_id,
                 a.care_contact_id, NULL, NULL, NULL, 1
          FROM ds_ids202careactivity a) x
    JOIN latest_submission s ON s.unique_submission_id = x.unique_submission_id AND s.audit_id = x.audit_id
    -- One key per submission and PathwayID (a submission is one provider's).
    LEFT JOIN (SELECT DISTINCT r.unique_submission_id, r.audit_id, r.pathway_id, r.referral_key
               FROM referral_record r) k
           ON k.unique_submission_id = x.unique_submission_id AND k.audit_id = x.audit_id
          AND k.pathway_id = x.pathway_id),
-- Every value of a row of a latest submission that is there (not NULL,
-- not blank) but did not convert: its ds_ view holds NULL, and
-- unusable_values the data set column, why, and the value cut to 20
-- characters (warehouse_select_list). Every ds_ view, so that a column
-- converted in future is counted too (a view without converted columns
-- has a NULL constant there, and is not read).
lost AS (
    SELECT x.table_name, x.unique_submission_id, x.audit_id, x.pathway_id, x.record_number, v.key AS column_name,
           v.value AS problem
    FROM (SELECT 'IsLatest_SubmissionID' AS table_name, u.unique_submission_id, u.audit_id, NULL::text AS pathway_id,
                 NULL::text AS record_number, u.unusable_values
          FROM ds_islatest_submissionid u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS101referral', u.unique_submission_id, u.audit_id, u.pathway_id, NULL, u.unusable_values
          FROM flagged_referral u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS001mpi', u.unique_submission_id, u.audit_id, NULL, u.record_number, u.unusable_values
          FROM ds_ids001mpi u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS201carecontact', u.unique_submission_id, u.audit_id, u.pathway_id, NULL, u.unusable_values
          FROM ds_ids201carecontact u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS202careactivity', u.unique_submission_id, u.audit_id, u.pathway_id, NULL, u.unusable_values
          FROM ds_ids202careactivity u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS004empstatus', u.unique_submission_id, u.audit_id, NULL, u.record_number, u.unusable_values
          FROM ds_ids004empstatus u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS603presentingcomplaints', u.unique_submission_id, u.audit_id, u.pathway_id, NULL, u.unusable_values
          FROM ds_ids603presentingcomplaints u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS606codedscoreassessmentrefer', u.unique_submission_id, u.audit_id, u.pathway_id, NULL, u.unusable_values
          FROM ds_ids606codedscoreassessmentrefer u WHERE u.unusable_values IS NOT NULL
          UNION ALL
          SELECT 'IDS607codedscoreassessmentact', u.unique_submission_id, u.audit_id, u.pathway_id, NULL, u.unusable_values
          FROM ds_ids607codedscoreassessmentact u WHERE u.unusable_values IS NOT NULL) x
    CROSS JOIN LATERAL jsonb_each_text(x.unusable_values) v),
-- Each with its provider (its submission's) and the referral its row
-- belongs to in that submission (by PathwayID, or by RecordNumber for
-- IDS001 and IDS004; a submission's own for IsLatest_SubmissionID). A row
-- left out whole (no such referral record) is counted above, once, not
-- for its values.
unusable AS (
    SELECT l.table_name, l.column_name, l.problem, s.provider_code,
           CASE WHEN l.table_name = 'IsLatest_SubmissionID' THEN l.unique_submission_id
                ELSE coalesce(p.referral_key, n.referral_key) END AS example_key
    FROM lost l
    JOIN latest_submission s ON s.unique_submission_id = l.unique_submission_id AND s.audit_id = l.audit_id
    LEFT JOIN (SELECT DISTINCT r.unique_submission_id, r.audit_id, r.pathway_id, r.referral_key
               FROM referral_record r) p
           ON p.unique_submission_id = l.unique_submission_id AND p.audit_id = l.audit_id
          AND p.pathway_id = l.pathway_id
    LEFT JOIN (SELECT r.unique_submission_id, r.audit_id, r.record_number, min(r.referral_key) AS referral_key
               FROM referral_record r GROUP BY r.unique_submission_id, r.audit_id, r.record_number) n
           ON n.unique_submission_id = l.unique_submission_id AND n.audit_id = l.audit_id
          AND n.record_number = l.record_number),
problems AS (
    -- Submissions and referral records left out or kept apart.
    SELECT 'IDS101referral' AS table_name, 'OrgID_Provider' AS column_name,
           'submission names more than one provider, or none: left out' AS problem,
           r.unique_submission_id AS example_key, NULL::text AS provider_code
    FROM flagged_referral r WHERE r.submission_provider IS NULL
    UNION ALL
    SELECT 'IDS101referral', 'PathwayID', coalesce('not an identifier: ' || iapt_ews.identifier_problem(r.pathway_id), 'missing'),
           left(r.pathway_id, 20), r.submission_provider
    FROM flagged_referral r
    WHERE r.submission_provider = r.provider_code
      AND (r.pathway_id IS NULL OR iapt_ews.identifier_problem(r.pathway_id) IS NOT NULL)
    UNION ALL
    SELECT 'IDS101referral', 'Person_ID', 'not an identifier: ' || iapt_ews.identifier_problem(r.person_id),
           left(r.pathway_id, 20), r.submission_provider
    FROM flagged_referral r
    WHERE r.submission_provider = r.provider_code AND iapt_ews.identifier_problem(r.person_id) IS NOT NULL
    UNION ALL
    SELECT 'IDS101referral', 'PathwayID', 'duplicate in a submission: the greatest RecordNumber kept',
           k.referral_key, k.provider_code
    FROM referral_record k
    WHERE EXISTS (SELECT 1 FROM referral_record d
                  WHERE d.unique_submission_id = k.unique_submission_id AND d.audit_id = k.audit_id
                    AND d.pathway_id = k.pathway_id AND d.record_number IS DISTINCT FROM k.record_number)
    UNION ALL
    SELECT 'IDS101referral', 'PathwayID', 'also sent by another provider: kept apart as PathwayID@provider',
           k.referral_key, k.provider_code
    FROM referral_record k WHERE k.referral_key <> k.pathway_id
    UNION ALL
    -- Rows of the child tables.
    SELECT x.table_name, 'PathwayID', 'no IDS101 record of its PathwayID in its submission: left out',
           left(x.pathway_id, 20), x.submission_provider
    FROM child x WHERE x.referral_key IS NULL
    UNION ALL
    SELECT x.table_name, 'CareContactId', coalesce('not an identifier: ' || iapt_ews.identifier_problem(x.child_key), 'missing'),
           x.referral_key, x.submission_provider
    FROM child x
    WHERE x.referral_key IS NOT NULL AND x.table_name IN ('IDS201carecontact', 'IDS202careactivity')
      AND (x.child_key IS NULL OR iapt_ews.identifier_problem(x.child_key) IS NOT NULL)
    UNION ALL
    -- Scores whose tool is not in the assessment list: they never reach
    -- assessment_score, so only the data set can show them. A listed
    -- score's value (missing, not a number, out of range) is the shared
    -- rule's, over assessment_score (data_quality_problem).
    SELECT x.table_name, 'CodedAssToolType', 'unknown code', x.referral_key, x.submission_provider
    FROM child x
    WHERE x.referral_key IS NOT NULL AND x.column_name = 'PersScore'
      AND NOT EXISTS (SELECT 1 FROM data_set_codes k WHERE k.code_list = 'assessment' AND k.code = x.assessment_code)
    UNION ALL
    SELECT 'IDS201carecontact', 'AttendOrDNACode', 'unknown code', x.referral_key, x.submission_provider FROM child x
    WHERE x.referral_key IS NOT NULL AND x.table_name = 'IDS201carecontact'
      AND x.attend_or_dna_code IS NOT NULL AND iapt_ews.national_code('AttendOrDNACode', x.attend_or_dna_code) IS NULL
    UNION ALL
    SELECT 'IDS201carecontact', 'AppType', 'unknown code', x.referral_key, x.submission_provider FROM child x
    WHERE x.referral_key IS NOT NULL AND x.table_name = 'IDS201carecontact'
      AND x.app_type IS NOT NULL AND iapt_ews.national_code('AppType', x.app_type) IS NULL
    UNION ALL
    SELECT 'IDS201carecontact', 'CareContactId', 'duplicate in a submission', x.referral_key, x.submission_provider
    FROM child x
    WHERE x.referral_key IS NOT NULL AND x.table_name = 'IDS201carecontact' AND x.copies > 1
    UNION ALL
    -- A referral referral leaves out for its latest record's
    -- UsePathway_Flag False: every key of referral_record that referral
    -- does not hold (it holds every other one).
    SELECT DISTINCT 'IDS101referral', 'UsePathway_Flag', 'False: left out, as NHS England''s scripts leave it out',
           k.referral_key, k.provider_code
    FROM referral_record k
    WHERE NOT EXISTS (SELECT 1 FROM referral r WHERE r.pathway_id = k.referral_key)
    UNION ALL
    -- Values that did not convert, one row each.
    SELECT u.table_name, u.column_name, u.problem, u.example_key, u.provider_code
    FROM unusable u WHERE u.example_key IS NOT NULL)
SELECT p.table_name, p.column_name, p.problem, p.example_key AS pathway_id, p.provider_code
FROM problems p
WHERE iapt_ews.provider_visible(p.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW data_set_problem IS 'The problems only a national data set has (submissions and records left out or kept apart, identifiers, duplicates, unknown codes, rows without their referral record, values that did not convert), one row per row of the latest submissions (per value, for values that did not convert), of the providers the caller may see; data_quality_problem adds the rules every schema shares';
COMMENT ON COLUMN data_set_problem.table_name IS 'Data set table';
COMMENT ON COLUMN data_set_problem.column_name IS 'Data set column with the problem';
COMMENT ON COLUMN data_set_problem.problem IS 'unknown code, duplicate in a submission, not an identifier, missing, also sent by another provider, no IDS101 record in its submission, submission names more than one provider, UsePathway_Flag False (the referral left out), or a value that did not convert, with the value cut to 20 characters (not a date of 1990-2099: ..., not a time: ..., not a whole number: ..., not a boolean: ...)';
COMMENT ON COLUMN data_set_problem.pathway_id IS 'The key of the referral the row belongs to (referral.pathway_id); for a row left out, its PathwayID (cut to 20 characters) or, for a submission left out or a value of IsLatest_SubmissionID that did not convert, its UniqueSubmissionID';
COMMENT ON COLUMN data_set_problem.provider_code IS 'Its provider (the OrgID_Provider of its submission); NULL for a submission left out, seen only by a role that sees every provider';
