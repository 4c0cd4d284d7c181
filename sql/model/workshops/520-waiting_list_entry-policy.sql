-- step: 520
-- object: waiting_list_entry
-- kind: policy
-- layer: row_security
-- reads: waiting_list_entry, referral
ALTER TABLE waiting_list_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY waiting_list_entry_by_provider ON waiting_list_entry
    USING (EXISTS (SELECT 1 FROM referral r WHERE r.pathway_id = waiting_list_entry.pathway_id));
COMMENT ON POLICY waiting_list_entry_by_provider ON waiting_list_entry IS 'Entries of the referrals the current user may see (policy referral_by_provider)';
