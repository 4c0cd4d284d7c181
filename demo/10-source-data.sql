-- Demo source data: a year of the NHS Talking Therapies Data Set (IAPT v2)
-- for eight London providers, held the way a national warehouse holds it
-- (schema nhs_tt, tables and columns named as in NHS England's published
-- SQL, mixed-case identifiers kept from SQL Server). docs/demo-data.md
-- explains the model, the calibration and the planted faults.
--
-- How the national data set works, and how this file reproduces it:
-- * each provider submits monthly; a submission is a snapshot of every
--   referral active in its reporting period: one "IDS101referral" row per
--   referral per submission, same PathwayID each month, a new RecordNumber
--   each time. RecordNumber grows in the order submissions arrive (2.14
--   Repeat_Referrals.sql takes MAX(RecordNumber) as the latest row), so the
--   rows of Lewisham's November resubmission, which arrives with January's
--   submissions, outnumber December's and January's. The person's
--   "IDS001mpi" row, the presenting complaints ("IDS603...") and the
--   employment status history ("IDS004empstatus", every record dated up to
--   the period end) come again with each submission;
-- * care contacts ("IDS201carecontact"), their activities ("IDS202...")
--   and scores ("IDS607...", "IDS606...") are submitted in the month they
--   take place, in the submission of that month;
-- * "IsLatest_SubmissionID": one row per submission; 12 monthly
--   submissions (April 2024 - March 2025) per provider, and Lewisham's
--   November 2024 resubmitted: its first submission (IsLatest = 0) lacks
--   about a fifth of the month's contacts. Only IsLatest = 1 rows count;
-- * derived flags on "IDS101referral" ('True' / 'False' strings, as NHS
--   England's SQL compares them) are derived as NHS England derives them
--   from first and last PHQ-9 / GAD-7 scores, except on a few referrals
--   where they deliberately disagree (nhs_tt_local.planted_issue lists
--   every planted fault: the answer key for reconciliation tests).
--
-- Calibration: each provider's referrals by IMD decile and its finished
-- courses, caseness, recovery, reliable improvement and deterioration
-- follow its published 2024-25 annual figures
-- (data/nhs_talking_therapies_2024_25_london_demo_providers.csv.gz)
-- scaled by 0.6 (psql variable scale). Referrals received from January
-- 2024 on are generated so that April 2024 starts with a caseload; their
-- contacts before April 2024 are in no submission (a warehouse that starts
-- in April 2024), so reconciliations should judge referrals received from
-- April 2024 on.
--
-- Outside the data set this file also writes, in schema nhs_tt_local:
--   service (service_id = OrgID_Provider, provider_name, borough,
--     lsoa_pattern, sub_icb_code, base_postcode, es_share, repeat_share,
--     mean_wait_days): the services and this generator's parameters;
--   planted_issue (issue, table_name, pathway_id, detail): every planted
--     fault, the answer key;
--   generated_referral (pathway_id, person_id, service_id, imd_decile, lsoa,
--     ref_date, disch_date, route, n_treat, es, repeat_referral, completed,
--     not_caseness, recovered, improved, deteriorated): each referral as
--     generated, flags as derived from its scores before any planted fault.
-- demo/11-local-data.sql adds sites, workforce and workshops.
--
-- Determinism: no random() (so no setseed either); every draw is
-- pg_temp.u(key, salt), a hash of the row's key, so the data do not depend
-- on plan or row order: the same rows on every run.
-- Run from the repository root (demo/run.sh does): psql -f demo/10-source-data.sql
\set ON_ERROR_STOP on
\set scale 0.6
SET client_min_messages = warning;
SET synchronous_commit = off;
SET temp_buffers = '256MB';    -- the working tables stay in memory
SET work_mem = '64MB';
\timing off

-- Uniform draw in [0, 1) from a key and a salt (52 bits of hashint8extended).
CREATE FUNCTION pg_temp.u(k bigint, salt integer) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT (hashint8extended(k, salt) & 4503599627370495)::float8 / 4503599627370496.0';

DROP SCHEMA IF EXISTS nhs_tt CASCADE;
DROP SCHEMA IF EXISTS nhs_tt_local CASCADE;
CREATE SCHEMA nhs_tt;
COMMENT ON SCHEMA nhs_tt IS 'Demo: NHS Talking Therapies Data Set national tables as a warehouse holds them (synthetic, demo/10-source-data.sql)';
CREATE SCHEMA nhs_tt_local;
COMMENT ON SCHEMA nhs_tt_local IS 'Demo: service-held data outside the national data set (synthetic, demo/10-source-data.sql and demo/11-local-data.sql)';

-- ---------------------------------------------------------------------------
-- 1. Reference data (real): LSOAs, GP practices, published 2024-25 figures
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE lsoa_csv (lsoa11cd text, lsoa11nm text, lon float8, lat float8, easting float8,
                            northing float8, population integer, imd2019_decile integer);
\copy lsoa_csv FROM PROGRAM 'gzip -dc data/england_lsoa11.csv.gz' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE gp_csv (code text, name text, postcode text, lon float8, lat float8, easting float8, northing float8);
\copy gp_csv FROM PROGRAM 'gzip -dc data/england_gp_practices.csv.gz' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE published_csv (reporting_period text, org_type text, org_code text, org_name text,
                                 variable_type text, variable_a text, variable_b text,
                                 measure_name text, measure_statistic text, value text);
\copy published_csv FROM PROGRAM 'gzip -dc data/nhs_talking_therapies_2024_25_london_demo_providers.csv.gz' WITH (FORMAT csv, HEADER true)

-- The seed documents' London services. Providers and names: NHS ODS
-- (data/nhs_talking_therapies_providers.csv.gz); Brent's service is CNWL's
-- RV3CH (Willesden Centre for Health and Care, NW10 3RY), Kensington and
-- Chelsea's RV3L8 (St Charles Centre, W10 6DZ), City and Hackney's the
-- Homerton's service (RQX) plus Mind in the City, Hackney and Waltham
-- Forest (DH0); RNK02 (City and Hackney PCPCS) has published no figures
-- since 2017-18 and is left out. OrgIDComm: the sub-ICB locations that
-- replaced the merged CCGs (codes as in the 2021-22 CCG-level annual
-- statistics: W2U3Z North West London, 72Q South East London, 36L South
-- West London, A3A8R North East London). base_postcode: the provider's ODS
-- postcode, except RKL14 whose ODS postcode is the trust's head office in
-- Isleworth (TW7 6AF): its base is put in Hammersmith (W6 7); where no
-- GP practice shares the postcode, the base is the first practice (by
-- code) in its sector or district (Merton SW17 0, Bexley DA6, Homerton
-- E9 6). es_share:
-- share of assessed referrals given employment support (City and Hackney
-- high: eight employment advisers, the DWP pilot). repeat_share: share of
-- referrals that are a returning person (Bexley's "revolving door").
CREATE TABLE nhs_tt_local.service (
    service_id      text PRIMARY KEY,
    provider_name   text NOT NULL,
    borough         text NOT NULL,
    lsoa_pattern    text NOT NULL,
    sub_icb_code    text NOT NULL,
    base_postcode   text NOT NULL,
    es_share        float8 NOT NULL,
    repeat_share    float8 NOT NULL,
    mean_wait_days  integer NOT NULL
);
COMMENT ON TABLE nhs_tt_local.service IS 'Demo services: one per provider (OrgID_Provider), with the borough whose LSOAs it serves and the generator''s parameters';
INSERT INTO nhs_tt_local.service VALUES
    ('RV3L8', 'Take Time to Talk (Kensington and Chelsea)', 'Kensington and Chelsea', '^Kensington and Chelsea [0-9]', 'W2U3Z', 'W10 6DZ', 0.12, 0.04, 20),
    ('RKL14', 'Hammersmith & Fulham Talking Therapies', 'Hammersmith and Fulham', '^Hammersmith and Fulham [0-9]', 'W2U3Z', 'W6 7', 0.05, 0.04, 24),
    ('RV3CH', 'ICCS (Brent Talking Therapies)', 'Brent', '^Brent [0-9]', 'W2U3Z', 'NW10 3RY', 0.05, 0.04, 30),
    ('RQYMI', 'Merton IAPT', 'Merton', '^Merton [0-9]', '36L', 'SW17 0', 0.06, 0.04, 22),
    ('AME01', 'Mind in Bexley', 'Bexley', '^Bexley [0-9]', '72Q', 'DA6 ', 0.10, 0.22, 18),
    ('RV5CH', 'Lewisham Psychological Therapies Service (Lewisham IAPT)', 'Lewisham', '^Lewisham [0-9]', '72Q', 'SE12 8NP', 0.06, 0.04, 20),
    ('RQX', 'City and Hackney Talking Therapies (Homerton Healthcare)', 'City and Hackney', '^(Hackney|City of London) [0-9]', 'A3A8R', 'E9 6', 0.20, 0.04, 16),
    ('DH0', 'Mind in the City, Hackney and Waltham Forest', 'City and Hackney', '^(Hackney|City of London) [0-9]', 'A3A8R', 'E9 7SN', 0.12, 0.04, 16);
CREATE TEMP TABLE svc AS SELECT row_number() OVER (ORDER BY service_id) AS svc_no, * FROM nhs_tt_local.service;

-- Published 2024-25 counts per provider; '*' (suppressed, 1 to 7) counts as 3.
CREATE TEMP TABLE published AS
SELECT org_code AS service_id, variable_type, variable_a, measure_name,
       CASE WHEN value = '*' THEN 3 ELSE value::numeric END AS n
FROM published_csv
WHERE org_type = 'Provider' AND measure_statistic = 'count';

CREATE TEMP TABLE published_total AS
SELECT service_id,
       sum(n) FILTER (WHERE measure_name = 'referrals_received') AS referrals,
       sum(n) FILTER (WHERE measure_name = 'finished_course_treatment') AS finished,
       sum(n) FILTER (WHERE measure_name = 'not_at_caseness') AS not_caseness,
       sum(n) FILTER (WHERE measure_name = 'recovery') AS recovered,
       sum(n) FILTER (WHERE measure_name = 'reliable_recovery') AS reliably_recovered,
       sum(n) FILTER (WHERE measure_name = 'improvement') AS improved,
       sum(n) FILTER (WHERE measure_name = 'deterioration') AS deteriorated
FROM published WHERE variable_type = 'Total' GROUP BY 1;

CREATE TEMP TABLE svc_rates AS
SELECT s.service_id, s.svc_no, s.es_share, s.repeat_share, s.mean_wait_days,
       -- A referral finishes in the year only if it was received early
       -- enough; 1.15 makes up for the courses still open in March 2025
       -- (found by running the generator: without it, finished courses came
       -- to 87% of the scaled published count).
       least(0.9, 1.15 * p.fin / p.refs) AS p_fin,
       p.nac / p.fin AS p_nac,
       p.rr / (p.fin - p.nac) AS p_a,                    -- recovered and reliably improved
       (p.rec - p.rr) / (p.fin - p.nac) AS p_b,          -- recovered, not reliably improved
       (p.imp - p.rr) / (p.fin - p.nac) AS p_c,          -- reliably improved, not recovered
       p.det / (p.fin - p.nac) AS p_e                    -- reliably deteriorated
FROM svc s
JOIN (SELECT service_id, referrals AS refs, finished AS fin, not_caseness AS nac, recovered AS rec,
             reliably_recovered AS rr, improved AS imp, deteriorated AS det
      FROM published_total) p USING (service_id);

-- Referrals to generate per provider and IMD decile. The published labels
-- run "01 Least deprived" .. "10 Most deprived": IMD decile = 11 - label.
CREATE TEMP TABLE decile_target AS
SELECT service_id,
       CASE WHEN variable_a ~ '^[0-9]{2} ' THEN 11 - left(variable_a, 2)::int END AS imd_decile,
       round(n * :scale)::int AS n_year
FROM published
WHERE variable_type = 'Indices of Deprivation Decile' AND measure_name = 'referrals_received';

-- Services' bases: the GP practice at the base postcode (or, for a
-- postcode sector, its first practice by code).
CREATE TEMP TABLE svc_base AS
SELECT s.service_id, g.code, g.name, g.postcode, g.easting, g.northing
FROM svc s
CROSS JOIN LATERAL (SELECT * FROM gp_csv g WHERE g.easting IS NOT NULL
                      AND (g.postcode = s.base_postcode OR g.postcode LIKE s.base_postcode || '%')
                    ORDER BY g.postcode = s.base_postcode DESC, g.code LIMIT 1) g;

-- LSOA pools to draw residents from, per provider and IMD decile, weighted
-- by population. A decile the borough lacks (people registered with the
-- borough's GPs but living elsewhere) draws from all eight services'
-- boroughs. Hammersmith and Fulham: its deprived LSOAs (IMD 1-3) more than
-- 2.5 km from the base refer at a third of the rate of the borough's other
-- LSOAs of the same decile (the seed story: low referral from some
-- deprived areas too far from the service), while each decile's total
-- still follows the published split.
CREATE TEMP TABLE svc_lsoa AS
SELECT s.service_id, l.lsoa11cd, l.imd2019_decile AS imd_decile, l.easting, l.northing,
       coalesce(l.population, 1500)
         * CASE WHEN s.service_id = 'RKL14' AND l.imd2019_decile <= 3
                     AND sqrt((l.easting - b.easting) ^ 2 + (l.northing - b.northing) ^ 2) > 2500
                THEN 1.0 / 3 ELSE 1 END AS weight,
       true AS home_borough
FROM svc s JOIN svc_base b USING (service_id)
JOIN lsoa_csv l ON l.lsoa11nm ~ s.lsoa_pattern;
INSERT INTO svc_lsoa
SELECT t.service_id, l.lsoa11cd, l.imd_decile, l.easting, l.northing, l.weight, false
FROM (SELECT DISTINCT service_id, imd_decile FROM decile_target WHERE imd_decile IS NOT NULL AND n_year > 0) t
JOIN (SELECT DISTINCT ON (lsoa11cd) lsoa11cd, imd_decile, easting, northing, weight FROM svc_lsoa ORDER BY lsoa11cd) l
  ON l.imd_decile = t.imd_decile
WHERE NOT EXISTS (SELECT 1 FROM svc_lsoa h WHERE h.service_id = t.service_id AND h.imd_decile = t.imd_decile);
CREATE TEMP TABLE lsoa_pick AS
SELECT service_id, imd_decile, lsoa11cd,
       sum(weight) OVER (PARTITION BY service_id, imd_decile ORDER BY lsoa11cd)
         / sum(weight) OVER (PARTITION BY service_id, imd_decile) AS cum_hi
FROM svc_lsoa;
CREATE INDEX ON lsoa_pick (service_id, imd_decile, cum_hi);
ANALYZE lsoa_pick;

-- ---------------------------------------------------------------------------
-- 2. Referrals (pathways): dates, route through the service, outcome class
-- ---------------------------------------------------------------------------
-- 456 days from 1 January 2024 to 31 March 2025, dates stratified so that
-- the last 365 days hold each decile's target: n_gen = n_year * 456 / 365.
-- Route: none (discharged unseen), assess (assessed only, one in five of
-- them given one treatment at the assessment, AppType 03), once (one
-- treatment session), fin (two or more: a finished course). Steps: LI
-- (step 2), HI (step 3) or stepped up (LI then HI). Outcome class of a
-- finished course (section 3): N not at caseness, A recovered and reliably
-- improved, B recovered only, C reliably improved only, E reliably
-- deteriorated, F no reliable change, in the provider's published shares.
CREATE TEMP TABLE ref1 AS
WITH gen AS (
    SELECT t.service_id, t.imd_decile, i, round(t.n_year * 456.0 / 365)::int AS n_gen
    FROM decile_target t
    CROSS JOIN LATERAL generate_series(1, round(t.n_year * 456.0 / 365)::int) i),
numbered AS (
    SELECT row_number() OVER (ORDER BY service_id, imd_decile NULLS LAST, i) AS id, * FROM gen),
drawn AS (
    SELECT n.id, n.service_id, r.svc_no, n.imd_decile,
           date '2024-01-01' + floor((n.i - 1 + pg_temp.u(n.id, 1)) * 456 / n.n_gen)::int AS ref_date,
           pg_temp.u(n.id, 2) AS u_route, pg_temp.u(n.id, 3) AS u_outcome, pg_temp.u(n.id, 4) AS u_step,
           r.p_fin, r.p_nac, r.p_a, r.p_b, r.p_c, r.p_e, r.es_share, r.repeat_share, r.mean_wait_days
    FROM numbered n JOIN svc_rates r USING (service_id))
SELECT d.id, d.service_id, d.svc_no, d.imd_decile, d.ref_date, d.repeat_share, x.route,
       CASE WHEN d.u_step < 0.60 THEN 2 + floor(pg_temp.u(d.id, 6) * 6)::int
            WHEN d.u_step < 0.90 THEN 0
            ELSE 3 + floor(pg_temp.u(d.id, 6) * 3)::int END AS n_li,
       CASE WHEN d.u_step < 0.60 THEN 0
            WHEN d.u_step < 0.90 THEN 4 + floor(pg_temp.u(d.id, 7) * 13)::int
            ELSE 6 + floor(pg_temp.u(d.id, 7) * 7)::int END AS n_hi,
       CASE WHEN d.u_outcome < d.p_nac THEN 'N'
            WHEN o.v < d.p_a THEN 'A'
            WHEN o.v < d.p_a + d.p_b THEN 'B'
            WHEN o.v < d.p_a + d.p_b + d.p_c THEN 'C'
            WHEN o.v < d.p_a + d.p_b + d.p_c + d.p_e THEN 'E'
            ELSE 'F' END AS outcome,
       2 + floor(pg_temp.u(d.id, 8) * pg_temp.u(d.id, 9) * d.mean_wait_days * 3)::int AS wait_assess,
       7 + floor(pg_temp.u(d.id, 10) * 70)::int AS wait_treat,
       7 * (1 + floor(pg_temp.u(d.id, 11) * 1.6)::int) AS gap,
       x.route <> 'none' AND pg_temp.u(d.id, 5) < d.es_share AS es
FROM drawn d
CROSS JOIN LATERAL (SELECT CASE WHEN d.u_route < d.p_fin THEN 'fin'
                                WHEN d.u_route < d.p_fin + (1 - d.p_fin) * 0.30 THEN 'none'
                                WHEN d.u_route < d.p_fin + (1 - d.p_fin) * 0.85 THEN 'assess'
                                ELSE 'once' END AS route) x
CROSS JOIN LATERAL (SELECT (d.u_outcome - d.p_nac) / (1 - d.p_nac) AS v) o;

-- Contact schedule: slot 0 assessment, slots 1..n treatment (assess
-- route: none; once: one), discharge after the last slot (open when after
-- March 2025). End codes (IAPT v2): 10 not suitable, 11 signposted, 12
-- advice and support, 13 referred on, 14 declined treatment, 16 incomplete
-- assessment, 50 not assessed; after treatment 46 completed, 47 / 48 ended
-- early. One discharge in two hundred reaches the data set a month late:
-- the submission of the discharge month still shows the referral open.
-- Residence: an LSOA of the decile's pool, by population weight.
CREATE TEMP TABLE ref2 AS
SELECT r.*, d.assess_date, d.treat1_date, d.n_treat,
       CASE WHEN d.planned <= date '2025-03-31' THEN d.planned END AS disch_date,
       CASE WHEN d.planned > date '2025-03-31' THEN NULL
            WHEN r.route = 'none' THEN (ARRAY['50', '50', '10', '11'])[1 + floor(pg_temp.u(r.id, 13) * 4)::int]
            WHEN r.route = 'assess' THEN (ARRAY['12', '12', '13', '14', '16', '11', '10'])[1 + floor(pg_temp.u(r.id, 13) * 7)::int]
            WHEN r.route = 'once' THEN (ARRAY['47', '48', '47'])[1 + floor(pg_temp.u(r.id, 13) * 3)::int]
            ELSE (ARRAY['46', '46', '46', '46', '46', '46', '47', '48'])[1 + floor(pg_temp.u(r.id, 13) * 8)::int] END AS end_code,
       d.planned < date '2025-03-01' AND pg_temp.u(r.id, 14) < 0.005 AS late_discharge,
       (SELECT p.lsoa11cd FROM lsoa_pick p
        WHERE p.service_id = r.service_id AND p.imd_decile = r.imd_decile AND p.cum_hi >= pg_temp.u(r.id, 15)
        ORDER BY p.cum_hi LIMIT 1) AS lsoa0
FROM ref1 r
CROSS JOIN LATERAL (
    SELECT CASE WHEN r.route <> 'none' THEN r.ref_date + r.wait_assess END AS assess_date,
           CASE WHEN r.route IN ('once', 'fin') THEN r.ref_date + r.wait_assess + r.wait_treat END AS treat1_date,
           CASE r.route WHEN 'fin' THEN greatest(r.n_li + r.n_hi, 2) WHEN 'once' THEN 1 ELSE 0 END AS n_treat,
           r.ref_date + CASE r.route
               WHEN 'none' THEN 14 + floor(pg_temp.u(r.id, 12) * 60)::int
               WHEN 'assess' THEN r.wait_assess + floor(pg_temp.u(r.id, 12) * 28)::int
               WHEN 'once' THEN r.wait_assess + r.wait_treat + 14 + floor(pg_temp.u(r.id, 12) * 42)::int
               ELSE r.wait_assess + r.wait_treat + r.gap * (greatest(r.n_li + r.n_hi, 2) - 1)
                    + 1 + floor(pg_temp.u(r.id, 12) * 14)::int END AS planned) d;
CREATE UNIQUE INDEX ON ref2 (id);
CREATE INDEX ON ref2 (service_id, imd_decile, disch_date, id);
ANALYZE ref2;

-- Repeat referrals: a returning person is a referral linked to an earlier
-- referral of the same service and decile discharged at least four weeks
-- before (one of the twenty most recently discharged), so chains of three or
-- four episodes appear where the repeat share is high (Bexley). The person
-- (and home LSOA) is the chain's first referral's.
CREATE TEMP TABLE ref_prev AS
SELECT r.id,
       (SELECT p.id FROM ref2 p
        WHERE p.service_id = r.service_id AND p.imd_decile = r.imd_decile AND p.disch_date < r.ref_date - 28
        ORDER BY p.disch_date DESC, p.id DESC OFFSET floor(pg_temp.u(r.id, 16) * 20)::int LIMIT 1) AS prev_id
FROM ref2 r
WHERE pg_temp.u(r.id, 17) < r.repeat_share AND r.imd_decile IS NOT NULL;
CREATE TEMP TABLE ref_root AS
WITH RECURSIVE chain AS (
    SELECT r.id, r.id AS root FROM ref2 r
    WHERE NOT EXISTS (SELECT 1 FROM ref_prev p WHERE p.id = r.id AND p.prev_id IS NOT NULL)
    UNION ALL
    SELECT p.id, c.root FROM ref_prev p JOIN chain c ON p.prev_id = c.id)
SELECT id, min(root) AS root FROM chain GROUP BY id;

-- People: sex (Gender 1 male, 2 female, 9 indeterminate), gender identity
-- (1, 2, 3 non-binary, Z not stated), ethnic category (NHS letters,
-- London mix), age at 1 January 2024, 16-90.
CREATE TEMP TABLE person AS
SELECT person_no,
       'P' || lpad(person_no::text, 8, '0') AS person_id,
       CASE WHEN g < 0.33 THEN '1' WHEN g < 0.985 THEN '2' ELSE '9' END AS gender,
       CASE WHEN gi < 0.01 THEN '3' WHEN gi < 0.04 THEN 'Z' WHEN g < 0.33 THEN '1' WHEN g < 0.985 THEN '2' ELSE 'Z' END AS gender_identity,
       (ARRAY['A','A','A','A','A','A','A','A','B','C','C','C','D','E','F','G','H','J','K','L',
              'M','M','N','N','P','R','S','S','Z'])[1 + floor(e * 29)::int] AS ethnic,
       least(90, 16 + floor(74 * power(a, 1.7))::int) AS age0
FROM (SELECT DISTINCT root AS person_no, pg_temp.u(root, 20) AS g, pg_temp.u(root, 21) AS gi,
             pg_temp.u(root, 22) AS e, pg_temp.u(root, 23) AS a FROM ref_root) x;
CREATE UNIQUE INDEX ON person (person_no);

-- Source of referral (IAPT v2 codes): B1 self, A1 GP, A3 other primary
-- care, B2 carer or relative, C1 social services, D1 employer.
CREATE TEMP TABLE ref AS
SELECT r.*, rr.root AS person_no, rp.prev_id, x.lsoa0 AS lsoa,
       r.service_id || '-' || upper(substr(md5('pathway' || r.id), 1, 12)) AS pathway_id,
       (ARRAY['B1','B1','B1','B1','B1','B1','A1','A1','A1','A3','B2','C1','D1'])[1 + floor(pg_temp.u(r.id, 24) * 13)::int] AS source,
       p.age0 + (r.ref_date - date '2024-01-01') / 365 AS age
FROM ref2 r
JOIN ref_root rr USING (id)
JOIN ref2 x ON x.id = rr.root
JOIN person p ON p.person_no = rr.root
LEFT JOIN ref_prev rp ON rp.id = r.id;
CREATE UNIQUE INDEX ON ref (id);
ANALYZE ref;

-- ---------------------------------------------------------------------------
-- 3. Contacts and scores
-- ---------------------------------------------------------------------------
-- Scores: PHQ-9 (0-27) and GAD-7 (0-21) at every attended assessment or
-- treatment contact, the first and last set by the outcome class so that
-- the national rules give the class: caseness PHQ-9 >= 10 or GAD-7 >= 8;
-- recovery both below at the end; reliable improvement PHQ-9 down 6 or
-- GAD-7 down 4 with neither up as much; reliable deterioration the reverse.
-- Classes: N not at caseness, A recovered and improved, B recovered only,
-- C improved only, E deteriorated, F no reliable change.
CREATE TEMP TABLE score_plan AS
SELECT r.id,
       CASE o WHEN 'N' THEN 2 + floor(v1 * 8) WHEN 'A' THEN 12 + floor(v1 * 13) WHEN 'B' THEN 10 + floor(v1 * 2)
              WHEN 'C' THEN 17 + floor(v1 * 8) WHEN 'E' THEN 10 + floor(v1 * 9) ELSE 12 + floor(v1 * 9) END::int AS phq1,
       CASE o WHEN 'N' THEN 1 + floor(v2 * 7) WHEN 'A' THEN 9 + floor(v2 * 11) WHEN 'B' THEN 8 + floor(v2 * 2)
              WHEN 'C' THEN 10 + floor(v2 * 10) WHEN 'E' THEN 8 + floor(v2 * 8) ELSE 9 + floor(v2 * 10) END::int AS gad1,
       o AS outcome, v3, v4
FROM (SELECT r.id, CASE WHEN r.route = 'fin' THEN r.outcome
                        WHEN pg_temp.u(r.id, 50) < 0.1 THEN 'N' ELSE 'F' END AS o,
             pg_temp.u(r.id, 51) AS v1, pg_temp.u(r.id, 52) AS v2, pg_temp.u(r.id, 53) AS v3,
             pg_temp.u(r.id, 54) AS v4
      FROM ref r WHERE r.route <> 'none') r;
ALTER TABLE score_plan ADD COLUMN phq2 int, ADD COLUMN gad2 int;
UPDATE score_plan SET
    phq2 = CASE outcome WHEN 'N' THEN greatest(0, least(9, phq1 - 2 + floor(v3 * 5)::int))
                        WHEN 'A' THEN least(9, phq1 - 6) - floor(v3 * 3)::int
                        WHEN 'B' THEN phq1 - 3 + floor(v3 * 2)::int
                        WHEN 'C' THEN phq1 - 7
                        WHEN 'E' THEN least(27, phq1 + 6 + floor(v3 * 4)::int)
                        ELSE greatest(10, phq1 - 3 + floor(v3 * 6)::int) END,
    gad2 = CASE outcome WHEN 'N' THEN greatest(0, least(7, gad1 - 2 + floor(v4 * 5)::int))
                        WHEN 'A' THEN least(7, gad1 - 4) - floor(v4 * 2)::int
                        WHEN 'B' THEN least(7, gad1 - 2 + floor(v4 * 2)::int)
                        WHEN 'C' THEN gad1 - 1 - floor(v4 * 2)::int
                        WHEN 'E' THEN least(21, gad1 + floor(v4 * 3)::int)
                        ELSE gad1 - 1 + floor(v4 * 3)::int END;
-- The planted effect of employment support: a finished course with
-- support ends 2 PHQ-9 points lower (never below 0) than its outcome class
-- alone would give; nothing else in the scores depends on support.
-- Support itself goes more often to people who start more severe (below):
-- the confounding. So the naive difference of the mean PHQ-9 change,
-- supported against not, overstates the effect, and the difference
-- adjusted for the first score (employment_support_effect,
-- docs/employment.md) is the one to set against -2.
CREATE UNIQUE INDEX ON score_plan (id);
-- Employment support, drawn here rather than with the route: the chance
-- is the service's es_share x (first PHQ-9 / 14)^2, about es_share on
-- average (the first PHQ-9 of an assessed referral averages about 14)
-- and three times as high at 24 as at 8.
UPDATE ref r SET es = pg_temp.u(r.id, 5) < s.es_share * (p.phq1 / 14.0) ^ 2
FROM score_plan p, svc_rates s WHERE p.id = r.id AND s.service_id = r.service_id;
UPDATE score_plan p SET phq2 = greatest(0, p.phq2 - 2)
FROM ref r WHERE r.id = p.id AND r.es AND r.route = 'fin';

-- Slots: assessment (AppType 01, or 03 assessment and treatment for one in
-- five assessed-only referrals), treatment (02; the last of a finished
-- course 05 review and treatment one time in six), employment support (10,
-- or 06 when after discharge), a post-discharge follow-up (06) for one
-- finished course in ten. About one slot in eight is preceded by a missed
-- or cancelled appointment
-- (treatment and employment support slots). Attendance (NHS Data Dictionary): 5 seen on
-- time, 6 late but seen, 7 late and not seen, 3 did not attend without
-- warning, 2 cancelled by the patient, 4 cancelled by the provider.
CREATE TEMP TABLE contact0 AS
WITH slot AS (
    SELECT r.id, 0 AS k, r.assess_date AS d,
           CASE WHEN r.route = 'assess' AND pg_temp.u(r.id, 30) < 0.2 THEN '03' ELSE '01' END AS app_type,
           NULL::text AS proc_code, false AS is_es
    FROM ref r WHERE r.route <> 'none'
    UNION ALL
    SELECT r.id, k, r.treat1_date + r.gap * (k - 1) + floor(pg_temp.u(r.id * 100 + k, 31) * 3)::int - 1,
           CASE WHEN k = r.n_treat AND k > 1 AND pg_temp.u(r.id, 32) < 1.0 / 6 THEN '05' ELSE '02' END,
           -- Procedures from NHS England's low- and high-intensity lists
           -- (KM monthly update.sql, lines 163-171).
           CASE WHEN r.route = 'fin' AND k > r.n_li
                THEN (ARRAY['1127281000000100','1129471000000105','842901000000108','286711000000107','314034001',
                            '449030000','933221000000107','1026131000000100','304891004','443730003'])[1 + floor(pg_temp.u(r.id, 33) * 10)::int]
                ELSE (ARRAY['748051000000105','748101000000105','748041000000107','748091000000102','748061000000108',
                            '199314001','702545008','1026111000000108','975131000000104'])[1 + floor(pg_temp.u(r.id, 34) * 9)::int] END,
           false
    FROM ref r CROSS JOIN LATERAL generate_series(1, r.n_treat) k
    UNION ALL
    -- Employment support: fortnightly from a week or more after
    -- assessment; one supported person in three carries on after discharge.
    SELECT r.id, 100 + k, r.assess_date + 7 + floor(pg_temp.u(r.id, 35) * 21)::int + 14 * (k - 1),
           '10', '1098051000000103', true
    FROM ref r CROSS JOIN LATERAL generate_series(1, 2 + floor(pg_temp.u(r.id, 36) * 6)::int) k
    WHERE r.es
    UNION ALL
    SELECT r.id, 200, r.disch_date + 60 + floor(pg_temp.u(r.id, 37) * 30)::int, '06', NULL, false
    FROM ref r WHERE r.route = 'fin' AND r.disch_date IS NOT NULL AND pg_temp.u(r.id, 38) < 0.1),
kept AS (
    -- Employment support stops at discharge for two thirds of people.
    SELECT s.* FROM slot s JOIN ref r USING (id)
    WHERE NOT (s.is_es AND r.disch_date IS NOT NULL AND s.d > r.disch_date AND pg_temp.u(r.id, 39) >= 1.0 / 3)
      AND (s.is_es OR s.k = 200 OR r.disch_date IS NULL OR s.d <= r.disch_date)),
with_misses AS (
    SELECT id, k * 10 AS seq, d, app_type, proc_code, is_es,
           CASE WHEN pg_temp.u(id * 1000 + k, 40) < 0.07 THEN '6' ELSE '5' END AS attend
    FROM kept
    UNION ALL
    SELECT id, k * 10 - 1, d - 2 - floor(pg_temp.u(id * 1000 + k, 41) * 5)::int, app_type, NULL, is_es,
           (ARRAY['3','3','3','3','7','2','2','2','4','4'])[1 + floor(pg_temp.u(id * 1000 + k, 42) * 10)::int]
    FROM kept WHERE pg_temp.u(id * 1000 + k, 43) < 0.125 AND k BETWEEN 1 AND 199)
SELECT w.id, w.seq, w.d AS cont_date,
       w.app_type, w.proc_code, w.is_es, w.attend,
       time '08:30' + interval '15 minutes' * floor(pg_temp.u(w.id * 1000 + w.seq, 44) * 38)::int AS cont_time,
       -- ConsMechanism: 01 face to face, 02 telephone, 11 video,
       -- 05 email, 09 text message, 10 instant messaging, 98 other.
       (ARRAY['01','01','01','01','02','02','02','02','02','02','02','11','11','11','11','11','05','09','10','98'])
           [1 + floor(pg_temp.u(w.id * 1000 + w.seq, 45) * 20)::int] AS cons_mechanism,
       CASE WHEN pg_temp.u(w.id * 1000 + w.seq, 46) < 0.04 THEN 'N' ELSE 'Y' END AS planned
FROM with_misses w
WHERE w.d <= date '2025-03-31';
CREATE TEMP TABLE contact AS
SELECT c.*, row_number() OVER (ORDER BY c.cont_date, c.id, c.seq) AS contact_no FROM contact0 c;
CREATE INDEX ON contact (id);
ANALYZE contact;

-- Scored contacts: attended 01/02/03/05; a middle one goes unscored one
-- time in twenty. Middle scores lie between first and last, within 2.
CREATE TEMP TABLE scored AS
SELECT c.id, c.seq, c.contact_no, c.cont_date, c.cont_time,
       row_number() OVER w - 1 AS j, count(*) OVER (PARTITION BY c.id) AS m
FROM contact c
WHERE c.attend IN ('5', '6') AND c.app_type IN ('01', '02', '03', '05')
WINDOW w AS (PARTITION BY c.id ORDER BY c.cont_date, c.seq);
CREATE TEMP TABLE score AS
SELECT s.id, s.contact_no, s.cont_date, s.j, s.m, t.tool,
       CASE WHEN s.j = 0 THEN t.v1 WHEN s.j = s.m - 1 THEN t.v2
            ELSE greatest(0, least(t.top, round(t.v1 + (t.v2 - t.v1) * s.j::numeric / (s.m - 1))::int
                                              + floor(pg_temp.u(s.contact_no, 55 + t.salt) * 5)::int - 2)) END AS val
FROM scored s JOIN score_plan p USING (id)
CROSS JOIN LATERAL (VALUES ('720433000', p.phq1, p.phq2, 27, 0), ('445455005', p.gad1, p.gad2, 21, 1)) t(tool, v1, v2, top, salt)
WHERE s.j = 0 OR s.j = s.m - 1 OR pg_temp.u(s.contact_no, 57) >= 0.05;

-- Flags as NHS England derives them, from all the referral's scores
-- (including contacts before April 2024 that no submission holds).
CREATE TEMP TABLE derived AS
WITH ends AS (
    SELECT id,
           (array_agg(val ORDER BY j) FILTER (WHERE tool = '720433000'))[1] AS phq_first,
           (array_agg(val ORDER BY j DESC) FILTER (WHERE tool = '720433000'))[1] AS phq_last,
           (array_agg(val ORDER BY j) FILTER (WHERE tool = '445455005'))[1] AS gad_first,
           (array_agg(val ORDER BY j DESC) FILTER (WHERE tool = '445455005'))[1] AS gad_last
    FROM score GROUP BY id),
treat AS (
    SELECT id, count(*) AS n FROM contact
    WHERE attend IN ('5', '6') AND app_type IN ('02', '03', '05') GROUP BY id)
SELECT x.*,
       CASE WHEN completed THEN 'True' ELSE 'False' END AS f_completed,
       CASE WHEN completed AND not_caseness THEN 'True' ELSE 'False' END AS f_not_caseness,
       CASE WHEN completed AND recovered THEN 'True' ELSE 'False' END AS f_recovery,
       CASE WHEN completed AND improved THEN 'True' ELSE 'False' END AS f_improvement,
       CASE WHEN completed AND deteriorated THEN 'True' ELSE 'False' END AS f_deterioration
FROM (
    SELECT r.id,
           r.disch_date IS NOT NULL AND coalesce(t.n, 0) >= 2 AND e.phq_first IS NOT NULL AS completed,
           coalesce(e.phq_first < 10 AND e.gad_first < 8, false) AS not_caseness,
           coalesce(NOT (e.phq_first < 10 AND e.gad_first < 8) AND e.phq_last < 10 AND e.gad_last < 8, false) AS recovered,
           coalesce((e.phq_first - e.phq_last >= 6 OR e.gad_first - e.gad_last >= 4)
             AND NOT (e.phq_last - e.phq_first >= 6 OR e.gad_last - e.gad_first >= 4), false) AS improved,
           coalesce((e.phq_last - e.phq_first >= 6 OR e.gad_last - e.gad_first >= 4)
             AND NOT (e.phq_first - e.phq_last >= 6 OR e.gad_first - e.gad_last >= 4), false) AS deteriorated
    FROM ref r LEFT JOIN ends e USING (id) LEFT JOIN treat t USING (id)) x;
CREATE UNIQUE INDEX ON derived (id);

-- ---------------------------------------------------------------------------
-- 4. Planted faults (the answer key: nhs_tt_local.planted_issue)
-- ---------------------------------------------------------------------------
CREATE TABLE nhs_tt_local.planted_issue (
    issue       text NOT NULL,
    table_name  text NOT NULL,
    pathway_id  text,
    detail      text NOT NULL
);
COMMENT ON TABLE nhs_tt_local.planted_issue IS 'Answer key: every fault the demo generator planted in nhs_tt on purpose (flags that disagree with the scores, bad values, duplicates, the late discharge, the resubmission)';

-- Candidates: referrals received from April 2024 and discharged by
-- February 2025, taken in a fixed hash order, a different set per fault.
CREATE TEMP TABLE candidate AS
SELECT r.id AS ref_id, r.pathway_id, r.service_id, r.route, row_number() OVER (PARTITION BY
           CASE WHEN d.completed AND NOT d.recovered AND NOT d.not_caseness THEN 'unrecovered'
                WHEN d.completed AND d.improved THEN 'improved'
                WHEN r.route = 'once' AND r.disch_date IS NOT NULL THEN 'once'
                WHEN d.completed AND NOT d.not_caseness THEN 'atcase'
                ELSE 'other' END
           ORDER BY md5('plant' || r.id)) AS rank_in_group,
       CASE WHEN d.completed AND NOT d.recovered AND NOT d.not_caseness THEN 'unrecovered'
            WHEN d.completed AND d.improved THEN 'improved'
            WHEN r.route = 'once' AND r.disch_date IS NOT NULL THEN 'once'
            WHEN d.completed AND NOT d.not_caseness THEN 'atcase'
            ELSE 'other' END AS grp
FROM ref r JOIN derived d USING (id)
WHERE r.ref_date >= date '2024-04-01' AND r.disch_date < date '2025-03-01' AND NOT r.late_discharge;

-- Flags: Recovery_Flag 'True' though the last scores are at caseness (6);
-- CompletedTreatment_Flag 'True' with one treatment session (4);
-- ReliableImprovement_Flag 'False' though PHQ-9 or GAD-7 fell reliably (4);
-- NotCaseness_Flag 'True' though the first scores were at caseness (3).
INSERT INTO nhs_tt_local.planted_issue
SELECT 'flag disagrees with scores', 'IDS101referral', pathway_id, x.detail
FROM candidate c
CROSS JOIN LATERAL (SELECT CASE grp
    WHEN 'unrecovered' THEN 'Recovery_Flag True, last scores at caseness'
    WHEN 'once' THEN 'CompletedTreatment_Flag True with one treatment session'
    WHEN 'improved' THEN 'ReliableImprovement_Flag False, scores fell reliably'
    WHEN 'atcase' THEN 'NotCaseness_Flag True, first scores at caseness' END AS detail) x
WHERE (grp = 'unrecovered' AND rank_in_group <= 6) OR (grp = 'once' AND rank_in_group <= 4)
   OR (grp = 'improved' AND rank_in_group <= 4) OR (grp = 'atcase' AND rank_in_group BETWEEN 1 AND 3);
UPDATE derived d SET f_recovery = 'True' FROM candidate c
WHERE c.ref_id = d.id AND c.grp = 'unrecovered' AND c.rank_in_group <= 6;
UPDATE derived d SET f_completed = 'True' FROM candidate c
WHERE c.ref_id = d.id AND c.grp = 'once' AND c.rank_in_group <= 4;
UPDATE derived d SET f_improvement = 'False' FROM candidate c
WHERE c.ref_id = d.id AND c.grp = 'improved' AND c.rank_in_group <= 4;
UPDATE derived d SET f_not_caseness = 'True' FROM candidate c
WHERE c.ref_id = d.id AND c.grp = 'atcase' AND c.rank_in_group <= 3;

INSERT INTO nhs_tt_local.planted_issue
SELECT 'discharge recorded a month late', 'IDS101referral', pathway_id,
       'ServDischDate ' || disch_date || ' first appears in the submission for '
       || to_char(disch_date + interval '1 month', 'FMMonth YYYY')
FROM ref WHERE late_discharge;

-- ---------------------------------------------------------------------------
-- 5. Submissions
-- ---------------------------------------------------------------------------
-- UniqueSubmissionID and AuditId are numbered in the order submissions
-- arrive: month by month, providers in code order; Lewisham's November
-- 2024 arrives twice, the second (complete) one with the January 2025
-- submissions.
CREATE TEMP TABLE submission AS
SELECT 300000 + 10 * row_number() OVER (ORDER BY m, s.service_id) AS sub_id,
       s.service_id, m AS month_no,
       (date '2024-04-01' + m * interval '1 month')::date AS period_start,
       (date '2024-04-01' + (m + 1) * interval '1 month' - interval '1 day')::date AS period_end,
       1 AS is_latest, false AS partial
FROM svc s CROSS JOIN generate_series(0, 11) m;
-- The November resubmission gets an ID after January's (month 9) submissions;
-- the original keeps its place and IsLatest = 0.
INSERT INTO submission
SELECT (SELECT max(sub_id) FROM submission WHERE month_no = 9) + 5, service_id, month_no, period_start, period_end, 1, false
FROM submission WHERE service_id = 'RV5CH' AND month_no = 7;
UPDATE submission SET is_latest = 0, partial = true
WHERE service_id = 'RV5CH' AND month_no = 7
  AND sub_id = (SELECT min(sub_id) FROM submission WHERE service_id = 'RV5CH' AND month_no = 7);
ALTER TABLE submission ADD COLUMN audit_id integer;
UPDATE submission s SET audit_id = 90000 + x.n FROM (SELECT sub_id, row_number() OVER (ORDER BY sub_id) AS n FROM submission) x
WHERE x.sub_id = s.sub_id;
CREATE UNIQUE INDEX ON submission (service_id, month_no, sub_id);
INSERT INTO nhs_tt_local.planted_issue
SELECT 'resubmission', 'IsLatest_SubmissionID', NULL,
       'RV5CH November 2024: UniqueSubmissionID ' || min(sub_id) || ' (IsLatest 0, about a fifth of the month''s contacts missing) replaced by '
       || max(sub_id)
FROM submission WHERE service_id = 'RV5CH' AND month_no = 7;

-- Referral rows: every month from referral to discharge (a month later for
-- a late discharge), open referrals to March 2025, plus any later month
-- holding a post-discharge contact (follow-up, employment support).
CREATE TEMP TABLE ref_month AS
WITH span AS (
    SELECT r.id, greatest(0, (extract(year FROM r.ref_date) - 2024) * 12 + extract(month FROM r.ref_date) - 4)::int AS m1,
           least(11, coalesce((extract(year FROM r.disch_date) - 2024) * 12 + extract(month FROM r.disch_date) - 4
                              + CASE WHEN r.late_discharge THEN 1 ELSE 0 END, 11))::int AS m2
    FROM ref r),
months AS (
    SELECT s.id, m FROM span s CROSS JOIN LATERAL generate_series(s.m1, s.m2) m
    UNION ALL
    SELECT DISTINCT c.id, x.m
    FROM contact c JOIN span s USING (id)
    CROSS JOIN LATERAL (SELECT ((extract(year FROM c.cont_date) - 2024) * 12 + extract(month FROM c.cont_date) - 4)::int AS m) x
    WHERE (c.is_es OR c.seq = 2000) AND x.m > s.m2 AND x.m >= 0)
SELECT m.id, s.sub_id, s.audit_id, s.month_no, s.period_start, s.period_end, s.partial,
       500000000 + row_number() OVER (ORDER BY s.sub_id, m.id) AS record_number
FROM months m JOIN ref r USING (id) JOIN submission s ON s.service_id = r.service_id AND s.month_no = m.m;
CREATE INDEX ON ref_month (id, month_no);
ANALYZE ref_month;

-- ---------------------------------------------------------------------------
-- 6. The national tables
-- ---------------------------------------------------------------------------
CREATE TABLE nhs_tt."IsLatest_SubmissionID" (
    "UniqueSubmissionID"        bigint NOT NULL,
    "AuditId"                   integer NOT NULL,
    "IsLatest"                  integer NOT NULL,
    "ReportingPeriodStartDate"  date NOT NULL,
    "ReportingPeriodEndDate"    date NOT NULL,
    "OrgID_Provider"            varchar(5) NOT NULL
);
INSERT INTO nhs_tt."IsLatest_SubmissionID"
SELECT sub_id, audit_id, is_latest, period_start, period_end, service_id FROM submission ORDER BY sub_id;

CREATE TABLE nhs_tt."IDS101referral" (
    "UniqueSubmissionID"                bigint NOT NULL,
    "AuditId"                           integer NOT NULL,
    "RecordNumber"                      bigint NOT NULL,
    "PathwayID"                         varchar(100) NOT NULL,
    "Person_ID"                         varchar(100) NOT NULL,
    "OrgID_Provider"                    varchar(5) NOT NULL,
    "OrgIDComm"                         varchar(5),
    "ReferralRequestReceivedDate"       date,
    "ServDischDate"                     date,
    "EndCode"                           varchar(2),
    "SourceOfReferralIAPT"              varchar(2),
    "Age_ReferralRequest_ReceivedDate"  integer,
    "CompletedTreatment_Flag"           varchar(5),
    "NotCaseness_Flag"                  varchar(5),
    "Recovery_Flag"                     varchar(5),
    "ReliableImprovement_Flag"          varchar(5),
    "ReliableDeterioration_Flag"        varchar(5)
);
INSERT INTO nhs_tt."IDS101referral"
SELECT x.sub_id, x.audit_id, x.record_number, r.pathway_id, p.person_id, r.service_id, s.sub_icb_code,
       r.ref_date, CASE WHEN shown THEN r.disch_date END, CASE WHEN shown THEN r.end_code END,
       r.source, r.age,
       CASE WHEN shown THEN d.f_completed ELSE 'False' END,
       CASE WHEN shown THEN d.f_not_caseness ELSE 'False' END,
       CASE WHEN shown THEN d.f_recovery ELSE 'False' END,
       CASE WHEN shown THEN d.f_improvement ELSE 'False' END,
       CASE WHEN shown THEN d.f_deterioration ELSE 'False' END
FROM ref_month x JOIN ref r USING (id) JOIN person p USING (person_no) JOIN svc s USING (service_id)
JOIN derived d USING (id)
CROSS JOIN LATERAL (SELECT r.disch_date <= x.period_end
                           AND NOT (r.late_discharge AND r.disch_date >= x.period_start) AS shown) v
ORDER BY x.record_number;

CREATE TABLE nhs_tt."IDS001mpi" (
    "UniqueSubmissionID"        bigint NOT NULL,
    "AuditId"                   integer NOT NULL,
    "RecordNumber"              bigint NOT NULL,
    "Person_ID"                 varchar(100) NOT NULL,
    "Gender"                    varchar(1),
    "GenderIdentity"            varchar(1),
    "Validated_EthnicCategory"  varchar(2),
    "LSOA"                      varchar(9)
);
INSERT INTO nhs_tt."IDS001mpi"
SELECT x.sub_id, x.audit_id, x.record_number, p.person_id, p.gender, p.gender_identity, p.ethnic, r.lsoa
FROM ref_month x JOIN ref r USING (id) JOIN person p USING (person_no)
ORDER BY x.record_number;

-- Contacts in the submission of their month; the partial (IsLatest = 0)
-- Lewisham November submission lacks about one contact in five.
CREATE TEMP TABLE contact_sub AS
SELECT x.sub_id, x.audit_id, x.partial, c.*
FROM contact c JOIN ref_month x ON x.id = c.id
 AND x.month_no = ((extract(year FROM c.cont_date) - 2024) * 12 + extract(month FROM c.cont_date) - 4)::int
WHERE c.cont_date >= date '2024-04-01'
  AND NOT (x.partial AND pg_temp.u(c.contact_no, 60) < 0.2);

CREATE TABLE nhs_tt."IDS201carecontact" (
    "UniqueSubmissionID"        bigint NOT NULL,
    "AuditId"                   integer NOT NULL,
    "PathwayID"                 varchar(100) NOT NULL,
    "CareContactId"             varchar(100) NOT NULL,
    "CareContDate"              date,
    "CareContTime"              time,
    "AttendOrDNACode"           varchar(2),
    "AppType"                   varchar(2),
    "ConsMechanism"             varchar(2),
    "PlannedCareContIndicator"  varchar(1)
);
INSERT INTO nhs_tt."IDS201carecontact"
SELECT c.sub_id, c.audit_id, r.pathway_id, 'CC' || lpad(c.contact_no::text, 8, '0'), c.cont_date, c.cont_time,
       c.attend, c.app_type, c.cons_mechanism, c.planned
FROM contact_sub c JOIN ref r USING (id)
ORDER BY c.sub_id, c.contact_no;

-- Activities: the contact's procedure when attended; one employment
-- support contact in six also coded on a treatment contact the same week
-- (the employment adviser joined the session).
CREATE TABLE nhs_tt."IDS202careactivity" (
    "UniqueSubmissionID"        bigint NOT NULL,
    "AuditId"                   integer NOT NULL,
    "PathwayID"                 varchar(100) NOT NULL,
    "CareContactId"             varchar(100) NOT NULL,
    "CodeProcAndProcStatus"     varchar(20)
);
INSERT INTO nhs_tt."IDS202careactivity"
SELECT c.sub_id, c.audit_id, r.pathway_id, 'CC' || lpad(c.contact_no::text, 8, '0'), c.proc_code
FROM contact_sub c JOIN ref r USING (id)
WHERE c.attend IN ('5', '6') AND c.proc_code IS NOT NULL
UNION ALL
SELECT c.sub_id, c.audit_id, r.pathway_id, 'CC' || lpad(c.contact_no::text, 8, '0'), '1098051000000103'
FROM contact_sub c JOIN ref r USING (id)
WHERE c.attend IN ('5', '6') AND c.app_type = '02' AND r.es AND pg_temp.u(c.contact_no, 61) < 1.0 / 6;

-- Employment status records: at assessment, mid-treatment (half of
-- finished courses), at discharge (six in seven after treatment, three
-- in five after assessment only), and at the end of
-- employment support when that is after discharge. Each submission holds
-- every record dated up to its period end.
CREATE TEMP TABLE emp_base AS
SELECT r.id, r.es, r.age,
       CASE WHEN r.age < 25 AND pg_temp.u(r.id, 70) < 0.25 THEN '03'
            ELSE (ARRAY['01','01','01','01','01','01','01','01','01','01','01','02','02','02','04','04','05','06','08','07','ZZ'])
                     [1 + floor(pg_temp.u(r.id, 71) * 21)::int] END AS status1,
       pg_temp.u(r.id, 72) AS v_sick, pg_temp.u(r.id, 73) AS v_change, pg_temp.u(r.id, 74) AS v_ben,
       r.assess_date AS d1,
       CASE WHEN r.route = 'fin' AND pg_temp.u(r.id, 75) < 0.5 THEN r.treat1_date + r.gap * (r.n_treat / 2) END AS d2,
       CASE WHEN r.disch_date IS NOT NULL AND pg_temp.u(r.id, 76) < CASE WHEN r.route = 'assess' THEN 0.6 ELSE 6.0 / 7 END
            AND r.disch_date > r.assess_date THEN r.disch_date END AS d3,
       es_end.d AS es_end
FROM ref r
LEFT JOIN (SELECT id, max(cont_date) + 7 AS d FROM contact WHERE is_es GROUP BY id) es_end ON es_end.id = r.id
WHERE r.route <> 'none';
CREATE TEMP TABLE emp_record AS
WITH recs AS (
    SELECT e.*, 1 AS n, e.d1 AS rec_date FROM emp_base e WHERE e.d1 IS NOT NULL
    UNION ALL SELECT e.*, 2, e.d2 FROM emp_base e WHERE e.d2 IS NOT NULL
    UNION ALL SELECT e.*, 3, e.d3 FROM emp_base e WHERE e.d3 IS NOT NULL
    UNION ALL SELECT e.*, 4, e.es_end FROM emp_base e
              WHERE e.es_end IS NOT NULL AND e.es_end > coalesce(e.d3, e.d2, e.d1) AND e.es_end <= date '2025-03-31'),
st AS (
    -- People off sick go back to work, people out of work find it, more
    -- often with employment support; some start claiming.
    SELECT r.*,
           CASE WHEN r.n = 1 THEN r.status1
                WHEN r.status1 IN ('02', '06') AND r.v_change < 0.12 + CASE WHEN r.es THEN 0.18 ELSE 0 END THEN '01'
                WHEN r.status1 = '01' AND r.v_change > 0.97 THEN '02'
                WHEN r.status1 = '03' AND r.v_change < 0.10 THEN '01'
                ELSE r.status1 END AS status,
           r.status1 = '01' AND r.v_sick < 0.3 AS sick1
    FROM recs r)
SELECT st.id, st.n, st.rec_date, st.status,
       CASE WHEN st.status <> '01' THEN '8'
            WHEN st.v_sick > 0.98 THEN 'Z' WHEN st.v_sick > 0.96 THEN 'X'
            WHEN st.sick1 AND (st.n = 1 OR st.v_change > 0.45 + CASE WHEN st.es THEN 0.2 ELSE 0 END) THEN 'Y'
            ELSE 'N' END AS sick,
       CASE WHEN st.status = '01' AND st.sick1 AND st.n = 1 THEN CASE WHEN st.v_ben < 0.6 THEN 'Y' ELSE 'N' END
            WHEN st.v_ben > 0.98 THEN 'U' WHEN st.v_ben > 0.96 THEN 'Z' ELSE 'N' END AS ssp,
       -- Benefits follow the status of this record, so they change when
       -- the status does (UC stops on finding work).
       CASE WHEN st.v_ben > 0.97 THEN 'Z'
            WHEN st.status IN ('02', '04') AND st.v_ben < 0.85 THEN 'Y'
            WHEN st.status IN ('05', '06') AND st.v_ben < 0.4 THEN 'Y'
            WHEN st.status = '01' AND st.v_ben < 0.08 THEN 'Y' ELSE 'N' END AS benefit,
       CASE WHEN st.status = '04' AND st.v_ben < 0.55 THEN 'Y' WHEN st.v_ben > 0.97 THEN 'Z' ELSE 'N' END AS esa,
       CASE WHEN st.status = '02' AND st.v_ben < 0.8 THEN 'Y' WHEN st.status = '04' AND st.v_ben BETWEEN 0.55 AND 0.8 THEN 'Y'
            WHEN st.status IN ('05', '06') AND st.v_ben < 0.35 THEN 'Y'
            WHEN st.status = '01' AND st.v_ben < 0.05 THEN 'Y'
            WHEN st.v_ben > 0.97 THEN 'Z' ELSE 'N' END AS uc,
       CASE WHEN st.status = '04' AND st.v_ben < 0.4 THEN 'Y' WHEN st.v_ben < 0.03 THEN 'Y'
            WHEN st.v_ben > 0.97 THEN 'Z' ELSE 'N' END AS pip,
       CASE WHEN st.es AND (st.n > 1 OR pg_temp.u(st.id, 77) < 0.5) THEN 'Y' ELSE 'N' END AS es_ind,
       CASE WHEN st.es AND st.n = 4 THEN st.es_end - 7
            WHEN st.es AND st.n = 3 AND st.es_end <= st.rec_date THEN st.es_end - 7 END AS es_disch
FROM st;

CREATE TABLE nhs_tt."IDS004empstatus" (
    "UniqueSubmissionID"        bigint NOT NULL,
    "AuditId"                   integer NOT NULL,
    "RecordNumber"              bigint NOT NULL,
    "EmployStatus"              varchar(2),
    "EmployStatusRecDate"       date,
    "SickAbsenceInd"            varchar(1),
    "SSPInd"                    varchar(1),
    "BenefitRecInd"             varchar(1),
    "ESAInd"                    varchar(1),
    "UCInd"                     varchar(1),
    "PIPInd"                    varchar(1),
    "EmpSupportInd"             varchar(1),
    "EmpSupportDischargeDate"   date
);
INSERT INTO nhs_tt."IDS004empstatus"
SELECT x.sub_id, x.audit_id, x.record_number, e.status, e.rec_date, e.sick, e.ssp, e.benefit, e.esa, e.uc, e.pip,
       e.es_ind, e.es_disch
FROM ref_month x JOIN emp_record e ON e.id = x.id AND e.rec_date <= x.period_end
ORDER BY x.record_number, e.n;

-- Presenting complaints (ICD-10 without the dot, as validated nationally):
-- a primary one from assessment on, a secondary one for one in four.
CREATE TABLE nhs_tt."IDS603presentingcomplaints" (
    "UniqueSubmissionID"            bigint NOT NULL,
    "AuditId"                       integer NOT NULL,
    "PathwayID"                     varchar(100) NOT NULL,
    "Validated_PresentingComplaint" varchar(6),
    "PresCompCodSig"                varchar(1),
    "PresCompDate"                  date,
    "UniqueID_IDS603"               bigint NOT NULL
);
CREATE TEMP TABLE complaint AS
SELECT r.id, n, r.assess_date AS d,
       (ARRAY['F412','F412','F412','F412','F411','F411','F411','F411','F321','F321','F320','F322','F331','F331',
              'F410','F401','F400','F420','F431','F431','F452','F432','F412','F330'])
           [1 + floor(pg_temp.u(r.id * 10 + n, 80) * 24)::int] AS code
FROM ref r CROSS JOIN generate_series(1, 2) n
WHERE r.route <> 'none' AND (n = 1 OR pg_temp.u(r.id, 81) < 0.25);
INSERT INTO nhs_tt."IDS603presentingcomplaints"
SELECT x.sub_id, x.audit_id, r.pathway_id, c.code, c.n::text, c.d, 700000000 + row_number() OVER (ORDER BY x.record_number, c.n)
FROM ref_month x JOIN complaint c ON c.id = x.id AND c.d <= x.period_end JOIN ref r ON r.id = x.id;

-- Referral-level scores: the PHQ-9 and GAD-7 a self-referral fills in
-- online before assessment (the same values as at assessment), in the
-- submission of that month.
CREATE TABLE nhs_tt."IDS606codedscoreassessmentrefer" (
    "UniqueSubmissionID"    bigint NOT NULL,
    "AuditId"               integer NOT NULL,
    "PathwayID"             varchar(100) NOT NULL,
    "CodedAssToolType"      varchar(20),
    "PersScore"             varchar(10),
    "AssToolCompDate"       date,
    "AssToolCompTime"       time
);
INSERT INTO nhs_tt."IDS606codedscoreassessmentrefer"
SELECT x.sub_id, x.audit_id, r.pathway_id, t.tool, t.v::text, r.ref_date + 1,
       time '07:00' + interval '1 minute' * floor(pg_temp.u(r.id, 90) * 900)::int
FROM ref r JOIN score_plan p USING (id)
JOIN ref_month x ON x.id = r.id
 AND x.month_no = ((extract(year FROM r.ref_date + 1) - 2024) * 12 + extract(month FROM r.ref_date + 1) - 4)::int
CROSS JOIN LATERAL (VALUES ('720433000', p.phq1), ('445455005', p.gad1)) t(tool, v)
WHERE r.source = 'B1' AND pg_temp.u(r.id, 91) < 0.7 AND r.ref_date + 1 < r.assess_date;

CREATE TABLE nhs_tt."IDS607codedscoreassessmentact" (
    "UniqueSubmissionID"    bigint NOT NULL,
    "AuditId"               integer NOT NULL,
    "PathwayID"             varchar(100) NOT NULL,
    "CareContactId"         varchar(100) NOT NULL,
    "CodedAssToolType"      varchar(20),
    "PersScore"             varchar(10)
);
INSERT INTO nhs_tt."IDS607codedscoreassessmentact"
SELECT c.sub_id, c.audit_id, r.pathway_id, 'CC' || lpad(c.contact_no::text, 8, '0'), s.tool, s.val::text
FROM score s JOIN contact_sub c ON c.id = s.id AND c.contact_no = s.contact_no JOIN ref r ON r.id = s.id
ORDER BY c.sub_id, c.contact_no, s.tool;

-- ---------------------------------------------------------------------------
-- 7. Planted bad values (each in nhs_tt_local.planted_issue). All on
-- contacts in the middle of a course, so the derived flags stay right.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE middle_score AS
SELECT * FROM (
    SELECT s.id, s.contact_no, r.pathway_id, 'CC' || lpad(s.contact_no::text, 8, '0') AS contact_id,
           row_number() OVER (ORDER BY md5('bad' || s.contact_no)) AS k
    FROM score s JOIN ref r USING (id)
    WHERE s.tool = '720433000' AND s.j > 0 AND s.j < s.m - 1 AND s.cont_date >= date '2024-04-01') x
WHERE k <= 30;
ANALYZE middle_score;
-- PersScore 'NA' (3) and '99' (3) on PHQ-9.
UPDATE nhs_tt."IDS607codedscoreassessmentact" a SET "PersScore" = CASE WHEN m.k <= 3 THEN 'NA' ELSE '99' END
FROM middle_score m
WHERE m.k <= 6 AND a."CareContactId" = m.contact_id AND a."CodedAssToolType" = '720433000';
INSERT INTO nhs_tt_local.planted_issue
SELECT CASE WHEN k <= 3 THEN 'PersScore NA on PHQ-9' ELSE 'PersScore 99 on PHQ-9 (out of range 0-27)' END,
       'IDS607codedscoreassessmentact', pathway_id, 'CareContactId ' || contact_id
FROM middle_score WHERE k <= 6;
-- Unknown CodedAssToolType (2 on contacts, 1 on a referral).
INSERT INTO nhs_tt."IDS607codedscoreassessmentact"
SELECT a."UniqueSubmissionID", a."AuditId", a."PathwayID", a."CareContactId", '999999999', '4'
FROM nhs_tt."IDS607codedscoreassessmentact" a JOIN middle_score m ON a."CareContactId" = m.contact_id
WHERE m.k IN (7, 8) AND a."CodedAssToolType" = '720433000';
INSERT INTO nhs_tt_local.planted_issue
SELECT 'unknown CodedAssToolType 999999999', 'IDS607codedscoreassessmentact', pathway_id, 'CareContactId ' || contact_id
FROM middle_score WHERE k IN (7, 8);
WITH one AS (SELECT * FROM nhs_tt."IDS606codedscoreassessmentrefer" ORDER BY md5('bad606' || "PathwayID"), "CodedAssToolType" LIMIT 1)
INSERT INTO nhs_tt."IDS606codedscoreassessmentrefer"
SELECT "UniqueSubmissionID", "AuditId", "PathwayID", '999999999', '12', "AssToolCompDate", "AssToolCompTime" FROM one;
INSERT INTO nhs_tt_local.planted_issue
SELECT 'unknown CodedAssToolType 999999999', 'IDS606codedscoreassessmentrefer', "PathwayID", 'referral-level score'
FROM nhs_tt."IDS606codedscoreassessmentrefer" WHERE "CodedAssToolType" = '999999999';
-- Unknown AppType '99' on two attended treatment contacts.
CREATE TEMP TABLE bad_contact AS
SELECT a.*, row_number() OVER (ORDER BY md5('badc' || a."CareContactId")) AS k
FROM nhs_tt."IDS201carecontact" a JOIN middle_score m ON a."CareContactId" = m.contact_id
WHERE m.k BETWEEN 9 AND 30 AND a."AppType" = '02'
  AND a."UniqueSubmissionID" IN (SELECT sub_id FROM submission WHERE is_latest = 1);
UPDATE nhs_tt."IDS201carecontact" a SET "AppType" = '99'
FROM bad_contact b WHERE b.k <= 2 AND a."CareContactId" = b."CareContactId";
INSERT INTO nhs_tt_local.planted_issue
SELECT 'unknown AppType 99', 'IDS201carecontact', "PathwayID", 'CareContactId ' || "CareContactId" FROM bad_contact WHERE k <= 2;
-- Contacts dated outside their referral: one moved to before the referral
-- date, one to after discharge (a treatment contact, not 06 or 10).
UPDATE nhs_tt."IDS201carecontact" a SET "CareContDate" = r.ref_date - 3
FROM bad_contact b JOIN ref r ON r.pathway_id = b."PathwayID"
WHERE b.k = 3 AND a."CareContactId" = b."CareContactId";
UPDATE nhs_tt."IDS201carecontact" a SET "CareContDate" = r.disch_date + 9
FROM bad_contact b JOIN ref r ON r.pathway_id = b."PathwayID"
WHERE b.k = 4 AND a."CareContactId" = b."CareContactId";
INSERT INTO nhs_tt_local.planted_issue
SELECT 'contact dated outside its referral', 'IDS201carecontact', b."PathwayID",
       'CareContactId ' || b."CareContactId" || CASE WHEN b.k = 3 THEN ' dated 3 days before the referral' ELSE ' dated 9 days after discharge' END
FROM bad_contact b WHERE b.k IN (3, 4);
-- Duplicated contact rows (the same row twice in one submission).
INSERT INTO nhs_tt."IDS201carecontact"
SELECT a.* FROM nhs_tt."IDS201carecontact" a JOIN bad_contact b ON a."CareContactId" = b."CareContactId" WHERE b.k IN (5, 6);
INSERT INTO nhs_tt_local.planted_issue
SELECT 'duplicated contact row', 'IDS201carecontact', "PathwayID", 'CareContactId ' || "CareContactId" FROM bad_contact WHERE k IN (5, 6);

-- Indexes a warehouse would have on the join keys.
CREATE INDEX ON nhs_tt."IDS101referral" ("UniqueSubmissionID", "AuditId");
CREATE INDEX ON nhs_tt."IDS101referral" ("PathwayID");
CREATE INDEX ON nhs_tt."IDS001mpi" ("RecordNumber");
CREATE INDEX ON nhs_tt."IDS004empstatus" ("RecordNumber");
CREATE INDEX ON nhs_tt."IDS201carecontact" ("PathwayID", "AuditId");
CREATE INDEX ON nhs_tt."IDS202careactivity" ("PathwayID", "CareContactId");
CREATE INDEX ON nhs_tt."IDS603presentingcomplaints" ("PathwayID");
CREATE INDEX ON nhs_tt."IDS606codedscoreassessmentrefer" ("PathwayID");
CREATE INDEX ON nhs_tt."IDS607codedscoreassessmentact" ("PathwayID", "CareContactId");

-- The generator's own view of each referral (for docs/demo-data.md and
-- the local data in demo/11-local-data.sql): not part of the data set.
CREATE TABLE nhs_tt_local.generated_referral AS
SELECT r.pathway_id, p.person_id, r.service_id, r.imd_decile, r.lsoa, r.ref_date, r.disch_date, r.route,
       r.n_treat, r.es, r.prev_id IS NOT NULL AS repeat_referral,
       d.completed, d.not_caseness, d.recovered, d.improved, d.deteriorated
FROM ref r JOIN person p USING (person_no) JOIN derived d USING (id);
COMMENT ON TABLE nhs_tt_local.generated_referral IS
'Demo generator''s record of each referral it made (route, employment support, repeat, flags as derived from the scores): the truth the national tables were made from';

ANALYZE nhs_tt."IsLatest_SubmissionID", nhs_tt."IDS101referral", nhs_tt."IDS001mpi", nhs_tt."IDS201carecontact",
        nhs_tt."IDS202careactivity", nhs_tt."IDS004empstatus", nhs_tt."IDS603presentingcomplaints",
        nhs_tt."IDS606codedscoreassessmentrefer", nhs_tt."IDS607codedscoreassessmentact";

-- ---------------------------------------------------------------------------
-- 8. Counts a reader can check (docs/demo-data.md gives the expected values)
-- ---------------------------------------------------------------------------
\echo 'nhs_tt: rows per table'
SELECT 'IsLatest_SubmissionID' AS "table", count(*) AS "rows" FROM nhs_tt."IsLatest_SubmissionID"
UNION ALL SELECT 'IDS101referral', count(*) FROM nhs_tt."IDS101referral"
UNION ALL SELECT 'IDS001mpi', count(*) FROM nhs_tt."IDS001mpi"
UNION ALL SELECT 'IDS004empstatus', count(*) FROM nhs_tt."IDS004empstatus"
UNION ALL SELECT 'IDS201carecontact', count(*) FROM nhs_tt."IDS201carecontact"
UNION ALL SELECT 'IDS202careactivity', count(*) FROM nhs_tt."IDS202careactivity"
UNION ALL SELECT 'IDS603presentingcomplaints', count(*) FROM nhs_tt."IDS603presentingcomplaints"
UNION ALL SELECT 'IDS606codedscoreassessmentrefer', count(*) FROM nhs_tt."IDS606codedscoreassessmentrefer"
UNION ALL SELECT 'IDS607codedscoreassessmentact', count(*) FROM nhs_tt."IDS607codedscoreassessmentact";

\echo 'nhs_tt: submissions per provider and the IsLatest split'
SELECT "OrgID_Provider", count(*) AS submissions, count(*) FILTER (WHERE "IsLatest" = 1) AS latest,
       count(*) FILTER (WHERE "IsLatest" = 0) AS superseded,
       min("ReportingPeriodStartDate") AS first_period, max("ReportingPeriodEndDate") AS last_period
FROM nhs_tt."IsLatest_SubmissionID" GROUP BY 1 ORDER BY 1;

\echo 'nhs_tt: referrals received April 2024 - March 2025 (IsLatest = 1), distinct pathways and people'
SELECT r."OrgID_Provider", count(DISTINCT r."PathwayID") AS referrals, count(DISTINCT r."Person_ID") AS people
FROM nhs_tt."IDS101referral" r
JOIN nhs_tt."IsLatest_SubmissionID" l USING ("UniqueSubmissionID", "AuditId")
WHERE l."IsLatest" = 1 AND r."ReferralRequestReceivedDate" BETWEEN date '2024-04-01' AND date '2025-03-31'
GROUP BY ROLLUP (1) ORDER BY 1;

\echo 'nhs_tt_local.planted_issue: the planted faults'
SELECT issue, table_name, count(*) FROM nhs_tt_local.planted_issue GROUP BY 1, 2 ORDER BY 2, 1;

-- Calibration, counted the way NHS England's Key Metrics script counts
-- (KM monthly update.sql): a referral counts in the month whose latest
-- submission shows it received, or discharged with CompletedTreatment_Flag
-- 'True'; recovery = recovered / (finished - not at caseness).
\echo 'calibration: published 2024-25 figures times 0.6 beside the generated data'
WITH latest AS (
    SELECT r.*, l."ReportingPeriodStartDate" AS ps, l."ReportingPeriodEndDate" AS pe
    FROM nhs_tt."IDS101referral" r JOIN nhs_tt."IsLatest_SubmissionID" l USING ("UniqueSubmissionID", "AuditId")
    WHERE l."IsLatest" = 1),
fin AS (
    SELECT DISTINCT "OrgID_Provider", "PathwayID", "NotCaseness_Flag", "Recovery_Flag", "ReliableImprovement_Flag",
           "ReliableDeterioration_Flag"
    FROM latest WHERE "CompletedTreatment_Flag" = 'True' AND "ServDischDate" BETWEEN ps AND pe),
gen AS (
    SELECT g."OrgID_Provider" AS service_id,
           (SELECT count(DISTINCT "PathwayID") FROM latest x
            WHERE x."OrgID_Provider" = g."OrgID_Provider" AND x."ReferralRequestReceivedDate" BETWEEN x.ps AND x.pe) AS referrals,
           count(*) AS finished, count(*) FILTER (WHERE "NotCaseness_Flag" = 'True') AS not_caseness,
           count(*) FILTER (WHERE "Recovery_Flag" = 'True') AS recovered,
           count(*) FILTER (WHERE "ReliableImprovement_Flag" = 'True') AS improved,
           count(*) FILTER (WHERE "ReliableDeterioration_Flag" = 'True') AS deteriorated
    FROM fin g GROUP BY 1),
pub AS (SELECT * FROM published_total)
SELECT p.service_id AS provider,
       round(p.referrals * :scale) AS "referrals pub", g.referrals AS "referrals gen",
       round(p.finished * :scale) AS "finished pub", g.finished AS "finished gen",
       round(100 * p.recovered / (p.finished - p.not_caseness)) AS "recovery % pub",
       round(100.0 * g.recovered / (g.finished - g.not_caseness)) AS "recovery % gen",
       round(100 * p.improved / p.finished) AS "improved % pub", round(100.0 * g.improved / g.finished) AS "improved % gen",
       round(100 * p.deteriorated / p.finished) AS "deteriorated % pub", round(100.0 * g.deteriorated / g.finished) AS "deteriorated % gen"
FROM pub p JOIN gen g USING (service_id) ORDER BY 1;

-- Hammersmith and Fulham by IMD decile: residents (2015 LSOA population),
-- published 2024-25 referrals, generated referrals, as % of the borough.
\echo 'Hammersmith and Fulham: residents, published and generated referrals by IMD decile (% of total)'
WITH residents AS (
    SELECT imd2019_decile AS imd_decile, sum(population) AS n FROM lsoa_csv
    WHERE lsoa11nm ~ '^Hammersmith and Fulham [0-9]' GROUP BY 1),
pub AS (SELECT imd_decile, n_year AS n FROM decile_target WHERE service_id = 'RKL14' AND imd_decile IS NOT NULL),
gen AS (
    SELECT l.imd2019_decile AS imd_decile, count(DISTINCT r."PathwayID") AS n
    FROM nhs_tt."IDS101referral" r
    JOIN nhs_tt."IsLatest_SubmissionID" s USING ("UniqueSubmissionID", "AuditId")
    JOIN nhs_tt."IDS001mpi" m USING ("UniqueSubmissionID", "AuditId", "RecordNumber")
    JOIN lsoa_csv l ON l.lsoa11cd = m."LSOA"
    WHERE s."IsLatest" = 1 AND r."OrgID_Provider" = 'RKL14'
      AND r."ReferralRequestReceivedDate" BETWEEN date '2024-04-01' AND date '2025-03-31'
    GROUP BY 1)
SELECT d AS imd_decile,
       round(100.0 * coalesce(res.n, 0) / (SELECT sum(n) FROM residents), 1) AS "residents %",
       round(100.0 * coalesce(pub.n, 0) / (SELECT sum(n) FROM pub), 1) AS "published referrals %",
       round(100.0 * coalesce(gen.n, 0) / (SELECT sum(n) FROM gen), 1) AS "generated referrals %"
FROM generate_series(1, 10) d
LEFT JOIN residents res ON res.imd_decile = d LEFT JOIN pub ON pub.imd_decile = d LEFT JOIN gen ON gen.imd_decile = d
ORDER BY d;
