-- Group workshops (docs/workshops.md): synthetic sessions and waiting lists
-- for the demo services, in the data model's tables group_session and
-- waiting_list_entry, then the workshop report: how full the groups are, how
-- long people wait, and how many sessions would clear the lists.
SET client_min_messages = warning;
SELECT setseed(0.85) \gset

-- Employment workshops of 12 in person (Merton), fortnightly online sleep
-- workshops of 15 with a poll at the end (Brent, Lewisham), monthly
-- four-week worry programmes of 10. Sessions from April 2025 on are
-- scheduled, not yet held.
INSERT INTO talking_therapies.group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode,
                                    booked, attended, overbooked, poll_responses, poll_helped)
SELECT s.service_id || '-' || t.topic || '-' || k, s.service_id, t.topic, x.at, t.capacity, t.mode,
       x.booked, x.attended, x.booked > t.capacity,
       CASE WHEN t.mode = 'online' AND x.attended IS NOT NULL THEN floor(x.attended * 0.6)::int END,
       CASE WHEN t.mode = 'online' AND x.attended IS NOT NULL THEN floor(floor(x.attended * 0.6) * 0.8)::int END
FROM (SELECT DISTINCT service_id FROM talking_therapies.referral) s
CROSS JOIN (VALUES ('employment', 12, 'in person', 28), ('sleep', 15, 'online', 14),
                   ('managing worry', 10, 'in person', 28)) t(topic, capacity, mode, every_days)
CROSS JOIN LATERAL generate_series(0, (300 / t.every_days)::int) k
CROSS JOIN LATERAL (
    SELECT timestamptz '2024-09-03 18:00 Europe/London' + k * t.every_days * interval '1 day' AS at,
           CASE WHEN random() < 0.1 THEN t.capacity + 1 ELSE t.capacity - floor(random() * 2)::int END AS booked) b
CROSS JOIN LATERAL (
    SELECT b.at, b.booked,
           CASE WHEN b.at < timestamptz '2025-04-01' THEN round(b.booked * (0.7 + random() * 0.2))::int END AS attended) x
WHERE NOT EXISTS (SELECT 1 FROM talking_therapies.group_session);

-- About one referral in ten joins a workshop list two weeks after referral.
-- Offers come slowly for employment workshops (long lists), faster online.
INSERT INTO talking_therapies.waiting_list_entry (entry_id, pathway_id, service_id, topic, added_on, offered_on, attended_on, left_on)
SELECT 'W' || r.pathway_id, r.pathway_id, r.service_id, w.topic, w.added_on,
       CASE WHEN w.added_on + w.wait <= date '2025-03-31' AND NOT w.leaves THEN w.added_on + w.wait END,
       CASE WHEN w.added_on + w.wait + 7 <= date '2025-03-31' AND NOT w.leaves AND w.attends THEN w.added_on + w.wait + 7 END,
       CASE WHEN w.leaves THEN least(w.added_on + w.wait / 2, date '2025-03-31') END
FROM talking_therapies.referral r
CROSS JOIN LATERAL (
    SELECT t.topic, r.referral_date + 14 AS added_on,
           (t.mean_wait * (0.3 + 1.4 * random()))::int AS wait,
           random() < 0.08 AS leaves, random() < 0.8 AS attends
    FROM (VALUES ('employment', 80), ('sleep', 20), ('managing worry', 45)) t(topic, mean_wait)
    ORDER BY random() + length(r.pathway_id) * 0 LIMIT 1) w
WHERE r.referral_date BETWEEN date '2024-08-20' AND date '2025-03-17'
  AND abs(hashtext(r.pathway_id || 'workshop')) % 10 = 0
  AND NOT EXISTS (SELECT 1 FROM talking_therapies.waiting_list_entry);
ANALYZE talking_therapies.group_session, talking_therapies.waiting_list_entry;
RESET client_min_messages;

