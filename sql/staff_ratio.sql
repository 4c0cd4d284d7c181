-- staff_ratio and ea_ratio: text forms, ratio equality and order, hashing
-- consistent with equality, team sums, targets, aggregates (NULLs, roles,
-- parallel plans), and bad input.
SET search_path = iapt_ews, public;

SELECT r::staff_ratio AS ratio, r::staff_ratio::text::staff_ratio::text = r::staff_ratio::text AS round_trips
FROM (VALUES ('1:8'), ('2.5:20'), ('1.8:14.4'), (' 1 : 54 '), ('0:0'), ('0:12'), ('3.50:0'),
             ('0.01:0.08'), ('+1:8'), ('-0:4'), ('1.500:12.000'), ('10000000000000:1')) v(r);

-- Equality and order compare therapists per EA, by cross-multiplication.
SELECT a, b, a::staff_ratio = b::staff_ratio AS equal, a::staff_ratio < b::staff_ratio AS better,
       staff_ratio_cmp(a::staff_ratio, b::staff_ratio) AS cmp
FROM (VALUES ('1:8', '2.5:20'), ('1:7.5', '1:8'), ('1:54', '1:8'), ('1.8:14.4', '1:8'),
             ('1:8', '1:8.01'), ('0:8', '1:54'), ('0:8', '0:80'), ('0:0', '0:8'), ('0:0', '0:0'),
             ('2:0', '1:0'), ('2:0', '1:8'), ('3:24', '0.5:4'), ('1:3', '0.33:1')) v(a, b);

-- Sorting a mixed list: best staffed first, no EA after, no staff last.
SELECT string_agg(r::text, ' < ' ORDER BY r::staff_ratio, r) AS sorted
FROM (VALUES ('1:54'), ('0:10'), ('1:8'), ('2:10'), ('0:0'), ('1:7.5'), ('5:0'), ('2.5:20')) v(r);

-- Equal ratios hash alike (hash and btree agree): GROUP BY and DISTINCT by
-- either method give 3 ratios for these 7 values.
CREATE TEMP TABLE ratios AS
SELECT r::staff_ratio AS r FROM (VALUES ('1:8'), ('2.5:20'), ('0.5:4'), ('0:3'), ('0:99'), ('1:7.5'), ('2:15')) v(r);
SET enable_hashagg = on; SET enable_sort = off;
SELECT count(*) AS groups_by_hash FROM (SELECT r FROM ratios GROUP BY r) g;
SET enable_hashagg = off; SET enable_sort = on;
SELECT count(*) AS groups_by_sort FROM (SELECT r FROM ratios GROUP BY r) g;
RESET enable_hashagg; RESET enable_sort;
SELECT staff_ratio_hash('1:8') = staff_ratio_hash('2.5:20') AS equal_hashes,
       staff_ratio_hash_extended('1:8', 7) = staff_ratio_hash_extended('0.5:4', 7) AS equal_seeded_hashes,
       staff_ratio_hash('0:3') = staff_ratio_hash('0:99') AS no_ea_hashes;

-- '+' adds the staffing of two teams.
SELECT '1:8'::staff_ratio + '0.8:6.4' AS two_teams, '0:0'::staff_ratio + '1.25:0' AS from_nothing;

-- Accessors and targets (ea_needed rounds up to 0.01 WTE so the target is met).
SELECT r, ea_wte(r::staff_ratio), therapist_wte(r::staff_ratio), therapists_per_ea(r::staff_ratio),
       meets_target(r::staff_ratio), ea_needed(r::staff_ratio)
FROM (VALUES ('1:54'), ('1:8'), ('1.8:14.4'), ('1:8.01'), ('2:15'), ('0:10'), ('0:0'), ('3:0'),
             ('1:3'), ('0.33:1'), ('1:8.03'), ('2.67:22')) v(r);
SELECT ea_needed('1:54', '1:10') AS to_1_10, meets_target('1:9', '1:10') AS meets_1_10,
       ea_needed('0.01:1000', '1:8') AS large_gap;
SELECT name, ratio, ratio = '1:8' AS is_1_8 FROM workforce_targets ORDER BY ratio;

-- ea_ratio over WTE pairs: each side skips its NULLs (as sum() does).
SELECT ea_ratio(ea, t) FROM (VALUES (1.0, 8.0), (0.5, NULL), (NULL, 4.0), (NULL, NULL)) v(ea, t);
SELECT ea_ratio(ea, t) IS NULL AS all_null FROM (VALUES (NULL::numeric, NULL::numeric)) v(ea, t);
SELECT ea_ratio(ea, t) IS NULL AS no_rows FROM (SELECT 1.0, 1.0 WHERE false) v(ea, t);
-- ea_ratio over roles: EAs against HIT + PWP + counsellors; others not counted.
SELECT ea_ratio(role, wte) AS staffing, therapists_per_ea(ea_ratio(role, wte)), ea_needed(ea_ratio(role, wte))
FROM (VALUES ('Employment Adviser', 1.0), ('EA', 0.8), ('employment advisor', 0.2),
             ('High Intensity Therapist', 6.5), ('HIT', 1.5), ('PWP', 8.0),
             ('psychological wellbeing practitioner', 2.0), (' counsellor ', 1.6),
             ('admin', 4.0), ('manager', 1.0), ('Trainee PWP', 2.0), ('other', 3.0),
             (NULL, 9.0), ('hit', NULL)) v(role, wte);
