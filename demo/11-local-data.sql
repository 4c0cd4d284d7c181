-- Demo local data: what services hold outside the national data set, in
-- schema nhs_tt_local (plain lower-case names). Needs demo/10-source-data.sql
-- first (nhs_tt_local.service, nhs_tt_local.generated_referral). Deterministic
-- (hash draws, no random()). docs/demo-data.md describes every table:
--
-- nhs_tt_local.site (service_id, site_id, name, kind, postcode, easting,
--     northing, in_use_from): where a service can see people. kind 'base'
--     (the service's base, at the GP practice at its ODS postcode),
--     'gp_practice' (a real GP practice in the borough: a candidate site for
--     sessions closer to home), 'outreach' (a GP practice already used for
--     sessions closer to home, from in_use_from). Easting / northing:
--     British National Grid metres.
-- nhs_tt_local.workforce (service_id, period, role, wte): staff in
--     whole-time equivalents per service and month (first day), role ea
--     (employment adviser), hit (high-intensity therapist), pwp
--     (psychological wellbeing practitioner), counsellor.
-- nhs_tt_local.group_session (session_id, service_id, topic, starts_at,
--     capacity, delivery_mode, booked, attended, overbooked, poll_responses,
--     poll_helped): group workshops, the columns of iapt_ews.group_session.
-- nhs_tt_local.waiting_list_entry (entry_id, pathway_id, service_id, topic,
--     added_on, offered_on, attended_on, left_on): people waiting for a
--     workshop place (pathway_id is "IDS101referral"."PathwayID"), the
--     columns of iapt_ews.waiting_list_entry.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.u(k bigint, salt integer) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT (hashint8extended(k, salt) & 4503599627370495)::float8 / 4503599627370496.0';

CREATE TEMP TABLE lsoa_csv (lsoa11cd text, lsoa11nm text, lon float8, lat float8, easting float8,
                            northing float8, population integer, imd2019_decile integer);
\copy lsoa_csv FROM PROGRAM 'gzip -dc data/england_lsoa11.csv.gz' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE gp_csv (code text, name text, postcode text, lon float8, lat float8, easting float8, northing float8);
\copy gp_csv FROM PROGRAM 'gzip -dc data/england_gp_practices.csv.gz' WITH (FORMAT csv, HEADER true)

-- ---------------------------------------------------------------------------
-- Sites
-- ---------------------------------------------------------------------------
CREATE TABLE nhs_tt_local.site (
    service_id  text NOT NULL REFERENCES nhs_tt_local.service,
    site_id     text NOT NULL,
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('base', 'gp_practice', 'outreach')),
    postcode    text,
    easting     float8 NOT NULL,
    northing    float8 NOT NULL,
    in_use_from date,
    PRIMARY KEY (service_id, site_id)
);
COMMENT ON TABLE nhs_tt_local.site IS 'Demo: each service''s base and the real GP practices in its borough (candidate or outreach sites for sessions closer to home)';

-- Bases: as in demo/10-source-data.sql, the GP practice at the base
-- postcode (or the first by code in the postcode sector).
INSERT INTO nhs_tt_local.site
SELECT s.service_id, s.service_id || '-BASE', s.provider_name || ' (base, ' || initcap(g.name) || ')', 'base',
       g.postcode, g.easting, g.northing, date '2024-04-01'
FROM nhs_tt_local.service s
CROSS JOIN LATERAL (SELECT * FROM gp_csv g WHERE g.easting IS NOT NULL
                      AND (g.postcode = s.base_postcode OR g.postcode LIKE s.base_postcode || '%')
                    ORDER BY g.postcode = s.base_postcode DESC, g.code LIMIT 1) g;

