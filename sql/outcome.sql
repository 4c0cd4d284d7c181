-- The outcome type: text and binary I/O, comparison, classify() on every
-- flag combination and threshold, NULL handling, and bad input.
SET search_path = iapt_ews, public;

-- Text round trip, including every score notation.
SELECT o::outcome AS parsed, o::outcome::text::outcome = o::outcome AS round_trips
FROM (VALUES ('finished, phq9 18->7, gad7 12->5'),
             ('open, phq9 ?, gad7 ?'),
             ('ended, phq9 14, mi_alone 3.03->?'),
             ('ended, phq9 ?->4, hai ?'),
             ('finished, phq9 0->27, oci 0->168'),
             ('  FINISHED ,PHQ9 18 -> 7 ,  Mi_Alone  3.03->2.3  '),
             ('finished, phq9 18->18, spin 19'),
             ('finished, phq9 10->9, pdss 8->3'),
             ('open, phq9 27, pcl5 80'),
             ('finished, phq9 12->10, iesr 40->30')) AS t(o);

-- A single score and a pair of equal scores are different facts.
SELECT 'finished, phq9 18, gad7 12'::outcome = 'finished, phq9 18->18, gad7 12->12'::outcome AS same;

-- classify(): one row per flag combination, with the flags expected from
-- docs/definitions.md ("Per referral") written by hand (f = finished,
-- p = paired, c = case at start, n = not at caseness, R = recovered,
-- I = reliably improved, D = reliably deteriorated, N = no reliable change,
-- RR = reliably recovered).
CREATE TEMP TABLE cases (label text, o outcome, expected text);
INSERT INTO cases VALUES
 ('recovered and improved',            classify(18, 7, 'gad7', 12, 5, 6, true),      'f p c R I RR'),
 ('recovered, no reliable change',     classify(10, 9, 'gad7', 8, 7, 4, true),       'f p c R N'),
 ('improved, still a case',            classify(20, 12, 'gad7', 15, 10, 8, true),    'f p c I'),
 ('improved on anxiety only',          classify(15, 15, 'gad7', 15, 11, 8, true),    'f p c I'),
 ('deteriorated',                      classify(12, 20, 'gad7', 10, 15, 5, true),    'f p c D'),
 ('deteriorated on phq9 only',         classify(12, 18, 'gad7', 10, 12, 5, true),    'f p c D'),
 ('improved one way, worse the other', classify(20, 8, 'gad7', 5, 12, 5, true),      'f p c N'),
 ('no change',                         classify(12, 12, 'gad7', 10, 10, 3, true),    'f p c N'),
 ('not at caseness, improved',         classify(9, 2, 'gad7', 7, 1, 3, true),        'f p n I'),
 ('not at caseness, deteriorated',     classify(9, 16, 'gad7', 7, 12, 3, true),      'f p n D'),
 ('case on anxiety only, recovered',   classify(5, 3, 'gad7', 12, 3, 3, true),       'f p c R I RR'),
 ('phq9 last at caseness',             classify(18, 10, 'gad7', 12, 3, 3, true),     'f p c I'),
 ('anxiety last at caseness',          classify(18, 3, 'gad7', 12, 8, 3, true),      'f p c I'),
 ('no phq9 pair',                      classify(18, NULL, 'gad7', 12, 5, 6, true),   'f c'),
 ('no anxiety pair',                   classify(18, 7, 'gad7', 12, NULL, 6, true),   'f c'),
 ('first phq9 missing, anxiety case',  classify(NULL, 7, 'gad7', 12, 5, 6, true),    'f c'),
 ('first phq9 missing, anxiety below', classify(NULL, 7, 'gad7', 6, 5, 6, true),     'f'),
 ('nothing recorded',                  classify(NULL, NULL, NULL, NULL, NULL, 6, true), 'f'),
 ('one session: ended, not finished',  classify(18, 7, 'gad7', 12, 5, 1, true),      'p c R I RR'),
 ('open episode',                      classify(18, 7, 'gad7', 12, 5, 6, false),     'p c R I RR'),
 ('NULL sessions count as 0',          classify(18, 7, 'gad7', 12, 5, NULL, true),   'p c R I RR'),
 ('NULL ended means open',             classify(18, 7, 'gad7', 12, 5, 9, NULL),      'p c R I RR'),
 ('exactly two sessions',              classify(18, 7, 'gad7', 12, 5, 2, true),      'f p c R I RR'),
 ('mi_alone 3.03 -> 2.30',             classify(9, 9, 'mi_alone', 3.03, 2.30, 4, true), 'f p c R I RR'),
 ('mi_alone 3.03 -> 2.31',             classify(9, 9, 'mi_alone', 3.03, 2.31, 4, true), 'f p c N'),
 ('mi_alone 2.30 at start: not a case',classify(9, 9, 'mi_alone', 2.30, 1.00, 4, true), 'f p n I'),
 ('pdss change of exactly 5',          classify(9, 9, 'pdss', 13, 8, 4, true),      'f p c N'),
 ('pdss change of 6',                  classify(9, 9, 'pdss', 13, 7, 4, true),      'f p c R I RR'),
 ('spin',                              classify(9, 9, 'SPIN', 29, 18, 4, true),     'f p c R I RR'),
 ('oci',                               classify(9, 9, 'oci', 72, 39, 4, true),      'f p c R I RR'),
 ('pcl5',                              classify(9, 9, 'pcl5', 42, 31, 4, true),     'f p c R I RR'),
 ('iesr',                              classify(9, 9, 'iesr', 42, 32, 4, true),     'f p c R I RR'),
 ('hai',                               classify(9, 9, 'hai', 21, 17, 4, true),      'f p c R I RR');

