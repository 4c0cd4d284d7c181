-- step: 230
-- object: employment_status
-- kind: policy
-- layer: row_security
-- reads: employment_status, referral
ALTER TABLE employment_status ENABLE ROW LEVEL SECURITY;
CREATE POLICY employment_status_by_provider ON employment_status
    USING (EXISTS (SELECT 1 FROM referral r WHERE r.pathway_id = employment_status.pathway_id));
COMMENT ON POLICY employment_status_by_provider ON employment_status IS 'Employment records of the referrals the current user may see (policy referral_by_provider)';
