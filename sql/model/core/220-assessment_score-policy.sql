-- step: 220
-- object: assessment_score
-- kind: policy
-- layer: row_security
-- reads: assessment_score, referral
ALTER TABLE assessment_score ENABLE ROW LEVEL SECURITY;
CREATE POLICY assessment_score_by_provider ON assessment_score
    USING (EXISTS (SELECT 1 FROM referral r WHERE r.pathway_id = assessment_score.pathway_id));
COMMENT ON POLICY assessment_score_by_provider ON assessment_score IS 'Scores of the referrals the current user may see (policy referral_by_provider)';
