-- The warehouse path end to end: a synthetic national warehouse in the
-- NHS Talking Therapies Data Set's table shapes (the nine tables of
-- iapt_ews.data_set_columns, mixed-case names as SQL Server keeps them),
-- bound with iapt_ews.bind_data_set, then a month's key metrics by the
-- extension (key_metrics, national level) against NHS England's way of
-- computing them (bench/reference/km_monthly_update.sql: latest-submission
-- joins, row_number() windows, flags), a full pass over referral_outcome,
-- and every reporting view as a provider-limited role and as the owner.
--
-- Scale: psql variable bench_scale (bench/run.sh passes BENCH_SCALE,
-- default 0.1). 1 = national: 1.7M referrals a year, about 15M care
-- contacts, about 10M scores, 12 monthly submissions per provider with
-- resubmissions. The same generator approach as the demo's source data:
-- no random(); every draw is a hash of the row's key (pg_temp.u), so the
-- rows do not depend on plan or order. The data are clean (no planted
-- faults, no late discharges, national flags derived from the same
-- scores by the national rules, scores chosen away from every threshold),
-- so the extension and the reference must agree exactly on the counts
-- checked.
\if :{?bench_scale}
\else
\set bench_scale 0.1
\endif
\echo
\echo == warehouse: building the national tables at scale :bench_scale
SET client_min_messages = warning;
SET synchronous_commit = off;
SET work_mem = '64MB';

CREATE FUNCTION pg_temp.u(k bigint, salt integer) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT (hashint8extended(k, salt) & 4503599627370495)::float8 / 4503599627370496.0';

-- 456 days (January 2024 - March 2025) so that April 2024 starts with a
-- caseload; the year reported is April 2024 - March 2025 (months 0-11).
SELECT round(1700000 * :bench_scale * 456 / 365)::bigint AS n_gen \gset
CREATE SCHEMA warehouse;
CREATE SCHEMA wh_gen;

