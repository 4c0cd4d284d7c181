/*
 * score_pair and the aggregate pair_scores(recorded_at, score).
 *
 * The analyst's usual way to find each referral's first and last score is
 * two row_number() windows over a sort of every score. pair_scores keeps
 * only the current first and last in a fixed 40-byte state, needs no sort,
 * and combines partial states, so it runs in parallel plans. Ties at the
 * same time are broken by the higher score on both ends, which makes the
 * result independent of row order.
 *
 * Text form: 3.03 @ 2024-01-05 10:00:00+00 -> 2.3 @ 2024-03-01 09:00:00+00 (4 scores)
 */
#include "postgres.h"

#include <ctype.h>

#include "export.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "decimal.h"
#include "score_pair.h"
#include "aggregate_support.h"

/* Does (at_a, score_a) come before (at_b, score_b) as a first score? */
static inline bool
better_first(TimestampTz at_a, int64 score_a, TimestampTz at_b, int64 score_b)
{
	return at_a < at_b || (at_a == at_b && score_a > score_b);
}

/* Does (at_a, score_a) come after (at_b, score_b) as a last score? */
static inline bool
better_last(TimestampTz at_a, int64 score_a, TimestampTz at_b, int64 score_b)
{
	return at_a > at_b || (at_a == at_b && score_a > score_b);
}

static void
score_pair_add(ScorePair *sp, TimestampTz at, int64 score)
{
	if (sp->count == 0 || better_first(at, score, sp->first_at, sp->first))
	{
		sp->first_at = at;
		sp->first = score;
	}
	if (sp->count == 0 || better_last(at, score, sp->last_at, sp->last))
	{
		sp->last_at = at;
		sp->last = score;
	}
	sp->count++;
}

/* What no aggregation can produce; NULL when the value is consistent. */
static const char *
score_pair_problem(const ScorePair *sp)
{
	if (sp->count < 1)
		return "A score pair holds at least one score.";
	if (sp->first_at > sp->last_at)
		return "The first score is recorded after the last.";
	if (sp->first_at == sp->last_at && sp->first != sp->last)
		return "Scores recorded at the same time must be equal at both ends (the higher is kept).";
	if (sp->count == 1 && sp->first_at != sp->last_at)
		return "A single score cannot be recorded at two times.";
	if (TIMESTAMP_NOT_FINITE(sp->first_at) || TIMESTAMP_NOT_FINITE(sp->last_at))
		return "Scores must be recorded at finite times.";
	/* A time timestamptz cannot print would make the value impossible to output or dump. */
	if (!IS_VALID_TIMESTAMP(sp->first_at) || !IS_VALID_TIMESTAMP(sp->last_at))
		return "A recording time is outside the range of timestamp with time zone.";
	if (sp->first > DECIMAL_MAX_SCALED || sp->first < -DECIMAL_MAX_SCALED ||
		sp->last > DECIMAL_MAX_SCALED || sp->last < -DECIMAL_MAX_SCALED)
		return "A score is out of range.";
	return NULL;
}

static int64
score_from_numeric(Datum score)
{
	int64		scaled;

	switch (decimal_read_scaled(score, SCORE_PAIR_SCALE_DIGITS, &scaled))
	{
		case DECIMAL_OK:
			return scaled;
		case DECIMAL_TOO_PRECISE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("score %s has more than 4 decimal places", decimal_numeric_text(score)),
					 errdetail("pair_scores holds scores exactly, to 4 decimal places.")));
			break;
		case DECIMAL_NOT_FINITE:
		case DECIMAL_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("score %s is out of range", decimal_numeric_text(score)),
					 errdetail("pair_scores takes finite scores below 10^14 in absolute value.")));
			break;
	}
	pg_unreachable();
}

static void
check_recorded_at(TimestampTz at)
{
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("score recorded at %s is not a point in time",
						TIMESTAMP_IS_NOBEGIN(at) ? "-infinity" : "infinity"),
				 errdetail("pair_scores orders scores by a finite recording time.")));
}

