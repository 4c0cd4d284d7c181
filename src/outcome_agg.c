/*
 * Aggregates over outcome: the four NHS Talking Therapies rates and
 * outcome_summary() with the counts behind them (docs/definitions.md,
 * "Rates"), and the same rates from published counts.
 *
 * All five share one transition state, a fixed array of counters, so a
 * query that asks for several rates pays for one classification per row.
 * The state is `internal` with serialize/deserialize, so the aggregates run
 * as partial aggregates in parallel plans.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "outcome.h"
#include "aggregate_support.h"

typedef enum OutcomeCounter
{
	COUNT_REFERRALS = 0,
	COUNT_FINISHED,
	COUNT_CASE_AT_START,
	COUNT_NOT_AT_CASENESS,
	COUNT_RECOVERED,
	COUNT_RELIABLY_RECOVERED,
	COUNT_RELIABLY_IMPROVED,
	COUNT_RELIABLY_DETERIORATED,
	COUNT_NO_RELIABLE_CHANGE,
	COUNT_NOT_PAIRED,
	COUNTERS
} OutcomeCounter;

typedef struct OutcomeCounts
{
	int64		n[COUNTERS];
} OutcomeCounts;

/* Flags counted among finished referrals, by counter. */
static const uint32 counted_flag[COUNTERS] = {
	[COUNT_CASE_AT_START] = OF_CASE_AT_START,
	[COUNT_NOT_AT_CASENESS] = OF_NOT_CASE_AT_START,
	[COUNT_RECOVERED] = OF_RECOVERED,
	[COUNT_RELIABLY_RECOVERED] = OF_RELIABLY_RECOVERED,
	[COUNT_RELIABLY_IMPROVED] = OF_RELIABLY_IMPROVED,
	[COUNT_RELIABLY_DETERIORATED] = OF_RELIABLY_DETERIORATED,
	[COUNT_NO_RELIABLE_CHANGE] = OF_NO_RELIABLE_CHANGE,
};

static OutcomeCounts *
new_counts(FunctionCallInfo fcinfo)
{
	return MemoryContextAllocZero(aggregate_memory(fcinfo, "outcome_summary"), sizeof(OutcomeCounts));
}

PG_FUNCTION_INFO_V1(iapt_outcome_counts_transition);
Datum
iapt_outcome_counts_transition(PG_FUNCTION_ARGS)
{
	OutcomeCounts *counts = PG_ARGISNULL(0) ? new_counts(fcinfo)
		: (OutcomeCounts *) PG_GETARG_POINTER(0);
	uint32		flags;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(counts);
	counts->n[COUNT_REFERRALS]++;
	flags = outcome_derive(PG_GETARG_OUTCOME(1));
	if (flags & OF_FINISHED)
	{
		counts->n[COUNT_FINISHED]++;
		for (int c = COUNT_CASE_AT_START; c < COUNT_NOT_PAIRED; c++)
			if (flags & counted_flag[c])
				counts->n[c]++;
		if (!(flags & OF_PAIRED))
			counts->n[COUNT_NOT_PAIRED]++;
	}
	PG_RETURN_POINTER(counts);
}

