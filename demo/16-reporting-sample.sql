-- Demo data for the reporting layer (docs/reporting.md), in the data model
-- schema talking_therapies (made here by iapt_ews.create_data_model when it
-- is not there yet; iapt_ews_postgis first, so that the access views are
-- made too): England's LSOAs (data/england_lsoa11.csv.gz, real), sites at
-- real GP practices, and a SYNTHETIC year of referrals for six services of
-- three providers, with care contacts, employment support, PHQ-9 and
-- anxiety scores, employment status and staffing. No row is a real person.
-- Deterministic (setseed). Each part loads only into an empty table, so a
-- fuller demo loader that ran before keeps its data.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS iapt_ews_postgis CASCADE;
SELECT to_regclass('talking_therapies.referral') IS NULL AS need_model \gset
\if :need_model
SELECT count(*) AS model_objects FROM iapt_ews.create_data_model('talking_therapies') \gset
\echo 'Made the data model in schema talking_therapies:' :model_objects 'tables and reporting views'
\endif
\echo 'Loading the demo data: real areas (LSOAs) and GP-practice sites, SYNTHETIC referrals (no real person)'

CREATE TEMP TABLE lsoa_csv (lsoa11cd text, lsoa11nm text, lon float8, lat float8, easting float8,
                            northing float8, population integer, imd2019_decile integer);
\copy lsoa_csv FROM PROGRAM 'gzip -dc data/england_lsoa11.csv.gz' WITH (FORMAT csv, HEADER true)
INSERT INTO talking_therapies.area (lsoa_code, name, easting, northing, population, imd_decile)
SELECT lsoa11cd, lsoa11nm, easting, northing, population, imd2019_decile
FROM lsoa_csv WHERE NOT EXISTS (SELECT 1 FROM talking_therapies.area);

-- Six services in three cities, each with two sites at real GP practices.
CREATE TEMP TABLE demo_service (service_id text, provider_code text, name text, e float8, n float8);
INSERT INTO demo_service VALUES
    ('LDS-N', 'RXA', 'Leeds North', 430000, 438000), ('LDS-S', 'RXA', 'Leeds South', 431000, 430000),
    ('BHM-E', 'RXB', 'Birmingham East', 412000, 287000), ('BHM-W', 'RXB', 'Birmingham West', 404000, 287000),
    ('PLY-C', 'RXC', 'Plymouth', 248000, 56000), ('EXE-C', 'RXC', 'Exeter', 292000, 93000);
CREATE TEMP TABLE gp_csv (code text, name text, postcode text, lon float8, lat float8, easting float8, northing float8);
\copy gp_csv FROM PROGRAM 'gzip -dc data/england_gp_practices.csv.gz' WITH (FORMAT csv, HEADER true)
INSERT INTO talking_therapies.site (site_id, service_id, name, easting, northing)
SELECT g.code, s.service_id, initcap(g.name), g.easting, g.northing
FROM demo_service s
CROSS JOIN LATERAL (SELECT * FROM gp_csv g WHERE g.easting IS NOT NULL
                    ORDER BY (g.easting - s.e) ^ 2 + (g.northing - s.n) ^ 2, g.code LIMIT 2) g
WHERE NOT EXISTS (SELECT 1 FROM talking_therapies.site);

-- Staffing per month: employment advisers vary most between services, from
-- a service at the 1:8 target (Leeds North, with City and Hackney's eight
-- EAs in mind) to one near 2015's 1 EA per 54 therapists (Plymouth), and
-- EAs were recruited through the year.
INSERT INTO talking_therapies.workforce (service_id, period, role, wte)
SELECT s.service_id, m::date, r.role,
       round((r.base * CASE WHEN r.role <> 'ea' THEN 1
                            WHEN s.service_id = 'LDS-N' THEN 1.6
                            WHEN s.service_id = 'PLY-C' THEN 0.22
                            ELSE 0.8 + 0.04 * extract(month FROM age(m, date '2024-04-01')) END
                    * (1 + (hashtext(s.service_id || r.role) % 30) / 100.0))::numeric, 1)
FROM demo_service s, generate_series(date '2024-04-01', date '2025-03-01', interval '1 month') m,
     (VALUES ('ea', 1.5), ('hit', 9), ('pwp', 8), ('other', 3)) r(role, base)
WHERE NOT EXISTS (SELECT 1 FROM talking_therapies.workforce);

-- Referrals: 40,000 over April 2024 - March 2025 from people living near
-- their service (the 400 nearest LSOAs), more often from deprived areas.
SELECT setseed(0.42) \gset
CREATE TEMP TABLE demo_lsoa AS
SELECT s.service_id, row_number() OVER (PARTITION BY s.service_id ORDER BY random()) AS k, a.lsoa_code, a.imd_decile
FROM demo_service s
CROSS JOIN LATERAL (SELECT lsoa_code, imd_decile FROM talking_therapies.area
                    ORDER BY (easting - s.e) ^ 2 + (northing - s.n) ^ 2, lsoa_code LIMIT 400) a
