-- ---------------------------------------------------------------------------
-- The reporting data model (docs/reporting.md, docs/access-control.md).
--
-- The extension owns no user data. It holds the model as a catalogue of
-- fixed SQL statements, one topic function each (iapt_ews.model_objects_*,
-- listed by the view iapt_ews.data_model), and three functions that run
-- them in a schema of the caller's, with the caller's rights, so that
-- every table, policy and view they make belongs to the caller:
--
--   create_data_model(schema)        tables, policies and reporting views
--   bind_data_set(schema, source)    views over the NHS Talking Therapies
--                                    Data Set's national tables, then the
--                                    same reporting views (78-*.sql)
--   create_reporting_views(...)      the reporting views over a warehouse's
--                                    own referral, contact and score tables
--
-- The statements name relations without a schema and are run with
-- search_path = <target schema>, pg_temp: pg_catalog is then searched first
-- (implicitly) for functions and operators, the target schema for the
-- relations, and new objects are created in the target schema. Functions
-- and types of the extension are always written iapt_ews.x.
--
-- Layers (which builder runs a statement):
--   patient_tables    patient-level tables           create_data_model
--   reference_tables  staffing, sites, areas, ...    create_data_model, bind_data_set
--   row_security      row-level security policies    create_data_model
--   binding_tables    code lists, the binding record bind_data_set
--   bound_relations   views over the national tables bind_data_set
--   reports           reporting views                every builder, when what they read exists
-- ---------------------------------------------------------------------------

-- Who may see which providers. Reads the model's own mapping table (a
-- regclass the views and policies fix at creation) with the caller's
-- rights. The search_path is pinned, so no operator of the caller's can
-- stand in for pg_catalog's.
CREATE FUNCTION iapt_ews.visible_providers(mapping regclass)
RETURNS text[]
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    providers text[];
BEGIN
    -- Superusers, BYPASSRLS roles and members of the model's owner are not
    -- filtered, as row-level security does not filter them.
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
               WHERE r.rolname = CURRENT_USER AND (r.rolsuper OR r.rolbypassrls))
       OR pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c
                                  WHERE c.oid = mapping), 'MEMBER') THEN
        RETURN ARRAY['*'];
    END IF;
    -- Mapping rows are keyed on the role's OID (regrole): a dropped role's
    -- rows match no role, and a new role of the same name inherits nothing.
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(DISTINCT m.provider_code ORDER BY m.provider_code) FROM %s m JOIN pg_catalog.pg_roles r ON r.oid = m.grantee::pg_catalog.oid WHERE pg_catalog.pg_has_role(r.oid, ''MEMBER'')', mapping)
        INTO providers;
    RETURN coalesce(providers, '{}');
END
$function$;
COMMENT ON FUNCTION iapt_ews.visible_providers(regclass) IS
'Provider codes the current user may see according to a model''s provider_access table ({*}: every provider; superusers, BYPASSRLS roles and members of the model''s owner see every provider). The policies and reporting views call it';

-- The provider filter of the policies and reports as one function, so that
-- the planner can be told how many rows pass it (src/provider_visible.c).
CREATE FUNCTION iapt_ews.provider_visible_support(internal)
RETURNS internal
LANGUAGE c STABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'iapt_provider_visible_support';
COMMENT ON FUNCTION iapt_ews.provider_visible_support(internal) IS
'Internal: planner support of provider_visible: its selectivity is that of provider_code = ANY (the providers the caller sees), from the column''s statistics, or 1 for a caller who sees every provider';

CREATE FUNCTION iapt_ews.provider_visible(provider_code text, mapping regclass)
RETURNS boolean
LANGUAGE c STABLE PARALLEL SAFE
SUPPORT iapt_ews.provider_visible_support
AS 'MODULE_PATHNAME', 'iapt_provider_visible';
COMMENT ON FUNCTION iapt_ews.provider_visible(text, regclass) IS
'True when the current user may see provider_code''s rows according to a model''s provider_access table: provider_code is one of visible_providers(mapping), or that holds * (a NULL provider_code only then). The policies and reporting views filter with it; the planner estimates it from the providers the caller sees';

