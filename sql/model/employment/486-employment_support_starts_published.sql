-- step: 486
-- object: employment_support_starts_published
-- kind: view
-- layer: reports
-- reads: employment_support_starts
CREATE VIEW employment_support_starts_published WITH (security_barrier = true) AS
SELECT s.quarter, s.level, s.provider_code,
       iapt_ews.suppress(s.people_started) AS people_started,
       iapt_ews.suppress(s.referrals_started) AS referrals_started
FROM employment_support_starts s;
COMMENT ON VIEW employment_support_starts_published IS 'employment_support_starts with disclosure control: counts below 5 withheld, the rest rounded to 5 (iapt_ews.suppress)';
COMMENT ON COLUMN employment_support_starts_published.quarter IS 'First day of the calendar quarter of the first employment-support contact';
COMMENT ON COLUMN employment_support_starts_published.level IS 'national or provider; iapt_ews.report_level: compared in any case (''National'', ''Provider''), a name that is no level is an error, national first';
COMMENT ON COLUMN employment_support_starts_published.provider_code IS 'ODS code of the provider; NULL at national level';
COMMENT ON COLUMN employment_support_starts_published.people_started IS 'People starting employment support in the quarter (suppressed)';
COMMENT ON COLUMN employment_support_starts_published.referrals_started IS 'Referrals starting employment support in the quarter (suppressed)';
