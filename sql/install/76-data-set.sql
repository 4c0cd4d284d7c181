-- ---------------------------------------------------------------------------
-- The NHS Talking Therapies Data Set where warehouses hold it
-- (docs/warehouse.md): bind_data_set makes, in a schema of the caller's,
--
--   ds_<table>        one view per national table, its columns renamed to
--                     lower case and converted without raising
--   data_set_codes    the code lists the rules read (attended, treatment,
--                     assessment tools), editable
--   latest_submission, referral, care_contact, care_activity,
--   assessment_score, employment_status, national_flags
--                     the model's relations over them (fixed statements
--                     below, layer bound_relations)
--   data_quality      rows left out, counted
--
-- and then the reference tables and the same reports create_data_model
-- makes, plus flag_reconciliation against the national derived flags.
-- ---------------------------------------------------------------------------

-- The national tables and the columns read: data set name, logical name,
-- logical type, required. The names are NHS England's (nhsengland/
-- Talking-Therapies); tables and columns are found case-insensitively.
CREATE FUNCTION iapt_ews.data_set_columns(
    OUT table_name text, OUT column_name text, OUT logical_name text, OUT logical_type text, OUT required boolean)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
('IsLatest_SubmissionID', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IsLatest_SubmissionID', 'AuditId', 'audit_id', 'text', true),
('IsLatest_SubmissionID', 'IsLatest', 'is_latest', 'text', true),
('IsLatest_SubmissionID', 'ReportingPeriodStartDate', 'reporting_period_start', 'date', true),
('IsLatest_SubmissionID', 'ReportingPeriodEndDate', 'reporting_period_end', 'date', true),
('IDS101referral', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS101referral', 'AuditId', 'audit_id', 'text', true),
('IDS101referral', 'RecordNumber', 'record_number', 'text', true),
('IDS101referral', 'PathwayID', 'pathway_id', 'text', true),
('IDS101referral', 'Person_ID', 'person_id', 'text', true),
('IDS101referral', 'OrgID_Provider', 'provider_code', 'text', true),
('IDS101referral', 'OrgIDComm', 'commissioner_code', 'text', true),
('IDS101referral', 'ReferralRequestReceivedDate', 'referral_date', 'date', true),
('IDS101referral', 'ServDischDate', 'discharge_date', 'date', true),
('IDS101referral', 'EndCode', 'end_code', 'text', true),
('IDS101referral', 'SourceOfReferralIAPT', 'source_of_referral', 'text', true),
('IDS101referral', 'Age_ReferralRequest_ReceivedDate', 'age_at_referral', 'integer', true),
('IDS101referral', 'CompletedTreatment_Flag', 'completed_treatment_flag', 'text', false),
('IDS101referral', 'NotCaseness_Flag', 'not_caseness_flag', 'text', false),
('IDS101referral', 'Recovery_Flag', 'recovery_flag', 'text', false),
('IDS101referral', 'ReliableImprovement_Flag', 'reliable_improvement_flag', 'text', false),
('IDS101referral', 'ReliableDeterioration_Flag', 'reliable_deterioration_flag', 'text', false),
('IDS001mpi', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS001mpi', 'AuditId', 'audit_id', 'text', true),
('IDS001mpi', 'RecordNumber', 'record_number', 'text', true),
('IDS001mpi', 'Gender', 'gender', 'text', true),
('IDS001mpi', 'GenderIdentity', 'gender_identity', 'text', true),
('IDS001mpi', 'Validated_EthnicCategory', 'ethnic_category', 'text', true),
('IDS001mpi', 'LSOA', 'lsoa_code', 'text', true),
('IDS201carecontact', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS201carecontact', 'AuditId', 'audit_id', 'text', true),
('IDS201carecontact', 'PathwayID', 'pathway_id', 'text', true),
('IDS201carecontact', 'CareContactId', 'care_contact_id', 'text', true),
('IDS201carecontact', 'CareContDate', 'contact_date', 'date', true),
('IDS201carecontact', 'CareContTime', 'contact_time', 'time', true),
('IDS201carecontact', 'AttendOrDNACode', 'attend_or_dna_code', 'text', true),
('IDS201carecontact', 'AppType', 'app_type', 'text', true),
('IDS201carecontact', 'ConsMechanism', 'cons_mechanism', 'text', true),
('IDS201carecontact', 'PlannedCareContIndicator', 'planned', 'text', false),
('IDS202careactivity', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS202careactivity', 'AuditId', 'audit_id', 'text', true),
('IDS202careactivity', 'PathwayID', 'pathway_id', 'text', true),
('IDS202careactivity', 'CareContactId', 'care_contact_id', 'text', true),
('IDS202careactivity', 'CodeProcAndProcStatus', 'procedure', 'text', true),
('IDS004empstatus', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS004empstatus', 'AuditId', 'audit_id', 'text', true),
('IDS004empstatus', 'RecordNumber', 'record_number', 'text', true),
('IDS004empstatus', 'EmployStatus', 'status', 'text', true),
('IDS004empstatus', 'EmployStatusRecDate', 'recorded_date', 'date', true),
('IDS004empstatus', 'SickAbsenceInd', 'sickness_absence', 'text', true),
('IDS004empstatus', 'SSPInd', 'statutory_sick_pay', 'text', true),
('IDS004empstatus', 'BenefitRecInd', 'benefit_received', 'text', true),
('IDS004empstatus', 'ESAInd', 'employment_support_allowance', 'text', true),
('IDS004empstatus', 'UCInd', 'universal_credit', 'text', true),
('IDS004empstatus', 'PIPInd', 'personal_independence_payment', 'text', true),
('IDS004empstatus', 'EmpSupportInd', 'employment_support_wanted', 'text', true),
('IDS004empstatus', 'EmpSupportDischargeDate', 'employment_support_discharge_date', 'date', true),
('IDS603presentingcomplaints', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS603presentingcomplaints', 'AuditId', 'audit_id', 'text', true),
('IDS603presentingcomplaints', 'PathwayID', 'pathway_id', 'text', true),
('IDS603presentingcomplaints', 'Validated_PresentingComplaint', 'presenting_complaint', 'text', true),
('IDS603presentingcomplaints', 'PresCompCodSig', 'coded_significance', 'text', true),
('IDS603presentingcomplaints', 'PresCompDate', 'complaint_date', 'date', true),
('IDS603presentingcomplaints', 'UniqueID_IDS603', 'row_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'AuditId', 'audit_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'PathwayID', 'pathway_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'CodedAssToolType', 'assessment_code', 'text', true),
('IDS606codedscoreassessmentrefer', 'PersScore', 'score', 'text', true),
('IDS606codedscoreassessmentrefer', 'AssToolCompDate', 'completed_date', 'date', true),
('IDS606codedscoreassessmentrefer', 'AssToolCompTime', 'completed_time', 'time', true),
('IDS607codedscoreassessmentact', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS607codedscoreassessmentact', 'AuditId', 'audit_id', 'text', true),
('IDS607codedscoreassessmentact', 'PathwayID', 'pathway_id', 'text', true),
('IDS607codedscoreassessmentact', 'CareContactId', 'care_contact_id', 'text', true),
('IDS607codedscoreassessmentact', 'CodedAssToolType', 'assessment_code', 'text', true),
('IDS607codedscoreassessmentact', 'PersScore', 'score', 'text', true)
$function$;
COMMENT ON FUNCTION iapt_ews.data_set_columns() IS
'The NHS Talking Therapies Data Set tables and columns bind_data_set reads, by NHS England''s names, with the lower-case name and type each gets in the ds_ views, and whether it must be there (the national derived flags are read where present)';

CREATE VIEW iapt_ews.data_set_columns WITH (security_invoker = true) AS
SELECT table_name, column_name, logical_name, logical_type, required FROM iapt_ews.data_set_columns();
COMMENT ON VIEW iapt_ews.data_set_columns IS
'Every column of the NHS Talking Therapies Data Set that bind_data_set reads, by NHS England''s table and column names (found case-insensitively), with the name and type it has in the ds_ views and whether it must be there';
COMMENT ON COLUMN iapt_ews.data_set_columns.table_name IS 'Table of the data set (IsLatest_SubmissionID, IDS101referral, ...)';
COMMENT ON COLUMN iapt_ews.data_set_columns.column_name IS 'Column of the data set';
COMMENT ON COLUMN iapt_ews.data_set_columns.logical_name IS 'Its name in the ds_ view';
COMMENT ON COLUMN iapt_ews.data_set_columns.logical_type IS 'Its type there (text, date, time, integer), converted without raising';
COMMENT ON COLUMN iapt_ews.data_set_columns.required IS 'False for the national derived flags, read only where the table has them';

CREATE FUNCTION iapt_ews.model_objects_data_set()
RETURNS SETOF iapt_ews.model_statement
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
(50, 'latest_submission', 'view', 'bound_relations', '{ds_islatest_submissionid,ds_ids101referral}'::text[], $ddl$
-- Only submissions flagged IsLatest count (a resubmission replaces the
-- month's earlier one). A submission is one provider's: its provider is
-- the one OrgID_Provider its IDS101 records name. A submission whose
-- records name several is left out whole (counted in data_quality), so
-- that no provider's submission can carry records in another's name.
CREATE VIEW latest_submission WITH (security_barrier = true) AS
-- Computed once even where a join above rescans the view.
WITH flagged AS MATERIALIZED (
    SELECT s.unique_submission_id, s.audit_id, s.reporting_period_start, s.reporting_period_end
    FROM ds_islatest_submissionid s
    WHERE lower(s.is_latest) IN ('1', 'true', 't', 'y', 'yes')
      AND iapt_ews.is_identifier(s.unique_submission_id) AND iapt_ews.is_identifier(s.audit_id)),
providers AS MATERIALIZED (
    SELECT r.unique_submission_id, r.audit_id, min(r.provider_code) AS provider_code,
           count(DISTINCT r.provider_code) AS providers
    FROM ds_ids101referral r
    GROUP BY r.unique_submission_id, r.audit_id)
SELECT f.unique_submission_id, f.audit_id, f.reporting_period_start, f.reporting_period_end, p.provider_code
FROM flagged f
JOIN providers p ON p.unique_submission_id = f.unique_submission_id AND p.audit_id = f.audit_id
WHERE p.providers = 1 AND iapt_ews.is_identifier(p.provider_code);
COMMENT ON VIEW latest_submission IS 'The submissions that count: IsLatest = 1 in IsLatest_SubmissionID, each with the one provider its IDS101 records name (a submission naming several, or none, is left out and counted in data_quality)';
COMMENT ON COLUMN latest_submission.unique_submission_id IS 'UniqueSubmissionID';
COMMENT ON COLUMN latest_submission.audit_id IS 'AuditId';
COMMENT ON COLUMN latest_submission.reporting_period_start IS 'ReportingPeriodStartDate';
COMMENT ON COLUMN latest_submission.reporting_period_end IS 'ReportingPeriodEndDate';
COMMENT ON COLUMN latest_submission.provider_code IS 'OrgID_Provider of the submission''s IDS101 records (one provider per submission)';
$ddl$),
(52, 'referral_record', 'view', 'bound_relations', '{latest_submission,ds_ids101referral}'::text[], $ddl$
-- Every IDS101 record of a latest submission, with the key of the
-- referral it belongs to. A referral belongs to its provider: PathwayID
-- is the key where one provider sends it; a PathwayID that two providers
-- send is two referrals, keyed PathwayID@provider, never merged (counted
-- in data_quality). Every other bound relation finds its referral here,
-- by the submission that carries its record and the PathwayID, never by
-- PathwayID alone. Keys that are not identifiers (identifier_problem:
-- over-long, or holding the separators @ and :) are left out and counted.
CREATE VIEW referral_record WITH (security_barrier = true) AS
WITH records AS (
    SELECT r.*, s.reporting_period_end
    FROM ds_ids101referral r
    JOIN latest_submission s ON s.unique_submission_id = r.unique_submission_id AND s.audit_id = r.audit_id
                            AND s.provider_code = r.provider_code
    WHERE iapt_ews.is_identifier(r.pathway_id)
      AND (r.person_id IS NULL OR iapt_ews.is_identifier(r.person_id))),
keyed AS (
    SELECT x.*, min(x.provider_code) OVER (PARTITION BY x.pathway_id) <> max(x.provider_code) OVER (PARTITION BY x.pathway_id) AS shared
    FROM records x)
SELECT CASE WHEN k.shared THEN k.pathway_id || '@' || k.provider_code ELSE k.pathway_id END AS referral_key,
       k.unique_submission_id, k.audit_id, k.record_number, k.pathway_id, k.person_id, k.provider_code,
       k.commissioner_code, k.referral_date, k.discharge_date, k.end_code, k.source_of_referral, k.age_at_referral,
       k.completed_treatment_flag, k.not_caseness_flag, k.recovery_flag, k.reliable_improvement_flag,
       k.reliable_deterioration_flag, k.reporting_period_end
FROM keyed k;
COMMENT ON VIEW referral_record IS 'Every IDS101 record of the latest submissions whose keys are identifiers, with the key of its referral: PathwayID, or PathwayID@provider where more than one provider sends that PathwayID';
COMMENT ON COLUMN referral_record.referral_key IS 'The referral''s key in every bound relation: PathwayID, or PathwayID@OrgID_Provider when another provider sends the same PathwayID';
COMMENT ON COLUMN referral_record.reporting_period_end IS 'ReportingPeriodEndDate of the record''s submission';
$ddl$),
(55, 'referral', 'view', 'bound_relations', '{referral_record,ds_ids001mpi,ds_ids603presentingcomplaints}', $ddl$
-- A referral is its record in the latest reporting period that holds it
-- (of two records of one PathwayID in one submission, the one with the
-- greatest RecordNumber, compared as a number; counted in data_quality);
-- demographics from the IDS001 record of the same submission; the
-- provisional diagnosis ranked as NHS England's PDT script 2.11 ranks it
-- (lines 52-53): a coded complaint first, then PresCompCodSig ascending,
-- then the latest PresCompDate and UniqueID_IDS603 (NULLs sorted as SQL
-- Server sorts them: first ascending, last descending; the codes and ids
-- are digit strings, compared as numbers: by length, then by text).
-- Complaints and demographics are those of the referral's own
-- submissions (referral_record), so they are its own provider's.
CREATE VIEW referral WITH (security_barrier = true) AS
WITH latest AS (
    SELECT DISTINCT ON (r.referral_key) r.*
    FROM referral_record r
    ORDER BY r.referral_key, r.reporting_period_end DESC,
             length(r.unique_submission_id) DESC, r.unique_submission_id DESC,
             length(r.record_number) DESC NULLS LAST, r.record_number DESC NULLS LAST),
diagnosis AS (
    SELECT DISTINCT ON (k.referral_key) k.referral_key, p.presenting_complaint
    FROM ds_ids603presentingcomplaints p
    JOIN referral_record k ON k.unique_submission_id = p.unique_submission_id AND k.audit_id = p.audit_id
                          AND k.pathway_id = p.pathway_id
    ORDER BY k.referral_key, (p.presenting_complaint IS NULL),
             length(p.coded_significance) ASC NULLS FIRST, p.coded_significance ASC NULLS FIRST,
             p.complaint_date DESC NULLS LAST, length(p.row_id) DESC NULLS LAST, p.row_id DESC NULLS LAST,
             p.presenting_complaint),
-- The IDS001 record of each referral record (one per RecordNumber of a
-- latest submission; of duplicates, the one with an LSOA, then the least).
-- A join, not a LATERAL lookup per referral: the ds_ views' keys are
-- expressions without statistics, so the planner expects a handful of
-- referrals and a lookup per referral scans the whole table each time.
person AS (
    SELECT DISTINCT ON (mpi.unique_submission_id, mpi.audit_id, mpi.record_number)
           mpi.unique_submission_id, mpi.audit_id, mpi.record_number,
           mpi.lsoa_code, mpi.gender, mpi.gender_identity, mpi.ethnic_category
    FROM ds_ids001mpi mpi
    JOIN latest AS l ON l.unique_submission_id = mpi.unique_submission_id AND l.audit_id = mpi.audit_id
                    AND l.record_number = mpi.record_number
    ORDER BY mpi.unique_submission_id, mpi.audit_id, mpi.record_number, (mpi.lsoa_code IS NULL),
             mpi.lsoa_code, mpi.gender, mpi.gender_identity, mpi.ethnic_category)
SELECT l.referral_key AS pathway_id, l.person_id, l.provider_code, l.provider_code AS service_id,
       l.referral_date, l.discharge_date, l.end_code, d.presenting_complaint AS provisional_diagnosis,
       m.lsoa_code, l.commissioner_code, l.age_at_referral, m.gender, m.gender_identity, m.ethnic_category,
       l.source_of_referral
FROM latest l
LEFT JOIN diagnosis d ON d.referral_key = l.referral_key
LEFT JOIN person m ON m.unique_submission_id = l.unique_submission_id AND m.audit_id = l.audit_id
                  AND m.record_number = l.record_number;
COMMENT ON VIEW referral IS 'One row per referral from the data set, in the shape of the model''s referral: its IDS101 record of the latest reporting period that holds it, with IDS001 demographics and the IDS603 provisional diagnosis of its own submissions';
COMMENT ON COLUMN referral.pathway_id IS 'PathwayID (PathwayID@OrgID_Provider when another provider sends the same PathwayID: two referrals, never merged)';
COMMENT ON COLUMN referral.person_id IS 'Person_ID';
COMMENT ON COLUMN referral.provider_code IS 'OrgID_Provider';
COMMENT ON COLUMN referral.service_id IS 'OrgID_Provider (the data set has no finer service)';
COMMENT ON COLUMN referral.referral_date IS 'ReferralRequestReceivedDate';
COMMENT ON COLUMN referral.discharge_date IS 'ServDischDate';
COMMENT ON COLUMN referral.end_code IS 'EndCode';
COMMENT ON COLUMN referral.provisional_diagnosis IS 'Validated_PresentingComplaint of the highest-ranked IDS603 record';
COMMENT ON COLUMN referral.lsoa_code IS 'LSOA (IDS001)';
COMMENT ON COLUMN referral.commissioner_code IS 'OrgIDComm';
COMMENT ON COLUMN referral.age_at_referral IS 'Age_ReferralRequest_ReceivedDate';
COMMENT ON COLUMN referral.gender IS 'Gender (IDS001)';
COMMENT ON COLUMN referral.gender_identity IS 'GenderIdentity (IDS001)';
COMMENT ON COLUMN referral.ethnic_category IS 'Validated_EthnicCategory (IDS001)';
COMMENT ON COLUMN referral.source_of_referral IS 'SourceOfReferralIAPT';
$ddl$),
(60, 'care_contact', 'view', 'bound_relations', '{referral_record,ds_ids201carecontact,data_set_codes}', $ddl$
-- Contacts de-duplicated by (referral, CareContactId), the latest
-- reporting period's record kept; each belongs to the referral record of
-- its own submission (a contact whose submission has no IDS101 record of
-- its PathwayID is left out and counted). Attended: AttendOrDNACode in
-- the attended list (5, 6). The appointment type from AppType: 10
-- employment support, 06 after discharge, the treatment list (02, 03, 05)
-- treatment. Times are UK local times.
CREATE VIEW care_contact WITH (security_barrier = true) AS
WITH codes AS (
    SELECT (SELECT array_agg(k.code) FROM data_set_codes k WHERE k.code_list = 'attended') AS attended,
           (SELECT array_agg(k.code) FROM data_set_codes k WHERE k.code_list = 'treatment') AS treatment)
SELECT DISTINCT ON (r.referral_key, c.care_contact_id)
       r.referral_key || ':' || c.care_contact_id AS contact_id, r.referral_key AS pathway_id,
       (c.contact_date + coalesce(c.contact_time, TIME '00:00')) AT TIME ZONE 'Europe/London' AS contact_at,
       coalesce(iapt_ews.national_code('AttendOrDNACode', c.attend_or_dna_code) = ANY (k.attended), false) AS attended,
       CASE iapt_ews.national_code('AppType', c.app_type)
            WHEN '10' THEN 'employment_support'
            WHEN '06' THEN 'after_discharge'
            ELSE CASE WHEN iapt_ews.national_code('AppType', c.app_type) = ANY (k.treatment) THEN 'treatment'
                      WHEN iapt_ews.national_code('AppType', c.app_type) = '01' THEN 'assessment'
                      WHEN iapt_ews.national_code('AppType', c.app_type) = '04' THEN 'review'
                      ELSE 'other' END END AS appointment_type,
       iapt_ews.national_code('ConsMechanism', c.cons_mechanism) AS consultation_mechanism
FROM ds_ids201carecontact c
JOIN referral_record r ON r.unique_submission_id = c.unique_submission_id AND r.audit_id = c.audit_id
                      AND r.pathway_id = c.pathway_id
CROSS JOIN codes k
WHERE iapt_ews.is_identifier(c.care_contact_id)
-- Of copies in one submission, one by its values, so that the choice
-- does not depend on the plan.
ORDER BY r.referral_key, c.care_contact_id, r.reporting_period_end DESC,
         length(c.unique_submission_id) DESC, c.unique_submission_id DESC,
         c.contact_date DESC NULLS LAST, c.contact_time DESC NULLS LAST,
         c.attend_or_dna_code, c.app_type, c.cons_mechanism;
COMMENT ON VIEW care_contact IS 'Care contacts from IDS201 in the shape of the model''s care_contact: one per referral and CareContactId, the latest reporting period''s record';
COMMENT ON COLUMN care_contact.contact_id IS 'The referral''s key:CareContactId (unique across referrals)';
COMMENT ON COLUMN care_contact.pathway_id IS 'The referral''s key (referral.pathway_id)';
COMMENT ON COLUMN care_contact.contact_at IS 'CareContDate and CareContTime, UK local time';
COMMENT ON COLUMN care_contact.attended IS 'AttendOrDNACode in data_set_codes attended (5 attended on time, 6 late but seen)';
COMMENT ON COLUMN care_contact.appointment_type IS 'From AppType: employment_support (10), after_discharge (06), treatment (data_set_codes treatment: 02, 03, 05), assessment (01), review (04), other';
COMMENT ON COLUMN care_contact.consultation_mechanism IS 'ConsMechanism, national code';
$ddl$),
(65, 'care_activity', 'view', 'bound_relations', '{referral_record,ds_ids202careactivity}', $ddl$
CREATE VIEW care_activity WITH (security_barrier = true) AS
SELECT DISTINCT r.referral_key || ':' || a.care_contact_id AS contact_id,
       substring(a.procedure FROM '^\s*([0-9]{6,18})') AS procedure_code
FROM ds_ids202careactivity a
JOIN referral_record r ON r.unique_submission_id = a.unique_submission_id AND r.audit_id = a.audit_id
                      AND r.pathway_id = a.pathway_id
WHERE substring(a.procedure FROM '^\s*([0-9]{6,18})') IS NOT NULL
  AND iapt_ews.is_identifier(a.care_contact_id);
COMMENT ON VIEW care_activity IS 'Procedures of care contacts from IDS202 (the SNOMED CT code at the start of CodeProcAndProcStatus), each of the referral record of its own submission';
COMMENT ON COLUMN care_activity.contact_id IS 'The referral''s key:CareContactId';
COMMENT ON COLUMN care_activity.procedure_code IS 'SNOMED CT procedure code';
$ddl$),
(70, 'assessment_score', 'view', 'bound_relations', '{referral_record,ds_ids606codedscoreassessmentrefer,ds_ids607codedscoreassessmentact,care_contact,data_set_codes}', $ddl$
-- Scores from IDS606 (timed by AssToolCompDate and AssToolCompTime) and
-- IDS607 (timed by their care contact), through the assessment code list;
-- one per referral, measure and time; each of the referral record of its
-- own submission. A score that is not a usable score of its measure is
-- NULL here (left out of the outcomes, counted in data_quality).
CREATE VIEW assessment_score WITH (security_barrier = true) AS
SELECT DISTINCT ON (x.pathway_id, x.measure, x.recorded_at)
       x.pathway_id, x.measure, x.recorded_at, iapt_ews.score_value(x.measure, x.score) AS score
FROM (SELECT r.referral_key AS pathway_id, k.meaning AS measure,
             (a.completed_date + coalesce(a.completed_time, TIME '00:00')) AT TIME ZONE 'Europe/London' AS recorded_at,
             a.score, r.reporting_period_end
      FROM ds_ids606codedscoreassessmentrefer a
      JOIN referral_record r ON r.unique_submission_id = a.unique_submission_id AND r.audit_id = a.audit_id
                            AND r.pathway_id = a.pathway_id
      JOIN data_set_codes k ON k.code_list = 'assessment' AND k.code = a.assessment_code
      UNION ALL
      SELECT r.referral_key, k.meaning, c.contact_at, a.score, r.reporting_period_end
      FROM ds_ids607codedscoreassessmentact a
      JOIN referral_record r ON r.unique_submission_id = a.unique_submission_id AND r.audit_id = a.audit_id
                            AND r.pathway_id = a.pathway_id
      JOIN data_set_codes k ON k.code_list = 'assessment' AND k.code = a.assessment_code
      JOIN care_contact c ON c.contact_id = r.referral_key || ':' || a.care_contact_id) x
WHERE x.recorded_at IS NOT NULL
-- Of two scores of one time, the latest period's; then a usable one.
ORDER BY x.pathway_id, x.measure, x.recorded_at, x.reporting_period_end DESC,
         (iapt_ews.score_value(x.measure, x.score) IS NULL), x.score;
COMMENT ON VIEW assessment_score IS 'Scored assessments from IDS606 and IDS607 in the shape of the model''s assessment_score, one per referral, measure and time';
COMMENT ON COLUMN assessment_score.pathway_id IS 'The referral''s key (referral.pathway_id)';
COMMENT ON COLUMN assessment_score.measure IS 'The measure of CodedAssToolType (data_set_codes assessment)';
COMMENT ON COLUMN assessment_score.recorded_at IS 'AssToolCompDate and AssToolCompTime (IDS606) or the care contact''s time (IDS607)';
COMMENT ON COLUMN assessment_score.score IS 'PersScore; NULL when it is not a usable score of the measure';
$ddl$),
(75, 'employment_status', 'view', 'bound_relations', '{referral_record,ds_ids004empstatus}', $ddl$
-- IDS004 records belong to the person's record in a submission
-- (RecordNumber), so each joins the referral records of the same
-- submission; one per referral and recording date.
CREATE VIEW employment_status WITH (security_barrier = true) AS
SELECT DISTINCT ON (r.referral_key, e.recorded_date)
       r.referral_key AS pathway_id, e.recorded_date::timestamp AT TIME ZONE 'Europe/London' AS recorded_at,
       iapt_ews.national_code('EmployStatus', e.status) AS status,
       iapt_ews.national_code('SickAbsenceInd', e.sickness_absence) AS sickness_absence,
       iapt_ews.national_code('SSPInd', e.statutory_sick_pay) AS statutory_sick_pay,
       iapt_ews.national_code('BenefitRecInd', e.benefit_received) AS benefit_received,
       iapt_ews.national_code('ESAInd', e.employment_support_allowance) AS employment_support_allowance,
       iapt_ews.national_code('UCInd', e.universal_credit) AS universal_credit,
       iapt_ews.national_code('PIPInd', e.personal_independence_payment) AS personal_independence_payment,
       iapt_ews.national_code('EmpSupportInd', e.employment_support_wanted) AS employment_support_wanted,
       e.employment_support_discharge_date
FROM ds_ids004empstatus e
JOIN referral_record r ON r.unique_submission_id = e.unique_submission_id AND r.audit_id = e.audit_id
                      AND r.record_number = e.record_number
WHERE e.recorded_date IS NOT NULL
ORDER BY r.referral_key, e.recorded_date, r.reporting_period_end DESC,
         length(e.unique_submission_id) DESC, e.unique_submission_id DESC,
         e.status, e.sickness_absence, e.employment_support_discharge_date DESC NULLS LAST;
COMMENT ON VIEW employment_status IS 'Employment status records from IDS004 in the shape of the model''s employment_status, one per referral and EmployStatusRecDate; codes in their national form, an unknown code NULL';
COMMENT ON COLUMN employment_status.pathway_id IS 'The key of the referral whose IDS101 record has the same RecordNumber in the submission';
COMMENT ON COLUMN employment_status.recorded_at IS 'EmployStatusRecDate';
COMMENT ON COLUMN employment_status.status IS 'EmployStatus';
COMMENT ON COLUMN employment_status.sickness_absence IS 'SickAbsenceInd';
COMMENT ON COLUMN employment_status.statutory_sick_pay IS 'SSPInd';
COMMENT ON COLUMN employment_status.benefit_received IS 'BenefitRecInd';
COMMENT ON COLUMN employment_status.employment_support_allowance IS 'ESAInd';
COMMENT ON COLUMN employment_status.universal_credit IS 'UCInd';
COMMENT ON COLUMN employment_status.personal_independence_payment IS 'PIPInd';
COMMENT ON COLUMN employment_status.employment_support_wanted IS 'EmpSupportInd';
COMMENT ON COLUMN employment_status.employment_support_discharge_date IS 'EmpSupportDischargeDate';
$ddl$),
(80, 'national_flags', 'view', 'bound_relations', '{referral_record}', $ddl$
CREATE VIEW national_flags WITH (security_barrier = true) AS
SELECT DISTINCT ON (r.referral_key) r.referral_key AS pathway_id, r.provider_code,
       CASE WHEN r.completed_treatment_flag IS NOT NULL THEN lower(r.completed_treatment_flag) IN ('1', 'true', 't', 'y', 'yes') END AS completed_treatment,
       CASE WHEN r.not_caseness_flag IS NOT NULL THEN lower(r.not_caseness_flag) IN ('1', 'true', 't', 'y', 'yes') END AS not_caseness,
       CASE WHEN r.recovery_flag IS NOT NULL THEN lower(r.recovery_flag) IN ('1', 'true', 't', 'y', 'yes') END AS recovery,
       CASE WHEN r.reliable_improvement_flag IS NOT NULL THEN lower(r.reliable_improvement_flag) IN ('1', 'true', 't', 'y', 'yes') END AS reliable_improvement,
       CASE WHEN r.reliable_deterioration_flag IS NOT NULL THEN lower(r.reliable_deterioration_flag) IN ('1', 'true', 't', 'y', 'yes') END AS reliable_deterioration
FROM referral_record r
ORDER BY r.referral_key, r.reporting_period_end DESC,
         length(r.unique_submission_id) DESC, r.unique_submission_id DESC,
         length(r.record_number) DESC NULLS LAST, r.record_number DESC NULLS LAST;
COMMENT ON VIEW national_flags IS 'The national derived flags of each referral''s latest IDS101 record, where the warehouse has them (NULL otherwise)';
COMMENT ON COLUMN national_flags.pathway_id IS 'The referral''s key (referral.pathway_id)';
COMMENT ON COLUMN national_flags.provider_code IS 'OrgID_Provider';
COMMENT ON COLUMN national_flags.completed_treatment IS 'CompletedTreatment_Flag';
COMMENT ON COLUMN national_flags.not_caseness IS 'NotCaseness_Flag';
COMMENT ON COLUMN national_flags.recovery IS 'Recovery_Flag';
COMMENT ON COLUMN national_flags.reliable_improvement IS 'ReliableImprovement_Flag';
COMMENT ON COLUMN national_flags.reliable_deterioration IS 'ReliableDeterioration_Flag';
$ddl$),
(288, 'data_quality_problem', 'view', 'reports', '{referral,referral_record,care_contact,provider_access,latest_submission,ds_islatest_submissionid,ds_ids101referral,ds_ids201carecontact,ds_ids202careactivity,ds_ids606codedscoreassessmentrefer,ds_ids607codedscoreassessmentact,data_set_codes}', $ddl$
-- Each row of the latest submissions that the reports leave out or read
-- differently, with its key and provider (of the providers the caller may
-- see: visibility last, on the provider each problem belongs to); a bad
-- value is shown cut to 20 characters. data_quality counts them. Over a
-- stored data set the problems of every provider are stored at each
-- refresh (data_quality_problem_all) and this view is made over them
-- instead (the statement after this one).
CREATE VIEW data_quality_problem WITH (security_barrier = true) AS
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
           a.assessment_code, a.score
    FROM ds_ids606codedscoreassessmentrefer a
    UNION ALL
    SELECT 'IDS607codedscoreassessmentact', a.unique_submission_id, a.audit_id, a.pathway_id,
           a.assessment_code, a.score
    FROM ds_ids607codedscoreassessmentact a),
-- Rows of the child tables with the referral record of their own
-- submission (NULL when it has none), for the latest submissions.
child AS (
    SELECT x.table_name, x.column_name, x.pathway_id, x.child_key, x.assessment_code, x.score,
           x.attend_or_dna_code, x.app_type, x.copies, s.provider_code AS submission_provider, k.referral_key
    FROM (SELECT c.table_name, 'PersScore' AS column_name, c.unique_submission_id, c.audit_id, c.pathway_id,
                 NULL::text AS child_key, c.assessment_code, c.score,
                 NULL::text AS attend_or_dna_code, NULL::text AS app_type, 1::bigint AS copies
          FROM scores c
          UNION ALL
          SELECT 'IDS201carecontact', 'CareContactId', c.unique_submission_id, c.audit_id, c.pathway_id,
                 c.care_contact_id, NULL, NULL, c.attend_or_dna_code, c.app_type,
                 count(*) OVER (PARTITION BY c.unique_submission_id, c.audit_id, c.pathway_id, c.care_contact_id)
          FROM ds_ids201carecontact c
          UNION ALL
          SELECT 'IDS202careactivity', 'CareContactId', a.unique_submission_id, a.audit_id, a.pathway_id,
                 a.care_contact_id, NULL, NULL, NULL, NULL, 1
          FROM ds_ids202careactivity a) x
    JOIN latest_submission s ON s.unique_submission_id = x.unique_submission_id AND s.audit_id = x.audit_id
    -- One key per submission and PathwayID (a submission is one provider's).
    LEFT JOIN (SELECT DISTINCT r.unique_submission_id, r.audit_id, r.pathway_id, r.referral_key
               FROM referral_record r) k
           ON k.unique_submission_id = x.unique_submission_id AND k.audit_id = x.audit_id
          AND k.pathway_id = x.pathway_id),
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
    SELECT x.table_name, 'PersScore', coalesce(iapt_ews.score_problem(k.meaning, x.score), 'missing'),
           x.referral_key, x.submission_provider
    FROM child x JOIN data_set_codes k ON k.code_list = 'assessment' AND k.code = x.assessment_code
    WHERE x.referral_key IS NOT NULL AND x.column_name = 'PersScore'
      AND (x.score IS NULL OR iapt_ews.score_problem(k.meaning, x.score) IS NOT NULL)
    UNION ALL
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
    SELECT 'IDS201carecontact', 'CareContDate', 'outside its referral or not a date', c.pathway_id, v.provider_code
    FROM care_contact c JOIN referral v ON v.pathway_id = c.pathway_id
    -- Follow-ups after discharge (AppType 06) are meant to be outside it;
    -- employment support (AppType 10) may go on after the service discharge
    -- (NHS England's Step 1.1.sql, lines 42-45, counts it up to the
    -- employment-support discharge date), so it is a fault only before the
    -- referral.
    WHERE c.appointment_type <> 'after_discharge' AND c.contact_at IS NULL
       OR c.appointment_type <> 'after_discharge'
          AND ((c.contact_at AT TIME ZONE 'Europe/London')::date < v.referral_date
               OR c.appointment_type <> 'employment_support'
                  AND (c.contact_at AT TIME ZONE 'Europe/London')::date > v.discharge_date)
    UNION ALL
    SELECT 'IDS101referral', 'ReferralRequestReceivedDate', 'missing or not a date', v.pathway_id, v.provider_code
    FROM referral v WHERE v.referral_date IS NULL)
SELECT p.table_name, p.column_name, p.problem, p.example_key AS pathway_id, p.provider_code
FROM problems p
WHERE iapt_ews.provider_visible(p.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW data_quality_problem IS 'Each row of the latest submissions that the reports leave out (or keep apart) instead of failing, by data set table, column and problem, with its key and provider (of the providers the caller may see); data_quality counts them';
COMMENT ON COLUMN data_quality_problem.table_name IS 'Data set table';
COMMENT ON COLUMN data_quality_problem.column_name IS 'Column with the problem';
COMMENT ON COLUMN data_quality_problem.problem IS 'unknown code, out of range, not a number, duplicate in a submission, outside its referral or not a date, not an identifier, also sent by another provider, no IDS101 record in its submission, ...';
COMMENT ON COLUMN data_quality_problem.pathway_id IS 'The key of the referral the row belongs to (referral.pathway_id); for a row left out, its PathwayID (cut to 20 characters) or, for a submission left out, its UniqueSubmissionID';
COMMENT ON COLUMN data_quality_problem.provider_code IS 'Its provider (the OrgID_Provider of its submission); NULL for a submission left out, seen only by a role that sees every provider';
$ddl$),
(289, 'data_quality_problem', 'view', 'reports', '{data_quality_problem_all,provider_access}', $ddl$
-- Over a stored data set (bind_data_set, materialize): the stored problems
-- of every provider, those of the caller's providers kept.
CREATE VIEW data_quality_problem WITH (security_barrier = true) AS
SELECT p.* FROM data_quality_problem_all p
WHERE iapt_ews.provider_visible(p.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW data_quality_problem IS 'Each row of the latest submissions that the reports leave out instead of failing, as stored at the last iapt_ews.refresh_data_set, of the providers provider_access grants the caller; data_quality counts them';
SELECT iapt_ews.copy_column_comments('data_quality_problem_all'::regclass, 'data_quality_problem'::regclass);
$ddl$),
(290, 'data_quality', 'view', 'reports', '{data_quality_problem}', $ddl$
-- What the reports leave out, counted, of the latest submissions, with an
-- example key of a referral the caller may see.
CREATE VIEW data_quality WITH (security_barrier = true) AS
SELECT p.table_name, p.column_name, p.problem, count(*) AS rows, min(p.pathway_id) AS example_key
FROM data_quality_problem p
GROUP BY 1, 2, 3;
COMMENT ON VIEW data_quality IS 'Rows of the latest submissions that the reports leave out instead of failing, counted by data set table, column and problem, with one example PathwayID (of a referral the caller may see)';
COMMENT ON COLUMN data_quality.table_name IS 'Data set table';
COMMENT ON COLUMN data_quality.column_name IS 'Column with the problem';
COMMENT ON COLUMN data_quality.problem IS 'unknown code, out of range, not a number, duplicate in a submission, outside its referral or not a date, ...';
COMMENT ON COLUMN data_quality.rows IS 'Rows left out';
COMMENT ON COLUMN data_quality.example_key IS 'PathwayID of one such row';
$ddl$),
(700, 'flag_reconciliation', 'view', 'reports', '{referral_outcome,national_flags}', $ddl$
-- The extension's classification beside the national derived flags, per
-- provider and discharge month: a flag the data set carries is compared on
-- ended referrals (docs/warehouse.md explains each disagreement by rule).
CREATE VIEW flag_reconciliation WITH (security_barrier = true) AS
SELECT o.provider_code, date_trunc('month', o.discharge_date)::date AS month, f.flag,
       count(*) AS referrals_compared,
       count(*) FILTER (WHERE f.national <> f.extension) AS disagreements,
       count(*) FILTER (WHERE f.national AND NOT f.extension) AS national_only,
       count(*) FILTER (WHERE f.extension AND NOT f.national) AS extension_only,
       (array_agg(o.pathway_id ORDER BY o.pathway_id) FILTER (WHERE f.national <> f.extension))[1:5] AS example_pathway_ids
FROM referral_outcome o
JOIN national_flags n ON n.pathway_id = o.pathway_id
CROSS JOIN LATERAL (VALUES
    ('CompletedTreatment_Flag', n.completed_treatment, o.finished),
    ('NotCaseness_Flag', n.not_caseness, o.finished AND o.not_case_at_start),
    ('Recovery_Flag', n.recovery, o.finished AND o.recovered),
    ('ReliableImprovement_Flag', n.reliable_improvement, o.finished AND o.reliably_improved),
    ('ReliableDeterioration_Flag', n.reliable_deterioration, o.finished AND o.reliably_deteriorated)) f(flag, national, extension)
WHERE o.discharge_date IS NOT NULL AND f.national IS NOT NULL
GROUP BY 1, 2, 3;
COMMENT ON VIEW flag_reconciliation IS 'The extension''s outcome flags against the national derived flags of IDS101, per provider, discharge month and flag: referrals compared, disagreements (national only, extension only) and up to five example PathwayIDs';
COMMENT ON COLUMN flag_reconciliation.provider_code IS 'OrgID_Provider';
COMMENT ON COLUMN flag_reconciliation.month IS 'First day of the discharge month';
COMMENT ON COLUMN flag_reconciliation.flag IS 'The national flag compared (CompletedTreatment_Flag, NotCaseness_Flag, Recovery_Flag, ReliableImprovement_Flag, ReliableDeterioration_Flag)';
COMMENT ON COLUMN flag_reconciliation.referrals_compared IS 'Ended referrals that carry the flag';
COMMENT ON COLUMN flag_reconciliation.disagreements IS 'Referrals where the flag and the extension''s classification differ';
COMMENT ON COLUMN flag_reconciliation.national_only IS 'Flag set, extension''s classification not';
COMMENT ON COLUMN flag_reconciliation.extension_only IS 'Extension''s classification set, flag not';
COMMENT ON COLUMN flag_reconciliation.example_pathway_ids IS 'Up to five PathwayIDs that disagree (of providers the caller may see)';
$ddl$)
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_data_set() IS
'Internal: the data-set binding''s statements (latest_submission, referral, care_contact, care_activity, assessment_score, employment_status, national_flags, data_quality over the ds_ views; flag_reconciliation); read them through iapt_ews.data_model';

-- ---------------------------------------------------------------------------
-- What the binding trusts (docs/security.md, "The source's owner"). Reading
-- a relation can run code: a view's functions and operators, a column
-- type's output function or a cast, a policy's expressions. The binding
-- runs with its caller's rights, so code written by whoever owns the
-- source would run with them: a loader could become the binder. So, as
-- pg_dump's restrict_nonsystem_relation_kind does (CVE-2024-7348), the
-- binding reads only what trusted roles made: the caller, the roles named
-- in options.trusted_owners, and superusers (who can act as any role
-- already, so running their code gives nothing away). Built-in objects
-- (below FirstNormalObjectId) are trusted.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.trusted_owner(owner oid, trusted oid[])
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT owner OPERATOR(pg_catalog.=) ANY (trusted)
    OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) owner AND r.rolsuper)
$function$;
COMMENT ON FUNCTION iapt_ews.trusted_owner(oid, oid[]) IS
'Internal: for bind_data_set: whether a role is trusted to have written code the binding runs: one of trusted (the caller and options.trusted_owners) or a superuser';

-- Why a type may not be read (its output function or a cast from it
-- would run code of an untrusted owner), or NULL.
CREATE FUNCTION iapt_ews.source_type_problem(type_oid oid, trusted oid[])
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    t record;
    problem text;
BEGIN
    SELECT y.oid, y.typowner, y.typtype, y.typbasetype, y.typelem, y.typrelid, y.typinput, y.typoutput
    INTO t FROM pg_catalog.pg_type y WHERE y.oid OPERATOR(pg_catalog.=) type_oid;
    IF t.oid IS NULL THEN
        RETURN NULL;
    END IF;
    IF t.oid OPERATOR(pg_catalog.>=) 16384 AND NOT iapt_ews.trusted_owner(t.typowner, trusted) THEN
        RETURN pg_catalog.format('type %s is owned by %s', t.oid::regtype, t.typowner::regrole);
    END IF;
    -- A cast from the type whose function another role owns (the ds_
    -- views convert columns with casts to text, date, time and integer).
    SELECT pg_catalog.format('the cast from %s to %s runs function %s, owned by %s',
                             c.castsource::regtype, c.casttarget::regtype, p.oid::regprocedure, p.proowner::regrole)
    INTO problem
    FROM pg_catalog.pg_cast c JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) c.castfunc
    WHERE c.castsource OPERATOR(pg_catalog.=) t.oid AND p.oid OPERATOR(pg_catalog.>=) 16384
      AND NOT iapt_ews.trusted_owner(p.proowner, trusted)
    ORDER BY c.casttarget LIMIT 1;
    IF problem IS NOT NULL THEN
        RETURN problem;
    END IF;
    IF t.typtype OPERATOR(pg_catalog.=) 'd' THEN
        RETURN iapt_ews.source_type_problem(t.typbasetype, trusted);
    END IF;
    IF t.typelem OPERATOR(pg_catalog.<>) 0 THEN
        RETURN iapt_ews.source_type_problem(t.typelem, trusted);
    END IF;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION iapt_ews.source_type_problem(oid, oid[]) IS
'Internal: for bind_data_set: why a column type may not be read (a type, base type, element type or cast function of a role that is not trusted), or NULL';

-- What a view's or materialized view's query names (its rewrite rule's
-- dependencies): relations, functions, operators, types.
CREATE FUNCTION iapt_ews.rule_dependencies(relation oid, OUT refclassid oid, OUT refobjid oid)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT d.refclassid, d.refobjid
FROM pg_catalog.pg_rewrite w
JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::regclass
                           AND d.objid OPERATOR(pg_catalog.=) w.oid
WHERE w.ev_class OPERATOR(pg_catalog.=) relation
$function$;
COMMENT ON FUNCTION iapt_ews.rule_dependencies(oid) IS
'Internal: for the binding''s trust checks: the catalogue and OID of each object a view''s or materialized view''s query names (its rewrite rule''s dependencies); none for a table';

-- Why a source relation may not be read, or NULL: the relation, every
-- relation a view or materialized view reads and every table an
-- inheritance or partitioning parent scans, with their column types; the
-- functions, operators and types a view's query names.
CREATE FUNCTION iapt_ews.source_relation_problem(relation regclass, trusted oid[])
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    pending oid[] := ARRAY[relation::oid];
    seen oid[] := '{}';
    current oid;
    r record;
    problem text;
BEGIN
    WHILE pg_catalog.cardinality(pending) OPERATOR(pg_catalog.>) 0 LOOP
        current := pending[1];
        pending := pending[2:];
        CONTINUE WHEN current OPERATOR(pg_catalog.=) ANY (seen);
        seen := seen OPERATOR(pg_catalog.||) current;
        SELECT c.oid, c.relkind, c.relowner, c.relrowsecurity INTO r
        FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) current;
        IF NOT iapt_ews.trusted_owner(r.relowner, trusted) THEN
            RETURN pg_catalog.format('relation %s is owned by %s', current::regclass, r.relowner::regrole);
        END IF;
        IF NOT r.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'v', 'm', 'f']::"char"[]) THEN
            RETURN pg_catalog.format('relation %s is not a table, view, materialized view or foreign table', current::regclass);
        END IF;
        IF r.relrowsecurity THEN
            RETURN pg_catalog.format('relation %s has row-level security (its policies'' expressions would run and decide what the binding sees)', current::regclass);
        END IF;
        SELECT pg_catalog.format('column %I of %s: %s', a.attname, current::regclass,
                                 iapt_ews.source_type_problem(a.atttypid, trusted))
        INTO problem
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid OPERATOR(pg_catalog.=) current AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
          AND iapt_ews.source_type_problem(a.atttypid, trusted) IS NOT NULL
        ORDER BY a.attnum LIMIT 1;
        IF problem IS NOT NULL THEN
            RETURN problem;
        END IF;
        -- What a view's query names: functions (a cast's too), operators
        -- and their functions, types, relations.
        SELECT pg_catalog.format('%s, read by %s, is owned by %s', x.what, current::regclass, x.owner::regrole)
        INTO problem
        FROM iapt_ews.rule_dependencies(current) d
        CROSS JOIN LATERAL (
            SELECT pg_catalog.format('function %s', p.oid::regprocedure) AS what, p.proowner AS owner
            FROM pg_catalog.pg_proc p
            WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::regclass AND p.oid OPERATOR(pg_catalog.=) d.refobjid
            UNION ALL
            SELECT pg_catalog.format('operator %s', o.oid::regoperator), o.oprowner
            FROM pg_catalog.pg_operator o
            WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_operator'::regclass AND o.oid OPERATOR(pg_catalog.=) d.refobjid
            UNION ALL
            SELECT pg_catalog.format('function %s of operator %s', p.oid::regprocedure, o.oid::regoperator), p.proowner
            FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) o.oprcode
            WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_operator'::regclass AND o.oid OPERATOR(pg_catalog.=) d.refobjid) x
        WHERE d.refobjid OPERATOR(pg_catalog.>=) 16384
          AND NOT iapt_ews.trusted_owner(x.owner, trusted)
        LIMIT 1;
        IF problem IS NOT NULL THEN
            RETURN problem;
        END IF;
        SELECT pg_catalog.format('%s, read by %s', iapt_ews.source_type_problem(d.refobjid, trusted), current::regclass)
        INTO problem
        FROM iapt_ews.rule_dependencies(current) d
        WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::regclass
          AND iapt_ews.source_type_problem(d.refobjid, trusted) IS NOT NULL
        LIMIT 1;
        IF problem IS NOT NULL THEN
            RETURN problem;
        END IF;
        pending := pending OPERATOR(pg_catalog.||) ARRAY(
            SELECT d.refobjid FROM iapt_ews.rule_dependencies(current) d
            WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::regclass
              AND d.refobjid OPERATOR(pg_catalog.<>) current
            UNION ALL
            SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent OPERATOR(pg_catalog.=) current);
    END LOOP;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION iapt_ews.source_relation_problem(regclass, oid[]) IS
'Internal: for bind_data_set and refresh_data_set: why a source relation may not be read (it, a relation it reads or scans, a function, operator, type or cast it uses is of a role that is not trusted; row-level security), or NULL';

-- The trusted roles of a binding: the caller and options.trusted_owners.
CREATE FUNCTION iapt_ews.binding_trusted_roles(trusted_owners text[])
RETURNS oid[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    roles oid[] := ARRAY[(SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)];
    role_name text;
    role_oid oid;
BEGIN
    FOREACH role_name IN ARRAY coalesce(trusted_owners, '{}') LOOP
        SELECT r.oid INTO role_oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) role_name;
        IF role_oid IS NULL THEN
            RAISE EXCEPTION 'option trusted_owners names role "%", which does not exist', role_name
                USING ERRCODE = '42704', HINT = 'trusted_owners lists the roles whose tables, views and functions the binding may read and run.';
        END IF;
        roles := roles OPERATOR(pg_catalog.||) role_oid;
    END LOOP;
    RETURN roles;
END
$function$;
COMMENT ON FUNCTION iapt_ews.binding_trusted_roles(text[]) IS
'Internal: for bind_data_set and refresh_data_set: the roles whose objects the binding trusts: the current user and the named trusted_owners (42704 for a role that does not exist)';

-- Refuses (42501) a source relation that is not to be trusted.
CREATE FUNCTION iapt_ews.check_source_relation(relation regclass, trusted oid[], data_set_table text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    problem text := iapt_ews.source_relation_problem(relation, trusted);
BEGIN
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'the binding does not read % (data set table %): %', relation, data_set_table, problem
            USING ERRCODE = '42501',
                  DETAIL = 'Reading it would run code that a role other than the binder wrote, with the binder''s rights.',
                  HINT = 'The binding reads relations, functions and types of the caller and of superusers; name the roles that own the data set and its views in {"trusted_owners": ["loader"]} when they are to be trusted, or bind a copy the caller owns. A table with row-level security is never read.';
    END IF;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_source_relation(regclass, oid[], text) IS
'Internal: for bind_data_set and refresh_data_set: raises 42501 naming the problem when source_relation_problem finds one';

-- The reports a stored binding stores for every provider, as the data
-- model says: a report X with a statement that reads X_all (its provider
-- filter over the stored rows). Each is stored once its live statements
-- (those that do not read X_all) have run: made_at_step is the last of them.
CREATE FUNCTION iapt_ews.stored_reports(OUT report text, OUT made_at_step integer)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT f.object_name, max(o.step)
FROM iapt_ews.data_model_objects() f
JOIN iapt_ews.data_model_objects() o
     ON o.object_name = f.object_name AND NOT (f.object_name || '_all') = ANY (o.reads)
WHERE (f.object_name || '_all') = ANY (f.reads)
GROUP BY f.object_name
ORDER BY 2
$function$;
COMMENT ON FUNCTION iapt_ews.stored_reports() IS
'Internal: the reports bind_data_set stores for every provider (those with a statement reading <report>_all) and the step after which each is stored';

CREATE FUNCTION iapt_ews.bind_data_set(target_schema name, source_schema name, options jsonb DEFAULT '{}')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    known_options constant text[] := ARRAY['tables', 'attended_codes', 'treatment_codes', 'assessment_codes', 'materialize', 'trusted_owners'];
    trusted oid[];
    twins integer;
    source_oid oid;
    tables jsonb := '{}';
    k text;
    v jsonb;
    data_set_table text;
    found_table regclass;
    staging_views text[] := '{}';
    staging_statements text[] := '{}';
    spec record;
    logical text[];
    sources text[];
    types text[];
    found_column name;
    made regclass;
    bound text[] := '{}';
    store_step integer;
    stored_report text;
    first_step integer := 0;
BEGIN
    -- Phase 1: the arguments.
    IF target_schema IS NULL OR source_schema IS NULL THEN
        RAISE EXCEPTION 'target_schema and source_schema must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF options IS NULL OR jsonb_typeof(options) <> 'object' THEN
        RAISE EXCEPTION 'options must be a JSON object, not %', coalesce(jsonb_typeof(options), 'NULL')
            USING ERRCODE = '22023';
    END IF;
    FOR k IN SELECT jsonb_object_keys(options) LOOP
        IF NOT k = ANY (known_options) THEN
            RAISE EXCEPTION 'unknown option "%"', k
                USING ERRCODE = '22023', HINT = 'Options are: ' || array_to_string(known_options, ', ') || '.';
        END IF;
    END LOOP;
    IF options ? 'tables' THEN
        IF jsonb_typeof(options->'tables') <> 'object' THEN
            RAISE EXCEPTION 'option tables must map data set table names to table names, not %', options->'tables'
                USING ERRCODE = '22023', HINT = 'For example {"tables": {"IDS101referral": "referrals_2025"}}.';
        END IF;
        FOR k, v IN SELECT * FROM jsonb_each(options->'tables') LOOP
            IF NOT EXISTS (SELECT 1 FROM iapt_ews.data_set_columns() c WHERE lower(c.table_name) = lower(k))
               OR jsonb_typeof(v) <> 'string' THEN
                RAISE EXCEPTION 'option tables: "%" is not a data set table mapped to a table name', k
                    USING ERRCODE = '22023',
                          HINT = 'Data set tables are: ' || (SELECT string_agg(DISTINCT c.table_name, ', ') FROM iapt_ews.data_set_columns() c) || '.';
            END IF;
            tables := tables || jsonb_build_object(lower(k), v);
        END LOOP;
    END IF;
    FOREACH k IN ARRAY ARRAY['attended_codes', 'treatment_codes'] LOOP
        IF options ? k AND (jsonb_typeof(options->k) <> 'array' OR jsonb_array_length(options->k) = 0
                            OR EXISTS (SELECT 1 FROM jsonb_array_elements(options->k) e WHERE jsonb_typeof(e) <> 'string')) THEN
            RAISE EXCEPTION 'option % must be a non-empty array of codes (strings), not %', k, options->k
                USING ERRCODE = '22023';
        END IF;
        -- Each code must be one of its national list.
        SELECT e INTO data_set_table FROM jsonb_array_elements_text(coalesce(options->k, '[]')) e
        WHERE NOT iapt_ews.is_known_code(CASE k WHEN 'attended_codes' THEN 'AttendOrDNACode' ELSE 'AppType' END, e)
        LIMIT 1;
        IF data_set_table IS NOT NULL THEN
            RAISE EXCEPTION 'option % holds "%", which is not a code of %', k, data_set_table,
                            CASE k WHEN 'attended_codes' THEN 'AttendOrDNACode' ELSE 'AppType' END
                USING ERRCODE = '22023', HINT = 'The national codes are listed in iapt_ews.national_codes.';
        END IF;
        data_set_table := NULL;
    END LOOP;
    IF options ? 'materialize' AND jsonb_typeof(options->'materialize') <> 'boolean' THEN
        RAISE EXCEPTION 'option materialize must be true or false, not %', options->'materialize'
            USING ERRCODE = '22023', HINT = 'true (the default) stores the bound relations; false keeps them as views of the live tables.';
    END IF;
    IF options ? 'assessment_codes' AND (jsonb_typeof(options->'assessment_codes') <> 'object'
        OR EXISTS (SELECT 1 FROM jsonb_each(options->'assessment_codes') e
                   WHERE jsonb_typeof(e.value) <> 'string'
                      OR NOT EXISTS (SELECT 1 FROM iapt_ews.measures m WHERE m.code = lower(e.value #>> '{}')))) THEN
        RAISE EXCEPTION 'option assessment_codes must map SNOMED CT codes to measure codes, not %', options->'assessment_codes'
            USING ERRCODE = '22023',
                  HINT = 'For example {"assessment_codes": {"<SNOMED CT id>": "spin"}}; measures are listed in iapt_ews.measures.';
    END IF;
    IF options ? 'trusted_owners' AND (jsonb_typeof(options->'trusted_owners') <> 'array'
        OR EXISTS (SELECT 1 FROM jsonb_array_elements(options->'trusted_owners') e WHERE jsonb_typeof(e) <> 'string')) THEN
        RAISE EXCEPTION 'option trusted_owners must be an array of role names, not %', options->'trusted_owners'
            USING ERRCODE = '22023', HINT = 'For example {"trusted_owners": ["warehouse_loader"]}.';
    END IF;
    trusted := iapt_ews.binding_trusted_roles(ARRAY(SELECT jsonb_array_elements_text(coalesce(options->'trusted_owners', '[]'))));
    SELECT n.oid INTO source_oid FROM pg_namespace n WHERE n.nspname = source_schema;
    IF source_oid IS NULL THEN
        RAISE EXCEPTION 'schema "%" does not exist', source_schema
            USING ERRCODE = '3F000', HINT = 'source_schema is the schema that holds the data set''s tables.';
    END IF;

    -- Phase 2: find every table (case-insensitively, or as options.tables
    -- names it) and every column, and check the caller may read them.
    FOR data_set_table IN SELECT DISTINCT c.table_name FROM iapt_ews.data_set_columns() c ORDER BY 1 LOOP
        -- A table named in options.tables is that exact name when it exists;
        -- otherwise the name is matched case-insensitively, and two
        -- relations that match (an upper-case twin of a lower-case table)
        -- are refused rather than one picked.
        SELECT cl.oid::regclass INTO found_table
        FROM pg_class cl
        WHERE cl.relnamespace = source_oid AND cl.relname = tables->>lower(data_set_table);
        IF found_table IS NULL THEN
            SELECT min(cl.oid::regclass::text), count(*) INTO k, twins
            FROM pg_class cl
            WHERE cl.relnamespace = source_oid AND cl.relkind IN ('r', 'v', 'm', 'f', 'p')
              AND lower(cl.relname) = lower(coalesce(tables->>lower(data_set_table), data_set_table));
            IF twins > 1 THEN
                RAISE EXCEPTION 'data set table % matches % relations of schema "%" case-insensitively', data_set_table, twins, source_schema
                    USING ERRCODE = '42501',
                          DETAIL = 'Another role could add a twin of a table''s name in other case to be read in its place.',
                          HINT = format('Name the one to read exactly with {"tables": {"%s": "<exact name>"}}.', data_set_table);
            END IF;
            SELECT cl.oid::regclass INTO found_table
            FROM pg_class cl
            WHERE cl.relnamespace = source_oid AND cl.relkind IN ('r', 'v', 'm', 'f', 'p')
              AND lower(cl.relname) = lower(coalesce(tables->>lower(data_set_table), data_set_table));
        END IF;
        IF found_table IS NULL THEN
            RAISE EXCEPTION 'data set table % not found in schema "%"', data_set_table, source_schema
                USING ERRCODE = '42P01',
                      HINT = format('Looked for %s case-insensitively; name another table with {"tables": {"%s": "..."}}.',
                                    coalesce(tables->>lower(data_set_table), data_set_table), data_set_table);
        END IF;
        PERFORM iapt_ews.check_source_relation(found_table, trusted, data_set_table);
        IF NOT has_table_privilege(found_table, 'SELECT') THEN
            RAISE EXCEPTION 'permission denied to read % (data set table %)', found_table, data_set_table
                USING ERRCODE = '42501', HINT = 'bind_data_set runs with the caller''s rights: it needs SELECT on the data set''s tables.';
        END IF;
        logical := '{}'; sources := '{}'; types := '{}';
        FOR spec IN SELECT * FROM iapt_ews.data_set_columns() c WHERE c.table_name = data_set_table LOOP
            SELECT a.attname INTO found_column FROM pg_attribute a
            WHERE a.attrelid = found_table AND a.attnum > 0 AND NOT a.attisdropped
              AND lower(a.attname) = lower(spec.column_name)
            ORDER BY (a.attname = spec.column_name) DESC LIMIT 1;
            IF found_column IS NULL AND spec.required THEN
                RAISE EXCEPTION 'column %.% of the data set not found in %', data_set_table, spec.column_name, found_table
                    USING ERRCODE = '42703', HINT = 'Columns are found case-insensitively by NHS England''s names (iapt_ews.data_set_columns).';
            END IF;
            logical := logical || spec.logical_name;
            sources := sources || found_column::text;
            types := types || spec.logical_type;
        END LOOP;
        staging_views := staging_views || ('ds_' || lower(data_set_table));
        -- Run in phase 4, once the schema has passed its checks.
        staging_statements := staging_statements
            || format('CREATE VIEW %I.%I WITH (security_barrier = true) AS SELECT %s FROM %s s',
                      target_schema, 'ds_' || lower(data_set_table),
                      iapt_ews.warehouse_select_list(found_table, logical, sources, types), found_table);
    END LOOP;

    -- Phase 3: the target schema may hold nothing of another role's and
    -- none of what is made here.
    PERFORM iapt_ews.check_model_schema(target_schema,
        staging_views || ARRAY['data_set_codes', 'data_set_binding']
        || ARRAY(SELECT o.object_name FROM iapt_ews.data_model_objects() o
                 WHERE o.layer = ANY (ARRAY['reference_tables', 'bound_relations', 'reports']))
        || ARRAY(SELECT o.object_name || '_live' FROM iapt_ews.data_model_objects() o
                 WHERE o.layer = 'bound_relations')
        || ARRAY(SELECT r.report || suffix FROM iapt_ews.stored_reports() r, unnest(ARRAY['_live', '_all']) suffix));
    IF NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = target_schema) THEN
        EXECUTE format('CREATE SCHEMA %I', target_schema);
    END IF;

    -- Phase 4: the ds_ views and the code lists the rules read.
    FOR i IN 1 .. cardinality(staging_views) LOOP
        k := staging_views[i];
        EXECUTE staging_statements[i];
        EXECUTE format('COMMENT ON VIEW %I.%I IS %L', target_schema, k,
                       'Staging: the data set table, columns renamed to lower case and converted without raising (made by iapt_ews.bind_data_set)');
        RETURN NEXT format('%I.%I', target_schema, k)::regclass;
    END LOOP;
    EXECUTE format($t$CREATE TABLE %I.data_set_codes (
        code_list text NOT NULL CHECK (code_list IN ('attended', 'treatment', 'assessment')),
        code text NOT NULL,
        meaning text,
        PRIMARY KEY (code_list, code))$t$, target_schema);
    EXECUTE format('COMMENT ON TABLE %I.data_set_codes IS %L', target_schema,
                   'The code lists the data-set views read: attended AttendOrDNACode values, treatment AppType values, and assessment CodedAssToolType SNOMED CT codes with the measure each scores (meaning). Edit to change a rule');
    EXECUTE format($i$INSERT INTO %I.data_set_codes (code_list, code, meaning)
        SELECT 'attended', iapt_ews.national_code('AttendOrDNACode', c), NULL FROM unnest(%L::text[]) c
        UNION
        SELECT 'treatment', iapt_ews.national_code('AppType', c), NULL FROM unnest(%L::text[]) c
        UNION
        SELECT 'assessment', a.snomed_code, a.measure FROM iapt_ews.assessment_tool_codes a
        WHERE NOT %L::jsonb ? a.snomed_code
        UNION
        SELECT 'assessment', btrim(e.key), lower(e.value) FROM jsonb_each_text(%L::jsonb) e$i$,
        target_schema,
        CASE WHEN options ? 'attended_codes' THEN ARRAY(SELECT jsonb_array_elements_text(options->'attended_codes'))
             ELSE ARRAY['5', '6'] END,
        CASE WHEN options ? 'treatment_codes' THEN ARRAY(SELECT jsonb_array_elements_text(options->'treatment_codes'))
             ELSE ARRAY['02', '03', '05'] END,
        coalesce(options->'assessment_codes', '{}'), coalesce(options->'assessment_codes', '{}'));
    RETURN NEXT format('%I.data_set_codes', target_schema)::regclass;
    -- What the binding was made from and whom it trusts, which
    -- refresh_data_set checks the source against again.
    EXECUTE format($t$CREATE TABLE %I.data_set_binding (
        source_schema name NOT NULL,
        trusted_owners name[] NOT NULL,
        options jsonb NOT NULL,
        extension_version text NOT NULL,
        bound_by name NOT NULL,
        bound_at timestamptz NOT NULL)$t$, target_schema);
    EXECUTE format('COMMENT ON TABLE %I.data_set_binding IS %L', target_schema,
                   'The binding of this schema (one row): its source schema, the roles beside its owner whose objects it reads (trusted_owners), its options and the extension version that made it. refresh_data_set checks the source against it again');
    EXECUTE format('INSERT INTO %I.data_set_binding VALUES (%L, %L, %L, %L, CURRENT_USER, now())', target_schema,
                   source_schema, ARRAY(SELECT jsonb_array_elements_text(coalesce(options->'trusted_owners', '[]'))),
                   options, (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'iapt_ews'));
    RETURN NEXT format('%I.data_set_binding', target_schema)::regclass;

    -- Phase 5: the reference tables, then the model's relations over the
    -- ds_ views. Unless the caller asked for live views, each bound
    -- relation is stored (materialized, indexed, analysed) as soon as it is
    -- made, with its view beside it as <name>_live, so that the next one
    -- reads the stored one: with its statistics, not the estimates of a
    -- chain of views over expressions, which planned nested loops that ran
    -- for minutes (the referral key's joins).
    FOR made IN SELECT * FROM iapt_ews.run_model_statements(target_schema,
            ARRAY['reference_tables'], staging_views || ARRAY['data_set_codes']) LOOP
        bound := bound || (SELECT c.relname::text FROM pg_class c WHERE c.oid = made);
        RETURN NEXT made;
    END LOOP;
    FOR store_step IN SELECT o.step FROM iapt_ews.data_model_objects() o
                      WHERE o.layer = 'bound_relations' ORDER BY o.step LOOP
        FOR made IN SELECT * FROM iapt_ews.run_model_statements(target_schema,
                ARRAY['bound_relations'], staging_views || ARRAY['data_set_codes'] || bound, store_step, store_step) LOOP
            bound := bound || (SELECT c.relname::text FROM pg_class c WHERE c.oid = made);
            RETURN NEXT made;
            IF coalesce((options->>'materialize')::boolean, true) THEN
                RETURN QUERY SELECT * FROM iapt_ews.store_bound_relation(target_schema,
                    (SELECT c.relname FROM pg_class c WHERE c.oid = made));
            END IF;
        END LOOP;
    END LOOP;

    -- Phase 7: every report, over the stored or the live relations. When
    -- stored, referral_outcome is stored too once it is made (step 300),
    -- and the reports after it read the stored one through its provider
    -- filter.
    IF NOT coalesce((options->>'materialize')::boolean, true) THEN
        RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['reports'],
            staging_views || ARRAY['data_set_codes'] || bound);
        RETURN;
    END IF;
    -- Each report of iapt_ews.stored_reports() is stored for every provider once it
    -- is made (iapt_ews.store_referral_outcome, store_for_every_provider),
    -- and the reports after it read the provider filter over the stored
    -- rows (the data model's next step).
    FOR stored_report, store_step IN SELECT * FROM iapt_ews.stored_reports() LOOP
        FOR made IN SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['reports'],
                staging_views || ARRAY['data_set_codes'] || bound, first_step, store_step) LOOP
            bound := bound || (SELECT c.relname::text FROM pg_class c WHERE c.oid = made);
            RETURN NEXT made;
        END LOOP;
        IF stored_report = ANY (bound) THEN
            IF stored_report = 'referral_outcome' THEN
                RETURN QUERY SELECT * FROM iapt_ews.store_referral_outcome(target_schema);
            ELSE
                RETURN QUERY SELECT * FROM iapt_ews.store_for_every_provider(target_schema, stored_report);
            END IF;
            bound := array_remove(bound, stored_report) || (stored_report || '_all');
        END IF;
        first_step := store_step + 1;
    END LOOP;
    RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['reports'],
        staging_views || ARRAY['data_set_codes'] || bound, first_step);
END
$function$;
COMMENT ON FUNCTION iapt_ews.bind_data_set(name, name, jsonb) IS
'Creates, in target_schema (created when missing), views over the NHS Talking Therapies Data Set''s national tables in source_schema (found case-insensitively by NHS England''s names; options.tables renames any): the model''s referral, care_contact, care_activity, assessment_score and employment_status from the latest submissions, data_quality, the reference tables, every report and flag_reconciliation. options: tables, attended_codes, treatment_codes, assessment_codes ({"<SNOMED CT id>": "<measure>"}), materialize (default true: the bound relations are stored as materialized views, brought up to date by iapt_ews.refresh_data_set; false: live views), trusted_owners (roles besides the caller and superusers whose relations, views, functions and types it may read: anything else, a table with row-level security, or a name matching two relations case-insensitively is refused with 42501). A referral is keyed by its provider''s submission: a PathwayID two providers send is two referrals (PathwayID@provider). Runs with the caller''s rights; refuses a schema that already holds them (42P07) or an object of another role (42501)';


-- A bound relation stored: its view is renamed <name>_live and a
-- materialized view of it takes its name, with indexes on the keys the
-- reports join on, and analysed. Why: over the live views every report
-- recomputes the latest-submission joins and de-duplications of every
-- table it reads, and the planner has no statistics for the converted
-- columns of the ds_ views; the stored relations are computed once a
-- refresh and have real statistics (docs/scaling.md). bind_data_set
-- stores each as soon as it is made, so that the next relation's view
-- reads the stored one; refresh_data_set refreshes them in the same order.
CREATE FUNCTION iapt_ews.store_bound_relation(target_schema name, relation name)
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    -- The columns each stored relation is indexed on.
    index_keys constant jsonb := '{
        "latest_submission": [["unique_submission_id", "audit_id"]],
        "referral_record": [["unique_submission_id", "audit_id", "pathway_id"], ["referral_key"]],
        "referral": [["pathway_id"], ["person_id", "referral_date"], ["provider_code"]],
        "care_contact": [["pathway_id"], ["contact_id"]],
        "care_activity": [["contact_id"]],
        "assessment_score": [["pathway_id", "measure", "recorded_at"]],
        "employment_status": [["pathway_id", "recorded_at"]],
        "national_flags": [["pathway_id"]]}';
    live_name constant text := relation || '_live';
    key_columns jsonb;
BEGIN
    EXECUTE format('ALTER VIEW %I.%I RENAME TO %I', target_schema, relation, live_name);
    EXECUTE format('CREATE MATERIALIZED VIEW %I.%I AS SELECT * FROM %I.%I',
                   target_schema, relation, target_schema, live_name);
    EXECUTE format('COMMENT ON MATERIALIZED VIEW %I.%I IS %L', target_schema, relation,
                   obj_description(format('%I.%I', target_schema, live_name)::regclass, 'pg_class')
                   || ' (stored: brought up to date by iapt_ews.refresh_data_set; the view is ' || live_name
                   || ', over the stored relations before it)');
    PERFORM iapt_ews.copy_column_comments(format('%I.%I', target_schema, live_name)::regclass,
                                          format('%I.%I', target_schema, relation)::regclass);
    FOR key_columns IN SELECT jsonb_array_elements(index_keys->relation) LOOP
        EXECUTE format('CREATE INDEX ON %I.%I (%s)', target_schema, relation,
                       (SELECT string_agg(quote_ident(k), ', ') FROM jsonb_array_elements_text(key_columns) k));
    END LOOP;
    EXECUTE format('ANALYZE %I.%I', target_schema, relation);
    -- (The view was returned when it was made.)
    RETURN NEXT format('%I.%I', target_schema, relation)::regclass;
END
$function$;
COMMENT ON FUNCTION iapt_ews.store_bound_relation(name, name) IS
'Internal: for bind_data_set: renames a bound relation''s view to <name>_live and stores it under its own name as an indexed, analysed materialized view, which the bound relations made after it read';

-- referral_outcome stored for every provider: the outcome of a referral
-- is the costliest computation of the reports, and every report of
-- outcomes reads it. referral_outcome_all, a materialized view of the
-- live view (renamed referral_outcome_live) as its owner sees it (every
-- provider), refreshed by its owner; referral_outcome, made next (step
-- 301), is the provider filter over it.
CREATE FUNCTION iapt_ews.store_referral_outcome(target_schema name)
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    -- With each referral's earlier_providers: the providers of the
    -- person's other referrals in the year before it (the rule of
    -- referral_outcome's repeat_referral), from which the filtered view
    -- works the flag out again for each caller's providers.
    EXECUTE format($m$CREATE MATERIALIZED VIEW %1$I.referral_outcome_all AS
        SELECT o.*, e.earlier_providers
        FROM %1$I.referral_outcome o
        LEFT JOIN (SELECT r.pathway_id, array_agg(DISTINCT r2.provider_code) AS earlier_providers
                   FROM %1$I.referral r
                   JOIN %1$I.referral r2 ON r2.person_id = r.person_id
                   WHERE r2.referral_date >= r.referral_date - 365 AND r2.referral_date <= r.referral_date
                     AND (r2.referral_date < r.referral_date OR r2.pathway_id < r.pathway_id)
                   GROUP BY r.pathway_id) e ON e.pathway_id = o.pathway_id$m$, target_schema);
    EXECUTE format('ALTER VIEW %I.referral_outcome RENAME TO referral_outcome_live', target_schema);
    EXECUTE format('COMMENT ON MATERIALIZED VIEW %I.referral_outcome_all IS %L', target_schema,
                   'Stored: referral_outcome_live for every provider, brought up to date by iapt_ews.refresh_data_set. Not for readers: referral_outcome is the same rows filtered by provider_access');
    EXECUTE format('COMMENT ON COLUMN %I.referral_outcome_all.earlier_providers IS %L', target_schema,
                   'Providers of the person''s other referrals received in the 365 days up to this one (same-day referrals ordered by pathway_id); NULL when none');
    PERFORM iapt_ews.copy_column_comments(format('%I.referral_outcome_live', target_schema)::regclass,
                                          format('%I.referral_outcome_all', target_schema)::regclass);
    EXECUTE format('CREATE INDEX ON %I.referral_outcome_all (pathway_id)', target_schema);
    EXECUTE format('CREATE INDEX ON %I.referral_outcome_all (provider_code)', target_schema);
    EXECUTE format('ANALYZE %I.referral_outcome_all', target_schema);
    RETURN NEXT format('%I.referral_outcome_all', target_schema)::regclass;
END
$function$;
COMMENT ON FUNCTION iapt_ews.store_referral_outcome(name) IS
'Internal: for bind_data_set: stores referral_outcome for every provider as the materialized view referral_outcome_all and renames the live view referral_outcome_live';

-- A report stored for every provider: <report>_all, a materialized view of
-- the report (renamed <report>_live) as its owner sees it, indexed on its
-- provider and analysed; the builder then makes the provider filter over
-- it under the report's name. For reports whose rows each belong to one
-- provider (data_quality_problem: a row left out; key_metrics_cells: a
-- month and cell; employment_support_contact: a contact;
-- employment_referral: a referral).
CREATE FUNCTION iapt_ews.store_for_every_provider(target_schema name, report name)
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    EXECUTE format('CREATE MATERIALIZED VIEW %1$I.%2$I AS SELECT * FROM %1$I.%3$I',
                   target_schema, report || '_all', report);
    EXECUTE format('ALTER VIEW %I.%I RENAME TO %I', target_schema, report, report || '_live');
    EXECUTE format('COMMENT ON MATERIALIZED VIEW %I.%I IS %L', target_schema, report || '_all',
                   format('Stored: %s_live for every provider, brought up to date by iapt_ews.refresh_data_set. Not for readers: %s is the same rows filtered by provider_access', report, report));
    PERFORM iapt_ews.copy_column_comments(format('%I.%I', target_schema, report || '_live')::regclass,
                                          format('%I.%I', target_schema, report || '_all')::regclass);
    EXECUTE format('ANALYZE %I.%I', target_schema, report || '_all');
    RETURN NEXT format('%I.%I', target_schema, report || '_all')::regclass;
END
$function$;
COMMENT ON FUNCTION iapt_ews.store_for_every_provider(name, name) IS
'Internal: for bind_data_set: stores a report for every provider as the materialized view <report>_all and renames the live view <report>_live';

-- Every relation outside the schema that its ds_ views read, checked as
-- bind_data_set checked it, with the trusted roles it recorded.
CREATE FUNCTION iapt_ews.check_bound_sources(target_schema name)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    trusted oid[];
    source record;
BEGIN
    IF to_regclass(format('%I.data_set_binding', target_schema)) IS NULL THEN
        RAISE EXCEPTION 'schema "%" has no data_set_binding table', target_schema
            USING ERRCODE = '42P01', HINT = 'Bind the schema again with iapt_ews.bind_data_set.';
    END IF;
    EXECUTE format('SELECT iapt_ews.binding_trusted_roles(b.trusted_owners::text[]) FROM %I.data_set_binding b LIMIT 1', target_schema)
        INTO trusted;
    trusted := coalesce(trusted, iapt_ews.binding_trusted_roles('{}'));
    FOR source IN
        SELECT DISTINCT d.refobjid::regclass AS relation, v.relname
        FROM pg_class v
        JOIN pg_namespace n ON n.oid = v.relnamespace AND n.nspname = target_schema
        CROSS JOIN LATERAL iapt_ews.rule_dependencies(v.oid) d
        JOIN pg_class s ON d.refclassid = 'pg_class'::regclass AND s.oid = d.refobjid AND s.relnamespace <> n.oid
        WHERE v.relname LIKE 'ds\_%' AND v.relkind = 'v'
        ORDER BY 1
    LOOP
        PERFORM iapt_ews.check_source_relation(source.relation, trusted, source.relname::text);
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_bound_sources(name) IS
'Internal: for refresh_data_set: checks every relation a bound schema''s ds_ views read, as bind_data_set did, with the trusted_owners it recorded (42501 naming the problem)';

CREATE FUNCTION iapt_ews.refresh_data_set(target_schema name,
    OUT relation regclass, OUT rows bigint, OUT seconds double precision)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    stored record;
    started timestamptz;
BEGIN
    IF target_schema IS NULL THEN
        RAISE EXCEPTION 'target_schema must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM iapt_ews.data_model_objects() o
        JOIN pg_class c ON c.relname = o.object_name AND c.relkind = 'm'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = target_schema
        WHERE o.layer = 'bound_relations') THEN
        RAISE EXCEPTION 'schema "%" holds no stored data set relations', target_schema
            USING ERRCODE = '42P01',
                  HINT = 'iapt_ews.bind_data_set(schema, source_schema) stores them; with {"materialize": false} its views are live and need no refresh.';
    END IF;
    -- The source again, as bind_data_set checked it: since the binding,
    -- its owner may have replaced a function body, changed an owner or
    -- turned on row-level security.
    PERFORM iapt_ews.check_bound_sources(target_schema);
    -- In the order of the data model, all in the caller's transaction, so
    -- the stored relations are one consistent snapshot of the data set.
    FOR stored IN
        SELECT c.oid::regclass AS relation, o.step
        FROM iapt_ews.data_model_objects() o
        JOIN pg_class c ON c.relname = o.object_name AND c.relkind = 'm'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = target_schema
        WHERE o.layer = 'bound_relations'
        UNION ALL
        -- Then the reports stored for every provider, which read them (and
        -- the later ones the outcomes), in the order they were made.
        SELECT c.oid::regclass, 1000000 + r.made_at_step
        FROM iapt_ews.stored_reports() r
        JOIN pg_class c ON c.relname = r.report || '_all' AND c.relkind = 'm'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = target_schema
        ORDER BY 2
    LOOP
        started := clock_timestamp();
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', stored.relation);
        EXECUTE format('ANALYZE %s', stored.relation);
        relation := stored.relation;
        EXECUTE format('SELECT count(*) FROM %s', stored.relation) INTO rows;
        seconds := extract(epoch FROM clock_timestamp() - started);
        RETURN NEXT;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.refresh_data_set(name) IS
'Brings a bound schema''s stored relations (bind_data_set with materialize, the default) up to date with the data set, in one transaction, and analyses them, after checking the source again as bind_data_set did (42501: see data_set_binding); returns each relation with its rows and the seconds it took. Run it after each load of the data set; needs ownership of the schema''s relations';
