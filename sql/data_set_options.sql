-- bind_data_set's options.columns (a warehouse that renamed tables and
-- columns) and its optional tables (IDS004, IDS202, IDS603): a renamed
-- warehouse gives every relation of the national one, row for row; a
-- missing optional table binds, with a NOTICE, its ds_ view and the reports
-- that need it empty and the rest as before; every bad mapping refused;
-- the hostile loader's names and views; refresh_data_set with a mapping.
SET TimeZone = 'Europe/London';
\set SHOW_CONTEXT never
-- Every relation of binding a (views and materialized views, not its
-- data_set_binding row) against the one of the same name in b, row by row
-- (as text, EXCEPT ALL both ways): those that differ, or that b lacks.
CREATE FUNCTION public.binding_differences(a name, b name)
RETURNS TABLE (relation name, only_in_a bigint, only_in_b bigint)
LANGUAGE plpgsql SET client_min_messages = warning AS $$
DECLARE
    r name;
BEGIN
    FOR r IN SELECT c.relname FROM pg_class c
             WHERE c.relnamespace = a::regnamespace
               -- The views, and the tables that store a view's rows (with
               -- <name>_live, or <report>_live for <report>_all, beside them).
               AND (c.relkind = 'v' OR c.relkind = 'r' AND to_regclass(format('%I.%I', a,
                        regexp_replace(c.relname, '(_all)?$', '_live'))) IS NOT NULL)
             ORDER BY 1 LOOP
        relation := r;
        IF to_regclass(format('%I.%I', b, r)) IS NULL THEN
            only_in_a := NULL; only_in_b := NULL;
            RETURN NEXT;
            CONTINUE;
        END IF;
        EXECUTE format('SELECT count(*) FROM (SELECT x::text FROM %1$I.%3$I x EXCEPT ALL SELECT x::text FROM %2$I.%3$I x) d', a, b, r)
            INTO only_in_a;
        EXECUTE format('SELECT count(*) FROM (SELECT x::text FROM %2$I.%3$I x EXCEPT ALL SELECT x::text FROM %1$I.%3$I x) d', a, b, r)
            INTO only_in_b;
        CONTINUE WHEN only_in_a = 0 AND only_in_b = 0;
        RETURN NEXT;
    END LOOP;
END $$;
-- The fixture of sql/data_set.sql (worked by hand there).
\i test/fixtures/national_data_set.sql

CREATE FUNCTION public.relation_rows(s name, r text) RETURNS bigint LANGUAGE plpgsql SET client_min_messages = warning AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %I.%I', s, r) INTO n;
    RETURN n;
END $$;
-- The national names: the reference binding (fb).
SELECT count(*) AS objects_made FROM iapt_ews.bind_data_set('fb', 'nat', '{"assessment_codes": {"999001": "spin"}}');

