-- step: 60
-- object: care_contact
-- kind: view
-- layer: bound_relations
-- reads: referral_record, ds_ids201carecontact, data_set_codes
-- stored: index=pathway_id, contact_id
-- Contacts de-duplicated by (referral, CareContactId), the latest
-- reporting period's record kept; each belongs to the referral record of
-- its own submission (a contact whose submission has no IDS101 record of
-- its PathwayID is left out and counted). Attended: AttendOrDNACode in
-- the attended list (5, 6). The appointment type from AppType: 10
-- employment support, 06 after discharge, the treatment list (02, 03, 05)
-- treatment. Times are UK local times.
CREATE VIEW care_contact WITH (security_barrier = true) AS
WITH codes AS (
    SELECT (SELECT array_agg(k.code) FROM data_set_codes k WHERE k.code_list = 'attended') AS attended,
           (SELECT array_agg(k.code) FROM data_set_codes k WHERE k.code_list = 'treatment') AS treatment)
SELECT DISTINCT ON (r.referral_key, c.care_contact_id)
       r.referral_key || ':' || c.care_contact_id AS contact_id, r.referral_key AS pathway_id,
       (c.contact_date + coalesce(c.contact_time, TIME '00:00')) AT TIME ZONE 'Europe/London' AS contact_at,
       coalesce(iapt_ews.national_code('AttendOrDNACode', c.attend_or_dna_code) = ANY (k.attended), false) AS attended,
       CASE iapt_ews.national_code('AppType', c.app_type)
            WHEN '10' THEN 'employment_support'
            WHEN '06' THEN 'after_discharge'
            ELSE CASE WHEN iapt_ews.national_code('AppType', c.app_type) = ANY (k.treatment) THEN 'treatment'
                      WHEN iapt_ews.national_code('AppType', c.app_type) = '01' THEN 'assessment'
                      WHEN iapt_ews.national_code('AppType', c.app_type) = '04' THEN 'review'
                      ELSE 'other' END END AS appointment_type,
       iapt_ews.national_code('ConsMechanism', c.cons_mechanism) AS consultation_mechanism
FROM ds_ids201carecontact c
JOIN referral_record r ON r.unique_submission_id = c.unique_submission_id AND r.audit_id = c.audit_id
                      AND r.pathway_id = c.pathway_id
CROSS JOIN codes k
WHERE iapt_ews.is_identifier(c.care_contact_id)
-- Of copies in one submission, one by its values, so that the choice
-- does not depend on the plan.
ORDER BY r.referral_key, c.care_contact_id, r.reporting_period_end DESC,
         length(c.unique_submission_id) DESC, c.unique_submission_id DESC,
         c.contact_date DESC NULLS LAST, c.contact_time DESC NULLS LAST,
         c.attend_or_dna_code, c.app_type, c.cons_mechanism;
COMMENT ON VIEW care_contact IS 'Care contacts from IDS201 in the shape of the model''s care_contact: one per referral and CareContactId, the latest reporting period''s record';
COMMENT ON COLUMN care_contact.contact_id IS 'The referral''s key:CareContactId (unique across referrals)';
COMMENT ON COLUMN care_contact.pathway_id IS 'The referral''s key (referral.pathway_id)';
COMMENT ON COLUMN care_contact.contact_at IS 'CareContDate and CareContTime, UK local time';
COMMENT ON COLUMN care_contact.attended IS 'AttendOrDNACode in data_set_codes attended (5 attended on time, 6 late but seen)';
COMMENT ON COLUMN care_contact.appointment_type IS 'From AppType: employment_support (10), after_discharge (06), treatment (data_set_codes treatment: 02, 03, 05), assessment (01), review (04), other';
COMMENT ON COLUMN care_contact.consultation_mechanism IS 'ConsMechanism, national code';
