-- ---------------------------------------------------------------------------
-- Reporting views for employment advisers and access (docs/reporting.md):
-- EA staffing per service and quarter against 1:8, outcomes with and without
-- employment support, and access by area and by deprivation decile. All
-- security_invoker: row-level security of the caller applies to the
-- patient-level tables they read. Plain BI types only.
-- ---------------------------------------------------------------------------

CREATE VIEW iapt_ews.ea_staffing WITH (security_invoker = true) AS
SELECT q.service_id, q.quarter,
       iapt_ews.ea_wte(q.ratio) AS ea_wte,
       iapt_ews.therapist_wte(q.ratio) AS therapist_wte,
       iapt_ews.therapists_per_ea(q.ratio) AS therapists_per_ea,
       iapt_ews.meets_target(q.ratio) AS meets_target,
       iapt_ews.ea_needed(q.ratio) AS ea_wte_needed
FROM (SELECT m.service_id, m.quarter, iapt_ews.ea_ratio(m.role, m.wte) AS ratio
      FROM (SELECT w.service_id, pg_catalog.date_trunc('quarter', w.period)::date AS quarter, w.role,
                   pg_catalog.round(pg_catalog.avg(w.wte), 2) AS wte
            FROM iapt_ews.workforce w
            GROUP BY 1, 2, 3) m
      GROUP BY m.service_id, m.quarter) q;
COMMENT ON VIEW iapt_ews.ea_staffing IS
'Employment adviser staffing per service and quarter (mean WTE of the quarter''s monthly returns, by role through iapt_ews.ea_ratio) against the 1:8 target. Holds no patient data. Security invoker';
COMMENT ON COLUMN iapt_ews.ea_staffing.service_id IS 'Service';
COMMENT ON COLUMN iapt_ews.ea_staffing.quarter IS 'First day of the quarter';
COMMENT ON COLUMN iapt_ews.ea_staffing.ea_wte IS 'Employment adviser WTE (mean over the quarter)';
COMMENT ON COLUMN iapt_ews.ea_staffing.therapist_wte IS 'Therapist WTE: high-intensity therapists, PWPs and counsellors (mean over the quarter)';
COMMENT ON COLUMN iapt_ews.ea_staffing.therapists_per_ea IS 'Therapist WTE per EA WTE, to 0.01; NULL with no EA';
COMMENT ON COLUMN iapt_ews.ea_staffing.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN iapt_ews.ea_staffing.ea_wte_needed IS 'Extra EA WTE needed to reach 1:8, rounded up to 0.01; 0 when met';

CREATE VIEW iapt_ews.employment_support_outcomes WITH (security_invoker = true) AS
WITH status AS (
    SELECT e.pathway_id,
           (pg_catalog.array_agg(e.status ORDER BY e.recorded_at))[1] AS first_status,
           (pg_catalog.array_agg(e.sickness_absence ORDER BY e.recorded_at))[1] AS first_sick,
           (pg_catalog.array_agg(e.status ORDER BY e.recorded_at DESC))[1] AS last_status,
           (pg_catalog.array_agg(e.sickness_absence ORDER BY e.recorded_at DESC))[1] AS last_sick
    FROM iapt_ews.employment_status e GROUP BY e.pathway_id),
courses AS (
    SELECT o.provider_code, o.service_id, pg_catalog.date_trunc('quarter', o.discharge_date)::date AS quarter,
           COALESCE(r.employment_support_start <= o.discharge_date, false) AS employment_support,
           o.recovered, o.not_case_at_start,
           iapt_ews.employment_class(s.first_status, s.first_sick) AS first_class,
           iapt_ews.employment_outcome(s.first_status, s.first_sick, s.last_status, s.last_sick) AS work
    FROM iapt_ews.referral_outcome o
    JOIN iapt_ews.referral r ON r.pathway_id = o.pathway_id
    LEFT JOIN status s ON s.pathway_id = o.pathway_id
    WHERE o.finished)
