-- Group workshops: sessions_to_clear and projected_wait, worked by hand.
SET search_path = iapt_ews, public;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- sessions_to_clear: places offered per session = floor(capacity / attendance_rate).
SELECT label, sessions_to_clear(waiting, arrivals, capacity, rate, weeks) AS sessions, expected
FROM (VALUES
  -- Merton: 40 waiting, 3 a week for 12 weeks = 76 people; 12 seats, 3 in 4 attend
  -- -> 16 offered a session -> 76 / 16 = 4.75 -> 5
  ('Merton employment workshop', 40::bigint, 3::float8, 12, 0.75::float8, 12, 5),
  -- exactly full: 64 people, 16 offered -> 4
  ('exactly four sessions', 28, 3, 12, 0.75, 12, 4),
  -- one more person -> a fifth session
  ('one more person', 29, 3, 12, 0.75, 12, 5),
  -- 7 / 0.7 is 10 places, not 9 (binary fractions)
  ('7 seats, 70% attend', 10, 0, 7, 0.7, 4, 1),
  ('7 seats, 70% attend, 11 people', 11, 0, 7, 0.7, 4, 2),
  -- 10 / 0.8 = 12.5 -> 12 offered; 25 people -> 3
  ('rounding down offers', 25, 0, 10, 0.8, 1, 3),
  -- 2.5 a week for 3 weeks is 7.5 people: plan for 8; 10 + 8 = 18, 12 offered -> 2
  ('fractional arrivals', 10, 2.5, 12, 1, 3, 2),
  ('17 people in 12-seat groups', 10, 7 / 3.0, 12, 1, 3, 2),
  ('nobody waiting', 0, 0, 15, 1, 8, 0),
  ('no weeks: the list only', 31, 5, 15, 1, 0, 3),
  ('everyone attends', 15, 0, 15, 1, 6, 1)
) AS t(label, waiting, arrivals, capacity, rate, weeks, expected);

-- projected_wait: a hand-worked schedule. A newcomer joins on Wednesday
-- 1 January 2025 at 09:00 behind 20 people. Sessions (places offered):
--   20 Dec 2024 (12) before joining: not counted
--   8 Jan 10:00 (12)  -> places 1-12
--   15 Jan 10:00 (0)  -> cancelled, no places
--   22 Jan 10:00 (6)  -> places 13-18
--   29 Jan 14:00 (6)  -> places 19-24: the newcomer, number 21, is here
--   5 Feb 10:00 (12)
-- Wait: 29 Jan 14:00 - 1 Jan 09:00 = 28 days 5 hours.
CREATE TEMP TABLE schedule (topic text, session_at timestamptz, places integer);
INSERT INTO schedule VALUES
  ('sleep', '2024-12-20 10:00', 12), ('sleep', '2025-01-08 10:00', 12), ('sleep', '2025-01-15 10:00', 0),
  ('sleep', '2025-01-22 10:00', 6), ('sleep', '2025-01-29 14:00', 6), ('sleep', '2025-02-05 10:00', 12),
  ('worry', '2025-01-10 10:00', 10), ('worry', NULL, 10), ('worry', '2025-01-17 10:00', NULL);
SELECT topic, projected_wait(session_at, places, 20, '2025-01-01 09:00') FROM schedule GROUP BY topic ORDER BY topic;
-- Row order does not matter; 12 ahead: place 13 is on 22 Jan; the schedule
-- offers 36 places after joining: 35 ahead gets the last, 36 ahead none.
SELECT projected_wait(session_at, places, 20, '2025-01-01 09:00' ORDER BY session_at DESC) AS reversed,
       projected_wait(session_at, places, 12, '2025-01-01 09:00') AS behind_12,
       projected_wait(session_at, places, 0, '2025-01-01 09:00') AS first_in_line,
       projected_wait(session_at, places, 35, '2025-01-01 09:00') AS last_place,
       projected_wait(session_at, places, 36, '2025-01-01 09:00') AS beyond_schedule
FROM schedule WHERE topic = 'sleep';
SELECT projected_wait(session_at, places, 0, '2025-01-01') IS NULL AS no_sessions FROM schedule WHERE false;

-- Parallel plan: partial states combined give the serial answer.
CREATE TABLE many_sessions AS
SELECT i % 5 AS topic, timestamptz '2025-01-01' + (i * 37 % 10000) * interval '1 hour' AS session_at, 1 + i % 12 AS places
FROM generate_series(1, 100000) i;
ANALYZE many_sessions;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT topic, projected_wait(session_at, places, 5000, '2025-02-01') FROM many_sessions GROUP BY topic;
CREATE TEMP TABLE par AS SELECT topic, projected_wait(session_at, places, 5000, '2025-02-01') w FROM many_sessions GROUP BY topic;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS SELECT topic, projected_wait(session_at, places, 5000, '2025-02-01') w FROM many_sessions GROUP BY topic;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS topics, count(*) FILTER (WHERE par.w = ser.w) AS equal FROM par JOIN ser USING (topic);
DROP TABLE many_sessions;

-- Bad input.
SELECT sessions_to_clear(-1, 0, 12, 1, 4);
SELECT sessions_to_clear(10, -0.5, 12, 1, 4);
SELECT sessions_to_clear(10, 'NaN', 12, 1, 4);
SELECT sessions_to_clear(10, 'Infinity', 12, 1, 4);
SELECT sessions_to_clear(10, 1, 0, 1, 4);
SELECT sessions_to_clear(10, 1, 12, 0, 4);
SELECT sessions_to_clear(10, 1, 12, 1.5, 4);
SELECT sessions_to_clear(10, 1, 12, 'NaN', 4);
SELECT sessions_to_clear(10, 1, 12, 1, -4);
SELECT sessions_to_clear(9223372036854775807, 0, 1, 1, 1);
SELECT sessions_to_clear(0, 1e300, 1, 1, 1);
SELECT sessions_to_clear(3000000000, 0, 1, 1, 1);
SELECT sessions_to_clear(NULL, 1, 12, 1, 4) IS NULL AS strict;
SELECT projected_wait(session_at, places, -1, '2025-01-01') FROM schedule;
SELECT projected_wait(session_at, -3, 1, '2025-01-01') FROM schedule;
SELECT projected_wait(session_at, places, NULL, '2025-01-01') FROM schedule;
SELECT projected_wait(session_at, places, places, '2025-01-01') FROM schedule WHERE places IS NOT NULL;