-- Referrals: provider (120), commissioner (106 sub-ICBs, mostly the
-- provider's own two: in the IDS101 insert below), route through
-- the service, outcome class of a finished course: N not at caseness,
-- R recovered and reliably improved, F at caseness, no reliable change.
CREATE UNLOGGED TABLE wh_gen.ref AS
WITH d AS (
    SELECT id, date '2024-01-01' + floor((id - 1 + pg_temp.u(id, 1)) * 456 / :n_gen)::int AS ref_date,
           1 + floor(pg_temp.u(id, 2) * 120)::int AS provider_no,
           CASE WHEN pg_temp.u(id, 3) < 0.05 AND id > 5000 THEN id - 5000 ELSE id END AS person_no,
           pg_temp.u(id, 5) AS u_route, pg_temp.u(id, 10) AS u_class
    FROM generate_series(1, :n_gen) id),
r AS (
    SELECT d.*, CASE WHEN u_route < 0.22 THEN 'none' WHEN u_route < 0.40 THEN 'assess'
                     WHEN u_route < 0.48 THEN 'once' ELSE 'fin' END AS route,
           ref_date + 5 + floor(pg_temp.u(id, 6) * 35)::int AS assess_date,
           7 * (1 + (pg_temp.u(id, 8) < 0.3)::int) AS gap
    FROM d),
t AS (
    SELECT r.*, CASE route WHEN 'fin' THEN 2 + floor(pg_temp.u(id, 7) * 27)::int WHEN 'once' THEN 1 ELSE 0 END AS n_treat,
           assess_date + 7 + floor(pg_temp.u(id, 9) * 28)::int AS treat1,
           CASE WHEN route <> 'fin' THEN 'F' WHEN u_class < 0.08 THEN 'N' WHEN u_class < 0.55 THEN 'R' ELSE 'F' END AS klass
    FROM r)
SELECT t.*, nullif(least(e.disch, date '2025-04-01'), date '2025-04-01') AS disch_date
FROM t CROSS JOIN LATERAL (SELECT CASE route WHEN 'none' THEN ref_date + 20 + floor(pg_temp.u(id, 11) * 40)::int
                                             WHEN 'assess' THEN assess_date + 14
                                             ELSE treat1 + gap * (n_treat - 1) + 14 END AS disch) e;
-- Contacts: the assessment (seq 0), the treatments (1..n_treat), one
-- missed appointment after a tenth of treatments (seq 100 + j), until discharge
-- or March 2025.
CREATE UNLOGGED TABLE wh_gen.contact AS
SELECT r.id, c.seq, r.id * 256 + c.seq AS contact_no, c.d AS cont_date, c.attend, c.app_type, c.j, r.n_treat
FROM wh_gen.ref r
CROSS JOIN LATERAL (
    SELECT 0 AS seq, r.assess_date AS d, '5' AS attend, '01' AS app_type, 0 AS j WHERE r.route <> 'none'
    UNION ALL
    SELECT j, r.treat1 + r.gap * (j - 1), '5', '02', j FROM generate_series(1, r.n_treat) j
    UNION ALL
    SELECT 100 + j, r.treat1 + r.gap * (j - 1) + 2, '7', '02', NULL FROM generate_series(1, r.n_treat) j
    WHERE pg_temp.u(r.id * 256 + j, 20) < 0.1) c
WHERE c.d BETWEEN date '2024-04-01' AND date '2025-03-31';
-- Scores (PHQ-9 720433000, GAD-7 445455005) at the assessment, every
-- fourth treatment and the last, moving in a straight line from the first
-- to the last value of the referral's class.
CREATE UNLOGGED TABLE wh_gen.score_plan AS
SELECT id,
       CASE klass WHEN 'N' THEN 3 + floor(pg_temp.u(id, 40) * 7) WHEN 'R' THEN 14 + floor(pg_temp.u(id, 40) * 13)
                  ELSE 12 + floor(pg_temp.u(id, 40) * 14) END::int AS phq1,
       CASE klass WHEN 'N' THEN 2 + floor(pg_temp.u(id, 41) * 6) WHEN 'R' THEN 10 + floor(pg_temp.u(id, 41) * 12)
                  ELSE 9 + floor(pg_temp.u(id, 41) * 12) END::int AS gad1,
       klass
FROM wh_gen.ref;
ALTER TABLE wh_gen.score_plan ADD COLUMN phq2 integer, ADD COLUMN gad2 integer;
UPDATE wh_gen.score_plan SET
    phq2 = CASE klass WHEN 'N' THEN greatest(phq1 - 1, 0) WHEN 'R' THEN 2 + floor(pg_temp.u(id, 42) * 7)::int
                      ELSE phq1 - floor(pg_temp.u(id, 42) * 3)::int END,
    gad2 = CASE klass WHEN 'N' THEN greatest(gad1 - 1, 0) WHEN 'R' THEN 1 + floor(pg_temp.u(id, 43) * 6)::int
                      ELSE gad1 - floor(pg_temp.u(id, 43) * 2)::int END;
CREATE UNLOGGED TABLE wh_gen.score AS
SELECT c.id, c.contact_no, t.tool,
       round(t.v1 + (t.v2 - t.v1) * c.j::numeric / greatest(c.n_treat, 1))::int AS val
FROM wh_gen.contact c JOIN wh_gen.score_plan p USING (id)
CROSS JOIN LATERAL (VALUES ('720433000', p.phq1, p.phq2), ('445455005', p.gad1, p.gad2)) t(tool, v1, v2)
WHERE c.attend = '5' AND (c.j = 0 OR c.j % 4 = 0 OR c.j = c.n_treat);

-- Submissions: one per provider and month, numbered in the order they
-- arrive; one provider-month in twenty is resubmitted with the next
-- month's submissions (the first, IsLatest 0, lacks a fifth of the
-- month's contacts).
CREATE UNLOGGED TABLE wh_gen.submission AS
SELECT 100000 + 10 * row_number() OVER (ORDER BY m, p) AS sub_id, p AS provider_no, m AS month_no,
       (date '2024-04-01' + m * interval '1 month')::date AS period_start,
       (date '2024-04-01' + (m + 1) * interval '1 month' - interval '1 day')::date AS period_end,
       1 AS is_latest, false AS partial
FROM generate_series(1, 120) p CROSS JOIN generate_series(0, 11) m;
INSERT INTO wh_gen.submission
SELECT (SELECT max(sub_id) FROM wh_gen.submission x WHERE x.month_no = least(s.month_no + 1, 11)) + s.provider_no % 10 + 1,
       provider_no, month_no, period_start, period_end, 1, false
FROM wh_gen.submission s WHERE pg_temp.u(provider_no * 100 + month_no, 30) < 0.05;
UPDATE wh_gen.submission s SET is_latest = 0, partial = true
WHERE sub_id = (SELECT min(sub_id) FROM wh_gen.submission x WHERE x.provider_no = s.provider_no AND x.month_no = s.month_no)
  AND (SELECT count(*) FROM wh_gen.submission x WHERE x.provider_no = s.provider_no AND x.month_no = s.month_no) > 1;
ALTER TABLE wh_gen.submission ADD COLUMN audit_id integer;
UPDATE wh_gen.submission s SET audit_id = 90000 + x.n
FROM (SELECT sub_id, row_number() OVER (ORDER BY sub_id) AS n FROM wh_gen.submission) x WHERE x.sub_id = s.sub_id;

-- A referral's rows: every month from referral (or April 2024) to
-- discharge (or March 2025), in each submission of that month.
CREATE UNLOGGED TABLE wh_gen.ref_month AS
SELECT r.id, s.sub_id, s.audit_id, s.month_no, s.period_start, s.period_end, s.partial,
       500000000 + row_number() OVER (ORDER BY s.sub_id, r.id) AS record_number
FROM wh_gen.ref r
CROSS JOIN LATERAL generate_series(
    greatest(0, (extract(year FROM r.ref_date) - 2024) * 12 + extract(month FROM r.ref_date) - 4)::int,
    least(11, coalesce((extract(year FROM r.disch_date) - 2024) * 12 + extract(month FROM r.disch_date) - 4, 11))::int) m
JOIN wh_gen.submission s ON s.provider_no = r.provider_no AND s.month_no = m;

CREATE TABLE warehouse."IsLatest_SubmissionID" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "IsLatest" integer NOT NULL,
    "ReportingPeriodStartDate" date NOT NULL, "ReportingPeriodEndDate" date NOT NULL, "OrgID_Provider" varchar(5) NOT NULL);
