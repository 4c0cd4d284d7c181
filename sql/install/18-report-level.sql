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
-- @integer_ordered_type iapt_ews.report_level int4 level | national < region < icb < sub_icb < provider < service

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
