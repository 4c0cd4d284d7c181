-- step: 339
-- object: repeat_referrals_published
-- kind: view
-- layer: reports
-- reads: repeat_referrals
-- Written by tools/metric_statements.py from 339-repeat_referrals_published.sql.in and repeat_referrals.csv:
-- edit those, not this file.
-- repeat_referrals with disclosure control. Each count is suppressed
-- (below 5 withheld, the rest rounded to 5); the four intervals are
-- checked beside their total in the row, then every count in the sums a
-- reader can form across the levels, as key_metrics_published does
-- (iapt_ews.suppress_part, one sum at a time).
CREATE VIEW repeat_referrals_published WITH (security_barrier = true) AS
WITH suppressed AS (
    SELECT r.*, iapt_ews.suppress(r.repeat_referrals) AS total_shown,
           ARRAY[iapt_ews.suppress(r.days_91_or_fewer), iapt_ews.suppress(r.days_92_to_182),
                 iapt_ews.suppress(r.days_183_to_273), iapt_ews.suppress(r.days_over_273)] AS parts
    FROM repeat_referrals r),
shown AS (
    SELECT s.*, s.total_shown AS shown_repeat_referrals,
           iapt_ews.suppress_part(s.parts[1], s.total_shown, s.parts) AS shown_days_91_or_fewer,
           iapt_ews.suppress_part(s.parts[2], s.total_shown, s.parts) AS shown_days_92_to_182,
           iapt_ews.suppress_part(s.parts[3], s.total_shown, s.parts) AS shown_days_183_to_273,
           iapt_ews.suppress_part(s.parts[4], s.total_shown, s.parts) AS shown_days_over_273
    FROM suppressed s),