-- A warehouse that renamed every table and some columns: one with quotes
-- and blanks, one of 63 characters (the longest a name can be), one given
-- in another case; the keys of the mapping in any case too.
CREATE SCHEMA wh;
CREATE TABLE wh.submissions AS SELECT * FROM nat."IsLatest_SubmissionID";
ALTER TABLE wh.submissions RENAME "UniqueSubmissionID" TO sub_id;
ALTER TABLE wh.submissions RENAME "IsLatest" TO latest_flag;
CREATE TABLE wh.referrals AS SELECT * FROM nat."IDS101referral";
ALTER TABLE wh.referrals RENAME "ServDischDate" TO "discharge ""dt"" date";
ALTER TABLE wh.referrals RENAME "PathwayID" TO pathway;
ALTER TABLE wh.referrals RENAME "ReferralRequestReceivedDate" TO referral_request_received_date_as_the_warehouse_loaded_it_col63;
ALTER TABLE wh.referrals RENAME "Recovery_Flag" TO recovered_nat;
CREATE TABLE wh.mpi AS SELECT * FROM nat."IDS001mpi";
ALTER TABLE wh.mpi RENAME "LSOA" TO lsoa_2011;
CREATE TABLE wh.contacts AS SELECT * FROM nat."IDS201carecontact";
ALTER TABLE wh.contacts RENAME "AppType" TO appointment_type;
CREATE TABLE wh.activities AS SELECT * FROM nat."IDS202careactivity";
ALTER TABLE wh.activities RENAME "CodeProcAndProcStatus" TO procedure_code;
CREATE TABLE wh.employment AS SELECT * FROM nat."IDS004empstatus";
ALTER TABLE wh.employment RENAME "EmployStatus" TO status;
CREATE TABLE wh.complaints AS SELECT * FROM nat.ids603presentingcomplaints;
ALTER TABLE wh.complaints RENAME uniquesubmissionid TO submission;
CREATE TABLE wh.scores_referral AS SELECT * FROM nat."IDS606codedscoreassessmentrefer";
ALTER TABLE wh.scores_referral RENAME "PersScore" TO score;
CREATE TABLE wh.scores_activity AS SELECT * FROM nat."IDS607codedscoreassessmentact";
ALTER TABLE wh.scores_activity RENAME "PersScore" TO score_value;
ALTER TABLE wh.scores_activity RENAME "CodedAssToolType" TO tool;
SELECT count(*) AS objects_made FROM iapt_ews.bind_data_set('ren', 'wh', $${
  "assessment_codes": {"999001": "spin"},
  "tables": {"IsLatest_SubmissionID": "submissions", "IDS101referral": "referrals", "IDS001mpi": "mpi",
             "IDS201carecontact": "contacts", "IDS202careactivity": "activities", "IDS004empstatus": "employment",
             "IDS603presentingcomplaints": "complaints", "IDS606codedscoreassessmentrefer": "scores_referral",
             "IDS607codedscoreassessmentact": "scores_activity"},
  "columns": {"islatest_submissionid": {"UniqueSubmissionID": "sub_id", "islatest": "latest_flag"},
              "IDS101REFERRAL": {"ServDischDate": "discharge \"dt\" date", "PathwayID": "pathway",
                                 "ReferralRequestReceivedDate": "referral_request_received_date_as_the_warehouse_loaded_it_col63",
                                 "Recovery_Flag": "recovered_nat"},
              "IDS001mpi": {"LSOA": "lsoa_2011"},
              "IDS201carecontact": {"AppType": "APPOINTMENT_TYPE"},
              "IDS202careactivity": {"CodeProcAndProcStatus": "procedure_code"},
              "IDS004empstatus": {"EmployStatus": "status"},
              "IDS603presentingcomplaints": {"UniqueSubmissionID": "submission"},
              "IDS606codedscoreassessmentrefer": {"PersScore": "score"},
              "IDS607codedscoreassessmentact": {"PersScore": "score_value", "CodedAssToolType": "tool"}}}$$);
-- Every relation of the two bindings (the ds_ views, the bound relations,
-- every report, stored or live) holds the same rows: none differs. Not
-- vacuous: the relations compared, and the rows they hold.
SELECT * FROM public.binding_differences('fb', 'ren');
SELECT * FROM public.binding_differences('ren', 'fb');
SELECT count(*) AS relations_compared, sum(public.relation_rows('fb', c.relname)) AS rows_compared
FROM pg_class c WHERE c.relnamespace = 'fb'::regnamespace
  AND (c.relkind = 'v' OR c.relkind = 'r' AND to_regclass(format('fb.%I', regexp_replace(c.relname, '(_all)?$', '_live'))) IS NOT NULL);
