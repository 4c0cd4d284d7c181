-- Recovery report per service: one row per service for the referrals that
-- ended in the year (April 2024 - March 2025), from the per-referral outcomes
-- (classify over pair_scores, in the data model's view
-- talking_therapies.referral_outcome) and one outcome_summary() per
-- service. Then recovery by deprivation decile beside the published
-- national figures for 2024-25. The year's outcomes are read from the view
-- once, into a temporary table both reports use.
CREATE TEMP TABLE year_outcome AS
SELECT pathway_id, service_id, lsoa_code, outcome
FROM talking_therapies.referral_outcome
WHERE discharge_date BETWEEN date '2024-04-01' AND date '2025-03-31';
\echo
\echo 'Recovery per service, referrals ended April 2024 - March 2025 (NHS Talking Therapies definitions; synthetic referrals)'
SELECT coalesce(service_id, 'all') AS service, (s).referrals AS ended, (s).finished,
       (s).not_at_caseness AS "not case", (s).recovered, (s).reliably_recovered AS "rel. recovered",
       (s).reliably_improved AS improved, (s).reliably_deteriorated AS deteriorated,
       round(100 * (s).recovery_rate::numeric, 1) AS "recovery %",
       round(100 * (s).reliable_recovery_rate::numeric, 1) AS "rel. recovery %",
       round(100 * (s).reliable_improvement_rate::numeric, 1) AS "improvement %",
       round(100 * (s).reliable_deterioration_rate::numeric, 1) AS "deterioration %"
FROM (SELECT service_id, iapt_ews.outcome_summary(outcome) AS s
      FROM year_outcome
      GROUP BY ROLLUP (service_id)) q
ORDER BY service_id NULLS LAST;

-- The published national file labels deciles from "01 Least deprived" to
-- "10 Most deprived"; IMD deciles run the other way (1 = most deprived).
CREATE TEMP TABLE published (reporting_period text, decile text, measure text, statistic text, value numeric);
\copy published FROM PROGRAM 'gzip -dc data/nhs_talking_therapies_england_by_deprivation.csv.gz' WITH (FORMAT csv, HEADER)
\echo
\echo 'Recovery by IMD decile (1 = most deprived): this synthetic demo beside England 2024-25 (published)'
SELECT a.imd_decile AS "IMD decile", (iapt_ews.outcome_summary(o.outcome)).finished AS finished,
       round(100 * iapt_ews.recovery_rate(o.outcome)::numeric, 1) AS "demo recovery %",
       max(p.value) AS "England 2024-25 %"
FROM year_outcome o
JOIN talking_therapies.area a ON a.lsoa_code = o.lsoa_code
LEFT JOIN published p ON p.reporting_period = '2024-25' AND p.measure = 'recovery'
     AND p.statistic = 'percentage' AND p.decile ~ '^[0-9]' AND 11 - left(p.decile, 2)::int = a.imd_decile
GROUP BY a.imd_decile ORDER BY a.imd_decile;