summed AS (
    SELECT s.*,
           max(shown_repeat_referrals) FILTER (WHERE level = 'national') OVER by_month AS national_repeat_referrals,
           count(*) FILTER (WHERE shown_repeat_referrals IS NULL) OVER by_level AS national_withheld_repeat_referrals,
           sum(shown_repeat_referrals + 2) OVER by_level AS national_high_repeat_referrals,
           min(shown_repeat_referrals) OVER by_level AS national_smallest_repeat_referrals,
           max(shown_repeat_referrals) FILTER (WHERE level = 'provider') OVER by_provider AS provider_repeat_referrals,
           count(*) FILTER (WHERE shown_repeat_referrals IS NULL) OVER by_provider_level AS provider_withheld_repeat_referrals,
           sum(shown_repeat_referrals + 2) OVER by_provider_level AS provider_high_repeat_referrals,
           min(shown_repeat_referrals) OVER by_provider_level AS provider_smallest_repeat_referrals,
           max(shown_repeat_referrals) FILTER (WHERE level = 'region') OVER by_region AS region_repeat_referrals,
           count(*) FILTER (WHERE shown_repeat_referrals IS NULL) OVER by_region_level AS region_withheld_repeat_referrals,
           sum(shown_repeat_referrals + 2) OVER by_region_level AS region_high_repeat_referrals,
           min(shown_repeat_referrals) OVER by_region_level AS region_smallest_repeat_referrals,
           max(shown_days_91_or_fewer) FILTER (WHERE level = 'national') OVER by_month AS national_days_91_or_fewer,
           count(*) FILTER (WHERE shown_days_91_or_fewer IS NULL) OVER by_level AS national_withheld_days_91_or_fewer,
           sum(shown_days_91_or_fewer + 2) OVER by_level AS national_high_days_91_or_fewer,
           min(shown_days_91_or_fewer) OVER by_level AS national_smallest_days_91_or_fewer,
           max(shown_days_91_or_fewer) FILTER (WHERE level = 'provider') OVER by_provider AS provider_days_91_or_fewer,
           count(*) FILTER (WHERE shown_days_91_or_fewer IS NULL) OVER by_provider_level AS provider_withheld_days_91_or_fewer,
           sum(shown_days_91_or_fewer + 2) OVER by_provider_level AS provider_high_days_91_or_fewer,
           min(shown_days_91_or_fewer) OVER by_provider_level AS provider_smallest_days_91_or_fewer,
           max(shown_days_91_or_fewer) FILTER (WHERE level = 'region') OVER by_region AS region_days_91_or_fewer,
           count(*) FILTER (WHERE shown_days_91_or_fewer IS NULL) OVER by_region_level AS region_withheld_days_91_or_fewer,
           sum(shown_days_91_or_fewer + 2) OVER by_region_level AS region_high_days_91_or_fewer,
           min(shown_days_91_or_fewer) OVER by_region_level AS region_smallest_days_91_or_fewer,
           max(shown_days_92_to_182) FILTER (WHERE level = 'national') OVER by_month AS national_days_92_to_182,
           count(*) FILTER (WHERE shown_days_92_to_182 IS NULL) OVER by_level AS national_withheld_days_92_to_182,
           sum(shown_days_92_to_182 + 2) OVER by_level AS national_high_days_92_to_182,
           min(shown_days_92_to_182) OVER by_level AS national_smallest_days_92_to_182,
           max(shown_days_92_to_182) FILTER (WHERE level = 'provider') OVER by_provider AS provider_days_92_to_182,
           count(*) FILTER (WHERE shown_days_92_to_182 IS NULL) OVER by_provider_level AS provider_withheld_days_92_to_182,
           sum(shown_days_92_to_182 + 2) OVER by_provider_level AS provider_high_days_92_to_182,
           min(shown_days_92_to_182) OVER by_provider_level AS provider_smallest_days_92_to_182,
           max(shown_days_92_to_182) FILTER (WHERE level = 'region') OVER by_region AS region_days_92_to_182,
           count(*) FILTER (WHERE shown_days_92_to_182 IS NULL) OVER by_region_level AS region_withheld_days_92_to_182,
           sum(shown_days_92_to_182 + 2) OVER by_region_level AS region_high_days_92_to_182,
           min(shown_days_92_to_182) OVER by_region_level AS region_smallest_days_92_to_182,
           max(shown_days_183_to_273) FILTER (WHERE level = 'national') OVER by_month AS national_days_183_to_273,
           count(*) FILTER (WHERE shown_days_183_to_273 IS NULL) OVER by_level AS national_withheld_days_183_to_273,
           sum(shown_days_183_to_273 + 2) OVER by_level AS national_high_days_183_to_273,
           min(shown_days_183_to_273) OVER by_level AS national_smallest_days_183_to_273,
           max(shown_days_183_to_273) FILTER (WHERE level = 'provider') OVER by_provider AS provider_days_183_to_273,
           count(*) FILTER (WHERE shown_days_183_to_273 IS NULL) OVER by_provider_level AS provider_withheld_days_183_to_273,
           sum(shown_days_183_to_273 + 2) OVER by_provider_level AS provider_high_days_183_to_273,
           min(shown_days_183_to_273) OVER by_provider_level AS provider_smallest_days_183_to_273,
           max(shown_days_183_to_273) FILTER (WHERE level = 'region') OVER by_region AS region_days_183_to_273,
           count(*) FILTER (WHERE shown_days_183_to_273 IS NULL) OVER by_region_level AS region_withheld_days_183_to_273,
           sum(shown_days_183_to_273 + 2) OVER by_region_level AS region_high_days_183_to_273,
           min(shown_days_183_to_273) OVER by_region_level AS region_smallest_days_183_to_273,
           max(shown_days_over_273) FILTER (WHERE level = 'national') OVER by_month AS national_days_over_273,
           count(*) FILTER (WHERE shown_days_over_273 IS NULL) OVER by_level AS national_withheld_days_over_273,
           sum(shown_days_over_273 + 2) OVER by_level AS national_high_days_over_273,
           min(shown_days_over_273) OVER by_level AS national_smallest_days_over_273,
           max(shown_days_over_273) FILTER (WHERE level = 'provider') OVER by_provider AS provider_days_over_273,
           count(*) FILTER (WHERE shown_days_over_273 IS NULL) OVER by_provider_level AS provider_withheld_days_over_273,
           sum(shown_days_over_273 + 2) OVER by_provider_level AS provider_high_days_over_273,
           min(shown_days_over_273) OVER by_provider_level AS provider_smallest_days_over_273,
           max(shown_days_over_273) FILTER (WHERE level = 'region') OVER by_region AS region_days_over_273,
           count(*) FILTER (WHERE shown_days_over_273 IS NULL) OVER by_region_level AS region_withheld_days_over_273,
           sum(shown_days_over_273 + 2) OVER by_region_level AS region_high_days_over_273,
           min(shown_days_over_273) OVER by_region_level AS region_smallest_days_over_273
    FROM shown s
    WINDOW by_month AS (PARTITION BY month), by_level AS (PARTITION BY month, level),
    by_provider AS (PARTITION BY month, provider_code),
    by_provider_level AS (PARTITION BY month, level, provider_code),
    by_region AS (PARTITION BY month, region_code),
    by_region_level AS (PARTITION BY month, level, region_code)
    ),