-- Whether a referral's earlier providers include one the caller may see
-- (referral_outcome over a stored data set: repeat_referral), as a scalar
-- function so that no per-row subplan shows in EXPLAIN ANALYZE.
CREATE FUNCTION iapt_ews.any_provider_visible(provider_codes text[], mapping regclass)
RETURNS boolean
LANGUAGE c STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'iapt_any_provider_visible';
COMMENT ON FUNCTION iapt_ews.any_provider_visible(text[], regclass) IS
'True when any of provider_codes is a provider the current user may see according to a model''s provider_access table (as provider_visible); false for NULL or an empty array. referral_outcome works repeat_referral out with it over a stored data set';

-- One statement of the data model: the row every topic's catalogue
-- function (iapt_ews.model_objects_<topic>) returns.
CREATE TYPE iapt_ews.model_statement AS (
    step integer,
    object_name text,
    object_kind text,
    layer text,
    reads text[],
    variant_condition text,
    storage jsonb,
    definition text);
COMMENT ON TYPE iapt_ews.model_statement IS
'One statement of the data model: the order it runs in (step), the table, view or (for a policy) table it makes, its kind, its layer, the relations it reads, the condition under which it is the variant made (or NULL), how a stored binding stores it (or NULL), and its SQL (see the view iapt_ews.data_model)';

-- The core model: patient-level tables after the NHS Talking Therapies
-- Data Set v2 (IDS101, IDS201, IDS202, IDS606/607, IDS004), the reference
-- tables, and row-level security. No column, default or constraint names
-- an extension object, so DROP EXTENSION never needs to touch a table.
-- @model_statements core
-- The reports in routed minutes (sql/model/travel/): a matrix needs no
-- PostGIS, so they are the core extension's.
-- @model_statements travel

-- Every topic's statements, from every installed topic function of this
-- extension and of its companion iapt_ews_postgis.
CREATE FUNCTION iapt_ews.data_model_objects()
RETURNS SETOF iapt_ews.model_statement
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    topic regprocedure;
BEGIN
    FOR topic IN
        SELECT p.oid::regprocedure
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass
             AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
        WHERE e.extname = ANY (ARRAY['iapt_ews', 'iapt_ews_postgis']::name[])
          AND p.proname LIKE 'model\_objects\_%' AND p.pronargs = 0
        ORDER BY p.proname
    LOOP
        RETURN QUERY EXECUTE pg_catalog.format('SELECT * FROM %s', topic);
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.data_model_objects() IS
'Internal: every statement of the data model, from the topic functions iapt_ews.model_objects_* of iapt_ews and, when installed, iapt_ews_postgis';

