-- The workshop tables and views, on a fixture worked by hand (rolled back).
SET timezone = 'Europe/London';
\set ON_ERROR_ROLLBACK on
BEGIN;
SELECT count(*) AS objects_made FROM iapt_ews.create_data_model('workshop_test');
SET search_path = workshop_test, iapt_ews, public;
INSERT INTO referral (pathway_id, person_id, provider_code, service_id, referral_date)
SELECT 'W' || i, 'P' || i, 'RXA', 'SV1', date '2025-01-01' FROM generate_series(1, 8) i;

-- Two January sessions of 12 (one overbooked to 13) and a scheduled one.
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode,
                           booked, attended, overbooked, poll_responses, poll_helped) VALUES
  ('G1', 'SV1', 'employment', '2025-01-07 18:00', 12, 'in person', 12, 9, false, NULL, NULL),
  ('G2', 'SV1', 'employment', '2025-01-21 18:00', 12, 'online', 13, 13, true, 10, 7),
  ('G3', 'SV1', 'employment', '2025-02-04 18:00', 12, 'in person', 6, NULL, false, NULL, NULL);
-- January: 2 sessions, 24 places, 25 booked, 22 attended: fill 25/24 =
-- 1.042, attendance 22/25 = 0.88. February: booked 6 of 12 (0.5), not held.
SELECT * FROM workshop_fill ORDER BY month;
SELECT session_id, poll_responses, poll_helped, helped_rate, response_rate FROM workshop_polls;
-- Published: 25 -> 25, 22 -> 20; rates from the published counts: fill
-- 25/24 = 1.04, attendance 20/25 = 0.8; February 6 booked -> 5, fill 5/12 = 0.42.
-- Polls: 10 answers -> 10, 7 helped -> 5 published, so 5/10 = 0.5.
SELECT * FROM workshop_fill_published ORDER BY month;
SELECT * FROM workshop_polls_published;

-- Waiting list, all added in January 2025 (waits to offer: 10, 20, 30, 40,
-- 50 days; W6 still waiting, W7 left, W8 still waiting):
-- added 8, still waiting 2, offered 5, attended 3, left 1;
-- median of 10..50 = 30, 90th percentile = 46 (percentile_cont);
-- within 42 days: 4 of 8 added; within 126: 5.
INSERT INTO waiting_list_entry (entry_id, pathway_id, service_id, topic, added_on, offered_on, attended_on, left_on) VALUES
  ('E1', 'W1', 'SV1', 'employment', '2025-01-02', '2025-01-12', '2025-01-21', NULL),
  ('E2', 'W2', 'SV1', 'employment', '2025-01-02', '2025-01-22', '2025-02-04', NULL),
  ('E3', 'W3', 'SV1', 'employment', '2025-01-02', '2025-02-01', '2025-02-04', NULL),
  ('E4', 'W4', 'SV1', 'employment', '2025-01-02', '2025-02-11', NULL, NULL),
  ('E5', 'W5', 'SV1', 'employment', '2025-01-02', '2025-02-21', NULL, NULL),
  ('E6', 'W6', 'SV1', 'employment', '2025-01-10', NULL, NULL, NULL),
  ('E7', 'W7', 'SV1', 'employment', '2025-01-10', NULL, NULL, '2025-01-30'),
  ('E8', 'W8', 'SV1', 'employment', '2025-01-20', NULL, NULL, NULL);
SELECT * FROM workshop_waiting;
-- Published: 8 -> 10, 2 -> NULL, 5 -> 5, 3 -> NULL, 1 -> NULL; waits shown
-- (5 offered); 4/8 withheld (numerator under 5); 5 and 8 publish as 5 and 10, so 5/10 = 0.5.
SELECT * FROM workshop_waiting_published;

-- Constraints reject impossible values.
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode, booked, attended)
VALUES ('X1', 'SV1', 'employment', '2025-03-01 18:00', 12, 'in person', 12, 13);
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode, booked)
VALUES ('X2', 'SV1', 'employment', '2025-03-01 18:00', 12, 'in person', 14);
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode)
VALUES ('X3', 'SV1', 'employment', '2025-03-01 18:00', 0, 'in person');
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode)
VALUES ('X4', 'SV1', 'employment', '2025-03-01 18:00', 12, 'hybrid');
INSERT INTO group_session (session_id, service_id, topic, starts_at, capacity, delivery_mode, booked, attended, poll_responses)
VALUES ('X5', 'SV1', 'employment', '2025-03-01 18:00', 12, 'online', 10, 8, 9);
INSERT INTO waiting_list_entry (entry_id, pathway_id, service_id, topic, added_on, offered_on)
VALUES ('Y1', 'W1', 'SV1', 'employment', '2025-01-10', '2025-01-09');
INSERT INTO waiting_list_entry (entry_id, pathway_id, service_id, topic, added_on, attended_on)
VALUES ('Y2', 'W1', 'SV1', 'employment', '2025-01-10', '2025-01-20');
INSERT INTO waiting_list_entry (entry_id, pathway_id, service_id, topic, added_on, offered_on, attended_on, left_on)
VALUES ('Y3', 'W1', 'SV1', 'employment', '2025-01-10', '2025-01-12', '2025-01-20', '2025-01-25');
INSERT INTO waiting_list_entry (entry_id, pathway_id, service_id, topic, added_on)
VALUES ('Y4', 'nobody', 'SV1', 'employment', '2025-01-10');
ROLLBACK;