-- The mapping is recorded, and each ds_ column says where it comes from.
SELECT options->'columns'->'IDS101REFERRAL' AS recorded, absent_tables, emptied_reports FROM ren.data_set_binding;
SELECT a.attname, col_description(a.attrelid, a.attnum)
FROM pg_attribute a
WHERE a.attrelid = 'ren.ds_ids101referral'::regclass AND a.attname IN ('pathway_id', 'referral_date', 'discharge_date', 'end_code', 'recovery_flag', 'use_pathway_flag')
ORDER BY a.attnum;
SELECT a.attname, col_description(a.attrelid, a.attnum)
FROM pg_attribute a WHERE a.attrelid = 'ren.ds_ids201carecontact'::regclass AND a.attname = 'app_type';

-- refresh_data_set finds the tables and columns again with the recorded
-- mapping: a mapped column renamed since, or a table replaced by another
-- of its name, stops it before it refreshes anything.
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('ren');
ALTER TABLE wh.referrals RENAME pathway TO pathway_renamed;
SELECT count(*) FROM iapt_ews.refresh_data_set('ren');
ALTER TABLE wh.referrals RENAME pathway_renamed TO pathway;
ALTER TABLE wh.contacts RENAME TO contacts_bound;
CREATE TABLE wh.contacts AS SELECT * FROM wh.contacts_bound;
SELECT count(*) FROM iapt_ews.refresh_data_set('ren');
DROP TABLE wh.contacts;
ALTER TABLE wh.contacts_bound RENAME TO contacts;
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('ren');

-- Without an optional table: each missing from a schema of views over the
-- fixture (src_m004, src_m202, src_m603), and, to compare, present but
-- empty (src_e004, src_e603); each bound into the schema of its name
-- without src_.
DO $$
DECLARE
    s text;
    t text;
BEGIN
    FOREACH s IN ARRAY ARRAY['m004', 'e004', 'm202', 'm603', 'e603'] LOOP
        EXECUTE format('CREATE SCHEMA %I', 'src_' || s);
        FOREACH t IN ARRAY ARRAY['IsLatest_SubmissionID', 'IDS101referral', 'IDS001mpi', 'IDS201carecontact', 'IDS202careactivity',
                                 'IDS004empstatus', 'ids603presentingcomplaints', 'IDS606codedscoreassessmentrefer',
                                 'IDS607codedscoreassessmentact'] LOOP
            CONTINUE WHEN s LIKE 'm%' AND lower(t) LIKE 'ids' || substr(s, 2) || '%';
            EXECUTE format('CREATE VIEW %I.%I AS SELECT * FROM nat.%I%s', 'src_' || s, t, t,
                           CASE WHEN s LIKE 'e%' AND lower(t) LIKE 'ids' || substr(s, 2) || '%' THEN ' WHERE false' ELSE '' END);
        END LOOP;
    END LOOP;
END $$;
SELECT n.nspname, count(*) AS tables FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname LIKE 'src\_%' GROUP BY 1 ORDER BY 1;

-- IDS004 (stored): binds, says which reports it empties.
SELECT count(*) AS objects_made FROM iapt_ews.bind_data_set('m004', 'src_m004', '{"assessment_codes": {"999001": "spin"}}');
SELECT absent_tables, emptied_reports FROM m004.data_set_binding;
-- The ds_ view: the columns and types of the national one, no rows,
-- reading nothing.
SELECT (SELECT array_agg(format_type(a.atttypid, a.atttypmod) || ' ' || a.attname ORDER BY a.attnum) FROM pg_attribute a
        WHERE a.attrelid = 'm004.ds_ids004empstatus'::regclass AND a.attnum > 0)
     = (SELECT array_agg(format_type(a.atttypid, a.atttypmod) || ' ' || a.attname ORDER BY a.attnum) FROM pg_attribute a
        WHERE a.attrelid = 'fb.ds_ids004empstatus'::regclass AND a.attnum > 0) AS same_columns,
       (SELECT count(*) FROM m004.ds_ids004empstatus) AS rows,
       (SELECT count(*) FROM iapt_ews.rule_dependencies('m004.ds_ids004empstatus'::regclass) d
        WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid <> 'm004.ds_ids004empstatus'::regclass) AS relations_read,
       obj_description('m004.ds_ids004empstatus'::regclass, 'pg_class') AS comment;