CREATE VIEW iapt_ews.data_model WITH (security_invoker = true) AS
SELECT step, object_name, object_kind, layer, reads, variant_condition, storage, definition
FROM iapt_ews.data_model_objects();
COMMENT ON VIEW iapt_ews.data_model IS
'The data model as the statements that create_data_model, bind_data_set and create_reporting_views run, in order (step), with the layer each belongs to and the relations it reads. Read-only: the extension owns no table of it';
COMMENT ON COLUMN iapt_ews.data_model.step IS 'Order in which the statements run';
COMMENT ON COLUMN iapt_ews.data_model.object_name IS 'Table, view or (for a policy) table the statement makes';
COMMENT ON COLUMN iapt_ews.data_model.object_kind IS 'table, view or policy';
COMMENT ON COLUMN iapt_ews.data_model.layer IS 'patient_tables, reference_tables, row_security, binding_tables (the code lists and the record of a binding), bound_relations or reports';
COMMENT ON COLUMN iapt_ews.data_model.reads IS 'Relations the statement needs in the schema; a builder skips a report whose inputs are not there';
COMMENT ON COLUMN iapt_ews.data_model.variant_condition IS 'For an object made by one of several statements (its variants): when this one is made, "<relation> present" or "<relation> absent"; a builder finds exactly one variant of each object whose condition holds, or stops';
COMMENT ON COLUMN iapt_ews.data_model.storage IS 'What a stored binding (bind_data_set''s default) keeps of the relation, from the statement''s "stored:" header: {"index": [[<column>, ...], ...]}, the indexes of the stored rows; for a bound relation that is all (its rows are stored whole, under its name, its view beside them as <name>_live); for a report stored for every provider also {"filter": <the stored row''s provider>} and, for referral_outcome, {"earlier_providers": <the column worked out again per caller>}, from which bind_data_set makes <name>_all, <name>_live and the filter view under the name (iapt_ews.store_for_every_provider); NULL when not stored';
COMMENT ON COLUMN iapt_ews.data_model.definition IS 'The SQL, with relation names resolved in the target schema';

-- Checks every builder makes before it writes anything into a schema.
-- A relation, function, operator or type of another owner in the target
-- schema could stand in for what the builder makes or reads (a view that
-- copies what a national analyst reads, an operator that changes a
-- comparison), so its presence is refused.
CREATE FUNCTION iapt_ews.check_model_schema(target_schema name, will_create text[])
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    target oid;
    target_owner oid;
    callers_roles oid[];
    foreign_object text;
    existing text;
BEGIN
    SELECT n.oid, n.nspowner INTO target, target_owner
    FROM pg_catalog.pg_namespace n WHERE n.nspname = target_schema;
    IF target IS NULL THEN
        RETURN;
    END IF;
    -- The caller and the roles it is a member of, directly or not. A
    -- superuser is "a member of" every role for pg_has_role, which is no
    -- guard here: a superuser building a model must refuse an analyst's
    -- objects like anyone else.
    WITH RECURSIVE mine(role) AS (
        SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER
        UNION
        SELECT m.roleid FROM pg_catalog.pg_auth_members m JOIN mine ON m.member = mine.role)
    SELECT pg_catalog.array_agg(role) INTO callers_roles FROM mine;
    IF NOT pg_catalog.has_schema_privilege(target, 'CREATE') THEN
        RAISE EXCEPTION 'permission denied to create objects in schema "%"', target_schema
            USING ERRCODE = '42501',
                  HINT = 'The model is created with the caller''s rights and belongs to the caller: it needs CREATE on the schema.';
    END IF;
    SELECT o.description INTO foreign_object FROM (
        SELECT pg_catalog.format('the schema itself, owned by %s', target_owner::regrole) AS description
        WHERE NOT target_owner = ANY (callers_roles)
        UNION ALL
        SELECT pg_catalog.format('relation %I.%I owned by %s', target_schema, c.relname, c.relowner::regrole)
        FROM pg_catalog.pg_class c
        WHERE c.relnamespace = target AND NOT c.relowner = ANY (callers_roles)
        UNION ALL
        SELECT pg_catalog.format('function %s owned by %s', p.oid::regprocedure, p.proowner::regrole)
        FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = target AND NOT p.proowner = ANY (callers_roles)
        UNION ALL
        SELECT pg_catalog.format('operator %s owned by %s', o.oid::regoperator, o.oprowner::regrole)
        FROM pg_catalog.pg_operator o
        WHERE o.oprnamespace = target AND NOT o.oprowner = ANY (callers_roles)
        UNION ALL
        SELECT pg_catalog.format('type %s owned by %s', t.oid::regtype, t.typowner::regrole)
        FROM pg_catalog.pg_type t
        WHERE t.typnamespace = target AND NOT t.typowner = ANY (callers_roles)
        LIMIT 1) o;
    IF foreign_object IS NOT NULL THEN
        RAISE EXCEPTION 'schema "%" holds an object the caller does not own: %', target_schema, foreign_object
            USING ERRCODE = '42501',
                  DETAIL = 'An object of another role in the target schema could stand in for a relation, function or operator of the model, and the owner of the schema can drop and replace what the model makes.',
                  HINT = 'Use a schema that the caller (or a role it belongs to) owns, and in which only it creates.';
    END IF;
    SELECT c.relname INTO existing FROM pg_catalog.pg_class c
    WHERE c.relnamespace = target
      AND c.relname = ANY (will_create::name[])
    ORDER BY c.relname LIMIT 1;
    IF existing IS NOT NULL THEN
        RAISE EXCEPTION 'relation "%" already exists in schema "%"', existing, target_schema
            USING ERRCODE = '42P07',
                  HINT = 'The model is made once per schema and never replaced, so that no data is dropped: choose a new schema, or drop the old objects yourself.';
    END IF;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_model_schema(name, text[]) IS
