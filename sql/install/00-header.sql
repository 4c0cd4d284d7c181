-- iapt_ews: NHS Talking Therapies analytics in PostgreSQL.
-- Assembled from sql/install/*.sql, one fragment per topic.
\echo Use "CREATE EXTENSION iapt_ews CASCADE" to load this file. \quit