PG_FUNCTION_INFO_V1(iapt_outcome_counts_combine);
Datum
iapt_outcome_counts_combine(PG_FUNCTION_ARGS)
{
	OutcomeCounts *a;
	OutcomeCounts *b;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	a = PG_ARGISNULL(0) ? new_counts(fcinfo) : (OutcomeCounts *) PG_GETARG_POINTER(0);
	b = (OutcomeCounts *) PG_GETARG_POINTER(1);
	for (int c = 0; c < COUNTERS; c++)
		a->n[c] += b->n[c];
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(iapt_outcome_counts_serialize);
Datum
iapt_outcome_counts_serialize(PG_FUNCTION_ARGS)
{
	OutcomeCounts *counts = (OutcomeCounts *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	for (int c = 0; c < COUNTERS; c++)
		pq_sendint64(&buf, counts->n[c]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(iapt_outcome_counts_deserialize);
Datum
iapt_outcome_counts_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *serialized = PG_GETARG_BYTEA_PP(0);
	OutcomeCounts *counts;
	StringInfoData buf;

	if (VARSIZE_ANY_EXHDR(serialized) != COUNTERS * sizeof(int64))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized outcome counts of %zu bytes",
						(size_t) VARSIZE_ANY_EXHDR(serialized)),
				 errdetail("Expected %zu bytes.", COUNTERS * sizeof(int64))));
	counts = new_counts(fcinfo);
	buf.data = VARDATA_ANY(serialized);
	buf.len = buf.maxlen = VARSIZE_ANY_EXHDR(serialized);
	buf.cursor = 0;
	for (int c = 0; c < COUNTERS; c++)
		counts->n[c] = pq_getmsgint64(&buf);
	PG_RETURN_POINTER(counts);
}

/* The published rates: NULL when the denominator is 0, as the NHS reports. */
static bool
rate(int64 numerator, int64 denominator, float8 *result)
{
	if (denominator <= 0)
		return false;
	*result = (float8) numerator / (float8) denominator;
	return true;
}

static bool
counts_rate(const OutcomeCounts *c, OutcomeCounter numerator, float8 *result)
{
	int64		finished = c->n[COUNT_FINISHED];

	switch (numerator)
	{
		case COUNT_RECOVERED:
		case COUNT_RELIABLY_RECOVERED:
			return rate(c->n[numerator], finished - c->n[COUNT_NOT_AT_CASENESS], result);
		default:
			return rate(c->n[numerator], finished, result);
	}
}

static Datum
rate_final(FunctionCallInfo fcinfo, OutcomeCounter numerator)
{
	float8		result;

	if (PG_ARGISNULL(0) ||
		!counts_rate((OutcomeCounts *) PG_GETARG_POINTER(0), numerator, &result))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(result);
}

PG_FUNCTION_INFO_V1(iapt_recovery_rate_final);
Datum
iapt_recovery_rate_final(PG_FUNCTION_ARGS)
{
	return rate_final(fcinfo, COUNT_RECOVERED);
}

PG_FUNCTION_INFO_V1(iapt_reliable_recovery_rate_final);
Datum
iapt_reliable_recovery_rate_final(PG_FUNCTION_ARGS)
{
	return rate_final(fcinfo, COUNT_RELIABLY_RECOVERED);
}

PG_FUNCTION_INFO_V1(iapt_reliable_improvement_rate_final);
Datum
iapt_reliable_improvement_rate_final(PG_FUNCTION_ARGS)
{
	return rate_final(fcinfo, COUNT_RELIABLY_IMPROVED);
}

PG_FUNCTION_INFO_V1(iapt_reliable_deterioration_rate_final);
Datum
iapt_reliable_deterioration_rate_final(PG_FUNCTION_ARGS)
{
	return rate_final(fcinfo, COUNT_RELIABLY_DETERIORATED);
}

