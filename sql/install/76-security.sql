-- ---------------------------------------------------------------------------
-- Row-level security on the patient-level tables by provider
-- (docs/access-control.md). A role sees the referrals of the providers that
-- iapt_ews.provider_access maps it (or a role it belongs to) to, and the
-- contacts, scores and employment records of those referrals only.
-- Superusers, BYPASSRLS roles and the tables' owner are not filtered.
-- ---------------------------------------------------------------------------
ALTER TABLE iapt_ews.referral ENABLE ROW LEVEL SECURITY;
ALTER TABLE iapt_ews.care_contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE iapt_ews.assessment_score ENABLE ROW LEVEL SECURITY;
ALTER TABLE iapt_ews.employment_status ENABLE ROW LEVEL SECURITY;

-- The InitPlan (SELECT iapt_ews.visible_providers()) is evaluated once per
-- query, not once per row.
CREATE POLICY referral_by_provider ON iapt_ews.referral
    USING (ARRAY[provider_code, '*'] && (SELECT iapt_ews.visible_providers()));
COMMENT ON POLICY referral_by_provider ON iapt_ews.referral IS
'Rows of the providers that iapt_ews.provider_access grants the current user (or a role it is a member of); for reading and writing';

-- The child tables follow the referral: the subquery on iapt_ews.referral
-- is itself filtered by referral_by_provider.
CREATE POLICY care_contact_by_provider ON iapt_ews.care_contact
    USING (EXISTS (SELECT 1 FROM iapt_ews.referral r WHERE r.pathway_id = care_contact.pathway_id));
COMMENT ON POLICY care_contact_by_provider ON iapt_ews.care_contact IS
'Contacts of the referrals the current user may see (policy referral_by_provider)';

CREATE POLICY assessment_score_by_provider ON iapt_ews.assessment_score
    USING (EXISTS (SELECT 1 FROM iapt_ews.referral r WHERE r.pathway_id = assessment_score.pathway_id));
COMMENT ON POLICY assessment_score_by_provider ON iapt_ews.assessment_score IS
'Scores of the referrals the current user may see (policy referral_by_provider)';

CREATE POLICY employment_status_by_provider ON iapt_ews.employment_status
    USING (EXISTS (SELECT 1 FROM iapt_ews.referral r WHERE r.pathway_id = employment_status.pathway_id));
COMMENT ON POLICY employment_status_by_provider ON iapt_ews.employment_status IS
'Employment records of the referrals the current user may see (policy referral_by_provider)';

-- Every role reads the mapping: the policies evaluate it as the caller.
GRANT SELECT ON iapt_ews.provider_access TO PUBLIC;
