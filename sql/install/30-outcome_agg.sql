-- ---------------------------------------------------------------------------
-- Rates over outcomes (src/outcome_agg.c)
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.outcome_counts AS (
    referrals bigint,
    finished bigint,
    case_at_start bigint,
    not_at_caseness bigint,
    recovered bigint,
    reliably_recovered bigint,
    reliably_improved bigint,
    reliably_deteriorated bigint,
    no_reliable_change bigint,
    not_paired bigint,
    recovery_rate float8,
    reliable_recovery_rate float8,
    reliable_improvement_rate float8,
    reliable_deterioration_rate float8
);
COMMENT ON TYPE iapt_ews.outcome_counts IS 'Result of outcome_summary(): counts among finished referrals (except referrals: all non-NULL outcomes) and the four rates';
COMMENT ON COLUMN iapt_ews.outcome_counts.referrals IS 'Referrals (non-NULL outcomes) aggregated';
COMMENT ON COLUMN iapt_ews.outcome_counts.finished IS 'Finished a course of treatment (M076)';
COMMENT ON COLUMN iapt_ews.outcome_counts.case_at_start IS 'Finished, at caseness at the start';
COMMENT ON COLUMN iapt_ews.outcome_counts.not_at_caseness IS 'Finished, not at caseness at the start (M179)';
COMMENT ON COLUMN iapt_ews.outcome_counts.recovered IS 'Finished and recovered (M191)';
COMMENT ON COLUMN iapt_ews.outcome_counts.reliably_recovered IS 'Finished and reliably recovered (M193)';
COMMENT ON COLUMN iapt_ews.outcome_counts.reliably_improved IS 'Finished and reliably improved (M185)';
COMMENT ON COLUMN iapt_ews.outcome_counts.reliably_deteriorated IS 'Finished and reliably deteriorated (M189)';
COMMENT ON COLUMN iapt_ews.outcome_counts.no_reliable_change IS 'Finished, paired, no reliable change (M187)';
COMMENT ON COLUMN iapt_ews.outcome_counts.not_paired IS 'Finished without paired PHQ-9 and anxiety scores';
COMMENT ON COLUMN iapt_ews.outcome_counts.recovery_rate IS 'recovered / (finished - not_at_caseness); NULL when the denominator is 0';
COMMENT ON COLUMN iapt_ews.outcome_counts.reliable_recovery_rate IS 'reliably_recovered / (finished - not_at_caseness); NULL when the denominator is 0';
COMMENT ON COLUMN iapt_ews.outcome_counts.reliable_improvement_rate IS 'reliably_improved / finished; NULL when finished is 0';
COMMENT ON COLUMN iapt_ews.outcome_counts.reliable_deterioration_rate IS 'reliably_deteriorated / finished; NULL when finished is 0';

