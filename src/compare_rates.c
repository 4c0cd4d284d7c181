/*
 * compare_rates(success, in_group): a proportion in a group against the
 * rest (recovery with and without employment support, say), with the
 * difference, its 95% interval and a p-value.
 *
 * Interval: Newcombe's hybrid score interval for a difference of two
 * independent proportions (Newcombe RG, Statistics in Medicine 1998;
 * 17:873-890, method 10), built from the Wilson score interval of each
 * proportion (Wilson EB, JASA 1927;22:209-212). It stays inside [-1, 1] and
 * behaves at 0 and 1, where the simple Wald interval does not.
 * p-value: the two-sided pooled two-proportion z-test.
 *
 * Also here: proportion_interval(successes, total), one proportion with its
 * Wilson interval, from the same wilson_interval.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "aggregate_support.h"
#include "intervals.h"

typedef struct RateCounts
{
	int64		group_n;
	int64		group_success;
	int64		other_n;
	int64		other_success;
} RateCounts;

static RateCounts *
new_counts(FunctionCallInfo fcinfo)
{
	return MemoryContextAllocZero(aggregate_memory(fcinfo, "compare_rates"), sizeof(RateCounts));
}

PG_FUNCTION_INFO_V1(iapt_compare_rates_transition);
Datum
iapt_compare_rates_transition(PG_FUNCTION_ARGS)
{
	RateCounts *c = PG_ARGISNULL(0) ? new_counts(fcinfo) : (RateCounts *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		bool		success = PG_GETARG_BOOL(1);

		if (PG_GETARG_BOOL(2))
		{
			c->group_n++;
			c->group_success += success;
		}
		else
		{
			c->other_n++;
			c->other_success += success;
		}
	}
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(iapt_compare_rates_combine);
Datum
iapt_compare_rates_combine(PG_FUNCTION_ARGS)
{
	RateCounts *a;
	RateCounts *b;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	a = PG_ARGISNULL(0) ? new_counts(fcinfo) : (RateCounts *) PG_GETARG_POINTER(0);
	b = (RateCounts *) PG_GETARG_POINTER(1);
	a->group_n += b->group_n;
	a->group_success += b->group_success;
	a->other_n += b->other_n;
	a->other_success += b->other_success;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(iapt_compare_rates_serialize);
Datum
iapt_compare_rates_serialize(PG_FUNCTION_ARGS)
{
	RateCounts *c = (RateCounts *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, c->group_n);
	pq_sendint64(&buf, c->group_success);
	pq_sendint64(&buf, c->other_n);
	pq_sendint64(&buf, c->other_success);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(iapt_compare_rates_deserialize);
Datum
iapt_compare_rates_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *serialized = PG_GETARG_BYTEA_PP(0);
	RateCounts *c;
	StringInfoData buf;

	if (VARSIZE_ANY_EXHDR(serialized) != 4 * sizeof(int64))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized compare_rates state of %zu bytes",
						(size_t) VARSIZE_ANY_EXHDR(serialized)),
				 errdetail("Expected %zu bytes.", 4 * sizeof(int64))));
	/* The second argument is a dummy: always a fresh state. */
	c = new_counts(fcinfo);
	buf.data = VARDATA_ANY(serialized);
	buf.len = buf.maxlen = VARSIZE_ANY_EXHDR(serialized);
	buf.cursor = 0;
	c->group_n = pq_getmsgint64(&buf);
	c->group_success = pq_getmsgint64(&buf);
	c->other_n = pq_getmsgint64(&buf);
	c->other_success = pq_getmsgint64(&buf);
	PG_RETURN_POINTER(c);
}

/*
 * Wilson score interval of x successes out of n (n > 0), in the form
 * docs/statistics.md gives:
 *
 *   (2x + z^2 -/+ z sqrt(z^2 + 4x(n - x)/n)) / (2(n + z^2))
 *
 * It is the only one: compare_rates' Newcombe interval and
 * proportion_interval are both built from it, so they cannot disagree.
 * This form rather than the textbook (p + z^2/2n -/+ z sqrt(p(1 - p)/n +
 * z^2/4n^2)) / (1 + z^2/n): it rounds less (p and 1 - p are never formed),
 * and over every x <= n <= 400 its ends are the nearer double to the exact
 * interval about twice as often. The ends lie in [0, 1], but at x = 0 and
 * x = n the formula reaches 0 and 1 only up to rounding; the clamp keeps a
 * printed end from reading -1e-17 or 1.0000000000000002.
 */
static void
wilson_interval(double x, double n, double *low, double *high)
{
	double		z2 = Z_95 * Z_95;
	double		spread = Z_95 * sqrt(z2 + 4 * x * (n - x) / n);
	double		scale = 2 * (n + z2);

	*low = fmax(0.0, (2 * x + z2 - spread) / scale);
	*high = fmin(1.0, (2 * x + z2 + spread) / scale);
}

