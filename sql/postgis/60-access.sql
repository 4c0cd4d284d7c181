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

-- access_scores in minutes of the travel-time model (63-travel-model.sql):
-- the defaults are travel_minutes'.
CREATE FUNCTION iapt_ews.access_scores_minutes(
    areas_sql text, sites_sql text, catchment_minutes float8,
    decay text DEFAULT 'gaussian', fixed_minutes float8 DEFAULT 6.9, speed_kmh float8 DEFAULT 45.4)
RETURNS TABLE(area_id text, population float8, nearest_site_id text,
              nearest_minutes float8, sites_within integer, e2sfca float8)
AS 'MODULE_PATHNAME', 'iapt_access_scores_minutes'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 1000;
COMMENT ON FUNCTION iapt_ews.access_scores_minutes(text, text, float8, text, float8, float8) IS
'access_scores with each area-site trip in minutes of the travel-time model travel_minutes(straight-line distance, fixed_minutes, speed_kmh) (defaults fitted to routed car times in Devon): nearest site and its minutes, sites within catchment_minutes, and the 2SFCA score with the decay applied to minutes / catchment_minutes, as access_scores_matrix applies it to routed minutes. catchment_minutes must be more than fixed_minutes (22023). VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries, which may read anything and call anything';

CREATE FUNCTION iapt_ews.best_new_sites(
    areas_sql text, sites_sql text, candidates_sql text, k integer,
    detour float8 DEFAULT 1.0)
RETURNS TABLE(step integer, site_id text, mean_distance_m float8)
AS 'MODULE_PATHNAME', 'iapt_best_new_sites'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 10;
COMMENT ON FUNCTION iapt_ews.best_new_sites(text, text, text, integer, float8) IS
'Greedy choice of k candidate sites that most reduce the population-weighted mean distance from the areas to their nearest site, existing or chosen (ties by lowest id); mean_distance_m after each step. VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries, which may read anything and call anything';

-- best_new_sites with each chosen candidate's name and place. The choice is
-- best_new_sites' own (its C, unchanged); candidates_sql is then read a
-- second time for the chosen ids only, so the memory of the call stays what
-- best_new_sites bounds (iapt_ews.max_input_memory) plus k rows. The
-- wrapper runs the caller's texts, so it pins no search_path and qualifies
-- everything; what needs PostGIS by name is in best_new_sites_places, on
-- the path CREATE EXTENSION sets (iapt_ews and PostGIS's schema).
CREATE FUNCTION iapt_ews.best_new_sites_places(
    steps integer[], site_ids text[], means float8[],
    candidate_ids text[], candidate_names text[], candidate_geoms geometry[])
RETURNS TABLE(step integer, site_id text, mean_distance_m float8, name text,
              easting float8, northing float8, latitude float8, longitude float8, geom geometry)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $fn$
DECLARE
    bad_id text;
    times bigint;
BEGIN
    -- Each chosen id once among the rows read again, with the point
    -- best_new_sites read (NULL and empty geometries it skipped).
    SELECT s.id, count(c.id) INTO bad_id, times
    FROM unnest(site_ids) WITH ORDINALITY AS s(id, i)
    LEFT JOIN unnest(candidate_ids, candidate_geoms) AS c(id, geom)
           ON c.id = s.id AND c.geom IS NOT NULL AND NOT ST_IsEmpty(c.geom)
    GROUP BY s.id, s.i HAVING count(c.id) <> 1 ORDER BY s.i LIMIT 1;
    IF times = 0 THEN
        RAISE EXCEPTION 'candidates_sql did not return the chosen candidate % when read again', bad_id
            USING ERRCODE = '22023',
                  DETAIL = 'best_new_sites_located reads candidates_sql twice: to choose, then for the names and places of the chosen ids.',
                  HINT = 'Give a query that returns the same rows each time it runs.';
    ELSIF times > 1 THEN
        RAISE EXCEPTION 'candidates_sql returned the chosen candidate % % times', bad_id, times
            USING ERRCODE = '22023',
                  DETAIL = 'A chosen candidate''s name and place are found by its id.',
                  HINT = 'Give each candidate an id of its own.';
    END IF;
    RETURN QUERY
    SELECT s.step, s.site_id, s.mean, c.name, ST_X(c.geom), ST_Y(c.geom),
           ST_Y(w.geom), ST_X(w.geom), c.geom
    FROM unnest(steps, site_ids, means) AS s(step, site_id, mean)
    JOIN unnest(candidate_ids, candidate_names, candidate_geoms) AS c(id, name, geom)
      ON c.id = s.site_id AND c.geom IS NOT NULL AND NOT ST_IsEmpty(c.geom)
    CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, 4326) AS geom) w
    ORDER BY s.step;
END
$fn$;
COMMENT ON FUNCTION iapt_ews.best_new_sites_places(integer[], text[], float8[], text[], text[], geometry[]) IS
'Internal: the second half of iapt_ews.best_new_sites_located: the steps of best_new_sites (steps, site_ids, means) beside the rows of candidates_sql read again for the chosen ids (ids, names, points), each chosen id in exactly one row with a point (22023 otherwise), with the point''s coordinates and its latitude and longitude (WGS 84)';

