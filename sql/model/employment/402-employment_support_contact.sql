-- step: 402
-- object: employment_support_contact
-- kind: view
-- layer: reports
-- reads: employment_support_contact_all, provider_access
-- Over a stored data set (bind_data_set, materialize): the stored
-- employment-support contacts of every provider, those of the caller's
-- providers kept.
CREATE VIEW employment_support_contact WITH (security_barrier = true) AS
SELECT e.* FROM employment_support_contact_all e
WHERE iapt_ews.provider_visible(e.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW employment_support_contact IS 'Employment-support contacts by NHS England''s rule (docs/employment.md), as stored at the last iapt_ews.refresh_data_set. Patient-level, rows of the providers the caller may see';
SELECT iapt_ews.copy_column_comments('employment_support_contact_all'::regclass, 'employment_support_contact'::regclass);
