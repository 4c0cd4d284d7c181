-- The data model's catalogue (sql/model/, assembled at build time): each
-- statement's header against what PostgreSQL records, variants, and the
-- storage a report declares.
SET client_min_messages = warning;

-- Every object with several statements in one layer is a declared variant:
-- each of its statements names a condition, and the conditions are the two
-- sides of one relation's presence.
SELECT o.object_name, o.layer, array_agg(o.step ORDER BY o.step) AS steps,
       array_agg(o.variant_condition ORDER BY o.step) AS conditions
FROM iapt_ews.data_model o
GROUP BY o.object_name, o.object_kind, o.layer
HAVING count(*) > 1 OR bool_or(o.variant_condition IS NOT NULL)
ORDER BY 1;

-- The reports a stored binding keeps for every provider, as declared.
SELECT report, made_at_step, storage FROM iapt_ews.stored_reports();

-- Conditions are checked: exactly one variant must hold.
SELECT iapt_ews.model_variant_applies('care_activity present', '{care_activity}') AS present_holds,
       iapt_ews.model_variant_applies('care_activity absent', '{care_activity}') AS absent_holds,
       iapt_ews.model_variant_applies('care_activity absent', '{}') AS absent_holds_without;
SELECT iapt_ews.model_variant_applies('care_activity missing', '{}');
SELECT iapt_ews.check_model_variants('contact_intensity', 'view', 'reports', '{care_activity}');
-- An object without variants is no variant's (22023); the XX000 of none or
-- two holding is a fault of the catalogue itself.
SELECT iapt_ews.check_model_variants('key_metrics', 'view', 'reports', '{care_activity}');

-- A model made by create_data_model, and the reporting views over its own
-- tables without care_activity (the other variant): every view's header
-- names exactly the relations of the schema it depends on.
SELECT count(*) > 0 AS made FROM iapt_ews.create_data_model('dm_model');
CREATE SCHEMA dm_views;
SELECT count(*) > 0 AS made FROM iapt_ews.create_reporting_views('dm_views', 'dm_model.referral',
    'dm_model.care_contact', 'dm_model.assessment_score');
SELECT * FROM public.model_reads_mismatch('dm_model');
SELECT * FROM public.model_reads_mismatch('dm_views');
SELECT 'dm_model' AS schema, by_intensity FROM dm_model.intensity_recorded
UNION ALL
SELECT 'dm_views', by_intensity FROM dm_views.intensity_recorded;

-- The builders' options, alike (22023): create_data_model and
-- complete_data_model take none, so options is '{}'; an unknown key is
-- refused naming it, and options that are not a JSON object too.
\set SHOW_CONTEXT never
SELECT count(*) AS completed FROM iapt_ews.complete_data_model('dm_model', '{}');
SELECT iapt_ews.create_data_model('dm_other', '{"materialize": false}');
SELECT iapt_ews.create_data_model('dm_other', '[]');
SELECT iapt_ews.create_data_model('dm_other', NULL);
SELECT iapt_ews.create_data_model(NULL, '{}');
SELECT iapt_ews.complete_data_model('dm_model', '{"columns": {}}');
SELECT iapt_ews.complete_data_model('dm_model', '"{}"');
SELECT iapt_ews.complete_data_model(NULL);
SELECT to_regnamespace('dm_other') IS NULL AS nothing_made;
-- A value of the wrong JSON type names the key and the type expected
-- (the one check of every builder, given the options a builder takes).
SELECT iapt_ews.check_builder_arguments('a_builder', 'dm_other', '{"n": "1"}', '{"n": "number", "s": "string"}');
SELECT iapt_ews.check_builder_arguments('a_builder', 'dm_other', '{"s": null}', '{"n": "number", "s": "string"}');
SELECT iapt_ews.check_builder_arguments('a_builder', 'dm_other', '{"n": 1, "s": ""}', '{"n": "number", "s": "string"}') AS passes;


