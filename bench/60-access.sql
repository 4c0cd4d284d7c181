-- Benchmark: travel-distance access on England.
--
-- Data: all 32,844 real 2011 LSOAs of England (population-weighted centroids,
-- British National Grid) and the 6,210 active GP practices as sites
-- (data/README.md: ONS, MHCLG, NHS Digital ODS; Open Government Licence).
-- The issue asks for 33,755 areas (the 2021 LSOA count) and 6,500 sites; the
-- 2011 LSOAs and real GP practices are the closest real equivalent shipped.
-- 1,034 LSOAs have no population in the source file: they get the median
-- population of the others, so every area takes part.
-- Capacity 1 per practice; catchment 5 km; Gaussian decay.
--
-- Compared with the same Gaussian 2SFCA written as a PostGIS ST_DWithin join
-- in plain SQL with GiST indexes, and nearest site against a KNN (<->) LATERAL
-- query (distances only: the KNN index scan cannot also order ties by id, and
-- some practices share a building); results are compared rounded to 9
-- significant digits.
\echo == 60-access: 2SFCA and nearest site, England (32,844 LSOAs x 6,210 GP practices, 5 km)
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS bench_access;
CREATE TABLE bench_access.lsoa_raw (lsoa11cd text, lsoa11nm text, lon float8, lat float8,
    easting float8, northing float8, population integer, imd2019_decile integer);
\copy bench_access.lsoa_raw FROM PROGRAM 'gzip -dc data/england_lsoa11.csv.gz' WITH (FORMAT csv, HEADER)
CREATE TABLE bench_access.gp_raw (code text, name text, postcode text, lon float8, lat float8,
    easting float8, northing float8);
\copy bench_access.gp_raw FROM PROGRAM 'gzip -dc data/england_gp_practices.csv.gz' WITH (FORMAT csv, HEADER)

CREATE TABLE bench_access.area AS
    SELECT lsoa11cd AS id, ST_SetSRID(ST_MakePoint(easting, northing), 27700)::geometry(Point, 27700) AS geom,
           COALESCE(population, (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY population)
                                 FROM bench_access.lsoa_raw))::float8 AS population,
           imd2019_decile AS imd_decile
    FROM bench_access.lsoa_raw;
CREATE TABLE bench_access.site AS
    SELECT code AS id, ST_SetSRID(ST_MakePoint(easting, northing), 27700)::geometry(Point, 27700) AS geom,
           1.0::float8 AS capacity
    FROM bench_access.gp_raw;
ALTER TABLE bench_access.area ADD PRIMARY KEY (id);
ALTER TABLE bench_access.site ADD PRIMARY KEY (id);
CREATE INDEX ON bench_access.area USING gist (geom);
CREATE INDEX ON bench_access.site USING gist (geom);
ANALYZE bench_access.area;
ANALYZE bench_access.site;

-- n significant digits, as numeric, so both sides print the same text (the
-- exponent from float8 log: a numeric log per row would cost more than the
-- 2SFCA itself and hide the comparison)
CREATE FUNCTION bench_access.sig(x float8, n integer) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN x = 0 THEN 0::numeric
                ELSE round(x::numeric, n - 1 - floor(log(abs(x)))::integer) END
$$;
-- The timed queries return raw floats (unrounded is inlined away); the
-- equality check runs the same queries with sig().
CREATE FUNCTION bench_access.unrounded(x float8, n integer) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT x $$;
RESET client_min_messages;

SELECT count(*) AS areas, (SELECT count(*) FROM bench_access.site) AS sites,
       count(*) FILTER (WHERE r.population IS NULL) AS areas_given_median_population
FROM bench_access.area a JOIN bench_access.lsoa_raw r ON r.lsoa11cd = a.id;

SELECT capability, extension_ms, plain_sql_ms, speedup, same_answer, workers
FROM (VALUES ($ext$
SELECT area_id, bench_access.sig(e2sfca, 9) AS e2sfca, sites_within
FROM iapt_ews.access_scores('SELECT id, geom, population FROM bench_access.area',
                            'SELECT id, geom, capacity FROM bench_access.site', 5000, 'gaussian')
$ext$,
$plain$
SELECT * FROM (
WITH pair AS (
    SELECT a.id AS aid, s.id AS sid, a.population, s.capacity, ST_Distance(a.geom, s.geom) AS d
    FROM bench_access.area a JOIN bench_access.site s ON ST_DWithin(a.geom, s.geom, 5000)
), w AS (
    SELECT *, (exp(-0.5 * (d / 5000) ^ 2) - exp(-0.5)) / (1 - exp(-0.5)) AS w FROM pair
), r AS (
    SELECT sid, capacity / NULLIF(sum(population * w), 0) AS r FROM w GROUP BY sid, capacity
)
SELECT a.id AS area_id, bench_access.sig(COALESCE(sum(COALESCE(r.r, 0) * w.w), 0), 9) AS e2sfca,
       count(w.sid)::integer AS sites_within
FROM bench_access.area a LEFT JOIN w ON w.aid = a.id LEFT JOIN r ON r.sid = w.sid
GROUP BY a.id) plain
$plain$)) q(ext, plain),
LATERAL bench.compare('Gaussian 2SFCA, 5 km (access_scores vs ST_DWithin join)',
    replace(q.ext, 'bench_access.sig(', 'bench_access.unrounded('),
    replace(q.plain, 'bench_access.sig(', 'bench_access.unrounded('), 3, q.ext, q.plain);

