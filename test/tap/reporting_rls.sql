-- Row-level security by provider (docs/access-control.md): each role logs in
-- (SET ROLE) and sees exactly its rows through every table and view; the
-- publication role reads only the suppressed view.
BEGIN;
SELECT plan(59);

-- pgTAP records results in temporary tables; let the roles below write them.
GRANT ALL ON ALL TABLES IN SCHEMA pg_temp TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;

-- The model, in a schema of this session's role (a superuser, which loads
-- the data as the model's owner).
SELECT lives_ok($$SELECT iapt_ews.create_data_model('rls')$$, 'create_data_model(rls)');

-- Fixture: provider P1 with two referrals (R1 finished, R2 open), P2 with one.
INSERT INTO rls.referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date, provisional_diagnosis) VALUES
    ('R1', 'A', 'P1', 'S1', '2025-01-06', '2025-02-27', 'F41.1'),
    ('R2', 'B', 'P1', 'S1', '2025-01-10', NULL, NULL),
    ('R3', 'C', 'P2', 'S2', '2025-01-08', '2025-02-20', NULL);
INSERT INTO rls.care_contact VALUES
    ('C11', 'R1', '2025-01-20 10:00', true, 'treatment'), ('C12', 'R1', '2025-02-03 10:00', true, 'treatment'),
    ('C21', 'R2', '2025-01-20 10:00', true, 'assessment'),
    ('C31', 'R3', '2025-01-20 10:00', true, 'treatment'), ('C32', 'R3', '2025-02-03 10:00', true, 'treatment'),
    ('C33', 'R3', '2025-02-10 10:00', true, 'treatment');
INSERT INTO rls.assessment_score VALUES
    ('R1', 'phq9', '2025-01-20 10:00', 18), ('R1', 'phq9', '2025-02-03 10:00', 7),
    ('R3', 'phq9', '2025-01-20 10:00', 12);
INSERT INTO rls.employment_status VALUES ('R1', '2025-01-20 10:00', '01', 'Y'), ('R3', '2025-01-20 10:00', '02', NULL);

-- The roles of docs/access-control.md: a group role per provider with its
-- analysts as members, a national role, a publication role, and a role
-- with every grant but no mapping.
CREATE ROLE tap_p1_analysts NOLOGIN;
CREATE ROLE tap_analyst_p1 LOGIN IN ROLE tap_p1_analysts;
CREATE ROLE tap_analyst_p2 LOGIN;
CREATE ROLE tap_national LOGIN;
CREATE ROLE tap_publication LOGIN;
CREATE ROLE tap_unmapped LOGIN;
GRANT USAGE ON SCHEMA rls, iapt_ews TO tap_p1_analysts, tap_analyst_p2, tap_national, tap_publication, tap_unmapped;
GRANT SELECT ON rls.referral, rls.care_contact, rls.assessment_score, rls.employment_status,
                rls.referral_outcome, rls.service_month_metrics, rls.service_month_metrics_published,
                rls.key_metrics, rls.key_metrics_published
    TO tap_p1_analysts, tap_analyst_p2, tap_national, tap_unmapped;
GRANT INSERT, UPDATE ON rls.referral TO tap_p1_analysts;
GRANT SELECT ON rls.service_month_metrics_published, rls.key_metrics_published TO tap_publication;
INSERT INTO rls.provider_access VALUES
    ('tap_p1_analysts', 'P1'), ('tap_analyst_p2', 'P2'), ('tap_national', '*'), ('tap_publication', '*');
-- A role mapped to P1 and then dropped: its row stays (keyed on the role's
-- OID), matches no role, and a new role of the same name inherits nothing.
CREATE ROLE tap_dropped LOGIN;
INSERT INTO rls.provider_access VALUES ('tap_dropped', 'P1');
DROP ROLE tap_dropped;
CREATE ROLE tap_dropped LOGIN;
GRANT USAGE ON SCHEMA rls, iapt_ews TO tap_dropped;
GRANT SELECT ON rls.referral, rls.referral_outcome TO tap_dropped;