-- One data_quality in every kind of schema: the same contacts planted in a
-- create_data_model schema (and read by the reporting views over its
-- tables, dm_views) and in national tables bound by bind_data_set give the
-- same rows. Q1 (referred 6 January, discharged 10 March):
-- employment support after the discharge (may go on: not counted), a
-- follow-up after discharge (meant to be after it: not counted), a
-- treatment before the referral and one after the discharge (counted),
-- and a follow-up dated before the referral (counted: it is not after the
-- discharge). Q2 (open): a treatment before its referral.
INSERT INTO dm_model.referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, end_code) VALUES
    ('Q1', 'A', 'RX1', 'RX1', '2025-01-06', '2025-03-10', '46'),
    ('Q2', 'B', 'RX1', 'RX1', '2025-02-10', NULL, NULL);
INSERT INTO dm_model.care_contact (contact_id, pathway_id, contact_at, attended, appointment_type) VALUES
    ('Q1:K1', 'Q1', '2025-01-20 10:00+00', true, 'treatment'),
    ('Q1:K2', 'Q1', '2025-03-20 10:00+00', true, 'employment_support'),
    ('Q1:K3', 'Q1', '2025-03-24 10:00+00', true, 'after_discharge'),
    ('Q1:K4', 'Q1', '2025-01-02 10:00+00', true, 'treatment'),
    ('Q1:K5', 'Q1', '2025-03-17 10:00+00', true, 'treatment'),
    ('Q1:K6', 'Q1', '2025-01-03 10:00+00', true, 'after_discharge'),
    ('Q2:K7', 'Q2', '2025-02-01 10:00+00', true, 'treatment');
CREATE SCHEMA dm_nat;
CREATE TABLE dm_nat."IsLatest_SubmissionID" ("UniqueSubmissionID" bigint, "AuditId" integer, "IsLatest" bit(1),
    "ReportingPeriodStartDate" date, "ReportingPeriodEndDate" date);
CREATE TABLE dm_nat."IDS101referral" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "PathwayID" text, "Person_ID" text, "OrgID_Provider" text, "OrgIDComm" text,
    "ReferralRequestReceivedDate" date, "ServDischDate" date, "EndCode" text, "SourceOfReferralIAPT" text,
    "Age_ReferralRequest_ReceivedDate" integer);
CREATE TABLE dm_nat."IDS001mpi" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "Gender" text, "GenderIdentity" text, "Validated_EthnicCategory" text, "LSOA" text);
CREATE TABLE dm_nat."IDS201carecontact" ("UniqueSubmissionID" bigint, "AuditId" integer, "PathwayID" text,
    "CareContactId" text, "CareContDate" date, "CareContTime" time, "AttendOrDNACode" text, "AppType" text,
    "ConsMechanism" text);
CREATE TABLE dm_nat."IDS202careactivity" ("UniqueSubmissionID" bigint, "AuditId" integer, "PathwayID" text,
    "CareContactId" text, "CodeProcAndProcStatus" text);
CREATE TABLE dm_nat."IDS004empstatus" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "EmployStatus" text, "EmployStatusRecDate" date, "SickAbsenceInd" text, "SSPInd" text, "BenefitRecInd" text,
    "ESAInd" text, "UCInd" text, "PIPInd" text, "EmpSupportInd" text, "EmpSupportDischargeDate" date);
CREATE TABLE dm_nat."IDS603presentingcomplaints" ("UniqueSubmissionID" bigint, "AuditId" integer, "PathwayID" text,
    "Validated_PresentingComplaint" text, "PresCompCodSig" text, "PresCompDate" date, "UniqueID_IDS603" bigint);
CREATE TABLE dm_nat."IDS606codedscoreassessmentrefer" ("UniqueSubmissionID" bigint, "AuditId" integer,
    "PathwayID" text, "CodedAssToolType" text, "PersScore" varchar(10), "AssToolCompDate" date, "AssToolCompTime" time);
CREATE TABLE dm_nat."IDS607codedscoreassessmentact" ("UniqueSubmissionID" bigint, "AuditId" integer,
    "PathwayID" text, "CareContactId" text, "CodedAssToolType" text, "PersScore" varchar(10));