/* ----------------------------------------------------------- the aggregate */

/*
 * The state to update in place. Outside an aggregate the argument could be
 * anyone's value (a column on a shared buffer), so that is refused. A
 * group's first state is made in the per-row memory: the executor copies a
 * new transition value into the aggregate's memory itself, so allocating it
 * there as well would leave a second, dead copy per group, and 500k groups
 * of those push the hash table past work_mem.
 */
static ScorePair *
transition_state(FunctionCallInfo fcinfo)
{
	(void) aggregate_memory(fcinfo, "pair_scores");
	if (!PG_ARGISNULL(0))
		return PG_GETARG_SCORE_PAIR(0);	/* ours, in the aggregate context */
	return palloc0(sizeof(ScorePair));
}

/*
 * One row of pair_scores: rows with a NULL time or score leave the state as
 * it is (NULL until the first usable row).
 */
static Datum
pair_scores_step(FunctionCallInfo fcinfo, bool numeric_score)
{
	ScorePair  *sp;
	TimestampTz at;
	int64		score;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	at = PG_GETARG_TIMESTAMPTZ(1);
	check_recorded_at(at);
	score = numeric_score ? score_from_numeric(PG_GETARG_DATUM(2))
		: (int64) PG_GETARG_INT32(2) * 10000;
	sp = transition_state(fcinfo);
	score_pair_add(sp, at, score);
	PG_RETURN_SCORE_PAIR(sp);
}

/* pair_scores(recorded_at timestamptz, score numeric) */
PG_FUNCTION_INFO_V1(iapt_pair_scores_transition);
Datum
iapt_pair_scores_transition(PG_FUNCTION_ARGS)
{
	return pair_scores_step(fcinfo, true);
}

/* pair_scores(recorded_at timestamptz, score integer): no numeric on the way. */
PG_FUNCTION_INFO_V1(iapt_pair_scores_transition_int4);
Datum
iapt_pair_scores_transition_int4(PG_FUNCTION_ARGS)
{
	return pair_scores_step(fcinfo, false);
}

/*
 * Combine two partial states. Strict: the executor passes the non-null
 * state through on its own, so both arguments are present here.
 */
PG_FUNCTION_INFO_V1(iapt_pair_scores_combine);
Datum
iapt_pair_scores_combine(PG_FUNCTION_ARGS)
{
	ScorePair  *a = PG_GETARG_SCORE_PAIR(0);
	ScorePair  *b = PG_GETARG_SCORE_PAIR(1);
	ScorePair  *result;

	if (AggCheckCallContext(fcinfo, NULL))
		result = a;				/* ours to change */
	else
	{
		result = palloc(sizeof(ScorePair));
		*result = *a;
	}
	if (better_first(b->first_at, b->first, result->first_at, result->first))
	{
		result->first_at = b->first_at;
		result->first = b->first;
	}
	if (better_last(b->last_at, b->last, result->last_at, result->last))
	{
		result->last_at = b->last_at;
		result->last = b->last;
	}
	result->count += b->count;
	PG_RETURN_SCORE_PAIR(result);
}

/* ------------------------------------------------------------------ I/O */

static void pg_attribute_noreturn()
score_pair_syntax_error(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type score_pair: \"%s\"", input),
			 errdetail("%s", detail),
			 errhint("A score pair looks like \"18 @ 2024-01-05 10:00+00 -> 7 @ 2024-03-01 09:00+00 (4 scores)\".")));
}