SELECT label, o,
       concat_ws(' ', CASE WHEN finished(o) THEN 'f' END, CASE WHEN paired(o) THEN 'p' END,
                 CASE WHEN case_at_start(o) THEN 'c' END, CASE WHEN not_case_at_start(o) THEN 'n' END,
                 CASE WHEN recovered(o) THEN 'R' END, CASE WHEN reliably_improved(o) THEN 'I' END,
                 CASE WHEN reliably_deteriorated(o) THEN 'D' END, CASE WHEN no_reliable_change(o) THEN 'N' END,
                 CASE WHEN reliably_recovered(o) THEN 'RR' END) AS flags,
       expected
FROM cases ORDER BY label;
SELECT count(*) AS cases_with_unexpected_flags FROM cases
WHERE concat_ws(' ', CASE WHEN finished(o) THEN 'f' END, CASE WHEN paired(o) THEN 'p' END,
                 CASE WHEN case_at_start(o) THEN 'c' END, CASE WHEN not_case_at_start(o) THEN 'n' END,
                 CASE WHEN recovered(o) THEN 'R' END, CASE WHEN reliably_improved(o) THEN 'I' END,
                 CASE WHEN reliably_deteriorated(o) THEN 'D' END, CASE WHEN no_reliable_change(o) THEN 'N' END,
                 CASE WHEN reliably_recovered(o) THEN 'RR' END) <> expected;
SELECT ended(classify(1, 1, 'gad7', 1, 1, 0, true)) AS ended_no_sessions,
       ended(classify(1, 1, 'gad7', 1, 1, 5, false)) AS ended_open;

-- Every PHQ-9 x GAD-7 first/last combination (28^2 x 22^2 = 379,456), and
-- Mobility Inventory around its thresholds, against the rules of
-- docs/definitions.md ("Per referral") written independently in plain SQL.
CREATE TEMP TABLE grid AS
SELECT pf, pl, 'gad7'::text AS m, af, al FROM generate_series(0, 27) pf, generate_series(0, 27) pl,
       generate_series(0, 21) af, generate_series(0, 21) al
UNION ALL
SELECT pf, pl, 'mi_alone', af / 100.0, al / 100.0
FROM generate_series(8, 11) pf, generate_series(3, 11, 4) pl,
     generate_series(150, 310, 1) af, generate_series(150, 310, 4) al;
CREATE TEMP TABLE grid_flags AS
SELECT g.*, classify(pf, pl, m, af, al, 2, true) AS o,
       (pf >= 10 OR CASE m WHEN 'gad7' THEN af >= 8 ELSE af > 2.3 END) AS x_case,
       (pf < 10 AND CASE m WHEN 'gad7' THEN af < 8 ELSE af <= 2.3 END) AS x_not_case,
       (pl < 10 AND CASE m WHEN 'gad7' THEN al < 8 ELSE al <= 2.3 END) AS x_below_at_end,
       (pl - pf <= -6 OR al - af <= CASE m WHEN 'gad7' THEN -4 ELSE -0.73 END) AS x_decrease,
       (pl - pf >= 6 OR al - af >= CASE m WHEN 'gad7' THEN 4 ELSE 0.73 END) AS x_increase
