-- step: 570
-- object: workshop_polls_published
-- kind: view
-- layer: reports
-- reads: workshop_polls
CREATE VIEW workshop_polls_published WITH (security_barrier = true) AS
SELECT p.service_id, p.topic, date_trunc('month', p.starts_at AT TIME ZONE 'Europe/London')::date AS month,
       count(*) AS sessions,
       iapt_ews.suppress(sum(p.poll_responses)::bigint) AS poll_responses,
       round(iapt_ews.published_rate(sum(p.poll_helped)::bigint, sum(p.poll_responses)::bigint)::numeric, 4) AS helped_rate
FROM workshop_polls p
GROUP BY 1, 2, 3;
COMMENT ON VIEW workshop_polls_published IS 'Poll results per service, topic and month with disclosure control (per session counts are too small to publish); the helped rate from the published counts';
COMMENT ON COLUMN workshop_polls_published.service_id IS 'Service';
COMMENT ON COLUMN workshop_polls_published.topic IS 'Workshop topic';
COMMENT ON COLUMN workshop_polls_published.month IS 'First day of the month (UK time)';
COMMENT ON COLUMN workshop_polls_published.sessions IS 'Sessions that ran a poll';
COMMENT ON COLUMN workshop_polls_published.poll_responses IS 'Poll answers (suppressed)';
COMMENT ON COLUMN workshop_polls_published.helped_rate IS 'Published answers saying the session helped / published answers (iapt_ews.published_rate); a fraction 0-1, to 4 decimals';
