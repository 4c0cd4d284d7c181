-- step: 550
-- object: workshop_waiting
-- kind: view
-- layer: reports
-- reads: waiting_list_entry, referral, provider_access
CREATE VIEW workshop_waiting WITH (security_barrier = true) AS
WITH e AS (
    SELECT w.service_id, w.topic, date_trunc('month', w.added_on)::date AS month,
           w.offered_on, w.attended_on, w.left_on,
           (w.offered_on - w.added_on) AS days
    FROM waiting_list_entry w
    JOIN referral r ON r.pathway_id = w.pathway_id
    -- Visibility first, as in referral_outcome.
    WHERE iapt_ews.provider_visible(r.provider_code, 'provider_access'::regclass))
SELECT e.service_id, e.topic, e.month,
       count(*) AS added,
       count(*) FILTER (WHERE e.offered_on IS NULL AND e.left_on IS NULL) AS still_waiting,
       count(*) FILTER (WHERE e.offered_on IS NOT NULL) AS offered,
       count(*) FILTER (WHERE e.attended_on IS NOT NULL) AS attended,
       count(*) FILTER (WHERE e.left_on IS NOT NULL) AS left_list,
       (percentile_cont(0.5) WITHIN GROUP (ORDER BY e.days))::numeric(8, 1) AS median_wait_days,
       (percentile_cont(0.9) WITHIN GROUP (ORDER BY e.days))::numeric(8, 1) AS p90_wait_days,
       count(*) FILTER (WHERE e.offered_on IS NOT NULL AND e.days <= 42) AS offered_within_6_weeks,
       count(*) FILTER (WHERE e.offered_on IS NOT NULL AND e.days <= 126) AS offered_within_18_weeks
FROM e GROUP BY 1, 2, 3;
COMMENT ON VIEW workshop_waiting IS 'Workshop waiting lists per service, topic and month added: added, still waiting, offered, attended, left, median and 90th-percentile wait to an offer (days, of those offered), offers within 6 and 18 weeks (of everyone added). Not suppressed.';
COMMENT ON COLUMN workshop_waiting.service_id IS 'Service';
COMMENT ON COLUMN workshop_waiting.topic IS 'Workshop topic';
COMMENT ON COLUMN workshop_waiting.month IS 'First day of the month people were added to the list';
COMMENT ON COLUMN workshop_waiting.added IS 'People added';
COMMENT ON COLUMN workshop_waiting.still_waiting IS 'Not yet offered a place and still on the list';
COMMENT ON COLUMN workshop_waiting.offered IS 'Offered a place';
COMMENT ON COLUMN workshop_waiting.attended IS 'Attended a session';
COMMENT ON COLUMN workshop_waiting.left_list IS 'Left the list without attending';
COMMENT ON COLUMN workshop_waiting.median_wait_days IS 'Median days from joining to an offer, of the people offered a place';
COMMENT ON COLUMN workshop_waiting.p90_wait_days IS '90th percentile of the same waits';
COMMENT ON COLUMN workshop_waiting.offered_within_6_weeks IS 'Offered a place within 42 days of joining';
COMMENT ON COLUMN workshop_waiting.offered_within_18_weeks IS 'Offered a place within 126 days of joining';
