-- ols_fit against the same regressions in plain SQL: one regressor with
-- PostgreSQL's regr_intercept / regr_slope, two with the centred sums of
-- products (covar_pop, var_pop) solved by Cramer's rule. Coefficients only
-- (plain SQL has no HC1 without a second pass); both sides round to 6
-- decimals. 1M referrals in 40 services, built here with a fixed seed.
-- Limit: the same scan and grouping building the same x array per row
-- (count(ARRAY[...]) with sum(y)): the array ols_fit takes costs about as
-- much as the fit itself, so ols_fit cannot beat the limit by much, and
-- regr_* on one plain column, which builds no array, is faster.
\echo
\echo == ols_fit: building 1M referrals (PHQ-9 change on sessions and age)
SET client_min_messages = warning;
SELECT setseed(0.2028) \gset
CREATE TABLE bench.phq_change AS
SELECT 'S' || lpad((i % 40)::text, 2, '0') AS service_id, sessions, age,
       2 + 0.5 * sessions - 0.03 * age + (random() - 0.5) * (2 + sessions) AS improvement
FROM (SELECT i, floor(1 + random() * 20)::float8 AS sessions, floor(18 + random() * 62)::float8 AS age
      FROM generate_series(1, 1000000) i) r;
VACUUM ANALYZE bench.phq_change;
RESET client_min_messages;
SET max_parallel_workers_per_gather = 0;
SELECT capability, extension_ms, plain_sql_ms, speedup AS "speed-up vs plain SQL", same_answer, limit_ms
FROM bench.compare('ols_fit, one regressor, 1M rows, 40 services',
  $$SELECT service_id, round(b[1]::numeric, 6) AS intercept, round(b[2]::numeric, 6) AS slope
    FROM (SELECT service_id, iapt_ews.ols_coefficients(iapt_ews.ols_fit(improvement, ARRAY[sessions])) AS b
          FROM bench.phq_change GROUP BY service_id) s$$,
  $$SELECT service_id, round(regr_intercept(improvement, sessions)::numeric, 6) AS intercept,
           round(regr_slope(improvement, sessions)::numeric, 6) AS slope
    FROM bench.phq_change GROUP BY service_id$$,
  limit_query => $$SELECT service_id, count(ARRAY[sessions]), sum(improvement)
                    FROM bench.phq_change GROUP BY service_id$$);
SELECT capability, extension_ms, plain_sql_ms, speedup AS "speed-up vs plain SQL", same_answer, limit_ms
FROM bench.compare('ols_fit, two regressors, 1M rows, 40 services',
  $$SELECT service_id, round(b[1]::numeric, 6) AS intercept, round(b[2]::numeric, 6) AS b_sessions,
           round(b[3]::numeric, 6) AS b_age
    FROM (SELECT service_id, iapt_ews.ols_coefficients(iapt_ews.ols_fit(improvement, ARRAY[sessions, age])) AS b
          FROM bench.phq_change GROUP BY service_id) s$$,
  $$WITH m AS (
        SELECT service_id, avg(improvement) AS my, avg(sessions) AS m1, avg(age) AS m2,
               var_pop(sessions) AS s11, var_pop(age) AS s22, covar_pop(sessions, age) AS s12,
               covar_pop(improvement, sessions) AS s1y, covar_pop(improvement, age) AS s2y
        FROM bench.phq_change GROUP BY service_id),
    b AS (
        SELECT service_id, my, m1, m2,
               (s1y * s22 - s2y * s12) / (s11 * s22 - s12 * s12) AS b1,
               (s2y * s11 - s1y * s12) / (s11 * s22 - s12 * s12) AS b2
        FROM m)
    SELECT service_id, round((my - b1 * m1 - b2 * m2)::numeric, 6) AS intercept,
           round(b1::numeric, 6) AS b_sessions, round(b2::numeric, 6) AS b_age
    FROM b$$,
  limit_query => $$SELECT service_id, count(ARRAY[sessions, age]), sum(improvement)
                    FROM bench.phq_change GROUP BY service_id$$);
RESET max_parallel_workers_per_gather;