-- A practice is in a borough when the nearest LSOA centroid is one of the
-- borough's LSOAs (searched within 3 km in Greater London's box).
CREATE TEMP TABLE london_lsoa AS
SELECT * FROM lsoa_csv WHERE easting BETWEEN 500000 AND 565000 AND northing BETWEEN 155000 AND 202000;
CREATE INDEX ON london_lsoa (easting);
ANALYZE london_lsoa;
CREATE TEMP TABLE gp_lsoa AS
SELECT g.code, g.name, g.postcode, g.easting, g.northing, l.lsoa11nm, l.imd2019_decile
FROM gp_csv g
CROSS JOIN LATERAL (SELECT l.lsoa11nm, l.imd2019_decile FROM london_lsoa l
                    WHERE l.easting BETWEEN g.easting - 3000 AND g.easting + 3000
                      AND l.northing BETWEEN g.northing - 3000 AND g.northing + 3000
                    ORDER BY (l.easting - g.easting) ^ 2 + (l.northing - g.northing) ^ 2, l.lsoa11cd LIMIT 1) l
WHERE g.easting BETWEEN 500000 AND 565000 AND g.northing BETWEEN 155000 AND 202000;
INSERT INTO nhs_tt_local.site
SELECT s.service_id, g.code, initcap(g.name), 'gp_practice', g.postcode, g.easting, g.northing, NULL
FROM nhs_tt_local.service s JOIN gp_lsoa g ON g.lsoa11nm ~ s.lsoa_pattern
WHERE NOT EXISTS (SELECT 1 FROM nhs_tt_local.site x WHERE x.service_id = s.service_id AND x.postcode = g.postcode);

-- Hammersmith and Fulham's response to low referral from deprived areas
-- far from its base (the seed story; the same LSOAs refer at a third of
-- the rate in demo/10-source-data.sql): the three practices nearest to
-- most of those areas' residents have held sessions since October 2024
-- (GP at Hand, a digital practice, is not a place to meet).
WITH far_deprived AS (
    SELECT l.* FROM lsoa_csv l, nhs_tt_local.site b
    WHERE b.service_id = 'RKL14' AND b.kind = 'base' AND l.lsoa11nm ~ '^Hammersmith and Fulham [0-9]'
      AND l.imd2019_decile <= 3 AND sqrt((l.easting - b.easting) ^ 2 + (l.northing - b.northing) ^ 2) > 2500),
nearest_practice AS (
    SELECT f.lsoa11cd, coalesce(f.population, 1500) AS population,
           (SELECT s.site_id FROM nhs_tt_local.site s
            WHERE s.service_id = 'RKL14' AND s.kind = 'gp_practice' AND s.name !~* 'gp at hand'
            ORDER BY (s.easting - f.easting) ^ 2 + (s.northing - f.northing) ^ 2, s.site_id LIMIT 1) AS site_id
    FROM far_deprived f),
nearest AS (
    SELECT site_id FROM nearest_practice GROUP BY site_id ORDER BY sum(population) DESC, site_id LIMIT 3)
UPDATE nhs_tt_local.site s SET kind = 'outreach', in_use_from = date '2024-10-01'
FROM nearest n WHERE s.service_id = 'RKL14' AND s.site_id = n.site_id;

-- ---------------------------------------------------------------------------
-- Workforce
-- ---------------------------------------------------------------------------
-- Therapists (hit + pwp + counsellor) at one WTE per 215 published
-- referrals a year (real size, not scaled), split 45 / 40 / 15 (the two
-- Mind services 40 / 25 / 35), with vacancies of up to 6% month to month.
-- Employment advisers per therapist: City and Hackney's Homerton service
-- at the 1:8 target (its eight EAs), Mind in the City and Hackney 1:10,
-- Kensington and Chelsea's integrated employment service 1:20, Bexley's
-- DWP-funded EA service 1:25, Lewisham 1:40, Merton 1:45, Hammersmith and
-- Fulham and Brent at 2015's 1:54.
CREATE TABLE nhs_tt_local.workforce (
    service_id  text NOT NULL REFERENCES nhs_tt_local.service,
    period      date NOT NULL CHECK (extract(day FROM period) = 1),
    role        text NOT NULL CHECK (role IN ('ea', 'hit', 'pwp', 'counsellor')),
    wte         numeric NOT NULL CHECK (wte >= 0),
    PRIMARY KEY (service_id, period, role)
);
COMMENT ON TABLE nhs_tt_local.workforce IS 'Demo: staff in whole-time equivalents per service, month and role (ea, hit, pwp, counsellor)';
WITH size AS (
    SELECT s.service_id, s.svc_ratio, p.referrals / 215.0 AS therapists,
           CASE WHEN s.service_id IN ('AME01', 'DH0') THEN ARRAY[0.40, 0.25, 0.35] ELSE ARRAY[0.45, 0.40, 0.15] END AS split
    FROM (VALUES ('RQX', 8), ('DH0', 10), ('RV3L8', 20), ('AME01', 25), ('RV5CH', 40), ('RQYMI', 45),
                 ('RKL14', 54), ('RV3CH', 54)) s(service_id, svc_ratio)
    JOIN (VALUES ('RQX', 13910), ('DH0', 505), ('RV3L8', 10700), ('AME01', 6520), ('RV5CH', 10620),
                 ('RQYMI', 6805), ('RKL14', 9825), ('RV3CH', 14755)) p(service_id, referrals) USING (service_id))
