-- search_path safety: a schema put ahead of pg_catalog with functions and
-- operators that shadow built-ins (each raises when called) must change no
-- answer of the extension's functions, aggregates and views.
BEGIN;
SELECT plan(10);

CREATE SCHEMA evil;
CREATE FUNCTION evil.trap() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'a hostile object was called'; END $$;
CREATE FUNCTION evil.text_eq(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT evil.trap()';
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, PROCEDURE = evil.text_eq);
CREATE FUNCTION evil.numeric_ge(numeric, numeric) RETURNS boolean LANGUAGE sql AS 'SELECT evil.trap()';
CREATE OPERATOR evil.>= (LEFTARG = numeric, RIGHTARG = numeric, PROCEDURE = evil.numeric_ge);
CREATE FUNCTION evil.float_mul(float8, float8) RETURNS float8 LANGUAGE sql AS 'SELECT evil.trap()::int::float8';
CREATE OPERATOR evil.* (LEFTARG = float8, RIGHTARG = float8, PROCEDURE = evil.float_mul);
-- Arithmetic and comparison on the types access_gap_by_decile computes with.
CREATE FUNCTION evil.float_div(float8, float8) RETURNS float8 LANGUAGE sql AS 'SELECT evil.trap()::int::float8';
CREATE OPERATOR evil./ (LEFTARG = float8, RIGHTARG = float8, PROCEDURE = evil.float_div);
CREATE FUNCTION evil.float_add(float8, float8) RETURNS float8 LANGUAGE sql AS 'SELECT evil.trap()::int::float8';
CREATE OPERATOR evil.+ (LEFTARG = float8, RIGHTARG = float8, PROCEDURE = evil.float_add);
CREATE FUNCTION evil.float_sub(float8, float8) RETURNS float8 LANGUAGE sql AS 'SELECT evil.trap()::int::float8';
CREATE OPERATOR evil.- (LEFTARG = float8, RIGHTARG = float8, PROCEDURE = evil.float_sub);
CREATE FUNCTION evil.float_eq(float8, float8) RETURNS boolean LANGUAGE sql AS 'SELECT evil.trap()';
CREATE OPERATOR evil.= (LEFTARG = float8, RIGHTARG = float8, PROCEDURE = evil.float_eq);
CREATE FUNCTION evil.float_gt(float8, float8) RETURNS boolean LANGUAGE sql AS 'SELECT evil.trap()';
CREATE OPERATOR evil.> (LEFTARG = float8, RIGHTARG = float8, PROCEDURE = evil.float_gt);
CREATE FUNCTION evil.int_eq(int4, int4) RETURNS boolean LANGUAGE sql AS 'SELECT evil.trap()';
CREATE OPERATOR evil.= (LEFTARG = int4, RIGHTARG = int4, PROCEDURE = evil.int_eq);
CREATE FUNCTION evil.int_gt(int4, int4) RETURNS boolean LANGUAGE sql AS 'SELECT evil.trap()';
CREATE OPERATOR evil.> (LEFTARG = int4, RIGHTARG = int4, PROCEDURE = evil.int_gt);
CREATE FUNCTION evil.bigint_int_gt(int8, int4) RETURNS boolean LANGUAGE sql AS 'SELECT evil.trap()';
CREATE OPERATOR evil.> (LEFTARG = int8, RIGHTARG = int4, PROCEDURE = evil.bigint_int_gt);
CREATE FUNCTION evil.lower(text) RETURNS text LANGUAGE sql AS 'SELECT evil.trap()::text';
CREATE FUNCTION evil.coalesce_trap(anyelement) RETURNS anyelement LANGUAGE sql AS 'SELECT NULL';
CREATE FUNCTION evil.st_x(geometry) RETURNS float8 LANGUAGE sql AS 'SELECT evil.trap()::int::float8';
CREATE FUNCTION evil.st_distance(geometry, geometry) RETURNS float8 LANGUAGE sql AS 'SELECT evil.trap()::int::float8';
CREATE FUNCTION evil.count(anyelement) RETURNS bigint LANGUAGE sql AS 'SELECT evil.trap()::int::bigint';