/* The rate_comparison of four counts: the final function's and
 * compare_rates(counts)'s result. */
static Datum
rate_comparison_datum(FunctionCallInfo fcinfo, const RateCounts *c)
{
	TupleDesc	tupdesc;
	Datum		values[8];
	bool		nulls[8] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "compare_rates must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	values[0] = Int64GetDatum(c->group_n);
	values[2] = Int64GetDatum(c->other_n);
	nulls[1] = c->group_n == 0;
	nulls[3] = c->other_n == 0;
	if (c->group_n > 0)
		values[1] = Float8GetDatum((double) c->group_success / c->group_n);
	if (c->other_n > 0)
		values[3] = Float8GetDatum((double) c->other_success / c->other_n);

	if (c->group_n == 0 || c->other_n == 0)
		nulls[4] = nulls[5] = nulls[6] = nulls[7] = true;
	else
	{
		double		n1 = c->group_n;
		double		n2 = c->other_n;
		double		p1 = c->group_success / n1;
		double		p2 = c->other_success / n2;
		double		d = p1 - p2;
		double		l1,
					u1,
					l2,
					u2;
		double		pooled = (c->group_success + c->other_success) / (n1 + n2);
		double		variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);

		wilson_interval(c->group_success, n1, &l1, &u1);
		wilson_interval(c->other_success, n2, &l2, &u2);
		values[4] = Float8GetDatum(d);
		values[5] = Float8GetDatum(d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)));
		values[6] = Float8GetDatum(d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
		/* All successes or all failures: no evidence of a difference. */
		values[7] = Float8GetDatum(variance <= 0 ? 1.0 : erfc(fabs(d) / sqrt(variance) / M_SQRT2));
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

PG_FUNCTION_INFO_V1(iapt_compare_rates_final);
Datum
iapt_compare_rates_final(PG_FUNCTION_ARGS)
{
	RateCounts	empty = {0};
	const RateCounts *c = PG_ARGISNULL(0) ? &empty : (RateCounts *) PG_GETARG_POINTER(0);

	PG_RETURN_DATUM(rate_comparison_datum(fcinfo, c));
}

/* A count argument of compare_rates(counts): not negative. */
static int64
count_argument(FunctionCallInfo fcinfo, int argno, const char *name)
{
	int64		count = PG_GETARG_INT64(argno);

	if (count < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative, not " INT64_FORMAT, name, count)));
	return count;
}

/*
 * compare_rates(group_successes, group_total, other_successes, other_total):
 * the aggregate's answer from counts already made, so that a report that
 * counts per cell and adds the cells up can compare its groups without
 * going back to one row per referral.
 */
PG_FUNCTION_INFO_V1(iapt_compare_rate_counts);
Datum
iapt_compare_rate_counts(PG_FUNCTION_ARGS)
{
	RateCounts	c;

	c.group_success = count_argument(fcinfo, 0, "group_successes");
	c.group_n = count_argument(fcinfo, 1, "group_total");
	c.other_success = count_argument(fcinfo, 2, "other_successes");
	c.other_n = count_argument(fcinfo, 3, "other_total");
	if (c.group_success > c.group_n || c.other_success > c.other_n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes must not exceed their total: group " INT64_FORMAT " of " INT64_FORMAT
						", other " INT64_FORMAT " of " INT64_FORMAT,
						c.group_success, c.group_n, c.other_success, c.other_n)));
	PG_RETURN_DATUM(rate_comparison_datum(fcinfo, &c));
}

/*
 * proportion_interval(successes, total): the rate successes / total and its
 * Wilson interval, for a report that shows one rate rather than a
 * comparison. A row of NULLs when there were no trials (a rate of nothing
 * is unknown, not an error); an error for counts that are no proportion,
 * since a negative count or more successes than trials is a bug upstream
 * that a NULL would hide.
 */
PG_FUNCTION_INFO_V1(iapt_proportion_interval);
Datum
iapt_proportion_interval(PG_FUNCTION_ARGS)
{
	int64		successes = PG_GETARG_INT64(0);
	int64		total = PG_GETARG_INT64(1);
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {0};

	if (total < 0 || successes < 0 || successes > total)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes " INT64_FORMAT " of total " INT64_FORMAT " is not a proportion",
						successes, total),
				 errdetail("A proportion needs 0 <= successes <= total."),
				 errhint("Pass the count of successes and the count of trials.")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "proportion_interval must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	if (total == 0)
		nulls[0] = nulls[1] = nulls[2] = true;
	else
	{
		double		low,
					high;

		wilson_interval(successes, total, &low, &high);
		values[0] = Float8GetDatum((double) successes / total);
		values[1] = Float8GetDatum(low);
		values[2] = Float8GetDatum(high);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
