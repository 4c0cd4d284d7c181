-- ---------------------------------------------------------------------------
-- The NHS Talking Therapies Data Set where warehouses hold it
-- (docs/warehouse.md): bind_data_set makes, in a schema of the caller's,
--
--   ds_<table>        one view per national table, its columns renamed to
--                     lower case and converted without raising, and
--                     unusable_values: the row's values that did not
--                     convert (data_set_problem counts each)
--   data_set_codes    the code lists the rules read (attended, treatment,
--                     assessment tools), editable
--   latest_submission, referral, care_contact, care_activity,
--   assessment_score, employment_status, national_flags
--                     the model's relations over them (fixed statements
--                     below, layer bound_relations)
--   data_set_problem  rows left out that only the national tables show
--                     (data_quality_problem and data_quality add them to
--                     the rules every schema shares)
--
-- and then the reference tables and the same reports create_data_model
-- makes, plus flag_reconciliation against the national derived flags.
-- ---------------------------------------------------------------------------

-- The national tables and the columns read: data set name, logical name,
-- logical type, required. The names are NHS England's (nhsengland/
-- Talking-Therapies); tables and columns are found case-insensitively.
CREATE FUNCTION iapt_ews.data_set_columns(
    OUT table_name text, OUT column_name text, OUT logical_name text, OUT logical_type text, OUT required boolean)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
