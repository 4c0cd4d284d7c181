-- step: 630
-- object: area_access_published
-- kind: view
-- layer: reports
-- reads: area_access
CREATE VIEW area_access_published WITH (security_barrier = true) AS
SELECT a.lsoa_code, a.name, a.imd_decile, a.population, a.latitude, a.longitude,
       iapt_ews.suppress(a.referrals) AS referrals,
       -- From the published count: the exact rate beside the population
       -- would give the exact count back.
       round(100000 * iapt_ews.suppress(a.referrals)::numeric / nullif(a.population, 0), 1) AS referrals_per_100k,
       a.nearest_distance_m, a.sites_within_5km, a.access_score
FROM area_access a;
COMMENT ON VIEW area_access_published IS 'area_access with disclosure control: referral counts below 5 withheld and the rest rounded to 5, the rate per 100,000 from the rounded count';
COMMENT ON COLUMN area_access_published.lsoa_code IS 'LSOA code (region maps join on it)';
COMMENT ON COLUMN area_access_published.name IS 'LSOA name';
COMMENT ON COLUMN area_access_published.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
COMMENT ON COLUMN area_access_published.population IS 'Resident population';
COMMENT ON COLUMN area_access_published.latitude IS 'Latitude (WGS 84), for pin maps';
COMMENT ON COLUMN area_access_published.longitude IS 'Longitude (WGS 84), for pin maps';
COMMENT ON COLUMN area_access_published.referrals IS 'Referrals of residents (suppressed)';
COMMENT ON COLUMN area_access_published.referrals_per_100k IS 'Rounded referrals per 100,000 residents';
COMMENT ON COLUMN area_access_published.nearest_distance_m IS 'Distance to the nearest site, metres';
COMMENT ON COLUMN area_access_published.sites_within_5km IS 'Sites within 5 km';
COMMENT ON COLUMN area_access_published.access_score IS 'Gaussian 2SFCA access score (5 km)';
