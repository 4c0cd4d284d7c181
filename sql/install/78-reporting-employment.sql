-- ---------------------------------------------------------------------------
-- Employment reports (docs/reporting.md, docs/employment.md): employment
-- adviser staffing per service and quarter against 1:8, and finished
-- courses with and without employment support. Statements run in a schema
-- of the caller's by the builders of 70-model.sql; like every report they
-- read with their owner's rights, and their patient-level rows come through
-- referral_outcome, which keeps only the providers the caller may see.
-- ---------------------------------------------------------------------------

CREATE FUNCTION iapt_ews.model_objects_employment(
    OUT step integer, OUT object_name text, OUT object_kind text, OUT layer text,
    OUT reads text[], OUT definition text)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
(400, 'ea_staffing', 'view', 'reports', '{workforce}'::text[], $ddl$
CREATE VIEW ea_staffing WITH (security_barrier = true) AS
SELECT q.service_id, q.quarter,
       iapt_ews.ea_wte(q.ratio) AS ea_wte,
       iapt_ews.therapist_wte(q.ratio) AS therapist_wte,
       iapt_ews.therapists_per_ea(q.ratio) AS therapists_per_ea,
       iapt_ews.meets_target(q.ratio) AS meets_target,
       iapt_ews.ea_needed(q.ratio) AS ea_wte_needed
FROM (SELECT m.service_id, m.quarter, iapt_ews.ea_ratio(m.role, m.wte) AS ratio
      FROM (SELECT w.service_id, date_trunc('quarter', w.period)::date AS quarter, w.role,
                   round(avg(w.wte), 2) AS wte
            FROM workforce w
            GROUP BY 1, 2, 3) m
      GROUP BY m.service_id, m.quarter) q;
COMMENT ON VIEW ea_staffing IS 'Employment adviser staffing per service and quarter (mean WTE of the quarter''s monthly returns, by role through iapt_ews.ea_ratio) against the 1:8 target. Holds no patient data';
COMMENT ON COLUMN ea_staffing.service_id IS 'Service';
COMMENT ON COLUMN ea_staffing.quarter IS 'First day of the quarter';
COMMENT ON COLUMN ea_staffing.ea_wte IS 'Employment adviser WTE (mean over the quarter)';
COMMENT ON COLUMN ea_staffing.therapist_wte IS 'Therapist WTE: high-intensity therapists, PWPs and counsellors (mean over the quarter)';
COMMENT ON COLUMN ea_staffing.therapists_per_ea IS 'Therapist WTE per EA WTE, to 0.01; NULL with no EA';
COMMENT ON COLUMN ea_staffing.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN ea_staffing.ea_wte_needed IS 'Extra EA WTE needed to reach 1:8, rounded up to 0.01; 0 when met';
$ddl$),
(410, 'employment_support_outcomes', 'view', 'reports', '{referral_outcome,employment_status,care_contact,care_activity}', $ddl$
CREATE VIEW employment_support_outcomes WITH (security_barrier = true) AS
WITH status AS (
    -- Indicators the employment classes do not read (Z not stated, X not
    -- known) count as not recorded.
    SELECT e.pathway_id,
           (array_agg(e.status ORDER BY e.recorded_at))[1] AS first_status,
           (array_agg(CASE WHEN e.sickness_absence IN ('Y', 'N', '8') THEN e.sickness_absence END ORDER BY e.recorded_at))[1] AS first_sick,
           (array_agg(e.status ORDER BY e.recorded_at DESC))[1] AS last_status,
           (array_agg(CASE WHEN e.sickness_absence IN ('Y', 'N', '8') THEN e.sickness_absence END ORDER BY e.recorded_at DESC))[1] AS last_sick
    FROM employment_status e GROUP BY e.pathway_id),
-- Employment support: at least one attended employment-support
-- appointment, or one with the employment-support procedure (SNOMED CT
-- 1098051000000103).
supported AS (
    SELECT c.pathway_id FROM care_contact c
    WHERE c.attended AND c.appointment_type = 'employment_support'
    UNION
    SELECT c.pathway_id FROM care_activity a JOIN care_contact c ON c.contact_id = a.contact_id
    WHERE c.attended AND a.procedure_code = '1098051000000103'),
courses AS (
    SELECT o.provider_code, o.service_id, date_trunc('quarter', o.discharge_date)::date AS quarter,
           EXISTS (SELECT 1 FROM supported s WHERE s.pathway_id = o.pathway_id) AS employment_support,
           o.recovered, o.not_case_at_start,
           iapt_ews.employment_class(s.first_status, s.first_sick) AS first_class,
           iapt_ews.employment_outcome(s.first_status, s.first_sick, s.last_status, s.last_sick) AS work
    FROM referral_outcome o
    LEFT JOIN status s ON s.pathway_id = o.pathway_id
    WHERE o.finished)
SELECT c.provider_code, c.service_id, c.quarter, c.employment_support,
       count(*) AS finished_treatment,
       count(*) FILTER (WHERE NOT c.not_case_at_start) AS recovery_denominator,
       count(*) FILTER (WHERE c.recovered) AS recovered,
       (count(*) FILTER (WHERE c.recovered))::float8
           / nullif(count(*) FILTER (WHERE NOT c.not_case_at_start), 0) AS recovery_rate,
       count(*) FILTER (WHERE c.first_class = 'off sick') AS off_sick_at_start,
       count(*) FILTER (WHERE c.work = 'returned to work') AS returned_to_work,
       count(*) FILTER (WHERE c.first_class = 'not employed') AS not_employed_at_start,
       count(*) FILTER (WHERE c.work = 'entered work') AS entered_work,
       count(*) FILTER (WHERE c.first_class = 'in work') AS in_work_at_start,
       count(*) FILTER (WHERE c.work = 'retained work') AS retained_work,
       count(*) FILTER (WHERE c.work = 'lost work') AS lost_work
FROM courses c
GROUP BY c.provider_code, c.service_id, c.quarter, c.employment_support;
COMMENT ON VIEW employment_support_outcomes IS 'Finished courses per provider, service and discharge quarter, with and without employment support (an attended employment-support appointment or procedure): recovery and work outcomes from the first to the last employment status. Compare the groups with iapt_ews.compare_rates on the per-referral rows. Not suppressed';
COMMENT ON COLUMN employment_support_outcomes.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_outcomes.service_id IS 'Service';
COMMENT ON COLUMN employment_support_outcomes.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN employment_support_outcomes.employment_support IS 'True: at least one attended employment-support appointment (or the employment-support procedure); false: treatment only';
COMMENT ON COLUMN employment_support_outcomes.finished_treatment IS 'Finished a course of treatment (M076)';
COMMENT ON COLUMN employment_support_outcomes.recovery_denominator IS 'Finished and not "not at caseness" (M076 - M179)';
COMMENT ON COLUMN employment_support_outcomes.recovered IS 'Moved to recovery (M191)';
COMMENT ON COLUMN employment_support_outcomes.recovery_rate IS 'recovered / recovery_denominator; NULL when the denominator is 0';
COMMENT ON COLUMN employment_support_outcomes.off_sick_at_start IS 'Employed and off sick at the first employment status';
COMMENT ON COLUMN employment_support_outcomes.returned_to_work IS 'Off sick at the first status, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.not_employed_at_start IS 'Not employed (status 02-08) at the first status';
COMMENT ON COLUMN employment_support_outcomes.entered_work IS 'Not employed at the first status, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.in_work_at_start IS 'In work (employed, not off sick) at the first status';
COMMENT ON COLUMN employment_support_outcomes.retained_work IS 'In work at the first status and at the last';
COMMENT ON COLUMN employment_support_outcomes.lost_work IS 'In work or off sick at the first status, not employed at the last';
$ddl$),
(420, 'employment_support_outcomes_published', 'view', 'reports', '{employment_support_outcomes}', $ddl$
CREATE VIEW employment_support_outcomes_published WITH (security_barrier = true) AS
SELECT s.provider_code, s.service_id, s.quarter, s.employment_support,
       iapt_ews.suppress(s.finished_treatment) AS finished_treatment,
       iapt_ews.suppress(s.recovery_denominator) AS recovery_denominator,
       iapt_ews.suppress(s.recovered) AS recovered,
       round(iapt_ews.published_rate(s.recovered, s.recovery_denominator)::numeric, 4) AS recovery_rate,
       iapt_ews.suppress(s.off_sick_at_start) AS off_sick_at_start,
       iapt_ews.suppress(s.returned_to_work) AS returned_to_work,
       round(iapt_ews.published_rate(s.returned_to_work, s.off_sick_at_start)::numeric, 4) AS returned_to_work_rate,
       iapt_ews.suppress(s.not_employed_at_start) AS not_employed_at_start,
       iapt_ews.suppress(s.entered_work) AS entered_work,
       round(iapt_ews.published_rate(s.entered_work, s.not_employed_at_start)::numeric, 4) AS entered_work_rate,
       iapt_ews.suppress(s.in_work_at_start) AS in_work_at_start,
       iapt_ews.suppress(s.retained_work) AS retained_work,
       round(iapt_ews.published_rate(s.retained_work, s.in_work_at_start)::numeric, 4) AS retained_work_rate
FROM employment_support_outcomes s;
COMMENT ON VIEW employment_support_outcomes_published IS 'employment_support_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators so that quarters can be added up; rates from the published counts (iapt_ews.published_rate), to 4 decimals';
COMMENT ON COLUMN employment_support_outcomes_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_outcomes_published.service_id IS 'Service';
COMMENT ON COLUMN employment_support_outcomes_published.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN employment_support_outcomes_published.employment_support IS 'True: at least one attended employment-support appointment or procedure';
COMMENT ON COLUMN employment_support_outcomes_published.finished_treatment IS 'Finished a course of treatment (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovery_denominator IS 'Finished, not "not at caseness" (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovered IS 'Recovered (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovery_rate IS 'Published recovered / published recovery_denominator';
COMMENT ON COLUMN employment_support_outcomes_published.off_sick_at_start IS 'Off sick at the first status (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.returned_to_work IS 'Returned to work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.returned_to_work_rate IS 'Published returned_to_work / published off_sick_at_start';
COMMENT ON COLUMN employment_support_outcomes_published.not_employed_at_start IS 'Not employed at the first status (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.entered_work IS 'Entered work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.entered_work_rate IS 'Published entered_work / published not_employed_at_start';
COMMENT ON COLUMN employment_support_outcomes_published.in_work_at_start IS 'In work at the first status (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.retained_work IS 'Retained work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.retained_work_rate IS 'Published retained_work / published in_work_at_start';
$ddl$)
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_employment() IS
'Internal: the employment reports'' statements: ea_staffing, employment_support_outcomes and its published variant; read them through iapt_ews.data_model';
