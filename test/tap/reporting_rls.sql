-- Row-level security by provider (docs/access-control.md): each role logs in
-- (SET ROLE) and sees exactly its rows through every table and view; the
-- publication role reads only the suppressed view.
BEGIN;
SELECT plan(48);

-- pgTAP records results in temporary tables; let the roles below write them.
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;

-- Fixture: provider P1 with two referrals (R1 finished, R2 open), P2 with one.
INSERT INTO iapt_ews.referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis) VALUES
    ('R1', 'A', 'P1', 'S1', '2025-01-06', '2025-02-27', 'F41.1'),
    ('R2', 'B', 'P1', 'S1', '2025-01-10', NULL, NULL),
    ('R3', 'C', 'P2', 'S2', '2025-01-08', '2025-02-20', NULL);
INSERT INTO iapt_ews.care_contact VALUES
    ('C11', 'R1', '2025-01-20 10:00', true, 'treatment'), ('C12', 'R1', '2025-02-03 10:00', true, 'treatment'),
    ('C21', 'R2', '2025-01-20 10:00', true, 'assessment'),
    ('C31', 'R3', '2025-01-20 10:00', true, 'treatment'), ('C32', 'R3', '2025-02-03 10:00', true, 'treatment'),
    ('C33', 'R3', '2025-02-10 10:00', true, 'treatment');
INSERT INTO iapt_ews.assessment_score VALUES
    ('R1', 'phq9', '2025-01-20 10:00', 18), ('R1', 'phq9', '2025-02-03 10:00', 7),
    ('R3', 'phq9', '2025-01-20 10:00', 12);
INSERT INTO iapt_ews.employment_status VALUES ('R1', '2025-01-20 10:00', '01', 'Y'), ('R3', '2025-01-20 10:00', '02', NULL);

-- The roles of docs/access-control.md: a group role per provider with its
-- analysts as members, a national role, a publication role, and a role
-- with every grant but no mapping.
CREATE ROLE tap_p1_analysts NOLOGIN;
CREATE ROLE tap_analyst_p1 LOGIN IN ROLE tap_p1_analysts;
CREATE ROLE tap_analyst_p2 LOGIN;
CREATE ROLE tap_national LOGIN;
CREATE ROLE tap_publication LOGIN;
CREATE ROLE tap_unmapped LOGIN;
GRANT USAGE ON SCHEMA iapt_ews TO tap_p1_analysts, tap_analyst_p2, tap_national, tap_publication, tap_unmapped;
GRANT SELECT ON iapt_ews.referral, iapt_ews.care_contact, iapt_ews.assessment_score, iapt_ews.employment_status,
                iapt_ews.referral_outcome, iapt_ews.service_month_metrics, iapt_ews.service_month_metrics_published,
                iapt_ews.key_metrics, iapt_ews.key_metrics_published
    TO tap_p1_analysts, tap_analyst_p2, tap_national, tap_unmapped;
GRANT INSERT, UPDATE ON iapt_ews.referral TO tap_p1_analysts;
GRANT SELECT ON iapt_ews.service_month_metrics_published, iapt_ews.key_metrics_published TO tap_publication;
INSERT INTO iapt_ews.provider_access VALUES
    ('tap_p1_analysts', 'P1'), ('tap_analyst_p2', 'P2'), ('tap_national', '*'), ('tap_publication', '*'),
    ('a_role_that_was_dropped', 'P1');

