-- ---------------------------------------------------------------------------
-- Minutes without a matrix: the travel-time model (src/travel_model.c);
-- docs/access.md, "Minutes without a matrix"
--
-- minutes = fixed_minutes + 60 * distance_m / (1000 * speed_kmh), the speed
-- along the straight line. The defaults are fitted to the Devon routed car
-- times (data/devon_lsoa21_to_miu_car_minutes.csv.gz) by
-- fit_travel_time_model over the pairs within 20 km of the LSOAs of the
-- calibration part of sql/travel_model.sql, which tests them on the rest.
-- In the core extension: the model needs a distance, not a geometry.
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.travel_minutes(
    distance_m float8, fixed_minutes float8 DEFAULT 6.9, speed_kmh float8 DEFAULT 45.4)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_travel_minutes'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.travel_minutes(float8, float8, float8) IS
'Minutes of a trip of distance_m metres in a straight line by the travel-time model fixed_minutes + 60 * distance_m / (1000 * speed_kmh); the defaults (6.9 minutes, 45.4 km/h) are fitted to routed car times in Devon. 22023 for a negative or non-finite distance or fixed_minutes, or a speed that is not positive and finite';

-- Runs the caller's query as the access functions do (the caller's rights
-- and search_path), so VOLATILE and PARALLEL UNSAFE.
CREATE FUNCTION iapt_ews.fit_travel_time_model(
    pairs_sql text,
    OUT fixed_minutes float8, OUT speed_kmh float8, OUT pairs bigint,
    OUT median_error_minutes float8, OUT p90_error_minutes float8)
AS 'MODULE_PATHNAME', 'iapt_fit_travel_time_model'
LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION iapt_ews.fit_travel_time_model(text) IS
'Least-squares fit of the travel-time model minutes = fixed_minutes + 60 * distance_m / (1000 * speed_kmh) to routed pairs: pairs_sql returns distance_m (straight line, metres) and minutes (routed); gives the parameters for travel_minutes and access_scores_minutes, the pairs fitted, and the median and 90th percentile of their absolute errors in minutes. Rows with a NULL are skipped (NOTICE); fewer than 2 pairs, pairs all at one distance, a negative or non-finite value, or a fit with a speed that is not positive or a negative fixed_minutes are 22023. VOLATILE and PARALLEL UNSAFE because it runs the caller''s query, which may read anything and call anything';
