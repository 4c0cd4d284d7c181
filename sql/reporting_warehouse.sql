-- Pointing the reporting views at an existing warehouse:
-- create_reporting_views() over tables with other names, other column names
-- and another appointment type code list (docs/reporting.md).
SET TimeZone = 'Europe/London';
\set SHOW_CONTEXT never
CREATE SCHEMA wh;
CREATE TABLE wh."IDS101Referral" (
    "PathwayID" text PRIMARY KEY, "Person_ID" text, "OrgID_Provider" text, "ServiceID" text,
    "ReferralRequestReceivedDate" date, "ServDischDate" date, "EndCode" text,
    "PresentingComplaint" text, unused integer);
-- A column name built to break naive SQL building: quoted by %I, it is just a name.
CREATE TABLE wh."IDS201CareContact" (
    "PathwayID" text, "CareContDate" timestamptz, "Attended" boolean,
    "x"", true); DROP TABLE wh.""IDS101Referral""; --" text);
CREATE TABLE wh."IDS606CodedScoredAssessment" (
    "PathwayID" text, "AssToolType" text, "PersScore" numeric, "AssToolCompTimestamp" timestamptz);

INSERT INTO wh."IDS101Referral" VALUES
    ('W1', 'A', 'RX1', 'SVC', '2025-01-06', '2025-02-27', '46', 'F41.1', 0),
    ('W2', 'B', 'RX1', 'SVC', '2025-01-10', '2025-02-20', '46', 'F40.0', 0),
    ('W3', 'A', 'RX1', 'SVC', '2025-02-01', NULL, NULL, NULL, 0);
INSERT INTO wh."IDS201CareContact" VALUES
    ('W1', '2025-01-13 10:00', true, '01'), ('W1', '2025-01-20 10:00', true, '02'),
    ('W1', '2025-02-03 10:00', true, '02'), ('W1', '2025-02-17 10:00', true, '04'),
    ('W2', '2025-01-15 09:00', true, '03'), ('W2', '2025-01-22 09:00', false, '02'),
    ('W2', '2025-02-05 09:00', true, '02'), ('W3', '2025-02-10 09:00', true, '02');
INSERT INTO wh."IDS606CodedScoredAssessment" VALUES
    ('W1', 'PHQ9', 18, '2025-01-13 10:00'), ('W1', 'PHQ9', 7, '2025-02-17 10:00'),
    ('W1', 'GAD7', 12, '2025-01-13 10:00'), ('W1', 'GAD7', 5, '2025-02-17 10:00'),
    ('W2', 'PHQ9', 9, '2025-01-15 09:00'), ('W2', 'PHQ9', 9, '2025-02-05 09:00'),
    ('W2', ' mi_alone ', 3.03, '2025-01-15 09:00'), ('W2', 'MI_ALONE', 2.30, '2025-02-05 09:00');

CREATE SCHEMA "Reports";
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"',
    options => '{"columns": {"referral.pathway_id": "PathwayID", "referral.person_id": "Person_ID",
                 "referral.provider_code": "OrgID_Provider", "referral.service_id": "ServiceID",
                 "referral.referral_date": "ReferralRequestReceivedDate",
                 "referral.discharge_date": "ServDischDate", "referral.end_code": "EndCode",
                 "referral.provisional_diagnosis": "PresentingComplaint",
                 "care_contact.pathway_id": "PathwayID", "care_contact.contact_at": "CareContDate",
                 "care_contact.attended": "Attended",
                 "care_contact.appointment_type": "x\", true); DROP TABLE wh.\"IDS101Referral\"; --",
                 "assessment_score.pathway_id": "PathwayID", "assessment_score.measure": "AssToolType",
                 "assessment_score.score": "PersScore", "assessment_score.recorded_at": "AssToolCompTimestamp"},
                 "treatment_appointment_types": ["02", "03", "04"]}') AS created;

SELECT pathway_id, provider_code, treatment_sessions AS sessions, anxiety_measure, outcome,
       finished, recovered, reliably_recovered, repeat_referral
FROM "Reports".referral_outcome ORDER BY 1;
SELECT provider_code, service_id, month, referrals_received, entered_treatment, finished_treatment,
       recovered, recovery_rate, mean_sessions
FROM "Reports".service_month_metrics ORDER BY month;
SELECT month, referrals_received, finished_treatment, recovery_rate
FROM "Reports".service_month_metrics_published ORDER BY month;
SELECT to_regclass('wh."IDS101Referral"') IS NOT NULL AS referral_table_still_there;

-- The views belong to the caller, read with its rights (barrier views
-- filtered by provider_access), every column commented.
SELECT c.relname, c.reloptions, obj_description(c.oid, 'pg_class') IS NOT NULL AS commented,
       (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
          AND col_description(c.oid, a.attnum) IS NULL) AS uncommented_columns
FROM pg_class c WHERE c.relnamespace = '"Reports"'::regnamespace AND c.relkind IN ('r', 'v') ORDER BY 1;
SELECT a.attname, col_description(a.attrelid, a.attnum) FROM pg_attribute a
WHERE a.attrelid = '"Reports".care_contact'::regclass AND a.attnum > 0 ORDER BY a.attnum;

