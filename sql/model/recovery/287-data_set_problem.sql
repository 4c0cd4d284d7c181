-- step: 287
-- object: data_set_problem
-- kind: view
-- layer: reports
-- reads:
-- when: referral_record absent
-- Outside a bound data set there are no submissions, identifiers or
-- national codes to check: no rows, in the shape of the bound variant
-- (step 286), so that data_quality_problem is one statement in every
-- schema.
CREATE VIEW data_set_problem WITH (security_barrier = true) AS
SELECT NULL::text AS table_name, NULL::text AS column_name, NULL::text AS problem,
       NULL::text AS pathway_id, NULL::text AS provider_code
WHERE false;
COMMENT ON VIEW data_set_problem IS 'The problems only a national data set has (bind_data_set); none in this schema, whose tables are not the data set''s';
COMMENT ON COLUMN data_set_problem.table_name IS 'Data set table';
COMMENT ON COLUMN data_set_problem.column_name IS 'Data set column with the problem';
COMMENT ON COLUMN data_set_problem.problem IS 'What is wrong';
COMMENT ON COLUMN data_set_problem.pathway_id IS 'The key of the referral the row belongs to';
COMMENT ON COLUMN data_set_problem.provider_code IS 'Its provider';
