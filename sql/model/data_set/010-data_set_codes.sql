-- step: 10
-- object: data_set_codes
-- kind: table
-- layer: binding_tables
-- reads:
-- The code lists the bound views read, one table the binding's owner can
-- edit to change a rule; bind_data_set fills it from its options
-- (iapt_ews.data_set_code_rows).
CREATE TABLE data_set_codes (
    code_list text NOT NULL CHECK (code_list IN ('attended', 'treatment', 'assessment')),
    code text NOT NULL,
    meaning text,
    PRIMARY KEY (code_list, code));
COMMENT ON TABLE data_set_codes IS 'The code lists the data-set views read: attended AttendOrDNACode values, treatment AppType values, and assessment CodedAssToolType SNOMED CT codes with the measure each scores (meaning). Edit to change a rule';
COMMENT ON COLUMN data_set_codes.code_list IS 'attended (AttendOrDNACode values that are an attendance), treatment (AppType values that are a treatment appointment) or assessment (CodedAssToolType SNOMED CT codes)';
COMMENT ON COLUMN data_set_codes.code IS 'The code as the data set writes it';
COMMENT ON COLUMN data_set_codes.meaning IS 'For an assessment code, the measure it scores (phq9, gad7, ...); NULL otherwise';
