-- step: 200
-- object: referral
-- kind: policy
-- layer: row_security
-- reads: referral, provider_access
ALTER TABLE referral ENABLE ROW LEVEL SECURITY;
CREATE POLICY referral_by_provider ON referral
    USING (iapt_ews.provider_visible(provider_code, 'provider_access'::regclass));
COMMENT ON POLICY referral_by_provider ON referral IS 'Rows of the providers that provider_access grants the current user (or a role it is a member of); for reading and writing';
