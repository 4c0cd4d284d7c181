-- ---------------------------------------------------------------------------
-- Employment adviser staffing: type staff_ratio (src/staff_ratio.c) and the
-- ea_ratio aggregates (src/ea_ratio.c)
-- ---------------------------------------------------------------------------
CREATE TYPE iapt_ews.staff_ratio;

CREATE FUNCTION iapt_ews.staff_ratio_in(cstring) RETURNS iapt_ews.staff_ratio
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.staff_ratio_in(cstring) IS 'Text input of staff_ratio: EA WTE:therapist WTE, e.g. ''1.8:14.4''';
CREATE FUNCTION iapt_ews.staff_ratio_out(iapt_ews.staff_ratio) RETURNS cstring
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.staff_ratio_out(iapt_ews.staff_ratio) IS 'Text output of staff_ratio (keeps both WTEs)';
CREATE FUNCTION iapt_ews.staff_ratio_recv(internal) RETURNS iapt_ews.staff_ratio
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.staff_ratio_recv(internal) IS 'Binary input of staff_ratio (two int64 hundredths of a WTE, validated)';
CREATE FUNCTION iapt_ews.staff_ratio_send(iapt_ews.staff_ratio) RETURNS bytea
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.staff_ratio_send(iapt_ews.staff_ratio) IS 'Binary output of staff_ratio';

