-- Employment support to NHS England's definitions (docs/employment.md), on
-- a fixture worked by hand, one referral per rule; then the same fixture
-- as national tables, read by a hand-written reading of NHS England's
-- script (test/reference/employment_support_nhse.sql) and bound with
-- bind_data_set, and the counts compared.
SET TimeZone = 'Europe/London';
\set SHOW_CONTEXT never
SELECT count(*) > 0 AS made FROM iapt_ews.create_data_model('emp_test');
SET search_path = emp_test, iapt_ews, public;

-- Nine referrals of provider RXA (service RXA, as in a bound warehouse),
-- received 2 January 2025; E1-E8 discharged 10 February, E9 open.
--   E1  one employment record only: no first-and-last, no work outcome
--   E2  Z and X/U indicators; an employment-support appointment not attended
--   E3  support: an AppType 10 appointment on 20 February, after the
--       service discharge but before the support discharge date (25 Feb);
--       three records: off sick, off sick, in work (returned to work)
--   E4  support: the SNOMED procedure on a treatment contact; 02 -> in
--       work (entered work); Universal Credit Y -> N (stopped benefit);
--       support discharge date on the last record only
--   E5  a student (03 -> 03); support: an AppType 06 contact after
--       discharge with the procedure; benefit N -> Y, PIP Y at the end
--   E6  04 -> 04; ESA N -> Y (started benefit)
--   E7  an AppType 10 appointment on 20 February after the support
--       discharge date (15 February): no support; in work -> in work
--   E8  an AppType 06 contact after discharge without the procedure: no
--       support; no employment record
--   E9  open; two AppType 10 appointments and no employment record:
--       support (no IDS004 record bounds it)
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis)
SELECT 'E' || i, 'P' || i, 'RXA', 'RXA', DATE '2025-01-02', CASE WHEN i < 9 THEN DATE '2025-02-10' END, 'F41.1'
FROM generate_series(1, 9) i;
-- Two treatment sessions each for E1-E8 (so all finish), on 6 and 20 January.
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT 'E' || i || '-' || k, 'E' || i, timestamptz '2025-01-06 10:00+00' + (k - 1) * interval '14 days', true, 'treatment'
FROM generate_series(1, 8) i, generate_series(1, 2) k;
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type) VALUES
  ('E2-ES', 'E2', '2025-01-15 10:00+00', false, 'employment_support'),
  ('E3-ES', 'E3', '2025-02-20 10:00+00', true, 'employment_support'),
  ('E5-AD', 'E5', '2025-02-20 10:00+00', true, 'after_discharge'),
  ('E7-ES', 'E7', '2025-02-20 10:00+00', true, 'employment_support'),
  ('E8-AD', 'E8', '2025-02-20 10:00+00', true, 'after_discharge'),
  ('E9-ES1', 'E9', '2025-01-15 10:00+00', true, 'employment_support'),
  ('E9-ES2', 'E9', '2025-02-12 10:00+00', true, 'employment_support');
INSERT INTO care_activity (contact_id, procedure_code) VALUES
  ('E4-1', '1098051000000103'), ('E5-AD', '1098051000000103'), ('E8-AD', '55561003');
-- Scores (PHQ-9, GAD-7) on 6 and 20 January:
--   recover 18->6, 12->5: recovered, reliable improvement, reliable recovery (E1, E3)
--   small   11->8,  9->7: recovered, no reliable improvement (E4, E7)
--   none    15->14, 10->10: not recovered (E2)
--   improve 20->12, 15->9: not recovered, reliable improvement (E5, E8)
--   notcase  5->4,  4->3: not at caseness (E6)
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score)
SELECT p, m, t, s
FROM (VALUES ('E1', 'recover'), ('E3', 'recover'), ('E4', 'small'), ('E7', 'small'), ('E2', 'none'),
             ('E5', 'improve'), ('E8', 'improve'), ('E6', 'notcase')) a(p, kind)
JOIN (VALUES ('recover', 'phq9', 18, 6), ('recover', 'gad7', 12, 5), ('small', 'phq9', 11, 8), ('small', 'gad7', 9, 7),
             ('none', 'phq9', 15, 14), ('none', 'gad7', 10, 10), ('improve', 'phq9', 20, 12), ('improve', 'gad7', 15, 9),
             ('notcase', 'phq9', 5, 4), ('notcase', 'gad7', 4, 3)) k(kind, m, s1, s2) USING (kind)
