-- step: 210
-- object: care_contact
-- kind: policy
-- layer: row_security
-- reads: care_contact, referral
ALTER TABLE care_contact ENABLE ROW LEVEL SECURITY;
CREATE POLICY care_contact_by_provider ON care_contact
    USING (EXISTS (SELECT 1 FROM referral r WHERE r.pathway_id = care_contact.pathway_id));
COMMENT ON POLICY care_contact_by_provider ON care_contact IS 'Contacts of the referrals the current user may see (policy referral_by_provider)';
