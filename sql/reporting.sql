-- Reporting layer: the data model's constraints, then every view's figures
-- against values computed by hand on a small fixture (docs/reporting.md).
-- The model lives in a schema of the caller's, made by create_data_model.
SELECT count(*) AS objects_made FROM iapt_ews.create_data_model('reporting_test');
SET search_path = reporting_test, iapt_ews, public;
SET TimeZone = 'Europe/London';

-- The fixture. Service S1 of provider P1 (dates 2025 unless said):
--   R1 person A, F41.1 (gad7): treated 20/1, 3/2, 17/2; PHQ-9 18->7, GAD-7 12->5; discharged 27/2
--      -> finished, recovered, reliably improved, reliably recovered; waited 14 days
--   R2 person B, F40.0 (mi_alone): treated 15/1, 22/1 (missed 29/1), 5/2; PHQ-9 9->9, MI 3.03->2.30
--      -> finished, recovered (by the MI), reliably improved (0.73), reliably recovered; waited 5
--   R3 person C, F32.1: treated 1/2, 8/2, and 5/3 after discharge on 28/2; PHQ-9 12->20, GAD-7 10->15
--      -> finished (2 sessions), reliably deteriorated; waited 12
--   R4 person D, no diagnosis: assessment only on 1/2, discharged 10/2 -> seen, not treated
--   R5 person A again, referred 10/2 (a repeat referral), treated 20/2, open
--   R6 person E, F41.0 (pdss): treated 5/1, 12/1; PHQ-9 8->6, PDSS 15 once, GAD-7 7->3; discharged 15/2
--      -> anxiety measure falls back to gad7 (PDSS unpaired); not at caseness; reliably improved
--   R8 person G, referred 3/6/2024, treated 20/12/2024 and 10/1; PHQ-9 15->16, GAD-7 9 once; discharged 25/2
--      -> finished, case at start, not paired; waited 200 days
-- Service S2 of provider P2: R7 person F, referred 8/1, discharged 30/1 with no contacts -> ended, not seen.
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, end_code, provisional_diagnosis, lsoa_code) VALUES
    ('R1', 'A', 'P1', 'S1', '2025-01-06', '2025-02-27', '46', 'F41.1', 'E01000001'),
    ('R2', 'B', 'P1', 'S1', '2025-01-10', '2025-02-20', '46', 'F40.0', 'E01000001'),
    ('R3', 'C', 'P1', 'S1', '2025-01-20', '2025-02-28', '46', 'F32.1', NULL),
    ('R4', 'D', 'P1', 'S1', '2025-01-25', '2025-02-10', '13', NULL, NULL),
    ('R5', 'A', 'P1', 'S1', '2025-02-10', NULL, NULL, 'F41.1', NULL),
    ('R6', 'E', 'P1', 'S1', '2025-01-02', '2025-02-15', '46', 'F41.0', NULL),
    ('R7', 'F', 'P2', 'S2', '2025-01-08', '2025-01-30', '12', NULL, NULL),
    ('R8', 'G', 'P1', 'S1', '2024-06-03', '2025-02-25', '46', 'F41.1', NULL);
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type) VALUES
    ('C11', 'R1', '2025-01-13 10:00', true, 'assessment'),
    ('C12', 'R1', '2025-01-20 10:00', true, 'treatment'),
    ('C13', 'R1', '2025-02-03 10:00', true, 'treatment'),
    ('C14', 'R1', '2025-02-17 10:00', true, 'review_and_treatment'),
    ('C21', 'R2', '2025-01-15 09:00', true, 'assessment_and_treatment'),
    ('C22', 'R2', '2025-01-22 09:00', true, 'treatment'),
    ('C23', 'R2', '2025-01-29 09:00', false, 'treatment'),
    ('C24', 'R2', '2025-02-05 09:00', true, 'treatment'),
    ('C25', 'R2', '2025-02-06 09:00', true, 'employment_support'),
    ('C31', 'R3', '2025-02-01 14:00', true, 'treatment'),
    ('C32', 'R3', '2025-02-08 14:00', true, 'treatment'),
    ('C33', 'R3', '2025-03-05 14:00', true, 'treatment'),
    ('C41', 'R4', '2025-02-01 11:00', true, 'assessment'),
    ('C51', 'R5', '2025-02-20 11:00', true, 'treatment'),
    ('C61', 'R6', '2025-01-05 16:00', true, 'treatment'),
    ('C62', 'R6', '2025-01-12 16:00', true, 'treatment'),
    ('C81', 'R8', '2024-12-20 10:00', true, 'treatment'),
    ('C82', 'R8', '2025-01-10 10:00', true, 'treatment');
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score) VALUES
    ('R1', 'phq9', '2025-01-13 10:00', 18), ('R1', 'phq9', '2025-02-03 10:00', 11), ('R1', 'phq9', '2025-02-17 10:00', 7),
    ('R1', 'gad7', '2025-01-13 10:00', 12), ('R1', 'gad7', '2025-02-17 10:00', 5),
    ('R2', 'phq9', '2025-01-15 09:00', 9), ('R2', 'phq9', '2025-02-05 09:00', 9),
    ('R2', 'mi_alone', '2025-01-15 09:00', 3.03), ('R2', 'mi_alone', '2025-02-05 09:00', 2.30),
    ('R2', 'gad7', '2025-01-15 09:00', 15), ('R2', 'gad7', '2025-02-05 09:00', 14),
    ('R3', 'phq9', '2025-02-01 14:00', 12), ('R3', 'phq9', '2025-02-08 14:00', 20),
    ('R3', 'gad7', '2025-02-01 14:00', 10), ('R3', 'gad7', '2025-02-08 14:00', 15),
    ('R6', 'phq9', '2025-01-05 16:00', 8), ('R6', 'phq9', '2025-01-12 16:00', 6),
    ('R6', 'pdss', '2025-01-05 16:00', 15),
    ('R6', 'gad7', '2025-01-05 16:00', 7), ('R6', 'gad7', '2025-01-12 16:00', 3),
    ('R8', 'phq9', '2024-12-20 10:00', 15), ('R8', 'phq9', '2025-01-10 10:00', 16),
    ('R8', 'gad7', '2024-12-20 10:00', 9);

