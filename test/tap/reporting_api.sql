-- Reporting API: signatures, markings, and no-crash calls with NULL and
-- extreme values for every argument (house style: pgRouting's no-crash tests).
BEGIN;
SELECT plan(27);

SELECT has_function('iapt_ews', 'suppress', ARRAY['bigint', 'integer', 'integer'], 'suppress(bigint, integer, integer)');
SELECT has_function('iapt_ews', 'suppressed_rate', ARRAY['bigint', 'bigint', 'integer'], 'suppressed_rate(bigint, bigint, integer)');
SELECT has_function('iapt_ews', 'visible_providers', ARRAY['regclass'], 'visible_providers(regclass)');
SELECT has_function('iapt_ews', 'create_reporting_views',
                    ARRAY['name', 'regclass', 'regclass', 'regclass', 'jsonb'], 'create_reporting_views(...)');
SELECT function_returns('iapt_ews', 'suppress', ARRAY['bigint', 'integer', 'integer'], 'bigint', 'suppress returns bigint');
SELECT function_returns('iapt_ews', 'suppressed_rate', ARRAY['bigint', 'bigint', 'integer'], 'double precision', 'suppressed_rate returns float8');
SELECT volatility_is('iapt_ews', 'suppress', ARRAY['bigint', 'integer', 'integer'], 'immutable', 'suppress is IMMUTABLE');
SELECT volatility_is('iapt_ews', 'suppressed_rate', ARRAY['bigint', 'bigint', 'integer'], 'immutable', 'suppressed_rate is IMMUTABLE');
SELECT is_strict('iapt_ews', 'suppress', ARRAY['bigint', 'integer', 'integer'], 'suppress is STRICT');
SELECT is_strict('iapt_ews', 'suppressed_rate', ARRAY['bigint', 'bigint', 'integer'], 'suppressed_rate is STRICT');
SELECT volatility_is('iapt_ews', 'create_reporting_views', ARRAY['name', 'regclass', 'regclass', 'regclass', 'jsonb'],
                     'volatile', 'create_reporting_views is VOLATILE');
SELECT isnt_definer('iapt_ews', 'create_reporting_views', ARRAY['name', 'regclass', 'regclass', 'regclass', 'jsonb'],
                    'create_reporting_views runs with the caller''s rights');

-- No crash: every combination of NULL and extreme values either answers or
-- raises a clean error (22003 / 22023), never crashes the backend.
CREATE TEMP TABLE extremes_big (v bigint);
INSERT INTO extremes_big VALUES (NULL), (-9223372036854775808), (-1), (0), (1), (4), (5), (9223372036854775806), (9223372036854775807);
CREATE TEMP TABLE extremes_int (v integer);
INSERT INTO extremes_int VALUES (NULL), (-2147483648), (-1), (0), (1), (5), (2147483647);
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN numeric_value_out_of_range OR invalid_parameter_value THEN
    RETURN SQLSTATE;
END $$;
SELECT is((SELECT count(*) FROM extremes_big n, extremes_int m, extremes_int r
           WHERE pg_temp.try(format('SELECT iapt_ews.suppress(%s, %s, %s)',
                                    coalesce(n.v::text, 'NULL') || '::bigint', coalesce(m.v::text, 'NULL') || '::int', coalesce(r.v::text, 'NULL') || '::int'))
                 NOT IN ('ok', '22003', '22023')), 0::bigint, 'suppress: no crash over 441 argument combinations');
SELECT is((SELECT count(*) FROM extremes_big n, extremes_big d, extremes_int m
           WHERE pg_temp.try(format('SELECT iapt_ews.suppressed_rate(%s, %s, %s)',
                                    coalesce(n.v::text, 'NULL') || '::bigint', coalesce(d.v::text, 'NULL') || '::bigint', coalesce(m.v::text, 'NULL') || '::int'))
                 NOT IN ('ok', '22003', '22023')), 0::bigint, 'suppressed_rate: no crash over 567 argument combinations');
SELECT is(iapt_ews.suppress(2147483647, 2147483647, 2147483647), 2147483647::bigint, 'suppress at the int32 limits');
SELECT is(iapt_ews.suppress(9223372036854775807, 0, 1), 9223372036854775807::bigint, 'suppress keeps the bigint maximum with round_to 1');
SELECT is(iapt_ews.suppressed_rate(1, 9223372036854775807, 0), 1::float8 / 9223372036854775807, 'suppressed_rate of 1 in the bigint maximum');

-- The model is made for the caller, outside the extension.
SELECT has_function('iapt_ews', 'create_data_model', ARRAY['name', 'jsonb'], 'create_data_model(name, jsonb)');
SELECT has_function('iapt_ews', 'complete_data_model', ARRAY['name', 'jsonb'], 'complete_data_model(name, jsonb)');
SELECT isnt_definer('iapt_ews', 'create_data_model', ARRAY['name', 'jsonb'], 'create_data_model runs with the caller''s rights');
SELECT lives_ok($$SELECT iapt_ews.create_data_model('api_model')$$, 'create_data_model(api_model)');
SELECT ok(ARRAY['area', 'site', 'referral', 'care_contact', 'care_activity', 'assessment_score', 'employment_status',
                'workforce', 'provider_access', 'organisation', 'group_session', 'waiting_list_entry']::name[]
          <@ (SELECT array_agg(relname) FROM pg_class WHERE relnamespace = 'api_model'::regnamespace AND relkind = 'r'),
          'the model''s tables');
SELECT ok(ARRAY['referral_outcome', 'service_month_metrics', 'service_month_metrics_published',
                'key_metrics', 'key_metrics_published', 'data_quality']::name[]
          <@ (SELECT array_agg(relname) FROM pg_class WHERE relnamespace = 'api_model'::regnamespace AND relkind = 'v'),
          'the model''s reporting views');
SELECT is((SELECT count(*) FROM pg_class WHERE relnamespace = 'iapt_ews'::regnamespace AND relkind IN ('r', 'p')),
          0::bigint, 'the extension''s schema holds no table');
-- The rule for every view of a model, including those other topics add:
-- a security barrier that reads with its owner's rights (and filters by
-- provider_access itself).
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'api_model'::regnamespace AND c.relkind = 'v'
             AND NOT coalesce('security_barrier=true' = ANY (c.reloptions), false)),
          NULL, 'every view of the model is a security barrier');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
           WHERE c.relnamespace = 'api_model'::regnamespace AND c.relkind IN ('r', 'v')
             AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)),
          NULL, 'every table and view of the model belongs to the caller');
SELECT throws_ok($$SELECT iapt_ews.create_data_model('api_model')$$, '42P07', NULL,
                 'create_data_model twice on one schema: 42P07, nothing dropped');

SELECT * FROM finish();
ROLLBACK;
