-- step: 580
-- object: workshop_waiting_published
-- kind: view
-- layer: reports
-- reads: workshop_waiting
CREATE VIEW workshop_waiting_published WITH (security_barrier = true) AS
SELECT w.service_id, w.topic, w.month,
       iapt_ews.suppress(w.added) AS added, iapt_ews.suppress(w.still_waiting) AS still_waiting,
       iapt_ews.suppress(w.offered) AS offered, iapt_ews.suppress(w.attended) AS attended,
       iapt_ews.suppress(w.left_list) AS left_list,
       CASE WHEN w.offered >= 5 THEN w.median_wait_days END AS median_wait_days,
       CASE WHEN w.offered >= 5 THEN w.p90_wait_days END AS p90_wait_days,
       round(iapt_ews.published_rate(w.offered_within_6_weeks, w.added)::numeric, 4) AS offered_within_6_weeks_rate,
       round(iapt_ews.published_rate(w.offered_within_18_weeks, w.added)::numeric, 4) AS offered_within_18_weeks_rate
FROM workshop_waiting w;
COMMENT ON VIEW workshop_waiting_published IS 'workshop_waiting with disclosure control: counts below 5 withheld and the rest rounded to 5, waits withheld for fewer than 5 people, shares withheld on small counts and rounded to 2 decimals; only the providers in provider_access for the caller.';
COMMENT ON COLUMN workshop_waiting_published.service_id IS 'Service';
COMMENT ON COLUMN workshop_waiting_published.topic IS 'Workshop topic';
COMMENT ON COLUMN workshop_waiting_published.month IS 'First day of the month people were added to the list';
COMMENT ON COLUMN workshop_waiting_published.added IS 'People added (suppressed)';
COMMENT ON COLUMN workshop_waiting_published.still_waiting IS 'Still waiting (suppressed)';
COMMENT ON COLUMN workshop_waiting_published.offered IS 'Offered a place (suppressed)';
COMMENT ON COLUMN workshop_waiting_published.attended IS 'Attended (suppressed)';
COMMENT ON COLUMN workshop_waiting_published.left_list IS 'Left the list (suppressed)';
COMMENT ON COLUMN workshop_waiting_published.median_wait_days IS 'Median wait to an offer, days (withheld when fewer than 5 were offered)';
COMMENT ON COLUMN workshop_waiting_published.p90_wait_days IS '90th-percentile wait, days (withheld when fewer than 5 were offered)';
COMMENT ON COLUMN workshop_waiting_published.offered_within_6_weeks_rate IS 'Share offered within 42 days (published_rate, 4 decimals)';
COMMENT ON COLUMN workshop_waiting_published.offered_within_18_weeks_rate IS 'Share offered within 126 days (published_rate, 4 decimals)';
