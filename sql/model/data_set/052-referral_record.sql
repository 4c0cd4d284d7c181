-- step: 52
-- object: referral_record
-- kind: view
-- layer: bound_relations
-- reads: latest_submission, ds_ids101referral
-- stored: index=unique_submission_id+audit_id+pathway_id, referral_key
-- Every IDS101 record of a latest submission, with the key of the
-- referral it belongs to. A referral belongs to its provider: PathwayID
-- is the key where one provider sends it; a PathwayID that two providers
-- send is two referrals, keyed PathwayID@provider, never merged (counted
-- in data_quality). Every other bound relation finds its referral here,
-- by the submission that carries its record and the PathwayID, never by
-- PathwayID alone. Keys that are not identifiers (identifier_problem:
-- over-long, or holding the separators @ and :) are left out and counted.
CREATE VIEW referral_record WITH (security_barrier = true) AS
WITH records AS (
    SELECT r.*, s.reporting_period_end
    FROM ds_ids101referral r
    JOIN latest_submission s ON s.unique_submission_id = r.unique_submission_id AND s.audit_id = r.audit_id
                            AND s.provider_code = r.provider_code
    WHERE iapt_ews.is_identifier(r.pathway_id)
      AND (r.person_id IS NULL OR iapt_ews.is_identifier(r.person_id))),
keyed AS (
    SELECT x.*, min(x.provider_code) OVER (PARTITION BY x.pathway_id) <> max(x.provider_code) OVER (PARTITION BY x.pathway_id) AS shared
    FROM records x)
SELECT CASE WHEN k.shared THEN k.pathway_id || '@' || k.provider_code ELSE k.pathway_id END AS referral_key,
       k.unique_submission_id, k.audit_id, k.record_number, k.pathway_id, k.person_id, k.provider_code,
       k.commissioner_code, k.referral_date, k.discharge_date, k.end_code, k.source_of_referral, k.age_at_referral,
       k.completed_treatment_flag, k.not_caseness_flag, k.recovery_flag, k.reliable_improvement_flag,
       k.reliable_deterioration_flag, k.use_pathway_flag, k.reporting_period_end
FROM keyed k;
COMMENT ON VIEW referral_record IS 'Every IDS101 record of the latest submissions whose keys are identifiers, with the key of its referral: PathwayID, or PathwayID@provider where more than one provider sends that PathwayID';
COMMENT ON COLUMN referral_record.referral_key IS 'The referral''s key in every bound relation: PathwayID, or PathwayID@OrgID_Provider when another provider sends the same PathwayID';
COMMENT ON COLUMN referral_record.use_pathway_flag IS 'UsePathway_Flag, read as a boolean (NULL where the column is absent or the value is not one)';
COMMENT ON COLUMN referral_record.reporting_period_end IS 'ReportingPeriodEndDate of the record''s submission';
