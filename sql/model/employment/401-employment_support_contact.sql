-- step: 401
-- object: employment_support_contact
-- kind: view
-- layer: reports
-- reads: referral_outcome, care_contact, care_activity, employment_status
-- stored: filter=provider_code
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
