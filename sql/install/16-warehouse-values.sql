-- ---------------------------------------------------------------------------
-- Values from warehouse tables, converted without raising
-- (src/warehouse_values.c): the views over a warehouse's tables read text
-- columns through these, so that a bad value is NULL (and counted in
-- data_quality) instead of stopping the report. Dates and time stamps are
-- read as ISO (YYYY-MM-DD, also SQL Server's styles 120/121/ODBC), UK
-- (DD/MM/YYYY, day first: never US MM/DD) or SQL Server's default text
-- (Mon DD YYYY HH:MIAM), whatever DateStyle says; a date that is not a real
-- day of 1990-2099 is NULL.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.date_or_null(value text)
RETURNS date
AS 'MODULE_PATHNAME', 'iapt_date_or_null'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.date_or_null(text) IS
'The date of a text in ISO (YYYY-MM-DD, optionally followed by a time as timestamptz_or_null reads it), UK (D/M/YYYY or DD/MM/YYYY, day first, optionally followed by HH:MM[:SS[.f]]; a US MM/DD text is NULL) or SQL Server''s default form (Mon DD YYYY[ HH:MIAM], as CONVERT style 0/100 writes it: English month abbreviations in any case, blank-padded day and hour, 12-hour clock), whatever DateStyle says; NULL when it is none of them, not a real calendar day, or outside 1990-2099. Never raises';

CREATE FUNCTION iapt_ews.timestamptz_or_null(value text)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'iapt_timestamptz_or_null'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.timestamptz_or_null(text) IS
'The time stamp of a text in ISO (YYYY-MM-DD[( |T)HH:MM[:SS[.f]][zone]], which covers SQL Server''s styles 120, 121 and ODBC; zone Z, +HH, +HHMM or +HH:MM), UK (D/M/YYYY or DD/MM/YYYY[ HH:MM[:SS[.f]]], day first; a US MM/DD text is NULL) or SQL Server''s default form (Mon DD YYYY[ HH:MIAM]: 12:00AM is midnight, 12:00PM noon), whatever DateStyle says; a fraction of 1 to 9 digits is cut to microseconds; read in the session time zone when the text has none. NULL when it is none of them, not a real calendar day, or outside 1990-2099. Never raises. STABLE because it depends on the time zone';

CREATE FUNCTION iapt_ews.time_or_null(value text)
RETURNS time
AS 'MODULE_PATHNAME', 'iapt_time_or_null'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.time_or_null(text) IS
'The time of day of an ISO text (HH:MM[:SS[.f]], 24-hour clock; a fraction of 1 to 9 digits, as SQL Server''s time(7) has, is cut to microseconds), or NULL when it is none. Never raises';

CREATE FUNCTION iapt_ews.integer_or_null(value text)
RETURNS integer
AS 'MODULE_PATHNAME', 'iapt_integer_or_null'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.integer_or_null(text) IS
'The whole number of a text of decimal digits (an optional sign, blanks around), or NULL when it is none or outside the integer range. Never raises';

CREATE FUNCTION iapt_ews.boolean_or_null(value text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_boolean_or_null'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.boolean_or_null(text) IS
'The boolean of a text PostgreSQL reads as one (true/false, yes/no, on/off, 1/0, t/f), or NULL. Never raises';

-- The keys of a bound data set (src/warehouse_values.c explains the rule).
CREATE FUNCTION iapt_ews.identifier_problem(value text)
RETURNS text
AS 'MODULE_PATHNAME', 'iapt_identifier_problem'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.identifier_problem(text) IS
'NULL when value can be a key of a bound data set (PathwayID, CareContactId, OrgID_Provider, Person_ID, a submission id: 1 to 64 letters, digits and _ . / -), otherwise why not (empty, longer than 64 characters, other characters). bind_data_set leaves out and counts the rows whose keys are not. Never raises';

-- identifier_problem(value) IS NULL as a filter the planner estimates as
-- real keys are: nearly all pass (src/warehouse_values.c says why).
CREATE FUNCTION iapt_ews.is_identifier_support(internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_is_identifier_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.is_identifier_support(internal) IS
'Internal: planner support of is_identifier: estimates that nearly every row (99.9%) passes it';

CREATE FUNCTION iapt_ews.is_identifier(value text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_is_identifier'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT iapt_ews.is_identifier_support;
COMMENT ON FUNCTION iapt_ews.is_identifier(text) IS
'True when value can be a key of a bound data set (identifier_problem(value) is NULL), NULL for NULL. The bound views filter their keys with it';

-- The SELECT list that gives a warehouse relation's columns the model's
-- names and types. Each source column is read by its own type: a date or
-- time stamp column directly (range-checked), anything else as text through
-- the converters above. A logical column with no source is NULL.
-- With problem_labels (bind_data_set passes the data set's column names),
-- one more column, unusable_values, says what the conversion lost, so that
-- no value is silently NULL: for each column whose value is there (not
-- NULL, not blank) but converted to NULL, its label and why, with the
-- value cut to 20 characters ({"ServDischDate": "not a date of
-- 1990-2099: 31/02/2024"}); NULL when every value converted.
-- data_set_problem counts each.
CREATE FUNCTION iapt_ews.warehouse_select_list(relation regclass, logical_names text[], source_columns text[], logical_types text[],
                                               problem_labels text[] DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    items text[] := '{}';
    -- For unusable_values: when each converted column lost its value, and
    -- that value as the problem shows it.
    lost text[] := '{}';
    lost_items text[] := '{}';
    source_type regtype;
    native boolean;
    ref text;
    expression text;
    present text;
    value_text text;
    problem text;
BEGIN
    IF relation IS NULL OR logical_names IS NULL OR source_columns IS NULL OR logical_types IS NULL
       OR cardinality(logical_names) <> cardinality(source_columns)
       OR cardinality(logical_names) <> cardinality(logical_types)
       OR cardinality(logical_names) <> coalesce(cardinality(problem_labels), cardinality(logical_names)) THEN
        RAISE EXCEPTION 'warehouse_select_list needs a relation and three arrays of one length (four with problem_labels)'
            USING ERRCODE = '22023';
    END IF;
    FOR i IN 1 .. cardinality(logical_names) LOOP
        IF source_columns[i] IS NULL THEN
            items := items || format('NULL::pg_catalog.%s AS %I',
                                     CASE logical_types[i] WHEN 'timestamptz' THEN 'timestamptz' WHEN 'integer' THEN 'int4'
                                                           WHEN 'boolean' THEN 'bool' ELSE logical_types[i] END,
                                     logical_names[i]);
            CONTINUE;
        END IF;
        SELECT a.atttypid::regtype INTO source_type FROM pg_attribute a
        WHERE a.attrelid = relation AND a.attname = source_columns[i] AND a.attnum > 0 AND NOT a.attisdropped;
        IF source_type IS NULL THEN
            RAISE EXCEPTION 'column "%" of relation % does not exist', source_columns[i], relation
                USING ERRCODE = '42703';
        END IF;
        ref := 's.' || quote_ident(source_columns[i]);
        -- Of the logical type's own family: cast (a date range-checked),
        -- not converted from text.
        native := CASE logical_types[i]
            WHEN 'date' THEN source_type IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype)
            WHEN 'timestamptz' THEN source_type IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype)
            WHEN 'time' THEN source_type IN ('time'::regtype, 'time with time zone'::regtype)
            WHEN 'integer' THEN source_type IN ('smallint'::regtype, 'integer'::regtype)
            WHEN 'boolean' THEN source_type = 'boolean'::regtype
            ELSE false END;
        expression := CASE logical_types[i]
            WHEN 'date' THEN CASE
                WHEN native
                THEN format($e$CASE WHEN %1$s::pg_catalog.date OPERATOR(pg_catalog.>=) DATE '1990-01-01' AND %1$s::pg_catalog.date OPERATOR(pg_catalog.<=) DATE '2099-12-31' THEN %1$s::pg_catalog.date END$e$, ref)
                ELSE format('iapt_ews.date_or_null(%s::pg_catalog.text)', ref) END
            WHEN 'timestamptz' THEN CASE
                WHEN native
                THEN format($e$CASE WHEN %1$s::pg_catalog.timestamptz OPERATOR(pg_catalog.>=) TIMESTAMPTZ '1990-01-01 00:00+00' AND %1$s::pg_catalog.timestamptz OPERATOR(pg_catalog.<=) TIMESTAMPTZ '2099-12-31 00:00+00' THEN %1$s::pg_catalog.timestamptz END$e$, ref)
                ELSE format('iapt_ews.timestamptz_or_null(%s::pg_catalog.text)', ref) END
            WHEN 'time' THEN CASE
                WHEN native THEN format('%s::pg_catalog.time', ref)
                ELSE format('iapt_ews.time_or_null(%s::pg_catalog.text)', ref) END
            WHEN 'integer' THEN CASE
                WHEN native THEN format('%s::pg_catalog.int4', ref)
                ELSE format('iapt_ews.integer_or_null(%s::pg_catalog.text)', ref) END
            WHEN 'boolean' THEN CASE
                WHEN native THEN ref
                ELSE format('iapt_ews.boolean_or_null(%s::pg_catalog.text)', ref) END
            WHEN 'text' THEN format($e$NULLIF(pg_catalog.btrim(%s::pg_catalog.text), '')$e$, ref)
            END;
        IF expression IS NULL THEN
            RAISE EXCEPTION 'unknown logical type "%"', logical_types[i]
                USING ERRCODE = '22023', HINT = 'Logical types are date, timestamptz, time, integer, boolean and text.';
        END IF;
        items := items || format('%s AS %I', expression, logical_names[i]);
        -- What can be lost: every value converted from text (there when
        -- not blank: the converters trim blanks and tabs), and a date or
        -- time stamp of its own type outside the range (there when not
        -- NULL). A text column, and a time, whole number or boolean of its
        -- own type, never lose a value.
        value_text := format($e$pg_catalog.btrim(%s::pg_catalog.text, E' \t')$e$, ref);
        present := CASE WHEN native AND logical_types[i] IN ('date', 'timestamptz') THEN format('%s IS NOT NULL', ref)
                        WHEN NOT native AND logical_types[i] <> 'text'
                        THEN format($e$%s OPERATOR(pg_catalog.<>) ''$e$, value_text) END;
        IF problem_labels IS NOT NULL AND present IS NOT NULL THEN
            problem := CASE logical_types[i] WHEN 'date' THEN 'not a date of 1990-2099: '
                                             WHEN 'timestamptz' THEN 'not a time stamp of 1990-2099: '
                                             WHEN 'time' THEN 'not a time: '
                                             WHEN 'integer' THEN 'not a whole number: '
                                             WHEN 'boolean' THEN 'not a boolean: ' END;
            lost := lost || format('(%s AND %s IS NULL)', present, expression);
            lost_items := lost_items
                || format($e$pg_catalog.jsonb_build_object(%L, CASE WHEN %s THEN %L OPERATOR(pg_catalog.||) pg_catalog."left"(%s, 20) END)$e$,
                          problem_labels[i], lost[cardinality(lost)], problem, value_text);
        END IF;
    END LOOP;
    IF problem_labels IS NOT NULL THEN
        -- Only a row that lost a value builds the object.
        items := items || CASE WHEN cardinality(lost) = 0 THEN 'NULL::pg_catalog.jsonb AS unusable_values'
            ELSE format('CASE WHEN %s THEN pg_catalog.jsonb_strip_nulls(%s) END AS unusable_values',
                        array_to_string(lost, ' OR '), array_to_string(lost_items, ' OPERATOR(pg_catalog.||) ')) END;
    END IF;
    RETURN array_to_string(items, E',\n       ');
END
$function$;
COMMENT ON FUNCTION iapt_ews.warehouse_select_list(regclass, text[], text[], text[], text[]) IS
'Internal: for create_reporting_views and bind_data_set: the SELECT list (over alias s) that reads a warehouse relation''s columns as the model''s logical columns and types (date, timestamptz, time, integer, boolean, text), converting text without raising; a NULL source column gives a NULL of the type. With problem_labels (one per column), one more column, unusable_values (jsonb): for each column whose value is there (not NULL, not blank) but converted to NULL (a date outside 1990-2099 too), its label and the problem with the value cut to 20 characters, such as {"ServDischDate": "not a date of 1990-2099: 31/02/2024"}; NULL when nothing was lost';