CROSS JOIN LATERAL (VALUES (timestamptz '2025-01-06 10:00+00', k.s1), (timestamptz '2025-01-20 10:00+00', k.s2)) v(t, s);
INSERT INTO employment_status (pathway_id, recorded_at, status, sickness_absence, statutory_sick_pay, benefit_received,
                               employment_support_allowance, universal_credit, personal_independence_payment,
                               employment_support_wanted, employment_support_discharge_date) VALUES
  ('E1', '2025-01-06 00:00+00', '01', 'N', 'N', 'N', NULL, NULL, NULL, 'N', NULL),
  ('E2', '2025-01-06 00:00+00', '01', 'Z', 'Z', 'U', 'U', 'Z', NULL, 'NA', NULL),
  ('E2', '2025-01-20 00:00+00', '01', 'X', 'U', 'N', 'Z', 'U', 'U', 'N', NULL),
  ('E3', '2025-01-06 00:00+00', '01', 'Y', 'Y', 'N', NULL, NULL, NULL, 'Y', '2025-02-25'),
  ('E3', '2025-01-13 00:00+00', '01', 'Y', 'Y', 'N', NULL, NULL, NULL, 'Y', '2025-02-25'),
  ('E3', '2025-01-20 00:00+00', '01', 'N', 'N', 'N', NULL, NULL, NULL, 'Y', '2025-02-25'),
  ('E4', '2025-01-06 00:00+00', '02', '8', NULL, 'Y', NULL, 'Y', NULL, 'Y', NULL),
  ('E4', '2025-01-20 00:00+00', '01', 'N', NULL, 'N', NULL, 'N', NULL, 'Y', '2025-02-05'),
  ('E5', '2025-01-06 00:00+00', '03', '8', NULL, 'N', NULL, NULL, NULL, 'N', NULL),
  ('E5', '2025-01-20 00:00+00', '03', '8', NULL, 'Y', NULL, NULL, 'Y', 'N', NULL),
  ('E6', '2025-01-06 00:00+00', '04', '8', NULL, 'N', 'N', NULL, NULL, 'N', NULL),
  ('E6', '2025-01-20 00:00+00', '04', '8', NULL, NULL, 'Y', NULL, NULL, 'N', NULL),
  ('E7', '2025-01-06 00:00+00', '01', 'N', NULL, 'N', NULL, NULL, NULL, 'Y', '2025-02-15'),
  ('E7', '2025-01-20 00:00+00', '01', 'N', NULL, 'N', NULL, NULL, NULL, 'Y', '2025-02-15');
-- Staffing: RXA at 0.5 EA WTE and 27 therapist WTE (1:54, the 2015
-- baseline); SV8 at 1:8 with no patients.
INSERT INTO workforce (service_id, period, role, wte) VALUES
  ('RXA', '2025-01-01', 'ea', 0.5), ('RXA', '2025-01-01', 'hit', 15), ('RXA', '2025-01-01', 'pwp', 12),
  ('SV8', '2025-01-01', 'ea', 1), ('SV8', '2025-01-01', 'pwp', 8);

-- Who had support, by rule: E3 (appointment up to the support discharge
-- date), E4 (procedure in care), E5 (procedure after discharge), E9 twice
-- (appointments, no record). Not E2 (not attended), E7 (after the support
-- discharge date), E8 (no procedure).
SELECT pathway_id, contact_id, contact_date, appointment_type, support_procedure, support_rule
FROM employment_support_contact ORDER BY 1, 2;

-- Per referral. first_class: E2 unknown (01 with Z), E5 student. Last
-- record only with two or more: E1 and E8 have none. E3's second record is
-- the middle one; its last is 20 January.
SELECT pathway_id, finished, employment_support, support_contacts, employment_records, support_discharge_date,
       first_status, first_class, second_status, last_status, last_class, work_outcome,
       first_general_benefit, last_general_benefit
FROM employment_referral ORDER BY 1;

