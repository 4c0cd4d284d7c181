-- score_pair and pair_scores(): first and last by time, ties, order
-- independence, NULLs, I/O, parallel plans, classify() on pairs, bad input.
SET search_path = iapt_ews, public;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

CREATE TEMP TABLE s (pathway_id int, recorded_at timestamptz, score numeric);
INSERT INTO s VALUES
 (1, '2024-01-05 10:00', 18), (1, '2024-02-01 10:00', 12), (1, '2024-03-01 09:00', 7), (1, '2024-01-20', 15),
 (2, '2024-01-05 10:00', 18), (2, '2024-01-05 10:00', 20), (2, '2024-03-01', 7), (2, '2024-03-01', 5),
 (3, '2024-01-05 10:00', 14),
 (4, '2024-01-05 10:00', 11), (4, '2024-01-05 10:00', 13),
 (5, NULL, 9), (5, '2024-01-05', NULL), (5, '2024-02-05', 3.0300), (5, '2024-01-05', 2.3),
 (6, NULL, NULL);

-- 1: plain; 2: ties at both ends go to the higher score; 3: one score;
-- 4: two scores at one time (not a pair); 5: NULL rows skipped, decimals
-- kept exactly; 6: nothing usable -> NULL.
SELECT pathway_id, pair_scores(recorded_at, score) AS pair
FROM s GROUP BY pathway_id ORDER BY pathway_id;
SELECT pathway_id, first_score(p), last_score(p), score_change(p), score_count(p), paired(p),
       first_recorded_at(p), last_recorded_at(p)
FROM (SELECT pathway_id, pair_scores(recorded_at, score) p FROM s GROUP BY pathway_id) q
ORDER BY pathway_id;

-- The result does not depend on row order.
SELECT pathway_id,
       count(DISTINCT pair::text) AS distinct_results_over_orders
FROM (SELECT pathway_id, pair_scores(recorded_at, score ORDER BY score) AS pair FROM s GROUP BY 1
      UNION ALL SELECT pathway_id, pair_scores(recorded_at, score ORDER BY score DESC) FROM s GROUP BY 1
      UNION ALL SELECT pathway_id, pair_scores(recorded_at, score ORDER BY recorded_at DESC, score) FROM s GROUP BY 1
      UNION ALL SELECT pathway_id, pair_scores(recorded_at, score ORDER BY recorded_at, score) FROM s GROUP BY 1) o
WHERE pair IS NOT NULL
GROUP BY pathway_id ORDER BY pathway_id;

-- Integer scores take the integer overload and agree with numeric.
SELECT pair_scores(recorded_at, score::int)::text = pair_scores(recorded_at, score)::text AS int_equals_numeric
FROM s WHERE pathway_id = 1;
SELECT pair_scores(t, v) IS NULL AS empty_is_null FROM (SELECT now(), 1::numeric WHERE false) e(t, v);

-- Text round trip.
SELECT p, p::text::score_pair::text = p::text AS round_trips
FROM (VALUES ('18 @ 2024-01-05 10:00+00 -> 7 @ 2024-03-01 09:00+00 (4 scores)'::score_pair),
             ('3.03 @ 2024-01-05 10:00+00 -> 2.3 @ 2024-01-09 10:00+00 (2 scores)'),
             ('14 @ 2024-01-05 10:00+00 -> 14 @ 2024-01-05 10:00+00 (1 score)'),
             ('  -1.5@2024-01-05 10:00+00->+2.0001@2024-01-06 (12 scores)  ')) AS t(p);

