-- step: 460
-- object: employment_support_coverage
-- kind: view
-- layer: reports
-- reads: employment_referral
-- How well employment is recorded: NHS England's
-- EmpSupp_FinishedTreatmentAndEmpSupp (Step 1.1.sql lines 390-445) and
-- EmpSupport_DischargeDateCompletion (Step 3.sql), by discharge month.
CREATE VIEW employment_support_coverage WITH (security_barrier = true) AS
SELECT r.provider_code, r.discharge_month AS month,
       count(*) AS finished,
       count(*) FILTER (WHERE r.employment_records > 0) AS finished_with_record,
       count(*) FILTER (WHERE r.first_status IS NOT NULL) AS with_first_status,
       count(*) FILTER (WHERE r.second_status IS NOT NULL) AS with_two_statuses,
       count(*) FILTER (WHERE r.first_sickness_absence IS NOT NULL) AS with_first_sickness_absence,
       count(*) FILTER (WHERE r.second_sickness_absence IS NOT NULL) AS with_two_sickness_absences,
       (count(*) FILTER (WHERE r.first_status IS NOT NULL))::float8 / count(*) AS first_status_rate,
       (count(*) FILTER (WHERE r.second_status IS NOT NULL))::float8 / count(*) AS two_statuses_rate,
       count(*) FILTER (WHERE r.employment_support) AS supported,
       count(*) FILTER (WHERE r.employment_support AND r.support_discharge_date IS NOT NULL) AS supported_with_discharge_date,
       (count(*) FILTER (WHERE r.employment_support AND r.support_discharge_date IS NOT NULL))::float8
           / nullif(count(*) FILTER (WHERE r.employment_support), 0) AS support_discharge_date_rate
FROM employment_referral r
WHERE r.finished
GROUP BY r.provider_code, r.discharge_month;
COMMENT ON VIEW employment_support_coverage IS 'Recording of employment among finished referrals per provider and discharge month: a first status, two or more, sickness absence (NHS England''s EmpSupp_FinishedTreatmentAndEmpSupp, Step 1.1.sql lines 390-445) and, among those who had employment support, a support discharge date (after EmpSupport_DischargeDateCompletion, Step 3.sql). Not suppressed';
COMMENT ON COLUMN employment_support_coverage.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_coverage.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_coverage.finished IS 'Extension: every finished referral (M076), the denominator of the rates';
COMMENT ON COLUMN employment_support_coverage.finished_with_record IS 'Finished with at least one employment record: NHS England''s FinishedTreatment, which leaves out referrals with none (Step 1.1.sql lines 259, 402)';
COMMENT ON COLUMN employment_support_coverage.with_first_status IS 'A recognised status at the first record, ZZ included (FinishedTreatmentOneEmpStatus, line 394)';
COMMENT ON COLUMN employment_support_coverage.with_two_statuses IS 'A recognised status at the second record (FinishedTreatmentTwoEmpStatus, line 396)';
COMMENT ON COLUMN employment_support_coverage.with_first_sickness_absence IS 'A recognised sickness absence at the first record (FinishedTreatmentOneSickAbsence, line 398)';
COMMENT ON COLUMN employment_support_coverage.with_two_sickness_absences IS 'A recognised sickness absence at the second record (FinishedTreatmentTwoSickAbsence, line 400)';
COMMENT ON COLUMN employment_support_coverage.first_status_rate IS 'with_first_status / finished; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_coverage.two_statuses_rate IS 'with_two_statuses / finished; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_coverage.supported IS 'Finished with at least one employment-support contact (NHS England''s rule)';
COMMENT ON COLUMN employment_support_coverage.supported_with_discharge_date IS 'Of those, a record with an employment-support discharge date';
COMMENT ON COLUMN employment_support_coverage.support_discharge_date_rate IS 'supported_with_discharge_date / supported; NULL when none was supported; a fraction 0-1, unrounded';
