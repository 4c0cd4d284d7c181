-- ---------------------------------------------------------------------------
-- score_pair and pair_scores() (src/score_pair.c)
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.score_pair;

CREATE FUNCTION iapt_ews.score_pair_in(cstring) RETURNS iapt_ews.score_pair
AS 'MODULE_PATHNAME', 'iapt_score_pair_in' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.score_pair_out(iapt_ews.score_pair) RETURNS cstring
AS 'MODULE_PATHNAME', 'iapt_score_pair_out' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.score_pair_recv(internal) RETURNS iapt_ews.score_pair
AS 'MODULE_PATHNAME', 'iapt_score_pair_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.score_pair_send(iapt_ews.score_pair) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_score_pair_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.score_pair_in(cstring) IS 'Text input of score_pair, e.g. ''18 @ 2024-01-05 10:00+00 -> 7 @ 2024-03-01 09:00+00 (4 scores)''';
COMMENT ON FUNCTION iapt_ews.score_pair_out(iapt_ews.score_pair) IS 'Text output of score_pair (times in the session time zone)';
COMMENT ON FUNCTION iapt_ews.score_pair_recv(internal) IS 'Binary input of score_pair (validated like the text input)';
COMMENT ON FUNCTION iapt_ews.score_pair_send(iapt_ews.score_pair) IS 'Binary output of score_pair: count, first and last time, first and last score (5 x 8 bytes)';

CREATE TYPE iapt_ews.score_pair (
    INPUT = iapt_ews.score_pair_in,
    OUTPUT = iapt_ews.score_pair_out,
    RECEIVE = iapt_ews.score_pair_recv,
    SEND = iapt_ews.score_pair_send,
    INTERNALLENGTH = 40,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE iapt_ews.score_pair IS
'First and last score of one measure within a referral, with their recording times and the number of scores (built by pair_scores); text: 18 @ <time> -> 7 @ <time> (4 scores)';

CREATE FUNCTION iapt_ews.pair_scores_transition(iapt_ews.score_pair, timestamptz, numeric)
RETURNS iapt_ews.score_pair
AS 'MODULE_PATHNAME', 'iapt_pair_scores_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.pair_scores_transition(iapt_ews.score_pair, timestamptz, numeric) IS
'Transition function of pair_scores(timestamptz, numeric)';
CREATE FUNCTION iapt_ews.pair_scores_transition(iapt_ews.score_pair, timestamptz, integer)
RETURNS iapt_ews.score_pair
AS 'MODULE_PATHNAME', 'iapt_pair_scores_transition_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.pair_scores_transition(iapt_ews.score_pair, timestamptz, integer) IS
'Transition function of pair_scores(timestamptz, integer)';
CREATE FUNCTION iapt_ews.pair_scores_combine(iapt_ews.score_pair, iapt_ews.score_pair)
RETURNS iapt_ews.score_pair
AS 'MODULE_PATHNAME', 'iapt_pair_scores_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.pair_scores_combine(iapt_ews.score_pair, iapt_ews.score_pair) IS
'Combines two score pairs of the same group (parallel partial aggregates): the earlier first, the later last, ties to the higher score';

CREATE AGGREGATE iapt_ews.pair_scores(recorded_at timestamptz, score numeric) (
    SFUNC = iapt_ews.pair_scores_transition,
    STYPE = iapt_ews.score_pair,
    COMBINEFUNC = iapt_ews.pair_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE iapt_ews.pair_scores(timestamptz, numeric) IS
'First and last score by recording time (ties broken by the higher score), in constant memory and without sorting; rows with a NULL time or score are skipped';
CREATE AGGREGATE iapt_ews.pair_scores(recorded_at timestamptz, score integer) (
    SFUNC = iapt_ews.pair_scores_transition,
    STYPE = iapt_ews.score_pair,
    COMBINEFUNC = iapt_ews.pair_scores_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE iapt_ews.pair_scores(timestamptz, integer) IS
'pair_scores for whole-number scores stored as integer (no conversion to numeric)';

CREATE FUNCTION iapt_ews.first_score(iapt_ews.score_pair) RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_score_pair_first_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.first_score(iapt_ews.score_pair) IS 'The first score (earliest; of equally early scores the higher)';
CREATE FUNCTION iapt_ews.last_score(iapt_ews.score_pair) RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_score_pair_last_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.last_score(iapt_ews.score_pair) IS 'The last score (latest; of equally late scores the higher)';
CREATE FUNCTION iapt_ews.score_change(iapt_ews.score_pair) RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_score_pair_score_change' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.score_change(iapt_ews.score_pair) IS 'Last score minus first score (negative: the score went down)';
CREATE FUNCTION iapt_ews.first_recorded_at(iapt_ews.score_pair) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'iapt_score_pair_first_recorded_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.first_recorded_at(iapt_ews.score_pair) IS 'When the first score was recorded';
CREATE FUNCTION iapt_ews.last_recorded_at(iapt_ews.score_pair) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'iapt_score_pair_last_recorded_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.last_recorded_at(iapt_ews.score_pair) IS 'When the last score was recorded';
CREATE FUNCTION iapt_ews.score_count(iapt_ews.score_pair) RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_score_pair_score_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.score_count(iapt_ews.score_pair) IS 'How many scores were aggregated';
CREATE FUNCTION iapt_ews.paired(iapt_ews.score_pair) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_score_pair_paired' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.paired(iapt_ews.score_pair) IS 'Two scores recorded at different times (different contacts), so the pair measures change';

CREATE FUNCTION iapt_ews.classify(
    phq9 iapt_ews.score_pair, anxiety_measure text, anxiety iapt_ews.score_pair,
    treatment_sessions integer, ended boolean)
RETURNS iapt_ews.outcome
AS 'MODULE_PATHNAME', 'iapt_classify_pairs'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.classify(iapt_ews.score_pair, text, iapt_ews.score_pair, integer, boolean) IS
'Outcome of one referral from its PHQ-9 and anxiety score pairs (pair_scores; NULL: no score), attended treatment sessions (NULL: 0) and whether it has ended (NULL: no)';