INSERT INTO nhs_tt_local.workforce
SELECT z.service_id, m::date, r.role,
       round((CASE r.role WHEN 'pwp' THEN z.therapists * z.split[1]
                          WHEN 'hit' THEN z.therapists * z.split[2]
                          WHEN 'counsellor' THEN z.therapists * z.split[3]
                          ELSE z.therapists / z.svc_ratio END
              * (1 - 0.06 * pg_temp.u(hashtext(z.service_id || r.role || m::date)::bigint, 1)))::numeric, 1)
FROM size z
CROSS JOIN generate_series(date '2024-04-01', date '2025-03-01', interval '1 month') m
CROSS JOIN (VALUES ('ea'), ('hit'), ('pwp'), ('counsellor')) r(role);

-- ---------------------------------------------------------------------------
-- Group workshops and waiting lists
-- ---------------------------------------------------------------------------
CREATE TABLE nhs_tt_local.group_session (
    session_id      text PRIMARY KEY,
    service_id      text NOT NULL REFERENCES nhs_tt_local.service,
    topic           text NOT NULL,
    starts_at       timestamptz NOT NULL,
    capacity        integer NOT NULL CHECK (capacity >= 1),
    delivery_mode   text NOT NULL CHECK (delivery_mode IN ('in person', 'online')),
    booked          integer NOT NULL DEFAULT 0,
    attended        integer,
    overbooked      boolean NOT NULL DEFAULT false,
    poll_responses  integer,
    poll_helped     integer
);
COMMENT ON TABLE nhs_tt_local.group_session IS 'Demo: group workshop sessions (columns of iapt_ews.group_session); sessions from April 2025 are scheduled, not yet held';
CREATE TABLE nhs_tt_local.waiting_list_entry (
    entry_id    text PRIMARY KEY,
    pathway_id  text NOT NULL,
    service_id  text NOT NULL REFERENCES nhs_tt_local.service,
    topic       text NOT NULL,
    added_on    date NOT NULL,
    offered_on  date,
    attended_on date,
    left_on     date
);
COMMENT ON TABLE nhs_tt_local.waiting_list_entry IS 'Demo: people waiting for a workshop place (columns of iapt_ews.waiting_list_entry; pathway_id is the national PathwayID)';

-- Sessions (the seed documents): Merton's in-person employment workshops
-- of at most 12, four over autumn 2024 and monthly after; Brent's
-- fortnightly Zoom workshops of at most 15 (sleep, mindfulness, managing
-- worries in turn) and monthly four-week managing-worries programmes of
-- at most 10; Lewisham's weekly Zoom wellbeing workshop of 25 with a poll
-- at the end instead of outcome forms. Scheduled to June 2025.
CREATE TEMP TABLE session_plan AS
SELECT 'RQYMI' AS service_id, 'employment' AS topic, 12 AS capacity, 'in person' AS mode, d AS starts_at
FROM unnest(ARRAY[timestamptz '2024-09-17 10:00 Europe/London', '2024-10-15 10:00 Europe/London',
                  '2024-11-12 10:00 Europe/London', '2024-12-10 10:00 Europe/London',
                  '2025-01-21 10:00 Europe/London', '2025-02-18 10:00 Europe/London',
                  '2025-03-18 10:00 Europe/London', '2025-04-15 10:00 Europe/London',
                  '2025-05-13 10:00 Europe/London', '2025-06-10 10:00 Europe/London']) d
