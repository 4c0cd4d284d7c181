-- ---------------------------------------------------------------------------
-- Group workshops and their waiting lists (docs/workshops.md): the tables
-- and reports, as statements the builders of 70-model.sql run in a schema
-- of the caller's. Sessions hold no patient rows; waiting-list entries are
-- a referral's, under the referral's row-level security.
-- ---------------------------------------------------------------------------

CREATE FUNCTION iapt_ews.model_objects_workshops()
RETURNS SETOF iapt_ews.model_statement
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $function$
VALUES
(500, 'group_session', 'table', 'reference_tables', '{}'::text[], $ddl$
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
$ddl$),
(510, 'waiting_list_entry', 'table', 'patient_tables', '{referral}', $ddl$
CREATE TABLE waiting_list_entry (
    entry_id        text PRIMARY KEY,
    pathway_id      text NOT NULL REFERENCES referral ON UPDATE CASCADE ON DELETE CASCADE,
    service_id      text NOT NULL,
    topic           text NOT NULL,
    added_on        date NOT NULL CHECK (added_on BETWEEN DATE '1990-01-01' AND DATE '2099-12-31'),
    offered_on      date CHECK (offered_on <= DATE '2099-12-31'),
    attended_on     date CHECK (attended_on <= DATE '2099-12-31'),
    left_on         date CHECK (left_on <= DATE '2099-12-31'),
    CONSTRAINT waiting_list_offer_after_adding CHECK (offered_on >= added_on),
    CONSTRAINT waiting_list_attended_after_offer CHECK (attended_on >= COALESCE(offered_on, added_on)),
    CONSTRAINT waiting_list_attended_needs_offer CHECK (attended_on IS NULL OR offered_on IS NOT NULL),
    CONSTRAINT waiting_list_left_after_adding CHECK (left_on >= added_on),
    CONSTRAINT waiting_list_attended_or_left CHECK (attended_on IS NULL OR left_on IS NULL)
);
CREATE INDEX waiting_list_service_topic_idx ON waiting_list_entry (service_id, topic, added_on);
CREATE INDEX waiting_list_pathway_idx ON waiting_list_entry (pathway_id);

COMMENT ON TABLE waiting_list_entry IS 'A referral waiting for a place in a group workshop: when added, offered a place, attended, or left the list. Row-level security follows the referral';
COMMENT ON COLUMN waiting_list_entry.entry_id IS 'Entry identifier';
COMMENT ON COLUMN waiting_list_entry.pathway_id IS 'Referral waiting';
COMMENT ON COLUMN waiting_list_entry.service_id IS 'Service whose list it is';
COMMENT ON COLUMN waiting_list_entry.topic IS 'Workshop topic waited for';
COMMENT ON COLUMN waiting_list_entry.added_on IS 'Date added to the list';
COMMENT ON COLUMN waiting_list_entry.offered_on IS 'Date a place was offered; NULL while waiting';
COMMENT ON COLUMN waiting_list_entry.attended_on IS 'Date of the session attended; NULL when not (yet) attended';
COMMENT ON COLUMN waiting_list_entry.left_on IS 'Date the person left the list without attending';
$ddl$),
(520, 'waiting_list_entry', 'policy', 'row_security', '{waiting_list_entry,referral}', $ddl$
ALTER TABLE waiting_list_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY waiting_list_entry_by_provider ON waiting_list_entry
    USING (EXISTS (SELECT 1 FROM referral r WHERE r.pathway_id = waiting_list_entry.pathway_id));
COMMENT ON POLICY waiting_list_entry_by_provider ON waiting_list_entry IS 'Entries of the referrals the current user may see (policy referral_by_provider)';
$ddl$),
(530, 'workshop_fill', 'view', 'reports', '{group_session}', $ddl$
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
COMMENT ON COLUMN workshop_fill.fill_rate IS 'booked / places (above 1 with overbooking)';
COMMENT ON COLUMN workshop_fill.attendance_rate IS 'attended / booked, over sessions already held';
COMMENT ON COLUMN workshop_fill.overbooked_sessions IS 'Sessions flagged as overbooked';
$ddl$),
(540, 'workshop_polls', 'view', 'reports', '{group_session}', $ddl$
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
COMMENT ON COLUMN workshop_polls.helped_rate IS 'poll_helped / poll_responses';
COMMENT ON COLUMN workshop_polls.response_rate IS 'poll_responses / attended';
$ddl$),
(550, 'workshop_waiting', 'view', 'reports', '{waiting_list_entry,referral,provider_access}', $ddl$
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
$ddl$),
(560, 'workshop_fill_published', 'view', 'reports', '{workshop_fill}', $ddl$
CREATE VIEW workshop_fill_published WITH (security_barrier = true) AS
SELECT f.service_id, f.topic, f.month, f.sessions, f.online_sessions, f.places,
       iapt_ews.suppress(f.booked) AS booked, iapt_ews.suppress(f.attended) AS attended,
       -- From the published bookings: a rate from the exact count, with the
       -- places beside it, would give the withheld count back.
       round((iapt_ews.suppress(f.booked)::numeric / nullif(f.places, 0)), 2) AS fill_rate,
       round(iapt_ews.published_rate(f.attended, f.booked)::numeric, 4) AS attendance_rate,
       f.overbooked_sessions
FROM workshop_fill f;
COMMENT ON VIEW workshop_fill_published IS 'workshop_fill with disclosure control: bookings and attendances below 5 withheld and the rest rounded to 5; the fill rate from the published bookings, the attendance rate from the published counts (iapt_ews.published_rate)';
COMMENT ON COLUMN workshop_fill_published.service_id IS 'Service';
COMMENT ON COLUMN workshop_fill_published.topic IS 'Workshop topic';
COMMENT ON COLUMN workshop_fill_published.month IS 'First day of the month the sessions started in (UK time)';
COMMENT ON COLUMN workshop_fill_published.sessions IS 'Sessions';
COMMENT ON COLUMN workshop_fill_published.online_sessions IS 'Sessions delivered online';
COMMENT ON COLUMN workshop_fill_published.places IS 'Places (sum of capacities)';
COMMENT ON COLUMN workshop_fill_published.booked IS 'Places booked (suppressed)';
COMMENT ON COLUMN workshop_fill_published.attended IS 'Attendances (suppressed)';
COMMENT ON COLUMN workshop_fill_published.fill_rate IS 'Published bookings / places, 2 decimals';
COMMENT ON COLUMN workshop_fill_published.attendance_rate IS 'Published attendances / published bookings (iapt_ews.published_rate)';
COMMENT ON COLUMN workshop_fill_published.overbooked_sessions IS 'Sessions flagged as overbooked';
$ddl$),
(570, 'workshop_polls_published', 'view', 'reports', '{workshop_polls}', $ddl$
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
COMMENT ON COLUMN workshop_polls_published.helped_rate IS 'Published answers saying the session helped / published answers (iapt_ews.published_rate)';
$ddl$),
(580, 'workshop_waiting_published', 'view', 'reports', '{workshop_waiting}', $ddl$
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
$ddl$)
$function$;
COMMENT ON FUNCTION iapt_ews.model_objects_workshops() IS
'Internal: the workshop tables and reports'' statements: group_session, waiting_list_entry (with its policy), workshop_fill, workshop_polls, workshop_waiting and their published variants; read them through iapt_ews.data_model';