-- Analyst of P1, through the group role.
SET ROLE tap_analyst_p1;
SELECT is(iapt_ews.visible_providers('rls.provider_access'), ARRAY['P1'], 'P1 analyst: visible providers');
SELECT results_eq('SELECT pathway_id FROM rls.referral ORDER BY 1', ARRAY['R1', 'R2'], 'P1 analyst: referral');
SELECT results_eq('SELECT contact_id FROM rls.care_contact ORDER BY 1', ARRAY['C11', 'C12', 'C21'], 'P1 analyst: care_contact');
SELECT is((SELECT count(*) FROM rls.assessment_score), 2::bigint, 'P1 analyst: assessment_score');
SELECT is((SELECT count(*) FROM rls.employment_status), 1::bigint, 'P1 analyst: employment_status');
SELECT results_eq('SELECT pathway_id FROM rls.referral_outcome ORDER BY 1', ARRAY['R1', 'R2'], 'P1 analyst: referral_outcome');
SELECT results_eq('SELECT DISTINCT provider_code FROM rls.service_month_metrics', ARRAY['P1'], 'P1 analyst: service_month_metrics');
SELECT results_eq('SELECT DISTINCT provider_code FROM rls.service_month_metrics_published', ARRAY['P1'], 'P1 analyst: published');
SELECT is((SELECT sum(referrals_received) FROM rls.service_month_metrics), 2::numeric, 'P1 analyst: P1 referrals only in the metrics');
SELECT results_eq($$SELECT organisation_code, count_referrals FROM rls.key_metrics WHERE month = '2025-01-01' AND level IN ('national', 'provider', 'service') ORDER BY 1$$,
                  $$VALUES ('England', 2::bigint), ('P1', 2::bigint), ('S1', 2::bigint)$$,
                  'P1 analyst: key_metrics, the England total is P1''s');
SELECT results_eq($$SELECT organisation_code FROM rls.key_metrics_published WHERE month = '2025-01-01' AND level IN ('national', 'provider', 'service') ORDER BY 1$$,
                  ARRAY['England', 'P1', 'S1'], 'P1 analyst: key_metrics_published, P1 only');
SELECT is((SELECT count(*) FROM rls.referral WHERE pathway_id = 'R3'), 0::bigint, 'P1 analyst: R3 invisible by key too');
SELECT throws_ok($$INSERT INTO rls.referral (pathway_id, person_id, provider_code, service_id, referral_date)
                   VALUES ('X', 'X', 'P2', 'S2', '2025-01-01')$$,
                 '42501', 'new row violates row-level security policy for table "referral"',
                 'P1 analyst: cannot write a P2 referral');
SELECT lives_ok($$INSERT INTO rls.referral (pathway_id, person_id, provider_code, service_id, referral_date)
                  VALUES ('X', 'X', 'P1', 'S1', '2025-01-01')$$, 'P1 analyst: can write a P1 referral');
SELECT throws_ok($$UPDATE rls.referral SET provider_code = 'P2' WHERE pathway_id = 'X'$$,
                 '42501', 'new row violates row-level security policy for table "referral"',
                 'P1 analyst: cannot move a referral to P2');
SELECT is((SELECT count(*) FROM rls.provider_access), 5::bigint, 'P1 analyst: the mapping itself is readable (auditable)');
RESET ROLE;
DELETE FROM rls.referral WHERE pathway_id = 'X';

-- Analyst of P2, mapped directly.
SET ROLE tap_analyst_p2;
SELECT results_eq('SELECT pathway_id FROM rls.referral', ARRAY['R3'], 'P2 analyst: referral');
SELECT results_eq('SELECT contact_id FROM rls.care_contact ORDER BY 1', ARRAY['C31', 'C32', 'C33'], 'P2 analyst: care_contact');
SELECT is((SELECT count(*) FROM rls.assessment_score), 1::bigint, 'P2 analyst: assessment_score');
SELECT results_eq('SELECT pathway_id FROM rls.referral_outcome', ARRAY['R3'], 'P2 analyst: referral_outcome');
SELECT results_eq('SELECT DISTINCT provider_code FROM rls.service_month_metrics', ARRAY['P2'], 'P2 analyst: service_month_metrics');
SELECT results_eq('SELECT DISTINCT provider_code FROM rls.service_month_metrics_published', ARRAY['P2'], 'P2 analyst: published');
SELECT results_eq($$SELECT organisation_code FROM rls.key_metrics_published WHERE month = '2025-01-01' AND level IN ('national', 'provider', 'service') ORDER BY 1$$,
                  ARRAY['England', 'P2', 'S2'], 'P2 analyst: key_metrics_published, P2 only');
