-- ---------------------------------------------------------------------------
-- Access reports (docs/access.md, docs/reporting.md): the statements the
-- builders of iapt_ews (70-model.sql) run when iapt_ews_postgis is
-- installed. area_point and site_point give the areas and sites PostGIS
-- points; access_scores reads them from the query texts
-- iapt_ews.rows_as_query makes of their rows.
-- ---------------------------------------------------------------------------

-- The access functions read their inputs through query texts that they run
-- as the caller. A report that named its relations there (area_point,
-- referral_outcome) would need the caller to hold SELECT on them, so a
-- reader granted only the published views could not use it. The reports
-- read their rows with the view owner's rights instead and hand them over
-- inside the query text: an array literal of the relation's row type,
-- unnested. pg_typeof prints that type schema-qualified under the pinned
-- path, so the text means the same on any caller's search_path.
CREATE FUNCTION iapt_ews.rows_as_query(rows anyarray)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.format('SELECT * FROM pg_catalog.unnest(%L::%s) AS r', rows, pg_catalog.pg_typeof(rows))
$$;
COMMENT ON FUNCTION iapt_ews.rows_as_query(anyarray) IS
'Internal: a query text returning the rows of an array of a row type (SELECT * FROM unnest(<literal>::<type>[])), for the access functions'' query arguments; NULL gives a query returning no rows. The access reports pass their rows this way so that the caller needs no right on the relations they read';

CREATE FUNCTION iapt_ews.model_objects_access()
RETURNS SETOF iapt_ews.model_statement
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
(600, 'area_point', 'view', 'reports', '{area}'::text[], $ddl$
CREATE VIEW area_point WITH (security_barrier = true) AS
SELECT a.lsoa_code AS id, ST_SetSRID(ST_MakePoint(a.easting, a.northing), 27700)::geometry(Point, 27700) AS geom,
       coalesce(a.population, 0) AS population, a.imd_decile
FROM area a;
COMMENT ON VIEW area_point IS 'The areas as PostGIS points (EPSG:27700) with population and IMD decile, in the shape iapt_ews.access_scores reads';
COMMENT ON COLUMN area_point.id IS 'LSOA code';
COMMENT ON COLUMN area_point.geom IS 'Population-weighted centroid (EPSG:27700)';
COMMENT ON COLUMN area_point.population IS 'Resident population (0 when not known)';
COMMENT ON COLUMN area_point.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
$ddl$),
(605, 'site_point', 'view', 'reports', '{site}', $ddl$
CREATE VIEW site_point WITH (security_barrier = true) AS
SELECT s.site_id AS id, ST_SetSRID(ST_MakePoint(s.easting, s.northing), 27700)::geometry(Point, 27700) AS geom, 1 AS capacity
FROM site s;
COMMENT ON VIEW site_point IS 'The sites as PostGIS points (EPSG:27700), each of capacity 1, in the shape iapt_ews.access_scores reads';
COMMENT ON COLUMN site_point.id IS 'Site identifier';
COMMENT ON COLUMN site_point.geom IS 'Site location (EPSG:27700)';
COMMENT ON COLUMN site_point.capacity IS 'Capacity (1: every site counts the same)';
$ddl$),
(610, 'area_access', 'view', 'reports', '{area,site,area_point,site_point,referral_outcome}', $ddl$
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
$ddl$),
(620, 'access_by_decile', 'view', 'reports', '{area_point,site_point,referral_outcome}', $ddl$
CREATE VIEW access_by_decile WITH (security_barrier = true) AS
SELECT g.imd_decile, g.areas, g.population::bigint AS population, g.referrals::bigint AS referrals,
       g.referrals_per_100k::numeric(12, 1) AS referrals_per_100k,
       g.expected_referrals::numeric(14, 1) AS expected_referrals,
       g.observed_expected::numeric(8, 3) AS observed_expected,
       g.oe_lower95::numeric(8, 3) AS oe_lower95, g.oe_upper95::numeric(8, 3) AS oe_upper95,
       g.mean_nearest_distance_m::numeric(12, 1) AS mean_nearest_distance_m,
       g.population_within_catchment_pct::numeric(6, 1) AS population_within_5km_pct,
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
COMMENT ON COLUMN access_by_decile.population_within_5km_pct IS 'Share of residents with a site within 5 km, %';
COMMENT ON COLUMN access_by_decile.sii_referrals_per_100k IS 'Slope index of inequality of the referral rate (all-areas row): least minus most deprived end of the fitted line';
COMMENT ON COLUMN access_by_decile.rii_referrals IS 'Relative index of inequality of the referral rate (all-areas row): SII / mean rate';
$ddl$),
(630, 'area_access_published', 'view', 'reports', '{area_access}', $ddl$
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
$ddl$),
(640, 'access_by_decile_published', 'view', 'reports', '{access_by_decile}', $ddl$
CREATE VIEW access_by_decile_published WITH (security_barrier = true) AS
-- Everything from the published (rounded) counts: observed/expected from
-- the published decile count and the published all-areas count, the SII
-- and RII from the deciles' published rates (and withheld when a decile's
-- count is). From the unrounded counts, observed/expected to 0.001 beside
-- the population gives the exact count back, and the SII and RII would
-- give back a withheld decile's count.
WITH suppressed AS (
    SELECT d.imd_decile, d.areas, d.population, d.mean_nearest_distance_m, d.population_within_5km_pct,
           iapt_ews.suppress(d.referrals) AS referrals
    FROM access_by_decile d),
-- The deciles add up to all areas: secondary suppression
-- (iapt_ews.suppress_part) keeps a withheld decile from being given back.
published AS (
    SELECT s.imd_decile, s.areas, s.population, s.mean_nearest_distance_m, s.population_within_5km_pct,
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
       r.mean_nearest_distance_m, r.population_within_5km_pct,
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
COMMENT ON COLUMN access_by_decile_published.population_within_5km_pct IS 'Share of residents with a site within 5 km, %';
COMMENT ON COLUMN access_by_decile_published.sii_referrals_per_100k IS 'Slope index of inequality of the published referral rates across deciles (all-areas row); withheld when any decile''s count is';
COMMENT ON COLUMN access_by_decile_published.rii_referrals IS 'Relative index of inequality of the published referral rates (all-areas row); withheld when any decile''s count is';
$ddl$)
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_access() IS
'Internal: the access reports'' statements (area_point, site_point, area_access, access_by_decile and their published variants), run by the builders of iapt_ews when iapt_ews_postgis is installed; read them through iapt_ews.data_model';
