-- Coordinator side of test/shell/shards.sh (not a pgTAP file: it lives outside test/tap/). Prints "ok - ..." / "not ok - ...".
\pset tuples_only on
\pset format unaligned
SET client_min_messages = warning;
CREATE EXTENSION iapt_ews CASCADE;
CREATE EXTENSION postgres_fdw;

CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'sock', port :'port1', dbname 'postgres', extensions 'iapt_ews');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'sock', port :'port2', dbname 'postgres', extensions 'iapt_ews');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user 'postgres');

-- One referral table, partitioned by provider; each provider's partition is
-- a table on one shard (RAT and RRP on shard1, RWK and TAH on shard2).
CREATE TABLE referral (provider text NOT NULL, pathway_id bigint NOT NULL,
    phq9_first numeric, phq9_last numeric, anxiety_measure text,
    anxiety_first numeric, anxiety_last numeric, treatment_sessions integer, ended boolean)
    PARTITION BY LIST (provider);
CREATE FOREIGN TABLE referral_rat PARTITION OF referral FOR VALUES IN ('RAT')
    SERVER shard1 OPTIONS (table_name 'referral_rat');
CREATE FOREIGN TABLE referral_rrp PARTITION OF referral FOR VALUES IN ('RRP')
    SERVER shard1 OPTIONS (table_name 'referral_rrp');
CREATE FOREIGN TABLE referral_rwk PARTITION OF referral FOR VALUES IN ('RWK')
    SERVER shard2 OPTIONS (table_name 'referral_rwk');
CREATE FOREIGN TABLE referral_tah PARTITION OF referral FOR VALUES IN ('TAH')
    SERVER shard2 OPTIONS (table_name 'referral_tah');

-- The same rows on this server alone, for comparison.
CREATE TABLE referral_local AS
SELECT (ARRAY['RAT', 'RRP', 'RWK', 'TAH'])[1 + i % 4] AS provider, i::bigint AS pathway_id,
       CASE WHEN i % 17 = 0 THEN NULL ELSE ((i * 7) % 28)::numeric END AS phq9_first,
       ((i * 11) % 28)::numeric AS phq9_last,
       CASE WHEN i % 10 = 0 THEN 'mi_alone' WHEN i % 10 = 1 THEN 'pdss' ELSE 'gad7' END AS anxiety_measure,
       CASE WHEN i % 10 = 0 THEN 1 + (i % 401) / 100.0 WHEN i % 10 = 1 THEN (i * 3) % 29 ELSE (i * 3) % 22 END AS anxiety_first,
       CASE WHEN i % 13 = 0 THEN NULL WHEN i % 10 = 0 THEN 1 + ((i * 7) % 401) / 100.0
            WHEN i % 10 = 1 THEN (i * 5) % 29 ELSE (i * 5) % 22 END AS anxiety_last,
       i % 9 AS treatment_sessions, i % 19 <> 0 AS ended
FROM generate_series(1, 40000) i;
INSERT INTO referral SELECT * FROM referral_local;

-- Workforce, partitioned the same way.
CREATE TABLE workforce (provider text NOT NULL, service_id text, role text, wte numeric)
    PARTITION BY LIST (provider);
CREATE FOREIGN TABLE workforce_rat PARTITION OF workforce FOR VALUES IN ('RAT')
    SERVER shard1 OPTIONS (table_name 'workforce_rat');
CREATE FOREIGN TABLE workforce_rrp PARTITION OF workforce FOR VALUES IN ('RRP')
    SERVER shard1 OPTIONS (table_name 'workforce_rrp');
CREATE FOREIGN TABLE workforce_rwk PARTITION OF workforce FOR VALUES IN ('RWK')
    SERVER shard2 OPTIONS (table_name 'workforce_rwk');
CREATE FOREIGN TABLE workforce_tah PARTITION OF workforce FOR VALUES IN ('TAH')
    SERVER shard2 OPTIONS (table_name 'workforce_tah');
CREATE TABLE workforce_local AS
SELECT (ARRAY['RAT', 'RRP', 'RWK', 'TAH'])[1 + i % 4] AS provider, 'S' || (i % 9) AS service_id,
       (ARRAY['employment adviser', 'hit', 'pwp', 'counsellor', 'admin'])[1 + (i / 4) % 5] AS role,
       ((i * 37) % 100 + 1) / 100.0 AS wte
FROM generate_series(1, 4000) i;
INSERT INTO workforce SELECT * FROM workforce_local;

SELECT CASE WHEN (SELECT count(*) FROM referral) = 40000
            THEN 'ok - 40000 referrals on the shards' ELSE 'not ok - rows on the shards' END;

SET enable_partitionwise_aggregate = on;

