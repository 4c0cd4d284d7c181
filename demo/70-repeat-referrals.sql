-- Story 3: Bexley's "revolving door". Mind in Bexley (AME01) sees the same
-- people come back: in the SYNTHETIC data 22% of its referrals are a
-- returning person, against 4% elsewhere (demo/10-source-data.sql links
-- each to an earlier referral of the same service discharged at least
-- four weeks before; the generator's own record, the answer key, is
-- nhs_tt_local.generated_referral.repeat_referral). Two measures from the
-- data model: service_month_metrics.referrals_after_another_within_365_days (any earlier referral
-- of the person received in the 365 days before) and the PDT dashboard's
-- repeat_referrals view (Programme Development Tool 2.14: a finished
-- course after a finished course discharged 0-365 days before the new
-- referral; docs/reporting.md).
CREATE TEMP TABLE year_metrics AS
SELECT provider_code, sum(referrals_received) AS referrals, sum(referrals_after_another_within_365_days) AS returning
FROM talking_therapies.service_month_metrics
WHERE month BETWEEN date '2024-04-01' AND date '2025-03-01'
GROUP BY provider_code;

\echo
\echo '== Referrals received April 2024 - March 2025 that are a person coming back, per provider (synthetic referrals):'
\echo '== "returning": an earlier referral of the person in the year before (service_month_metrics); "generator''s record":'
\echo '== the answer key; "PDT 2.14": a finished course after a finished course (talking_therapies.repeat_referrals)'
SELECT m.provider_code AS provider, s.borough, m.referrals, m.returning, round(100.0 * m.returning / m.referrals, 1) AS "returning %",
       g.repeats AS "generator's record", round(100.0 * g.repeats / m.referrals, 1) AS "generator's record %",
       coalesce(p.repeats, 0) AS "PDT 2.14 repeat referrals"
FROM year_metrics m
JOIN nhs_tt_local.service s ON s.service_id = m.provider_code
JOIN (SELECT service_id AS provider_code, count(*) FILTER (WHERE repeat_referral) AS repeats
      FROM nhs_tt_local.generated_referral
      WHERE ref_date BETWEEN date '2024-04-01' AND date '2025-03-31' GROUP BY 1) g USING (provider_code)
LEFT JOIN (SELECT organisation_code AS provider_code, sum(repeat_referrals) AS repeats
           FROM talking_therapies.repeat_referrals
           WHERE level = 'provider' AND month BETWEEN date '2024-04-01' AND date '2025-03-01'
           GROUP BY 1) p USING (provider_code)
ORDER BY "returning %" DESC, m.provider_code;
\echo 'One Bexley referral in five is someone coming back, five times the other services'' share. The model finds fewer than'
\echo 'the generator made: a return whose earlier referral ended before April 2024 has that referral in no submission.'
\echo 'PDT 2.14 counts far fewer, because both courses must have finished (two or more treatment sessions) by March 2025.'

\echo
\echo '== Bexley (AME01) month by month: referrals received, people coming back (service_month_metrics), PDT 2.14 repeat'
\echo '== referrals by the month the new referral came in, and PDT 2.14 as a publication would show it (counts under 5'
\echo '== withheld, others rounded to 5: repeat_referrals_published)'
SELECT to_char(m.month, 'Mon YYYY') AS month, m.referrals_received AS referrals, m.referrals_after_another_within_365_days AS returning,
       round(100.0 * m.referrals_after_another_within_365_days / m.referrals_received, 1) AS "returning %",
       coalesce(r.repeat_referrals, 0) AS "PDT 2.14", coalesce(r.days_91_or_fewer, 0) AS "of which within 91 days",
       p.repeat_referrals AS "PDT 2.14 published"
FROM talking_therapies.service_month_metrics m
LEFT JOIN talking_therapies.repeat_referrals r
       ON r.level = 'provider' AND r.organisation_code = m.provider_code AND r.month = m.month
LEFT JOIN talking_therapies.repeat_referrals_published p
       ON p.level = 'provider' AND p.organisation_code = m.provider_code AND p.month = m.month
WHERE m.provider_code = 'AME01' AND m.month BETWEEN date '2024-04-01' AND date '2025-03-01'
ORDER BY m.month;
\echo 'April is low because returns that month mostly follow referrals ended before the data begin. Every PDT 2.14 repeat'
\echo 'came back within 91 days of the last discharge (the generator brings people back 4-13 weeks after), and the count'
\echo 'falls towards March 2025 because later returns have not finished their course yet. Blank: withheld (under 5).'

\echo
\echo '== People by the number of their referrals received January 2024 - March 2025, per provider: the data model'
\echo '== (referral_outcome: referrals in the submissions) beside the generator''s record (every referral it made)'
WITH model AS (
    SELECT provider_code, person_id, count(*) AS n FROM talking_therapies.referral_outcome GROUP BY 1, 2),
generated AS (
    SELECT service_id AS provider_code, person_id, count(*) AS n FROM nhs_tt_local.generated_referral GROUP BY 1, 2)
SELECT provider_code AS provider,
       count(*) FILTER (WHERE m.n = 2) AS "2 referrals", count(*) FILTER (WHERE m.n BETWEEN 3 AND 4) AS "3-4",
       count(*) FILTER (WHERE m.n >= 5) AS "5 or more",
       (SELECT count(*) FILTER (WHERE g.n = 2) FROM generated g WHERE g.provider_code = m.provider_code) AS "2 (generator)",
       (SELECT count(*) FILTER (WHERE g.n BETWEEN 3 AND 4) FROM generated g WHERE g.provider_code = m.provider_code) AS "3-4 (generator)",
       (SELECT count(*) FILTER (WHERE g.n >= 5) FROM generated g WHERE g.provider_code = m.provider_code) AS "5 or more (generator)"
FROM model m
GROUP BY provider_code ORDER BY provider_code;
\echo 'In Bexley about 600 people came two or more times in 15 months, seven of them five times or more; elsewhere hardly anyone'
\echo 'came three times. The model sees fewer than the generator made for the same reason as above.'
