-- step: 332
-- object: contact_intensity
-- kind: view
-- layer: reports
-- reads:
-- when: care_activity absent
-- Without care_activity (create_reporting_views over a warehouse that has
-- none) no contact has an intensity, and key_metrics shows the three
-- appointment counts by intensity NULL (intensity_recorded).
CREATE VIEW contact_intensity WITH (security_barrier = true) AS
SELECT NULL::text AS contact_id, NULL::boolean AS low_intensity, NULL::boolean AS high_intensity
WHERE false;
COMMENT ON VIEW contact_intensity IS 'No rows: the schema has no care_activity, so no contact has an intensity';
COMMENT ON COLUMN contact_intensity.contact_id IS 'The contact (none here)';
COMMENT ON COLUMN contact_intensity.low_intensity IS 'A low-intensity procedure was recorded at the contact';
COMMENT ON COLUMN contact_intensity.high_intensity IS 'A high-intensity procedure was recorded at the contact';
