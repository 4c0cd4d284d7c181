-- step: 120
-- object: care_contact
-- kind: table
-- layer: patient_tables
-- reads: referral
CREATE TABLE care_contact (
    contact_id              text PRIMARY KEY,
    pathway_id              text NOT NULL REFERENCES referral ON UPDATE CASCADE ON DELETE CASCADE,
    contact_at              timestamptz NOT NULL CHECK (contact_at BETWEEN TIMESTAMPTZ '1990-01-01 00:00+00' AND TIMESTAMPTZ '2099-12-31 00:00+00'),
    attended                boolean NOT NULL,
    appointment_type        text NOT NULL CHECK (appointment_type IN
        ('assessment', 'treatment', 'assessment_and_treatment', 'review_and_treatment',
         'review', 'employment_support', 'after_discharge', 'other')),
    consultation_mechanism  text
);
CREATE INDEX care_contact_pathway_idx ON care_contact (pathway_id, contact_at);
COMMENT ON TABLE care_contact IS 'Care contacts (appointments), after IDS201 Care Contact. Treatment appointments are types treatment, assessment_and_treatment and review_and_treatment';
COMMENT ON COLUMN care_contact.contact_id IS 'Care contact identifier (CareContactId)';
COMMENT ON COLUMN care_contact.pathway_id IS 'Referral the contact belongs to';
COMMENT ON COLUMN care_contact.contact_at IS 'Date and time of the contact (CareContDate, CareContTime)';
COMMENT ON COLUMN care_contact.attended IS 'True when the person attended (AttendOrDNACode 5 on time or 6 late but seen)';
COMMENT ON COLUMN care_contact.appointment_type IS 'assessment, treatment, assessment_and_treatment, review_and_treatment, review (without treatment), employment_support, after_discharge or other (AppType 01, 02, 03, 05, 04, 10, 06; others)';
COMMENT ON COLUMN care_contact.consultation_mechanism IS 'Consultation mechanism, national code (ConsMechanism), e.g. 01 face to face';