-- employment_first_last: six referrals with two or more records (E2-E7);
-- supported E3, E4, E5. Each indicator covers all six.
SELECT indicator, sum(referrals) AS referrals, sum(referrals) FILTER (WHERE changed) AS changed
FROM employment_first_last GROUP BY indicator ORDER BY indicator;
-- Status: E3 01->01, E4 02->01 (changed), E5 student->student (supported);
-- E2 01->01, E6 04->04, E7 01->01.
SELECT employment_support, first_code, first_meaning, last_code, last_meaning, changed, referrals
FROM employment_first_last WHERE indicator = 'EmployStatus' ORDER BY 1, 2, 4;
-- Sickness absence Z -> X is "not stated" -> "not known" (E2), not an error.
SELECT employment_support, first_code, first_meaning, last_code, last_meaning, changed, referrals
FROM employment_first_last WHERE indicator = 'SickAbsenceInd' ORDER BY 1, 2, 4;
-- The general benefit flag: E2 unknown -> not received (N), E4 received ->
-- not, E5 and E6 not -> received, E3 and E7 not -> not.
SELECT employment_support, first_code, last_code, changed, referrals
FROM employment_first_last WHERE indicator = 'GeneralBenefitReceived' ORDER BY 1, 2, 3;

-- employment_benefits, finished with a record (E1-E7), by whether a
-- support discharge date is present:
--   present (E3, E4, E7): first received 1 (E4), not 2; last (all three
--     have two or more) received 0, not 3; stopped 1 (E4); UC first 1,
--     last 0; SSP first 1 (E3), last 0
--   absent (E1, E2, E5, E6): first not 3 (E1, E5, E6), unknown 1 (E2);
--     last (E2, E5, E6) received 2 (E5, E6), not 1 (E2); started 2;
--     BenefitRecInd Y last 1 (E5), ESA last 1 (E6), PIP last 1 (E5)
SELECT * FROM employment_benefits ORDER BY support_discharge_date_present;

