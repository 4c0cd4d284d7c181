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
