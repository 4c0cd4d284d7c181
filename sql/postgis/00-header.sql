-- iapt_ews_postgis: the travel-distance access functions and reports of
-- iapt_ews, which need PostGIS. Assembled from sql/postgis/*.sql.
\echo Use "CREATE EXTENSION iapt_ews_postgis CASCADE" to load this file. \quit
