-- ---------------------------------------------------------------------------
-- Employment reports (docs/reporting.md, docs/employment.md), after NHS
-- England's Employment Support Dashboard definitions: employment
-- adviser staffing per service and quarter against 1:8, and finished
-- courses with and without employment support. Statements run in a schema
-- of the caller's by the builders of 70-model.sql; like every report they
-- read with their owner's rights, and their patient-level rows come through
-- referral_outcome, which keeps only the providers the caller may see.
-- ---------------------------------------------------------------------------

CREATE FUNCTION iapt_ews.model_objects_employment()
RETURNS SETOF iapt_ews.model_statement
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
(400, 'ea_staffing', 'view', 'reports', '{workforce}'::text[], $ddl$
CREATE VIEW ea_staffing WITH (security_barrier = true) AS
SELECT q.service_id, q.quarter,
       iapt_ews.ea_wte(q.ratio) AS ea_wte,
       iapt_ews.therapist_wte(q.ratio) AS therapist_wte,
       iapt_ews.therapists_per_ea(q.ratio) AS therapists_per_ea,
       iapt_ews.meets_target(q.ratio) AS meets_target,
       iapt_ews.ea_needed(q.ratio) AS ea_wte_needed
FROM (SELECT m.service_id, m.quarter, iapt_ews.ea_ratio(m.role, m.wte) AS ratio
      FROM (SELECT w.service_id, date_trunc('quarter', w.period)::date AS quarter, w.role,
                   round(avg(w.wte), 2) AS wte
            FROM workforce w
            GROUP BY 1, 2, 3) m
      GROUP BY m.service_id, m.quarter) q;
COMMENT ON VIEW ea_staffing IS 'Employment adviser staffing per service and quarter (mean WTE of the quarter''s monthly returns, by role through iapt_ews.ea_ratio) against the 1:8 target. Holds no patient data';
COMMENT ON COLUMN ea_staffing.service_id IS 'Service';
COMMENT ON COLUMN ea_staffing.quarter IS 'First day of the quarter';
COMMENT ON COLUMN ea_staffing.ea_wte IS 'Employment adviser WTE (mean over the quarter)';
COMMENT ON COLUMN ea_staffing.therapist_wte IS 'Therapist WTE: high-intensity therapists, PWPs and counsellors (mean over the quarter)';
COMMENT ON COLUMN ea_staffing.therapists_per_ea IS 'Therapist WTE per EA WTE, to 0.01; NULL with no EA';
COMMENT ON COLUMN ea_staffing.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN ea_staffing.ea_wte_needed IS 'Extra EA WTE needed to reach 1:8, rounded up to 0.01; 0 when met';
$ddl$),
(401, 'employment_support_contact', 'view', 'reports', '{referral_outcome,care_contact,care_activity,employment_status}', $ddl$
-- Who had employment support, as NHS England's Employment Support
-- Dashboard counts it (Step 1.1.sql lines 19-47): an attended contact that
--   (a) is not AppType 06, carries the employment-support procedure (SNOMED
--       CT 1098051000000103) and falls between referral and discharge
--       (or after referral while the referral is open), lines 33-36;
--   (b) is AppType 06 (after discharge), carries the procedure and falls
--       after the service discharge date, lines 38-40;
--   (c) is AppType 10 (employment support), or AppType 06 with the
--       procedure, on or after referral and on or before the employment-
--       support discharge date of one of the referral's IDS004 records, or
--       of any date when a record has none or there is no record, lines 42-45.
-- NHS England bounds open periods by the reporting period's end; a model
-- holds no contact beyond its latest data, so none is needed here.
-- Visibility first: only contacts of referrals in referral_outcome.
CREATE VIEW employment_support_contact WITH (security_barrier = true) AS
WITH visible AS (
    SELECT o.pathway_id, o.person_id, o.provider_code, o.service_id, o.referral_date, o.discharge_date
    FROM referral_outcome o),
contact AS (
    SELECT c.contact_id, c.pathway_id, v.person_id, v.provider_code, v.service_id,
           v.referral_date, v.discharge_date, c.appointment_type,
           (c.contact_at AT TIME ZONE 'Europe/London')::date AS contact_date,
           EXISTS (SELECT 1 FROM care_activity a
                   WHERE a.contact_id = c.contact_id AND a.procedure_code = '1098051000000103') AS support_procedure
    FROM care_contact c JOIN visible v ON v.pathway_id = c.pathway_id
    WHERE c.attended),
ruled AS (
    SELECT k.*,
           (k.appointment_type <> 'after_discharge' AND k.support_procedure
            AND k.referral_date <= k.contact_date
            AND (k.discharge_date IS NULL OR k.contact_date <= k.discharge_date)) AS procedure_in_care,
           (k.appointment_type = 'after_discharge' AND k.support_procedure
            AND k.contact_date > k.discharge_date) AS procedure_after_discharge,
           ((k.appointment_type = 'employment_support' OR (k.appointment_type = 'after_discharge' AND k.support_procedure))
            AND k.referral_date <= k.contact_date
            AND (NOT EXISTS (SELECT 1 FROM employment_status e WHERE e.pathway_id = k.pathway_id)
                 OR EXISTS (SELECT 1 FROM employment_status e
                            WHERE e.pathway_id = k.pathway_id
                              AND (e.employment_support_discharge_date IS NULL
                                   OR k.contact_date <= e.employment_support_discharge_date)))) AS support_appointment
    FROM contact k)
SELECT r.contact_id, r.pathway_id, r.person_id, r.provider_code, r.service_id, r.contact_date,
       r.appointment_type, r.support_procedure,
       CASE WHEN r.procedure_in_care THEN 'procedure in care'
            WHEN r.procedure_after_discharge THEN 'procedure after discharge'
            ELSE 'employment support appointment' END AS support_rule
FROM ruled r
WHERE r.procedure_in_care OR r.procedure_after_discharge OR r.support_appointment;
COMMENT ON VIEW employment_support_contact IS 'Employment-support contacts by NHS England''s rule (Employment Support Dashboard, Step 1.1.sql lines 19-47; docs/employment.md): attended, with the employment-support procedure during care or after discharge, or an employment-support appointment (AppType 10, or 06 with the procedure) up to the employment-support discharge date. Patient-level, rows of the providers the caller may see';
COMMENT ON COLUMN employment_support_contact.contact_id IS 'The care contact';
COMMENT ON COLUMN employment_support_contact.pathway_id IS 'The referral';
COMMENT ON COLUMN employment_support_contact.person_id IS 'Pseudonymised person';
COMMENT ON COLUMN employment_support_contact.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_contact.service_id IS 'Service of the referral';
COMMENT ON COLUMN employment_support_contact.contact_date IS 'Date of the contact (UK local time)';
COMMENT ON COLUMN employment_support_contact.appointment_type IS 'Appointment type of the contact (employment_support is AppType 10, after_discharge 06)';
COMMENT ON COLUMN employment_support_contact.support_procedure IS 'The contact carries the employment-support procedure, SNOMED CT 1098051000000103';
COMMENT ON COLUMN employment_support_contact.support_rule IS 'The first rule the contact meets: procedure in care (Step 1.1.sql lines 33-36), procedure after discharge (lines 38-40) or employment support appointment (lines 42-45)';
$ddl$),
(402, 'employment_support_contact', 'view', 'reports', '{employment_support_contact_all,provider_access}', $ddl$
-- Over a stored data set (bind_data_set, materialize): the stored
-- employment-support contacts of every provider, those of the caller's
-- providers kept.
CREATE VIEW employment_support_contact WITH (security_barrier = true) AS
SELECT e.* FROM employment_support_contact_all e
WHERE iapt_ews.provider_visible(e.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW employment_support_contact IS 'Employment-support contacts by NHS England''s rule (docs/employment.md), as stored at the last iapt_ews.refresh_data_set. Patient-level, rows of the providers the caller may see';
SELECT iapt_ews.copy_column_comments('employment_support_contact_all'::regclass, 'employment_support_contact'::regclass);
$ddl$),
(403, 'employment_referral', 'view', 'reports', '{referral_outcome,employment_status,employment_support_contact}', $ddl$
-- One row per visible referral: its employment-support contacts and its
-- first and last IDS004 records by recording date. As in NHS England's
-- Step 1.1.sql (lines 75-78 rank, lines 337-341 join), the last record is
-- only taken when there are two or more: a single record has no "last".
CREATE VIEW employment_referral WITH (security_barrier = true) AS
WITH visible AS (
    SELECT o.pathway_id, o.person_id, o.provider_code, o.service_id, o.discharge_date, o.finished,
           o.not_case_at_start, o.recovered, o.reliably_recovered, o.reliably_improved
    FROM referral_outcome o),
ranked AS (
    SELECT e.pathway_id, e.recorded_at, e.status, e.sickness_absence, e.statutory_sick_pay, e.benefit_received,
           e.employment_support_allowance, e.universal_credit, e.personal_independence_payment,
           e.employment_support_wanted,
           row_number() OVER (PARTITION BY e.pathway_id ORDER BY e.recorded_at) AS first_rank,
           row_number() OVER (PARTITION BY e.pathway_id ORDER BY e.recorded_at DESC) AS last_rank,
           count(*) OVER (PARTITION BY e.pathway_id) AS records,
           max(e.employment_support_discharge_date) OVER (PARTITION BY e.pathway_id) AS support_discharge_date
    FROM employment_status e JOIN visible v ON v.pathway_id = e.pathway_id),
support AS (
    SELECT s.pathway_id, count(*) AS contacts, min(s.contact_date) AS first_date, max(s.contact_date) AS last_date
    FROM employment_support_contact s GROUP BY s.pathway_id)
SELECT v.pathway_id, v.person_id, v.provider_code, v.service_id, v.discharge_date,
       date_trunc('month', v.discharge_date)::date AS discharge_month,
       v.finished, v.not_case_at_start, v.recovered, v.reliably_recovered, v.reliably_improved,
       coalesce(sp.contacts, 0)::integer AS support_contacts,
       sp.contacts IS NOT NULL AS employment_support,
       sp.first_date AS first_support_date, sp.last_date AS last_support_date,
       coalesce(f.records, 0)::integer AS employment_records,
       f.support_discharge_date,
       f.recorded_at AS first_recorded_at, f.status AS first_status, f.sickness_absence AS first_sickness_absence,
       f.statutory_sick_pay AS first_statutory_sick_pay, f.benefit_received AS first_benefit_received,
       f.employment_support_allowance AS first_employment_support_allowance,
       f.universal_credit AS first_universal_credit, f.personal_independence_payment AS first_personal_independence_payment,
       f.employment_support_wanted AS first_employment_support_wanted,
       CASE WHEN f.pathway_id IS NOT NULL
            THEN iapt_ews.general_benefit(f.benefit_received, f.employment_support_allowance, f.universal_credit,
                                          f.personal_independence_payment) END AS first_general_benefit,
       CASE WHEN f.pathway_id IS NOT NULL THEN iapt_ews.employment_class(f.status, f.sickness_absence) END AS first_class,
       s2.status AS second_status, s2.sickness_absence AS second_sickness_absence,
       l.recorded_at AS last_recorded_at, l.status AS last_status, l.sickness_absence AS last_sickness_absence,
       l.statutory_sick_pay AS last_statutory_sick_pay, l.benefit_received AS last_benefit_received,
       l.employment_support_allowance AS last_employment_support_allowance,
       l.universal_credit AS last_universal_credit, l.personal_independence_payment AS last_personal_independence_payment,
       l.employment_support_wanted AS last_employment_support_wanted,
       CASE WHEN l.pathway_id IS NOT NULL
            THEN iapt_ews.general_benefit(l.benefit_received, l.employment_support_allowance, l.universal_credit,
                                          l.personal_independence_payment) END AS last_general_benefit,
       CASE WHEN l.pathway_id IS NOT NULL THEN iapt_ews.employment_class(l.status, l.sickness_absence) END AS last_class,
       CASE WHEN l.pathway_id IS NOT NULL
            THEN iapt_ews.employment_outcome(f.status, f.sickness_absence, l.status, l.sickness_absence) END AS work_outcome
FROM visible v
LEFT JOIN ranked f ON f.pathway_id = v.pathway_id AND f.first_rank = 1
LEFT JOIN ranked s2 ON s2.pathway_id = v.pathway_id AND s2.first_rank = 2
LEFT JOIN ranked l ON l.pathway_id = v.pathway_id AND l.last_rank = 1 AND l.records >= 2
LEFT JOIN support sp ON sp.pathway_id = v.pathway_id;
COMMENT ON VIEW employment_referral IS 'One row per referral the caller may see: employment support by NHS England''s rule (employment_support_contact) and the first and last employment status records (the last only with two or more records, as NHS England''s Step 1.1.sql lines 337-341), with codes in their national form. Patient-level; the employment reports aggregate it';
COMMENT ON COLUMN employment_referral.pathway_id IS 'The referral';
COMMENT ON COLUMN employment_referral.person_id IS 'Pseudonymised person';
COMMENT ON COLUMN employment_referral.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_referral.service_id IS 'Service';
COMMENT ON COLUMN employment_referral.discharge_date IS 'Service discharge date; NULL while open';
COMMENT ON COLUMN employment_referral.discharge_month IS 'First day of the discharge month (the month NHS England reports a finished referral in)';
COMMENT ON COLUMN employment_referral.finished IS 'Finished a course of treatment (M076)';
COMMENT ON COLUMN employment_referral.not_case_at_start IS 'Not at caseness at the start (M179 among finished)';
COMMENT ON COLUMN employment_referral.recovered IS 'Moved to recovery (M191 among finished)';
COMMENT ON COLUMN employment_referral.reliably_recovered IS 'Reliable recovery (M193 among finished)';
COMMENT ON COLUMN employment_referral.reliably_improved IS 'Reliable improvement (M185 among finished)';
COMMENT ON COLUMN employment_referral.support_contacts IS 'Employment-support contacts (employment_support_contact); NHS England''s Count_EmpSupp';
COMMENT ON COLUMN employment_referral.employment_support IS 'At least one employment-support contact';
COMMENT ON COLUMN employment_referral.first_support_date IS 'Date of the first employment-support contact';
COMMENT ON COLUMN employment_referral.last_support_date IS 'Date of the last employment-support contact';
COMMENT ON COLUMN employment_referral.employment_records IS 'Employment status records (IDS004) of the referral';
COMMENT ON COLUMN employment_referral.support_discharge_date IS 'Latest employment-support discharge date of any record (EmpSupportDischargeDate; as NHS England''s Step 3.sql line 61, the latest of the records)';
COMMENT ON COLUMN employment_referral.first_recorded_at IS 'When the first record was made';
COMMENT ON COLUMN employment_referral.first_status IS 'EmployStatus at the first record';
COMMENT ON COLUMN employment_referral.first_sickness_absence IS 'SickAbsenceInd at the first record (Y, N, 8, Z not stated, X not known)';
COMMENT ON COLUMN employment_referral.first_statutory_sick_pay IS 'SSPInd at the first record (Y, N, Z not stated, U not known)';
COMMENT ON COLUMN employment_referral.first_benefit_received IS 'BenefitRecInd at the first record (Y, N, Z, U)';
COMMENT ON COLUMN employment_referral.first_employment_support_allowance IS 'ESAInd at the first record (Y, N, Z, U)';
COMMENT ON COLUMN employment_referral.first_universal_credit IS 'UCInd at the first record (Y, N, Z, U)';
COMMENT ON COLUMN employment_referral.first_personal_independence_payment IS 'PIPInd at the first record (Y, N, Z, U)';
COMMENT ON COLUMN employment_referral.first_employment_support_wanted IS 'EmpSupportInd at the first record (Y, N, NA)';
COMMENT ON COLUMN employment_referral.first_general_benefit IS 'iapt_ews.general_benefit at the first record: received, not received, unknown or not stated';
COMMENT ON COLUMN employment_referral.first_class IS 'iapt_ews.employment_class at the first record: in work, off sick, student, not employed, unknown';
COMMENT ON COLUMN employment_referral.second_status IS 'EmployStatus at the second record (NHS England''s "two or more records" counts, Step 1.1.sql line 396)';
COMMENT ON COLUMN employment_referral.second_sickness_absence IS 'SickAbsenceInd at the second record (Step 1.1.sql line 400)';
COMMENT ON COLUMN employment_referral.last_recorded_at IS 'When the last record was made; NULL with fewer than two records';
COMMENT ON COLUMN employment_referral.last_status IS 'EmployStatus at the last record; NULL with fewer than two records';
COMMENT ON COLUMN employment_referral.last_sickness_absence IS 'SickAbsenceInd at the last record';
COMMENT ON COLUMN employment_referral.last_statutory_sick_pay IS 'SSPInd at the last record';
COMMENT ON COLUMN employment_referral.last_benefit_received IS 'BenefitRecInd at the last record';
COMMENT ON COLUMN employment_referral.last_employment_support_allowance IS 'ESAInd at the last record';
COMMENT ON COLUMN employment_referral.last_universal_credit IS 'UCInd at the last record';
COMMENT ON COLUMN employment_referral.last_personal_independence_payment IS 'PIPInd at the last record';
COMMENT ON COLUMN employment_referral.last_employment_support_wanted IS 'EmpSupportInd at the last record';
COMMENT ON COLUMN employment_referral.last_general_benefit IS 'iapt_ews.general_benefit at the last record';
COMMENT ON COLUMN employment_referral.last_class IS 'iapt_ews.employment_class at the last record';
COMMENT ON COLUMN employment_referral.work_outcome IS 'Extension: iapt_ews.employment_outcome from the first to the last record (retained, returned to, entered, lost work, no change, unknown); NULL with fewer than two records';
$ddl$),
(404, 'employment_referral', 'view', 'reports', '{employment_referral_all,provider_access}', $ddl$
-- Over a stored data set (bind_data_set, materialize): the stored rows of
-- every provider (employment_referral_all, one per referral), those of the
-- caller's providers kept.
CREATE VIEW employment_referral WITH (security_barrier = true) AS
SELECT e.* FROM employment_referral_all e
WHERE iapt_ews.provider_visible(e.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW employment_referral IS 'One row per referral the caller may see: employment support by NHS England''s rule and the first and last employment status records, as stored at the last iapt_ews.refresh_data_set. Patient-level; the employment reports aggregate it';
SELECT iapt_ews.copy_column_comments('employment_referral_all'::regclass, 'employment_referral'::regclass);
$ddl$),
(410, 'employment_support_outcomes', 'view', 'reports', '{employment_referral}', $ddl$
-- Support by NHS England's rule (employment_support_contact); work outcomes
-- from the first and last records of referrals with two or more.
CREATE VIEW employment_support_outcomes WITH (security_barrier = true) AS
SELECT r.provider_code, r.service_id, date_trunc('quarter', r.discharge_date)::date AS quarter, r.employment_support,
       count(*) AS finished_treatment,
       count(*) FILTER (WHERE NOT r.not_case_at_start) AS recovery_denominator,
       count(*) FILTER (WHERE r.recovered) AS recovered,
       (count(*) FILTER (WHERE r.recovered))::float8
           / nullif(count(*) FILTER (WHERE NOT r.not_case_at_start), 0) AS recovery_rate,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'off sick') AS off_sick_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'returned to work') AS returned_to_work,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'not employed') AS not_employed_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'entered work' AND r.first_class = 'not employed') AS entered_work,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'student') AS students_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'entered work' AND r.first_class = 'student') AS students_entered_work,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'in work') AS in_work_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'retained work') AS retained_work,
       count(*) FILTER (WHERE r.work_outcome = 'lost work') AS lost_work
