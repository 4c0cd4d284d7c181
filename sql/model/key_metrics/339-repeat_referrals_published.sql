-- step: 339
-- object: repeat_referrals_published
-- kind: view
-- layer: reports
-- reads: repeat_referrals
CREATE VIEW repeat_referrals_published WITH (security_barrier = true) AS
-- The four intervals add up to the repeat referrals: secondary suppression
-- (iapt_ews.suppress_part) keeps a withheld one from being given back.
WITH suppressed AS (
    SELECT month, level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id,
           iapt_ews.suppress(repeat_referrals) AS repeat_referrals,
           ARRAY[iapt_ews.suppress(days_91_or_fewer), iapt_ews.suppress(days_92_to_182),
                 iapt_ews.suppress(days_183_to_273), iapt_ews.suppress(days_over_273)] AS parts
    FROM repeat_referrals)
SELECT month, level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id,
       repeat_referrals,
       iapt_ews.suppress_part(parts[1], repeat_referrals, parts) AS days_91_or_fewer,
       iapt_ews.suppress_part(parts[2], repeat_referrals, parts) AS days_92_to_182,
       iapt_ews.suppress_part(parts[3], repeat_referrals, parts) AS days_183_to_273,
       iapt_ews.suppress_part(parts[4], repeat_referrals, parts) AS days_over_273
FROM suppressed;
COMMENT ON VIEW repeat_referrals_published IS 'repeat_referrals with disclosure control: counts below 5 withheld and the rest rounded to 5 (iapt_ews.suppress), and a further interval withheld where the four would give a withheld one back from the total (iapt_ews.suppress_part). Owner''s rights, security_barrier';
COMMENT ON COLUMN repeat_referrals_published.month IS 'First day of the month the repeat referral was received';
COMMENT ON COLUMN repeat_referrals_published.level IS 'national, region, icb, sub_icb, provider or service';
COMMENT ON COLUMN repeat_referrals_published.group_type IS 'The level as NHS England names it';
COMMENT ON COLUMN repeat_referrals_published.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed), the provider or the service';
COMMENT ON COLUMN repeat_referrals_published.organisation_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals_published.region_code IS 'NHS England region of the row';
COMMENT ON COLUMN repeat_referrals_published.region_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals_published.provider_code IS 'Provider on provider and service rows';
COMMENT ON COLUMN repeat_referrals_published.service_id IS 'Service on service rows';
COMMENT ON COLUMN repeat_referrals_published.repeat_referrals IS 'Repeat referrals received in the month; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_91_or_fewer IS '91 days or fewer after the previous discharge; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_92_to_182 IS '92 to 182 days; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_183_to_273 IS '183 to 273 days; suppressed';
COMMENT ON COLUMN repeat_referrals_published.days_over_273 IS '274 to 365 days; suppressed';
