-- ---------------------------------------------------------------------------
-- compare_rates: a proportion in a group against the rest (src/compare_rates.c)
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.rate_comparison AS (
    group_n bigint, group_rate float8, other_n bigint, other_rate float8,
    difference float8, ci_low float8, ci_high float8, p_value float8);
COMMENT ON TYPE iapt_ews.rate_comparison IS 'Result of compare_rates(): both proportions, their difference with the Newcombe hybrid-score 95% interval, and the pooled z-test p-value';

CREATE FUNCTION iapt_ews.compare_rates_transition(internal, boolean, boolean) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_compare_rates_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.compare_rates_transition(internal, boolean, boolean) IS 'Transition function of compare_rates';
CREATE FUNCTION iapt_ews.compare_rates_combine(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_compare_rates_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.compare_rates_combine(internal, internal) IS 'Combine function of compare_rates';
CREATE FUNCTION iapt_ews.compare_rates_serialize(internal) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_compare_rates_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.compare_rates_serialize(internal) IS 'Serialize function of compare_rates';
CREATE FUNCTION iapt_ews.compare_rates_deserialize(bytea, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_compare_rates_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.compare_rates_deserialize(bytea, internal) IS 'Deserialize function of compare_rates';
CREATE FUNCTION iapt_ews.compare_rates_final(internal) RETURNS iapt_ews.rate_comparison
AS 'MODULE_PATHNAME', 'iapt_compare_rates_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.compare_rates_final(internal) IS 'Final function of compare_rates';

CREATE AGGREGATE iapt_ews.compare_rates(success boolean, in_group boolean) (
    SFUNC = iapt_ews.compare_rates_transition, STYPE = internal, SSPACE = 32,
    FINALFUNC = iapt_ews.compare_rates_final,
    COMBINEFUNC = iapt_ews.compare_rates_combine,
    SERIALFUNC = iapt_ews.compare_rates_serialize,
    DESERIALFUNC = iapt_ews.compare_rates_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.compare_rates(boolean, boolean) IS
'Success rate in the group (in_group true) against the rest: difference (group minus other) with the Newcombe hybrid-score 95% interval and the two-sided pooled z-test p-value; rows with a NULL are skipped';

CREATE FUNCTION iapt_ews.compare_rates(group_successes bigint, group_total bigint, other_successes bigint, other_total bigint)
RETURNS iapt_ews.rate_comparison
AS 'MODULE_PATHNAME', 'iapt_compare_rate_counts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.compare_rates(bigint, bigint, bigint, bigint) IS
'compare_rates from counts: group_successes of group_total in the group against other_successes of other_total in the rest, with the same difference, Newcombe hybrid-score 95% interval and pooled z-test p-value as the aggregate; 22023 for a negative count or more successes than the total';

-- ---------------------------------------------------------------------------
-- compare_means: two means with Welch's interval (src/compare_means.c,
-- Student's t in src/student_t.c)
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.mean_comparison AS (
    difference float8, ci_low float8, ci_high float8, degrees_of_freedom float8, p_value float8);
COMMENT ON TYPE iapt_ews.mean_comparison IS 'Result of compare_means(): the difference of two means (group minus other) with Welch''s 95% interval, its Welch-Satterthwaite degrees of freedom and the two-sided Welch t-test p-value';

CREATE FUNCTION iapt_ews.compare_means(group_n bigint, group_mean float8, group_sd float8,
                                       other_n bigint, other_mean float8, other_sd float8)
RETURNS iapt_ews.mean_comparison
AS 'MODULE_PATHNAME', 'iapt_compare_means' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.compare_means(bigint, float8, float8, bigint, float8, float8) IS
'Difference of two means from each group''s count, mean and sample standard deviation (avg, stddev_samp), with Welch''s 95% interval (Student t, Welch-Satterthwaite degrees of freedom) and two-sided p-value; a row of NULLs with fewer than two in a group, no interval when both standard deviations are 0; 22023 for a negative count or standard deviation or a value not finite';
