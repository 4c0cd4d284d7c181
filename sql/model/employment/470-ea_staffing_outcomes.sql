-- step: 470
-- object: ea_staffing_outcomes
-- kind: view
-- layer: reports
-- reads: ea_staffing, employment_support_contact, employment_referral
-- Employment adviser staffing beside what it bought: people supported in
-- the quarter (a support contact in it) and, of supported referrals
-- finished in the quarter that started out of work or off sick, how many
-- moved into or back to work. Services are joined on service_id (in a
-- bound warehouse service_id is the provider code).
CREATE VIEW ea_staffing_outcomes WITH (security_barrier = true) AS
WITH supported AS (
    SELECT s.service_id, date_trunc('quarter', s.contact_date)::date AS quarter,
           count(DISTINCT s.person_id) AS people_supported
    FROM employment_support_contact s
    GROUP BY 1, 2),
moved AS (
    SELECT r.service_id, date_trunc('quarter', r.discharge_date)::date AS quarter,
           count(*) FILTER (WHERE r.first_class IN ('off sick', 'not employed', 'student')) AS supported_out_of_work_at_start,
           count(*) FILTER (WHERE r.work_outcome IN ('returned to work', 'entered work')) AS moved_into_work
    FROM employment_referral r
    WHERE r.finished AND r.employment_support AND r.work_outcome IS NOT NULL
    GROUP BY 1, 2)
SELECT e.service_id, e.quarter, e.ea_wte, e.therapist_wte, e.therapists_per_ea, e.meets_target,
       coalesce(s.people_supported, 0) AS people_supported,
       round(coalesce(s.people_supported, 0) / nullif(e.ea_wte, 0), 2) AS people_supported_per_ea_wte,
       coalesce(m.supported_out_of_work_at_start, 0) AS supported_out_of_work_at_start,
       coalesce(m.moved_into_work, 0) AS moved_into_work,
       m.moved_into_work::float8 / nullif(m.supported_out_of_work_at_start, 0) AS moved_into_work_rate
FROM ea_staffing e
LEFT JOIN supported s ON s.service_id = e.service_id AND s.quarter = e.quarter
LEFT JOIN moved m ON m.service_id = e.service_id AND m.quarter = e.quarter;
COMMENT ON VIEW ea_staffing_outcomes IS 'Each service-quarter of ea_staffing beside the people who had employment support (NHS England''s rule) and how many supported people moved into or back to work, to compare services near 1:8 with those near the 2015 baseline of 1:54. Extension; not suppressed';
COMMENT ON COLUMN ea_staffing_outcomes.service_id IS 'Service (in a bound warehouse, the provider code)';
COMMENT ON COLUMN ea_staffing_outcomes.quarter IS 'First day of the quarter';
COMMENT ON COLUMN ea_staffing_outcomes.ea_wte IS 'Employment adviser WTE (mean over the quarter)';
COMMENT ON COLUMN ea_staffing_outcomes.therapist_wte IS 'Therapist WTE (mean over the quarter)';
COMMENT ON COLUMN ea_staffing_outcomes.therapists_per_ea IS 'Therapist WTE per EA WTE (8 is the target, 54 the 2015 baseline); NULL with no EA';
COMMENT ON COLUMN ea_staffing_outcomes.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN ea_staffing_outcomes.people_supported IS 'People (distinct person_id) with an employment-support contact in the quarter';
COMMENT ON COLUMN ea_staffing_outcomes.people_supported_per_ea_wte IS 'people_supported / ea_wte, to 0.01; NULL with no EA';
COMMENT ON COLUMN ea_staffing_outcomes.supported_out_of_work_at_start IS 'Supported referrals finished in the quarter, with two or more employment records, off sick, not employed or a student at the first';
COMMENT ON COLUMN ea_staffing_outcomes.moved_into_work IS 'Of those, in work at the last record (returned to or entered work)';
COMMENT ON COLUMN ea_staffing_outcomes.moved_into_work_rate IS 'moved_into_work / supported_out_of_work_at_start; NULL when 0; a fraction 0-1, unrounded';
