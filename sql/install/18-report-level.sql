-- ---------------------------------------------------------------------------
-- The report_level type (src/report_level.c): the level column of the key
-- metrics, equality, repeat-referral and employment reports. Before the
-- data model (70-model.sql and later), whose statements make their levels
-- of this type.
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.report_level;

CREATE FUNCTION iapt_ews.report_level_in(cstring) RETURNS iapt_ews.report_level
AS 'MODULE_PATHNAME', 'iapt_report_level_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.report_level_out(iapt_ews.report_level) RETURNS cstring
AS 'MODULE_PATHNAME', 'iapt_report_level_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.report_level_recv(internal) RETURNS iapt_ews.report_level
AS 'MODULE_PATHNAME', 'iapt_report_level_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.report_level_send(iapt_ews.report_level) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_report_level_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.report_level_in(cstring) IS 'Text input of report_level: national, region, icb, sub_icb, provider or service in any case, white space around trimmed; also Sub-ICB, sub icb, SubICB. Anything else is 22P02, with the levels in the hint';
COMMENT ON FUNCTION iapt_ews.report_level_out(iapt_ews.report_level) IS 'Text output of report_level: the level''s name, lower case';
COMMENT ON FUNCTION iapt_ews.report_level_recv(internal) IS 'Binary input of report_level: the name as text, read as the text input reads it';
COMMENT ON FUNCTION iapt_ews.report_level_send(iapt_ews.report_level) IS 'Binary output of report_level: the lower-case name as text, as an enum sends its label';

CREATE TYPE iapt_ews.report_level (
    INPUT = iapt_ews.report_level_in,
    OUTPUT = iapt_ews.report_level_out,
    RECEIVE = iapt_ews.report_level_recv,
    SEND = iapt_ews.report_level_send,
    INTERNALLENGTH = 4,
    PASSEDBYVALUE,
    ALIGNMENT = int4,
    STORAGE = plain,
    CATEGORY = 'S'
);
COMMENT ON TYPE iapt_ews.report_level IS
'The level a report row is at: national < region < icb < sub_icb < provider < service. Read in any case (''ICB'', ''Sub-ICB'', ''sub icb''), written lower case; a name it does not know is an error (22P02) rather than a match with no rows';

-- Comparison: the value is the level's code, 0 (national) to 5 (service),
-- so int4's comparison, hash and sort support serve it.
CREATE FUNCTION iapt_ews.report_level_eq(iapt_ews.report_level, iapt_ews.report_level) RETURNS boolean
AS 'int4eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_ne(iapt_ews.report_level, iapt_ews.report_level) RETURNS boolean
AS 'int4ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_lt(iapt_ews.report_level, iapt_ews.report_level) RETURNS boolean
AS 'int4lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_le(iapt_ews.report_level, iapt_ews.report_level) RETURNS boolean
AS 'int4le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_gt(iapt_ews.report_level, iapt_ews.report_level) RETURNS boolean
AS 'int4gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_ge(iapt_ews.report_level, iapt_ews.report_level) RETURNS boolean
AS 'int4ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_cmp(iapt_ews.report_level, iapt_ews.report_level) RETURNS integer
AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_sortsupport(internal) RETURNS void
AS 'btint4sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION iapt_ews.report_level_hash(iapt_ews.report_level) RETURNS integer
AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION iapt_ews.report_level_hash_extended(iapt_ews.report_level, bigint) RETURNS bigint
AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION iapt_ews.report_level_eq(iapt_ews.report_level, iapt_ews.report_level) IS 'The same level';
COMMENT ON FUNCTION iapt_ews.report_level_ne(iapt_ews.report_level, iapt_ews.report_level) IS 'Different levels';
COMMENT ON FUNCTION iapt_ews.report_level_lt(iapt_ews.report_level, iapt_ews.report_level) IS 'A wider level (national < region < icb < sub_icb < provider < service)';
COMMENT ON FUNCTION iapt_ews.report_level_le(iapt_ews.report_level, iapt_ews.report_level) IS 'The same or a wider level';
COMMENT ON FUNCTION iapt_ews.report_level_gt(iapt_ews.report_level, iapt_ews.report_level) IS 'A narrower level';
COMMENT ON FUNCTION iapt_ews.report_level_ge(iapt_ews.report_level, iapt_ews.report_level) IS 'The same or a narrower level';
COMMENT ON FUNCTION iapt_ews.report_level_cmp(iapt_ews.report_level, iapt_ews.report_level) IS 'btree comparison of levels, national first';
COMMENT ON FUNCTION iapt_ews.report_level_sortsupport(internal) IS 'btree sort support for levels';
COMMENT ON FUNCTION iapt_ews.report_level_hash(iapt_ews.report_level) IS 'hash of a level';
COMMENT ON FUNCTION iapt_ews.report_level_hash_extended(iapt_ews.report_level, bigint) IS 'seeded hash of a level';