-- Clinical outcomes, February: supported E3, E4, E5 (finished 3, at
-- caseness 3, recovered 2 (E3, E4), reliable recovery 1 (E3), reliable
-- improvement 2 (E3, E5)); others E1, E2, E6, E7, E8 (finished 5, at
-- caseness 4, recovered 2 (E1, E7), reliable recovery 1 (E1), reliable
-- improvement 2 (E1, E8)). Newcombe intervals and p-values computed
-- independently (test/reference/newcombe.py's compare()):
--   recovery 2/3 vs 2/4:             0.1666666667 [-0.4105336414, 0.6098037219] p 0.6592430037
--   reliable recovery 1/3 vs 1/4:    0.0833333333 [-0.4418528186, 0.5857993068] p 0.8091498346
--   reliable improvement 2/3 vs 2/5: 0.2666666667 [-0.3224445647, 0.6586306544] p 0.4652088185
SELECT provider_code, month, supported_finished, other_finished, supported_recovery_denominator, other_recovery_denominator,
       supported_recovered, other_recovered, supported_reliably_recovered, other_reliably_recovered,
       supported_reliably_improved, other_reliably_improved
FROM employment_support_clinical_outcomes;
SELECT round(recovery_difference::numeric, 10) = 0.1666666667 AND round(recovery_ci_low::numeric, 10) = -0.4105336414
       AND round(recovery_ci_high::numeric, 10) = 0.6098037219 AND round(recovery_p_value::numeric, 10) = 0.6592430037 AS recovery_as_computed,
       round(reliable_recovery_difference::numeric, 10) = 0.0833333333 AND round(reliable_recovery_ci_low::numeric, 10) = -0.4418528186
       AND round(reliable_recovery_ci_high::numeric, 10) = 0.5857993068 AND round(reliable_recovery_p_value::numeric, 10) = 0.8091498346 AS reliable_recovery_as_computed,
       round(reliable_improvement_difference::numeric, 10) = 0.2666666667 AND round(reliable_improvement_ci_low::numeric, 10) = -0.3224445647
       AND round(reliable_improvement_ci_high::numeric, 10) = 0.6586306544 AND round(reliable_improvement_p_value::numeric, 10) = 0.4652088185 AS reliable_improvement_as_computed,
       round(supported_recovery_rate::numeric, 4) AS supported_recovery_rate, other_recovery_rate
FROM employment_support_clinical_outcomes;

-- Coverage, February: finished 8 (E1-E8), with a record 7 (not E8), a
-- first status 7, two statuses 6 (E2-E7), first sickness absence 7 (Z
-- counts: it is an answer), two 6; rates 7/8 and 6/8; supported 3 (E3,
-- E4, E5), with a support discharge date 2 (E3, E4).
SELECT * FROM employment_support_coverage;

-- The extension's work outcomes, Q1: supported: off sick 1 -> returned 1
-- (E3), not employed 1 -> entered 1 (E4), student 1 (E5) -> 0; others:
-- E2 unknown (Z), E6 not employed, no change; E7 retained.
SELECT employment_support, finished_treatment, recovery_denominator, recovered, off_sick_at_start, returned_to_work,
       not_employed_at_start, entered_work, students_at_start, students_entered_work, in_work_at_start, retained_work, lost_work
FROM employment_support_outcomes ORDER BY employment_support;

-- EA staffing and outcomes, Q1 2025: RXA 27 / 0.5 = 54 therapists per EA;
-- people supported E3, E4, E5, E9 = 4, per EA WTE 8; supported, finished,
-- two records and out of work or off sick at the start: E3, E4, E5 = 3, of
-- whom E3 and E4 moved into or back to work: 2/3. SV8: 1:8, no one.
SELECT service_id, quarter, ea_wte, therapist_wte, therapists_per_ea, meets_target, people_supported,
       people_supported_per_ea_wte, supported_out_of_work_at_start, moved_into_work, round(moved_into_work_rate::numeric, 4) AS moved_into_work_rate
FROM ea_staffing_outcomes ORDER BY service_id;

-- Published: every count here is below 5 but E1-E8's finished 8 (-> 10)
-- and with a record 7 (-> 5); rates withheld with their counts; the
-- differences withheld too.
SELECT * FROM employment_support_coverage_published;
SELECT * FROM employment_support_clinical_outcomes_published;
SELECT * FROM ea_staffing_outcomes_published ORDER BY service_id;
SELECT indicator, count(*) AS rows, count(referrals) AS published FROM employment_first_last_published GROUP BY 1 ORDER BY 1;
SELECT month, finished_with_record, first_benefit_received, first_benefit_received_rate FROM employment_benefits_published ORDER BY support_discharge_date_present;

-- BI types only in the published views (and report_level, which every
-- client reads as text: test/shell/clients.sh).
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relname LIKE '%\_published' AND c.relname ~ '^(employment|ea_)'
  AND c.relnamespace = 'emp_test'::regnamespace AND a.attnum > 0
  AND format_type(a.atttypid, a.atttypmod) !~ '^(numeric|integer|bigint|text|date|boolean|double precision|report_level)'
ORDER BY 1, 2;
-- Every column commented.
SELECT c.relname, a.attname
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = 'emp_test'::regnamespace AND c.relkind = 'v' AND c.relname ~ '^(employment|ea_)'
  AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NULL
ORDER BY 1, 2;

-- ---------------------------------------------------------------------------
-- The same fixture as national tables: January's submission (101) and
-- February's (201), each with the referrals received by its end, the
-- contacts and scores of its month and every employment record made by
-- its end. The national flags are set by hand from the list above.
-- ---------------------------------------------------------------------------
CREATE SCHEMA emp_nat;
CREATE TABLE emp_nat."IsLatest_SubmissionID" ("UniqueSubmissionID" bigint, "AuditId" integer, "IsLatest" bit(1),
    "ReportingPeriodStartDate" date, "ReportingPeriodEndDate" date);
CREATE TABLE emp_nat."IDS101referral" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "PathwayID" text, "Person_ID" text, "OrgID_Provider" text, "OrgIDComm" text,
    "ReferralRequestReceivedDate" date, "ServDischDate" date, "EndCode" text, "SourceOfReferralIAPT" text,
    "Age_ReferralRequest_ReceivedDate" integer, "UsePathway_Flag" bit(1), "CompletedTreatment_Flag" bit(1),
    "NotCaseness_Flag" bit(1), "Recovery_Flag" bit(1), "ReliableImprovement_Flag" bit(1), "ReliableDeterioration_Flag" bit(1));
CREATE TABLE emp_nat."IDS001mpi" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "Gender" text, "GenderIdentity" text, "Validated_EthnicCategory" text, "LSOA" text);
CREATE TABLE emp_nat."IDS201carecontact" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "PathwayID" text, "CareContactId" text, "CareContDate" date, "CareContTime" time, "AttendOrDNACode" text,
    "AppType" text, "ConsMechanism" text, "PlannedCareContIndicator" text);
