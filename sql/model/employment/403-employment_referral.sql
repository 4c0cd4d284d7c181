-- step: 403
-- object: employment_referral
-- kind: view
-- layer: reports
-- reads: referral_outcome, employment_status, employment_support_contact, organisation_now
-- stored: filter=referral_provider_code
-- One row per visible referral: its employment-support contacts and its
-- first and last IDS004 records by recording date. As in NHS England's
-- Step 1.1.sql (lines 75-78 rank, lines 337-341 join), the last record is
-- only taken when there are two or more: a single record has no "last".
-- The referral is reported under its provider as the hierarchy stands
-- now (a merged provider under its last successor, organisation_now), as
-- the key metrics report it and NHS England's scripts do; who may see it
-- stays decided by the provider that sent it (referral_provider_code).
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
SELECT v.pathway_id, v.person_id, coalesce(succ.reported_code, v.provider_code) AS provider_code,
       v.provider_code AS referral_provider_code, v.service_id, v.discharge_date,
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
LEFT JOIN support sp ON sp.pathway_id = v.pathway_id
LEFT JOIN organisation_now succ ON succ.org_type = 'provider' AND succ.org_code = v.provider_code;
COMMENT ON VIEW employment_referral IS 'One row per referral the caller may see: employment support by NHS England''s rule (employment_support_contact) and the first and last employment status records (the last only with two or more records, as NHS England''s Step 1.1.sql lines 337-341), with codes in their national form. Patient-level; the employment reports aggregate it';
COMMENT ON COLUMN employment_referral.pathway_id IS 'The referral';
COMMENT ON COLUMN employment_referral.person_id IS 'Pseudonymised person';
COMMENT ON COLUMN employment_referral.provider_code IS 'ODS code of the provider it is reported under: the referral''s provider, or a merged provider''s last successor (organisation_now.reported_code), as in key_metrics';
COMMENT ON COLUMN employment_referral.referral_provider_code IS 'ODS code of the provider that sent the referral (referral_outcome.provider_code); who may see the row is decided by it';
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