-- Running it again refuses: it never replaces what is there.
SELECT count(*) AS recreated FROM iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"',
    'wh."IDS201CareContact"', 'wh."IDS606CodedScoredAssessment"',
    options => '{"columns": {"referral.pathway_id": "PathwayID", "referral.person_id": "Person_ID",
                 "referral.provider_code": "OrgID_Provider", "referral.service_id": "ServiceID",
                 "referral.referral_date": "ReferralRequestReceivedDate",
                 "referral.discharge_date": "ServDischDate", "referral.end_code": "EndCode",
                 "referral.provisional_diagnosis": "PresentingComplaint",
                 "care_contact.pathway_id": "PathwayID", "care_contact.contact_at": "CareContDate",
                 "care_contact.attended": "Attended",
                 "care_contact.appointment_type": "x\", true); DROP TABLE wh.\"IDS101Referral\"; --",
                 "assessment_score.pathway_id": "PathwayID", "assessment_score.measure": "AssToolType",
                 "assessment_score.score": "PersScore", "assessment_score.recorded_at": "AssToolCompTimestamp"},
                 "treatment_appointment_types": ["02", "03", "04"]}');

-- A warehouse that keeps everything as text, with bad values in it: a date
-- that is someone's note, a score 'NA', a score out of range, a time that
-- is no time. No report fails, no error carries the text; the rows are
-- left out and counted in data_quality.
CREATE SCHEMA wt;
CREATE TABLE wt.ref (pathway_id text, person_id text, provider_code text, service_id text,
                     referral_date text, discharge_date text, end_code text, provisional_diagnosis text);
CREATE TABLE wt.con (contact_id text, pathway_id text, contact_at text, attended text, appointment_type text);
CREATE TABLE wt.sco (pathway_id text, measure text, score text, recorded_at text);
INSERT INTO wt.ref VALUES
    ('T1', 'A', 'RX1', 'SVC', '2025-01-06', '2025-02-27', '46', 'F41.1'),
    ('T2', 'B', 'RX2', 'SVC', 'PERSON00042 self-harm note', NULL, NULL, NULL);
INSERT INTO wt.con VALUES
    ('K1', 'T1', '2025-01-20 10:00', 'true', 'treatment'), ('K2', 'T1', '2025-02-03T10:00:00+00', 'yes', 'treatment'),
    ('K3', 'T1', 'next tuesday', 'true', 'treatment'), ('K4', 'T1', '2025-02-10 10:00', 'maybe', 'treatment');
INSERT INTO wt.sco VALUES
    ('T1', 'phq9', '18', '2025-01-20 10:00'), ('T1', 'phq9', ' 7 ', '2025-02-03 10:00'),
    ('T1', 'gad7', '12', '2025-01-20 10:00'), ('T1', 'gad7', '5', '2025-02-03 10:00'),
    ('T1', 'phq9', 'NA', '2025-01-27 10:00'), ('T1', 'phq9', '99', '2025-01-28 10:00'),
    ('T1', 'gad7', '6', 'soon');
CREATE SCHEMA "Text reports";
SELECT count(*) AS created FROM iapt_ews.create_reporting_views('Text reports', 'wt.ref', 'wt.con', 'wt.sco',
    '{"columns": {"care_contact.contact_id": "contact_id"}}');
SELECT pathway_id, referral_date, treatment_sessions, phq9_first, phq9_last, anxiety_first, anxiety_last, finished, recovered
FROM "Text reports".referral_outcome ORDER BY 1;
SELECT * FROM "Text reports".data_quality ORDER BY 1, 2, 3;
SELECT month, referrals_received, finished_treatment FROM "Text reports".service_month_metrics ORDER BY month;

-- Bad calls.
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"columns": {"referral.pathwayid": "PathwayID"}}');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"columns": {"referral.pathway_id": 1}}');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '["PathwayID"]');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"treatment_appointment_types": []}');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"treatment_appointment_types": ["02", 3]}');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', NULL);
-- Options alike in every builder: an unknown key is refused naming it and
-- the keys the builder takes, a value of the wrong JSON type naming the
-- type expected (22023).
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"referral.pathway_id": "PathwayID"}');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"columns": {}, "materialize": false}');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"columns": ["PathwayID"]}');
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"', '{"treatment_appointment_types": "02"}');
SELECT iapt_ews.create_reporting_views(NULL, 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"');
SELECT iapt_ews.create_reporting_views('nowhere', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"');
SELECT iapt_ews.create_reporting_views('Reports', 'wh.missing', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"');

-- It runs with the caller's rights: a role that cannot read the warehouse
-- cannot create views over it, and a role without CREATE on the schema
-- cannot create views there.
CREATE ROLE reporting_wh_nobody;
GRANT USAGE ON SCHEMA iapt_ews, wh, "Reports" TO reporting_wh_nobody;
SET ROLE reporting_wh_nobody;
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"');
RESET ROLE;
GRANT CREATE ON SCHEMA "Reports" TO reporting_wh_nobody;
SET ROLE reporting_wh_nobody;
SELECT iapt_ews.create_reporting_views('Reports', 'wh."IDS101Referral"', 'wh."IDS201CareContact"',
    'wh."IDS606CodedScoredAssessment"');
RESET ROLE;
SELECT p.proname, p.prosecdef, p.proconfig FROM pg_proc p WHERE p.oid = 'iapt_ews.create_reporting_views'::regproc;

SET client_min_messages = warning;
DROP SCHEMA "Reports", "Text reports", wt CASCADE;
DROP SCHEMA wh CASCADE;
RESET client_min_messages;
REVOKE ALL ON SCHEMA iapt_ews FROM reporting_wh_nobody;
DROP ROLE reporting_wh_nobody;
