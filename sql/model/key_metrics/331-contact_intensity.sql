-- step: 331
-- object: contact_intensity
-- kind: view
-- layer: reports
-- reads: care_activity, care_contact, referral, provider_access
-- when: care_activity present
-- Which contacts carried a low- or a high-intensity procedure, for
-- key_metrics_cells' appointments by intensity; only contacts of referrals
-- the caller may see, as every patient-level report.
CREATE VIEW contact_intensity WITH (security_barrier = true) AS
SELECT ca.contact_id,
       bool_or(iapt_ews.procedure_intensity(ca.procedure_code) = 'low') AS low_intensity,
       bool_or(iapt_ews.procedure_intensity(ca.procedure_code) = 'high') AS high_intensity
FROM care_activity ca
JOIN care_contact c ON c.contact_id = ca.contact_id
JOIN referral r ON r.pathway_id = c.pathway_id
WHERE iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
GROUP BY ca.contact_id;
COMMENT ON VIEW contact_intensity IS 'Each contact with care activity: whether it carried a low-intensity and a high-intensity procedure (iapt_ews.procedure_intensity), of the providers provider_access grants the caller; key_metrics_cells counts appointments by intensity from it';
COMMENT ON COLUMN contact_intensity.contact_id IS 'The contact (care_contact.contact_id)';
COMMENT ON COLUMN contact_intensity.low_intensity IS 'A low-intensity procedure was recorded at the contact';
COMMENT ON COLUMN contact_intensity.high_intensity IS 'A high-intensity procedure was recorded at the contact';