CREATE TYPE iapt_ews.staff_ratio (
    INPUT = iapt_ews.staff_ratio_in,
    OUTPUT = iapt_ews.staff_ratio_out,
    RECEIVE = iapt_ews.staff_ratio_recv,
    SEND = iapt_ews.staff_ratio_send,
    INTERNALLENGTH = 16,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE iapt_ews.staff_ratio IS
'Employment adviser WTE : therapist WTE, exact to 0.01 WTE (text ''1:8'', ''1.8:14.4''); equality and order compare therapists per EA, better staffed first, no EA last';

CREATE FUNCTION iapt_ews.staff_ratio_cmp(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS integer
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_cmp(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'btree comparison of staff ratios by therapists per EA';
CREATE FUNCTION iapt_ews.staff_ratio_eq(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_eq(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'The same ratio (''1:8'' = ''2.5:20'')';
CREATE FUNCTION iapt_ews.staff_ratio_ne(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_ne(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'Different ratios';
CREATE FUNCTION iapt_ews.staff_ratio_lt(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_lt(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'Better staffed (fewer therapists per EA)';
CREATE FUNCTION iapt_ews.staff_ratio_le(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_le(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'As well or better staffed';
CREATE FUNCTION iapt_ews.staff_ratio_gt(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_gt(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'Worse staffed (more therapists per EA, or no EA)';
CREATE FUNCTION iapt_ews.staff_ratio_ge(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_ge(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'As badly or worse staffed';
CREATE FUNCTION iapt_ews.staff_ratio_hash(iapt_ews.staff_ratio) RETURNS integer
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_hash(iapt_ews.staff_ratio) IS 'Hash of the ratio in lowest terms (equal ratios hash alike)';
CREATE FUNCTION iapt_ews.staff_ratio_hash_extended(iapt_ews.staff_ratio, bigint) RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION iapt_ews.staff_ratio_hash_extended(iapt_ews.staff_ratio, bigint) IS 'Seeded hash of the ratio in lowest terms';
CREATE FUNCTION iapt_ews.staff_ratio_add(iapt_ews.staff_ratio, iapt_ews.staff_ratio) RETURNS iapt_ews.staff_ratio
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.staff_ratio_add(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS 'The staffing of two teams together: EA WTEs added, therapist WTEs added';

CREATE OPERATOR iapt_ews.= (LEFTARG = iapt_ews.staff_ratio, RIGHTARG = iapt_ews.staff_ratio,
    PROCEDURE = iapt_ews.staff_ratio_eq, COMMUTATOR = OPERATOR(iapt_ews.=), NEGATOR = OPERATOR(iapt_ews.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR iapt_ews.<> (LEFTARG = iapt_ews.staff_ratio, RIGHTARG = iapt_ews.staff_ratio,
    PROCEDURE = iapt_ews.staff_ratio_ne, COMMUTATOR = OPERATOR(iapt_ews.<>), NEGATOR = OPERATOR(iapt_ews.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR iapt_ews.< (LEFTARG = iapt_ews.staff_ratio, RIGHTARG = iapt_ews.staff_ratio,
    PROCEDURE = iapt_ews.staff_ratio_lt, COMMUTATOR = OPERATOR(iapt_ews.>), NEGATOR = OPERATOR(iapt_ews.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR iapt_ews.<= (LEFTARG = iapt_ews.staff_ratio, RIGHTARG = iapt_ews.staff_ratio,
    PROCEDURE = iapt_ews.staff_ratio_le, COMMUTATOR = OPERATOR(iapt_ews.>=), NEGATOR = OPERATOR(iapt_ews.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR iapt_ews.> (LEFTARG = iapt_ews.staff_ratio, RIGHTARG = iapt_ews.staff_ratio,
    PROCEDURE = iapt_ews.staff_ratio_gt, COMMUTATOR = OPERATOR(iapt_ews.<), NEGATOR = OPERATOR(iapt_ews.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR iapt_ews.>= (LEFTARG = iapt_ews.staff_ratio, RIGHTARG = iapt_ews.staff_ratio,
    PROCEDURE = iapt_ews.staff_ratio_ge, COMMUTATOR = OPERATOR(iapt_ews.<=), NEGATOR = OPERATOR(iapt_ews.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR iapt_ews.+ (LEFTARG = iapt_ews.staff_ratio, RIGHTARG = iapt_ews.staff_ratio,
    PROCEDURE = iapt_ews.staff_ratio_add, COMMUTATOR = OPERATOR(iapt_ews.+));

CREATE OPERATOR CLASS iapt_ews.staff_ratio_ops DEFAULT FOR TYPE iapt_ews.staff_ratio USING btree AS
    OPERATOR 1 iapt_ews.<, OPERATOR 2 iapt_ews.<=, OPERATOR 3 iapt_ews.=,
    OPERATOR 4 iapt_ews.>=, OPERATOR 5 iapt_ews.>,
    FUNCTION 1 iapt_ews.staff_ratio_cmp(iapt_ews.staff_ratio, iapt_ews.staff_ratio);
CREATE OPERATOR CLASS iapt_ews.staff_ratio_hash_ops DEFAULT FOR TYPE iapt_ews.staff_ratio USING hash AS
    OPERATOR 1 iapt_ews.=,
    FUNCTION 1 iapt_ews.staff_ratio_hash(iapt_ews.staff_ratio),
    FUNCTION 2 iapt_ews.staff_ratio_hash_extended(iapt_ews.staff_ratio, bigint);

-- Accessors and targets -------------------------------------------------------
CREATE FUNCTION iapt_ews.ea_wte(iapt_ews.staff_ratio) RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_ea_wte' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ea_wte(iapt_ews.staff_ratio) IS 'Employment adviser WTE of a staff ratio';
CREATE FUNCTION iapt_ews.therapist_wte(iapt_ews.staff_ratio) RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_staff_ratio_therapist_wte' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.therapist_wte(iapt_ews.staff_ratio) IS 'Therapist WTE of a staff ratio';
CREATE FUNCTION iapt_ews.therapists_per_ea(iapt_ews.staff_ratio) RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_therapists_per_ea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.therapists_per_ea(iapt_ews.staff_ratio) IS 'Therapist WTE per EA WTE, to 0.01 (half up); NULL with no EA';
CREATE FUNCTION iapt_ews.meets_target(ratio iapt_ews.staff_ratio, target iapt_ews.staff_ratio DEFAULT '1:8')
RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_meets_target' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.meets_target(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS
'At least as many EAs per therapist as the target (default 1 EA per 8 therapists); true with no therapists';
CREATE FUNCTION iapt_ews.ea_needed(ratio iapt_ews.staff_ratio, target iapt_ews.staff_ratio DEFAULT '1:8')
RETURNS numeric
AS 'MODULE_PATHNAME', 'iapt_ea_needed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ea_needed(iapt_ews.staff_ratio, iapt_ews.staff_ratio) IS
'Extra EA WTE needed to reach the target (default 1:8), rounded up to 0.01 WTE; 0 when met (ea_needed(''1:54'') = 5.75)';

CREATE FUNCTION iapt_ews.workforce_target_catalogue(OUT name text, OUT ratio iapt_ews.staff_ratio, OUT source text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iapt_workforce_target_catalogue' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.workforce_target_catalogue() IS 'The EA staffing targets compiled into iapt_ews; read them through the view iapt_ews.workforce_targets';
CREATE VIEW iapt_ews.workforce_targets WITH (security_invoker = true) AS SELECT name, ratio, source FROM iapt_ews.workforce_target_catalogue();
COMMENT ON VIEW iapt_ews.workforce_targets IS 'EA staffing targets with their sources: the 1:8 target and the 2015 baseline of 1:54';
COMMENT ON COLUMN iapt_ews.workforce_targets.name IS 'Target name';
COMMENT ON COLUMN iapt_ews.workforce_targets.ratio IS 'EA WTE : therapist WTE';
COMMENT ON COLUMN iapt_ews.workforce_targets.source IS 'Where the figure comes from';

-- ea_ratio --------------------------------------------------------------------
CREATE FUNCTION iapt_ews.ea_ratio_transition(iapt_ews.staff_ratio, numeric, numeric)
RETURNS iapt_ews.staff_ratio
AS 'MODULE_PATHNAME', 'iapt_ea_ratio_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ea_ratio_transition(iapt_ews.staff_ratio, numeric, numeric) IS 'Transition function of ea_ratio(numeric, numeric)';
CREATE FUNCTION iapt_ews.ea_ratio_transition(iapt_ews.staff_ratio, text, numeric)
RETURNS iapt_ews.staff_ratio
AS 'MODULE_PATHNAME', 'iapt_ea_ratio_role_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.ea_ratio_transition(iapt_ews.staff_ratio, text, numeric) IS 'Transition function of ea_ratio(text, numeric)';

CREATE AGGREGATE iapt_ews.ea_ratio(ea_wte numeric, therapist_wte numeric) (
    SFUNC = iapt_ews.ea_ratio_transition, STYPE = iapt_ews.staff_ratio,
    COMBINEFUNC = iapt_ews.staff_ratio_add, PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.ea_ratio(numeric, numeric) IS
'EA-to-therapist staffing: the sums of EA WTE and therapist WTE (each side skips its NULLs; NULL when every value is NULL)';
CREATE AGGREGATE iapt_ews.ea_ratio(role text, wte numeric) (
    SFUNC = iapt_ews.ea_ratio_transition, STYPE = iapt_ews.staff_ratio,
    COMBINEFUNC = iapt_ews.staff_ratio_add, PARALLEL = SAFE);
COMMENT ON AGGREGATE iapt_ews.ea_ratio(text, numeric) IS
'EA-to-therapist staffing from one row per post: employment advisers against therapists (HIT, PWP, counsellor); other known roles are not counted, unknown roles are an error (see workforce_roles)';

CREATE FUNCTION iapt_ews.workforce_role_catalogue(OUT role text, OUT counts_as text, OUT source text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'iapt_workforce_role_catalogue' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.workforce_role_catalogue() IS 'The workforce role vocabulary compiled into iapt_ews; read it through the view iapt_ews.workforce_roles';
CREATE VIEW iapt_ews.workforce_roles WITH (security_invoker = true) AS SELECT role, counts_as, source FROM iapt_ews.workforce_role_catalogue();
COMMENT ON VIEW iapt_ews.workforce_roles IS 'Roles ea_ratio(role, wte) accepts (case-insensitive) and what each counts as: employment adviser, therapist, or not counted';
COMMENT ON COLUMN iapt_ews.workforce_roles.role IS 'Role name as it may appear in a workforce table';
COMMENT ON COLUMN iapt_ews.workforce_roles.counts_as IS 'employment adviser, therapist, or not counted';
COMMENT ON COLUMN iapt_ews.workforce_roles.source IS 'Why the role counts as it does';
