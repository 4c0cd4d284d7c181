-- iapt_ews_postgis: the travel-distance access functions and reports of
-- iapt_ews, which need PostGIS. Assembled from sql/postgis/*.sql.
\echo Use "CREATE EXTENSION iapt_ews_postgis CASCADE" to load this file. \quit
-- ---------------------------------------------------------------------------
-- Travel-distance access (src/travel.c, src/access.c, src/access_input.c,
-- src/spatial_grid.c, src/access_network.c); docs/access.md
--
-- Functions that take SQL texts run them as pgRouting does: with the
-- caller's rights (never SECURITY DEFINER) and the caller's search_path, so a
-- query names the caller's tables as the caller would (a pinned path would
-- let this extension's own tables, such as iapt_ews.site, shadow the
-- caller's). They are VOLATILE and PARALLEL UNSAFE (the queries may read
-- anything). The SQL they generate around those texts qualifies every
-- PostGIS function with PostGIS's schema (read from pg_extension at run
-- time) and everything else with pg_catalog, so no object on the caller's
-- path can stand in for them.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.travel_distance_xy(
    a_type text, a_x float8, a_y float8, a_srid integer,
    b_type text, b_x float8, b_y float8, b_srid integer,
    detour float8, proj4text text)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_travel_distance_xy'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.travel_distance_xy(text, float8, float8, integer, text, float8, float8, integer, float8, text) IS
'Internal: the C half of iapt_ews.travel_distance(geometry, geometry, float8), given the points'' types, coordinates and SRIDs and the SRID''s proj4text. Not STRICT: NULL coordinates (an empty point) give NULL only after the types and SRIDs are checked, and a NULL proj4text (an SRID spatial_ref_sys does not know) is an error, not NULL';

-- search_path FROM CURRENT: during CREATE EXTENSION the search_path is this
-- extension's schema followed by PostGIS's, so the PostGIS names below
-- resolve to PostGIS wherever it is installed (PostgreSQL 15 has no
-- @extschema:postgis@).
CREATE FUNCTION iapt_ews.travel_distance(a geometry, b geometry, detour float8 DEFAULT 1.0)
RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
SELECT iapt_ews.travel_distance_xy(
    GeometryType(a),
    CASE WHEN GeometryType(a) IN ('POINT', 'POINTM') THEN ST_X(a) END,
    CASE WHEN GeometryType(a) IN ('POINT', 'POINTM') THEN ST_Y(a) END,
    ST_SRID(a),
    GeometryType(b),
    CASE WHEN GeometryType(b) IN ('POINT', 'POINTM') THEN ST_X(b) END,
    CASE WHEN GeometryType(b) IN ('POINT', 'POINTM') THEN ST_Y(b) END,
    ST_SRID(b),
    detour,
    (SELECT s.proj4text FROM spatial_ref_sys s WHERE s.srid = ST_SRID(a)))
$$;
COMMENT ON FUNCTION iapt_ews.travel_distance(geometry, geometry, float8) IS
'Distance in metres between two points times a detour (circuity) factor >= 1: planar for projected SRIDs in metres (e.g. 27700), geodesic on the WGS 84 ellipsoid (Vincenty) for geographic SRIDs (e.g. 4326)';

CREATE FUNCTION iapt_ews.access_scores(
    areas_sql text, sites_sql text, catchment_m float8,
    decay text DEFAULT 'gaussian', detour float8 DEFAULT 1.0)
RETURNS TABLE(area_id text, population float8, nearest_site_id text,
              nearest_distance_m float8, sites_within integer, e2sfca float8)
AS 'MODULE_PATHNAME', 'iapt_access_scores'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 1000;
COMMENT ON FUNCTION iapt_ews.access_scores(text, text, float8, text, float8) IS
'Per area: nearest site (ties by lowest id), sites within the catchment, and the two-step floating catchment area score (decay gaussian: Dai 2010; step: Luo and Qi 2009 E2SFCA; none: classic 2SFCA). areas_sql returns id, geom (point), population; sites_sql returns id, geom (point), capacity; projected SRID in metres. VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries, which may read anything and call anything';

CREATE FUNCTION iapt_ews.best_new_sites(
    areas_sql text, sites_sql text, candidates_sql text, k integer,
    detour float8 DEFAULT 1.0)
RETURNS TABLE(step integer, site_id text, mean_distance_m float8)
AS 'MODULE_PATHNAME', 'iapt_best_new_sites'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 10;
COMMENT ON FUNCTION iapt_ews.best_new_sites(text, text, text, integer, float8) IS
'Greedy choice of k candidate sites that most reduce the population-weighted mean distance from the areas to their nearest site, existing or chosen (ties by lowest id); mean_distance_m after each step. VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries, which may read anything and call anything';

-- The access-gap report: plain SQL around access_scores() and the inequality
-- aggregates (65-inequality.sql; aggregates are created later in the script,
-- but plpgsql resolves names when it runs).
CREATE FUNCTION iapt_ews.access_gap_by_decile(
    areas_sql text, referrals_sql text, sites_sql text, catchment_m float8,
    decay text DEFAULT 'gaussian', detour float8 DEFAULT 1.0)
RETURNS TABLE(imd_decile integer, areas integer, population float8, referrals float8,
              referrals_per_100k float8, expected_referrals float8,
              observed_expected float8, oe_lower95 float8, oe_upper95 float8,
              mean_nearest_distance_m float8, population_within_catchment_pct float8,
              mean_e2sfca float8, sii_referrals_per_100k float8, rii_referrals float8)
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
-- No SET search_path: the caller's query texts must resolve as the caller
-- wrote them. Every operator below is therefore written OPERATOR(pg_catalog.x)
-- (NULLIF too would look "=" up on the caller's path, so divisions by a
-- possibly zero denominator are CASE expressions), and every function and
-- type, the variables' included, is schema-qualified (test/tap/catalog.sql
-- scans the body for anything looked up on the path). OPERATOR() forms all share one precedence, left to
-- right, so every compound expression is parenthesised in full; test/tap/search_path.sql runs this with hostile operators
-- ahead of pg_catalog.
AS $fn$
DECLARE
    unmatched pg_catalog.float8;
    undeciled pg_catalog.int8;
BEGIN
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.count(*) FROM (%s) q WHERE q.imd_decile IS NULL', areas_sql)
    INTO undeciled;
    IF undeciled OPERATOR(pg_catalog.>) 0 THEN
        RAISE NOTICE '% areas of areas_sql have no imd_decile and are left out', undeciled;
    END IF;
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.sum(r.referrals::pg_catalog.float8) FROM (%s) r
         WHERE NOT EXISTS (SELECT FROM (%s) a
                           WHERE a.id::pg_catalog.text OPERATOR(pg_catalog.=) r.area_id::pg_catalog.text)',
        referrals_sql, areas_sql)
    INTO unmatched;
    IF unmatched OPERATOR(pg_catalog.>) 0 THEN
        RAISE NOTICE '% referrals of referrals_sql are in areas that areas_sql does not return and are left out', unmatched;
    END IF;

    RETURN QUERY EXECUTE pg_catalog.format($q$
        WITH scores AS (
            SELECT * FROM iapt_ews.access_scores($1, $2, $3, $4, $5)
        ), area AS (
            SELECT q.id::pg_catalog.text AS id, q.imd_decile::pg_catalog.int4 AS imd_decile
            FROM (%1$s) q
        ), refs AS (
            SELECT q.area_id::pg_catalog.text AS area_id,
                   pg_catalog.sum(q.referrals::pg_catalog.float8) AS referrals
            FROM (%2$s) q GROUP BY 1
        ), per_area AS (
            SELECT a.imd_decile, COALESCE(s.population, 0::pg_catalog.float8) AS pop,
                   COALESCE(r.referrals, 0::pg_catalog.float8) AS refs,
                   s.nearest_distance_m, s.sites_within, s.e2sfca
            FROM scores s
            JOIN area a ON a.id OPERATOR(pg_catalog.=) s.area_id
            LEFT JOIN refs r ON r.area_id OPERATOR(pg_catalog.=) s.area_id
            WHERE a.imd_decile IS NOT NULL
        ), sums AS (
            -- Sums per decile (ord 0) and over all areas (ord 1, decile NULL).
            SELECT p.imd_decile, 0 AS ord, pg_catalog.count(*)::pg_catalog.int4 AS areas,
                   pg_catalog.sum(p.pop) AS population, pg_catalog.sum(p.refs) AS referrals,
                   pg_catalog.sum(p.pop OPERATOR(pg_catalog.*) p.nearest_distance_m) AS pop_distance,
                   pg_catalog.sum(p.pop) FILTER (WHERE p.nearest_distance_m IS NOT NULL) AS pop_with_distance,
                   COALESCE(pg_catalog.sum(p.pop) FILTER (WHERE p.sites_within OPERATOR(pg_catalog.>) 0),
                            0::pg_catalog.float8) AS pop_within,
                   pg_catalog.sum(p.pop OPERATOR(pg_catalog.*) p.e2sfca) AS pop_e2sfca
            FROM per_area p GROUP BY p.imd_decile
            UNION ALL
            SELECT NULL::pg_catalog.int4, 1, pg_catalog.count(*)::pg_catalog.int4,
                   pg_catalog.sum(p.pop), pg_catalog.sum(p.refs),
                   pg_catalog.sum(p.pop OPERATOR(pg_catalog.*) p.nearest_distance_m),
                   pg_catalog.sum(p.pop) FILTER (WHERE p.nearest_distance_m IS NOT NULL),
                   COALESCE(pg_catalog.sum(p.pop) FILTER (WHERE p.sites_within OPERATOR(pg_catalog.>) 0),
                            0::pg_catalog.float8),
                   pg_catalog.sum(p.pop OPERATOR(pg_catalog.*) p.e2sfca)
            FROM per_area p
            HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 0
        ), rated AS (
            SELECT s.*,
                   CASE WHEN s.population OPERATOR(pg_catalog.<>) 0 THEN
                        (100000 OPERATOR(pg_catalog.*) s.referrals) OPERATOR(pg_catalog./) s.population END AS per_100k,
                   CASE WHEN t.population OPERATOR(pg_catalog.<>) 0 THEN
                        s.population OPERATOR(pg_catalog.*) (t.referrals OPERATOR(pg_catalog./) t.population) END AS e
            FROM sums s CROSS JOIN sums t
            WHERE t.ord OPERATOR(pg_catalog.=) 1
        ), gap AS (
            SELECT iapt_ews.slope_index_of_inequality(r.per_100k, r.imd_decile, r.population) AS sii,
                   iapt_ews.relative_index_of_inequality(r.per_100k, r.imd_decile, r.population) AS rii
            FROM rated r WHERE r.ord OPERATOR(pg_catalog.=) 0
        ), byar AS (
            -- Byar's approximation to the exact Poisson interval (PHE/OHID):
            -- limits for the observed count, divided by the expected below.
            SELECT x.*,
                   CASE WHEN x.referrals OPERATOR(pg_catalog.=) 0 THEN 0::pg_catalog.float8
                        ELSE x.referrals OPERATOR(pg_catalog.*) pg_catalog.power(
                             (1 OPERATOR(pg_catalog.-) (1 OPERATOR(pg_catalog./) (9 OPERATOR(pg_catalog.*) x.referrals)))
                               OPERATOR(pg_catalog.-) (1.959963984540054::pg_catalog.float8
                               OPERATOR(pg_catalog./) (3 OPERATOR(pg_catalog.*) pg_catalog.sqrt(x.referrals))),
                             3) END AS lower_count,
                   (x.referrals OPERATOR(pg_catalog.+) 1) OPERATOR(pg_catalog.*) pg_catalog.power(
                        (1 OPERATOR(pg_catalog.-) (1 OPERATOR(pg_catalog./) (9 OPERATOR(pg_catalog.*) (x.referrals OPERATOR(pg_catalog.+) 1))))
                          OPERATOR(pg_catalog.+) (1.959963984540054::pg_catalog.float8
                          OPERATOR(pg_catalog./) (3 OPERATOR(pg_catalog.*) pg_catalog.sqrt(x.referrals OPERATOR(pg_catalog.+) 1))),
                        3) AS upper_count
            FROM rated x
        )
        SELECT x.imd_decile, x.areas, x.population, x.referrals, x.per_100k, x.e,
               CASE WHEN x.e OPERATOR(pg_catalog.<>) 0 THEN x.referrals OPERATOR(pg_catalog./) x.e END,
               CASE WHEN x.e OPERATOR(pg_catalog.<>) 0 THEN x.lower_count OPERATOR(pg_catalog./) x.e END,
               CASE WHEN x.e OPERATOR(pg_catalog.<>) 0 THEN x.upper_count OPERATOR(pg_catalog./) x.e END,
               CASE WHEN x.pop_with_distance OPERATOR(pg_catalog.<>) 0 THEN
                    x.pop_distance OPERATOR(pg_catalog./) x.pop_with_distance END,
               CASE WHEN x.population OPERATOR(pg_catalog.<>) 0 THEN
                    (100 OPERATOR(pg_catalog.*) x.pop_within) OPERATOR(pg_catalog./) x.population END,
               CASE WHEN x.population OPERATOR(pg_catalog.<>) 0 THEN
                    x.pop_e2sfca OPERATOR(pg_catalog./) x.population END,
               CASE WHEN x.ord OPERATOR(pg_catalog.=) 1 THEN g.sii END,
               CASE WHEN x.ord OPERATOR(pg_catalog.=) 1 THEN g.rii END
        FROM byar x CROSS JOIN gap g
        ORDER BY x.ord, x.imd_decile
    $q$, areas_sql, referrals_sql)
    USING areas_sql, sites_sql, catchment_m, decay, detour;
END
$fn$;
COMMENT ON FUNCTION iapt_ews.access_gap_by_decile(text, text, text, float8, text, float8) IS
'Access-gap report by IMD decile (and a final all-areas row with imd_decile NULL): population, referrals, referrals per 100,000, expected referrals at the overall rate, observed/expected with 95% limits (Byar), population-weighted mean nearest distance, share of population with a site within the catchment, mean e2sfca, and on the all-areas row the SII and RII of the referral rate across deciles. areas_sql returns id, geom, population, imd_decile; referrals_sql returns area_id, referrals; sites_sql returns id, geom, capacity';

CREATE FUNCTION iapt_ews.access_scores_network(
    areas_sql text, sites_sql text, edges_sql text, vertices_sql text, catchment_m float8,
    decay text DEFAULT 'gaussian', directed boolean DEFAULT false,
    nearest_max_m float8 DEFAULT 0)
RETURNS TABLE(area_id text, population float8, nearest_site_id text,
              nearest_distance_m float8, sites_within integer, e2sfca float8)
AS 'MODULE_PATHNAME', 'iapt_access_scores_network'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 1000;
COMMENT ON FUNCTION iapt_ews.access_scores_network(text, text, text, text, float8, text, boolean, float8) IS
'access_scores with distances along a road network (needs the pgrouting extension): areas and sites are snapped to the nearest vertex of vertices_sql (id, geom); distance = snap + pgr_drivingDistance cost over edges_sql (id, source, target, cost[, reverse_cost], costs in metres) + snap; nearest site searched within the catchment, or within nearest_max_m when that is larger. VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries, which may read anything and call anything';
-- ---------------------------------------------------------------------------
-- Access reports (docs/access.md, docs/reporting.md): the statements the
-- builders of iapt_ews (70-model.sql) run when iapt_ews_postgis is
-- installed. area_point and site_point give the areas and sites PostGIS
-- points; access_scores reads them through their regclass, printed at run
-- time (qualified whenever the caller's search_path would find another
-- relation of that name first).
-- ---------------------------------------------------------------------------

CREATE FUNCTION iapt_ews.model_objects_access(
    OUT step integer, OUT object_name text, OUT object_kind text, OUT layer text,
    OUT reads text[], OUT definition text)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
(600, 'area_point', 'view', 'reports', '{area}'::text[], $ddl$
CREATE VIEW area_point WITH (security_barrier = true) AS
SELECT a.lsoa_code AS id, ST_SetSRID(ST_MakePoint(a.easting, a.northing), 27700)::geometry(Point, 27700) AS geom,
       coalesce(a.population, 0) AS population, a.imd_decile
FROM area a;
COMMENT ON VIEW area_point IS 'The areas as PostGIS points (EPSG:27700) with population and IMD decile, in the shape iapt_ews.access_scores reads. The access views read it with the caller''s rights: grant SELECT on it (no patient data) to whoever reads them';
COMMENT ON COLUMN area_point.id IS 'LSOA code';
COMMENT ON COLUMN area_point.geom IS 'Population-weighted centroid (EPSG:27700)';
COMMENT ON COLUMN area_point.population IS 'Resident population (0 when not known)';
COMMENT ON COLUMN area_point.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
$ddl$),
(605, 'site_point', 'view', 'reports', '{site}', $ddl$
CREATE VIEW site_point WITH (security_barrier = true) AS
SELECT s.site_id AS id, ST_SetSRID(ST_MakePoint(s.easting, s.northing), 27700)::geometry(Point, 27700) AS geom, 1 AS capacity
FROM site s;
COMMENT ON VIEW site_point IS 'The sites as PostGIS points (EPSG:27700), each of capacity 1, in the shape iapt_ews.access_scores reads. The access views read it with the caller''s rights: grant SELECT on it (no patient data) to whoever reads them';
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
LEFT JOIN iapt_ews.access_scores('SELECT id, geom, population FROM ' || 'area_point'::regclass::text, 'SELECT id, geom, capacity FROM ' || 'site_point'::regclass::text, 5000) s ON s.area_id = a.lsoa_code
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
        'SELECT id, geom, population, imd_decile FROM ' || 'area_point'::regclass::text,
        -- The query texts run with the caller's rights, and the caller may
        -- not read referral_outcome (a publication role): the referral
        -- counts per area are made here, with this view's rights and the
        -- caller's visibility, and passed as literals.
        (SELECT coalesce('SELECT * FROM (VALUES ' || string_agg(format('(%L, %s)', c.lsoa_code, c.referrals), ', ')
                         || ') v(area_id, referrals)',
                         'SELECT NULL::text AS area_id, 0 AS referrals WHERE false')
         FROM (SELECT o.lsoa_code, count(*) AS referrals FROM referral_outcome o
               WHERE o.lsoa_code IS NOT NULL GROUP BY o.lsoa_code) c),
        'SELECT id, geom, capacity FROM ' || 'site_point'::regclass::text, 5000) g;
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
SELECT d.imd_decile, d.areas, d.population,
       iapt_ews.suppress(d.referrals) AS referrals,
       round(100000 * iapt_ews.suppress(d.referrals)::numeric / nullif(d.population, 0), 1) AS referrals_per_100k,
       CASE WHEN d.referrals >= 5 THEN d.observed_expected END AS observed_expected,
       d.mean_nearest_distance_m, d.population_within_5km_pct,
       d.sii_referrals_per_100k, d.rii_referrals
FROM access_by_decile d;
COMMENT ON VIEW access_by_decile_published IS 'access_by_decile with disclosure control: referral counts below 5 withheld and the rest rounded to 5, the rate per 100,000 from the rounded count, observed/expected withheld under 5 referrals; the all-areas row carries the SII and RII';
COMMENT ON COLUMN access_by_decile_published.imd_decile IS 'IMD 2019 decile (1 = most deprived)';
COMMENT ON COLUMN access_by_decile_published.areas IS 'Areas (LSOAs)';
COMMENT ON COLUMN access_by_decile_published.population IS 'Resident population';
COMMENT ON COLUMN access_by_decile_published.referrals IS 'Referrals of residents (suppressed)';
COMMENT ON COLUMN access_by_decile_published.referrals_per_100k IS 'Referrals per 100,000 residents (suppressed_rate)';
COMMENT ON COLUMN access_by_decile_published.observed_expected IS 'Observed / expected referrals at the overall rate (withheld under 5 referrals)';
COMMENT ON COLUMN access_by_decile_published.mean_nearest_distance_m IS 'Population-weighted mean distance to the nearest site, metres';
COMMENT ON COLUMN access_by_decile_published.population_within_5km_pct IS 'Share of residents with a site within 5 km, %';
COMMENT ON COLUMN access_by_decile_published.sii_referrals_per_100k IS 'Slope index of inequality of the referral rate across deciles';
COMMENT ON COLUMN access_by_decile_published.rii_referrals IS 'Relative index of inequality of the referral rate';
$ddl$)
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_access() IS
'Internal: the access reports'' statements (area_point, site_point, area_access, access_by_decile and their published variants), run by the builders of iapt_ews when iapt_ews_postgis is installed; read them through iapt_ews.data_model';