\echo
\echo 'Group workshops, January - March 2025: how full, how well attended (all services)'
SELECT topic, sum(sessions) AS sessions, sum(places) AS places, sum(booked) AS booked, sum(attended) AS attended,
       round(sum(booked)::numeric / sum(places), 2) AS fill, round(sum(attended)::numeric / sum(booked), 2) AS attendance,
       sum(overbooked_sessions) AS overbooked
FROM talking_therapies.workshop_fill WHERE month BETWEEN date '2025-01-01' AND date '2025-03-01'
GROUP BY topic ORDER BY topic;

\echo
\echo 'End-of-session polls (online sleep workshops), January - March 2025'
SELECT topic, count(*) AS sessions, sum(poll_responses) AS answers,
       round(sum(poll_helped)::numeric / sum(poll_responses), 2) AS "said it helped",
       round(sum(poll_responses)::numeric / sum(attended), 2) AS "answered"
FROM talking_therapies.workshop_polls WHERE starts_at >= timestamptz '2025-01-01' AND starts_at < timestamptz '2025-04-01'
GROUP BY topic;

\echo
\echo 'Waiting lists, people added October 2024 - March 2025 (published: counts < 5 withheld, rounded to 5)'
SELECT topic, sum(added) AS added, sum(still_waiting) AS "still waiting", sum(offered) AS offered,
       round(avg(median_wait_days)) AS "median wait (days)", round(avg(p90_wait_days)) AS "p90 wait (days)",
       round(avg(offered_within_6_weeks_rate), 2) AS "offered <= 6 weeks",
       round(avg(offered_within_18_weeks_rate), 2) AS "offered <= 18 weeks"
FROM talking_therapies.workshop_waiting_published WHERE month >= date '2024-10-01'
GROUP BY topic ORDER BY topic;

-- Clearance planning at 31 March 2025 for the whole list of each topic: the
-- people waiting, arrivals a week over the last quarter, the attendance
-- rate of held sessions; sessions needed over 12 weeks, and the wait a
-- newcomer joining on 1 April 2025 faces in the scheduled sessions.
\echo
\echo 'Clearing the lists: sessions needed over the next 12 weeks, and the wait a newcomer faces now'
WITH waiting AS (
    SELECT topic, count(*) FILTER (WHERE offered_on IS NULL AND left_on IS NULL) AS waiting_now,
           count(*) FILTER (WHERE added_on > date '2025-03-31' - 91) / 13.0 AS weekly_arrivals
    FROM talking_therapies.waiting_list_entry GROUP BY topic),
held AS (
    SELECT topic, max(capacity) AS capacity, sum(attended)::float8 / sum(booked) AS attendance_rate
    FROM talking_therapies.group_session WHERE attended IS NOT NULL GROUP BY topic),
scheduled AS (
    SELECT s.topic, iapt_ews.projected_wait(s.starts_at, s.capacity, w.waiting_now, timestamptz '2025-04-01 09:00 Europe/London') AS wait,
           count(*) AS sessions_scheduled
    FROM talking_therapies.group_session s JOIN waiting w USING (topic)
    WHERE s.attended IS NULL GROUP BY s.topic)
SELECT w.topic, w.waiting_now AS "waiting now", round(w.weekly_arrivals::numeric, 1) AS "arrivals a week",
       h.capacity, round(h.attendance_rate::numeric, 2) AS "attendance",
       iapt_ews.sessions_to_clear(w.waiting_now, w.weekly_arrivals, h.capacity, h.attendance_rate, 12) AS "sessions to clear in 12 weeks",
       s.sessions_scheduled AS "sessions scheduled",
       coalesce(round(extract(epoch FROM s.wait) / 86400, 1)::text || ' days', 'beyond the schedule') AS "wait for a newcomer"
FROM waiting w JOIN held h USING (topic) LEFT JOIN scheduled s USING (topic)
ORDER BY w.topic;
