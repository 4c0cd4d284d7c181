-- Benchmark helpers: bench.compare() times the extension's query and the
-- plain-SQL query (best of N runs each, after one warm-up), checks that they
-- return the same rows, and returns the ratio. Optionally it also times a
-- limit query: the cheapest query over the same rows and groups (a bare scan
-- with the same aggregates, say), which neither way can beat by much; its
-- answer need not be the same. Each run consumes whole rows
-- (count(q.*)): with count(*) the planner would drop unused output columns,
-- aggregates included, and time nothing.
SET client_min_messages = warning;
CREATE SCHEMA bench;

-- One timed run, in milliseconds.
CREATE FUNCTION bench.run_ms(query text)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE format('SELECT count(q.*) FROM (%s) q', query);
    RETURN extract(epoch FROM clock_timestamp() - started) * 1000;
END $$;

-- Best of `runs` runs of each query, after one warm-up of each. The runs
-- take turns (one of each, then again), so that a busy spell on a shared
-- machine slows all of them rather than one.
CREATE FUNCTION bench.best_ms(queries text[], runs integer)
RETURNS float8[] LANGUAGE plpgsql AS $$
DECLARE
    best float8[] := array_fill('Infinity'::float8, ARRAY[cardinality(queries)]);
BEGIN
    FOR q IN 1 .. cardinality(queries) LOOP
        PERFORM bench.run_ms(queries[q]);
    END LOOP;
    FOR i IN 1 .. runs LOOP
        FOR q IN 1 .. cardinality(queries) LOOP
            best[q] := least(best[q], bench.run_ms(queries[q]));
        END LOOP;
    END LOOP;
    RETURN best;
END $$;

-- Rows of a that are not in b, and of b not in a (as text, so float noise
-- beyond 12 significant digits is compared by the queries' own rounding).
CREATE FUNCTION bench.same_rows(a text, b text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    differing bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM (((%1$s) EXCEPT ALL (%2$s)) UNION ALL ((%2$s) EXCEPT ALL (%1$s))) d',
                   a, b) INTO differing;
    RETURN differing = 0;
END $$;

-- goal: the limit the comparison is judged against (printed by
-- bench/99-summary.sql beside the ratio), e.g. 'ratio >= 2'.
CREATE TABLE bench.results (
    capability text, extension_ms float8, plain_sql_ms float8, speedup float8,
    same_answer boolean, workers integer, limit_ms float8, goal text, ordinal bigserial);

-- extension_check / plain_check: the same queries with their floats rounded
-- for the equality check, when the timed queries return raw floats (so that
-- the rounding, the same on both sides, is not what is timed).
CREATE FUNCTION bench.compare(capability text, extension_query text, plain_query text,
                              runs integer DEFAULT 3, extension_check text DEFAULT NULL,
                              plain_check text DEFAULT NULL, limit_query text DEFAULT NULL,
                              goal text DEFAULT NULL)
RETURNS SETOF bench.results LANGUAGE plpgsql AS $$
DECLARE
    r bench.results;
    best float8[];
BEGIN
    best := bench.best_ms(ARRAY[extension_query, plain_query]
                          || CASE WHEN limit_query IS NULL THEN '{}' ELSE ARRAY[limit_query] END, runs);
    r.capability := capability;
    r.extension_ms := round(best[1]::numeric, 1);
    r.plain_sql_ms := round(best[2]::numeric, 1);
    r.limit_ms := round(best[3]::numeric, 1);
    r.speedup := round((r.plain_sql_ms / greatest(r.extension_ms, 0.001))::numeric, 2);
    r.same_answer := bench.same_rows(coalesce(extension_check, extension_query),
                                     coalesce(plain_check, plain_query));
    r.workers := current_setting('max_parallel_workers_per_gather')::integer;
    r.goal := goal;
    INSERT INTO bench.results (capability, extension_ms, plain_sql_ms, speedup, same_answer, workers, limit_ms, goal)
    VALUES (r.capability, r.extension_ms, r.plain_sql_ms, r.speedup, r.same_answer, r.workers, r.limit_ms, r.goal)
    RETURNING ordinal INTO r.ordinal;
    RETURN NEXT r;
END $$;
RESET client_min_messages;
