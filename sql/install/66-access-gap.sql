-- ---------------------------------------------------------------------------
-- The access-gap report by IMD decile (docs/access.md, "The access-gap
-- report"), in the core extension: its arithmetic needs no geometry, so the
-- straight-line form (access_gap_by_decile, in iapt_ews_postgis) and the
-- travel-cost matrix form (access_gap_by_decile_matrix, below) share one
-- summary. Each form runs the caller's query texts itself, as the caller
-- wrote them, and hands the summary plain arrays; the summary, with a
-- pinned search_path, is static SQL that an editor and plpgsql_check read.
-- ---------------------------------------------------------------------------

-- Observed/expected with Byar's limits (in C so that no interval is written
-- in SQL).
CREATE FUNCTION iapt_ews.observed_expected_interval(
    observed float8, expected float8,
    OUT ratio float8, OUT ci_low float8, OUT ci_high float8)
AS 'MODULE_PATHNAME', 'iapt_observed_expected_interval'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.observed_expected_interval(float8, float8) IS
'An observed count of events against the count expected: the ratio observed / expected with its 95% limits by Byar''s approximation to the exact Poisson interval of the observed count (docs/access.md); all NULL when expected is 0; 22023 when either count is negative or not finite';

-- The areas' scores (one element per area of access_scores or
-- access_scores_matrix), the areas' deciles (areas_sql) and the referrals
-- (referrals_sql) in; one row per decile and an all-areas row out.
CREATE FUNCTION iapt_ews.access_gap_summary(
    score_area text[], score_population float8[], score_nearest float8[],
    score_sites_within integer[], score_e2sfca float8[],
    decile_area text[], area_decile integer[], referral_area text[], referral_count float8[])
RETURNS TABLE(imd_decile integer, areas integer, population float8, referrals float8,
              referrals_per_100k float8, expected_referrals float8,
              observed_expected float8, oe_lower95 float8, oe_upper95 float8,
              mean_nearest float8, population_within_catchment_pct float8,
              mean_e2sfca float8, sii_referrals_per_100k float8, rii_referrals float8)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
#variable_conflict use_column
DECLARE
    undeciled bigint;
    unmatched float8;
BEGIN
    -- Phase 1: say what is left out.
    SELECT count(*) INTO undeciled FROM unnest(decile_area, area_decile) a(id, decile) WHERE a.decile IS NULL;
    IF undeciled > 0 THEN
        RAISE NOTICE '% areas of areas_sql have no imd_decile and are left out', undeciled;
    END IF;
    SELECT sum(r.n) INTO unmatched FROM unnest(referral_area, referral_count) r(id, n)
    WHERE NOT EXISTS (SELECT FROM unnest(decile_area) a(id) WHERE a.id = r.id);
    IF unmatched > 0 THEN
        RAISE NOTICE '% referrals of referrals_sql are in areas that areas_sql does not return and are left out', unmatched;
    END IF;

    -- Phase 2: per area, per decile and over all areas.
    RETURN QUERY
    WITH scores AS (
        SELECT * FROM unnest(score_area, score_population, score_nearest, score_sites_within, score_e2sfca)
                      s(id, pop, nearest, within, e2sfca)
    ), area AS (
        SELECT * FROM unnest(decile_area, area_decile) a(id, decile)
    ), refs AS (
        SELECT r.id, sum(r.n) AS n FROM unnest(referral_area, referral_count) r(id, n) GROUP BY r.id
    ), per_area AS (
        SELECT a.decile, coalesce(s.pop, 0) AS pop, coalesce(r.n, 0) AS refs, s.nearest, s.within, s.e2sfca
        FROM scores s
        JOIN area a ON a.id = s.id
        LEFT JOIN refs r ON r.id = s.id
        WHERE a.decile IS NOT NULL
    ), sums AS (
        -- Sums per decile (ord 0) and over all areas (ord 1, decile NULL).
        SELECT p.decile, 0 AS ord, count(*)::int4 AS areas, sum(p.pop) AS pop, sum(p.refs) AS refs,
               sum(p.pop * p.nearest) AS pop_nearest,
               sum(p.pop) FILTER (WHERE p.nearest IS NOT NULL) AS pop_with_nearest,
               coalesce(sum(p.pop) FILTER (WHERE p.within > 0), 0) AS pop_within,
               sum(p.pop * p.e2sfca) AS pop_e2sfca
        FROM per_area p GROUP BY p.decile
        UNION ALL
        SELECT NULL, 1, count(*)::int4, sum(p.pop), sum(p.refs), sum(p.pop * p.nearest),
               sum(p.pop) FILTER (WHERE p.nearest IS NOT NULL),
               coalesce(sum(p.pop) FILTER (WHERE p.within > 0), 0), sum(p.pop * p.e2sfca)
        FROM per_area p
        HAVING count(*) > 0
    ), rated AS (
        SELECT s.*,
               CASE WHEN s.pop <> 0 THEN 100000 * s.refs / s.pop END AS per_100k,
               CASE WHEN t.pop <> 0 THEN s.pop * (t.refs / t.pop) END AS expected
        FROM sums s CROSS JOIN sums t
        WHERE t.ord = 1
    ), gap AS (
        SELECT iapt_ews.slope_index_of_inequality(r.per_100k, r.decile, r.pop) AS sii,
               iapt_ews.relative_index_of_inequality(r.per_100k, r.decile, r.pop) AS rii
        FROM rated r WHERE r.ord = 0
    )
    SELECT x.decile, x.areas, x.pop, x.refs, x.per_100k, x.expected,
           oe.ratio, oe.ci_low, oe.ci_high,
           CASE WHEN x.pop_with_nearest <> 0 THEN x.pop_nearest / x.pop_with_nearest END,
           CASE WHEN x.pop <> 0 THEN 100 * x.pop_within / x.pop END,
           CASE WHEN x.pop <> 0 THEN x.pop_e2sfca / x.pop END,
           CASE WHEN x.ord = 1 THEN g.sii END,
           CASE WHEN x.ord = 1 THEN g.rii END
    FROM rated x CROSS JOIN gap g
    CROSS JOIN LATERAL iapt_ews.observed_expected_interval(x.refs, x.expected) oe
    ORDER BY x.ord, x.decile;
