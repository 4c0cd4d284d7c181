-- step: 605
-- object: site_point
-- kind: view
-- layer: reports
-- reads: site
CREATE VIEW site_point WITH (security_barrier = true) AS
SELECT s.site_id AS id, ST_SetSRID(ST_MakePoint(s.easting, s.northing), 27700)::geometry(Point, 27700) AS geom, 1 AS capacity
FROM site s;
COMMENT ON VIEW site_point IS 'The sites as PostGIS points (EPSG:27700), each of capacity 1, in the shape iapt_ews.access_scores reads';
COMMENT ON COLUMN site_point.id IS 'Site identifier';
COMMENT ON COLUMN site_point.geom IS 'Site location (EPSG:27700)';
COMMENT ON COLUMN site_point.capacity IS 'Capacity (1: every site counts the same)';