CROSS JOIN LATERAL generate_series(1, 12 - coalesce(a.imd_decile, 5)) w;
CREATE INDEX ON demo_lsoa (service_id, k);
CREATE TEMP TABLE demo_lsoa_count AS SELECT service_id, count(*) AS n FROM demo_lsoa GROUP BY service_id;
CREATE TEMP TABLE demo_ref AS
SELECT i, 'PW' || lpad(i::text, 6, '0') AS pathway_id,
       'PERSON' || lpad((1 + floor(random() * 34000))::int::text, 5, '0') AS person_id,
       s.service_id, s.provider_code,
       date '2024-04-01' + floor(random() * 365)::int AS referral_date,
       (ARRAY['F41.1', 'F41.1', 'F41.2', 'F32.1', 'F33.1', 'F40.0', 'F40.1', 'F41.0', 'F42.0', 'F43.1', 'F45.2', NULL])
           [1 + floor(random() * 12)::int] AS dx,
       random() AS p_seen, random() AS p_treated, 1 + floor(random() * 10)::int AS sessions,
       floor(random() * 25)::int AS wait_assess, floor(random() * 70 * random())::int AS wait_treat,
       random() AS severity, random() AS response, random() AS p_scored, random() AS p_emp,
       floor(random() * 1000000)::int AS lsoa_pick
FROM generate_series(1, 40000) i
CROSS JOIN LATERAL (SELECT * FROM demo_service ORDER BY random() + i * 0 LIMIT 1) s;
CREATE UNIQUE INDEX ON demo_ref (pathway_id);
ANALYZE demo_ref;

INSERT INTO talking_therapies.referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date,
                                        end_code, provisional_diagnosis, lsoa_code)
SELECT r.pathway_id, r.person_id, r.provider_code, r.service_id, r.referral_date, d.discharge_date,
       CASE WHEN d.discharge_date IS NOT NULL THEN CASE WHEN r.p_seen < 0.1 THEN '12' WHEN r.p_treated < 0.25 THEN '13' ELSE '46' END END,
       r.dx, l.lsoa_code
FROM demo_ref r
CROSS JOIN LATERAL (
    SELECT CASE WHEN x <= date '2025-03-31' THEN x END AS discharge_date
    FROM (SELECT r.referral_date + CASE WHEN r.p_seen < 0.1 THEN 60
                                        WHEN r.p_treated < 0.25 THEN r.wait_assess + 14
                                        ELSE r.wait_assess + r.wait_treat + 7 * r.sessions + 7 END AS x) x) d
LEFT JOIN demo_lsoa_count n ON n.service_id = r.service_id
LEFT JOIN demo_lsoa l ON l.service_id = r.service_id AND l.k = 1 + r.lsoa_pick % n.n
WHERE NOT EXISTS (SELECT 1 FROM talking_therapies.referral);
ANALYZE talking_therapies.referral;

-- Contacts: an assessment, then weekly treatment sessions (one in eight
-- missed); about one person in eight who is treated also sees an
-- employment adviser, a week after the assessment (an attended
-- employment-support appointment with the employment-support procedure,
-- SNOMED CT 1098051000000103, as the reports count employment support).
INSERT INTO talking_therapies.care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT r.pathway_id || '-' || CASE WHEN c.k < 0 THEN 'ES' ELSE c.k::text END, r.pathway_id, c.at, c.attended, c.type
FROM demo_ref r JOIN talking_therapies.referral f USING (pathway_id)
CROSS JOIN LATERAL (
    SELECT 0 AS k, (r.referral_date + r.wait_assess)::timestamp AT TIME ZONE 'Europe/London' + interval '10 hours' AS at,
           true AS attended, 'assessment' AS type
    UNION ALL
    SELECT k, (r.referral_date + r.wait_assess + r.wait_treat + 7 * k)::timestamp AT TIME ZONE 'Europe/London' + interval '14 hours',
           (hashtext(r.pathway_id || k) % 8) <> 0, 'treatment'
    FROM generate_series(1, r.sessions) k WHERE r.p_treated >= 0.25
    UNION ALL
    SELECT -1, (r.referral_date + r.wait_assess + 7)::timestamp AT TIME ZONE 'Europe/London' + interval '11 hours',
           true, 'employment_support'
    WHERE r.p_emp < 0.12 AND r.p_treated >= 0.25) c
WHERE r.p_seen >= 0.1 AND (f.discharge_date IS NULL OR (c.at AT TIME ZONE 'Europe/London')::date <= f.discharge_date)
  AND (c.at AT TIME ZONE 'Europe/London')::date <= date '2025-03-31'
  AND NOT EXISTS (SELECT 1 FROM talking_therapies.care_contact);
