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
#include "export.h"
#include "fmgr.h"
#include "catalog/pg_type_d.h"
#include "utils/builtins.h"

#include "decimal.h"

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
static inline void
check_round_to(int32 round_to)
{
	if (round_to < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("round_to must be 1 or more, not %d", round_to),
				 errhint("Use round_to => 1 to withhold small counts without rounding.")));
}

/*
 * The published form of a count: false when it is withheld (below
 * min_count), otherwise *published is n rounded to the nearest round_to,
 * halves up. The arguments are checked by the callers.
 */
static bool
publish_count(int64 n, int32 min_count, int32 round_to, int64 *published)
{
	int64		q;
	int64		rem;

	if (n < min_count)
		return false;
	q = n / round_to;
	rem = n % round_to;
	/* rem < round_to <= INT32_MAX, so 2 * rem cannot overflow */
	if (2 * rem >= round_to)
		q++;
	if (pg_mul_s64_overflow(q, round_to, published))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("count " INT64_FORMAT " rounded to the nearest %d is out of range for type bigint",
						n, round_to)));
	return true;
}

/*
 * A count argument, declared integer, bigint or numeric (one C function
 * serves the three SQL forms): the numeric form takes a sum() of counts
 * (which PostgreSQL gives as numeric) without a cast, as long as it is a
 * whole number. Negative counts are refused by the callers.
 */
static int64
count_arg(FunctionCallInfo fcinfo, int argno, const char *what)
{
	Datum		value = PG_GETARG_DATUM(argno);
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, argno);
	int64		count;

	if (type == INT4OID)
		return DatumGetInt32(value);
	if (type != NUMERICOID)
		return DatumGetInt64(value);
	switch (decimal_read_scaled(value, 0, &count))
	{
		case DECIMAL_OK:
			return count;
		case DECIMAL_TOO_PRECISE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s %s is not a whole number", what, decimal_numeric_text(value)),
					 errdetail("Counts of people are whole numbers.")));
			break;
		case DECIMAL_NOT_FINITE:
		case DECIMAL_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s %s is out of range", what, decimal_numeric_text(value)),
					 errdetail("Counts are whole numbers from 0 to 10^18.")));
			break;
	}
	pg_unreachable();
}

Datum
iapt_suppress(PG_FUNCTION_ARGS)
{
	int64		n = count_arg(fcinfo, 0, "count");
	int32		min_count = PG_GETARG_INT32(1);
	int32		round_to = PG_GETARG_INT32(2);
	int64		result;

	check_count(n, "count");
	check_min_count(min_count);
	check_round_to(round_to);
	if (!publish_count(n, min_count, round_to, &result))
		PG_RETURN_NULL();
	PG_RETURN_INT64(result);
}

/*
 * A rate fit to publish beside its published counts: the published
 * numerator over the published denominator, withheld with either. Computed
 * from the rounded counts, so that it gives back nothing the counts do not
 * already show (a rate from the exact counts, with the rounded denominator
 * beside it, would give the exact numerator back).
 */
PG_FUNCTION_INFO_V1(iapt_published_rate);
Datum
iapt_published_rate(PG_FUNCTION_ARGS)
{
	int64		num = count_arg(fcinfo, 0, "numerator");
	int64		den = count_arg(fcinfo, 1, "denominator");
	int32		min_count = PG_GETARG_INT32(2);
	int32		round_to = PG_GETARG_INT32(3);
	int64		published_num;
	int64		published_den;

	check_count(num, "numerator");
	check_count(den, "denominator");
	check_min_count(min_count);
	check_round_to(round_to);
	if (!publish_count(num, min_count, round_to, &published_num) ||
		!publish_count(den, min_count, round_to, &published_den) || published_den == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) published_num / (double) published_den);
}

Datum
iapt_suppressed_rate(PG_FUNCTION_ARGS)
{
	int64		num = count_arg(fcinfo, 0, "numerator");
	int64		den = count_arg(fcinfo, 1, "denominator");
	int32		min_count = PG_GETARG_INT32(2);

	check_count(num, "numerator");
	check_count(den, "denominator");
	check_min_count(min_count);

	if (num < min_count || den < min_count || den == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) num / (double) den);
}
