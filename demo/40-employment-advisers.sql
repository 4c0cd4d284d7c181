-- Story 4: City and Hackney against the 1:8 employment adviser target.
-- City and Hackney Talking Therapies (Homerton, RQX) staffed to one
-- employment adviser (EA) per eight therapists, with its eight EAs; the
-- other services sit between 1:10 and the 2015 baseline of about 1:54
-- (nhs_tt_local.workforce, docs/demo-data.md). The data model's
-- talking_therapies.ea_staffing sets each service's EA WTE against its
-- therapists (ea_ratio over the workforce returns, docs/workforce.md), and
-- ea_staffing_outcomes against the people the EAs supported and how many
-- moved into work. The workforce is real-sized (one therapist WTE per 215
-- published referrals a year) while the synthetic patients are 0.6 of the
-- published numbers, so people per EA WTE are shown also divided by 0.6.
\echo
\echo '== Employment advisers (EA) against the 1:8 target, January - March 2025: mean WTE over the quarter, therapists = HIT + PWP'
\echo '== + counsellors; "EA WTE needed": the EA WTE more it takes to reach 1:8 (workforce returns: synthetic but real-sized)'
SELECT e.service_id AS service, s.provider_name AS "provider",
       e.ea_wte AS "EA WTE", e.therapist_wte AS "therapist WTE", e.therapists_per_ea AS "therapists per EA",
       e.meets_target AS "meets 1:8", e.ea_wte_needed AS "EA WTE needed"
FROM talking_therapies.ea_staffing e
JOIN nhs_tt_local.service s ON s.service_id = e.service_id
WHERE e.quarter = date '2025-01-01'
UNION ALL
-- The borough as a whole: its two services' staff together.
SELECT 'RQX+DH0', 'City and Hackney, both services', sum(ea_wte), sum(therapist_wte),
       round(sum(therapist_wte) / sum(ea_wte), 2), sum(therapist_wte) / sum(ea_wte) <= 8,
       round(ceil(greatest(sum(therapist_wte) / 8 - sum(ea_wte), 0) * 100) / 100, 2)
FROM talking_therapies.ea_staffing
WHERE quarter = date '2025-01-01' AND service_id IN ('RQX', 'DH0')
ORDER BY 5, 1;
\echo 'City and Hackney''s Homerton service is the one at 1:8, and has been all year (talking_therapies.ea_staffing has each'
\echo 'quarter). With Mind''s small service beside it (1:11.5) the borough as a whole is just short. Hammersmith and Fulham and'
\echo 'Brent are at the 2015 baseline: each would need 5-7 more EA WTE to reach 1:8.'

\echo
\echo '== What the advisers did, April 2024 - March 2025 (talking_therapies.ea_staffing_outcomes, summed over the four quarters):'
\echo '== people with an employment-support contact a quarter, per EA WTE (and / 0.6, at the published scale), and of'
\echo '== supported people who finished a course out of work or off sick at the start, how many were in work at the end'
SELECT o.service_id AS service, round(avg(o.therapists_per_ea), 1) AS "therapists per EA",
       round(avg(o.people_supported), 0) AS "people supported a quarter",
       round(avg(o.people_supported) / avg(o.ea_wte), 0) AS "per EA WTE (synthetic)",
       round(avg(o.people_supported) / avg(o.ea_wte) / 0.6, 0) AS "per EA WTE / 0.6",
       sum(o.supported_out_of_work_at_start) AS "supported, out of work at start",
       sum(o.moved_into_work) AS "moved into work",
       round(100.0 * sum(o.moved_into_work) / nullif(sum(o.supported_out_of_work_at_start), 0), 1) AS "moved into work %"
FROM talking_therapies.ea_staffing_outcomes o
WHERE o.quarter BETWEEN date '2024-04-01' AND date '2025-01-01'
GROUP BY o.service_id
ORDER BY 2, 1;
\echo 'At 1:8 the Homerton service supports more than twice as many people as any other service (four to five times most),'
\echo 'with one of the lightest loads per adviser. The share who move into work is much the same everywhere: the generator'
\echo 'gives a supported person the same chances whatever the staffing, so the demo shows reach, not an effect of the ratio'
\echo 'on each person (DH0''s handful of people is too few for a rate).'