/* A decimal number of at most 4 decimal places, as value * 10^4. */
static int64
parse_score(const char *input, const char *text)
{
	const char *p = text;
	bool		negative = false;
	int64		scaled = 0;
	int			decimals = 0;
	bool		any_digit = false;

	while (isspace((unsigned char) *p))
		p++;
	if (*p == '-' || *p == '+')
		negative = (*p++ == '-');
	for (; isdigit((unsigned char) *p); p++)
	{
		scaled = scaled * 10 + (*p - '0');
		any_digit = true;
		/* The whole part alone already too large; keeps scaled far from overflow. */
		if (scaled > DECIMAL_MAX_SCALED / 10000)
			score_pair_syntax_error(input, "A score is out of range.");
	}
	if (*p == '.')
		for (p++; isdigit((unsigned char) *p); p++)
		{
			any_digit = true;
			if (++decimals > SCORE_PAIR_SCALE_DIGITS)
			{
				if (*p != '0')
					score_pair_syntax_error(input, "A score has more than 4 decimal places.");
				continue;
			}
			scaled = scaled * 10 + (*p - '0');
		}
	while (isspace((unsigned char) *p))
		p++;
	if (!any_digit || *p != '\0')
		score_pair_syntax_error(input, "Expected a score before \"@\".");
	for (; decimals < SCORE_PAIR_SCALE_DIGITS; decimals++)
		scaled *= 10;
	/* The same range as score_pair_problem, so that every value prints and parses back. */
	if (scaled > DECIMAL_MAX_SCALED)
		score_pair_syntax_error(input, "A score is out of range.");
	return negative ? -scaled : scaled;
}

/*
 * timestamptz_in raises datetime errors (22007, 22008); inside a score_pair
 * literal they are a malformed literal like any other.
 */
static TimestampTz
parse_timestamp(const char *input, char *text)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	TimestampTz at = 0;

	PG_TRY();
	{
		at = DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in,
													 CStringGetDatum(text),
													 ObjectIdGetDatum(InvalidOid),
													 Int32GetDatum(-1)));
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		score_pair_syntax_error(input, psprintf("Bad recording time \"%s\": %s.",
												text, edata->message));
	}
	PG_END_TRY();
	return at;
}

static char *
trim_spaces(char *text)
{
	char	   *end;

	while (isspace((unsigned char) *text))
		text++;
	end = text + strlen(text);
	while (end > text && isspace((unsigned char) end[-1]))
		*--end = '\0';
	return text;
}

/* "<score> @ <time>" */
static void
parse_end(const char *input, char *end, int64 *score, TimestampTz *at)
{
	char	   *sep = strchr(end, '@');

	if (sep == NULL)
		score_pair_syntax_error(input, "Each end is \"<score> @ <time>\".");
	*sep = '\0';
	*score = parse_score(input, end);
	*at = parse_timestamp(input, trim_spaces(sep + 1));
}

PG_FUNCTION_INFO_V1(iapt_score_pair_in);
Datum
iapt_score_pair_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char	   *copy = pstrdup(input);
	char	   *arrow = strstr(copy, "->");
	char	   *paren = strrchr(copy, '(');
	ScorePair  *sp = palloc0(sizeof(ScorePair));
	char	   *p;
	char	   *endptr;
	const char *problem;

	if (arrow == NULL || paren == NULL || paren < arrow)
		score_pair_syntax_error(input, "Expected \"<first> -> <last> (<n> scores)\".");
	*arrow = '\0';
	*paren = '\0';

	p = paren + 1;
	errno = 0;
	sp->count = strtoll(p, &endptr, 10);
	if (endptr == p || errno != 0)
		score_pair_syntax_error(input, "Expected the number of scores after \"(\".");
	p = endptr;
	while (isspace((unsigned char) *p))
		p++;
	if (strncmp(p, "scores", 6) == 0)
		p += 6;
	else if (strncmp(p, "score", 5) == 0)
		p += 5;
	while (isspace((unsigned char) *p))
		p++;
	if (*p != ')' || p[1 + strspn(p + 1, " \t\r\n")] != '\0')
		score_pair_syntax_error(input, "Expected \"(<n> scores)\" at the end.");

	parse_end(input, copy, &sp->first, &sp->first_at);
	parse_end(input, arrow + 2, &sp->last, &sp->last_at);
	problem = score_pair_problem(sp);
	if (problem)
		score_pair_syntax_error(input, problem);
	PG_RETURN_SCORE_PAIR(sp);
}