INSERT INTO warehouse."IsLatest_SubmissionID"
SELECT sub_id, audit_id, is_latest, period_start, period_end, 'P' || lpad(provider_no::text, 3, '0')
FROM wh_gen.submission ORDER BY sub_id;

CREATE TABLE warehouse."IDS101referral" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "RecordNumber" bigint NOT NULL,
    "PathwayID" varchar(100) NOT NULL, "Person_ID" varchar(100) NOT NULL, "OrgID_Provider" varchar(5) NOT NULL,
    "OrgIDComm" varchar(5), "ReferralRequestReceivedDate" date, "ServDischDate" date, "EndCode" varchar(2),
    "SourceOfReferralIAPT" varchar(2), "Age_ReferralRequest_ReceivedDate" integer,
    "CompletedTreatment_Flag" varchar(5), "NotCaseness_Flag" varchar(5), "Recovery_Flag" varchar(5),
    "ReliableImprovement_Flag" varchar(5), "ReliableDeterioration_Flag" varchar(5));
INSERT INTO warehouse."IDS101referral"
SELECT x.sub_id, x.audit_id, x.record_number, 'PW' || lpad(r.id::text, 9, '0'), 'PN' || lpad(r.person_no::text, 9, '0'),
       'P' || lpad(r.provider_no::text, 3, '0'),
       -- The commissioner: as a real provider's, mostly one of its own two
       -- sub-ICB locations (70% and 20%), one referral in ten from any of
       -- the 106. (Drawn from all 106 alike, 40,000 referrals made 12,000
       -- provider-commissioner cells of three referrals each, which no
       -- national warehouse has.)
       'C' || lpad((1 + CASE WHEN pg_temp.u(r.id, 4) < 0.7 THEN (r.provider_no * 7) % 106
                             WHEN pg_temp.u(r.id, 4) < 0.9 THEN (r.provider_no * 7 + 1) % 106
                             ELSE floor(pg_temp.u(r.id, 14) * 106)::int END)::text, 3, '0'),
       r.ref_date, CASE WHEN shown THEN r.disch_date END,
       CASE WHEN shown THEN CASE r.route WHEN 'fin' THEN '46' WHEN 'none' THEN '10' ELSE '12' END END,
       CASE WHEN pg_temp.u(r.id, 12) < 0.6 THEN 'B1' ELSE 'A1' END, 18 + floor(pg_temp.u(r.id, 13) * 60)::int,
       CASE WHEN shown AND completed THEN 'True' ELSE 'False' END,
       CASE WHEN shown AND completed AND r.klass = 'N' THEN 'True' ELSE 'False' END,
       CASE WHEN shown AND completed AND r.klass = 'R' THEN 'True' ELSE 'False' END,
       CASE WHEN shown AND completed AND r.klass = 'R' THEN 'True' ELSE 'False' END,
       'False'
FROM wh_gen.ref_month x JOIN wh_gen.ref r USING (id)
CROSS JOIN LATERAL (SELECT r.disch_date <= x.period_end AS shown, r.route = 'fin' AND r.n_treat >= 2 AS completed) v
ORDER BY x.record_number;

CREATE TABLE warehouse."IDS001mpi" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "RecordNumber" bigint NOT NULL,
    "Person_ID" varchar(100) NOT NULL, "Gender" varchar(1), "GenderIdentity" varchar(1),
    "Validated_EthnicCategory" varchar(2), "LSOA" varchar(9));