SELECT throws_ok($$INSERT INTO rls.referral (pathway_id, person_id, provider_code, service_id, referral_date)
                   VALUES ('Y', 'Y', 'P2', 'S2', '2025-01-01')$$,
                 '42501', 'permission denied for table referral', 'P2 analyst: read only');
RESET ROLE;

-- National role: everything.
SET ROLE tap_national;
SELECT is(iapt_ews.visible_providers('rls.provider_access'), ARRAY['*'], 'national: visible providers');
SELECT results_eq('SELECT pathway_id FROM rls.referral ORDER BY 1', ARRAY['R1', 'R2', 'R3'], 'national: referral');
SELECT is((SELECT count(*) FROM rls.care_contact), 6::bigint, 'national: care_contact');
SELECT is((SELECT count(*) FROM rls.referral_outcome), 3::bigint, 'national: referral_outcome');
SELECT results_eq('SELECT DISTINCT provider_code FROM rls.service_month_metrics ORDER BY 1', ARRAY['P1', 'P2'], 'national: service_month_metrics');
SELECT results_eq('SELECT DISTINCT provider_code FROM rls.service_month_metrics_published ORDER BY 1', ARRAY['P1', 'P2'], 'national: published');
SELECT results_eq($$SELECT organisation_code, count_referrals FROM rls.key_metrics WHERE month = '2025-01-01' AND level IN ('national', 'provider', 'service') ORDER BY 1$$,
                  $$VALUES ('England', 3::bigint), ('P1', 2::bigint), ('P2', 1::bigint), ('S1', 2::bigint), ('S2', 1::bigint)$$,
                  'national: key_metrics, every organisation');
RESET ROLE;

-- Publication role: the suppressed view only.
SET ROLE tap_publication;
SELECT results_eq('SELECT DISTINCT provider_code FROM rls.service_month_metrics_published ORDER BY 1', ARRAY['P1', 'P2'], 'publication: published view, every provider');
SELECT is((SELECT count(*) FROM rls.service_month_metrics_published WHERE referrals_received IS NOT NULL), 0::bigint,
          'publication: small counts withheld');
SELECT results_eq($$SELECT organisation_code FROM rls.key_metrics_published WHERE month = '2025-01-01' AND level IN ('national', 'provider', 'service') ORDER BY 1$$,
                  ARRAY['England', 'P1', 'P2', 'S1', 'S2'], 'publication: key_metrics_published, every organisation');
SELECT throws_ok('SELECT * FROM rls.key_metrics', '42501', NULL, 'publication: no unsuppressed key metrics');
SELECT throws_ok('SELECT * FROM rls.referral', '42501', 'permission denied for table referral', 'publication: no referral');
SELECT throws_ok('SELECT * FROM rls.care_contact', '42501', 'permission denied for table care_contact', 'publication: no care_contact');
SELECT throws_ok('SELECT * FROM rls.assessment_score', '42501', 'permission denied for table assessment_score', 'publication: no assessment_score');
SELECT throws_ok('SELECT * FROM rls.referral_outcome', '42501', 'permission denied for view referral_outcome', 'publication: no referral_outcome');
SELECT throws_ok('SELECT * FROM rls.service_month_metrics', '42501', NULL, 'publication: no unsuppressed metrics');
RESET ROLE;

-- The new role that has the dropped role's name sees nothing.
SET ROLE tap_dropped;
SELECT is(iapt_ews.visible_providers('rls.provider_access'), '{}'::text[], 'a new role of a dropped role''s name: no providers');
SELECT is((SELECT count(*) FROM rls.referral_outcome), 0::bigint, 'a new role of a dropped role''s name: no referral_outcome');
RESET ROLE;

