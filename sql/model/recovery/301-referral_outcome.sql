-- step: 301
-- object: referral_outcome
-- kind: view
-- layer: reports
-- reads: referral_outcome_all, provider_access
-- Over a stored data set (bind_data_set, materialize): the stored outcomes
-- of every provider, filtered first by the caller's providers. Made only
-- where referral_outcome_all is (the statement above makes it elsewhere).
-- Every column is the stored one but repeat_referral: stored, it looked at
-- every provider's referrals of the person; here, as in the statement
-- above, only at the referrals the caller may see, so that no one learns
-- of a referral to a provider they may not see. referral_outcome_all keeps
-- the providers of each referral's earlier referrals of the year before
-- (earlier_providers, iapt_ews.store_referral_outcome), so that is one
-- scalar call per row (no subplan whose row counts EXPLAIN ANALYZE shows).
CREATE VIEW referral_outcome WITH (security_barrier = true) AS
SELECT v.pathway_id, v.person_id, v.provider_code, v.service_id, v.commissioner_code, v.referral_date,
       v.first_treatment_date, v.second_treatment_date, v.last_treatment_date,
       v.discharge_date, v.end_code, v.provisional_diagnosis,
       v.lsoa_code, v.age_at_referral, v.gender, v.gender_identity, v.ethnic_category, v.anxiety_measure,
       v.appointments_attended, v.treatment_sessions, v.days_to_first_treatment,
       v.phq9_first, v.phq9_last, v.phq9_paired, v.anxiety_first, v.anxiety_last, v.anxiety_paired,
       v.outcome, v.ended, v.finished, v.paired, v.case_at_start, v.not_case_at_start, v.recovered,
       v.reliably_improved, v.reliably_deteriorated, v.no_reliable_change, v.reliably_recovered,
       iapt_ews.any_provider_visible(v.earlier_providers, 'provider_access'::regclass) AS repeat_referral
FROM referral_outcome_all v
WHERE iapt_ews.provider_visible(v.provider_code, 'provider_access'::regclass);
COMMENT ON VIEW referral_outcome IS 'One row per referral (PathwayID) with its outcome: sessions, first and last scores, the outcome type and its flags as plain booleans (docs/reporting.md), as stored at the last iapt_ews.refresh_data_set. Rows of the providers provider_access grants the caller (iapt_ews.visible_providers)';
SELECT iapt_ews.copy_column_comments('referral_outcome_all'::regclass, 'referral_outcome'::regclass);
