-- The binding's trust boundary (issue #23, docs/security.md): it runs no
-- code of the source's owner, keeps every referral with its own provider,
-- and one bad row never stops a refresh. Each finding of the red-team pass
-- is played here as the hostile loader, provider or reader did it.
SET TimeZone = 'Europe/London';
\set SHOW_CONTEXT never
-- Keys: 1 to 64 letters, digits and _ . / - (no @ or :, which the
-- bound relations put between keys); NULL in, NULL out.
SELECT left(v, 16) AS value, length(v) AS length, iapt_ews.identifier_problem(v) AS problem, iapt_ews.is_identifier(v) AS is_identifier
FROM unnest(ARRAY['P1', 'RX1-2024/07.a_b', '', repeat('x', 64), repeat('x', 65), 'P1@RX1', 'P1:C1', 'P 1', 'Pé', NULL]) v;
CREATE ROLE trust_loader;
CREATE ROLE trust_binder;
CREATE SCHEMA src AUTHORIZATION trust_binder;
GRANT USAGE ON SCHEMA iapt_ews TO trust_binder;
GRANT CREATE ON DATABASE contrib_regression TO trust_binder;
SET ROLE trust_binder;
-- A minimal national data set of the binder's own: RX1 (submission 1)
-- and RX2 (submission 2), January 2025.
CREATE TABLE src."IsLatest_SubmissionID" ("UniqueSubmissionID" text, "AuditId" text, "IsLatest" text,
    "ReportingPeriodStartDate" date, "ReportingPeriodEndDate" date);
CREATE TABLE src."IDS101referral" ("UniqueSubmissionID" text, "AuditId" text, "RecordNumber" text, "PathwayID" text,
    "Person_ID" text, "OrgID_Provider" text, "OrgIDComm" text, "ReferralRequestReceivedDate" date,
    "ServDischDate" date, "EndCode" text, "SourceOfReferralIAPT" text, "Age_ReferralRequest_ReceivedDate" text);
CREATE TABLE src."IDS001mpi" ("UniqueSubmissionID" text, "AuditId" text, "RecordNumber" text, "Gender" text,
    "GenderIdentity" text, "Validated_EthnicCategory" text, "LSOA" text);
CREATE TABLE src."IDS201carecontact" ("UniqueSubmissionID" text, "AuditId" text, "PathwayID" text,
    "CareContactId" text, "CareContDate" date, "CareContTime" time, "AttendOrDNACode" text, "AppType" text,
    "ConsMechanism" text);
CREATE TABLE src."IDS202careactivity" ("UniqueSubmissionID" text, "AuditId" text, "PathwayID" text,
    "CareContactId" text, "CodeProcAndProcStatus" text);
CREATE TABLE src."IDS004empstatus" ("UniqueSubmissionID" text, "AuditId" text, "RecordNumber" text,
    "EmployStatus" text, "EmployStatusRecDate" date, "SickAbsenceInd" text, "SSPInd" text, "BenefitRecInd" text,
    "ESAInd" text, "UCInd" text, "PIPInd" text, "EmpSupportInd" text, "EmpSupportDischargeDate" date);
CREATE TABLE src."IDS603presentingcomplaints" ("UniqueSubmissionID" text, "AuditId" text, "PathwayID" text,
    "Validated_PresentingComplaint" text, "PresCompCodSig" text, "PresCompDate" date, "UniqueID_IDS603" text);
CREATE TABLE src."IDS606codedscoreassessmentrefer" ("UniqueSubmissionID" text, "AuditId" text, "PathwayID" text,
    "CodedAssToolType" text, "PersScore" text, "AssToolCompDate" date, "AssToolCompTime" time);
CREATE TABLE src."IDS607codedscoreassessmentact" ("UniqueSubmissionID" text, "AuditId" text, "PathwayID" text,
    "CareContactId" text, "CodedAssToolType" text, "PersScore" text);
INSERT INTO src."IsLatest_SubmissionID" VALUES
    ('1', '1', '1', '2025-01-01', '2025-01-31'), ('2', '1', '1', '2025-01-01', '2025-01-31');
-- RX1's P1 (person A): PHQ-9 18 -> 7 over two treatments, discharged.
INSERT INTO src."IDS101referral" VALUES
    ('1', '1', '11', 'P1', 'A', 'RX1', '07K', '2025-01-02', '2025-01-30', '46', '01', '30');
INSERT INTO src."IDS001mpi" VALUES ('1', '1', '11', '1', NULL, 'A', 'E01000001');
INSERT INTO src."IDS201carecontact" VALUES
    ('1', '1', 'P1', 'C1', '2025-01-06', '10:00', '5', '02', '01'),
    ('1', '1', 'P1', 'C2', '2025-01-20', '10:00', '5', '02', '01');
