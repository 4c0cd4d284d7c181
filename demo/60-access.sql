-- Demo: travel-distance access gaps by deprivation (docs/access.md).
--
-- Reads the demo data loaded by the earlier demo scripts, whichever is there:
--  1. the data model in schema talking_therapies (area, site and referral,
--     made by iapt_ews.create_data_model; demo/16-reporting-sample.sql);
--  2. else demo.lsoa, demo.site (with capacity) and demo.referral;
--  3. else a small stand-in built here: one borough service, Hammersmith and
--     Fulham, with one central site and a synthetic year of referrals whose
--     rate falls with distance, as the borough found (the seed story:
--     deprived neighbourhoods far from the service referred less; therapy
--     moved into GP surgeries and community centres closer to home).
-- GP practices, the candidate sites closer to home, are loaded here into
-- demo.gp_practice. The three sources are seen through the views of schema
-- demo_access.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS demo;

CREATE EXTENSION IF NOT EXISTS iapt_ews_postgis CASCADE;
SELECT to_regclass('talking_therapies.referral') IS NOT NULL AS has_model \gset
\if :has_model
SELECT EXISTS (SELECT FROM talking_therapies.referral WHERE lsoa_code IS NOT NULL)
       AND EXISTS (SELECT FROM talking_therapies.site) AS use_model \gset
\else
\set use_model false
\endif

SELECT to_regclass('demo.lsoa') IS NULL AND NOT :'use_model'::boolean AS need_lsoa \gset
\if :need_lsoa
CREATE TABLE demo.lsoa (lsoa11cd text PRIMARY KEY, name text, geom geometry(Point, 27700),
                        population integer, imd_decile integer);
CREATE TEMP TABLE lsoa_csv (lsoa11cd text, lsoa11nm text, lon float8, lat float8, easting float8,
                            northing float8, population integer, imd2019_decile integer);
\copy lsoa_csv FROM PROGRAM 'gzip -dc data/england_lsoa11.csv.gz' WITH (FORMAT csv, HEADER true)
INSERT INTO demo.lsoa SELECT lsoa11cd, lsoa11nm, ST_SetSRID(ST_MakePoint(easting, northing), 27700),
                             population, imd2019_decile FROM lsoa_csv;
CREATE INDEX ON demo.lsoa USING gist (geom);
\endif

SELECT to_regclass('demo.gp_practice') IS NULL AS need_gp \gset
\if :need_gp
CREATE TABLE demo.gp_practice (code text PRIMARY KEY, name text, postcode text, geom geometry(Point, 27700));
CREATE TEMP TABLE gp_csv (code text, name text, postcode text, lon float8, lat float8, easting float8, northing float8);
\copy gp_csv FROM PROGRAM 'gzip -dc data/england_gp_practices.csv.gz' WITH (FORMAT csv, HEADER true)
INSERT INTO demo.gp_practice SELECT code, initcap(name), postcode, ST_SetSRID(ST_MakePoint(easting, northing), 27700)
FROM gp_csv WHERE easting IS NOT NULL;
CREATE INDEX ON demo.gp_practice USING gist (geom);
\endif

SELECT to_regclass('demo.referral') IS NULL AND NOT :'use_model'::boolean AS need_referrals \gset
\if :need_referrals
CREATE TABLE IF NOT EXISTS demo.service (service_id text PRIMARY KEY, name text);
CREATE TABLE IF NOT EXISTS demo.site (site_id text, service_id text, name text, geom geometry(Point, 27700), capacity float8);
INSERT INTO demo.service VALUES ('HF', 'Hammersmith and Fulham Talking Therapies (stand-in)');
-- one central site: the GP practice nearest the borough's population-weighted centre, 20 WTE
INSERT INTO demo.site
SELECT 'HF-HUB', 'HF', g.name, g.geom, 20
FROM (SELECT ST_SetSRID(ST_MakePoint(sum(ST_X(geom) * population) / sum(population),
                                     sum(ST_Y(geom) * population) / sum(population)), 27700) AS c
      FROM demo.lsoa WHERE name LIKE 'Hammersmith and Fulham%') b
CROSS JOIN LATERAL (SELECT * FROM demo.gp_practice g ORDER BY g.geom <-> b.c LIMIT 1) g;
-- a year of referrals: need rises with deprivation, uptake falls with distance
CREATE TABLE demo.referral (pathway_id bigint, service_id text, lsoa11cd text, referral_date date);
SELECT setseed(0.2026) AS seed \gset
INSERT INTO demo.referral
SELECT row_number() OVER (), 'HF', l.lsoa11cd, date '2024-04-01' + (random() * 364)::integer
FROM demo.lsoa l
CROSS JOIN LATERAL (SELECT min(ST_Distance(l.geom, s.geom)) AS d FROM demo.site s) s
CROSS JOIN LATERAL generate_series(1, round(l.population * 0.016 * (1.5 - l.imd_decile / 20.0)
                                            * exp(-s.d / 2500.0) * (0.8 + random() * 0.4))::integer) g
WHERE l.name LIKE 'Hammersmith and Fulham%' AND l.population IS NOT NULL;
\endif

DROP SCHEMA IF EXISTS demo_access CASCADE;
CREATE SCHEMA demo_access;
\if :use_model
\echo (access demo: the areas, sites and synthetic referrals of schema talking_therapies; capacity 1 per site)
CREATE VIEW demo_access.lsoa AS
SELECT lsoa_code AS lsoa11cd, name, ST_SetSRID(ST_MakePoint(easting, northing), 27700)::geometry(Point, 27700) AS geom,
       population, imd_decile