SELECT col_description('m004.ds_ids004empstatus'::regclass, 4) AS status_comment;
-- Every report it empties is empty, and holds rows in the full binding.
SELECT count(*) AS emptied, count(*) FILTER (WHERE public.relation_rows('m004', r) = 0) AS empty,
       count(*) FILTER (WHERE public.relation_rows('fb', r) > 0) AS with_rows_in_full
FROM m004.data_set_binding, unnest(emptied_reports) r;
-- Everything else is as in the full binding: what differs is the ds_
-- view, employment_status over it, and the reports emptied.
SELECT d.* FROM public.binding_differences('fb', 'm004') d, m004.data_set_binding b
WHERE NOT regexp_replace(d.relation, '_(all|live)$', '') = ANY (b.emptied_reports || ARRAY['ds_ids004empstatus', 'employment_status']);
SELECT d.relation FROM public.binding_differences('fb', 'm004') d, m004.data_set_binding b
WHERE regexp_replace(d.relation, '_(all|live)$', '') = ANY (ARRAY['ds_ids004empstatus', 'employment_status']) ORDER BY 1;
-- Against the table present and empty: only the emptied reports differ
-- (with no IDS004 record, NHS England's rule still counts an AppType 10
-- contact as employment support; without the table nothing is claimed).
SELECT count(*) AS objects_made FROM iapt_ews.bind_data_set('e004', 'src_e004', '{"assessment_codes": {"999001": "spin"}}');
SELECT d.relation FROM public.binding_differences('e004', 'm004') d, m004.data_set_binding b
WHERE NOT regexp_replace(d.relation, '_(all|live)$', '') = ANY (b.emptied_reports);
SELECT count(*) AS emptied_reports_that_differ FROM public.binding_differences('e004', 'm004');
-- A refresh says it again; once the table is loaded, it says to bind
-- again (the binding still reads it as empty).
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('m004');
CREATE VIEW src_m004."IDS004empstatus" AS SELECT * FROM nat."IDS004empstatus";
SELECT count(*) AS refreshed FROM iapt_ews.refresh_data_set('m004');
SELECT count(*) AS still_empty FROM m004.employment_referral;

