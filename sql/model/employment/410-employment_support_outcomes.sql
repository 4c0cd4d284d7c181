-- step: 410
-- object: employment_support_outcomes
-- kind: view
-- layer: reports
-- reads: employment_referral
-- Support by NHS England's rule (employment_support_contact); work outcomes
-- from the first and last records of referrals with two or more.
CREATE VIEW employment_support_outcomes WITH (security_barrier = true) AS
SELECT r.provider_code, r.service_id, date_trunc('quarter', r.discharge_date)::date AS quarter, r.employment_support,
       count(*) AS finished_treatment,
       count(*) FILTER (WHERE NOT r.not_case_at_start) AS recovery_denominator,
       count(*) FILTER (WHERE r.recovered) AS recovered,
       (count(*) FILTER (WHERE r.recovered))::float8
           / nullif(count(*) FILTER (WHERE NOT r.not_case_at_start), 0) AS recovery_rate,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'off sick') AS off_sick_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'returned to work') AS returned_to_work,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'not employed') AS not_employed_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'entered work' AND r.first_class = 'not employed') AS entered_work,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'student') AS students_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'entered work' AND r.first_class = 'student') AS students_entered_work,
       count(*) FILTER (WHERE r.work_outcome IS NOT NULL AND r.first_class = 'in work') AS in_work_at_start,
       count(*) FILTER (WHERE r.work_outcome = 'retained work') AS retained_work,
       count(*) FILTER (WHERE r.work_outcome = 'lost work') AS lost_work
FROM employment_referral r
WHERE r.finished
GROUP BY r.provider_code, r.service_id, date_trunc('quarter', r.discharge_date)::date, r.employment_support;
COMMENT ON VIEW employment_support_outcomes IS 'Finished courses per provider, service and discharge quarter, with and without employment support (NHS England''s rule, employment_support_contact): recovery, and work outcomes from the first to the last employment status of referrals with two or more records. Compare the groups with employment_support_clinical_outcomes. Not suppressed';
COMMENT ON COLUMN employment_support_outcomes.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_outcomes.service_id IS 'Service';
COMMENT ON COLUMN employment_support_outcomes.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN employment_support_outcomes.employment_support IS 'True: at least one employment-support contact by NHS England''s rule; false: treatment only';
COMMENT ON COLUMN employment_support_outcomes.finished_treatment IS 'Finished a course of treatment (M076)';
COMMENT ON COLUMN employment_support_outcomes.recovery_denominator IS 'Finished and not "not at caseness" (M076 - M179)';
COMMENT ON COLUMN employment_support_outcomes.recovered IS 'Moved to recovery (M191)';
COMMENT ON COLUMN employment_support_outcomes.recovery_rate IS 'recovered / recovery_denominator; NULL when the denominator is 0; a fraction 0-1, unrounded';
COMMENT ON COLUMN employment_support_outcomes.off_sick_at_start IS 'Two or more employment records, employed and off sick at the first';
COMMENT ON COLUMN employment_support_outcomes.returned_to_work IS 'Off sick at the first record, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.not_employed_at_start IS 'Two or more records, not employed at the first (status 02, 04-08; students apart)';
COMMENT ON COLUMN employment_support_outcomes.entered_work IS 'Not employed (not a student) at the first record, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.students_at_start IS 'Two or more records, a student (03) at the first';
COMMENT ON COLUMN employment_support_outcomes.students_entered_work IS 'A student at the first record, in work at the last';
COMMENT ON COLUMN employment_support_outcomes.in_work_at_start IS 'Two or more records, in work (employed, not off sick) at the first';
COMMENT ON COLUMN employment_support_outcomes.retained_work IS 'In work at the first record and at the last';
COMMENT ON COLUMN employment_support_outcomes.lost_work IS 'In work or off sick at the first record, not employed or a student at the last';
