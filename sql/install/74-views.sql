-- ---------------------------------------------------------------------------
-- Recovery reports (docs/reporting.md): the statements of the reporting
-- views over referral, care_contact and assessment_score, run in a schema
-- of the caller's by create_data_model, bind_data_set or
-- create_reporting_views (70-model.sql explains how).
--
--   referral_outcome                 one row per referral with its outcome
--   service_month_metrics            per provider, service and month
--   service_month_metrics_published  the same with disclosure control
--   data_quality_problem, data_quality
--                                    rows left out of the reports, and
--                                    counted: one rule set in every schema
--                                    (data_set_problem adds the national
--                                    tables' own over a bound data set)
--
-- Every view reads with its owner's rights (the model's owner, who called
-- the builder) and keeps only the providers that provider_access grants the
-- caller, at the base, before anything is computed or compared: a caller
-- sees figures computed from the rows they may see, and a publication role
-- needs no right on the patient-level tables. security_barrier keeps a
-- caller's own functions from being run on rows the filter removes.
-- Published views read the unpublished ones, so the filter is written once.
-- ---------------------------------------------------------------------------

-- @model_statements recovery

-- A warehouse's appointment type in the model's words: the types the
-- warehouse counts as treatment become 'treatment', and the model's own
-- treatment words that it does not count become 'other'. A SQL-standard
-- body: parsed once at creation, so no search_path of the caller's can
-- change it, and inlined into the care_contact view.
CREATE FUNCTION iapt_ews.warehouse_appointment_type(appointment_type text, treatment_types text[])
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN appointment_type = ANY (treatment_types) THEN 'treatment'
            WHEN appointment_type IN ('treatment', 'assessment_and_treatment', 'review_and_treatment') THEN 'other'
            ELSE appointment_type END;
COMMENT ON FUNCTION iapt_ews.warehouse_appointment_type(text, text[]) IS
'A warehouse''s appointment type in the data model''s words: treatment when it is one of treatment_types (create_reporting_views'' option treatment_appointment_types), other when it is one of the model''s treatment words (treatment, assessment_and_treatment, review_and_treatment) not among them, else unchanged; NULL stays NULL';

-- The reporting views over a warehouse's own referral, contact and score
-- tables: three views in the target schema give those tables the model's
-- column names and types (any column may be renamed through the option
-- columns), then the builder adds the reference tables and every report
-- whose inputs are there. A value that does not convert (a date that is
-- no date) becomes NULL instead of an error, so one bad row cannot stop a
-- report or carry its text into an error message.
CREATE FUNCTION iapt_ews.create_reporting_views(
    target_schema name,
    referral regclass,
    care_contact regclass,
    assessment_score regclass,
    options jsonb DEFAULT '{}')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    accepted_options constant jsonb := '{"columns": "object", "treatment_appointment_types": "array"}';
    -- Logical column -> default source column; the optional ones are NULL
    -- unless mapped.
    required constant jsonb := '{
        "referral.pathway_id": "pathway_id",
        "referral.person_id": "person_id",
        "referral.provider_code": "provider_code",
        "referral.service_id": "service_id",
        "referral.referral_date": "referral_date",
        "referral.discharge_date": "discharge_date",
        "referral.end_code": "end_code",
        "referral.provisional_diagnosis": "provisional_diagnosis",
        "care_contact.pathway_id": "pathway_id",
        "care_contact.contact_at": "contact_at",
        "care_contact.attended": "attended",
        "care_contact.appointment_type": "appointment_type",
        "assessment_score.pathway_id": "pathway_id",
        "assessment_score.measure": "measure",
        "assessment_score.score": "score",
        "assessment_score.recorded_at": "recorded_at"}';
    optional constant text[] := ARRAY['referral.lsoa_code', 'referral.commissioner_code',
        'referral.age_at_referral', 'referral.gender', 'referral.gender_identity',
        'referral.ethnic_category', 'referral.source_of_referral', 'referral.last_reported_on', 'care_contact.contact_id',
        'care_contact.consultation_mechanism'];
    columns jsonb;
    treatment_appointment_types text[];
    col jsonb;
    k text;
    v jsonb;
    rel regclass;
    made regclass;