-- One row per referral.
SELECT pathway_id, first_treatment_date AS first_treated, anxiety_measure AS anx,
       appointments_attended AS appts, treatment_sessions AS sessions, days_to_first_treatment AS wait,
       phq9_first AS p1, phq9_last AS p2, anxiety_first AS a1, anxiety_last AS a2,
       phq9_paired AS pp, anxiety_paired AS ap, repeat_referral AS rep
FROM referral_outcome ORDER BY pathway_id;
SELECT pathway_id, outcome, ended, finished, paired, case_at_start AS cas, not_case_at_start AS ncas,
       recovered AS rec, reliably_improved AS ri, reliably_deteriorated AS rd,
       no_reliable_change AS nrc, reliably_recovered AS rr
FROM referral_outcome ORDER BY pathway_id;

-- Monthly metrics: February 2025 for S1 is where the courses end.
\x on
SELECT * FROM service_month_metrics WHERE service_id = 'S1' AND month = '2025-02-01';
\x off
SELECT provider_code, service_id, month, referrals_received AS refs, referrals_after_another_within_365_days AS rep,
       entered_treatment AS entered, entered_within_6_weeks AS e6, entered_within_18_weeks AS e18,
       ended_referrals AS ended, ended_not_seen AS not_seen, finished_treatment AS finished
FROM service_month_metrics ORDER BY 1, 2, 3;

-- The same figures by hand-written SQL over referral_outcome, for every row.
SELECT count(*) AS rows_compared,
       bool_and(m.finished_treatment = x.finished AND m.recovered = x.recovered
                AND m.recovery_rate IS NOT DISTINCT FROM x.recovered::float8 / nullif(x.finished - x.ncas, 0)
                AND m.reliable_improvement_rate IS NOT DISTINCT FROM x.ri::float8 / nullif(x.finished, 0)) AS agree
FROM service_month_metrics m
JOIN (SELECT service_id, date_trunc('month', discharge_date)::date AS month,
             count(*) FILTER (WHERE finished) AS finished,
             count(*) FILTER (WHERE finished AND not_case_at_start) AS ncas,
             count(*) FILTER (WHERE finished AND recovered) AS recovered,
             count(*) FILTER (WHERE finished AND reliably_improved) AS ri
      FROM referral_outcome WHERE discharge_date IS NOT NULL GROUP BY 1, 2) x USING (service_id, month);

-- NHS England's key metrics: February 2025 by hand. Referrals R5; access R3, R5;
-- second treatments R1 (14 days after the first) and R3 (7 days); finished
-- R1 R2 R3 R6 R8, R6 not at caseness, recovered R1 R2, improved R1 R2 R6,
-- deteriorated R3; ended before treatment R4; waited <= 42 days all but R8.
-- Rates with a zero numerator are NULL, as in the dashboard.
\x on
SELECT * FROM key_metrics WHERE month = '2025-02-01' AND group_type = 'National';
\x off
SELECT month, group_type, organisation_code AS org, count_referrals AS refs, count_access AS access,
       count_second_treatment AS second, count_finished_course_treatment AS finished,
       ended_before_treatment AS before, recovery_rate AS recovery
