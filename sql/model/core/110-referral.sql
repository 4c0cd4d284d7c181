-- step: 110
-- object: referral
-- kind: table
-- layer: patient_tables
-- reads: 
CREATE TABLE referral (
    pathway_id              text PRIMARY KEY,
    person_id               text NOT NULL,
    provider_code           text NOT NULL,
    service_id              text NOT NULL,
    referral_date           date NOT NULL CHECK (referral_date BETWEEN DATE '1990-01-01' AND DATE '2099-12-31'),
    discharge_date          date CHECK (discharge_date <= DATE '2099-12-31'),
    end_code                text CHECK (end_code ~ '^[0-9]{2}$'),
    provisional_diagnosis   text CHECK (provisional_diagnosis ~ '^[A-Z][0-9]{2}(\.?[0-9A-Z]{1,4})?$'),
    lsoa_code               text CHECK (lsoa_code ~ '^[EW]0[0-9]{7}$'),
    commissioner_code       text,
    age_at_referral         integer CHECK (age_at_referral BETWEEN 0 AND 130),
    gender                  text,
    gender_identity         text,
    ethnic_category         text,
    source_of_referral      text,
    last_reported_on        date,
    CONSTRAINT referral_discharge_after_referral CHECK (discharge_date >= referral_date),
    CONSTRAINT referral_end_code_needs_discharge CHECK (end_code IS NULL OR discharge_date IS NOT NULL)
);
CREATE INDEX referral_provider_idx ON referral (provider_code);
CREATE INDEX referral_service_date_idx ON referral (service_id, referral_date);
CREATE INDEX referral_person_date_idx ON referral (person_id, referral_date);
CREATE INDEX referral_lsoa_idx ON referral (lsoa_code);
COMMENT ON TABLE referral IS 'One row per referral (episode of care, PathwayID), after IDS101 Referral of the NHS Talking Therapies Data Set v2. Row-level security by provider_code (docs/access-control.md)';
COMMENT ON COLUMN referral.pathway_id IS 'PathwayID: the referral (episode of care)';
COMMENT ON COLUMN referral.person_id IS 'Pseudonymised person identifier (Person_ID; one person may have several referrals)';
COMMENT ON COLUMN referral.provider_code IS 'ODS code of the provider organisation (OrgID_Provider); row-level security filters on it';
COMMENT ON COLUMN referral.service_id IS 'Service (team) that received the referral; the provider code where the data set has no finer unit';
COMMENT ON COLUMN referral.referral_date IS 'Referral request received date (ReferralRequestReceivedDate), 1990 to 2099';
COMMENT ON COLUMN referral.discharge_date IS 'Service discharge date (ServDischDate); NULL while the referral is open';
COMMENT ON COLUMN referral.end_code IS 'Care spell end code (EndCode, two digits); needs a discharge date';
COMMENT ON COLUMN referral.provisional_diagnosis IS 'Provisional diagnosis (presenting complaint), ICD-10 code, e.g. F41.1; chooses the anxiety measure';
COMMENT ON COLUMN referral.lsoa_code IS 'LSOA of residence at referral';
COMMENT ON COLUMN referral.commissioner_code IS 'Commissioner (sub-ICB) code (OrgIDComm)';
COMMENT ON COLUMN referral.last_reported_on IS 'End of the last reporting period whose submission holds the referral (a data set''s ReportingPeriodEndDate); NULL when the referral is not from monthly submissions. A referral no longer submitted is not counted open after it, as NHS England counts only a month''s own submission';
COMMENT ON COLUMN referral.age_at_referral IS 'Age in years when the referral was received (Age_ReferralRequest_ReceivedDate)';
COMMENT ON COLUMN referral.gender IS 'Stated gender, national code (Gender: 1 male, 2 female, 9 indeterminate, X not known)';
COMMENT ON COLUMN referral.gender_identity IS 'Gender identity, national code (GenderIdentity)';
COMMENT ON COLUMN referral.ethnic_category IS 'Ethnic category, national code letter (Validated_EthnicCategory)';
COMMENT ON COLUMN referral.source_of_referral IS 'Source of referral, national code (SourceOfReferralIAPT)';
