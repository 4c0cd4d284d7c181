/*
 * Group workshops and their waiting lists: how many sessions would clear a
 * list (sessions_to_clear) and how long a newcomer would wait for a place in
 * the sessions already scheduled (aggregate projected_wait).
 *
 * Services run groups with a cap (12 for Merton's employment workshops, 15
 * for Brent's online workshops, 10 for four-week programmes) and not
 * everyone offered a place attends, so a session is offered to more people
 * than it seats: capacity / attendance rate, rounded down.
 */
#include "postgres.h"

#include <math.h>

#include "export.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "aggregate_support.h"

/*
 * Rates arrive as binary fractions (0.7 is 0.69999999999999996); a
 * tolerance far below one person keeps 7 / 0.7 at 10 places, not 9.
 */
#define PEOPLE_TOLERANCE 1e-9

static void
check_count(const char *what, int64 value)
{
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s " INT64_FORMAT " is out of range", what, value),
				 errdetail("The %s cannot be negative.", what)));
}

/* Places offered per session: capacity / attendance_rate, rounded down. */
static int64
places_offered(int32 capacity, float8 attendance_rate)
{
	if (capacity < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("capacity %d is invalid", capacity),
				 errdetail("A session has at least one place.")));
	if (isnan(attendance_rate) || attendance_rate <= 0 || attendance_rate > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("attendance rate %g is invalid", attendance_rate),
				 errdetail("The attendance rate is the share of people offered a place who attend: more than 0 and at most 1.")));
	return (int64) floor(capacity / attendance_rate + PEOPLE_TOLERANCE);
}

/*
 * sessions_to_clear(waiting, weekly_arrivals, capacity, attendance_rate,
 *                   weeks) -> integer
 * The smallest number of sessions over the next `weeks` that offers a place
 * to everyone waiting now and everyone expected to arrive meanwhile.
 */
PG_FUNCTION_INFO_V1(iapt_sessions_to_clear);
Datum
iapt_sessions_to_clear(PG_FUNCTION_ARGS)
{
	int64		waiting = PG_GETARG_INT64(0);
	float8		weekly_arrivals = PG_GETARG_FLOAT8(1);
	int32		capacity = PG_GETARG_INT32(2);
	float8		attendance_rate = PG_GETARG_FLOAT8(3);
	int32		weeks = PG_GETARG_INT32(4);
	int64		offered;
	float8		arrivals;
	int64		people;
	int64		sessions;

	check_count("waiting list size", waiting);
	if (isnan(weekly_arrivals) || isinf(weekly_arrivals))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weekly arrivals %g is invalid", weekly_arrivals),
				 errdetail("Weekly arrivals must be a finite number of people.")));
	if (weekly_arrivals < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("weekly arrivals %g is out of range", weekly_arrivals),
				 errdetail("Arrivals cannot be negative.")));
	check_count("number of weeks", weeks);
	offered = places_offered(capacity, attendance_rate);

	/* Expected arrivals are whole people: 7.5 expected is 8 to plan for. */
	arrivals = ceil(weekly_arrivals * weeks - PEOPLE_TOLERANCE);
	if (arrivals <= 0)
		arrivals = 0;			/* also turns -0 into 0 */
	if (arrivals > (float8) (PG_INT64_MAX / 4) || waiting > PG_INT64_MAX / 4)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("waiting list of " INT64_FORMAT " and %g arrivals is too large", waiting, arrivals),
				 errdetail("sessions_to_clear plans for at most 2^61 people.")));
	people = waiting + (int64) arrivals;
	sessions = (people + offered - 1) / offered;
	if (sessions > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg(INT64_FORMAT " sessions are needed, more than an integer holds", sessions)));
	PG_RETURN_INT32((int32) sessions);
}

/* ---------------------------------------------------------------------------
 * projected_wait(session_at, places, waiting, joined_at) -> interval
 *
 * First come, first served: the newcomer is number waiting + 1 in the
 * queue, and gets a place at the first session (at or after joining) by
 * which the places offered add up to that number. NULL when the scheduled
 * sessions do not reach that far.
 * ------------------------------------------------------------------------ */

typedef struct ScheduledSession
{
	TimestampTz at;
	int64		places;
} ScheduledSession;

typedef struct WaitState
{
	int64		waiting;
	TimestampTz joined_at;
	bool		have_parameters;
	int64		nsessions;
	int64		allocated;
	ScheduledSession *sessions;
} WaitState;

static WaitState *
new_wait_state(FunctionCallInfo fcinfo)
{
	return MemoryContextAllocZero(aggregate_memory(fcinfo, "projected_wait"), sizeof(WaitState));
}

static WaitState *
wait_state(FunctionCallInfo fcinfo, int arg)
{
	if (!PG_ARGISNULL(arg))
		return (WaitState *) PG_GETARG_POINTER(arg);
	return new_wait_state(fcinfo);
}

