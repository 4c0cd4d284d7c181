-- step: 330
-- object: referral_level
-- kind: view
-- layer: reports
-- reads: referral_outcome, organisation_level
CREATE VIEW referral_level WITH (security_barrier = true) AS
SELECT ro.pathway_id, l.level, l.group_type, l.organisation_code, l.organisation_name, l.region_code, l.region_name,
       l.provider_code, l.service_id
FROM referral_outcome ro
JOIN organisation_level l ON coalesce(l.cell_provider_code, '') = coalesce(ro.provider_code, '')
                         AND coalesce(l.cell_service_id, '') = coalesce(ro.service_id, '')
                         AND coalesce(l.cell_commissioner_code, '') = coalesce(ro.commissioner_code, '');
COMMENT ON VIEW referral_level IS 'Each referral (of the providers provider_access grants the caller) six times: once for each level it is reported at (national, region, ICB and sub-ICB of its commissioner, provider, service), with the organisation as the hierarchy stands now: a merged provider or sub-ICB under its last successor (organisation.successor_code), as NHS England''s scripts do';
COMMENT ON COLUMN referral_level.pathway_id IS 'PathwayID: the referral';
SELECT iapt_ews.copy_column_comments('organisation_level'::regclass, 'referral_level'::regclass);
