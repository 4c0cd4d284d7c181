-- step: 485
-- object: employment_support_starts
-- kind: view
-- layer: reports
-- reads: employment_referral
-- The Mental Health Matters figure ("over 4,000 people started employment
-- support" in January-March 2019): people whose employment support began
-- in the quarter. A referral starts employment support on the date of its
-- first employment-support contact (employment_support_contact, NHS
-- England's rule: an attended AppType 10 appointment, or a contact
-- carrying the procedure 1098051000000103). A person is counted once a
-- quarter at each level, however many of their referrals started then.
CREATE VIEW employment_support_starts WITH (security_barrier = true) AS
SELECT date_trunc('quarter', r.first_support_date)::date AS quarter,
       CASE WHEN GROUPING(r.provider_code) = 1 THEN 'national'::iapt_ews.report_level ELSE 'provider'::iapt_ews.report_level END AS level,
       r.provider_code,
       count(DISTINCT r.person_id) AS people_started,
       count(*) AS referrals_started
FROM employment_referral r
WHERE r.first_support_date IS NOT NULL
GROUP BY date_trunc('quarter', r.first_support_date)::date, GROUPING SETS ((), (r.provider_code));
COMMENT ON VIEW employment_support_starts IS 'People starting employment support per quarter, nationally (every provider the caller may see) and per provider: referrals whose first employment-support contact (employment_support_contact, NHS England''s rule) falls in the quarter, and the people they belong to (the Mental Health Matters count). Not suppressed';
COMMENT ON COLUMN employment_support_starts.quarter IS 'First day of the calendar quarter of the first employment-support contact';
COMMENT ON COLUMN employment_support_starts.level IS 'national or provider; iapt_ews.report_level: compared in any case (''National'', ''Provider''), a name that is no level is an error, national first';
COMMENT ON COLUMN employment_support_starts.provider_code IS 'ODS code of the provider; NULL at national level';
COMMENT ON COLUMN employment_support_starts.people_started IS 'People (person_id) with a referral whose first employment-support contact is in the quarter; a person once per row';
COMMENT ON COLUMN employment_support_starts.referrals_started IS 'Referrals whose first employment-support contact is in the quarter';
