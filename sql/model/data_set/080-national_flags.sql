-- step: 80
-- object: national_flags
-- kind: view
-- layer: bound_relations
-- reads: referral_record
-- stored: index=pathway_id
CREATE VIEW national_flags WITH (security_barrier = true) AS
SELECT DISTINCT ON (r.referral_key) r.referral_key AS pathway_id, r.provider_code,
       CASE WHEN r.completed_treatment_flag IS NOT NULL THEN lower(r.completed_treatment_flag) IN ('1', 'true', 't', 'y', 'yes') END AS completed_treatment,
       CASE WHEN r.not_caseness_flag IS NOT NULL THEN lower(r.not_caseness_flag) IN ('1', 'true', 't', 'y', 'yes') END AS not_caseness,
       CASE WHEN r.recovery_flag IS NOT NULL THEN lower(r.recovery_flag) IN ('1', 'true', 't', 'y', 'yes') END AS recovery,
       CASE WHEN r.reliable_improvement_flag IS NOT NULL THEN lower(r.reliable_improvement_flag) IN ('1', 'true', 't', 'y', 'yes') END AS reliable_improvement,
       CASE WHEN r.reliable_deterioration_flag IS NOT NULL THEN lower(r.reliable_deterioration_flag) IN ('1', 'true', 't', 'y', 'yes') END AS reliable_deterioration
FROM referral_record r
ORDER BY r.referral_key, r.reporting_period_end DESC,
         length(r.unique_submission_id) DESC, r.unique_submission_id DESC,
         length(r.record_number) DESC NULLS LAST, r.record_number DESC NULLS LAST;
COMMENT ON VIEW national_flags IS 'The national derived flags of each referral''s latest IDS101 record, where the warehouse has them (NULL otherwise)';
COMMENT ON COLUMN national_flags.pathway_id IS 'The referral''s key (referral.pathway_id)';
COMMENT ON COLUMN national_flags.provider_code IS 'OrgID_Provider';
COMMENT ON COLUMN national_flags.completed_treatment IS 'CompletedTreatment_Flag';
COMMENT ON COLUMN national_flags.not_caseness IS 'NotCaseness_Flag';
COMMENT ON COLUMN national_flags.recovery IS 'Recovery_Flag';
COMMENT ON COLUMN national_flags.reliable_improvement IS 'ReliableImprovement_Flag';
COMMENT ON COLUMN national_flags.reliable_deterioration IS 'ReliableDeterioration_Flag';
