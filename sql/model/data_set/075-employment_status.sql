-- step: 75
-- object: employment_status
-- kind: view
-- layer: bound_relations
-- reads: referral_record, ds_ids004empstatus
-- stored: index=pathway_id+recorded_at
-- IDS004 records belong to the person's record in a submission
-- (RecordNumber), so each joins the referral records of the same
-- submission; one per referral and recording date.
CREATE VIEW employment_status WITH (security_barrier = true) AS
SELECT DISTINCT ON (r.referral_key, e.recorded_date)
       r.referral_key AS pathway_id, e.recorded_date::timestamp AT TIME ZONE 'Europe/London' AS recorded_at,
       iapt_ews.national_code('EmployStatus', e.status) AS status,
       iapt_ews.national_code('SickAbsenceInd', e.sickness_absence) AS sickness_absence,
       iapt_ews.national_code('SSPInd', e.statutory_sick_pay) AS statutory_sick_pay,
       iapt_ews.national_code('BenefitRecInd', e.benefit_received) AS benefit_received,
       iapt_ews.national_code('ESAInd', e.employment_support_allowance) AS employment_support_allowance,
       iapt_ews.national_code('UCInd', e.universal_credit) AS universal_credit,
       iapt_ews.national_code('PIPInd', e.personal_independence_payment) AS personal_independence_payment,
       iapt_ews.national_code('EmpSupportInd', e.employment_support_wanted) AS employment_support_wanted,
       e.employment_support_discharge_date
FROM ds_ids004empstatus e
JOIN referral_record r ON r.unique_submission_id = e.unique_submission_id AND r.audit_id = e.audit_id
                      AND r.record_number = e.record_number
WHERE e.recorded_date IS NOT NULL
ORDER BY r.referral_key, e.recorded_date, r.reporting_period_end DESC,
         length(e.unique_submission_id) DESC, e.unique_submission_id DESC,
         e.status, e.sickness_absence, e.employment_support_discharge_date DESC NULLS LAST;
COMMENT ON VIEW employment_status IS 'Employment status records from IDS004 in the shape of the model''s employment_status, one per referral and EmployStatusRecDate; codes in their national form, an unknown code NULL';
COMMENT ON COLUMN employment_status.pathway_id IS 'The key of the referral whose IDS101 record has the same RecordNumber in the submission';
COMMENT ON COLUMN employment_status.recorded_at IS 'EmployStatusRecDate';
COMMENT ON COLUMN employment_status.status IS 'EmployStatus';
COMMENT ON COLUMN employment_status.sickness_absence IS 'SickAbsenceInd';
COMMENT ON COLUMN employment_status.statutory_sick_pay IS 'SSPInd';
COMMENT ON COLUMN employment_status.benefit_received IS 'BenefitRecInd';
COMMENT ON COLUMN employment_status.employment_support_allowance IS 'ESAInd';
COMMENT ON COLUMN employment_status.universal_credit IS 'UCInd';
COMMENT ON COLUMN employment_status.personal_independence_payment IS 'PIPInd';
COMMENT ON COLUMN employment_status.employment_support_wanted IS 'EmpSupportInd';
COMMENT ON COLUMN employment_status.employment_support_discharge_date IS 'EmpSupportDischargeDate';
