-- ---------------------------------------------------------------------------
-- Reporting views (docs/reporting.md)
--
-- One function writes every view, so the views over the extension's own
-- tables (created below, at CREATE EXTENSION) and views over a warehouse's
-- tables (iapt_ews.create_reporting_views called by a DBA) are the same SQL.
-- SQL is built with format() only: identifiers with %I, literals with %L,
-- relations as regclass (which prints itself quoted and schema-qualified).
--
--   referral_outcome                 one row per referral, security_invoker
--   service_month_metrics            per provider, service and month, security_invoker
--   service_month_metrics_published  the same with disclosure control, security_barrier
--   key_metrics                      NHS England's key-metrics dashboard, security_invoker
--   key_metrics_published            the same with disclosure control, security_barrier
--
-- The publication view is the one deliberate exception to security_invoker:
-- it must serve roles that may not read patient rows (a publication role),
-- so it reads the tables with its owner's rights, and filters its rows by
-- iapt_ews.visible_providers() of the current user itself
-- (docs/access-control.md). It reads the tables directly, not through the
-- invoker views, since an invoker view nested in it would check the
-- caller's rights.
-- ---------------------------------------------------------------------------

CREATE FUNCTION iapt_ews.create_reporting_views(
    target_schema name,
    referral regclass,
    care_contact regclass,
    assessment_score regclass,
    columns jsonb DEFAULT '{}',
    treatment_appointment_types text[] DEFAULT '{treatment,assessment_and_treatment,review_and_treatment}')
RETURNS SETOF regclass
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    -- Logical column -> default column name in the source table.
    defaults constant jsonb := '{
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
    col jsonb;
    k text;
    v jsonb;
    rel regclass;
    outcome_sql text;
    metrics_sql text;
    published_sql text;
    km_sql text;
    km_published_sql text;
    c record;
BEGIN
    IF target_schema IS NULL OR referral IS NULL OR care_contact IS NULL OR assessment_score IS NULL THEN
        RAISE EXCEPTION 'target_schema, referral, care_contact and assessment_score must not be NULL'
            USING ERRCODE = '22004';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = target_schema) THEN
        RAISE EXCEPTION 'schema "%" does not exist', target_schema
            USING ERRCODE = '3F000', HINT = 'Create the schema for the views first.';
    END IF;
    IF NOT has_schema_privilege(target_schema, 'CREATE') THEN
        RAISE EXCEPTION 'permission denied to create views in schema "%"', target_schema
            USING ERRCODE = '42501', HINT = 'The views are created with the caller''s rights: it needs CREATE on the schema.';
    END IF;
    FOR rel IN SELECT unnest(ARRAY[referral, care_contact, assessment_score]) LOOP
        IF NOT has_table_privilege(rel, 'SELECT') THEN
            RAISE EXCEPTION 'permission denied to read %', rel
                USING ERRCODE = '42501', HINT = 'The views are created with the caller''s rights: it needs SELECT on the source tables.';
        END IF;
    END LOOP;
    IF treatment_appointment_types IS NULL OR cardinality(treatment_appointment_types) = 0 THEN
        RAISE EXCEPTION 'treatment_appointment_types must name at least one appointment type'
            USING ERRCODE = '22023';
    END IF;
    IF columns IS NULL OR jsonb_typeof(columns) <> 'object' THEN
        RAISE EXCEPTION 'columns must be a JSON object, not %', coalesce(jsonb_typeof(columns), 'NULL')
            USING ERRCODE = '22023',
                  HINT = 'Map logical columns to source columns, e.g. {"referral.pathway_id": "PathwayID"}.';
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(columns) LOOP
        IF NOT defaults ? k THEN
            RAISE EXCEPTION 'unknown column mapping key "%"', k
                USING ERRCODE = '22023',
                      HINT = 'Keys are: ' || (SELECT string_agg(x, ', ' ORDER BY x) FROM jsonb_object_keys(defaults) x) || '.';
        END IF;
        IF jsonb_typeof(v) <> 'string' THEN
            RAISE EXCEPTION 'column mapping "%" must be a column name (a JSON string), not %', k, v
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    col := defaults || columns;

    -- Every mapped column must exist, so a wrong mapping fails here with its
    -- key in the message rather than deep inside CREATE VIEW.
    FOR k IN SELECT x FROM jsonb_object_keys(col) x ORDER BY x LOOP
        rel := CASE split_part(k, '.', 1)
                   WHEN 'referral' THEN referral
                   WHEN 'care_contact' THEN care_contact
                   ELSE assessment_score END;
        IF NOT EXISTS (SELECT 1 FROM pg_attribute a
                       WHERE a.attrelid = rel AND a.attname = col->>k
                         AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" of relation % does not exist', col->>k, rel
                USING ERRCODE = '42703',
                      HINT = format('Map %s to a column of %s in argument columns.', k, rel);
        END IF;
    END LOOP;

    -- One row per referral. %1$s..%3$s relations, %4$I..%19$I columns,
    -- %20$L the treatment appointment types, %21$L the time zone of dates.
    outcome_sql := format($sql$
SELECT r.pathway_id, r.person_id, r.provider_code, r.service_id, r.referral_date,
       c.first_treatment_date, c.second_treatment_date, c.last_treatment_date,
       r.discharge_date, r.end_code, r.provisional_diagnosis,
       m.anxiety_measure,
       coalesce(c.appointments_attended, 0)::integer AS appointments_attended,
       coalesce(c.treatment_sessions, 0)::integer AS treatment_sessions,
       (c.first_treatment_date - r.referral_date) AS days_to_first_treatment,
       iapt_ews.first_score(s.phq9) AS phq9_first,
       iapt_ews.last_score(s.phq9) AS phq9_last,
       coalesce(iapt_ews.paired(s.phq9), false) AS phq9_paired,
       iapt_ews.first_score(a.pair) AS anxiety_first,
       iapt_ews.last_score(a.pair) AS anxiety_last,
       coalesce(iapt_ews.paired(a.pair), false) AS anxiety_paired,
       o.outcome,
       iapt_ews.ended(o.outcome) AS ended,
       iapt_ews.finished(o.outcome) AS finished,
       iapt_ews.paired(o.outcome) AS paired,
       iapt_ews.case_at_start(o.outcome) AS case_at_start,
       iapt_ews.not_case_at_start(o.outcome) AS not_case_at_start,
       iapt_ews.recovered(o.outcome) AS recovered,
       iapt_ews.reliably_improved(o.outcome) AS reliably_improved,
       iapt_ews.reliably_deteriorated(o.outcome) AS reliably_deteriorated,
       iapt_ews.no_reliable_change(o.outcome) AS no_reliable_change,
       iapt_ews.reliably_recovered(o.outcome) AS reliably_recovered,
       EXISTS (SELECT 1 FROM %1$s r2
               WHERE r2.%5$I::text = r.person_id
                 AND r2.%8$I::date BETWEEN r.referral_date - 365 AND r.referral_date
                 AND (r2.%8$I::date < r.referral_date OR r2.%4$I::text < r.pathway_id)) AS repeat_referral
FROM (SELECT %4$I::text AS pathway_id, %5$I::text AS person_id, %6$I::text AS provider_code,
             %7$I::text AS service_id, %8$I::date AS referral_date, %9$I::date AS discharge_date,
             %10$I::text AS end_code, %11$I::text AS provisional_diagnosis
      FROM %1$s) r
LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE cc.attended) AS appointments_attended,
           count(*) FILTER (WHERE cc.attended AND cc.appointment_type = ANY (%20$L::text[])) AS treatment_sessions,
           min(cc.contact_date) FILTER (WHERE cc.attended AND cc.appointment_type = ANY (%20$L::text[])) AS first_treatment_date,
           (array_agg(cc.contact_date ORDER BY cc.contact_date)
                FILTER (WHERE cc.attended AND cc.appointment_type = ANY (%20$L::text[])))[2] AS second_treatment_date,
           max(cc.contact_date) FILTER (WHERE cc.attended AND cc.appointment_type = ANY (%20$L::text[])) AS last_treatment_date
    FROM (SELECT (c0.%13$I::timestamptz AT TIME ZONE %21$L)::date AS contact_date,
                 c0.%14$I::boolean AS attended, c0.%15$I::text AS appointment_type
          FROM %2$s c0 WHERE c0.%12$I::text = r.pathway_id) cc
    WHERE cc.contact_date >= r.referral_date
      AND (r.discharge_date IS NULL OR cc.contact_date <= r.discharge_date)) c ON true
