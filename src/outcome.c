/*
 * The outcome type: one referral's result, and classify(), which builds it
 * from first and last scores, treatment sessions and whether the referral
 * has ended (docs/definitions.md, "Per referral").
 *
 * Text form, for example:
 *     finished, phq9 18->7, gad7 12->5
 *     ended, phq9 14, mi_alone 3.03->?
 * The state is open, ended (without a course of treatment) or finished
 * (ended after at least two treatment sessions). Each measure shows
 * `first->last` when paired (two scores on different contacts), a single
 * number when only one contact was scored, `first->?` or `?->last` when one
 * end is not recorded, and `?` when neither is.
 */
#include "postgres.h"

#include <ctype.h>

#include "export.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "decimal.h"
#include "measures.h"
#include "outcome.h"
#include "score_pair.h"

StaticAssertDecl(FLOAT8PASSBYVAL, "the outcome type is passed by value as 8 bytes");

/* A referral needs at least this many treatment contacts to finish (M076). */
#define FINISHING_SESSIONS 2

static inline uint64
bits(Outcome o, int shift, int width)
{
	return (o >> shift) & ((UINT64CONST(1) << width) - 1);
}

/* Scores are stored in the measure's recorded unit, facts hold hundredths. */
static inline int32
stored_to_hundredths(MeasureId id, uint64 stored)
{
	return iapt_measures[id].decimals == 0 ? (int32) stored * SCORE_UNIT : (int32) stored;
}

static inline uint64
hundredths_to_stored(MeasureId id, int32 hundredths)
{
	return iapt_measures[id].decimals == 0 ? hundredths / SCORE_UNIT : hundredths;
}

static uint64
pack_measure(const OutcomeMeasure *m, int first_shift, int last_shift, uint64 missing,
			 int paired_bit)
{
	uint64		packed = 0;

	packed |= (uint64) (m->has_first ? hundredths_to_stored(m->measure, m->first) : missing) << first_shift;
	packed |= (uint64) (m->has_last ? hundredths_to_stored(m->measure, m->last) : missing) << last_shift;
	if (m->paired)
		packed |= UINT64CONST(1) << paired_bit;
	return packed;
}

Outcome
outcome_pack(const OutcomeFacts *facts)
{
	Outcome		o = 0;

	o |= pack_measure(&facts->phq9, OUTCOME_PHQ_FIRST_SHIFT, OUTCOME_PHQ_LAST_SHIFT,
					  OUTCOME_PHQ_MISSING, OUTCOME_PHQ_PAIRED_BIT);
	o |= pack_measure(&facts->anxiety, OUTCOME_ANX_FIRST_SHIFT, OUTCOME_ANX_LAST_SHIFT,
					  OUTCOME_ANX_MISSING, OUTCOME_ANX_PAIRED_BIT);
	o |= (uint64) facts->anxiety.measure << OUTCOME_MEASURE_SHIFT;
	o |= (uint64) facts->state << OUTCOME_STATE_SHIFT;
	return o;
}

static void
unpack_measure(Outcome o, MeasureId id, int first_shift, int last_shift, int width,
			   uint64 missing, int paired_bit, OutcomeMeasure *m)
{
	uint64		first = bits(o, first_shift, width);
	uint64		last = bits(o, last_shift, width);

	m->measure = id;
	m->has_first = first != missing;
	m->has_last = last != missing;
	m->first = m->has_first ? stored_to_hundredths(id, first) : 0;
	m->last = m->has_last ? stored_to_hundredths(id, last) : 0;
	m->paired = bits(o, paired_bit, 1) != 0;
}

void
outcome_unpack(Outcome o, OutcomeFacts *facts)
{
	facts->state = (OutcomeState) bits(o, OUTCOME_STATE_SHIFT, OUTCOME_STATE_BITS);
	unpack_measure(o, MEASURE_PHQ9, OUTCOME_PHQ_FIRST_SHIFT, OUTCOME_PHQ_LAST_SHIFT,
				   OUTCOME_PHQ_BITS, OUTCOME_PHQ_MISSING, OUTCOME_PHQ_PAIRED_BIT,
				   &facts->phq9);
	unpack_measure(o, (MeasureId) bits(o, OUTCOME_MEASURE_SHIFT, OUTCOME_MEASURE_BITS),
				   OUTCOME_ANX_FIRST_SHIFT, OUTCOME_ANX_LAST_SHIFT, OUTCOME_ANX_BITS,
				   OUTCOME_ANX_MISSING, OUTCOME_ANX_PAIRED_BIT, &facts->anxiety);
}

