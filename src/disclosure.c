/*
 * Disclosure control for published figures (docs/definitions.md, "Disclosure control"):
 * suppress() withholds small counts and rounds the rest, suppressed_rate()
 * withholds rates built on small counts.
 *
 * NHS England's Talking Therapies dashboards withhold a count below 5 and
 * round every other count to the nearest 5; a rate is withheld when its
 * numerator or denominator is below 5 and is computed from the unrounded
 * counts. The limit and the rounding base are parameters with those
 * defaults, since other NHS publications use other limits.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"

PG_FUNCTION_INFO_V1(iapt_suppress);
PG_FUNCTION_INFO_V1(iapt_suppressed_rate);

static inline void
check_count(int64 n, const char *what)
{
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s " INT64_FORMAT " is out of range", what, n),
				 errdetail("Counts of people cannot be negative.")));
}

static inline void
check_min_count(int32 min_count)
{
	if (min_count < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_count must be 0 or more, not %d", min_count),
				 errhint("NHS England withholds counts below 5: min_count => 5.")));
}

/*
 * suppress(n bigint, min_count integer, round_to integer) -> bigint
 *
 * NULL when n < min_count, else n rounded to the nearest multiple of
 * round_to, a half rounding up (away from zero: counts are never negative).
 */
Datum
iapt_suppress(PG_FUNCTION_ARGS)
{
	int64		n = PG_GETARG_INT64(0);
	int32		min_count = PG_GETARG_INT32(1);
	int32		round_to = PG_GETARG_INT32(2);
	int64		q;
	int64		rem;
	int64		result;

	check_count(n, "count");
	check_min_count(min_count);
	if (round_to < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("round_to must be 1 or more, not %d", round_to),
				 errhint("Use round_to => 1 to withhold small counts without rounding.")));

	if (n < min_count)
		PG_RETURN_NULL();

	q = n / round_to;
	rem = n % round_to;
	/* rem < round_to <= INT32_MAX, so 2 * rem cannot overflow */
	if (2 * rem >= round_to)
		q++;
	if (pg_mul_s64_overflow(q, round_to, &result))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("count " INT64_FORMAT " rounded to the nearest %d is out of range for type bigint",
						n, round_to)));
	PG_RETURN_INT64(result);
}

/*
 * suppressed_rate(numerator bigint, denominator bigint, min_count integer)
 * -> float8
 *
 * NULL when the numerator or the denominator is below min_count, or the
 * denominator is 0; else numerator / denominator, unrounded.
 */
Datum
iapt_suppressed_rate(PG_FUNCTION_ARGS)
{
	int64		num = PG_GETARG_INT64(0);
	int64		den = PG_GETARG_INT64(1);
	int32		min_count = PG_GETARG_INT32(2);

	check_count(num, "numerator");
	check_count(den, "denominator");
	check_min_count(min_count);

	if (num < min_count || den < min_count || den == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) num / (double) den);
}
