-- step: 12
-- object: data_set_binding
-- kind: table
-- layer: binding_tables
-- reads:
-- What the binding was made from and whom it trusts (one row, written by
-- bind_data_set), which refresh_data_set checks the source against again.
CREATE TABLE data_set_binding (
    source_schema name NOT NULL,
    trusted_owners name[] NOT NULL,
    options jsonb NOT NULL,
    absent_tables text[] NOT NULL,
    emptied_reports text[] NOT NULL,
    extension_version text NOT NULL,
    bound_by name NOT NULL,
    bound_at timestamptz NOT NULL);
COMMENT ON TABLE data_set_binding IS 'The binding of this schema (one row): its source schema, the roles beside its owner whose objects it reads (trusted_owners), its options (with the tables and columns they map), the optional tables it was made without and the extension version that made it. refresh_data_set checks the source against it again';
COMMENT ON COLUMN data_set_binding.source_schema IS 'The schema of the national tables';
COMMENT ON COLUMN data_set_binding.trusted_owners IS 'Roles besides the binding''s owner and superusers whose relations, functions and types the binding reads (options.trusted_owners)';
COMMENT ON COLUMN data_set_binding.options IS 'The options bind_data_set was given';
COMMENT ON COLUMN data_set_binding.absent_tables IS 'The optional data set tables (IDS004empstatus, IDS202careactivity, IDS603presentingcomplaints) the source schema did not hold: their ds_ views are empty. Bind again to read one loaded since';
COMMENT ON COLUMN data_set_binding.emptied_reports IS 'The reports made empty because a table they need was absent (absent_tables), in step order';
COMMENT ON COLUMN data_set_binding.extension_version IS 'The version of iapt_ews that made the binding';
COMMENT ON COLUMN data_set_binding.bound_by IS 'The role that ran bind_data_set';
COMMENT ON COLUMN data_set_binding.bound_at IS 'When';
