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

CREATE FUNCTION iapt_ews.proportion_interval(
    successes bigint, total bigint,
    OUT rate float8, OUT ci_low float8, OUT ci_high float8)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    z constant float8 := 1.959963984540054;   -- two-sided 95%
    spread float8;
BEGIN
    IF total < 0 OR successes < 0 OR successes > total THEN
        RAISE EXCEPTION 'successes % of total % is not a proportion', successes, total
            USING ERRCODE = '22023',
                  DETAIL = 'A proportion needs 0 <= successes <= total.',
                  HINT = 'Pass the count of successes and the count of trials.';
    END IF;
    IF total = 0 THEN
        RETURN;   -- no trials: no rate and no interval
    END IF;
    rate := successes::float8 / total;
    -- Wilson (1927): the same interval compare_rates builds its
    -- Newcombe interval from (src/compare_rates.c).
    spread := z * sqrt(z * z + 4.0 * successes * (total - successes) / total);
    ci_low := greatest(0.0, (2.0 * successes + z * z - spread) / (2.0 * (total + z * z)));
    ci_high := least(1.0, (2.0 * successes + z * z + spread) / (2.0 * (total + z * z)));
END
$function$;
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


CREATE FUNCTION iapt_ews.model_objects_key_metrics()
RETURNS SETOF iapt_ews.model_statement
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
-- key_metrics_cells has two statements: with care_activity (the
-- appointments by intensity) and, for create_reporting_views, which makes
-- no care_activity, without it (by_intensity false: key_metrics then shows
-- those three columns NULL). The builder runs the first whose inputs are
-- there and skips the other, as the object then exists.
WITH key_metrics_statement(ord, activity, reads) AS (VALUES
    (1, 'SELECT contact_id, procedure_code FROM care_activity',
     '{referral_outcome,care_contact,care_activity}'::text[]),
    (2, 'SELECT NULL::text AS contact_id, NULL::text AS procedure_code WHERE false',
     '{referral_outcome,care_contact}'::text[]))
SELECT 329, 'organisation_level', 'view', 'reports', '{referral_outcome,organisation}'::text[], $ddl$
-- Each combination of provider, service and commissioner the caller's
-- referrals have (a cell), placed at the six levels it is reported at.
-- The reports count per cell first and add the cells up to each level:
-- a few hundred cells, where placing each referral six times made six
-- rows per referral to count.
CREATE VIEW organisation_level WITH (security_barrier = true) AS
WITH RECURSIVE
organisation_now AS (
    -- Each organisation as it is now: its open row, else its latest.
    SELECT DISTINCT ON (o.org_type, o.org_code) o.org_type, o.org_code, o.org_name, o.parent_code, o.successor_code
    FROM organisation o
    ORDER BY o.org_type, o.org_code, o.valid_to IS NULL DESC, o.valid_from DESC),
succession (org_type, org_code, current_code, depth) AS (
    -- A merged organisation's successor, its successor's, ... (at most 20
    -- steps, so a cycle in the data cannot loop).
    SELECT org_type, org_code, org_code, 0 FROM organisation_now
    UNION ALL
    SELECT s.org_type, s.org_code, n.successor_code, s.depth + 1
    FROM succession s
    JOIN organisation_now n ON n.org_type = s.org_type AND n.org_code = s.current_code
    WHERE n.successor_code IS NOT NULL AND n.successor_code <> n.org_code AND s.depth < 20),
last_successor AS (
    SELECT DISTINCT ON (org_type, org_code) org_type, org_code, current_code
    FROM succession ORDER BY org_type, org_code, depth DESC),
cell AS (
    SELECT DISTINCT ro.provider_code, ro.service_id, ro.commissioner_code FROM referral_outcome ro),
placed AS (
    SELECT c.provider_code AS cell_provider_code, c.service_id AS cell_service_id,
           c.commissioner_code AS cell_commissioner_code, c.service_id,
           coalesce(ps.current_code, c.provider_code) AS provider_code,
           cs.current_code AS sub_icb_code
    FROM cell c
    LEFT JOIN last_successor ps ON ps.org_type = 'provider' AND ps.org_code = c.provider_code
    LEFT JOIN last_successor cs ON cs.org_type = 'sub_icb' AND cs.org_code = c.commissioner_code),
named AS (
    SELECT p.cell_provider_code, p.cell_service_id, p.cell_commissioner_code,
           p.service_id, p.provider_code, prov.org_name AS provider_name,
           pregion.org_code AS provider_region_code, pregion.org_name AS provider_region_name,
           sub.org_code AS sub_icb_code, sub.org_name AS sub_icb_name,
           icb.org_code AS icb_code, icb.org_name AS icb_name,
           region.org_code AS region_code, region.org_name AS region_name
    FROM placed p
    LEFT JOIN organisation_now prov ON prov.org_type = 'provider' AND prov.org_code = p.provider_code
    LEFT JOIN organisation_now picb ON picb.org_type = 'icb' AND picb.org_code = prov.parent_code
    LEFT JOIN organisation_now pregion ON pregion.org_type = 'region' AND pregion.org_code = picb.parent_code
    LEFT JOIN organisation_now sub ON sub.org_type = 'sub_icb' AND sub.org_code = p.sub_icb_code
    LEFT JOIN organisation_now icb ON icb.org_type = 'icb' AND icb.org_code = sub.parent_code
    LEFT JOIN organisation_now region ON region.org_type = 'region' AND region.org_code = icb.parent_code)
-- Commissioner levels as NHS England's scripts: a commissioner the
-- hierarchy does not place is 'Other'.
SELECT n.cell_provider_code, n.cell_service_id, n.cell_commissioner_code, l.*
FROM named n
CROSS JOIN LATERAL (VALUES
    ('national', 'National', 'England', 'England', 'England', 'England', NULL, NULL),
    ('region', 'Region', coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'),
     coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'), NULL, NULL),
    ('icb', 'ICB', coalesce(n.icb_code, 'Other'), coalesce(n.icb_name, 'Other'),
     coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'), NULL, NULL),
    ('sub_icb', 'Sub-ICB', coalesce(n.sub_icb_code, 'Other'), coalesce(n.sub_icb_name, 'Other'),
     coalesce(n.region_code, 'Other'), coalesce(n.region_name, 'Other'), NULL, NULL),
    ('provider', 'Provider', n.provider_code, n.provider_name,
     n.provider_region_code, n.provider_region_name, n.provider_code, NULL),
    ('service', 'Service', n.service_id, n.service_id,
     n.provider_region_code, n.provider_region_name, n.provider_code, n.service_id))
    l(level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id);
COMMENT ON VIEW organisation_level IS 'Each combination of provider, service and commissioner of the referrals provider_access grants the caller, six times: once for each level it is reported at (national, region, ICB and sub-ICB of the commissioner, provider, service), with the organisation as the hierarchy stands now: a merged provider or sub-ICB under its last successor (organisation.successor_code), as NHS England''s scripts do. referral_level and the key-metrics reports read it';
COMMENT ON COLUMN organisation_level.cell_provider_code IS 'The referrals'' provider code as recorded (referral_outcome.provider_code)';
COMMENT ON COLUMN organisation_level.cell_service_id IS 'The referrals'' service (referral_outcome.service_id)';
COMMENT ON COLUMN organisation_level.cell_commissioner_code IS 'The referrals'' commissioner (referral_outcome.commissioner_code; NULL when not recorded)';
COMMENT ON COLUMN organisation_level.level IS 'national, region, icb, sub_icb, provider or service';
COMMENT ON COLUMN organisation_level.group_type IS 'The level as NHS England''s dashboard names it (GroupType): National, Region, ICB, Sub-ICB, Provider (not in the dashboard), Service (not in the dashboard)';
COMMENT ON COLUMN organisation_level.organisation_code IS 'England, the region, ICB or sub-ICB of the commissioner (Other when the hierarchy does not place it), the provider (its last successor) or the service (Organisation Code)';
COMMENT ON COLUMN organisation_level.organisation_name IS 'Its name from organisation (Organisation Name); NULL for a provider that organisation does not name';
COMMENT ON COLUMN organisation_level.region_code IS 'NHS England region of the row (RegionCodeComm): the commissioner''s at commissioner levels, the provider''s at provider and service levels';
COMMENT ON COLUMN organisation_level.region_name IS 'Its name (RegionNameComm)';
COMMENT ON COLUMN organisation_level.provider_code IS 'Provider (its last successor) on provider and service rows';
COMMENT ON COLUMN organisation_level.service_id IS 'Service on service rows';
$ddl$
UNION ALL
SELECT 330, 'referral_level', 'view', 'reports', '{referral_outcome,organisation_level}'::text[], $ddl$
CREATE VIEW referral_level WITH (security_barrier = true) AS
SELECT ro.pathway_id, l.level, l.group_type, l.organisation_code, l.organisation_name, l.region_code, l.region_name,
       l.provider_code, l.service_id
FROM referral_outcome ro
JOIN organisation_level l ON coalesce(l.cell_provider_code, '') = coalesce(ro.provider_code, '')
                         AND coalesce(l.cell_service_id, '') = coalesce(ro.service_id, '')
                         AND coalesce(l.cell_commissioner_code, '') = coalesce(ro.commissioner_code, '');
COMMENT ON VIEW referral_level IS 'Each referral (of the providers provider_access grants the caller) six times: once for each level it is reported at (national, region, ICB and sub-ICB of its commissioner, provider, service), with the organisation as the hierarchy stands now: a merged provider or sub-ICB under its last successor (organisation.successor_code), as NHS England''s scripts do';
COMMENT ON COLUMN referral_level.pathway_id IS 'PathwayID: the referral';
SELECT iapt_ews.copy_column_comments('organisation_level'::regclass, 'referral_level'::regclass);
$ddl$
UNION ALL
SELECT 330 + s.ord, 'key_metrics_cells', 'view', 'reports', s.reads, replace(replace($ddl$
-- key_metrics counted per month and cell (provider, service, commissioner):
-- every count of the dashboard is a sum over cells, so key_metrics adds the
-- cells of each level up. Over a stored data set the cells of every
-- provider are stored at each refresh (key_metrics_cells_all) and this view
-- is made over them instead (the statement after this one).
CREATE VIEW key_metrics_cells WITH (security_barrier = true) AS
WITH ro AS (
    SELECT r.*, coalesce(r.provider_code, '') AS provider_key, coalesce(r.service_id, '') AS service_key,
           coalesce(r.commissioner_code, '') AS commissioner_key,
           -- The referral's first and the day after its last day as UK
           -- instants, once a referral, so that each contact is compared
           -- as it is stored rather than converted to a UK date each time.
           r.referral_date::timestamp AT TIME ZONE 'Europe/London' AS referral_starts_at,
           (r.discharge_date + 1)::timestamp AT TIME ZONE 'Europe/London' AS discharge_ends_at
    FROM referral_outcome r),
-- One row per referral and the month of each of its events.
referral_event AS (
    SELECT ro.*, e.kind, e.month
    FROM ro
    CROSS JOIN LATERAL (VALUES
        ('referred', date_trunc('month', ro.referral_date::timestamp)::date),
        ('access', date_trunc('month', ro.first_treatment_date::timestamp)::date),
        ('second', date_trunc('month', ro.second_treatment_date::timestamp)::date),
        ('ended', date_trunc('month', ro.discharge_date::timestamp)::date)) e(kind, month)
    WHERE e.month IS NOT NULL),
report_month AS (
    SELECT DISTINCT month, (month + interval '1 month' - interval '1 day')::date AS month_end
    FROM referral_event),
-- Contacts of the referrals in referral_outcome only (the visible
-- providers), dated within their referral.
contact AS (
    SELECT c.contact_id, c.pathway_id, c.attended, c.consultation_mechanism,
           c.appointment_type IN ('treatment', 'assessment_and_treatment', 'review_and_treatment') AS treatment,
           (c.contact_at AT TIME ZONE 'Europe/London')::date AS contact_date,
           ro.provider_key, ro.service_key, ro.commissioner_key
    FROM care_contact c JOIN ro ON ro.pathway_id = c.pathway_id
    WHERE c.contact_at >= ro.referral_starts_at
      AND (ro.discharge_date IS NULL OR c.contact_at < ro.discharge_ends_at)),
-- Each referral's attended treatment sessions, by date.
treatment_dates AS (
    SELECT c.pathway_id, array_agg(c.contact_date ORDER BY c.contact_date) AS dates
    FROM contact c WHERE c.attended AND c.treatment
    GROUP BY c.pathway_id),
-- Referrals open at a month's end (not discharged by then), with their
-- treatment sessions up to that day: width_bucket counts the sorted dates
-- on or before it, and the last of those is the latest session. (One
-- binary search per referral and month, not a join of every month's open
-- referrals to their contacts.)
open_referral AS (
    SELECT m.month, ro.provider_key, ro.service_key, ro.commissioner_key, n.sessions,
           m.month_end - t.dates[n.sessions] AS days_since_treatment
    FROM report_month m
    JOIN ro ON ro.referral_date <= m.month_end AND (ro.discharge_date IS NULL OR ro.discharge_date > m.month_end)
    LEFT JOIN treatment_dates t ON t.pathway_id = ro.pathway_id
    CROSS JOIN LATERAL (SELECT coalesce(width_bucket(m.month_end, t.dates), 0) AS sessions) n),
-- Attended appointments of any type, by the month they took place.
appointment AS (
    SELECT c.provider_key, c.service_key, c.commissioner_key,
           date_trunc('month', c.contact_date::timestamp)::date AS month, c.contact_id,
           iapt_ews.is_face_to_face(c.consultation_mechanism) AS face_to_face,
           coalesce(a.low_intensity, false) AS low_intensity, coalesce(a.high_intensity, false) AS high_intensity
    FROM contact c
    LEFT JOIN (SELECT ca.contact_id,
                      bool_or(iapt_ews.procedure_intensity(ca.procedure_code) = 'low') AS low_intensity,
                      bool_or(iapt_ews.procedure_intensity(ca.procedure_code) = 'high') AS high_intensity
               FROM ({activity}) ca GROUP BY ca.contact_id) a ON a.contact_id = c.contact_id
    WHERE c.attended AND c.contact_date IS NOT NULL),
-- Counted per month and cell (provider, service, commissioner) first, then
-- each level adds up its cells (organisation_level): every count is a sum
-- over its cells, and a cell is a few hundred referrals, not six rows per
-- referral. The median is not a sum: it is taken per level (median_wait).
event_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(*) FILTER (WHERE kind = 'referred') AS count_referrals,
           count(*) FILTER (WHERE kind = 'access') AS count_access,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND recovered) AS count_recovery,
           count(*) FILTER (WHERE kind = 'ended' AND finished) AS count_finished_course_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND not_case_at_start) AS count_not_at_caseness,
           count(*) FILTER (WHERE kind = 'ended' AND first_treatment_date IS NULL) AS ended_before_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND treatment_sessions = 1) AS ended_treated_once,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND days_to_first_treatment <= 42) AS count_first_treatment_6_weeks_finished,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND days_to_first_treatment <= 126) AS count_first_treatment_18_weeks_finished,
           count(*) FILTER (WHERE kind = 'second' AND second_treatment_date - first_treatment_date > 28) AS count_first_to_second_over_28_days,
           count(*) FILTER (WHERE kind = 'second' AND second_treatment_date - first_treatment_date > 90) AS count_first_to_second_over_90_days,
           count(*) FILTER (WHERE kind = 'second') AS count_second_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_recovered) AS count_reliable_recovery,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_improved) AS count_improvement,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_deteriorated) AS count_deterioration,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND iapt_ews.bme_group(ethnic_category) = 'White British') AS count_finished_wb,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND not_case_at_start AND iapt_ews.bme_group(ethnic_category) = 'White British') AS count_not_at_caseness_wb,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND recovered AND iapt_ews.bme_group(ethnic_category) = 'White British') AS count_recovery_wb,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND iapt_ews.bme_group(ethnic_category) = 'BME') AS count_finished_em,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND not_case_at_start AND iapt_ews.bme_group(ethnic_category) = 'BME') AS count_not_at_caseness_em,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND recovered AND iapt_ews.bme_group(ethnic_category) = 'BME') AS count_recovery_em,
           sum(days_to_first_treatment) FILTER (WHERE kind = 'ended' AND finished) AS wait_days,
           count(days_to_first_treatment) FILTER (WHERE kind = 'ended' AND finished) AS waits
    FROM referral_event
    GROUP BY 1, 2, 3, 4),