-- IDS202 (live, materialize false): care_activity is empty, the
-- employment reports (the employment-support procedure) are empty, and
-- key_metrics counts no appointments by intensity (NULL, as for a model
-- without care_activity: intensity_recorded and contact_intensity made as
-- their variants for that).
SELECT count(*) AS objects_made FROM iapt_ews.bind_data_set('m202', 'src_m202', '{"assessment_codes": {"999001": "spin"}, "materialize": false}');
SELECT absent_tables, cardinality(emptied_reports) AS emptied FROM m202.data_set_binding;
SELECT count(*) AS emptied, count(*) FILTER (WHERE public.relation_rows('m202', r) = 0) AS empty
FROM m202.data_set_binding, unnest(emptied_reports) r;
SELECT * FROM m202.intensity_recorded;
SELECT 'fb' AS binding, month, li_apts, hi_apts, hili_apts FROM fb.key_metrics WHERE level = 'national'
UNION ALL
SELECT 'm202', month, li_apts, hi_apts, hili_apts FROM m202.key_metrics WHERE level = 'national' ORDER BY 1, 2;
-- What differs from the full binding: the ds_ view, care_activity, the
-- intensity (key_metrics' three columns and what reads them) and the
-- emptied reports; nothing else.
SELECT d.relation FROM public.binding_differences('m202', 'fb') d, m202.data_set_binding b
WHERE NOT d.relation = ANY (b.emptied_reports) ORDER BY 1;
-- key_metrics and its cells differ in those columns only.
SELECT (SELECT count(*) FROM (SELECT to_jsonb(k) - ARRAY['li_apts', 'hi_apts', 'hili_apts', 'by_intensity'] FROM fb.key_metrics k
                              EXCEPT ALL SELECT to_jsonb(k) - ARRAY['li_apts', 'hi_apts', 'hili_apts', 'by_intensity'] FROM m202.key_metrics k) d)
     + (SELECT count(*) FROM (SELECT to_jsonb(k) - ARRAY['li_apts', 'hi_apts', 'hili_apts', 'by_intensity'] FROM m202.key_metrics k
                              EXCEPT ALL SELECT to_jsonb(k) - ARRAY['li_apts', 'hi_apts', 'hili_apts', 'by_intensity'] FROM fb.key_metrics k) d)
     + (SELECT count(*) FROM (SELECT to_jsonb(k) - ARRAY['li_apts', 'hi_apts', 'hili_apts', 'by_intensity'] FROM fb.key_metrics_cells k
                              EXCEPT ALL SELECT to_jsonb(k) - ARRAY['li_apts', 'hi_apts', 'hili_apts', 'by_intensity'] FROM m202.key_metrics_cells k) d)
       AS key_metrics_rows_that_differ_elsewhere;

-- IDS603 (stored): no referral has a provisional diagnosis, and no report
-- is emptied; the same binding as with the table present and empty. P1
-- (F40.1 in the full binding, measured on SPIN) is measured on GAD-7.
SELECT count(*) AS objects_made FROM iapt_ews.bind_data_set('m603', 'src_m603', '{"assessment_codes": {"999001": "spin"}}');
SELECT absent_tables, emptied_reports FROM m603.data_set_binding;
SELECT count(*) AS objects_made FROM iapt_ews.bind_data_set('e603', 'src_e603', '{"assessment_codes": {"999001": "spin"}}');
SELECT * FROM public.binding_differences('m603', 'e603');
SELECT * FROM public.binding_differences('e603', 'm603');
SELECT o.binding, o.pathway_id, o.provisional_diagnosis, o.anxiety_measure, o.anxiety_first, o.anxiety_last, o.recovered
FROM (SELECT 'fb' AS binding, * FROM fb.referral_outcome UNION ALL SELECT 'm603', * FROM m603.referral_outcome) o
WHERE o.pathway_id = 'P1' ORDER BY 1;

-- The tables every report needs stay required.
CREATE SCHEMA m001;
CREATE VIEW m001."IsLatest_SubmissionID" AS SELECT * FROM nat."IsLatest_SubmissionID";
CREATE VIEW m001."IDS101referral" AS SELECT * FROM nat."IDS101referral";
SELECT iapt_ews.bind_data_set('bad', 'm001');
-- An optional table the options name must be there.
SELECT iapt_ews.bind_data_set('bad', 'src_m004', '{"tables": {"IDS202careactivity": "IDS202careactivity", "IDS004empstatus": "employment"}}');
SELECT iapt_ews.bind_data_set('bad', 'src_m202', '{"columns": {"IDS202careactivity": {"CodeProcAndProcStatus": "procedure_code"}}}');

-- Bad mappings, each refused naming it and what is expected.
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": ["IDS101referral"]}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS999": {"PathwayID": "p"}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": "ServDischDate"}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"DischargeDate": "discharge_dt"}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": 5}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": null}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": ""}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": "a"}, "ids101referral": {}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": "a", "servdischdate": "b"}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": "discharge_dt"}}}');
-- The national name of a column that was renamed is not found, and the
-- error says how to map it.
SELECT iapt_ews.bind_data_set('bad', 'wh', $${"tables": {"IsLatest_SubmissionID": "submissions", "IDS101referral": "referrals",
    "IDS001mpi": "mpi"}, "columns": {"islatest_submissionid": {"UniqueSubmissionID": "sub_id", "islatest": "latest_flag"},
    "IDS001mpi": {"LSOA": "lsoa_2011"}}}$$);

