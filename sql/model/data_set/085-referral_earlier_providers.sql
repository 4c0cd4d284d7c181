-- step: 85
-- object: referral_earlier_providers
-- kind: view
-- layer: bound_relations
-- reads: referral
-- stored: index=pathway_id
-- For each referral of a bound data set, the providers of the person's
-- other referrals received in the 365 days up to it (same-day referrals
-- ordered by pathway_id): the rule of referral_outcome's repeat_referral.
-- Stored with every provider's referral_outcome (referral_outcome_all,
-- its "stored:" declaration), from which the filter over it works the
-- flag out again for each caller's providers, so that no one learns of a
-- referral to a provider they may not see. Every provider's rows: not
-- for readers, as the other bound relations.
CREATE VIEW referral_earlier_providers WITH (security_barrier = true) AS
SELECT r.pathway_id, array_agg(DISTINCT r2.provider_code) AS earlier_providers
FROM referral r
JOIN referral r2 ON r2.person_id = r.person_id
WHERE r2.referral_date >= r.referral_date - 365 AND r2.referral_date <= r.referral_date
  AND (r2.referral_date < r.referral_date OR r2.pathway_id < r.pathway_id)
GROUP BY r.pathway_id;
COMMENT ON VIEW referral_earlier_providers IS 'Each referral with the providers of the person''s other referrals received in the 365 days up to it, every provider''s (not for readers): what referral_outcome_all keeps so that repeat_referral is worked out again for each caller';
COMMENT ON COLUMN referral_earlier_providers.pathway_id IS 'The referral';
COMMENT ON COLUMN referral_earlier_providers.earlier_providers IS 'Providers of the person''s other referrals received in the 365 days up to this one (same-day referrals ordered by pathway_id)';
