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