-- Does support help? City and Hackney's finished courses of the year,
-- supported (an employment-support contact by NHS England's rule) against
-- not, from the per-referral view talking_therapies.employment_referral;
-- iapt_ews.compare_rates gives the difference (supported minus not), its
-- Newcombe 95% interval and the pooled z-test p-value
-- (docs/statistics.md). Work outcomes need two employment records.
\echo
\echo '== City and Hackney (RQX): finished courses ended April 2024 - March 2025, with employment support against without'
\echo '== (SYNTHETIC referrals: the generator makes support raise the chance of work, so the demo shows the report working)'
WITH course AS (
    SELECT * FROM talking_therapies.employment_referral
    WHERE service_id = 'RQX' AND finished AND discharge_date BETWEEN date '2024-04-01' AND date '2025-03-31'),
compared AS (
    SELECT 1 AS k, 'recovered (at caseness at the start)' AS outcome, iapt_ews.compare_rates(recovered, employment_support) AS c
    FROM course WHERE NOT not_case_at_start
    UNION ALL
    SELECT 2, 'back at work (off sick at the start)', iapt_ews.compare_rates(work_outcome = 'returned to work', employment_support)
    FROM course WHERE first_class = 'off sick' AND work_outcome IS NOT NULL AND work_outcome <> 'unknown'
    UNION ALL
    SELECT 3, 'in work (not employed at the start)', iapt_ews.compare_rates(work_outcome = 'entered work', employment_support)
    FROM course WHERE first_class = 'not employed' AND work_outcome IS NOT NULL AND work_outcome <> 'unknown'
    UNION ALL
    SELECT 4, 'still in work (in work at the start)', iapt_ews.compare_rates(work_outcome = 'retained work', employment_support)
    FROM course WHERE first_class = 'in work' AND work_outcome IS NOT NULL AND work_outcome <> 'unknown')
SELECT outcome, (c).group_n AS supported, round(100 * (c).group_rate::numeric, 1) AS "supported %",
       (c).other_n AS "not supported", round(100 * (c).other_rate::numeric, 1) AS "not supported %",
       round(100 * (c).difference::numeric, 1) AS "difference (points)",
       round(100 * (c).ci_low::numeric, 1) || ' to ' || round(100 * (c).ci_high::numeric, 1) AS "95% CI",
       CASE WHEN (c).p_value < 0.001 THEN '<0.001' ELSE round((c).p_value::numeric, 3)::text END AS p
FROM compared ORDER BY k;
\echo 'Supported people off sick or out of work were more often in work at the end. Recovery is only a little higher with'
\echo 'support (the interval includes 0): the generator draws the outcome class from the provider''s published shares alone and'
\echo 'then lowers a supported course''s last PHQ-9 by 2 points, which moves few people across the recovery line.'

-- City and Hackney's own question (issue 28): do people with EA support
-- show a larger fall in PHQ-9, "especially for the depressed group"?
-- talking_therapies.employment_support_effect over the financial year
-- 2024-25, RQX and DH0: the naive difference of the mean change (Welch
-- interval) beside the difference adjusted for the first PHQ-9 and
-- employment at the start (ols_fit, HC1 interval). The generator planted
-- an effect of -2 points and gave support more often to people who start
-- more severe (demo/10-source-data.sql, docs/employment.md).
\echo
\echo '== City and Hackney: PHQ-9 change (last - first) of finished courses ended April 2024 - March 2025, with support against without'
\echo '== (SYNTHETIC: the generator planted an effect of -2 PHQ-9 points, and gave support more often to the more severe)'
SELECT provider_code AS provider, diagnosis_group AS "diagnosis group",
       supported_phq9_n AS supported, other_phq9_n AS "not supported",
       round(supported_phq9_change_mean::numeric, 1) AS "change, supported",
       round(other_phq9_change_mean::numeric, 1) AS "change, not supported",
       round(phq9_difference::numeric, 1) || ' (' || round(phq9_ci_low::numeric, 1) || ' to ' || round(phq9_ci_high::numeric, 1) || ')'
           AS "naive difference (95% CI)",
       round(phq9_adjusted_difference::numeric, 1) || ' (' || round(phq9_adjusted_ci_low::numeric, 1) || ' to '
           || round(phq9_adjusted_ci_high::numeric, 1) || ')' AS "adjusted difference (95% CI)",
       CASE WHEN cardinality(too_few) > 0 AND 'phq9' = ANY (too_few) THEN 'too few to show' ELSE '' END AS note
FROM talking_therapies.employment_support_effect
WHERE period_type = 'year' AND period_start = date '2024-04-01' AND level = 'provider'
  AND provider_code IN ('RQX', 'DH0') AND diagnosis_group IN ('all', 'depression', 'mixed anxiety and depression', 'generalised anxiety')
ORDER BY provider_code DESC, diagnosis_group;
\echo 'Naively, supported people''s PHQ-9 fell about 4 points more. But they started more severe, and a more severe start'
\echo 'falls further whatever the support: adjusted for the first score and employment at the start, the difference is about'
\echo '-2, and its interval covers the planted -2 while the naive one does not. DH0 has too few supported people to show.'
\echo 'An observational comparison: what decided who got support and is not in the adjustment is not removed (docs/employment.md).'

\echo
\echo '== People starting employment support, January - March 2025 (talking_therapies.employment_support_starts; the MHM figure)'
SELECT level, coalesce(provider_code, 'all eight') AS provider, people_started AS "people started"
FROM talking_therapies.employment_support_starts
WHERE quarter = date '2025-01-01'
ORDER BY level, provider_code;
