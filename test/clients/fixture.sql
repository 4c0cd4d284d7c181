-- The served database the client tests read (test/shell/clients.sh): a
-- talking_therapies model with 160 referrals over two providers (P1/S1 and
-- P2/S2, 80 each) so that the published counts are not all withheld, their
-- contacts, PHQ-9/GAD-7 scores, employment statuses, eight areas and two
-- sites (the access reports), workshops and a workshop waiting list; then the
-- read-only login role `analyst` that may read the _published views only.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE EXTENSION iapt_ews;
CREATE EXTENSION iapt_ews_postgis CASCADE;
SELECT count(*) > 0 AS model_made FROM iapt_ews.create_data_model('talking_therapies');
SET search_path = talking_therapies, iapt_ews, public;

-- Referral i: provider P1 for 1-80, P2 for 81-160; referred in January 2025,
-- discharged (end code 46, treated) in March except every eighth, still open.
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, end_code,
                      provisional_diagnosis, lsoa_code, age_at_referral, gender, ethnic_category)
SELECT 'R' || i, 'N' || i, CASE WHEN i <= 80 THEN 'P1' ELSE 'P2' END, CASE WHEN i <= 80 THEN 'S1' ELSE 'S2' END,
       date '2025-01-02' + i % 20,
       CASE WHEN i % 8 <> 0 THEN date '2025-03-10' + i % 10 END,
       CASE WHEN i % 8 <> 0 THEN '46' END,
       CASE WHEN i % 3 = 0 THEN 'F32.1' ELSE 'F41.1' END,
       'E0100000' || (1 + i % 8), 18 + i % 60, CASE WHEN i % 2 = 0 THEN '1' ELSE '2' END,
       CASE WHEN i % 5 = 0 THEN 'H' ELSE 'A' END
FROM generate_series(1, 160) i;

-- An assessment a week after referral, then three weekly treatment
-- sessions; even referrals also see an employment adviser.
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT 'C' || i || '-0', 'R' || i, (date '2025-01-09' + i % 20) + time '10:00', true, 'assessment'
FROM generate_series(1, 160) i
UNION ALL
SELECT 'C' || i || '-' || k, 'R' || i, (date '2025-01-16' + i % 20 + 7 * k) + time '10:00', true, 'treatment'
FROM generate_series(1, 160) i, generate_series(1, 3) k
UNION ALL
SELECT 'C' || i || '-E', 'R' || i, (date '2025-01-20' + i % 20) + time '14:00', true, 'employment_support'
FROM generate_series(1, 160) i WHERE i % 2 = 0;

-- PHQ-9 and GAD-7 at the first and the last treatment session. All start at
-- caseness; by i % 4: recovered, no reliable change, reliably recovered,
-- reliably deteriorated.
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score)
SELECT 'R' || i, m, (date '2025-01-16' + i % 20 + 7 * k) + time '10:00',
       CASE WHEN k = 1 THEN first
            ELSE CASE i % 4 WHEN 0 THEN 5 WHEN 1 THEN first - 2 WHEN 2 THEN 3 ELSE least(first + 7, cap) END END
FROM generate_series(1, 160) i,
     LATERAL (VALUES ('phq9', 12 + i % 10, 27), ('gad7', 10 + i % 8, 21)) s(m, first, cap),
     generate_series(1, 3, 2) k;

-- Employment status at referral and at the last session: by i % 3 in work,
-- off sick, not employed at the start; most in work at the end.
INSERT INTO employment_status (pathway_id, recorded_at, status, sickness_absence)
SELECT 'R' || i, (date '2025-01-09' + i % 20) + time '10:00',
       CASE i % 3 WHEN 2 THEN '02' ELSE '01' END, CASE i % 3 WHEN 0 THEN 'N' WHEN 1 THEN 'Y' END
FROM generate_series(1, 160) i
UNION ALL
SELECT 'R' || i, (date '2025-01-16' + i % 20 + 21) + time '10:00',
       CASE WHEN i % 5 = 0 THEN '02' ELSE '01' END, CASE WHEN i % 5 <> 0 THEN 'N' END
FROM generate_series(1, 160) i;

