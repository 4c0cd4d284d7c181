-- Signatures and markings of the recovery classification API, and no-crash
-- calls with NULLs and extreme values for every argument.
BEGIN;
SELECT plan(52);
SET search_path = iapt_ews, public;

SELECT has_type('iapt_ews', 'outcome', 'type outcome');
SELECT has_type('iapt_ews', 'score_pair', 'type score_pair');
SELECT has_type('iapt_ews', 'outcome_counts', 'type outcome_counts');
SELECT has_view('iapt_ews', 'measures', 'view measures');
SELECT is((SELECT typlen::int FROM pg_type WHERE oid = 'iapt_ews.outcome'::regtype), 8, 'outcome is 8 bytes');
SELECT ok((SELECT typbyval FROM pg_type WHERE oid = 'iapt_ews.outcome'::regtype), 'outcome is passed by value');
SELECT is((SELECT typlen::int FROM pg_type WHERE oid = 'iapt_ews.score_pair'::regtype), 40, 'score_pair is 40 bytes');

SELECT has_function('iapt_ews', 'classify', ARRAY['numeric', 'numeric', 'text', 'numeric', 'numeric', 'integer', 'boolean']);
SELECT has_function('iapt_ews', 'classify', ARRAY['iapt_ews.score_pair', 'text', 'iapt_ews.score_pair', 'integer', 'boolean']);
SELECT function_returns('iapt_ews', 'classify', ARRAY['numeric', 'numeric', 'text', 'numeric', 'numeric', 'integer', 'boolean'], 'outcome');
SELECT volatility_is('iapt_ews', 'classify', ARRAY['numeric', 'numeric', 'text', 'numeric', 'numeric', 'integer', 'boolean'], 'immutable');
SELECT isnt_strict('iapt_ews', 'classify', ARRAY['numeric', 'numeric', 'text', 'numeric', 'numeric', 'integer', 'boolean'],
                   'classify is not strict: NULL scores mean not recorded');
SELECT is_strict('iapt_ews', 'is_case', ARRAY['text', 'numeric']);
SELECT isnt_strict('iapt_ews', 'anxiety_measure', ARRAY['text'], 'anxiety_measure(NULL) is gad7');

SELECT is(
    (SELECT array_agg(proname::text ORDER BY proname) FROM pg_proc
     WHERE pronamespace = 'iapt_ews'::regnamespace AND prorettype = 'boolean'::regtype
       AND pronargs = 1 AND proargtypes[0] = 'iapt_ews.outcome'::regtype),
    ARRAY['case_at_start', 'ended', 'finished', 'no_reliable_change', 'not_case_at_start', 'paired',
          'recovered', 'reliably_deteriorated', 'reliably_improved', 'reliably_recovered'],
    'the outcome flag accessors');
SELECT is_aggregate('iapt_ews', 'pair_scores', ARRAY['timestamp with time zone', 'numeric']);
SELECT is_aggregate('iapt_ews', 'pair_scores', ARRAY['timestamp with time zone', 'integer']);
SELECT is_aggregate('iapt_ews', 'recovery_rate', ARRAY['outcome']);
SELECT is_aggregate('iapt_ews', 'reliable_recovery_rate', ARRAY['outcome']);
SELECT is_aggregate('iapt_ews', 'reliable_improvement_rate', ARRAY['outcome']);
SELECT is_aggregate('iapt_ews', 'reliable_deterioration_rate', ARRAY['outcome']);
-- The rates from counts: plain functions beside the aggregates of the same name.
SELECT is(
    (SELECT array_agg(proname::text || '(' || pronargs || ')' ORDER BY proname) FROM pg_proc
     WHERE pronamespace = 'iapt_ews'::regnamespace AND prokind = 'f' AND provolatile = 'i' AND proisstrict
       AND proparallel = 's' AND prorettype = 'float8'::regtype AND proargtypes[0] = 'int8'::regtype
       AND proname ~ '_rate$' AND proname NOT IN ('suppressed_rate', 'published_rate')),
    ARRAY['recovery_rate(3)', 'reliable_deterioration_rate(2)', 'reliable_improvement_rate(2)', 'reliable_recovery_rate(3)'],
    'rates from counts: immutable, strict, parallel safe, float8');
