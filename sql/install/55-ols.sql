-- ---------------------------------------------------------------------------
-- ols_fit: least squares regression with an intercept (src/ols.c)
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.ols_result;

CREATE FUNCTION iapt_ews.ols_result_in(cstring) RETURNS iapt_ews.ols_result
AS 'MODULE_PATHNAME', 'iapt_ols_result_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.ols_result_out(iapt_ews.ols_result) RETURNS cstring
AS 'MODULE_PATHNAME', 'iapt_ols_result_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.ols_result_recv(internal) RETURNS iapt_ews.ols_result
AS 'MODULE_PATHNAME', 'iapt_ols_result_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.ols_result_send(iapt_ews.ols_result) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_ols_result_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_result_in(cstring) IS 'Text input of ols_result, as ols_result_out writes it (validated: 22P02 for text ols_fit could not give)';
COMMENT ON FUNCTION iapt_ews.ols_result_out(iapt_ews.ols_result) IS 'Text output of ols_result: n=<rows> k=<coefficients> coefficients={..} standard_errors={..} robust_standard_errors={..} r_squared=<r2> [problem=<keyword>]';
COMMENT ON FUNCTION iapt_ews.ols_result_recv(internal) IS 'Binary input of ols_result (validated like the text input; 22P03)';
COMMENT ON FUNCTION iapt_ews.ols_result_send(iapt_ews.ols_result) IS 'Binary output of ols_result: k, n, problem, r_squared, then 3 k values';

CREATE TYPE iapt_ews.ols_result (
    INPUT = iapt_ews.ols_result_in,
    OUTPUT = iapt_ews.ols_result_out,
    RECEIVE = iapt_ews.ols_result_recv,
    SEND = iapt_ews.ols_result_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE iapt_ews.ols_result IS
'Result of ols_fit(): rows used, coefficients (intercept first), classical and HC1 standard errors, R squared, or the reason they are NULL; read it with the ols_* accessors';

CREATE FUNCTION iapt_ews.ols_transition(internal, float8, float8[]) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_ols_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_transition(internal, float8, float8[]) IS 'Transition function of ols_fit';
CREATE FUNCTION iapt_ews.ols_combine(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_ols_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_combine(internal, internal) IS 'Combine function of ols_fit';
CREATE FUNCTION iapt_ews.ols_serialize(internal) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_ols_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_serialize(internal) IS 'Serialize function of ols_fit';
CREATE FUNCTION iapt_ews.ols_deserialize(bytea, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_ols_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_deserialize(bytea, internal) IS 'Deserialize function of ols_fit (22P03 for malformed bytes)';
CREATE FUNCTION iapt_ews.ols_final(internal) RETURNS iapt_ews.ols_result
AS 'MODULE_PATHNAME', 'iapt_ols_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_final(internal) IS 'Final function of ols_fit';

CREATE AGGREGATE iapt_ews.ols_fit(y float8, x float8[]) (
    SFUNC = iapt_ews.ols_transition, STYPE = internal,
    FINALFUNC = iapt_ews.ols_final,
    COMBINEFUNC = iapt_ews.ols_combine,
    SERIALFUNC = iapt_ews.ols_serialize,
    DESERIALFUNC = iapt_ews.ols_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.ols_fit(float8, float8[]) IS
'Ordinary least squares of y on an intercept and the elements of x (at most 32, the same number in every row); rows with a NULL are skipped, NaN or infinity is 22023; NULL coefficients with a reason for a singular design or too few rows';

CREATE FUNCTION iapt_ews.ols_coefficients(iapt_ews.ols_result) RETURNS float8[]
AS 'MODULE_PATHNAME', 'iapt_ols_coefficients' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_coefficients(iapt_ews.ols_result) IS
'Coefficients of an ols_fit: the intercept, then one per element of x in order; NULL when the fit has none (see ols_problem)';
CREATE FUNCTION iapt_ews.ols_standard_errors(iapt_ews.ols_result) RETURNS float8[]
AS 'MODULE_PATHNAME', 'iapt_ols_standard_errors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_standard_errors(iapt_ews.ols_result) IS
'Classical standard errors of the coefficients, sqrt of the diagonal of s^2 (X''X)^-1 with s^2 = RSS / (n - k); NULL when n = k or there are no coefficients';
CREATE FUNCTION iapt_ews.ols_robust_standard_errors(iapt_ews.ols_result) RETURNS float8[]
AS 'MODULE_PATHNAME', 'iapt_ols_robust_standard_errors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_robust_standard_errors(iapt_ews.ols_result) IS
'Heteroskedasticity-robust (HC1) standard errors, n / (n - k) (X''X)^-1 X'' diag(e^2) X (X''X)^-1; NULL when n = k, for more than 8 coefficients, or without coefficients';
CREATE FUNCTION iapt_ews.ols_n(iapt_ews.ols_result) RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_ols_n' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_n(iapt_ews.ols_result) IS 'Rows an ols_fit used (without a NULL in y or x)';
CREATE FUNCTION iapt_ews.ols_r_squared(iapt_ews.ols_result) RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_ols_r_squared' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_r_squared(iapt_ews.ols_result) IS
'R squared of an ols_fit, 1 - RSS / total sum of squares (1 when y is constant); NULL without coefficients';
CREATE FUNCTION iapt_ews.ols_problem(iapt_ews.ols_result) RETURNS text
AS 'MODULE_PATHNAME', 'iapt_ols_problem' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_problem(iapt_ews.ols_result) IS
'Why part of an ols_fit is NULL (no rows, fewer rows than coefficients, singular design, n = k, HC1 beyond 8 coefficients); NULL when nothing is';
CREATE FUNCTION iapt_ews.ols_confidence_interval(fit iapt_ews.ols_result, coefficient integer, robust boolean DEFAULT true)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'iapt_ols_confidence_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ols_confidence_interval(iapt_ews.ols_result, integer, boolean) IS
'95% interval {low, high} of one coefficient of an ols_fit (1 the intercept, 2 the first element of x, ...): b -/+ t(0.975, n - k) times its HC1 standard error (robust, the default) or its classical one; NULL when the fit has no such standard error; 22023 for a coefficient the fit does not have';
