-- step: 160
-- object: area
-- kind: table
-- layer: reference_tables
-- reads: 
CREATE TABLE area (
    lsoa_code   text PRIMARY KEY CHECK (lsoa_code ~ '^[EW]0[0-9]{7}$'),
    name        text,
    easting     float8 NOT NULL CHECK (easting BETWEEN 0 AND 700000),
    northing    float8 NOT NULL CHECK (northing BETWEEN 0 AND 1300000),
    population  integer CHECK (population >= 0),
    imd_decile  integer CHECK (imd_decile BETWEEN 1 AND 10)
);
COMMENT ON TABLE area IS 'Small areas (LSOA): population-weighted centroid in British National Grid metres, population, IMD 2019 decile. No patient data';
COMMENT ON COLUMN area.lsoa_code IS 'LSOA code (E01... in England, W01... in Wales)';
COMMENT ON COLUMN area.name IS 'LSOA name';
COMMENT ON COLUMN area.easting IS 'Easting of the population-weighted centroid (British National Grid, EPSG:27700, metres)';
COMMENT ON COLUMN area.northing IS 'Northing of the population-weighted centroid (EPSG:27700, metres)';
COMMENT ON COLUMN area.population IS 'Resident population; NULL when not known';
COMMENT ON COLUMN area.imd_decile IS 'Index of Multiple Deprivation 2019 decile: 1 most deprived 10%, 10 least deprived';
