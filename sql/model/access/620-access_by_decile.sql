-- step: 620
-- object: access_by_decile
-- kind: view
-- layer: reports
-- reads: area_point, site_point, referral_outcome
CREATE VIEW access_by_decile WITH (security_barrier = true) AS
SELECT g.imd_decile, g.areas, g.population::bigint AS population, g.referrals::bigint AS referrals,
       g.referrals_per_100k::numeric(12, 1) AS referrals_per_100k,
       g.expected_referrals::numeric(14, 1) AS expected_referrals,
       g.observed_expected::numeric(8, 3) AS observed_expected,
       g.oe_lower95::numeric(8, 3) AS oe_lower95, g.oe_upper95::numeric(8, 3) AS oe_upper95,
       g.mean_nearest_distance_m::numeric(12, 1) AS mean_nearest_distance_m,
       (g.population_within_catchment_pct / 100)::numeric(6, 3) AS population_within_5km_rate,
       g.sii_referrals_per_100k::numeric(12, 1) AS sii_referrals_per_100k,
       g.rii_referrals::numeric(8, 3) AS rii_referrals
FROM iapt_ews.access_gap_by_decile(
        (SELECT iapt_ews.rows_as_query(array_agg(q)) FROM area_point q),
        (SELECT format('SELECT * FROM ROWS FROM (pg_catalog.unnest(%L::pg_catalog.text[]), pg_catalog.unnest(%L::pg_catalog.int8[])) AS r(area_id, referrals)',
                       array_agg(q.lsoa_code), array_agg(q.referrals))
         FROM (SELECT o.lsoa_code, count(*) AS referrals
               FROM referral_outcome o WHERE o.lsoa_code IS NOT NULL GROUP BY o.lsoa_code) q),
        (SELECT iapt_ews.rows_as_query(array_agg(q)) FROM site_point q), 5000) g;
COMMENT ON VIEW access_by_decile IS 'Access gap by IMD decile over all areas (iapt_ews.access_gap_by_decile, 5 km): referrals (of the providers the caller may see) per 100,000, expected at the overall rate, observed/expected with 95% limits, mean distance to the nearest site, share within 5 km; the last row (imd_decile NULL) is all areas with the slope and relative index of inequality';
COMMENT ON COLUMN access_by_decile.imd_decile IS 'IMD 2019 decile (1 = most deprived); NULL on the all-areas row';
COMMENT ON COLUMN access_by_decile.areas IS 'Areas (LSOAs)';
COMMENT ON COLUMN access_by_decile.population IS 'Resident population';
COMMENT ON COLUMN access_by_decile.referrals IS 'Referrals of residents (those the caller may see)';
COMMENT ON COLUMN access_by_decile.referrals_per_100k IS 'Referrals per 100,000 residents';
COMMENT ON COLUMN access_by_decile.expected_referrals IS 'Referrals expected at the all-areas rate';
COMMENT ON COLUMN access_by_decile.observed_expected IS 'Observed / expected referrals';
COMMENT ON COLUMN access_by_decile.oe_lower95 IS 'Lower 95% limit of observed/expected (Byar)';
COMMENT ON COLUMN access_by_decile.oe_upper95 IS 'Upper 95% limit of observed/expected (Byar)';
COMMENT ON COLUMN access_by_decile.mean_nearest_distance_m IS 'Population-weighted mean distance to the nearest site, metres';
COMMENT ON COLUMN access_by_decile.population_within_5km_rate IS 'Share of residents with a site within 5 km, a fraction 0-1 to 3 decimals';
COMMENT ON COLUMN access_by_decile.sii_referrals_per_100k IS 'Slope index of inequality of the referral rate (all-areas row): least minus most deprived end of the fitted line';
COMMENT ON COLUMN access_by_decile.rii_referrals IS 'Relative index of inequality of the referral rate (all-areas row): SII / mean rate';
