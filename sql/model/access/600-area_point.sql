-- step: 600
-- object: area_point
-- kind: view
-- layer: reports
-- reads: area
CREATE VIEW area_point WITH (security_barrier = true) AS
SELECT a.lsoa_code AS id, ST_SetSRID(ST_MakePoint(a.easting, a.northing), 27700)::geometry(Point, 27700) AS geom,
       coalesce(a.population, 0) AS population, a.imd_decile
FROM area a;
COMMENT ON VIEW area_point IS 'The areas as PostGIS points (EPSG:27700) with population and IMD decile, in the shape iapt_ews.access_scores reads';
COMMENT ON COLUMN area_point.id IS 'LSOA code';
COMMENT ON COLUMN area_point.geom IS 'Population-weighted centroid (EPSG:27700)';
COMMENT ON COLUMN area_point.population IS 'Resident population (0 when not known)';
COMMENT ON COLUMN area_point.imd_decile IS 'IMD 2019 decile, 1 = most deprived';
