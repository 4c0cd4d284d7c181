-- step: 100
-- object: provider_access
-- kind: table
-- layer: reference_tables
-- reads: 
CREATE TABLE provider_access (
    grantee         regrole NOT NULL,
    provider_code   text NOT NULL CHECK (provider_code ~ '^(\*|[A-Z0-9]{1,12})$'),
    PRIMARY KEY (grantee, provider_code)
);
COMMENT ON TABLE provider_access IS 'Which roles (and their members) see which providers'' patient-level rows; provider_code * means every provider. Keyed on the role itself (regrole), so a dropped role''s rows give nothing to a later role of the same name. Row-level security and the reporting views read it (iapt_ews.visible_providers)';
COMMENT ON COLUMN provider_access.grantee IS 'The role; members of it (direct or indirect) get the same access';
COMMENT ON COLUMN provider_access.provider_code IS 'Provider ODS code the role may see, or * for every provider';
-- The policies and views evaluate the mapping as the caller.
GRANT SELECT ON provider_access TO PUBLIC;
