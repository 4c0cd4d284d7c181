-- The reporting views for employment advisers and access, on a fixture
-- worked by hand. Everything is rolled back at the end.
BEGIN;
SELECT count(*) AS objects_made FROM iapt_ews.create_data_model('wfa_test');
SET search_path = wfa_test, iapt_ews, public;

-- Three areas on a line (British National Grid), one site at the first.
INSERT INTO area (lsoa_code, name, easting, northing, population, imd_decile) VALUES
  ('E01000001', 'Near 001A', 530000, 180000, 1000, 1),
  ('E01000002', 'Mid 001B',  533000, 180000, 2000, 1),
  ('E01000003', 'Far 001C',  540000, 180000, 2000, 10);
INSERT INTO site (site_id, service_id, name, easting, northing) VALUES
  ('S1', 'SV1', 'Hub', 530000, 180000);

-- Four finished referrals discharged on 10 February 2025:
--   R1 supported (an employment-support appointment on 15 January), PHQ-9 18->6, GAD-7 12->5: recovered;
--      off sick -> in work: returned to work
--   R2 not supported, 15->14, 10->10: not recovered; 02 -> in work: entered work
--   R3 not supported, 16->5, 11->4: recovered; in work -> in work: retained work
--   R4 supported (the employment-support procedure in its first contact), 5->4, 4->3:
--      not at caseness; in work -> 02: lost work
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date,
                      provisional_diagnosis, lsoa_code) VALUES
  ('R1', 'P1', 'RXA', 'SV1', '2024-12-01', '2025-02-10', 'F41.1', 'E01000001'),
  ('R2', 'P2', 'RXA', 'SV1', '2024-12-01', '2025-02-10', 'F41.1', 'E01000001'),
  ('R3', 'P3', 'RXA', 'SV1', '2024-12-01', '2025-02-10', 'F41.1', 'E01000002'),
  ('R4', 'P4', 'RXA', 'SV1', '2024-12-01', '2025-02-10', 'F41.1', 'E01000003');
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT p || '-' || k, p, timestamptz '2025-01-06 10:00+00' + (k - 1) * interval '14 days', true, 'treatment'
FROM unnest(ARRAY['R1', 'R2', 'R3', 'R4']) p, generate_series(1, 2) k;
-- R1's support appointment; R3's was booked but not attended (no support).
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type) VALUES
  ('R1-ES', 'R1', '2025-01-15 10:00+00', true, 'employment_support'),
  ('R3-ES', 'R3', '2025-01-15 10:00+00', false, 'employment_support');
INSERT INTO care_activity (contact_id, procedure_code) VALUES ('R4-1', '1098051000000103');
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score) VALUES
  ('R1', 'phq9', '2025-01-06 10:00+00', 18), ('R1', 'phq9', '2025-01-20 10:00+00', 6),
  ('R1', 'gad7', '2025-01-06 10:00+00', 12), ('R1', 'gad7', '2025-01-20 10:00+00', 5),
  ('R2', 'phq9', '2025-01-06 10:00+00', 15), ('R2', 'phq9', '2025-01-20 10:00+00', 14),
  ('R2', 'gad7', '2025-01-06 10:00+00', 10), ('R2', 'gad7', '2025-01-20 10:00+00', 10),
  ('R3', 'phq9', '2025-01-06 10:00+00', 16), ('R3', 'phq9', '2025-01-20 10:00+00', 5),
  ('R3', 'gad7', '2025-01-06 10:00+00', 11), ('R3', 'gad7', '2025-01-20 10:00+00', 4),
  ('R4', 'phq9', '2025-01-06 10:00+00', 5), ('R4', 'phq9', '2025-01-20 10:00+00', 4),
  ('R4', 'gad7', '2025-01-06 10:00+00', 4), ('R4', 'gad7', '2025-01-20 10:00+00', 3);
INSERT INTO employment_status (pathway_id, recorded_at, status, sickness_absence) VALUES
  ('R1', '2025-01-06 10:00+00', '01', 'Y'), ('R1', '2025-01-20 10:00+00', '01', 'N'),
  ('R2', '2025-01-06 10:00+00', '02', '8'), ('R2', '2025-01-20 10:00+00', '01', 'N'),
  ('R3', '2025-01-06 10:00+00', '01', 'N'), ('R3', '2025-01-20 10:00+00', '01', 'N'),
  ('R4', '2025-01-06 10:00+00', '01', 'N'), ('R4', '2025-01-20 10:00+00', '02', '8');

-- R3 missed its support appointment: treatment only. Expected per group:
--   supported:     finished 2 (R1, R4), denominator 1 (R4 not at caseness),
--                  recovered 1, rate 1; off sick 1 -> returned 1; in work 1 -> lost 1
--   not supported: finished 2 (R2, R3), denominator 2, recovered 1 (R3), rate 0.5;
--                  not employed 1 -> entered 1; in work 1 -> retained 1
SELECT * FROM employment_support_outcomes ORDER BY employment_support;