SELECT c.provider_code, c.service_id, c.quarter, c.employment_support,
       pg_catalog.count(*) AS finished_treatment,
       pg_catalog.count(*) FILTER (WHERE NOT c.not_case_at_start) AS recovery_denominator,
       pg_catalog.count(*) FILTER (WHERE c.recovered) AS recovered,
       (pg_catalog.count(*) FILTER (WHERE c.recovered))::float8
           / NULLIF(pg_catalog.count(*) FILTER (WHERE NOT c.not_case_at_start), 0) AS recovery_rate,
       pg_catalog.count(*) FILTER (WHERE c.first_class = 'off sick') AS off_sick_at_start,
       pg_catalog.count(*) FILTER (WHERE c.work = 'returned to work') AS returned_to_work,
       pg_catalog.count(*) FILTER (WHERE c.first_class = 'not employed') AS not_employed_at_start,
       pg_catalog.count(*) FILTER (WHERE c.work = 'entered work') AS entered_work,
       pg_catalog.count(*) FILTER (WHERE c.first_class = 'in work') AS in_work_at_start,
       pg_catalog.count(*) FILTER (WHERE c.work = 'retained work') AS retained_work,
       pg_catalog.count(*) FILTER (WHERE c.work = 'lost work') AS lost_work
FROM courses c
GROUP BY c.provider_code, c.service_id, c.quarter, c.employment_support;
COMMENT ON VIEW iapt_ews.employment_support_outcomes IS
'Finished courses per provider, service and discharge quarter, with and without employment support (support started on or before discharge): recovery and work outcomes from the first to the last employment status. Compare the groups with iapt_ews.compare_rates on the per-referral rows. Not suppressed. Security invoker';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.service_id IS 'Service';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.employment_support IS 'True: employment support started on or before discharge; false: treatment only';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.finished_treatment IS 'Finished a course of treatment (M076)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.recovery_denominator IS 'Finished and not "not at caseness" (M076 - M179)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.recovered IS 'Moved to recovery (M191)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.recovery_rate IS 'recovered / recovery_denominator; NULL when the denominator is 0';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.off_sick_at_start IS 'Employed and off sick at the first employment status';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.returned_to_work IS 'Off sick at the first status, in work at the last';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.not_employed_at_start IS 'Not employed (status 02-08) at the first status';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.entered_work IS 'Not employed at the first status, in work at the last';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.in_work_at_start IS 'In work (employed, not off sick) at the first status';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.retained_work IS 'In work at the first status and at the last';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes.lost_work IS 'In work or off sick at the first status, not employed at the last';

-- Access by area: the extension's areas and sites through access_scores
-- (Gaussian 2SFCA, 5 km catchment, straight-line distance), with plain
-- latitude and longitude for BI pin maps and the LSOA code for region maps.
CREATE VIEW iapt_ews.area_access WITH (security_invoker = true) AS
SELECT a.lsoa_code, a.name, a.imd_decile, a.population,
       public.ST_Y(public.ST_Transform(a.geom, 4326))::numeric(9, 6) AS latitude,
       public.ST_X(public.ST_Transform(a.geom, 4326))::numeric(9, 6) AS longitude,
       COALESCE(r.referrals, 0) AS referrals,
       (100000 * COALESCE(r.referrals, 0)::numeric / NULLIF(a.population, 0))::numeric(12, 1) AS referrals_per_100k,
       s.nearest_site_id,
       s.nearest_distance_m::numeric(12, 1) AS nearest_distance_m,
       s.sites_within AS sites_within_5km,
       s.e2sfca AS access_score,
       a.geom
FROM iapt_ews.area a
LEFT JOIN iapt_ews.access_scores(
        'SELECT lsoa_code AS id, geom, COALESCE(population, 0) AS population FROM iapt_ews.area',
        'SELECT site_id AS id, geom, 1 AS capacity FROM iapt_ews.site', 5000) s
       ON s.area_id = a.lsoa_code
LEFT JOIN (SELECT rf.lsoa_code, pg_catalog.count(*) AS referrals
           FROM iapt_ews.referral rf GROUP BY rf.lsoa_code) r ON r.lsoa_code = a.lsoa_code;
