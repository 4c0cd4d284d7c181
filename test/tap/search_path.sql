-- search_path safety: a schema put ahead of pg_catalog with functions and
-- operators that shadow built-ins must change no answer of the extension's
-- functions and aggregates. The schema belongs to the hostile analyst of
-- docs/security.md: an ordinary role that owns a schema, creates objects in
-- it, and sees one provider's rows. Its operators either raise (a function
-- that uses one stops with an error) or return true (a function that uses
-- one answers differently); "=" on name holds for the row of the bootstrap
-- superuser, which is what turned row-level security off through
-- iapt_ews.visible_providers() (issue #18).
BEGIN;

CREATE ROLE hostile_analyst;
CREATE SCHEMA evil AUTHORIZATION hostile_analyst;
-- A model of this session's role (a superuser), with two providers'
-- referrals; the analyst is mapped to P1 and may read the views.
SET client_min_messages = warning;
SELECT count(*) FROM iapt_ews.create_data_model('sp_model');
RESET client_min_messages;
INSERT INTO sp_model.referral (pathway_id, person_id, provider_code, service_id, referral_date, discharge_date) VALUES
    ('R1', 'A', 'P1', 'S1', '2025-01-06', '2025-02-27'), ('R2', 'B', 'P2', 'S2', '2025-01-08', NULL);
INSERT INTO sp_model.care_contact (contact_id, pathway_id, contact_at, attended, appointment_type) VALUES
    ('C1', 'R1', '2025-01-20 10:00+00', true, 'treatment'), ('C2', 'R1', '2025-02-03 10:00+00', true, 'treatment');
INSERT INTO sp_model.assessment_score VALUES
    ('R1', 'phq9', '2025-01-20 10:00+00', 18), ('R1', 'phq9', '2025-02-03 10:00+00', 7),
    ('R1', 'gad7', '2025-01-20 10:00+00', 12), ('R1', 'gad7', '2025-02-03 10:00+00', 5);
-- An empty data set in the national tables' shape, for bind_data_set.
CREATE SCHEMA sp_source;
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT table_name, string_agg(format('%I text', column_name), ', ') AS columns
             FROM iapt_ews.data_set_columns GROUP BY table_name LOOP
        EXECUTE format('CREATE TABLE sp_source.%I (%s)', t.table_name, t.columns);
    END LOOP;
END $$;
GRANT USAGE ON SCHEMA iapt_ews, sp_model TO hostile_analyst;
GRANT SELECT ON sp_model.referral_outcome, sp_model.key_metrics_published TO hostile_analyst;
INSERT INTO sp_model.provider_access VALUES ('hostile_analyst', 'P1');

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
-- format() with exact text arguments wins over pg_catalog.format(text,
-- VARIADIC "any") wherever it is on the path.
CREATE FUNCTION evil.format(text, text) RETURNS text LANGUAGE sql AS 'SELECT evil.trap()::text';
CREATE FUNCTION evil.format(text, text, text) RETURNS text LANGUAGE sql AS 'SELECT evil.trap()::text';

-- The analyst's own operators, created with no right but its schema's:
-- comparisons on name, text, date and timestamptz, and the array operators
-- of row-level security policies on text[]. "true" answers true whatever
-- the operands, "raise" raises; "=" on name is the attack of issue #18.
SET ROLE hostile_analyst;
CREATE FUNCTION evil.name_eq(name, name) RETURNS boolean LANGUAGE sql AS $$
SELECT $1 OPERATOR(pg_catalog.=) (SELECT r.rolname FROM pg_catalog.pg_roles r
                                  WHERE r.oid OPERATOR(pg_catalog.=) 10::pg_catalog.oid)
$$;
CREATE OPERATOR evil.= (LEFTARG = name, RIGHTARG = name, PROCEDURE = evil.name_eq);
CREATE TEMP TABLE hostile_operator (type text, op text, action text, probe text);
INSERT INTO hostile_operator (type, op, action) VALUES
    ('name', '<>', 'raise'), ('name', '<', 'raise'), ('name', '<=', 'raise'), ('name', '>', 'raise'),
    ('name', '>=', 'raise'),
    ('text', '<>', 'true'), ('text', '<', 'raise'), ('text', '<=', 'raise'), ('text', '>', 'true'),
    ('text', '>=', 'raise'),
    ('date', '=', 'true'), ('date', '<>', 'true'), ('date', '<', 'raise'), ('date', '<=', 'true'),
    ('date', '>', 'raise'), ('date', '>=', 'raise'),
    ('timestamptz', '=', 'true'), ('timestamptz', '<>', 'true'), ('timestamptz', '<', 'raise'),
    ('timestamptz', '<=', 'raise'), ('timestamptz', '>', 'true'), ('timestamptz', '>=', 'raise'),
    ('text[]', '&&', 'true'), ('text[]', '@>', 'true'), ('text[]', '=', 'true');
-- Each operator's probe: operands for which the real operator answers false
-- (or anything, where the hostile one raises).
UPDATE hostile_operator h
SET probe = CASE WHEN h.op = '<>' THEN o.low || ' <> ' || o.low
                 WHEN h.op IN ('<', '<=') THEN o.high || ' ' || h.op || ' ' || o.low
                 ELSE o.low || ' ' || h.op || ' ' || o.high END
FROM (VALUES ('name', $$'a'::name$$, $$'b'::name$$), ('text', $$'a'::text$$, $$'b'::text$$),
             ('date', $$date '2025-01-01'$$, $$date '2025-01-02'$$),
             ('timestamptz', $$timestamptz '2025-01-01'$$, $$timestamptz '2025-01-02'$$),
             ('text[]', $$ARRAY['a']$$, $$ARRAY['b']$$)) o(type, low, high)
WHERE o.type = h.type;
DO $$
DECLARE
    h record;
    n integer := 0;
BEGIN
    FOR h IN SELECT * FROM hostile_operator LOOP
        n := n + 1;
        EXECUTE format('CREATE FUNCTION evil.op_%s(%s, %s) RETURNS boolean LANGUAGE sql AS %L',
                       n, h.type, h.type, CASE h.action WHEN 'true' THEN 'SELECT true' ELSE 'SELECT evil.trap()' END);
        EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, PROCEDURE = evil.op_%s)',
                       h.op, h.type, h.type, n);
    END LOOP;
