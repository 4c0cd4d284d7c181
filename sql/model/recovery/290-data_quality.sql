-- step: 290
-- object: data_quality
-- kind: view
-- layer: reports
-- reads: data_quality_problem
-- What the reports leave out, counted, with an example key: one statement
-- over data_quality_problem in every schema, so the count can never have
-- rules of its own (visibility is data_quality_problem's).
CREATE VIEW data_quality WITH (security_barrier = true) AS
SELECT p.table_name, p.column_name, p.problem, count(*) AS rows, min(p.pathway_id) AS example_key
FROM data_quality_problem p
GROUP BY 1, 2, 3;
COMMENT ON VIEW data_quality IS 'Rows the reports leave out instead of failing (data_quality_problem), counted by table, column and problem, with one example key (of a referral the caller may see)';
COMMENT ON COLUMN data_quality.table_name IS 'The model''s relation or, for a problem only the national tables show, the data set table';
COMMENT ON COLUMN data_quality.column_name IS 'Column with the problem';
COMMENT ON COLUMN data_quality.problem IS 'What is wrong (out of range, outside its referral or not dated, unknown code, duplicate in a submission, ...)';
COMMENT ON COLUMN data_quality.rows IS 'Rows left out';
COMMENT ON COLUMN data_quality.example_key IS 'The smallest referral key (pathway_id) of such rows; for a data set row left out, its PathwayID or UniqueSubmissionID';