INSERT INTO warehouse."IDS001mpi"
SELECT x.sub_id, x.audit_id, x.record_number, 'PN' || lpad(r.person_no::text, 9, '0'),
       CASE WHEN pg_temp.u(r.person_no, 14) < 0.66 THEN '2' ELSE '1' END, NULL,
       CASE WHEN pg_temp.u(r.person_no, 15) < 0.75 THEN 'A'
            ELSE (ARRAY['B','C','D','F','H','J','K','L','M','N','P','R','S'])[1 + floor(pg_temp.u(r.person_no, 16) * 13)::int] END,
       'E0' || lpad((1000000 + floor(pg_temp.u(r.person_no, 17) * 32844))::int::text, 7, '0')
FROM wh_gen.ref_month x JOIN wh_gen.ref r USING (id)
ORDER BY x.record_number;

-- Contacts in the submission(s) of their month; the first of a
-- resubmitted month lacks about one in five.
CREATE UNLOGGED TABLE wh_gen.contact_sub AS
SELECT x.sub_id, x.audit_id, c.*
FROM wh_gen.contact c JOIN wh_gen.ref_month x ON x.id = c.id
 AND x.month_no = ((extract(year FROM c.cont_date) - 2024) * 12 + extract(month FROM c.cont_date) - 4)::int
WHERE NOT (x.partial AND pg_temp.u(c.contact_no, 60) < 0.2);

CREATE TABLE warehouse."IDS201carecontact" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "PathwayID" varchar(100) NOT NULL,
    "CareContactId" varchar(100) NOT NULL, "CareContDate" date, "CareContTime" time, "AttendOrDNACode" varchar(2),
    "AppType" varchar(2), "ConsMechanism" varchar(2), "PlannedCareContIndicator" varchar(1));
INSERT INTO warehouse."IDS201carecontact"
SELECT c.sub_id, c.audit_id, 'PW' || lpad(c.id::text, 9, '0'), 'CC' || c.contact_no, c.cont_date, time '10:00',
       c.attend, c.app_type, CASE WHEN pg_temp.u(c.contact_no, 21) < 0.45 THEN '01' ELSE '02' END, 'Y'
FROM wh_gen.contact_sub c ORDER BY c.sub_id, c.contact_no;

CREATE TABLE warehouse."IDS202careactivity" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "PathwayID" varchar(100) NOT NULL,
    "CareContactId" varchar(100) NOT NULL, "CodeProcAndProcStatus" varchar(20));
INSERT INTO warehouse."IDS202careactivity"
SELECT c.sub_id, c.audit_id, 'PW' || lpad(c.id::text, 9, '0'), 'CC' || c.contact_no,
       CASE WHEN pg_temp.u(c.id, 22) < 0.6 THEN '748051000000105' ELSE '1127281000000100' END
FROM wh_gen.contact_sub c WHERE c.attend = '5' AND c.app_type = '02';

CREATE TABLE warehouse."IDS004empstatus" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "RecordNumber" bigint NOT NULL,
    "EmployStatus" varchar(2), "EmployStatusRecDate" date, "SickAbsenceInd" varchar(1), "SSPInd" varchar(1),
    "BenefitRecInd" varchar(1), "ESAInd" varchar(1), "UCInd" varchar(1), "PIPInd" varchar(1),
    "EmpSupportInd" varchar(1), "EmpSupportDischargeDate" date);
INSERT INTO warehouse."IDS004empstatus"
SELECT x.sub_id, x.audit_id, x.record_number,
       (ARRAY['01','01','01','01','01','01','02','02','04','05','06','ZZ'])[1 + floor(pg_temp.u(r.id, 70) * 12)::int],
       r.assess_date, 'N', 'N', 'N', 'N', 'N', 'N', 'N', NULL
FROM wh_gen.ref_month x JOIN wh_gen.ref r USING (id)
WHERE r.route <> 'none' AND r.assess_date <= x.period_end;

CREATE TABLE warehouse."IDS603presentingcomplaints" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "PathwayID" varchar(100) NOT NULL,
    "Validated_PresentingComplaint" varchar(6), "PresCompCodSig" varchar(1), "PresCompDate" date,
    "UniqueID_IDS603" bigint NOT NULL);
INSERT INTO warehouse."IDS603presentingcomplaints"
SELECT x.sub_id, x.audit_id, 'PW' || lpad(r.id::text, 9, '0'),
       (ARRAY['F412','F412','F411','F321','F320','F331'])[1 + floor(pg_temp.u(r.id, 80) * 6)::int], '1',
       r.assess_date, x.record_number