CREATE TEMP TABLE areas AS
SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(500000 + i * 1000, 180000), 27700) AS geom, 1000 AS population,
       i * 2 AS imd_decile
FROM generate_series(1, 5) i;
CREATE TEMP TABLE referrals AS SELECT 'A' || i AS area_id, 10 * i AS referrals FROM generate_series(1, 5) i;
CREATE TEMP TABLE sites AS SELECT 'S1' AS id, ST_SetSRID(ST_MakePoint(501000, 180000), 27700) AS geom, 1 AS capacity;

-- The same calls twice: with an ordinary path, and with the hostile schema
-- ahead of pg_catalog (pgTAP itself uses "=", so the answers are collected
-- first and compared afterwards).
CREATE FUNCTION pg_temp.answers() RETURNS TABLE (
    classified text, summary text, pair text, ratio text, mi_case boolean, measures text,
    access text, distance float8, gap text)
LANGUAGE sql AS $$
SELECT
  iapt_ews.classify(18, 7, 'GAD7', 12, 5, 6, true)::text,
  (SELECT iapt_ews.outcome_summary(iapt_ews.classify(p, 27 - p, 'gad7', p % 22, 21 - p % 22, 3, true))::text FROM generate_series(0, 27) p),
  (SELECT iapt_ews.pair_scores(timestamptz '2025-01-10' - i * interval '1 day', i)::text FROM generate_series(1, 5) i),
  (SELECT iapt_ews.ea_ratio(r, 1.5)::text FROM unnest(ARRAY['EA', 'HIT', 'pwp']) r),
  iapt_ews.is_case('MI_ALONE', 2.31),
  (SELECT string_agg(code, ',' ORDER BY code) FROM iapt_ews.measures),
  (SELECT sum(e2sfca)::text FROM iapt_ews.access_scores('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.sites', 3000)),
  iapt_ews.travel_distance(ST_SetSRID(ST_MakePoint(0, 0), 27700), ST_SetSRID(ST_MakePoint(3, 4), 27700)),
  (SELECT string_agg(g::text, ';' ORDER BY g.imd_decile NULLS LAST)
   FROM iapt_ews.access_gap_by_decile('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.referrals',
                                      'SELECT * FROM pg_temp.sites', 3000) g)
$$;
CREATE TEMP TABLE expected AS SELECT * FROM pg_temp.answers();
SET search_path = evil, pg_catalog, public, iapt_ews;
CREATE TEMP TABLE actual AS SELECT * FROM pg_temp.answers();
CREATE TEMP TABLE hostile_live AS SELECT true AS live;
DO $$ BEGIN PERFORM 'a'::text = 'a'::text; UPDATE hostile_live SET live = false;
EXCEPTION WHEN raise_exception THEN NULL; END $$;
DO $$ BEGIN PERFORM 1::float8 / 2::float8; UPDATE hostile_live SET live = false;
EXCEPTION WHEN raise_exception THEN NULL; END $$;
RESET search_path;

SELECT is(a.classified, e.classified, 'classify') FROM actual a, expected e;
SELECT is(a.summary, e.summary, 'outcome_summary') FROM actual a, expected e;
SELECT is(a.pair, e.pair, 'pair_scores') FROM actual a, expected e;
SELECT is(a.ratio, e.ratio, 'ea_ratio by role') FROM actual a, expected e;
SELECT is(a.mi_case, e.mi_case, 'is_case') FROM actual a, expected e;
SELECT is(a.measures, e.measures, 'the measures view') FROM actual a, expected e;
SELECT is(a.access, e.access, 'access_scores qualifies the SQL it generates') FROM actual a, expected e;
SELECT is(a.distance, e.distance, 'travel_distance') FROM actual a, expected e;
SELECT is(a.gap, e.gap, 'access_gap_by_decile qualifies its operators') FROM actual a, expected e;
SELECT ok((SELECT live FROM hostile_live), 'the hostile objects were live (the test can fail)');

SELECT * FROM finish();
ROLLBACK;
