/*
 * libFuzzer targets for the code that reads bytes a client controls: the
 * text input functions, the binary receive functions, and the aggregate
 * state deserializers. The real src/ files are linked in; backend_stubs.c
 * stands in for the server.
 *
 * A target fails (abort, so libFuzzer keeps the input) on any sanitizer
 * report, on an internal error (XX000) from an input or receive function
 * (users reach those with any literal or COPY BINARY, so their errors must be
 * user errors) or from an aggregate state deserializer (a malformed state is
 * bad data, 22P03, not a can't-happen state), and when a value the function
 * accepted does not survive the round trip through its output and back.
 *
 * One source, one binary per target: FUZZ_TARGET names it.
 */
#include "postgres.h"

#include <setjmp.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"

#include "backend_stubs.h"
#include "outcome.h"
#include "score_pair.h"
#include "staff_ratio.h"

extern Datum iapt_outcome_in(PG_FUNCTION_ARGS);
extern Datum iapt_outcome_out(PG_FUNCTION_ARGS);
extern Datum iapt_outcome_recv(PG_FUNCTION_ARGS);
extern Datum iapt_outcome_send(PG_FUNCTION_ARGS);
extern Datum iapt_score_pair_in(PG_FUNCTION_ARGS);
extern Datum iapt_score_pair_out(PG_FUNCTION_ARGS);
extern Datum iapt_score_pair_recv(PG_FUNCTION_ARGS);
extern Datum iapt_score_pair_send(PG_FUNCTION_ARGS);
extern Datum iapt_staff_ratio_in(PG_FUNCTION_ARGS);
extern Datum iapt_staff_ratio_out(PG_FUNCTION_ARGS);
extern Datum iapt_staff_ratio_recv(PG_FUNCTION_ARGS);
extern Datum iapt_staff_ratio_send(PG_FUNCTION_ARGS);
extern Datum iapt_outcome_counts_serialize(PG_FUNCTION_ARGS);
extern Datum iapt_outcome_counts_deserialize(PG_FUNCTION_ARGS);
extern Datum iapt_compare_rates_serialize(PG_FUNCTION_ARGS);
extern Datum iapt_compare_rates_deserialize(PG_FUNCTION_ARGS);
extern Datum iapt_inequality_serialize(PG_FUNCTION_ARGS);
extern Datum iapt_inequality_deserialize(PG_FUNCTION_ARGS);
extern Datum iapt_projected_wait_serialize(PG_FUNCTION_ARGS);
extern Datum iapt_projected_wait_deserialize(PG_FUNCTION_ARGS);

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct TypeFunctions
{
	const char *name;
	PGFunction	in;
	PGFunction	out;
	PGFunction	recv;
	PGFunction	send;
	bool		by_value;
	Size		size;			/* of the pointed-to value, when by reference */
} TypeFunctions;

static const TypeFunctions types[] = {
	{"outcome", iapt_outcome_in, iapt_outcome_out, iapt_outcome_recv, iapt_outcome_send, true, 0},
	{"score_pair", iapt_score_pair_in, iapt_score_pair_out, iapt_score_pair_recv, iapt_score_pair_send,
	false, sizeof(ScorePair)},
	{"staff_ratio", iapt_staff_ratio_in, iapt_staff_ratio_out, iapt_staff_ratio_recv, iapt_staff_ratio_send,
	false, sizeof(StaffRatio)},
};

typedef struct StateFunctions
{
	const char *name;
	PGFunction	serialize;
	PGFunction	deserialize;
} StateFunctions;

static const StateFunctions states[] = {
	{"outcome_counts", iapt_outcome_counts_serialize, iapt_outcome_counts_deserialize},
	{"compare_rates", iapt_compare_rates_serialize, iapt_compare_rates_deserialize},
	{"inequality", iapt_inequality_serialize, iapt_inequality_deserialize},
	{"projected_wait", iapt_projected_wait_serialize, iapt_projected_wait_deserialize},
};

static void
fail(const char *what, const char *detail)
{
	fprintf(stderr, "iapt_ews fuzz failure: %s: %s\n", what, detail);
	abort();
}

/*
 * Call fn with up to three non-null arguments; false when it raised an
 * error. The caller decides which errors are acceptable.
 */
