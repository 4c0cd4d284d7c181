-- step: 150
-- object: workforce
-- kind: table
-- layer: reference_tables
-- reads: 
CREATE TABLE workforce (
    service_id  text NOT NULL,
    period      date NOT NULL CHECK (extract(day FROM period) = 1 AND period BETWEEN DATE '1990-01-01' AND DATE '2099-12-01'),
    role        text NOT NULL CHECK (role IN ('ea', 'hit', 'pwp', 'counsellor', 'other')),
    wte         numeric NOT NULL CHECK (wte >= 0 AND wte < 100000),
    PRIMARY KEY (service_id, period, role)
);
COMMENT ON TABLE workforce IS 'Staff in whole-time equivalents per service, role and period (the first day of the month or quarter). No patient data';
COMMENT ON COLUMN workforce.service_id IS 'Service';
COMMENT ON COLUMN workforce.period IS 'First day of the month (or quarter) the staffing applies to';
COMMENT ON COLUMN workforce.role IS 'ea employment adviser, hit high-intensity therapist, pwp psychological wellbeing practitioner, counsellor, other (see iapt_ews.workforce_roles)';
COMMENT ON COLUMN workforce.wte IS 'Whole-time equivalents (not head count)';
