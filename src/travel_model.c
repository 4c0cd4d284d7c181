/*
 * Minutes without a matrix: the travel-time model
 *
 *     minutes = fixed_minutes + 60 * distance_m / (1000 * speed_kmh)
 *
 * (travel_minutes), a fixed time for the ends of a trip (leaving, parking,
 * the slow roads near home) plus the straight-line distance at a
 * straight-line speed, and its least-squares fit to a sample of routed
 * pairs (fit_travel_time_model). docs/access.md, "Minutes without a
 * matrix"; access_scores_minutes (access.c) uses the same model.
 *
 * The model needs no geometry, so it is in the core extension.
 */
#include "postgres.h"

#include <math.h>

#include "executor/spi.h"
#include "executor/tuptable.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/dest.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "access.h"

#define INITIAL_FIT_PAIRS 1024

void
check_travel_model(double fixed_minutes, double speed_kmh)
{
	if (!(fixed_minutes >= 0) || isinf(fixed_minutes))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fixed_minutes must be a finite number of minutes, zero or more, not %g",
						fixed_minutes),
				 errdetail("fixed_minutes is the time of a trip of no distance: leaving, parking, the slow roads at either end.")));
	if (!(speed_kmh > 0) || isinf(speed_kmh))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("speed_kmh must be a positive finite speed in km/h, not %g", speed_kmh),
				 errdetail("speed_kmh is the speed along the straight line, in kilometres an hour.")));
}

/*
 * travel_minutes(distance_m, fixed_minutes, speed_kmh)
 */
PG_FUNCTION_INFO_V1(iapt_travel_minutes);
Datum
iapt_travel_minutes(PG_FUNCTION_ARGS)
{
	double		distance_m = PG_GETARG_FLOAT8(0);
	double		fixed_minutes = PG_GETARG_FLOAT8(1);
	double		speed_kmh = PG_GETARG_FLOAT8(2);

	if (!(distance_m >= 0) || isinf(distance_m))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("distance_m must be a finite number of metres, zero or more, not %g",
						distance_m)));
	check_travel_model(fixed_minutes, speed_kmh);
	PG_RETURN_FLOAT8(model_minutes(distance_m, fixed_minutes, speed_kmh));
}

/*
 * fit_travel_time_model(pairs_sql): the pairs are read through a receiver,
 * as access_matrix.c reads its costs; at the first bad row it stops the
 * query and keeps what the error needs, raised once the query is over.
 */
typedef enum FitProblem
{
	FIT_OK,
	FIT_BAD_DISTANCE,
	FIT_BAD_MINUTES,
	FIT_PAST_MEMORY_LIMIT
} FitProblem;

typedef struct FitReceiver
{
	DestReceiver pub;
	MemoryContext call_cxt;
	FitProblem	problem;
	double	   *x;				/* distance_m */
	double	   *y;				/* minutes */
	int64		n;
	int64		capacity;
	int64		rows_read;
	int64		null_rows;
	double		bad_distance;
	double		bad_minutes;
} FitReceiver;

static bool
reserve_fit_pair(FitReceiver *rcv)
{
	if (rcv->n < rcv->capacity)
		return true;
	if ((Size) rcv->capacity * 2 * sizeof(double) > MaxAllocHugeSize)
		return false;
	rcv->capacity *= 2;
	rcv->x = repalloc_huge(rcv->x, sizeof(double) * rcv->capacity);
	rcv->y = repalloc_huge(rcv->y, sizeof(double) * rcv->capacity);
	return !access_memory_exceeded(rcv->call_cxt);
}

static bool
receive_fit_pair(TupleTableSlot *slot, DestReceiver *self)
{
	FitReceiver *rcv = (FitReceiver *) self;
	double		x,
				y;

	CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	rcv->rows_read++;
	if (slot->tts_isnull[0] || slot->tts_isnull[1])
	{
		/* a pair the router could not route: no time to fit */
		rcv->null_rows++;
		return true;
	}
	x = DatumGetFloat8(slot->tts_values[0]);
	y = DatumGetFloat8(slot->tts_values[1]);
	rcv->bad_distance = x;
	rcv->bad_minutes = y;
	if (!(x >= 0) || isinf(x))
	{
		rcv->problem = FIT_BAD_DISTANCE;
		return false;
	}
	if (!(y >= 0) || isinf(y))
	{
		rcv->problem = FIT_BAD_MINUTES;
		return false;
	}
	if (!reserve_fit_pair(rcv))
	{
		rcv->problem = FIT_PAST_MEMORY_LIMIT;
		return false;
	}
	rcv->x[rcv->n] = x;
	rcv->y[rcv->n] = y;
	rcv->n++;
	return true;
}

static void
report_fit_problem(const FitReceiver *rcv)
{
	switch (rcv->problem)
	{
		case FIT_OK:
			return;
		case FIT_BAD_DISTANCE:
		case FIT_BAD_MINUTES:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("pairs_sql returned %s %g (row " INT64_FORMAT ": distance_m %g, minutes %g)",
							rcv->problem == FIT_BAD_DISTANCE ? "distance_m" : "minutes",
							rcv->problem == FIT_BAD_DISTANCE ? rcv->bad_distance : rcv->bad_minutes,
							rcv->rows_read, rcv->bad_distance, rcv->bad_minutes),
					 errdetail("distance_m (metres) and minutes must be finite numbers, zero or more."),
					 errhint("Leave out a pair the router could not route, or give it a NULL time.")));
			break;
		case FIT_PAST_MEMORY_LIMIT:
			access_check_rows_memory(rcv->call_cxt, "pairs_sql", rcv->rows_read);
			elog(ERROR, "the memory limit was passed and then was not");
			break;
	}
}

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

