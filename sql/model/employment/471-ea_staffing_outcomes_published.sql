-- step: 471
-- object: ea_staffing_outcomes_published
-- kind: view
-- layer: reports
-- reads: ea_staffing_outcomes
CREATE VIEW ea_staffing_outcomes_published WITH (security_barrier = true) AS
SELECT o.service_id, o.quarter, o.ea_wte, o.therapist_wte, o.therapists_per_ea, o.meets_target,
       iapt_ews.suppress(o.people_supported) AS people_supported,
       round(iapt_ews.suppress(o.people_supported) / nullif(o.ea_wte, 0), 2) AS people_supported_per_ea_wte,
       iapt_ews.suppress(o.supported_out_of_work_at_start) AS supported_out_of_work_at_start,
       iapt_ews.suppress(o.moved_into_work) AS moved_into_work,
       round(iapt_ews.published_rate(o.moved_into_work, o.supported_out_of_work_at_start)::numeric, 4) AS moved_into_work_rate
FROM ea_staffing_outcomes o;
COMMENT ON VIEW ea_staffing_outcomes_published IS 'ea_staffing_outcomes with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators; per-WTE figure and rate from the published counts';
COMMENT ON COLUMN ea_staffing_outcomes_published.service_id IS 'Service';
COMMENT ON COLUMN ea_staffing_outcomes_published.quarter IS 'First day of the quarter';
COMMENT ON COLUMN ea_staffing_outcomes_published.ea_wte IS 'Employment adviser WTE (not patient data)';
COMMENT ON COLUMN ea_staffing_outcomes_published.therapist_wte IS 'Therapist WTE';
COMMENT ON COLUMN ea_staffing_outcomes_published.therapists_per_ea IS 'Therapist WTE per EA WTE';
COMMENT ON COLUMN ea_staffing_outcomes_published.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN ea_staffing_outcomes_published.people_supported IS 'People with an employment-support contact in the quarter (suppressed)';
COMMENT ON COLUMN ea_staffing_outcomes_published.people_supported_per_ea_wte IS 'Published people_supported / ea_wte, to 0.01';
COMMENT ON COLUMN ea_staffing_outcomes_published.supported_out_of_work_at_start IS 'Supported, finished, out of work or off sick at the start (suppressed)';
COMMENT ON COLUMN ea_staffing_outcomes_published.moved_into_work IS 'Of those, in work at the end (suppressed)';
COMMENT ON COLUMN ea_staffing_outcomes_published.moved_into_work_rate IS 'Published moved_into_work / published supported_out_of_work_at_start; a fraction 0-1, to 4 decimals';