'Internal: for the builders: refuses (42501) a schema the caller may not create in, owned by another role, or holding a relation, function, operator or type of a role the caller is not (by membership, not by being a superuser) a member of; and (42P07) one that already holds a relation of the given names';

-- Refuses (42501) a schema the builders put on the search_path in which a
-- role other than its owner may create: a function or operator planted
-- there would be bound into the views (PostGIS's schema, the target).
CREATE FUNCTION iapt_ews.check_search_path_schema(schema_name name)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    creator text;
BEGIN
    SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
    INTO creator
    FROM pg_catalog.pg_namespace n CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a
    WHERE n.nspname = schema_name AND a.privilege_type = 'CREATE'
      AND a.grantee <> n.nspowner
    ORDER BY 1 LIMIT 1;
    IF creator IS NOT NULL THEN
        RAISE EXCEPTION 'schema "%" is on the builders'' search_path, and % may create in it', schema_name, creator
            USING ERRCODE = '42501',
                  DETAIL = 'A function or operator created there could be bound into the views in place of PostgreSQL''s own.',
                  HINT = pg_catalog.format('REVOKE CREATE ON SCHEMA %I FROM %s; only the schema''s owner may create in it.', schema_name, creator);
    END IF;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_search_path_schema(name) IS
'Internal: for the builders: refuses (42501) a schema they put on the search_path (the target, PostGIS''s) in which a role other than its owner may create';

-- What every builder checks first, alike: the target schema (22004 when
-- NULL) and its options, a JSON object (22023 otherwise) whose keys are
-- options the builder takes and whose values have the JSON type it
-- expects (22023 naming the key). accepted maps each option to that type
-- (object, array, string, number or boolean); what a value holds (a
-- column, a code, a role) the builder checks itself.
CREATE FUNCTION iapt_ews.check_builder_arguments(builder text, target_schema name, options jsonb, accepted jsonb)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    takes constant text := coalesce(
        (SELECT pg_catalog.format('iapt_ews.%s takes the options %s.', builder, pg_catalog.string_agg(k, ', ' ORDER BY k))
         FROM pg_catalog.jsonb_object_keys(accepted) k HAVING pg_catalog.count(*) > 0),
        pg_catalog.format('iapt_ews.%s takes no options: pass ''{}''.', builder));
    option record;
BEGIN
    IF target_schema IS NULL THEN
        RAISE EXCEPTION 'target_schema must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF options IS NULL OR pg_catalog.jsonb_typeof(options) <> 'object' THEN
        RAISE EXCEPTION 'options of iapt_ews.% must be a JSON object, not %', builder, coalesce(options::text, 'NULL')
            USING ERRCODE = '22023', DETAIL = takes;
    END IF;
    FOR option IN SELECT e.key, e.value FROM pg_catalog.jsonb_each(options) e ORDER BY e.key LOOP
        IF NOT accepted ? option.key THEN
            RAISE EXCEPTION 'unknown option "%" of iapt_ews.%', option.key, builder
                USING ERRCODE = '22023', DETAIL = takes;
        END IF;
        IF pg_catalog.jsonb_typeof(option.value) <> accepted->>option.key THEN
            RAISE EXCEPTION 'option "%" of iapt_ews.% must be a JSON %, not %', option.key, builder, accepted->>option.key,
                            CASE pg_catalog.jsonb_typeof(option.value) WHEN 'null' THEN 'null'
                                 ELSE pg_catalog.format('the JSON %s %s', pg_catalog.jsonb_typeof(option.value), option.value) END
                USING ERRCODE = '22023', DETAIL = takes;
        END IF;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_builder_arguments(text, name, jsonb, jsonb) IS
'Internal: for the builders: the checks each makes first, alike: 22004 for a NULL target_schema; 22023 for options that are not a JSON object, a key not in accepted (naming it and listing the keys the builder takes) or a value whose JSON type is not the one accepted maps the key to (naming the key and the type expected)';

-- PostGIS's schema when PostGIS is installed (the access views call its
-- ST_ functions), or NULL.
CREATE FUNCTION iapt_ews.postgis_schema()
RETURNS name
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT n.nspname
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'postgis'
$function$;
COMMENT ON FUNCTION iapt_ews.postgis_schema() IS
'Internal: for the builders: the schema PostGIS is installed in, which they put on the search_path of the model''s statements, or NULL';

