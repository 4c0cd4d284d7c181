-- The data model's catalogue (sql/model/, assembled at build time): each
-- statement's header against what PostgreSQL records, variants, and the
-- storage a report declares.
SET client_min_messages = warning;

-- Every object with several statements in one layer is a declared variant:
-- each of its statements names a condition, and the conditions are the two
-- sides of one relation's presence.
SELECT o.object_name, o.layer, array_agg(o.step ORDER BY o.step) AS steps,
       array_agg(o.variant_condition ORDER BY o.step) AS conditions
FROM iapt_ews.data_model o
GROUP BY o.object_name, o.object_kind, o.layer
HAVING count(*) > 1 OR bool_or(o.variant_condition IS NOT NULL)
ORDER BY 1;

-- The reports a stored binding keeps for every provider, as declared.
SELECT report, made_at_step, storage FROM iapt_ews.stored_reports();

-- Conditions are checked: exactly one variant must hold.
SELECT iapt_ews.model_variant_applies('care_activity present', '{care_activity}') AS present_holds,
       iapt_ews.model_variant_applies('care_activity absent', '{care_activity}') AS absent_holds,
       iapt_ews.model_variant_applies('care_activity absent', '{}') AS absent_holds_without;
SELECT iapt_ews.model_variant_applies('care_activity missing', '{}');
SELECT iapt_ews.check_model_variants('contact_intensity', 'view', 'reports', '{care_activity}');
SELECT iapt_ews.check_model_variants('key_metrics', 'view', 'reports', '{care_activity}');

-- A model made by create_data_model, and the reporting views over its own
-- tables without care_activity (the other variant): every view's header
-- names exactly the relations of the schema it depends on.
SELECT count(*) > 0 AS made FROM iapt_ews.create_data_model('dm_model');
CREATE SCHEMA dm_views;
SELECT count(*) > 0 AS made FROM iapt_ews.create_reporting_views('dm_views', 'dm_model.referral',
    'dm_model.care_contact', 'dm_model.assessment_score');
SELECT * FROM public.model_reads_mismatch('dm_model');
SELECT * FROM public.model_reads_mismatch('dm_views');
SELECT 'dm_model' AS schema, by_intensity FROM dm_model.intensity_recorded
UNION ALL
SELECT 'dm_views', by_intensity FROM dm_views.intensity_recorded;

-- The builders' options, alike (22023): create_data_model and
-- complete_data_model take none, so options is '{}'; an unknown key is
-- refused naming it, and options that are not a JSON object too.
\set SHOW_CONTEXT never
SELECT count(*) AS completed FROM iapt_ews.complete_data_model('dm_model', '{}');
SELECT iapt_ews.create_data_model('dm_other', '{"materialize": false}');
SELECT iapt_ews.create_data_model('dm_other', '[]');
SELECT iapt_ews.create_data_model('dm_other', NULL);
SELECT iapt_ews.create_data_model(NULL, '{}');
SELECT iapt_ews.complete_data_model('dm_model', '{"columns": {}}');
SELECT iapt_ews.complete_data_model('dm_model', '"{}"');
SELECT iapt_ews.complete_data_model(NULL);
SELECT to_regnamespace('dm_other') IS NULL AS nothing_made;
-- A value of the wrong JSON type names the key and the type expected
-- (the one check of every builder, given the options a builder takes).
SELECT iapt_ews.check_builder_arguments('a_builder', 'dm_other', '{"n": "1"}', '{"n": "number", "s": "string"}');
SELECT iapt_ews.check_builder_arguments('a_builder', 'dm_other', '{"s": null}', '{"n": "number", "s": "string"}');
SELECT iapt_ews.check_builder_arguments('a_builder', 'dm_other', '{"n": 1, "s": ""}', '{"n": "number", "s": "string"}') AS passes;

DROP SCHEMA dm_model, dm_views CASCADE;
RESET client_min_messages;