LEFT JOIN LATERAL (
    SELECT iapt_ews.pair_scores(ss.recorded_at, ss.score) FILTER (WHERE ss.measure = 'phq9') AS phq9,
           iapt_ews.pair_scores(ss.recorded_at, ss.score)
               FILTER (WHERE ss.measure = iapt_ews.anxiety_measure(r.provisional_diagnosis)) AS adsm,
           iapt_ews.pair_scores(ss.recorded_at, ss.score) FILTER (WHERE ss.measure = 'gad7') AS gad7
    FROM (SELECT lower(btrim(s0.%17$I::text)) AS measure, s0.%18$I::numeric AS score,
                 s0.%19$I::timestamptz AS recorded_at
          FROM %3$s s0 WHERE s0.%16$I::text = r.pathway_id) ss) s ON true
CROSS JOIN LATERAL (
    SELECT CASE WHEN coalesce(iapt_ews.paired(s.adsm), false) OR NOT coalesce(iapt_ews.paired(s.gad7), false)
                THEN iapt_ews.anxiety_measure(r.provisional_diagnosis)
                ELSE 'gad7' END AS anxiety_measure) m
CROSS JOIN LATERAL (
    SELECT CASE WHEN m.anxiety_measure = iapt_ews.anxiety_measure(r.provisional_diagnosis)
                THEN s.adsm ELSE s.gad7 END AS pair) a
CROSS JOIN LATERAL (
    SELECT iapt_ews.classify(s.phq9, m.anxiety_measure, a.pair,
                             coalesce(c.treatment_sessions, 0)::integer,
                             r.discharge_date IS NOT NULL) AS outcome) o
$sql$,
        referral, care_contact, assessment_score,
        col->>'referral.pathway_id', col->>'referral.person_id', col->>'referral.provider_code',
        col->>'referral.service_id', col->>'referral.referral_date', col->>'referral.discharge_date',
        col->>'referral.end_code', col->>'referral.provisional_diagnosis',
        col->>'care_contact.pathway_id', col->>'care_contact.contact_at', col->>'care_contact.attended',
        col->>'care_contact.appointment_type',
        col->>'assessment_score.pathway_id', col->>'assessment_score.measure',
        col->>'assessment_score.score', col->>'assessment_score.recorded_at',
        treatment_appointment_types, 'Europe/London');

    -- Monthly metrics from a relation shaped like referral_outcome (%1$s is
    -- a view name or a parenthesised subquery). Months: referrals by
    -- referral date, entering treatment by first treatment date, endings and
    -- outcomes by discharge date.
    metrics_sql := $sql$
