-- step: 65
-- object: care_activity
-- kind: view
-- layer: bound_relations
-- reads: referral_record, ds_ids202careactivity
-- stored: index=contact_id
CREATE VIEW care_activity WITH (security_barrier = true) AS
SELECT DISTINCT r.referral_key || ':' || a.care_contact_id AS contact_id,
       substring(a.procedure FROM '^\s*([0-9]{6,18})') AS procedure_code
FROM ds_ids202careactivity a
JOIN referral_record r ON r.unique_submission_id = a.unique_submission_id AND r.audit_id = a.audit_id
                      AND r.pathway_id = a.pathway_id
WHERE substring(a.procedure FROM '^\s*([0-9]{6,18})') IS NOT NULL
  AND iapt_ews.is_identifier(a.care_contact_id);
COMMENT ON VIEW care_activity IS 'Procedures of care contacts from IDS202 (the SNOMED CT code at the start of CodeProcAndProcStatus), each of the referral record of its own submission';
COMMENT ON COLUMN care_activity.contact_id IS 'The referral''s key:CareContactId';
COMMENT ON COLUMN care_activity.procedure_code IS 'SNOMED CT procedure code';