/*
 * The flags of docs/definitions.md, "Per referral". Caseness at the start follows SQL's
 * three-valued logic: one first score at caseness makes the referral a case
 * whatever the other says; "not at caseness" needs both first scores below
 * caseness; with a first score missing and the other below caseness the
 * referral is neither (and stays in the recovery denominator). Change flags
 * need both measures paired.
 */
uint32
outcome_derive(Outcome o)
{
	OutcomeFacts f;
	uint32		flags = 0;
	bool		phq_first_case;
	bool		anx_first_case;

	outcome_unpack(o, &f);
	if (f.state != OUTCOME_OPEN)
		flags |= OF_ENDED;
	if (f.state == OUTCOME_FINISHED)
		flags |= OF_FINISHED;

	phq_first_case = f.phq9.has_first && measure_is_case(MEASURE_PHQ9, f.phq9.first);
	anx_first_case = f.anxiety.has_first && measure_is_case(f.anxiety.measure, f.anxiety.first);
	if (phq_first_case || anx_first_case)
		flags |= OF_CASE_AT_START;
	else if (f.phq9.has_first && f.anxiety.has_first)
		flags |= OF_NOT_CASE_AT_START;

	if (f.phq9.paired && f.anxiety.paired)
	{
		int32		phq_change = f.phq9.last - f.phq9.first;
		int32		anx_change = f.anxiety.last - f.anxiety.first;
		bool		phq_reliable = measure_is_reliable_change(MEASURE_PHQ9, phq_change);
		bool		anx_reliable = measure_is_reliable_change(f.anxiety.measure, anx_change);
		bool		decrease = (phq_reliable && phq_change < 0) || (anx_reliable && anx_change < 0);
		bool		increase = (phq_reliable && phq_change > 0) || (anx_reliable && anx_change > 0);

		flags |= OF_PAIRED;
		if ((flags & OF_CASE_AT_START) &&
			!measure_is_case(MEASURE_PHQ9, f.phq9.last) &&
			!measure_is_case(f.anxiety.measure, f.anxiety.last))
			flags |= OF_RECOVERED;
		if (decrease && !increase)
			flags |= OF_RELIABLY_IMPROVED;
		else if (increase && !decrease)
			flags |= OF_RELIABLY_DETERIORATED;
		else
			flags |= OF_NO_RELIABLE_CHANGE;
		if ((flags & OF_RECOVERED) && (flags & OF_RELIABLY_IMPROVED))
			flags |= OF_RELIABLY_RECOVERED;
	}
	return flags;
}

/*
 * Facts that no classification can produce: used by the text and binary
 * input functions, which must not accept what classify() cannot return.
 */
static const char *
measure_facts_problem(const OutcomeMeasure *m)
{
	const MeasureDef *def = &iapt_measures[m->measure];

	if (m->has_first && (m->first < def->min_score || m->first > def->max_score))
		return "A first score is out of the measure's range.";
	if (m->has_last && (m->last < def->min_score || m->last > def->max_score))
		return "A last score is out of the measure's range.";
	if (m->paired && !(m->has_first && m->has_last))
		return "A measure is paired without both scores.";
	if (!m->paired && m->has_first && m->has_last && m->first != m->last)
		return "A measure has two different scores that are not paired.";
	return NULL;
}

static void
check_binary_outcome(Outcome o)
{
	OutcomeFacts f;
	const char *problem = NULL;
	uint64		measure = bits(o, OUTCOME_MEASURE_SHIFT, OUTCOME_MEASURE_BITS);

	if ((o >> OUTCOME_USED_BITS) != 0)
		problem = "Bits beyond the 38 that an outcome uses are set.";
	else if (measure == MEASURE_PHQ9 || measure >= MEASURE_COUNT)
		problem = "The anxiety measure is not one of the catalogue's anxiety measures.";
	else if (bits(o, OUTCOME_STATE_SHIFT, OUTCOME_STATE_BITS) > OUTCOME_FINISHED)
		problem = "The episode state is not open, ended or finished.";
	else
	{
		/* Out-of-range stored scores unpack to out-of-range hundredths. */
		outcome_unpack(o, &f);
		problem = measure_facts_problem(&f.phq9);
		if (problem == NULL)
			problem = measure_facts_problem(&f.anxiety);
	}
	if (problem)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary outcome value %016" INT64_MODIFIER "x", o),
				 errdetail("%s", problem)));
}