WITH ro AS (SELECT * FROM %1$s),
received AS (
    SELECT provider_code, service_id, date_trunc('month', referral_date::timestamp)::date AS month,
           count(*) AS referrals_received,
           count(*) FILTER (WHERE repeat_referral) AS repeat_referrals
    FROM ro GROUP BY 1, 2, 3),
entered AS (
    SELECT provider_code, service_id, date_trunc('month', first_treatment_date::timestamp)::date AS month,
           count(*) AS entered_treatment,
           count(*) FILTER (WHERE days_to_first_treatment <= 42) AS entered_within_6_weeks,
           count(*) FILTER (WHERE days_to_first_treatment <= 126) AS entered_within_18_weeks
    FROM ro WHERE first_treatment_date IS NOT NULL GROUP BY 1, 2, 3),
ended AS (
    SELECT provider_code, service_id, date_trunc('month', discharge_date::timestamp)::date AS month,
           count(*) AS ended_referrals,
           count(*) FILTER (WHERE appointments_attended = 0) AS ended_not_seen,
           count(*) FILTER (WHERE appointments_attended > 0 AND treatment_sessions = 0) AS ended_seen_not_treated,
           count(*) FILTER (WHERE treatment_sessions = 1) AS ended_treated_once,
           count(*) FILTER (WHERE finished) AS finished_treatment,
           count(*) FILTER (WHERE finished AND not_case_at_start) AS not_at_caseness,
           count(*) FILTER (WHERE finished AND recovered) AS recovered,
           count(*) FILTER (WHERE finished AND reliably_recovered) AS reliably_recovered,
           count(*) FILTER (WHERE finished AND reliably_improved) AS reliably_improved,
           count(*) FILTER (WHERE finished AND no_reliable_change) AS no_reliable_change,
           count(*) FILTER (WHERE finished AND reliably_deteriorated) AS reliably_deteriorated,
           iapt_ews.recovery_rate(outcome) AS recovery_rate,
           iapt_ews.reliable_recovery_rate(outcome) AS reliable_recovery_rate,
           iapt_ews.reliable_improvement_rate(outcome) AS reliable_improvement_rate,
           iapt_ews.reliable_deterioration_rate(outcome) AS reliable_deterioration_rate,
           count(*) FILTER (WHERE finished AND days_to_first_treatment <= 42) AS finished_waited_6_weeks,
           count(*) FILTER (WHERE finished AND days_to_first_treatment <= 126) AS finished_waited_18_weeks,
           avg(days_to_first_treatment) FILTER (WHERE finished) AS mean_wait_days,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_first_treatment) FILTER (WHERE finished) AS median_wait_days,
           avg(treatment_sessions) FILTER (WHERE finished) AS mean_sessions,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY treatment_sessions) FILTER (WHERE finished) AS median_sessions,
           count(*) FILTER (WHERE finished AND phq9_paired) AS paired_phq9,
           count(*) FILTER (WHERE finished AND anxiety_paired) AS paired_anxiety,
           count(*) FILTER (WHERE finished AND phq9_paired AND anxiety_paired) AS paired_both
    FROM ro WHERE discharge_date IS NOT NULL GROUP BY 1, 2, 3),
keys AS (
    SELECT provider_code, service_id, month FROM received
    UNION SELECT provider_code, service_id, month FROM entered
    UNION SELECT provider_code, service_id, month FROM ended)
SELECT k.provider_code, k.service_id, k.month,
       coalesce(rc.referrals_received, 0) AS referrals_received,
       coalesce(rc.repeat_referrals, 0) AS repeat_referrals,
       coalesce(e.entered_treatment, 0) AS entered_treatment,
       coalesce(e.entered_within_6_weeks, 0) AS entered_within_6_weeks,
       coalesce(e.entered_within_18_weeks, 0) AS entered_within_18_weeks,
       coalesce(d.ended_referrals, 0) AS ended_referrals,
       coalesce(d.ended_not_seen, 0) AS ended_not_seen,
       coalesce(d.ended_seen_not_treated, 0) AS ended_seen_not_treated,
       coalesce(d.ended_treated_once, 0) AS ended_treated_once,
       coalesce(d.finished_treatment, 0) AS finished_treatment,
       coalesce(d.not_at_caseness, 0) AS not_at_caseness,
       coalesce(d.recovered, 0) AS recovered,
       coalesce(d.reliably_recovered, 0) AS reliably_recovered,
       coalesce(d.reliably_improved, 0) AS reliably_improved,
       coalesce(d.no_reliable_change, 0) AS no_reliable_change,
       coalesce(d.reliably_deteriorated, 0) AS reliably_deteriorated,
       d.recovery_rate, d.reliable_recovery_rate, d.reliable_improvement_rate, d.reliable_deterioration_rate,
       coalesce(d.finished_waited_6_weeks, 0) AS finished_waited_6_weeks,
       coalesce(d.finished_waited_18_weeks, 0) AS finished_waited_18_weeks,
       d.finished_waited_6_weeks::float8 / nullif(d.finished_treatment, 0) AS finished_waited_6_weeks_rate,
       d.finished_waited_18_weeks::float8 / nullif(d.finished_treatment, 0) AS finished_waited_18_weeks_rate,
       d.mean_wait_days, d.median_wait_days, d.mean_sessions, d.median_sessions,
       coalesce(d.paired_phq9, 0) AS paired_phq9,
       coalesce(d.paired_anxiety, 0) AS paired_anxiety,
       coalesce(d.paired_both, 0) AS paired_both,
       d.paired_both::float8 / nullif(d.finished_treatment, 0) AS paired_completeness
