-- step: 327
-- object: intensity_recorded
-- kind: view
-- layer: reports
-- reads:
-- when: care_activity present
CREATE VIEW intensity_recorded WITH (security_barrier = true) AS SELECT true AS by_intensity;
COMMENT ON VIEW intensity_recorded IS 'One row: true, as the schema has care_activity and key_metrics counts appointments by intensity';
COMMENT ON COLUMN intensity_recorded.by_intensity IS 'Whether key_metrics counts appointments by intensity (the schema has care_activity)';
