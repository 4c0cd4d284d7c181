-- ---------------------------------------------------------------------------
-- Access over a travel-cost matrix (src/access_matrix.c, src/access_input.c);
-- docs/access.md, "A travel-cost matrix: access_scores_matrix"
--
-- In the core extension: a matrix names areas and sites by id and needs no
-- geometry, so no PostGIS. Like access_scores it runs the caller's query
-- texts with the caller's rights and search_path (never SECURITY DEFINER),
-- so it is VOLATILE and PARALLEL UNSAFE; the SQL it wraps around those
-- texts qualifies everything with pg_catalog.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.access_scores_matrix(
    areas_sql text, sites_sql text, costs_sql text, catchment float8,
    decay text DEFAULT 'gaussian')
RETURNS TABLE(area_id text, population float8, nearest_site_id text,
              nearest_cost float8, sites_within integer, e2sfca float8)
AS 'MODULE_PATHNAME', 'iapt_access_scores_matrix'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 1000;
COMMENT ON FUNCTION iapt_ews.access_scores_matrix(text, text, text, float8, text) IS
'Per area, over a travel-cost matrix (routed minutes, metres, any unit): nearest site (lowest cost over every pair, ties by lowest id), sites within the catchment (cost <= catchment) and the two-step floating catchment area score with the decays of access_scores (gaussian, step, none) applied to cost / catchment. areas_sql returns id, population; sites_sql returns id, capacity; costs_sql returns area_id, site_id, cost, a pair it does not return being unreachable. Needs no PostGIS. VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries, which may read anything and call anything';

-- New sites closer to home over the same kind of matrix: its pairs name
-- existing sites and candidates alike (docs/access.md, "New sites closer
-- to home").
CREATE FUNCTION iapt_ews.best_new_sites_matrix(
    areas_sql text, sites_sql text, candidates_sql text, costs_sql text, k integer)
RETURNS TABLE(step integer, site_id text, mean_cost float8, population_unreached float8)
AS 'MODULE_PATHNAME', 'iapt_best_new_sites_matrix'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
ROWS 10;
COMMENT ON FUNCTION iapt_ews.best_new_sites_matrix(text, text, text, text, integer) IS
'Greedy choice of k candidate sites over a travel-cost matrix (routed minutes, metres, any unit) whose pairs name existing sites and candidates alike: each step adds the candidate that leaves the least population out of reach of every open site, then (among equals) gives the lowest population-weighted cost from the reached areas to their nearest open site, ties by lowest id; after each step, mean_cost over the reached population (NULL when none is reached) and population_unreached. areas_sql returns id, population; sites_sql and candidates_sql return id (no id in both); costs_sql returns area_id, site_id, cost, a pair it does not return being unreachable. Needs no PostGIS. VOLATILE and PARALLEL UNSAFE because it runs the caller''s queries';

-- The access functions read their inputs through query texts that they run
-- as the caller. A report that named its relations there (area_point,
-- referral_outcome) would need the caller to hold SELECT on them, so a
-- reader granted only the published views could not use it. The reports
-- read their rows with the view owner's rights instead and hand them over
-- inside the query text: an array literal of the relation's row type,
-- unnested. pg_typeof prints that type schema-qualified under the pinned
-- path, so the text means the same on any caller's search_path. In the
-- core extension: the reports in minutes (sql/model/travel/) use it too.
CREATE FUNCTION iapt_ews.rows_as_query(rows anyarray)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.format('SELECT * FROM pg_catalog.unnest(%L::%s) AS r', rows, pg_catalog.pg_typeof(rows))
$$;
COMMENT ON FUNCTION iapt_ews.rows_as_query(anyarray) IS
'Internal: a query text returning the rows of an array of a row type (SELECT * FROM unnest(<literal>::<type>[])), for the access functions'' query arguments; NULL gives a query returning no rows. The access reports pass their rows this way so that the caller needs no right on the relations they read';
