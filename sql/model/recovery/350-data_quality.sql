-- step: 350
-- object: data_quality
-- kind: view
-- layer: reports
-- reads: referral, care_contact, assessment_score, provider_access
-- when: data_quality_problem absent
CREATE VIEW data_quality WITH (security_barrier = true) AS
-- Rows the reports leave out, counted: scores the measure cannot have (or
-- that did not convert), and contacts dated outside their referral (or not
-- dated). Example keys only of referrals the caller may see.
SELECT 'assessment_score'::text AS table_name, 'score'::text AS column_name,
       coalesce(iapt_ews.score_problem(s.measure, s.score), 'missing or not a number') AS problem,
       count(*) AS rows, min(s.pathway_id) AS example_key
FROM assessment_score s JOIN referral r ON r.pathway_id = s.pathway_id
WHERE (s.score IS NULL OR iapt_ews.score_problem(s.measure, s.score) IS NOT NULL) AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
GROUP BY 3
UNION ALL
SELECT 'assessment_score', 'recorded_at', 'missing or not a time', count(*), min(s.pathway_id)
FROM assessment_score s JOIN referral r ON r.pathway_id = s.pathway_id
WHERE s.recorded_at IS NULL AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
HAVING count(*) > 0
UNION ALL
SELECT 'referral', 'referral_date', 'missing or not a date', count(*), min(r.pathway_id)
FROM referral r
WHERE r.referral_date IS NULL AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
HAVING count(*) > 0
UNION ALL
SELECT 'care_contact', 'contact_at', 'outside its referral or not dated', count(*), min(c.contact_id)
FROM care_contact c JOIN referral r ON r.pathway_id = c.pathway_id
WHERE ((c.contact_at AT TIME ZONE 'Europe/London')::date < r.referral_date
       OR (c.contact_at AT TIME ZONE 'Europe/London')::date > r.discharge_date
       OR c.contact_at IS NULL)
  AND iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass)
HAVING count(*) > 0;
COMMENT ON VIEW data_quality IS 'Rows the reports leave out instead of failing, counted by table, column and problem, with one example key (of a referral the caller may see)';
COMMENT ON COLUMN data_quality.table_name IS 'Table the rows are in';
COMMENT ON COLUMN data_quality.column_name IS 'Column with the problem';
COMMENT ON COLUMN data_quality.problem IS 'What is wrong (e.g. out of range, outside its referral)';
COMMENT ON COLUMN data_quality.rows IS 'Rows left out';
COMMENT ON COLUMN data_quality.example_key IS 'Key of one such row (pathway_id or contact_id)';
