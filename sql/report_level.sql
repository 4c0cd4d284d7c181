-- report_level: every spelling the input takes and a list it refuses (the
-- error and hint locked), output, order, hashing (GROUP BY, DISTINCT, hash
-- joins and indexes), the casts to and from text, how a comparison with a
-- literal resolves with and without iapt_ews on the search_path, and the
-- binary form. The levels' ranks by hand: national 1, region 2, icb 3,
-- sub_icb 4, provider 5, service 6.
SET search_path = iapt_ews, public;

-- The type: 4 bytes, by value; its functions IMMUTABLE STRICT PARALLEL SAFE.
SELECT typlen, typbyval, typalign, typcategory FROM pg_type WHERE oid = 'report_level'::regtype;
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p
WHERE p.pronamespace = 'iapt_ews'::regnamespace AND p.proname LIKE 'report\_level\_%'
ORDER BY p.proname;

-- Accepted: each level's name and GroupType in any case, sub-ICB with '_',
-- '-', ' ' or nothing between its words, white space around trimmed.
-- Written by hand: the level each spelling must read as.
CREATE TEMP TABLE accepted (spelling text, level text);
INSERT INTO accepted VALUES
    ('national', 'national'), ('National', 'national'), ('NATIONAL', 'national'), ('nAtIoNaL', 'national'),
    ('region', 'region'), ('Region', 'region'), ('REGION', 'region'),
    ('icb', 'icb'), ('ICB', 'icb'), ('Icb', 'icb'), ('iCb', 'icb'),
    ('sub_icb', 'sub_icb'), ('SUB_ICB', 'sub_icb'), ('Sub_ICB', 'sub_icb'),
    ('Sub-ICB', 'sub_icb'), ('sub-icb', 'sub_icb'), ('SUB-ICB', 'sub_icb'),
    ('sub icb', 'sub_icb'), ('Sub ICB', 'sub_icb'),
    ('SubICB', 'sub_icb'), ('subicb', 'sub_icb'), ('SUBICB', 'sub_icb'),
    ('provider', 'provider'), ('Provider', 'provider'), ('PROVIDER', 'provider'),
    ('service', 'service'), ('Service', 'service'), ('SERVICE', 'service'),
    ('  icb', 'icb'), ('icb  ', 'icb'), ('   Sub-ICB   ', 'sub_icb'), (E'\tprovider\n', 'provider'),
    (E'\r\n service \f\x0b', 'service'), (' national', 'national');
SELECT to_json(a.spelling) AS spelling, a.spelling::report_level AS read_as, a.spelling::report_level::text = a.level AS as_worked,
       a.spelling::report_level::text::report_level = a.spelling::report_level AS round_trips
FROM accepted a;