FROM keys k
LEFT JOIN received rc USING (provider_code, service_id, month)
LEFT JOIN entered e USING (provider_code, service_id, month)
LEFT JOIN ended d USING (provider_code, service_id, month)
$sql$;

    -- Publication: counts through suppress(), rates through
    -- suppressed_rate() from the unrounded counts and rounded to 2 decimal
    -- places, means and medians only over at least 5 referrals. Rows only
    -- for the providers the current user may see.
    published_sql := $sql$
SELECT m.provider_code, m.service_id, m.month,
       iapt_ews.suppress(m.referrals_received) AS referrals_received,
       iapt_ews.suppress(m.repeat_referrals) AS repeat_referrals,
       iapt_ews.suppress(m.entered_treatment) AS entered_treatment,
       iapt_ews.suppress(m.entered_within_6_weeks) AS entered_within_6_weeks,
       iapt_ews.suppress(m.entered_within_18_weeks) AS entered_within_18_weeks,
       iapt_ews.suppress(m.ended_referrals) AS ended_referrals,
       iapt_ews.suppress(m.finished_treatment) AS finished_treatment,
       iapt_ews.suppress(m.not_at_caseness) AS not_at_caseness,
       iapt_ews.suppress(m.recovered) AS recovered,
       iapt_ews.suppress(m.reliably_recovered) AS reliably_recovered,
       iapt_ews.suppress(m.reliably_improved) AS reliably_improved,
       iapt_ews.suppress(m.no_reliable_change) AS no_reliable_change,
       iapt_ews.suppress(m.reliably_deteriorated) AS reliably_deteriorated,
       round(iapt_ews.suppressed_rate(m.recovered, m.finished_treatment - m.not_at_caseness)::numeric, 2) AS recovery_rate,
       round(iapt_ews.suppressed_rate(m.reliably_recovered, m.finished_treatment - m.not_at_caseness)::numeric, 2) AS reliable_recovery_rate,
       round(iapt_ews.suppressed_rate(m.reliably_improved, m.finished_treatment)::numeric, 2) AS reliable_improvement_rate,
       round(iapt_ews.suppressed_rate(m.reliably_deteriorated, m.finished_treatment)::numeric, 2) AS reliable_deterioration_rate,
       round(iapt_ews.suppressed_rate(m.finished_waited_6_weeks, m.finished_treatment)::numeric, 2) AS finished_waited_6_weeks_rate,
       round(iapt_ews.suppressed_rate(m.finished_waited_18_weeks, m.finished_treatment)::numeric, 2) AS finished_waited_18_weeks_rate,
       CASE WHEN m.finished_treatment >= 5 THEN round(m.mean_sessions, 1) END AS mean_sessions,
       CASE WHEN m.finished_treatment >= 5 THEN round(m.median_sessions::numeric, 1) END AS median_sessions,
       round(iapt_ews.suppressed_rate(m.paired_both, m.finished_treatment)::numeric, 2) AS paired_completeness
FROM (%1$s) m
WHERE ARRAY[m.provider_code, '*'] && (SELECT iapt_ews.visible_providers())
$sql$;

    -- NHS England's key-metrics dashboard ("KM monthly update.sql"), one
    -- row per month and organisation: England, each provider, each service.
    -- Each referral counts in the month of each of its events. %1$s is the
    -- referral_outcome relation, %2$s a row filter (TRUE, or the publication
    -- view's visibility rule, applied before any total is formed).
    km_sql := $sql$
WITH ev AS (
    SELECT ro.*, e.kind, e.month
    FROM %1$s ro
    CROSS JOIN LATERAL (VALUES
        ('referred', date_trunc('month', ro.referral_date::timestamp)::date),
        ('access', date_trunc('month', ro.first_treatment_date::timestamp)::date),
        ('second', date_trunc('month', ro.second_treatment_date::timestamp)::date),
        ('ended', date_trunc('month', ro.discharge_date::timestamp)::date)) e(kind, month)
    WHERE e.month IS NOT NULL AND (%2$s)),
counts AS (
    SELECT month, provider_code, service_id,
           CASE WHEN grouping(provider_code) = 1 THEN 'National'
                WHEN grouping(service_id) = 1 THEN 'Provider' ELSE 'Service' END AS group_type,
           count(*) FILTER (WHERE kind = 'referred') AS count_referrals,
           count(*) FILTER (WHERE kind = 'access') AS count_access,
           count(*) FILTER (WHERE kind = 'ended' AND finished) AS count_finished_course_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND not_case_at_start) AS count_not_at_caseness,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND recovered) AS count_recovery,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_recovered) AS count_reliable_recovery,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_improved) AS count_improvement,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND reliably_deteriorated) AS count_deterioration,
           count(*) FILTER (WHERE kind = 'ended' AND first_treatment_date IS NULL) AS ended_before_treatment,
           count(*) FILTER (WHERE kind = 'ended' AND treatment_sessions = 1) AS ended_treated_once,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND days_to_first_treatment <= 42) AS count_first_treatment_6_weeks_finished,
           count(*) FILTER (WHERE kind = 'ended' AND finished AND days_to_first_treatment <= 126) AS count_first_treatment_18_weeks_finished,
           count(*) FILTER (WHERE kind = 'second') AS count_second_treatment,
           count(*) FILTER (WHERE kind = 'second' AND second_treatment_date - first_treatment_date > 28) AS count_first_to_second_over_28_days,
           count(*) FILTER (WHERE kind = 'second' AND second_treatment_date - first_treatment_date > 90) AS count_first_to_second_over_90_days
    FROM ev
    GROUP BY GROUPING SETS ((month), (month, provider_code), (month, provider_code, service_id)))
