-- step: 329
-- object: organisation_level
-- kind: view
-- layer: reports
-- reads: referral_outcome, organisation_now
-- Each combination of provider, service and commissioner the caller's
-- referrals have (a cell), placed at the six levels it is reported at.
-- The reports count per cell first and add the cells up to each level:
-- a few hundred cells, where placing each referral six times made six
-- rows per referral to count.
CREATE VIEW organisation_level WITH (security_barrier = true) AS
WITH
-- Computed once for the eight look-ups below.
organisation_as_now AS MATERIALIZED (SELECT * FROM organisation_now),
cell AS (
    SELECT DISTINCT ro.provider_code, ro.service_id, ro.commissioner_code FROM referral_outcome ro),
placed AS (
    SELECT c.provider_code AS cell_provider_code, c.service_id AS cell_service_id,
           c.commissioner_code AS cell_commissioner_code, c.service_id,
           coalesce(ps.reported_code, c.provider_code) AS provider_code,
           cs.reported_code AS sub_icb_code
    FROM cell c
    LEFT JOIN organisation_as_now ps ON ps.org_type = 'provider' AND ps.org_code = c.provider_code
    LEFT JOIN organisation_as_now cs ON cs.org_type = 'sub_icb' AND cs.org_code = c.commissioner_code),
named AS (
    SELECT p.cell_provider_code, p.cell_service_id, p.cell_commissioner_code,
           p.service_id, p.provider_code, prov.org_name AS provider_name,
           pregion.org_code AS provider_region_code, pregion.org_name AS provider_region_name,
           sub.org_code AS sub_icb_code, sub.org_name AS sub_icb_name,
           icb.org_code AS icb_code, icb.org_name AS icb_name,
           region.org_code AS region_code, region.org_name AS region_name
    FROM placed p
    LEFT JOIN organisation_as_now prov ON prov.org_type = 'provider' AND prov.org_code = p.provider_code
    LEFT JOIN organisation_as_now picb ON picb.org_type = 'icb' AND picb.org_code = prov.parent_code
    LEFT JOIN organisation_as_now pregion ON pregion.org_type = 'region' AND pregion.org_code = picb.parent_code
    LEFT JOIN organisation_as_now sub ON sub.org_type = 'sub_icb' AND sub.org_code = p.sub_icb_code
    LEFT JOIN organisation_as_now icb ON icb.org_type = 'icb' AND icb.org_code = sub.parent_code
    LEFT JOIN organisation_as_now region ON region.org_type = 'region' AND region.org_code = icb.parent_code)
-- Commissioner levels as NHS England's scripts: a commissioner the
-- hierarchy does not place is 'Other'. The level is an
-- iapt_ews.report_level, and every report passes it on: an analyst's
-- level = 'ICB' matches in any case, level = 'ICBs' is refused (22P02),
-- and levels sort national to service. (These statements run without
-- iapt_ews on the search_path, so their own level = 'national' compares
-- the lower-case names as text, through the implicit cast.)
SELECT n.cell_provider_code, n.cell_service_id, n.cell_commissioner_code, l.*
FROM named n
CROSS JOIN LATERAL (VALUES
    ('national'::iapt_ews.report_level, 'National', 'England', 'England', 'England', 'England', NULL, NULL),
    ('region'::iapt_ews.report_level, 'Region', coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'),
     coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'), NULL, NULL),
    ('icb'::iapt_ews.report_level, 'ICB', coalesce(n.icb_code, 'Other'), coalesce(n.icb_name, 'Other'),
     coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'), NULL, NULL),
    ('sub_icb'::iapt_ews.report_level, 'Sub-ICB', coalesce(n.sub_icb_code, 'Other'), coalesce(n.sub_icb_name, 'Other'),
     coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'), NULL, NULL),
    ('provider'::iapt_ews.report_level, 'Provider', n.provider_code, n.provider_name,
     n.provider_region_code, n.provider_region_name, n.provider_code, NULL),
    ('service'::iapt_ews.report_level, 'Service', n.service_id, n.service_id,
     n.provider_region_code, n.provider_region_name, n.provider_code, n.service_id))
    l(level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id);
COMMENT ON VIEW organisation_level IS 'Each combination of provider, service and commissioner of the referrals provider_access grants the caller, six times: once for each level it is reported at (national, region, ICB and sub-ICB of the commissioner, provider, service), with the organisation as the hierarchy stands now: a merged provider or sub-ICB under its last successor (organisation.successor_code), as NHS England''s scripts do. referral_level and the key-metrics reports read it';
COMMENT ON COLUMN organisation_level.cell_provider_code IS 'The referrals'' provider code as recorded (referral_outcome.provider_code)';
COMMENT ON COLUMN organisation_level.cell_service_id IS 'The referrals'' service (referral_outcome.service_id)';
COMMENT ON COLUMN organisation_level.cell_commissioner_code IS 'The referrals'' commissioner (referral_outcome.commissioner_code; NULL when not recorded)';
COMMENT ON COLUMN organisation_level.level IS 'national, region, icb, sub_icb, provider or service; iapt_ews.report_level: compared in any case (''ICB'', ''Sub-ICB''), a name that is no level is an error, ordered national to service';
COMMENT ON COLUMN organisation_level.group_type IS 'The level as NHS England''s dashboard names it (GroupType): National, Region, ICB, Sub-ICB, Provider (not in the dashboard), Service (not in the dashboard)';
COMMENT ON COLUMN organisation_level.organisation_code IS 'England, the region, ICB or sub-ICB of the commissioner (Other when the hierarchy does not place it), the provider (its last successor) or the service (Organisation Code)';
COMMENT ON COLUMN organisation_level.organisation_name IS 'Its name from organisation (Organisation Name); NULL for a provider that organisation does not name';
COMMENT ON COLUMN organisation_level.region_code IS 'NHS England region of the row (RegionCodeComm): the commissioner''s at commissioner levels, the provider''s at provider and service levels';
COMMENT ON COLUMN organisation_level.region_name IS 'Its name (RegionNameComm)';
COMMENT ON COLUMN organisation_level.provider_code IS 'Provider (its last successor) on provider and service rows';
COMMENT ON COLUMN organisation_level.service_id IS 'Service on service rows';
