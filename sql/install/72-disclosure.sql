-- ---------------------------------------------------------------------------
-- Disclosure control for published figures (src/disclosure.c;
-- docs/definitions.md, "Disclosure control"; docs/reporting.md)
-- ---------------------------------------------------------------------------
CREATE FUNCTION iapt_ews.suppress(n bigint, min_count integer DEFAULT 5, round_to integer DEFAULT 5)
RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_suppress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppress(bigint, integer, integer) IS
'A count fit to publish: NULL below min_count, otherwise rounded to the nearest round_to, halves up (NHS England: 4 -> NULL, 7 -> 5, 8 -> 10, 13 -> 15)';

CREATE FUNCTION iapt_ews.suppressed_rate(numerator bigint, denominator bigint, min_count integer DEFAULT 5)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_suppressed_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppressed_rate(bigint, bigint, integer) IS
'A rate fit to publish: NULL when the numerator or the denominator is below min_count or the denominator is 0, otherwise numerator / denominator from the unrounded counts';

CREATE FUNCTION iapt_ews.published_rate(numerator bigint, denominator bigint, min_count integer DEFAULT 5, round_to integer DEFAULT 5)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_published_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.published_rate(bigint, bigint, integer, integer) IS
'A rate fit to publish beside its counts: suppress(numerator) / suppress(denominator), so computed from the published (rounded) counts and withheld with either of them; it gives back nothing the published counts do not show. The reporting views'' _published variants use it';

-- The same for counts held as integer, and as numeric (a sum() of counts
-- is numeric): whole numbers only (22023 otherwise). One C function serves
-- each name's three forms; the integer forms make an integer argument an
-- exact match, so no call with a typed count is ambiguous (a bare NULL
-- needs a type: suppress(NULL::bigint)).
CREATE FUNCTION iapt_ews.suppress(n integer, min_count integer DEFAULT 5, round_to integer DEFAULT 5)
RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_suppress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppress(integer, integer, integer) IS
'suppress() of an integer count';

CREATE FUNCTION iapt_ews.suppressed_rate(numerator integer, denominator integer, min_count integer DEFAULT 5)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_suppressed_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppressed_rate(integer, integer, integer) IS
'suppressed_rate() of integer counts';

CREATE FUNCTION iapt_ews.published_rate(numerator integer, denominator integer, min_count integer DEFAULT 5, round_to integer DEFAULT 5)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_published_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.published_rate(integer, integer, integer, integer) IS
'published_rate() of integer counts';
CREATE FUNCTION iapt_ews.suppress(n numeric, min_count integer DEFAULT 5, round_to integer DEFAULT 5)
RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_suppress'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppress(numeric, integer, integer) IS
'suppress() of a count held as numeric (e.g. sum() of counts): a whole number, withheld below min_count, otherwise rounded to the nearest round_to';

CREATE FUNCTION iapt_ews.suppressed_rate(numerator numeric, denominator numeric, min_count integer DEFAULT 5)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_suppressed_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppressed_rate(numeric, numeric, integer) IS
'suppressed_rate() of counts held as numeric (whole numbers)';

CREATE FUNCTION iapt_ews.published_rate(numerator numeric, denominator numeric, min_count integer DEFAULT 5, round_to integer DEFAULT 5)
RETURNS float8
AS 'MODULE_PATHNAME', 'iapt_published_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.published_rate(numeric, numeric, integer, integer) IS
'published_rate() of counts held as numeric (whole numbers)';

-- Secondary suppression (docs/definitions.md, "Disclosure control"): where
-- a published total is the sum of published parts, differencing must not
-- show a withheld part to be non-zero. A published count r stands for a
-- true count in [max(r - 2, 5), r + 2] and a withheld one for [0, 4], so
-- the withheld parts sum to at least lo(total) - sum(hi(published parts));
-- when that is more than the other withheld parts could hold (4 each), every
-- withheld part is at least 1 (and at 4 each, exactly 4), and the smallest
-- published part is withheld as well.
-- The rule is C (src/secondary_suppression.c), written once: not STRICT,
-- as a NULL part is a withheld one; and a reader of a published view needs
-- no USAGE on this schema to run it.
CREATE FUNCTION iapt_ews.parts_disclosed(total bigint, parts bigint[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'iapt_parts_disclosed'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.parts_disclosed(bigint, bigint[]) IS
'Whether published parts (suppress()ed, NULL where withheld) and their published total show by differencing that a withheld part is not 0: each published count r is in [max(r - 2, 5), r + 2] and each withheld one in [0, 4], and the withheld parts must add up to more than all but one of them could hold. Not STRICT: a NULL part is a withheld one; false when the total is NULL (withheld) or no part is withheld';

CREATE FUNCTION iapt_ews.suppress_part(part bigint, total bigint, parts bigint[])
RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_suppress_part'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppress_part(bigint, bigint, bigint[]) IS
'Secondary suppression of one published part (a suppress()ed count) of a published total, given every part''s published value: NULL when differencing would otherwise show a withheld part to be non-zero (iapt_ews.parts_disclosed) and this part is the smallest published one (ties all withheld), else the part as it was. Not STRICT: a NULL part stays NULL, a NULL total discloses nothing. The parts are also all the others of its sum: the form with withheld_parts, shown_parts_high and smallest_shown takes them from a window';

-- The same rule over the parts of a sum as a window gives them: a level's
-- organisations beside England (key_metrics_published), where an array of
-- every part on every row would be a copy of the level per row.
CREATE FUNCTION iapt_ews.suppress_part(part bigint, total bigint, withheld_parts bigint,
    shown_parts_high bigint, smallest_shown bigint)
RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_suppress_part_of_sum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppress_part(bigint, bigint, bigint, bigint, bigint) IS
'Secondary suppression of one published part of a published total, as suppress_part(part, total, parts) but from what a window over the parts gives: withheld_parts (how many are NULL), shown_parts_high (the sum of r + 2 over the published ones) and smallest_shown (the least published one); NULL when differencing would show a withheld part to be non-zero and this part is the smallest published one. Not STRICT: a NULL part stays NULL, a NULL total, count or smallest part discloses nothing; 22023 for a negative count';

CREATE FUNCTION iapt_ews.suppress_total(total bigint, parts bigint[])
RETURNS bigint
AS 'MODULE_PATHNAME', 'iapt_suppress_total'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION iapt_ews.suppress_total(bigint, bigint[]) IS
'Secondary suppression of a published total (a suppress()ed count) whose parts are all withheld: NULL when it would show a withheld part to be non-zero (iapt_ews.parts_disclosed; a total of 5 over two withheld parts makes each at least 1), else the total as it was. Not STRICT: a NULL total stays NULL, a NULL part is a withheld one';
