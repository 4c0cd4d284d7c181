-- step: 290
-- object: data_quality
-- kind: view
-- layer: reports
-- reads: data_quality_problem
-- when: data_quality_problem present
-- What the reports leave out, counted, of the latest submissions, with an
-- example key of a referral the caller may see.
CREATE VIEW data_quality WITH (security_barrier = true) AS
SELECT p.table_name, p.column_name, p.problem, count(*) AS rows, min(p.pathway_id) AS example_key
FROM data_quality_problem p
GROUP BY 1, 2, 3;
COMMENT ON VIEW data_quality IS 'Rows of the latest submissions that the reports leave out instead of failing, counted by data set table, column and problem, with one example PathwayID (of a referral the caller may see)';
COMMENT ON COLUMN data_quality.table_name IS 'Data set table';
COMMENT ON COLUMN data_quality.column_name IS 'Column with the problem';
COMMENT ON COLUMN data_quality.problem IS 'unknown code, out of range, not a number, duplicate in a submission, outside its referral or not a date, ...';
COMMENT ON COLUMN data_quality.rows IS 'Rows left out';
COMMENT ON COLUMN data_quality.example_key IS 'PathwayID of one such row';
