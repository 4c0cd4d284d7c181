-- step: 13
-- object: data_set_refresh
-- kind: table
-- layer: binding_tables
-- reads:
-- What each refresh_data_set did, one row per stored relation it filled:
-- the DBA's record of the last refreshes (how long, how many rows), kept
-- in the schema beside the binding, which only refresh_data_set writes.
CREATE TABLE data_set_refresh (
    refreshed_at timestamptz NOT NULL,
    step integer NOT NULL,
    relation text NOT NULL,
    rows bigint NOT NULL,
    seconds double precision NOT NULL,
    refreshed_by name NOT NULL);
COMMENT ON TABLE data_set_refresh IS 'One row per stored relation each refresh_data_set filled (empty until the first refresh): when, in which order, its rows and seconds, and who ran it. The last refresh: WHERE refreshed_at = (SELECT max(refreshed_at) FROM data_set_refresh)';
COMMENT ON COLUMN data_set_refresh.refreshed_at IS 'When the refresh''s transaction began (one value per refresh)';
COMMENT ON COLUMN data_set_refresh.step IS 'The relation''s place in the refresh (1 first)';
COMMENT ON COLUMN data_set_refresh.relation IS 'The stored relation filled';
COMMENT ON COLUMN data_set_refresh.rows IS 'Its rows after the refresh';
COMMENT ON COLUMN data_set_refresh.seconds IS 'Seconds it took to fill and analyse';
COMMENT ON COLUMN data_set_refresh.refreshed_by IS 'The role that ran refresh_data_set';
