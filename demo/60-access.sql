-- Story 2: Hammersmith and Fulham (RKL14), "low referral and access from
-- some deprived areas": do deprived neighbourhoods far from the service
-- refer less, and which GP practices would bring therapy closest to them?
-- Reads the data model's access reports (talking_therapies.access_by_decile
-- and area_access: docs/access.md) over the real LSOAs (2011, IMD 2019,
-- 2015 populations) and sites of the demo: each service's base and the
-- three GP practices Hammersmith and Fulham has used for sessions since
-- October 2024. The referrals are SYNTHETIC: demo/10-source-data.sql
-- follows the published split of referrals by IMD decile and, inside the
-- deciles, makes the borough's deprived LSOAs (IMD 1-3) more than 2.5 km
-- from the base refer at a third of the rate of the others
-- (docs/demo-data.md). Distances are straight-line; the last part gives
-- them in minutes by the travel-time model (no routed matrix for London).
\set ON_ERROR_STOP on

\echo
\echo '== Referrals per 100,000 residents by IMD decile (1 = most deprived), all 978 LSOAs of the eight boroughs'
\echo '== (talking_therapies.access_by_decile: every referral in the data, received January 2024 - March 2025, i.e. 15 months;'
\echo '== O/E = observed / expected at the all-areas rate, Byar 95% limits; distance to the nearest of the 11 sites)'
SELECT coalesce(imd_decile::text, 'all') AS "IMD decile", areas AS "LSOAs", population AS residents, referrals,
       round(referrals_per_100k) AS "per 100,000", round(observed_expected, 2) AS "O/E",
       round(oe_lower95, 2) || ' to ' || round(oe_upper95, 2) AS "O/E 95% limits",
       round(mean_nearest_distance_m / 1000, 2) AS "nearest site km", round(100 * population_within_5km_rate, 1) AS "site within 5 km %",
       round(sii_referrals_per_100k) AS "SII per 100,000", rii_referrals AS "RII"
FROM talking_therapies.access_by_decile
ORDER BY imd_decile NULLS LAST;
\echo 'Across the eight boroughs the most deprived areas refer most (SII negative: the fitted rate is lower at the least'
\echo 'deprived end), as in the published figures, where need is higher. An access gap has to be looked for inside a borough.'

-- Hammersmith and Fulham's LSOAs, with the distance to the service's base
-- and the service's own referrals of the year (referral_outcome keeps only
-- the providers the caller may see; here every provider, so the
-- provider code is chosen). area_access counts every provider's referrals
-- of the whole data; the year's RKL14 referrals are counted beside it.
CREATE TEMP TABLE hf_area AS
SELECT a.lsoa_code, a.name, a.imd_decile, a.population, a.nearest_site_id, a.nearest_distance_m,
       iapt_ews.travel_distance(a.geom, b.geom) AS base_distance_m,
       coalesce(r.referrals, 0) AS referrals, coalesce(r.before_october, 0) AS referrals_april_september,
       coalesce(r.referrals - r.before_october, 0) AS referrals_october_march
FROM talking_therapies.area_access a
CROSS JOIN (SELECT geom FROM talking_therapies.site_point WHERE id = 'RKL14-BASE') b
LEFT JOIN (SELECT lsoa_code, count(*) AS referrals, count(*) FILTER (WHERE referral_date < date '2024-10-01') AS before_october
           FROM talking_therapies.referral_outcome
           WHERE provider_code = 'RKL14' AND referral_date BETWEEN date '2024-04-01' AND date '2025-03-31'
           GROUP BY lsoa_code) r USING (lsoa_code)
WHERE a.name ~ '^Hammersmith and Fulham [0-9]';

CREATE TEMP TABLE published_csv (reporting_period text, org_type text, org_code text, org_name text,
                                 variable_type text, variable_a text, variable_b text,
                                 measure_name text, measure_statistic text, value text);
\copy published_csv FROM PROGRAM 'gzip -dc data/nhs_talking_therapies_2024_25_london_demo_providers.csv.gz' WITH (FORMAT csv, HEADER true)

