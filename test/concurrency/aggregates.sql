\set svc random(0, 6)
SELECT service, iapt_ews.recovery_rate(o), iapt_ews.reliable_improvement_rate(o) FROM iapt_ews_conc.outcomes WHERE service = :svc GROUP BY service;
SELECT pathway_id, iapt_ews.first_score(iapt_ews.pair_scores(recorded_at, score)) FROM iapt_ews_conc.scores WHERE pathway_id BETWEEN :svc * 100 AND :svc * 100 + 50 GROUP BY pathway_id;
SELECT iapt_ews.ea_ratio(role, wte), iapt_ews.compare_rates(iapt_ews.recovered(o), outcomes.id % 2 = 0) FROM iapt_ews_conc.staff, iapt_ews_conc.outcomes WHERE staff.service = :svc AND outcomes.service = :svc AND outcomes.id % 50 = 0;
SELECT count(*) FROM iapt_ews.access_scores('SELECT id, geom, pop AS population FROM iapt_ews_conc.areas', 'SELECT id, geom, 1 AS capacity FROM iapt_ews_conc.sites', 3000);