-- What every builder checks of the target schema before it writes: the
-- schema (check_model_schema) and the schemas it will put on the
-- search_path, the target and PostGIS's (check_search_path_schema).
CREATE FUNCTION iapt_ews.check_builder_schema(target_schema name, will_create text[])
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    postgis_schema name := iapt_ews.postgis_schema();
BEGIN
    PERFORM iapt_ews.check_model_schema(target_schema, will_create);
    PERFORM iapt_ews.check_search_path_schema(target_schema);
    IF postgis_schema IS NOT NULL THEN
        PERFORM iapt_ews.check_search_path_schema(postgis_schema);
    END IF;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_builder_schema(name, text[]) IS
'Internal: for the builders: the checks each makes of the target schema before it writes anything: check_model_schema (42501, 42P07) and check_search_path_schema of the target and, when installed, PostGIS''s schema (42501)';


-- Runs the statements of the given layers in the target schema, in step
-- order; a statement whose inputs are not in the schema is skipped. Returns
-- the relations made.
-- A relation made from another (a stored copy, a filter over it) takes its
-- column comments, so that each is written once.
CREATE FUNCTION iapt_ews.copy_column_comments(source regclass, target regclass)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    copied integer := 0;
    column_comment record;
BEGIN
    FOR column_comment IN
        SELECT a.attname, pg_catalog.col_description(a.attrelid, a.attnum) AS description
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_attribute t ON t.attrelid = target
             AND t.attname = a.attname AND NOT t.attisdropped
        WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
          AND pg_catalog.col_description(a.attrelid, a.attnum) IS NOT NULL
    LOOP
        EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', target, column_comment.attname, column_comment.description);
        copied := copied + 1;
    END LOOP;
    RETURN copied;
END
$function$;
COMMENT ON FUNCTION iapt_ews.copy_column_comments(regclass, regclass) IS
'Internal: for the builders: gives each column of target the comment of the column of the same name in source; returns how many';

-- Variants: an object some schemas make one way and others another (the
-- appointments by intensity, with or without care_activity) has one
-- statement a way, each naming its condition. Exactly one must hold.
CREATE FUNCTION iapt_ews.model_variant_applies(variant_condition text, present text[])
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    words text[] := pg_catalog.regexp_split_to_array(variant_condition, ' ');
BEGIN
    IF pg_catalog.cardinality(words) <> 2
       OR NOT words[2] = ANY (ARRAY['present', 'absent']) THEN
        RAISE EXCEPTION 'variant condition "%" is not "<relation> present" or "<relation> absent"', variant_condition
            USING ERRCODE = '22023';
    END IF;
    RETURN (words[1] = ANY (present)) = (words[2] = 'present');
