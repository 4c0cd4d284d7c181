-- Aggregates with an `internal` state hand it from the parallel workers to
-- the leader as bytes. Their deserialize functions must refuse malformed
-- bytes as invalid binary data (22P03, like a bad COPY BINARY value), never
-- as an internal error (XX000). Only a parallel aggregate calls them, so each
-- is given a malformed state by an aggregate put together from the partial
-- half of another (its transition and serialize functions) and the final
-- half of the one under test (deserialize, combine, final). The other
-- aggregate's state has the wrong length for this one: compare_rates writes
-- 32 bytes, outcome counts 80; an inequality state of 80 bytes counts 1 row
-- (one referral) but holds 72 bytes of 24-byte rows; a projected_wait state
-- of 32 bytes has 7 bytes after its 25-byte header, not 16-byte sessions;
-- an ols_fit state of 80 bytes reads as 0 regressors, which take 188 bytes.
-- One row, so one partial state; the EXPLAIN shows the plan is parallel.
CREATE TABLE public.one_referral AS
SELECT true AS success, true AS in_group, 'finished, phq9 18->7, gad7 12->5'::iapt_ews.outcome AS o;
CREATE TEMP TABLE partial_halves (name text PRIMARY KEY, args text, call text, sfunc text, serialfunc text);
INSERT INTO partial_halves VALUES
 ('compare_rates', 'boolean, boolean', 'success, in_group', 'compare_rates_transition', 'compare_rates_serialize'),
 ('outcome_counts', 'iapt_ews.outcome', 'o', 'outcome_counts_transition', 'outcome_counts_serialize');
CREATE TEMP TABLE final_halves (name text PRIMARY KEY, deserialfunc text, combinefunc text, finalfunc text,
                                partial_half text REFERENCES partial_halves);
INSERT INTO final_halves VALUES
 ('outcome_counts', 'outcome_counts_deserialize', 'outcome_counts_combine', 'recovery_rate_final', 'compare_rates'),
 ('compare_rates', 'compare_rates_deserialize', 'compare_rates_combine', 'compare_rates_final', 'outcome_counts'),
 ('inequality', 'inequality_deserialize', 'inequality_combine', 'sii_final', 'outcome_counts'),
 ('projected_wait', 'projected_wait_deserialize', 'projected_wait_combine', 'projected_wait_final', 'compare_rates'),
 ('ols', 'ols_deserialize', 'ols_combine', 'ols_final', 'outcome_counts');

CREATE FUNCTION pg_temp.malformed_state(f final_halves, p partial_halves,
                                        OUT parallel_plan boolean, OUT error text)
LANGUAGE plpgsql AS $$
DECLARE
    query text := format('SELECT public.malformed_state(%s) FROM public.one_referral', p.call);
    plan text;
    state text; message text; detail text;
BEGIN
    EXECUTE format('CREATE AGGREGATE public.malformed_state(%s) (
                        SFUNC = iapt_ews.%I, STYPE = internal, SERIALFUNC = iapt_ews.%I,
                        DESERIALFUNC = iapt_ews.%I, COMBINEFUNC = iapt_ews.%I, FINALFUNC = iapt_ews.%I,
                        PARALLEL = SAFE)',
                   p.args, p.sfunc, p.serialfunc, f.deserialfunc, f.combinefunc, f.finalfunc);
    parallel_plan := false;
    FOR plan IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        parallel_plan := parallel_plan OR plan LIKE '%Partial Aggregate%';
    END LOOP;
    BEGIN
        EXECUTE query;
        error := 'no error';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
        error := concat_ws(' | ', state, message, nullif(detail, ''));
    END;
    EXECUTE format('DROP AGGREGATE public.malformed_state(%s)', p.args);
END $$;

SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SELECT f.deserialfunc, p.name AS state_of, m.parallel_plan, m.error
FROM final_halves f JOIN partial_halves p ON p.name = f.partial_half,
     LATERAL pg_temp.malformed_state(f, p) m
ORDER BY f.deserialfunc;
RESET parallel_setup_cost; RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size; RESET max_parallel_workers_per_gather;
DROP TABLE public.one_referral;
