-- One table for the whole run: every bench.compare() of bench/NN-*.sql in
-- the order run. reference = the plain SQL (or NHS England's script) on
-- the same data; ratio = reference / extension (above 1: the extension is
-- faster); floor ms = the time of the bare scan the work cannot beat
-- (where the bench measures one); goal = what the comparison is judged by.
-- Times are best of N runs on whatever else the machine is doing: a
-- shared machine's figures vary from run to run.
\echo
\echo == summary (best of N runs; wall-clock time on a machine that may be shared)
SELECT capability AS work, plain_sql_ms AS "reference ms", extension_ms AS "extension ms",
       speedup AS ratio, limit_ms AS "floor ms", coalesce(goal, '') AS goal,
       CASE same_answer WHEN true THEN 'same' WHEN false THEN 'DIFFERENT' ELSE '' END AS answer, workers
FROM bench.results ORDER BY ordinal;