COMMENT ON VIEW iapt_ews.area_access IS
'Access by small area (LSOA): referrals and referrals per 100,000 residents, nearest site and distance, sites within 5 km and the Gaussian 2SFCA access score (iapt_ews.access_scores, each site capacity 1), with latitude/longitude for pin maps and lsoa_code for region maps. Referral counts follow row-level security. Not suppressed: small-area counts must not be published as they are. Security invoker';
COMMENT ON COLUMN iapt_ews.area_access.lsoa_code IS 'LSOA code (region maps join on it)';
COMMENT ON COLUMN iapt_ews.area_access.name IS 'LSOA name';
COMMENT ON COLUMN iapt_ews.area_access.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
COMMENT ON COLUMN iapt_ews.area_access.population IS 'Resident population';
COMMENT ON COLUMN iapt_ews.area_access.latitude IS 'Latitude of the population-weighted centroid (WGS 84), for pin maps';
COMMENT ON COLUMN iapt_ews.area_access.longitude IS 'Longitude of the population-weighted centroid (WGS 84), for pin maps';
COMMENT ON COLUMN iapt_ews.area_access.referrals IS 'Referrals of residents of the area (those the caller may see)';
COMMENT ON COLUMN iapt_ews.area_access.referrals_per_100k IS 'Referrals per 100,000 residents';
COMMENT ON COLUMN iapt_ews.area_access.nearest_site_id IS 'Nearest site (straight line)';
COMMENT ON COLUMN iapt_ews.area_access.nearest_distance_m IS 'Distance to the nearest site in metres';
COMMENT ON COLUMN iapt_ews.area_access.sites_within_5km IS 'Sites within 5 km';
COMMENT ON COLUMN iapt_ews.area_access.access_score IS 'Gaussian two-step floating catchment access score (5 km)';
COMMENT ON COLUMN iapt_ews.area_access.geom IS 'Population-weighted centroid (EPSG:27700)';

CREATE VIEW iapt_ews.access_by_decile WITH (security_invoker = true) AS
SELECT g.imd_decile, g.areas, g.population::bigint AS population, g.referrals::bigint AS referrals,
       g.referrals_per_100k::numeric(12, 1) AS referrals_per_100k,
       g.expected_referrals::numeric(14, 1) AS expected_referrals,
       g.observed_expected::numeric(8, 3) AS observed_expected,
       g.oe_lower95::numeric(8, 3) AS oe_lower95, g.oe_upper95::numeric(8, 3) AS oe_upper95,
       g.mean_nearest_distance_m::numeric(12, 1) AS mean_nearest_distance_m,
       g.population_within_catchment_pct::numeric(6, 1) AS population_within_5km_pct,
       g.sii_referrals_per_100k::numeric(12, 1) AS sii_referrals_per_100k,
       g.rii_referrals::numeric(8, 3) AS rii_referrals
FROM iapt_ews.access_gap_by_decile(
        'SELECT lsoa_code AS id, geom, COALESCE(population, 0) AS population, imd_decile FROM iapt_ews.area',
        'SELECT lsoa_code AS area_id, count(*) AS referrals FROM iapt_ews.referral WHERE lsoa_code IS NOT NULL GROUP BY lsoa_code',
        'SELECT site_id AS id, geom, 1 AS capacity FROM iapt_ews.site', 5000) g;
COMMENT ON VIEW iapt_ews.access_by_decile IS
'Access gap by IMD decile over all areas (iapt_ews.access_gap_by_decile, 5 km): referrals per 100,000, expected at the overall rate, observed/expected with 95% limits, mean distance to the nearest site, share within 5 km; the last row (imd_decile NULL) is all areas with the slope and relative index of inequality. Security invoker';
COMMENT ON COLUMN iapt_ews.access_by_decile.imd_decile IS 'IMD 2019 decile (1 = most deprived); NULL on the all-areas row';
COMMENT ON COLUMN iapt_ews.access_by_decile.areas IS 'Areas (LSOAs)';
COMMENT ON COLUMN iapt_ews.access_by_decile.population IS 'Resident population';
COMMENT ON COLUMN iapt_ews.access_by_decile.referrals IS 'Referrals of residents (those the caller may see)';
COMMENT ON COLUMN iapt_ews.access_by_decile.referrals_per_100k IS 'Referrals per 100,000 residents';
COMMENT ON COLUMN iapt_ews.access_by_decile.expected_referrals IS 'Referrals expected at the all-areas rate';
COMMENT ON COLUMN iapt_ews.access_by_decile.observed_expected IS 'Observed / expected referrals';
COMMENT ON COLUMN iapt_ews.access_by_decile.oe_lower95 IS 'Lower 95% limit of observed/expected (Byar)';
COMMENT ON COLUMN iapt_ews.access_by_decile.oe_upper95 IS 'Upper 95% limit of observed/expected (Byar)';
COMMENT ON COLUMN iapt_ews.access_by_decile.mean_nearest_distance_m IS 'Population-weighted mean distance to the nearest site, metres';
COMMENT ON COLUMN iapt_ews.access_by_decile.population_within_5km_pct IS 'Share of residents with a site within 5 km, %';
COMMENT ON COLUMN iapt_ews.access_by_decile.sii_referrals_per_100k IS 'Slope index of inequality of the referral rate (all-areas row): least minus most deprived end of the fitted line';
COMMENT ON COLUMN iapt_ews.access_by_decile.rii_referrals IS 'Relative index of inequality of the referral rate (all-areas row): SII / mean rate';