-- Analyst of P1, through the group role.
SET ROLE tap_analyst_p1;
SELECT is(iapt_ews.visible_providers(), ARRAY['P1'], 'P1 analyst: visible providers');
SELECT results_eq('SELECT pathway_id FROM iapt_ews.referral ORDER BY 1', ARRAY['R1', 'R2'], 'P1 analyst: referral');
SELECT results_eq('SELECT contact_id FROM iapt_ews.care_contact ORDER BY 1', ARRAY['C11', 'C12', 'C21'], 'P1 analyst: care_contact');
SELECT is((SELECT count(*) FROM iapt_ews.assessment_score), 2::bigint, 'P1 analyst: assessment_score');
SELECT is((SELECT count(*) FROM iapt_ews.employment_status), 1::bigint, 'P1 analyst: employment_status');
SELECT results_eq('SELECT pathway_id FROM iapt_ews.referral_outcome ORDER BY 1', ARRAY['R1', 'R2'], 'P1 analyst: referral_outcome');
SELECT results_eq('SELECT DISTINCT provider_code FROM iapt_ews.service_month_metrics', ARRAY['P1'], 'P1 analyst: service_month_metrics');
SELECT results_eq('SELECT DISTINCT provider_code FROM iapt_ews.service_month_metrics_published', ARRAY['P1'], 'P1 analyst: published');
SELECT is((SELECT sum(referrals_received) FROM iapt_ews.service_month_metrics), 2::numeric, 'P1 analyst: P1 referrals only in the metrics');
SELECT results_eq($$SELECT organisation_code, count_referrals FROM iapt_ews.key_metrics WHERE month = '2025-01-01' ORDER BY 1$$,
                  $$VALUES ('England', 2::bigint), ('P1', 2::bigint), ('S1', 2::bigint)$$,
                  'P1 analyst: key_metrics, the England total is P1''s');
SELECT results_eq($$SELECT organisation_code FROM iapt_ews.key_metrics_published WHERE month = '2025-01-01' ORDER BY 1$$,
                  ARRAY['England', 'P1', 'S1'], 'P1 analyst: key_metrics_published, P1 only');
SELECT is((SELECT count(*) FROM iapt_ews.referral WHERE pathway_id = 'R3'), 0::bigint, 'P1 analyst: R3 invisible by key too');
SELECT throws_ok($$INSERT INTO iapt_ews.referral (pathway_id, person_id, provider_code, service_id, referral_date)
                   VALUES ('X', 'X', 'P2', 'S2', '2025-01-01')$$,
                 '42501', 'new row violates row-level security policy for table "referral"',
                 'P1 analyst: cannot write a P2 referral');
SELECT lives_ok($$INSERT INTO iapt_ews.referral (pathway_id, person_id, provider_code, service_id, referral_date)
                  VALUES ('X', 'X', 'P1', 'S1', '2025-01-01')$$, 'P1 analyst: can write a P1 referral');
SELECT throws_ok($$UPDATE iapt_ews.referral SET provider_code = 'P2' WHERE pathway_id = 'X'$$,
                 '42501', 'new row violates row-level security policy for table "referral"',
                 'P1 analyst: cannot move a referral to P2');
SELECT is((SELECT count(*) FROM iapt_ews.provider_access), 5::bigint, 'P1 analyst: the mapping itself is readable (auditable)');
RESET ROLE;
DELETE FROM iapt_ews.referral WHERE pathway_id = 'X';

-- Analyst of P2, mapped directly.
SET ROLE tap_analyst_p2;
SELECT results_eq('SELECT pathway_id FROM iapt_ews.referral', ARRAY['R3'], 'P2 analyst: referral');
SELECT results_eq('SELECT contact_id FROM iapt_ews.care_contact ORDER BY 1', ARRAY['C31', 'C32', 'C33'], 'P2 analyst: care_contact');
SELECT is((SELECT count(*) FROM iapt_ews.assessment_score), 1::bigint, 'P2 analyst: assessment_score');
SELECT results_eq('SELECT pathway_id FROM iapt_ews.referral_outcome', ARRAY['R3'], 'P2 analyst: referral_outcome');
SELECT results_eq('SELECT DISTINCT provider_code FROM iapt_ews.service_month_metrics', ARRAY['P2'], 'P2 analyst: service_month_metrics');
SELECT results_eq('SELECT DISTINCT provider_code FROM iapt_ews.service_month_metrics_published', ARRAY['P2'], 'P2 analyst: published');
SELECT results_eq($$SELECT organisation_code FROM iapt_ews.key_metrics_published WHERE month = '2025-01-01' ORDER BY 1$$,
                  ARRAY['England', 'P2', 'S2'], 'P2 analyst: key_metrics_published, P2 only');
SELECT throws_ok($$INSERT INTO iapt_ews.referral (pathway_id, person_id, provider_code, service_id, referral_date)
                   VALUES ('Y', 'Y', 'P2', 'S2', '2025-01-01')$$,
                 '42501', 'permission denied for table referral', 'P2 analyst: read only');
RESET ROLE;