open_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(*) FILTER (WHERE days_since_treatment > 90) AS open_referral_over_90_days_no_contact,
           count(*) FILTER (WHERE days_since_treatment IS NOT NULL) AS open_referral,
           count(*) FILTER (WHERE days_since_treatment > 90 AND sessions > 1) AS open_referral_over_90_days_no_contact_2_apps
    FROM open_referral
    GROUP BY 1, 2, 3, 4),
appointment_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(DISTINCT contact_id) FILTER (WHERE low_intensity) AS li_apts,
           count(DISTINCT contact_id) FILTER (WHERE high_intensity) AS hi_apts,
           count(DISTINCT contact_id) FILTER (WHERE low_intensity OR high_intensity) AS hili_apts,
           count(DISTINCT contact_id) FILTER (WHERE face_to_face) AS f2f_apts,
           count(DISTINCT contact_id) FILTER (WHERE NOT face_to_face) AS non_f2f_apts,
           count(DISTINCT contact_id) FILTER (WHERE face_to_face IS NOT NULL) AS apts
    FROM appointment
    GROUP BY 1, 2, 3, 4),
-- One row per part (events, open referrals, appointments), each with the
-- others' counts NULL, so that a query of one month reaches into each
-- part (a qual on month passes through UNION ALL and each GROUP BY).
cell_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count_referrals, count_access, count_recovery, count_finished_course_treatment,
           count_not_at_caseness, ended_before_treatment, ended_treated_once,
           count_first_treatment_6_weeks_finished, count_first_treatment_18_weeks_finished,
           count_first_to_second_over_28_days, count_first_to_second_over_90_days, count_second_treatment,
           count_reliable_recovery, count_improvement, count_deterioration, count_finished_wb,
           count_not_at_caseness_wb, count_recovery_wb, count_finished_em, count_not_at_caseness_em,
           count_recovery_em, wait_days, waits, NULL::bigint AS open_referral_over_90_days_no_contact,
           NULL::bigint AS open_referral, NULL::bigint AS open_referral_over_90_days_no_contact_2_apps,
           NULL::bigint AS li_apts, NULL::bigint AS hi_apts, NULL::bigint AS hili_apts,
           NULL::bigint AS f2f_apts, NULL::bigint AS non_f2f_apts, NULL::bigint AS apts
    FROM event_counts
    UNION ALL
    SELECT month, provider_key, service_key, commissioner_key,
           NULL::bigint AS count_referrals, NULL::bigint AS count_access, NULL::bigint AS count_recovery,
           NULL::bigint AS count_finished_course_treatment, NULL::bigint AS count_not_at_caseness,
           NULL::bigint AS ended_before_treatment, NULL::bigint AS ended_treated_once,
           NULL::bigint AS count_first_treatment_6_weeks_finished,
           NULL::bigint AS count_first_treatment_18_weeks_finished,
           NULL::bigint AS count_first_to_second_over_28_days,
           NULL::bigint AS count_first_to_second_over_90_days, NULL::bigint AS count_second_treatment,
           NULL::bigint AS count_reliable_recovery, NULL::bigint AS count_improvement,
           NULL::bigint AS count_deterioration, NULL::bigint AS count_finished_wb,
           NULL::bigint AS count_not_at_caseness_wb, NULL::bigint AS count_recovery_wb,
           NULL::bigint AS count_finished_em, NULL::bigint AS count_not_at_caseness_em,
           NULL::bigint AS count_recovery_em, NULL::bigint AS wait_days, NULL::bigint AS waits,
           open_referral_over_90_days_no_contact, open_referral,
           open_referral_over_90_days_no_contact_2_apps, NULL::bigint AS li_apts, NULL::bigint AS hi_apts,
           NULL::bigint AS hili_apts, NULL::bigint AS f2f_apts, NULL::bigint AS non_f2f_apts,
           NULL::bigint AS apts
    FROM open_counts
    UNION ALL
    SELECT month, provider_key, service_key, commissioner_key,
           NULL::bigint AS count_referrals, NULL::bigint AS count_access, NULL::bigint AS count_recovery,
           NULL::bigint AS count_finished_course_treatment, NULL::bigint AS count_not_at_caseness,
           NULL::bigint AS ended_before_treatment, NULL::bigint AS ended_treated_once,
           NULL::bigint AS count_first_treatment_6_weeks_finished,
           NULL::bigint AS count_first_treatment_18_weeks_finished,
           NULL::bigint AS count_first_to_second_over_28_days,
           NULL::bigint AS count_first_to_second_over_90_days, NULL::bigint AS count_second_treatment,
           NULL::bigint AS count_reliable_recovery, NULL::bigint AS count_improvement,
           NULL::bigint AS count_deterioration, NULL::bigint AS count_finished_wb,
           NULL::bigint AS count_not_at_caseness_wb, NULL::bigint AS count_recovery_wb,
           NULL::bigint AS count_finished_em, NULL::bigint AS count_not_at_caseness_em,
           NULL::bigint AS count_recovery_em, NULL::bigint AS wait_days, NULL::bigint AS waits,
           NULL::bigint AS open_referral_over_90_days_no_contact, NULL::bigint AS open_referral,
           NULL::bigint AS open_referral_over_90_days_no_contact_2_apps, li_apts, hi_apts, hili_apts,
           f2f_apts, non_f2f_apts, apts
    FROM appointment_counts)
