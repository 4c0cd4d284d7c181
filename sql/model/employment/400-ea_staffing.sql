-- step: 400
-- object: ea_staffing
-- kind: view
-- layer: reports
-- reads: workforce
CREATE VIEW ea_staffing WITH (security_barrier = true) AS
SELECT q.service_id, q.quarter,
       iapt_ews.ea_wte(q.ratio) AS ea_wte,
       iapt_ews.therapist_wte(q.ratio) AS therapist_wte,
       iapt_ews.therapists_per_ea(q.ratio) AS therapists_per_ea,
       iapt_ews.meets_target(q.ratio) AS meets_target,
       iapt_ews.ea_needed(q.ratio) AS ea_wte_needed
FROM (SELECT m.service_id, m.quarter, iapt_ews.ea_ratio(m.role, m.wte) AS ratio
      FROM (SELECT w.service_id, date_trunc('quarter', w.period)::date AS quarter, w.role,
                   round(avg(w.wte), 2) AS wte
            FROM workforce w
            GROUP BY 1, 2, 3) m
      GROUP BY m.service_id, m.quarter) q;
COMMENT ON VIEW ea_staffing IS 'Employment adviser staffing per service and quarter (mean WTE of the quarter''s monthly returns, by role through iapt_ews.ea_ratio) against the 1:8 target. Holds no patient data';
COMMENT ON COLUMN ea_staffing.service_id IS 'Service';
COMMENT ON COLUMN ea_staffing.quarter IS 'First day of the quarter';
COMMENT ON COLUMN ea_staffing.ea_wte IS 'Employment adviser WTE (mean over the quarter)';
COMMENT ON COLUMN ea_staffing.therapist_wte IS 'Therapist WTE: high-intensity therapists, PWPs and counsellors (mean over the quarter)';
COMMENT ON COLUMN ea_staffing.therapists_per_ea IS 'Therapist WTE per EA WTE, to 0.01; NULL with no EA';
COMMENT ON COLUMN ea_staffing.meets_target IS 'At least 1 EA per 8 therapists';
COMMENT ON COLUMN ea_staffing.ea_wte_needed IS 'Extra EA WTE needed to reach 1:8, rounded up to 0.01; 0 when met';
