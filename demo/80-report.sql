-- A self-contained HTML report of the demo (inline SVG, no scripts, no
-- network), over the data model bound to the synthetic national tables
-- (demo/10-12): recovery and reliable recovery by service with 95%
-- intervals, employment-adviser staffing against 1:8, a map of the eight
-- boroughs coloured by distance to the nearest site (PostGIS ST_AsSVG)
-- with the sites, and referral rates by deprivation decile. Written to $IAPT_REPORT, by default
-- demo/report.html. test/shell/report_html.sh renders it in headless Chromium.
\set ON_ERROR_STOP on
\getenv report_path IAPT_REPORT
\if :{?report_path}
\else
\set report_path demo/report.html
\endif

-- Text in the page is escaped: service and site names may hold & < > ".
CREATE FUNCTION pg_temp.html(t anyelement) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT replace(replace(replace(replace(t::text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') $$;

\pset tuples_only on
\pset format unaligned
\o :report_path
WITH
-- 1. Recovery and reliable recovery by service, April 2024 - March 2025,
--    with Wilson 95% intervals; services with a denominator below 5 left out.
rec AS (
    SELECT service_id,
           sum(recovered) AS rec, sum(reliably_recovered) AS rrec,
           sum(finished_treatment - not_at_caseness) AS n
    FROM talking_therapies.service_month_metrics
    WHERE month BETWEEN date '2024-04-01' AND date '2025-03-01'
    GROUP BY service_id
    HAVING iapt_ews.suppressed_rate(sum(recovered)::bigint, sum(finished_treatment - not_at_caseness)::bigint) IS NOT NULL),
rec_ci AS (
    SELECT service_id, dense_rank() OVER (ORDER BY service_id) - 1 AS i, n, kind, p,
           (p + 1.96 ^ 2 / (2 * n) - 1.96 * sqrt(p * (1 - p) / n + 1.96 ^ 2 / (4 * n ^ 2))) / (1 + 1.96 ^ 2 / n) AS lo,
           (p + 1.96 ^ 2 / (2 * n) + 1.96 * sqrt(p * (1 - p) / n + 1.96 ^ 2 / (4 * n ^ 2))) / (1 + 1.96 ^ 2 / n) AS hi
    FROM rec, LATERAL (VALUES ('recovery', rec::float8 / n), ('reliable', rrec::float8 / n)) v(kind, p)),
rec_svg AS (
    SELECT format('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 %s" width="720" height="%s" role="img" aria-label="Recovery and reliable recovery rates by service">',
                  70 + 40 * count(DISTINCT service_id), 70 + 40 * count(DISTINCT service_id))
        || (SELECT string_agg(format('<text x="%s" y="%s" class="tick">%s%%</text><line x1="%s" x2="%s" y1="30" y2="%s" class="grid"/>',
                  110 + 580 * t / 100.0 - 10, 25, t, 110 + 580 * t / 100.0, 110 + 580 * t / 100.0, 40 + 40 * (SELECT count(*) FROM rec)), '' ORDER BY t)
            FROM generate_series(0, 100, 25) t)
        || format('<line x1="400" x2="400" y1="30" y2="%s" class="target"/><text x="404" y="%s" class="note">50%% standard</text>',
                  40 + 40 * (SELECT count(*) FROM rec), 52 + 40 * (SELECT count(*) FROM rec))
        || string_agg(CASE WHEN kind = 'recovery'
                           THEN format('<text x="100" y="%s" class="label" text-anchor="end">%s</text>', 50 + 40 * i, pg_temp.html(service_id))
                           ELSE '' END
                      || format('<line x1="%s" x2="%s" y1="%s" y2="%s" class="ci %s"/><circle cx="%s" cy="%s" r="5" class="%s"><title>%s %s: %s%% (95%% CI %s%% to %s%%, n = %s)</title></circle>',
                             round((110 + 580 * lo)::numeric, 1), round((110 + 580 * hi)::numeric, 1),
                             45 + 40 * i + CASE kind WHEN 'recovery' THEN 0 ELSE 10 END,
                             45 + 40 * i + CASE kind WHEN 'recovery' THEN 0 ELSE 10 END, kind,
                             round((110 + 580 * p)::numeric, 1), 45 + 40 * i + CASE kind WHEN 'recovery' THEN 0 ELSE 10 END, kind,
                             pg_temp.html(service_id), kind, round((100 * p)::numeric, 1), round((100 * lo)::numeric, 1),
                             round((100 * hi)::numeric, 1), n), '' ORDER BY service_id, kind)
        || '</svg>' AS svg
    FROM rec_ci),
-- 2. Employment advisers per therapist WTE, January - March 2025, from
--    talking_therapies.ea_staffing (ea_ratio over the workforce returns).
ea AS (
    SELECT service_id, row_number() OVER (ORDER BY service_id) - 1 AS i,
           ea_wte / nullif(therapist_wte, 0) AS ratio
    FROM talking_therapies.ea_staffing WHERE quarter = date '2025-01-01'),
ea_svg AS (
    SELECT format('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 %s" width="720" height="%s" role="img" aria-label="Employment advisers per therapist by service">',
                  60 + 30 * count(*), 60 + 30 * count(*))
        || string_agg(format('<text x="100" y="%s" class="label" text-anchor="end">%s</text><rect x="110" y="%s" width="%s" height="18" class="bar"><title>%s: 1 EA per %s therapists (WTE)</title></rect><text x="%s" y="%s" class="note">1:%s</text>',
                             44 + 30 * i, pg_temp.html(service_id), 30 + 30 * i, round((ratio / 0.25 * 560)::numeric, 1),
                             pg_temp.html(service_id), round(1 / ratio, 1), round((116 + ratio / 0.25 * 560)::numeric, 1), 44 + 30 * i,
                             round(1 / ratio, 1)), '' ORDER BY i)
        || format('<line x1="%s" x2="%s" y1="20" y2="%s" class="target"/><text x="%s" y="14" class="note">1:8 target</text>',
                  110 + 280, 110 + 280, 30 + 30 * count(*), 110 + 284)
        || '</svg>' AS svg
    FROM ea WHERE ratio IS NOT NULL),
-- 3. The eight boroughs in 500 m squares coloured by the population-weighted
--    distance from the LSOAs in each square to their nearest site
--    (talking_therapies.area_access), and the sites. The view box is the
--    squares' extent; ST_AsSVG writes y as -northing (SVG's y runs down).
nearest AS (
    SELECT a.geom, coalesce(a.population, 1500) AS pop, a.nearest_distance_m::float8 AS d
    FROM talking_therapies.area_access a),
cells AS (
    SELECT floor(ST_X(geom) / 500) AS cx, floor(ST_Y(geom) / 500) AS cy, sum(d * pop) / sum(pop) AS d
    FROM nearest GROUP BY 1, 2),
extent AS (
    SELECT min(cx) * 500 - 1000 AS x0, max(cx) * 500 + 1500 AS x1, min(cy) * 500 - 1000 AS y0, max(cy) * 500 + 1500 AS y1
    FROM cells),
map_svg AS (
    SELECT format('<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s %s %s %s" width="720" height="%s" role="img" aria-label="Distance to the nearest site in the eight boroughs">',
                  e.x0, -e.y1, e.x1 - e.x0, e.y1 - e.y0, round(720 * (e.y1 - e.y0) / (e.x1 - e.x0)))
        || string_agg(format('<path d="%s" fill="%s"/>',
                             ST_AsSVG(ST_MakeEnvelope(cx * 500, cy * 500, cx * 500 + 500, cy * 500 + 500, 27700), 0, 0),
                             CASE WHEN d < 1000 THEN '#08306b' WHEN d < 2000 THEN '#2171b5' WHEN d < 3000 THEN '#6baed6'
                                  WHEN d < 5000 THEN '#c6dbef' ELSE '#f0f0f0' END), '' ORDER BY cx, cy)
        || (SELECT string_agg(format('<circle %s r="250" class="site"><title>%s (%s)</title></circle>',
                                     ST_AsSVG(ST_SetSRID(ST_MakePoint(easting, northing), 27700), 0, 0),
                                     pg_temp.html(name), pg_temp.html(service_id)), '' ORDER BY site_id)
            FROM talking_therapies.site)
        || '</svg>' AS svg
    FROM cells, extent e GROUP BY e.x0, e.x1, e.y0, e.y1),
-- 4. Referrals per 100,000 residents a year by IMD decile, in the services'
--    catchments (LSOAs within 15 km of a site).
catchment AS (
    SELECT a.lsoa_code, a.imd_decile, a.population FROM talking_therapies.area a
    WHERE a.imd_decile IS NOT NULL AND a.population IS NOT NULL
      AND EXISTS (SELECT 1 FROM talking_therapies.site s
                  WHERE (a.easting - s.easting) ^ 2 + (a.northing - s.northing) ^ 2 <= 15000.0 ^ 2)),
decile AS (
    SELECT c.imd_decile, sum(c.population) AS pop,
           (SELECT count(*) FROM talking_therapies.referral r JOIN catchment c2 USING (lsoa_code)
            WHERE c2.imd_decile = c.imd_decile
              AND r.referral_date BETWEEN date '2024-04-01' AND date '2025-03-31') AS refs
    FROM catchment c GROUP BY c.imd_decile),
decile_rate AS (SELECT imd_decile, refs, pop, 100000.0 * refs / pop AS rate FROM decile),
decile_svg AS (
    SELECT '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 300" width="720" height="300" role="img" aria-label="Referral rate by deprivation decile">'
        || string_agg(format('<rect x="%s" y="%s" width="50" height="%s" class="bar"><title>Decile %s: %s referrals per 100,000 (%s referrals, population %s)</title></rect><text x="%s" y="280" class="tick">%s</text><text x="%s" y="%s" class="note">%s</text>',
                             60 + 64 * (imd_decile - 1), round(250 - 220 * rate / m.top, 1), round(220 * rate / m.top, 1),
                             imd_decile, round(rate), refs, pop,
                             80 + 64 * (imd_decile - 1), imd_decile,
                             62 + 64 * (imd_decile - 1), round(244 - 220 * rate / m.top, 1), round(rate)), '' ORDER BY imd_decile)
        || '<text x="60" y="297" class="note">IMD decile: 1 most deprived, 10 least deprived</text></svg>' AS svg
    FROM decile_rate, (SELECT max(rate) AS top FROM decile_rate) m)
SELECT concat_ws(E'\n',
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>NHS Talking Therapies demo report (iapt_ews)</title>',
    '<style>body{font-family:Arial,Helvetica,sans-serif;margin:2em;color:#212b32;max-width:760px}'
    'h1{color:#005eb8}h2{margin-top:1.6em;color:#003087}svg{display:block;margin:0.5em 0}'
    '.label,.tick,.note{font-size:12px;fill:#212b32}.grid{stroke:#d8dde0}.target{stroke:#d5281b;stroke-dasharray:4 3;stroke-width:2}'
    '.ci{stroke-width:2}.ci.recovery,.recovery{stroke:#005eb8;fill:#005eb8}.ci.reliable,.reliable{stroke:#41b6e6;fill:#41b6e6}'
    '.bar{fill:#005eb8}.site{fill:#ffb81c;stroke:#212b32;stroke-width:60}'
    '.key span{display:inline-block;width:14px;height:14px;margin:0 4px 0 12px;vertical-align:middle}</style>',
    '</head><body>',
    '<h1>NHS Talking Therapies: demo report</h1>',
    format('<p>Synthetic referrals (%s) for eight London services, calibrated to their published 2024-25 figures at 0.6 scale, with real LSOAs and GP-practice sites; produced by iapt_ews on %s. No figure below rests on fewer than 5 people.</p>',
           (SELECT count(*) FROM talking_therapies.referral), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')),
    '<h2>Recovery and reliable recovery by service, April 2024 to March 2025</h2>',
    '<p><span style="color:#005eb8">&#9679; recovery</span> &#160; <span style="color:#41b6e6">&#9679; reliable recovery</span>; lines are 95% (Wilson) intervals; the dashed line is the 50% recovery standard.</p>',
    (SELECT svg FROM rec_svg),
    '<h2>Employment advisers per therapist, January to March 2025</h2>',
    '<p>Whole-time equivalents: employment advisers against therapists (high-intensity therapists, psychological wellbeing practitioners and counsellors); the dashed line is the 1:8 target.</p>',
    (SELECT svg FROM ea_svg),
    '<h2>Distance to the nearest site in the eight boroughs</h2>',
    '<p class="key">Population-weighted straight-line distance from the LSOAs of each 500 m square to the nearest site:'
    '<span style="background:#08306b"></span>under 1 km<span style="background:#2171b5"></span>1-2<span style="background:#6baed6"></span>2-3'
    '<span style="background:#c6dbef"></span>3-5<span style="background:#f0f0f0;border:1px solid #999"></span>over 5 km; '
    '<span style="background:#ffb81c;border-radius:7px"></span>sites</p>',
    (SELECT svg FROM map_svg),
    '<h2>Referrals by deprivation decile</h2>',
    '<p>Referrals received per 100,000 residents, April 2024 to March 2025, in the LSOAs within 15 km of a site.</p>',
    (SELECT svg FROM decile_svg),
    '</body></html>');
\o
\pset tuples_only off
\pset format aligned
\echo
\echo 'HTML report written to' :report_path