FROM employment_referral r
WHERE r.finished
GROUP BY r.provider_code, r.service_id, date_trunc('quarter', r.discharge_date)::date, r.employment_support;
COMMENT ON VIEW employment_support_outcomes IS 'Finished courses per provider, service and discharge quarter, with and without employment support (NHS England''s rule, employment_support_contact): recovery, and work outcomes from the first to the last employment status of referrals with two or more records. Compare the groups with employment_support_clinical_outcomes. Not suppressed';
COMMENT ON COLUMN employment_support_outcomes.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_outcomes.service_id IS 'Service';
COMMENT ON COLUMN employment_support_outcomes.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN employment_support_outcomes.employment_support IS 'True: at least one employment-support contact by NHS England''s rule; false: treatment only';
COMMENT ON COLUMN employment_support_outcomes.finished_treatment IS 'Finished a course of treatment (M076)';
COMMENT ON COLUMN employment_support_outcomes.recovery_denominator IS 'Finished and not "not at caseness" (M076 - M179)';
COMMENT ON COLUMN employment_support_outcomes.recovered IS 'Moved to recovery (M191)';
COMMENT ON COLUMN employment_support_outcomes.recovery_rate IS 'recovered / recovery_denominator; NULL when the denominator is 0';
COMMENT ON COLUMN employment_support_outcomes.off_sick_at_start IS 'Two or more employment records, employed and off sick at the first';
COMMENT ON COLUMN employment_support_outcomes.returned_to_work IS 'Off sick at the first record, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.not_employed_at_start IS 'Two or more records, not employed at the first (status 02, 04-08; students apart)';
COMMENT ON COLUMN employment_support_outcomes.entered_work IS 'Not employed (not a student) at the first record, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.students_at_start IS 'Two or more records, a student (03) at the first';
COMMENT ON COLUMN employment_support_outcomes.students_entered_work IS 'A student at the first record, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.in_work_at_start IS 'Two or more records, in work (employed, not off sick) at the first';
COMMENT ON COLUMN employment_support_outcomes.retained_work IS 'In work at the first record and at the last';
COMMENT ON COLUMN employment_support_outcomes.lost_work IS 'In work or off sick at the first record, not employed or a student at the last';
$ddl$),
(420, 'employment_support_outcomes_published', 'view', 'reports', '{employment_support_outcomes}', $ddl$
CREATE VIEW employment_support_outcomes_published WITH (security_barrier = true) AS
SELECT s.provider_code, s.service_id, s.quarter, s.employment_support,
       iapt_ews.suppress(s.finished_treatment) AS finished_treatment,
       iapt_ews.suppress(s.recovery_denominator) AS recovery_denominator,
       iapt_ews.suppress(s.recovered) AS recovered,
       round(iapt_ews.published_rate(s.recovered, s.recovery_denominator)::numeric, 4) AS recovery_rate,
       iapt_ews.suppress(s.off_sick_at_start) AS off_sick_at_start,
       iapt_ews.suppress(s.returned_to_work) AS returned_to_work,
       round(iapt_ews.published_rate(s.returned_to_work, s.off_sick_at_start)::numeric, 4) AS returned_to_work_rate,
       iapt_ews.suppress(s.not_employed_at_start) AS not_employed_at_start,
       iapt_ews.suppress(s.entered_work) AS entered_work,
       round(iapt_ews.published_rate(s.entered_work, s.not_employed_at_start)::numeric, 4) AS entered_work_rate,
       iapt_ews.suppress(s.students_at_start) AS students_at_start,
       iapt_ews.suppress(s.students_entered_work) AS students_entered_work,
       iapt_ews.suppress(s.in_work_at_start) AS in_work_at_start,
       iapt_ews.suppress(s.retained_work) AS retained_work,
       round(iapt_ews.published_rate(s.retained_work, s.in_work_at_start)::numeric, 4) AS retained_work_rate
FROM employment_support_outcomes s;
COMMENT ON VIEW employment_support_outcomes_published IS 'employment_support_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators so that quarters can be added up; rates from the published counts (iapt_ews.published_rate), to 4 decimals';
COMMENT ON COLUMN employment_support_outcomes_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_outcomes_published.service_id IS 'Service';
COMMENT ON COLUMN employment_support_outcomes_published.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN employment_support_outcomes_published.employment_support IS 'True: at least one employment-support contact by NHS England''s rule';
COMMENT ON COLUMN employment_support_outcomes_published.finished_treatment IS 'Finished a course of treatment (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovery_denominator IS 'Finished, not "not at caseness" (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovered IS 'Recovered (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovery_rate IS 'Published recovered / published recovery_denominator';
COMMENT ON COLUMN employment_support_outcomes_published.off_sick_at_start IS 'Off sick at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.returned_to_work IS 'Returned to work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.returned_to_work_rate IS 'Published returned_to_work / published off_sick_at_start';
COMMENT ON COLUMN employment_support_outcomes_published.not_employed_at_start IS 'Not employed (not a student) at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.entered_work IS 'Entered work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.entered_work_rate IS 'Published entered_work / published not_employed_at_start';
COMMENT ON COLUMN employment_support_outcomes_published.students_at_start IS 'A student at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.students_entered_work IS 'A student at the first record, in work at the last (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.in_work_at_start IS 'In work at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.retained_work IS 'Retained work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.retained_work_rate IS 'Published retained_work / published in_work_at_start';
$ddl$),
(430, 'employment_first_last', 'view', 'reports', '{employment_referral}', $ddl$
-- NHS England's EmpSupp_FirstAndLastEmp (Step 1.1.sql lines 265-343),
-- counted: finished referrals with two or more records, by the value of
-- each indicator at the first and at the last record. Meanings from the
-- national code lists (category), students apart, NULL "not recorded".
CREATE VIEW employment_first_last WITH (security_barrier = true) AS
WITH pairs AS (
    SELECT r.provider_code, r.discharge_month AS month, r.employment_support, x.indicator, x.first_code, x.last_code
    FROM employment_referral r
    CROSS JOIN LATERAL (VALUES
        ('EmployStatus', r.first_status, r.last_status),
        ('SickAbsenceInd', r.first_sickness_absence, r.last_sickness_absence),
        ('SSPInd', r.first_statutory_sick_pay, r.last_statutory_sick_pay),
        ('BenefitRecInd', r.first_benefit_received, r.last_benefit_received),
        ('ESAInd', r.first_employment_support_allowance, r.last_employment_support_allowance),
        ('UCInd', r.first_universal_credit, r.last_universal_credit),
        ('PIPInd', r.first_personal_independence_payment, r.last_personal_independence_payment),
        ('EmpSupportInd', r.first_employment_support_wanted, r.last_employment_support_wanted),
        ('GeneralBenefitReceived', r.first_general_benefit, r.last_general_benefit),
        ('EmploymentClass', r.first_class, r.last_class)) x(indicator, first_code, last_code)
    WHERE r.finished AND r.last_status IS NOT NULL),
meaning AS (
    SELECT n.code_list, n.code, CASE WHEN n.code_list = 'EmployStatus' AND n.code = '03' THEN 'student' ELSE n.category END AS meaning
    FROM iapt_ews.national_codes n
    WHERE n.code_list IN ('EmployStatus', 'SickAbsenceInd', 'SSPInd', 'BenefitRecInd', 'ESAInd', 'UCInd', 'PIPInd', 'EmpSupportInd'))
SELECT p.provider_code, p.month, p.employment_support, p.indicator,
       p.first_code, coalesce(CASE WHEN p.indicator IN ('GeneralBenefitReceived', 'EmploymentClass') THEN p.first_code END,
                              mf.meaning, 'not recorded') AS first_meaning,
       p.last_code, coalesce(CASE WHEN p.indicator IN ('GeneralBenefitReceived', 'EmploymentClass') THEN p.last_code END,
                             ml.meaning, 'not recorded') AS last_meaning,
       p.first_code IS DISTINCT FROM p.last_code AS changed,
       count(*) AS referrals
FROM pairs p
LEFT JOIN meaning mf ON mf.code_list = p.indicator AND mf.code = p.first_code
LEFT JOIN meaning ml ON ml.code_list = p.indicator AND ml.code = p.last_code
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
COMMENT ON VIEW employment_first_last IS 'NHS England''s first-and-last employment comparison (Employment Support Dashboard, EmpSupp_FirstAndLastEmp, Step 1.1.sql lines 265-343) counted: finished referrals with two or more employment records, per provider, discharge month, support and indicator, by the value at the first and at the last record. Not suppressed';
COMMENT ON COLUMN employment_first_last.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_first_last.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_first_last.employment_support IS 'At least one employment-support contact (NHS England''s rule); NHS England''s EmploymentSupport_Count > 0';
COMMENT ON COLUMN employment_first_last.indicator IS 'EmployStatus, SickAbsenceInd, SSPInd, BenefitRecInd, ESAInd, UCInd, PIPInd, EmpSupportInd (data set items), GeneralBenefitReceived (Step 1.1.sql lines 158-161) or EmploymentClass (extension: iapt_ews.employment_class)';
COMMENT ON COLUMN employment_first_last.first_code IS 'Value at the first record: the national code, or for GeneralBenefitReceived and EmploymentClass the derived value; NULL not recorded';
COMMENT ON COLUMN employment_first_last.first_meaning IS 'What first_code means: the code list''s category (yes, no, not stated, not known, not applicable, employed, not employed), student for EmployStatus 03, not recorded for NULL';
COMMENT ON COLUMN employment_first_last.last_code IS 'Value at the last record, as first_code';
COMMENT ON COLUMN employment_first_last.last_meaning IS 'What last_code means, as first_meaning';
COMMENT ON COLUMN employment_first_last.changed IS 'The value at the last record differs from the first (NHS England''s ...SameFlag = 0)';
COMMENT ON COLUMN employment_first_last.referrals IS 'Finished referrals with two or more records with these values';
$ddl$),
(431, 'employment_first_last_published', 'view', 'reports', '{employment_first_last}', $ddl$
CREATE VIEW employment_first_last_published WITH (security_barrier = true) AS
SELECT f.provider_code, f.month, f.employment_support, f.indicator, f.first_code, f.first_meaning,
       f.last_code, f.last_meaning, f.changed, iapt_ews.suppress(f.referrals) AS referrals
FROM employment_first_last f;
COMMENT ON VIEW employment_first_last_published IS 'employment_first_last with disclosure control: counts below 5 withheld, the rest rounded to 5';
COMMENT ON COLUMN employment_first_last_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_first_last_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_first_last_published.employment_support IS 'At least one employment-support contact (NHS England''s rule)';
COMMENT ON COLUMN employment_first_last_published.indicator IS 'The indicator compared (see employment_first_last)';
COMMENT ON COLUMN employment_first_last_published.first_code IS 'Value at the first record';
COMMENT ON COLUMN employment_first_last_published.first_meaning IS 'What first_code means';
COMMENT ON COLUMN employment_first_last_published.last_code IS 'Value at the last record';
COMMENT ON COLUMN employment_first_last_published.last_meaning IS 'What last_code means';
COMMENT ON COLUMN employment_first_last_published.changed IS 'The value changed from the first record to the last';
COMMENT ON COLUMN employment_first_last_published.referrals IS 'Finished referrals with two or more records with these values (suppressed)';
$ddl$),
(440, 'employment_benefits', 'view', 'reports', '{employment_referral}', $ddl$
-- NHS England's EmpSupp_Benefits (Step 1.1.sql lines 348-380): finished
-- referrals by the general benefit flag at the first record, split by
-- whether an employment-support discharge date is present; the extension
-- adds the last record and each benefit.
CREATE VIEW employment_benefits WITH (security_barrier = true) AS
SELECT r.provider_code, r.discharge_month AS month,
       r.support_discharge_date IS NOT NULL AS support_discharge_date_present,
       count(*) AS finished_with_record,
       count(*) FILTER (WHERE r.first_general_benefit = 'received') AS first_benefit_received,
       count(*) FILTER (WHERE r.first_general_benefit = 'not received') AS first_no_benefit,
       count(*) FILTER (WHERE r.first_general_benefit = 'unknown or not stated') AS first_benefit_unknown,
       count(*) FILTER (WHERE r.last_status IS NOT NULL) AS finished_with_first_and_last,
       count(*) FILTER (WHERE r.last_general_benefit = 'received') AS last_benefit_received,
       count(*) FILTER (WHERE r.last_general_benefit = 'not received') AS last_no_benefit,
       count(*) FILTER (WHERE r.last_general_benefit = 'unknown or not stated') AS last_benefit_unknown,
       count(*) FILTER (WHERE r.first_general_benefit = 'not received' AND r.last_general_benefit = 'received') AS started_benefit,
       count(*) FILTER (WHERE r.first_general_benefit = 'received' AND r.last_general_benefit = 'not received') AS stopped_benefit,
       count(*) FILTER (WHERE r.first_benefit_received = 'Y') AS first_benefit_rec_ind,
       count(*) FILTER (WHERE r.last_benefit_received = 'Y') AS last_benefit_rec_ind,
       count(*) FILTER (WHERE r.first_employment_support_allowance = 'Y') AS first_esa,
       count(*) FILTER (WHERE r.last_employment_support_allowance = 'Y') AS last_esa,
       count(*) FILTER (WHERE r.first_universal_credit = 'Y') AS first_universal_credit,
       count(*) FILTER (WHERE r.last_universal_credit = 'Y') AS last_universal_credit,
       count(*) FILTER (WHERE r.first_personal_independence_payment = 'Y') AS first_pip,
       count(*) FILTER (WHERE r.last_personal_independence_payment = 'Y') AS last_pip,
       count(*) FILTER (WHERE r.first_statutory_sick_pay = 'Y') AS first_statutory_sick_pay,
       count(*) FILTER (WHERE r.last_statutory_sick_pay = 'Y') AS last_statutory_sick_pay
FROM employment_referral r
WHERE r.finished AND r.employment_records > 0
GROUP BY 1, 2, 3;
COMMENT ON VIEW employment_benefits IS 'Benefits of finished referrals with at least one employment record, per provider, discharge month and whether an employment-support discharge date is present: NHS England''s EmpSupp_Benefits (Step 1.1.sql lines 348-380, the general benefit flag at the first record) and, added by the extension, the last record (two or more records) and each benefit. Not suppressed';
COMMENT ON COLUMN employment_benefits.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_benefits.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_benefits.support_discharge_date_present IS 'A record of the referral has an employment-support discharge date (NHS England''s EmpSupportDischargeDatePresent)';
COMMENT ON COLUMN employment_benefits.finished_with_record IS 'Finished referrals with at least one employment record (NHS England''s NumberFinishingCourseOfTreatment, all benefit values)';
COMMENT ON COLUMN employment_benefits.first_benefit_received IS 'General benefit flag received at the first record (BenefitRecInd, ESAInd, UCInd or PIPInd Y)';
COMMENT ON COLUMN employment_benefits.first_no_benefit IS 'General benefit flag not received at the first record (none Y, one N)';
COMMENT ON COLUMN employment_benefits.first_benefit_unknown IS 'General benefit flag unknown or not stated at the first record (none Y or N)';
COMMENT ON COLUMN employment_benefits.finished_with_first_and_last IS 'Extension: those with two or more records, the denominator of the last-record columns';
COMMENT ON COLUMN employment_benefits.last_benefit_received IS 'Extension: general benefit flag received at the last record';
COMMENT ON COLUMN employment_benefits.last_no_benefit IS 'Extension: general benefit flag not received at the last record';
COMMENT ON COLUMN employment_benefits.last_benefit_unknown IS 'Extension: general benefit flag unknown or not stated at the last record';
COMMENT ON COLUMN employment_benefits.started_benefit IS 'Extension: not received at the first record, received at the last';
COMMENT ON COLUMN employment_benefits.stopped_benefit IS 'Extension: received at the first record, not received at the last';
COMMENT ON COLUMN employment_benefits.first_benefit_rec_ind IS 'Extension: BenefitRecInd Y at the first record';
COMMENT ON COLUMN employment_benefits.last_benefit_rec_ind IS 'Extension: BenefitRecInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_esa IS 'Extension: Employment and Support Allowance (ESAInd Y) at the first record';
COMMENT ON COLUMN employment_benefits.last_esa IS 'Extension: ESAInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_universal_credit IS 'Extension: Universal Credit (UCInd Y) at the first record';
COMMENT ON COLUMN employment_benefits.last_universal_credit IS 'Extension: UCInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_pip IS 'Extension: Personal Independence Payment (PIPInd Y) at the first record';
COMMENT ON COLUMN employment_benefits.last_pip IS 'Extension: PIPInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_statutory_sick_pay IS 'Extension: Statutory Sick Pay (SSPInd Y) at the first record; not part of the general benefit flag';
COMMENT ON COLUMN employment_benefits.last_statutory_sick_pay IS 'Extension: SSPInd Y at the last record';
$ddl$),
(441, 'employment_benefits_published', 'view', 'reports', '{employment_benefits}', $ddl$
CREATE VIEW employment_benefits_published WITH (security_barrier = true) AS
-- The three benefit answers add up to their denominator: secondary
-- suppression (iapt_ews.suppress_part) keeps a withheld one from being
-- given back by differencing, and the rates are of the counts shown.
WITH suppressed AS (
    SELECT b.provider_code, b.month, b.support_discharge_date_present,
           iapt_ews.suppress(b.finished_with_record) AS finished_with_record,
           iapt_ews.suppress(b.first_benefit_received) AS first_benefit_received,
           iapt_ews.suppress(b.first_no_benefit) AS first_no_benefit,
           iapt_ews.suppress(b.first_benefit_unknown) AS first_benefit_unknown,
           iapt_ews.suppress(b.finished_with_first_and_last) AS finished_with_first_and_last,
           iapt_ews.suppress(b.last_benefit_received) AS last_benefit_received,
           iapt_ews.suppress(b.last_no_benefit) AS last_no_benefit,
           iapt_ews.suppress(b.last_benefit_unknown) AS last_benefit_unknown,
           iapt_ews.suppress(b.started_benefit) AS started_benefit,
           iapt_ews.suppress(b.stopped_benefit) AS stopped_benefit
    FROM employment_benefits b),
published AS (
    SELECT s.provider_code, s.month, s.support_discharge_date_present, s.finished_with_record,
           iapt_ews.suppress_part(s.first_benefit_received, s.finished_with_record, f.parts) AS first_benefit_received,
           iapt_ews.suppress_part(s.first_no_benefit, s.finished_with_record, f.parts) AS first_no_benefit,
           iapt_ews.suppress_part(s.first_benefit_unknown, s.finished_with_record, f.parts) AS first_benefit_unknown,
           s.finished_with_first_and_last,
           iapt_ews.suppress_part(s.last_benefit_received, s.finished_with_first_and_last, l.parts) AS last_benefit_received,
           iapt_ews.suppress_part(s.last_no_benefit, s.finished_with_first_and_last, l.parts) AS last_no_benefit,
           iapt_ews.suppress_part(s.last_benefit_unknown, s.finished_with_first_and_last, l.parts) AS last_benefit_unknown,
           s.started_benefit, s.stopped_benefit
    FROM suppressed s,
         LATERAL (SELECT ARRAY[s.first_benefit_received, s.first_no_benefit, s.first_benefit_unknown] AS parts) f,
         LATERAL (SELECT ARRAY[s.last_benefit_received, s.last_no_benefit, s.last_benefit_unknown] AS parts) l)
SELECT p.provider_code, p.month, p.support_discharge_date_present,
       p.finished_with_record, p.first_benefit_received, p.first_no_benefit, p.first_benefit_unknown,
       round(iapt_ews.published_rate(p.first_benefit_received, p.finished_with_record)::numeric, 4) AS first_benefit_received_rate,
       p.finished_with_first_and_last, p.last_benefit_received, p.last_no_benefit, p.last_benefit_unknown,
       round(iapt_ews.published_rate(p.last_benefit_received, p.finished_with_first_and_last)::numeric, 4) AS last_benefit_received_rate,
       p.started_benefit, p.stopped_benefit
FROM published p;
COMMENT ON VIEW employment_benefits_published IS 'employment_benefits with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators, and a further answer withheld where the three benefit answers would give a withheld one back from their denominator (iapt_ews.suppress_part); rates from the published counts, to 4 decimals; the per-benefit counts are left out';
COMMENT ON COLUMN employment_benefits_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_benefits_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_benefits_published.support_discharge_date_present IS 'An employment-support discharge date is present';
COMMENT ON COLUMN employment_benefits_published.finished_with_record IS 'Finished with at least one employment record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_benefit_received IS 'Benefit received at the first record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_no_benefit IS 'No benefit at the first record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_benefit_unknown IS 'Unknown or not stated at the first record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.first_benefit_received_rate IS 'Published first_benefit_received / published finished_with_record';
COMMENT ON COLUMN employment_benefits_published.finished_with_first_and_last IS 'Two or more records (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_benefit_received IS 'Benefit received at the last record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_no_benefit IS 'No benefit at the last record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_benefit_unknown IS 'Unknown or not stated at the last record (suppressed)';
COMMENT ON COLUMN employment_benefits_published.last_benefit_received_rate IS 'Published last_benefit_received / published finished_with_first_and_last';
COMMENT ON COLUMN employment_benefits_published.started_benefit IS 'Not received at the first record, received at the last (suppressed)';
COMMENT ON COLUMN employment_benefits_published.stopped_benefit IS 'Received at the first record, not received at the last (suppressed)';
$ddl$),
(450, 'employment_support_clinical_outcomes', 'view', 'reports', '{employment_referral}', $ddl$
-- NHS England's EmpSupp_ClinOutcomes (Step 1.1.sql lines 450-1812):
-- finished referrals with employment support (AllEmploymentSupport_Count
-- > 0) against those without (= 0), by discharge month. The differences
-- and their intervals are the extension's (iapt_ews.compare_rates).
CREATE VIEW employment_support_clinical_outcomes WITH (security_barrier = true) AS
SELECT c.provider_code, c.month,
       c.supported_finished, c.other_finished,
       c.supported_recovery_denominator, c.other_recovery_denominator,
       c.supported_recovered, c.other_recovered,
       (c.recovery).group_rate AS supported_recovery_rate, (c.recovery).other_rate AS other_recovery_rate,
       (c.recovery).difference AS recovery_difference,
       (c.recovery).ci_low AS recovery_ci_low, (c.recovery).ci_high AS recovery_ci_high,
       (c.recovery).p_value AS recovery_p_value,
       c.supported_reliably_recovered, c.other_reliably_recovered,
       (c.reliable_recovery).group_rate AS supported_reliable_recovery_rate,
       (c.reliable_recovery).other_rate AS other_reliable_recovery_rate,
       (c.reliable_recovery).difference AS reliable_recovery_difference,
       (c.reliable_recovery).ci_low AS reliable_recovery_ci_low, (c.reliable_recovery).ci_high AS reliable_recovery_ci_high,
       (c.reliable_recovery).p_value AS reliable_recovery_p_value,
       c.supported_reliably_improved, c.other_reliably_improved,
       (c.reliable_improvement).group_rate AS supported_reliable_improvement_rate,
       (c.reliable_improvement).other_rate AS other_reliable_improvement_rate,
       (c.reliable_improvement).difference AS reliable_improvement_difference,
       (c.reliable_improvement).ci_low AS reliable_improvement_ci_low,
       (c.reliable_improvement).ci_high AS reliable_improvement_ci_high,
       (c.reliable_improvement).p_value AS reliable_improvement_p_value
FROM (SELECT r.provider_code, r.discharge_month AS month,
             count(*) FILTER (WHERE r.employment_support) AS supported_finished,
             count(*) FILTER (WHERE NOT r.employment_support) AS other_finished,
             count(*) FILTER (WHERE r.employment_support AND NOT r.not_case_at_start) AS supported_recovery_denominator,
             count(*) FILTER (WHERE NOT r.employment_support AND NOT r.not_case_at_start) AS other_recovery_denominator,
             count(*) FILTER (WHERE r.employment_support AND r.recovered) AS supported_recovered,
             count(*) FILTER (WHERE NOT r.employment_support AND r.recovered) AS other_recovered,
             count(*) FILTER (WHERE r.employment_support AND r.reliably_recovered) AS supported_reliably_recovered,
             count(*) FILTER (WHERE NOT r.employment_support AND r.reliably_recovered) AS other_reliably_recovered,
             count(*) FILTER (WHERE r.employment_support AND r.reliably_improved) AS supported_reliably_improved,
             count(*) FILTER (WHERE NOT r.employment_support AND r.reliably_improved) AS other_reliably_improved,
             iapt_ews.compare_rates(r.recovered, r.employment_support) FILTER (WHERE NOT r.not_case_at_start) AS recovery,
             iapt_ews.compare_rates(r.reliably_recovered, r.employment_support) FILTER (WHERE NOT r.not_case_at_start) AS reliable_recovery,
             iapt_ews.compare_rates(r.reliably_improved, r.employment_support) AS reliable_improvement
      FROM employment_referral r
      WHERE r.finished
      GROUP BY r.provider_code, r.discharge_month) c;
COMMENT ON VIEW employment_support_clinical_outcomes IS 'Clinical outcomes of finished referrals with employment support (NHS England''s rule) against those without, per provider and discharge month (NHS England''s EmpSupp_ClinOutcomes, Step 1.1.sql lines 450-1812), each difference with its Newcombe 95% interval and pooled z-test p-value (iapt_ews.compare_rates). Not suppressed';
COMMENT ON COLUMN employment_support_clinical_outcomes.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_clinical_outcomes.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_finished IS 'Finished a course of treatment (M076) with employment support';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_finished IS 'Finished without employment support';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_recovery_denominator IS 'With support: finished and at caseness at the start (M076 - M179)';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_recovery_denominator IS 'Without support: finished and at caseness at the start';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_recovered IS 'With support: recovered (M191)';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_recovered IS 'Without support: recovered';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_recovery_rate IS 'supported_recovered / supported_recovery_denominator; NULL when 0';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_recovery_rate IS 'other_recovered / other_recovery_denominator; NULL when 0';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_difference IS 'supported_recovery_rate - other_recovery_rate';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_ci_low IS 'Lower end of the 95% interval of the recovery difference (Newcombe hybrid score)';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_ci_high IS 'Upper end of the 95% interval of the recovery difference';
COMMENT ON COLUMN employment_support_clinical_outcomes.recovery_p_value IS 'Two-sided pooled z-test p-value of the recovery difference';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliably_recovered IS 'Extension: with support, reliable recovery (M193); denominator as recovery';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliably_recovered IS 'Extension: without support, reliable recovery';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliable_recovery_rate IS 'Extension: supported_reliably_recovered / supported_recovery_denominator';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliable_recovery_rate IS 'Extension: other_reliably_recovered / other_recovery_denominator';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_difference IS 'Extension: difference of the reliable recovery rates';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_ci_low IS 'Lower end of its 95% interval (Newcombe)';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_recovery_p_value IS 'Its two-sided p-value';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliably_improved IS 'With support: reliable improvement (M185)';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliably_improved IS 'Without support: reliable improvement';
COMMENT ON COLUMN employment_support_clinical_outcomes.supported_reliable_improvement_rate IS 'supported_reliably_improved / supported_finished';
COMMENT ON COLUMN employment_support_clinical_outcomes.other_reliable_improvement_rate IS 'other_reliably_improved / other_finished';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_difference IS 'Difference of the reliable improvement rates';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_ci_low IS 'Lower end of its 95% interval (Newcombe)';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN employment_support_clinical_outcomes.reliable_improvement_p_value IS 'Its two-sided p-value';
$ddl$),
(451, 'employment_support_clinical_outcomes_published', 'view', 'reports', '{employment_support_clinical_outcomes}', $ddl$
-- A difference, its interval and p-value are shown only when every success
-- and failure count behind them is at least 5, and are computed from the
-- published (rounded) counts (iapt_ews.compare_rates of counts), so that
-- they give back nothing the published counts do not: from the unrounded
-- counts, a difference to 0.01 with its interval and p-value picks out the
-- exact counts among those the rounded ones allow.
CREATE VIEW employment_support_clinical_outcomes_published WITH (security_barrier = true) AS
WITH published AS (
    SELECT c.provider_code, c.month,
           iapt_ews.suppress(c.supported_finished) AS supported_finished,
           iapt_ews.suppress(c.other_finished) AS other_finished,
           iapt_ews.suppress(c.supported_recovery_denominator) AS supported_recovery_denominator,
           iapt_ews.suppress(c.other_recovery_denominator) AS other_recovery_denominator,
           iapt_ews.suppress(c.supported_recovered) AS supported_recovered,
           iapt_ews.suppress(c.other_recovered) AS other_recovered,
           iapt_ews.suppress(c.supported_reliably_recovered) AS supported_reliably_recovered,
           iapt_ews.suppress(c.other_reliably_recovered) AS other_reliably_recovered,
           iapt_ews.suppress(c.supported_reliably_improved) AS supported_reliably_improved,
           iapt_ews.suppress(c.other_reliably_improved) AS other_reliably_improved,
           iapt_ews.suppress(c.supported_recovery_denominator - c.supported_recovered) IS NOT NULL
           AND iapt_ews.suppress(c.other_recovery_denominator - c.other_recovered) IS NOT NULL AS recovery_failures_shown,
           iapt_ews.suppress(c.supported_recovery_denominator - c.supported_reliably_recovered) IS NOT NULL
           AND iapt_ews.suppress(c.other_recovery_denominator - c.other_reliably_recovered) IS NOT NULL AS reliable_recovery_failures_shown,
           iapt_ews.suppress(c.supported_finished - c.supported_reliably_improved) IS NOT NULL
           AND iapt_ews.suppress(c.other_finished - c.other_reliably_improved) IS NOT NULL AS reliable_improvement_failures_shown
    FROM employment_support_clinical_outcomes c),
compared AS (
    SELECT p.*,
           CASE WHEN p.recovery_failures_shown
                THEN iapt_ews.compare_rates(p.supported_recovered, p.supported_recovery_denominator,
                                            p.other_recovered, p.other_recovery_denominator) END AS recovery,
           CASE WHEN p.reliable_recovery_failures_shown
                THEN iapt_ews.compare_rates(p.supported_reliably_recovered, p.supported_recovery_denominator,
                                            p.other_reliably_recovered, p.other_recovery_denominator) END AS reliable_recovery,
           CASE WHEN p.reliable_improvement_failures_shown
                THEN iapt_ews.compare_rates(p.supported_reliably_improved, p.supported_finished,
                                            p.other_reliably_improved, p.other_finished) END AS reliable_improvement
    FROM published p)
SELECT s.provider_code, s.month,
       s.supported_finished, s.other_finished,
       s.supported_recovery_denominator, s.other_recovery_denominator,
       s.supported_recovered, s.other_recovered,
       round(iapt_ews.published_rate(s.supported_recovered, s.supported_recovery_denominator)::numeric, 4) AS supported_recovery_rate,
       round(iapt_ews.published_rate(s.other_recovered, s.other_recovery_denominator)::numeric, 4) AS other_recovery_rate,
       round((s.recovery).difference::numeric, 2) AS recovery_difference,
       round((s.recovery).ci_low::numeric, 2) AS recovery_ci_low,
       round((s.recovery).ci_high::numeric, 2) AS recovery_ci_high,
       round((s.recovery).p_value::numeric, 3) AS recovery_p_value,
       s.supported_reliably_recovered, s.other_reliably_recovered,
       round(iapt_ews.published_rate(s.supported_reliably_recovered, s.supported_recovery_denominator)::numeric, 4) AS supported_reliable_recovery_rate,
       round(iapt_ews.published_rate(s.other_reliably_recovered, s.other_recovery_denominator)::numeric, 4) AS other_reliable_recovery_rate,
       round((s.reliable_recovery).difference::numeric, 2) AS reliable_recovery_difference,
       round((s.reliable_recovery).ci_low::numeric, 2) AS reliable_recovery_ci_low,
       round((s.reliable_recovery).ci_high::numeric, 2) AS reliable_recovery_ci_high,
       round((s.reliable_recovery).p_value::numeric, 3) AS reliable_recovery_p_value,
       s.supported_reliably_improved, s.other_reliably_improved,
       round(iapt_ews.published_rate(s.supported_reliably_improved, s.supported_finished)::numeric, 4) AS supported_reliable_improvement_rate,
       round(iapt_ews.published_rate(s.other_reliably_improved, s.other_finished)::numeric, 4) AS other_reliable_improvement_rate,
       round((s.reliable_improvement).difference::numeric, 2) AS reliable_improvement_difference,
       round((s.reliable_improvement).ci_low::numeric, 2) AS reliable_improvement_ci_low,
       round((s.reliable_improvement).ci_high::numeric, 2) AS reliable_improvement_ci_high,
       round((s.reliable_improvement).p_value::numeric, 3) AS reliable_improvement_p_value
FROM compared s;
COMMENT ON VIEW employment_support_clinical_outcomes_published IS 'employment_support_clinical_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators; rates from the published counts to 4 decimals; a difference, its interval (to 0.01) and p-value (to 0.001) from the published counts, and only when every success and failure count behind it is at least 5';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_finished IS 'Finished with employment support (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_finished IS 'Finished without employment support (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_recovery_denominator IS 'With support, at caseness at the start (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_recovery_denominator IS 'Without support, at caseness at the start (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_recovered IS 'With support, recovered (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_recovered IS 'Without support, recovered (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_recovery_rate IS 'Published supported_recovered / published supported_recovery_denominator';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_recovery_rate IS 'Published other_recovered / published other_recovery_denominator';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_difference IS 'Difference of the published recovery rates (compare_rates of the published counts), to 0.01; withheld with any success or failure count behind it';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_ci_low IS 'Lower end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_ci_high IS 'Upper end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.recovery_p_value IS 'Its p-value, to 0.001';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliably_recovered IS 'With support, reliable recovery (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliably_recovered IS 'Without support, reliable recovery (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliable_recovery_rate IS 'Published supported_reliably_recovered / published supported_recovery_denominator';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliable_recovery_rate IS 'Published other_reliably_recovered / published other_recovery_denominator';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_difference IS 'Difference of the reliable recovery rates from the published counts, to 0.01; withheld with any success or failure count behind it';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_ci_low IS 'Lower end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_ci_high IS 'Upper end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_recovery_p_value IS 'Its p-value, to 0.001';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliably_improved IS 'With support, reliable improvement (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliably_improved IS 'Without support, reliable improvement (suppressed)';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.supported_reliable_improvement_rate IS 'Published supported_reliably_improved / published supported_finished';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.other_reliable_improvement_rate IS 'Published other_reliably_improved / published other_finished';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_difference IS 'Difference of the reliable improvement rates from the published counts, to 0.01; withheld with any success or failure count behind it';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_ci_low IS 'Lower end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_ci_high IS 'Upper end of its 95% interval, to 0.01';
COMMENT ON COLUMN employment_support_clinical_outcomes_published.reliable_improvement_p_value IS 'Its p-value, to 0.001';
$ddl$),
(460, 'employment_support_coverage', 'view', 'reports', '{employment_referral}', $ddl$
-- How well employment is recorded: NHS England's
-- EmpSupp_FinishedTreatmentAndEmpSupp (Step 1.1.sql lines 390-445) and
-- EmpSupport_DischargeDateCompletion (Step 3.sql), by discharge month.
CREATE VIEW employment_support_coverage WITH (security_barrier = true) AS
SELECT r.provider_code, r.discharge_month AS month,
       count(*) AS finished,
       count(*) FILTER (WHERE r.employment_records > 0) AS finished_with_record,
       count(*) FILTER (WHERE r.first_status IS NOT NULL) AS with_first_status,
       count(*) FILTER (WHERE r.second_status IS NOT NULL) AS with_two_statuses,
       count(*) FILTER (WHERE r.first_sickness_absence IS NOT NULL) AS with_first_sickness_absence,
       count(*) FILTER (WHERE r.second_sickness_absence IS NOT NULL) AS with_two_sickness_absences,
       (count(*) FILTER (WHERE r.first_status IS NOT NULL))::float8 / count(*) AS first_status_rate,
       (count(*) FILTER (WHERE r.second_status IS NOT NULL))::float8 / count(*) AS two_statuses_rate,
       count(*) FILTER (WHERE r.employment_support) AS supported,
       count(*) FILTER (WHERE r.employment_support AND r.support_discharge_date IS NOT NULL) AS supported_with_discharge_date,
       (count(*) FILTER (WHERE r.employment_support AND r.support_discharge_date IS NOT NULL))::float8
           / nullif(count(*) FILTER (WHERE r.employment_support), 0) AS support_discharge_date_rate
FROM employment_referral r
WHERE r.finished
GROUP BY r.provider_code, r.discharge_month;
COMMENT ON VIEW employment_support_coverage IS 'Recording of employment among finished referrals per provider and discharge month: a first status, two or more, sickness absence (NHS England''s EmpSupp_FinishedTreatmentAndEmpSupp, Step 1.1.sql lines 390-445) and, among those who had employment support, a support discharge date (after EmpSupport_DischargeDateCompletion, Step 3.sql). Not suppressed';
COMMENT ON COLUMN employment_support_coverage.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_coverage.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_coverage.finished IS 'Extension: every finished referral (M076), the denominator of the rates';
COMMENT ON COLUMN employment_support_coverage.finished_with_record IS 'Finished with at least one employment record: NHS England''s FinishedTreatment, which leaves out referrals with none (Step 1.1.sql lines 259, 402)';
COMMENT ON COLUMN employment_support_coverage.with_first_status IS 'A recognised status at the first record, ZZ included (FinishedTreatmentOneEmpStatus, line 394)';
COMMENT ON COLUMN employment_support_coverage.with_two_statuses IS 'A recognised status at the second record (FinishedTreatmentTwoEmpStatus, line 396)';
COMMENT ON COLUMN employment_support_coverage.with_first_sickness_absence IS 'A recognised sickness absence at the first record (FinishedTreatmentOneSickAbsence, line 398)';
COMMENT ON COLUMN employment_support_coverage.with_two_sickness_absences IS 'A recognised sickness absence at the second record (FinishedTreatmentTwoSickAbsence, line 400)';
COMMENT ON COLUMN employment_support_coverage.first_status_rate IS 'with_first_status / finished';
COMMENT ON COLUMN employment_support_coverage.two_statuses_rate IS 'with_two_statuses / finished';
COMMENT ON COLUMN employment_support_coverage.supported IS 'Finished with at least one employment-support contact (NHS England''s rule)';
COMMENT ON COLUMN employment_support_coverage.supported_with_discharge_date IS 'Of those, a record with an employment-support discharge date';
COMMENT ON COLUMN employment_support_coverage.support_discharge_date_rate IS 'supported_with_discharge_date / supported; NULL when none was supported';
$ddl$),
(461, 'employment_support_coverage_published', 'view', 'reports', '{employment_support_coverage}', $ddl$
CREATE VIEW employment_support_coverage_published WITH (security_barrier = true) AS
SELECT c.provider_code, c.month,
       iapt_ews.suppress(c.finished) AS finished,
       iapt_ews.suppress(c.finished_with_record) AS finished_with_record,
       iapt_ews.suppress(c.with_first_status) AS with_first_status,
       iapt_ews.suppress(c.with_two_statuses) AS with_two_statuses,
       iapt_ews.suppress(c.with_first_sickness_absence) AS with_first_sickness_absence,
       iapt_ews.suppress(c.with_two_sickness_absences) AS with_two_sickness_absences,
       round(iapt_ews.published_rate(c.with_first_status, c.finished)::numeric, 4) AS first_status_rate,
       round(iapt_ews.published_rate(c.with_two_statuses, c.finished)::numeric, 4) AS two_statuses_rate,
       iapt_ews.suppress(c.supported) AS supported,
       iapt_ews.suppress(c.supported_with_discharge_date) AS supported_with_discharge_date,
       round(iapt_ews.published_rate(c.supported_with_discharge_date, c.supported)::numeric, 4) AS support_discharge_date_rate
FROM employment_support_coverage c;
COMMENT ON VIEW employment_support_coverage_published IS 'employment_support_coverage with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators; rates from the published counts, to 4 decimals';
COMMENT ON COLUMN employment_support_coverage_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_coverage_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_coverage_published.finished IS 'Finished referrals (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.finished_with_record IS 'Finished with at least one employment record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_first_status IS 'A status at the first record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_two_statuses IS 'A status at the second record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_first_sickness_absence IS 'Sickness absence at the first record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_two_sickness_absences IS 'Sickness absence at the second record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.first_status_rate IS 'Published with_first_status / published finished';
COMMENT ON COLUMN employment_support_coverage_published.two_statuses_rate IS 'Published with_two_statuses / published finished';
COMMENT ON COLUMN employment_support_coverage_published.supported IS 'Finished with employment support (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.supported_with_discharge_date IS 'Of those, with a support discharge date (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.support_discharge_date_rate IS 'Published supported_with_discharge_date / published supported';
$ddl$),
(470, 'ea_staffing_outcomes', 'view', 'reports', '{ea_staffing,employment_support_contact,employment_referral}', $ddl$
-- Employment adviser staffing beside what it bought: people supported in
-- the quarter (a support contact in it) and, of supported referrals
-- finished in the quarter that started out of work or off sick, how many
-- moved into or back to work. Services are joined on service_id (in a
-- bound warehouse service_id is the provider code).
CREATE VIEW ea_staffing_outcomes WITH (security_barrier = true) AS
WITH supported AS (
    SELECT s.service_id, date_trunc('quarter', s.contact_date)::date AS quarter,
           count(DISTINCT s.person_id) AS people_supported
    FROM employment_support_contact s
    GROUP BY 1, 2),
moved AS (
    SELECT r.service_id, date_trunc('quarter', r.discharge_date)::date AS quarter,
           count(*) FILTER (WHERE r.first_class IN ('off sick', 'not employed', 'student')) AS supported_out_of_work_at_start,
           count(*) FILTER (WHERE r.work_outcome IN ('returned to work', 'entered work')) AS moved_into_work
    FROM employment_referral r
    WHERE r.finished AND r.employment_support AND r.work_outcome IS NOT NULL
    GROUP BY 1, 2)
SELECT e.service_id, e.quarter, e.ea_wte, e.therapist_wte, e.therapists_per_ea, e.meets_target,
       coalesce(s.people_supported, 0) AS people_supported,
       round(coalesce(s.people_supported, 0) / nullif(e.ea_wte, 0), 2) AS people_supported_per_ea_wte,
       coalesce(m.supported_out_of_work_at_start, 0) AS supported_out_of_work_at_start,
       coalesce(m.moved_into_work, 0) AS moved_into_work,
       m.moved_into_work::float8 / nullif(m.supported_out_of_work_at_start, 0) AS moved_into_work_rate
FROM ea_staffing e
LEFT JOIN supported s ON s.service_id = e.service_id AND s.quarter = e.quarter
LEFT JOIN moved m ON m.service_id = e.service_id AND m.quarter = e.quarter;
COMMENT ON VIEW ea_staffing_outcomes IS 'Each service-quarter of ea_staffing beside the people who had employment support (NHS England''s rule) and how many supported people moved into or back to work, to compare services near 1:8 with those near the 2015 baseline of 1:54. Extension; not suppressed';
COMMENT ON COLUMN ea_staffing_outcomes.service_id IS 'Service (in a bound warehouse, the provider code)';
COMMENT ON COLUMN ea_staffing_outcomes.quarter IS 'First day of the quarter';
COMMENT ON COLUMN ea_staffing_outcomes.ea_wte IS 'Employment adviser WTE (mean over the quarter)';
COMMENT ON COLUMN ea_staffing_outcomes.therapist_wte IS 'Therapist WTE (mean over the quarter)';
COMMENT ON COLUMN ea_staffing_outcomes.therapists_per_ea IS 'Therapist WTE per EA WTE (8 is the target, 54 the 2015 baseline); NULL with no EA';
COMMENT ON COLUMN ea_staffing_outcomes.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN ea_staffing_outcomes.people_supported IS 'People (distinct person_id) with an employment-support contact in the quarter';
COMMENT ON COLUMN ea_staffing_outcomes.people_supported_per_ea_wte IS 'people_supported / ea_wte, to 0.01; NULL with no EA';
COMMENT ON COLUMN ea_staffing_outcomes.supported_out_of_work_at_start IS 'Supported referrals finished in the quarter, with two or more employment records, off sick, not employed or a student at the first';
COMMENT ON COLUMN ea_staffing_outcomes.moved_into_work IS 'Of those, in work at the last record (returned to or entered work)';
COMMENT ON COLUMN ea_staffing_outcomes.moved_into_work_rate IS 'moved_into_work / supported_out_of_work_at_start; NULL when 0';
$ddl$),
(471, 'ea_staffing_outcomes_published', 'view', 'reports', '{ea_staffing_outcomes}', $ddl$
CREATE VIEW ea_staffing_outcomes_published WITH (security_barrier = true) AS
SELECT o.service_id, o.quarter, o.ea_wte, o.therapist_wte, o.therapists_per_ea, o.meets_target,
       iapt_ews.suppress(o.people_supported) AS people_supported,
       round(iapt_ews.suppress(o.people_supported) / nullif(o.ea_wte, 0), 2) AS people_supported_per_ea_wte,
       iapt_ews.suppress(o.supported_out_of_work_at_start) AS supported_out_of_work_at_start,
       iapt_ews.suppress(o.moved_into_work) AS moved_into_work,
       round(iapt_ews.published_rate(o.moved_into_work, o.supported_out_of_work_at_start)::numeric, 4) AS moved_into_work_rate
FROM ea_staffing_outcomes o;
COMMENT ON VIEW ea_staffing_outcomes_published IS 'ea_staffing_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators; per-WTE figure and rate from the published counts';
COMMENT ON COLUMN ea_staffing_outcomes_published.service_id IS 'Service';
COMMENT ON COLUMN ea_staffing_outcomes_published.quarter IS 'First day of the quarter';
COMMENT ON COLUMN ea_staffing_outcomes_published.ea_wte IS 'Employment adviser WTE (not patient data)';
COMMENT ON COLUMN ea_staffing_outcomes_published.therapist_wte IS 'Therapist WTE';
COMMENT ON COLUMN ea_staffing_outcomes_published.therapists_per_ea IS 'Therapist WTE per EA WTE';
COMMENT ON COLUMN ea_staffing_outcomes_published.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN ea_staffing_outcomes_published.people_supported IS 'People with an employment-support contact in the quarter (suppressed)';
COMMENT ON COLUMN ea_staffing_outcomes_published.people_supported_per_ea_wte IS 'Published people_supported / ea_wte, to 0.01';
COMMENT ON COLUMN ea_staffing_outcomes_published.supported_out_of_work_at_start IS 'Supported, finished, out of work or off sick at the start (suppressed)';
COMMENT ON COLUMN ea_staffing_outcomes_published.moved_into_work IS 'Of those, in work at the end (suppressed)';
COMMENT ON COLUMN ea_staffing_outcomes_published.moved_into_work_rate IS 'Published moved_into_work / published supported_out_of_work_at_start';
$ddl$)
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_employment() IS
'Internal: the employment reports'' statements: ea_staffing, employment_support_contact and employment_referral (patient-level bases), employment_support_outcomes, employment_first_last, employment_benefits, employment_support_clinical_outcomes, employment_support_coverage, ea_staffing_outcomes and their published variants; read them through iapt_ews.data_model';