SELECT month, group_type,
       CASE group_type WHEN 'National' THEN 'England' WHEN 'Provider' THEN provider_code ELSE service_id END AS organisation_code,
       provider_code, service_id,
       count_referrals, count_access, count_finished_course_treatment, count_not_at_caseness,
       count_recovery, count_reliable_recovery, count_improvement, count_deterioration,
       ended_before_treatment, ended_treated_once,
       count_first_treatment_6_weeks_finished, count_first_treatment_18_weeks_finished,
       count_second_treatment, count_first_to_second_over_28_days, count_first_to_second_over_90_days,
       CASE WHEN count_recovery > 0 AND count_finished_course_treatment - count_not_at_caseness > 0 THEN count_recovery::float8 / (count_finished_course_treatment - count_not_at_caseness) END AS percentage_recovery,
       CASE WHEN count_reliable_recovery > 0 AND count_finished_course_treatment - count_not_at_caseness > 0 THEN count_reliable_recovery::float8 / (count_finished_course_treatment - count_not_at_caseness) END AS percentage_reliable_recovery,
       CASE WHEN count_improvement > 0 AND count_finished_course_treatment > 0 THEN count_improvement::float8 / count_finished_course_treatment END AS percentage_reliable_improvement,
       CASE WHEN count_deterioration > 0 AND count_finished_course_treatment > 0 THEN count_deterioration::float8 / count_finished_course_treatment END AS percentage_reliable_deterioration,
       CASE WHEN count_first_treatment_6_weeks_finished > 0 AND count_finished_course_treatment > 0 THEN count_first_treatment_6_weeks_finished::float8 / count_finished_course_treatment END AS percentage_first_treatment_6_weeks_finished,
       CASE WHEN count_first_treatment_18_weeks_finished > 0 AND count_finished_course_treatment > 0 THEN count_first_treatment_18_weeks_finished::float8 / count_finished_course_treatment END AS percentage_first_treatment_18_weeks_finished,
       CASE WHEN count_first_to_second_over_90_days > 0 AND count_second_treatment > 0 THEN count_first_to_second_over_90_days::float8 / count_second_treatment END AS percentage_first_to_second_over_90_days
FROM counts
$sql$;

    km_published_sql := $sql$
SELECT month, group_type, organisation_code, provider_code, service_id,
       iapt_ews.suppress(count_referrals) AS count_referrals,
       iapt_ews.suppress(count_access) AS count_access,
       iapt_ews.suppress(count_finished_course_treatment) AS count_finished_course_treatment,
       iapt_ews.suppress(count_not_at_caseness) AS count_not_at_caseness,
       iapt_ews.suppress(count_recovery) AS count_recovery,
       iapt_ews.suppress(count_reliable_recovery) AS count_reliable_recovery,
       iapt_ews.suppress(count_improvement) AS count_improvement,
       iapt_ews.suppress(count_deterioration) AS count_deterioration,
       iapt_ews.suppress(ended_before_treatment) AS ended_before_treatment,
       iapt_ews.suppress(ended_treated_once) AS ended_treated_once,
       iapt_ews.suppress(count_first_treatment_6_weeks_finished) AS count_first_treatment_6_weeks_finished,
       iapt_ews.suppress(count_first_treatment_18_weeks_finished) AS count_first_treatment_18_weeks_finished,
       iapt_ews.suppress(count_second_treatment) AS count_second_treatment,
       iapt_ews.suppress(count_first_to_second_over_28_days) AS count_first_to_second_over_28_days,
       iapt_ews.suppress(count_first_to_second_over_90_days) AS count_first_to_second_over_90_days,
       round(iapt_ews.suppressed_rate(count_recovery, count_finished_course_treatment - count_not_at_caseness)::numeric, 2) AS percentage_recovery,
       round(iapt_ews.suppressed_rate(count_reliable_recovery, count_finished_course_treatment - count_not_at_caseness)::numeric, 2) AS percentage_reliable_recovery,
       round(iapt_ews.suppressed_rate(count_improvement, count_finished_course_treatment)::numeric, 2) AS percentage_reliable_improvement,
       round(iapt_ews.suppressed_rate(count_deterioration, count_finished_course_treatment)::numeric, 2) AS percentage_reliable_deterioration,
       round(iapt_ews.suppressed_rate(count_first_treatment_6_weeks_finished, count_finished_course_treatment)::numeric, 2) AS percentage_first_treatment_6_weeks_finished,
       round(iapt_ews.suppressed_rate(count_first_treatment_18_weeks_finished, count_finished_course_treatment)::numeric, 2) AS percentage_first_treatment_18_weeks_finished,
       round(iapt_ews.suppressed_rate(count_first_to_second_over_90_days, count_second_treatment)::numeric, 2) AS percentage_first_to_second_over_90_days
