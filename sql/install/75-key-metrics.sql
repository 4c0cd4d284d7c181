-- ---------------------------------------------------------------------------
-- Key metrics (docs/reporting.md, "NHS England's key metrics"): the
-- statements of the reports after NHS England's Key Metrics dashboard and
-- the PDT dashboard's repeat referrals, at every level of the organisation
-- hierarchy, run in a schema of the caller's by the builders (70-model.sql).
--
--   referral_level                   each referral's organisation at each level
--   key_metrics                      NHS England's key-metrics dashboard
--   key_metrics_published            the same with disclosure control
--   equality_metrics                 outcomes by ethnicity, age, gender, IMD
--   equality_metrics_published       the same with disclosure control
--   repeat_referrals                 PDT 2.14 repeat referrals, by day band
--   repeat_referrals_published       the same with disclosure control
--
-- Every view reads referral_outcome (the visible providers only, 74-views.sql)
-- or joins what it reads to it, so nothing of a provider the caller may not
-- see is counted. Levels follow organisation as it is now: a provider or a
-- sub-ICB is reported under its last successor, a sub-ICB under its current
-- ICB and region, as NHS England's scripts do.
--
-- Also here: iapt_ews.proportion_interval (Wilson's interval of a
-- proportion) and iapt_ews.load_organisations (the hierarchy from a staging
-- table the user filled with \copy).
-- ---------------------------------------------------------------------------

-- In C (src/compare_rates.c), from the same Wilson interval compare_rates
-- builds its Newcombe interval from, so the interval is written once.
CREATE FUNCTION iapt_ews.proportion_interval(
    successes bigint, total bigint,
    OUT rate float8, OUT ci_low float8, OUT ci_high float8)
AS 'MODULE_PATHNAME', 'iapt_proportion_interval'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.proportion_interval(bigint, bigint) IS
'A proportion successes / total with its 95% Wilson score interval (docs/statistics.md); all NULL when total is 0; an error when successes is not between 0 and total';

CREATE FUNCTION iapt_ews.organisation_type(ods_type text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT CASE regexp_replace(lower(ods_type), '[^a-z]', '', 'g')
           WHEN 'provider' THEN 'provider'
           WHEN 'trust' THEN 'provider'
           WHEN 'subicb' THEN 'sub_icb'
           WHEN 'subicblocation' THEN 'sub_icb'
           WHEN 'ccg' THEN 'sub_icb'
           WHEN 'icb' THEN 'icb'
           WHEN 'stp' THEN 'icb'
           WHEN 'integratedcareboard' THEN 'icb'
           WHEN 'region' THEN 'region'
           WHEN 'commissioningregion' THEN 'region'
       END
$function$;
COMMENT ON FUNCTION iapt_ews.organisation_type(text) IS
'An organisation type as the model stores it (provider, sub_icb, icb, region) from the model''s word or an ODS / NHS England one (Sub-ICB location, CCG, STP, Integrated Care Board, Commissioning Region, trust); NULL for anything else';

-- The staging rows of load_organisations, as text arrays, in the
-- organisation table's shape: codes in upper case, the type in the model's
-- words, blanks NULL, a missing start date the start of 1990.
CREATE FUNCTION iapt_ews.organisation_rows(
    codes text[], types text[], names text[], parents text[], successors text[], valid_froms text[], valid_tos text[],
    OUT org_code text, OUT org_type text, OUT org_name text, OUT parent_code text, OUT successor_code text,
    OUT valid_from date, OUT valid_to date)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
SELECT upper(btrim(s.code)), iapt_ews.organisation_type(s.type), btrim(s.name),
       upper(nullif(btrim(s.parent), '')), upper(nullif(btrim(s.successor), '')),
       coalesce(nullif(btrim(s.valid_from), '')::date, DATE '1990-01-01'),
       nullif(btrim(s.valid_to), '')::date
FROM unnest(codes, types, names, parents, successors, valid_froms, valid_tos)
     s(code, type, name, parent, successor, valid_from, valid_to)
$function$;
COMMENT ON FUNCTION iapt_ews.organisation_rows(text[], text[], text[], text[], text[], text[], text[]) IS
'Internal: for load_organisations: the staging table''s rows, read as text arrays, in the organisation table''s shape (codes upper case, the type in the model''s words, blanks NULL, a missing start 1990-01-01); STABLE because the dates are read under DateStyle';

-- The organisation hierarchy from rows the user loaded into a staging table
-- (\copy needs no superuser right; COPY FROM a server file would). The
-- staging table's columns are found by name, so the repository's
-- data/org_hierarchy.csv and NHS England's ODS reference layout
-- (Organisation_Code, Organisation_Name, Effective_From, ...) both load.
CREATE FUNCTION iapt_ews.load_organisations(target regclass, staging regclass)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    -- Logical column -> the staging column names it may have, compared in
    -- lower case without spaces, underscores or other punctuation.
    synonyms constant jsonb := '{
        "org_code": ["orgcode", "organisationcode", "organizationcode", "code"],
        "org_name": ["orgname", "organisationname", "organizationname", "name"],
        "org_type": ["orgtype", "organisationtype", "organizationtype", "type"],
        "parent_code": ["parentcode", "parentorganisationcode", "parent"],
        "valid_from": ["validfrom", "effectivefrom", "startdate"],
        "valid_to": ["validto", "effectiveto", "enddate"],
        "successor_code": ["successorcode", "successor", "successororganisationcode"]}';
    required constant text[] := ARRAY['org_code', 'org_name', 'org_type'];
    source_column jsonb := '{}';
    logical text;
    found_column name;
    -- The columns of the organisation table, in the order the staging rows
    -- are read.
    logical_columns constant text[] := ARRAY['org_code', 'org_type', 'org_name', 'parent_code', 'successor_code', 'valid_from', 'valid_to'];
    codes text[];
    types text[];
    names text[];
    parents text[];
    successors text[];
    valid_froms text[];
    valid_tos text[];
    bad_type text;
    target_missing text;
    loaded bigint;