END
$function$;
COMMENT ON FUNCTION iapt_ews.model_variant_applies(text, text[]) IS
'Internal: for the builders: whether a data model variant''s condition ("<relation> present" or "<relation> absent") holds, given the relations present; 22023 for another form';

CREATE FUNCTION iapt_ews.check_model_variants(object_name text, object_kind text, layer text, present text[])
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    variants bigint;
    applying text[];
BEGIN
    -- One pass over the catalogue: the object's variants, and which hold.
    SELECT count(*), pg_catalog.array_agg(o.step::text ORDER BY o.step)
                         FILTER (WHERE iapt_ews.model_variant_applies(o.variant_condition, present))
    INTO variants, applying
    FROM iapt_ews.data_model_objects() o
    WHERE o.object_name = check_model_variants.object_name
      AND o.object_kind = check_model_variants.object_kind
      AND o.layer = check_model_variants.layer
      AND o.variant_condition IS NOT NULL;
    IF variants = 0 THEN
        RAISE EXCEPTION 'data model object % (% of layer %) has no variants', object_name, object_kind, layer
            USING ERRCODE = '22023',
                  HINT = 'SELECT object_name, object_kind, layer FROM iapt_ews.data_model WHERE variant_condition IS NOT NULL lists those that have.';
    END IF;
    IF pg_catalog.cardinality(coalesce(applying, '{}')) <> 1 THEN
        RAISE EXCEPTION 'data model object % has % variants whose condition holds', object_name,
                        pg_catalog.cardinality(coalesce(applying, '{}'))
            USING ERRCODE = 'XX000',
                  DETAIL = pg_catalog.format('Steps whose condition holds: %s.', coalesce(pg_catalog.array_to_string(applying, ', '), 'none')),
                  HINT = 'The variants of an object must name conditions of which exactly one holds (sql/model/).';
    END IF;
END
$function$;
COMMENT ON FUNCTION iapt_ews.check_model_variants(text, text, text, text[]) IS
'Internal: for the builders: raises XX000 unless exactly one variant of a data model object has a condition that holds, given the relations present (a fault of the catalogue); 22023 for an object that has no variants';

CREATE FUNCTION iapt_ews.run_model_statements(target_schema name, layers text[], present text[],
    first_step integer DEFAULT 0, last_step integer DEFAULT 2147483647)
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    statement record;
    available text[] := present;
    -- Relations resolve in the target schema; pg_catalog, not listed, is
    -- searched first for functions and operators; PostGIS's schema, when
    -- it is installed, for the access views' ST_ functions. The builders
    -- have checked both (check_builder_schema). That path is set for each
    -- statement alone: this function's own queries run on its pinned one.
    model_path constant text := pg_catalog.concat_ws(', ', pg_catalog.quote_ident(target_schema),
        pg_catalog.quote_ident(iapt_ews.postgis_schema()), 'pg_temp');
    builder_path constant text := pg_catalog.current_setting('search_path');