/* ---------------------------------------------------------------- text I/O */

static const char *const state_words[] = {"open", "ended", "finished"};

static void
append_measure(StringInfo buf, const OutcomeMeasure *m)
{
	appendStringInfo(buf, ", %s ", iapt_measures[m->measure].code);
	if (!m->has_first && !m->has_last)
		appendStringInfoChar(buf, '?');
	else if (m->has_first && m->has_last && !m->paired)
		appendStringInfoString(buf, measure_score_text(m->measure, m->first));
	else
		appendStringInfo(buf, "%s->%s",
						 m->has_first ? measure_score_text(m->measure, m->first) : "?",
						 m->has_last ? measure_score_text(m->measure, m->last) : "?");
}

PG_FUNCTION_INFO_V1(iapt_outcome_out);
Datum
iapt_outcome_out(PG_FUNCTION_ARGS)
{
	OutcomeFacts f;
	StringInfoData buf;

	outcome_unpack(PG_GETARG_OUTCOME(0), &f);
	initStringInfo(&buf);
	appendStringInfoString(&buf, state_words[f.state]);
	append_measure(&buf, &f.phq9);
	append_measure(&buf, &f.anxiety);
	PG_RETURN_CSTRING(buf.data);
}

typedef struct OutcomeParser
{
	const char *input;			/* whole literal, for messages */
	const char *p;
} OutcomeParser;

static void pg_attribute_noreturn()
parse_error(OutcomeParser *ps, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type outcome: \"%s\"", ps->input),
			 errdetail("%s", detail),
			 errhint("An outcome looks like \"finished, phq9 18->7, gad7 12->5\": open, ended or finished, then phq9 and one anxiety measure, each \"first->last\", a single score, or \"?\".")));
}

static void
skip_spaces(OutcomeParser *ps)
{
	while (isspace((unsigned char) *ps->p))
		ps->p++;
}

/* A word of letters, digits and underscores; returns its length. */
static int
scan_word(OutcomeParser *ps, const char **start)
{
	skip_spaces(ps);
	*start = ps->p;
	while (isalnum((unsigned char) *ps->p) || *ps->p == '_')
		ps->p++;
	return ps->p - *start;
}

static void
expect_char(OutcomeParser *ps, char c, const char *detail)
{
	skip_spaces(ps);
	if (*ps->p != c)
		parse_error(ps, detail);
	ps->p++;
}

/* A score ("18", "3.03") or "?" (returns false); hundredths in *score. */
static bool
scan_score(OutcomeParser *ps, MeasureId id, int32 *score)
{
	int64		scaled = 0;
	int			decimals = 0;
	bool		any_digit = false;

	skip_spaces(ps);
	if (*ps->p == '?')
	{
		ps->p++;
		return false;
	}
	while (isdigit((unsigned char) *ps->p))
	{
		scaled = scaled * 10 + (*ps->p++ - '0');
		any_digit = true;
		if (scaled > 1000000)
			parse_error(ps, "A score has too many digits.");
	}
	if (*ps->p == '.')
	{
		ps->p++;
		while (isdigit((unsigned char) *ps->p))
		{
			if (++decimals > SCORE_SCALE_DIGITS && *ps->p != '0')
				parse_error(ps, "A score has more than two decimal places.");
			if (decimals <= SCORE_SCALE_DIGITS)
				scaled = scaled * 10 + (*ps->p - '0');
			ps->p++;
			any_digit = true;
		}
	}
	if (!any_digit)
		parse_error(ps, "Expected a score or \"?\".");
	for (; decimals < SCORE_SCALE_DIGITS; decimals++)
		scaled *= 10;
	*score = measure_score_from_scaled(id, scaled, SCORE_SCALE_DIGITS);
	return true;
}