PG_FUNCTION_INFO_V1(iapt_score_pair_out);
Datum
iapt_score_pair_out(PG_FUNCTION_ARGS)
{
	ScorePair  *sp = PG_GETARG_SCORE_PAIR(0);
	char	   *first_at = DatumGetCString(DirectFunctionCall1(timestamptz_out,
															   TimestampTzGetDatum(sp->first_at)));
	char	   *last_at = DatumGetCString(DirectFunctionCall1(timestamptz_out,
															  TimestampTzGetDatum(sp->last_at)));

	PG_RETURN_CSTRING(psprintf("%s @ %s -> %s @ %s (" INT64_FORMAT " %s)",
							   decimal_to_cstring(sp->first, SCORE_PAIR_SCALE_DIGITS, 0),
							   first_at,
							   decimal_to_cstring(sp->last, SCORE_PAIR_SCALE_DIGITS, 0),
							   last_at,
							   sp->count, sp->count == 1 ? "score" : "scores"));
}

PG_FUNCTION_INFO_V1(iapt_score_pair_recv);
Datum
iapt_score_pair_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ScorePair  *sp = palloc(sizeof(ScorePair));
	const char *problem;

	sp->count = pq_getmsgint64(buf);
	sp->first_at = pq_getmsgint64(buf);
	sp->last_at = pq_getmsgint64(buf);
	sp->first = pq_getmsgint64(buf);
	sp->last = pq_getmsgint64(buf);
	problem = score_pair_problem(sp);
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary score_pair value"),
				 errdetail("%s", problem)));
	PG_RETURN_SCORE_PAIR(sp);
}

PG_FUNCTION_INFO_V1(iapt_score_pair_send);
Datum
iapt_score_pair_send(PG_FUNCTION_ARGS)
{
	ScorePair  *sp = PG_GETARG_SCORE_PAIR(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, sp->count);
	pq_sendint64(&buf, sp->first_at);
	pq_sendint64(&buf, sp->last_at);
	pq_sendint64(&buf, sp->first);
	pq_sendint64(&buf, sp->last);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ------------------------------------------------------------- accessors */

PG_FUNCTION_INFO_V1(iapt_score_pair_first_score);
Datum
iapt_score_pair_first_score(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(decimal_make_numeric(PG_GETARG_SCORE_PAIR(0)->first, SCORE_PAIR_SCALE_DIGITS, 0));
}

PG_FUNCTION_INFO_V1(iapt_score_pair_last_score);
Datum
iapt_score_pair_last_score(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(decimal_make_numeric(PG_GETARG_SCORE_PAIR(0)->last, SCORE_PAIR_SCALE_DIGITS, 0));
}

PG_FUNCTION_INFO_V1(iapt_score_pair_score_change);
Datum
iapt_score_pair_score_change(PG_FUNCTION_ARGS)
{
	ScorePair  *sp = PG_GETARG_SCORE_PAIR(0);

	PG_RETURN_DATUM(decimal_make_numeric(sp->last - sp->first, SCORE_PAIR_SCALE_DIGITS, 0));
}

PG_FUNCTION_INFO_V1(iapt_score_pair_first_recorded_at);
Datum
iapt_score_pair_first_recorded_at(PG_FUNCTION_ARGS)
{
	PG_RETURN_TIMESTAMPTZ(PG_GETARG_SCORE_PAIR(0)->first_at);
}

PG_FUNCTION_INFO_V1(iapt_score_pair_last_recorded_at);
Datum
iapt_score_pair_last_recorded_at(PG_FUNCTION_ARGS)
{
	PG_RETURN_TIMESTAMPTZ(PG_GETARG_SCORE_PAIR(0)->last_at);
}

PG_FUNCTION_INFO_V1(iapt_score_pair_score_count);
Datum
iapt_score_pair_score_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_SCORE_PAIR(0)->count);
}

PG_FUNCTION_INFO_V1(iapt_score_pair_paired);
Datum
iapt_score_pair_paired(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(score_pair_is_paired(PG_GETARG_SCORE_PAIR(0)));
}