CREATE FUNCTION iapt_ews.outcome_counts_transition(internal, iapt_ews.outcome) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_outcome_counts_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.outcome_counts_transition(internal, iapt_ews.outcome) IS 'Transition function of the outcome rate aggregates';
CREATE FUNCTION iapt_ews.outcome_counts_combine(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_outcome_counts_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.outcome_counts_combine(internal, internal) IS 'Combine function of the outcome rate aggregates';
CREATE FUNCTION iapt_ews.outcome_counts_serialize(internal) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_outcome_counts_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.outcome_counts_serialize(internal) IS 'Serialize function of the outcome rate aggregates';
CREATE FUNCTION iapt_ews.outcome_counts_deserialize(bytea, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_outcome_counts_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.outcome_counts_deserialize(bytea, internal) IS 'Deserialize function of the outcome rate aggregates';

CREATE FUNCTION iapt_ews.recovery_rate_final(internal) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_recovery_rate_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.recovery_rate_final(internal) IS 'Final function of recovery_rate';
CREATE FUNCTION iapt_ews.reliable_recovery_rate_final(internal) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_reliable_recovery_rate_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliable_recovery_rate_final(internal) IS 'Final function of reliable_recovery_rate';
CREATE FUNCTION iapt_ews.reliable_improvement_rate_final(internal) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_reliable_improvement_rate_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliable_improvement_rate_final(internal) IS 'Final function of reliable_improvement_rate';
CREATE FUNCTION iapt_ews.reliable_deterioration_rate_final(internal) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_reliable_deterioration_rate_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliable_deterioration_rate_final(internal) IS 'Final function of reliable_deterioration_rate';
CREATE FUNCTION iapt_ews.outcome_summary_final(internal) RETURNS iapt_ews.outcome_counts
AS 'MODULE_PATHNAME', 'iapt_outcome_summary_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.outcome_summary_final(internal) IS 'Final function of outcome_summary';

CREATE AGGREGATE iapt_ews.recovery_rate(iapt_ews.outcome) (
    SFUNC = iapt_ews.outcome_counts_transition, STYPE = internal, SSPACE = 80,
    FINALFUNC = iapt_ews.recovery_rate_final,
    COMBINEFUNC = iapt_ews.outcome_counts_combine,
    SERIALFUNC = iapt_ews.outcome_counts_serialize,
    DESERIALFUNC = iapt_ews.outcome_counts_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.recovery_rate(iapt_ews.outcome) IS
'Recovered / (finished - not at caseness) among finished referrals; NULL when the denominator is 0';
CREATE AGGREGATE iapt_ews.reliable_recovery_rate(iapt_ews.outcome) (
    SFUNC = iapt_ews.outcome_counts_transition, STYPE = internal, SSPACE = 80,
    FINALFUNC = iapt_ews.reliable_recovery_rate_final,
    COMBINEFUNC = iapt_ews.outcome_counts_combine,
    SERIALFUNC = iapt_ews.outcome_counts_serialize,
    DESERIALFUNC = iapt_ews.outcome_counts_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.reliable_recovery_rate(iapt_ews.outcome) IS
'Reliably recovered / (finished - not at caseness) among finished referrals; NULL when the denominator is 0';
CREATE AGGREGATE iapt_ews.reliable_improvement_rate(iapt_ews.outcome) (
    SFUNC = iapt_ews.outcome_counts_transition, STYPE = internal, SSPACE = 80,
    FINALFUNC = iapt_ews.reliable_improvement_rate_final,
    COMBINEFUNC = iapt_ews.outcome_counts_combine,
    SERIALFUNC = iapt_ews.outcome_counts_serialize,
    DESERIALFUNC = iapt_ews.outcome_counts_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.reliable_improvement_rate(iapt_ews.outcome) IS
'Reliably improved / finished; NULL when no referral finished';
CREATE AGGREGATE iapt_ews.reliable_deterioration_rate(iapt_ews.outcome) (
    SFUNC = iapt_ews.outcome_counts_transition, STYPE = internal, SSPACE = 80,
    FINALFUNC = iapt_ews.reliable_deterioration_rate_final,
    COMBINEFUNC = iapt_ews.outcome_counts_combine,
    SERIALFUNC = iapt_ews.outcome_counts_serialize,
    DESERIALFUNC = iapt_ews.outcome_counts_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.reliable_deterioration_rate(iapt_ews.outcome) IS
'Reliably deteriorated / finished; NULL when no referral finished';
CREATE AGGREGATE iapt_ews.outcome_summary(iapt_ews.outcome) (
    SFUNC = iapt_ews.outcome_counts_transition, STYPE = internal, SSPACE = 80,
    FINALFUNC = iapt_ews.outcome_summary_final,
    COMBINEFUNC = iapt_ews.outcome_counts_combine,
    SERIALFUNC = iapt_ews.outcome_counts_serialize,
    DESERIALFUNC = iapt_ews.outcome_counts_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.outcome_summary(iapt_ews.outcome) IS
'Counts (referrals, finished, at and not at caseness, recovered, reliably recovered, improved, deteriorated, no change, not paired) and the four rates, in one composite';

-- The same rates from counts already made (published statistics, a
-- warehouse's own tallies): one rule, in C, shared with the aggregates.
CREATE FUNCTION iapt_ews.recovery_rate(recovered bigint, finished bigint, not_at_caseness bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_recovery_rate_from_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.recovery_rate(bigint, bigint, bigint) IS
'recovered / (finished - not_at_caseness) from counts; NULL when the denominator is 0; error on negative or contradictory counts';
CREATE FUNCTION iapt_ews.reliable_recovery_rate(reliably_recovered bigint, finished bigint, not_at_caseness bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_reliable_recovery_rate_from_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliable_recovery_rate(bigint, bigint, bigint) IS
'reliably_recovered / (finished - not_at_caseness) from counts; NULL when the denominator is 0; error on negative or contradictory counts';
CREATE FUNCTION iapt_ews.reliable_improvement_rate(reliably_improved bigint, finished bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_reliable_improvement_rate_from_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliable_improvement_rate(bigint, bigint) IS
'reliably_improved / finished from counts; NULL when finished is 0; error on negative or contradictory counts';
CREATE FUNCTION iapt_ews.reliable_deterioration_rate(reliably_deteriorated bigint, finished bigint) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_reliable_deterioration_rate_from_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliable_deterioration_rate(bigint, bigint) IS
'reliably_deteriorated / finished from counts; NULL when finished is 0; error on negative or contradictory counts';