CREATE TABLE emp_nat."IDS202careactivity" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "PathwayID" text, "CareContactId" text, "CodeProcAndProcStatus" text);
CREATE TABLE emp_nat."IDS004empstatus" ("UniqueSubmissionID" bigint, "AuditId" integer, "RecordNumber" bigint,
    "UniqueID_IDS004" bigint, "EmployStatus" text, "EmployStatusRecDate" date, "SickAbsenceInd" text, "SSPInd" text,
    "BenefitRecInd" text, "ESAInd" text, "UCInd" text, "PIPInd" text, "EmpSupportInd" text, "EmpSupportDischargeDate" date);
CREATE TABLE emp_nat.ids603presentingcomplaints (uniquesubmissionid bigint, auditid integer, pathwayid text,
    validated_presentingcomplaint text, prescompcodsig text, prescompdate date, uniqueid_ids603 bigint);
CREATE TABLE emp_nat."IDS606codedscoreassessmentrefer" ("UniqueSubmissionID" bigint, "AuditId" integer,
    "PathwayID" text, "CodedAssToolType" text, "PersScore" varchar(10), "AssToolCompDate" date, "AssToolCompTime" time);
CREATE TABLE emp_nat."IDS607codedscoreassessmentact" ("UniqueSubmissionID" bigint, "AuditId" integer,
    "PathwayID" text, "CareContactId" text, "CodedAssToolType" text, "PersScore" varchar(10));

INSERT INTO emp_nat."IsLatest_SubmissionID" VALUES
    (101, 1, B'1', '2025-01-01', '2025-01-31'), (201, 1, B'1', '2025-02-01', '2025-02-28');
-- Flags by hand: completed E1-E8; not at caseness E6; recovered E1, E3,
-- E4, E7; reliable improvement E1, E3, E5, E8.
CREATE TEMP TABLE submission_referral AS
SELECT l."UniqueSubmissionID" AS sub, l."ReportingPeriodStartDate" AS period_start, l."ReportingPeriodEndDate" AS period_end,
       l."UniqueSubmissionID" * 100 + substr(r.pathway_id, 2)::integer AS record_number, r.*
FROM emp_nat."IsLatest_SubmissionID" l JOIN referral r ON r.referral_date <= l."ReportingPeriodEndDate";
INSERT INTO emp_nat."IDS101referral"
SELECT s.sub, 1, s.record_number, s.pathway_id, s.person_id, s.provider_code, '07K', s.referral_date,
       CASE WHEN s.discharge_date <= s.period_end THEN s.discharge_date END,
       CASE WHEN s.discharge_date <= s.period_end THEN '46' END, '01', 40, B'1',
       CASE WHEN s.discharge_date <= s.period_end THEN B'1' END,
       CASE WHEN s.discharge_date <= s.period_end THEN (s.pathway_id = 'E6')::integer::bit(1) END,
       CASE WHEN s.discharge_date <= s.period_end THEN (s.pathway_id IN ('E1', 'E3', 'E4', 'E7'))::integer::bit(1) END,
       CASE WHEN s.discharge_date <= s.period_end THEN (s.pathway_id IN ('E1', 'E3', 'E5', 'E8'))::integer::bit(1) END,
       CASE WHEN s.discharge_date <= s.period_end THEN B'0' END
FROM submission_referral s;
INSERT INTO emp_nat."IDS001mpi" SELECT s.sub, 1, s.record_number, '2', NULL, 'A', 'E01000001' FROM submission_referral s;
INSERT INTO emp_nat.ids603presentingcomplaints
SELECT s.sub, 1, s.pathway_id, 'F411', '1', s.referral_date, s.record_number FROM submission_referral s;
INSERT INTO emp_nat."IDS201carecontact"
SELECT s.sub, 1, s.record_number, c.pathway_id, c.contact_id, (c.contact_at AT TIME ZONE 'Europe/London')::date,
       (c.contact_at AT TIME ZONE 'Europe/London')::time, CASE WHEN c.attended THEN '5' ELSE '7' END,
       CASE c.appointment_type WHEN 'treatment' THEN '02' WHEN 'employment_support' THEN '10' WHEN 'after_discharge' THEN '06' END,
       '01', NULL
FROM care_contact c JOIN submission_referral s ON s.pathway_id = c.pathway_id
WHERE (c.contact_at AT TIME ZONE 'Europe/London')::date BETWEEN s.period_start AND s.period_end;
INSERT INTO emp_nat."IDS202careactivity"
SELECT c."UniqueSubmissionID", 1, c."RecordNumber", c."PathwayID", c."CareContactId", a.procedure_code
FROM care_activity a JOIN emp_nat."IDS201carecontact" c ON c."CareContactId" = a.contact_id;
INSERT INTO emp_nat."IDS004empstatus"
SELECT s.sub, 1, s.record_number, row_number() OVER (), e.status, (e.recorded_at AT TIME ZONE 'Europe/London')::date,
       e.sickness_absence, e.statutory_sick_pay, e.benefit_received, e.employment_support_allowance, e.universal_credit,
       e.personal_independence_payment, e.employment_support_wanted, e.employment_support_discharge_date
