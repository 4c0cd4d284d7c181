/*
 * Slope and relative index of inequality (SII, RII) as aggregates.
 *
 * Groups (e.g. IMD deciles) are ordered from most deprived (lowest
 * deprivation_rank, IMD decile 1) to least deprived. Each group's relative
 * rank x is the midpoint of its cumulative population share:
 * x_g = (population of the more deprived groups + population_g / 2) / total,
 * so x runs from near 0 (most deprived) to near 1 (least deprived). The SII
 * is the population-weighted least-squares slope of value on x: the fitted
 * value at the least deprived end (x = 1) minus the fitted value at the most
 * deprived end (x = 0). It is positive when the value is higher in less
 * deprived areas (as life expectancy is) and negative when it is higher in
 * more deprived areas. RII = SII / population-weighted mean value.
 *
 * The ranks need every group, so the state collects (rank, value, population)
 * triples; it has serialize, deserialize and combine functions so the
 * aggregates can run in parallel.
 */
#include "postgres.h"

#include <math.h>

#include "export.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/memutils.h"
#include "aggregate_support.h"

typedef struct IneqRow
{
	double		rank;
	double		value;
	double		pop;
} IneqRow;

typedef struct IneqState
{
	int64		n;
	int64		cap;
	IneqRow    *rows;
} IneqState;

static IneqState *
state_new(MemoryContext cxt, int64 cap)
{
	IneqState  *s = MemoryContextAlloc(cxt, sizeof(IneqState));

	s->n = 0;
	s->cap = Max(cap, 16);
	s->rows = MemoryContextAllocHuge(cxt, sizeof(IneqRow) * s->cap);
	return s;
}

static void
state_reserve(IneqState *s, int64 more)
{
	if (s->n + more <= s->cap)
		return;
	while (s->n + more > s->cap)
		s->cap *= 2;
	if ((Size) s->cap > MaxAllocHugeSize / sizeof(IneqRow))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows for an inequality index")));
	s->rows = repalloc_huge(s->rows, sizeof(IneqRow) * s->cap);
}

/* inequality_accum(state, value, deprivation_rank, population) */
PG_FUNCTION_INFO_V1(iapt_inequality_accum);
Datum
iapt_inequality_accum(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = aggregate_memory(fcinfo, "slope_index_of_inequality");
	IneqState  *s = PG_ARGISNULL(0) ? NULL : (IneqState *) PG_GETARG_POINTER(0);
	double		value,
				rank,
				pop;

	if (s == NULL)
		s = state_new(cxt, 16);
	/* rows with a NULL value, rank or population take no part */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(s);
	value = PG_GETARG_FLOAT8(1);
	rank = PG_GETARG_FLOAT8(2);
	pop = PG_GETARG_FLOAT8(3);
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value must be finite, not %g", value)));
	if (!isfinite(rank))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("deprivation_rank must be finite, not %g", rank)));
	if (!(pop >= 0) || !isfinite(pop))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("population must be a finite number, zero or more, not %g", pop)));
	if (pop == 0)
		PG_RETURN_POINTER(s);
	state_reserve(s, 1);
	s->rows[s->n].rank = rank;
	s->rows[s->n].value = value;
	s->rows[s->n].pop = pop;
	s->n++;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(iapt_inequality_combine);