static void
scan_measure_scores(OutcomeParser *ps, MeasureId id, OutcomeMeasure *m)
{
	m->measure = id;
	m->has_first = scan_score(ps, id, &m->first);
	skip_spaces(ps);
	if (ps->p[0] == '-' && ps->p[1] == '>')
	{
		ps->p += 2;
		m->has_last = scan_score(ps, id, &m->last);
		m->paired = m->has_first && m->has_last;
	}
	else
	{
		/* A single score is the first and the last, from one contact. */
		m->has_last = m->has_first;
		m->last = m->first;
		m->paired = false;
	}
}

PG_FUNCTION_INFO_V1(iapt_outcome_in);
Datum
iapt_outcome_in(PG_FUNCTION_ARGS)
{
	OutcomeParser ps;
	OutcomeFacts f = {0};
	const char *word;
	int			len;
	int			anxiety;
	bool		known_state = false;

	ps.input = PG_GETARG_CSTRING(0);
	ps.p = ps.input;

	len = scan_word(&ps, &word);
	for (int s = OUTCOME_OPEN; s <= OUTCOME_FINISHED; s++)
		if ((int) strlen(state_words[s]) == len && pg_strncasecmp(word, state_words[s], len) == 0)
		{
			f.state = (OutcomeState) s;
			known_state = true;
		}
	if (!known_state)
		parse_error(&ps, "An outcome starts with open, ended or finished.");

	expect_char(&ps, ',', "Expected \",\" after the state.");
	len = scan_word(&ps, &word);
	if (len != 4 || pg_strncasecmp(word, "phq9", 4) != 0)
		parse_error(&ps, "Expected phq9 after the state.");
	scan_measure_scores(&ps, MEASURE_PHQ9, &f.phq9);

	expect_char(&ps, ',', "Expected \",\" after the phq9 scores.");
	len = scan_word(&ps, &word);
	if (len == 0)
		parse_error(&ps, "Expected an anxiety measure after the phq9 scores.");
	anxiety = measure_find(word, len);
	if (anxiety < 0)
		parse_error(&ps, "Unknown anxiety measure; known measures: " KNOWN_MEASURES ".");
	if (anxiety == MEASURE_PHQ9)
		parse_error(&ps, "The anxiety measure cannot be phq9.");
	scan_measure_scores(&ps, (MeasureId) anxiety, &f.anxiety);

	skip_spaces(&ps);
	if (*ps.p != '\0')
		parse_error(&ps, "Unexpected text after the anxiety scores.");
	PG_RETURN_OUTCOME(outcome_pack(&f));
}

PG_FUNCTION_INFO_V1(iapt_outcome_recv);
Datum
iapt_outcome_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Outcome		o = (Outcome) pq_getmsgint64(buf);

	check_binary_outcome(o);
	PG_RETURN_OUTCOME(o);
}

PG_FUNCTION_INFO_V1(iapt_outcome_send);
Datum
iapt_outcome_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, (int64) PG_GETARG_OUTCOME(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------- classify */

static OutcomeState
episode_state(FunctionCallInfo fcinfo, int sessions_arg, int ended_arg)
{
	int32		sessions = PG_ARGISNULL(sessions_arg) ? 0 : PG_GETARG_INT32(sessions_arg);
	bool		ended = !PG_ARGISNULL(ended_arg) && PG_GETARG_BOOL(ended_arg);

	if (sessions < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("treatment sessions %d is out of range", sessions),
				 errdetail("A count of treatment sessions cannot be negative.")));
	if (!ended)
		return OUTCOME_OPEN;
	return sessions >= FINISHING_SESSIONS ? OUTCOME_FINISHED : OUTCOME_ENDED;
}

static MeasureId
anxiety_measure_arg(FunctionCallInfo fcinfo, int arg)
{
	MeasureId	id;

	if (PG_ARGISNULL(arg))
		return MEASURE_GAD7;
	id = measure_lookup_text(PG_GETARG_TEXT_PP(arg));
	if (id == MEASURE_PHQ9)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("phq9 is not an anxiety measure"),
				 errhint("Use gad7 or the anxiety disorder specific measure; iapt_ews.anxiety_measure(icd10) picks it from the provisional diagnosis.")));
	return id;
}