static void
add_session(FunctionCallInfo fcinfo, WaitState *state, TimestampTz at, int64 places)
{
	MemoryContext aggcontext;

	AggCheckCallContext(fcinfo, &aggcontext);
	if (state->nsessions == state->allocated)
	{
		int64		want = state->allocated == 0 ? 64 : state->allocated * 2;

		if ((Size) want * sizeof(ScheduledSession) > MaxAllocHugeSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many scheduled sessions for projected_wait")));
		state->sessions = state->sessions == NULL
			? MemoryContextAllocHuge(aggcontext, want * sizeof(ScheduledSession))
			: repalloc_huge(state->sessions, want * sizeof(ScheduledSession));
		state->allocated = want;
	}
	state->sessions[state->nsessions].at = at;
	state->sessions[state->nsessions].places = places;
	state->nsessions++;
}

/* The queue and the joining time are the same for every row of a group. */
static void
set_parameters(WaitState *state, int64 waiting, TimestampTz joined_at)
{
	if (!state->have_parameters)
	{
		check_count("waiting list size", waiting);
		state->waiting = waiting;
		state->joined_at = joined_at;
		state->have_parameters = true;
	}
	else if (state->waiting != waiting || state->joined_at != joined_at)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("projected_wait needs one waiting list size and one joining time per group"),
				 errdetail("Got waiting list sizes " INT64_FORMAT " and " INT64_FORMAT ".",
						   state->waiting, waiting),
				 errhint("Pass the waiting list and the joining time as constants, or group by them.")));
}

PG_FUNCTION_INFO_V1(iapt_projected_wait_transition);
Datum
iapt_projected_wait_transition(PG_FUNCTION_ARGS)
{
	WaitState  *state = wait_state(fcinfo, 0);
	TimestampTz at;
	int32		places;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("projected_wait needs the waiting list size and the joining time")));
	set_parameters(state, PG_GETARG_INT64(3), PG_GETARG_TIMESTAMPTZ(4));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);
	at = PG_GETARG_TIMESTAMPTZ(1);
	places = PG_GETARG_INT32(2);
	check_count("number of places", places);
	if (at >= state->joined_at && places > 0)
		add_session(fcinfo, state, at, places);
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(iapt_projected_wait_combine);
Datum
iapt_projected_wait_combine(PG_FUNCTION_ARGS)
{
	WaitState  *a;
	WaitState  *b;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	a = wait_state(fcinfo, 0);
	b = (WaitState *) PG_GETARG_POINTER(1);
	if (b->have_parameters)
		set_parameters(a, b->waiting, b->joined_at);
	for (int64 i = 0; i < b->nsessions; i++)
		add_session(fcinfo, a, b->sessions[i].at, b->sessions[i].places);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(iapt_projected_wait_serialize);
Datum
iapt_projected_wait_serialize(PG_FUNCTION_ARGS)
{
	WaitState  *state = (WaitState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, state->have_parameters ? 1 : 0);
	pq_sendint64(&buf, state->waiting);
	pq_sendint64(&buf, state->joined_at);
	pq_sendint64(&buf, state->nsessions);
	for (int64 i = 0; i < state->nsessions; i++)
	{
		pq_sendint64(&buf, state->sessions[i].at);
		pq_sendint64(&buf, state->sessions[i].places);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(iapt_projected_wait_deserialize);
Datum
iapt_projected_wait_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *serialized = PG_GETARG_BYTEA_PP(0);

	/* The second argument is a dummy (a NULL pointer that is not NULL). */
	WaitState  *state = new_wait_state(fcinfo);
	StringInfoData buf;
	int64		nsessions;
	Size		header = 1 + 3 * sizeof(int64);

	buf.data = VARDATA_ANY(serialized);
	buf.len = buf.maxlen = VARSIZE_ANY_EXHDR(serialized);
	buf.cursor = 0;
	if ((Size) buf.len < header)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized projected_wait state of %d bytes", buf.len),
				 errdetail("Expected at least %zu bytes.", header)));
	state->have_parameters = pq_getmsgbyte(&buf) != 0;
	state->waiting = pq_getmsgint64(&buf);
	state->joined_at = pq_getmsgint64(&buf);
	nsessions = pq_getmsgint64(&buf);
	if (nsessions < 0 || (Size) nsessions != (buf.len - header) / (2 * sizeof(int64)) ||
		(buf.len - header) % (2 * sizeof(int64)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized projected_wait state of %d bytes", buf.len),
				 errdetail("After the %zu-byte header it holds %zu bytes for a session count of " INT64_FORMAT "; a session takes %zu bytes.",
						   header, buf.len - header, nsessions, 2 * sizeof(int64))));
	for (int64 i = 0; i < nsessions; i++)
	{
		TimestampTz at = pq_getmsgint64(&buf);
		int64		places = pq_getmsgint64(&buf);

		if (places <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid serialized projected_wait state of %d bytes", buf.len),
					 errdetail("A session offers " INT64_FORMAT " places; a scheduled session offers at least one.",
							   places)));
		add_session(fcinfo, state, at, places);
	}
	PG_RETURN_POINTER(state);
}

static int
compare_sessions(const void *a, const void *b)
{
	const ScheduledSession *x = a;
	const ScheduledSession *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return 0;
}

PG_FUNCTION_INFO_V1(iapt_projected_wait_final);
Datum
iapt_projected_wait_final(PG_FUNCTION_ARGS)
{
	WaitState  *state;
	int64		position;
	int64		offered = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (WaitState *) PG_GETARG_POINTER(0);
	if (!state->have_parameters)
		PG_RETURN_NULL();
	position = state->waiting + 1;
	qsort(state->sessions, state->nsessions, sizeof(ScheduledSession), compare_sessions);
	for (int64 i = 0; i < state->nsessions; i++)
	{
		CHECK_FOR_INTERRUPTS();
		offered += state->sessions[i].places;
		if (offered >= position)
			PG_RETURN_DATUM(DirectFunctionCall2(timestamp_mi,
												TimestampTzGetDatum(state->sessions[i].at),
												TimestampTzGetDatum(state->joined_at)));
	}
	PG_RETURN_NULL();
}