BEGIN
    FOR statement IN
        SELECT o.step, o.object_name, o.object_kind, o.layer, o.reads, o.variant_condition, o.definition
        FROM iapt_ews.data_model_objects() o
        WHERE o.layer = ANY (layers)
          AND o.step >= first_step AND o.step <= last_step
        ORDER BY o.step
    LOOP
        IF statement.variant_condition IS NOT NULL THEN
            PERFORM iapt_ews.check_model_variants(statement.object_name, statement.object_kind, statement.layer, available);
            CONTINUE WHEN NOT iapt_ews.model_variant_applies(statement.variant_condition, available);
        END IF;
        CONTINUE WHEN NOT statement.reads <@ available;
        -- What a builder made before (a report bind_data_set stored, whose
        -- name is now the filter over its stored rows) or
        -- what is still there (complete_data_model) is kept.
        CONTINUE WHEN statement.object_kind <> 'policy'
                  AND statement.object_name = ANY (available);
        PERFORM pg_catalog.set_config('search_path', model_path, true);
        EXECUTE statement.definition;
        PERFORM pg_catalog.set_config('search_path', builder_path, true);
        IF statement.object_kind <> 'policy' THEN
            available := available || statement.object_name;
            RETURN NEXT pg_catalog.format('%I.%I', target_schema, statement.object_name)::regclass;
        END IF;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.run_model_statements(name, text[], text[], integer, integer) IS
'Internal: for the builders: runs the data model''s statements of the given layers and steps in the target schema (each with search_path: the schema, PostGIS''s when installed, then pg_temp; pg_catalog first), skipping any whose inputs are missing from present and what was made before it';

CREATE FUNCTION iapt_ews.create_data_model(target_schema name, options jsonb DEFAULT '{}')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    layers constant text[] := ARRAY['patient_tables', 'reference_tables', 'row_security', 'reports'];
BEGIN
    -- No option yet: options must be '{}'.
    PERFORM iapt_ews.check_builder_arguments('create_data_model', target_schema, options, '{}');
    PERFORM iapt_ews.check_builder_schema(target_schema,
        ARRAY(SELECT o.object_name FROM iapt_ews.data_model_objects() o
              WHERE o.layer = ANY (layers)));
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = target_schema) THEN
        EXECUTE pg_catalog.format('CREATE SCHEMA %I', target_schema);
    END IF;
    RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema, layers, '{}');
    PERFORM iapt_ews.record_model_build(target_schema, 'create_data_model', options);
END
$function$;
COMMENT ON FUNCTION iapt_ews.create_data_model(name, jsonb) IS
'Creates the data model in target_schema (created when missing): patient-level tables, reference tables, row-level security policies and the reporting views, all owned by the caller; returns what it made. options: none yet (''{}''; an unknown option is refused with 22023, as by every builder). Refuses a schema that already holds any of them (42P07) or an object of another role (42501); never drops anything';