INSERT INTO dm_nat."IsLatest_SubmissionID" VALUES (401, 1, B'1', '2025-03-01', '2025-03-31');
INSERT INTO dm_nat."IDS101referral" VALUES
    (401, 1, 41, 'Q1', 'A', 'RX1', '07K', '2025-01-06', '2025-03-10', '46', '01', 34),
    (401, 1, 42, 'Q2', 'B', 'RX1', '07K', '2025-02-10', NULL, NULL, '01', 40);
-- AppType 02 treatment, 10 employment support, 06 follow-up after discharge.
INSERT INTO dm_nat."IDS201carecontact" VALUES
    (401, 1, 'Q1', 'K1', '2025-01-20', '10:00', '5', '02', '01'),
    (401, 1, 'Q1', 'K2', '2025-03-20', '10:00', '5', '10', '01'),
    (401, 1, 'Q1', 'K3', '2025-03-24', '10:00', '5', '06', '01'),
    (401, 1, 'Q1', 'K4', '2025-01-02', '10:00', '5', '02', '01'),
    (401, 1, 'Q1', 'K5', '2025-03-17', '10:00', '5', '02', '01'),
    (401, 1, 'Q1', 'K6', '2025-01-03', '10:00', '5', '06', '01'),
    (401, 1, 'Q2', 'K7', '2025-02-01', '10:00', '5', '02', '01');
SELECT count(*) > 0 AS made FROM iapt_ews.bind_data_set('dm_bound', 'dm_nat');
SELECT * FROM public.model_reads_mismatch('dm_bound');
SELECT 'dm_model' AS schema, p.* FROM dm_model.data_quality_problem p
UNION ALL
SELECT 'dm_views', p.* FROM dm_views.data_quality_problem p
UNION ALL
SELECT 'dm_bound', p.* FROM dm_bound.data_quality_problem p
ORDER BY 2, 3, 4, 5, 1;
-- Nothing on one side only, and the counts alike.
(SELECT * FROM dm_model.data_quality EXCEPT ALL SELECT * FROM dm_bound.data_quality)
UNION ALL
(SELECT * FROM dm_bound.data_quality EXCEPT ALL SELECT * FROM dm_model.data_quality)
UNION ALL
(SELECT * FROM dm_views.data_quality EXCEPT ALL SELECT * FROM dm_bound.data_quality)
UNION ALL
(SELECT * FROM dm_bound.data_quality EXCEPT ALL SELECT * FROM dm_views.data_quality);
SELECT * FROM dm_model.data_quality ORDER BY 1, 2, 3;

