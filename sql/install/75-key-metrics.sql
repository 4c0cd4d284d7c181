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
    bad_type text;
    has_bad_type boolean;
    target_missing text;
    loaded bigint;
BEGIN
    -- Phase 1: the target must be an organisation table.
    SELECT string_agg(c, ', ') INTO target_missing
    FROM unnest(ARRAY['org_code', 'org_type', 'org_name', 'parent_code', 'successor_code', 'valid_from', 'valid_to']) c
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
    -- Phase 3: every type must be one the model knows (ODS words allowed).
    EXECUTE format($q$SELECT true, t FROM (SELECT %s::text AS t FROM %s) s
                     WHERE t IS NULL OR iapt_ews.organisation_type(t) IS NULL LIMIT 1$q$,
                   quote_ident(source_column ->> 'org_type'), staging)
        INTO has_bad_type, bad_type;
    IF has_bad_type THEN
        RAISE EXCEPTION 'organisation type "%" is not known', bad_type
            USING ERRCODE = '22023',
                  HINT = 'Types are provider, sub_icb (Sub-ICB location, CCG), icb (STP) and region (Commissioning Region).';
    END IF;
    -- Phase 4: insert, or update the row of the same code, type and start.
    EXECUTE format($q$
        INSERT INTO %s (org_code, org_type, org_name, parent_code, successor_code, valid_from, valid_to)
        SELECT upper(btrim(s.org_code)), iapt_ews.organisation_type(s.org_type), btrim(s.org_name),
               upper(nullif(btrim(s.parent_code), '')), upper(nullif(btrim(s.successor_code), '')),
               coalesce(nullif(btrim(s.valid_from), '')::date, DATE '1990-01-01'),
               nullif(btrim(s.valid_to), '')::date
        FROM (SELECT %s::text AS org_code, %s::text AS org_type, %s::text AS org_name, %s::text AS parent_code,
                     %s::text AS successor_code, %s::text AS valid_from, %s::text AS valid_to
              FROM %s) s
        ON CONFLICT (org_type, org_code, valid_from) DO UPDATE
        SET org_name = EXCLUDED.org_name, parent_code = EXCLUDED.parent_code,
            successor_code = EXCLUDED.successor_code, valid_to = EXCLUDED.valid_to$q$,
        target,
        quote_ident(source_column ->> 'org_code'), quote_ident(source_column ->> 'org_type'),
        quote_ident(source_column ->> 'org_name'),
        coalesce(quote_ident(source_column ->> 'parent_code'), 'NULL'),
        coalesce(quote_ident(source_column ->> 'successor_code'), 'NULL'),
        coalesce(quote_ident(source_column ->> 'valid_from'), 'NULL'),
        coalesce(quote_ident(source_column ->> 'valid_to'), 'NULL'),
        staging);
    GET DIAGNOSTICS loaded = ROW_COUNT;
    RETURN loaded;
END
$function$;
COMMENT ON FUNCTION iapt_ews.load_organisations(regclass, regclass) IS
'Loads the organisation hierarchy into target (a model''s organisation table) from a staging table the user filled with \copy (data/org_hierarchy.csv, or NHS England''s ODS layout: Organisation_Code, Organisation_Name, Organisation_Type, Parent_Code, Effective_From, Effective_To, Successor_Code; columns found by name); a row with the same type, code and start date is updated; returns the rows loaded. Runs with the caller''s rights';


-- @model_statements key_metrics
