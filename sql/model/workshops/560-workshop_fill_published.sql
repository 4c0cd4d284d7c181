-- step: 560
-- object: workshop_fill_published
-- kind: view
-- layer: reports
-- reads: workshop_fill
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
COMMENT ON COLUMN workshop_fill_published.fill_rate IS 'Published bookings / places; a fraction (above 1 with overbooking), to 2 decimals';
COMMENT ON COLUMN workshop_fill_published.attendance_rate IS 'Published attendances / published bookings (iapt_ews.published_rate); a fraction 0-1, to 4 decimals';
COMMENT ON COLUMN workshop_fill_published.overbooked_sessions IS 'Sessions flagged as overbooked';