static void
numeric_scores_arg(FunctionCallInfo fcinfo, MeasureId id, int first_arg, int last_arg,
				   OutcomeMeasure *m)
{
	m->measure = id;
	m->has_first = !PG_ARGISNULL(first_arg);
	m->has_last = !PG_ARGISNULL(last_arg);
	if (m->has_first)
		m->first = measure_score_from_numeric(id, PG_GETARG_DATUM(first_arg));
	if (m->has_last)
		m->last = measure_score_from_numeric(id, PG_GETARG_DATUM(last_arg));
	m->paired = m->has_first && m->has_last;
}

/*
 * classify(phq9_first, phq9_last, anxiety_measure, anxiety_first,
 *          anxiety_last, treatment_sessions, ended)
 * NULL scores are "not recorded"; both scores given means a pair.
 */
PG_FUNCTION_INFO_V1(iapt_classify);
Datum
iapt_classify(PG_FUNCTION_ARGS)
{
	OutcomeFacts f;

	f.state = episode_state(fcinfo, 5, 6);
	numeric_scores_arg(fcinfo, MEASURE_PHQ9, 0, 1, &f.phq9);
	numeric_scores_arg(fcinfo, anxiety_measure_arg(fcinfo, 2), 3, 4, &f.anxiety);
	PG_RETURN_OUTCOME(outcome_pack(&f));
}

static void
score_pair_arg(FunctionCallInfo fcinfo, MeasureId id, int arg, OutcomeMeasure *m)
{
	m->measure = id;
	m->paired = false;
	m->has_first = m->has_last = !PG_ARGISNULL(arg);
	if (m->has_first)
	{
		ScorePair  *sp = PG_GETARG_SCORE_PAIR(arg);

		m->first = measure_score_from_scaled(id, sp->first, SCORE_PAIR_SCALE_DIGITS);
		m->last = measure_score_from_scaled(id, sp->last, SCORE_PAIR_SCALE_DIGITS);
		m->paired = score_pair_is_paired(sp);
	}
}

/* classify(phq9 score_pair, anxiety_measure, anxiety score_pair, sessions, ended) */
PG_FUNCTION_INFO_V1(iapt_classify_pairs);
Datum
iapt_classify_pairs(PG_FUNCTION_ARGS)
{
	OutcomeFacts f;

	f.state = episode_state(fcinfo, 3, 4);
	score_pair_arg(fcinfo, MEASURE_PHQ9, 0, &f.phq9);
	score_pair_arg(fcinfo, anxiety_measure_arg(fcinfo, 1), 2, &f.anxiety);
	PG_RETURN_OUTCOME(outcome_pack(&f));
}

/* --------------------------------------------------------------- accessors */

#define OUTCOME_FLAG_ACCESSOR(sqlname, flag) \
PG_FUNCTION_INFO_V1(iapt_outcome_##sqlname); \
Datum \
iapt_outcome_##sqlname(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL((outcome_derive(PG_GETARG_OUTCOME(0)) & (flag)) != 0); \
}

OUTCOME_FLAG_ACCESSOR(ended, OF_ENDED)
OUTCOME_FLAG_ACCESSOR(finished, OF_FINISHED)
OUTCOME_FLAG_ACCESSOR(paired, OF_PAIRED)
OUTCOME_FLAG_ACCESSOR(case_at_start, OF_CASE_AT_START)
OUTCOME_FLAG_ACCESSOR(not_case_at_start, OF_NOT_CASE_AT_START)
OUTCOME_FLAG_ACCESSOR(recovered, OF_RECOVERED)
OUTCOME_FLAG_ACCESSOR(reliably_improved, OF_RELIABLY_IMPROVED)
OUTCOME_FLAG_ACCESSOR(reliably_deteriorated, OF_RELIABLY_DETERIORATED)
OUTCOME_FLAG_ACCESSOR(no_reliable_change, OF_NO_RELIABLE_CHANGE)
OUTCOME_FLAG_ACCESSOR(reliably_recovered, OF_RELIABLY_RECOVERED)

PG_FUNCTION_INFO_V1(iapt_outcome_anxiety_measure);
Datum
iapt_outcome_anxiety_measure(PG_FUNCTION_ARGS)
{
	OutcomeFacts f;

	outcome_unpack(PG_GETARG_OUTCOME(0), &f);
	PG_RETURN_TEXT_P(cstring_to_text(iapt_measures[f.anxiety.measure].code));
}
