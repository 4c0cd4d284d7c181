-- The data model over the demo's national tables: iapt_ews.bind_data_set
-- makes, in schema talking_therapies, ds_ views over schema nhs_tt
-- (demo/10-source-data.sql), the logical relations (referral, care_contact,
-- assessment_score, ...) and every report. Then the reference tables of the
-- bound schema are loaded: London's LSOAs (data/england_lsoa11.csv.gz),
-- and the services' sites, workforce and workshops from nhs_tt_local
-- (demo/11-local-data.sql); organisations through
-- iapt_ews.load_organisations from data/london_organisations.csv.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SELECT count(*) AS bound_objects FROM iapt_ews.bind_data_set('talking_therapies', 'nhs_tt') \gset
\echo 'Bound the data model to schema nhs_tt in schema talking_therapies:' :bound_objects 'views and tables'
\echo 'The bound relations are stored (materialized) and indexed; iapt_ews.refresh_data_set brings them up to date after a load.'

INSERT INTO talking_therapies.provider_access VALUES (current_user::regrole, '*');

CREATE TEMP TABLE lsoa_csv (lsoa11cd text, lsoa11nm text, lon float8, lat float8, easting float8,
                            northing float8, population integer, imd2019_decile integer);
\copy lsoa_csv FROM PROGRAM 'gzip -dc data/england_lsoa11.csv.gz' WITH (FORMAT csv, HEADER true)
-- The London LSOAs (E01000001 - E01033768 hold London's among England's; the
-- names carry the borough).
INSERT INTO talking_therapies.area (lsoa_code, name, easting, northing, population, imd_decile)
SELECT lsoa11cd, lsoa11nm, easting, northing, population, imd2019_decile
FROM lsoa_csv
WHERE easting IS NOT NULL
  AND lsoa11cd IN (SELECT lsoa FROM nhs_tt_local.generated_referral
                   UNION SELECT l.lsoa11cd FROM lsoa_csv l JOIN nhs_tt_local.service s ON l.lsoa11nm ~ s.lsoa_pattern);

-- The services' sites: bases and outreach practices. The other GP
-- practices of each borough (nhs_tt_local.site kind gp_practice) are the
-- candidates for new sites, not sites.
INSERT INTO talking_therapies.site (site_id, service_id, name, easting, northing)
SELECT DISTINCT ON (site_id) site_id, service_id, name, easting, northing
FROM nhs_tt_local.site WHERE kind IN ('base', 'outreach')
ORDER BY site_id, kind = 'base' DESC, service_id;

INSERT INTO talking_therapies.workforce (service_id, period, role, wte)
SELECT service_id, period, role, wte FROM nhs_tt_local.workforce;

INSERT INTO talking_therapies.group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode,
                                             booked, attended, overbooked, poll_responses, poll_helped)
SELECT session_id, service_id, topic, starts_at, capacity, delivery_mode,
       booked, attended, overbooked, poll_responses, poll_helped
FROM nhs_tt_local.group_session;

CREATE TEMP TABLE organisation_csv (org_code text, org_name text, org_type text, parent_code text,
                                    valid_from date, valid_to date, successor_code text);
\copy organisation_csv FROM 'data/london_organisations.csv' WITH (FORMAT csv, HEADER true)
SELECT iapt_ews.load_organisations('talking_therapies.organisation', 'organisation_csv') AS organisations \gset

ANALYZE talking_therapies.area, talking_therapies.site, talking_therapies.workforce,
        talking_therapies.group_session, talking_therapies.organisation;
SELECT (SELECT count(*) FROM talking_therapies.area) AS areas, (SELECT count(*) FROM talking_therapies.site) AS sites,
       (SELECT count(*) FROM talking_therapies.workforce) AS workforce_rows,
       (SELECT count(*) FROM talking_therapies.group_session) AS group_sessions, :organisations AS organisations;
