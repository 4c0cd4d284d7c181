-- bind_data_set over the national tables, on a fixture worked by hand
-- (docs/warehouse.md): latest submissions only, a referral's latest record,
-- contacts de-duplicated, attended and treatment codes, scores from IDS606
-- and IDS607 through the assessment code list, the provisional diagnosis
-- ranked as NHS England ranks it, bad rows left out and counted, the
-- national flags reconciled; then bad calls.
SET TimeZone = 'Europe/London';
\set SHOW_CONTEXT never
\i test/fixtures/national_data_set.sql

SELECT count(*) AS objects_made
FROM iapt_ews.bind_data_set('tt', 'nat', '{"assessment_codes": {"999001": "spin"}}');
SET search_path = tt, iapt_ews, public;

-- The latest submissions: 101, 202, 301 (201 was replaced).
SELECT unique_submission_id, reporting_period_end FROM latest_submission ORDER BY 1;
-- P1 discharged 10/3 (March's record); P2 open (the resubmission); P3
-- discharged 31/1. Demographics of the same submission's IDS001 record;
-- P1's diagnosis F401 by the ranking.
SELECT * FROM referral ORDER BY pathway_id;
-- P1: C1 assessment, C2 treatment (6 = attended late), C3 not attended,
-- C4 once, C6 from March's record, C7 employment support, C11 after
-- discharge. P2: C10 only, its AppType 99 unknown (other). P3: C8, C9.
SELECT contact_id, contact_at, attended, appointment_type, consultation_mechanism FROM care_contact ORDER BY 1;
SELECT * FROM care_activity ORDER BY 1;
-- P1: PHQ-9 18, NULL ('NA'), NULL (99), 7; SPIN 40, 15; GAD-7 12, 5.
SELECT pathway_id, measure, recorded_at, score FROM assessment_score ORDER BY 1, 2, 3;
SELECT pathway_id, recorded_at, status, sickness_absence, statutory_sick_pay, employment_support_wanted,
       employment_support_discharge_date FROM employment_status ORDER BY 1, 2;

-- The outcomes. P1: treatment sessions C2, C4, C6 = 3 (C1 assessment, C3
-- missed, C7 support, C11 after discharge and after the discharge date);
-- finished; PHQ-9 18 -> 7 and SPIN 40 -> 15 (F40.1): case at start,
-- recovered (7 < 10, 15 < 19), reliable improvement (11 >= 6, 25 >= 10).
-- P3: one session (C9; C8 is before the referral): ended, not finished.
SELECT pathway_id, provisional_diagnosis, anxiety_measure, treatment_sessions, phq9_first, phq9_last,
       anxiety_first, anxiety_last, finished, recovered, reliably_improved, reliably_recovered
FROM referral_outcome ORDER BY 1;

-- Left out and counted: PHQ-9 'NA' and 99 (NULL in assessment_score:
-- missing or not usable, by the rule every schema shares), C8 before its
-- referral (likewise; P1's C11, a follow-up after discharge, is meant to
-- be outside it and is not counted), and what only the national tables
-- show (data_set_problem): the unknown tool, AppType 99, the duplicate C4.
SELECT * FROM data_quality ORDER BY 1, 2, 3;

-- The national flags beside the extension's: P1 agrees on every flag; P3's
-- CompletedTreatment_Flag and Recovery_Flag are set, the extension says
-- not finished (one session).
SELECT * FROM flag_reconciliation ORDER BY provider_code, month, flag;

-- Employment support from the contacts: P1 had an attended AppType 10.
SELECT provider_code, quarter, employment_support, finished_treatment, recovered, off_sick_at_start, returned_to_work
FROM employment_support_outcomes ORDER BY 1, 2, 3;
SELECT month, group_type, organisation_code, count_referrals, count_finished_course_treatment, count_recovery
FROM key_metrics WHERE group_type = 'Provider' ORDER BY month;
RESET search_path;

-- options.tables: the data set under other names; a second binding.
CREATE SCHEMA nat2;
CREATE VIEW nat2.referrals_2025 AS SELECT * FROM nat."IDS101referral";
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['IsLatest_SubmissionID', 'IDS001mpi', 'IDS201carecontact', 'IDS202careactivity',
                             'IDS004empstatus', 'ids603presentingcomplaints', 'IDS606codedscoreassessmentrefer',
                             'IDS607codedscoreassessmentact'] LOOP
        EXECUTE format('CREATE VIEW nat2.%I AS SELECT * FROM nat.%I', t, t);
    END LOOP;
END $$;
SELECT count(*) AS objects_made
FROM iapt_ews.bind_data_set('tt2', 'nat2', '{"tables": {"IDS101referral": "referrals_2025"}, "attended_codes": ["5"], "materialize": false}');
-- With only 5 attended, P1's C2 (6) is no treatment session: 2 sessions.
SELECT pathway_id, treatment_sessions, finished FROM tt2.referral_outcome ORDER BY 1;

-- Stored (the default, tt) and live (materialize false, tt2): in tt the
-- bound relations and referral_outcome_all are materialized views, with
-- the live views beside them as <name>_live, and referral_outcome the
-- provider filter over referral_outcome_all; in tt2 all are views.
SELECT n.nspname, c.relname, c.relkind
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('tt', 'tt2')
  AND c.relname ~ '^(latest_submission|referral|care_contact|care_activity|assessment_score|employment_status|national_flags|referral_outcome)(_live|_all)?$'
ORDER BY 1, 2;
-- The stored relations are what the live views were at the binding.
SELECT (SELECT count(*) FROM (SELECT * FROM tt.referral EXCEPT SELECT * FROM tt.referral_live) d) AS referral_differs,
       (SELECT count(*) FROM (SELECT * FROM tt.assessment_score EXCEPT SELECT * FROM tt.assessment_score_live) d) AS scores_differ,
       (SELECT count(*) FROM (SELECT * FROM tt.referral_outcome EXCEPT SELECT * FROM tt.referral_outcome_live) d) AS outcomes_differ;
-- A referral loaded after the binding (P4, in March's submission): the
-- live binding sees it at once, the stored one after refresh_data_set,
-- which returns each stored relation with its rows.
INSERT INTO nat."IDS101referral" VALUES
    (301, 1, 34, 'P4', 'D', 'RX1', '07K', '2025-03-03', NULL, NULL, '01', 41, NULL, NULL, NULL, NULL, NULL);
SELECT (SELECT count(*) FROM tt.referral) AS stored_referrals, (SELECT count(*) FROM tt2.referral) AS live_referrals;
SELECT relation, rows, seconds >= 0 AS timed FROM iapt_ews.refresh_data_set('tt');
SELECT pathway_id, referral_date FROM tt.referral_outcome ORDER BY 1;
-- Repeat referrals look only at what the caller may see, stored or not:
-- person A (P1, RX1, 6 January) was also referred to RX2 on 2 January
-- (P5, in RX2's own March submission 302). The owner sees both: P1 is a
-- repeat referral. A reader mapped to RX1 only does not learn of P5: P1
-- is not a repeat for them.
INSERT INTO nat."IsLatest_SubmissionID" VALUES (302, 1, B'1', '2025-03-01', '2025-03-31', 'RX2');
INSERT INTO nat."IDS101referral" VALUES
    (302, 1, 35, 'P5', 'A', 'RX2', '07K', '2025-01-02', NULL, NULL, '01', 34, NULL, NULL, NULL, NULL, NULL);
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('tt');
SELECT pathway_id, provider_code, repeat_referral FROM tt.referral_outcome ORDER BY 1;
-- The stored key-metrics cells are filtered the same way: England's
-- referrals received in January are P1, P3 and P5 for the owner, P1 and
-- P3 for the RX1 reader (P5 is RX2's).
SELECT month, count_referrals FROM tt.key_metrics WHERE level = 'national' ORDER BY month;
CREATE ROLE data_set_rx1_reader;
GRANT USAGE ON SCHEMA tt TO data_set_rx1_reader;
GRANT SELECT ON tt.referral_outcome, tt.key_metrics TO data_set_rx1_reader;
INSERT INTO tt.provider_access VALUES ('data_set_rx1_reader', 'RX1');
SET ROLE data_set_rx1_reader;
SELECT pathway_id, provider_code, repeat_referral FROM tt.referral_outcome ORDER BY 1;
SELECT month, count_referrals FROM tt.key_metrics WHERE level = 'national' ORDER BY month;
RESET ROLE;
DELETE FROM tt.provider_access WHERE grantee = 'data_set_rx1_reader'::regrole;
REVOKE ALL ON tt.referral_outcome, tt.key_metrics FROM data_set_rx1_reader;
REVOKE ALL ON SCHEMA tt FROM data_set_rx1_reader;
DROP ROLE data_set_rx1_reader;
DELETE FROM nat."IDS101referral" WHERE "PathwayID" IN ('P4', 'P5');
DELETE FROM nat."IsLatest_SubmissionID" WHERE "UniqueSubmissionID" = 302;
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('tt');
SELECT count(*) AS referrals_after_removal FROM tt.referral;
-- Refreshing a schema with nothing stored, and a bad option value.
SELECT iapt_ews.refresh_data_set('tt2');
SELECT iapt_ews.refresh_data_set(NULL);
SELECT iapt_ews.refresh_data_set('tt', '0 seconds');
-- Each stored bound relation has the indexes its statement declares (its
-- "stored: index=" header), column for column.
SELECT o.object_name,
       (SELECT string_agg(x.cols, ', ' ORDER BY x.cols)
        FROM (SELECT string_agg(a.attname, '+' ORDER BY k.ord) AS cols
              FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              WHERE i.indrelid = format('tt.%I', o.object_name)::regclass GROUP BY i.indexrelid) x) AS indexes_made,
       (SELECT string_agg(x.cols, ', ' ORDER BY x.cols)
        FROM (SELECT string_agg(c, '+' ORDER BY n) AS cols
              FROM jsonb_array_elements(o.storage->'index') e(ix)
              CROSS JOIN LATERAL jsonb_array_elements_text(e.ix) WITH ORDINALITY c(c, n)
              GROUP BY e.ix) x) AS indexes_declared
FROM iapt_ews.data_model o WHERE o.layer = 'bound_relations' ORDER BY o.step;
-- Progress: a NOTICE per stored relation as it is filled, with its rows
-- (its seconds are in the DETAIL, which terse verbosity leaves out), and
-- a row per relation in the schema's data_set_refresh.
SET iapt_ews.refresh_progress = on;
\set VERBOSITY terse
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('tt');
\set VERBOSITY default
RESET iapt_ews.refresh_progress;
SELECT step, relation, rows, seconds >= 0 AS timed, refreshed_by = CURRENT_USER AS by_caller
FROM tt.data_set_refresh WHERE refreshed_at = (SELECT max(refreshed_at) FROM tt.data_set_refresh)
ORDER BY step;
SELECT count(DISTINCT refreshed_at) AS refreshes_logged FROM tt.data_set_refresh;
-- Readers never wait. A dashboard in an open transaction (it holds its
-- lock on what it read until it ends) does not stop a refresh, and reads
-- during the refresh, still open, get the last committed rows at once;
-- after the commit, the new ones. (statement_timeout turns any wait of the
-- reader into an error here instead of a hung test.)
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT format('host=%s port=%s dbname=%s', split_part(current_setting('unix_socket_directories'), ',', 1),
              current_setting('port'), current_database()) AS conninfo \gset
SELECT dblink_connect('reader', :'conninfo') AS connected;
SELECT dblink_exec('reader', 'SET statement_timeout = ''5s''') AS set, dblink_exec('reader', 'BEGIN') AS began;
SELECT n AS reader_sees FROM dblink('reader', 'SELECT count(*) FROM tt.referral_outcome_all') AS t(n bigint);
BEGIN;
INSERT INTO nat."IDS101referral"
SELECT "UniqueSubmissionID", "AuditId", "RecordNumber", 'P6', "Person_ID", "OrgID_Provider", "OrgIDComm",
       "ReferralRequestReceivedDate", "ServDischDate", "EndCode", "SourceOfReferralIAPT", "Age_ReferralRequest_ReceivedDate",
       "CompletedTreatment_Flag", "NotCaseness_Flag", "Recovery_Flag", "ReliableImprovement_Flag", "ReliableDeterioration_Flag"
FROM nat."IDS101referral" WHERE "PathwayID" = 'P3';
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('tt', '300 milliseconds');
SELECT count(*) AS refresher_sees FROM tt.referral_outcome_all;
SELECT n AS reader_sees_during_refresh FROM dblink('reader', 'SELECT count(*) FROM tt.referral_outcome_all') AS t(n bigint);
COMMIT;
SELECT n AS reader_sees_after_commit FROM dblink('reader', 'SELECT count(*) FROM tt.referral_outcome_all') AS t(n bigint);
SELECT dblink_exec('reader', 'COMMIT') AS committed;
-- One refresh of a schema at a time: a refresh in another open transaction
-- holds the schema's data_set_binding until it ends, so this one waits at
-- most lock_wait, then fails (55P03) naming that backend, and refreshes
-- nothing. The caller's own lock_timeout is as it was after a refresh.
DELETE FROM nat."IDS101referral" WHERE "PathwayID" = 'P6';
SELECT dblink_exec('reader', 'BEGIN') AS began;
SELECT n > 0 AS other_refresh_ran FROM dblink('reader', 'SELECT count(*) FROM iapt_ews.refresh_data_set(''tt'')') AS t(n bigint);
CREATE TEMP TABLE other_refresh AS SELECT * FROM dblink('reader', 'SELECT pg_backend_pid()') AS t(pid integer);
DO $$
DECLARE
    detail text;
BEGIN
    PERFORM iapt_ews.refresh_data_set('tt', '300 milliseconds');
    RAISE NOTICE 'refreshed while another refresh held the schema';
EXCEPTION WHEN lock_not_available THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RAISE NOTICE '%; the detail names the other refresh: %', SQLERRM,
        position(format('Held by backend %s ', (SELECT pid FROM other_refresh)) IN detail) > 0;
END
$$;
SELECT dblink_exec('reader', 'COMMIT') AS committed;
SELECT dblink_disconnect('reader') AS disconnected;
SELECT count(*) AS referrals_after_other_refresh FROM tt.referral;
-- Reloading a source table. TRUNCATE and INSERT (what most ETL tools do)
-- keeps the binding: the refresh gives the same answers as before.
CREATE TEMP TABLE outcome_before AS SELECT * FROM tt.referral_outcome_all;
CREATE TEMP TABLE contacts_loaded AS SELECT * FROM nat."IDS201carecontact";
TRUNCATE nat."IDS201carecontact";
INSERT INTO nat."IDS201carecontact" SELECT * FROM contacts_loaded;
-- A column the warehouse adds is no change to the binding either.
ALTER TABLE nat."IDS201carecontact" ADD COLUMN loaded_at timestamptz DEFAULT now();
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('tt');
SELECT (SELECT count(*) FROM (SELECT * FROM outcome_before EXCEPT ALL SELECT * FROM tt.referral_outcome_all) d) AS lost_rows,
       (SELECT count(*) FROM (SELECT * FROM tt.referral_outcome_all EXCEPT ALL SELECT * FROM outcome_before) d) AS new_rows,
       (SELECT count(*) FROM outcome_before) AS rows_compared;
ALTER TABLE nat."IDS201carecontact" DROP COLUMN loaded_at;
-- DROP TABLE is refused while the binding reads the table.
\set VERBOSITY terse
DROP TABLE nat."IDS201carecontact";
\set VERBOSITY default
-- With CASCADE it takes the binding's views over it with it (the stored
-- tables and the reports over them stay, with the rows of the last
-- refresh, so a dashboard keeps reading). Once the table is made and
-- loaded again, the next refresh binds the schema again in place, keeping
-- what the DBA put there: grants, provider_access, edited code lists.
CREATE ROLE data_set_reload_reader;
GRANT USAGE ON SCHEMA tt TO data_set_reload_reader;
GRANT SELECT ON tt.referral_outcome TO data_set_reload_reader;
INSERT INTO tt.provider_access VALUES ('data_set_reload_reader', 'RX1');
INSERT INTO tt.data_set_codes VALUES ('attended', '9', 'a local code, kept');
BEGIN;
SET LOCAL client_min_messages = warning;
DROP TABLE nat."IDS201carecontact" CASCADE;
RESET client_min_messages;
SELECT iapt_ews.lost_binding_views('tt') AS lost;
SELECT count(*) AS still_readable FROM tt.referral_outcome;
-- Not made again yet: the binding cannot be made again either.
SAVEPOINT not_yet;
SELECT count(*) FROM iapt_ews.refresh_data_set('tt');
ROLLBACK TO not_yet;
CREATE TABLE nat."IDS201carecontact" AS SELECT * FROM contacts_loaded;
-- A DBA's own view in the schema, or a view elsewhere over it, would be
-- dropped with the old schema: refused (2BP01), naming it.
SAVEPOINT extra;
CREATE VIEW tt.my_own_view AS SELECT 1 AS one;
SELECT count(*) FROM iapt_ews.refresh_data_set('tt');
ROLLBACK TO extra;
SAVEPOINT outside;
CREATE VIEW public.reads_tt AS SELECT count(*) AS n FROM tt.referral_outcome_all;
SELECT count(*) FROM iapt_ews.refresh_data_set('tt');
ROLLBACK TO outside;
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('tt');
SELECT iapt_ews.lost_binding_views('tt') AS lost;
SELECT (SELECT count(*) FROM (SELECT * FROM outcome_before EXCEPT ALL SELECT * FROM tt.referral_outcome_all) d) AS lost_rows,
       (SELECT count(*) FROM (SELECT * FROM tt.referral_outcome_all EXCEPT ALL SELECT * FROM outcome_before) d) AS new_rows;
SELECT has_schema_privilege('data_set_reload_reader', 'tt', 'USAGE') AS usage_kept,
       has_table_privilege('data_set_reload_reader', 'tt.referral_outcome', 'SELECT') AS select_kept,
       (SELECT count(*) FROM tt.provider_access WHERE grantee = 'data_set_reload_reader'::regrole) AS access_rows_kept,
       (SELECT meaning FROM tt.data_set_codes WHERE code_list = 'attended' AND code = '9') AS code_kept,
       (SELECT count(DISTINCT refreshed_at) >= 4 FROM tt.data_set_refresh) AS refresh_log_kept;
-- The schema's record of its builds keeps the first binding and adds this one.
SELECT builder, extension_version IS NOT NULL AS versioned FROM tt.model_build ORDER BY built_at;
SET ROLE data_set_reload_reader;
SELECT pathway_id, provider_code FROM tt.referral_outcome ORDER BY 1;
RESET ROLE;
ROLLBACK;
DELETE FROM tt.provider_access WHERE grantee = 'data_set_reload_reader'::regrole;
DELETE FROM tt.data_set_codes WHERE code_list = 'attended' AND code = '9';
REVOKE ALL ON tt.referral_outcome FROM data_set_reload_reader;
REVOKE ALL ON SCHEMA tt FROM data_set_reload_reader;
DROP ROLE data_set_reload_reader;
BEGIN;
SET LOCAL lock_timeout = '5s';
SELECT count(*) > 0 AS refreshed FROM iapt_ews.refresh_data_set('tt', '2 seconds');
SHOW lock_timeout;
COMMIT;
DROP EXTENSION dblink;
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"materialize": "yes"}');

-- Bad calls.
SELECT iapt_ews.bind_data_set('tt', 'nat');
SELECT iapt_ews.bind_data_set('tt3', 'nowhere');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"colour": "blue"}');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"attended_codes": ["5", "8"]}');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"attended_codes": []}');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"assessment_codes": {"999001": "bdi"}}');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"tables": {"IDS999": "x"}}');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"tables": {"IDS101referral": "no_such_table"}}');
SELECT iapt_ews.bind_data_set(NULL, 'nat');
SELECT iapt_ews.bind_data_set('tt3', NULL);
SELECT iapt_ews.bind_data_set('tt3', 'nat', NULL);
-- A value of the wrong JSON type names the key and the type expected.
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"tables": ["IDS101referral"]}');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"attended_codes": "5"}');
SELECT iapt_ews.bind_data_set('tt3', 'nat', '{"assessment_codes": "999001"}');
-- A missing column names the data set's table and column.
ALTER TABLE nat."IDS201carecontact" RENAME COLUMN "AppType" TO "AppointmentType";
SELECT iapt_ews.bind_data_set('tt3', 'nat');
ALTER TABLE nat."IDS201carecontact" RENAME COLUMN "AppointmentType" TO "AppType";
-- The national flags are optional: a warehouse with one of them binds, and
-- flag_reconciliation compares that one.
CREATE SCHEMA nat3;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['IsLatest_SubmissionID', 'IDS001mpi', 'IDS201carecontact', 'IDS202careactivity',
                             'IDS004empstatus', 'ids603presentingcomplaints', 'IDS606codedscoreassessmentrefer',
                             'IDS607codedscoreassessmentact'] LOOP
        EXECUTE format('CREATE VIEW nat3.%I AS SELECT * FROM nat.%I', t, t);
    END LOOP;