SELECT month, provider_key, service_key, commissioner_key, {by_intensity} AS by_intensity,
       coalesce(sum(count_referrals), 0)::bigint AS count_referrals,
       coalesce(sum(count_access), 0)::bigint AS count_access,
       coalesce(sum(count_recovery), 0)::bigint AS count_recovery,
       coalesce(sum(count_finished_course_treatment), 0)::bigint AS count_finished_course_treatment,
       coalesce(sum(count_not_at_caseness), 0)::bigint AS count_not_at_caseness,
       coalesce(sum(ended_before_treatment), 0)::bigint AS ended_before_treatment,
       coalesce(sum(ended_treated_once), 0)::bigint AS ended_treated_once,
       coalesce(sum(count_first_treatment_6_weeks_finished), 0)::bigint AS count_first_treatment_6_weeks_finished,
       coalesce(sum(count_first_treatment_18_weeks_finished), 0)::bigint AS count_first_treatment_18_weeks_finished,
       coalesce(sum(count_first_to_second_over_28_days), 0)::bigint AS count_first_to_second_over_28_days,
       coalesce(sum(count_first_to_second_over_90_days), 0)::bigint AS count_first_to_second_over_90_days,
       coalesce(sum(count_second_treatment), 0)::bigint AS count_second_treatment,
       coalesce(sum(count_reliable_recovery), 0)::bigint AS count_reliable_recovery,
       coalesce(sum(count_improvement), 0)::bigint AS count_improvement,
       coalesce(sum(count_deterioration), 0)::bigint AS count_deterioration,
       coalesce(sum(count_finished_wb), 0)::bigint AS count_finished_wb,
       coalesce(sum(count_not_at_caseness_wb), 0)::bigint AS count_not_at_caseness_wb,
       coalesce(sum(count_recovery_wb), 0)::bigint AS count_recovery_wb,
       coalesce(sum(count_finished_em), 0)::bigint AS count_finished_em,
       coalesce(sum(count_not_at_caseness_em), 0)::bigint AS count_not_at_caseness_em,
       coalesce(sum(count_recovery_em), 0)::bigint AS count_recovery_em,
       coalesce(sum(wait_days), 0)::bigint AS wait_days,
       coalesce(sum(waits), 0)::bigint AS waits,
       coalesce(sum(open_referral_over_90_days_no_contact), 0)::bigint AS open_referral_over_90_days_no_contact,
       coalesce(sum(open_referral), 0)::bigint AS open_referral,
       coalesce(sum(open_referral_over_90_days_no_contact_2_apps), 0)::bigint AS open_referral_over_90_days_no_contact_2_apps,
       coalesce(sum(li_apts), 0)::bigint AS li_apts,
       coalesce(sum(hi_apts), 0)::bigint AS hi_apts,
       coalesce(sum(hili_apts), 0)::bigint AS hili_apts,
       coalesce(sum(f2f_apts), 0)::bigint AS f2f_apts,
       coalesce(sum(non_f2f_apts), 0)::bigint AS non_f2f_apts,
       coalesce(sum(apts), 0)::bigint AS apts