SELECT throws_ok($$SELECT recovery_rate(-9223372036854775808, 8, 2)$$, '22003', NULL, 'bigint minimum numerator');
SELECT throws_ok($$SELECT reliable_improvement_rate(0, -9223372036854775808)$$, '22003', NULL, 'bigint minimum finished');
SELECT is(recovery_rate(9223372036854775807, 9223372036854775807, 0), 1::float8, 'bigint maximum counts');
SELECT is(reliable_recovery_rate(0, 9223372036854775807, 9223372036854775807), NULL, 'all finished not at caseness: NULL');
SELECT throws_ok($$SELECT reliable_recovery_rate(1, 0, 9223372036854775807)$$, '22023', NULL, 'not at caseness above finished');
SELECT is(reliable_deterioration_rate(NULL, NULL), NULL, 'NULL counts: NULL');
SELECT is(recovery_rate(0, 0, 0), NULL, 'nobody finished: NULL');
SELECT is_aggregate('iapt_ews', 'outcome_summary', ARRAY['outcome']);
SELECT function_returns('iapt_ews', 'outcome_summary', ARRAY['outcome'], 'outcome_counts');
SELECT has_opclass('iapt_ews', 'outcome_ops', 'btree operator class for outcome');
SELECT has_opclass('iapt_ews', 'outcome_hash_ops', 'hash operator class for outcome');

-- No crash: NULL and extreme arguments give a value or a clean error.
SELECT lives_ok($$SELECT classify(NULL::numeric, NULL, NULL, NULL, NULL, NULL, NULL)$$, 'classify with every argument NULL');
SELECT lives_ok($$SELECT classify(NULL::score_pair, NULL, NULL, NULL, NULL)$$, 'classify on pairs with every argument NULL');
SELECT lives_ok($$SELECT classify(0, 27, 'oci', 0, 168, 2147483647, true)$$, 'classify at the range ends and INT_MAX sessions');
SELECT throws_ok($$SELECT classify(0, 0, 'gad7', 0, 0, -2147483648, true)$$, '22003', NULL, 'INT_MIN sessions');
SELECT throws_ok($$SELECT classify(1e131071, 0, 'gad7', 0, 0, 2, true)$$, '22003', NULL, 'huge score');
SELECT throws_ok($$SELECT classify(-1e-16383, 0, 'gad7', 0, 0, 2, true)$$, '22023', NULL, 'tiny negative score');
SELECT throws_ok($$SELECT classify(0, 0, repeat('x', 100000), 0, 0, 2, true)$$, '22023', NULL, 'long measure code');
SELECT throws_ok($$SELECT classify(0, 0, E'gad7\u00e9', 0, 0, 2, true)$$, '22023', NULL, 'non-ASCII measure code');
SELECT lives_ok($$SELECT anxiety_measure(repeat('F42', 10000))$$, 'long ICD-10 code');
SELECT throws_ok($$SELECT repeat('x', 1000000)::outcome$$, '22P02', NULL, 'long outcome literal');
SELECT throws_ok($$SELECT (E'finished, phq9 1, gad7 1\u0001')::outcome$$, '22P02', NULL, 'control character in outcome literal');
SELECT is('finished, phq9 000000000000000000001, gad7 1'::outcome::text, 'finished, phq9 1, gad7 1', 'leading zeros are not digits');
SELECT throws_ok($$SELECT repeat('9', 100000)::score_pair$$, '22P02', NULL, 'long score_pair literal');
SELECT throws_ok($$SELECT '99999999999999999999999 @ 2024-01-01 -> 1 @ 2024-01-02 (2 scores)'::score_pair$$, '22P02', NULL, 'overlong score in a score_pair');
SELECT throws_ok($$SELECT '1 @ 2024-01-01 -> 1 @ 2024-01-02 (99999999999999999999 scores)'::score_pair$$, '22P02', NULL, 'overlong count');
SELECT lives_ok($$SELECT pair_scores(t, s) FROM (VALUES ('4713-01-01 BC'::timestamptz, -99999999999.9999), ('294276-12-31'::timestamptz, 99999999999.9999)) v(t, s)$$,
                'pair_scores at the ends of time and of its score range');
SELECT is((SELECT score_count(pair_scores(t, s)) FROM (VALUES (now(), NULL::numeric), (NULL, 1)) v(t, s)), NULL, 'only NULL rows: NULL');
SELECT is((SELECT (outcome_summary(o)).referrals FROM (VALUES (NULL::outcome)) v(o)), 0::bigint, 'NULL outcomes are not counted');
SELECT throws_ok($$SELECT is_case('mi_alone', 2.3000000000000000000000000000000000001)$$, '22023', NULL, 'precision far beyond the scale');

SELECT * FROM finish();
ROLLBACK;
