-- ---------------------------------------------------------------------------
-- The outcome type and classify() (src/outcome.c)
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.outcome;

CREATE FUNCTION iapt_ews.outcome_in(cstring) RETURNS iapt_ews.outcome
AS 'MODULE_PATHNAME', 'iapt_outcome_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.outcome_out(iapt_ews.outcome) RETURNS cstring
AS 'MODULE_PATHNAME', 'iapt_outcome_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.outcome_recv(internal) RETURNS iapt_ews.outcome
AS 'MODULE_PATHNAME', 'iapt_outcome_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.outcome_send(iapt_ews.outcome) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_outcome_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.outcome_in(cstring) IS 'Text input of outcome, e.g. ''finished, phq9 18->7, gad7 12->5''';
COMMENT ON FUNCTION iapt_ews.outcome_out(iapt_ews.outcome) IS 'Text output of outcome';
COMMENT ON FUNCTION iapt_ews.outcome_recv(internal) IS 'Binary input of outcome (validated like the text input)';
COMMENT ON FUNCTION iapt_ews.outcome_send(iapt_ews.outcome) IS 'Binary output of outcome: 8 bytes';

CREATE TYPE iapt_ews.outcome (
    INPUT = iapt_ews.outcome_in,
    OUTPUT = iapt_ews.outcome_out,
    RECEIVE = iapt_ews.outcome_recv,
    SEND = iapt_ews.outcome_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE iapt_ews.outcome IS
'One referral''s result: episode state (open, ended, finished), PHQ-9 and anxiety measure first and last scores and pairing; every outcome flag is derived from these facts';

-- Comparison: an outcome is 64 bits whose order groups the episode state,
-- so the int8 comparison, hash and sort support of the server serve it.
-- @integer_ordered_type iapt_ews.outcome int8 outcome | open, ended, finished first; then pairing, measure and scores

-- classify() ----------------------------------------------------------------
-- One signature for numeric scores, so every call resolves as it always has
-- (integer, smallint, numeric columns and literals, NULLs); a second
-- signature classify(integer, ...) would make calls with smallint or NULL
-- scores ambiguous. The support function turns a call whose scores are
-- integers into classify_integer at plan time, so integer columns pay no
-- conversion to numeric.
CREATE FUNCTION iapt_ews.classify_integer(
    phq9_first integer, phq9_last integer,
    anxiety_measure text, anxiety_first integer, anxiety_last integer,
    treatment_sessions integer, ended boolean)
RETURNS iapt_ews.outcome
AS 'MODULE_PATHNAME', 'iapt_classify_integer'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.classify_integer(integer, integer, text, integer, integer, integer, boolean) IS
'classify() for whole-number scores held as integer: the same outcome and the same errors as classify() on the same values as numeric, a NULL score or session count included (not STRICT: a NULL score is a score not recorded, as in classify()); classify() on integer scores runs this';

CREATE FUNCTION iapt_ews.classify_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'iapt_classify_support'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.classify_support(internal) IS
'Internal: planner support of classify(numeric, ...): a call whose four scores are integers (integer or smallint turned into numeric, NULL, whole-number constants) becomes classify_integer';

CREATE FUNCTION iapt_ews.classify(
    phq9_first numeric, phq9_last numeric,
    anxiety_measure text, anxiety_first numeric, anxiety_last numeric,
    treatment_sessions integer, ended boolean)
RETURNS iapt_ews.outcome
AS 'MODULE_PATHNAME', 'iapt_classify'
LANGUAGE C IMMUTABLE PARALLEL SAFE
SUPPORT iapt_ews.classify_support;
COMMENT ON FUNCTION iapt_ews.classify(numeric, numeric, text, numeric, numeric, integer, boolean) IS
'Outcome of one referral from its first and last PHQ-9 and anxiety scores (NULL: not recorded; both given: a pair), its attended treatment sessions (NULL: 0) and whether it has ended (NULL: no); a NULL anxiety measure means gad7';

-- Accessors -------------------------------------------------------------------
CREATE FUNCTION iapt_ews.ended(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_ended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ended(iapt_ews.outcome) IS 'The referral has ended (with or without a course of treatment)';
CREATE FUNCTION iapt_ews.finished(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_finished' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.finished(iapt_ews.outcome) IS 'Finished a course of treatment: ended with at least two treatment sessions (M076)';
CREATE FUNCTION iapt_ews.paired(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_paired' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.paired(iapt_ews.outcome) IS 'Paired scores on both PHQ-9 and the anxiety measure, so outcomes can be assessed';
CREATE FUNCTION iapt_ews.case_at_start(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_case_at_start' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.case_at_start(iapt_ews.outcome) IS 'First PHQ-9 or first anxiety score (either or both) at caseness';
CREATE FUNCTION iapt_ews.not_case_at_start(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_not_case_at_start' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.not_case_at_start(iapt_ews.outcome) IS 'Both first scores recorded and below caseness (M179)';
CREATE FUNCTION iapt_ews.recovered(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_recovered' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.recovered(iapt_ews.outcome) IS 'Case at start, both measures paired, and both last scores below caseness (M191)';
CREATE FUNCTION iapt_ews.reliably_improved(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_reliably_improved' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliably_improved(iapt_ews.outcome) IS 'A reliable decrease on PHQ-9 or the anxiety measure and no reliable increase on either (M185)';
CREATE FUNCTION iapt_ews.reliably_deteriorated(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_reliably_deteriorated' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliably_deteriorated(iapt_ews.outcome) IS 'A reliable increase on PHQ-9 or the anxiety measure and no reliable decrease on either (M189)';
CREATE FUNCTION iapt_ews.no_reliable_change(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_no_reliable_change' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.no_reliable_change(iapt_ews.outcome) IS 'Paired, and neither reliably improved nor reliably deteriorated, including a reliable decrease on one measure with a reliable increase on the other (M187)';
CREATE FUNCTION iapt_ews.reliably_recovered(iapt_ews.outcome) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_outcome_reliably_recovered' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.reliably_recovered(iapt_ews.outcome) IS 'Recovered and reliably improved (M193)';