FROM employment_status e JOIN submission_referral s ON s.pathway_id = e.pathway_id
WHERE (e.recorded_at AT TIME ZONE 'Europe/London')::date <= s.period_end;
INSERT INTO emp_nat."IDS606codedscoreassessmentrefer"
SELECT s.sub, 1, a.pathway_id, CASE a.measure WHEN 'phq9' THEN '720433000' ELSE '445455005' END, a.score::text,
       (a.recorded_at AT TIME ZONE 'Europe/London')::date, (a.recorded_at AT TIME ZONE 'Europe/London')::time
FROM assessment_score a JOIN submission_referral s ON s.pathway_id = a.pathway_id
WHERE (a.recorded_at AT TIME ZONE 'Europe/London')::date BETWEEN s.period_start AND s.period_end;
SELECT (SELECT count(*) FROM emp_nat."IDS101referral") AS referral_rows, (SELECT count(*) FROM emp_nat."IDS201carecontact") AS contact_rows,
       (SELECT count(*) FROM emp_nat."IDS004empstatus") AS employment_rows;

-- NHS England's script, read by hand (test/reference/employment_support_nhse.sql).
SET search_path = emp_nat, public;
\i test/reference/employment_support_nhse.sql
SET search_path = emp_test, iapt_ews, public;

-- Who had support: the same referrals and contact counts (E9 is open, so
-- it is in the count table but not in the finished-referral tables).
SELECT n."PathwayID", n.count_empsupp, e.support_contacts, n.count_empsupp = e.support_contacts AS same
FROM nhse_emp_supp_count n FULL JOIN (SELECT * FROM employment_referral WHERE employment_support) e ON e.pathway_id = n."PathwayID"
ORDER BY 1;

-- First and last: the same referrals, statuses and general benefit flags
-- (status codes; NHS England's 'Unspecified' is the extension's NULL).
SELECT count(*) AS nhse_pairs,
       count(*) FILTER (WHERE e.pathway_id IS NOT NULL AND n.employ_status_first = e.first_status AND n.employ_status_last = e.last_status
                        AND n.sick_absence_first = e.first_sickness_absence AND n.sick_absence_last = e.last_sickness_absence
                        AND (n.count_empsupp > 0) = e.employment_support) AS agree_on_status,
       (SELECT count(*) FROM employment_referral WHERE finished AND last_status IS NOT NULL) AS extension_pairs
FROM nhse_first_and_last n LEFT JOIN employment_referral e ON e.pathway_id = n."PathwayID";
SELECT n."PathwayID", n.general_benefit_first, e.first_general_benefit, n.general_benefit_last, e.last_general_benefit,
       n.ssp_first, e.first_statutory_sick_pay
FROM nhse_first_and_last n JOIN employment_referral e ON e.pathway_id = n."PathwayID" ORDER BY 1;
-- Counted by indicator value, NHS England's table against the view: no
-- row differs (the view's EmployStatus rows, all months and support).
SELECT n.employ_status_first, n.employ_status_last, n.referrals AS nhse, v.referrals AS view
FROM (SELECT employ_status_first, employ_status_last, count(*) AS referrals FROM nhse_first_and_last GROUP BY 1, 2) n
FULL JOIN (SELECT first_code, last_code, sum(referrals) AS referrals FROM employment_first_last
           WHERE indicator = 'EmployStatus' GROUP BY 1, 2) v ON v.first_code = n.employ_status_first AND v.last_code = n.employ_status_last
ORDER BY 1, 2;

-- Benefits at the first record: NHS England's table (its discharge-date
-- flag is the first record's, so E4, with the date on its last record
-- only, falls under 0 there and under "present" in the view).
SELECT emp_support_discharge_date_present, general_benefit_received, number_finishing_course_of_treatment
FROM nhse_benefits ORDER BY 1, 2;
SELECT sum(number_finishing_course_of_treatment) FILTER (WHERE general_benefit_received = 'Benefit Received') AS nhse_received,
       (SELECT sum(first_benefit_received) FROM employment_benefits) AS view_received,
       sum(number_finishing_course_of_treatment) FILTER (WHERE general_benefit_received = 'No Benefit Received') AS nhse_not_received,
       (SELECT sum(first_no_benefit) FROM employment_benefits) AS view_not_received,
       sum(number_finishing_course_of_treatment) FILTER (WHERE general_benefit_received LIKE 'Unknown%') AS nhse_unknown,
       (SELECT sum(first_benefit_unknown) FROM employment_benefits) AS view_unknown
