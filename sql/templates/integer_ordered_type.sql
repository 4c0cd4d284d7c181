-- The comparison, hash and sort support of a pass-by-value type whose
-- order is that of the integer it is stored as, from the server's own
-- integer functions: expanded by tools/assemble_sql.py at each line
-- "-- @integer_ordered_type <type> <int4|int8> <noun> | <its order>".
-- {type}: the type, whose name its functions and operator classes
-- take (e.g. {type}_eq); {int}: the integer kind; {noun}: what one value
-- is; {order}: the order, in words.
CREATE FUNCTION {type}_eq({type}, {type}) RETURNS boolean
AS '{int}eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_ne({type}, {type}) RETURNS boolean
AS '{int}ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_lt({type}, {type}) RETURNS boolean
AS '{int}lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_le({type}, {type}) RETURNS boolean
AS '{int}le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_gt({type}, {type}) RETURNS boolean
AS '{int}gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_ge({type}, {type}) RETURNS boolean
AS '{int}ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_cmp({type}, {type}) RETURNS integer
AS 'bt{int}cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_sortsupport(internal) RETURNS void
AS 'bt{int}sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION {type}_hash({type}) RETURNS integer
AS 'hash{int}' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION {type}_hash_extended({type}, bigint) RETURNS bigint
AS 'hash{int}extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION {type}_eq({type}, {type}) IS 'The same {noun}';
COMMENT ON FUNCTION {type}_ne({type}, {type}) IS 'Not the same {noun}';
COMMENT ON FUNCTION {type}_lt({type}, {type}) IS 'Before, in the order of {noun}s: {order}';
COMMENT ON FUNCTION {type}_le({type}, {type}) IS 'The same or before, in the order of {noun}s';
COMMENT ON FUNCTION {type}_gt({type}, {type}) IS 'After, in the order of {noun}s';
COMMENT ON FUNCTION {type}_ge({type}, {type}) IS 'The same or after, in the order of {noun}s';
COMMENT ON FUNCTION {type}_cmp({type}, {type}) IS 'btree comparison of {noun}s';
COMMENT ON FUNCTION {type}_sortsupport(internal) IS 'btree sort support for {noun}s';
COMMENT ON FUNCTION {type}_hash({type}) IS 'Hash of a {noun}';
COMMENT ON FUNCTION {type}_hash_extended({type}, bigint) IS 'Seeded hash of a {noun}';

CREATE OPERATOR iapt_ews.= (
    LEFTARG = {type}, RIGHTARG = {type}, PROCEDURE = {type}_eq,
    COMMUTATOR = OPERATOR(iapt_ews.=), NEGATOR = OPERATOR(iapt_ews.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR iapt_ews.<> (
    LEFTARG = {type}, RIGHTARG = {type}, PROCEDURE = {type}_ne,
    COMMUTATOR = OPERATOR(iapt_ews.<>), NEGATOR = OPERATOR(iapt_ews.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR iapt_ews.< (
    LEFTARG = {type}, RIGHTARG = {type}, PROCEDURE = {type}_lt,
    COMMUTATOR = OPERATOR(iapt_ews.>), NEGATOR = OPERATOR(iapt_ews.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR iapt_ews.<= (
    LEFTARG = {type}, RIGHTARG = {type}, PROCEDURE = {type}_le,
    COMMUTATOR = OPERATOR(iapt_ews.>=), NEGATOR = OPERATOR(iapt_ews.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR iapt_ews.> (
    LEFTARG = {type}, RIGHTARG = {type}, PROCEDURE = {type}_gt,
    COMMUTATOR = OPERATOR(iapt_ews.<), NEGATOR = OPERATOR(iapt_ews.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR iapt_ews.>= (
    LEFTARG = {type}, RIGHTARG = {type}, PROCEDURE = {type}_ge,
    COMMUTATOR = OPERATOR(iapt_ews.<=), NEGATOR = OPERATOR(iapt_ews.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS {type}_ops DEFAULT FOR TYPE {type} USING btree AS
    OPERATOR 1 iapt_ews.<,
    OPERATOR 2 iapt_ews.<=,
    OPERATOR 3 iapt_ews.=,
    OPERATOR 4 iapt_ews.>=,
    OPERATOR 5 iapt_ews.>,
    FUNCTION 1 {type}_cmp({type}, {type}),
    FUNCTION 2 {type}_sortsupport(internal);
CREATE OPERATOR CLASS {type}_hash_ops DEFAULT FOR TYPE {type} USING hash AS
    OPERATOR 1 iapt_ews.=,
    FUNCTION 1 {type}_hash({type}),
    FUNCTION 2 {type}_hash_extended({type}, bigint);