UNION ALL
SELECT 'RV3CH', (ARRAY['sleep', 'mindfulness', 'managing worries'])[1 + k % 3], 15, 'online',
       timestamptz '2024-04-09 18:00 Europe/London' + k * interval '14 days'
FROM generate_series(0, 31) k
UNION ALL
SELECT 'RV3CH', 'managing worries programme', 10, 'online',
       timestamptz '2024-04-03 18:00 Europe/London' + k * interval '1 month'
FROM generate_series(0, 14) k
UNION ALL
SELECT 'RV5CH', 'wellbeing', 25, 'online', timestamptz '2024-04-04 12:30 Europe/London' + k * interval '7 days'
FROM generate_series(0, 64) k;

-- Waiting lists, demand above the places: Merton's employment list takes
-- most supported Merton referrals plus other employed people (about 20 a
-- month from September 2024, against 12 places a month); Brent's
-- workshops take one assessed referral in twelve and its programme one in
-- twenty-five; Lewisham's one in fifteen. Added two to six weeks after
-- referral; one in twelve leaves the list.
CREATE TEMP TABLE entry_plan AS
SELECT g.pathway_id, g.service_id, t.topic,
       g.ref_date + 14 + floor(pg_temp.u(hashtext(g.pathway_id || t.topic)::bigint, 1) * 28)::int AS added_on,
       pg_temp.u(hashtext(g.pathway_id || t.topic)::bigint, 2) < 1.0 / 12 AS leaves,
       pg_temp.u(hashtext(g.pathway_id || t.topic)::bigint, 3) < 0.85 AS attends
FROM nhs_tt_local.generated_referral g
JOIN (VALUES ('RQYMI', 'employment', 0.0), ('RV3CH', 'workshop', 1.0 / 12), ('RV3CH', 'managing worries programme', 1.0 / 25),
             ('RV5CH', 'wellbeing', 1.0 / 15)) t(service_id, topic, share) USING (service_id)
WHERE g.route <> 'none'
  AND CASE WHEN t.topic = 'employment'
           THEN g.ref_date >= date '2024-08-01' AND (g.es OR pg_temp.u(hashtext(g.pathway_id)::bigint, 4) < 0.05)
           ELSE pg_temp.u(hashtext(g.pathway_id || t.topic)::bigint, 5) < t.share END;
-- Brent's fortnightly workshops share one list, by topic in turn.
UPDATE entry_plan SET topic = (ARRAY['sleep', 'mindfulness', 'managing worries'])[1 + abs(hashtext(pathway_id)) % 3]
WHERE topic = 'workshop';
DELETE FROM entry_plan WHERE added_on > date '2025-03-31';

-- First come, first served: the k-th person staying on a list gets a place
-- at the earliest session after joining whose places are not yet taken by
-- people ahead of them (offered a fortnight before, or on joining).
CREATE TEMP TABLE session_num AS
SELECT p.*, row_number() OVER (PARTITION BY service_id, topic ORDER BY starts_at) AS n,
       p.service_id || '-' || replace(p.topic, ' ', '-') || '-' || to_char(p.starts_at AT TIME ZONE 'Europe/London', 'YYYYMMDD') AS session_id
FROM session_plan p;
CREATE TEMP TABLE allocation (pathway_id text, service_id text, topic text, session_id text, starts_at timestamptz);
DO $$
DECLARE
    e record;
    s record;
BEGIN
    CREATE TEMP TABLE places AS SELECT session_id, service_id, topic, starts_at, capacity AS free FROM session_num;
    FOR e IN SELECT * FROM entry_plan WHERE NOT leaves ORDER BY service_id, topic, added_on, pathway_id LOOP
        SELECT * INTO s FROM places
        WHERE service_id = e.service_id AND topic = e.topic AND free > 0 AND starts_at::date > e.added_on
        ORDER BY starts_at LIMIT 1;
        IF FOUND THEN
            UPDATE places SET free = free - 1 WHERE session_id = s.session_id;
            INSERT INTO allocation VALUES (e.pathway_id, e.service_id, e.topic, s.session_id, s.starts_at);
        END IF;
    END LOOP;
