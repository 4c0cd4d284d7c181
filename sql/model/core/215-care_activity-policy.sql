-- step: 215
-- object: care_activity
-- kind: policy
-- layer: row_security
-- reads: care_activity, care_contact
ALTER TABLE care_activity ENABLE ROW LEVEL SECURITY;
CREATE POLICY care_activity_by_provider ON care_activity
    USING (EXISTS (SELECT 1 FROM care_contact c WHERE c.contact_id = care_activity.contact_id));
COMMENT ON POLICY care_activity_by_provider ON care_activity IS 'Procedures of the contacts the current user may see (policy care_contact_by_provider)';