FROM wh_gen.ref_month x JOIN wh_gen.ref r USING (id)
WHERE r.route <> 'none' AND r.assess_date <= x.period_end;

CREATE TABLE warehouse."IDS606codedscoreassessmentrefer" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "PathwayID" varchar(100) NOT NULL,
    "CodedAssToolType" varchar(20), "PersScore" varchar(10), "AssToolCompDate" date, "AssToolCompTime" time);
CREATE TABLE warehouse."IDS607codedscoreassessmentact" (
    "UniqueSubmissionID" bigint NOT NULL, "AuditId" integer NOT NULL, "PathwayID" varchar(100) NOT NULL,
    "CareContactId" varchar(100) NOT NULL, "CodedAssToolType" varchar(20), "PersScore" varchar(10));
INSERT INTO warehouse."IDS607codedscoreassessmentact"
SELECT c.sub_id, c.audit_id, 'PW' || lpad(c.id::text, 9, '0'), 'CC' || c.contact_no, s.tool, s.val::text
FROM wh_gen.score s JOIN wh_gen.contact_sub c USING (id, contact_no)
ORDER BY c.sub_id, c.contact_no, s.tool;

-- Indexes a warehouse has on the join keys.
CREATE INDEX ON warehouse."IsLatest_SubmissionID" ("UniqueSubmissionID", "AuditId");
CREATE INDEX ON warehouse."IDS101referral" ("UniqueSubmissionID", "AuditId");
CREATE INDEX ON warehouse."IDS101referral" ("PathwayID");
CREATE INDEX ON warehouse."IDS001mpi" ("RecordNumber");
CREATE INDEX ON warehouse."IDS004empstatus" ("RecordNumber");
CREATE INDEX ON warehouse."IDS201carecontact" ("PathwayID", "AuditId");
CREATE INDEX ON warehouse."IDS202careactivity" ("PathwayID", "CareContactId");
CREATE INDEX ON warehouse."IDS603presentingcomplaints" ("PathwayID");
CREATE INDEX ON warehouse."IDS606codedscoreassessmentrefer" ("PathwayID");
CREATE INDEX ON warehouse."IDS607codedscoreassessmentact" ("PathwayID", "CareContactId");
VACUUM ANALYZE warehouse."IsLatest_SubmissionID", warehouse."IDS101referral", warehouse."IDS001mpi",
    warehouse."IDS201carecontact", warehouse."IDS202careactivity", warehouse."IDS004empstatus",
    warehouse."IDS603presentingcomplaints", warehouse."IDS606codedscoreassessmentrefer",
    warehouse."IDS607codedscoreassessmentact";
RESET client_min_messages;

\echo == warehouse: rows per table
SELECT 'referrals generated (15 months)' AS "table", count(*) AS "rows" FROM wh_gen.ref
UNION ALL SELECT 'IsLatest_SubmissionID', count(*) FROM warehouse."IsLatest_SubmissionID"
UNION ALL SELECT 'IDS101referral', count(*) FROM warehouse."IDS101referral"
UNION ALL SELECT 'IDS201carecontact', count(*) FROM warehouse."IDS201carecontact"
UNION ALL SELECT 'IDS202careactivity', count(*) FROM warehouse."IDS202careactivity"
UNION ALL SELECT 'IDS607codedscoreassessmentact', count(*) FROM warehouse."IDS607codedscoreassessmentact";

\echo == warehouse: bind_data_set
-- Timed once, into the summary: the binding computes and stores every
-- bound relation and every referral's outcome.
INSERT INTO bench.results (capability, extension_ms, workers, goal)
SELECT 'bind_data_set: the views, the stored relations and referral_outcome_all made once (scale ' || :'bench_scale' || ')',
       round(bench.run_ms($q$SELECT * FROM iapt_ews.bind_data_set('wh_model', 'warehouse')$q$)::numeric, 1),
       current_setting('max_parallel_workers_per_gather')::integer, 'once; no goal'
RETURNING capability, extension_ms;
\i bench/reference/km_monthly_update.sql

