-- Employment adviser staffing per service against the 1:8 target: the
-- latest quarter of the workforce returns, summed by role with ea_ratio.
\echo
\echo 'Employment adviser staffing per service, January - March 2025 (mean WTE over the quarter), against 1 EA per 8 therapists'
WITH quarter AS (
    SELECT service_id, role, avg(wte) AS wte
    FROM iapt_ews.workforce
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