CREATE FUNCTION iapt_ews.best_new_sites_located(
    areas_sql text, sites_sql text, candidates_sql text, k integer,
    detour float8 DEFAULT 1.0)
RETURNS TABLE(step integer, site_id text, mean_distance_m float8, name text,
              easting float8, northing float8, latitude float8, longitude float8, geom geometry)
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
ROWS 10
-- No SET search_path: the caller's query texts must resolve as the caller
-- wrote them, so everything below is schema-qualified.
AS $fn$
DECLARE
    steps pg_catalog.int4[];
    ids pg_catalog.text[];
    means pg_catalog.float8[];
    name_column pg_catalog.text := 'q.name::pg_catalog.text';
BEGIN
    -- Phase 1: the choice.
    SELECT pg_catalog.array_agg(b.step ORDER BY b.step), pg_catalog.array_agg(b.site_id ORDER BY b.step),
           pg_catalog.array_agg(b.mean_distance_m ORDER BY b.step)
    INTO steps, ids, means
    FROM iapt_ews.best_new_sites(areas_sql, sites_sql, candidates_sql, k, detour) b;
    IF steps IS NULL THEN
        RETURN;
    END IF;
    -- Phase 2: does candidates_sql have a column name? (Planned, not run.)
    -- Not to_jsonb(q) ->> 'name': PostGIS's geometry to JSON runs SQL of its
    -- own on the caller's path.
    BEGIN
        EXECUTE pg_catalog.format('SELECT q.name FROM (%s) q LIMIT 0', candidates_sql);
    EXCEPTION WHEN undefined_column THEN
        name_column := 'NULL::pg_catalog.text';
    END;
    -- Phase 3: the chosen candidates' rows, read again, and their places.
    RETURN QUERY EXECUTE pg_catalog.format('SELECT p.* FROM (SELECT pg_catalog.array_agg(q.id::pg_catalog.text) AS ids, pg_catalog.array_agg(%s) AS names, pg_catalog.array_agg(q.geom) AS geoms FROM (%s) q WHERE q.id::pg_catalog.text OPERATOR(pg_catalog.=) ANY ($2)) c CROSS JOIN LATERAL iapt_ews.best_new_sites_places($1, $2, $3, c.ids, c.names, c.geoms) p ORDER BY p.step',
                                           name_column, candidates_sql)
        USING steps, ids, means;
END
$fn$;
COMMENT ON FUNCTION iapt_ews.best_new_sites_located(text, text, text, integer, float8) IS
'best_new_sites with each chosen candidate''s name and place: step, site_id and mean_distance_m as best_new_sites gives them, then name (candidates_sql''s column name as text, NULL when it has none), easting and northing (the point''s coordinates in its SRID, metres: British National Grid for 27700), latitude and longitude (WGS 84) and the point itself. candidates_sql is read again for the chosen ids, which must each be in one row (22023 otherwise). VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries, which may read anything and call anything';

-- The access-gap report over straight lines: access_scores() and the
-- summary of the core extension (66-access-gap.sql), which the matrix form
-- shares.
CREATE FUNCTION iapt_ews.access_gap_by_decile(
    areas_sql text, referrals_sql text, sites_sql text, catchment_m float8,
    decay text DEFAULT 'gaussian', detour float8 DEFAULT 1.0)
RETURNS TABLE(imd_decile integer, areas integer, population float8, referrals float8,
              referrals_per_100k float8, expected_referrals float8,
              observed_expected float8, oe_lower95 float8, oe_upper95 float8,
              mean_nearest_distance_m float8, population_within_catchment_pct float8,
              mean_e2sfca float8, sii_referrals_per_100k float8, rii_referrals float8)
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
-- No SET search_path: the caller's query texts must resolve as the caller
-- wrote them. So every name below is schema-qualified (test/tap/catalog.sql
-- scans the body; test/tap/search_path.sql runs this with hostile operators
-- ahead of pg_catalog), and the arithmetic is the summary's, on a pinned
-- path (66-access-gap.sql).
AS $fn$
-- The caller's areas and referrals, the areas' scores as arrays, the summary.
SELECT g.* FROM iapt_ews.access_gap_inputs(areas_sql, referrals_sql) i,
    LATERAL (SELECT pg_catalog.array_agg(s.area_id) AS ids, pg_catalog.array_agg(s.population) AS populations, pg_catalog.array_agg(s.nearest_distance_m) AS nearest, pg_catalog.array_agg(s.sites_within) AS within, pg_catalog.array_agg(s.e2sfca) AS scores FROM iapt_ews.access_scores(areas_sql, sites_sql, catchment_m, decay, detour) s) a,
    LATERAL iapt_ews.access_gap_summary(a.ids, a.populations, a.nearest, a.within, a.scores, i.area_ids, i.area_deciles, i.referral_areas, i.referral_counts) g
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