Datum
iapt_inequality_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = aggregate_memory(fcinfo, "slope_index_of_inequality");
	IneqState  *a = PG_ARGISNULL(0) ? NULL : (IneqState *) PG_GETARG_POINTER(0);
	IneqState  *b = PG_ARGISNULL(1) ? NULL : (IneqState *) PG_GETARG_POINTER(1);

	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = state_new(cxt, b->n);
	state_reserve(a, b->n);
	memcpy(a->rows + a->n, b->rows, sizeof(IneqRow) * b->n);
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(iapt_inequality_serialize);
Datum
iapt_inequality_serialize(PG_FUNCTION_ARGS)
{
	IneqState  *s = (IneqState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	aggregate_memory(fcinfo, "slope_index_of_inequality");
	pq_begintypsend(&buf);
	pq_sendint64(&buf, s->n);
	for (int64 i = 0; i < s->n; i++)
	{
		pq_sendfloat8(&buf, s->rows[i].rank);
		pq_sendfloat8(&buf, s->rows[i].value);
		pq_sendfloat8(&buf, s->rows[i].pop);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(iapt_inequality_deserialize);
Datum
iapt_inequality_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = aggregate_memory(fcinfo, "slope_index_of_inequality");
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	int64		n;
	IneqState  *s;

	buf.data = VARDATA_ANY(raw);
	buf.len = VARSIZE_ANY_EXHDR(raw);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (buf.len < (int) sizeof(int64))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized inequality state of %d bytes", buf.len),
				 errdetail("Expected at least %zu bytes.", sizeof(int64))));
	n = pq_getmsgint64(&buf);
	if (n < 0 || (uint64) n != (uint64) (buf.len - sizeof(int64)) / (3 * sizeof(double)) ||
		(buf.len - sizeof(int64)) % (3 * sizeof(double)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized inequality state of %d bytes", buf.len),
				 errdetail("After the %zu-byte count it holds %zu bytes for a row count of " INT64_FORMAT "; a row takes %zu bytes.",
						   sizeof(int64), buf.len - sizeof(int64), n, 3 * sizeof(double))));
	s = state_new(cxt, n);
	for (int64 i = 0; i < n; i++)
	{
		s->rows[i].rank = pq_getmsgfloat8(&buf);
		s->rows[i].value = pq_getmsgfloat8(&buf);
		s->rows[i].pop = pq_getmsgfloat8(&buf);
	}
	s->n = n;
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(s);
}

static int
compare_rank(const void *a, const void *b)
{
	double		ra = ((const IneqRow *) a)->rank;
	double		rb = ((const IneqRow *) b)->rank;

	return (ra > rb) - (ra < rb);
}

/*
 * Slope (SII) and weighted mean of the state; false when undefined: no
 * population, or a single rank group (no spread of x).
 */
static bool
inequality_fit(IneqState *s, double *sii, double *mean)
{
	IneqRow    *rows;
	double	   *x;
	double		total = 0,
				before = 0,
				mx = 0,
				my = 0,
				sxx = 0,
				sxy = 0;
	int64		i = 0;

	if (s == NULL || s->n == 0)
		return false;
	/* sort a copy: the state must stay as it was (FINALFUNC_MODIFY READ_ONLY) */
	rows = palloc_extended(sizeof(IneqRow) * s->n, MCXT_ALLOC_HUGE);
	memcpy(rows, s->rows, sizeof(IneqRow) * s->n);
	qsort(rows, s->n, sizeof(IneqRow), compare_rank);
	x = palloc_extended(sizeof(double) * s->n, MCXT_ALLOC_HUGE);

	for (int64 k = 0; k < s->n; k++)
		total += rows[k].pop;
	/* x of each group of equal rank: midpoint of its cumulative share */
	while (i < s->n)
	{
		int64		j = i;
		double		group = 0;

		while (j < s->n && rows[j].rank == rows[i].rank)
			group += rows[j++].pop;
		for (int64 k = i; k < j; k++)
			x[k] = (before + group / 2) / total;
		before += group;
		i = j;
	}
	for (int64 k = 0; k < s->n; k++)
	{
		mx += rows[k].pop * x[k];
		my += rows[k].pop * rows[k].value;
	}
	mx /= total;
	my /= total;
	for (int64 k = 0; k < s->n; k++)
	{
		sxx += rows[k].pop * (x[k] - mx) * (x[k] - mx);
		sxy += rows[k].pop * (x[k] - mx) * (rows[k].value - my);
	}
	pfree(rows);
	pfree(x);
	*mean = my;
	if (!(sxx > 0))
		return false;
	*sii = sxy / sxx;
	return true;
}

PG_FUNCTION_INFO_V1(iapt_sii_final);
Datum
iapt_sii_final(PG_FUNCTION_ARGS)
{
	double		sii,
				mean;

	if (PG_ARGISNULL(0) ||
		!inequality_fit((IneqState *) PG_GETARG_POINTER(0), &sii, &mean))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sii);
}

PG_FUNCTION_INFO_V1(iapt_rii_final);
Datum
iapt_rii_final(PG_FUNCTION_ARGS)
{
	double		sii,
				mean;

	if (PG_ARGISNULL(0) ||
		!inequality_fit((IneqState *) PG_GETARG_POINTER(0), &sii, &mean) ||
		mean == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sii / mean);
}
