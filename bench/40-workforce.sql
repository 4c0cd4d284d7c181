-- EA staffing: ea_ratio(role, wte) against the plain SQL an analyst writes
-- (sum of WTE per role with CASE, divided), on 1M workforce rows.
\echo
\echo == EA workforce: building 1M workforce rows
SET client_min_messages = warning;
SELECT setseed(0.08) \gset
CREATE TABLE bench.workforce AS
SELECT 'S' || lpad((i % 200)::text, 3, '0') AS service_id,
       (ARRAY['employment adviser', 'high intensity therapist', 'psychological wellbeing practitioner',
              'counsellor', 'admin', 'manager'])[1 + floor(random() * 6)::int] AS role,
       round((0.1 + random() * 0.9)::numeric, 2) AS wte
FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench.workforce;
RESET client_min_messages;

\echo == one core (max_parallel_workers_per_gather = 0)
SET max_parallel_workers_per_gather = 0;
SELECT capability, extension_ms, plain_sql_ms, speedup AS "speed-up vs plain SQL", same_answer
FROM bench.compare('ea_ratio, 1M posts, 200 services',
  $$SELECT service_id, iapt_ews.ea_wte(r) AS ea, iapt_ews.therapist_wte(r) AS therapists,
           iapt_ews.therapists_per_ea(r) AS per_ea, iapt_ews.ea_needed(r) AS needed
    FROM (SELECT service_id, iapt_ews.ea_ratio(role, wte) AS r FROM bench.workforce GROUP BY service_id) s$$,
  $$SELECT service_id, ea, therapists, round(therapists / nullif(ea, 0), 2) AS per_ea,
           greatest(0, ceil(100 * therapists / 8) / 100 - ea) AS needed
    FROM (SELECT service_id,
                 sum(CASE WHEN lower(trim(role)) IN ('employment adviser', 'employment advisor', 'ea') THEN wte ELSE 0 END) AS ea,
                 sum(CASE WHEN lower(trim(role)) IN ('high intensity therapist', 'hit', 'psychological wellbeing practitioner',
                                                     'pwp', 'counsellor') THEN wte ELSE 0 END) AS therapists
          FROM bench.workforce GROUP BY service_id) s$$);
RESET max_parallel_workers_per_gather;

-- compare_rates against the same statistics in plain SQL: counts per group,
-- Wilson limits and Newcombe's interval (both sides round to 6 decimals).
-- The p-value is left out of the comparison: PostgreSQL 15 has no erfc, so
-- plain SQL can only approximate the normal tail.
\echo
\echo == compare_rates: building 1M referral outcomes
SET client_min_messages = warning;
CREATE TABLE bench.support AS
SELECT 'S' || lpad((i % 40)::text, 2, '0') AS service_id, random() < 0.12 AS supported,
       random() < 0.52 AS recovered
FROM generate_series(1, 1000000) i;
VACUUM ANALYZE bench.support;
RESET client_min_messages;
SET max_parallel_workers_per_gather = 0;
SELECT capability, extension_ms, plain_sql_ms, speedup AS "speed-up vs plain SQL", same_answer
FROM bench.compare('compare_rates, 1M rows, 40 services',
  $$SELECT service_id, (c).group_n, (c).other_n, round((c).difference::numeric, 6) AS d,
           round((c).ci_low::numeric, 6) AS lo, round((c).ci_high::numeric, 6) AS hi
    FROM (SELECT service_id, iapt_ews.compare_rates(recovered, supported) AS c
          FROM bench.support GROUP BY service_id) s$$,
  $$WITH counts AS (
        SELECT service_id, count(*) FILTER (WHERE supported) AS n1,
               count(*) FILTER (WHERE supported AND recovered) AS x1,
               count(*) FILTER (WHERE NOT supported) AS n2,
               count(*) FILTER (WHERE NOT supported AND recovered) AS x2
        FROM bench.support GROUP BY service_id),
    wilson AS (
        SELECT *, x1::float8 / n1 AS p1, x2::float8 / n2 AS p2,
               (2 * x1 + 3.841458820694124 - 1.959963984540054 * sqrt(3.841458820694124 + 4 * x1 * (1 - x1::float8 / n1))) / (2 * (n1 + 3.841458820694124)) AS l1,
               (2 * x1 + 3.841458820694124 + 1.959963984540054 * sqrt(3.841458820694124 + 4 * x1 * (1 - x1::float8 / n1))) / (2 * (n1 + 3.841458820694124)) AS u1,
               (2 * x2 + 3.841458820694124 - 1.959963984540054 * sqrt(3.841458820694124 + 4 * x2 * (1 - x2::float8 / n2))) / (2 * (n2 + 3.841458820694124)) AS l2,
               (2 * x2 + 3.841458820694124 + 1.959963984540054 * sqrt(3.841458820694124 + 4 * x2 * (1 - x2::float8 / n2))) / (2 * (n2 + 3.841458820694124)) AS u2
        FROM counts)
    SELECT service_id, n1, n2, round((p1 - p2)::numeric, 6) AS d,
           round((p1 - p2 - sqrt((p1 - l1) ^ 2 + (u2 - p2) ^ 2))::numeric, 6) AS lo,
           round((p1 - p2 + sqrt((u1 - p1) ^ 2 + (p2 - l2) ^ 2))::numeric, 6) AS hi
    FROM wilson$$);
RESET max_parallel_workers_per_gather;
