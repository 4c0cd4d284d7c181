-- step: 615
-- object: area_access_minutes
-- kind: view
-- layer: reports
-- reads: area, site, travel_cost, referral_outcome
-- area_access in routed minutes (travel_cost) rather than straight-line
-- metres: the same areas, referrals and rates, the nearest site by time,
-- the sites within 30 minutes and the Gaussian 2SFCA score over a
-- 30-minute catchment (iapt_ews.access_scores_matrix, each site capacity
-- 1). In the core extension: a matrix needs no geometry. The rows go to
-- access_scores_matrix inside its query texts (iapt_ews.rows_as_query),
-- read with the view owner's rights, only the pairs of listed areas and
-- sites.
CREATE VIEW area_access_minutes WITH (security_barrier = true) AS
SELECT a.lsoa_code, a.name, a.imd_decile, a.population,
       coalesce(r.referrals, 0) AS referrals,
       (100000 * coalesce(r.referrals, 0)::numeric / nullif(a.population, 0))::numeric(12, 1) AS referrals_per_100k,
       s.nearest_site_id,
       s.nearest_cost::numeric(12, 1) AS nearest_minutes,
       s.sites_within AS sites_within_30_minutes,
       s.e2sfca AS access_score
FROM area a
LEFT JOIN iapt_ews.access_scores_matrix(
    (SELECT format('SELECT r.lsoa_code AS id, coalesce(r.population, 0) AS population FROM (%s) r',
                   iapt_ews.rows_as_query(array_agg(q))) FROM area q),
    (SELECT format('SELECT r.site_id AS id, 1 AS capacity FROM (%s) r', iapt_ews.rows_as_query(array_agg(q)))
     FROM site q),
    (SELECT format('SELECT r.area_code AS area_id, r.site_id, r.minutes AS cost FROM (%s) r',
                   iapt_ews.rows_as_query(array_agg(q)))
     FROM travel_cost q
     WHERE q.area_code IN (SELECT x.lsoa_code FROM area x) AND q.site_id IN (SELECT x.site_id FROM site x)),
    30) s ON s.area_id = a.lsoa_code
LEFT JOIN (SELECT o.lsoa_code, count(*) AS referrals
           FROM referral_outcome o GROUP BY o.lsoa_code) r ON r.lsoa_code = a.lsoa_code;
COMMENT ON VIEW area_access_minutes IS 'Access by small area (LSOA) in routed minutes (travel_cost): referrals of the providers the caller may see and referrals per 100,000 residents, the nearest site by travel time, the sites within 30 minutes and the Gaussian 2SFCA access score over a 30-minute catchment (iapt_ews.access_scores_matrix, each site capacity 1). An area with no pair has no nearest site, 0 sites within and a score of 0. Needs no PostGIS. Not suppressed: small-area counts must not be published as they are';
COMMENT ON COLUMN area_access_minutes.lsoa_code IS 'LSOA code (region maps join on it)';
COMMENT ON COLUMN area_access_minutes.name IS 'LSOA name';
COMMENT ON COLUMN area_access_minutes.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
COMMENT ON COLUMN area_access_minutes.population IS 'Resident population (NULL counted as 0 in the score)';
COMMENT ON COLUMN area_access_minutes.referrals IS 'Referrals of residents of the area (those the caller may see)';
COMMENT ON COLUMN area_access_minutes.referrals_per_100k IS 'Referrals per 100,000 residents';
COMMENT ON COLUMN area_access_minutes.nearest_site_id IS 'The site with the shortest travel time (ties: the lowest site_id); NULL when the area has no pair';
COMMENT ON COLUMN area_access_minutes.nearest_minutes IS 'Travel time to it in minutes, to 1 decimal';
COMMENT ON COLUMN area_access_minutes.sites_within_30_minutes IS 'Sites reached in 30 minutes or less';
COMMENT ON COLUMN area_access_minutes.access_score IS 'Gaussian two-step floating catchment access score over 30 minutes';
