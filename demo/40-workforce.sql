-- Employment adviser staffing per service against the 1:8 target: the
-- latest quarter of the workforce returns, summed by role with ea_ratio.
\echo
\echo 'Employment adviser staffing per service, January - March 2025 (mean WTE over the quarter), against 1 EA per 8 therapists'
WITH quarter AS (
    SELECT service_id, role, avg(wte) AS wte
    FROM talking_therapies.workforce
    WHERE period >= date '2025-01-01' AND period < date '2025-04-01'
    GROUP BY service_id, role),
staffing AS (
    SELECT service_id, iapt_ews.ea_ratio(role, round(wte, 2)) AS ratio
    FROM quarter GROUP BY ROLLUP (service_id))
SELECT coalesce(service_id, 'all') AS service, ratio AS "EA : therapists (WTE)",
       iapt_ews.therapists_per_ea(ratio) AS "therapists per EA",
       iapt_ews.meets_target(ratio) AS "meets 1:8",
       iapt_ews.ea_needed(ratio) AS "EA WTE needed"
FROM staffing ORDER BY service_id NULLS LAST;

-- Outcomes with and without employment support: at least one attended
-- employment-support appointment, or one with the employment-support
-- procedure (SNOMED CT 1098051000000103), as the data model's view
-- employment_support_outcomes counts it. compare_rates gives the
-- difference (supported minus not), its Newcombe 95% interval and the
-- pooled z-test p-value.
\echo
\echo 'Outcomes of finished courses ended April 2024 - March 2025, with vs without employment support (synthetic referrals)'
WITH status AS (
    SELECT pathway_id,
           (array_agg(status ORDER BY recorded_at))[1] AS first_status,
           (array_agg(sickness_absence ORDER BY recorded_at))[1] AS first_sick,
           (array_agg(status ORDER BY recorded_at DESC))[1] AS last_status,
           (array_agg(sickness_absence ORDER BY recorded_at DESC))[1] AS last_sick
    FROM talking_therapies.employment_status GROUP BY pathway_id),
supported AS (
    SELECT c.pathway_id FROM talking_therapies.care_contact c
    WHERE c.attended AND c.appointment_type = 'employment_support'
    UNION
    SELECT c.pathway_id FROM talking_therapies.care_activity a
    JOIN talking_therapies.care_contact c ON c.contact_id = a.contact_id
    WHERE c.attended AND a.procedure_code = '1098051000000103'),
courses AS (
    SELECT o.recovered, o.not_case_at_start,
           sp.pathway_id IS NOT NULL AS supported,
           iapt_ews.employment_class(s.first_status, s.first_sick) AS first_class,
           iapt_ews.employment_outcome(s.first_status, s.first_sick, s.last_status, s.last_sick) AS work
    FROM talking_therapies.referral_outcome o
    LEFT JOIN status s USING (pathway_id)
    LEFT JOIN supported sp ON sp.pathway_id = o.pathway_id
    WHERE o.finished AND o.discharge_date BETWEEN date '2024-04-01' AND date '2025-03-31'),
compared AS (
    SELECT 1 AS k, 'recovery (at caseness at the start)' AS outcome,
           iapt_ews.compare_rates(recovered, supported) AS c
    FROM courses WHERE NOT not_case_at_start
    UNION ALL
    SELECT 2, 'returned to work (off sick at the start)',
           iapt_ews.compare_rates(work = 'returned to work', supported)
    FROM courses WHERE first_class = 'off sick' AND work <> 'unknown'
    UNION ALL
    SELECT 3, 'entered work (not employed at the start)',
           iapt_ews.compare_rates(work = 'entered work', supported)
    FROM courses WHERE first_class = 'not employed' AND work <> 'unknown'
    UNION ALL
    SELECT 4, 'kept work (in work at the start)',
           iapt_ews.compare_rates(work = 'retained work', supported)
    FROM courses WHERE first_class = 'in work' AND work <> 'unknown')
SELECT outcome, (c).group_n AS supported, round(100 * (c).group_rate::numeric, 1) AS "supported %",
       (c).other_n AS "not supported", round(100 * (c).other_rate::numeric, 1) AS "not supported %",
       round(100 * (c).difference::numeric, 1) AS "difference (points)",
       round(100 * (c).ci_low::numeric, 1) || ' to ' || round(100 * (c).ci_high::numeric, 1) AS "95% CI",
       CASE WHEN (c).p_value < 0.001 THEN '<0.001' ELSE round((c).p_value::numeric, 3)::text END AS p
FROM compared ORDER BY k;