\echo
\echo '== Hammersmith and Fulham by IMD decile: residents, the service''s referrals received April 2024 - March 2025 (synthetic)'
\echo '== beside its published 2024-25 split, and the population-weighted distance to the base and to the nearest site'
WITH published AS (
    -- The published labels run "01 Least deprived" to "10 Most deprived".
    SELECT 11 - left(variable_a, 2)::int AS imd_decile, value::numeric AS referrals
    FROM published_csv
    WHERE org_code = 'RKL14' AND variable_type = 'Indices of Deprivation Decile' AND variable_a ~ '^[0-9]{2} '
      AND measure_name = 'referrals_received' AND measure_statistic = 'count'),
demo AS (
    -- Referrals from outside the borough too (a decile the borough lacks
    -- draws residents from the eight boroughs, docs/demo-data.md).
    SELECT a.imd_decile, count(*) AS referrals
    FROM talking_therapies.referral_outcome o JOIN talking_therapies.area a USING (lsoa_code)
    WHERE o.provider_code = 'RKL14' AND o.referral_date BETWEEN date '2024-04-01' AND date '2025-03-31'
    GROUP BY a.imd_decile),
borough AS (
    SELECT imd_decile, count(*) AS lsoas, sum(population) AS residents, sum(referrals) AS referrals,
           sum(population * nearest_distance_m) / sum(population) AS nearest_m,
           sum(population * base_distance_m) / sum(population) AS base_m
    FROM hf_area GROUP BY imd_decile)
SELECT d.imd_decile AS "IMD decile", coalesce(b.lsoas, 0) AS "LSOAs", coalesce(b.residents, 0) AS residents,
       round(100.0 * b.residents / sum(b.residents) OVER (), 1) AS "residents %",
       round(100.0 * d.referrals / sum(d.referrals) OVER (), 1) AS "referrals % demo",
       round(100 * p.referrals / sum(p.referrals) OVER (), 1) AS "referrals % published",
       round(1000.0 * b.referrals / b.residents, 1) AS "per 1,000 residents (borough's LSOAs)",
       round((b.base_m / 1000)::numeric, 2) AS "base km", round(b.nearest_m / 1000, 2) AS "nearest site km"
FROM demo d
LEFT JOIN borough b USING (imd_decile)
LEFT JOIN published p USING (imd_decile)
ORDER BY d.imd_decile;
\echo 'The split by decile is the published one, and the deprived deciles are not under-represented overall: by decile'
\echo 'alone there is no gap to see. (Decile 10, which the borough lacks, is people living in the other boroughs.)'

\echo
\echo '== Inside the deciles: Hammersmith and Fulham''s LSOAs by deprivation and straight-line distance from the service''s base'
\echo '== (Richford Gate, W6), referrals a year per 1,000 residents, before and after the outreach practices opened (October 2024)'
SELECT CASE WHEN imd_decile <= 3 THEN 'IMD 1-3 (most deprived)' ELSE 'IMD 4-10' END AS deprivation,
       CASE WHEN base_distance_m > 2500 THEN 'over 2.5 km' ELSE 'within 2.5 km' END AS "from the base",
       count(*) AS "LSOAs", sum(population) AS residents, sum(referrals) AS referrals,
       round(1000.0 * sum(referrals) / sum(population), 1) AS "per 1,000 a year",
       round(2000.0 * sum(referrals_april_september) / sum(population), 1) AS "April-September, per 1,000 a year",
       round(2000.0 * sum(referrals_october_march) / sum(population), 1) AS "October-March, per 1,000 a year",
       round((sum(population * base_distance_m) / sum(population) / 1000)::numeric, 2) AS "base km",
       round(sum(population * nearest_distance_m) / sum(population) / 1000, 2) AS "nearest site km now"
FROM hf_area
GROUP BY 1, 2 ORDER BY 1, 2;
\echo 'The five deprived LSOAs far from the base refer at about a third of the rate of the deprived LSOAs near it. "Nearest'
\echo 'site now" is any service''s site with the outreach practices (area_access): for the one far deprived LSOA in the north'
\echo 'of the borough that is Brent''s base, 1.3 km away, a service its residents are not referred to. The generator does'
\echo 'not model any effect of the outreach, so the rate after October is no higher: the demo cannot say whether it worked.'