-- Every grant but no mapping: nothing.
SET ROLE tap_unmapped;
SELECT is(iapt_ews.visible_providers('rls.provider_access'), '{}'::text[], 'unmapped: no providers');
SELECT is((SELECT count(*) FROM rls.referral), 0::bigint, 'unmapped: no referral');
SELECT is((SELECT count(*) FROM rls.care_contact), 0::bigint, 'unmapped: no care_contact');
SELECT is((SELECT count(*) FROM rls.referral_outcome), 0::bigint, 'unmapped: no referral_outcome');
SELECT is((SELECT count(*) FROM rls.service_month_metrics_published), 0::bigint, 'unmapped: no published rows');
SELECT is((SELECT count(*) FROM rls.key_metrics), 0::bigint, 'unmapped: no key metrics');
SELECT is((SELECT count(*) FROM rls.key_metrics_published), 0::bigint, 'unmapped: no published key metrics');
RESET ROLE;

-- The policies are on every patient-level table, and nothing else is needed:
-- superusers (this session) see everything.
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'rls'::regnamespace AND c.relrowsecurity),
          ARRAY['assessment_score', 'care_activity', 'care_contact', 'employment_status', 'referral', 'waiting_list_entry'], 'row-level security on the patient-level tables');

-- The planner's estimate of the provider filter (provider_visible's
-- support function): the rows of the providers the caller sees, from the
-- column's statistics. 1,000 referrals, 100 of P1 and 900 of P2, worked
-- by hand: the owner 1,000, the P1 analyst 100, the P2 analyst 900, the
-- national role 1,000, an unmapped role (close to) none. The old filter,
-- an array overlap with a sub-select, was estimated at a fixed share (10
-- rows here) whoever asked.
CREATE TABLE rls.estimate (provider_code text);
INSERT INTO rls.estimate SELECT CASE WHEN i <= 100 THEN 'P1' ELSE 'P2' END FROM generate_series(1, 1000) i;
ANALYZE rls.estimate;
GRANT SELECT ON rls.estimate TO tap_p1_analysts, tap_analyst_p2, tap_national, tap_unmapped;
CREATE FUNCTION pg_temp.estimated_rows(query text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::integer;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.estimated_rows(text) TO PUBLIC;
SELECT is(pg_temp.estimated_rows($$SELECT * FROM rls.estimate WHERE iapt_ews.provider_visible(provider_code, 'rls.provider_access')$$),
          1000, 'estimate: the owner sees every row');
SELECT cmp_ok(pg_temp.estimated_rows($$SELECT * FROM rls.estimate WHERE ARRAY[provider_code, '*'] && (SELECT iapt_ews.visible_providers('rls.provider_access'))$$),
              '<=', 10, 'estimate: the old array-overlap filter is a fixed 1% of the rows or less, whoever asks');
-- A row with no provider code: only a caller who sees every provider.
SELECT is(iapt_ews.provider_visible(NULL, 'rls.provider_access'), true, 'a row with no provider: the owner sees it');
SET ROLE tap_analyst_p1;
SELECT is(iapt_ews.provider_visible(NULL, 'rls.provider_access'), false, 'a row with no provider: the P1 analyst does not');
SELECT is(pg_temp.estimated_rows($$SELECT * FROM rls.estimate WHERE iapt_ews.provider_visible(provider_code, 'rls.provider_access')$$),
          100, 'estimate: the P1 analyst sees P1''s 100 rows');
SET ROLE tap_analyst_p2;
SELECT is(pg_temp.estimated_rows($$SELECT * FROM rls.estimate WHERE iapt_ews.provider_visible(provider_code, 'rls.provider_access')$$),
          900, 'estimate: the P2 analyst sees P2''s 900 rows');
SET ROLE tap_national;
SELECT is(pg_temp.estimated_rows($$SELECT * FROM rls.estimate WHERE iapt_ews.provider_visible(provider_code, 'rls.provider_access')$$),
          1000, 'estimate: the national role (*) sees every row');
SET ROLE tap_unmapped;
SELECT cmp_ok(pg_temp.estimated_rows($$SELECT * FROM rls.estimate WHERE iapt_ews.provider_visible(provider_code, 'rls.provider_access')$$),
              '<=', 1, 'estimate: an unmapped role sees (close to) no row');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