FROM (%1$s) k
$sql$;

    EXECUTE format('CREATE OR REPLACE VIEW %I.referral_outcome WITH (security_invoker = true) AS %s',
                   target_schema, outcome_sql);
    EXECUTE format('CREATE OR REPLACE VIEW %I.service_month_metrics WITH (security_invoker = true) AS %s',
                   target_schema,
                   format(metrics_sql, format('%I.referral_outcome', target_schema)));
    EXECUTE format('CREATE OR REPLACE VIEW %I.service_month_metrics_published WITH (security_barrier = true) AS %s',
                   target_schema,
                   format(published_sql, format(metrics_sql, format('(%s) ro0', outcome_sql))));

    EXECUTE format('CREATE OR REPLACE VIEW %I.key_metrics WITH (security_invoker = true) AS %s',
                   target_schema,
                   format(km_sql, format('%I.referral_outcome', target_schema), 'true'));
    EXECUTE format('CREATE OR REPLACE VIEW %I.key_metrics_published WITH (security_barrier = true) AS %s',
                   target_schema,
                   format(km_published_sql,
                          format(km_sql, format('(%s)', outcome_sql),
                                 $f$ARRAY[ro.provider_code, '*'] && (SELECT iapt_ews.visible_providers())$f$)));

    FOR c IN
        SELECT * FROM (VALUES
        ('referral_outcome', NULL,
         'One row per referral (PathwayID) with its outcome: sessions, first and last scores, the outcome type and its flags as plain booleans (docs/reporting.md). Security invoker: row-level security of the caller applies'),
        ('referral_outcome', 'pathway_id', 'PathwayID: the referral'),
        ('referral_outcome', 'person_id', 'Pseudonymised person identifier'),
        ('referral_outcome', 'provider_code', 'ODS code of the provider'),
        ('referral_outcome', 'service_id', 'Service that received the referral'),
        ('referral_outcome', 'referral_date', 'Referral request received date'),
        ('referral_outcome', 'first_treatment_date', 'Date of the first attended treatment appointment between referral and discharge (entered treatment, M031); NULL when none'),
        ('referral_outcome', 'second_treatment_date', 'Date of the second attended treatment appointment (M184 counts these by month)'),
        ('referral_outcome', 'last_treatment_date', 'Date of the last attended treatment appointment between referral and discharge'),
        ('referral_outcome', 'discharge_date', 'Service discharge date; NULL while open'),
        ('referral_outcome', 'end_code', 'Care spell end code'),
        ('referral_outcome', 'provisional_diagnosis', 'Provisional diagnosis (ICD-10)'),
        ('referral_outcome', 'anxiety_measure', 'Anxiety measure used: the ADSM for the provisional diagnosis (iapt_ews.anxiety_measure), or gad7 when the ADSM is not paired and GAD-7 is'),
        ('referral_outcome', 'appointments_attended', 'Attended appointments of any type between referral and discharge'),
        ('referral_outcome', 'treatment_sessions', 'Attended treatment appointments between referral and discharge (not assessment-only, not employment support)'),
        ('referral_outcome', 'days_to_first_treatment', 'Days from referral to the first treatment appointment'),
        ('referral_outcome', 'phq9_first', 'First PHQ-9 score'),
        ('referral_outcome', 'phq9_last', 'Last PHQ-9 score'),
        ('referral_outcome', 'phq9_paired', 'Paired PHQ-9 scores: first and last recorded at different times'),
        ('referral_outcome', 'anxiety_first', 'First score of the anxiety measure'),
        ('referral_outcome', 'anxiety_last', 'Last score of the anxiety measure'),
        ('referral_outcome', 'anxiety_paired', 'Paired scores on the anxiety measure'),
        ('referral_outcome', 'outcome', 'The referral''s outcome (type iapt_ews.outcome); the boolean columns that follow are its flags'),
        ('referral_outcome', 'ended', 'The referral has ended'),
        ('referral_outcome', 'finished', 'Finished a course of treatment: ended with at least two treatment sessions (M076)'),
        ('referral_outcome', 'paired', 'Paired scores on both PHQ-9 and the anxiety measure'),
        ('referral_outcome', 'case_at_start', 'First PHQ-9 or first anxiety score at caseness'),
        ('referral_outcome', 'not_case_at_start', 'Both first scores below caseness (M179 among finished referrals)'),
        ('referral_outcome', 'recovered', 'Moved to recovery (M191 among finished referrals; published counts take finished referrals only)'),
        ('referral_outcome', 'reliably_improved', 'Reliable improvement (M185 among finished referrals)'),
        ('referral_outcome', 'reliably_deteriorated', 'Reliable deterioration (M189 among finished referrals)'),
        ('referral_outcome', 'no_reliable_change', 'No reliable change (M187 among finished referrals)'),
        ('referral_outcome', 'reliably_recovered', 'Reliable recovery (M193 among finished referrals)'),
        ('referral_outcome', 'repeat_referral', 'The same person had an earlier referral received in the 365 days up to this one (same-day referrals ordered by pathway_id)'),
        ('service_month_metrics', NULL,
         'NHS Talking Therapies monthly metrics per provider, service and month, with the official measure numbers (M-numbers) in the column comments; not suppressed. Security invoker: row-level security of the caller applies'),
        ('service_month_metrics_published', NULL,
         'service_month_metrics with disclosure control (iapt_ews.suppress, iapt_ews.suppressed_rate): counts below 5 withheld and the rest rounded to 5, rates withheld on small counts and rounded to 2 decimals. Reads the tables with its owner''s rights (security_barrier) and shows only providers in iapt_ews.visible_providers() of the current user'),
        ('key_metrics', NULL,
         'NHS England''s Talking Therapies key-metrics dashboard (KM monthly update.sql of nhsengland/Talking-Therapies) as one view: per month for England, each provider and each service; rates are NULL when their numerator or denominator is 0, as in the dashboard; not suppressed. Security invoker'),
        ('key_metrics_published', NULL,
         'key_metrics with disclosure control, as the dashboard''s suppressed version: counts below 5 withheld and the rest rounded to 5, rates withheld on small counts and rounded to 2 decimals; totals (England, provider) are formed from the providers in iapt_ews.visible_providers() of the current user only. Owner''s rights, security_barrier')
        ) t(view_name, column_name, comment)
        UNION ALL
        SELECT v.view_name, x.column_name, x.comment
        FROM (VALUES ('key_metrics'), ('key_metrics_published')) v(view_name)
        JOIN (VALUES
        ('month', 'First day of the month (Month)'),
        ('group_type', 'National, Provider or Service (GroupType)'),
        ('organisation_code', 'England, the provider code or the service (Organisation Code)'),
        ('provider_code', 'Provider code; NULL on the National row'),
        ('service_id', 'Service; NULL on National and Provider rows'),
        ('count_referrals', 'Referrals received in the month (Count_Referrals, M001)'),
        ('count_access', 'Referrals with their first treatment in the month (Count_Access, M031)'),
        ('count_finished_course_treatment', 'Finished a course of treatment in the month (Count_FinishedCourseTreatment, M076)'),
        ('count_not_at_caseness', 'Finished, not at caseness at the start (Count_NotAtCaseness, M179)'),
        ('count_recovery', 'Finished and moved to recovery (Count_Recovery, M191)'),
        ('count_reliable_recovery', 'Finished with reliable recovery (Count_ReliableRecovery, M193)'),
        ('count_improvement', 'Finished with reliable improvement (Count_Improvement, M185)'),
        ('count_deterioration', 'Finished with reliable deterioration (M189)'),
        ('ended_before_treatment', 'Ended in the month without a treatment appointment (EndedBeforeTreatment, M073 + M074)'),
        ('ended_treated_once', 'Ended in the month after one treatment appointment (EndedTreatedOnce, M075)'),
        ('count_first_treatment_6_weeks_finished', 'Finished in the month having waited 42 days or less (Count_FirstTreatment6WeeksFinishedCourseTreatment, M052)'),
        ('count_first_treatment_18_weeks_finished', 'Finished in the month having waited 126 days or less (Count_FirstTreatment18WeeksFinishedCourseTreatment, M054)'),
        ('count_second_treatment', 'Referrals with their second treatment in the month (Count_SecondTreatment, M184)'),
        ('count_first_to_second_over_28_days', 'Of those, more than 28 days after the first (Count_FirstToSecondTreatmentOver28days, M046)'),
        ('count_first_to_second_over_90_days', 'Of those, more than 90 days after the first (Count_FirstToSecondTreatmentOver90days, M047)'),
        ('percentage_recovery', 'count_recovery / (finished - not at caseness) as a fraction (Percentage_Recovery, M192)'),
        ('percentage_reliable_recovery', 'count_reliable_recovery / (finished - not at caseness) (Percentage_ReliableRecovery, M195)'),
        ('percentage_reliable_improvement', 'count_improvement / finished (Percentage_ReliableImprovement, M186)'),
        ('percentage_reliable_deterioration', 'count_deterioration / finished (Percentage_ReliableDeterioration)'),
        ('percentage_first_treatment_6_weeks_finished', 'Share of finished courses that waited 42 days or less (M053)'),
        ('percentage_first_treatment_18_weeks_finished', 'Share of finished courses that waited 126 days or less (M055)'),
        ('percentage_first_to_second_over_90_days', 'Share of second treatments more than 90 days after the first (Percentage_FirstToSecondTreatmentOver90days)')
        ) x(column_name, comment) ON true
        UNION ALL
        SELECT v.view_name, x.column_name,
               CASE WHEN v.view_name = 'service_month_metrics_published' AND x.published_note IS NOT NULL
                    THEN x.comment || x.published_note ELSE x.comment END
        FROM (VALUES ('service_month_metrics'), ('service_month_metrics_published')) v(view_name)
        JOIN (VALUES
        ('provider_code', 'ODS code of the provider', NULL),
        ('service_id', 'Service', NULL),
        ('month', 'First day of the month', NULL),
        ('referrals_received', 'Referrals received in the month (M001)', '; suppressed'),
        ('repeat_referrals', 'Referrals received in the month from a person with an earlier referral in the 365 days before', '; suppressed'),
        ('entered_treatment', 'Referrals with their first treatment appointment in the month: entered treatment (M031)', '; suppressed'),
        ('entered_within_6_weeks', 'Of those entering treatment in the month, waited 42 days or less (M036)', '; suppressed'),
        ('entered_within_18_weeks', 'Of those entering treatment in the month, waited 126 days or less (M037)', '; suppressed'),
        ('ended_referrals', 'Referrals that ended in the month (M056)', '; suppressed'),
        ('ended_not_seen', 'Ended in the month with no attended appointment (M073)', NULL),
        ('ended_seen_not_treated', 'Ended in the month with appointments but no treatment appointment (M074)', NULL),
        ('ended_treated_once', 'Ended in the month after a single treatment appointment (M075)', NULL),
        ('finished_treatment', 'Finished a course of treatment in the month (M076)', '; suppressed'),
        ('not_at_caseness', 'Finished, not at caseness at the start (M179)', '; suppressed'),
        ('recovered', 'Finished and moved to recovery (M191)', '; suppressed'),
        ('reliably_recovered', 'Finished with reliable recovery (M193)', '; suppressed'),
        ('reliably_improved', 'Finished with reliable improvement (M185)', '; suppressed'),
        ('no_reliable_change', 'Finished with no reliable change (M187)', '; suppressed'),
        ('reliably_deteriorated', 'Finished with reliable deterioration (M189)', '; suppressed'),
        ('recovery_rate', 'Recovery rate: recovered / (finished - not at caseness) (M192 as a fraction)', '; withheld on counts below 5, 2 decimals'),
        ('reliable_recovery_rate', 'Reliable recovery rate: reliably recovered / (finished - not at caseness) (M195 as a fraction)', '; withheld on counts below 5, 2 decimals'),
        ('reliable_improvement_rate', 'Reliable improvement rate: reliably improved / finished (M186 as a fraction)', '; withheld on counts below 5, 2 decimals'),
        ('reliable_deterioration_rate', 'Reliable deterioration rate: reliably deteriorated / finished (M190 as a fraction)', '; withheld on counts below 5, 2 decimals'),
        ('finished_waited_6_weeks', 'Finished in the month having waited 42 days or less for first treatment (M052)', NULL),
        ('finished_waited_18_weeks', 'Finished in the month having waited 126 days or less for first treatment (M054)', NULL),
        ('finished_waited_6_weeks_rate', 'Share of finished courses that waited 42 days or less (M053 as a fraction; standard 0.75)', '; withheld on counts below 5, 2 decimals'),
        ('finished_waited_18_weeks_rate', 'Share of finished courses that waited 126 days or less (M055 as a fraction; standard 0.95)', '; withheld on counts below 5, 2 decimals'),
        ('mean_wait_days', 'Mean days from referral to first treatment, finished courses (M050)', NULL),
        ('median_wait_days', 'Median days from referral to first treatment, finished courses (M051)', NULL),
        ('mean_sessions', 'Mean treatment sessions of finished courses (M141)', '; withheld below 5 finished courses, 1 decimal'),
        ('median_sessions', 'Median treatment sessions of finished courses (M142)', '; withheld below 5 finished courses, 1 decimal'),
        ('paired_phq9', 'Finished with paired PHQ-9 scores (M201)', NULL),
        ('paired_anxiety', 'Finished with paired anxiety scores (M198)', NULL),
        ('paired_both', 'Finished with paired PHQ-9 and anxiety scores (M202)', NULL),
        ('paired_completeness', 'Paired-score completeness: finished with both pairs / finished (standard 0.90)', '; withheld on counts below 5, 2 decimals')
        ) x(column_name, comment, published_note) ON true
    LOOP
        CONTINUE WHEN NOT EXISTS (
            SELECT 1 FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE n.nspname = target_schema AND cl.relname = c.view_name
              AND (c.column_name IS NULL OR EXISTS (
                   SELECT 1 FROM pg_attribute a WHERE a.attrelid = cl.oid AND a.attname = c.column_name
                     AND a.attnum > 0 AND NOT a.attisdropped)));
        IF c.column_name IS NULL THEN
            EXECUTE format('COMMENT ON VIEW %I.%I IS %L', target_schema, c.view_name, c.comment);
        ELSE
            EXECUTE format('COMMENT ON COLUMN %I.%I.%I IS %L', target_schema, c.view_name, c.column_name, c.comment);
        END IF;
    END LOOP;

    RETURN QUERY SELECT format('%I.%I', target_schema, x)::regclass
                 FROM unnest(ARRAY['referral_outcome', 'service_month_metrics',
                                   'service_month_metrics_published', 'key_metrics',
                                   'key_metrics_published']) x;
END
$function$;
COMMENT ON FUNCTION iapt_ews.create_reporting_views(name, regclass, regclass, regclass, jsonb, text[]) IS
'(Re)creates the reporting views (referral_outcome, service_month_metrics, service_month_metrics_published, key_metrics, key_metrics_published) in target_schema over the given referral, care contact and assessment score relations; columns maps logical columns ({"referral.pathway_id": "PathwayID", ...}) to source column names. Runs with the caller''s rights';

-- The views over the extension's own tables.
SELECT iapt_ews.create_reporting_views('iapt_ews', 'iapt_ews.referral', 'iapt_ews.care_contact',
                                       'iapt_ews.assessment_score');

-- The views for employment advisers and access (ea_staffing,
-- employment_support_outcomes, area_access, access_by_decile) are in
-- 78-reporting-workforce-access.sql.