-- Binary round trip through COPY BINARY.
CREATE TEMP TABLE pairs AS SELECT pathway_id, pair_scores(recorded_at, score) p FROM s GROUP BY 1;
CREATE TEMP TABLE pairs_copy (pathway_id int, p score_pair);
DO $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_pairs.bin';
BEGIN
    EXECUTE format('COPY pairs TO %L (FORMAT binary)', path);
    EXECUTE format('COPY pairs_copy FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS copied,
       count(*) FILTER (WHERE a.p::text IS NOT DISTINCT FROM b.p::text) AS identical
FROM pairs a JOIN pairs_copy b USING (pathway_id);

\set SHOW_CONTEXT never
-- A score pair is 40 bytes on the wire (count, first time, last time, first
-- and last score, each 8 bytes); a bytea written by COPY BINARY stands in
-- for a hostile client.
CREATE TEMP TABLE one_pair (p score_pair);
CREATE FUNCTION pg_temp.recv_pair(wire bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_pair.bad';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', wire, path);
    TRUNCATE one_pair;
    EXECUTE format('COPY one_pair FROM %L (FORMAT binary)', path);
    RETURN (SELECT p::text FROM one_pair);
END $$;
-- count 1 at time 0 (2000-01-01), score 7: fine
SELECT pg_temp.recv_pair(decode('00000000000000010000000000000000000000000000000000000000000111700000000000011170', 'hex'));
-- count 0
SELECT pg_temp.recv_pair(decode('00000000000000000000000000000000000000000000000000000000000111700000000000011170', 'hex'));
-- first after last
SELECT pg_temp.recv_pair(decode('00000000000000020000000000000010000000000000000000000000000111700000000000011170', 'hex'));
-- same time, different scores
SELECT pg_temp.recv_pair(decode('00000000000000020000000000000000000000000000000000000000000111700000000000000000', 'hex'));
-- infinite time
SELECT pg_temp.recv_pair(decode('000000000000000200000000000000007fffffffffffffff00000000000111700000000000000000', 'hex'));
-- huge score
SELECT pg_temp.recv_pair(decode('0000000000000002000000000000000000000000000000107fffffffffffffff0000000000000000', 'hex'));
-- 39 bytes
SELECT pg_temp.recv_pair(decode('000000000000000100000000000000000000000000000000000000000001117000000000000111', 'hex'));
-- found by the libFuzzer harness: a finite time before 4714 BC, which
-- timestamptz cannot print (so the value could not be output or dumped)
SELECT pg_temp.recv_pair(decode('0000000000000002' || 'c000000000000000' || '0000000000000000'
                                || '0000000000011170' || '0000000000011170', 'hex'));
-- the largest score, 10^14, received; its text parses back to the same value
SELECT pg_temp.recv_pair(decode('000000000000000100000000000000000000000000000000' || '0de0b6b3a7640000' || '0de0b6b3a7640000', 'hex')) AS largest,
       pg_temp.recv_pair(decode('000000000000000100000000000000000000000000000000' || '0de0b6b3a7640000' || '0de0b6b3a7640000', 'hex'))::score_pair::text
     = pg_temp.recv_pair(decode('000000000000000100000000000000000000000000000000' || '0de0b6b3a7640000' || '0de0b6b3a7640000', 'hex')) AS round_trips;
-- and in text: 10^14 is accepted, a ten-thousandth more is not
SELECT '-100000000000000 @ 2024-01-05 10:00+00 -> 100000000000000.0000 @ 2024-01-06 10:00+00 (2 scores)'::score_pair;
SELECT '100000000000000.0001 @ 2024-01-05 10:00+00 -> 1 @ 2024-01-06 10:00+00 (2 scores)'::score_pair;
SELECT '1000000000000000 @ 2024-01-05 10:00+00 -> 1 @ 2024-01-06 10:00+00 (2 scores)'::score_pair;

-- classify() on pairs: paired means two different times.
SELECT pathway_id, classify(phq9, 'gad7', gad7, 4, true) AS outcome
FROM (VALUES
   (1, '18 @ 2024-01-05 10:00+00 -> 7 @ 2024-03-01 09:00+00 (4 scores)'::score_pair,
       '12 @ 2024-01-05 10:00+00 -> 5 @ 2024-03-01 09:00+00 (4 scores)'::score_pair),
   (2, '18 @ 2024-01-05 10:00+00 -> 18 @ 2024-01-05 10:00+00 (2 scores)', '12 @ 2024-01-05 10:00+00 -> 5 @ 2024-03-01 09:00+00 (4 scores)'),
   (3, NULL, '12 @ 2024-01-05 10:00+00 -> 5 @ 2024-03-01 09:00+00 (4 scores)'),
   (4, NULL, NULL)) AS t(pathway_id, phq9, gad7)
ORDER BY pathway_id;
SELECT classify(NULL, 'mi_alone', '3.03 @ 2024-01-05 10:00+00 -> 2.30 @ 2024-03-01 09:00+00 (2 scores)', 2, true);
SELECT recovered(classify(NULL::score_pair, NULL, NULL::score_pair, 2, true)) AS recovered_without_scores;

-- A warehouse run: first and last per referral straight into rates.
WITH pairs AS (
    SELECT pathway_id, measure, pair_scores(recorded_at, score) p
    FROM (VALUES (1, 'phq9', '2024-01-01'::timestamptz, 18), (1, 'phq9', '2024-02-01', 7),
                 (1, 'gad7', '2024-01-01', 12), (1, 'gad7', '2024-02-01', 4),
                 (2, 'phq9', '2024-01-01', 15), (2, 'phq9', '2024-02-01', 14),
                 (2, 'gad7', '2024-01-01', 10), (2, 'gad7', '2024-02-01', 9)) v(pathway_id, measure, recorded_at, score)
    GROUP BY 1, 2)
SELECT recovery_rate(classify(ph.p, 'gad7', an.p, 5, true)) AS recovery_rate
FROM pairs ph JOIN pairs an ON an.pathway_id = ph.pathway_id AND an.measure = 'gad7'
WHERE ph.measure = 'phq9';

-- Parallel plans give the serial answer, and both give the answer of the
-- row_number() method analysts use today.
CREATE TABLE scores_big AS
SELECT (i % 20000) AS pathway_id,
       timestamptz '2024-01-01' + ((i * 7919) % 500) * interval '1 day' AS recorded_at,
       ((i * 31) % 28)::numeric AS score
FROM generate_series(1, 200000) i;
ANALYZE scores_big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT pathway_id, pair_scores(recorded_at, score) FROM scores_big GROUP BY pathway_id;
CREATE TEMP TABLE par AS
SELECT pathway_id, pair_scores(recorded_at, score)::text p FROM scores_big GROUP BY pathway_id;
RESET enable_hashagg;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS
SELECT pathway_id, pair_scores(recorded_at, score)::text p FROM scores_big GROUP BY pathway_id;
SELECT count(*) AS groups, count(*) FILTER (WHERE par.p = ser.p) AS equal FROM par JOIN ser USING (pathway_id);
WITH ranked AS (
    SELECT pathway_id, score, count(*) OVER w_all AS n,
           row_number() OVER (PARTITION BY pathway_id ORDER BY recorded_at, score DESC) AS from_start,
           row_number() OVER (PARTITION BY pathway_id ORDER BY recorded_at DESC, score DESC) AS from_end
    FROM scores_big WINDOW w_all AS (PARTITION BY pathway_id)),
window_way AS (
    SELECT pathway_id, max(score) FILTER (WHERE from_start = 1) AS first_score,
           max(score) FILTER (WHERE from_end = 1) AS last_score, max(n) AS n
    FROM ranked GROUP BY pathway_id)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE w.first_score = first_score(a.p) AND w.last_score = last_score(a.p)
                        AND w.n = score_count(a.p)) AS equal_to_window_functions
