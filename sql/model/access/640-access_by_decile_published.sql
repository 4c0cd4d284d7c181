-- step: 640
-- object: access_by_decile_published
-- kind: view
-- layer: reports
-- reads: access_by_decile
CREATE VIEW access_by_decile_published WITH (security_barrier = true) AS
-- Everything from the published (rounded) counts: observed/expected from
-- the published decile count and the published all-areas count, the SII
-- and RII from the deciles' published rates (and withheld when a decile's
-- count is). From the unrounded counts, observed/expected to 0.001 beside
-- the population gives the exact count back, and the SII and RII would
-- give back a withheld decile's count.
WITH suppressed AS (
    SELECT d.imd_decile, d.areas, d.population, d.mean_nearest_distance_m, d.population_within_5km_rate,
           iapt_ews.suppress(d.referrals) AS referrals
    FROM access_by_decile d),
-- The deciles add up to all areas: secondary suppression
-- (iapt_ews.suppress_part) keeps a withheld decile from being given back.
published AS (
    SELECT s.imd_decile, s.areas, s.population, s.mean_nearest_distance_m, s.population_within_5km_rate,
           CASE WHEN s.imd_decile IS NULL THEN s.referrals
                ELSE iapt_ews.suppress_part(s.referrals, (SELECT t.referrals FROM suppressed t WHERE t.imd_decile IS NULL),
                                            (SELECT array_agg(t.referrals) FROM suppressed t WHERE t.imd_decile IS NOT NULL)) END AS referrals
    FROM suppressed s),
total AS (
    SELECT p.referrals, p.population FROM published p WHERE p.imd_decile IS NULL),
rated AS (
    SELECT p.*, 100000 * p.referrals::float8 / nullif(p.population, 0) AS per_100k
    FROM published p),
gap AS (
    SELECT CASE WHEN bool_and(r.referrals IS NOT NULL AND r.per_100k IS NOT NULL)
                THEN iapt_ews.slope_index_of_inequality(r.per_100k, r.imd_decile, r.population) END AS sii,
           CASE WHEN bool_and(r.referrals IS NOT NULL AND r.per_100k IS NOT NULL)
                THEN iapt_ews.relative_index_of_inequality(r.per_100k, r.imd_decile, r.population) END AS rii
    FROM rated r WHERE r.imd_decile IS NOT NULL)
SELECT r.imd_decile, r.areas, r.population,
       r.referrals,
       round(r.per_100k::numeric, 1) AS referrals_per_100k,
       round((r.referrals / nullif(t.referrals * (r.population::float8 / nullif(t.population, 0)), 0))::numeric, 3) AS observed_expected,
       r.mean_nearest_distance_m, r.population_within_5km_rate,
       CASE WHEN r.imd_decile IS NULL THEN round(g.sii::numeric, 1) END AS sii_referrals_per_100k,
       CASE WHEN r.imd_decile IS NULL THEN round(g.rii::numeric, 3) END AS rii_referrals
FROM rated r CROSS JOIN gap g LEFT JOIN total t ON true
ORDER BY r.imd_decile NULLS LAST;
COMMENT ON VIEW access_by_decile_published IS 'access_by_decile with disclosure control: referral counts below 5 withheld and the rest rounded to 5; the rate per 100,000, observed/expected and the all-areas row''s SII and RII all from the published counts, and withheld with them';
COMMENT ON COLUMN access_by_decile_published.imd_decile IS 'IMD 2019 decile (1 = most deprived)';
COMMENT ON COLUMN access_by_decile_published.areas IS 'Areas (LSOAs)';
COMMENT ON COLUMN access_by_decile_published.population IS 'Resident population';
COMMENT ON COLUMN access_by_decile_published.referrals IS 'Referrals of residents (suppressed)';
COMMENT ON COLUMN access_by_decile_published.referrals_per_100k IS 'Published referrals per 100,000 residents';
COMMENT ON COLUMN access_by_decile_published.observed_expected IS 'Published referrals / the published all-areas referrals'' share by population, to 0.001; withheld with either count';
COMMENT ON COLUMN access_by_decile_published.mean_nearest_distance_m IS 'Population-weighted mean distance to the nearest site, metres';
COMMENT ON COLUMN access_by_decile_published.population_within_5km_rate IS 'Share of residents with a site within 5 km, a fraction 0-1 to 3 decimals';
COMMENT ON COLUMN access_by_decile_published.sii_referrals_per_100k IS 'Slope index of inequality of the published referral rates across deciles (all-areas row); withheld when any decile''s count is';
COMMENT ON COLUMN access_by_decile_published.rii_referrals IS 'Relative index of inequality of the published referral rates (all-areas row); withheld when any decile''s count is';