END $$;
CREATE VIEW nat3."IDS101referral" AS
SELECT "UniqueSubmissionID", "AuditId", "RecordNumber", "PathwayID", "Person_ID", "OrgID_Provider", "OrgIDComm",
       "ReferralRequestReceivedDate", "ServDischDate", "EndCode", "SourceOfReferralIAPT",
       "Age_ReferralRequest_ReceivedDate", "CompletedTreatment_Flag"
FROM nat."IDS101referral";
SELECT count(*) > 0 AS bound FROM iapt_ews.bind_data_set('tt4', 'nat3');
SELECT DISTINCT flag FROM tt4.flag_reconciliation ORDER BY 1;

-- Identifiers built to break naive SQL are only names: a schema and a
-- table whose names hold quotes and a statement.
CREATE SCHEMA "x""; DROP SCHEMA nat CASCADE; --";
CREATE TABLE "x""; DROP SCHEMA nat CASCADE; --"."ids101REFERRAL" AS SELECT * FROM nat."IDS101referral";
SELECT count(*) > 0 AS bound FROM iapt_ews.bind_data_set('x"; DROP SCHEMA nat CASCADE; --', 'nat');
SELECT to_regclass('nat."IDS101referral"') IS NOT NULL AS nat_still_there;

-- Rights: a role that cannot read a table of the data set gets 42501 naming
-- it; a role that can create in the target schema but pre-made a relation
-- there (to copy what the DBA's views read) makes the DBA's call refuse.
CREATE ROLE data_set_reader;
GRANT USAGE ON SCHEMA nat, iapt_ews TO data_set_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA nat TO data_set_reader;
REVOKE SELECT ON nat."IDS004empstatus" FROM data_set_reader;
SELECT format('GRANT CREATE ON DATABASE %I TO data_set_reader', current_database()) \gexec
SET ROLE data_set_reader;
SELECT iapt_ews.bind_data_set('reader_tt', 'nat');
CREATE SCHEMA shared_reports;
CREATE VIEW shared_reports.referral_outcome AS SELECT 1 AS trap;
RESET ROLE;
SELECT iapt_ews.bind_data_set('shared_reports', 'nat');
SELECT iapt_ews.create_data_model('shared_reports');
SELECT to_regclass('shared_reports.referral') IS NULL AS nothing_made;
-- The DBA's own schema, where the analyst was let create: the same.
CREATE SCHEMA dba_reports;
GRANT USAGE, CREATE ON SCHEMA dba_reports TO data_set_reader;
SET ROLE data_set_reader;
CREATE VIEW dba_reports.referral_outcome AS SELECT 1 AS trap;
RESET ROLE;
SELECT iapt_ews.bind_data_set('dba_reports', 'nat');

-- A loader that writes text (issue #26): the national tables as a
-- warehouse loaded from SQL Server's exports keeps them, every column of
-- IDS101 and IDS201 text. Dates in UK and SQL Server forms are read; each
-- value that is there but is not one (a hostile loader's) is NULL in the
-- binding and counted in data_quality with its table, column and value,
-- never silently. As in tt but for what is planted:
--   P1: discharged '10/03/2025' (UK) in March: closed, as in tt; its
--       contacts dated 'Jan 13 2025 12:00AM' (SQL Server's text) and UK.
--   P2: 'yesterday' as its discharge in February's resubmission (202) and
--       '31/02/2025' in March's (301): open, both counted; its record in
--       the replaced submission 201 says '2025-02-30', not counted (201 is
--       not latest).
--   P3: age 'seventy' (not a whole number); contact C9 at '25:00' (not a
--       time: the contact counts at midnight, as one without a time);
--       C8's date blank (missing, not a bad value: counted only by the
--       rule on undated contacts).
--   Submission 301's UsePathway_Flag 'maybe' on P2: not a boolean, and
--       the referral kept (a NULL flag keeps it).
--   P1's IDS004 record of 17 February dated '17/13/2025' (found by its
--       RecordNumber 21), and submission 301's ReportingPeriodStartDate
--       '1 March 2025' (a submission's own: its UniqueSubmissionID is the
--       example key).
CREATE SCHEMA txt;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['IDS001mpi', 'IDS202careactivity', 'ids603presentingcomplaints',
                             'IDS606codedscoreassessmentrefer', 'IDS607codedscoreassessmentact'] LOOP
        EXECUTE format('CREATE VIEW txt.%I AS SELECT * FROM nat.%I', t, t);
    END LOOP;
END $$;
CREATE TABLE txt."IsLatest_SubmissionID" AS
SELECT "UniqueSubmissionID", "AuditId", "IsLatest", to_char("ReportingPeriodStartDate", 'YYYY-MM-DD') AS "ReportingPeriodStartDate",
       to_char("ReportingPeriodEndDate", 'DD/MM/YYYY') AS "ReportingPeriodEndDate"
FROM nat."IsLatest_SubmissionID";
UPDATE txt."IsLatest_SubmissionID" SET "ReportingPeriodStartDate" = '1 March 2025' WHERE "UniqueSubmissionID" = 301;
CREATE TABLE txt."IDS004empstatus" AS SELECT * FROM nat."IDS004empstatus";
ALTER TABLE txt."IDS004empstatus" ALTER "EmployStatusRecDate" TYPE text USING to_char("EmployStatusRecDate", 'DD/MM/YYYY');
UPDATE txt."IDS004empstatus" SET "EmployStatusRecDate" = '17/13/2025' WHERE "EmployStatusRecDate" = '17/02/2025';
CREATE TABLE txt."IDS101referral" AS
SELECT "UniqueSubmissionID"::text AS "UniqueSubmissionID", "AuditId"::text AS "AuditId", "RecordNumber"::text AS "RecordNumber",
       "PathwayID", "Person_ID", "OrgID_Provider", "OrgIDComm",
       to_char("ReferralRequestReceivedDate", 'DD/MM/YYYY') AS "ReferralRequestReceivedDate",
       to_char("ServDischDate", 'DD/MM/YYYY') AS "ServDischDate", "EndCode", "SourceOfReferralIAPT",
       "Age_ReferralRequest_ReceivedDate"::text AS "Age_ReferralRequest_ReceivedDate", NULL::text AS "UsePathway_Flag",
       "CompletedTreatment_Flag", "NotCaseness_Flag", "Recovery_Flag", "ReliableImprovement_Flag", "ReliableDeterioration_Flag"
FROM nat."IDS101referral";
UPDATE txt."IDS101referral" SET "ServDischDate" = 'yesterday' WHERE "UniqueSubmissionID" = '202' AND "PathwayID" = 'P2';
UPDATE txt."IDS101referral" SET "ServDischDate" = '31/02/2025', "UsePathway_Flag" = 'maybe'
WHERE "UniqueSubmissionID" = '301' AND "PathwayID" = 'P2';
UPDATE txt."IDS101referral" SET "ServDischDate" = '2025-02-30' WHERE "UniqueSubmissionID" = '201' AND "PathwayID" = 'P2';
UPDATE txt."IDS101referral" SET "Age_ReferralRequest_ReceivedDate" = 'seventy' WHERE "PathwayID" = 'P3';
UPDATE txt."IDS101referral" SET "ServDischDate" = '  ' WHERE "UniqueSubmissionID" = '101' AND "PathwayID" = 'P1';
CREATE TABLE txt."IDS201carecontact" AS
SELECT "UniqueSubmissionID"::text AS "UniqueSubmissionID", "AuditId"::text AS "AuditId", "PathwayID", "CareContactId",
       CASE WHEN "PathwayID" = 'P1' THEN to_char("CareContDate", 'Mon DD YYYY') || ' 12:00AM'
            ELSE to_char("CareContDate", 'FMDD/FMMM/YYYY') END AS "CareContDate",
       "CareContTime"::text AS "CareContTime", "AttendOrDNACode", "AppType", "ConsMechanism", "PlannedCareContIndicator"
FROM nat."IDS201carecontact";
UPDATE txt."IDS201carecontact" SET "CareContTime" = '25:00' WHERE "CareContactId" = 'C9';
UPDATE txt."IDS201carecontact" SET "CareContDate" = '' WHERE "CareContactId" = 'C8';
SELECT "UniqueSubmissionID", "PathwayID", "CareContactId", "CareContDate", "CareContTime"
FROM txt."IDS201carecontact" WHERE "CareContactId" IN ('C1', 'C8', 'C9', 'C11') ORDER BY 3, 1;
SELECT count(*) AS objects_made
FROM iapt_ews.bind_data_set('tx', 'txt', '{"assessment_codes": {"999001": "spin"}}');
-- The ds_ view says what each row lost.
SELECT unique_submission_id, pathway_id, discharge_date, age_at_referral, use_pathway_flag, unusable_values
FROM tx.ds_ids101referral WHERE unusable_values IS NOT NULL ORDER BY 1, 2;
SELECT unique_submission_id, care_contact_id, contact_date, contact_time, unusable_values
FROM tx.ds_ids201carecontact WHERE unusable_values IS NOT NULL ORDER BY 1, 2;
SELECT unique_submission_id, reporting_period_start, reporting_period_end, unusable_values
FROM tx.ds_islatest_submissionid ORDER BY 1;
-- P1 closed on 10 March by its UK date, P2 open, P3 closed without an age.
SELECT pathway_id, referral_date, discharge_date, end_code, age_at_referral FROM tx.referral ORDER BY 1;
-- Each value counted, with its table, column and value: four in IDS101
-- (P2's two discharge dates and its flag, P3's age, in the latest
-- submissions only), one in IDS201 (C9's time), one in IDS004 and one in
-- IsLatest_SubmissionID. The contacts come in as in tt (C1 on 13 January
-- by SQL Server's text), C8 undated.
SELECT * FROM tx.data_quality WHERE problem LIKE 'not a %' ORDER BY 1, 2, 3;
SELECT table_name, column_name, problem, pathway_id, provider_code FROM tx.data_quality_problem
WHERE problem LIKE 'not a %' ORDER BY 1, 2, 3;
SELECT contact_id, contact_at FROM tx.care_contact WHERE contact_id IN ('P1:C1', 'P3:C8', 'P3:C9') ORDER BY 1;
-- Everything else is the text binding's as tt's: the outcomes alike (the
-- columns compared), and data_quality but for the values counted (C8,
-- undated here and before its referral in tt, is one problem in both).
SELECT count(*) AS outcomes_that_differ FROM (
    (SELECT pathway_id, discharge_date, treatment_sessions, finished, recovered FROM tt.referral_outcome
     EXCEPT ALL SELECT pathway_id, discharge_date, treatment_sessions, finished, recovered FROM tx.referral_outcome)
    UNION ALL
    (SELECT pathway_id, discharge_date, treatment_sessions, finished, recovered FROM tx.referral_outcome
     EXCEPT ALL SELECT pathway_id, discharge_date, treatment_sessions, finished, recovered FROM tt.referral_outcome)) d;
SELECT 'only tt' AS side, * FROM (SELECT * FROM tt.data_quality EXCEPT ALL SELECT * FROM tx.data_quality) a
UNION ALL
SELECT 'only tx', * FROM (SELECT * FROM tx.data_quality EXCEPT ALL SELECT * FROM tt.data_quality) b
ORDER BY 1, 2, 3, 4;
-- A refresh after the loader corrects P2's March discharge date: the
-- referral closes, and the value is no longer counted.
UPDATE txt."IDS101referral" SET "ServDischDate" = '28/3/2025' WHERE "UniqueSubmissionID" = '301' AND "PathwayID" = 'P2';
SELECT count(*) > 0 AS refreshed FROM iapt_ews.refresh_data_set('tx');
SELECT pathway_id, discharge_date FROM tx.referral WHERE pathway_id = 'P2';
SELECT table_name, column_name, problem, rows FROM tx.data_quality WHERE problem LIKE 'not a %' ORDER BY 1, 2, 3;

-- Every view of the stored binding (tt) and of the live one (tt2) depends
-- on exactly the relations its statement's header names (sql/model/).
SELECT * FROM public.model_reads_mismatch('tt');
SELECT * FROM public.model_reads_mismatch('tt2');
SELECT * FROM public.model_reads_mismatch('tx');

SET client_min_messages = warning;
DROP SCHEMA tt, tt2, tt4, tx, txt, nat2, nat3, "x""; DROP SCHEMA nat CASCADE; --", shared_reports, dba_reports CASCADE;
DROP SCHEMA nat CASCADE;
RESET client_min_messages;
SELECT format('REVOKE ALL ON DATABASE %I FROM data_set_reader', current_database()) \gexec
REVOKE ALL ON SCHEMA iapt_ews FROM data_set_reader;
DROP ROLE data_set_reader;