FROM grid g;
SELECT count(*) AS combinations,
       count(*) FILTER (WHERE case_at_start(o) IS DISTINCT FROM x_case) AS case_mismatch,
       count(*) FILTER (WHERE not_case_at_start(o) IS DISTINCT FROM x_not_case) AS not_case_mismatch,
       count(*) FILTER (WHERE recovered(o) IS DISTINCT FROM (x_case AND x_below_at_end)) AS recovered_mismatch,
       count(*) FILTER (WHERE reliably_improved(o) IS DISTINCT FROM (x_decrease AND NOT x_increase)) AS improved_mismatch,
       count(*) FILTER (WHERE reliably_deteriorated(o) IS DISTINCT FROM (x_increase AND NOT x_decrease)) AS deteriorated_mismatch,
       count(*) FILTER (WHERE no_reliable_change(o) IS DISTINCT FROM (x_increase = x_decrease)) AS no_change_mismatch,
       count(*) FILTER (WHERE reliably_recovered(o) IS DISTINCT FROM
                        (x_case AND x_below_at_end AND x_decrease AND NOT x_increase)) AS reliably_recovered_mismatch,
       count(*) FILTER (WHERE o::text::outcome <> o) AS round_trip_mismatch
FROM grid_flags;
-- The grid reaches every flag.
SELECT count(*) FILTER (WHERE recovered(o)) > 0 AS has_recovered,
       count(*) FILTER (WHERE reliably_deteriorated(o)) > 0 AS has_deteriorated,
       count(*) FILTER (WHERE no_reliable_change(o) AND x_decrease) > 0 AS has_mixed_change,
       count(*) FILTER (WHERE not_case_at_start(o) AND reliably_improved(o)) > 0 AS has_not_case_improved
FROM grid_flags;

-- Ordering, DISTINCT, GROUP BY, hash and btree indexes.
SELECT o FROM cases GROUP BY o ORDER BY o LIMIT 5;
SELECT count(DISTINCT o) AS distinct_outcomes, count(*) AS rows FROM cases;
SELECT 'open, phq9 ?, gad7 ?'::outcome < 'ended, phq9 ?, gad7 ?'::outcome AS open_before_ended,
       'ended, phq9 27, gad7 21'::outcome < 'finished, phq9 ?, gad7 ?'::outcome AS ended_before_finished;
CREATE TEMP TABLE indexed AS SELECT o FROM grid_flags LIMIT 20000;
CREATE INDEX ON indexed USING btree (o);
CREATE INDEX ON indexed USING hash (o);
SET enable_seqscan = off;
SELECT count(*) FROM indexed WHERE o = 'finished, phq9 0->0, gad7 0->0';
RESET enable_seqscan;