('IsLatest_SubmissionID', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IsLatest_SubmissionID', 'AuditId', 'audit_id', 'text', true),
('IsLatest_SubmissionID', 'IsLatest', 'is_latest', 'text', true),
('IsLatest_SubmissionID', 'ReportingPeriodStartDate', 'reporting_period_start', 'date', true),
('IsLatest_SubmissionID', 'ReportingPeriodEndDate', 'reporting_period_end', 'date', true),
('IDS101referral', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS101referral', 'AuditId', 'audit_id', 'text', true),
('IDS101referral', 'RecordNumber', 'record_number', 'text', true),
('IDS101referral', 'PathwayID', 'pathway_id', 'text', true),
('IDS101referral', 'Person_ID', 'person_id', 'text', true),
('IDS101referral', 'OrgID_Provider', 'provider_code', 'text', true),
('IDS101referral', 'OrgIDComm', 'commissioner_code', 'text', true),
('IDS101referral', 'ReferralRequestReceivedDate', 'referral_date', 'date', true),
('IDS101referral', 'ServDischDate', 'discharge_date', 'date', true),
('IDS101referral', 'EndCode', 'end_code', 'text', true),
('IDS101referral', 'SourceOfReferralIAPT', 'source_of_referral', 'text', true),
('IDS101referral', 'Age_ReferralRequest_ReceivedDate', 'age_at_referral', 'integer', true),
('IDS101referral', 'UsePathway_Flag', 'use_pathway_flag', 'boolean', false),
('IDS101referral', 'CompletedTreatment_Flag', 'completed_treatment_flag', 'text', false),
('IDS101referral', 'NotCaseness_Flag', 'not_caseness_flag', 'text', false),
('IDS101referral', 'Recovery_Flag', 'recovery_flag', 'text', false),
('IDS101referral', 'ReliableImprovement_Flag', 'reliable_improvement_flag', 'text', false),
('IDS101referral', 'ReliableDeterioration_Flag', 'reliable_deterioration_flag', 'text', false),
('IDS001mpi', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS001mpi', 'AuditId', 'audit_id', 'text', true),
('IDS001mpi', 'RecordNumber', 'record_number', 'text', true),
('IDS001mpi', 'Gender', 'gender', 'text', true),
('IDS001mpi', 'GenderIdentity', 'gender_identity', 'text', true),
('IDS001mpi', 'Validated_EthnicCategory', 'ethnic_category', 'text', true),
('IDS001mpi', 'LSOA', 'lsoa_code', 'text', true),
('IDS201carecontact', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS201carecontact', 'AuditId', 'audit_id', 'text', true),
('IDS201carecontact', 'PathwayID', 'pathway_id', 'text', true),
('IDS201carecontact', 'CareContactId', 'care_contact_id', 'text', true),
('IDS201carecontact', 'CareContDate', 'contact_date', 'date', true),
('IDS201carecontact', 'CareContTime', 'contact_time', 'time', true),
('IDS201carecontact', 'AttendOrDNACode', 'attend_or_dna_code', 'text', true),
('IDS201carecontact', 'AppType', 'app_type', 'text', true),
('IDS201carecontact', 'ConsMechanism', 'cons_mechanism', 'text', true),
('IDS201carecontact', 'PlannedCareContIndicator', 'planned', 'text', false),
('IDS202careactivity', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS202careactivity', 'AuditId', 'audit_id', 'text', true),
('IDS202careactivity', 'PathwayID', 'pathway_id', 'text', true),
('IDS202careactivity', 'CareContactId', 'care_contact_id', 'text', true),
('IDS202careactivity', 'CodeProcAndProcStatus', 'procedure', 'text', true),
('IDS004empstatus', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS004empstatus', 'AuditId', 'audit_id', 'text', true),
('IDS004empstatus', 'RecordNumber', 'record_number', 'text', true),
('IDS004empstatus', 'EmployStatus', 'status', 'text', true),
('IDS004empstatus', 'EmployStatusRecDate', 'recorded_date', 'date', true),
('IDS004empstatus', 'SickAbsenceInd', 'sickness_absence', 'text', true),
('IDS004empstatus', 'SSPInd', 'statutory_sick_pay', 'text', true),
('IDS004empstatus', 'BenefitRecInd', 'benefit_received', 'text', true),
('IDS004empstatus', 'ESAInd', 'employment_support_allowance', 'text', true),
('IDS004empstatus', 'UCInd', 'universal_credit', 'text', true),
('IDS004empstatus', 'PIPInd', 'personal_independence_payment', 'text', true),
('IDS004empstatus', 'EmpSupportInd', 'employment_support_wanted', 'text', true),
('IDS004empstatus', 'EmpSupportDischargeDate', 'employment_support_discharge_date', 'date', true),
('IDS603presentingcomplaints', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS603presentingcomplaints', 'AuditId', 'audit_id', 'text', true),
('IDS603presentingcomplaints', 'PathwayID', 'pathway_id', 'text', true),
('IDS603presentingcomplaints', 'Validated_PresentingComplaint', 'presenting_complaint', 'text', true),
('IDS603presentingcomplaints', 'PresCompCodSig', 'coded_significance', 'text', true),
('IDS603presentingcomplaints', 'PresCompDate', 'complaint_date', 'date', true),
('IDS603presentingcomplaints', 'UniqueID_IDS603', 'row_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'AuditId', 'audit_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'PathwayID', 'pathway_id', 'text', true),
('IDS606codedscoreassessmentrefer', 'CodedAssToolType', 'assessment_code', 'text', true),
('IDS606codedscoreassessmentrefer', 'PersScore', 'score', 'text', true),
('IDS606codedscoreassessmentrefer', 'AssToolCompDate', 'completed_date', 'date', true),
('IDS606codedscoreassessmentrefer', 'AssToolCompTime', 'completed_time', 'time', true),
('IDS607codedscoreassessmentact', 'UniqueSubmissionID', 'unique_submission_id', 'text', true),
('IDS607codedscoreassessmentact', 'AuditId', 'audit_id', 'text', true),
('IDS607codedscoreassessmentact', 'PathwayID', 'pathway_id', 'text', true),
('IDS607codedscoreassessmentact', 'CareContactId', 'care_contact_id', 'text', true),
('IDS607codedscoreassessmentact', 'CodedAssToolType', 'assessment_code', 'text', true),
('IDS607codedscoreassessmentact', 'PersScore', 'score', 'text', true)
$function$;
COMMENT ON FUNCTION iapt_ews.data_set_columns() IS
'The NHS Talking Therapies Data Set tables and columns bind_data_set reads, by NHS England''s names, with the lower-case name and type each gets in the ds_ views, and whether it must be there (the national derived flags are read where present)';

CREATE VIEW iapt_ews.data_set_columns WITH (security_invoker = true) AS
SELECT table_name, column_name, logical_name, logical_type, required FROM iapt_ews.data_set_columns();
COMMENT ON VIEW iapt_ews.data_set_columns IS
'Every column of the NHS Talking Therapies Data Set that bind_data_set reads, by NHS England''s table and column names (found case-insensitively), with the name and type it has in the ds_ views and whether it must be there';
COMMENT ON COLUMN iapt_ews.data_set_columns.table_name IS 'Table of the data set (IsLatest_SubmissionID, IDS101referral, ...)';
COMMENT ON COLUMN iapt_ews.data_set_columns.column_name IS 'Column of the data set';
COMMENT ON COLUMN iapt_ews.data_set_columns.logical_name IS 'Its name in the ds_ view';
COMMENT ON COLUMN iapt_ews.data_set_columns.logical_type IS 'Its type there (text, date, time, integer), converted without raising';
COMMENT ON COLUMN iapt_ews.data_set_columns.required IS 'False for the national derived flags, read only where the table has them';

-- @model_statements data_set

-- ---------------------------------------------------------------------------
-- What the binding trusts (docs/security.md, "The source's owner"). Reading
-- a relation can run code: a view's functions and operators, a column
-- type's output function or a cast, a policy's expressions. The binding
-- runs with its caller's rights, so code written by whoever owns the
-- source would run with them: a loader could become the binder. So, as
-- pg_dump's restrict_nonsystem_relation_kind does (CVE-2024-7348), the
-- binding reads only what trusted roles made: the caller, the roles named
-- in options.trusted_owners, and superusers (who can act as any role
-- already, so running their code gives nothing away). Built-in objects
-- (below FirstNormalObjectId) are trusted.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.trusted_owner(owner oid, trusted oid[])
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT owner = ANY (trusted)
    OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = owner AND r.rolsuper)
$function$;
COMMENT ON FUNCTION iapt_ews.trusted_owner(oid, oid[]) IS
'Internal: for bind_data_set: whether a role is trusted to have written code the binding runs: one of trusted (the caller and options.trusted_owners) or a superuser';

-- Why a type may not be read (its output function or a cast from it
-- would run code of an untrusted owner), or NULL.
CREATE FUNCTION iapt_ews.source_type_problem(type_oid oid, trusted oid[])
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    t record;
    problem text;
BEGIN
    SELECT y.oid, y.typowner, y.typtype, y.typbasetype, y.typelem, y.typrelid, y.typinput, y.typoutput
    INTO t FROM pg_catalog.pg_type y WHERE y.oid = type_oid;
    IF t.oid IS NULL THEN
        RETURN NULL;
    END IF;
    IF t.oid >= 16384 AND NOT iapt_ews.trusted_owner(t.typowner, trusted) THEN
        RETURN pg_catalog.format('type %s is owned by %s', t.oid::regtype, t.typowner::regrole);
    END IF;
    -- A cast from the type whose function another role owns (the ds_
    -- views convert columns with casts to text, date, time and integer).
    SELECT pg_catalog.format('the cast from %s to %s runs function %s, owned by %s',
                             c.castsource::regtype, c.casttarget::regtype, p.oid::regprocedure, p.proowner::regrole)
    INTO problem
    FROM pg_catalog.pg_cast c JOIN pg_catalog.pg_proc p ON p.oid = c.castfunc
    WHERE c.castsource = t.oid AND p.oid >= 16384
      AND NOT iapt_ews.trusted_owner(p.proowner, trusted)
    ORDER BY c.casttarget LIMIT 1;
    IF problem IS NOT NULL THEN
        RETURN problem;
    END IF;
    IF t.typtype = 'd' THEN
        RETURN iapt_ews.source_type_problem(t.typbasetype, trusted);
    END IF;
    IF t.typelem <> 0 THEN
        RETURN iapt_ews.source_type_problem(t.typelem, trusted);
    END IF;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION iapt_ews.source_type_problem(oid, oid[]) IS
'Internal: for bind_data_set: why a column type may not be read (a type, base type, element type or cast function of a role that is not trusted), or NULL';

-- What a view's or materialized view's query names (its rewrite rule's
-- dependencies): relations, functions, operators, types.
CREATE FUNCTION iapt_ews.rule_dependencies(relation oid, OUT refclassid oid, OUT refobjid oid)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT d.refclassid, d.refobjid
FROM pg_catalog.pg_rewrite w
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass
                           AND d.objid = w.oid
WHERE w.ev_class = relation
$function$;
COMMENT ON FUNCTION iapt_ews.rule_dependencies(oid) IS
'Internal: for the binding''s trust checks: the catalogue and OID of each object a view''s or materialized view''s query names (its rewrite rule''s dependencies); none for a table';

-- Why a source relation may not be read, or NULL: the relation, every
-- relation a view or materialized view reads and every table an
-- inheritance or partitioning parent scans, with their column types; the
-- functions, operators and types a view's query names.
CREATE FUNCTION iapt_ews.source_relation_problem(relation regclass, trusted oid[])
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    pending oid[] := ARRAY[relation::oid];
    seen oid[] := '{}';
    current oid;
    r record;
    problem text;
BEGIN
    WHILE pg_catalog.cardinality(pending) > 0 LOOP
        current := pending[1];
        pending := pending[2:];
        CONTINUE WHEN current = ANY (seen);
        seen := seen || current;
        SELECT c.oid, c.relkind, c.relowner, c.relrowsecurity INTO r
        FROM pg_catalog.pg_class c WHERE c.oid = current;
        IF NOT iapt_ews.trusted_owner(r.relowner, trusted) THEN
            RETURN pg_catalog.format('relation %s is owned by %s', current::regclass, r.relowner::regrole);
        END IF;
        IF NOT r.relkind = ANY (ARRAY['r', 'p', 'v', 'm', 'f']::"char"[]) THEN
            RETURN pg_catalog.format('relation %s is not a table, view, materialized view or foreign table', current::regclass);
        END IF;
        IF r.relrowsecurity THEN
            RETURN pg_catalog.format('relation %s has row-level security (its policies'' expressions would run and decide what the binding sees)', current::regclass);
        END IF;
        -- Each column's type checked once (OFFSET 0 keeps the planner from
        -- writing the call out again in the WHERE), the first problem kept.
        SELECT pg_catalog.format('column %I of %s: %s', a.attname, current::regclass, tp.problem)
        INTO problem
        FROM pg_catalog.pg_attribute a
        CROSS JOIN LATERAL (SELECT iapt_ews.source_type_problem(a.atttypid, trusted) AS problem OFFSET 0) tp
        WHERE a.attrelid = current AND a.attnum > 0 AND NOT a.attisdropped AND tp.problem IS NOT NULL
        ORDER BY a.attnum LIMIT 1;
        IF problem IS NOT NULL THEN
            RETURN problem;
        END IF;
        -- What a view's query names: functions (a cast's too), operators
        -- and their functions, types, relations.
        SELECT pg_catalog.format('%s, read by %s, is owned by %s', x.what, current::regclass, x.owner::regrole)
        INTO problem
        FROM iapt_ews.rule_dependencies(current) d
        CROSS JOIN LATERAL (
            SELECT pg_catalog.format('function %s', p.oid::regprocedure) AS what, p.proowner AS owner
            FROM pg_catalog.pg_proc p
            WHERE d.refclassid = 'pg_catalog.pg_proc'::regclass AND p.oid = d.refobjid
            UNION ALL
            SELECT pg_catalog.format('operator %s', o.oid::regoperator), o.oprowner
            FROM pg_catalog.pg_operator o
            WHERE d.refclassid = 'pg_catalog.pg_operator'::regclass AND o.oid = d.refobjid
            UNION ALL
            SELECT pg_catalog.format('function %s of operator %s', p.oid::regprocedure, o.oid::regoperator), p.proowner
            FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_proc p ON p.oid = o.oprcode
            WHERE d.refclassid = 'pg_catalog.pg_operator'::regclass AND o.oid = d.refobjid) x
        WHERE d.refobjid >= 16384
          AND NOT iapt_ews.trusted_owner(x.owner, trusted)
        LIMIT 1;
        IF problem IS NOT NULL THEN
            RETURN problem;
        END IF;
        SELECT pg_catalog.format('%s, read by %s', tp.problem, current::regclass)
        INTO problem
        FROM iapt_ews.rule_dependencies(current) d
        CROSS JOIN LATERAL (SELECT iapt_ews.source_type_problem(d.refobjid, trusted) AS problem OFFSET 0) tp
        WHERE d.refclassid = 'pg_catalog.pg_type'::regclass AND tp.problem IS NOT NULL
        LIMIT 1;
        IF problem IS NOT NULL THEN
            RETURN problem;
        END IF;
        pending := pending || ARRAY(
            SELECT d.refobjid FROM iapt_ews.rule_dependencies(current) d
            WHERE d.refclassid = 'pg_catalog.pg_class'::regclass
              AND d.refobjid <> current
            UNION ALL
            SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = current);
    END LOOP;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION iapt_ews.source_relation_problem(regclass, oid[]) IS
'Internal: for bind_data_set and refresh_data_set: why a source relation may not be read (it, a relation it reads or scans, a function, operator, type or cast it uses is of a role that is not trusted; row-level security), or NULL';

-- The trusted roles of a binding: the caller and options.trusted_owners.
CREATE FUNCTION iapt_ews.binding_trusted_roles(trusted_owners text[])
RETURNS oid[]
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    roles oid[] := ARRAY[(SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER)];
    role_name text;
    role_oid oid;
BEGIN
    FOREACH role_name IN ARRAY coalesce(trusted_owners, '{}') LOOP
        SELECT r.oid INTO role_oid FROM pg_catalog.pg_roles r WHERE r.rolname = role_name;
        IF role_oid IS NULL THEN
            RAISE EXCEPTION 'option trusted_owners names role "%", which does not exist', role_name
                USING ERRCODE = '42704', HINT = 'trusted_owners lists the roles whose tables, views and functions the binding may read and run.';
        END IF;
        roles := roles || role_oid;
    END LOOP;
    RETURN roles;
END
$function$;
COMMENT ON FUNCTION iapt_ews.binding_trusted_roles(text[]) IS
'Internal: for bind_data_set and refresh_data_set: the roles whose objects the binding trusts: the current user and the named trusted_owners (42704 for a role that does not exist)';

-- Refuses (42501) a source relation that is not to be trusted.
CREATE FUNCTION iapt_ews.check_source_relation(relation regclass, trusted oid[], data_set_table text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    problem text := iapt_ews.source_relation_problem(relation, trusted);
BEGIN
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'the binding does not read % (data set table %): %', relation, data_set_table, problem
            USING ERRCODE = '42501',
                  DETAIL = 'Reading it would run code that a role other than the binder wrote, with the binder''s rights.',
                  HINT = 'The binding reads relations, functions and types of the caller and of superusers; name the roles that own the data set and its views in {"trusted_owners": ["loader"]} when they are to be trusted, or bind a copy the caller owns. A table with row-level security is never read.';
    END IF;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_source_relation(regclass, oid[], text) IS
'Internal: for bind_data_set and refresh_data_set: raises 42501 naming the problem when source_relation_problem finds one';

-- The reports a stored binding stores for every provider: those whose
-- statement declares it (its "stored:" header, data_model.storage), each
-- stored once the statement has run (made_at_step).
CREATE FUNCTION iapt_ews.stored_reports(OUT report text, OUT made_at_step integer, OUT storage jsonb)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT o.object_name, o.step, o.storage
FROM iapt_ews.data_model_objects() o
WHERE o.storage IS NOT NULL AND o.layer = 'reports'
ORDER BY o.step
$function$;
COMMENT ON FUNCTION iapt_ews.stored_reports() IS
'Internal: the reports bind_data_set stores for every provider (those whose statement declares its storage, data_model.storage), the step after which each is stored, and the declaration';

-- The rows of a binding's data_set_codes, from its options: the attended
-- and treatment codes given (or NHS England's: AttendOrDNACode 5 and 6,
-- AppType 02, 03 and 05), and the assessment tools the extension knows,
-- with those the options add or re-map.
CREATE FUNCTION iapt_ews.data_set_code_rows(options jsonb, OUT code_list text, OUT code text, OUT meaning text)
RETURNS SETOF record
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT 'attended', iapt_ews.national_code('AttendOrDNACode', c), NULL
FROM unnest(CASE WHEN options ? 'attended_codes' THEN ARRAY(SELECT jsonb_array_elements_text(options->'attended_codes'))
                 ELSE ARRAY['5', '6'] END) c
UNION
SELECT 'treatment', iapt_ews.national_code('AppType', c), NULL
FROM unnest(CASE WHEN options ? 'treatment_codes' THEN ARRAY(SELECT jsonb_array_elements_text(options->'treatment_codes'))
                 ELSE ARRAY['02', '03', '05'] END) c
UNION
SELECT 'assessment', a.snomed_code, a.measure FROM iapt_ews.assessment_tool_codes a
WHERE NOT coalesce(options->'assessment_codes', '{}') ? a.snomed_code
UNION
SELECT 'assessment', btrim(e.key), lower(e.value) FROM jsonb_each_text(coalesce(options->'assessment_codes', '{}')) e
$function$;
COMMENT ON FUNCTION iapt_ews.data_set_code_rows(jsonb) IS
'Internal: for bind_data_set: the rows of a binding''s data_set_codes from its options (attended_codes, treatment_codes, assessment_codes), NHS England''s codes where an option is not given';

-- Where the binding reads each column of the data set: the relation of
-- each table (found case-insensitively, or as options.tables names it)
-- and the column of each column (found case-insensitively by NHS
-- England's name, or as options.columns names it: that exact name when
-- the relation has it, else case-insensitively). An optional table
-- (IDS004empstatus, IDS202careactivity, IDS603presentingcomplaints) that
-- the schema does not hold and the options do not name has no relation:
-- its rows are absent. Checks options.tables and options.columns (22023,
-- 42703 naming the value); runs no code of the source (catalogue only).
CREATE FUNCTION iapt_ews.data_set_sources(source_schema name, options jsonb,
    OUT table_name text, OUT relation regclass, OUT column_name text, OUT source_column name,
    OUT logical_name text, OUT logical_type text, OUT mapped boolean)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    optional_tables constant text[] := ARRAY['IDS004empstatus', 'IDS202careactivity', 'IDS603presentingcomplaints'];
    example constant text := '{"columns": {"IDS101referral": {"ServDischDate": "discharge_dt"}}}';
    source_oid oid;
    tables jsonb := '{}';
    columns jsonb := '{}';
    k text;
    v jsonb;
    ck text;
    cv jsonb;
    canonical text;
    canonical_column text;
    data_set_table text;
    found_table regclass;
    found_column name;
    twins integer;
    spec record;
    wanted text;
BEGIN
    SELECT n.oid INTO source_oid FROM pg_namespace n WHERE n.nspname = source_schema;
    IF source_oid IS NULL THEN
        RAISE EXCEPTION 'schema "%" does not exist', source_schema
            USING ERRCODE = '3F000', HINT = 'source_schema is the schema that holds the data set''s tables.';
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(coalesce(options->'tables', '{}')) LOOP
        IF NOT EXISTS (SELECT 1 FROM iapt_ews.data_set_columns() c WHERE lower(c.table_name) = lower(k))
           OR jsonb_typeof(v) <> 'string' THEN
            RAISE EXCEPTION 'option tables: "%" is not a data set table mapped to a table name', k
                USING ERRCODE = '22023',
                      HINT = 'Data set tables are: ' || (SELECT string_agg(DISTINCT c.table_name, ', ') FROM iapt_ews.data_set_columns() c) || '.';
        END IF;
        tables := tables || jsonb_build_object(lower(k), v);
    END LOOP;
    -- options.columns: {"<data set table>": {"<data set column>": "<column>"}},
    -- both keys found case-insensitively, each at most once.
    FOR k, v IN SELECT * FROM jsonb_each(coalesce(options->'columns', '{}')) ORDER BY 1 LOOP
        SELECT min(c.table_name) INTO canonical FROM iapt_ews.data_set_columns() c WHERE lower(c.table_name) = lower(k);
        IF canonical IS NULL THEN
            RAISE EXCEPTION 'option columns: "%" is not a data set table', k
                USING ERRCODE = '22023',
                      HINT = 'Data set tables are: ' || (SELECT string_agg(DISTINCT c.table_name, ', ') FROM iapt_ews.data_set_columns() c)
                             || format('. For example %s.', example);
        END IF;
        IF columns ? lower(canonical) THEN
            RAISE EXCEPTION 'option columns names data set table % twice (as "%" and in another case)', canonical, k
                USING ERRCODE = '22023', HINT = 'Give each table''s columns in one object.';
        END IF;
        IF jsonb_typeof(v) <> 'object' THEN
            RAISE EXCEPTION 'option columns: "%" must map data set columns to column names (a JSON object), not %', k, v
                USING ERRCODE = '22023', HINT = format('For example %s.', example);
        END IF;
        columns := columns || jsonb_build_object(lower(canonical), '{}'::jsonb);
        FOR ck, cv IN SELECT * FROM jsonb_each(v) ORDER BY 1 LOOP
            SELECT min(c.column_name) INTO canonical_column FROM iapt_ews.data_set_columns() c
            WHERE c.table_name = canonical AND lower(c.column_name) = lower(ck);
            IF canonical_column IS NULL THEN
                RAISE EXCEPTION 'option columns: "%" is not a column of data set table %', ck, canonical
                    USING ERRCODE = '22023',
                          HINT = format('The columns of %s the binding reads are: %s.', canonical,
                                        (SELECT string_agg(c.column_name, ', ' ORDER BY o)
                                         FROM iapt_ews.data_set_columns() WITH ORDINALITY c(table_name, column_name, logical_name, logical_type, required, o)
                                         WHERE c.table_name = canonical));
            END IF;
            IF columns->lower(canonical) ? lower(canonical_column) THEN
                RAISE EXCEPTION 'option columns names %.% twice (as "%" and in another case)', canonical, canonical_column, ck
                    USING ERRCODE = '22023';
            END IF;
            IF jsonb_typeof(cv) <> 'string' OR cv #>> '{}' = '' OR octet_length(cv #>> '{}') > 63 THEN
                RAISE EXCEPTION 'option columns: %.% must be mapped to a column name (a JSON string of 1 to 63 bytes), not %',
                                canonical, canonical_column, cv
                    USING ERRCODE = '22023', HINT = format('For example %s.', example);
            END IF;
            columns := jsonb_set(columns, ARRAY[lower(canonical), lower(canonical_column)], cv);
        END LOOP;
    END LOOP;

    FOR data_set_table IN SELECT DISTINCT c.table_name FROM iapt_ews.data_set_columns() c ORDER BY 1 LOOP
        -- A table named in options.tables is that exact name when it exists;
        -- otherwise the name is matched case-insensitively, and two
        -- relations that match (an upper-case twin of a lower-case table)
        -- are refused rather than one picked.
        SELECT cl.oid::regclass INTO found_table
        FROM pg_class cl
        WHERE cl.relnamespace = source_oid AND cl.relname = tables->>lower(data_set_table);
        IF found_table IS NULL THEN
            SELECT count(*) INTO twins
            FROM pg_class cl
            WHERE cl.relnamespace = source_oid AND cl.relkind IN ('r', 'v', 'm', 'f', 'p')
              AND lower(cl.relname) = lower(coalesce(tables->>lower(data_set_table), data_set_table));
            IF twins > 1 THEN
                RAISE EXCEPTION 'data set table % matches % relations of schema "%" case-insensitively', data_set_table, twins, source_schema
                    USING ERRCODE = '42501',
                          DETAIL = 'Another role could add a twin of a table''s name in other case to be read in its place.',
                          HINT = format('Name the one to read exactly with {"tables": {"%s": "<exact name>"}}.', data_set_table);
            END IF;
            SELECT cl.oid::regclass INTO found_table
            FROM pg_class cl
            WHERE cl.relnamespace = source_oid AND cl.relkind IN ('r', 'v', 'm', 'f', 'p')
              AND lower(cl.relname) = lower(coalesce(tables->>lower(data_set_table), data_set_table));
        END IF;
        IF found_table IS NULL AND data_set_table = ANY (optional_tables)
           AND NOT tables ? lower(data_set_table) AND NOT columns ? lower(data_set_table) THEN
            -- Absent: its columns, read from nowhere.
            RETURN QUERY SELECT data_set_table, NULL::regclass, c.column_name, NULL::name, c.logical_name, c.logical_type, false
                FROM iapt_ews.data_set_columns() WITH ORDINALITY c(table_name, column_name, logical_name, logical_type, required, o)
                WHERE c.table_name = data_set_table ORDER BY c.o;
            CONTINUE;
        END IF;
        IF found_table IS NULL THEN
            RAISE EXCEPTION 'data set table % not found in schema "%"', data_set_table, source_schema
                USING ERRCODE = '42P01',
                      HINT = format('Looked for %s case-insensitively; name another table with {"tables": {"%s": "..."}}.',
                                    coalesce(tables->>lower(data_set_table), data_set_table), data_set_table)
                             || CASE WHEN data_set_table = ANY (optional_tables)
                                     THEN ' It is optional, but not when the options name it or its columns.' ELSE '' END;
        END IF;
        FOR spec IN SELECT c.* FROM iapt_ews.data_set_columns() WITH ORDINALITY c(table_name, column_name, logical_name, logical_type, required, o)
                    WHERE c.table_name = data_set_table ORDER BY c.o LOOP
            wanted := columns->lower(data_set_table)->>lower(spec.column_name);
            found_column := NULL;
            IF wanted IS NULL THEN
                SELECT a.attname INTO found_column FROM pg_attribute a
                WHERE a.attrelid = found_table AND a.attnum > 0 AND NOT a.attisdropped
                  AND lower(a.attname) = lower(spec.column_name)
                ORDER BY (a.attname = spec.column_name) DESC, a.attnum LIMIT 1;
                IF found_column IS NULL AND spec.required THEN
                    RAISE EXCEPTION 'column %.% of the data set not found in %', data_set_table, spec.column_name, found_table
                        USING ERRCODE = '42703',
                              HINT = format('Columns are found case-insensitively by NHS England''s names (iapt_ews.data_set_columns); name another with {"columns": {"%s": {"%s": "<column>"}}}.',
                                            data_set_table, spec.column_name);
                END IF;
            ELSE
                -- The name as given (compared as text: a name is never cut to
                -- fit), else the one column that matches it in any case.
                SELECT a.attname INTO found_column FROM pg_attribute a
                WHERE a.attrelid = found_table AND a.attnum > 0 AND NOT a.attisdropped AND a.attname::text = wanted;
                IF found_column IS NULL THEN
                    SELECT min(a.attname), count(*) INTO found_column, twins FROM pg_attribute a
                    WHERE a.attrelid = found_table AND a.attnum > 0 AND NOT a.attisdropped AND lower(a.attname::text) = lower(wanted);
                    IF twins > 1 THEN
                        RAISE EXCEPTION 'option columns maps %.% to "%", which matches % columns of % case-insensitively',
                                        data_set_table, spec.column_name, wanted, twins, found_table
                            USING ERRCODE = '42703', HINT = 'Name the column exactly, in its own case.';
                    END IF;
                END IF;
                IF found_column IS NULL THEN
                    RAISE EXCEPTION 'option columns maps %.% to column "%", which % does not have', data_set_table, spec.column_name, wanted, found_table
                        USING ERRCODE = '42703',
                              HINT = format('The columns of %s are: %s.', found_table,
                                            coalesce((SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                                                      WHERE a.attrelid = found_table AND a.attnum > 0 AND NOT a.attisdropped), 'none'));
                END IF;
            END IF;
            table_name := data_set_table;
            relation := found_table;
            column_name := spec.column_name;
            source_column := found_column;
            logical_name := spec.logical_name;
            logical_type := spec.logical_type;
            mapped := wanted IS NOT NULL;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.data_set_sources(name, jsonb) IS
'Internal: for bind_data_set and refresh_data_set: where each column of the data set is read from in source_schema: its relation (options.tables, or NHS England''s name case-insensitively; NULL for an optional table IDS004empstatus, IDS202careactivity or IDS603presentingcomplaints the schema does not hold and the options do not name) and its column (options.columns, exact or in any case, or NHS England''s name; NULL for an absent optional column), whether options.columns mapped it; 22023 or 42703 naming a bad mapping, 42P01 for a missing table, 42501 for twin names';

-- What a binding without an optional table does to the reports: a report
-- with a variant for the absence of the relation the table gives
-- (care_activity for IDS202: intensity_recorded, contact_intensity) is
-- made as that variant (key_metrics then shows no appointments by
-- intensity, as for a model without care_activity); every other report
-- that reads that relation (employment_status for IDS004, care_activity
-- for IDS202), and every report that reads one of those, is made empty.
-- IDS603 gives no relation of its own (only referral's provisional
-- diagnosis, NULL without it) and empties none.
CREATE FUNCTION iapt_ews.data_set_absent_effects(absent_tables text[],
    OUT table_name text, OUT report text, OUT step integer, OUT variant_step integer)
RETURNS SETOF record
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    relation_of constant jsonb := '{"IDS004empstatus": "employment_status", "IDS202careactivity": "care_activity"}';
    model iapt_ews.model_statement[] := ARRAY(SELECT o FROM iapt_ews.data_model_objects() o WHERE o.layer = 'reports');
    absent_table text;
    relation text;
    emptied text[];
    more text[];
BEGIN
    FOREACH absent_table IN ARRAY absent_tables LOOP
        relation := relation_of->>absent_table;
        CONTINUE WHEN relation IS NULL;
        RETURN QUERY SELECT absent_table, o.object_name, o.step, o.step
            FROM unnest(model) o WHERE o.variant_condition = relation || ' absent' ORDER BY o.step;
        emptied := '{}';
        more := ARRAY(SELECT DISTINCT o.object_name FROM unnest(model) o
                      WHERE relation = ANY (o.reads)
                        AND NOT EXISTS (SELECT 1 FROM unnest(model) x
                                        WHERE x.object_name = o.object_name
                                          AND x.variant_condition IN (relation || ' present', relation || ' absent')));
        WHILE cardinality(more) > 0 LOOP
            emptied := emptied || more;
            more := ARRAY(SELECT DISTINCT o.object_name FROM unnest(model) o
                          WHERE o.reads && emptied AND NOT o.object_name = ANY (emptied));
        END LOOP;
        RETURN QUERY SELECT absent_table, o.object_name, min(o.step)::integer, NULL::integer
            FROM unnest(model) o WHERE o.object_name = ANY (emptied)
            GROUP BY o.object_name ORDER BY 3;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.data_set_absent_effects(text[]) IS
'Internal: for bind_data_set and refresh_data_set: for each absent optional table, the reports made as their variant for the absence of the relation it gives (variant_step: care_activity absent for IDS202) and those made empty (variant_step NULL: every report that reads employment_status for IDS004 or care_activity for IDS202, and every report that reads one of those); none for IDS603';

-- A report made empty where it stands: the same columns of the same
-- types, no rows, reading nothing; its dependents keep working.
CREATE FUNCTION iapt_ews.empty_report(report regclass, reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    select_list text;
BEGIN
    SELECT string_agg(format('NULL::%s%s AS %I', format_type(a.atttypid, a.atttypmod),
                             CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                                  THEN ' COLLATE ' || (SELECT format('%I.%I', n.nspname, c.collname)
                                                       FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
                                                       WHERE c.oid = a.attcollation)
                                  ELSE '' END,
                             a.attname), ', ' ORDER BY a.attnum)
    INTO select_list
    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attrelid = report AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('CREATE OR REPLACE VIEW %s WITH (security_barrier = true) AS SELECT %s WHERE false', report, select_list);
    EXECUTE format('COMMENT ON VIEW %s IS %L', report,
                   rtrim(coalesce(obj_description(report, 'pg_class'), ''), '.') || '. Empty in this binding: ' || reason);
END
$function$;
COMMENT ON FUNCTION iapt_ews.empty_report(regclass, text) IS
'Internal: for bind_data_set: replaces a report view by an empty one of the same columns and types that reads nothing, and says why in its comment';

-- A report made again as another of its variants (the one for a missing
-- relation) where it stands, with that variant's comments: the variants
-- of an object have the same columns, so its dependents keep working.
CREATE FUNCTION iapt_ews.remake_report_variant(target_schema name, variant_step integer)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    statement text;
    builder_path constant text := current_setting('search_path');
BEGIN
    SELECT o.definition INTO statement FROM iapt_ews.data_model_objects() o
    WHERE o.step = variant_step AND o.variant_condition IS NOT NULL AND o.object_kind = 'view';
    IF statement IS NULL OR statement !~ '\mCREATE VIEW\M' THEN
        RAISE EXCEPTION 'step % of the data model is not a variant view', variant_step USING ERRCODE = '22023';
    END IF;
    PERFORM set_config('search_path', concat_ws(', ', quote_ident(target_schema), 'pg_temp'), true);
    EXECUTE regexp_replace(statement, '\mCREATE VIEW\M', 'CREATE OR REPLACE VIEW');
    PERFORM set_config('search_path', builder_path, true);
END
$function$;
COMMENT ON FUNCTION iapt_ews.remake_report_variant(name, integer) IS
'Internal: for bind_data_set: makes a report again, where it stands, as the variant of the data model at variant_step (CREATE OR REPLACE VIEW, with that statement''s comments)';

-- The reports a binding's absent tables change, changed as
-- data_set_absent_effects says, those that are there and not done yet.
CREATE FUNCTION iapt_ews.apply_absent_effects(target_schema name, source_schema name, absent_tables text[], done text[])
RETURNS text[]
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    effect record;
    report regclass;
BEGIN
    FOR effect IN SELECT * FROM iapt_ews.data_set_absent_effects(absent_tables) e ORDER BY e.step LOOP
        CONTINUE WHEN effect.report = ANY (done);
        report := to_regclass(format('%I.%I', target_schema, effect.report));
        CONTINUE WHEN report IS NULL;
        IF effect.variant_step IS NOT NULL THEN
            PERFORM iapt_ews.remake_report_variant(target_schema, effect.variant_step);
        ELSE
            PERFORM iapt_ews.empty_report(report,
                format('it needs data set table %s, which schema %I does not hold (iapt_ews.bind_data_set)', effect.table_name, source_schema));
        END IF;
        done := done || effect.report;
    END LOOP;
    RETURN done;
END
$function$;
COMMENT ON FUNCTION iapt_ews.apply_absent_effects(name, name, text[], text[]) IS
'Internal: for bind_data_set: makes the reports of target_schema that the absent tables change (data_set_absent_effects) as their variant or empty, skipping those in done or not made yet; returns done with those it changed';

-- The NOTICE of a binding without an optional table: which, and what it
-- changes.
CREATE FUNCTION iapt_ews.notice_absent_tables(source_schema name, absent_tables text[])
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    without constant jsonb := '{
        "IDS004empstatus": "no referral has an employment status record",
        "IDS202careactivity": "no contact has a procedure (the employment-support procedure, the intensity of an appointment)",
        "IDS603presentingcomplaints": "no referral has a provisional diagnosis: recovery from an anxiety disorder is measured on GAD-7, never a disorder-specific measure"}';
    absent_table text;
    emptied text;
    variants text;
BEGIN
    FOREACH absent_table IN ARRAY absent_tables LOOP
        SELECT string_agg(e.report, ', ' ORDER BY e.step) FILTER (WHERE e.variant_step IS NULL),
               string_agg(e.report, ', ' ORDER BY e.step) FILTER (WHERE e.variant_step IS NOT NULL)
        INTO emptied, variants
        FROM iapt_ews.data_set_absent_effects(ARRAY[absent_table]) e;
        RAISE NOTICE 'data set table % is not in schema "%": bound without it, %', absent_table, source_schema, without->>absent_table
            USING DETAIL = concat_ws(' ',
                      format('Empty: ds_%s and the reports that need it: %s.', lower(absent_table), coalesce(emptied, 'none')),
                      CASE WHEN variants IS NOT NULL
                           THEN format('Made as without %s: %s.', 'care_activity', variants) END),
                  HINT = 'When the table is loaded, bind again into a new schema (refresh_data_set does not read a table the binding was made without).';
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.notice_absent_tables(name, text[]) IS
'Internal: for bind_data_set and refresh_data_set: a NOTICE for each absent optional table naming it, what its absence means and the reports it empties';

CREATE FUNCTION iapt_ews.bind_data_set(target_schema name, source_schema name, options jsonb DEFAULT '{}')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    accepted_options constant jsonb := '{"tables": "object", "columns": "object", "attended_codes": "array", "treatment_codes": "array",
        "assessment_codes": "object", "materialize": "boolean", "trusted_owners": "array"}';
    trusted oid[];
    sources jsonb;
    absent_tables text[] := '{}';
    emptied_reports text[] := '{}';
    done text[] := '{}';
    column_comments jsonb := '{}';
    k text;
    v jsonb;
    data_set_table text;
    found_table regclass;
    staging_views text[] := '{}';
    staging_statements text[] := '{}';
    logical text[];
    source_columns text[];
    types text[];
    labels text[];
    made regclass;
    bound text[] := '{}';
    store_step integer;
    stored_report text;
    storage jsonb;
    first_step integer := 0;
BEGIN
    -- Phase 1: the arguments.
    PERFORM iapt_ews.check_builder_arguments('bind_data_set', target_schema, options, accepted_options);
    IF source_schema IS NULL THEN
        RAISE EXCEPTION 'source_schema must not be NULL' USING ERRCODE = '22004';
    END IF;
    FOREACH k IN ARRAY ARRAY['attended_codes', 'treatment_codes'] LOOP
        IF options ? k AND (jsonb_array_length(options->k) = 0
                            OR EXISTS (SELECT 1 FROM jsonb_array_elements(options->k) e WHERE jsonb_typeof(e) <> 'string')) THEN
            RAISE EXCEPTION 'option % must be a non-empty array of codes (strings), not %', k, options->k
                USING ERRCODE = '22023';
        END IF;
        -- Each code must be one of its national list.
        SELECT e INTO data_set_table FROM jsonb_array_elements_text(coalesce(options->k, '[]')) e
        WHERE NOT iapt_ews.is_known_code(CASE k WHEN 'attended_codes' THEN 'AttendOrDNACode' ELSE 'AppType' END, e)
        LIMIT 1;
        IF data_set_table IS NOT NULL THEN
            RAISE EXCEPTION 'option % holds "%", which is not a code of %', k, data_set_table,
                            CASE k WHEN 'attended_codes' THEN 'AttendOrDNACode' ELSE 'AppType' END
                USING ERRCODE = '22023', HINT = 'The national codes are listed in iapt_ews.national_codes.';
        END IF;
        data_set_table := NULL;
    END LOOP;
    IF options ? 'assessment_codes' AND EXISTS (SELECT 1 FROM jsonb_each(options->'assessment_codes') e
                   WHERE jsonb_typeof(e.value) <> 'string'
                      OR NOT EXISTS (SELECT 1 FROM iapt_ews.measures m WHERE m.code = lower(e.value #>> '{}'))) THEN
        RAISE EXCEPTION 'option assessment_codes must map SNOMED CT codes to measure codes, not %', options->'assessment_codes'
            USING ERRCODE = '22023',
                  HINT = 'For example {"assessment_codes": {"<SNOMED CT id>": "spin"}}; measures are listed in iapt_ews.measures.';
    END IF;
    IF options ? 'trusted_owners'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(options->'trusted_owners') e WHERE jsonb_typeof(e) <> 'string') THEN
        RAISE EXCEPTION 'option trusted_owners must be an array of role names, not %', options->'trusted_owners'
            USING ERRCODE = '22023', HINT = 'For example {"trusted_owners": ["warehouse_loader"]}.';
    END IF;
    trusted := iapt_ews.binding_trusted_roles(ARRAY(SELECT jsonb_array_elements_text(coalesce(options->'trusted_owners', '[]'))));

    -- Phase 2: find every table (case-insensitively, or as options.tables
    -- names it) and every column (likewise, or as options.columns names
    -- it), and check the caller may read them (iapt_ews.data_set_sources).
    SELECT jsonb_agg(jsonb_build_object('table_name', s.table_name, 'relation', s.relation::oid, 'column_name', s.column_name,
                                        'source_column', s.source_column, 'logical_name', s.logical_name,
                                        'logical_type', s.logical_type, 'mapped', s.mapped))
    INTO sources FROM iapt_ews.data_set_sources(source_schema, options) s;
    FOR data_set_table, found_table IN
        SELECT DISTINCT s.table_name, s.relation::regclass
        FROM jsonb_to_recordset(sources) s(table_name text, relation oid) ORDER BY 1 LOOP
        k := 'ds_' || lower(data_set_table);
        SELECT array_agg(s.logical_name ORDER BY s.o), array_agg(s.source_column ORDER BY s.o), array_agg(s.logical_type ORDER BY s.o),
               array_agg(s.column_name ORDER BY s.o),
               jsonb_object_agg(s.logical_name,
                   CASE WHEN found_table IS NULL
                        THEN format('%s.%s: the table is not in schema %I, so no rows', data_set_table, s.column_name, source_schema)
                        WHEN s.source_column IS NULL
                        THEN format('%s.%s: not in %s, so NULL', data_set_table, s.column_name, found_table)
                        ELSE format('%s.%s: column %I of %s%s, read as %s (converted without raising)', data_set_table, s.column_name,
                                    s.source_column, found_table, CASE WHEN s.mapped THEN ' (options.columns)' ELSE '' END, s.logical_type)
                   END)
        INTO logical, source_columns, types, labels, v
        FROM (SELECT e.x->>'table_name' AS table_name, e.x->>'column_name' AS column_name, e.x->>'source_column' AS source_column,
                     e.x->>'logical_name' AS logical_name, e.x->>'logical_type' AS logical_type, (e.x->>'mapped')::boolean AS mapped, e.o
              FROM jsonb_array_elements(sources) WITH ORDINALITY e(x, o)) s
        WHERE s.table_name = data_set_table;
        -- One more column: the values of the row that did not convert
        -- (warehouse_select_list), which data_set_problem counts.
        column_comments := column_comments || jsonb_build_object(k, v || jsonb_build_object('unusable_values',
            CASE WHEN found_table IS NULL THEN format('The values of %s that did not convert: none, as the table is not in schema %I', data_set_table, source_schema)
                 ELSE format('The values of this row of %s that are there (not NULL, not blank) but did not convert, by data set column, with why and the value cut to 20 characters ({"ServDischDate": "not a date of 1990-2099: 31/02/2024"}); NULL when none. Counted in data_quality', data_set_table) END));
        staging_views := staging_views || k;
        IF found_table IS NULL THEN
            -- Absent (an optional table): the columns it would have, of
            -- their types, no rows, reading nothing.
            absent_tables := absent_tables || data_set_table;
            staging_statements := staging_statements
                || format('CREATE VIEW %I.%I WITH (security_barrier = true) AS SELECT %s WHERE false', target_schema, k,
                          (SELECT string_agg(format('NULL::pg_catalog.%s AS %I',
                                                    CASE t.type WHEN 'integer' THEN 'int4' WHEN 'boolean' THEN 'bool' ELSE t.type END,
                                                    t.name), ', ' ORDER BY t.o)
                           FROM unnest(logical, types) WITH ORDINALITY t(name, type, o)) || ', NULL::pg_catalog.jsonb AS unusable_values');
            CONTINUE;
        END IF;
        PERFORM iapt_ews.check_source_relation(found_table, trusted, data_set_table);
        IF NOT has_table_privilege(found_table, 'SELECT') THEN
            RAISE EXCEPTION 'permission denied to read % (data set table %)', found_table, data_set_table
                USING ERRCODE = '42501', HINT = 'bind_data_set runs with the caller''s rights: it needs SELECT on the data set''s tables.';
        END IF;
        -- Run in phase 4, once the schema has passed its checks.
        staging_statements := staging_statements
            || format('CREATE VIEW %I.%I WITH (security_barrier = true) AS SELECT %s FROM %s s',
                      target_schema, k, iapt_ews.warehouse_select_list(found_table, logical, source_columns, types, labels), found_table);
    END LOOP;
    emptied_reports := ARRAY(SELECT e.report FROM iapt_ews.data_set_absent_effects(absent_tables) e
                             WHERE e.variant_step IS NULL ORDER BY e.step);

    -- Phase 3: the target schema may hold nothing of another role's and
    -- none of what is made here, and no other role may create in it.
    PERFORM iapt_ews.check_builder_schema(target_schema,
        staging_views
        || ARRAY(SELECT o.object_name FROM iapt_ews.data_model_objects() o
                 WHERE o.layer = ANY (ARRAY['binding_tables', 'reference_tables', 'bound_relations', 'reports']))
        || ARRAY(SELECT o.object_name || '_live' FROM iapt_ews.data_model_objects() o
                 WHERE o.layer = 'bound_relations')
        || ARRAY(SELECT r.report || suffix FROM iapt_ews.stored_reports() r, unnest(ARRAY['_live', '_all']) suffix));
    IF NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = target_schema) THEN
        EXECUTE format('CREATE SCHEMA %I', target_schema);
    END IF;

    -- Phase 4: the ds_ views and the code lists the rules read.
    FOR i IN 1 .. cardinality(staging_views) LOOP
        k := staging_views[i];
        EXECUTE staging_statements[i];
        EXECUTE format('COMMENT ON VIEW %I.%I IS %L', target_schema, k,
                       CASE WHEN k = ANY (ARRAY(SELECT 'ds_' || lower(a) FROM unnest(absent_tables) a))
                            THEN format('Staging: empty, as the data set table %s is not in schema %I: its columns, of their types, and no rows (made by iapt_ews.bind_data_set)',
                                        (SELECT a FROM unnest(absent_tables) a WHERE 'ds_' || lower(a) = k), source_schema)
                            ELSE 'Staging: the data set table, columns renamed to lower case and converted without raising (made by iapt_ews.bind_data_set)' END);
        -- Each column says where it comes from.
        FOR data_set_table, v IN SELECT * FROM jsonb_each(column_comments->k) LOOP
            EXECUTE format('COMMENT ON COLUMN %I.%I.%I IS %L', target_schema, k, data_set_table, v #>> '{}');
        END LOOP;
        RETURN NEXT format('%I.%I', target_schema, k)::regclass;
    END LOOP;
    -- The binding's own tables (sql/model/data_set/010-, 012-): the code
    -- lists, filled from the options, and what the binding was made from.
    FOR made IN SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['binding_tables'], staging_views) LOOP
        RETURN NEXT made;
    END LOOP;
    EXECUTE format('INSERT INTO %I.data_set_codes SELECT * FROM iapt_ews.data_set_code_rows(%L)', target_schema, options);
    EXECUTE format('INSERT INTO %I.data_set_binding VALUES (%L, %L, %L, %L, %L, %L, CURRENT_USER, now())', target_schema,
                   source_schema, ARRAY(SELECT jsonb_array_elements_text(coalesce(options->'trusted_owners', '[]'))),
                   options, absent_tables, emptied_reports, (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'iapt_ews'));
    PERFORM iapt_ews.notice_absent_tables(source_schema, absent_tables);

    -- Phase 5: the reference tables, then the model's relations over the
    -- ds_ views. Unless the caller asked for live views, each bound
    -- relation is stored (materialized, indexed, analysed) as soon as it is
    -- made, with its view beside it as <name>_live, so that the next one
    -- reads the stored one: with its statistics, not the estimates of a
    -- chain of views over expressions, which planned nested loops that ran
    -- for minutes (the referral key's joins).
    FOR made IN SELECT * FROM iapt_ews.run_model_statements(target_schema,
            ARRAY['reference_tables'], staging_views || ARRAY['data_set_codes']) LOOP
        bound := bound || (SELECT c.relname::text FROM pg_class c WHERE c.oid = made);
        RETURN NEXT made;
    END LOOP;
    FOR store_step IN SELECT o.step FROM iapt_ews.data_model_objects() o
                      WHERE o.layer = 'bound_relations' ORDER BY o.step LOOP
        FOR made IN SELECT * FROM iapt_ews.run_model_statements(target_schema,
                ARRAY['bound_relations'], staging_views || ARRAY['data_set_codes'] || bound, store_step, store_step) LOOP
            bound := bound || (SELECT c.relname::text FROM pg_class c WHERE c.oid = made);
            RETURN NEXT made;
            IF coalesce((options->>'materialize')::boolean, true) THEN
                RETURN QUERY SELECT * FROM iapt_ews.store_bound_relation(target_schema,
                    (SELECT c.relname FROM pg_class c WHERE c.oid = made));
            END IF;
        END LOOP;
    END LOOP;

    -- Phase 7: every report, over the stored or the live relations. When
    -- stored, referral_outcome is stored too once it is made (step 300),
    -- and the reports after it read the stored one through its provider
    -- filter.
    -- A report that needs an absent table is made empty (or as its
    -- variant for that absence) as soon as it is made, before it is stored
    -- (iapt_ews.apply_absent_effects).
    IF NOT coalesce((options->>'materialize')::boolean, true) THEN
        RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['reports'],
            staging_views || ARRAY['data_set_codes'] || bound);
        done := iapt_ews.apply_absent_effects(target_schema, source_schema, absent_tables, done);
        PERFORM iapt_ews.record_model_build(target_schema, 'bind_data_set', options);
        RETURN;
    END IF;
    -- Each report of iapt_ews.stored_reports() is stored for every provider once it
    -- is made (iapt_ews.store_for_every_provider, from the statement's
    -- declaration), and the reports after it read the provider filter over
    -- the stored rows, made under the report's name.
    FOR stored_report, store_step, storage IN SELECT * FROM iapt_ews.stored_reports() LOOP
        FOR made IN SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['reports'],
                staging_views || ARRAY['data_set_codes'] || bound, first_step, store_step) LOOP
            bound := bound || (SELECT c.relname::text FROM pg_class c WHERE c.oid = made);
            RETURN NEXT made;
        END LOOP;
        done := iapt_ews.apply_absent_effects(target_schema, source_schema, absent_tables, done);
        IF stored_report = ANY (bound) THEN
            RETURN QUERY SELECT * FROM iapt_ews.store_for_every_provider(target_schema, stored_report, storage);
            bound := bound || (stored_report || '_all') || (stored_report || '_live');
        END IF;
        first_step := store_step + 1;
    END LOOP;
    RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['reports'],
        staging_views || ARRAY['data_set_codes'] || bound, first_step);
    done := iapt_ews.apply_absent_effects(target_schema, source_schema, absent_tables, done);
    PERFORM iapt_ews.record_model_build(target_schema, 'bind_data_set', options);
END
$function$;
COMMENT ON FUNCTION iapt_ews.bind_data_set(name, name, jsonb) IS
'Creates, in target_schema (created when missing), views over the NHS Talking Therapies Data Set''s national tables in source_schema (found case-insensitively by NHS England''s names; options.tables renames any table, options.columns any column; IDS004empstatus, IDS202careactivity and IDS603presentingcomplaints are optional: without one its ds_ view is empty, the reports that need it are made empty, a NOTICE names them and data_set_binding records them): the model''s referral, care_contact, care_activity, assessment_score and employment_status from the latest submissions, data_quality, the reference tables, every report and flag_reconciliation. options: tables ({"<data set table>": "<table>"}), columns ({"<data set table>": {"<data set column>": "<column>"}}, keys in any case, the column exact or in any case; an unknown table or column, a column the relation lacks or a value that is not a name of 1 to 63 bytes is refused with 22023 or 42703), attended_codes and treatment_codes (arrays of national codes), assessment_codes ({"<SNOMED CT id>": "<measure>"}), materialize (default true: the rows of the bound relations are stored in tables, brought up to date by iapt_ews.refresh_data_set, which no reader waits on; false: live views), trusted_owners (roles besides the caller and superusers whose relations, views, functions and types it may read: anything else, a table with row-level security, or a name matching two relations case-insensitively is refused with 42501); an unknown option or a value of the wrong JSON type is refused (22023), as by every builder. A referral is keyed by its provider''s submission: a PathwayID two providers send is two referrals (PathwayID@provider). Runs with the caller''s rights; refuses a schema that already holds them (42P07) or an object of another role (42501)';


-- The indexes a statement declares for its stored rows (the "stored:
-- index=" header, data_model.storage->'index': a list of indexes, each a
-- list of columns), made on the table that holds them.
CREATE FUNCTION iapt_ews.index_stored_relation(stored regclass, storage jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    key_columns jsonb;
BEGIN
    FOR key_columns IN SELECT jsonb_array_elements(coalesce(storage->'index', '[]')) LOOP
        EXECUTE format('CREATE INDEX ON %s (%s)', stored,
                       (SELECT string_agg(quote_ident(k), ', ') FROM jsonb_array_elements_text(key_columns) k));
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.index_stored_relation(regclass, jsonb) IS
'Internal: for bind_data_set: makes on a stored relation the indexes its statement declares (data_model.storage->''index'', from the "stored: index=" header: each index a list of columns)';

-- A bound relation stored: its view is renamed <name>_live and a table
-- of its rows takes its name, with indexes on the keys the reports join
-- on, and analysed. A table, not a materialized view: refresh_data_set
-- replaces its rows with DELETE and INSERT, which no reader waits on
-- (REFRESH MATERIALIZED VIEW locks out every reader until the commit).
-- Why: over the live views every report
-- recomputes the latest-submission joins and de-duplications of every
-- table it reads, and the planner has no statistics for the converted
-- columns of the ds_ views; the stored relations are computed once a
-- refresh and have real statistics (docs/scaling.md). bind_data_set
-- stores each as soon as it is made, so that the next relation's view
-- reads the stored one; refresh_data_set refreshes them in the same order.
CREATE FUNCTION iapt_ews.store_bound_relation(target_schema name, relation name)
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    live_name constant text := relation || '_live';
BEGIN
    EXECUTE format('ALTER VIEW %I.%I RENAME TO %I', target_schema, relation, live_name);
    EXECUTE format('CREATE TABLE %I.%I AS %s', target_schema, relation,
                   iapt_ews.stored_rows_query(target_schema, live_name, NULL));
    EXECUTE format('COMMENT ON TABLE %I.%I IS %L', target_schema, relation,
                   obj_description(format('%I.%I', target_schema, live_name)::regclass, 'pg_class')
                   || ' (stored: brought up to date by iapt_ews.refresh_data_set; the view is ' || live_name
                   || ', over the stored relations before it)');
    PERFORM iapt_ews.copy_column_comments(format('%I.%I', target_schema, live_name)::regclass,
                                          format('%I.%I', target_schema, relation)::regclass);
    -- The indexes its statement declares (its "stored: index=" header).
    PERFORM iapt_ews.index_stored_relation(format('%I.%I', target_schema, relation)::regclass,
        (SELECT o.storage FROM iapt_ews.data_model_objects() o
         WHERE o.layer = 'bound_relations' AND o.object_name = relation));
    EXECUTE format('ANALYZE %I.%I', target_schema, relation);
    -- (The view was returned when it was made.)
    RETURN NEXT format('%I.%I', target_schema, relation)::regclass;
END
$function$;
COMMENT ON FUNCTION iapt_ews.store_bound_relation(name, name) IS
'Internal: for bind_data_set: renames a bound relation''s view to <name>_live and stores its rows under its own name as an indexed, analysed table, which the bound relations made after it read';

-- The query whose rows a stored relation holds (at the binding and after
-- each refresh): its live view's rows, and for a report that declares
-- earlier_providers (referral_outcome) the providers of each referral's
-- earlier ones beside them. One text for bind_data_set and
-- refresh_data_set, so the two can never fill a relation differently.
CREATE FUNCTION iapt_ews.stored_rows_query(target_schema name, live_view name, earlier_providers text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN earlier_providers IS NULL
            THEN format('SELECT * FROM %I.%I', target_schema, live_view)
            ELSE format('SELECT o.*, e.earlier_providers FROM %1$I.%2$I o LEFT JOIN %1$I.referral_earlier_providers e ON e.pathway_id = o.pathway_id',
                        target_schema, live_view) END;
COMMENT ON FUNCTION iapt_ews.stored_rows_query(name, name, text) IS
'Internal: for bind_data_set and refresh_data_set: the query whose rows a stored relation holds: those of its live view (<name>_live), with earlier_providers (from referral_earlier_providers) when its report declares it';

-- A report stored for every provider, as its statement declares (the
-- "stored:" header, data_model.storage): the report as its owner sees it
-- (every provider) is stored in the table <report>_all, the live
-- view is renamed <report>_live, and the provider filter over the stored
-- rows takes the report's name. Why stored: the outcome of a referral and
-- the cells of the key metrics are the costliest computations of the
-- reports, and every report after them reads them. The filter, the stored
-- relation and the comments come from here, for every stored report.
CREATE FUNCTION iapt_ews.store_for_every_provider(target_schema name, report name, storage jsonb)
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    live_view regclass;
    stored regclass;
    mapping text := format('%I.provider_access', target_schema);
    repeat_column text := storage->>'earlier_providers';
    select_list text;
BEGIN
    IF storage->>'filter' IS NULL THEN
        RAISE EXCEPTION 'report % declares no provider filter for its storage', report
            USING ERRCODE = '22023', DETAIL = format('storage: %s', storage);
    END IF;
    -- Phase 1: the stored rows. With earlier_providers (referral_outcome's
    -- repeat_referral), each referral keeps the providers of the person's
    -- other referrals received in the year up to it, from which the filter
    -- works the flag out again for each caller's providers: no one learns
    -- of a referral to a provider they may not see.
    EXECUTE format('ALTER VIEW %I.%I RENAME TO %I', target_schema, report, report || '_live');
    live_view := format('%I.%I', target_schema, report || '_live')::regclass;
    EXECUTE format('CREATE TABLE %I.%I AS %s', target_schema, report || '_all',
                   iapt_ews.stored_rows_query(target_schema, report || '_live', repeat_column));
    stored := format('%I.%I', target_schema, report || '_all')::regclass;
    EXECUTE format('COMMENT ON TABLE %s IS %L', stored,
                   format('Stored: %s_live for every provider, brought up to date by iapt_ews.refresh_data_set. Not for readers: %s is the same rows filtered by provider_access', report, report));
    PERFORM iapt_ews.copy_column_comments(live_view, stored);
    IF repeat_column IS NOT NULL THEN
        EXECUTE format('COMMENT ON COLUMN %s.earlier_providers IS %L', stored,
                       'Providers of the person''s other referrals received in the 365 days up to this one (same-day referrals ordered by pathway_id); NULL when none');
    END IF;
    PERFORM iapt_ews.index_stored_relation(stored, storage);
    EXECUTE format('ANALYZE %s', stored);
    RETURN NEXT stored;

    -- Phase 2: the provider filter over the stored rows, under the
    -- report's name, with the live view's columns and comments.
    SELECT string_agg(CASE WHEN a.attname = repeat_column
                           THEN format('iapt_ews.any_provider_visible(s.earlier_providers, %L::regclass) AS %I', mapping, a.attname)
                           ELSE format('s.%I', a.attname) END, ', ' ORDER BY a.attnum)
    INTO select_list
    FROM pg_attribute a WHERE a.attrelid = live_view AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('CREATE VIEW %I.%I WITH (security_barrier = true) AS SELECT %s FROM %s s WHERE iapt_ews.provider_visible(%s, %L::regclass)',
                   target_schema, report, select_list, stored, storage->>'filter', mapping);
    EXECUTE format('COMMENT ON VIEW %I.%I IS %L', target_schema, report,
                   concat_ws(' ', rtrim(obj_description(live_view, 'pg_class'), '.') || '.',
                             format('As stored for every provider at the last iapt_ews.refresh_data_set (%s_all); rows of the providers provider_access grants the caller', report)));
    PERFORM iapt_ews.copy_column_comments(live_view, format('%I.%I', target_schema, report)::regclass);
    RETURN NEXT format('%I.%I', target_schema, report)::regclass;
END
$function$;
COMMENT ON FUNCTION iapt_ews.store_for_every_provider(name, name, jsonb) IS
'Internal: for bind_data_set: stores a report for every provider as its statement declares (data_model.storage): the table <report>_all (its rows from stored_rows_query, indexed as declared, analysed), the live view renamed <report>_live, and the provider filter over the stored rows under the report''s name, with the live view''s comments';

-- Every relation outside the schema that its ds_ views read, checked as
-- bind_data_set checked it, with the trusted roles it recorded.
CREATE FUNCTION iapt_ews.check_bound_sources(target_schema name)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    trusted oid[];
    source record;
    binding record;
    appeared text[];
BEGIN
    IF to_regclass(format('%I.data_set_binding', target_schema)) IS NULL THEN
        RAISE EXCEPTION 'schema "%" has no data_set_binding table', target_schema
            USING ERRCODE = '42P01', HINT = 'Bind the schema again with iapt_ews.bind_data_set.';
    END IF;
    EXECUTE format('SELECT iapt_ews.binding_trusted_roles(b.trusted_owners::text[]) FROM %I.data_set_binding b LIMIT 1', target_schema)
        INTO trusted;
    trusted := coalesce(trusted, iapt_ews.binding_trusted_roles('{}'));
    -- The tables and columns found again as the binding found them, with
    -- its recorded options (options.tables and options.columns): a mapped
    -- column renamed or gone (42703), a twin name (42501), or a table now
    -- another relation than the one the ds_ view reads (55000) stops the
    -- refresh. An optional table the binding was made without that is
    -- there now is read only by binding again (a NOTICE says so).
    EXECUTE format('SELECT b.source_schema, b.options, b.absent_tables FROM %I.data_set_binding b LIMIT 1', target_schema)
        INTO binding;
    IF binding.source_schema IS NOT NULL THEN
        FOR source IN
            SELECT DISTINCT s.table_name, s.relation FROM iapt_ews.data_set_sources(binding.source_schema, binding.options) s
            WHERE s.relation IS NOT NULL ORDER BY 1
        LOOP
            IF source.table_name = ANY (binding.absent_tables) THEN
                appeared := appeared || source.table_name;
            ELSIF NOT EXISTS (SELECT 1 FROM pg_class v
                              CROSS JOIN LATERAL iapt_ews.rule_dependencies(v.oid) d
                              WHERE v.oid = to_regclass(format('%I.%I', target_schema, 'ds_' || lower(source.table_name)))
                                AND d.refclassid = 'pg_class'::regclass AND d.refobjid = source.relation) THEN
                RAISE EXCEPTION 'data set table % is now % in schema "%", not the relation the binding reads', source.table_name,
                                source.relation, binding.source_schema
                    USING ERRCODE = '55000',
                          DETAIL = format('The view %I.%I reads another relation (renamed, or replaced since the binding).', target_schema, 'ds_' || lower(source.table_name)),
                          HINT = 'Bind again into a new schema to read the tables the schema holds now.';
            END IF;
        END LOOP;
        PERFORM iapt_ews.notice_absent_tables(binding.source_schema,
            ARRAY(SELECT a FROM unnest(binding.absent_tables) a WHERE NOT a = ANY (coalesce(appeared, '{}'))));
        IF appeared IS NOT NULL THEN
            RAISE NOTICE 'data set table % is now in schema "%", but this binding was made without it: its ds_ view and the reports that need it stay empty',
                         array_to_string(appeared, ', '), binding.source_schema
                USING HINT = 'Bind again into a new schema to read it (iapt_ews.bind_data_set; then drop this one).';
        END IF;
    END IF;
    FOR source IN
        SELECT DISTINCT d.refobjid::regclass AS relation, v.relname
        FROM pg_class v
        JOIN pg_namespace n ON n.oid = v.relnamespace AND n.nspname = target_schema
        CROSS JOIN LATERAL iapt_ews.rule_dependencies(v.oid) d
        JOIN pg_class s ON d.refclassid = 'pg_class'::regclass AND s.oid = d.refobjid AND s.relnamespace <> n.oid
        WHERE v.relname LIKE 'ds\_%' AND v.relkind = 'v'
        ORDER BY 1
    LOOP
        PERFORM iapt_ews.check_source_relation(source.relation, trusted, source.relname::text);
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_bound_sources(name) IS
'Internal: for refresh_data_set: finds the tables and columns again with the options the binding recorded (options.tables, options.columns: 42703, 42501 as bind_data_set; 55000 for a table that is now another relation than its ds_ view reads), says again which optional tables it was made without (a NOTICE, and one for such a table that is there now: bind again to read it), and checks every relation its ds_ views read, as bind_data_set did, with the trusted_owners it recorded (42501 naming the problem)';

-- The stored relations of a bound schema, in the order they are filled:
-- the bound relations in step order, then the reports stored for every
-- provider, which read them, each with the live view its rows come from.
CREATE FUNCTION iapt_ews.stored_relations(target_schema name)
RETURNS TABLE(relation regclass, live_view name, earlier_providers text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT x.relation, x.live_view, x.earlier_providers FROM (
        SELECT c.oid::regclass AS relation, (o.object_name || '_live')::name AS live_view,
               NULL::text AS earlier_providers, o.step::bigint AS ord
        FROM iapt_ews.data_model_objects() o
        JOIN pg_class c ON c.relname = o.object_name AND c.relkind = 'r'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = target_schema
        WHERE o.layer = 'bound_relations'
        UNION ALL
        SELECT c.oid::regclass, (r.report || '_live')::name, r.storage->>'earlier_providers',
               1000000 + r.made_at_step
        FROM iapt_ews.stored_reports() r
        JOIN pg_class c ON c.relname = r.report || '_all' AND c.relkind = 'r'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = target_schema) x
    ORDER BY x.ord;
END;
COMMENT ON FUNCTION iapt_ews.stored_relations(name) IS
'Internal: for refresh_data_set: the stored relations of a bound schema (the bound relations, then the reports stored for every provider), in the order they are filled, each with the live view its rows come from and, for referral_outcome_all, the column whose earlier providers it stores beside them';

-- The views a binding refreshes from that are gone: its ds_ view over each
-- data set table and the <name>_live view of each stored relation. A
-- source table dropped with CASCADE takes them with it (the stored tables
-- and the reports over them stay).
CREATE FUNCTION iapt_ews.lost_binding_views(target_schema name)
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(array_agg(g.view_name ORDER BY g.view_name), '{}')
    FROM (SELECT DISTINCT 'ds_' || lower(c.table_name) AS view_name FROM iapt_ews.data_set_columns() c
          UNION
          SELECT r.live_view FROM iapt_ews.stored_relations(target_schema) r) g
    WHERE to_regclass(format('%I.%I', target_schema, g.view_name)) IS NULL;
END;
COMMENT ON FUNCTION iapt_ews.lost_binding_views(name) IS
'The views a stored binding''s refresh reads from (its ds_ views and each stored relation''s <name>_live) that are gone, in name order, empty when none: a data set table dropped with CASCADE takes its ds_ view and those that read it; refresh_data_set then binds the schema again in place';

-- A binding made again in place, for refresh_data_set after a source
-- table was dropped with CASCADE and made again: bound afresh from the
-- source schema with the options it recorded, into a new schema that
-- then takes the old one's place, with what the DBA put in the old one
-- (the rows of its editable tables, the grants on the schema and its
-- relations). Refused when anything the binding did not make is in the
-- schema, or anything outside it reads it: dropping the old schema would
-- drop that too. Readers wait from the swap until the caller's
-- transaction ends (the new binding is made before it).
CREATE FUNCTION iapt_ews.bind_again(target_schema name)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    binding record;
    old_schema constant oid := to_regnamespace(quote_ident(target_schema));
    new_name constant name := left(target_schema, 40) || '_bind_again_' || txid_current();
    new_schema oid;
    others text;
    editable record;
    grant_row record;
    callers_messages constant text := current_setting('client_min_messages');
BEGIN
    EXECUTE format('SELECT b.source_schema, b.options FROM %I.data_set_binding b LIMIT 1', target_schema) INTO binding;
    -- Phase 1: the new binding, as the first was made.
    PERFORM count(*) FROM iapt_ews.bind_data_set(new_name, binding.source_schema, binding.options);
    new_schema := to_regnamespace(quote_ident(new_name));
    -- Phase 2: nothing in the old schema but what a binding makes, and
    -- nothing outside it that reads it.
    SELECT string_agg(format('%s %I', CASE WHEN x.kind = 'f' THEN 'function' ELSE 'relation' END, x.name), ', ' ORDER BY x.name)
    INTO others
    FROM (SELECT c.relname::text AS name, 'r' AS kind FROM pg_class c
          WHERE c.relnamespace = old_schema AND c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S')
            AND NOT EXISTS (SELECT 1 FROM pg_class n WHERE n.relnamespace = new_schema AND n.relname = c.relname)
          UNION ALL
          SELECT p.proname::text, 'f' FROM pg_proc p WHERE p.pronamespace = old_schema) x;
    IF others IS NOT NULL THEN
        RAISE EXCEPTION 'schema "%" holds what its binding did not make: %', target_schema, others
            USING ERRCODE = '2BP01',
                  DETAIL = 'Binding again in place drops the old schema, and that with it.',
                  HINT = 'Move them to a schema of their own, then refresh again; or bind again into a new schema yourself.';
    END IF;
    SELECT string_agg(DISTINCT v.oid::regclass::text, ', ') INTO others
    FROM pg_depend d
    JOIN pg_class s ON d.refclassid = 'pg_class'::regclass AND s.oid = d.refobjid AND s.relnamespace = old_schema
    JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
    JOIN pg_class v ON v.oid = r.ev_class AND v.relnamespace <> old_schema;
    IF others IS NOT NULL THEN
        RAISE EXCEPTION 'views outside schema "%" read its relations: %', target_schema, others
            USING ERRCODE = '2BP01',
                  DETAIL = 'Binding again in place drops the old schema, and they would go with it.',
                  HINT = 'Drop them, refresh, and make them again; or bind again into a new schema yourself.';
    END IF;
    -- Phase 3: what the DBA keeps in the old schema. The rows of the
    -- tables a DBA fills (provider_access, the reference tables, the code
    -- lists, the refresh log), in the columns both have.
    FOR editable IN
        SELECT o.object_name FROM iapt_ews.data_model_objects() o
        WHERE o.layer IN ('reference_tables', 'binding_tables') AND o.object_kind = 'table'
          AND o.object_name <> 'data_set_binding'
          AND to_regclass(format('%I.%I', target_schema, o.object_name)) IS NOT NULL
          AND to_regclass(format('%I.%I', new_name, o.object_name)) IS NOT NULL
        ORDER BY o.step
    LOOP
        -- The logs keep their history and the new binding's own row;
        -- the other tables are the DBA's rows, replacing the new ones.
        IF editable.object_name NOT IN ('model_build', 'data_set_refresh') THEN
            EXECUTE format('DELETE FROM %I.%I', new_name, editable.object_name);
        END IF;
        EXECUTE format('INSERT INTO %1$I.%3$I (%4$s) SELECT %4$s FROM %2$I.%3$I', new_name, target_schema, editable.object_name,
                       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                        WHERE a.attrelid = format('%I.%I', new_name, editable.object_name)::regclass AND a.attnum > 0
                          AND NOT a.attisdropped AND a.attgenerated = ''
                          AND EXISTS (SELECT 1 FROM pg_attribute b
                                      WHERE b.attrelid = format('%I.%I', target_schema, editable.object_name)::regclass
                                        AND b.attname = a.attname AND NOT b.attisdropped)));
    END LOOP;
    -- The grants on the schema and on each relation, to the same roles.
    FOR grant_row IN
        SELECT NULL::text AS relname, a.privilege_type, a.grantee, a.is_grantable
        FROM pg_namespace n, aclexplode(n.nspacl) a
        WHERE n.oid = old_schema AND a.grantee <> n.nspowner
        UNION ALL
        SELECT c.relname, a.privilege_type, a.grantee, a.is_grantable
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.relnamespace = old_schema AND a.grantee <> c.relowner
    LOOP
        EXECUTE format('GRANT %s ON %s TO %s%s', grant_row.privilege_type,
                       CASE WHEN grant_row.relname IS NULL THEN format('SCHEMA %I', new_name)
                            ELSE format('TABLE %I.%I', new_name, grant_row.relname) END,
                       CASE WHEN grant_row.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(grant_row.grantee::regrole::text) END,
                       CASE WHEN grant_row.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
    -- Phase 4: the new binding takes the old one's place.
    -- (Quietly: the list of what the old schema held is no news.)
    PERFORM set_config('client_min_messages', 'warning', true);
    EXECUTE format('DROP SCHEMA %I CASCADE', target_schema);
    PERFORM set_config('client_min_messages', callers_messages, true);
    EXECUTE format('ALTER SCHEMA %I RENAME TO %I', new_name, target_schema);
END
$function$;
COMMENT ON FUNCTION iapt_ews.bind_again(name) IS
'Internal: for refresh_data_set when views of a binding are lost: binds the source schema again with the recorded options into a new schema, copies the rows of the tables a DBA fills (provider_access, the reference tables, data_set_codes, data_set_refresh) and the grants on the schema and its relations, then drops the old schema and gives the new one its name. 2BP01 when the schema holds anything the binding did not make or a view outside it reads it';

-- A lock for refresh_data_set, under the lock_timeout it set: in EXCLUSIVE
-- mode, which conflicts with another refresh and with writers but with no
-- reader's ACCESS SHARE. When it is not granted in time, the error names
-- the backends that hold a lock on the relation.
CREATE FUNCTION iapt_ews.lock_for_refresh(target regclass, lock_wait interval)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    holders text;
BEGIN
    EXECUTE format('LOCK TABLE %s IN EXCLUSIVE MODE', target);
EXCEPTION WHEN lock_not_available THEN
    -- The backends holding a lock on it, still holding it now.
    SELECT string_agg(format('%s (user %s, application %s, %s since %s)', a.pid, a.usename,
                             coalesce(nullif(a.application_name, ''), 'none'), a.state,
                             to_char(a.xact_start, 'YYYY-MM-DD HH24:MI:SS TZH')), '; ' ORDER BY a.pid)
    INTO holders
    FROM pg_stat_activity a
    WHERE a.pid IN (SELECT l.pid FROM pg_locks l
                    WHERE l.relation = target AND l.granted AND l.pid <> pg_backend_pid());
    RAISE EXCEPTION 'refresh_data_set waited % for a lock on %', lock_wait, target
        USING ERRCODE = '55P03',
              DETAIL = format('Held by backend %s.', coalesce(holders, 'that has since let it go')),
              HINT = 'Another refresh of this schema, or an explicit LOCK, holds it until its transaction ends: wait for it or end it, or pass a longer lock_wait. Nothing was refreshed.';
END
$function$;
COMMENT ON FUNCTION iapt_ews.lock_for_refresh(regclass, interval) IS
'Internal: for refresh_data_set: locks a relation of the schema in EXCLUSIVE mode (which no reader waits on) under the lock_timeout the refresh set, or fails with 55P03 naming the backends that hold a lock on it';

CREATE FUNCTION iapt_ews.refresh_data_set(target_schema name, lock_wait interval DEFAULT '30 seconds',
    OUT relation regclass, OUT rows bigint, OUT seconds double precision)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    stored record;
    started timestamptz;
    callers_lock_timeout text := current_setting('lock_timeout');
    progress constant boolean := coalesce(current_setting('iapt_ews.refresh_progress', true), '') <> 'off';
    step integer := 0;
    steps integer;
    lost text[];
    -- Bound again in place: the relations hold the rows just read.
    rebound boolean := false;
BEGIN
    -- Phase 1: the arguments, and the schema's stored relations in the
    -- order they were made: the bound relations in step order, then the
    -- reports stored for every provider, which read them.
    IF target_schema IS NULL THEN
        RAISE EXCEPTION 'target_schema must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF lock_wait IS NULL OR lock_wait <= interval '0' THEN
        RAISE EXCEPTION 'lock_wait % is not a positive interval', coalesce(lock_wait::text, 'NULL')
            USING ERRCODE = '22023', HINT = 'Pass how long the refresh may wait for another refresh or a DBA''s lock, e.g. interval ''30 seconds''.';
    END IF;
    -- A source table dropped with CASCADE and made again: the views that
    -- went with it come back with the binding made again in place.
    lost := iapt_ews.lost_binding_views(target_schema);
    IF cardinality(lost) > 0 AND to_regclass(format('%I.data_set_binding', target_schema)) IS NOT NULL THEN
        RAISE NOTICE 'refresh_data_set: the binding in schema "%" lost % (a data set table dropped with CASCADE): binding it again in place',
                     target_schema, array_to_string(lost, ', ')
            USING HINT = 'Readers wait from the swap of the schemas until this transaction ends; the grants, provider_access and the other tables a DBA fills are kept.';
        PERFORM iapt_ews.bind_again(target_schema);
        rebound := true;
    END IF;
    SELECT count(*) INTO steps FROM iapt_ews.stored_relations(target_schema);
    IF steps = 0 THEN
        RAISE EXCEPTION 'schema "%" holds no stored data set relations', target_schema
            USING ERRCODE = '42P01',
                  HINT = 'iapt_ews.bind_data_set(schema, source_schema) stores them; with {"materialize": false} its views are live and need no refresh.';
    END IF;
    -- Phase 2: one refresh of a schema at a time. The binding's table is
    -- locked in a mode that no reader's lock conflicts with, only another
    -- refresh's (or a DBA's explicit lock): wait at most lock_wait, then say
    -- who holds it.
    PERFORM set_config('lock_timeout', (extract(epoch FROM lock_wait) * 1000)::bigint::text, true);
    PERFORM iapt_ews.lock_for_refresh(format('%I.data_set_binding', target_schema)::regclass, lock_wait);
    -- Phase 3: the source again, as bind_data_set checked it: since the
    -- binding, its owner may have replaced a function body, changed an
    -- owner or turned on row-level security.
    PERFORM iapt_ews.check_bound_sources(target_schema);
    -- Phase 4: each stored relation's rows replaced, in order, all in the
    -- caller's transaction: readers see the last committed rows until it
    -- commits (DELETE and INSERT take no lock a SELECT waits on), and then
    -- the new ones, never a mixture.
    FOR stored IN SELECT * FROM iapt_ews.stored_relations(target_schema) LOOP
        started := clock_timestamp();
        step := step + 1;
        IF rebound THEN
            EXECUTE format('SELECT count(*) FROM %s', stored.relation) INTO rows;
        ELSE
            PERFORM iapt_ews.lock_for_refresh(stored.relation, lock_wait);
            EXECUTE format('DELETE FROM %s', stored.relation);
            EXECUTE format('INSERT INTO %s %s', stored.relation,
                           iapt_ews.stored_rows_query(target_schema, stored.live_view, stored.earlier_providers));
            GET DIAGNOSTICS rows = ROW_COUNT;
            EXECUTE format('ANALYZE %s', stored.relation);
        END IF;
        relation := stored.relation;
        seconds := extract(epoch FROM clock_timestamp() - started);
        EXECUTE format('INSERT INTO %I.data_set_refresh VALUES (now(), %s, %L, %s, %s, CURRENT_USER)',
                       target_schema, step, stored.relation::text, rows, seconds);
        IF progress THEN
            -- The seconds in the DETAIL, which psql's terse verbosity
            -- leaves out (sql/data_set.sql shows the rows that way).
            RAISE NOTICE 'refresh_data_set: step % of %: %, % rows', step, steps, stored.relation, rows
                USING DETAIL = format('%s s', round(seconds::numeric, 3));
        END IF;
        RETURN NEXT;
    END LOOP;
    -- The caller's transaction goes on with its own lock_timeout.
    PERFORM set_config('lock_timeout', callers_lock_timeout, true);
END
$function$;
COMMENT ON FUNCTION iapt_ews.refresh_data_set(name, interval) IS
'Brings a bound schema''s stored relations (bind_data_set with materialize, the default) up to date with the data set, in one transaction: replaces each one''s rows (DELETE and INSERT, which no reader waits on: readers see the last committed rows until the caller commits) and analyses it, after checking the source again as bind_data_set did, with the options it recorded (42501, 42703, 55000: see data_set_binding; a NOTICE for each optional table it was made without, which a refresh never reads: bind again); returns each relation with its rows and the seconds it took, records them in the schema''s data_set_refresh and, unless iapt_ews.refresh_progress is off, gives a NOTICE per relation as it goes. One refresh of a schema at a time: waits at most lock_wait (default 30 seconds) for another refresh or a DBA''s explicit lock, then fails with 55P03 naming the backends that hold it, having refreshed nothing. Run it after each load of the data set; needs ownership of the schema''s relations';