SELECT counts_as, count(*) FROM workforce_roles GROUP BY counts_as ORDER BY counts_as;

-- Parallel plans: partial staff ratios combined with '+' give the serial answer.
CREATE TABLE staff_big AS
SELECT i % 12 AS service, (ARRAY['ea', 'hit', 'pwp', 'counsellor', 'admin'])[1 + i % 5] AS role,
       ((i * 37) % 150) / 100.0 AS wte
FROM generate_series(1, 200000) i;
ANALYZE staff_big;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT service, ea_ratio(role, wte) FROM staff_big GROUP BY service;
CREATE TEMP TABLE par AS SELECT service, ea_ratio(role, wte)::text r, ea_ratio(CASE WHEN role = 'ea' THEN wte END, CASE WHEN role IN ('hit', 'pwp', 'counsellor') THEN wte END)::text p FROM staff_big GROUP BY service;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS SELECT service, ea_ratio(role, wte)::text r FROM staff_big GROUP BY service;
CREATE TEMP TABLE plain AS
SELECT service, sum(wte) FILTER (WHERE role = 'ea') AS ea, sum(wte) FILTER (WHERE role IN ('hit', 'pwp', 'counsellor')) AS t
FROM staff_big GROUP BY service;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS services,
       count(*) FILTER (WHERE par.r = ser.r AND par.p = ser.r) AS parallel_equals_serial,
       count(*) FILTER (WHERE ea_wte(ser.r::staff_ratio) = plain.ea AND therapist_wte(ser.r::staff_ratio) = plain.t) AS equals_sum_sum
FROM par JOIN ser USING (service) JOIN plain USING (service);
DROP TABLE staff_big;

-- Binary send/recv: COPY BINARY out and in, and hostile bytes refused.
CREATE TEMP TABLE rcopy (r staff_ratio);
DO $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_ratio.bin';
BEGIN
    EXECUTE format('COPY (SELECT r FROM ratios) TO %L (FORMAT binary)', path);
    EXECUTE format('COPY rcopy FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS copied, count(*) FILTER (WHERE r::text IN (SELECT r::text FROM ratios)) AS identical FROM rcopy;
\set SHOW_CONTEXT never
CREATE FUNCTION pg_temp.recv_ratio(wire bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_ratio.bad';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', wire, path);
    TRUNCATE rcopy;
    EXECUTE format('COPY rcopy FROM %L (FORMAT binary)', path);
    RETURN (SELECT r::text FROM rcopy);
END $$;
SELECT pg_temp.recv_ratio(decode('00000000000000640000000000000320', 'hex'));   -- 1:8
SELECT pg_temp.recv_ratio(decode('ffffffffffffff9c0000000000000320', 'hex'));   -- -1:8
SELECT pg_temp.recv_ratio(decode('7fffffffffffffff0000000000000320', 'hex'));   -- huge
SELECT pg_temp.recv_ratio(decode('000000000000006400000000000003', 'hex'));     -- 15 bytes

-- Bad input.
SELECT '1:'::staff_ratio;
SELECT ':8'::staff_ratio;
SELECT 'one to eight'::staff_ratio;
SELECT ''::staff_ratio;
SELECT '1/8'::staff_ratio;
SELECT '1:8:2'::staff_ratio;
SELECT '1:8x'::staff_ratio;
SELECT '-1:8'::staff_ratio;
SELECT '1:-8'::staff_ratio;
SELECT '1.005:8'::staff_ratio;
SELECT '100000000000000:8'::staff_ratio;
-- found by the libFuzzer harness: the whole part within range but the
-- hundredths past 10^13, which recv refused (binary COPY could not restore it)
SELECT '10000000000000.1:5'::staff_ratio;
SELECT '1:10000000000000.01'::staff_ratio;
SELECT '10000000000000.00:10000000000000'::staff_ratio AS largest;
SELECT ea_needed('1:54', '0:8');
SELECT meets_target('1:54', '1:0');
SELECT ea_ratio(ea, t) FROM (VALUES (-1.0, 8.0)) v(ea, t);
SELECT ea_ratio(ea, t) FROM (VALUES (1.0, 'NaN'::numeric)) v(ea, t);
SELECT ea_ratio(ea, t) FROM (VALUES (1.001, 8)) v(ea, t);
SELECT ea_ratio(role, wte) FROM (VALUES ('psychiatrist', 1.0)) v(role, wte);
SELECT ea_ratio(role, wte) FROM (VALUES ('pwp', -0.5)) v(role, wte);
SELECT '10000000000000:1'::staff_ratio + '0.01:0';
