-- step: 610
-- object: area_access
-- kind: view
-- layer: reports
-- reads: area, area_point, site_point, referral_outcome
CREATE VIEW area_access WITH (security_barrier = true) AS
SELECT a.lsoa_code, a.name, a.imd_decile, a.population,
       ST_Y(ST_Transform(p.geom, 4326))::numeric(9, 6) AS latitude,
       ST_X(ST_Transform(p.geom, 4326))::numeric(9, 6) AS longitude,
       coalesce(r.referrals, 0) AS referrals,
       (100000 * coalesce(r.referrals, 0)::numeric / nullif(a.population, 0))::numeric(12, 1) AS referrals_per_100k,
       s.nearest_site_id,
       s.nearest_distance_m::numeric(12, 1) AS nearest_distance_m,
       s.sites_within AS sites_within_5km,
       s.e2sfca AS access_score,
       p.geom
FROM area a
JOIN area_point p ON p.id = a.lsoa_code
LEFT JOIN iapt_ews.access_scores((SELECT iapt_ews.rows_as_query(array_agg(q)) FROM area_point q),
                                  (SELECT iapt_ews.rows_as_query(array_agg(q)) FROM site_point q), 5000) s ON s.area_id = a.lsoa_code
LEFT JOIN (SELECT o.lsoa_code, count(*) AS referrals
           FROM referral_outcome o GROUP BY o.lsoa_code) r ON r.lsoa_code = a.lsoa_code;
COMMENT ON VIEW area_access IS 'Access by small area (LSOA): referrals of the providers the caller may see and referrals per 100,000 residents, nearest site and distance, sites within 5 km and the Gaussian 2SFCA access score (iapt_ews.access_scores, each site capacity 1), with latitude/longitude for pin maps and lsoa_code for region maps. Not suppressed: small-area counts must not be published as they are';
COMMENT ON COLUMN area_access.lsoa_code IS 'LSOA code (region maps join on it)';
COMMENT ON COLUMN area_access.name IS 'LSOA name';
COMMENT ON COLUMN area_access.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
COMMENT ON COLUMN area_access.population IS 'Resident population';
COMMENT ON COLUMN area_access.latitude IS 'Latitude of the population-weighted centroid (WGS 84), for pin maps';
COMMENT ON COLUMN area_access.longitude IS 'Longitude of the population-weighted centroid (WGS 84), for pin maps';
COMMENT ON COLUMN area_access.referrals IS 'Referrals of residents of the area (those the caller may see)';
COMMENT ON COLUMN area_access.referrals_per_100k IS 'Referrals per 100,000 residents';
COMMENT ON COLUMN area_access.nearest_site_id IS 'Nearest site (straight line)';
COMMENT ON COLUMN area_access.nearest_distance_m IS 'Distance to the nearest site in metres';
COMMENT ON COLUMN area_access.sites_within_5km IS 'Sites within 5 km';
COMMENT ON COLUMN area_access.access_score IS 'Gaussian two-step floating catchment access score (5 km)';
COMMENT ON COLUMN area_access.geom IS 'Population-weighted centroid (EPSG:27700)';