-- Staffing, January - March 2025: EA 1.0, 1.0, 1.3 (mean 1.1); HIT 5 and
-- PWP 4, 4, 4.6 (mean 4.2); other roles not counted. 1.1 : 9.2 is 8.36 therapists
-- per EA; 9.2 / 8 = 1.15 EA wanted, 0.05 more needed.
INSERT INTO workforce (service_id, period, role, wte) VALUES
  ('SV1', '2025-01-01', 'ea', 1.0), ('SV1', '2025-02-01', 'ea', 1.0), ('SV1', '2025-03-01', 'ea', 1.3),
  ('SV1', '2025-01-01', 'hit', 5), ('SV1', '2025-02-01', 'hit', 5), ('SV1', '2025-03-01', 'hit', 5),
  ('SV1', '2025-01-01', 'pwp', 4), ('SV1', '2025-02-01', 'pwp', 4), ('SV1', '2025-03-01', 'pwp', 4.6),
  ('SV1', '2025-01-01', 'other', 2), ('SV1', '2025-04-01', 'ea', 2), ('SV1', '2025-04-01', 'pwp', 8);
SELECT * FROM ea_staffing ORDER BY quarter;

-- Access by area. Gaussian weight at 3 km of 5 km:
-- (exp(-0.5 * 0.6^2) - exp(-0.5)) / (1 - exp(-0.5)) = 0.58134021708421; the
-- third area is 10 km away (no weight). Site ratio R = 1 / (1000 + 2000 x
-- 0.58134021708421) = 0.00046238916494591; scores R and R x 0.5813...
-- = 0.00026880541752704 (test/reference, Python).
SELECT lsoa_code, imd_decile, latitude, longitude, referrals, referrals_per_100k,
       nearest_site_id, nearest_distance_m, sites_within_5km,
       round(access_score::numeric, 15) AS access_score,
       round(access_score::numeric, 15) = CASE lsoa_code WHEN 'E01000001' THEN 0.000462389164946
                                                         WHEN 'E01000002' THEN 0.000268805417527
                                                         ELSE 0 END AS as_computed
FROM area_access ORDER BY lsoa_code;

-- By decile: decile 1 has 3,000 people and 3 referrals (100 per 100,000),
-- decile 10 has 2,000 and 1 (50); overall 80. Expected 2.4 and 1.6, O/E
-- 1.25 and 0.625. SII: two groups at relative ranks 0.3 and 0.8, slope
-- (50 - 100) / 0.5 = -100; RII = -100 / 80 = -1.25.
SELECT imd_decile, areas, population, referrals, referrals_per_100k, expected_referrals,
       observed_expected, mean_nearest_distance_m, population_within_5km_rate,
       sii_referrals_per_100k, rii_referrals
FROM access_by_decile ORDER BY imd_decile NULLS LAST;

-- Published: every count here is below 5, so withheld; the rates too.
SELECT * FROM employment_support_outcomes_published ORDER BY employment_support;
-- Per area: 2 and 1 referrals are withheld (and their rates).
SELECT lsoa_code, referrals, referrals_per_100k, nearest_distance_m, sites_within_5km FROM area_access_published ORDER BY lsoa_code;

-- By decile, published: 3 and 1 referrals are withheld, so are the rates
-- and O/E; distances as above; the all-areas row's SII/RII are of the
-- published rates, so withheld with the deciles' counts (from the exact
-- rates they would give the withheld counts back).
SELECT * FROM access_by_decile_published ORDER BY imd_decile;

-- A reader granted only the published access views can read them: the
-- access functions run their query texts as the caller, so the reports hand
-- them their rows inside the text (iapt_ews.rows_as_query) rather than
-- naming area_point or referral_outcome, which the reader may not read.
-- Same figures as above.
CREATE ROLE wfa_published_reader;
GRANT USAGE ON SCHEMA wfa_test, iapt_ews TO wfa_published_reader;
GRANT SELECT ON area_access_published, access_by_decile_published TO wfa_published_reader;
INSERT INTO provider_access VALUES ('wfa_published_reader', '*');
SET ROLE wfa_published_reader;
SELECT lsoa_code, referrals, referrals_per_100k, nearest_distance_m, sites_within_5km FROM area_access_published ORDER BY lsoa_code;
SELECT imd_decile, areas, referrals, mean_nearest_distance_m, population_within_5km_rate FROM access_by_decile_published ORDER BY imd_decile;
SAVEPOINT reader_denied;
SELECT count(*) FROM area_point;
ROLLBACK TO SAVEPOINT reader_denied;
RESET ROLE;

-- The text rows_as_query makes: the row type qualified whatever the path,
-- so it means the same in the caller's session; no rows when NULL.
SET search_path = public;
SELECT iapt_ews.rows_as_query(ARRAY(SELECT s FROM wfa_test.site s));
SELECT iapt_ews.rows_as_query(NULL::wfa_test.site[]);
SET search_path = wfa_test, iapt_ews, public;

-- BI types only.
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relname IN ('ea_staffing', 'employment_support_outcomes', 'area_access', 'access_by_decile',
                    'employment_support_outcomes_published', 'area_access_published', 'access_by_decile_published')
  AND c.relnamespace = 'wfa_test'::regnamespace AND a.attnum > 0
  AND format_type(a.atttypid, a.atttypmod) !~ '^(numeric|integer|bigint|text|date|boolean|double precision)'
ORDER BY 1, 2;
ROLLBACK;