INSERT INTO talking_therapies.care_activity (contact_id, procedure_code)
SELECT contact_id, '1098051000000103' FROM talking_therapies.care_contact
WHERE appointment_type = 'employment_support' AND NOT EXISTS (SELECT 1 FROM talking_therapies.care_activity);
ANALYZE talking_therapies.care_contact;

-- Scores at every attended assessment and treatment contact, PHQ-9 and the anxiety measure, moving
-- from a start set by severity towards an end set by response. People in
-- more deprived areas respond less well (the national gradient runs from
-- 43% recovery in the most deprived decile to 56% in the least), and about
-- one in sixteen gets worse.
INSERT INTO talking_therapies.assessment_score (pathway_id, measure, recorded_at, score)
SELECT c.pathway_id, m.code, c.contact_at,
       round((m.min_score + (m.max_score - m.min_score) *
              greatest(0, least(1, (0.2 + 0.75 * r.severity) * t.factor)))::numeric,
             m.decimals)
FROM talking_therapies.care_contact c JOIN demo_ref r USING (pathway_id)
JOIN talking_therapies.referral f USING (pathway_id)
LEFT JOIN talking_therapies.area a ON a.lsoa_code = f.lsoa_code
CROSS JOIN LATERAL (SELECT least(1.0, split_part(c.contact_id, '-', 2)::int / greatest(r.sessions, 1)::float8) AS progress) p
CROSS JOIN LATERAL (
    SELECT CASE WHEN r.response < 0.065 THEN 1 + 0.9 * p.progress
                ELSE 1 - p.progress * (1.4 * r.response * (0.72 + 0.045 * coalesce(a.imd_decile, 5) + CASE WHEN r.p_emp < 0.12 THEN 0.12 ELSE 0 END) - 0.02) END AS factor) t
JOIN iapt_ews.measures m ON m.code IN ('phq9', iapt_ews.anxiety_measure(r.dx))
WHERE c.attended AND c.appointment_type <> 'employment_support' AND r.p_scored < 0.93
  AND NOT EXISTS (SELECT 1 FROM talking_therapies.assessment_score);

-- Employment status at the first and the last attended assessment or
-- treatment contact. Most people
-- keep their status; people off sick return to work, and people out of work
-- find it, more often with employment support (the seed documents report
-- better outcomes with an employment adviser).
INSERT INTO talking_therapies.employment_status (pathway_id, recorded_at, status, sickness_absence)
WITH ends AS (
    SELECT pathway_id, min(contact_at) AS first_at, max(contact_at) AS last_at
    FROM talking_therapies.care_contact WHERE attended AND appointment_type <> 'employment_support' GROUP BY pathway_id),
first AS (
    SELECT e.*, (ARRAY['01', '01', '01', '01', '02', '02', '03', '04', '05', '08', 'ZZ'])[1 + abs(hashtext(e.pathway_id)) % 11] AS status,
           abs(hashtext(e.pathway_id || 'sick')) % 100 < 35 AS off_sick,
           (abs(hashtext(e.pathway_id || 'move')) % 10000) / 10000.0 AS u,
           r.p_emp < 0.12 AND r.p_treated >= 0.25 AS supported
    FROM ends e JOIN demo_ref r USING (pathway_id)),
last AS (
    SELECT f.*,
           CASE WHEN f.status = 'ZZ' THEN 'ZZ'
                WHEN f.status = '01' AND f.off_sick THEN
                     CASE WHEN f.u < 0.40 + 0.20 * f.supported::int THEN '01N' WHEN f.u < 0.88 THEN '01Y' ELSE '02' END
                WHEN f.status = '01' THEN CASE WHEN f.u < 0.93 THEN '01N' WHEN f.u < 0.97 THEN '01Y' ELSE '02' END
                WHEN f.status IN ('02', '03', '06') AND f.u < 0.10 + 0.12 * f.supported::int THEN '01N'
                ELSE f.status END AS last_code
    FROM first f)
SELECT * FROM (
    SELECT pathway_id, first_at, status, CASE WHEN status <> '01' THEN '8' WHEN off_sick THEN 'Y' ELSE 'N' END FROM last
    UNION ALL
    SELECT pathway_id, last_at, left(last_code, 2), CASE WHEN last_code = '01N' THEN 'N' WHEN last_code = '01Y' THEN 'Y' ELSE '8' END
    FROM last WHERE last_at > first_at) s
WHERE NOT EXISTS (SELECT 1 FROM talking_therapies.employment_status);

ANALYZE talking_therapies.area, talking_therapies.site, talking_therapies.workforce, talking_therapies.referral,
        talking_therapies.care_contact, talking_therapies.care_activity, talking_therapies.assessment_score,
        talking_therapies.employment_status;
SELECT (SELECT count(*) FROM talking_therapies.area) AS areas, (SELECT count(*) FROM talking_therapies.site) AS sites,
       (SELECT count(*) FROM talking_therapies.referral) AS referrals, (SELECT count(*) FROM talking_therapies.care_contact) AS contacts,
       (SELECT count(*) FROM talking_therapies.assessment_score) AS scores;