-- The plan: every provider's aggregate is a Foreign Scan whose remote SQL
-- calls the extension's aggregates on the shard.
CREATE FUNCTION plan_text(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || query LOOP
        result := result || line || E'\n';
    END LOOP;
    RETURN result;
END $$;

CREATE TEMP TABLE queries (name text, query text);
INSERT INTO queries VALUES
 ('recovery_rate', $q$SELECT provider, iapt_ews.recovery_rate(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) AS v FROM referral GROUP BY provider$q$),
 ('four rates', $q$SELECT provider, iapt_ews.recovery_rate(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) AS r, iapt_ews.reliable_recovery_rate(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) AS rr, iapt_ews.reliable_improvement_rate(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) AS ri, iapt_ews.reliable_deterioration_rate(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) AS rd FROM referral GROUP BY provider$q$),
 ('ea_ratio', $q$SELECT provider, iapt_ews.ea_ratio(role, wte) AS v FROM workforce GROUP BY provider$q$),
 ('outcome_summary', $q$SELECT provider, iapt_ews.outcome_summary(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) AS v FROM referral GROUP BY provider$q$);

\echo
SELECT name || E':\n' || plan_text(query) FROM queries WHERE name = 'outcome_summary';
SELECT CASE WHEN p ~ 'Relations: Aggregate on' AND p !~ 'Partial' AND p !~ 'HashAggregate|GroupAggregate'
             AND (length(p) - length(replace(p, 'Foreign Scan', ''))) / length('Foreign Scan') = 4
             AND p ~ 'Remote SQL: SELECT provider, iapt_ews\.'
            THEN 'ok - ' || name || ' is computed on the shards (4 foreign aggregate scans)'
            ELSE 'not ok - ' || name || ' is not pushed down:' || E'\n' || p END
FROM (SELECT name, plan_text(query) p FROM queries) q;

-- The answers equal those of the same rows on one server.
SELECT CASE WHEN (SELECT count(*) FROM (
            (SELECT provider, v::text FROM (SELECT provider, iapt_ews.outcome_summary(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) v FROM referral GROUP BY provider) a
             EXCEPT ALL
             SELECT provider, v::text FROM (SELECT provider, iapt_ews.outcome_summary(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) v FROM referral_local GROUP BY provider) b)
            UNION ALL
            (SELECT provider, v::text FROM (SELECT provider, iapt_ews.outcome_summary(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) v FROM referral_local GROUP BY provider) b
             EXCEPT ALL
             SELECT provider, v::text FROM (SELECT provider, iapt_ews.outcome_summary(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended)) v FROM referral GROUP BY provider) a)) d) = 0
             AND (SELECT count(*) FROM referral_local) = 40000
            THEN 'ok - outcome_summary per provider equals the single-server answer'
            ELSE 'not ok - sharded and single-server outcome_summary differ' END;

SELECT CASE WHEN (SELECT array_agg(provider || ':' || round(r::numeric, 12) || ',' || round(rr::numeric, 12) || ',' || round(ri::numeric, 12) || ',' || round(rd::numeric, 12) ORDER BY provider)
                  FROM (SELECT provider, iapt_ews.recovery_rate(o) AS r, iapt_ews.reliable_recovery_rate(o) AS rr, iapt_ews.reliable_improvement_rate(o) AS ri, iapt_ews.reliable_deterioration_rate(o) AS rd
                        FROM referral, LATERAL iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended) o GROUP BY provider) s)
               = (SELECT array_agg(provider || ':' || round(r::numeric, 12) || ',' || round(rr::numeric, 12) || ',' || round(ri::numeric, 12) || ',' || round(rd::numeric, 12) ORDER BY provider)
                  FROM (SELECT provider, iapt_ews.recovery_rate(o) AS r, iapt_ews.reliable_recovery_rate(o) AS rr, iapt_ews.reliable_improvement_rate(o) AS ri, iapt_ews.reliable_deterioration_rate(o) AS rd
                        FROM referral_local, LATERAL iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended) o GROUP BY provider) s)
            THEN 'ok - the four rates per provider equal the single-server answer'
            ELSE 'not ok - sharded and single-server rates differ' END;

SELECT CASE WHEN (SELECT array_agg(provider || ' ' || r::text ORDER BY provider)
                  FROM (SELECT provider, iapt_ews.ea_ratio(role, wte) r FROM workforce GROUP BY provider) s)
               = (SELECT array_agg(provider || ' ' || r::text ORDER BY provider)
                  FROM (SELECT provider, iapt_ews.ea_ratio(role, wte) r FROM workforce_local GROUP BY provider) s)
             AND (SELECT count(*) FROM workforce) = 4000
            THEN 'ok - ea_ratio per provider equals the single-server answer'
            ELSE 'not ok - sharded and single-server ea_ratio differ' END;

-- A national total across shards cannot be pushed down whole (PostgreSQL 15's
-- postgres_fdw ships no partial aggregates), but it is still exact.
SELECT CASE WHEN (SELECT iapt_ews.outcome_summary(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended))::text FROM referral)
               = (SELECT iapt_ews.outcome_summary(iapt_ews.classify(phq9_first, phq9_last, anxiety_measure, anxiety_first, anxiety_last, treatment_sessions, ended))::text FROM referral_local)
            THEN 'ok - the national total over all shards equals the single-server answer'
            ELSE 'not ok - national totals differ' END;
