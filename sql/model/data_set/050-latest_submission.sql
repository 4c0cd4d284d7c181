-- step: 50
-- object: latest_submission
-- kind: view
-- layer: bound_relations
-- reads: ds_islatest_submissionid, ds_ids101referral
-- stored: index=unique_submission_id+audit_id
-- Only submissions flagged IsLatest count (a resubmission replaces the
-- month's earlier one). A submission is one provider's: its provider is
-- the one OrgID_Provider its IDS101 records name. A submission whose
-- records name several is left out whole (counted in data_quality), so
-- that no provider's submission can carry records in another's name.
CREATE VIEW latest_submission WITH (security_barrier = true) AS
-- Computed once even where a join above rescans the view.
WITH flagged AS MATERIALIZED (
    SELECT s.unique_submission_id, s.audit_id, s.reporting_period_start, s.reporting_period_end
    FROM ds_islatest_submissionid s
    WHERE lower(s.is_latest) IN ('1', 'true', 't', 'y', 'yes')
      AND iapt_ews.is_identifier(s.unique_submission_id) AND iapt_ews.is_identifier(s.audit_id)),
providers AS MATERIALIZED (
    SELECT r.unique_submission_id, r.audit_id, min(r.provider_code) AS provider_code,
           count(DISTINCT r.provider_code) AS providers
    FROM ds_ids101referral r
    GROUP BY r.unique_submission_id, r.audit_id)
SELECT f.unique_submission_id, f.audit_id, f.reporting_period_start, f.reporting_period_end, p.provider_code
FROM flagged f
JOIN providers p ON p.unique_submission_id = f.unique_submission_id AND p.audit_id = f.audit_id
WHERE p.providers = 1 AND iapt_ews.is_identifier(p.provider_code);
COMMENT ON VIEW latest_submission IS 'The submissions that count: IsLatest = 1 in IsLatest_SubmissionID, each with the one provider its IDS101 records name (a submission naming several, or none, is left out and counted in data_quality)';
COMMENT ON COLUMN latest_submission.unique_submission_id IS 'UniqueSubmissionID';
COMMENT ON COLUMN latest_submission.audit_id IS 'AuditId';
COMMENT ON COLUMN latest_submission.reporting_period_start IS 'ReportingPeriodStartDate';
COMMENT ON COLUMN latest_submission.reporting_period_end IS 'ReportingPeriodEndDate';
COMMENT ON COLUMN latest_submission.provider_code IS 'OrgID_Provider of the submission''s IDS101 records (one provider per submission)';