-- Plan shape in one line: the plan's node types and how often each occurs.
CREATE FUNCTION bench.plan_nodes(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (SELECT string_agg(node || ' x' || n, ', ' ORDER BY n DESC, node)
            FROM (SELECT p #>> '{}' AS node, count(*) AS n
                  FROM jsonb_path_query(plan, 'strict $.**."Node Type"') p GROUP BY 1) t);
END $$;

\set km_month '''2025-01-01'''
\if :{?bench_timeout}
\else
\set bench_timeout '5min'
\endif
-- A comparison that runs past bench_timeout (psql variable, default 5
-- minutes a statement) is recorded as timed out instead of stopping the
-- bench (docs/scaling.md).
CREATE FUNCTION bench.compare_or_timeout(capability text, extension_query text, plain_query text, runs integer,
                                         extension_check text, plain_check text, goal text)
RETURNS SETOF bench.results LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT * FROM bench.compare(capability, extension_query, plain_query, runs, extension_check, plain_check,
                                             goal => goal);
EXCEPTION WHEN query_canceled THEN
    INSERT INTO bench.results (capability, goal) VALUES (capability || ' [timed out after ' || current_setting('statement_timeout') || ']', goal);
    RETURN QUERY SELECT * FROM bench.results WHERE ordinal = (SELECT max(ordinal) FROM bench.results);
END $$;
SET statement_timeout = :'bench_timeout';
\echo == warehouse: one month of key metrics (national) and referral_outcome, extension against the NHS England script
\echo (wall-clock, best of 2 after a warm-up, on a machine that may be shared with other work)
SELECT capability, extension_ms, plain_sql_ms AS reference_ms, speedup AS ratio, same_answer
FROM bench.compare_or_timeout('key_metrics, one month, national (scale ' || :'bench_scale' || ')',
  format($q$SELECT count_referrals, count_access, count_recovery, count_finished_course_treatment, count_not_at_caseness,
                   ended_before_treatment, ended_treated_once, count_reliable_recovery, count_improvement, apts
            FROM wh_model.key_metrics WHERE month = %s AND level = 'national'$q$, :'km_month'),
  format($q$SELECT count_referrals, count_access, count_recovery, count_finished_course_treatment, count_not_at_caseness,
                   ended_before_treatment, ended_treated_once, count_reliable_recovery, count_improvement, apts
            FROM bench.km_monthly_update(%s)$q$, :'km_month'),
  2,
  format($q$SELECT count_referrals, count_finished_course_treatment, count_recovery
            FROM wh_model.key_metrics WHERE month = %s AND level = 'national'$q$, :'km_month'),
  format($q$SELECT count_referrals, count_finished_course_treatment, count_recovery
            FROM bench.km_monthly_update(%s)$q$, :'km_month'),
  'ratio >= 2');
SELECT capability, extension_ms, plain_sql_ms AS reference_ms, speedup AS ratio, same_answer
FROM bench.compare_or_timeout('referral_outcome, every referral (scale ' || :'bench_scale' || ')',
  'SELECT pathway_id, first_treatment_date, treatment_sessions, finished, recovered FROM wh_model.referral_outcome',
  'SELECT pathway_id, first_treatment_date, treatment_sessions, finished, recovered FROM bench.km_referral_latest()',
  2,
  'SELECT count(*) FROM wh_model.referral_outcome',
  'SELECT count(*) FROM bench.km_referral_latest()',
  'ratio >= 2');
-- The price of the stored binding (bind_data_set's default): the views
-- above read relations computed at the last refresh_data_set, which a
-- warehouse runs once after each load. One refresh, timed once (a
-- warm-up would double it), beside one run of the reference's
-- computation of every referral: the refresh pays for every stored
-- relation and every referral's outcome, once a load, not once a query.
SET statement_timeout = 0;
-- (The refresh in a statement of its own: REFRESH refuses a relation the
-- same statement reads.)
SELECT bench.run_ms($q$SELECT * FROM iapt_ews.refresh_data_set('wh_model')$q$) AS refresh_ms \gset
INSERT INTO bench.results (capability, extension_ms, plain_sql_ms, speedup, same_answer, workers, goal)
SELECT 'refresh_data_set after a load (every stored relation and referral_outcome_all), once, against the reference computing every referral once (scale ' || :'bench_scale' || ')',
       round(r::numeric, 1), round(p::numeric, 1), round((p / greatest(r, 0.001))::numeric, 2),
       (SELECT count(*) FROM wh_model.referral_outcome_all) = (SELECT count(*) FROM bench.km_referral_latest()),
       current_setting('max_parallel_workers_per_gather')::integer, 'paid once a load; no goal'
FROM (SELECT :refresh_ms::float8 AS r, bench.run_ms('SELECT * FROM bench.km_referral_latest()') AS p) t
RETURNING capability, extension_ms, plain_sql_ms AS reference_ms, speedup AS ratio, same_answer;

-- A dashboard reading while a refresh runs (issue #25: readers never wait).
-- The refresh runs in a second session (dblink, asynchronously); this one
-- reads one month of key_metrics again and again until the refresh ends,
-- each read timed, then as many reads with nothing else running. The p99
-- of the reads during the refresh against the idle p99: a lock wait would
-- show as one read as long as the refresh; what is left is the two cores
-- shared with it.
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE FUNCTION bench.read_latencies(query text, busy_connection text, reads integer DEFAULT 0)
RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    latencies float8[] := '{}';
BEGIN
    LOOP
        started := clock_timestamp();
        EXECUTE query;
        latencies := latencies || extract(epoch FROM clock_timestamp() - started) * 1000;
        EXIT WHEN busy_connection IS NULL AND cardinality(latencies) >= reads;
        EXIT WHEN busy_connection IS NOT NULL AND dblink_is_busy(busy_connection) = 0;
    END LOOP;
    RETURN latencies;
END $$;
SELECT format('SELECT count(*) FROM wh_model.key_metrics WHERE month = %s AND level = %L', :'km_month', 'national') AS reader_query \gset
SELECT dblink_connect('refresher', format('host=%s port=%s dbname=%s', split_part(current_setting('unix_socket_directories'), ',', 1),
                                          current_setting('port'), current_database())) IS NOT NULL AS refresher_connected \gset
SELECT dblink_send_query('refresher', $q$SELECT count(*) FROM iapt_ews.refresh_data_set('wh_model')$q$) AS refresh_sent \gset
CREATE TEMP TABLE reader_during AS SELECT unnest(bench.read_latencies(:'reader_query', 'refresher')) AS ms;
SELECT n AS relations_refreshed FROM dblink_get_result('refresher') AS t(n bigint);
SELECT dblink_disconnect('refresher') IS NOT NULL AS refresher_disconnected \gset
CREATE TEMP TABLE reader_idle AS SELECT unnest(bench.read_latencies(:'reader_query', NULL, (SELECT count(*)::integer FROM reader_during))) AS ms;
INSERT INTO bench.results (capability, extension_ms, plain_sql_ms, speedup, same_answer, workers, goal)
SELECT format('a reader during refresh_data_set: p99 of %s reads of one month of key_metrics (max %s ms) against the p99 idle (scale %s)',
              (SELECT count(*) FROM reader_during), (SELECT round(max(ms)::numeric, 1) FROM reader_during), :'bench_scale'),
       round(d::numeric, 1), round(i::numeric, 1), round((i / greatest(d, 0.001))::numeric, 2), NULL,
       current_setting('max_parallel_workers_per_gather')::integer, 'ratio >= 0.5 (p99 within 2x of idle)'
FROM (SELECT (SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) FROM reader_during) AS d,
             (SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) FROM reader_idle) AS i) t
RETURNING capability, extension_ms, plain_sql_ms AS reference_ms, speedup AS ratio;

RESET statement_timeout;
\echo == warehouse: plan shapes (EXPLAIN node types)
SELECT 'key_metrics, one month' AS query, bench.plan_nodes(format('SELECT * FROM wh_model.key_metrics WHERE month = %s AND level = %L', :'km_month', 'national')) AS nodes
UNION ALL SELECT 'reference month', bench.plan_nodes(format('SELECT * FROM bench.km_monthly_update(%s)', :'km_month'))
UNION ALL SELECT 'referral_outcome', bench.plan_nodes('SELECT * FROM wh_model.referral_outcome');

-- Peak memory of a backend that ran only the query: VmHWM (peak resident
-- set, shared buffers it touched included) from /proc, read by a second
-- session, and the largest memory context of the backend as it finished.
\echo == warehouse: peak backend memory (VmHWM of a fresh backend after one run; a run cancelled at bench_timeout shows its peak until then, after the ERROR)
\set ON_ERROR_STOP off
\c
SET statement_timeout = :'bench_timeout';
SELECT pg_backend_pid() AS km_pid \gset
\o /dev/null
SELECT * FROM wh_model.key_metrics WHERE month = :km_month AND level = 'national';
\o
SELECT 'key_metrics, one month' AS query,
       (regexp_match(pg_read_file('/proc/' || :km_pid || '/status'), 'VmHWM:\s+(\d+) kB'))[1]::bigint / 1024 AS peak_mib;
\c
SET statement_timeout = :'bench_timeout';
SELECT pg_backend_pid() AS km_pid \gset
\o /dev/null
SELECT * FROM bench.km_monthly_update(:km_month);
\o
SELECT 'reference month' AS query,
       (regexp_match(pg_read_file('/proc/' || :km_pid || '/status'), 'VmHWM:\s+(\d+) kB'))[1]::bigint / 1024 AS peak_mib;
\c
SET statement_timeout = :'bench_timeout';
SELECT pg_backend_pid() AS km_pid \gset
\o /dev/null
SELECT count(q.*) FROM wh_model.referral_outcome q;
\o
SELECT 'referral_outcome, every referral' AS query,
       (regexp_match(pg_read_file('/proc/' || :km_pid || '/status'), 'VmHWM:\s+(\d+) kB'))[1]::bigint / 1024 AS peak_mib;
\c
\set ON_ERROR_STOP on

-- Every reporting view of the model, as its owner and as a role that may
-- see one provider in twelve (10 of 120): each once, after a warm-up by
-- the owner. Goal: within 2 s at demo scale (bench_scale 0.02), and the
-- provider-limited role no more than 1.5x the owner's time.
\echo == warehouse: every reporting view, owner and provider-limited role (one run each; shared machine)
SET client_min_messages = warning;
CREATE ROLE bench_provider_reader;
-- As docs/access-control.md says a reader needs: the model's schema and
-- the extension's (the access reports run the access functions' query text
-- as the caller).
GRANT USAGE ON SCHEMA wh_model, iapt_ews TO bench_provider_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA wh_model TO bench_provider_reader;
INSERT INTO wh_model.provider_access SELECT 'bench_provider_reader'::regrole, 'P' || lpad(p::text, 3, '0')
FROM generate_series(1, 120, 12) p;
INSERT INTO wh_model.provider_access SELECT current_user::regrole, '*'
WHERE NOT EXISTS (SELECT 1 FROM wh_model.provider_access WHERE grantee = current_user::regrole);
RESET client_min_messages;
CREATE TABLE bench.view_times (view_name text, owner_ms float8, provider_role_ms float8, owner_rows bigint, provider_rows bigint);
CREATE FUNCTION bench.time_once(query text, OUT ms float8, OUT n bigint) LANGUAGE plpgsql AS $$
DECLARE started timestamptz := clock_timestamp();
BEGIN
    EXECUTE format('SELECT count(q.*) FROM (%s) q', query) INTO n;
    ms := round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1);