-- ---------------------------------------------------------------------------
-- Publication variants. Like service_month_metrics_published, they read the
-- tables with their owner's rights (security_barrier) and keep only the
-- providers in iapt_ews.visible_providers() of the current user, so a
-- publication role needs no rights on the patient-level tables. The
-- per-referral outcome SQL is the definition of iapt_ews.referral_outcome
-- (over the extension's own tables), taken as it is at install time.
-- ---------------------------------------------------------------------------
DO $published$
DECLARE
    saved_path text := pg_catalog.current_setting('search_path');
    outcome_sql text;
    visible constant text := $v$ARRAY[%s.provider_code, '*'] && (SELECT iapt_ews.visible_providers())$v$;
    support_sql text;
BEGIN
    -- pg_get_viewdef qualifies names only when they are off the path.
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);
    outcome_sql := pg_catalog.rtrim(pg_catalog.pg_get_viewdef('iapt_ews.referral_outcome'::regclass), '; ');
    support_sql := pg_catalog.replace(
        pg_catalog.rtrim(pg_catalog.pg_get_viewdef('iapt_ews.employment_support_outcomes'::regclass), '; '),
        'iapt_ews.referral_outcome o', pg_catalog.format('(%s) o', outcome_sql));
    IF pg_catalog.strpos(support_sql, outcome_sql) = 0 THEN
        RAISE EXCEPTION 'could not build employment_support_outcomes_published';
    END IF;
    support_sql := pg_catalog.replace(support_sql, 'WHERE o.finished',
                                      'WHERE o.finished AND ' || pg_catalog.format(visible, 'o'));
    EXECUTE pg_catalog.format($v$CREATE VIEW iapt_ews.employment_support_outcomes_published WITH (security_barrier = true) AS
        SELECT s.provider_code, s.service_id, s.quarter, s.employment_support,
               iapt_ews.suppress(s.finished_treatment) AS finished_treatment,
               iapt_ews.suppress(s.recovered) AS recovered,
               pg_catalog.round(iapt_ews.suppressed_rate(s.recovered, s.recovery_denominator)::numeric, 2) AS recovery_rate,
               iapt_ews.suppress(s.returned_to_work) AS returned_to_work,
               pg_catalog.round(iapt_ews.suppressed_rate(s.returned_to_work, s.off_sick_at_start)::numeric, 2) AS returned_to_work_rate,
               iapt_ews.suppress(s.entered_work) AS entered_work,
               pg_catalog.round(iapt_ews.suppressed_rate(s.entered_work, s.not_employed_at_start)::numeric, 2) AS entered_work_rate,
               iapt_ews.suppress(s.retained_work) AS retained_work,
               pg_catalog.round(iapt_ews.suppressed_rate(s.retained_work, s.in_work_at_start)::numeric, 2) AS retained_work_rate
        FROM (%s) s$v$, support_sql);

    EXECUTE pg_catalog.format($v$CREATE VIEW iapt_ews.area_access_published WITH (security_barrier = true) AS
        SELECT a.lsoa_code, a.name, a.imd_decile, a.population, a.latitude, a.longitude,
               iapt_ews.suppress(r.referrals) AS referrals,
               pg_catalog.round((100000 * iapt_ews.suppress(r.referrals)::numeric / NULLIF(a.population, 0)), 1) AS referrals_per_100k,
               a.nearest_distance_m, a.sites_within_5km, a.access_score
        FROM (SELECT x.lsoa_code, x.name, x.imd_decile, x.population,
                     public.ST_Y(public.ST_Transform(x.geom, 4326))::numeric(9, 6) AS latitude,
                     public.ST_X(public.ST_Transform(x.geom, 4326))::numeric(9, 6) AS longitude,
                     s.nearest_distance_m::numeric(12, 1) AS nearest_distance_m,
                     s.sites_within AS sites_within_5km, s.e2sfca AS access_score
              FROM iapt_ews.area x
              LEFT JOIN iapt_ews.access_scores(
                  'SELECT lsoa_code AS id, geom, COALESCE(population, 0) AS population FROM iapt_ews.area',
                  'SELECT site_id AS id, geom, 1 AS capacity FROM iapt_ews.site', 5000) s ON s.area_id = x.lsoa_code) a
        LEFT JOIN (SELECT rf.lsoa_code, pg_catalog.count(*) AS referrals FROM iapt_ews.referral rf
                   WHERE %s GROUP BY rf.lsoa_code) r ON r.lsoa_code = a.lsoa_code$v$,
        pg_catalog.format(visible, 'rf'));
    PERFORM pg_catalog.set_config('search_path', saved_path, true);
