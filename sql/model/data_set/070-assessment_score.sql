-- step: 70
-- object: assessment_score
-- kind: view
-- layer: bound_relations
-- reads: referral_record, ds_ids606codedscoreassessmentrefer, ds_ids607codedscoreassessmentact, care_contact, data_set_codes
-- stored: index=pathway_id+measure+recorded_at
-- Scores from IDS606 (timed by AssToolCompDate and AssToolCompTime) and
-- IDS607 (timed by their care contact), through the assessment code list;
-- one per referral, measure and time; each of the referral record of its
-- own submission. A score that is not a usable score of its measure is
-- NULL here (left out of the outcomes, counted in data_quality).
CREATE VIEW assessment_score WITH (security_barrier = true) AS
SELECT DISTINCT ON (x.pathway_id, x.measure, x.recorded_at)
       x.pathway_id, x.measure, x.recorded_at, iapt_ews.score_value(x.measure, x.score) AS score
FROM (SELECT r.referral_key AS pathway_id, k.meaning AS measure,
             (a.completed_date + coalesce(a.completed_time, TIME '00:00')) AT TIME ZONE 'Europe/London' AS recorded_at,
             a.score, r.reporting_period_end
      FROM ds_ids606codedscoreassessmentrefer a
      JOIN referral_record r ON r.unique_submission_id = a.unique_submission_id AND r.audit_id = a.audit_id
                            AND r.pathway_id = a.pathway_id
      JOIN data_set_codes k ON k.code_list = 'assessment' AND k.code = a.assessment_code
      UNION ALL
      SELECT r.referral_key, k.meaning, c.contact_at, a.score, r.reporting_period_end
      FROM ds_ids607codedscoreassessmentact a
      JOIN referral_record r ON r.unique_submission_id = a.unique_submission_id AND r.audit_id = a.audit_id
                            AND r.pathway_id = a.pathway_id
      JOIN data_set_codes k ON k.code_list = 'assessment' AND k.code = a.assessment_code
      JOIN care_contact c ON c.contact_id = r.referral_key || ':' || a.care_contact_id) x
WHERE x.recorded_at IS NOT NULL
-- Of two scores of one time, the latest period's; then a usable one.
ORDER BY x.pathway_id, x.measure, x.recorded_at, x.reporting_period_end DESC,
         (iapt_ews.score_value(x.measure, x.score) IS NULL), x.score;
COMMENT ON VIEW assessment_score IS 'Scored assessments from IDS606 and IDS607 in the shape of the model''s assessment_score, one per referral, measure and time';
COMMENT ON COLUMN assessment_score.pathway_id IS 'The referral''s key (referral.pathway_id)';
COMMENT ON COLUMN assessment_score.measure IS 'The measure of CodedAssToolType (data_set_codes assessment)';
COMMENT ON COLUMN assessment_score.recorded_at IS 'AssToolCompDate and AssToolCompTime (IDS606) or the care contact''s time (IDS607)';
COMMENT ON COLUMN assessment_score.score IS 'PersScore; NULL when it is not a usable score of the measure';