-- Binary send/recv: COPY BINARY out and back in.
CREATE TEMP TABLE copied (o outcome);
DO $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_outcome.bin';
BEGIN
    EXECUTE format('COPY (SELECT o FROM cases) TO %L (FORMAT binary)', path);
    EXECUTE format('COPY copied FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS copied, count(*) FILTER (WHERE o IN (SELECT o FROM cases)) AS identical FROM copied;

\set SHOW_CONTEXT never
-- Binary input that classify() cannot produce is refused: an outcome is 8
-- bytes on the wire, so bytea values written by COPY BINARY stand in for a
-- hostile client.
CREATE FUNCTION pg_temp.recv_outcome(wire bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_outcome.bad';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', wire, path);
    TRUNCATE copied;
    EXECUTE format('COPY copied FROM %L (FORMAT binary)', path);
    RETURN (SELECT o::text FROM copied);
END $$;
SELECT pg_temp.recv_outcome('\x000000207fffffff');   -- finished, nothing recorded: fine
SELECT pg_temp.recv_outcome('\x000000607fffffff');   -- unused bit 38 set
SELECT pg_temp.recv_outcome('\x000000307fffffff');   -- state 3
SELECT pg_temp.recv_outcome('\x000000203fffffff');   -- anxiety measure phq9
SELECT pg_temp.recv_outcome('\x00000023ffffffff');   -- anxiety measure 15
SELECT pg_temp.recv_outcome('\x000000207ffff71c');   -- phq9 28 (one score)
SELECT pg_temp.recv_outcome('\x000000247fffffff');   -- phq9 paired without scores
SELECT pg_temp.recv_outcome('\x000000207ffff30b');   -- phq9 11 then 12, not paired
SELECT pg_temp.recv_outcome('\x000000207e9f4fff');   -- gad7 500
SELECT pg_temp.recv_outcome('\x00000000000000');     -- 7 bytes

-- Bad input: malformed literals (22P02), bad scores (22003, 22023).
SELECT ''::outcome;
SELECT 'done, phq9 1, gad7 1'::outcome;
SELECT 'finished'::outcome;
SELECT 'finished phq9 1, gad7 1'::outcome;
SELECT 'finished, gad7 1, phq9 1'::outcome;
SELECT 'finished, phq9 1'::outcome;
SELECT 'finished, phq9 1, bdi 1'::outcome;
SELECT 'finished, phq9 1, phq9 1'::outcome;
SELECT 'finished, phq9 1->, gad7 1'::outcome;
SELECT 'finished, phq9 x, gad7 1'::outcome;
SELECT 'finished, phq9 1, gad7 1, extra'::outcome;
SELECT 'finished, phq9 1->2->3, gad7 1'::outcome;
SELECT 'finished, phq9 -1, gad7 1'::outcome;
SELECT 'finished, phq9 99999999, gad7 1'::outcome;
SELECT 'finished, phq9 1, mi_alone 3.031'::outcome;
SELECT 'finished, phq9 28, gad7 1'::outcome;
SELECT 'finished, phq9 9.5, gad7 1'::outcome;
SELECT 'finished, phq9 1, mi_alone 0.5'::outcome;
SELECT classify(18, 7, 'phq9', 12, 5, 6, true);
SELECT classify(18, 7, 'beck', 12, 5, 6, true);
SELECT classify(18, 7, 'gad7', 12, 22, 6, true);
SELECT classify(18, 28, 'gad7', 12, 5, 6, true);
SELECT classify(18, 7, 'mi_alone', 3.033, 2, 6, true);
SELECT classify(18, 7, 'gad7', 12, 5, -1, true);
SELECT classify('NaN', 7, 'gad7', 12, 5, 2, true);

-- classify() on integer scores. Integer (and smallint) scores reach
-- classify_integer (planner support), which reads them without making a
-- numeric; it must give what classify() gives on the same values as numeric,
-- for every valid input, and the same error for every bad one.
-- Which function each call runs: integer columns and literals, smallint,
-- NULL, whole-number constants -> classify_integer; numeric columns, a
-- decimal constant, or "12.0" (its text is not a whole number's) -> classify.
CREATE TEMP TABLE typed (i integer, s smallint, n numeric);
EXPLAIN (VERBOSE, COSTS OFF) SELECT classify(i, i, 'gad7', i, i, 2, true) FROM typed;
EXPLAIN (VERBOSE, COSTS OFF) SELECT classify(s, NULL, 'gad7', 12, s, 2, true) FROM typed;
EXPLAIN (VERBOSE, COSTS OFF) SELECT classify(i, i, 'gad7', n, i, 2, true) FROM typed;
EXPLAIN (VERBOSE, COSTS OFF) SELECT classify(i, i, 'mi_alone', 3.03, i, 2, true) FROM typed;
EXPLAIN (VERBOSE, COSTS OFF) SELECT classify(i, i, 'gad7', 12.0, i, 2, true) FROM typed;
-- Calls that resolved before still resolve, to the same values.
SELECT classify(18, 7, 'gad7', 12, 5, 6, true) AS integer_literals,
       classify(9, 9, 'mi_alone', 3.03, 2.30, 4, true) AS decimal_literals,
       classify(NULL, NULL, NULL, NULL, NULL, 6, true) AS all_null,
       classify(18::smallint, 7::smallint, 'gad7', 12::smallint, 5::smallint, 6, true) AS smallints,
       classify_integer(18, 7, 'gad7', 12, 5, 6, true) AS direct;

-- Every valid input: the PHQ-9 x GAD-7 grid with NULLs (29^2 x 23^2 =
-- 445,009), then every anxiety measure's whole-number range first x last
-- with NULLs and five PHQ-9 pairs; sessions and ended vary so that all three
-- episode states occur. The numeric columns hold the same values.
CREATE TEMP TABLE int_grid AS
WITH scores AS (
    SELECT pf, pl, 'gad7'::text AS m, af, al
    FROM (SELECT generate_series(0, 27) UNION ALL SELECT NULL) f(pf),
         (SELECT generate_series(0, 27) UNION ALL SELECT NULL) l(pl),
         (SELECT generate_series(0, 21) UNION ALL SELECT NULL) a(af),
         (SELECT generate_series(0, 21) UNION ALL SELECT NULL) b(al)
    UNION ALL
    SELECT p.pf, p.pl, ms.code, af, al
    FROM iapt_ews.measures ms,
         (VALUES (NULL::integer, NULL::integer), (9, 9), (10, 3), (27, 20), (5, 12)) p(pf, pl),
         LATERAL (SELECT generate_series(ceil(ms.min_score)::int, floor(ms.max_score)::int) UNION ALL SELECT NULL) f(af),
         LATERAL (SELECT generate_series(ceil(ms.min_score)::int, floor(ms.max_score)::int) UNION ALL SELECT NULL) l(al)
    WHERE ms.code <> 'phq9')
SELECT pf, pl, m, af, al,
       (coalesce(pf, 1) + coalesce(al, 2)) % 4 AS sessions,
       CASE (coalesce(pl, 3) + coalesce(af, 1)) % 3 WHEN 0 THEN NULL WHEN 1 THEN false ELSE true END AS ended,
       pf::numeric AS pf_n, pl::numeric AS pl_n, af::numeric AS af_n, al::numeric AS al_n
FROM scores;
SELECT m, count(*) AS inputs,
       count(*) FILTER (WHERE from_integer IS DISTINCT FROM from_numeric) AS integer_differs,
       count(*) FILTER (WHERE direct IS DISTINCT FROM from_numeric) AS direct_differs,
       bool_or(NOT ended(from_numeric)) AND bool_or(ended(from_numeric) AND NOT finished(from_numeric))
         AND bool_or(finished(from_numeric)) AS all_states
FROM (SELECT m, classify(pf, pl, m, af, al, sessions, ended) AS from_integer,
             classify_integer(pf, pl, m, af, al, sessions, ended) AS direct,
             classify(pf_n, pl_n, m, af_n, al_n, sessions, ended) AS from_numeric
      FROM int_grid) g
GROUP BY m ORDER BY m;
-- The comparison above runs both functions (the numeric columns are not rewritten).
EXPLAIN (VERBOSE, COSTS OFF)
SELECT classify(pf, pl, m, af, al, sessions, ended), classify(pf_n, pl_n, m, af_n, al_n, sessions, ended) FROM int_grid;

-- Every bad input, as integer columns (classify_integer runs) and as
-- numeric columns (classify runs): the same SQLSTATE, message, detail and
-- hint. Several bad arguments at once report the same one.
CREATE TEMP TABLE bad_int (id serial, pf integer, pl integer, m text, af integer, al integer,
                           sessions integer, ended boolean);
INSERT INTO bad_int (pf, pl, m, af, al, sessions, ended)
SELECT v.pf, v.pl, v.m, v.af, v.al, v.sessions, true FROM (VALUES
    (-1, 7, 'gad7', 12, 5, 2), (18, 28, 'gad7', 12, 5, 2), (2147483647, 7, 'gad7', 12, 5, 2),
    (-2147483648, 7, 'gad7', 12, 5, 2), (18, 7, 'gad7', 12, 5, -1), (18, 7, 'gad7', 12, 5, -2147483648),
    (18, 7, 'beck', 12, 5, 2), (18, 7, '', 12, 5, 2), (18, 7, 'phq9', 12, 5, 2),
    (28, 7, 'beck', 12, 5, -1), (28, 7, 'beck', 99, 5, 2), (18, 7, 'beck', 99, 5, 2),
    (18, 7, 'gad7', 22, 99, 2), (18, 7, 'gad7', 2147483647, 5, 2)) v(pf, pl, m, af, al, sessions)
UNION ALL
-- each measure: one below its range and one above, as first and as last
SELECT 9, 9, ms.code, bad, 1, 2, true
FROM iapt_ews.measures ms, LATERAL (VALUES (ceil(ms.min_score)::int - 1), (floor(ms.max_score)::int + 1)) b(bad)
WHERE ms.code <> 'phq9'
UNION ALL
SELECT 9, 9, ms.code, ceil(ms.min_score)::int, bad, 2, true
FROM iapt_ews.measures ms, LATERAL (VALUES (ceil(ms.min_score)::int - 1), (floor(ms.max_score)::int + 1)) b(bad)
WHERE ms.code <> 'phq9';
CREATE TEMP TABLE bad_numeric AS
SELECT id, pf::numeric AS pf, pl::numeric AS pl, m, af::numeric AS af, al::numeric AS al, sessions, ended FROM bad_int;
CREATE FUNCTION pg_temp.classify_error(tab text, id integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text; message text; detail text; hint text;
BEGIN
    EXECUTE format('SELECT classify(pf, pl, m, af, al, sessions, ended)::text FROM %I WHERE id = %s', tab, id);
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT;
    RETURN concat_ws(' | ', state, message, nullif(detail, ''), nullif(hint, ''));
END $$;
SELECT id, m, pf, pl, af, al, sessions, pg_temp.classify_error('bad_numeric', id) AS numeric_error,
       pg_temp.classify_error('bad_int', id) = pg_temp.classify_error('bad_numeric', id) AS integer_same
FROM bad_int ORDER BY id;