END
$published$;

COMMENT ON VIEW iapt_ews.employment_support_outcomes_published IS
'employment_support_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, rates by suppressed_rate to 2 decimals; only the providers in iapt_ews.visible_providers() of the current user. Owner''s rights, security_barrier';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.service_id IS 'Service';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.employment_support IS 'True: employment support started on or before discharge';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.finished_treatment IS 'Finished a course of treatment (suppressed)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.recovered IS 'Recovered (suppressed)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.recovery_rate IS 'Recovered / (finished - not at caseness), suppressed_rate, 2 decimals';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.returned_to_work IS 'Returned to work (suppressed)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.returned_to_work_rate IS 'Returned to work / off sick at the start, suppressed_rate, 2 decimals';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.entered_work IS 'Entered work (suppressed)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.entered_work_rate IS 'Entered work / not employed at the start, suppressed_rate, 2 decimals';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.retained_work IS 'Retained work (suppressed)';
COMMENT ON COLUMN iapt_ews.employment_support_outcomes_published.retained_work_rate IS 'Retained work / in work at the start, suppressed_rate, 2 decimals';

COMMENT ON VIEW iapt_ews.area_access_published IS
'area_access with disclosure control: referral counts below 5 withheld and the rest rounded to 5 (the rate per 100,000 from the rounded count); referrals of the providers in iapt_ews.visible_providers() only. Owner''s rights for the referrals, security_barrier; the access scores read iapt_ews.area and iapt_ews.site with the caller''s rights (reference data: grant SELECT on them to publication roles)';
COMMENT ON COLUMN iapt_ews.area_access_published.lsoa_code IS 'LSOA code (region maps join on it)';
COMMENT ON COLUMN iapt_ews.area_access_published.name IS 'LSOA name';
COMMENT ON COLUMN iapt_ews.area_access_published.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
COMMENT ON COLUMN iapt_ews.area_access_published.population IS 'Resident population';
COMMENT ON COLUMN iapt_ews.area_access_published.latitude IS 'Latitude (WGS 84), for pin maps';
COMMENT ON COLUMN iapt_ews.area_access_published.longitude IS 'Longitude (WGS 84), for pin maps';
COMMENT ON COLUMN iapt_ews.area_access_published.referrals IS 'Referrals of residents (suppressed)';
COMMENT ON COLUMN iapt_ews.area_access_published.referrals_per_100k IS 'Rounded referrals per 100,000 residents';
COMMENT ON COLUMN iapt_ews.area_access_published.nearest_distance_m IS 'Distance to the nearest site, metres';
COMMENT ON COLUMN iapt_ews.area_access_published.sites_within_5km IS 'Sites within 5 km';
COMMENT ON COLUMN iapt_ews.area_access_published.access_score IS 'Gaussian 2SFCA access score (5 km)';