END $$;

INSERT INTO nhs_tt_local.waiting_list_entry
SELECT 'W-' || e.pathway_id || '-' || replace(e.topic, ' ', '-'), e.pathway_id, e.service_id, e.topic, e.added_on,
       CASE WHEN a.starts_at::date <= date '2025-03-31' + 14 THEN greatest(e.added_on, a.starts_at::date - 14) END,
       CASE WHEN a.starts_at::date <= date '2025-03-31' AND e.attends THEN a.starts_at::date END,
       CASE WHEN e.leaves THEN least(e.added_on + 21 + floor(pg_temp.u(hashtext(e.pathway_id)::bigint, 6) * 40)::int,
                                     date '2025-03-31') END
FROM entry_plan e LEFT JOIN allocation a USING (pathway_id, service_id, topic);

INSERT INTO nhs_tt_local.group_session
SELECT s.session_id, s.service_id, s.topic, s.starts_at, s.capacity, s.mode,
       coalesce(b.booked, 0),
       CASE WHEN s.starts_at < timestamptz '2025-04-01' THEN coalesce(b.attended, 0) END,
       false,
       CASE WHEN s.mode = 'online' AND s.service_id = 'RV5CH' AND s.starts_at < timestamptz '2025-04-01'
            THEN floor(coalesce(b.attended, 0) * 0.6)::int END,
       CASE WHEN s.mode = 'online' AND s.service_id = 'RV5CH' AND s.starts_at < timestamptz '2025-04-01'
            THEN floor(floor(coalesce(b.attended, 0) * 0.6) * 0.8)::int END
FROM session_num s
LEFT JOIN (SELECT a.session_id, count(*) AS booked, count(*) FILTER (WHERE w.attended_on IS NOT NULL) AS attended
           FROM allocation a JOIN nhs_tt_local.waiting_list_entry w USING (pathway_id, service_id, topic)
           GROUP BY a.session_id) b USING (session_id);

-- ---------------------------------------------------------------------------
-- Counts a reader can check
-- ---------------------------------------------------------------------------
\echo 'nhs_tt_local: sites per service'
SELECT service_id, count(*) FILTER (WHERE kind = 'base') AS bases, count(*) FILTER (WHERE kind = 'gp_practice') AS gp_practices,
       count(*) FILTER (WHERE kind = 'outreach') AS outreach
FROM nhs_tt_local.site GROUP BY 1 ORDER BY 1;
\echo 'nhs_tt_local: therapists per employment adviser, March 2025'
SELECT service_id, sum(wte) FILTER (WHERE role <> 'ea') AS therapists_wte, sum(wte) FILTER (WHERE role = 'ea') AS ea_wte,
       round(sum(wte) FILTER (WHERE role <> 'ea') / nullif(sum(wte) FILTER (WHERE role = 'ea'), 0), 1) AS therapists_per_ea
FROM nhs_tt_local.workforce WHERE period = date '2025-03-01' GROUP BY 1 ORDER BY 4;
\echo 'nhs_tt_local: workshops held to March 2025 and people still waiting on 31 March 2025'
SELECT s.service_id, s.topic, max(s.capacity) AS capacity,
       count(*) FILTER (WHERE s.starts_at < timestamptz '2025-04-01') AS sessions_held,
       sum(s.booked) FILTER (WHERE s.starts_at < timestamptz '2025-04-01') AS places_taken,
       (SELECT count(*) FROM nhs_tt_local.waiting_list_entry w
        WHERE w.service_id = s.service_id AND w.topic = s.topic AND w.attended_on IS NULL AND w.left_on IS NULL
          AND (w.offered_on IS NULL OR w.offered_on > date '2025-03-31' - 14)) AS waiting_31_march
FROM nhs_tt_local.group_session s GROUP BY 1, 2 ORDER BY 1, 2;