END
$function$;
COMMENT ON FUNCTION iapt_ews.access_gap_summary(text[], float8[], float8[], integer[], float8[], text[], integer[], text[], float8[]) IS
'Internal: for access_gap_by_decile and access_gap_by_decile_matrix: the report by IMD decile and over all areas from the areas'' scores (ids, populations, nearest distance or cost, sites within, 2SFCA), the areas'' deciles and the referrals per area, as arrays; NOTICEs for the areas without a decile and the referrals in no area';

-- The caller's areas (their deciles) and referrals, read as the caller
-- wrote the queries: no SET search_path, so every name is qualified
-- (test/tap/catalog.sql checks it). Both forms of the report read them
-- through this one function.
CREATE FUNCTION iapt_ews.access_gap_inputs(
    areas_sql text, referrals_sql text,
    OUT area_ids text[], OUT area_deciles integer[], OUT referral_areas text[], OUT referral_counts float8[])
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
AS $function$
BEGIN
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(q.id::pg_catalog.text), pg_catalog.array_agg(q.imd_decile::pg_catalog.int4) FROM (%s) q', areas_sql)
        INTO area_ids, area_deciles;
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(q.area_id::pg_catalog.text), pg_catalog.array_agg(q.referrals::pg_catalog.float8) FROM (%s) q', referrals_sql)
        INTO referral_areas, referral_counts;
END
$function$;
COMMENT ON FUNCTION iapt_ews.access_gap_inputs(text, text) IS
'Internal: for access_gap_by_decile and access_gap_by_decile_matrix: the areas (id, imd_decile of areas_sql) and the referrals (area_id, referrals of referrals_sql) as arrays, the queries run as the caller wrote them';

-- The report over a travel-cost matrix. No SET search_path: the caller's
-- query texts must resolve as the caller wrote them, so everything here is
-- qualified (test/tap/catalog.sql checks it).
CREATE FUNCTION iapt_ews.access_gap_by_decile_matrix(
    areas_sql text, referrals_sql text, sites_sql text, costs_sql text, catchment float8,
    decay text DEFAULT 'gaussian')
RETURNS TABLE(imd_decile integer, areas integer, population float8, referrals float8,
              referrals_per_100k float8, expected_referrals float8,
              observed_expected float8, oe_lower95 float8, oe_upper95 float8,
              mean_nearest_cost float8, population_within_catchment_pct float8,
              mean_e2sfca float8, sii_referrals_per_100k float8, rii_referrals float8)
LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
AS $function$
-- The caller's areas and referrals, the areas' scores as arrays, the summary.
SELECT g.* FROM iapt_ews.access_gap_inputs(areas_sql, referrals_sql) i,
    LATERAL (SELECT pg_catalog.array_agg(s.area_id) AS ids, pg_catalog.array_agg(s.population) AS populations, pg_catalog.array_agg(s.nearest_cost) AS nearest, pg_catalog.array_agg(s.sites_within) AS within, pg_catalog.array_agg(s.e2sfca) AS scores FROM iapt_ews.access_scores_matrix(areas_sql, sites_sql, costs_sql, catchment, decay) s) a,
    LATERAL iapt_ews.access_gap_summary(a.ids, a.populations, a.nearest, a.within, a.scores, i.area_ids, i.area_deciles, i.referral_areas, i.referral_counts) g
$function$;
COMMENT ON FUNCTION iapt_ews.access_gap_by_decile_matrix(text, text, text, text, float8, text) IS
'Access-gap report by IMD decile over a travel-cost matrix (access_scores_matrix: routed minutes, metres, any unit), as access_gap_by_decile reports it over straight lines: population, referrals, referrals per 100,000, expected at the overall rate, observed/expected with 95% limits (Byar), population-weighted mean cost to the nearest site, share within the catchment, mean 2SFCA score, SII and RII on the all-areas row (imd_decile NULL). areas_sql returns id, population, imd_decile; referrals_sql returns area_id, referrals; sites_sql returns id, capacity; costs_sql returns area_id, site_id, cost. Needs no PostGIS. VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries';
