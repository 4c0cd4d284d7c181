-- step: 430
-- object: employment_first_last
-- kind: view
-- layer: reports
-- reads: employment_referral
-- NHS England's EmpSupp_FirstAndLastEmp (Step 1.1.sql lines 265-343),
-- counted: finished referrals with two or more records, by the value of
-- each indicator at the first and at the last record. Meanings from the
-- national code lists (category), students apart, NULL "not recorded".
CREATE VIEW employment_first_last WITH (security_barrier = true) AS
WITH pairs AS (
    SELECT r.provider_code, r.discharge_month AS month, r.employment_support, x.indicator, x.first_code, x.last_code
    FROM employment_referral r
    CROSS JOIN LATERAL (VALUES
        ('EmployStatus', r.first_status, r.last_status),
        ('SickAbsenceInd', r.first_sickness_absence, r.last_sickness_absence),
        ('SSPInd', r.first_statutory_sick_pay, r.last_statutory_sick_pay),
        ('BenefitRecInd', r.first_benefit_received, r.last_benefit_received),
        ('ESAInd', r.first_employment_support_allowance, r.last_employment_support_allowance),
        ('UCInd', r.first_universal_credit, r.last_universal_credit),
        ('PIPInd', r.first_personal_independence_payment, r.last_personal_independence_payment),
        ('EmpSupportInd', r.first_employment_support_wanted, r.last_employment_support_wanted),
        ('GeneralBenefitReceived', r.first_general_benefit, r.last_general_benefit),
        ('EmploymentClass', r.first_class, r.last_class)) x(indicator, first_code, last_code)
    WHERE r.finished AND r.last_status IS NOT NULL),
meaning AS (
    SELECT n.code_list, n.code, CASE WHEN n.code_list = 'EmployStatus' AND n.code = '03' THEN 'student' ELSE n.category END AS meaning
    FROM iapt_ews.national_codes n
    WHERE n.code_list IN ('EmployStatus', 'SickAbsenceInd', 'SSPInd', 'BenefitRecInd', 'ESAInd', 'UCInd', 'PIPInd', 'EmpSupportInd'))
SELECT p.provider_code, p.month, p.employment_support, p.indicator,
       p.first_code, coalesce(CASE WHEN p.indicator IN ('GeneralBenefitReceived', 'EmploymentClass') THEN p.first_code END,
                              mf.meaning, 'not recorded') AS first_meaning,
       p.last_code, coalesce(CASE WHEN p.indicator IN ('GeneralBenefitReceived', 'EmploymentClass') THEN p.last_code END,
                             ml.meaning, 'not recorded') AS last_meaning,
       p.first_code IS DISTINCT FROM p.last_code AS changed,
       count(*) AS referrals
FROM pairs p
LEFT JOIN meaning mf ON mf.code_list = p.indicator AND mf.code = p.first_code
LEFT JOIN meaning ml ON ml.code_list = p.indicator AND ml.code = p.last_code
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
COMMENT ON VIEW employment_first_last IS 'NHS England''s first-and-last employment comparison (Employment Support Dashboard, EmpSupp_FirstAndLastEmp, Step 1.1.sql lines 265-343) counted: finished referrals with two or more employment records, per provider, discharge month, support and indicator, by the value at the first and at the last record. Not suppressed';
COMMENT ON COLUMN employment_first_last.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_first_last.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_first_last.employment_support IS 'At least one employment-support contact (NHS England''s rule); NHS England''s EmploymentSupport_Count > 0';
COMMENT ON COLUMN employment_first_last.indicator IS 'EmployStatus, SickAbsenceInd, SSPInd, BenefitRecInd, ESAInd, UCInd, PIPInd, EmpSupportInd (data set items), GeneralBenefitReceived (Step 1.1.sql lines 158-161) or EmploymentClass (extension: iapt_ews.employment_class)';
COMMENT ON COLUMN employment_first_last.first_code IS 'Value at the first record: the national code, or for GeneralBenefitReceived and EmploymentClass the derived value; NULL not recorded';
COMMENT ON COLUMN employment_first_last.first_meaning IS 'What first_code means: the code list''s category (yes, no, not stated, not known, not applicable, employed, not employed), student for EmployStatus 03, not recorded for NULL';
COMMENT ON COLUMN employment_first_last.last_code IS 'Value at the last record, as first_code';
COMMENT ON COLUMN employment_first_last.last_meaning IS 'What last_code means, as first_meaning';
COMMENT ON COLUMN employment_first_last.changed IS 'The value at the last record differs from the first (NHS England''s ...SameFlag = 0)';
COMMENT ON COLUMN employment_first_last.referrals IS 'Finished referrals with two or more records with these values';
