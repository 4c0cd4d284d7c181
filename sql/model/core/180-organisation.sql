-- step: 180
-- object: organisation
-- kind: table
-- layer: reference_tables
-- reads: 
CREATE TABLE organisation (
    org_code        text NOT NULL CHECK (org_code ~ '^[A-Z0-9]{2,12}$'),
    org_type        text NOT NULL CHECK (org_type IN ('provider', 'sub_icb', 'icb', 'region')),
    org_name        text NOT NULL,
    parent_code     text,
    successor_code  text,
    valid_from      date NOT NULL DEFAULT DATE '1990-01-01' CHECK (valid_from BETWEEN DATE '1990-01-01' AND DATE '2099-12-31'),
    valid_to        date CHECK (valid_to BETWEEN DATE '1990-01-01' AND DATE '2099-12-31'),
    PRIMARY KEY (org_type, org_code, valid_from),
    CONSTRAINT organisation_valid_period CHECK (valid_to >= valid_from)
);
COMMENT ON TABLE organisation IS 'Organisation hierarchy (NHS Organisation Data Service): providers and sub-ICBs to their ICB, ICBs to their NHS England region, with the dates each link is in force and a provider''s successor after a merger';
COMMENT ON COLUMN organisation.org_code IS 'ODS code';
COMMENT ON COLUMN organisation.org_type IS 'provider, sub_icb, icb or region';
COMMENT ON COLUMN organisation.org_name IS 'Name';
COMMENT ON COLUMN organisation.parent_code IS 'ICB of a provider or sub-ICB; region of an ICB';
COMMENT ON COLUMN organisation.successor_code IS 'Provider that took this provider over (its activity is reported under the successor)';
COMMENT ON COLUMN organisation.valid_from IS 'First day the row is in force';
COMMENT ON COLUMN organisation.valid_to IS 'Last day the row is in force; NULL while it still is';
