-- step: 540
-- object: workshop_polls
-- kind: view
-- layer: reports
-- reads: group_session
CREATE VIEW workshop_polls WITH (security_barrier = true) AS
SELECT s.session_id, s.service_id, s.topic, s.starts_at, s.delivery_mode, s.attended,
       s.poll_responses, s.poll_helped,
       (s.poll_helped::float8 / NULLIF(s.poll_responses, 0))::numeric(6, 3) AS helped_rate,
       (s.poll_responses::float8 / NULLIF(s.attended, 0))::numeric(6, 3) AS response_rate
FROM group_session s
WHERE s.poll_responses IS NOT NULL;

COMMENT ON VIEW workshop_polls IS 'End-of-session poll results, one row per session that ran a poll (in place of outcome forms, as Lewisham did). No patient data.';
COMMENT ON COLUMN workshop_polls.session_id IS 'Session';
COMMENT ON COLUMN workshop_polls.service_id IS 'Service';
COMMENT ON COLUMN workshop_polls.topic IS 'Workshop topic';
COMMENT ON COLUMN workshop_polls.starts_at IS 'Start of the session';
COMMENT ON COLUMN workshop_polls.delivery_mode IS 'in person or online';
COMMENT ON COLUMN workshop_polls.attended IS 'Attendances';
COMMENT ON COLUMN workshop_polls.poll_responses IS 'Poll answers';
COMMENT ON COLUMN workshop_polls.poll_helped IS 'Answers saying the session helped';
COMMENT ON COLUMN workshop_polls.helped_rate IS 'poll_helped / poll_responses; a fraction 0-1, to 3 decimals';
COMMENT ON COLUMN workshop_polls.response_rate IS 'poll_responses / attended; a fraction 0-1, to 3 decimals';
