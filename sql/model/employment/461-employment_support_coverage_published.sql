-- step: 461
-- object: employment_support_coverage_published
-- kind: view
-- layer: reports
-- reads: employment_support_coverage
CREATE VIEW employment_support_coverage_published WITH (security_barrier = true) AS
SELECT c.provider_code, c.month,
       iapt_ews.suppress(c.finished) AS finished,
       iapt_ews.suppress(c.finished_with_record) AS finished_with_record,
       iapt_ews.suppress(c.with_first_status) AS with_first_status,
       iapt_ews.suppress(c.with_two_statuses) AS with_two_statuses,
       iapt_ews.suppress(c.with_first_sickness_absence) AS with_first_sickness_absence,
       iapt_ews.suppress(c.with_two_sickness_absences) AS with_two_sickness_absences,
       round(iapt_ews.published_rate(c.with_first_status, c.finished)::numeric, 4) AS first_status_rate,
       round(iapt_ews.published_rate(c.with_two_statuses, c.finished)::numeric, 4) AS two_statuses_rate,
       iapt_ews.suppress(c.supported) AS supported,
       iapt_ews.suppress(c.supported_with_discharge_date) AS supported_with_discharge_date,
       round(iapt_ews.published_rate(c.supported_with_discharge_date, c.supported)::numeric, 4) AS support_discharge_date_rate
FROM employment_support_coverage c;
COMMENT ON VIEW employment_support_coverage_published IS 'employment_support_coverage with disclosure control: counts below 5 withheld and the rest rounded to 5, with their denominators; rates from the published counts, to 4 decimals';
COMMENT ON COLUMN employment_support_coverage_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_support_coverage_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_support_coverage_published.finished IS 'Finished referrals (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.finished_with_record IS 'Finished with at least one employment record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_first_status IS 'A status at the first record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_two_statuses IS 'A status at the second record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_first_sickness_absence IS 'Sickness absence at the first record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.with_two_sickness_absences IS 'Sickness absence at the second record (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.first_status_rate IS 'Published with_first_status / published finished; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_coverage_published.two_statuses_rate IS 'Published with_two_statuses / published finished; a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN employment_support_coverage_published.supported IS 'Finished with employment support (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.supported_with_discharge_date IS 'Of those, with a support discharge date (suppressed)';
COMMENT ON COLUMN employment_support_coverage_published.support_discharge_date_rate IS 'Published supported_with_discharge_date / published supported; a fraction 0-1, to 4 decimals';
