-- step: 420
-- object: employment_support_outcomes_published
-- kind: view
-- layer: reports
-- reads: employment_support_outcomes
CREATE VIEW employment_support_outcomes_published WITH (security_barrier = true) AS
SELECT s.provider_code, s.service_id, s.quarter, s.employment_support,
       iapt_ews.suppress(s.finished_treatment) AS finished_treatment,
       iapt_ews.suppress(s.recovery_denominator) AS recovery_denominator,
       iapt_ews.suppress(s.recovered) AS recovered,
       round(iapt_ews.published_rate(s.recovered, s.recovery_denominator)::numeric, 4) AS recovery_rate,
       iapt_ews.suppress(s.off_sick_at_start) AS off_sick_at_start,
       iapt_ews.suppress(s.returned_to_work) AS returned_to_work,
       round(iapt_ews.published_rate(s.returned_to_work, s.off_sick_at_start)::numeric, 4) AS returned_to_work_rate,
       iapt_ews.suppress(s.not_employed_at_start) AS not_employed_at_start,
       iapt_ews.suppress(s.entered_work) AS entered_work,
       round(iapt_ews.published_rate(s.entered_work, s.not_employed_at_start)::numeric, 4) AS entered_work_rate,
       iapt_ews.suppress(s.students_at_start) AS students_at_start,
       iapt_ews.suppress(s.students_entered_work) AS students_entered_work,
       iapt_ews.suppress(s.in_work_at_start) AS in_work_at_start,
       iapt_ews.suppress(s.retained_work) AS retained_work,
       round(iapt_ews.published_rate(s.retained_work, s.in_work_at_start)::numeric, 4) AS retained_work_rate
FROM employment_support_outcomes s;
COMMENT ON VIEW employment_support_outcomes_published IS 'employment_support_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators so that quarters can be added up; rates from the published counts (iapt_ews.published_rate), to 4 decimals';
COMMENT ON COLUMN employment_support_outcomes_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_outcomes_published.service_id IS 'Service';
COMMENT ON COLUMN employment_support_outcomes_published.quarter IS 'First day of the discharge quarter';
COMMENT ON COLUMN employment_support_outcomes_published.employment_support IS 'True: at least one employment-support contact by NHS England''s rule';
COMMENT ON COLUMN employment_support_outcomes_published.finished_treatment IS 'Finished a course of treatment (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovery_denominator IS 'Finished, not "not at caseness" (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovered IS 'Recovered (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.recovery_rate IS 'Published recovered / published recovery_denominator; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_outcomes_published.off_sick_at_start IS 'Off sick at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.returned_to_work IS 'Returned to work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.returned_to_work_rate IS 'Published returned_to_work / published off_sick_at_start; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_outcomes_published.not_employed_at_start IS 'Not employed (not a student) at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.entered_work IS 'Entered work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.entered_work_rate IS 'Published entered_work / published not_employed_at_start; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_outcomes_published.students_at_start IS 'A student at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.students_entered_work IS 'A student at the first record, in work at the last (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.in_work_at_start IS 'In work at the first of two or more records (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.retained_work IS 'Retained work (suppressed)';
COMMENT ON COLUMN employment_support_outcomes_published.retained_work_rate IS 'Published retained_work / published in_work_at_start; a fraction 0-1, to 4 decimals';
