-- The hostile analyst of docs/security.md, attacking a model through what it
-- may legitimately read and write (issue #18). The operator attack on
-- visible_providers() is in search_path.sql, the pre-made view in the
-- target schema in sql/data_set.sql, a dropped role's mapping
-- in reporting_rls.sql, unconvertible warehouse values in
-- sql/reporting_warehouse.sql.
BEGIN;
SELECT plan(9);

SET client_min_messages = warning;
SELECT iapt_ews.create_data_model('ha') IS NOT NULL;
RESET client_min_messages;
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;

-- Provider P1's loader may write P1's referrals and read the published
-- figures. P2 holds the target person T, referred there in January.
CREATE ROLE ha_loader_p1 LOGIN;
GRANT USAGE ON SCHEMA ha, iapt_ews TO ha_loader_p1;
GRANT SELECT, INSERT, DELETE ON ha.referral TO ha_loader_p1;
GRANT SELECT ON ha.service_month_metrics_published, ha.key_metrics_published,
               ha.workshop_fill_published, ha.area_access_published, ha.access_by_decile_published,
               ha.area_point, ha.site_point TO ha_loader_p1;
INSERT INTO ha.provider_access VALUES ('ha_loader_p1', 'P1');
INSERT INTO ha.referral (pathway_id, person_id, provider_code, service_id, referral_date) VALUES
    ('T-P2', 'T', 'P2', 'S2', '2025-01-10');

-- 1. Probing a person through published repeat referrals. The loader adds,
-- in a new service of its own, four certain repeats (a person referred
-- twice) and one referral of the target person, and reads the published
-- repeat count of the new service: if T's referral at P2 counted, it would
-- read 5 (published) instead of withheld. Figures are computed from what
-- the caller may see, so the answer must not depend on P2's row.
CREATE TEMP TABLE probe_answer (run text, answer text);
GRANT ALL ON probe_answer TO ha_loader_p1;
CREATE FUNCTION pg_temp.probe(run text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL ROLE ha_loader_p1;
    INSERT INTO ha.referral (pathway_id, person_id, provider_code, service_id, referral_date) VALUES
        ('Q1a', 'Q1', 'P1', 'PROBE', '2025-01-02'), ('Q1b', 'Q1', 'P1', 'PROBE', '2025-02-03'),
        ('Q2a', 'Q2', 'P1', 'PROBE', '2025-01-02'), ('Q2b', 'Q2', 'P1', 'PROBE', '2025-02-03'),
        ('Q3a', 'Q3', 'P1', 'PROBE', '2025-01-02'), ('Q3b', 'Q3', 'P1', 'PROBE', '2025-02-03'),
        ('Q4a', 'Q4', 'P1', 'PROBE', '2025-01-02'), ('Q4b', 'Q4', 'P1', 'PROBE', '2025-02-03'),
        ('QT', 'T', 'P1', 'PROBE', '2025-02-03');
    INSERT INTO probe_answer
    SELECT run, string_agg(coalesce(m.referrals_after_another_within_365_days::text, 'withheld'), ',' ORDER BY m.month)
    FROM ha.service_month_metrics_published m WHERE m.service_id = 'PROBE';
    DELETE FROM ha.referral WHERE service_id = 'PROBE';
    RESET ROLE;
END $$;
SELECT pg_temp.probe('T referred at P2');
DELETE FROM ha.referral WHERE pathway_id = 'T-P2';
SELECT pg_temp.probe('T never referred elsewhere');
SELECT is((SELECT answer FROM probe_answer WHERE run = 'T referred at P2'),
          (SELECT answer FROM probe_answer WHERE run = 'T never referred elsewhere'),
          'published repeat referrals do not show whether a person was referred to a provider the caller may not see');
SELECT is((SELECT answer FROM probe_answer WHERE run = 'T referred at P2'), 'withheld,withheld',
          'the probe''s four certain repeats stay withheld (below 5)');

-- 2. Inverting published rates. Exact counts chosen not to be multiples
-- of 5: 13 finished, 7 not at caseness... A published rate must give back
-- no more than the published counts beside it: rate x published
-- denominator is the published numerator (to rounding), never the exact.
INSERT INTO ha.referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, lsoa_code)
SELECT 'F' || i, 'F' || i, 'P1', 'S1', date '2025-01-02', date '2025-03-03', 'E01000001' FROM generate_series(1, 13) i;
INSERT INTO ha.care_contact (contact_id, pathway_id, contact_at, attended, appointment_type)
SELECT 'F' || i || '-' || k, 'F' || i, timestamptz '2025-01-10 10:00+00' + k * interval '7 days', true, 'treatment'
FROM generate_series(1, 13) i, generate_series(1, 2) k;
-- F1-F8 recover (18 -> 5, 12 -> 4), F9-F13 do not (18 -> 17, 12 -> 11).
INSERT INTO ha.assessment_score (pathway_id, measure, recorded_at, score)
SELECT 'F' || i, m, timestamptz '2025-01-10 10:00+00' + k * interval '7 days',
       CASE WHEN k = 1 THEN CASE m WHEN 'phq9' THEN 18 ELSE 12 END
            WHEN i <= 8 THEN CASE m WHEN 'phq9' THEN 5 ELSE 4 END
            ELSE CASE m WHEN 'phq9' THEN 17 ELSE 11 END END
FROM generate_series(1, 13) i, unnest(ARRAY['phq9', 'gad7']) m, generate_series(1, 2) k;
-- Workshops: 3 of 12 places booked (withheld), 13 of 15 (15 published).
INSERT INTO ha.group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode, booked, attended)
VALUES ('W1', 'S1', 'sleep', '2025-01-07 18:00+00', 12, 'online', 3, 3),
       ('W2', 'S1', 'worry', '2025-01-08 18:00+00', 15, 'online', 13, 12);