-- National role: everything.
SET ROLE tap_national;
SELECT is(iapt_ews.visible_providers(), ARRAY['*'], 'national: visible providers');
SELECT results_eq('SELECT pathway_id FROM iapt_ews.referral ORDER BY 1', ARRAY['R1', 'R2', 'R3'], 'national: referral');
SELECT is((SELECT count(*) FROM iapt_ews.care_contact), 6::bigint, 'national: care_contact');
SELECT is((SELECT count(*) FROM iapt_ews.referral_outcome), 3::bigint, 'national: referral_outcome');
SELECT results_eq('SELECT DISTINCT provider_code FROM iapt_ews.service_month_metrics ORDER BY 1', ARRAY['P1', 'P2'], 'national: service_month_metrics');
SELECT results_eq('SELECT DISTINCT provider_code FROM iapt_ews.service_month_metrics_published ORDER BY 1', ARRAY['P1', 'P2'], 'national: published');
SELECT results_eq($$SELECT organisation_code, count_referrals FROM iapt_ews.key_metrics WHERE month = '2025-01-01' ORDER BY 1$$,
                  $$VALUES ('England', 3::bigint), ('P1', 2::bigint), ('P2', 1::bigint), ('S1', 2::bigint), ('S2', 1::bigint)$$,
                  'national: key_metrics, every organisation');
RESET ROLE;

-- Publication role: the suppressed view only.
SET ROLE tap_publication;
SELECT results_eq('SELECT DISTINCT provider_code FROM iapt_ews.service_month_metrics_published ORDER BY 1', ARRAY['P1', 'P2'], 'publication: published view, every provider');
SELECT is((SELECT count(*) FROM iapt_ews.service_month_metrics_published WHERE referrals_received IS NOT NULL), 0::bigint,
          'publication: small counts withheld');
SELECT results_eq($$SELECT organisation_code FROM iapt_ews.key_metrics_published WHERE month = '2025-01-01' ORDER BY 1$$,
                  ARRAY['England', 'P1', 'P2', 'S1', 'S2'], 'publication: key_metrics_published, every organisation');
SELECT throws_ok('SELECT * FROM iapt_ews.key_metrics', '42501', NULL, 'publication: no unsuppressed key metrics');
SELECT throws_ok('SELECT * FROM iapt_ews.referral', '42501', 'permission denied for table referral', 'publication: no referral');
SELECT throws_ok('SELECT * FROM iapt_ews.care_contact', '42501', 'permission denied for table care_contact', 'publication: no care_contact');
SELECT throws_ok('SELECT * FROM iapt_ews.assessment_score', '42501', 'permission denied for table assessment_score', 'publication: no assessment_score');
SELECT throws_ok('SELECT * FROM iapt_ews.referral_outcome', '42501', 'permission denied for view referral_outcome', 'publication: no referral_outcome');
SELECT throws_ok('SELECT * FROM iapt_ews.service_month_metrics', '42501', NULL, 'publication: no unsuppressed metrics');
RESET ROLE;

-- Every grant but no mapping: nothing.
SET ROLE tap_unmapped;
SELECT is(iapt_ews.visible_providers(), '{}'::text[], 'unmapped: no providers');
SELECT is((SELECT count(*) FROM iapt_ews.referral), 0::bigint, 'unmapped: no referral');
SELECT is((SELECT count(*) FROM iapt_ews.care_contact), 0::bigint, 'unmapped: no care_contact');
SELECT is((SELECT count(*) FROM iapt_ews.referral_outcome), 0::bigint, 'unmapped: no referral_outcome');
SELECT is((SELECT count(*) FROM iapt_ews.service_month_metrics_published), 0::bigint, 'unmapped: no published rows');
SELECT is((SELECT count(*) FROM iapt_ews.key_metrics), 0::bigint, 'unmapped: no key metrics');
SELECT is((SELECT count(*) FROM iapt_ews.key_metrics_published), 0::bigint, 'unmapped: no published key metrics');
RESET ROLE;

-- The policies are on every patient-level table, and nothing else is needed:
-- superusers (this session) see everything.
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'iapt_ews'::regnamespace AND c.relrowsecurity),
          ARRAY['assessment_score', 'care_contact', 'employment_status', 'referral', 'waiting_list_entry'], 'row-level security on the patient-level tables');

SELECT * FROM finish();
ROLLBACK;