published AS (
    SELECT s.*,
           iapt_ews.suppress_part(iapt_ews.suppress_part(iapt_ews.suppress_part(shown_repeat_referrals, CASE WHEN level::text IN ('region', 'icb', 'sub_icb', 'provider') THEN national_repeat_referrals END, national_withheld_repeat_referrals, national_high_repeat_referrals::bigint, national_smallest_repeat_referrals), CASE WHEN level::text IN ('service') THEN provider_repeat_referrals END, provider_withheld_repeat_referrals, provider_high_repeat_referrals::bigint, provider_smallest_repeat_referrals), CASE WHEN level::text IN ('icb', 'sub_icb') THEN region_repeat_referrals END, region_withheld_repeat_referrals, region_high_repeat_referrals::bigint, region_smallest_repeat_referrals) AS published_repeat_referrals,
           iapt_ews.suppress_part(iapt_ews.suppress_part(iapt_ews.suppress_part(shown_days_91_or_fewer, CASE WHEN level::text IN ('region', 'icb', 'sub_icb', 'provider') THEN national_days_91_or_fewer END, national_withheld_days_91_or_fewer, national_high_days_91_or_fewer::bigint, national_smallest_days_91_or_fewer), CASE WHEN level::text IN ('service') THEN provider_days_91_or_fewer END, provider_withheld_days_91_or_fewer, provider_high_days_91_or_fewer::bigint, provider_smallest_days_91_or_fewer), CASE WHEN level::text IN ('icb', 'sub_icb') THEN region_days_91_or_fewer END, region_withheld_days_91_or_fewer, region_high_days_91_or_fewer::bigint, region_smallest_days_91_or_fewer) AS published_days_91_or_fewer,
           iapt_ews.suppress_part(iapt_ews.suppress_part(iapt_ews.suppress_part(shown_days_92_to_182, CASE WHEN level::text IN ('region', 'icb', 'sub_icb', 'provider') THEN national_days_92_to_182 END, national_withheld_days_92_to_182, national_high_days_92_to_182::bigint, national_smallest_days_92_to_182), CASE WHEN level::text IN ('service') THEN provider_days_92_to_182 END, provider_withheld_days_92_to_182, provider_high_days_92_to_182::bigint, provider_smallest_days_92_to_182), CASE WHEN level::text IN ('icb', 'sub_icb') THEN region_days_92_to_182 END, region_withheld_days_92_to_182, region_high_days_92_to_182::bigint, region_smallest_days_92_to_182) AS published_days_92_to_182,
           iapt_ews.suppress_part(iapt_ews.suppress_part(iapt_ews.suppress_part(shown_days_183_to_273, CASE WHEN level::text IN ('region', 'icb', 'sub_icb', 'provider') THEN national_days_183_to_273 END, national_withheld_days_183_to_273, national_high_days_183_to_273::bigint, national_smallest_days_183_to_273), CASE WHEN level::text IN ('service') THEN provider_days_183_to_273 END, provider_withheld_days_183_to_273, provider_high_days_183_to_273::bigint, provider_smallest_days_183_to_273), CASE WHEN level::text IN ('icb', 'sub_icb') THEN region_days_183_to_273 END, region_withheld_days_183_to_273, region_high_days_183_to_273::bigint, region_smallest_days_183_to_273) AS published_days_183_to_273,
           iapt_ews.suppress_part(iapt_ews.suppress_part(iapt_ews.suppress_part(shown_days_over_273, CASE WHEN level::text IN ('region', 'icb', 'sub_icb', 'provider') THEN national_days_over_273 END, national_withheld_days_over_273, national_high_days_over_273::bigint, national_smallest_days_over_273), CASE WHEN level::text IN ('service') THEN provider_days_over_273 END, provider_withheld_days_over_273, provider_high_days_over_273::bigint, provider_smallest_days_over_273), CASE WHEN level::text IN ('icb', 'sub_icb') THEN region_days_over_273 END, region_withheld_days_over_273, region_high_days_over_273::bigint, region_smallest_days_over_273) AS published_days_over_273
    FROM summed s)