BEGIN
    -- Phase 1: the arguments.
    PERFORM iapt_ews.check_builder_arguments('create_reporting_views', target_schema, options, accepted_options);
    IF referral IS NULL OR care_contact IS NULL OR assessment_score IS NULL THEN
        RAISE EXCEPTION 'referral, care_contact and assessment_score must not be NULL'
            USING ERRCODE = '22004';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = target_schema) THEN
        RAISE EXCEPTION 'schema "%" does not exist', target_schema
            USING ERRCODE = '3F000', HINT = 'Create the schema for the views first.';
    END IF;
    FOR rel IN SELECT unnest(ARRAY[referral, care_contact, assessment_score]) LOOP
        IF NOT has_table_privilege(rel, 'SELECT') THEN
            RAISE EXCEPTION 'permission denied to read %', rel
                USING ERRCODE = '42501', HINT = 'The views are created with the caller''s rights: it needs SELECT on the source tables.';
        END IF;
    END LOOP;
    IF options ? 'treatment_appointment_types'
       AND (jsonb_array_length(options->'treatment_appointment_types') = 0
            OR EXISTS (SELECT 1 FROM jsonb_array_elements(options->'treatment_appointment_types') e
                       WHERE jsonb_typeof(e) <> 'string')) THEN
        RAISE EXCEPTION 'option "treatment_appointment_types" must be a non-empty array of appointment types (strings), not %',
                        options->'treatment_appointment_types'
            USING ERRCODE = '22023', HINT = 'For example {"treatment_appointment_types": ["treatment", "assessment_and_treatment"]}.';
    END IF;
    treatment_appointment_types := CASE WHEN options ? 'treatment_appointment_types'
        THEN ARRAY(SELECT jsonb_array_elements_text(options->'treatment_appointment_types'))
        ELSE '{treatment,assessment_and_treatment,review_and_treatment}' END;
    columns := coalesce(options->'columns', '{}');
    FOR k, v IN SELECT * FROM jsonb_each(columns) LOOP
        IF NOT (required ? k OR k = ANY (optional)) THEN
            RAISE EXCEPTION 'unknown column mapping key "%" in option columns', k
                USING ERRCODE = '22023',
                      HINT = 'Keys are: ' || (SELECT string_agg(x, ', ' ORDER BY x)
                                              FROM (SELECT jsonb_object_keys(required) x UNION ALL SELECT unnest(optional)) keys) || '.';
        END IF;
        IF jsonb_typeof(v) <> 'string' THEN
            RAISE EXCEPTION 'column mapping "%" in option columns must be a column name (a JSON string), not %', k, v
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    col := required || columns;
    -- Every mapped column must exist, so a wrong mapping fails here with its
    -- key in the message rather than deep inside CREATE VIEW.
    FOR k IN SELECT x FROM jsonb_object_keys(col) x ORDER BY x LOOP
        rel := CASE split_part(k, '.', 1) WHEN 'referral' THEN referral
                                          WHEN 'care_contact' THEN care_contact ELSE assessment_score END;
        IF NOT EXISTS (SELECT 1 FROM pg_attribute a
                       WHERE a.attrelid = rel AND a.attname = col->>k AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" of relation % does not exist', col->>k, rel
                USING ERRCODE = '42703',
                      HINT = format('Map %s to a column of %s in option columns.', k, rel);
        END IF;
    END LOOP;

    -- Phase 2: the schema may hold nothing of another role's and none of
    -- what is made here, and no other role may create in it.
    PERFORM iapt_ews.check_builder_schema(target_schema,
        ARRAY['referral', 'care_contact', 'assessment_score']
        || ARRAY(SELECT o.object_name FROM iapt_ews.data_model_objects() o
                 WHERE o.layer = ANY (ARRAY['reference_tables', 'reports'])));

    -- Phase 3: the three logical relations, in the model's shape.
    EXECUTE format('CREATE VIEW %I.referral AS SELECT %s FROM %s s', target_schema,
        iapt_ews.warehouse_select_list(referral,
            ARRAY['pathway_id', 'person_id', 'provider_code', 'service_id', 'referral_date', 'discharge_date',
                  'end_code', 'provisional_diagnosis', 'lsoa_code', 'commissioner_code', 'age_at_referral',
                  'gender', 'gender_identity', 'ethnic_category', 'source_of_referral', 'last_reported_on'],
            ARRAY[col->>'referral.pathway_id', col->>'referral.person_id', col->>'referral.provider_code',
                  col->>'referral.service_id', col->>'referral.referral_date', col->>'referral.discharge_date',
                  col->>'referral.end_code', col->>'referral.provisional_diagnosis', col->>'referral.lsoa_code',
                  col->>'referral.commissioner_code', col->>'referral.age_at_referral', col->>'referral.gender',
                  col->>'referral.gender_identity', col->>'referral.ethnic_category', col->>'referral.source_of_referral',
                  col->>'referral.last_reported_on'],
            ARRAY['text', 'text', 'text', 'text', 'date', 'date', 'text', 'text', 'text', 'text', 'integer',
                  'text', 'text', 'text', 'text', 'date']),
        referral);
    -- The warehouse's treatment appointment types become 'treatment'
    -- (warehouse_appointment_type).
    EXECUTE format('CREATE VIEW %I.care_contact AS SELECT c.contact_id, c.pathway_id, c.contact_at, c.attended, iapt_ews.warehouse_appointment_type(c.appointment_type, %L) AS appointment_type, c.consultation_mechanism FROM (SELECT %s FROM %s s) c',
        target_schema, treatment_appointment_types,
        iapt_ews.warehouse_select_list(care_contact,
            ARRAY['contact_id', 'pathway_id', 'contact_at', 'attended', 'appointment_type', 'consultation_mechanism'],
            ARRAY[col->>'care_contact.contact_id', col->>'care_contact.pathway_id', col->>'care_contact.contact_at',
                  col->>'care_contact.attended', col->>'care_contact.appointment_type',
                  col->>'care_contact.consultation_mechanism'],
            ARRAY['text', 'text', 'timestamptz', 'boolean', 'text', 'text']),
        care_contact);
    -- A score that is not a usable score of its measure is NULL (counted in
    -- data_quality, left out of the outcomes).
    EXECUTE format('CREATE VIEW %I.assessment_score AS SELECT a.pathway_id, lower(a.measure) AS measure, a.recorded_at, iapt_ews.score_value(lower(a.measure), a.score) AS score FROM (SELECT %s FROM %s s) a',
        target_schema,
        iapt_ews.warehouse_select_list(assessment_score,
            ARRAY['pathway_id', 'measure', 'recorded_at', 'score'],
            ARRAY[col->>'assessment_score.pathway_id', col->>'assessment_score.measure',
                  col->>'assessment_score.recorded_at', col->>'assessment_score.score'],
            ARRAY['text', 'text', 'timestamptz', 'text']),
        assessment_score);
    -- Each logical column says where it comes from, for BI users.
    FOR k IN SELECT x FROM (SELECT jsonb_object_keys(required) x UNION SELECT unnest(optional)) keys ORDER BY x LOOP
        rel := CASE split_part(k, '.', 1) WHEN 'referral' THEN referral
                                          WHEN 'care_contact' THEN care_contact ELSE assessment_score END;
        EXECUTE format('COMMENT ON COLUMN %I.%I.%I IS %L', target_schema, split_part(k, '.', 1), split_part(k, '.', 2),
                       CASE WHEN col ? k THEN format('From %s.%I, converted without raising (a value that does not convert is NULL)', rel, col->>k)
                            ELSE 'Not mapped: always NULL' END);
    END LOOP;
    FOR made IN SELECT format('%I.%I', target_schema, x)::regclass
                FROM unnest(ARRAY['referral', 'care_contact', 'assessment_score']) x LOOP
        EXECUTE format('COMMENT ON VIEW %s IS %L', made,
                       format('The warehouse''s %s in the shape of the iapt_ews data model (made by iapt_ews.create_reporting_views); values that do not convert are NULL', made));
        RETURN NEXT made;
    END LOOP;

    -- Phase 4: reference tables and every report whose inputs exist.
    RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema,
        ARRAY['reference_tables', 'reports'], ARRAY['referral', 'care_contact', 'assessment_score']);
    PERFORM iapt_ews.record_model_build(target_schema, 'create_reporting_views',
        options || jsonb_build_object('relations', jsonb_build_array(referral::text, care_contact::text, assessment_score::text)));
END
$function$;
COMMENT ON FUNCTION iapt_ews.create_reporting_views(name, regclass, regclass, regclass, jsonb) IS
'Creates, in target_schema, views over a warehouse''s own referral, care contact and assessment score tables in the model''s shape (values that do not convert become NULL), the reference tables, and every reporting view whose inputs exist. options: columns (maps logical columns such as "referral.pathway_id" to source column names; a logical column left out is read from the column of its own name, an optional one is NULL), treatment_appointment_types (the appointment_type values counted as treatment; default ["treatment", "assessment_and_treatment", "review_and_treatment"]); an unknown option or a value of the wrong JSON type is refused (22023), as by every builder. Runs with the caller''s rights; refuses a schema that already holds them (42P07) or an object of another role (42501)';