-- Which practices? iapt_ews.best_new_sites adds, one at a time, the
-- candidate that most lowers the population-weighted mean distance from
-- the areas to their nearest site. Areas: the five far deprived LSOAs;
-- existing site: the base alone (before the outreach); candidates: the
-- borough's GP practices (nhs_tt_local.site), GP at Hand left out (a
-- digital practice, not a place to meet).
CREATE TEMP TABLE far_deprived AS
SELECT p.id, p.geom, p.population
FROM talking_therapies.area_point p JOIN hf_area h ON h.lsoa_code = p.id
WHERE h.imd_decile <= 3 AND h.base_distance_m > 2500;
CREATE TEMP TABLE candidate_practice AS
SELECT site_id AS id, name, postcode, kind, ST_SetSRID(ST_MakePoint(easting, northing), 27700) AS geom
FROM nhs_tt_local.site
WHERE service_id = 'RKL14' AND kind IN ('gp_practice', 'outreach') AND name !~* 'gp at hand';

\echo
\echo '== The best three GP practices for sessions nearer the five far deprived LSOAs (iapt_ews.best_new_sites, greedy,'
\echo '== straight-line), starting from the base alone, beside the three the service has used since October 2024'
SELECT b.step, b.site_id AS practice, c.name, c.postcode, round((b.mean_distance_m / 1000)::numeric, 2) AS "mean km after",
       c.kind = 'outreach' AS "used for outreach"
FROM iapt_ews.best_new_sites(
    'SELECT id, geom, population FROM far_deprived',
    $$SELECT id, geom FROM talking_therapies.site_point WHERE id = 'RKL14-BASE'$$,
    'SELECT id, geom FROM candidate_practice',
    3) b
JOIN candidate_practice c ON c.id = b.site_id
ORDER BY b.step;
SELECT round((sum(f.population * base.d) / sum(f.population) / 1000)::numeric, 2) AS "mean km, base only",
       round((sum(f.population * least(base.d, outreach.d)) / sum(f.population) / 1000)::numeric, 2)
           AS "mean km, base and the three outreach practices"
FROM far_deprived f
CROSS JOIN LATERAL (SELECT iapt_ews.travel_distance(f.geom, s.geom) AS d
                    FROM talking_therapies.site_point s WHERE s.id = 'RKL14-BASE') base
CROSS JOIN LATERAL (SELECT min(iapt_ews.travel_distance(f.geom, c.geom)) AS d
                    FROM candidate_practice c WHERE c.kind = 'outreach') outreach;
\echo 'The greedy choice agrees on two of the service''s three practices (Sands End and Cassidy Road, in Fulham). For the'
\echo 'third it takes a White City practice (W12) for the far deprived LSOA in the north of the borough, 3.5 km from the base'
\echo 'and over 6 km from every outreach practice; the service''s third, The Fulham Medical Centre, serves an LSOA that'
\echo 'Cassidy Road, 0.5 km away, already reaches. Mean distance: 0.66 km with the greedy three, 0.95 km with the service''s.'