FROM nhse_benefits;

-- Recording: NHS England's flags against the coverage view.
SELECT n.finished_treatment, c.finished_with_record, n.finished_treatment_one_emp_status, c.with_first_status,
       n.finished_treatment_two_emp_status, c.with_two_statuses,
       n.finished_treatment_one_sick_absence, c.with_first_sickness_absence,
       n.finished_treatment_two_sick_absence, c.with_two_sickness_absences
FROM nhse_finished_and_emp_supp n JOIN employment_support_coverage c ON c.month = n.month;

-- Clinical outcomes. NHS England's sums count E4 twice (its two IDS004
-- records differ in EmpSupportDischargeDate, so its clinical base has two
-- rows): supported finished 4, recovered 3. Counted once per referral, as
-- the view does, they agree.
SELECT appointment_type, finished_treatment, recovery_flag, not_caseness_flag, reliable_improvement_flag
FROM nhse_clin_outcomes WHERE finished_treatment > 0 ORDER BY 1;
SELECT n.supported, n.finished, v.finished AS view_finished, n.recovered, v.recovered AS view_recovered,
       n.finished - n.not_caseness AS denominator, v.denominator AS view_denominator, n.improved, v.improved AS view_improved
FROM (SELECT all_employment_support_count > 0 AS supported, count(DISTINCT "PathwayID") FILTER (WHERE all_finished_treatment = 1) AS finished,
             count(DISTINCT "PathwayID") FILTER (WHERE all_comp_treat_flag_rec_flag = 1) AS recovered,
             count(DISTINCT "PathwayID") FILTER (WHERE all_not_caseness = 1) AS not_caseness,
             count(DISTINCT "PathwayID") FILTER (WHERE all_comp_treat_flag_rel_imp_flag = 1) AS improved
      FROM nhse_clin_base GROUP BY 1) n
JOIN (SELECT true AS supported, supported_finished AS finished, supported_recovered AS recovered,
             supported_recovery_denominator AS denominator, supported_reliably_improved AS improved
      FROM employment_support_clinical_outcomes
      UNION ALL
      SELECT false, other_finished, other_recovered, other_recovery_denominator, other_reliably_improved
      FROM employment_support_clinical_outcomes) v USING (supported)
ORDER BY 1;

