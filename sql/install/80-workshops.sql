-- ---------------------------------------------------------------------------
-- Group workshops and waiting lists (src/workshops.c)
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.sessions_to_clear(
    waiting bigint, weekly_arrivals float8, capacity integer, attendance_rate float8, weeks integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'iapt_sessions_to_clear'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.sessions_to_clear(bigint, float8, integer, float8, integer) IS
'Smallest number of group sessions over the next weeks that offers a place to everyone waiting and everyone expected to arrive, when places offered per session = capacity / attendance_rate rounded down';

CREATE FUNCTION iapt_ews.projected_wait_transition(internal, timestamptz, integer, bigint, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'iapt_projected_wait_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.projected_wait_transition(internal, timestamptz, integer, bigint, timestamptz) IS 'Transition function of projected_wait';
CREATE FUNCTION iapt_ews.projected_wait_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'iapt_projected_wait_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.projected_wait_combine(internal, internal) IS 'Combine function of projected_wait';
CREATE FUNCTION iapt_ews.projected_wait_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME', 'iapt_projected_wait_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.projected_wait_serialize(internal) IS 'Serialize function of projected_wait';
CREATE FUNCTION iapt_ews.projected_wait_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'iapt_projected_wait_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.projected_wait_deserialize(bytea, internal) IS 'Deserialize function of projected_wait';
CREATE FUNCTION iapt_ews.projected_wait_final(internal)
RETURNS interval AS 'MODULE_PATHNAME', 'iapt_projected_wait_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.projected_wait_final(internal) IS 'Final function of projected_wait';

CREATE AGGREGATE iapt_ews.projected_wait(session_at timestamptz, places integer, waiting bigint, joined_at timestamptz) (
    SFUNC = iapt_ews.projected_wait_transition,
    STYPE = internal,
    FINALFUNC = iapt_ews.projected_wait_final,
    FINALFUNC_MODIFY = READ_WRITE,
    COMBINEFUNC = iapt_ews.projected_wait_combine,
    SERIALFUNC = iapt_ews.projected_wait_serialize,
    DESERIALFUNC = iapt_ews.projected_wait_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.projected_wait(timestamptz, integer, bigint, timestamptz) IS
'Wait a newcomer joining at joined_at behind `waiting` people would face for a place in the scheduled sessions (session_at, places offered), first come first served; NULL when the schedule does not reach that far';
