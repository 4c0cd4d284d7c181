\set p random(0, 27)
\set a random(0, 21)
\set s random(0, 12)
SELECT iapt_ews.classify(:p, 27 - :p, 'gad7', :a, 21 - :a, :s, true);
SELECT iapt_ews.outcome_summary(o) FROM iapt_ews_conc.outcomes WHERE service = :s % 7;