SELECT month, level, group_type, organisation_code, organisation_name, region_code, region_name, provider_code, service_id,
       published_repeat_referrals AS repeat_referrals,
       published_days_91_or_fewer AS days_91_or_fewer,
       published_days_92_to_182 AS days_92_to_182,
       published_days_183_to_273 AS days_183_to_273,
       published_days_over_273 AS days_over_273
FROM published;
COMMENT ON VIEW repeat_referrals_published IS 'repeat_referrals with disclosure control: counts below 5 withheld and the rest rounded to 5 (iapt_ews.suppress), a further interval withheld where the four would give a withheld one back from the total, and a further count where a sum across the levels would (iapt_ews.suppress_part). Owner''s rights, security_barrier';
COMMENT ON COLUMN repeat_referrals_published.month IS 'First day of the month the repeat referral was received';
COMMENT ON COLUMN repeat_referrals_published.level IS 'national, region, icb, sub_icb, provider or service; iapt_ews.report_level: compared in any case (''ICB'', ''Sub-ICB''), a name that is no level is an error, ordered national to service';
COMMENT ON COLUMN repeat_referrals_published.group_type IS 'The level as NHS England names it';
COMMENT ON COLUMN repeat_referrals_published.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed), the provider or the service';
COMMENT ON COLUMN repeat_referrals_published.organisation_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals_published.region_code IS 'NHS England region of the row';
COMMENT ON COLUMN repeat_referrals_published.region_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals_published.provider_code IS 'Provider on provider and service rows';
COMMENT ON COLUMN repeat_referrals_published.service_id IS 'Service on service rows';
COMMENT ON COLUMN repeat_referrals_published.repeat_referrals IS 'Repeat referrals received in the month; suppressed, and withheld where a sum across the levels would give a withheld count back';
COMMENT ON COLUMN repeat_referrals_published.days_91_or_fewer IS '91 days or fewer after the previous discharge; suppressed, and withheld where a sum across the levels would give a withheld count back';
COMMENT ON COLUMN repeat_referrals_published.days_92_to_182 IS '92 to 182 days; suppressed, and withheld where a sum across the levels would give a withheld count back';
COMMENT ON COLUMN repeat_referrals_published.days_183_to_273 IS '183 to 273 days; suppressed, and withheld where a sum across the levels would give a withheld count back';
COMMENT ON COLUMN repeat_referrals_published.days_over_273 IS '274 to 365 days; suppressed, and withheld where a sum across the levels would give a withheld count back';