BEGIN
    -- Phase 1: the target must be an organisation table.
    SELECT string_agg(c, ', ') INTO target_missing
    FROM unnest(logical_columns) c
    WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = target AND a.attname = c AND a.attnum > 0 AND NOT a.attisdropped);
    IF target_missing IS NOT NULL THEN
        RAISE EXCEPTION 'relation % is not an organisation table', target
            USING ERRCODE = '42703',
                  DETAIL = format('Missing columns: %s.', target_missing),
                  HINT = 'Pass the organisation table of a model made by iapt_ews.create_data_model.';
    END IF;
    -- Phase 2: find each logical column among the staging table's columns.
    FOR logical IN SELECT jsonb_object_keys(synonyms) LOOP
        SELECT a.attname INTO found_column
        FROM pg_attribute a
        WHERE a.attrelid = staging AND a.attnum > 0 AND NOT a.attisdropped
          AND regexp_replace(lower(a.attname), '[^a-z0-9]', '', 'g')
              IN (SELECT jsonb_array_elements_text(synonyms -> logical))
        ORDER BY a.attnum LIMIT 1;
        IF found_column IS NOT NULL THEN
            source_column := source_column || jsonb_build_object(logical, found_column);
        ELSIF logical = ANY (required) THEN
            RAISE EXCEPTION 'staging table % has no column for %', staging, logical
                USING ERRCODE = '42703',
                      DETAIL = format('Names accepted: %s.', synonyms -> logical),
                      HINT = 'Rename the column, or \copy the CSV into a table with these column names.';
        END IF;
    END LOOP;
    -- Phase 3: the staging rows, as text arrays in the order of logical_columns.
    EXECUTE format('SELECT %s FROM %s',
                   (SELECT string_agg(format('array_agg(%s::text)', coalesce(quote_ident(source_column ->> c), 'NULL')), ', ' ORDER BY i)
                    FROM unnest(logical_columns) WITH ORDINALITY x(c, i)),
                   staging)
        INTO codes, types, names, parents, successors, valid_froms, valid_tos;
    -- Phase 4: every type must be one the model knows (ODS words allowed).
    SELECT x.t INTO bad_type FROM unnest(types) x(t) WHERE x.t IS NULL OR iapt_ews.organisation_type(x.t) IS NULL LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'organisation type "%" is not known', bad_type
            USING ERRCODE = '22023',
                  HINT = 'Types are provider, sub_icb (Sub-ICB location, CCG), icb (STP) and region (Commissioning Region).';
    END IF;
    -- Phase 5: insert, or update the row of the same code, type and start.
    EXECUTE format('INSERT INTO %s (org_code, org_type, org_name, parent_code, successor_code, valid_from, valid_to) SELECT * FROM iapt_ews.organisation_rows($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (org_type, org_code, valid_from) DO UPDATE SET org_name = EXCLUDED.org_name, parent_code = EXCLUDED.parent_code, successor_code = EXCLUDED.successor_code, valid_to = EXCLUDED.valid_to', target)
        USING codes, types, names, parents, successors, valid_froms, valid_tos;
    GET DIAGNOSTICS loaded = ROW_COUNT;
    RETURN loaded;
END
$function$;
COMMENT ON FUNCTION iapt_ews.load_organisations(regclass, regclass) IS
'Loads the organisation hierarchy into target (a model''s organisation table) from a staging table the user filled with \copy (data/org_hierarchy.csv, or NHS England''s ODS layout: Organisation_Code, Organisation_Name, Organisation_Type, Parent_Code, Effective_From, Effective_To, Successor_Code; columns found by name); a row with the same type, code and start date is updated; returns the rows loaded. Runs with the caller''s rights';


-- @model_statements key_metrics