-- The limit: whatever the pair loops cost, a call must read every area and
-- site from its queries and return a row per area. read_and_return_ms times
-- exactly that: access_scores with no sites, once over the areas and once
-- over the sites taken as areas (so every row is read as a call reads it,
-- and every row returned, with no pair and no grid). extension_ms minus that
-- is the cost of the pairs within 5 km: pairs_within_5km of them, at
-- ns_per_pair each. limit_ratio = reference / read_and_return is the most any
-- speed-up of the pair loops could give.
CREATE TEMP TABLE access_floor AS
SELECT (SELECT sum(sites_within) FROM iapt_ews.access_scores('SELECT id, geom, population FROM bench_access.area',
            'SELECT id, geom, capacity FROM bench_access.site', 5000, 'gaussian')) AS pairs_within_5km,
       (SELECT round((b[1] + b[2])::numeric, 1)
        FROM (SELECT bench.best_ms(ARRAY[
                $q$SELECT * FROM iapt_ews.access_scores('SELECT id, geom, population FROM bench_access.area',
                     'SELECT id, geom, capacity FROM bench_access.site WHERE false', 5000, 'gaussian')$q$,
                $q$SELECT * FROM iapt_ews.access_scores('SELECT id, geom, capacity AS population FROM bench_access.site',
                     'SELECT id, geom, capacity FROM bench_access.site WHERE false', 5000, 'gaussian')$q$], 5) AS b) t)
           AS read_and_return_ms;
SELECT r.extension_ms, r.plain_sql_ms AS reference_ms, r.speedup AS ratio,
       f.read_and_return_ms, f.pairs_within_5km,
       round(((r.extension_ms - f.read_and_return_ms) * 1e6 / f.pairs_within_5km)::numeric, 1) AS ns_per_pair,
       round((r.plain_sql_ms / f.read_and_return_ms)::numeric, 1) AS limit_ratio
FROM bench.results r, access_floor f
WHERE r.capability LIKE 'Gaussian 2SFCA, 5 km%';

SELECT capability, extension_ms, plain_sql_ms, speedup, same_answer, workers
FROM (VALUES ($ext$
SELECT area_id, bench_access.sig(nearest_distance_m, 9) AS d
FROM iapt_ews.access_scores('SELECT id, geom, population FROM bench_access.area',
                            'SELECT id, geom, capacity FROM bench_access.site', 5000, 'gaussian')
$ext$,
$plain$
SELECT a.id, bench_access.sig(ST_Distance(a.geom, n.geom), 9)
FROM bench_access.area a
CROSS JOIN LATERAL (SELECT s.geom FROM bench_access.site s
                    ORDER BY a.geom <-> s.geom LIMIT 1) n
$plain$)) q(ext, plain),
LATERAL bench.compare('nearest-site distance (access_scores vs KNN LATERAL)',
    replace(q.ext, 'bench_access.sig(', 'bench_access.unrounded('),
    replace(q.plain, 'bench_access.sig(', 'bench_access.unrounded('), 3, q.ext, q.plain);

\timing on
-- The best three new sites among GP practices for the most deprived decile, and for all areas,
-- with the current sites a random fifth of practices (timing only).
SELECT * FROM iapt_ews.best_new_sites(
    'SELECT id, geom, population FROM bench_access.area WHERE imd_decile = 1',
    $$SELECT id, geom FROM bench_access.site WHERE hashtext(id) % 5 = 0$$,
    $$SELECT id, geom FROM bench_access.site WHERE hashtext(id) % 5 <> 0$$, 3);
SELECT * FROM iapt_ews.best_new_sites(
    'SELECT id, geom, population FROM bench_access.area',
    $$SELECT id, geom FROM bench_access.site WHERE hashtext(id) % 5 = 0$$,
    $$SELECT id, geom FROM bench_access.site WHERE hashtext(id) % 5 <> 0$$, 3);
\timing off
