-- step: 328
-- object: intensity_recorded
-- kind: view
-- layer: reports
-- reads:
-- when: care_activity absent
CREATE VIEW intensity_recorded WITH (security_barrier = true) AS SELECT false AS by_intensity;
COMMENT ON VIEW intensity_recorded IS 'One row: false, as the schema has no care_activity, so key_metrics shows the appointments by intensity NULL';
COMMENT ON COLUMN intensity_recorded.by_intensity IS 'Whether key_metrics counts appointments by intensity (the schema has care_activity)';
