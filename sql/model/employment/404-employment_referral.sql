-- step: 404
-- object: employment_referral
-- kind: view
-- layer: reports
-- reads: employment_referral_all, provider_access
-- Over a stored data set (bind_data_set, materialize): the stored rows of
-- every provider (employment_referral_all, one per referral), those of the
-- caller's providers kept.
CREATE VIEW employment_referral WITH (security_barrier = true) AS
SELECT e.* FROM employment_referral_all e
WHERE iapt_ews.provider_visible(e.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW employment_referral IS 'One row per referral the caller may see: employment support by NHS England''s rule and the first and last employment status records, as stored at the last iapt_ews.refresh_data_set. Patient-level; the employment reports aggregate it';
SELECT iapt_ews.copy_column_comments('employment_referral_all'::regclass, 'employment_referral'::regclass);