INSERT INTO src."IDS606codedscoreassessmentrefer" VALUES
    ('1', '1', 'P1', '720433000', '18', '2025-01-06', '10:00'),
    ('1', '1', 'P1', '720433000', '7', '2025-01-20', '10:00');
INSERT INTO src."IDS603presentingcomplaints" VALUES ('1', '1', 'P1', 'F32', '1', '2025-01-02', '1');
-- RX2's own Q1 (person B).
INSERT INTO src."IDS101referral" VALUES
    ('2', '1', '21', 'Q1', 'B', 'RX2', '07K', '2025-01-03', NULL, NULL, '01', '40');
RESET ROLE;

-- 1. The source's owner runs no code as the binder.
-- A table of another role is refused, naming the option; trusted, it is read.
ALTER TABLE src."IDS202careactivity" OWNER TO trust_loader;
GRANT SELECT ON src."IDS202careactivity" TO trust_binder;
SET ROLE trust_binder;
SELECT count(*) FROM iapt_ews.bind_data_set('b1', 'src');
SELECT count(*) > 0 AS bound FROM iapt_ews.bind_data_set('b1', 'src', '{"trusted_owners": ["trust_loader"], "materialize": false}');
SELECT iapt_ews.bind_data_set('b0', 'src', '{"trusted_owners": ["no_such_role"]}');
SELECT iapt_ews.bind_data_set('b0', 'src', '{"trusted_owners": "trust_loader"}');
SET client_min_messages = warning;
DROP SCHEMA b1 CASCADE;
RESET client_min_messages;
RESET ROLE;
-- A superuser binding is no exception: the binder's tables are read only
-- when the superuser names the binder.
SELECT count(*) FROM iapt_ews.bind_data_set('b1', 'src');
ALTER TABLE src."IDS202careactivity" OWNER TO trust_binder;
-- The binder's own view that calls the loader's function (whose body the
-- loader can swap at any time) is refused, by the binder as by a superuser.
CREATE FUNCTION public.loader_passthrough(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT t';
ALTER FUNCTION public.loader_passthrough(text) OWNER TO trust_loader;
SET ROLE trust_binder;
ALTER TABLE src."IDS202careactivity" RENAME TO ids202_table;
CREATE VIEW src."IDS202careactivity" AS
SELECT "UniqueSubmissionID", "AuditId", "PathwayID", "CareContactId",
       public.loader_passthrough("CodeProcAndProcStatus") AS "CodeProcAndProcStatus" FROM src.ids202_table;
SELECT count(*) FROM iapt_ews.bind_data_set('b2', 'src');
RESET ROLE;
SELECT count(*) FROM iapt_ews.bind_data_set('b2', 'src', '{"trusted_owners": ["trust_binder"]}');
-- A view of the binder's own over its own tables and built-in functions is read.
SET ROLE trust_binder;
CREATE OR REPLACE VIEW src."IDS202careactivity" AS
SELECT "UniqueSubmissionID", "AuditId", "PathwayID", "CareContactId",
       upper("CodeProcAndProcStatus") AS "CodeProcAndProcStatus" FROM src.ids202_table;
SELECT count(*) > 0 AS bound FROM iapt_ews.bind_data_set('b2', 'src', '{"materialize": false}');
SET client_min_messages = warning;
DROP SCHEMA b2 CASCADE;
RESET client_min_messages;
RESET ROLE;
-- An operator of the loader's in a view: refused.
CREATE FUNCTION public.loader_eq(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT a = b';
ALTER FUNCTION public.loader_eq(text, text) OWNER TO trust_loader;
CREATE OPERATOR public.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = public.loader_eq);
ALTER OPERATOR public.=== (text, text) OWNER TO trust_loader;
SET ROLE trust_binder;
CREATE OR REPLACE VIEW src."IDS202careactivity" AS
SELECT "UniqueSubmissionID", "AuditId", "PathwayID", "CareContactId", "CodeProcAndProcStatus"
FROM src.ids202_table WHERE "AuditId" OPERATOR(public.===) '1';
SELECT count(*) FROM iapt_ews.bind_data_set('b3', 'src');
DROP VIEW src."IDS202careactivity";
ALTER TABLE src.ids202_table RENAME TO "IDS202careactivity";
RESET ROLE;
-- An upper-case twin of a lower-case table: refused, not picked; named
-- exactly, the one named is read.
SET ROLE trust_binder;
CREATE TABLE src.ids202careactivity (LIKE src."IDS202careactivity");
SELECT count(*) FROM iapt_ews.bind_data_set('b3', 'src');
SELECT count(*) > 0 AS bound FROM iapt_ews.bind_data_set('b3', 'src',
    '{"tables": {"IDS202careactivity": "IDS202careactivity"}, "materialize": false}');
SET client_min_messages = warning;
DROP SCHEMA b3 CASCADE;
RESET client_min_messages;
DROP TABLE src.ids202careactivity;
RESET ROLE;
-- A column of the loader's own type (its output function and casts are
-- the loader's code): refused.
CREATE TYPE public.loader_text AS (v text);
ALTER TYPE public.loader_text OWNER TO trust_loader;
ALTER TABLE src."IDS201carecontact" ADD COLUMN "Note" public.loader_text;
SET ROLE trust_binder;
SELECT count(*) FROM iapt_ews.bind_data_set('b4', 'src');
RESET ROLE;
ALTER TABLE src."IDS201carecontact" DROP COLUMN "Note";
-- A cast from a built-in type that runs the loader's function: a domain
-- of the loader's over text is refused as its type.
CREATE DOMAIN public.loader_domain AS text;
ALTER DOMAIN public.loader_domain OWNER TO trust_loader;
ALTER TABLE src."IDS201carecontact" ALTER COLUMN "ConsMechanism" TYPE public.loader_domain;
SET ROLE trust_binder;
SELECT count(*) FROM iapt_ews.bind_data_set('b4', 'src');
RESET ROLE;
ALTER TABLE src."IDS201carecontact" ALTER COLUMN "ConsMechanism" TYPE text;
-- A table with row-level security (its policies are code): refused.
ALTER TABLE src."IDS001mpi" ENABLE ROW LEVEL SECURITY;
SET ROLE trust_binder;
SELECT count(*) FROM iapt_ews.bind_data_set('b4', 'src');
RESET ROLE;
ALTER TABLE src."IDS001mpi" DISABLE ROW LEVEL SECURITY;
-- A partitioned table whose partition another role owns: refused.
SET ROLE trust_binder;
CREATE TABLE src.ids004_parts (LIKE src."IDS004empstatus") PARTITION BY LIST ("AuditId");
CREATE TABLE src.ids004_part1 PARTITION OF src.ids004_parts FOR VALUES IN ('1');
RESET ROLE;
ALTER TABLE src.ids004_part1 OWNER TO trust_loader;
SET ROLE trust_binder;
SELECT count(*) FROM iapt_ews.bind_data_set('b4', 'src', '{"tables": {"IDS004empstatus": "ids004_parts"}}');
RESET ROLE;
ALTER TABLE src.ids004_part1 OWNER TO trust_binder;
SET ROLE trust_binder;
SELECT count(*) > 0 AS bound FROM iapt_ews.bind_data_set('b4', 'src', '{"tables": {"IDS004empstatus": "ids004_parts"}, "materialize": false}');
SET client_min_messages = warning;
DROP SCHEMA b4 CASCADE;
RESET client_min_messages;
RESET ROLE;
-- A schema the builders put on the search_path in which others may create:
-- refused (a function planted there would be bound into the views).
CREATE SCHEMA open_target AUTHORIZATION trust_binder;
GRANT CREATE ON SCHEMA open_target TO PUBLIC;
SET ROLE trust_binder;
SELECT count(*) FROM iapt_ews.bind_data_set('open_target', 'src');
SELECT count(*) FROM iapt_ews.create_data_model('open_target');
RESET ROLE;
SELECT n.nspname AS postgis_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'postgis';
GRANT CREATE ON SCHEMA public TO trust_loader;
SET ROLE trust_binder;
SELECT count(*) FROM iapt_ews.create_data_model('model_pub');
RESET ROLE;
REVOKE CREATE ON SCHEMA public FROM trust_loader;

-- The stored binding used below, by the binder.
SET ROLE trust_binder;
SELECT count(*) > 0 AS bound FROM iapt_ews.bind_data_set('tb', 'src');
SELECT source_schema, trusted_owners, extension_version, bound_by FROM tb.data_set_binding;
-- The source changed after the binding (row-level security turned on by
-- its owner): the next refresh is refused.
ALTER TABLE src."IDS001mpi" ENABLE ROW LEVEL SECURITY;
SELECT count(*) FROM iapt_ews.refresh_data_set('tb');
ALTER TABLE src."IDS001mpi" DISABLE ROW LEVEL SECURITY;

-- 2. A referral belongs to its provider. RX2 sends a record reusing RX1's
-- P1 in its own submission, with its own contact and scores.
INSERT INTO src."IDS101referral" VALUES
    ('2', '1', '22', 'P1', 'Z', 'RX2', '07K', '2025-01-04', NULL, NULL, '01', '50');
INSERT INTO src."IDS201carecontact" VALUES ('2', '1', 'P1', 'C1', '2025-01-10', '09:00', '5', '02', '01');
INSERT INTO src."IDS606codedscoreassessmentrefer" VALUES ('2', '1', 'P1', '720433000', '3', '2025-01-10', '09:00');
-- RX2 also puts a record in RX1's name into its submission: the
-- submission names two providers and is left out whole.
INSERT INTO src."IsLatest_SubmissionID" VALUES ('3', '1', '1', '2025-01-01', '2025-01-31');
INSERT INTO src."IDS101referral" VALUES
    ('3', '1', '31', 'Q2', 'C', 'RX2', '07K', '2025-01-05', NULL, NULL, '01', '50'),
    ('3', '1', '32', 'P1', 'A', 'RX1', '07K', '2025-01-02', NULL, NULL, '01', '30');
-- 3. One provider's bad row stops nobody's refresh: a 3,000-character
-- Person_ID and an over-long CareContactId in RX2's submission; the same
-- PathwayID twice in one submission (the greatest RecordNumber is kept).
INSERT INTO src."IDS101referral" VALUES
    ('2', '1', '23', 'Q3', repeat('x', 3000), 'RX2', '07K', '2025-01-06', NULL, NULL, '01', '20'),
    ('2', '1', '24', 'Q4', 'D', 'RX2', '07K', '2025-01-07', NULL, NULL, '01', '20'),
    ('2', '1', '25', 'Q4', 'D', 'RX2', '07K', '2025-01-08', NULL, NULL, '01', '20');
INSERT INTO src."IDS201carecontact" VALUES ('2', '1', 'Q1', repeat('c', 3000), '2025-01-10', '09:00', '5', '02', '01');
SELECT relation, rows FROM iapt_ews.refresh_data_set('tb') ORDER BY relation::text;
-- Two referrals, never merged: RX1's P1 keeps its own record, contacts and
-- scores; RX2's is P1@RX2. Q4 is its record 25 (received 8 January).
SELECT pathway_id, person_id, provider_code, referral_date FROM tb.referral ORDER BY 1;
SELECT pathway_id, treatment_sessions, phq9_first, phq9_last, recovered FROM tb.referral_outcome ORDER BY 1;
SELECT contact_id, pathway_id FROM tb.care_contact ORDER BY 1;
SELECT table_name, column_name, problem, pathway_id, provider_code FROM tb.data_quality_problem ORDER BY 1, 2, 3, 4;

-- Each provider's reader sees its own referral and problems only.
RESET ROLE;
CREATE ROLE trust_rx1_reader;
CREATE ROLE trust_rx2_reader;
SET ROLE trust_binder;
GRANT USAGE ON SCHEMA tb TO trust_rx1_reader, trust_rx2_reader;
GRANT SELECT ON tb.referral_outcome, tb.data_quality, tb.key_metrics TO trust_rx1_reader, trust_rx2_reader;
INSERT INTO tb.provider_access VALUES ('trust_rx1_reader', 'RX1'), ('trust_rx2_reader', 'RX2');
SET ROLE trust_rx1_reader;
SELECT pathway_id, provider_code, phq9_first, phq9_last FROM tb.referral_outcome ORDER BY 1;
SELECT table_name, column_name, problem, rows FROM tb.data_quality ORDER BY 1, 2, 3;
-- 6. The stored cells show no month in which only another provider was
-- active: RX1 has January only.
SELECT month, count_referrals FROM tb.key_metrics WHERE level = 'national' ORDER BY month;
SET ROLE trust_rx2_reader;
SELECT pathway_id, provider_code, phq9_first, phq9_last FROM tb.referral_outcome ORDER BY 1;
RESET ROLE;

-- 5. EXPLAIN shows nothing of other providers' referrals: repeat_referral
-- is one scalar call per row, no subplan over the stored array.
CREATE FUNCTION pg_temp.plan_has_subplan(query text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON, COSTS OFF, TIMING OFF) ' || query INTO plan;
    RETURN plan::text LIKE '%Subplan Name%' OR plan::text LIKE '%SubPlan%';
END $$;
SET ROLE trust_rx1_reader;
SELECT pg_temp.plan_has_subplan('SELECT pathway_id, repeat_referral FROM tb.referral_outcome') AS has_subplan;
RESET ROLE;

-- complete_data_model works on a stored binding (nothing is missing).
SET ROLE trust_binder;
SELECT count(*) AS made FROM iapt_ews.complete_data_model('tb');
RESET ROLE;

-- Clean up.
SET client_min_messages = warning;
DROP SCHEMA tb, open_target, src CASCADE;
DROP FUNCTION public.loader_passthrough(text), public.loader_eq(text, text) CASCADE;
DROP TYPE public.loader_text;
DROP DOMAIN public.loader_domain;
DROP OWNED BY trust_binder, trust_loader, trust_rx1_reader, trust_rx2_reader;
DROP ROLE trust_binder, trust_loader, trust_rx1_reader, trust_rx2_reader;