-- ---------------------------------------------------------------------------
-- The national tables bound (bind_data_set): the same employment reports.
-- ---------------------------------------------------------------------------
SELECT count(*) > 0 AS made FROM iapt_ews.bind_data_set('emp_bound', 'emp_nat');
CREATE FUNCTION pg_temp.rows_only_in_one(view_name text, OUT only_model bigint, OUT only_bound bigint)
LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format('SELECT (SELECT count(*) FROM (SELECT * FROM emp_test.%1$I EXCEPT SELECT * FROM emp_bound.%1$I) x),
                           (SELECT count(*) FROM (SELECT * FROM emp_bound.%1$I EXCEPT SELECT * FROM emp_test.%1$I) x)', view_name)
    INTO only_model, only_bound;
END
$f$;
-- Contact ids differ (the bound ones are PathwayID:CareContactId): compare
-- referral, date and rule.
SELECT (SELECT count(*) FROM (SELECT pathway_id, contact_date, support_rule FROM emp_test.employment_support_contact
                              EXCEPT SELECT pathway_id, contact_date, support_rule FROM emp_bound.employment_support_contact) x) AS only_model,
       (SELECT count(*) FROM (SELECT pathway_id, contact_date, support_rule FROM emp_bound.employment_support_contact
                              EXCEPT SELECT pathway_id, contact_date, support_rule FROM emp_test.employment_support_contact) x) AS only_bound;
SELECT v AS view_name, (pg_temp.rows_only_in_one(v)).*
FROM unnest(ARRAY['employment_referral', 'employment_first_last', 'employment_benefits', 'employment_support_clinical_outcomes',
                  'employment_support_coverage', 'employment_support_outcomes', 'employment_first_last_published',
                  'employment_benefits_published', 'employment_support_clinical_outcomes_published',
                  'employment_support_coverage_published', 'employment_support_outcomes_published']) v;

-- A merged provider: RXA merged into RYY on 1 April 2025 (organisation
-- rows as ODS gives them). Every employment report, like key_metrics,
-- reports RXA's referrals under RYY, in the model and over the bound data
-- set (after a refresh: the reports are stored); who may see them stays
-- decided by the provider that sent them: a reader mapped to RXA sees
-- them (under RYY), one mapped to RYY alone does not.
INSERT INTO emp_test.organisation (org_code, org_type, org_name, parent_code, successor_code, valid_from, valid_to) VALUES
    ('RXA', 'provider', 'Old trust', NULL, 'RYY', DATE '2010-01-01', DATE '2025-03-31'),
    ('RYY', 'provider', 'New trust', NULL, NULL, DATE '2025-04-01', NULL);
INSERT INTO emp_bound.organisation SELECT * FROM emp_test.organisation;
SELECT count(*) > 0 AS refreshed FROM iapt_ews.refresh_data_set('emp_bound');
SELECT s.schema_name, r.provider_code, r.referral_provider_code, count(*) AS referrals
FROM unnest(ARRAY['emp_test', 'emp_bound']) s(schema_name)
CROSS JOIN LATERAL (SELECT provider_code, referral_provider_code FROM emp_test.employment_referral WHERE s.schema_name = 'emp_test'
                    UNION ALL
                    SELECT provider_code, referral_provider_code FROM emp_bound.employment_referral WHERE s.schema_name = 'emp_bound') r
GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2;
SELECT v AS view_name, (SELECT string_agg(DISTINCT p, ',') FROM (SELECT provider_code AS p FROM emp_test.employment_support_outcomes WHERE v = 'employment_support_outcomes'
                                                                  UNION ALL SELECT provider_code FROM emp_test.employment_first_last WHERE v = 'employment_first_last'
                                                                  UNION ALL SELECT provider_code FROM emp_test.employment_benefits WHERE v = 'employment_benefits'
                                                                  UNION ALL SELECT provider_code FROM emp_test.employment_support_coverage WHERE v = 'employment_support_coverage'
                                                                  UNION ALL SELECT provider_code FROM emp_test.employment_support_clinical_outcomes WHERE v = 'employment_support_clinical_outcomes'
                                                                  UNION ALL SELECT organisation_code FROM emp_test.key_metrics WHERE v = 'key_metrics' AND level = 'provider') x) AS providers
FROM unnest(ARRAY['employment_support_outcomes', 'employment_first_last', 'employment_benefits', 'employment_support_coverage',
                  'employment_support_clinical_outcomes', 'key_metrics']) v;
SELECT v AS view_name, (pg_temp.rows_only_in_one(v)).*
FROM unnest(ARRAY['employment_referral', 'employment_support_outcomes', 'employment_first_last_published']) v;
CREATE ROLE emp_reader_rxa;
CREATE ROLE emp_reader_ryy;
GRANT USAGE ON SCHEMA emp_bound TO emp_reader_rxa, emp_reader_ryy;
GRANT SELECT ON emp_bound.employment_referral, emp_bound.employment_support_outcomes TO emp_reader_rxa, emp_reader_ryy;
INSERT INTO emp_bound.provider_access VALUES ('emp_reader_rxa', 'RXA'), ('emp_reader_ryy', 'RYY');
SET ROLE emp_reader_rxa;
SELECT 'emp_reader_rxa' AS reader, (SELECT count(*) FROM emp_bound.employment_referral) AS referrals,
       (SELECT string_agg(DISTINCT provider_code, ',') FROM emp_bound.employment_support_outcomes) AS reported_under;
SET ROLE emp_reader_ryy;
SELECT 'emp_reader_ryy' AS reader, (SELECT count(*) FROM emp_bound.employment_referral) AS referrals,
       (SELECT string_agg(DISTINCT provider_code, ',') FROM emp_bound.employment_support_outcomes) AS reported_under;
RESET ROLE;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA emp_bound CASCADE;
DROP SCHEMA emp_nat CASCADE;
DROP SCHEMA emp_test CASCADE;
DROP ROLE emp_reader_rxa;
DROP ROLE emp_reader_ryy;
