-- Coordinator side of test/t/010_shards.pl, which runs it with psql variables
-- sock1, port1 (shard 1), sock2, port2 (shard 2) and user (the shards' superuser),
-- then checks the plans and answers. Not a pgTAP file: it lives outside test/tap/.
SET client_min_messages = warning;
CREATE EXTENSION iapt_ews CASCADE;
CREATE EXTENSION postgres_fdw;

CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'sock1', port :'port1', dbname 'postgres', extensions 'iapt_ews');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'sock2', port :'port2', dbname 'postgres', extensions 'iapt_ews');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user :'user');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user :'user');

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