-- In minutes. London has no routed matrix in data/ (the one routed matrix
-- there is Devon's), so the minutes are those of the travel-time model,
-- iapt_ews.travel_minutes: 6.9 minutes plus the straight-line distance at
-- 45.4 km/h, its defaults fitted to routed car times in Devon
-- (docs/access.md, "Minutes without a matrix"). They are car minutes
-- outside the rush hour in a county of towns and lanes; London by bus or on
-- foot is slower. A borough that routes a few hundred of its own pairs
-- (by bus, with r5py) would fit its own model with
-- iapt_ews.fit_travel_time_model and pass it to the same calls.
\echo
\echo '== In minutes (no routed matrix for London in data/: the travel-time model calibrated on Devon''s routed car times,'
\echo '== 6.9 minutes + straight-line distance at 45.4 km/h): Hammersmith and Fulham''s LSOAs, minutes to the base'
SELECT CASE WHEN imd_decile <= 3 THEN 'IMD 1-3 (most deprived)' ELSE 'IMD 4-10' END AS deprivation,
       count(*) AS "LSOAs",
       round((sum(population * iapt_ews.travel_minutes(base_distance_m)) / sum(population))::numeric, 1) AS "mean minutes to the base",
       round(max(iapt_ews.travel_minutes(base_distance_m))::numeric, 1) AS "most minutes to the base",
       count(*) FILTER (WHERE iapt_ews.travel_minutes(base_distance_m) > 10) AS "over 10 minutes",
       count(*) FILTER (WHERE iapt_ews.travel_minutes(base_distance_m) > 15) AS "over 15 minutes",
       count(*) FILTER (WHERE iapt_ews.travel_minutes(base_distance_m) > 30) AS "over 30 minutes"
FROM hf_area GROUP BY 1 ORDER BY 1;
\echo 'By car at the model''s speed no LSOA of the borough is more than 15 minutes from the base, let alone 30: the whole'
\echo 'borough is within 4.5 km of it, and the fixed 6.9 minutes (leaving, parking) are most of every trip. More than 30'
\echo 'minutes is a question of buses and walking, which need a model fitted to routed bus or walking times.'

CREATE TEMP TABLE greedy_practice AS
SELECT b.site_id AS id FROM iapt_ews.best_new_sites(
    'SELECT id, geom, population FROM far_deprived',
    $$SELECT id, geom FROM talking_therapies.site_point WHERE id = 'RKL14-BASE'$$,
    'SELECT id, geom FROM candidate_practice', 3) b;
CREATE TEMP TABLE far_minutes AS
SELECT o.label, s.*
FROM (VALUES (1, 'the base alone', $$SELECT id, geom, 1 AS capacity FROM talking_therapies.site_point WHERE id = 'RKL14-BASE'$$),
             (2, 'the base and the service''s three practices',
              $$SELECT id, geom, 1 AS capacity FROM talking_therapies.site_point WHERE id = 'RKL14-BASE'
                UNION ALL SELECT id, geom, 1 FROM candidate_practice WHERE kind = 'outreach'$$),
             (3, 'the base and the greedy three',
              $$SELECT id, geom, 1 AS capacity FROM talking_therapies.site_point WHERE id = 'RKL14-BASE'
                UNION ALL SELECT c.id, c.geom, 1 FROM candidate_practice c JOIN greedy_practice g USING (id)$$))
     o(k, label, sites_sql),
     LATERAL iapt_ews.access_scores_minutes('SELECT id, geom, population FROM far_deprived', o.sites_sql, 15, 'none') s;
\echo
\echo '== The five far deprived LSOAs: minutes to the nearest RKL14 site (iapt_ews.access_scores_minutes, the same model),'
\echo '== with the base alone, with the three practices the service chose, and with the greedy three'
SELECT f.area_id AS "LSOA", h.name, round(f.population) AS residents,
       round(min(f.nearest_minutes) FILTER (WHERE f.label = 'the base alone')::numeric, 1) AS "base alone",
       round(min(f.nearest_minutes) FILTER (WHERE f.label = 'the base and the service''s three practices')::numeric, 1) AS "with the service's three",
       round(min(f.nearest_minutes) FILTER (WHERE f.label = 'the base and the greedy three')::numeric, 1) AS "with the greedy three"
FROM far_minutes f JOIN hf_area h ON h.lsoa_code = f.area_id
GROUP BY f.area_id, h.name, f.population ORDER BY f.area_id;
SELECT label AS sites, round((sum(population * nearest_minutes) / sum(population))::numeric, 1) AS "mean minutes",
       count(*) FILTER (WHERE sites_within = 0) AS "LSOAs with no site within 15 minutes"
FROM far_minutes GROUP BY label ORDER BY min(CASE label WHEN 'the base alone' THEN 1 WHEN 'the base and the greedy three' THEN 3 ELSE 2 END);
\echo 'In minutes the answer is the one in kilometres (the model grows with distance, so the nearest site and the greedy'
\echo 'choice are the same): the service''s three practices take the far deprived LSOAs from 11.9 to 8.2 minutes by car,'
\echo 'the greedy three to 7.8, the White City practice saving 001D 2.6 minutes that the service''s three do not. Every'
\echo 'trip is 7 to 13 minutes either way: by car the practices save about 4 minutes, so if distance is what keeps these'
\echo 'LSOAs away, it is the distance of a bus ride or a walk, for which the borough would route a sample of its own.'
