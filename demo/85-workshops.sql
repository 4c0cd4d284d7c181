-- Group workshops (docs/workshops.md), the seed documents' Merton
-- employment workshops (in person, 12 places) with a waiting list, Brent's
-- online workshops and programmes, and Lewisham's weekly online wellbeing
-- workshop with an end-of-session poll: the services' sessions
-- (talking_therapies.group_session, loaded by demo/12-bind.sql from
-- nhs_tt_local; synthetic) and their waiting lists
-- (nhs_tt_local.waiting_list_entry: a patient table, which bind_data_set
-- does not make): how full the groups are, and how many sessions would
-- clear Merton's workshops of 12 and Brent's of 15 against their lists.
\echo
\echo '== Group workshops, January - March 2025: places, bookings and attendance per service and topic (synthetic sessions)'
SELECT service_id AS service, topic, sum(sessions) AS sessions, sum(places) AS places, sum(booked) AS booked,
       sum(attended) AS attended, round(sum(booked)::numeric / sum(places), 2) AS "booked / places",
       round(sum(attended)::numeric / sum(booked), 2) AS "attended / booked", sum(overbooked_sessions) AS "sessions overbooked"
FROM talking_therapies.workshop_fill WHERE month BETWEEN date '2025-01-01' AND date '2025-03-01'
GROUP BY service_id, topic ORDER BY service_id, topic;
\echo 'Merton''s and Brent''s groups are full; Lewisham''s online workshop of 25 is a quarter booked but nearly all who book come.'

\echo
\echo '== End-of-session polls, January - March 2025: Lewisham''s weekly online wellbeing workshop (the only one with a poll)'
SELECT service_id AS service, topic, count(*) AS sessions, sum(poll_responses) AS answers,
       round(sum(poll_helped)::numeric / sum(poll_responses), 2) AS "said it helped",
       round(sum(poll_responses)::numeric / sum(attended), 2) AS "answered"
FROM talking_therapies.workshop_polls WHERE starts_at >= timestamptz '2025-01-01' AND starts_at < timestamptz '2025-04-01'
GROUP BY service_id, topic;

-- Clearance planning at 31 March 2025 for the whole list of each topic: the
-- people waiting, arrivals a week over the last quarter, the attendance
-- rate of held sessions; sessions needed over 12 weeks, and the wait a
-- newcomer joining on 1 April 2025 faces in the scheduled sessions.
\echo
\echo '== Merton (RQYMI, workshops of 12) and Brent (RV3CH, of 15) at 31 March 2025: sessions needed to clear each waiting list'
\echo '== in 12 weeks, against the sessions scheduled (to June 2025), and the wait a newcomer faces (synthetic lists)'
WITH waiting AS (
    SELECT service_id, topic, count(*) FILTER (WHERE added_on <= date '2025-03-31' AND (offered_on IS NULL OR offered_on > date '2025-03-31')
                                                 AND (left_on IS NULL OR left_on > date '2025-03-31')) AS waiting_now,
           count(*) FILTER (WHERE added_on BETWEEN date '2025-03-31' - 90 AND date '2025-03-31') / 13.0 AS weekly_arrivals
    FROM nhs_tt_local.waiting_list_entry WHERE service_id IN ('RQYMI', 'RV3CH') GROUP BY service_id, topic),
held AS (
    SELECT service_id, topic, max(capacity) AS capacity, sum(attended)::float8 / sum(booked) AS attendance_rate
    FROM talking_therapies.group_session WHERE attended IS NOT NULL AND starts_at < timestamptz '2025-04-01' GROUP BY service_id, topic),
scheduled AS (
    SELECT s.service_id, s.topic, iapt_ews.projected_wait(s.starts_at, s.capacity, w.waiting_now, timestamptz '2025-04-01 09:00 Europe/London') AS wait,
           count(*) AS sessions_scheduled
    FROM talking_therapies.group_session s JOIN waiting w USING (service_id, topic)
    WHERE s.starts_at >= timestamptz '2025-04-01' GROUP BY s.service_id, s.topic)
SELECT w.service_id AS service, w.topic, w.waiting_now AS "waiting now", round(w.weekly_arrivals::numeric, 1) AS "arrivals a week",
       h.capacity, round(h.attendance_rate::numeric, 2) AS "attendance",
       iapt_ews.sessions_to_clear(w.waiting_now, w.weekly_arrivals, h.capacity, h.attendance_rate, 12) AS "sessions to clear in 12 weeks",
       s.sessions_scheduled AS "sessions scheduled", s.sessions_scheduled * h.capacity AS "places scheduled",
       coalesce(round(extract(epoch FROM s.wait) / 86400, 1)::text || ' days', 'beyond the schedule') AS "wait for a newcomer"
FROM waiting w JOIN held h USING (service_id, topic) LEFT JOIN scheduled s USING (service_id, topic)
ORDER BY w.service_id, w.topic;
\echo 'Every list is longer than all the places scheduled to June, so a newcomer''s wait runs past the schedule: Merton would'
\echo 'need 18 workshops in 12 weeks to clear its list, with 3 planned.'
