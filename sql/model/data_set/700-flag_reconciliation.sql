-- step: 700
-- object: flag_reconciliation
-- kind: view
-- layer: reports
-- reads: referral_outcome, national_flags
-- The extension's classification beside the national derived flags, per
-- provider and discharge month: a flag the data set carries is compared on
-- ended referrals (docs/warehouse.md explains each disagreement by rule).
CREATE VIEW flag_reconciliation WITH (security_barrier = true) AS
SELECT o.provider_code, date_trunc('month', o.discharge_date)::date AS month, f.flag,
       count(*) AS referrals_compared,
       count(*) FILTER (WHERE f.national <> f.extension) AS disagreements,
       count(*) FILTER (WHERE f.national AND NOT f.extension) AS national_only,
       count(*) FILTER (WHERE f.extension AND NOT f.national) AS extension_only,
       (array_agg(o.pathway_id ORDER BY o.pathway_id) FILTER (WHERE f.national <> f.extension))[1:5] AS example_pathway_ids
FROM referral_outcome o
JOIN national_flags n ON n.pathway_id = o.pathway_id
CROSS JOIN LATERAL (VALUES
    ('CompletedTreatment_Flag', n.completed_treatment, o.finished),
    ('NotCaseness_Flag', n.not_caseness, o.finished AND o.not_case_at_start),
    ('Recovery_Flag', n.recovery, o.finished AND o.recovered),
    ('ReliableImprovement_Flag', n.reliable_improvement, o.finished AND o.reliably_improved),
    ('ReliableDeterioration_Flag', n.reliable_deterioration, o.finished AND o.reliably_deteriorated)) f(flag, national, extension)
WHERE o.discharge_date IS NOT NULL AND f.national IS NOT NULL
GROUP BY 1, 2, 3;
COMMENT ON VIEW flag_reconciliation IS 'The extension''s outcome flags against the national derived flags of IDS101, per provider, discharge month and flag: referrals compared, disagreements (national only, extension only) and up to five example PathwayIDs';
COMMENT ON COLUMN flag_reconciliation.provider_code IS 'OrgID_Provider';
COMMENT ON COLUMN flag_reconciliation.month IS 'First day of the discharge month';
COMMENT ON COLUMN flag_reconciliation.flag IS 'The national flag compared (CompletedTreatment_Flag, NotCaseness_Flag, Recovery_Flag, ReliableImprovement_Flag, ReliableDeterioration_Flag)';
COMMENT ON COLUMN flag_reconciliation.referrals_compared IS 'Ended referrals that carry the flag';
COMMENT ON COLUMN flag_reconciliation.disagreements IS 'Referrals where the flag and the extension''s classification differ';
COMMENT ON COLUMN flag_reconciliation.national_only IS 'Flag set, extension''s classification not';
COMMENT ON COLUMN flag_reconciliation.extension_only IS 'Extension''s classification set, flag not';
COMMENT ON COLUMN flag_reconciliation.example_pathway_ids IS 'Up to five PathwayIDs that disagree (of providers the caller may see)';
