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

-- @model_statements access
