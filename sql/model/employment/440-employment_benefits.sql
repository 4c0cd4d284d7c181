-- step: 440
-- object: employment_benefits
-- kind: view
-- layer: reports
-- reads: employment_referral
-- NHS England's EmpSupp_Benefits (Step 1.1.sql lines 348-380): finished
-- referrals by the general benefit flag at the first record, split by
-- whether an employment-support discharge date is present; the extension
-- adds the last record and each benefit.
CREATE VIEW employment_benefits WITH (security_barrier = true) AS
SELECT r.provider_code, r.discharge_month AS month,
       r.support_discharge_date IS NOT NULL AS support_discharge_date_present,
       count(*) AS finished_with_record,
       count(*) FILTER (WHERE r.first_general_benefit = 'received') AS first_benefit_received,
       count(*) FILTER (WHERE r.first_general_benefit = 'not received') AS first_no_benefit,
       count(*) FILTER (WHERE r.first_general_benefit = 'unknown or not stated') AS first_benefit_unknown,
       count(*) FILTER (WHERE r.last_status IS NOT NULL) AS finished_with_first_and_last,
       count(*) FILTER (WHERE r.last_general_benefit = 'received') AS last_benefit_received,
       count(*) FILTER (WHERE r.last_general_benefit = 'not received') AS last_no_benefit,
       count(*) FILTER (WHERE r.last_general_benefit = 'unknown or not stated') AS last_benefit_unknown,
       count(*) FILTER (WHERE r.first_general_benefit = 'not received' AND r.last_general_benefit = 'received') AS started_benefit,
       count(*) FILTER (WHERE r.first_general_benefit = 'received' AND r.last_general_benefit = 'not received') AS stopped_benefit,
       count(*) FILTER (WHERE r.first_benefit_received = 'Y') AS first_benefit_rec_ind,
       count(*) FILTER (WHERE r.last_benefit_received = 'Y') AS last_benefit_rec_ind,
       count(*) FILTER (WHERE r.first_employment_support_allowance = 'Y') AS first_esa,
       count(*) FILTER (WHERE r.last_employment_support_allowance = 'Y') AS last_esa,
       count(*) FILTER (WHERE r.first_universal_credit = 'Y') AS first_universal_credit,
       count(*) FILTER (WHERE r.last_universal_credit = 'Y') AS last_universal_credit,
       count(*) FILTER (WHERE r.first_personal_independence_payment = 'Y') AS first_pip,
       count(*) FILTER (WHERE r.last_personal_independence_payment = 'Y') AS last_pip,
       count(*) FILTER (WHERE r.first_statutory_sick_pay = 'Y') AS first_statutory_sick_pay,
       count(*) FILTER (WHERE r.last_statutory_sick_pay = 'Y') AS last_statutory_sick_pay
FROM employment_referral r
WHERE r.finished AND r.employment_records > 0
GROUP BY 1, 2, 3;
COMMENT ON VIEW employment_benefits IS 'Benefits of finished referrals with at least one employment record, per provider, discharge month and whether an employment-support discharge date is present: NHS England''s EmpSupp_Benefits (Step 1.1.sql lines 348-380, the general benefit flag at the first record) and, added by the extension, the last record (two or more records) and each benefit. Not suppressed';
COMMENT ON COLUMN employment_benefits.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_benefits.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_benefits.support_discharge_date_present IS 'A record of the referral has an employment-support discharge date (NHS England''s EmpSupportDischargeDatePresent)';
COMMENT ON COLUMN employment_benefits.finished_with_record IS 'Finished referrals with at least one employment record (NHS England''s NumberFinishingCourseOfTreatment, all benefit values)';
COMMENT ON COLUMN employment_benefits.first_benefit_received IS 'General benefit flag received at the first record (BenefitRecInd, ESAInd, UCInd or PIPInd Y)';
COMMENT ON COLUMN employment_benefits.first_no_benefit IS 'General benefit flag not received at the first record (none Y, one N)';
COMMENT ON COLUMN employment_benefits.first_benefit_unknown IS 'General benefit flag unknown or not stated at the first record (none Y or N)';
COMMENT ON COLUMN employment_benefits.finished_with_first_and_last IS 'Extension: those with two or more records, the denominator of the last-record columns';
COMMENT ON COLUMN employment_benefits.last_benefit_received IS 'Extension: general benefit flag received at the last record';
COMMENT ON COLUMN employment_benefits.last_no_benefit IS 'Extension: general benefit flag not received at the last record';
COMMENT ON COLUMN employment_benefits.last_benefit_unknown IS 'Extension: general benefit flag unknown or not stated at the last record';
COMMENT ON COLUMN employment_benefits.started_benefit IS 'Extension: not received at the first record, received at the last';
COMMENT ON COLUMN employment_benefits.stopped_benefit IS 'Extension: received at the first record, not received at the last';
COMMENT ON COLUMN employment_benefits.first_benefit_rec_ind IS 'Extension: BenefitRecInd Y at the first record';
COMMENT ON COLUMN employment_benefits.last_benefit_rec_ind IS 'Extension: BenefitRecInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_esa IS 'Extension: Employment and Support Allowance (ESAInd Y) at the first record';
COMMENT ON COLUMN employment_benefits.last_esa IS 'Extension: ESAInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_universal_credit IS 'Extension: Universal Credit (UCInd Y) at the first record';
COMMENT ON COLUMN employment_benefits.last_universal_credit IS 'Extension: UCInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_pip IS 'Extension: Personal Independence Payment (PIPInd Y) at the first record';
COMMENT ON COLUMN employment_benefits.last_pip IS 'Extension: PIPInd Y at the last record';
COMMENT ON COLUMN employment_benefits.first_statutory_sick_pay IS 'Extension: Statutory Sick Pay (SSPInd Y) at the first record; not part of the general benefit flag';
COMMENT ON COLUMN employment_benefits.last_statutory_sick_pay IS 'Extension: SSPInd Y at the last record';