-- Refused, each with 22P02, the value as written, and the levels in the
-- hint: plurals and typos, other publications' names for a level or an
-- organisation ('England' is the national row's organisation, 'CCG' the
-- sub-ICB's old type), abbreviations, doubled or mixed separators, white
-- space inside a word, letters that only look like ASCII (the Turkish
-- dotless i and dotted capital I, the Cyrillic i), empty and blank text,
-- punctuation, numbers, and a long value.
CREATE TEMP TABLE refused (spelling text);
INSERT INTO refused VALUES
    ('ICBs'), ('icbs'), ('regions'), ('Providers'), ('services'), ('nationally'),
    ('England'), ('ENGLAND'), ('Commissioning Region'), ('CCG'), ('STP'), ('Sub-ICB location'),
    ('SICBL'), ('Trust'), ('site'), ('organisation'), ('all'),
    ('nat'), ('reg'), ('prov'), ('svc'), ('sub'), ('i'),
    ('sub__icb'), ('sub  icb'), ('sub-_icb'), ('sub.icb'), ('sub/icb'), ('sub_ icb'), ('sub-icb-'),
    ('_icb'), ('icb_'), ('i cb'), ('pro vider'), (E'sub\ticb'),
    ('ıcb'), ('İCB'), ('servıce'), ('іcb'),
    (''), ('   '), (E'\t'), ('icb.'), ('"icb"'), ('''icb'''), ('icb;'), ('national1'), ('1'), ('0'),
    (repeat('national', 20));
CREATE FUNCTION pg_temp.level_error(spelling text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text; message text; detail text; hint text;
BEGIN
    PERFORM spelling::iapt_ews.report_level;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT;
    RETURN concat_ws(' | ', state, message, nullif(detail, ''));
END $$;
CREATE FUNCTION pg_temp.level_hint(spelling text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE hint text;
BEGIN
    PERFORM spelling::iapt_ews.report_level;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RETURN hint;
END $$;
SELECT left(to_json(r.spelling)::text, 30) AS spelling, pg_temp.level_error(r.spelling) AS error FROM refused r;
-- Every refusal gives the same hint, and it names all six levels.
SELECT count(*) AS refused, count(DISTINCT pg_temp.level_hint(r.spelling)) AS hints,
       min(pg_temp.level_hint(r.spelling)) AS hint
FROM refused r;
-- The whole error as psql shows it.
SELECT 'ICBs'::report_level;
SELECT 'England'::report_level;
SELECT ''::report_level;
-- NULL stays NULL (STRICT).
SELECT NULL::text::report_level IS NULL AS null_in, report_level_send(NULL) IS NULL AS null_send;

-- Order: national < region < icb < sub_icb < provider < service, whatever
-- order the values come in; against text's order, which would put icb
-- first and sub_icb last.
SELECT string_agg(l::text, ' < ' ORDER BY l::report_level) AS by_level,
       string_agg(l::text, ' < ' ORDER BY l::text) AS by_text
FROM unnest(ARRAY['service', 'icb', 'national', 'sub_icb', 'provider', 'region']) l;
SELECT string_agg(l::text, ' > ' ORDER BY l::report_level DESC) AS descending
FROM unnest(ARRAY['Provider', 'ICB', 'Sub-ICB', 'National', 'Service', 'Region']) l;
-- Every operator on every pair (36 pairs) agrees with the ranks by hand,
-- and report_level_cmp with their sign.
CREATE TEMP TABLE ranked (level report_level, rank integer);
INSERT INTO ranked VALUES ('national', 1), ('region', 2), ('icb', 3), ('sub_icb', 4), ('provider', 5), ('service', 6);
SELECT count(*) AS pairs,
       bool_and((a.level < b.level) = (a.rank < b.rank)) AS lt, bool_and((a.level <= b.level) = (a.rank <= b.rank)) AS le,
       bool_and((a.level = b.level) = (a.rank = b.rank)) AS eq, bool_and((a.level <> b.level) = (a.rank <> b.rank)) AS ne,
       bool_and((a.level >= b.level) = (a.rank >= b.rank)) AS ge, bool_and((a.level > b.level) = (a.rank > b.rank)) AS gt,
       bool_and(report_level_cmp(a.level, b.level) = sign(a.rank - b.rank)) AS cmp
FROM ranked a CROSS JOIN ranked b;
-- A few by hand, with literals in other spellings.
SELECT 'National'::report_level < 'region' AS national_before_region,
       'ICB'::report_level < 'Sub-ICB' AS icb_before_sub_icb,
       'sub icb'::report_level < 'Provider' AS sub_icb_before_provider,
       'SERVICE'::report_level > 'provider' AS service_after_provider,
       'SubICB'::report_level = 'sub_icb' AS same_level,
       'icb'::report_level <> 'sub_icb' AS different_levels,
       'Region'::report_level <= 'region' AS le_itself, 'region'::report_level >= 'REGION' AS ge_itself;
SELECT greatest('icb'::report_level, 'service', 'national') AS narrowest,
       least('icb'::report_level, 'service', 'region') AS widest;
-- A range of levels through a btree index; one level through a hash index.
CREATE TEMP TABLE many AS
SELECT (ARRAY['national', 'region', 'icb', 'sub_icb', 'provider', 'service'])[1 + i % 6]::report_level AS level, i
FROM generate_series(1, 6000) i;
CREATE INDEX many_btree ON many USING btree (level);
CREATE INDEX many_hash ON many USING hash (level);
ANALYZE many;
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT level FROM many WHERE level BETWEEN 'ICB' AND 'Provider';
SELECT level, count(*) FROM many WHERE level BETWEEN 'ICB' AND 'Provider' GROUP BY level ORDER BY level;
SET enable_bitmapscan = on;
DROP INDEX many_btree;
EXPLAIN (COSTS OFF) SELECT count(*) FROM many WHERE level = 'Sub-ICB';
SELECT count(*) AS sub_icb_rows FROM many WHERE level = 'Sub-ICB';
RESET enable_seqscan; RESET enable_bitmapscan;

-- Hashing: equal levels hash alike whatever their spelling, and the
-- seeded hash with seed 0 keeps the plain hash in its low 32 bits.
SELECT bool_and(report_level_hash(a.spelling::report_level) = report_level_hash(a.level::report_level)) AS spellings_hash_alike,
       count(DISTINCT report_level_hash(a.spelling::report_level)) AS distinct_hashes,
       bool_and(report_level_hash_extended(a.spelling::report_level, 0) & 4294967295
                = report_level_hash(a.spelling::report_level)::bigint & 4294967295) AS extended_seed_0,
       bool_and(report_level_hash_extended(a.spelling::report_level, 7)
                = report_level_hash_extended(a.level::report_level, 7)) AS seeded_alike
FROM accepted a;
-- GROUP BY and DISTINCT by hashing and by sorting give the six levels, 1000
-- rows each (6000 rows, i % 6 cycling through them).
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT level, count(*) FROM many GROUP BY level;
SELECT level, count(*) FROM many GROUP BY level ORDER BY level;
EXPLAIN (COSTS OFF) SELECT DISTINCT level FROM many;
SELECT count(*) AS distinct_by_hash FROM (SELECT DISTINCT level FROM many) d;
RESET enable_sort;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT level, count(*) FROM many GROUP BY level;
SELECT count(*) AS groups_by_sort FROM (SELECT level FROM many GROUP BY level) g;
RESET enable_hashagg;
-- Spellings grouped: the 34 accepted spellings are 6 levels, counted by
-- hand from the list above: national 5, region 3, icb 6, sub_icb 12,
-- provider 4, service 4.
SELECT a.spelling::report_level AS level, count(*) AS spellings FROM accepted a GROUP BY 1 ORDER BY 1;
-- A hash join and a merge join on a level.
SET enable_mergejoin = off; SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM many m JOIN ranked r ON r.level = m.level;
SELECT r.rank, count(*) FROM many m JOIN ranked r ON r.level = m.level GROUP BY r.rank ORDER BY r.rank;
SET enable_mergejoin = on; SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM many m JOIN ranked r ON r.level = m.level;
SELECT count(*) AS merge_joined FROM many m JOIN ranked r ON r.level = m.level;
RESET enable_mergejoin; RESET enable_nestloop; RESET enable_hashjoin;

-- Casts: to text implicitly, from text on assignment.
SELECT c.castsource::regtype AS source, c.casttarget::regtype AS target, c.castcontext, c.castmethod
FROM pg_cast c WHERE 'report_level'::regtype IN (c.castsource, c.casttarget) ORDER BY c.castsource::regtype::text;
-- Text's functions and operators take a level through the implicit cast.
SELECT level, upper(level) AS upper, length(level) AS length, level LIKE 'sub%' AS like_sub,
       level || '!' AS concatenated, pg_typeof(level || '!') AS concatenated_type
FROM ranked ORDER BY level;
-- A text column compares as text: 'icb' matches, 'ICB' does not (a text
-- operand is not read through the type's input).
CREATE TEMP TABLE names (name text);
INSERT INTO names VALUES ('icb'), ('ICB'), ('Sub-ICB');
SELECT n.name, r.level FROM names n JOIN ranked r ON r.level = n.name ORDER BY n.name;
SELECT n.name, n.name::report_level AS as_level FROM names n ORDER BY n.name;
-- Assignment from text: INSERT and UPDATE read it through the input.
CREATE TEMP TABLE assigned (level report_level);
INSERT INTO assigned SELECT n.name FROM names n;
UPDATE assigned SET level = 'Service'::text WHERE level = 'icb';
SELECT level, count(*) FROM assigned GROUP BY level ORDER BY level;
INSERT INTO assigned SELECT 'ICBs'::text;
-- Not implicit from text: a text value is not a level unless assigned or cast.
SELECT report_level_cmp('icb'::text, 'sub_icb');
-- Into a text column, the lower-case name.
CREATE TEMP TABLE as_text (name text);
INSERT INTO as_text SELECT level FROM ranked;
SELECT string_agg(name, ',' ORDER BY name) AS stored_text FROM as_text;
SELECT level::varchar(3) AS truncated FROM ranked WHERE rank = 4;

-- Literals: where iapt_ews is on the search_path, level = 'ICB' and
-- level IN (...) resolve to report_level's operators, so the literal goes
-- through the input: any case matches, and a name that is no level is an
-- error, not an empty result.
EXPLAIN (COSTS OFF) SELECT * FROM ranked WHERE level = 'ICB';
SELECT * FROM ranked WHERE level = 'ICB';
SELECT * FROM ranked WHERE 'Sub-ICB' = level;
SELECT * FROM ranked WHERE level IN ('National', 'sub icb', 'SERVICE') ORDER BY level;
SELECT * FROM ranked WHERE level > 'Sub-ICB' ORDER BY level;
SELECT CASE level WHEN 'ICB' THEN 'the ICB row' END AS simple_case FROM ranked WHERE rank = 3;
SELECT * FROM ranked WHERE level = 'ICBs';
SELECT * FROM ranked WHERE level IN ('icb', 'CCG');
-- Without iapt_ews on the path its operators are not found, and a
-- comparison falls back to text's, on the lower-case names: 'icb' matches,
-- 'ICB' finds nothing and 'ICBs' is not refused, as with every operator of
-- the extension's types (README: put iapt_ews on the search_path).
SET search_path = public;
SELECT r.rank FROM ranked r WHERE r.level = 'icb';
SELECT count(*) AS icb_upper_case FROM ranked r WHERE r.level = 'ICB';
SELECT count(*) AS icbs FROM ranked r WHERE r.level = 'ICBs';
-- An IN list still reads its literals as levels (the common type of the
-- list is report_level), then compares the names as text.
SELECT r.rank FROM ranked r WHERE r.level IN ('ICB', 'Sub-ICB') ORDER BY 1;
SELECT r.rank FROM ranked r WHERE r.level IN ('ICB', 'ICBs');
-- Sorting, grouping and joins need no operator by name: the type's own.
SELECT string_agg(r.level::text, ',' ORDER BY r.level) AS sorted FROM ranked r;
SELECT 'ICB'::iapt_ews.report_level OPERATOR(iapt_ews.=) 'icb' AS qualified_operator;
SET search_path = iapt_ews, public;

-- Binary send and recv: the name as text. COPY BINARY out and back in,
-- then bytes a client could send (through a bytea in the same layout).
SELECT level, report_level_send(level) AS wire FROM ranked ORDER BY level;
CREATE TEMP TABLE copied (level report_level);
DO $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_level.bin';
BEGIN
    EXECUTE format('COPY (SELECT level FROM ranked) TO %L (FORMAT binary)', path);
    EXECUTE format('COPY copied FROM %L (FORMAT binary)', path);
END $$;
SELECT string_agg(level::text, ',' ORDER BY level) AS copied FROM copied;
\set SHOW_CONTEXT never
CREATE FUNCTION pg_temp.recv_level(wire bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE path text := current_setting('data_directory') || '/iapt_ews_level.bad';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', wire, path);
    TRUNCATE copied;
    EXECUTE format('COPY copied FROM %L (FORMAT binary)', path);
    RETURN (SELECT level::text FROM copied);
END $$;
SELECT pg_temp.recv_level('\x5375622d494342');     -- 'Sub-ICB'
SELECT pg_temp.recv_level('\x20494342');           -- ' ICB'
SELECT pg_temp.recv_level('\x49434273');           -- 'ICBs'
SELECT pg_temp.recv_level('\x');                   -- no bytes
-- A code rather than a name, and a name with a NUL: no text (22021).
SELECT pg_temp.recv_level('\x00000002');
SELECT pg_temp.recv_level('\x69636200');