FROM window_way w
JOIN (SELECT pathway_id, pair_scores(recorded_at, score) p FROM scores_big GROUP BY 1) a USING (pathway_id);
RESET max_parallel_workers_per_gather;
DROP TABLE scores_big;

-- Bad input.
SELECT pair_scores(t, v) FROM (VALUES (now(), 3.00001)) x(t, v);
SELECT pair_scores(t, v) FROM (VALUES (now(), 'NaN'::numeric)) x(t, v);
SELECT pair_scores(t, v) FROM (VALUES (now(), 1e20)) x(t, v);
SELECT pair_scores(t, v) FROM (VALUES ('infinity'::timestamptz, 1)) x(t, v);
SELECT pair_scores(t, v) FROM (VALUES ('-infinity'::timestamptz, 1.5)) x(t, v);
SELECT classify(NULL, 'mi_alone', '3.033 @ 2024-01-05 10:00+00 -> 2.30 @ 2024-03-01 09:00+00 (2 scores)', 2, true);
SELECT classify('28 @ 2024-01-05 10:00+00 -> 2 @ 2024-03-01 09:00+00 (2 scores)', 'gad7', NULL, 2, true);
SELECT classify('18 @ 2024-01-05 10:00+00 -> 2 @ 2024-03-01 09:00+00 (2 scores)', 'gad7', NULL, -3, true);
SELECT ''::score_pair;
SELECT '18 @ 2024-01-05'::score_pair;
SELECT '18 @ 2024-01-05 -> 7 @ 2024-03-01'::score_pair;
SELECT '18 -> 7 (2 scores)'::score_pair;
SELECT 'x @ 2024-01-05 -> 7 @ 2024-03-01 (2 scores)'::score_pair;
SELECT '18 @ 2024-01-05 -> 7 @ someday (2 scores)'::score_pair;
SELECT '18 @ 2024-01-05 -> 7 @ 2024-03-01 (two scores)'::score_pair;
SELECT '18 @ 2024-01-05 -> 7 @ 2024-03-01 (2 scores) trailing'::score_pair;
SELECT '18 @ 2024-03-05 -> 7 @ 2024-03-01 (2 scores)'::score_pair;
SELECT '18 @ 2024-03-05 -> 7 @ 2024-03-05 (2 scores)'::score_pair;
SELECT '18 @ 2024-03-05 -> 18 @ 2024-03-06 (1 score)'::score_pair;
SELECT '18 @ 2024-03-05 -> 18 @ 2024-03-06 (0 scores)'::score_pair;
SELECT '1.00001 @ 2024-03-05 -> 18 @ 2024-03-06 (2 scores)'::score_pair;
SELECT '18 @ infinity -> 18 @ infinity (1 score)'::score_pair;
