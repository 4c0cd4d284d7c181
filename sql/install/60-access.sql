-- ---------------------------------------------------------------------------
-- Travel-distance access (src/travel.c, src/access.c, src/access_input.c,
-- src/spatial_grid.c, src/access_network.c); docs/access.md
--
-- Functions that take SQL texts run them with the caller's rights and
-- search_path (pgRouting's convention, never SECURITY DEFINER); the SQL they
-- generate around those texts qualifies every PostGIS function with the
-- schema PostGIS is installed in (read from pg_extension at run time).
-- They are VOLATILE: the queries they run may read anything.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.travel_distance_xy(
    a_type text, a_x float8, a_y float8, a_srid integer,
    b_type text, b_x float8, b_y float8, b_srid integer,
    detour float8, proj4text text)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_travel_distance_xy'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.travel_distance_xy(text, float8, float8, integer, text, float8, float8, integer, float8, text) IS
'Internal: the C half of iapt_ews.travel_distance(geometry, geometry, float8), given the points'' types, coordinates and SRIDs and the SRID''s proj4text';

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
'Per area: nearest site (ties by lowest id), sites within the catchment, and the two-step floating catchment area score (decay gaussian: Dai 2010; step: Luo and Qi 2009 E2SFCA; none: classic 2SFCA). areas_sql returns id, geom (point), population; sites_sql returns id, geom (point), capacity; projected SRID in metres';

CREATE FUNCTION iapt_ews.best_new_sites(
    areas_sql text, sites_sql text, candidates_sql text, k integer,
    detour float8 DEFAULT 1.0)
RETURNS TABLE(step integer, site_id text, mean_distance_m float8)
AS 'MODULE_PATHNAME', 'iapt_best_new_sites'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 10;
COMMENT ON FUNCTION iapt_ews.best_new_sites(text, text, text, integer, float8) IS
'Greedy choice of k candidate sites that most reduce the population-weighted mean distance from the areas to their nearest site, existing or chosen (ties by lowest id); mean_distance_m after each step';
