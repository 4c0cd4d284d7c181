-- step: 289
-- object: data_quality_problem
-- kind: view
-- layer: reports
-- reads: data_quality_problem_all, provider_access
-- Over a stored data set (bind_data_set, materialize): the stored problems
-- of every provider, those of the caller's providers kept.
CREATE VIEW data_quality_problem WITH (security_barrier = true) AS
SELECT p.* FROM data_quality_problem_all p
WHERE iapt_ews.provider_visible(p.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW data_quality_problem IS 'Each row of the latest submissions that the reports leave out instead of failing, as stored at the last iapt_ews.refresh_data_set, of the providers provider_access grants the caller; data_quality counts them';
SELECT iapt_ews.copy_column_comments('data_quality_problem_all'::regclass, 'data_quality_problem'::regclass);