-- Each builder's run recorded in the schema's model_build (step 90), when
-- the schema has one: the builder, its options and the extension version
-- whose statements it ran.
CREATE FUNCTION iapt_ews.record_model_build(target_schema name, builder text, options jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF to_regclass(format('%I.model_build', target_schema)) IS NOT NULL THEN
        EXECUTE format('INSERT INTO %I.model_build VALUES ($1, $2, $3, CURRENT_USER, now())', target_schema)
            USING builder, options, (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'iapt_ews');
    END IF;
END
$function$;
COMMENT ON FUNCTION iapt_ews.record_model_build(name, text, jsonb) IS
'Internal: for the builders: adds the run of a builder, with its options and the installed iapt_ews version, to the schema''s model_build (when it has one)';

-- The registry of the schemas the builders made: each schema with a
-- model_build table its owner made, with the last build recorded there.
-- Read as the caller: a schema whose model_build the caller may not read
-- is not listed.
CREATE FUNCTION iapt_ews.model_schemas()
RETURNS TABLE(schema_name name, builder text, extension_version text, installed_version text,
              options jsonb, built_by name, built_at timestamptz, builds bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    registered record;
BEGIN
    installed_version := (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'iapt_ews');
    FOR registered IN
        SELECT n.nspname, c.oid AS relation FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = 'model_build' AND c.relkind = 'r' AND c.relowner = n.nspowner
          AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
        ORDER BY n.nspname
    LOOP
        schema_name := registered.nspname;
        EXECUTE format('SELECT b.builder, b.extension_version, b.options, b.built_by, b.built_at, count(*) OVER () FROM %s b ORDER BY b.built_at DESC LIMIT 1',
                       registered.relation::regclass)
            INTO builder, extension_version, options, built_by, built_at, builds;
        RETURN NEXT;
    END LOOP;
END
$function$;
COMMENT ON FUNCTION iapt_ews.model_schemas() IS
'The registry of the schemas the builders made (create_data_model, create_reporting_views, bind_data_set): each schema whose owner made its model_build table and whose model_build the caller may read, with the last build recorded there (builder, options, the iapt_ews version whose statements it ran, who and when), the version installed now and how many builds it records. A schema whose extension_version differs from installed_version keeps the statements of the older version';

-- After DROP EXTENSION iapt_ews CASCADE (which takes the views and
-- policies, never a table) and CREATE EXTENSION, or after installing
-- iapt_ews_postgis later: makes what is missing, touching nothing that is
-- there.
CREATE FUNCTION iapt_ews.complete_data_model(target_schema name, options jsonb DEFAULT '{}')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    present text[];
    statement record;
    policies_missing text[];
    builder_path constant text := pg_catalog.current_setting('search_path');
BEGIN
    -- No option yet: options must be '{}'.
    PERFORM iapt_ews.check_builder_arguments('complete_data_model', target_schema, options, '{}');
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = target_schema) THEN
        RAISE EXCEPTION 'schema "%" does not exist', target_schema
            USING ERRCODE = '3F000', HINT = 'Make the model with iapt_ews.create_data_model first.';
    END IF;
    SELECT pg_catalog.array_agg(c.relname::text) INTO present
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = target_schema;
    present := coalesce(present, '{}');
    PERFORM iapt_ews.check_builder_schema(target_schema, '{}');
    -- Policies of patient tables that are there but have no policy left.
    SELECT pg_catalog.array_agg(o.object_name) INTO policies_missing
    FROM iapt_ews.data_model_objects() o
    WHERE o.layer = 'row_security' AND o.object_name = ANY (present)
      -- The model's own tables only: over a bound data set (a schema with
      -- data_set_binding), referral and the others are views, or tables
      -- that store a view's rows, and have no policies to restore: the
      -- reports filter them by provider instead.
      AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c
                  WHERE c.oid = pg_catalog.format('%I.%I', target_schema, o.object_name)::regclass
                    AND c.relkind = ANY (ARRAY['r', 'p']::"char"[]))
      AND pg_catalog.to_regclass(pg_catalog.format('%I.data_set_binding', target_schema)) IS NULL
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p
                      WHERE p.polrelid = pg_catalog.format('%I.%I', target_schema, o.object_name)::regclass);
    RETURN QUERY SELECT * FROM iapt_ews.run_model_statements(target_schema, ARRAY['reports'], present);
    -- The policies, one statement each, for the tables that lost theirs,
    -- each run on the target schema's path (as run_model_statements does).
    FOR statement IN
        SELECT o.definition FROM iapt_ews.data_model_objects() o
        WHERE o.layer = 'row_security'
          AND o.object_name = ANY (coalesce(policies_missing, '{}'))
        ORDER BY o.step
    LOOP
        PERFORM pg_catalog.set_config('search_path', pg_catalog.format('%I, pg_temp', target_schema), true);
        EXECUTE statement.definition;
        PERFORM pg_catalog.set_config('search_path', builder_path, true);
    END LOOP;
    PERFORM iapt_ews.record_model_build(target_schema, 'complete_data_model', options);
END
$function$;
COMMENT ON FUNCTION iapt_ews.complete_data_model(name, jsonb) IS
'Makes what is missing from a model made by create_data_model, touching nothing that is there: the reporting views (after DROP EXTENSION iapt_ews CASCADE and CREATE EXTENSION, or when iapt_ews_postgis is installed later) and the row-level security policies of tables that have none left; returns the views it made. options: none yet (''{}''; an unknown option is refused with 22023, as by every builder)';
