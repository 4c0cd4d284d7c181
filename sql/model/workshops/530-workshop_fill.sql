-- step: 530
-- object: workshop_fill
-- kind: view
-- layer: reports
-- reads: group_session
CREATE VIEW workshop_fill WITH (security_barrier = true) AS
SELECT s.service_id, s.topic, date_trunc('month', s.starts_at AT TIME ZONE 'Europe/London')::date AS month,
       count(*) AS sessions,
       count(*) FILTER (WHERE s.delivery_mode = 'online') AS online_sessions,
       sum(s.capacity) AS places,
       sum(s.booked) AS booked,
       sum(s.attended) AS attended,
       (sum(s.booked)::float8 / sum(s.capacity))::numeric(6, 3) AS fill_rate,
       (sum(s.attended)::float8 / NULLIF(sum(s.booked) FILTER (WHERE s.attended IS NOT NULL), 0))::numeric(6, 3) AS attendance_rate,
       count(*) FILTER (WHERE s.overbooked) AS overbooked_sessions
FROM group_session s
GROUP BY 1, 2, 3;

COMMENT ON VIEW workshop_fill IS 'Group workshop sessions per service, topic and month (UK time): places, bookings, attendance, fill rate (booked / places) and attendance rate (attended / booked, held sessions). No patient data.';
COMMENT ON COLUMN workshop_fill.service_id IS 'Service';
COMMENT ON COLUMN workshop_fill.topic IS 'Workshop topic';
COMMENT ON COLUMN workshop_fill.month IS 'First day of the month the sessions started in (UK time)';
COMMENT ON COLUMN workshop_fill.sessions IS 'Sessions';
COMMENT ON COLUMN workshop_fill.online_sessions IS 'Sessions delivered online';
COMMENT ON COLUMN workshop_fill.places IS 'Places (sum of capacities)';
COMMENT ON COLUMN workshop_fill.booked IS 'Places booked';
COMMENT ON COLUMN workshop_fill.attended IS 'Attendances (held sessions)';
COMMENT ON COLUMN workshop_fill.fill_rate IS 'booked / places; a fraction (above 1 with overbooking), to 3 decimals';
COMMENT ON COLUMN workshop_fill.attendance_rate IS 'attended / booked, over sessions already held; a fraction 0-1, to 3 decimals';
COMMENT ON COLUMN workshop_fill.overbooked_sessions IS 'Sessions flagged as overbooked';
