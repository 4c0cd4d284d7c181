-- step: 125
-- object: care_activity
-- kind: table
-- layer: patient_tables
-- reads: care_contact
CREATE TABLE care_activity (
    contact_id      text NOT NULL REFERENCES care_contact ON UPDATE CASCADE ON DELETE CASCADE,
    procedure_code  text NOT NULL CHECK (procedure_code ~ '^[0-9]{6,18}$'),
    PRIMARY KEY (contact_id, procedure_code)
);
COMMENT ON TABLE care_activity IS 'Procedures delivered in a care contact, after IDS202 Care Activity (SNOMED CT procedure codes: low- and high-intensity interventions, employment support)';
COMMENT ON COLUMN care_activity.contact_id IS 'Care contact';
COMMENT ON COLUMN care_activity.procedure_code IS 'SNOMED CT procedure code (CodeProcAndProcStatus), digits only';