-- The decile report from the published area rows: counts of the visible
-- providers' referrals, suppressed at the end.
CREATE VIEW iapt_ews.access_by_decile_published WITH (security_barrier = true) AS
WITH areas AS (
    SELECT x.lsoa_code, x.imd_decile, COALESCE(x.population, 0)::float8 AS population,
           s.nearest_distance_m, s.sites_within
    FROM iapt_ews.area x
    JOIN iapt_ews.access_scores(
        'SELECT lsoa_code AS id, geom, COALESCE(population, 0) AS population FROM iapt_ews.area',
        'SELECT site_id AS id, geom, 1 AS capacity FROM iapt_ews.site', 5000) s ON s.area_id = x.lsoa_code
    WHERE x.imd_decile IS NOT NULL),
refs AS (
    SELECT rf.lsoa_code, pg_catalog.count(*)::float8 AS referrals FROM iapt_ews.referral rf
    WHERE ARRAY[rf.provider_code, '*'] && (SELECT iapt_ews.visible_providers())
    GROUP BY rf.lsoa_code),
deciles AS (
    SELECT a.imd_decile, pg_catalog.count(*) AS areas, pg_catalog.sum(a.population) AS population,
           COALESCE(pg_catalog.sum(r.referrals), 0) AS referrals,
           pg_catalog.sum(a.population * a.nearest_distance_m) / NULLIF(pg_catalog.sum(a.population), 0) AS mean_nearest_distance_m,
           100 * COALESCE(pg_catalog.sum(a.population) FILTER (WHERE a.sites_within > 0), 0) / NULLIF(pg_catalog.sum(a.population), 0) AS within_pct
    FROM areas a LEFT JOIN refs r ON r.lsoa_code = a.lsoa_code
    GROUP BY a.imd_decile),
overall AS (
    SELECT pg_catalog.sum(d.referrals) / NULLIF(pg_catalog.sum(d.population), 0) AS rate,
           iapt_ews.slope_index_of_inequality(100000 * d.referrals / NULLIF(d.population, 0), d.imd_decile, d.population) AS sii,
           iapt_ews.relative_index_of_inequality(100000 * d.referrals / NULLIF(d.population, 0), d.imd_decile, d.population) AS rii
    FROM deciles d)
SELECT d.imd_decile, d.areas, d.population::bigint AS population,
       iapt_ews.suppress(d.referrals::bigint) AS referrals,
       pg_catalog.round((100000 * iapt_ews.suppressed_rate(d.referrals::bigint, d.population::bigint, 5))::numeric, 1) AS referrals_per_100k,
       CASE WHEN d.referrals >= 5 THEN pg_catalog.round((d.referrals / NULLIF(d.population * o.rate, 0))::numeric, 3) END AS observed_expected,
       pg_catalog.round(d.mean_nearest_distance_m::numeric, 1) AS mean_nearest_distance_m,
       pg_catalog.round(d.within_pct::numeric, 1) AS population_within_5km_pct,
       pg_catalog.round(o.sii::numeric, 1) AS sii_referrals_per_100k,
       pg_catalog.round(o.rii::numeric, 3) AS rii_referrals
FROM deciles d CROSS JOIN overall o;
COMMENT ON VIEW iapt_ews.access_by_decile_published IS
'access_by_decile with disclosure control: referrals of the providers in iapt_ews.visible_providers() only, counts below 5 withheld and the rest rounded to 5, rates and observed/expected from unrounded counts and withheld on small counts; SII and RII on every row. Owner''s rights for the referrals, security_barrier; access scores read iapt_ews.area and iapt_ews.site with the caller''s rights';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.imd_decile IS 'IMD 2019 decile (1 = most deprived)';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.areas IS 'Areas (LSOAs)';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.population IS 'Resident population';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.referrals IS 'Referrals of residents (suppressed)';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.referrals_per_100k IS 'Referrals per 100,000 residents (suppressed_rate)';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.observed_expected IS 'Observed / expected referrals at the overall rate (withheld under 5 referrals)';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.mean_nearest_distance_m IS 'Population-weighted mean distance to the nearest site, metres';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.population_within_5km_pct IS 'Share of residents with a site within 5 km, %';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.sii_referrals_per_100k IS 'Slope index of inequality of the referral rate across deciles';
COMMENT ON COLUMN iapt_ews.access_by_decile_published.rii_referrals IS 'Relative index of inequality of the referral rate';