END $$;
-- One timed read of a view, as whoever calls it; a timeout is recorded
-- as NULL time.
CREATE FUNCTION bench.time_view(view_name text, who text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ms float8;
    n bigint;
BEGIN
    BEGIN
        SELECT t.ms, t.n INTO ms, n FROM bench.time_once(format('SELECT * FROM wh_model.%I', view_name)) t;
    EXCEPTION WHEN query_canceled THEN
        ms := NULL; n := NULL;
    END;
    IF who = 'owner' THEN
        UPDATE bench.view_times v SET owner_ms = ms, owner_rows = n WHERE v.view_name = time_view.view_name;
    ELSE
        UPDATE bench.view_times v SET provider_role_ms = ms, provider_rows = n WHERE v.view_name = time_view.view_name;
    END IF;
END $$;
GRANT USAGE ON SCHEMA bench TO bench_provider_reader;
GRANT EXECUTE ON FUNCTION bench.time_once(text), bench.time_view(text, text) TO bench_provider_reader;
GRANT INSERT, UPDATE, SELECT ON bench.view_times TO bench_provider_reader;
INSERT INTO bench.view_times (view_name)
SELECT DISTINCT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN iapt_ews.data_model d ON d.object_name = c.relname AND d.layer = 'reports'
WHERE n.nspname = 'wh_model' AND c.relkind = 'v';
-- Each view its own statement (statement_timeout counts per statement),
-- stopped at 20 s: ten times the goal, past which the figure says no more.
SET statement_timeout = '20s';
\o /dev/null
SELECT format('SELECT bench.time_view(%L, %L)', view_name, 'owner') FROM bench.view_times ORDER BY 1 \gexec
SET ROLE bench_provider_reader;
SELECT format('SELECT bench.time_view(%L, %L)', view_name, 'provider') FROM bench.view_times ORDER BY 1 \gexec
RESET ROLE;
\o
RESET statement_timeout;
SELECT view_name, owner_ms, provider_role_ms, round((provider_role_ms / greatest(owner_ms, 0.1))::numeric, 2) AS role_ratio,
       owner_rows, provider_rows,
       CASE WHEN greatest(owner_ms, provider_role_ms) <= 2000 AND provider_role_ms <= 1.5 * greatest(owner_ms, 100) THEN 'ok' ELSE 'over' END AS goal
FROM bench.view_times ORDER BY view_name;
INSERT INTO bench.results (capability, extension_ms, plain_sql_ms, speedup, same_answer, workers, goal)
SELECT 'view ' || view_name || ': provider role vs owner', provider_role_ms, owner_ms,
       round((owner_ms / greatest(provider_role_ms, 0.1))::numeric, 2), NULL,
       current_setting('max_parallel_workers_per_gather')::integer, '<= 2 s; role <= 1.5x owner'
FROM bench.view_times ORDER BY view_name;