FROM key_metrics ORDER BY month, group_type, organisation_code;
-- Service rows agree with service_month_metrics; totals are sums of their parts.
SELECT count(*) AS rows_compared,
       bool_and(k.count_referrals = m.referrals_received AND k.count_access = m.entered_treatment
                AND k.count_finished_course_treatment = m.finished_treatment AND k.count_recovery = m.recovered
                AND k.count_improvement = m.reliably_improved
                AND k.count_first_treatment_6_weeks_finished = m.finished_waited_6_weeks) AS agree
FROM key_metrics k JOIN service_month_metrics m USING (provider_code, service_id, month)
WHERE k.group_type = 'Service';
SELECT bool_and(n.count_referrals = p.refs AND n.count_finished_course_treatment = p.fin) AS national_is_sum
FROM key_metrics n
JOIN (SELECT month, sum(count_referrals) AS refs, sum(count_finished_course_treatment) AS fin
      FROM key_metrics WHERE group_type = 'Provider' GROUP BY month) p USING (month)
WHERE n.group_type = 'National';

-- Published: nearly everything in this small fixture is withheld.
\x on
SELECT * FROM service_month_metrics_published WHERE service_id = 'S1' AND month = '2025-02-01';
\x off

-- A larger synthetic service (S9, 60 referrals ending in March 2025), so
-- that published figures show: they equal suppress() / suppressed_rate() of
-- the unsuppressed ones.
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis)
SELECT 'S9-' || i, 'S9P' || (i % 50), 'P9', 'S9', date '2025-01-01' + (i % 20), date '2025-03-01' + (i % 25), 'F41.1'
FROM generate_series(1, 60) i;
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT 'S9-' || i || '-' || k, 'S9-' || i, timestamptz '2025-01-25 10:00' + k * interval '7 days', true, 'treatment'
FROM generate_series(1, 60) i, generate_series(1, 1 + i % 4) k;
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score)
SELECT 'S9-' || i, m, timestamptz '2025-01-25 10:00' + k * interval '7 days',
       CASE WHEN m = 'phq9' THEN CASE k WHEN 1 THEN 10 + i % 18 ELSE (i * 7) % 28 END
            ELSE CASE k WHEN 1 THEN 6 + i % 16 ELSE (i * 5) % 22 END END
FROM generate_series(1, 60) i, unnest(ARRAY['phq9', 'gad7']) m, generate_series(1, 2) k
WHERE i % 10 <> 0 OR k = 1;
SELECT service_id, month, referrals_received AS refs, finished_treatment AS fin, not_at_caseness AS ncas,
       recovered AS rec, reliably_recovered AS rrec, reliably_improved AS ri, reliably_deteriorated AS rd,
       round(recovery_rate::numeric, 4) AS rate, paired_both, round(mean_sessions, 2) AS mean_sess, median_sessions AS med
FROM service_month_metrics WHERE service_id = 'S9' ORDER BY month;
SELECT service_id, month, referrals_received AS refs, finished_treatment AS fin, not_at_caseness AS ncas,
       recovered AS rec, reliably_recovered AS rrec, reliably_improved AS ri, reliably_deteriorated AS rd,
       recovery_rate AS rate, paired_completeness_rate AS compl, mean_sessions AS mean_sess, median_sessions AS med
FROM service_month_metrics_published WHERE service_id = 'S9' ORDER BY month;
SELECT count(*) AS rows_compared,
       bool_and(p.referrals_received IS NOT DISTINCT FROM suppress(m.referrals_received)
            -- Finished courses, not at caseness and the recovery
            -- denominator: a sum and its parts (secondary suppression).
            AND p.finished_treatment IS NOT DISTINCT FROM suppress_total(s.finished, s.parts)
            AND p.not_at_caseness IS NOT DISTINCT FROM suppress_part(s.parts[1], s.finished, s.parts)
            AND p.recovery_denominator IS NOT DISTINCT FROM suppress_part(s.parts[2], s.finished, s.parts)
            AND p.recovered IS NOT DISTINCT FROM suppress(m.recovered)
            AND p.reliably_deteriorated IS NOT DISTINCT FROM suppress(m.reliably_deteriorated)
            -- Rates from the published counts, withheld with either of them.
            AND p.recovery_rate IS NOT DISTINCT FROM
                round(suppress(m.recovered)::numeric / suppress_part(s.parts[2], s.finished, s.parts), 4)
            AND p.paired_completeness_rate IS NOT DISTINCT FROM
                round(suppress(m.paired_both)::numeric / suppress_total(s.finished, s.parts), 4)) AS agree,
       count(*) FILTER (WHERE p.finished_treatment IS NULL AND s.finished IS NOT NULL) AS finished_withheld_as_a_sum