-- The model's relations have the same columns, of the same types, in
-- every kind of schema: the tables of create_data_model, the views of
-- create_reporting_views over a warehouse's tables, and the views of a
-- bound data set. Each column the three do not all have alike is listed
-- (the bound relations keep a few of the national tables' own).
WITH col AS (
    SELECT n.nspname AS schema, c.relname AS relation, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('dm_model', 'dm_views', 'dm_bound') AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relname IN ('referral', 'care_contact', 'assessment_score'))
SELECT relation, column_name,
       max(type) FILTER (WHERE schema = 'dm_model') AS model_table,
       max(type) FILTER (WHERE schema = 'dm_views') AS reporting_views,
       max(type) FILTER (WHERE schema = 'dm_bound') AS bound_data_set
FROM col GROUP BY 1, 2
HAVING count(DISTINCT schema) < 3 OR count(DISTINCT type) > 1
ORDER BY 1, 2;

-- UsePathway_Flag: a pathway whose latest record NHS England's
-- derivations mark False is left out of every report, as NHS England's
-- scripts leave it out, and counted; True and NULL are kept (Q1 True, Q2
-- no value, Q3 False).
ALTER TABLE dm_nat."IDS101referral" ADD COLUMN "UsePathway_Flag" text;
UPDATE dm_nat."IDS101referral" SET "UsePathway_Flag" = 'True' WHERE "PathwayID" = 'Q1';
INSERT INTO dm_nat."IDS101referral" VALUES (401, 1, 43, 'Q3', 'C', 'RX1', '07K', '2025-01-13', NULL, NULL, '01', 50, 'False');
SELECT count(*) > 0 AS made FROM iapt_ews.bind_data_set('dm_flag', 'dm_nat', '{"materialize": false}');
SELECT pathway_id, use_pathway_flag FROM dm_flag.referral_record ORDER BY 1;
SELECT pathway_id FROM dm_flag.referral_outcome ORDER BY 1;
SELECT table_name, column_name, problem, rows, example_key FROM dm_flag.data_quality WHERE column_name = 'UsePathway_Flag';

-- A referral no longer submitted is not open after its last reporting
-- period, as NHS England counts the open referrals of a month's own
-- submission. Q4 (referred 3 March, a treatment on 5 March, never
-- discharged) is in March's submission (401) but not April's (402); Q5 is
-- referred in April. March counts Q4 open; April does not.
INSERT INTO dm_nat."IsLatest_SubmissionID" VALUES (402, 1, B'1', '2025-04-01', '2025-04-30');
INSERT INTO dm_nat."IDS101referral" VALUES
    (401, 1, 44, 'Q4', 'D', 'RX1', '07K', '2025-03-03', NULL, NULL, '01', 30, 'True'),
    (402, 1, 51, 'Q5', 'E', 'RX1', '07K', '2025-04-02', NULL, NULL, '01', 31, 'True');
INSERT INTO dm_nat."IDS201carecontact" VALUES (401, 1, 'Q4', 'K8', '2025-03-05', '10:00', '5', '02', '01');
SELECT count(*) > 0 AS made FROM iapt_ews.bind_data_set('dm_open', 'dm_nat', '{"materialize": false}');
SELECT pathway_id, last_reported_on FROM dm_open.referral WHERE pathway_id IN ('Q4', 'Q5') ORDER BY 1;
SELECT month, open_referral, open_referral_over_90_days_no_contact
FROM dm_open.key_metrics WHERE level = 'national' AND month IN ('2025-03-01', '2025-04-01') ORDER BY 1;

-- The registry: every schema a builder made records each build in its
-- model_build (builder, options, version, who, when), and model_schemas()
-- lists the last of each. dm_model was made, then completed; dm_views
-- records the relations it reads.
SELECT schema_name, builder, extension_version = installed_version AS current_version, options,
       built_by = CURRENT_USER AS built_by_caller, builds
FROM iapt_ews.model_schemas() WHERE schema_name LIKE 'dm\_%' ORDER BY 1;
SELECT builder, options FROM dm_model.model_build ORDER BY built_at, builder;
-- A schema whose model_build another role made, or that the caller may
-- not read, is not listed.
CREATE ROLE dm_registry_other;
CREATE SCHEMA dm_fake;
CREATE TABLE dm_fake.model_build (LIKE dm_model.model_build);
INSERT INTO dm_fake.model_build VALUES ('create_data_model', '{}', '0.0', 'nobody', now());
ALTER TABLE dm_fake.model_build OWNER TO dm_registry_other;
GRANT USAGE ON SCHEMA iapt_ews TO dm_registry_other;
SET ROLE dm_registry_other;
SELECT count(*) FILTER (WHERE schema_name = 'dm_model') AS unreadable_listed,
       count(*) FILTER (WHERE schema_name = 'dm_fake') AS foreign_owner_listed
FROM iapt_ews.model_schemas();
RESET ROLE;
SELECT count(*) AS foreign_owner_listed FROM iapt_ews.model_schemas() WHERE schema_name = 'dm_fake';
DROP SCHEMA dm_fake CASCADE;
REVOKE USAGE ON SCHEMA iapt_ews FROM dm_registry_other;
DROP ROLE dm_registry_other;

DROP SCHEMA dm_model, dm_views, dm_bound, dm_flag, dm_open, dm_nat CASCADE;
RESET client_min_messages;
