-- step: 431
-- object: employment_first_last_published
-- kind: view
-- layer: reports
-- reads: employment_first_last
CREATE VIEW employment_first_last_published WITH (security_barrier = true) AS
SELECT f.provider_code, f.month, f.employment_support, f.indicator, f.first_code, f.first_meaning,
       f.last_code, f.last_meaning, f.changed, iapt_ews.suppress(f.referrals) AS referrals
FROM employment_first_last f;
COMMENT ON VIEW employment_first_last_published IS 'employment_first_last with disclosure control: counts below 5 withheld, the rest rounded to 5';
COMMENT ON COLUMN employment_first_last_published.provider_code IS 'ODS code of the provider';
COMMENT ON COLUMN employment_first_last_published.month IS 'First day of the discharge month';
COMMENT ON COLUMN employment_first_last_published.employment_support IS 'At least one employment-support contact (NHS England''s rule)';
COMMENT ON COLUMN employment_first_last_published.indicator IS 'The indicator compared (see employment_first_last)';
COMMENT ON COLUMN employment_first_last_published.first_code IS 'Value at the first record';
COMMENT ON COLUMN employment_first_last_published.first_meaning IS 'What first_code means';
COMMENT ON COLUMN employment_first_last_published.last_code IS 'Value at the last record';
COMMENT ON COLUMN employment_first_last_published.last_meaning IS 'What last_code means';
COMMENT ON COLUMN employment_first_last_published.changed IS 'The value changed from the first record to the last';
COMMENT ON COLUMN employment_first_last_published.referrals IS 'Finished referrals with two or more records with these values (suppressed)';