/* outcome_summary(): the counts, then the four rates (type outcome_counts). */
PG_FUNCTION_INFO_V1(iapt_outcome_summary_final);
Datum
iapt_outcome_summary_final(PG_FUNCTION_ARGS)
{
	static const OutcomeCounter rates[] = {
		COUNT_RECOVERED, COUNT_RELIABLY_RECOVERED,
		COUNT_RELIABLY_IMPROVED, COUNT_RELIABLY_DETERIORATED
	};
	OutcomeCounts empty = {{0}};
	const OutcomeCounts *counts = PG_ARGISNULL(0) ? &empty
		: (OutcomeCounts *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Datum		values[COUNTERS + lengthof(rates)];
	bool		nulls[COUNTERS + lengthof(rates)] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "outcome_summary must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != lengthof(values))
		elog(ERROR, "outcome_counts has %d columns, expected %d",
			 tupdesc->natts, (int) lengthof(values));

	for (int c = 0; c < COUNTERS; c++)
		values[c] = Int64GetDatum(counts->n[c]);
	for (int r = 0; r < (int) lengthof(rates); r++)
	{
		float8		value;

		nulls[COUNTERS + r] = !counts_rate(counts, rates[r], &value);
		values[COUNTERS + r] = Float8GetDatum(nulls[COUNTERS + r] ? 0 : value);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * The same four rates from counts already made, such as the counts NHS
 * England publishes: recovery_rate(recovered, finished, not_at_caseness)
 * and friends. The counts go into an OutcomeCounts and through
 * counts_rate(), so a published count and a count of outcomes meet one rule.
 *
 * Every count given must be 0 or more; names[i] labels values[i].
 */
static void
check_counts_not_negative(int n, const char *const names[], const int64 values[])
{
	for (int i = 0; i < n; i++)
		if (values[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s count " INT64_FORMAT " is out of range", names[i], values[i]),
					 errdetail("Counts of referrals are 0 or more.")));
}

static void
check_subset(const char *part, int64 part_value, const char *whole, int64 whole_value)
{
	if (part_value > whole_value)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s count " INT64_FORMAT " is more than %s, " INT64_FORMAT,
						part, part_value, whole, whole_value),
				 errdetail("A count of referrals cannot exceed the count it is part of."),
				 errhint("Counts rounded or suppressed for publication can contradict each other; "
						 "compare such rows with a tolerance instead.")));
}

static Datum
rate_from_counts(FunctionCallInfo fcinfo, OutcomeCounter numerator, const char *numerator_name,
				 bool over_caseness)
{
	OutcomeCounts counts = {{0}};
	int64		denominator;
	float8		result;
	const char *const names[] = {numerator_name, "finished", "not_at_caseness"};
	const int64 given[] = {PG_GETARG_INT64(0), PG_GETARG_INT64(1), over_caseness ? PG_GETARG_INT64(2) : 0};

	check_counts_not_negative(lengthof(given), names, given);
	counts.n[numerator] = given[0];
	counts.n[COUNT_FINISHED] = given[1];
	counts.n[COUNT_NOT_AT_CASENESS] = given[2];
	denominator = counts.n[COUNT_FINISHED];
	if (over_caseness)
	{
		check_subset("not_at_caseness", counts.n[COUNT_NOT_AT_CASENESS],
					 "finished", counts.n[COUNT_FINISHED]);
		denominator -= counts.n[COUNT_NOT_AT_CASENESS];
		check_subset(numerator_name, counts.n[numerator],
					 "finished - not_at_caseness", denominator);
	}
	else
		check_subset(numerator_name, counts.n[numerator], "finished", denominator);

	if (!counts_rate(&counts, numerator, &result))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(result);
}

/* One SQL-callable wrapper per rate: its numerator, and whether it is over caseness. */
#define RATE_FROM_COUNTS(fn, counter, name, over_caseness) \
	PG_FUNCTION_INFO_V1(fn); \
	Datum fn(PG_FUNCTION_ARGS) { return rate_from_counts(fcinfo, counter, name, over_caseness); }

RATE_FROM_COUNTS(iapt_recovery_rate_from_counts, COUNT_RECOVERED, "recovered", true)
RATE_FROM_COUNTS(iapt_reliable_recovery_rate_from_counts, COUNT_RELIABLY_RECOVERED, "reliably_recovered", true)
RATE_FROM_COUNTS(iapt_reliable_improvement_rate_from_counts, COUNT_RELIABLY_IMPROVED, "reliably_improved", false)
RATE_FROM_COUNTS(iapt_reliable_deterioration_rate_from_counts, COUNT_RELIABLY_DETERIORATED, "reliably_deteriorated", false)
