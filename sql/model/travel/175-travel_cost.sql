-- step: 175
-- object: travel_cost
-- kind: table
-- layer: reference_tables
-- reads:
-- Routed travel times from each small area to each site, in minutes (from
-- r5py, OSRM, a transport authority's matrix...): the input of the reports
-- in minutes (area_access_minutes), which need no PostGIS. A pair that is
-- not here is unreachable.
CREATE TABLE travel_cost (
    area_code   text NOT NULL,
    site_id     text NOT NULL,
    minutes     float8 NOT NULL CHECK (minutes >= 0 AND minutes < 'Infinity'),
    PRIMARY KEY (area_code, site_id)
);
COMMENT ON TABLE travel_cost IS 'Routed travel time in minutes from each small area (area.lsoa_code) to each site (site.site_id), by the way residents travel; a pair that is not here is unreachable. area_access_minutes reads it';
COMMENT ON COLUMN travel_cost.area_code IS 'LSOA code of the area (area.lsoa_code); a code area does not list is left out of the reports';
COMMENT ON COLUMN travel_cost.site_id IS 'The site (site.site_id); a site the site table does not list is left out of the reports';
COMMENT ON COLUMN travel_cost.minutes IS 'Travel time in minutes, 0 or more and finite';
