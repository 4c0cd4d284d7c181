-- step: 140
-- object: employment_status
-- kind: table
-- layer: patient_tables
-- reads: referral
CREATE TABLE employment_status (
    pathway_id                  text NOT NULL REFERENCES referral ON UPDATE CASCADE ON DELETE CASCADE,
    recorded_at                 timestamptz NOT NULL CHECK (recorded_at BETWEEN TIMESTAMPTZ '1990-01-01 00:00+00' AND TIMESTAMPTZ '2099-12-31 00:00+00'),
    status                      text NOT NULL CHECK (status IN ('01', '02', '03', '04', '05', '06', '07', '08', 'ZZ')),
    sickness_absence            text CHECK (sickness_absence IN ('Y', 'N', '8', 'Z', 'X')),
    statutory_sick_pay          text CHECK (statutory_sick_pay IN ('Y', 'N', 'Z', 'U')),
    benefit_received            text CHECK (benefit_received IN ('Y', 'N', 'Z', 'U')),
    employment_support_allowance text CHECK (employment_support_allowance IN ('Y', 'N', 'Z', 'U')),
    universal_credit            text CHECK (universal_credit IN ('Y', 'N', 'Z', 'U')),
    personal_independence_payment text CHECK (personal_independence_payment IN ('Y', 'N', 'Z', 'U')),
    employment_support_wanted   text CHECK (employment_support_wanted IN ('Y', 'N', 'NA')),
    employment_support_discharge_date date CHECK (employment_support_discharge_date BETWEEN DATE '1990-01-01' AND DATE '2099-12-31'),
    PRIMARY KEY (pathway_id, recorded_at)
);
COMMENT ON TABLE employment_status IS 'Employment status records, after IDS004 Employment Status; the first and last records of a referral give its employment outcome';
COMMENT ON COLUMN employment_status.pathway_id IS 'Referral the record belongs to';
COMMENT ON COLUMN employment_status.recorded_at IS 'When the status was recorded (EmployStatusRecDate)';
COMMENT ON COLUMN employment_status.status IS 'EmployStatus: 01 employed, 02 unemployed and seeking work, 03 student, 04 long-term sick or disabled, 05 homemaker, 06 not working or seeking work, no benefits, 07 unpaid voluntary work, 08 retired, ZZ not stated';
COMMENT ON COLUMN employment_status.sickness_absence IS 'SickAbsenceInd: Y, N, 8 not applicable, Z not stated, X not known';
COMMENT ON COLUMN employment_status.statutory_sick_pay IS 'SSPInd: receiving statutory sick pay (Y, N, Z not stated, U not known)';
COMMENT ON COLUMN employment_status.benefit_received IS 'BenefitRecInd: receiving a benefit (Y, N, Z not stated, U not known)';
COMMENT ON COLUMN employment_status.employment_support_allowance IS 'ESAInd: receiving Employment and Support Allowance (Y, N, Z, U)';
COMMENT ON COLUMN employment_status.universal_credit IS 'UCInd: receiving Universal Credit (Y, N, Z, U)';
COMMENT ON COLUMN employment_status.personal_independence_payment IS 'PIPInd: receiving Personal Independence Payment (Y, N, Z, U)';
COMMENT ON COLUMN employment_status.employment_support_wanted IS 'EmpSupportInd: the person wants employment support (Y, N, NA not applicable)';
COMMENT ON COLUMN employment_status.employment_support_discharge_date IS 'EmpSupportDischargeDate: when employment support ended';
