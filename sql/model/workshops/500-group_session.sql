-- step: 500
-- object: group_session
-- kind: table
-- layer: reference_tables
-- reads: 
CREATE TABLE group_session (
    session_id      text PRIMARY KEY,
    service_id      text NOT NULL,
    topic           text NOT NULL,
    starts_at       timestamptz NOT NULL CHECK (starts_at BETWEEN TIMESTAMPTZ '1990-01-01 00:00+00' AND TIMESTAMPTZ '2099-12-31 00:00+00'),
    capacity        integer NOT NULL CHECK (capacity >= 1),
    delivery_mode   text NOT NULL CHECK (delivery_mode IN ('in person', 'online')),
    booked          integer NOT NULL DEFAULT 0 CHECK (booked >= 0),
    attended        integer CHECK (attended >= 0),
    overbooked      boolean NOT NULL DEFAULT false,
    poll_responses  integer CHECK (poll_responses >= 0),
    poll_helped     integer CHECK (poll_helped >= 0),
    CONSTRAINT group_session_booked_within_capacity CHECK (booked <= capacity OR overbooked),
    CONSTRAINT group_session_attended_within_capacity CHECK (attended IS NULL OR attended <= capacity OR overbooked),
    CONSTRAINT group_session_poll_within_attendance CHECK (poll_responses IS NULL OR poll_responses <= COALESCE(attended, 0)),
    CONSTRAINT group_session_helped_within_responses CHECK (poll_helped IS NULL OR poll_helped <= COALESCE(poll_responses, 0))
);
CREATE INDEX group_session_service_topic_idx ON group_session (service_id, topic, starts_at);

COMMENT ON TABLE group_session IS 'Group workshop sessions (employment workshops, online wellbeing workshops, four-week programmes): capacity, bookings, attendance and the end-of-session poll. No patient-level data';
COMMENT ON COLUMN group_session.session_id IS 'Session identifier';
COMMENT ON COLUMN group_session.service_id IS 'Service running the session';
COMMENT ON COLUMN group_session.topic IS 'Workshop topic (employment, sleep, worry, ...)';
COMMENT ON COLUMN group_session.starts_at IS 'Start date and time';
COMMENT ON COLUMN group_session.capacity IS 'Places (at least 1)';
COMMENT ON COLUMN group_session.delivery_mode IS 'in person or online';
COMMENT ON COLUMN group_session.booked IS 'Places booked; above capacity only when overbooked';
COMMENT ON COLUMN group_session.attended IS 'People who attended; NULL until the session is held; above capacity only when overbooked';
COMMENT ON COLUMN group_session.overbooked IS 'The session was deliberately overbooked (bookings or attendance may exceed capacity)';
COMMENT ON COLUMN group_session.poll_responses IS 'Answers to the end-of-session poll; NULL when no poll was run';
COMMENT ON COLUMN group_session.poll_helped IS 'Poll answers saying the session helped';