FROM talking_therapies.area;
CREATE VIEW demo_access.site AS
SELECT site_id, service_id, name, ST_SetSRID(ST_MakePoint(easting, northing), 27700)::geometry(Point, 27700) AS geom,
       1::float8 AS capacity
FROM talking_therapies.site;
CREATE VIEW demo_access.referral AS SELECT service_id, lsoa_code AS lsoa11cd FROM talking_therapies.referral WHERE lsoa_code IS NOT NULL;
\else
CREATE VIEW demo_access.lsoa AS SELECT lsoa11cd, name, geom, population, imd_decile FROM demo.lsoa;
CREATE VIEW demo_access.site AS SELECT site_id, service_id, name, geom, coalesce(capacity, 1)::float8 AS capacity FROM demo.site;
CREATE VIEW demo_access.referral AS SELECT service_id, lsoa11cd FROM demo.referral;
\endif
RESET client_min_messages;

-- The services' areas: every LSOA inside the footprint (convex hull) of the
-- LSOAs each service received referrals from, so that neighbourhoods that
-- referred nobody count too.
CREATE TABLE demo_access.area AS
WITH footprint AS (
    SELECT r.service_id, ST_ConvexHull(ST_Collect(DISTINCT l.geom)) AS g
    FROM demo_access.referral r JOIN demo_access.lsoa l ON l.lsoa11cd = r.lsoa11cd
    GROUP BY r.service_id
)
SELECT l.lsoa11cd AS id, l.geom, l.population, l.imd_decile
FROM demo_access.lsoa l
WHERE l.population IS NOT NULL
  AND EXISTS (SELECT FROM footprint f WHERE ST_Covers(f.g, l.geom));
CREATE INDEX ON demo_access.area USING gist (geom);

-- Referrals from areas that are not counted (no population figure, so no
-- rate) are said here, in the report's words, instead of by the function.
SELECT count(*) FILTER (WHERE l.population IS NULL) AS no_population,
       count(*) FILTER (WHERE l.population IS NOT NULL AND a.id IS NULL) AS outside
FROM demo_access.referral r
LEFT JOIN demo_access.lsoa l ON l.lsoa11cd = r.lsoa11cd
LEFT JOIN demo_access.area a ON a.id = r.lsoa11cd \gset
SET client_min_messages = warning;

\echo
\echo == Access gap by deprivation decile (IMD 2019, 1 = most deprived) in the areas of the services,
\echo == catchment 5 km with Gaussian decay, straight-line distance x 1.3 (road detour)
SELECT coalesce(imd_decile::text, 'all') AS decile, areas, population::bigint,
       referrals::bigint, round(referrals_per_100k::numeric, 0) AS per_100k,
       round(expected_referrals::numeric, 0) AS expected,
       round(observed_expected::numeric, 2) AS o_e,
       round(oe_lower95::numeric, 2) || '-' || round(oe_upper95::numeric, 2) AS o_e_95ci,
       round(mean_nearest_distance_m::numeric / 1000, 2) AS nearest_km,
       round(population_within_catchment_pct::numeric, 1) AS within_5km_pct,
       round((mean_e2sfca * 100000)::numeric, 1) AS capacity_per_100k,
       round(sii_referrals_per_100k::numeric, 0) AS sii_per_100k,
       round(rii_referrals::numeric, 3) AS rii
FROM iapt_ews.access_gap_by_decile(
    'SELECT id, geom, population, imd_decile FROM demo_access.area',
    'SELECT lsoa11cd AS area_id, count(*) AS referrals FROM demo_access.referral GROUP BY lsoa11cd',
    'SELECT site_id AS id, geom, capacity FROM demo_access.site',
    5000, 'gaussian', 1.3);
RESET client_min_messages;
\echo Left out: :no_population referrals from areas with no population figure, :outside from outside the areas of the services.
\echo SII: fitted referral rate at the least deprived end minus at the most deprived end (negative:
\echo more referrals from deprived areas); RII = SII / mean rate; O/E 95% limits by the Byar method.

\echo
\echo == Best three new sites among GP practices for the most deprived areas (IMD deciles 1-2),
\echo == minimising their population-weighted mean road-estimated distance (x 1.3) to the nearest site
SELECT b.step, b.site_id AS practice, g.name, g.postcode,
       round(b.mean_distance_m::numeric / 1000, 2) AS mean_km_after
FROM iapt_ews.best_new_sites(
    'SELECT id, geom, population FROM demo_access.area WHERE imd_decile <= 2',
    'SELECT site_id AS id, geom FROM demo_access.site',
    $$SELECT g.code AS id, g.geom FROM demo.gp_practice g
      WHERE EXISTS (SELECT FROM demo_access.area a WHERE a.imd_decile <= 2 AND ST_DWithin(g.geom, a.geom, 3000))
        AND NOT EXISTS (SELECT FROM demo_access.site s WHERE s.site_id = g.code)$$,
    3, 1.3) b
JOIN demo.gp_practice g ON g.code = b.site_id
ORDER BY b.step;
SELECT round((sum(population * iapt_ews.travel_distance(a.geom, n.geom, 1.3)) / sum(population))::numeric / 1000, 2)
       AS mean_km_now_deciles_1_2
FROM demo_access.area a
CROSS JOIN LATERAL (SELECT s.geom FROM demo_access.site s ORDER BY s.geom <-> a.geom LIMIT 1) n
WHERE a.imd_decile <= 2;
