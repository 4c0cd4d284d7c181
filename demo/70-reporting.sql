-- The publication-ready monthly table (docs/reporting.md): what a
-- publication role reads from the data model's view
-- talking_therapies.service_month_metrics_published.
-- Counts below 5 are withheld and the rest rounded to 5; rates are withheld
-- when their numerator or denominator is below 5, and computed from the
-- rounded counts (iapt_ews.published_rate).
\echo
\echo 'Published monthly metrics, first quarter of 2025, synthetic referrals (suppressed: counts < 5 withheld, others rounded to 5)'
SELECT service_id AS service, to_char(month, 'Mon YYYY') AS month,
       referrals_received AS referrals, entered_treatment AS entered, finished_treatment AS finished,
       recovered, recovery_rate AS recovery, reliable_recovery_rate AS rel_recovery,
       reliable_improvement_rate AS rel_improvement, reliable_deterioration_rate AS deterioration,
       finished_waited_6_weeks_rate AS "<=6wk", finished_waited_18_weeks_rate AS "<=18wk",
       mean_sessions AS sessions, paired_completeness AS paired
FROM talking_therapies.service_month_metrics_published p
WHERE p.month >= date '2025-01-01'
ORDER BY p.service_id, p.month;