CREATE OPERATOR iapt_ews.= (
    LEFTARG = iapt_ews.report_level, RIGHTARG = iapt_ews.report_level, PROCEDURE = iapt_ews.report_level_eq,
    COMMUTATOR = OPERATOR(iapt_ews.=), NEGATOR = OPERATOR(iapt_ews.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR iapt_ews.<> (
    LEFTARG = iapt_ews.report_level, RIGHTARG = iapt_ews.report_level, PROCEDURE = iapt_ews.report_level_ne,
    COMMUTATOR = OPERATOR(iapt_ews.<>), NEGATOR = OPERATOR(iapt_ews.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR iapt_ews.< (
    LEFTARG = iapt_ews.report_level, RIGHTARG = iapt_ews.report_level, PROCEDURE = iapt_ews.report_level_lt,
    COMMUTATOR = OPERATOR(iapt_ews.>), NEGATOR = OPERATOR(iapt_ews.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR iapt_ews.<= (
    LEFTARG = iapt_ews.report_level, RIGHTARG = iapt_ews.report_level, PROCEDURE = iapt_ews.report_level_le,
    COMMUTATOR = OPERATOR(iapt_ews.>=), NEGATOR = OPERATOR(iapt_ews.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR iapt_ews.> (
    LEFTARG = iapt_ews.report_level, RIGHTARG = iapt_ews.report_level, PROCEDURE = iapt_ews.report_level_gt,
    COMMUTATOR = OPERATOR(iapt_ews.<), NEGATOR = OPERATOR(iapt_ews.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR iapt_ews.>= (
    LEFTARG = iapt_ews.report_level, RIGHTARG = iapt_ews.report_level, PROCEDURE = iapt_ews.report_level_ge,
    COMMUTATOR = OPERATOR(iapt_ews.<=), NEGATOR = OPERATOR(iapt_ews.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS iapt_ews.report_level_ops DEFAULT FOR TYPE iapt_ews.report_level USING btree AS
    OPERATOR 1 iapt_ews.<,
    OPERATOR 2 iapt_ews.<=,
    OPERATOR 3 iapt_ews.=,
    OPERATOR 4 iapt_ews.>=,
    OPERATOR 5 iapt_ews.>,
    FUNCTION 1 iapt_ews.report_level_cmp(iapt_ews.report_level, iapt_ews.report_level),
    FUNCTION 2 iapt_ews.report_level_sortsupport(internal);
CREATE OPERATOR CLASS iapt_ews.report_level_hash_ops DEFAULT FOR TYPE iapt_ews.report_level USING hash AS
    OPERATOR 1 iapt_ews.=,
    FUNCTION 1 iapt_ews.report_level_hash(iapt_ews.report_level),
    FUNCTION 2 iapt_ews.report_level_hash_extended(iapt_ews.report_level, bigint);

-- Casts through the text forms. To text implicitly, as citext's: text's
-- functions and operators take a level (upper(level), level LIKE 'sub%',
-- a join with a text column, a UNION with text), and a comparison where
-- this schema's operators are not on the search_path still compares the
-- lower-case names. From text on assignment only (INSERT, UPDATE): an
-- implicit cast both ways would make level = text_column ambiguous. Where
-- iapt_ews is on the search_path, level = 'ICB' and level IN ('icb',
-- 'Sub-ICB') find this type's operators first (an unknown literal takes the
-- other side's type), so the literal goes through report_level_in.
CREATE CAST (iapt_ews.report_level AS text) WITH INOUT AS IMPLICIT;
CREATE CAST (text AS iapt_ews.report_level) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (iapt_ews.report_level AS text) IS 'A level as its lower-case name; implicit, so that text''s functions and operators take a level';
COMMENT ON CAST (text AS iapt_ews.report_level) IS 'A name read as report_level''s input reads it; on assignment (INSERT, UPDATE) and explicitly';
