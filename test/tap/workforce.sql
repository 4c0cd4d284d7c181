-- Signatures and markings of the EA workforce API, and no-crash calls.
BEGIN;
SELECT plan(27);
SET search_path = iapt_ews, public;

SELECT has_type('iapt_ews', 'staff_ratio', 'type staff_ratio');
SELECT is((SELECT typlen::int FROM pg_type WHERE oid = 'iapt_ews.staff_ratio'::regtype), 16, 'staff_ratio is 16 bytes');
SELECT is_aggregate('iapt_ews', 'ea_ratio', ARRAY['numeric', 'numeric']);
SELECT is_aggregate('iapt_ews', 'ea_ratio', ARRAY['text', 'numeric']);
SELECT function_returns('iapt_ews', 'therapists_per_ea', ARRAY['staff_ratio'], 'numeric');
SELECT function_returns('iapt_ews', 'ea_needed', ARRAY['staff_ratio', 'staff_ratio'], 'numeric');
SELECT is((SELECT pg_get_expr(d.adbin, 0) FROM (SELECT proargdefaults AS adbin FROM pg_proc
           WHERE oid = 'iapt_ews.meets_target(iapt_ews.staff_ratio, iapt_ews.staff_ratio)'::regprocedure) d),
          '''1:8''::staff_ratio', 'meets_target defaults to 1:8');
SELECT has_opclass('iapt_ews', 'staff_ratio_ops', 'btree operator class for staff_ratio');
SELECT has_opclass('iapt_ews', 'staff_ratio_hash_ops', 'hash operator class for staff_ratio');
SELECT has_view('iapt_ews', 'workforce_roles', 'view workforce_roles');
SELECT has_view('iapt_ews', 'workforce_targets', 'view workforce_targets');

SELECT lives_ok($$SELECT ea_ratio(r, w) FROM (VALUES (NULL::text, NULL::numeric)) v(r, w)$$, 'ea_ratio with NULLs');
SELECT lives_ok($$SELECT ea_needed('10000000000000:10000000000000', '0.01:10000000000000')$$, 'ea_needed at the range ends');
SELECT lives_ok($$SELECT therapists_per_ea('0.01:10000000000000')$$, 'therapists_per_ea at the range end');
SELECT throws_ok($$SELECT repeat('9', 100000)::staff_ratio$$, '22003', NULL, 'overlong WTE');
SELECT throws_ok($$SELECT (E'1:8\u0001')::staff_ratio$$, '22P02', NULL, 'control character');
SELECT throws_ok($$SELECT ea_ratio(repeat('x', 100000), 1) $$, '22023', NULL, 'long unknown role');
SELECT throws_ok($$SELECT ea_ratio(1e131071, 1)$$, '22003', NULL, 'huge WTE');

-- Employment outcomes, WSAS and compare_rates.
SELECT isnt_strict('iapt_ews', 'employment_class', ARRAY['text', 'text'], 'employment_class: NULL means not recorded');
SELECT isnt_strict('iapt_ews', 'employment_outcome', ARRAY['text', 'text', 'text', 'text'], 'employment_outcome: NULL means not recorded');
SELECT is_strict('iapt_ews', 'wsas_total', ARRAY['integer[]'], 'wsas_total is strict');
SELECT is_aggregate('iapt_ews', 'compare_rates', ARRAY['boolean', 'boolean']);
SELECT function_returns('iapt_ews', 'compare_rates', ARRAY['boolean', 'boolean'], 'rate_comparison');
SELECT is(employment_outcome(NULL, NULL, NULL, NULL), 'unknown', 'employment_outcome with every argument NULL');
SELECT throws_ok($$SELECT employment_class(repeat('0', 100000), NULL)$$, '22023', NULL, 'long status code');
SELECT throws_ok($$SELECT wsas_total(array_fill(1, ARRAY[100000]))$$, '22023', NULL, 'long WSAS array');
SELECT is((SELECT (compare_rates(s, g)).p_value FROM (VALUES (true, true), (true, false)) v(s, g)), 1::float8,
          'compare_rates: all successes give p = 1');

SELECT * FROM finish();
ROLLBACK;
