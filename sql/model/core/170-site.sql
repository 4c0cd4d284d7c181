-- step: 170
-- object: site
-- kind: table
-- layer: reference_tables
-- reads: 
CREATE TABLE site (
    site_id     text PRIMARY KEY,
    service_id  text NOT NULL,
    name        text,
    easting     float8 NOT NULL CHECK (easting BETWEEN 0 AND 700000),
    northing    float8 NOT NULL CHECK (northing BETWEEN 0 AND 1300000)
);
CREATE INDEX site_service_idx ON site (service_id);
COMMENT ON TABLE site IS 'Places where a service sees people. No patient data';
COMMENT ON COLUMN site.site_id IS 'Site identifier (ODS site code where there is one)';
COMMENT ON COLUMN site.service_id IS 'Service the site belongs to';
COMMENT ON COLUMN site.name IS 'Site name';
COMMENT ON COLUMN site.easting IS 'Easting (British National Grid, EPSG:27700, metres)';
COMMENT ON COLUMN site.northing IS 'Northing (EPSG:27700, metres)';
