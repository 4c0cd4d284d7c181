-- step: 90
-- object: model_build
-- kind: table
-- layer: reference_tables
-- reads:
-- The schema's own record of what made it: one row each time a builder
-- ran on it (create_data_model, complete_data_model,
-- create_reporting_views, bind_data_set), with the options it was given
-- and the extension version whose statements it ran. An upgrade of the
-- extension leaves a schema's statements as they were made;
-- iapt_ews.model_schemas() lists every schema with the version that last
-- built it, so a DBA sees which ones are older than the extension.
CREATE TABLE model_build (
    builder text NOT NULL,
    options jsonb NOT NULL,
    extension_version text NOT NULL,
    built_by name NOT NULL,
    built_at timestamptz NOT NULL);
COMMENT ON TABLE model_build IS 'What made this schema: one row each time a builder ran on it (create_data_model, complete_data_model, create_reporting_views, bind_data_set), with its options and the iapt_ews version whose statements it ran; iapt_ews.model_schemas() lists the last of every schema';
COMMENT ON COLUMN model_build.builder IS 'The builder: create_data_model, complete_data_model, create_reporting_views or bind_data_set';
COMMENT ON COLUMN model_build.options IS 'The options it was given (for create_reporting_views also the relations it read, as "relations")';
COMMENT ON COLUMN model_build.extension_version IS 'The version of iapt_ews whose statements it ran';
COMMENT ON COLUMN model_build.built_by IS 'The role that ran it';
COMMENT ON COLUMN model_build.built_at IS 'When (the start of its transaction)';