-- Eight areas in a row 1.5 km apart, IMD deciles 1-8; two sites.
INSERT INTO area (lsoa_code, name, easting, northing, population, imd_decile)
SELECT 'E0100000' || j, 'Area ' || j || ' (test)', 525000 + 1500 * j, 180000, 1500 + 100 * j, j
FROM generate_series(1, 8) j;
INSERT INTO site (site_id, service_id, name, easting, northing) VALUES
    ('SITE1', 'S1', 'North clinic', 527000, 180500),
    ('SITE2', 'S2', 'South clinic', 534000, 179500);

-- Workshops: six stress workshops a month per service in February, and a
-- waiting list of the even referrals.
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode, booked, attended, poll_responses, poll_helped)
SELECT 'G' || s || '-' || k, s, 'stress', timestamptz '2025-02-03 18:00+00' + (k - 1) * interval '4 days', 20,
       CASE WHEN k % 2 = 0 THEN 'online' ELSE 'in person' END, 15 + k % 3, 12, 10, 7 + k % 3
FROM unnest(ARRAY['S1', 'S2']) s, generate_series(1, 6) k;
INSERT INTO waiting_list_entry (entry_id, pathway_id, service_id, topic, added_on, offered_on, attended_on)
SELECT 'W' || i, 'R' || i, CASE WHEN i <= 80 THEN 'S1' ELSE 'S2' END, 'stress',
       date '2025-01-10' + i % 20, date '2025-01-10' + i % 20 + 10 + i % 40,
       CASE WHEN i % 4 = 0 THEN date '2025-01-10' + i % 20 + 10 + i % 40 END
FROM generate_series(1, 160) i WHERE i % 2 = 0;

-- Staffing of S1 and S2 in January - March 2025 (for ea_staffing_outcomes).
INSERT INTO workforce (service_id, period, role, wte)
SELECT s, m::date, r, w
FROM unnest(ARRAY['S1', 'S2']) s, generate_series(date '2025-01-01', date '2025-03-01', interval '1 month') m,
     (VALUES ('ea', 1.0), ('hit', 4.0), ('pwp', 5.0)) v(r, w);

-- Forty people come back: R161-R200 are second referrals of N1-N40, in
-- April after their March discharge, treated twice and discharged in May
-- (repeat referrals by PDT 2.14).
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, end_code,
                      provisional_diagnosis, lsoa_code)
SELECT 'R' || i, 'N' || (i - 160), CASE WHEN i - 160 <= 80 THEN 'P1' ELSE 'P2' END,
       CASE WHEN i - 160 <= 80 THEN 'S1' ELSE 'S2' END,
       date '2025-04-07' + i % 10, date '2025-05-26', '46', 'F41.1', 'E0100000' || (1 + i % 8)
FROM generate_series(161, 200) i WHERE (i - 160) % 8 <> 0;
INSERT INTO care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT 'C' || i || '-' || k, 'R' || i, (date '2025-04-21' + 7 * k) + time '10:00', true, 'treatment'
FROM generate_series(161, 200) i, generate_series(1, 2) k WHERE (i - 160) % 8 <> 0;
INSERT INTO assessment_score (pathway_id, measure, recorded_at, score)
SELECT 'R' || i, m, (date '2025-04-21' + 7 * k) + time '10:00', CASE k WHEN 1 THEN 15 ELSE 6 END
FROM generate_series(161, 200) i, unnest(ARRAY['phq9', 'gad7']) m, generate_series(1, 2) k WHERE (i - 160) % 8 <> 0;

-- The analysts' role: logs in with a password, reads the published views
-- and nothing else.
CREATE ROLE analyst LOGIN PASSWORD :'analyst_password';
GRANT CONNECT ON DATABASE iapt_ews TO analyst;
GRANT USAGE ON SCHEMA talking_therapies, iapt_ews TO analyst;
SELECT format('GRANT SELECT ON talking_therapies.%I TO analyst', c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'talking_therapies' AND c.relkind = 'v' AND c.relname LIKE '%\_published'
ORDER BY 1 \gexec
INSERT INTO provider_access VALUES ('analyst', '*');
ALTER ROLE analyst SET search_path = talking_therapies, iapt_ews, public;