FROM service_month_metrics m
CROSS JOIN LATERAL (SELECT suppress(m.finished_treatment) AS finished,
                           ARRAY[suppress(m.not_at_caseness), suppress(m.finished_treatment - m.not_at_caseness)] AS parts) s
JOIN service_month_metrics_published p USING (provider_code, service_id, month);

SELECT month, group_type, organisation_code AS org, count_referrals AS refs, count_finished_course_treatment AS fin,
       count_recovery AS rec, recovery_rate AS recovery, reliable_improvement_rate AS improvement
FROM key_metrics_published WHERE month = '2025-03-01' ORDER BY group_type, organisation_code;

-- Rates are fractions 0-1 (docs/definitions.md, "Rate columns"), unrounded in
-- the reports and to 4 decimals in the published views, half away from zero.
-- At the boundary, service S8 of provider P8: 160 courses finishing in April
-- 2025, all at caseness, treated 2/4 and 9/4 (waited 1 day); 5 recover
-- (PHQ-9 15->5, GAD-7 12->4: also reliably improved and reliably recovered),
-- 155 do not change (15->15, 12->12). By hand: recovery 5/160 = 0.03125
-- exactly, published 5/160 (neither count changes when rounded to 5) =
-- 0.03125 -> 0.0313; waited 6 weeks 160/160 = 1; paired completeness 1.
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis)
SELECT 'S8-' || i, 'S8P' || i, 'P8', 'S8', date '2025-04-01', date '2025-04-28', 'F41.1'
FROM generate_series(1, 160) i;
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT 'S8-' || i || '-' || k, 'S8-' || i, timestamptz '2025-04-02 10:00' + (k - 1) * interval '7 days', true, 'treatment'
FROM generate_series(1, 160) i, generate_series(1, 2) k;
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score)
SELECT 'S8-' || i, m, timestamptz '2025-04-02 10:00' + (k - 1) * interval '7 days',
       CASE WHEN k = 1 OR i > 5 THEN CASE m WHEN 'phq9' THEN 15 ELSE 12 END
            ELSE CASE m WHEN 'phq9' THEN 5 ELSE 4 END END
FROM generate_series(1, 160) i, unnest(ARRAY['phq9', 'gad7']) m, generate_series(1, 2) k;
SELECT finished_treatment AS fin, not_at_caseness AS ncas, recovered AS rec, reliably_improved AS ri,
       recovery_rate, reliable_recovery_rate, reliable_improvement_rate, reliable_deterioration_rate,
       finished_waited_6_weeks_rate, paired_completeness_rate
FROM service_month_metrics WHERE service_id = 'S8';
SELECT finished_treatment AS fin, recovery_denominator AS den, recovered AS rec,
       recovery_rate, reliable_recovery_rate, reliable_improvement_rate, reliable_deterioration_rate,
       finished_waited_6_weeks_rate, paired_completeness_rate
FROM service_month_metrics_published WHERE service_id = 'S8';
SELECT 'key_metrics' AS report, count_finished_course_treatment AS fin, count_recovery AS rec,
       recovery_rate::numeric AS recovery_rate, reliable_improvement_rate::numeric AS reliable_improvement_rate,
       first_treatment_6_weeks_finished_rate::numeric AS waited_6_weeks_rate
FROM key_metrics WHERE month = '2025-04-01' AND group_type = 'Service' AND organisation_code = 'S8'
UNION ALL
SELECT 'key_metrics_published', count_finished_course_treatment, count_recovery, recovery_rate,
       reliable_improvement_rate, first_treatment_6_weeks_finished_rate
FROM key_metrics_published WHERE month = '2025-04-01' AND group_type = 'Service' AND organisation_code = 'S8';

-- Publication views use plain BI types only, and report_level (the level,
-- which every client reads as text: test/shell/clients.sh).
SELECT a.attrelid::regclass AS view, a.attname, format_type(a.atttypid, a.atttypmod) AS type
FROM pg_attribute a
WHERE a.attrelid IN ('service_month_metrics_published'::regclass, 'key_metrics_published'::regclass)
  AND a.attnum > 0
  AND a.atttypid NOT IN ('numeric'::regtype, 'integer'::regtype, 'bigint'::regtype, 'text'::regtype,
                         'date'::regtype, 'boolean'::regtype, 'double precision'::regtype,
                         'iapt_ews.report_level'::regtype);

