-- step: 338
-- object: repeat_referrals
-- kind: view
-- layer: reports
-- reads: organisation_level, referral_outcome
CREATE VIEW repeat_referrals WITH (security_barrier = true) AS
-- PDT "2.14 Repeat_Referrals.sql": a person's finished courses (line 32)
-- in referral order (line 49); each after the first is a repeat referral
-- when the one before it (line 178) was discharged (line 181), had two or
-- more treatment contacts and ended 0 to 365 days before this referral was
-- received, on another day (lines 285-286).
WITH finished_course AS (
    SELECT ro.pathway_id, ro.referral_date,
           coalesce(ro.provider_code, '') AS provider_key, coalesce(ro.service_id, '') AS service_key,
           coalesce(ro.commissioner_code, '') AS commissioner_key,
           lag(ro.pathway_id) OVER w AS previous_pathway_id,
           lag(ro.referral_date) OVER w AS previous_referral_date,
           lag(ro.discharge_date) OVER w AS previous_discharge_date,
           lag(ro.treatment_sessions) OVER w AS previous_treatment_sessions
    FROM referral_outcome ro
    WHERE ro.finished AND ro.person_id IS NOT NULL AND ro.referral_date IS NOT NULL
    WINDOW w AS (PARTITION BY ro.person_id ORDER BY ro.referral_date, ro.pathway_id)),
repeat AS (
    SELECT provider_key, service_key, commissioner_key, date_trunc('month', referral_date::timestamp)::date AS month,
           referral_date - previous_discharge_date AS days_since_discharge
    FROM finished_course
    WHERE previous_pathway_id IS NOT NULL AND previous_referral_date <> referral_date
      AND previous_treatment_sessions >= 2
      AND referral_date - previous_discharge_date BETWEEN 0 AND 365),
-- Counted per month and cell first, then added up to each level
-- (organisation_level), as key_metrics does.
cell_counts AS (
    SELECT month, provider_key, service_key, commissioner_key,
           count(*) AS repeat_referrals,
           count(*) FILTER (WHERE days_since_discharge < 92) AS days_91_or_fewer,
           count(*) FILTER (WHERE days_since_discharge BETWEEN 92 AND 182) AS days_92_to_182,
           count(*) FILTER (WHERE days_since_discharge BETWEEN 183 AND 273) AS days_183_to_273,
           count(*) FILTER (WHERE days_since_discharge > 273) AS days_over_273
    FROM repeat GROUP BY 1, 2, 3, 4)
SELECT c.month, l.level, l.group_type, l.organisation_code, l.organisation_name, l.region_code, l.region_name,
       l.provider_code, l.service_id,
       sum(c.repeat_referrals)::bigint AS repeat_referrals,
       sum(c.days_91_or_fewer)::bigint AS days_91_or_fewer,
       sum(c.days_92_to_182)::bigint AS days_92_to_182,
       sum(c.days_183_to_273)::bigint AS days_183_to_273,
       sum(c.days_over_273)::bigint AS days_over_273
FROM cell_counts c
JOIN organisation_level l ON coalesce(l.cell_provider_code, '') = c.provider_key
                         AND coalesce(l.cell_service_id, '') = c.service_key
                         AND coalesce(l.cell_commissioner_code, '') = c.commissioner_key
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
COMMENT ON VIEW repeat_referrals IS 'Repeat referrals as the PDT dashboard counts them (2.14 Repeat_Referrals.sql): finished courses received in the month whose person''s previous finished course (two or more treatment contacts) was discharged 0 to 365 days before, by the days between, per month and level; the earlier course only among the providers provider_access grants the caller; not suppressed';
COMMENT ON COLUMN repeat_referrals.month IS 'First day of the month the repeat referral was received (Month)';
COMMENT ON COLUMN repeat_referrals.level IS 'national, region, icb, sub_icb, provider or service, of the repeat referral (referral_level); iapt_ews.report_level: compared in any case (''ICB'', ''Sub-ICB''), a name that is no level is an error, ordered national to service';
COMMENT ON COLUMN repeat_referrals.group_type IS 'The level as NHS England names it';
COMMENT ON COLUMN repeat_referrals.organisation_code IS 'England, the commissioner''s region, ICB or sub-ICB (Other when not placed), the provider or the service, of the repeat referral';
COMMENT ON COLUMN repeat_referrals.organisation_name IS 'Its name';
COMMENT ON COLUMN repeat_referrals.region_code IS 'NHS England region of the row (Region Code)';
COMMENT ON COLUMN repeat_referrals.region_name IS 'Its name (Region Name)';
COMMENT ON COLUMN repeat_referrals.provider_code IS 'Provider (last successor) on provider and service rows';
COMMENT ON COLUMN repeat_referrals.service_id IS 'Service on service rows';
COMMENT ON COLUMN repeat_referrals.repeat_referrals IS 'Repeat referrals received in the month: the four bands together';
COMMENT ON COLUMN repeat_referrals.days_91_or_fewer IS 'Received 91 days or fewer after the previous discharge (91 days or fewer; 2.14, line 278)';
COMMENT ON COLUMN repeat_referrals.days_92_to_182 IS 'Received 92 to 182 days after (92-182 days; line 279)';
COMMENT ON COLUMN repeat_referrals.days_183_to_273 IS 'Received 183 to 273 days after (183-273 days; line 280)';
COMMENT ON COLUMN repeat_referrals.days_over_273 IS 'Received 274 to 365 days after (More than 273 days; line 281)';