END $$;
INSERT INTO hostile_operator VALUES
    ('name', '=', 'true for the bootstrap superuser',
     $$(SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) 10::pg_catalog.oid) = 'nobody'::name$$),
    ('text', '=', 'raise', $$'a'::text = 'a'::text$$),
    ('float8', '/', 'raise', $$1::float8 / 2::float8$$),
    ('int4', '>', 'raise', $$1 > 2$$);
RESET ROLE;

-- One value (as text) per call; an error is an answer too, so a hostile
-- object that raises shows as a changed answer rather than ending the test.
CREATE FUNCTION pg_temp.answer(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE query INTO result;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TEMP TABLE areas AS
SELECT 'A' || i AS id, ST_SetSRID(ST_MakePoint(500000 + i * 1000, 180000), 27700) AS geom, 1000 AS population,
       i * 2 AS imd_decile
FROM generate_series(1, 5) i;
CREATE TEMP TABLE referrals AS SELECT 'A' || i AS area_id, 10 * i AS referrals FROM generate_series(1, 5) i;
CREATE TEMP TABLE sites AS SELECT 'S1' AS id, ST_SetSRID(ST_MakePoint(501000, 180000), 27700) AS geom, 1 AS capacity;
CREATE TEMP TABLE candidates AS
SELECT 'C' || i AS id, ST_SetSRID(ST_MakePoint(500000 + i * 1500, 181000), 27700) AS geom FROM generate_series(1, 3) i;
-- A travel-cost matrix for access_scores_matrix: A1 to A5 at 10, 0, 10,
-- 20 and 30 minutes from S1.
CREATE TEMP TABLE matrix_costs AS
SELECT 'A' || i AS area_id, 'S1' AS site_id, abs(i - 2) * 10.0 AS cost FROM generate_series(1, 5) i;
-- A 1 km road grid for access_scores_network (pgRouting).
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgrouting;
RESET client_min_messages;
CREATE TEMP TABLE net_vertex AS
SELECT r * 6 + c + 1 AS id, ST_SetSRID(ST_MakePoint(500000 + c * 1000, 179000 + r * 1000), 27700) AS geom
FROM generate_series(0, 2) r, generate_series(0, 5) c;
CREATE TEMP TABLE net_edge AS
SELECT row_number() OVER () AS id, a.id AS source, b.id AS target, 1000.0::float8 AS cost, 1000.0::float8 AS reverse_cost
FROM net_vertex a JOIN net_vertex b ON (b.id = a.id + 1 AND a.id % 6 <> 0) OR b.id = a.id + 6;
CREATE SCHEMA probe_normal;
CREATE SCHEMA probe_hostile;

-- Every call, written so that the calling SQL itself names no operator the
-- hostile schema shadows (it is parsed on the hostile path too).
CREATE TEMP TABLE probe (label text PRIMARY KEY, query text NOT NULL, as_analyst boolean NOT NULL DEFAULT false);
INSERT INTO probe (label, query) VALUES
('classify', $$SELECT iapt_ews.classify(18, 7, 'GAD7', 12, 5, 6, true)::text$$),
('classify_integer', $$SELECT (iapt_ews.classify_integer(18, 7, 'GAD7', 12, 5, 6, true), iapt_ews.classify_integer(NULL, 7, 'gad7', 12, NULL, 2, false))::text$$),
('outcome_summary and the rate aggregates', $$
SELECT (iapt_ews.outcome_summary(o), iapt_ews.recovery_rate(o), iapt_ews.reliable_recovery_rate(o),
        iapt_ews.reliable_improvement_rate(o), iapt_ews.reliable_deterioration_rate(o))::text
FROM (SELECT iapt_ews.classify(p, 27 - p, 'gad7', p % 22, 21 - p % 22, 3, true) o FROM generate_series(0, 27) p) s$$),
('outcome accessors', $$
SELECT string_agg((iapt_ews.ended(o), iapt_ews.finished(o), iapt_ews.paired(o), iapt_ews.case_at_start(o),
                   iapt_ews.not_case_at_start(o), iapt_ews.recovered(o), iapt_ews.reliably_improved(o),
                   iapt_ews.reliably_deteriorated(o), iapt_ews.no_reliable_change(o),
                   iapt_ews.reliably_recovered(o))::text, ';' ORDER BY p)
FROM (SELECT p, iapt_ews.classify(p, 27 - p, 'gad7', p % 22, 21 - p % 22, 3, (p % 2)::boolean) o
      FROM generate_series(0, 27) p) s$$),
('pair_scores and its accessors', $$
SELECT (p, iapt_ews.first_score(p), iapt_ews.last_score(p), iapt_ews.score_change(p),
        iapt_ews.first_recorded_at(p), iapt_ews.last_recorded_at(p), iapt_ews.score_count(p),
        iapt_ews.paired(p), iapt_ews.classify(p, 'gad7', q, 4, true))::text
FROM (SELECT iapt_ews.pair_scores(timestamptz '2025-01-10' - i * interval '1 day', i) p,
             iapt_ews.pair_scores(timestamptz '2025-01-10' + i * interval '1 day', (i * 3)::numeric) q
      FROM generate_series(1, 5) i) s$$),
('measures', $$
SELECT (iapt_ews.is_case('MI_ALONE', 2.31), iapt_ews.is_reliable_change('phq9', 20, 10),
        iapt_ews.anxiety_measure('F40.1'), iapt_ews.anxiety_measure(NULL),
        (SELECT string_agg(code, ',' ORDER BY code) FROM iapt_ews.measures),
        (SELECT string_agg(m::text, ';' ORDER BY m.code) FROM iapt_ews.measure_catalogue() m))::text$$),
('workforce', $$
SELECT ((SELECT iapt_ews.ea_ratio(r, 1.5) FROM unnest(ARRAY['EA', 'HIT', 'pwp']) r),
        (SELECT iapt_ews.ea_ratio(e, t) FROM (VALUES (1.0, 8.0), (0.5, 6.5)) v(e, t)),
        iapt_ews.ea_wte('1:9'), iapt_ews.therapist_wte('1:9'), iapt_ews.therapists_per_ea('1:9'),
        iapt_ews.meets_target('1:9'), iapt_ews.ea_needed('1:54', '1:10'),
        (SELECT string_agg(w::text, ';' ORDER BY w.name) FROM iapt_ews.workforce_target_catalogue() w),
        (SELECT string_agg(w::text, ';' ORDER BY w.role) FROM iapt_ews.workforce_role_catalogue() w))::text$$),
('employment', $$
SELECT (iapt_ews.employment_class('01', 'Y'), iapt_ews.employment_outcome('02', NULL, '01', 'N'),
        iapt_ews.wsas_total(ARRAY[9, 2, 3, 4, 5]), iapt_ews.wsas_work_not_applicable(ARRAY[9, 2, 3, 4, 5]),
        iapt_ews.employment_class('01', 'Z'), iapt_ews.general_benefit('U', 'N', NULL, 'Z'),
        iapt_ews.general_benefit(' y', NULL, NULL, NULL))::text$$),
('report_level', $$
SELECT (' Sub-ICB '::iapt_ews.report_level, 'icb'::pg_catalog.text::iapt_ews.report_level,
        'ICB'::iapt_ews.report_level OPERATOR(iapt_ews.<) 'provider'::iapt_ews.report_level,
        'SubICB'::iapt_ews.report_level OPERATOR(iapt_ews.=) 'sub icb'::iapt_ews.report_level,
        (SELECT pg_catalog.string_agg(l::pg_catalog.text, ',' ORDER BY l)
         FROM pg_catalog.unnest('{service,National,icb,Sub-ICB,region,PROVIDER}'::iapt_ews.report_level[]) l),
        (SELECT pg_catalog.count(DISTINCT l) FROM pg_catalog.unnest('{ICB,icb,Sub-ICB,subicb}'::iapt_ews.report_level[]) l))::text$$),
('compare_rates', $$
SELECT iapt_ews.compare_rates((i % 3)::boolean, (i % 2)::boolean)::text FROM generate_series(1, 40) i$$),
('ols_fit', $$
SELECT (f, iapt_ews.ols_coefficients(f), iapt_ews.ols_standard_errors(f), iapt_ews.ols_robust_standard_errors(f),
        iapt_ews.ols_n(f), iapt_ews.ols_r_squared(f), iapt_ews.ols_problem(f),
        iapt_ews.ols_problem(f::text::iapt_ews.ols_result), iapt_ews.ols_confidence_interval(f, 2),
        iapt_ews.ols_confidence_interval(f, 3, false))::text
FROM (SELECT iapt_ews.ols_fit(i * 0.5 + i % 3, ARRAY[i::float8, (i * i) % 7]) AS f FROM generate_series(1, 40) i) s$$),
('compare_means', $$
SELECT (iapt_ews.compare_means(10, 5.5, 3.03, 6, 5.2, 2.48), iapt_ews.compare_means(2, 0, 1, 2, 0, 1))::text$$),
('inequality aggregates', $$
SELECT (iapt_ews.slope_index_of_inequality(v, r, 100), iapt_ews.relative_index_of_inequality(v, r, 100))::text
FROM (SELECT (10 + r * 3 + r % 2)::float8 AS v, r::float8 AS r FROM generate_series(1, 10) r) s$$),
('disclosure control', $$
SELECT (iapt_ews.suppress(3), iapt_ews.suppress(7), iapt_ews.suppressed_rate(12, 40), iapt_ews.suppressed_rate(3, 40))::text$$),
('workshops', $$
SELECT (iapt_ews.sessions_to_clear(40, 5, 8, 0.8, 4),
        (SELECT iapt_ews.projected_wait(timestamptz '2025-01-06 10:00' + i * interval '7 days', 4, 10,
                                        timestamptz '2025-01-01 09:00')
         FROM generate_series(0, 5) i))::text$$),
('travel_distance', $$
SELECT iapt_ews.travel_distance(ST_SetSRID(ST_MakePoint(0, 0), 27700), ST_SetSRID(ST_MakePoint(3, 4), 27700))::text$$),
('access_scores qualifies the SQL it generates', $$
SELECT string_agg(s::text, ';' ORDER BY s.area_id)
FROM iapt_ews.access_scores('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.sites', 3000) s$$),
('best_new_sites', $$
SELECT string_agg(b::text, ';' ORDER BY b.step)
FROM iapt_ews.best_new_sites('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.sites',
                             'SELECT * FROM pg_temp.candidates', 2) b$$),
('best_new_sites_located', $$
SELECT string_agg(b::text, ';' ORDER BY b.step)
FROM iapt_ews.best_new_sites_located('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.sites',
                                     $c$SELECT c.*, 'Place ' || c.id AS name FROM pg_temp.candidates c$c$, 2) b$$),
('access_scores_network', $$
SELECT string_agg(s::text, ';' ORDER BY s.area_id)
FROM iapt_ews.access_scores_network('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.sites',
                                    'SELECT * FROM pg_temp.net_edge', 'SELECT * FROM pg_temp.net_vertex', 3000) s$$),
('access_scores_matrix', $$
SELECT string_agg(s::text, ';' ORDER BY s.area_id)
FROM iapt_ews.access_scores_matrix('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.sites',
                                   'SELECT * FROM pg_temp.matrix_costs', 25, 'step') s$$),
('travel_minutes and fit_travel_time_model', $$
SELECT (iapt_ews.travel_minutes(4540), iapt_ews.travel_minutes(1000, 2, 30),
        iapt_ews.fit_travel_time_model('SELECT i * 1000.0 AS distance_m, 5 + i * 2 + i % 2 AS minutes FROM pg_catalog.generate_series(1, 5) i'))::text$$),
('access_scores_minutes', $$
SELECT string_agg(s::text, ';' ORDER BY s.area_id)
FROM iapt_ews.access_scores_minutes('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.sites', 12, 'step', 5, 30) s$$),
('observed_expected_interval', $$
SELECT (iapt_ews.observed_expected_interval(9, 5.5), iapt_ews.observed_expected_interval(0, 2))::text$$),
('access_gap_by_decile qualifies its operators', $$
SELECT string_agg(g::text, ';' ORDER BY g.imd_decile NULLS LAST)
FROM iapt_ews.access_gap_by_decile('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.referrals',
                                   'SELECT * FROM pg_temp.sites', 3000) g$$),
('best_new_sites_matrix', $$
SELECT string_agg(b::text, ';' ORDER BY b.step)
FROM iapt_ews.best_new_sites_matrix('SELECT * FROM pg_temp.areas', 'SELECT id FROM pg_temp.sites WHERE false',
                                    'SELECT id FROM pg_temp.sites', 'SELECT * FROM pg_temp.matrix_costs', 1) b$$),
('access_gap_by_decile_matrix and its summary', $$
SELECT string_agg(g::text, ';' ORDER BY g.imd_decile NULLS LAST)
FROM iapt_ews.access_gap_by_decile_matrix('SELECT * FROM pg_temp.areas', 'SELECT * FROM pg_temp.referrals',
                                          'SELECT * FROM pg_temp.sites', 'SELECT * FROM pg_temp.matrix_costs', 25) g$$),
('warehouse_appointment_type', $$
SELECT (iapt_ews.warehouse_appointment_type('assessment_and_treatment', '{treatment}'),
        iapt_ews.warehouse_appointment_type('treatment', '{treatment}'),
        iapt_ews.warehouse_appointment_type('assessment', '{treatment}'))::text$$),
('create_reporting_views', $$
SELECT string_agg(pg_catalog.split_part(v::text, '.', 2), ',' ORDER BY v::text)
FROM iapt_ews.create_reporting_views(pg_catalog.current_setting('probe.schema')::name,
                                     'sp_model.referral', 'sp_model.care_contact', 'sp_model.assessment_score',
                                     '{"columns": {"care_contact.contact_id": "contact_id"},
                                       "treatment_appointment_types": ["treatment", "assessment_and_treatment"]}') v$$),
('create_data_model and complete_data_model', $$
SELECT ((SELECT string_agg(pg_catalog.split_part(v::text, '.', 2), ',' ORDER BY v::text)
         FROM iapt_ews.create_data_model((pg_catalog.current_setting('probe.schema') || '_model')::name, '{}') v),
        (SELECT pg_catalog.count(*) FROM iapt_ews.complete_data_model((pg_catalog.current_setting('probe.schema') || '_model')::name, '{}')),
        (SELECT pg_catalog.count(*) FROM iapt_ews.data_model))::text$$),
('bind_data_set and data_set_columns', $$
SELECT ((SELECT pg_catalog.count(*) FROM iapt_ews.bind_data_set((pg_catalog.current_setting('probe.schema') || '_ds')::name, 'sp_source',
                                                         '{"materialize": true, "attended_codes": ["5", "6"]}')),
        (SELECT pg_catalog.count(*) FROM iapt_ews.data_set_columns()),
        (SELECT pg_catalog.string_agg(r.rows::text, ',' ORDER BY r.relation::text)
         FROM iapt_ews.refresh_data_set((pg_catalog.current_setting('probe.schema') || '_ds')::name) r),
        iapt_ews.lost_binding_views((pg_catalog.current_setting('probe.schema') || '_ds')::name),
        (SELECT pg_catalog.string_agg(m.builder, ',' ORDER BY m.schema_name) FROM iapt_ews.model_schemas() m
         WHERE m.schema_name OPERATOR(pg_catalog.=) (pg_catalog.current_setting('probe.schema') || '_ds')::name))::text$$),
('national code lists', $$
SELECT (iapt_ews.national_code('AttendOrDNACode', ' 5'), iapt_ews.is_known_code('AppType', '10'),
        iapt_ews.code_description('AttendOrDNACode', '06'), iapt_ews.attended('6'), iapt_ews.attended(7),
        iapt_ews.is_treatment_appointment('03'), iapt_ews.is_employment_support_appointment('10'),
        iapt_ews.is_face_to_face('01'), iapt_ews.end_code_group('46'), iapt_ews.indicator_answer('Z'),
        iapt_ews.ethnic_group('A'), iapt_ews.bme_group('H'), iapt_ews.age_band(17), iapt_ews.age_band(70),
        iapt_ews.published_age_group(70), iapt_ews.measure_for_assessment_code('720433000'),
        iapt_ews.procedure_intensity('1098051000000103'), iapt_ews.is_employment_support_procedure('1098051000000103'),
        (SELECT pg_catalog.count(*) FROM iapt_ews.national_code_catalogue()))::text$$),
('warehouse values and scores', $$
SELECT (iapt_ews.date_or_null('2025-02-30'), iapt_ews.date_or_null(' 2025-02-28 '),
        iapt_ews.timestamptz_or_null('2025-02-03T10:00:00+01'), iapt_ews.time_or_null('23:59:59.5'),
        iapt_ews.integer_or_null('-12'),
        iapt_ews.boolean_or_null('yes'), iapt_ews.identifier_problem('P1'), iapt_ews.identifier_problem('P1@RX1'), iapt_ews.is_identifier('P1'),
        iapt_ews.score_problem('phq9', '28'), iapt_ews.score_problem('phq9', 9.5),
        iapt_ews.score_value('mi_alone', '2.3'), iapt_ews.published_rate(12, 40),
        iapt_ews.parts_disclosed(5, ARRAY[NULL, NULL]::bigint[]), iapt_ews.suppress_part(10, 15, ARRAY[10, NULL]::bigint[]),
        iapt_ews.suppress_total(5, ARRAY[NULL, NULL]::bigint[]),
        iapt_ews.recovery_rate(40, 100, 20), iapt_ews.reliable_recovery_rate(30, 100, 20),
        iapt_ews.reliable_improvement_rate(50, 100), iapt_ews.reliable_deterioration_rate(5, 100))::text$$);
-- The key-metrics helpers: an interval, ODS type words, and the hierarchy
-- loaded from a staging table (loading twice updates the same rows, so
-- both runs answer alike), then the levels of key_metrics.
CREATE TEMP TABLE org_staging (org_code text, org_name text, org_type text, parent_code text);
INSERT INTO org_staging VALUES ('Y01', 'Region', 'Commissioning Region', ''), ('QA1', 'ICB', 'STP', 'Y01'),
    ('P1', 'Provider', 'provider', 'QA1');
INSERT INTO probe VALUES
('key metrics helpers', $$
SELECT (iapt_ews.proportion_interval(81, 263), iapt_ews.organisation_type('Sub-ICB location'),
        iapt_ews.load_organisations('sp_model.organisation', 'pg_temp.org_staging'),
        (SELECT pg_catalog.string_agg(k.level || ' ' || k.organisation_code, ',' ORDER BY k.level, k.organisation_code)
         FROM sp_model.key_metrics k))::text$$);
INSERT INTO probe VALUES
('visible_providers() of an analyst mapped to P1', $$SELECT iapt_ews.visible_providers('sp_model.provider_access')::text$$, true),
('provider_visible() of an analyst mapped to P1', $$
SELECT (iapt_ews.provider_visible('P1', 'sp_model.provider_access'), iapt_ews.provider_visible('P2', 'sp_model.provider_access'),
        iapt_ews.any_provider_visible(ARRAY['P2', 'P1'], 'sp_model.provider_access'),
        iapt_ews.any_provider_visible(ARRAY['P2'], 'sp_model.provider_access'))::text$$, true),
('referral_outcome of an analyst mapped to P1', $$
SELECT ((SELECT pg_catalog.string_agg(o.pathway_id || ' ' || o.outcome::text, ';') FROM sp_model.referral_outcome o),
        (SELECT pg_catalog.string_agg(DISTINCT k.organisation_code, ',' ORDER BY k.organisation_code)
         FROM sp_model.key_metrics_published k))::text$$, true);

-- The functions and aggregates a user calls (not the support functions of
-- types, operators, operator classes and aggregates, nor those commented
-- Internal:). Each must be called by some probe.
CREATE TEMP TABLE user_function AS
SELECT DISTINCT p.proname::text AS name
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname IN ('iapt_ews', 'iapt_ews_postgis')
WHERE NOT EXISTS (SELECT 1 FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
  AND NOT EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprcode = p.oid)
  AND NOT EXISTS (SELECT 1 FROM pg_amproc a WHERE a.amproc = p.oid)
  AND NOT EXISTS (SELECT 1 FROM pg_aggregate a
                  WHERE p.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn))
  AND obj_description(p.oid, 'pg_proc') NOT LIKE 'Internal:%';

GRANT SELECT ON probe TO hostile_analyst;

SELECT plan((SELECT count(*)::integer FROM probe) + 4);

-- The same calls twice: with an ordinary path, and with the hostile schema
-- ahead of pg_catalog (pgTAP itself uses "=", so the answers are collected
-- first and compared afterwards). create_reporting_views writes into a
-- schema of each run's own.
CREATE TEMP TABLE answer_of (run text, label text, answer text);
GRANT INSERT ON answer_of TO hostile_analyst;
CREATE FUNCTION pg_temp.collect(run text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_catalog.set_config('probe.schema', 'probe_' || run, true);
    INSERT INTO pg_temp.answer_of
    SELECT run, p.label, pg_temp.answer(p.query) FROM pg_temp.probe p WHERE NOT p.as_analyst
    UNION ALL
    SELECT run, 'operator ' || h.type || ' ' || h.op, pg_temp.answer('SELECT ' || h.probe)
    FROM pg_temp.hostile_operator h;
    SET LOCAL ROLE hostile_analyst;
    INSERT INTO pg_temp.answer_of
    SELECT run, p.label, pg_temp.answer(p.query) FROM pg_temp.probe p WHERE p.as_analyst;
    RESET ROLE;
END $$;
SELECT pg_temp.collect('normal');
SET search_path = evil, pg_catalog, public, iapt_ews;
SELECT pg_temp.collect('hostile');
RESET search_path;
CREATE TEMP VIEW expected AS SELECT label, answer FROM answer_of WHERE run = 'normal';
CREATE TEMP VIEW actual AS SELECT label, answer FROM answer_of WHERE run = 'hostile';

SELECT is(
    (SELECT array_agg(e.label || ': ' || coalesce(e.answer, 'NULL') ORDER BY e.label)
     FROM expected e WHERE e.answer IS NULL OR e.answer LIKE 'ERROR %'),
    NULL, 'every probe answers on an ordinary path, without an error (the comparisons below are meaningful)');

SELECT is(a.answer, e.answer, a.label) FROM actual a JOIN expected e USING (label) JOIN probe p USING (label)
WHERE NOT p.as_analyst ORDER BY a.label;

SELECT is(a.answer, e.answer, a.label) FROM actual a JOIN expected e USING (label) JOIN probe p USING (label)
WHERE p.as_analyst ORDER BY a.label;

SELECT is((SELECT e.answer FROM expected e WHERE e.label = 'visible_providers() of an analyst mapped to P1'), '{P1}',
          'visible_providers() of the analyst is {P1} on an ordinary path (the comparison above is meaningful)');

SELECT is(
    (SELECT array_agg(a.label ORDER BY a.label COLLATE "C")
     FROM actual a JOIN expected e USING (label)
     WHERE a.label LIKE 'operator %' AND a.answer IS DISTINCT FROM e.answer),
    (SELECT array_agg('operator ' || h.type || ' ' || h.op ORDER BY 'operator ' || h.type || ' ' || h.op COLLATE "C")
     FROM hostile_operator h),
    'every hostile operator was live: on the hostile path its probe answered otherwise (the test can fail)');

SELECT is(
    (SELECT array_agg(f.name ORDER BY f.name) FROM user_function f
     WHERE NOT EXISTS (SELECT 1 FROM probe p WHERE strpos(p.query, 'iapt_ews.' || f.name || '(') > 0)),
    NULL, 'every function and aggregate a user calls is probed here');

SELECT * FROM finish();
ROLLBACK;