/* The p-quantile of sorted v[0..n-1], interpolated as percentile_cont does. */
static double
quantile_cont(const double *v, int64 n, double p)
{
	double		pos = p * (n - 1);
	int64		lo = (int64) floor(pos),
				hi = (int64) ceil(pos);

	if (lo == hi)
		return v[lo];
	return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

/*
 * fit_travel_time_model(pairs_sql) -> fixed_minutes, speed_kmh, pairs,
 * median_error_minutes, p90_error_minutes
 *
 * Least squares of minutes on distance_m with an intercept, from centred
 * sums (two passes: the means, then the centred products), so a sample far
 * from the origin loses no digits: b = Sxy / Sxx, a = mean y - b mean x;
 * fixed_minutes = a, speed_kmh = 60 / (1000 b). The errors are the absolute
 * residuals |minutes - travel_minutes(distance_m, a, speed)| of the pairs
 * fitted.
 */
PG_FUNCTION_INFO_V1(iapt_fit_travel_time_model);
Datum
iapt_fit_travel_time_model(PG_FUNCTION_ARGS)
{
	static const char *const cols[] = {"distance_m", "minutes"};
	FitReceiver rcv = {0};
	SPIExecuteOptions options = {0};
	TupleDesc	tupdesc;
	MemoryContext call_cxt,
				old;
	char	   *query;
	double		mx = 0,
				my = 0,
				sxx = 0,
				sxy = 0,
				slope,
				fixed,
				speed,
				median,
				p90;
	double	   *err;
	Datum		values[5];
	bool		nulls[5] = {0};
	int64		n;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "fit_travel_time_model must return a row");
	tupdesc = BlessTupleDesc(tupdesc);

	call_cxt = access_call_context();
	SPI_connect();
	query = access_checked_query(text_to_cstring(PG_GETARG_TEXT_PP(0)), "pairs_sql",
								 cols, lengthof(cols), "distance_m and minutes");
	SPI_freetuptable(SPI_tuptable);

	access_init_receiver(&rcv.pub, receive_fit_pair);
	rcv.call_cxt = call_cxt;
	rcv.capacity = INITIAL_FIT_PAIRS;
	rcv.x = MemoryContextAllocHuge(call_cxt, sizeof(double) * rcv.capacity);
	rcv.y = MemoryContextAllocHuge(call_cxt, sizeof(double) * rcv.capacity);
	access_check_rows_memory(call_cxt, "pairs_sql", 0);
	options.dest = &rcv.pub;
	if (SPI_execute_extended(psprintf("SELECT q.distance_m::pg_catalog.float8, "
									  "q.minutes::pg_catalog.float8 FROM (%s) q", query),
							 &options) < 0)
		elog(ERROR, "could not run the query of pairs_sql");
	report_fit_problem(&rcv);
	SPI_finish();

	if (rcv.null_rows > 0)
		ereport(NOTICE,
				(errmsg_plural("skipped " INT64_FORMAT " row of pairs_sql with a NULL distance_m or minutes",
							   "skipped " INT64_FORMAT " rows of pairs_sql with a NULL distance_m or minutes",
							   rcv.null_rows, rcv.null_rows)));
	n = rcv.n;
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fit_travel_time_model needs at least 2 pairs, but pairs_sql returned " INT64_FORMAT,
						n),
				 errdetail("A line through the pairs needs two of them at different distances; a useful fit needs many more.")));

	for (int64 i = 0; i < n; i++)
	{
		mx += rcv.x[i];
		my += rcv.y[i];
	}
	mx /= n;
	my /= n;
	for (int64 i = 0; i < n; i++)
	{
		double		dx = rcv.x[i] - mx;

		sxx += dx * dx;
		sxy += dx * (rcv.y[i] - my);
	}
	if (!(sxx > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fit_travel_time_model needs pairs at different distances, but all " INT64_FORMAT " pairs are %g m",
						n, rcv.x[0]),
				 errdetail("With one distance the minutes say nothing about the speed.")));
	slope = sxy / sxx;
	fixed = my - slope * mx;
	if (!(slope > 0) || isinf(60.0 / (1000.0 * slope)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the fitted speed is not positive: minutes change by %g a kilometre", slope * 1000),
				 errdetail("Over these " INT64_FORMAT " pairs the routed minutes do not grow with the distance.", n),
				 errhint("Check that distance_m and minutes come from the same pairs.")));
	speed = 60.0 / (1000.0 * slope);
	if (!(fixed >= 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the fitted fixed_minutes is negative: %g", fixed),
				 errdetail("Over these " INT64_FORMAT " pairs the line through the minutes gives a trip of no distance less than no time.", n),
				 errhint("Check the units: distance_m in metres, minutes in minutes.")));

	old = MemoryContextSwitchTo(call_cxt);
	err = palloc(sizeof(double) * n);
	for (int64 i = 0; i < n; i++)
		err[i] = fabs(rcv.y[i] - model_minutes(rcv.x[i], fixed, speed));
	qsort(err, n, sizeof(double), compare_doubles);
	median = quantile_cont(err, n, 0.5);
	p90 = quantile_cont(err, n, 0.9);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(call_cxt);

	values[0] = Float8GetDatum(fixed);
	values[1] = Float8GetDatum(speed);
	values[2] = Int64GetDatum(n);
	values[3] = Float8GetDatum(median);
	values[4] = Float8GetDatum(p90);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