-- The hostile loader. A mapping that names a column of another table (of
-- IDS201, as a name or qualified) is a column IDS101 does not have.
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": "CareContDate"}}}');
SELECT iapt_ews.bind_data_set('bad', 'nat', '{"columns": {"IDS101referral": {"ServDischDate": "IDS201carecontact.CareContDate"}}}');
-- A name that is SQL is only a name: no such column, nothing run.
SELECT iapt_ews.bind_data_set('bad', 'nat', $${"columns": {"IDS101referral": {"ServDischDate": "\"ServDischDate\" FROM pg_authid --"}}}$$);
-- 64 characters: PostgreSQL would cut it to the 63-character column of
-- wh.referrals; the mapping is refused instead of read as that column.
SELECT iapt_ews.bind_data_set('bad', 'wh', $${"tables": {"IDS101referral": "referrals"},
    "columns": {"IDS101referral": {"ReferralRequestReceivedDate": "referral_request_received_date_as_the_warehouse_loaded_it_col63x"}}}$$);
-- Two columns that differ only in case: the mapping must name one exactly.
ALTER TABLE wh.mpi ADD COLUMN "LSOA_2011" text;
SELECT iapt_ews.bind_data_set('bad', 'wh', $${"tables": {"IsLatest_SubmissionID": "submissions", "IDS101referral": "referrals",
    "IDS001mpi": "mpi"}, "columns": {"islatest_submissionid": {"UniqueSubmissionID": "sub_id", "islatest": "latest_flag"},
    "IDS101referral": {"ServDischDate": "discharge \"dt\" date", "PathwayID": "pathway",
        "ReferralRequestReceivedDate": "referral_request_received_date_as_the_warehouse_loaded_it_col63"},
    "IDS001mpi": {"LSOA": "Lsoa_2011"}}}$$);
ALTER TABLE wh.mpi DROP COLUMN "LSOA_2011";
-- A mapped table that is a view another role owns is refused as any
-- source of an untrusted owner (docs/security.md): naming it in the
-- options changes nothing.
CREATE ROLE options_loader;
GRANT USAGE ON SCHEMA wh TO options_loader;
GRANT SELECT ON wh.referrals TO options_loader;
GRANT CREATE ON SCHEMA wh TO options_loader;
SET ROLE options_loader;
CREATE VIEW wh.loader_referrals AS SELECT * FROM wh.referrals;
RESET ROLE;
SELECT iapt_ews.bind_data_set('bad', 'wh', $${"tables": {"IsLatest_SubmissionID": "submissions", "IDS101referral": "loader_referrals",
    "IDS001mpi": "mpi", "IDS201carecontact": "contacts", "IDS606codedscoreassessmentrefer": "scores_referral",
    "IDS607codedscoreassessmentact": "scores_activity"},
    "columns": {"islatest_submissionid": {"UniqueSubmissionID": "sub_id", "islatest": "latest_flag"},
    "IDS101referral": {"ServDischDate": "discharge \"dt\" date", "PathwayID": "pathway",
        "ReferralRequestReceivedDate": "referral_request_received_date_as_the_warehouse_loaded_it_col63"},
    "IDS001mpi": {"LSOA": "lsoa_2011"}, "IDS201carecontact": {"AppType": "appointment_type"},
    "IDS606codedscoreassessmentrefer": {"PersScore": "score"},
    "IDS607codedscoreassessmentact": {"PersScore": "score_value", "CodedAssToolType": "tool"}}}$$);
SELECT to_regnamespace('bad') IS NULL AS nothing_made;

SET client_min_messages = warning;
DROP SCHEMA fb, ren, m004, e004, m202, m603, e603, src_m004, src_e004, src_m202, src_m603, src_e603, m001, wh, nat CASCADE;
RESET client_min_messages;
DROP ROLE options_loader;
DROP FUNCTION public.binding_differences(name, name), public.relation_rows(name, text);