static bool
try_call(PGFunction fn, int nargs, Datum a0, Datum a1, Datum a2, Datum *result)
{
	sigjmp_buf	local;
	sigjmp_buf *volatile saved = PG_exception_stack;
	LOCAL_FCINFO(fcinfo, 3);

	InitFunctionCallInfoData(*fcinfo, NULL, nargs, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = a0;
	fcinfo->args[1].value = a1;
	fcinfo->args[2].value = a2;
	for (int i = 0; i < 3; i++)
		fcinfo->args[i].isnull = false;

	if (sigsetjmp(local, 0) != 0)
	{
		PG_exception_stack = saved;
		return false;
	}
	PG_exception_stack = &local;
	*result = fn(fcinfo);
	PG_exception_stack = saved;
	if (fcinfo->isnull)
		fail("a function returned NULL", "");
	return true;
}

/* Internal errors from what users can reach are bugs. */
static void
require_user_error(const char *name, const char *which)
{
	if (stub_error.sqlerrcode == ERRCODE_INTERNAL_ERROR)
	{
		char		detail[700];

		snprintf(detail, sizeof(detail), "%s_%s raised an internal error: %s",
				 name, which, stub_error.message);
		fail("internal error", detail);
	}
}

static bool
same_value(const TypeFunctions *t, Datum a, Datum b)
{
	if (t->by_value)
		return a == b;
	return memcmp(DatumGetPointer(a), DatumGetPointer(b), t->size) == 0;
}

static Datum
call_in(const TypeFunctions *t, const char *text, bool *ok)
{
	Datum		value = 0;

	*ok = try_call(t->in, 3, CStringGetDatum(text), ObjectIdGetDatum(InvalidOid),
				   Int32GetDatum(-1), &value);
	if (!*ok)
		require_user_error(t->name, "in");
	return value;
}

static char *
call_out(const TypeFunctions *t, Datum value)
{
	Datum		text;

	if (!try_call(t->out, 1, value, 0, 0, &text))
		fail("an output function raised an error", stub_error.message);
	return DatumGetCString(text);
}

/* A recv buffer as the server hands it over: its own allocation, NUL after the end. */
static StringInfoData
message_of(const uint8_t *data, size_t size)
{
	StringInfoData buf;

	buf.data = palloc(size + 1);
	memcpy(buf.data, data, size);
	buf.data[size] = '\0';
	buf.len = buf.maxlen = (int) size;
	buf.cursor = 0;
	return buf;
}

/* Whatever was accepted prints, parses back to itself, and sends and receives to itself. */
static void
check_round_trips(const TypeFunctions *t, Datum value)
{
	char	   *text = call_out(t, value);
	Datum		again;
	Datum		sent;
	StringInfoData buf;
	bool		ok;
	bytea	   *bytes;

	again = call_in(t, text, &ok);
	if (!ok)
		fail("the output of a value does not parse", text);
	if (!same_value(t, value, again))
		fail("the output of a value parses to another value", text);

	if (!try_call(t->send, 1, value, 0, 0, &sent))
		fail("a send function raised an error", stub_error.message);
	bytes = DatumGetByteaPP(sent);
	buf = message_of((const uint8_t *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes));
	if (!try_call(t->recv, 3, PointerGetDatum(&buf), ObjectIdGetDatum(InvalidOid),
				  Int32GetDatum(-1), &again))
		fail("what send wrote, recv refused", stub_error.message);
	if (buf.cursor != buf.len)
		fail("recv left bytes of what send wrote", text);
	if (!same_value(t, value, again))
		fail("send and recv changed a value", text);
}

static void
fuzz_text(const TypeFunctions *t, const uint8_t *data, size_t size)
{
	char	   *text = palloc(size + 1);
	Datum		value;
	bool		ok;

	memcpy(text, data, size);
	text[size] = '\0';
	value = call_in(t, text, &ok);
	if (ok)
		check_round_trips(t, value);
}

/* First byte: which type; the rest: the message. */
static void
fuzz_binary(const uint8_t *data, size_t size)
{
	const TypeFunctions *t;
	StringInfoData buf;
	Datum		value;

	if (size < 1)
		return;
	t = &types[data[0] % lengthof(types)];
	buf = message_of(data + 1, size - 1);
	if (!try_call(t->recv, 3, PointerGetDatum(&buf), ObjectIdGetDatum(InvalidOid),
				  Int32GetDatum(-1), &value))
	{
		require_user_error(t->name, "recv");
		return;
	}
	if (buf.cursor > buf.len)
		fail("recv read past the message", t->name);
	check_round_trips(t, value);
}

static bytea *
bytea_of(const uint8_t *data, size_t size)
{
	bytea	   *b = palloc(VARHDRSZ + size);

	SET_VARSIZE(b, VARHDRSZ + size);
	memcpy(VARDATA(b), data, size);
	return b;
}

/*
 * First byte: which aggregate; the rest: a serialized state. These are
 * reached only from inside a parallel aggregate, so any clean user error is
 * fine, but not an internal error (XX000): a malformed state must be
 * refused as invalid binary data (22P03), like a bad COPY BINARY value. A
 * state that was accepted must serialize to bytes that deserialize and
 * serialize to the same bytes again.
 */
static void
fuzz_state(const uint8_t *data, size_t size)
{
	const StateFunctions *s;
	Datum		state;
	Datum		bytes1;
	Datum		bytes2;

	if (size < 1)
		return;
	s = &states[data[0] % lengthof(states)];
	if (!try_call(s->deserialize, 2, PointerGetDatum(bytea_of(data + 1, size - 1)), 0, 0, &state))
	{
		require_user_error(s->name, "deserialize");
		return;
	}
	if (!try_call(s->serialize, 1, state, 0, 0, &bytes1))
		fail("serialize refused a state that deserialize made", s->name);
	if (!try_call(s->deserialize, 2, bytes1, 0, 0, &state))
		fail("deserialize refused what serialize wrote", s->name);
	if (!try_call(s->serialize, 1, state, 0, 0, &bytes2))
		fail("serialize refused a state that deserialize made", s->name);
	if (VARSIZE_ANY(DatumGetPointer(bytes1)) != VARSIZE_ANY(DatumGetPointer(bytes2)) ||
		memcmp(DatumGetPointer(bytes1), DatumGetPointer(bytes2), VARSIZE_ANY(DatumGetPointer(bytes1))) != 0)
		fail("serialize, deserialize, serialize is not stable", s->name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	stub_reset();
#if defined(FUZZ_OUTCOME_TEXT)
	fuzz_text(&types[0], data, size);
#elif defined(FUZZ_SCORE_PAIR_TEXT)
	fuzz_text(&types[1], data, size);
#elif defined(FUZZ_STAFF_RATIO_TEXT)
	fuzz_text(&types[2], data, size);
#elif defined(FUZZ_BINARY)
	fuzz_binary(data, size);
#elif defined(FUZZ_AGGREGATE_STATE)
	fuzz_state(data, size);
#else
#error "define one FUZZ_* target"
#endif
	stub_reset();
	return 0;
}
