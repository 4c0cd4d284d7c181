-- ---------------------------------------------------------------------------
-- Slope and relative index of inequality (src/inequality.c); docs/access.md
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.inequality_accum(internal, float8, float8, float8)
RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_inequality_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.inequality_accum(internal, float8, float8, float8) IS
'Transition function of slope_index_of_inequality and relative_index_of_inequality: collects (rank, value, population)';

CREATE FUNCTION iapt_ews.inequality_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_inequality_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.inequality_combine(internal, internal) IS
'Combine function of the inequality aggregates (parallel aggregation)';

CREATE FUNCTION iapt_ews.inequality_serialize(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_inequality_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.inequality_serialize(internal) IS
'Serialize function of the inequality aggregates (parallel aggregation)';

CREATE FUNCTION iapt_ews.inequality_deserialize(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_inequality_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.inequality_deserialize(bytea, internal) IS
'Deserialize function of the inequality aggregates (parallel aggregation); checks the size of the buffer';

CREATE FUNCTION iapt_ews.sii_final(internal)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_sii_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.sii_final(internal) IS
'Final function of slope_index_of_inequality';

CREATE FUNCTION iapt_ews.rii_final(internal)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_rii_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.rii_final(internal) IS
'Final function of relative_index_of_inequality';

CREATE AGGREGATE iapt_ews.slope_index_of_inequality(value float8, deprivation_rank float8, population float8) (
    SFUNC = iapt_ews.inequality_accum,
    STYPE = internal,
    FINALFUNC = iapt_ews.sii_final,
    COMBINEFUNC = iapt_ews.inequality_combine,
    SERIALFUNC = iapt_ews.inequality_serialize,
    DESERIALFUNC = iapt_ews.inequality_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE iapt_ews.slope_index_of_inequality(float8, float8, float8) IS
'Slope index of inequality: population-weighted least-squares slope of value on relative rank (midpoint of cumulative population share, 0 = most deprived end, lowest deprivation_rank first, 1 = least deprived); fitted value at the least deprived end minus at the most deprived end. NULL with fewer than two ranks';

CREATE AGGREGATE iapt_ews.relative_index_of_inequality(value float8, deprivation_rank float8, population float8) (
    SFUNC = iapt_ews.inequality_accum,
    STYPE = internal,
    FINALFUNC = iapt_ews.rii_final,
    COMBINEFUNC = iapt_ews.inequality_combine,
    SERIALFUNC = iapt_ews.inequality_serialize,
    DESERIALFUNC = iapt_ews.inequality_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE iapt_ews.relative_index_of_inequality(float8, float8, float8) IS
'Relative index of inequality: slope_index_of_inequality divided by the population-weighted mean value';