FROM cell_counts
GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW key_metrics_cells IS 'key_metrics counted per month and cell (provider, service and commissioner of the referrals provider_access grants the caller), before the levels add them up; not suppressed';
COMMENT ON COLUMN key_metrics_cells.month IS 'First day of the month';
COMMENT ON COLUMN key_metrics_cells.provider_key IS 'Provider code as recorded ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.service_key IS 'Service ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.commissioner_key IS 'Commissioner code ('''' when none)';
COMMENT ON COLUMN key_metrics_cells.by_intensity IS 'True where the model has care_activity (appointments by intensity counted)';
COMMENT ON COLUMN key_metrics_cells.wait_days IS 'Sum of the days from referral to first treatment of the courses finished in the month';
COMMENT ON COLUMN key_metrics_cells.waits IS 'How many of those courses have a first treatment date';
$ddl$, '{activity}', s.activity), '{by_intensity}', (s.ord = 1)::text)
FROM key_metrics_statement s
UNION ALL
SELECT 333, 'key_metrics_cells', 'view', 'reports', '{key_metrics_cells_all,provider_access}'::text[], $ddl$
-- Over a stored data set (bind_data_set, materialize): the stored cells of
-- every provider, those of the caller's providers kept. A cell is one
-- provider's, so its counts are of referrals the caller may see.
CREATE VIEW key_metrics_cells WITH (security_barrier = true) AS
SELECT c.* FROM key_metrics_cells_all c
WHERE iapt_ews.provider_visible(nullif(c.provider_key, ''), 'provider_access'::regclass);
COMMENT ON VIEW key_metrics_cells IS 'key_metrics counted per month and cell (provider, service and commissioner), as stored at the last iapt_ews.refresh_data_set, of the providers provider_access grants the caller; not suppressed';
SELECT iapt_ews.copy_column_comments('key_metrics_cells_all'::regclass, 'key_metrics_cells'::regclass);
$ddl$
UNION ALL
SELECT 334, 'key_metrics', 'view', 'reports', '{key_metrics_cells,organisation_level,referral_outcome}'::text[], $ddl$
CREATE VIEW key_metrics WITH (security_barrier = true) AS
WITH level_cell AS (
    SELECT l.*, coalesce(l.cell_provider_code, '') AS provider_key, coalesce(l.cell_service_id, '') AS service_key,
           coalesce(l.cell_commissioner_code, '') AS commissioner_key
    FROM organisation_level l),
counts AS (
    SELECT c.month, l.level, l.group_type, l.organisation_code, l.organisation_name, l.region_code, l.region_name,
           l.provider_code, l.service_id,
           coalesce(sum(c.count_referrals), 0)::bigint AS count_referrals,
           coalesce(sum(c.count_access), 0)::bigint AS count_access,
           coalesce(sum(c.count_recovery), 0)::bigint AS count_recovery,
           coalesce(sum(c.count_finished_course_treatment), 0)::bigint AS count_finished_course_treatment,
           coalesce(sum(c.count_not_at_caseness), 0)::bigint AS count_not_at_caseness,
           coalesce(sum(c.ended_before_treatment), 0)::bigint AS ended_before_treatment,
           coalesce(sum(c.ended_treated_once), 0)::bigint AS ended_treated_once,
           coalesce(sum(c.count_first_treatment_6_weeks_finished), 0)::bigint AS count_first_treatment_6_weeks_finished,
           coalesce(sum(c.count_first_treatment_18_weeks_finished), 0)::bigint AS count_first_treatment_18_weeks_finished,
           coalesce(sum(c.count_first_to_second_over_28_days), 0)::bigint AS count_first_to_second_over_28_days,
           coalesce(sum(c.count_first_to_second_over_90_days), 0)::bigint AS count_first_to_second_over_90_days,
           coalesce(sum(c.count_second_treatment), 0)::bigint AS count_second_treatment,
           coalesce(sum(c.open_referral_over_90_days_no_contact), 0)::bigint AS open_referral_over_90_days_no_contact,
           coalesce(sum(c.open_referral), 0)::bigint AS open_referral,
           coalesce(sum(c.open_referral_over_90_days_no_contact_2_apps), 0)::bigint AS open_referral_over_90_days_no_contact_2_apps,
           coalesce(sum(c.li_apts), 0)::bigint AS li_apts,
           coalesce(sum(c.hi_apts), 0)::bigint AS hi_apts,
           coalesce(sum(c.hili_apts), 0)::bigint AS hili_apts,
           coalesce(sum(c.f2f_apts), 0)::bigint AS f2f_apts,
           coalesce(sum(c.non_f2f_apts), 0)::bigint AS non_f2f_apts,
           coalesce(sum(c.apts), 0)::bigint AS apts,
           coalesce(sum(c.count_reliable_recovery), 0)::bigint AS count_reliable_recovery,
           coalesce(sum(c.count_improvement), 0)::bigint AS count_improvement,
           coalesce(sum(c.count_deterioration), 0)::bigint AS count_deterioration,
           coalesce(sum(c.count_finished_wb), 0)::bigint AS count_finished_wb,
           coalesce(sum(c.count_not_at_caseness_wb), 0)::bigint AS count_not_at_caseness_wb,
           coalesce(sum(c.count_recovery_wb), 0)::bigint AS count_recovery_wb,
           coalesce(sum(c.count_finished_em), 0)::bigint AS count_finished_em,
           coalesce(sum(c.count_not_at_caseness_em), 0)::bigint AS count_not_at_caseness_em,
           coalesce(sum(c.count_recovery_em), 0)::bigint AS count_recovery_em,
           bool_and(c.by_intensity) AS by_intensity,
           sum(c.wait_days) / nullif(sum(c.waits), 0) AS mean_wait_days
    FROM key_metrics_cells c
    JOIN level_cell l ON l.provider_key = c.provider_key AND l.service_key = c.service_key
                     AND l.commissioner_key = c.commissioner_key
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
median_wait AS (
    SELECT date_trunc('month', ro.discharge_date::timestamp)::date AS month, l.level, l.organisation_code,
           l.provider_code, l.service_id,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ro.days_to_first_treatment) AS median_wait_days
    FROM referral_outcome ro
    JOIN level_cell l ON l.provider_key = coalesce(ro.provider_code, '') AND l.service_key = coalesce(ro.service_id, '')
                     AND l.commissioner_key = coalesce(ro.commissioner_code, '')
    WHERE ro.finished AND ro.discharge_date IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5),
counted AS (
    SELECT c.*, m.median_wait_days
    FROM counts c
    LEFT JOIN median_wait m ON m.month = c.month AND m.level = c.level AND m.organisation_code = c.organisation_code
         AND m.provider_code IS NOT DISTINCT FROM c.provider_code AND m.service_id IS NOT DISTINCT FROM c.service_id)
-- Rates are NULL when their numerator or denominator is 0, as in the
-- dashboard; percentages 0-100.
SELECT month, level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id,
       count_referrals, count_access, count_recovery, count_finished_course_treatment, count_not_at_caseness,
       ended_before_treatment, ended_treated_once,
       100 * nullif(count_recovery, 0)::float8 / nullif(count_finished_course_treatment - count_not_at_caseness, 0) AS percentage_recovery,
       100 * nullif(count_reliable_recovery, 0)::float8 / nullif(count_finished_course_treatment - count_not_at_caseness, 0) AS percentage_reliable_recovery,
       100 * nullif(count_deterioration, 0)::float8 / nullif(count_finished_course_treatment, 0) AS percentage_reliable_deterioration,
       100 * nullif(count_improvement, 0)::float8 / nullif(count_finished_course_treatment, 0) AS percentage_reliable_improvement,
       100 * nullif(count_recovery_wb, 0)::float8 / nullif(count_finished_wb - count_not_at_caseness_wb, 0) AS percentage_recovery_wb,
       100 * nullif(count_recovery_em, 0)::float8 / nullif(count_finished_em - count_not_at_caseness_em, 0) AS percentage_recovery_em,
       count_first_treatment_6_weeks_finished, count_first_treatment_18_weeks_finished,
       100 * nullif(count_first_treatment_6_weeks_finished, 0)::float8 / nullif(count_finished_course_treatment, 0) AS percentage_first_treatment_6_weeks_finished,
       100 * nullif(count_first_treatment_18_weeks_finished, 0)::float8 / nullif(count_finished_course_treatment, 0) AS percentage_first_treatment_18_weeks_finished,
       count_first_to_second_over_28_days, count_first_to_second_over_90_days, count_second_treatment,
       100 * nullif(count_first_to_second_over_90_days, 0)::float8 / nullif(count_second_treatment, 0) AS percentage_first_to_second_over_90_days,
       open_referral_over_90_days_no_contact, open_referral,
       100 * nullif(open_referral_over_90_days_no_contact, 0)::float8 / nullif(open_referral, 0) AS percentage_open_referral_no_activity_over_90_days,
       100 * nullif(open_referral_over_90_days_no_contact_2_apps, 0)::float8 / nullif(open_referral, 0) AS percentage_open_referral_no_activity_over_90_days_2_apps,
       CASE WHEN by_intensity THEN li_apts END AS li_apts, CASE WHEN by_intensity THEN hi_apts END AS hi_apts,
       CASE WHEN by_intensity THEN hili_apts END AS hili_apts, f2f_apts, non_f2f_apts, apts,
       count_reliable_recovery, count_improvement,
       count_deterioration, count_finished_wb, count_not_at_caseness_wb, count_recovery_wb,
       count_finished_em, count_not_at_caseness_em, count_recovery_em,
       open_referral_over_90_days_no_contact_2_apps, mean_wait_days, median_wait_days
FROM counted;
COMMENT ON VIEW key_metrics IS 'NHS England''s Talking Therapies key-metrics dashboard (KM monthly update.sql of nhsengland/Talking-Therapies): its 33 figures per month at each level (national; region, ICB and sub-ICB of the commissioner; provider; service), with the hierarchy as it stands now (a merged provider under its successor); rates NULL when their numerator or denominator is 0, as in the dashboard, percentages 0-100; not suppressed. Rows of the providers provider_access grants the caller (docs/reporting.md)';
COMMENT ON COLUMN key_metrics.month IS 'First day of the month (Month)';
COMMENT ON COLUMN key_metrics.level IS 'national, region, icb, sub_icb, provider or service (the dashboard has no provider or service level)';
COMMENT ON COLUMN key_metrics.group_type IS 'National, Region, ICB, Sub-ICB, Provider or Service (GroupType)';
COMMENT ON COLUMN key_metrics.organisation_code IS 'England; the region, ICB or sub-ICB of the commissioner (Other when the hierarchy does not place it); the provider (its last successor); the service (Organisation Code)';
COMMENT ON COLUMN key_metrics.organisation_name IS 'Name of the organisation from the organisation table (Organisation Name)';
COMMENT ON COLUMN key_metrics.region_code IS 'NHS England region of the commissioner (of the provider on provider and service rows); England on the national row (RegionCodeComm)';
COMMENT ON COLUMN key_metrics.region_name IS 'Its name (RegionNameComm)';
COMMENT ON COLUMN key_metrics.provider_code IS 'Provider (last successor) on provider and service rows';
COMMENT ON COLUMN key_metrics.service_id IS 'Service on service rows';
COMMENT ON COLUMN key_metrics.count_referrals IS 'Referrals received in the month (M001) (Count_Referrals)';
COMMENT ON COLUMN key_metrics.count_access IS 'Referrals with their first treatment in the month (M031) (Count_Access)';
COMMENT ON COLUMN key_metrics.count_recovery IS 'Finished in the month and moved to recovery (M191) (Count_Recovery)';
COMMENT ON COLUMN key_metrics.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076) (Count_FinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.count_not_at_caseness IS 'Finished in the month, not at caseness at the start (M179) (Count_NotAtCaseness)';
COMMENT ON COLUMN key_metrics.ended_before_treatment IS 'Ended in the month without a treatment appointment (M073 + M074) (EndedBeforeTreatment)';
COMMENT ON COLUMN key_metrics.ended_treated_once IS 'Ended in the month after one treatment appointment (M075) (EndedTreatedOnce)';
COMMENT ON COLUMN key_metrics.percentage_recovery IS 'count_recovery / (finished - not at caseness), 0-100 (M192); the dashboard stores a fraction (Percentage_Recovery)';
COMMENT ON COLUMN key_metrics.percentage_reliable_recovery IS 'count_reliable_recovery / (finished - not at caseness), 0-100 (M195) (Percentage_ReliableRecovery)';
COMMENT ON COLUMN key_metrics.percentage_reliable_deterioration IS 'count_deterioration / finished, 0-100 (M190) (Percentage_ReliableDeterioration)';
COMMENT ON COLUMN key_metrics.percentage_reliable_improvement IS 'count_improvement / finished, 0-100 (M186) (Percentage_ReliableImprovement)';
COMMENT ON COLUMN key_metrics.percentage_recovery_wb IS 'Recovery of White British referrals (ethnic category A), 0-100 (Percentage_Recovery_WB)';
COMMENT ON COLUMN key_metrics.percentage_recovery_em IS 'Recovery of ethnic-minority referrals (categories B to S, iapt_ews.bme_group), 0-100; differs: the dashboard leaves out L and M (KM monthly update.sql, line 90) (Percentage_Recovery_EM)';
COMMENT ON COLUMN key_metrics.count_first_treatment_6_weeks_finished IS 'Finished in the month having waited 42 days or less (M052) (Count_FirstTreatment6WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.count_first_treatment_18_weeks_finished IS 'Finished in the month having waited 126 days or less (M054) (Count_FirstTreatment18WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.percentage_first_treatment_6_weeks_finished IS 'Share of finished courses that waited 42 days or less, 0-100 (M053) (Percentage_FirstTreatment6WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.percentage_first_treatment_18_weeks_finished IS 'Share of finished courses that waited 126 days or less, 0-100 (M055) (Percentage_FirstTreatment18WeeksFinishedCourseTreatment)';
COMMENT ON COLUMN key_metrics.count_first_to_second_over_28_days IS 'Second treatment in the month, more than 28 days after the first (M046) (Count_FirstToSecondTreatmentOver28days)';
COMMENT ON COLUMN key_metrics.count_first_to_second_over_90_days IS 'Second treatment in the month, more than 90 days after the first (M047) (Count_FirstToSecondTreatmentOver90days)';
COMMENT ON COLUMN key_metrics.count_second_treatment IS 'Referrals with their second treatment in the month (M184) (Count_SecondTreatment)';
COMMENT ON COLUMN key_metrics.percentage_first_to_second_over_90_days IS 'Share of second treatments more than 90 days after the first, 0-100 (Percentage_FirstToSecondTreatmentOver90days)';
COMMENT ON COLUMN key_metrics.open_referral_over_90_days_no_contact IS 'Open at the month''s end (not discharged by then) and last treatment more than 90 days before it (OpenReferralOver90daysNoContact)';
COMMENT ON COLUMN key_metrics.open_referral IS 'Open at the month''s end with at least one treatment by then (OpenReferral)';
COMMENT ON COLUMN key_metrics.percentage_open_referral_no_activity_over_90_days IS 'open_referral_over_90_days_no_contact / open_referral, 0-100 (Percentage_OpenReferralNoActivityOver90days)';
COMMENT ON COLUMN key_metrics.percentage_open_referral_no_activity_over_90_days_2_apps IS 'Of the open referrals, those with more than one treatment and none in the last 90 days, 0-100 (Percentage_OpenReferralNoActivityOver90days2Apps)';
COMMENT ON COLUMN key_metrics.li_apts IS 'Attended appointments in the month with a low-intensity procedure (iapt_ews.procedure_intensity; KM monthly update.sql, lines 163-164); NULL where the model has no care_activity (LIApts)';
COMMENT ON COLUMN key_metrics.hi_apts IS 'Attended appointments in the month with a high-intensity procedure (lines 166-167); NULL where the model has no care_activity (HIApts)';
COMMENT ON COLUMN key_metrics.hili_apts IS 'Attended appointments in the month with a low- or high-intensity procedure (lines 170-171); NULL where the model has no care_activity (HILIApts)';
COMMENT ON COLUMN key_metrics.f2f_apts IS 'Attended appointments in the month, face to face (ConsMechanism 01) (F2FApts)';
COMMENT ON COLUMN key_metrics.non_f2f_apts IS 'Attended appointments in the month by any other known consultation mechanism; differs: also v2.0''s 03, 06 and 08, which the dashboard leaves out (NonF2FApts)';
COMMENT ON COLUMN key_metrics.apts IS 'Attended appointments in the month with a known consultation mechanism (Apts)';
COMMENT ON COLUMN key_metrics.count_reliable_recovery IS 'Finished in the month with reliable recovery (M193) (Count_ReliableRecovery)';
COMMENT ON COLUMN key_metrics.count_improvement IS 'Finished in the month with reliable improvement (M185) (Count_Improvement)';
COMMENT ON COLUMN key_metrics.count_deterioration IS 'Finished in the month with reliable deterioration (M189); not a dashboard column';
COMMENT ON COLUMN key_metrics.count_finished_wb IS 'Finished in the month, White British; not a dashboard column (percentage_recovery_wb''s denominator)';
COMMENT ON COLUMN key_metrics.count_not_at_caseness_wb IS 'Of those, not at caseness at the start; not a dashboard column';
COMMENT ON COLUMN key_metrics.count_recovery_wb IS 'Of those, moved to recovery; not a dashboard column';
COMMENT ON COLUMN key_metrics.count_finished_em IS 'Finished in the month, ethnic minorities (B to S); not a dashboard column';
COMMENT ON COLUMN key_metrics.count_not_at_caseness_em IS 'Of those, not at caseness at the start; not a dashboard column';
COMMENT ON COLUMN key_metrics.count_recovery_em IS 'Of those, moved to recovery; not a dashboard column';
COMMENT ON COLUMN key_metrics.open_referral_over_90_days_no_contact_2_apps IS 'Open at the month''s end, more than one treatment, none in the last 90 days; not a dashboard column (the numerator of the 2Apps percentage)';
COMMENT ON COLUMN key_metrics.mean_wait_days IS 'Mean days from referral to first treatment of the courses finished in the month; the dashboard reads its average waits from other tables (KM monthly update.sql, lines 785-818)';
COMMENT ON COLUMN key_metrics.median_wait_days IS 'Median of the same';
-- The cells' count columns mean what key_metrics' do (stored, the
-- stored and live cells too).
SELECT iapt_ews.copy_column_comments('key_metrics'::regclass, c.oid::regclass)
FROM pg_class c
WHERE c.relname IN ('key_metrics_cells', 'key_metrics_cells_live', 'key_metrics_cells_all')
  AND c.relnamespace = (SELECT k.relnamespace FROM pg_class k WHERE k.oid = 'key_metrics'::regclass);
$ddl$
UNION ALL
SELECT 335, 'key_metrics_published', 'view', 'reports', '{key_metrics}'::text[], $ddl$
CREATE VIEW key_metrics_published WITH (security_barrier = true) AS
SELECT month,
       level,
       group_type,
       organisation_code,
       organisation_name,
       region_code,
       region_name,
       provider_code,
       service_id,
       iapt_ews.suppress(count_referrals) AS count_referrals,
       iapt_ews.suppress(count_access) AS count_access,
       iapt_ews.suppress(count_recovery) AS count_recovery,
       iapt_ews.suppress(count_finished_course_treatment) AS count_finished_course_treatment,
       iapt_ews.suppress(count_not_at_caseness) AS count_not_at_caseness,
       iapt_ews.suppress(ended_before_treatment) AS ended_before_treatment,
       iapt_ews.suppress(ended_treated_once) AS ended_treated_once,
       round(100 * iapt_ews.published_rate(count_recovery, count_finished_course_treatment - count_not_at_caseness)::numeric, 2) AS percentage_recovery,
       round(100 * iapt_ews.published_rate(count_reliable_recovery, count_finished_course_treatment - count_not_at_caseness)::numeric, 2) AS percentage_reliable_recovery,
       round(100 * iapt_ews.published_rate(count_deterioration, count_finished_course_treatment)::numeric, 2) AS percentage_reliable_deterioration,
       round(100 * iapt_ews.published_rate(count_improvement, count_finished_course_treatment)::numeric, 2) AS percentage_reliable_improvement,
       round(100 * iapt_ews.published_rate(count_recovery_wb, count_finished_wb - count_not_at_caseness_wb)::numeric, 2) AS percentage_recovery_wb,
       round(100 * iapt_ews.published_rate(count_recovery_em, count_finished_em - count_not_at_caseness_em)::numeric, 2) AS percentage_recovery_em,
       iapt_ews.suppress(count_first_treatment_6_weeks_finished) AS count_first_treatment_6_weeks_finished,
       iapt_ews.suppress(count_first_treatment_18_weeks_finished) AS count_first_treatment_18_weeks_finished,
       round(100 * iapt_ews.published_rate(count_first_treatment_6_weeks_finished, count_finished_course_treatment)::numeric, 2) AS percentage_first_treatment_6_weeks_finished,
       round(100 * iapt_ews.published_rate(count_first_treatment_18_weeks_finished, count_finished_course_treatment)::numeric, 2) AS percentage_first_treatment_18_weeks_finished,
       iapt_ews.suppress(count_first_to_second_over_28_days) AS count_first_to_second_over_28_days,
       iapt_ews.suppress(count_first_to_second_over_90_days) AS count_first_to_second_over_90_days,
       iapt_ews.suppress(count_second_treatment) AS count_second_treatment,
       round(100 * iapt_ews.published_rate(count_first_to_second_over_90_days, count_second_treatment)::numeric, 2) AS percentage_first_to_second_over_90_days,
       iapt_ews.suppress(open_referral_over_90_days_no_contact) AS open_referral_over_90_days_no_contact,
       iapt_ews.suppress(open_referral) AS open_referral,
       round(100 * iapt_ews.published_rate(open_referral_over_90_days_no_contact, open_referral)::numeric, 2) AS percentage_open_referral_no_activity_over_90_days,
       round(100 * iapt_ews.published_rate(open_referral_over_90_days_no_contact_2_apps, open_referral)::numeric, 2) AS percentage_open_referral_no_activity_over_90_days_2_apps,
       iapt_ews.suppress(li_apts) AS li_apts,
       iapt_ews.suppress(hi_apts) AS hi_apts,
       iapt_ews.suppress(hili_apts) AS hili_apts,
       iapt_ews.suppress(f2f_apts) AS f2f_apts,
       iapt_ews.suppress(non_f2f_apts) AS non_f2f_apts,
       iapt_ews.suppress(apts) AS apts,
       iapt_ews.suppress(count_reliable_recovery) AS count_reliable_recovery,
       iapt_ews.suppress(count_improvement) AS count_improvement,
       iapt_ews.suppress(count_deterioration) AS count_deterioration,
       iapt_ews.suppress(count_finished_wb) AS count_finished_wb,
       iapt_ews.suppress(count_not_at_caseness_wb) AS count_not_at_caseness_wb,
       iapt_ews.suppress(count_recovery_wb) AS count_recovery_wb,
       iapt_ews.suppress(count_finished_em) AS count_finished_em,
       iapt_ews.suppress(count_not_at_caseness_em) AS count_not_at_caseness_em,
       iapt_ews.suppress(count_recovery_em) AS count_recovery_em,
       iapt_ews.suppress(open_referral_over_90_days_no_contact_2_apps) AS open_referral_over_90_days_no_contact_2_apps,
       CASE WHEN count_finished_course_treatment >= 5 THEN round(mean_wait_days::numeric, 1) END AS mean_wait_days,
       CASE WHEN count_finished_course_treatment >= 5 THEN round(median_wait_days::numeric, 1) END AS median_wait_days
FROM key_metrics k;
COMMENT ON COLUMN key_metrics_published.month IS 'First day of the month (Month)';
COMMENT ON COLUMN key_metrics_published.level IS 'national, region, icb, sub_icb, provider or service (the dashboard has no provider or service level)';
COMMENT ON COLUMN key_metrics_published.group_type IS 'National, Region, ICB, Sub-ICB, Provider or Service (GroupType)';
COMMENT ON COLUMN key_metrics_published.organisation_code IS 'England; the region, ICB or sub-ICB of the commissioner (Other when the hierarchy does not place it); the provider (its last successor); the service (Organisation Code)';
COMMENT ON COLUMN key_metrics_published.organisation_name IS 'Name of the organisation from the organisation table (Organisation Name)';
COMMENT ON COLUMN key_metrics_published.region_code IS 'NHS England region of the commissioner (of the provider on provider and service rows); England on the national row (RegionCodeComm)';
COMMENT ON COLUMN key_metrics_published.region_name IS 'Its name (RegionNameComm)';
COMMENT ON COLUMN key_metrics_published.provider_code IS 'Provider (last successor) on provider and service rows';
COMMENT ON COLUMN key_metrics_published.service_id IS 'Service on service rows';
COMMENT ON COLUMN key_metrics_published.count_referrals IS 'Referrals received in the month (M001) (Count_Referrals); suppressed';
COMMENT ON COLUMN key_metrics_published.count_access IS 'Referrals with their first treatment in the month (M031) (Count_Access); suppressed';
COMMENT ON COLUMN key_metrics_published.count_recovery IS 'Finished in the month and moved to recovery (M191) (Count_Recovery); suppressed';
COMMENT ON COLUMN key_metrics_published.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076) (Count_FinishedCourseTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.count_not_at_caseness IS 'Finished in the month, not at caseness at the start (M179) (Count_NotAtCaseness); suppressed';
COMMENT ON COLUMN key_metrics_published.ended_before_treatment IS 'Ended in the month without a treatment appointment (M073 + M074) (EndedBeforeTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.ended_treated_once IS 'Ended in the month after one treatment appointment (M075) (EndedTreatedOnce); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_recovery IS 'count_recovery / (finished - not at caseness), 0-100 (M192); the dashboard stores a fraction (Percentage_Recovery); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_reliable_recovery IS 'count_reliable_recovery / (finished - not at caseness), 0-100 (M195) (Percentage_ReliableRecovery); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_reliable_deterioration IS 'count_deterioration / finished, 0-100 (M190) (Percentage_ReliableDeterioration); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_reliable_improvement IS 'count_improvement / finished, 0-100 (M186) (Percentage_ReliableImprovement); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_recovery_wb IS 'Recovery of White British referrals (ethnic category A), 0-100 (Percentage_Recovery_WB); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_recovery_em IS 'Recovery of ethnic-minority referrals (categories B to S, iapt_ews.bme_group), 0-100; differs: the dashboard leaves out L and M (KM monthly update.sql, line 90) (Percentage_Recovery_EM); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.count_first_treatment_6_weeks_finished IS 'Finished in the month having waited 42 days or less (M052) (Count_FirstTreatment6WeeksFinishedCourseTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.count_first_treatment_18_weeks_finished IS 'Finished in the month having waited 126 days or less (M054) (Count_FirstTreatment18WeeksFinishedCourseTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_first_treatment_6_weeks_finished IS 'Share of finished courses that waited 42 days or less, 0-100 (M053) (Percentage_FirstTreatment6WeeksFinishedCourseTreatment); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_first_treatment_18_weeks_finished IS 'Share of finished courses that waited 126 days or less, 0-100 (M055) (Percentage_FirstTreatment18WeeksFinishedCourseTreatment); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.count_first_to_second_over_28_days IS 'Second treatment in the month, more than 28 days after the first (M046) (Count_FirstToSecondTreatmentOver28days); suppressed';
COMMENT ON COLUMN key_metrics_published.count_first_to_second_over_90_days IS 'Second treatment in the month, more than 90 days after the first (M047) (Count_FirstToSecondTreatmentOver90days); suppressed';
COMMENT ON COLUMN key_metrics_published.count_second_treatment IS 'Referrals with their second treatment in the month (M184) (Count_SecondTreatment); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_first_to_second_over_90_days IS 'Share of second treatments more than 90 days after the first, 0-100 (Percentage_FirstToSecondTreatmentOver90days); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.open_referral_over_90_days_no_contact IS 'Open at the month''s end (not discharged by then) and last treatment more than 90 days before it (OpenReferralOver90daysNoContact); suppressed';
COMMENT ON COLUMN key_metrics_published.open_referral IS 'Open at the month''s end with at least one treatment by then (OpenReferral); suppressed';
COMMENT ON COLUMN key_metrics_published.percentage_open_referral_no_activity_over_90_days IS 'open_referral_over_90_days_no_contact / open_referral, 0-100 (Percentage_OpenReferralNoActivityOver90days); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.percentage_open_referral_no_activity_over_90_days_2_apps IS 'Of the open referrals, those with more than one treatment and none in the last 90 days, 0-100 (Percentage_OpenReferralNoActivityOver90days2Apps); from the published counts, withheld with them, 2 decimals';
COMMENT ON COLUMN key_metrics_published.li_apts IS 'Attended appointments in the month with a low-intensity procedure (iapt_ews.procedure_intensity; KM monthly update.sql, lines 163-164); NULL where the model has no care_activity (LIApts); suppressed';
COMMENT ON COLUMN key_metrics_published.hi_apts IS 'Attended appointments in the month with a high-intensity procedure (lines 166-167); NULL where the model has no care_activity (HIApts); suppressed';
COMMENT ON COLUMN key_metrics_published.hili_apts IS 'Attended appointments in the month with a low- or high-intensity procedure (lines 170-171); NULL where the model has no care_activity (HILIApts); suppressed';
COMMENT ON COLUMN key_metrics_published.f2f_apts IS 'Attended appointments in the month, face to face (ConsMechanism 01) (F2FApts); suppressed';
COMMENT ON COLUMN key_metrics_published.non_f2f_apts IS 'Attended appointments in the month by any other known consultation mechanism; differs: also v2.0''s 03, 06 and 08, which the dashboard leaves out (NonF2FApts); suppressed';
COMMENT ON COLUMN key_metrics_published.apts IS 'Attended appointments in the month with a known consultation mechanism (Apts); suppressed';
COMMENT ON COLUMN key_metrics_published.count_reliable_recovery IS 'Finished in the month with reliable recovery (M193) (Count_ReliableRecovery); suppressed';
COMMENT ON COLUMN key_metrics_published.count_improvement IS 'Finished in the month with reliable improvement (M185) (Count_Improvement); suppressed';
COMMENT ON COLUMN key_metrics_published.count_deterioration IS 'Finished in the month with reliable deterioration (M189); not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_finished_wb IS 'Finished in the month, White British; not a dashboard column (percentage_recovery_wb''s denominator); suppressed';
COMMENT ON COLUMN key_metrics_published.count_not_at_caseness_wb IS 'Of those, not at caseness at the start; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_recovery_wb IS 'Of those, moved to recovery; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_finished_em IS 'Finished in the month, ethnic minorities (B to S); not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_not_at_caseness_em IS 'Of those, not at caseness at the start; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.count_recovery_em IS 'Of those, moved to recovery; not a dashboard column; suppressed';
COMMENT ON COLUMN key_metrics_published.open_referral_over_90_days_no_contact_2_apps IS 'Open at the month''s end, more than one treatment, none in the last 90 days; not a dashboard column (the numerator of the 2Apps percentage); suppressed';
COMMENT ON COLUMN key_metrics_published.mean_wait_days IS 'Mean days from referral to first treatment of the courses finished in the month; the dashboard reads its average waits from other tables (KM monthly update.sql, lines 785-818); withheld below 5 finished courses, 1 decimal';
COMMENT ON COLUMN key_metrics_published.median_wait_days IS 'Median of the same; withheld below 5 finished courses, 1 decimal';
COMMENT ON VIEW key_metrics_published IS 'key_metrics with disclosure control, as the dashboard''s suppressed version, at every level: counts below 5 withheld and the rest rounded to 5 (iapt_ews.suppress), percentages from the published counts and withheld with them (iapt_ews.published_rate), 2 decimals; totals are formed from the providers provider_access grants the current user only. Owner''s rights, security_barrier';
$ddl$
UNION ALL
SELECT 336, 'equality_metrics', 'view', 'reports', '{organisation_level,referral_outcome,area}'::text[], $ddl$
CREATE VIEW equality_metrics WITH (security_barrier = true) AS
WITH ro AS (
    SELECT ro.pathway_id, ro.provider_code, ro.service_id, ro.commissioner_code,
           ro.first_treatment_date, ro.discharge_date, ro.finished, ro.not_case_at_start,
           ro.recovered, ro.reliably_recovered, ro.ethnic_category, ro.age_at_referral, ro.gender,
           ro.gender_identity, a.imd_decile
    FROM referral_outcome ro LEFT JOIN area a ON a.lsoa_code = ro.lsoa_code),
-- Each referral once per split; a value the codes do not know is 'Not known'.
split AS (
    SELECT ro.*, s.split_type, coalesce(s.split_value, 'Not known') AS split_value
    FROM ro CROSS JOIN LATERAL (VALUES
        ('ethnic_group', iapt_ews.ethnic_group(ro.ethnic_category)),
        ('bme_group', iapt_ews.bme_group(ro.ethnic_category)),
        ('age_band', iapt_ews.age_band(ro.age_at_referral)),
        ('gender', ro.gender),
        ('gender_identity', ro.gender_identity),
        ('imd_decile', lpad(ro.imd_decile::text, 2, '0'))) s(split_type, split_value)),
-- Counted per month, cell (provider, service, commissioner) and group
-- first; each level then adds up its cells (organisation_level), as
-- key_metrics does.
cell_counts AS (
    SELECT e.month, coalesce(s.provider_code, '') AS provider_key, coalesce(s.service_id, '') AS service_key,
           coalesce(s.commissioner_code, '') AS commissioner_key, s.split_type, s.split_value,
           count(*) FILTER (WHERE e.kind = 'access') AS count_access,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished) AS count_finished_course_treatment,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished AND s.not_case_at_start) AS count_not_at_caseness,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished AND s.recovered) AS count_recovery,
           count(*) FILTER (WHERE e.kind = 'ended' AND s.finished AND s.reliably_recovered) AS count_reliable_recovery
    FROM split s
    CROSS JOIN LATERAL (VALUES
        ('access', date_trunc('month', s.first_treatment_date::timestamp)::date),
        ('ended', date_trunc('month', s.discharge_date::timestamp)::date)) e(kind, month)
    WHERE e.month IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6),
counts AS (
    SELECT c.month, l.level, l.group_type, l.organisation_code, l.organisation_name, c.split_type, c.split_value,
           CASE c.split_type WHEN 'bme_group' THEN 'White British' WHEN 'imd_decile' THEN '10' END AS reference_group,
           coalesce(sum(c.count_access), 0)::bigint AS count_access,
           coalesce(sum(c.count_finished_course_treatment), 0)::bigint AS count_finished_course_treatment,
           coalesce(sum(c.count_not_at_caseness), 0)::bigint AS count_not_at_caseness,
           coalesce(sum(c.count_recovery), 0)::bigint AS count_recovery,
           coalesce(sum(c.count_reliable_recovery), 0)::bigint AS count_reliable_recovery
    FROM cell_counts c
    JOIN organisation_level l ON coalesce(l.cell_provider_code, '') = c.provider_key
                             AND coalesce(l.cell_service_id, '') = c.service_key
                             AND coalesce(l.cell_commissioner_code, '') = c.commissioner_key
    WHERE l.level <> 'service'
    GROUP BY 1, 2, 3, 4, 5, 6, 7),
-- Beside each group, by window (no join of the counts to themselves,
-- whose size the planner cannot know): its reference group's counts (White
-- British; the least deprived decile), among the referrals the recovery
-- rates count (finished, at caseness at the start), and the slope and
-- relative index of inequality of the recovery rate across the IMD deciles
-- (1 = most deprived), each decile weighted by its denominator.
compared AS (
    SELECT c.*, c.count_finished_course_treatment - c.count_not_at_caseness AS denominator,
           sum(c.count_recovery) FILTER (WHERE c.split_value = c.reference_group) OVER same_split AS reference_recovery,
           sum(c.count_reliable_recovery) FILTER (WHERE c.split_value = c.reference_group) OVER same_split AS reference_reliable_recovery,
           sum(c.count_finished_course_treatment - c.count_not_at_caseness)
               FILTER (WHERE c.split_value = c.reference_group) OVER same_split AS reference_denominator,
           iapt_ews.slope_index_of_inequality(c.count_recovery::float8 / nullif(c.count_finished_course_treatment - c.count_not_at_caseness, 0),
                                              CASE WHEN c.split_value <> 'Not known' THEN c.split_value END::float8,
                                              (c.count_finished_course_treatment - c.count_not_at_caseness)::float8)
               FILTER (WHERE c.split_type = 'imd_decile' AND c.split_value <> 'Not known'
                         AND c.count_finished_course_treatment - c.count_not_at_caseness > 0) OVER same_place AS recovery_sii,
           iapt_ews.relative_index_of_inequality(c.count_recovery::float8 / nullif(c.count_finished_course_treatment - c.count_not_at_caseness, 0),
                                                 CASE WHEN c.split_value <> 'Not known' THEN c.split_value END::float8,
                                                 (c.count_finished_course_treatment - c.count_not_at_caseness)::float8)
               FILTER (WHERE c.split_type = 'imd_decile' AND c.split_value <> 'Not known'
                         AND c.count_finished_course_treatment - c.count_not_at_caseness > 0) OVER same_place AS recovery_rii
    FROM counts c
    WINDOW same_split AS (PARTITION BY c.month, c.level, c.organisation_code, c.split_type),
           same_place AS (PARTITION BY c.month, c.level, c.organisation_code)),
gap AS (
    SELECT x.*,
           CASE WHEN x.split_value <> x.reference_group THEN
                iapt_ews.compare_rates(x.count_recovery, x.denominator,
                                       coalesce(x.reference_recovery, 0)::bigint, coalesce(x.reference_denominator, 0)::bigint) END AS recovery,
           CASE WHEN x.split_value <> x.reference_group THEN
                iapt_ews.compare_rates(x.count_reliable_recovery, x.denominator,
                                       coalesce(x.reference_reliable_recovery, 0)::bigint, coalesce(x.reference_denominator, 0)::bigint) END AS reliable_recovery
    FROM compared x)
SELECT g.month, g.level, g.group_type, g.organisation_code, g.organisation_name, g.split_type, g.split_value,
       g.count_access, g.count_finished_course_treatment, g.count_not_at_caseness, g.count_recovery, g.count_reliable_recovery,
       r.rate AS recovery_rate, r.ci_low AS recovery_rate_ci_low, r.ci_high AS recovery_rate_ci_high,
       rr.rate AS reliable_recovery_rate, rr.ci_low AS reliable_recovery_rate_ci_low, rr.ci_high AS reliable_recovery_rate_ci_high,
       g.reference_group,
       (g.recovery).difference AS recovery_gap, (g.recovery).ci_low AS recovery_gap_ci_low,
       (g.recovery).ci_high AS recovery_gap_ci_high, (g.recovery).p_value AS recovery_gap_p_value,
       (g.reliable_recovery).difference AS reliable_recovery_gap, (g.reliable_recovery).ci_low AS reliable_recovery_gap_ci_low,
       (g.reliable_recovery).ci_high AS reliable_recovery_gap_ci_high, (g.reliable_recovery).p_value AS reliable_recovery_gap_p_value,
       CASE WHEN g.split_type = 'imd_decile' THEN g.recovery_sii END AS recovery_sii,
       CASE WHEN g.split_type = 'imd_decile' THEN g.recovery_rii END AS recovery_rii
FROM gap g
CROSS JOIN LATERAL iapt_ews.proportion_interval(g.count_recovery, g.denominator) r
CROSS JOIN LATERAL iapt_ews.proportion_interval(g.count_reliable_recovery, g.denominator) rr;
COMMENT ON VIEW equality_metrics IS 'Recovery, reliable recovery, access and finished courses per month and level (national, region, ICB, sub-ICB, provider), split by ethnic group, BME group, age band, gender, gender identity and IMD decile of the LSOA of residence (area.imd_decile), each rate with its 95% Wilson interval, the gap to White British or the least deprived decile (iapt_ews.compare_rates, Newcombe interval) and the slope and relative index of inequality across IMD deciles; not suppressed. Rows of the providers provider_access grants the caller';
COMMENT ON COLUMN equality_metrics.month IS 'First day of the month: of the first treatment for count_access, of the discharge for the rest';
COMMENT ON COLUMN equality_metrics.level IS 'national, region, icb, sub_icb or provider (referral_level)';
COMMENT ON COLUMN equality_metrics.group_type IS 'The level as NHS England names it (National, Region, ICB, Sub-ICB, Provider)';
COMMENT ON COLUMN equality_metrics.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed) or the provider';
COMMENT ON COLUMN equality_metrics.organisation_name IS 'Its name';
COMMENT ON COLUMN equality_metrics.split_type IS 'ethnic_group, bme_group, age_band, gender, gender_identity or imd_decile';
COMMENT ON COLUMN equality_metrics.split_value IS 'The group: iapt_ews.ethnic_group, iapt_ews.bme_group, iapt_ews.age_band, the national gender or gender identity code, or the IMD decile as 01 (most deprived) to 10; Not known when missing or not a known code';
COMMENT ON COLUMN equality_metrics.count_access IS 'Referrals with their first treatment in the month (Count_Access, M031)';
COMMENT ON COLUMN equality_metrics.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076)';
COMMENT ON COLUMN equality_metrics.count_not_at_caseness IS 'Finished, not at caseness at the start (M179)';
COMMENT ON COLUMN equality_metrics.count_recovery IS 'Finished and moved to recovery (M191)';
COMMENT ON COLUMN equality_metrics.count_reliable_recovery IS 'Finished with reliable recovery (M193)';
COMMENT ON COLUMN equality_metrics.recovery_rate IS 'count_recovery / (finished - not at caseness), a fraction; NULL when the denominator is 0';
COMMENT ON COLUMN equality_metrics.recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval (iapt_ews.proportion_interval)';
COMMENT ON COLUMN equality_metrics.recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_rate IS 'count_reliable_recovery / (finished - not at caseness), a fraction';
COMMENT ON COLUMN equality_metrics.reliable_recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval';
COMMENT ON COLUMN equality_metrics.reference_group IS 'The group the gaps are to: White British (bme_group), 10 the least deprived decile (imd_decile); NULL for the other splits';
COMMENT ON COLUMN equality_metrics.recovery_gap IS 'This group''s recovery rate minus the reference group''s (iapt_ews.compare_rates); NULL on the reference row, on splits without a reference and when either group has no denominator';
COMMENT ON COLUMN equality_metrics.recovery_gap_ci_low IS 'Lower end of the gap''s 95% interval (Newcombe''s hybrid score method)';
COMMENT ON COLUMN equality_metrics.recovery_gap_ci_high IS 'Upper end of the gap''s 95% interval';
COMMENT ON COLUMN equality_metrics.recovery_gap_p_value IS 'Two-sided p-value of the gap (pooled z-test)';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap IS 'The same for reliable recovery';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap_ci_low IS 'Lower end of its 95% interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN equality_metrics.reliable_recovery_gap_p_value IS 'Its two-sided p-value';
COMMENT ON COLUMN equality_metrics.recovery_sii IS 'Slope index of inequality of the recovery rate across IMD deciles (least deprived end minus most deprived end, deciles weighted by their denominators; iapt_ews.slope_index_of_inequality); on imd_decile rows only, the same on each';
COMMENT ON COLUMN equality_metrics.recovery_rii IS 'Relative index of inequality of the same (iapt_ews.relative_index_of_inequality)';
$ddl$
UNION ALL
SELECT 337, 'equality_metrics_published', 'view', 'reports', '{equality_metrics}'::text[], $ddl$
CREATE VIEW equality_metrics_published WITH (security_barrier = true) AS
-- Everything from the published (rounded) counts, so that the rates, their
-- intervals, the gaps and the gradient give back nothing the counts do not.
WITH suppressed AS (
    SELECT e.month, e.level, e.group_type, e.organisation_code, e.organisation_name, e.split_type, e.split_value,
           e.reference_group,
           iapt_ews.suppress(e.count_access) AS count_access,
           iapt_ews.suppress(e.count_finished_course_treatment) AS count_finished_course_treatment,
           iapt_ews.suppress(e.count_not_at_caseness) AS count_not_at_caseness,
           iapt_ews.suppress(e.count_recovery) AS count_recovery,
           iapt_ews.suppress(e.count_reliable_recovery) AS count_reliable_recovery,
           iapt_ews.suppress(e.count_finished_course_treatment - e.count_not_at_caseness) AS recovery_denominator,
           -- The organisation's totals (its key_metrics row): the categories
           -- of a split add up to them.
           iapt_ews.suppress(sum(e.count_access) OVER w) AS total_access,
           iapt_ews.suppress(sum(e.count_finished_course_treatment) OVER w) AS total_finished,
           iapt_ews.suppress(sum(e.count_not_at_caseness) OVER w) AS total_not_at_caseness,
           iapt_ews.suppress(sum(e.count_recovery) OVER w) AS total_recovery,
           iapt_ews.suppress(sum(e.count_reliable_recovery) OVER w) AS total_reliable_recovery
    FROM equality_metrics e
    WINDOW w AS (PARTITION BY e.month, e.level, e.organisation_code, e.split_type)),
-- Secondary suppression (iapt_ews.suppress_part, suppress_total): no
-- withheld count is shown non-zero by differencing, neither a count not at
-- caseness from the finished courses and the recovery denominator beside
-- it (each row, before and after), nor a category from the organisation's
-- total (each split).
by_row AS (
    SELECT s.*,
           iapt_ews.suppress_total(s.count_finished_course_treatment,
                                   ARRAY[s.count_not_at_caseness, s.recovery_denominator]) AS finished_shown,
           iapt_ews.suppress_part(s.count_not_at_caseness, s.count_finished_course_treatment,
                                  ARRAY[s.count_not_at_caseness, s.recovery_denominator]) AS not_at_caseness_shown,
           iapt_ews.suppress_part(s.recovery_denominator, s.count_finished_course_treatment,
                                  ARRAY[s.count_not_at_caseness, s.recovery_denominator]) AS recovery_denominator_shown
    FROM suppressed s),
by_category AS (
    SELECT s.month, s.level, s.group_type, s.organisation_code, s.organisation_name, s.split_type, s.split_value,
           s.reference_group,
           iapt_ews.suppress_part(s.count_access, s.total_access, array_agg(s.count_access) OVER w) AS count_access,
           iapt_ews.suppress_part(s.finished_shown, s.total_finished,
                                  array_agg(s.finished_shown) OVER w) AS count_finished_course_treatment,
           iapt_ews.suppress_part(s.not_at_caseness_shown, s.total_not_at_caseness,
                                  array_agg(s.not_at_caseness_shown) OVER w) AS count_not_at_caseness,
           iapt_ews.suppress_part(s.count_recovery, s.total_recovery, array_agg(s.count_recovery) OVER w) AS count_recovery,
           iapt_ews.suppress_part(s.count_reliable_recovery, s.total_reliable_recovery,
                                  array_agg(s.count_reliable_recovery) OVER w) AS count_reliable_recovery,
           s.recovery_denominator_shown AS recovery_denominator
    FROM by_row s
    WINDOW w AS (PARTITION BY s.month, s.level, s.organisation_code, s.split_type)),
published AS (
    SELECT c.month, c.level, c.group_type, c.organisation_code, c.organisation_name, c.split_type, c.split_value,
           c.reference_group, c.count_access,
           iapt_ews.suppress_total(c.count_finished_course_treatment,
                                   ARRAY[c.count_not_at_caseness, c.recovery_denominator]) AS count_finished_course_treatment,
           iapt_ews.suppress_part(c.count_not_at_caseness, c.count_finished_course_treatment,
                                  ARRAY[c.count_not_at_caseness, c.recovery_denominator]) AS count_not_at_caseness,
           c.count_recovery, c.count_reliable_recovery,
           iapt_ews.suppress_part(c.recovery_denominator, c.count_finished_course_treatment,
                                  ARRAY[c.count_not_at_caseness, c.recovery_denominator]) AS recovery_denominator
    FROM by_category c),
rated AS (
    SELECT p.*, r.rate AS recovery_rate, r.ci_low AS recovery_rate_ci_low, r.ci_high AS recovery_rate_ci_high,
           rr.rate AS reliable_recovery_rate, rr.ci_low AS reliable_recovery_rate_ci_low, rr.ci_high AS reliable_recovery_rate_ci_high
    FROM published p
    LEFT JOIN LATERAL iapt_ews.proportion_interval(p.count_recovery, p.recovery_denominator) r
         ON p.count_recovery <= p.recovery_denominator
    LEFT JOIN LATERAL iapt_ews.proportion_interval(p.count_reliable_recovery, p.recovery_denominator) rr
         ON p.count_reliable_recovery <= p.recovery_denominator),
gradient AS (
    SELECT month, level, organisation_code,
           iapt_ews.slope_index_of_inequality(recovery_rate, split_value::float8, recovery_denominator::float8) AS recovery_sii,
           iapt_ews.relative_index_of_inequality(recovery_rate, split_value::float8, recovery_denominator::float8) AS recovery_rii
    FROM rated
    WHERE split_type = 'imd_decile' AND split_value <> 'Not known' AND recovery_rate IS NOT NULL
    GROUP BY 1, 2, 3)
SELECT g.month, g.level, g.group_type, g.organisation_code, g.organisation_name, g.split_type, g.split_value,
       g.count_access, g.count_finished_course_treatment, g.count_not_at_caseness, g.count_recovery, g.count_reliable_recovery,
       g.recovery_denominator,
       round(g.recovery_rate::numeric, 4) AS recovery_rate,
       round(g.recovery_rate_ci_low::numeric, 4) AS recovery_rate_ci_low,
       round(g.recovery_rate_ci_high::numeric, 4) AS recovery_rate_ci_high,
       round(g.reliable_recovery_rate::numeric, 4) AS reliable_recovery_rate,
       round(g.reliable_recovery_rate_ci_low::numeric, 4) AS reliable_recovery_rate_ci_low,
       round(g.reliable_recovery_rate_ci_high::numeric, 4) AS reliable_recovery_rate_ci_high,
       g.reference_group,
       -- Newcombe's hybrid score interval of the difference from the two
       -- Wilson intervals (docs/statistics.md).
       round((g.recovery_rate - f.recovery_rate)::numeric, 4) AS recovery_gap,
       round((g.recovery_rate - f.recovery_rate
              - sqrt((g.recovery_rate - g.recovery_rate_ci_low) ^ 2 + (f.recovery_rate_ci_high - f.recovery_rate) ^ 2))::numeric, 4) AS recovery_gap_ci_low,
       round((g.recovery_rate - f.recovery_rate
              + sqrt((g.recovery_rate_ci_high - g.recovery_rate) ^ 2 + (f.recovery_rate - f.recovery_rate_ci_low) ^ 2))::numeric, 4) AS recovery_gap_ci_high,
       round((g.reliable_recovery_rate - f.reliable_recovery_rate)::numeric, 4) AS reliable_recovery_gap,
       round((g.reliable_recovery_rate - f.reliable_recovery_rate
              - sqrt((g.reliable_recovery_rate - g.reliable_recovery_rate_ci_low) ^ 2 + (f.reliable_recovery_rate_ci_high - f.reliable_recovery_rate) ^ 2))::numeric, 4) AS reliable_recovery_gap_ci_low,
       round((g.reliable_recovery_rate - f.reliable_recovery_rate
              + sqrt((g.reliable_recovery_rate_ci_high - g.reliable_recovery_rate) ^ 2 + (f.reliable_recovery_rate - f.reliable_recovery_rate_ci_low) ^ 2))::numeric, 4) AS reliable_recovery_gap_ci_high,
       round(d.recovery_sii::numeric, 4) AS recovery_sii,
       round(d.recovery_rii::numeric, 4) AS recovery_rii
FROM rated g
LEFT JOIN rated f ON f.month = g.month AND f.level = g.level AND f.organisation_code = g.organisation_code
     AND f.split_type = g.split_type AND f.split_value = g.reference_group AND g.split_value <> g.reference_group
LEFT JOIN gradient d ON g.split_type = 'imd_decile' AND d.month = g.month AND d.level = g.level
     AND d.organisation_code = g.organisation_code;
COMMENT ON VIEW equality_metrics_published IS 'equality_metrics with disclosure control: counts below 5 withheld and the rest rounded to 5; every rate, interval, gap and index computed from those published counts (a rate is withheld with either of its counts), 4 decimals; no p-values. Owner''s rights, security_barrier';
COMMENT ON COLUMN equality_metrics_published.month IS 'First day of the month: of the first treatment for count_access, of the discharge for the rest';
COMMENT ON COLUMN equality_metrics_published.level IS 'national, region, icb, sub_icb or provider';
COMMENT ON COLUMN equality_metrics_published.group_type IS 'The level as NHS England names it';
COMMENT ON COLUMN equality_metrics_published.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed) or the provider';
COMMENT ON COLUMN equality_metrics_published.organisation_name IS 'Its name';
COMMENT ON COLUMN equality_metrics_published.split_type IS 'ethnic_group, bme_group, age_band, gender, gender_identity or imd_decile';
COMMENT ON COLUMN equality_metrics_published.split_value IS 'The group (equality_metrics.split_value)';
COMMENT ON COLUMN equality_metrics_published.count_access IS 'Referrals with their first treatment in the month (M031); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_finished_course_treatment IS 'Finished a course of treatment in the month (M076); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_not_at_caseness IS 'Finished, not at caseness at the start (M179); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_recovery IS 'Finished and moved to recovery (M191); suppressed';
COMMENT ON COLUMN equality_metrics_published.count_reliable_recovery IS 'Finished with reliable recovery (M193); suppressed';
COMMENT ON COLUMN equality_metrics_published.recovery_denominator IS 'Finished less not at caseness, the rates'' denominator; suppressed';
COMMENT ON COLUMN equality_metrics_published.recovery_rate IS 'Published count_recovery / published recovery_denominator, a fraction; withheld with either';
COMMENT ON COLUMN equality_metrics_published.recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_rate IS 'Published count_reliable_recovery / published recovery_denominator, a fraction';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_rate_ci_low IS 'Lower end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_rate_ci_high IS 'Upper end of its 95% Wilson interval, from the published counts';
COMMENT ON COLUMN equality_metrics_published.reference_group IS 'White British (bme_group), 10 (imd_decile); NULL for the other splits';
COMMENT ON COLUMN equality_metrics_published.recovery_gap IS 'This group''s published recovery rate minus the reference group''s';
COMMENT ON COLUMN equality_metrics_published.recovery_gap_ci_low IS 'Lower end of its 95% interval: Newcombe''s hybrid score method from the two published Wilson intervals';
COMMENT ON COLUMN equality_metrics_published.recovery_gap_ci_high IS 'Upper end of the same';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_gap IS 'The same gap for reliable recovery';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_gap_ci_low IS 'Lower end of its 95% interval';
COMMENT ON COLUMN equality_metrics_published.reliable_recovery_gap_ci_high IS 'Upper end of its 95% interval';
COMMENT ON COLUMN equality_metrics_published.recovery_sii IS 'Slope index of inequality of the published recovery rates across IMD deciles, weighted by the published denominators; imd_decile rows only';
COMMENT ON COLUMN equality_metrics_published.recovery_rii IS 'Relative index of inequality of the same';
$ddl$
UNION ALL
SELECT 338, 'repeat_referrals', 'view', 'reports', '{organisation_level,referral_outcome}'::text[], $ddl$
CREATE VIEW repeat_referrals WITH (security_barrier = true) AS
-- PDT "2.14 Repeat_Referrals.sql": a person's finished courses (line 32)
-- in referral order (line 49); each after the first is a repeat referral
-- when the one before it (line 178) was discharged (line 181), had two or
-- more treatment contacts and ended 0 to 365 days before this referral was
-- received, on another day (lines 285-286).
WITH finished_course AS (
    SELECT ro.pathway_id, ro.referral_date,
           coalesce(ro.provider_code, '') AS provider_key, coalesce(ro.service_id, '') AS service_key,
           coalesce(ro.commissioner_code, '') AS commissioner_key,
           lag(ro.pathway_id) OVER w AS previous_pathway_id,
           lag(ro.referral_date) OVER w AS previous_referral_date,
           lag(ro.discharge_date) OVER w AS previous_discharge_date,
           lag(ro.treatment_sessions) OVER w AS previous_treatment_sessions
    FROM referral_outcome ro
    WHERE ro.finished AND ro.person_id IS NOT NULL AND ro.referral_date IS NOT NULL
    WINDOW w AS (PARTITION BY ro.person_id ORDER BY ro.referral_date, ro.pathway_id)),
repeat AS (
    SELECT provider_key, service_key, commissioner_key, date_trunc('month', referral_date::timestamp)::date AS month,
           referral_date - previous_discharge_date AS days_since_discharge
    FROM finished_course
    WHERE previous_pathway_id IS NOT NULL AND previous_referral_date <> referral_date
      AND previous_treatment_sessions >= 2
      AND referral_date - previous_discharge_date BETWEEN 0 AND 365),
-- Counted per month and cell first, then added up to each level
-- (organisation_level), as key_metrics does.
cell_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(*) AS repeat_referrals,
           count(*) FILTER (WHERE days_since_discharge < 92) AS days_91_or_fewer,
           count(*) FILTER (WHERE days_since_discharge BETWEEN 92 AND 182) AS days_92_to_182,
           count(*) FILTER (WHERE days_since_discharge BETWEEN 183 AND 273) AS days_183_to_273,
           count(*) FILTER (WHERE days_since_discharge > 273) AS days_over_273
    FROM repeat GROUP BY 1, 2, 3, 4)
SELECT c.month, l.level, l.group_type, l.organisation_code, l.organisation_name, l.region_code, l.region_name,
       l.provider_code, l.service_id,
       sum(c.repeat_referrals)::bigint AS repeat_referrals,
       sum(c.days_91_or_fewer)::bigint AS days_91_or_fewer,
       sum(c.days_92_to_182)::bigint AS days_92_to_182,
       sum(c.days_183_to_273)::bigint AS days_183_to_273,
       sum(c.days_over_273)::bigint AS days_over_273
FROM cell_counts c
JOIN organisation_level l ON coalesce(l.cell_provider_code, '') = c.provider_key
                         AND coalesce(l.cell_service_id, '') = c.service_key
                         AND coalesce(l.cell_commissioner_code, '') = c.commissioner_key
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
COMMENT ON VIEW repeat_referrals IS 'Repeat referrals as the PDT dashboard counts them (2.14 Repeat_Referrals.sql): finished courses received in the month whose person''s previous finished course (two or more treatment contacts) was discharged 0 to 365 days before, by the days between, per month and level; the earlier course only among the providers provider_access grants the caller; not suppressed';
COMMENT ON COLUMN repeat_referrals.month IS 'First day of the month the repeat referral was received (Month)';
COMMENT ON COLUMN repeat_referrals.level IS 'national, region, icb, sub_icb, provider or service, of the repeat referral (referral_level)';
COMMENT ON COLUMN repeat_referrals.group_type IS 'The level as NHS England names it';
COMMENT ON COLUMN repeat_referrals.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed), the provider or the service, of the repeat referral';
COMMENT ON COLUMN repeat_referrals.organisation_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals.region_code IS 'NHS England region of the row (Region Code)';
COMMENT ON COLUMN repeat_referrals.region_name IS 'Its name (Region Name)';
COMMENT ON COLUMN repeat_referrals.provider_code IS 'Provider (last successor) on provider and service rows';
COMMENT ON COLUMN repeat_referrals.service_id IS 'Service on service rows';
COMMENT ON COLUMN repeat_referrals.repeat_referrals IS 'Repeat referrals received in the month: the four bands together';
COMMENT ON COLUMN repeat_referrals.days_91_or_fewer IS 'Received 91 days or fewer after the previous discharge (91 days or fewer; 2.14, line 278)';
COMMENT ON COLUMN repeat_referrals.days_92_to_182 IS 'Received 92 to 182 days after (92-182 days; line 279)';
COMMENT ON COLUMN repeat_referrals.days_183_to_273 IS 'Received 183 to 273 days after (183-273 days; line 280)';
COMMENT ON COLUMN repeat_referrals.days_over_273 IS 'Received 274 to 365 days after (More than 273 days; line 281)';
$ddl$
UNION ALL
SELECT 339, 'repeat_referrals_published', 'view', 'reports', '{repeat_referrals}'::text[], $ddl$
CREATE VIEW repeat_referrals_published WITH (security_barrier = true) AS
-- The four intervals add up to the repeat referrals: secondary suppression
-- (iapt_ews.suppress_part) keeps a withheld one from being given back.
WITH suppressed AS (
    SELECT month, level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id,
           iapt_ews.suppress(repeat_referrals) AS repeat_referrals,
           ARRAY[iapt_ews.suppress(days_91_or_fewer), iapt_ews.suppress(days_92_to_182),
                 iapt_ews.suppress(days_183_to_273), iapt_ews.suppress(days_over_273)] AS parts
    FROM repeat_referrals)
SELECT month, level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id,
       repeat_referrals,
       iapt_ews.suppress_part(parts[1], repeat_referrals, parts) AS days_91_or_fewer,
       iapt_ews.suppress_part(parts[2], repeat_referrals, parts) AS days_92_to_182,
       iapt_ews.suppress_part(parts[3], repeat_referrals, parts) AS days_183_to_273,
       iapt_ews.suppress_part(parts[4], repeat_referrals, parts) AS days_over_273
FROM suppressed;
COMMENT ON VIEW repeat_referrals_published IS 'repeat_referrals with disclosure control: counts below 5 withheld and the rest rounded to 5 (iapt_ews.suppress), and a further interval withheld where the four would give a withheld one back from the total (iapt_ews.suppress_part). Owner''s rights, security_barrier';
COMMENT ON COLUMN repeat_referrals_published.month IS 'First day of the month the repeat referral was received';
COMMENT ON COLUMN repeat_referrals_published.level IS 'national, region, icb, sub_icb, provider or service';
COMMENT ON COLUMN repeat_referrals_published.group_type IS 'The level as NHS England names it';
COMMENT ON COLUMN repeat_referrals_published.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed), the provider or the service';
COMMENT ON COLUMN repeat_referrals_published.organisation_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals_published.region_code IS 'NHS England region of the row';
COMMENT ON COLUMN repeat_referrals_published.region_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals_published.provider_code IS 'Provider on provider and service rows';
COMMENT ON COLUMN repeat_referrals_published.service_id IS 'Service on service rows';
COMMENT ON COLUMN repeat_referrals_published.repeat_referrals IS 'Repeat referrals received in the month; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_91_or_fewer IS '91 days or fewer after the previous discharge; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_92_to_182 IS '92 to 182 days; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_183_to_273 IS '183 to 273 days; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_over_273 IS '274 to 365 days; suppressed';
$ddl$
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_key_metrics() IS
'Internal: the key-metrics reports'' statements: referral_level, key_metrics (with and without care_activity), equality_metrics, repeat_referrals and their published variants; read them through iapt_ews.data_model';