-- Security options: every report a barrier view with its owner's rights,
-- owned by the caller of create_data_model, as every table is.
SELECT c.relname, c.reloptions, c.relkind, pg_get_userbyid(c.relowner) = current_user AS owned_by_caller
FROM pg_class c
WHERE c.relnamespace = 'reporting_test'::regnamespace AND c.relkind IN ('v', 'r')
ORDER BY 1;

-- The constraints reject impossible values.
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date)
VALUES ('X1', 'X', 'P1', 'S1', '2025-02-01', '2025-01-31');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, end_code)
VALUES ('X1', 'X', 'P1', 'S1', '2025-02-01', '46');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, end_code, discharge_date)
VALUES ('X1', 'X', 'P1', 'S1', '2025-02-01', '4', '2025-02-02');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, provisional_diagnosis)
VALUES ('X1', 'X', 'P1', 'S1', '2025-02-01', 'anxiety');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, lsoa_code)
VALUES ('X1', 'X', 'P1', 'S1', '2025-02-01', 'E0100001');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date)
VALUES ('X1', 'X', 'P1', 'S1', 'infinity');
-- Dates the data set cannot hold (a year 300000 would break every month
-- computed from it).
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date)
VALUES ('X1', 'X', 'P1', 'S1', '300000-01-01');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date)
VALUES ('X1', 'X', 'P1', 'S1', '2025-01-01', '2100-01-01');
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date)
VALUES ('R1', 'X', 'P1', 'S1', '2025-02-01');
INSERT INTO care_contact VALUES ('X', 'R1', '2025-02-01 10:00', true, 'therapy');
INSERT INTO care_contact VALUES ('X', 'R0', '2025-02-01 10:00', true, 'treatment');
INSERT INTO care_contact VALUES ('X', 'R1', '2025-02-01 10:00', NULL, 'treatment');
INSERT INTO assessment_score VALUES ('R1', 'bdi', '2025-02-01 10:00', 9);
INSERT INTO assessment_score VALUES ('R1', 'PHQ9', '2025-02-01 10:00', 9);
INSERT INTO assessment_score VALUES ('R1', 'phq9', '2025-01-13 10:00', 18);
INSERT INTO employment_status VALUES ('R1', '2025-02-01 10:00', '09', 'N');
INSERT INTO employment_status VALUES ('R1', '2025-02-01 10:00', '01', 'Q');
INSERT INTO workforce VALUES ('S1', '2025-01-01', 'ea', -0.5);
INSERT INTO workforce VALUES ('S1', '2025-01-15', 'ea', 1);
INSERT INTO workforce VALUES ('S1', '2025-01-01', 'nurse', 1);
INSERT INTO area VALUES ('E01000001', 'x', 530000, 180000, -1, 5);
INSERT INTO area VALUES ('E01000001', 'x', 530000, 180000, 1500, 11);
-- Longitude and latitude are not British National Grid metres.
INSERT INTO area VALUES ('E01000001', 'x', -0.1, 51.5, 1500, 5);
INSERT INTO site VALUES ('SITE1', 'S1', 'x', 800000, 100000);

-- A score the measure cannot have is kept (the table checks only the
-- measure), left out of the outcomes and counted in data_quality, so one
-- bad row never stops a report.
INSERT INTO assessment_score VALUES ('R1', 'phq9', '2025-02-01 10:00', 28), ('R1', 'gad7', '2025-02-01 10:00', 9.5);
SELECT * FROM data_quality ORDER BY 1, 2, 3;
SELECT pathway_id, phq9_first, phq9_last, anxiety_first, anxiety_last, recovered FROM referral_outcome WHERE pathway_id = 'R1';
DELETE FROM assessment_score WHERE recorded_at = '2025-02-01 10:00';

-- Deleting a referral takes its contacts and scores with it.
DELETE FROM referral WHERE pathway_id = 'R7';
SELECT count(*) AS r1_contacts FROM care_contact WHERE pathway_id = 'R1';
DELETE FROM referral WHERE pathway_id = 'R1';
SELECT (SELECT count(*) FROM care_contact WHERE pathway_id = 'R1') AS contacts_left,
       (SELECT count(*) FROM assessment_score WHERE pathway_id = 'R1') AS scores_left;

-- The model is the caller's: DROP EXTENSION iapt_ews without CASCADE is
-- refused while the views use it, and no table is a member of it.
SELECT count(*) AS model_tables_in_the_extension
FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND d.classid = 'pg_class'::regclass
WHERE d.deptype = 'e' AND c.relnamespace = 'reporting_test'::regnamespace;

-- Leave nothing behind for later files.
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA reporting_test CASCADE;
RESET client_min_messages;