-- Areas: 13 residents referred from an area of 7,777 people.
INSERT INTO ha.area VALUES ('E01000001', 'A', 530000, 180000, 7777, 3);
INSERT INTO ha.site VALUES ('X1', 'S1', 'Hub', 530500, 180000);

SET ROLE ha_loader_p1;
SELECT is((SELECT (recovered, recovery_denominator, finished_treatment, recovery_rate)::text
           FROM ha.service_month_metrics_published WHERE service_id = 'S1' AND month = '2025-03-01'),
          '(10,15,15,0.6667)', 'recovery: published 8 -> 10 over 13 -> 15, rate 10/15, not the exact 8/13 = 0.6154');
SELECT is((SELECT recovery_rate FROM ha.key_metrics_published
           WHERE organisation_code = 'S1' AND month = '2025-03-01'),
          0.6667, 'key metrics: the rate of the published counts (a fraction, 4 decimals)');
SELECT is((SELECT string_agg(coalesce(booked::text, 'withheld') || ' ' || coalesce(fill_rate::text, 'withheld'), ',' ORDER BY topic)
           FROM ha.workshop_fill_published),
          'withheld withheld,15 1.00', 'workshop fill: a withheld booking has no fill rate; 13 of 15 shows as 15/15');
SELECT is((SELECT (referrals, referrals_per_100k)::text FROM ha.area_access_published),
          '(15,192.9)', 'area: 15 (published) per 7,777 residents, not 13''s 167.2');
SELECT is((SELECT (referrals, referrals_per_100k)::text FROM ha.access_by_decile_published WHERE imd_decile = 3),
          '(15,192.9)', 'decile: the same');
-- The rule, for every published rate above: rate x published denominator
-- gives the published numerator.
SELECT ok((SELECT bool_and(round(recovery_rate * recovery_denominator) = recovered)
           FROM ha.service_month_metrics_published WHERE recovery_rate IS NOT NULL),
          'recovery_rate x published denominator = published recovered, on every row');
RESET ROLE;
SELECT is((SELECT count(*) FROM ha.service_month_metrics_published WHERE service_id = 'S1' AND recovered IS NOT NULL),
          1::bigint, 'the superuser reads the same published row');

SELECT * FROM finish();
ROLLBACK;
