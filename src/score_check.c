/*
 * Lenient reading of scores from warehouse data: score_problem() says why a
 * score cannot be used (or NULL when it can) and score_value() gives the
 * score or NULL, both without raising. Views over warehouse tables leave a
 * bad score out and count it (data_quality) instead of aborting the report;
 * classify() and is_case() stay strict.
 */
#include "postgres.h"

#include "export.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "decimal.h"
#include "measures.h"

typedef enum ScoreProblem
{
	SCORE_USABLE = 0,
	SCORE_UNKNOWN_MEASURE,
	SCORE_NOT_A_NUMBER,
	SCORE_OUT_OF_RANGE,
	SCORE_TOO_PRECISE
} ScoreProblem;

static const char *const score_problem_text[] = {
	[SCORE_USABLE] = NULL,
	[SCORE_UNKNOWN_MEASURE] = "unknown measure",
	[SCORE_NOT_A_NUMBER] = "not a number",
	[SCORE_OUT_OF_RANGE] = "out of range",
	[SCORE_TOO_PRECISE] = "more decimal places than the measure records",
};

/* Whole digits a score may have before it is out of every range. */
#define SCORE_MAX_WHOLE_DIGITS 9

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Parse a plain decimal ("18", " 2.30 ", "-1", ".5") into hundredths. Text
 * that is not such a number (NA, 1e3, 12abc, empty) is SCORE_NOT_A_NUMBER;
 * digits past the hundredths that are not zeros make it too precise.
 */
static ScoreProblem
parse_hundredths(const char *s, int len, int64 *hundredths)
{
	int			i = 0;
	bool		negative = false;
	int			whole_digits = 0;
	int			fraction_digits = 0;
	int64		value = 0;
	bool		extra_precision = false;

	while (i < len && is_blank(s[i]))
		i++;
	while (len > i && is_blank(s[len - 1]))
		len--;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		negative = (s[i++] == '-');
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
	{
		if (value == 0 && s[i] == '0')
			continue;			/* leading zeros do not count as digits */
		if (++whole_digits > SCORE_MAX_WHOLE_DIGITS)
			return SCORE_OUT_OF_RANGE;
		value = value * 10 + (s[i] - '0');
	}
	if (i < len && s[i] == '.')
	{
		bool		any_digit = (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9');

		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		{
			any_digit = true;
			if (fraction_digits < SCORE_SCALE_DIGITS)
			{
				value = value * 10 + (s[i] - '0');
				fraction_digits++;
			}
			else if (s[i] != '0')
				extra_precision = true;
		}
		if (!any_digit)
			return SCORE_NOT_A_NUMBER;
	}
	else if (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9'))
		return SCORE_NOT_A_NUMBER;
	if (i != len)
		return SCORE_NOT_A_NUMBER;
	for (; fraction_digits < SCORE_SCALE_DIGITS; fraction_digits++)
		value *= 10;
	if (extra_precision)
		return SCORE_TOO_PRECISE;
	*hundredths = negative ? -value : value;
	return SCORE_USABLE;
}

static ScoreProblem
check_against_measure(int measure, int64 hundredths)
{
	const MeasureDef *m = &iapt_measures[measure];

	if (hundredths < m->min_score || hundredths > m->max_score)
		return SCORE_OUT_OF_RANGE;
	if (m->decimals == 0 && hundredths % SCORE_UNIT != 0)
		return SCORE_TOO_PRECISE;
	return SCORE_USABLE;
}

/* *measure is the measure's id when it is known (-1 otherwise). */
static ScoreProblem
check_text_score(text *measure_code, text *score, int *measure, int64 *hundredths)
{
	ScoreProblem problem;

	*measure = measure_find(VARDATA_ANY(measure_code), VARSIZE_ANY_EXHDR(measure_code));
	if (*measure < 0)
		return SCORE_UNKNOWN_MEASURE;
	problem = parse_hundredths(VARDATA_ANY(score), VARSIZE_ANY_EXHDR(score), hundredths);
	if (problem != SCORE_USABLE)
		return problem;
	return check_against_measure(*measure, *hundredths);
}

static ScoreProblem
check_numeric_score(text *measure_code, Datum score)
{
	int			measure = measure_find(VARDATA_ANY(measure_code), VARSIZE_ANY_EXHDR(measure_code));
	int64		hundredths;

	if (measure < 0)
		return SCORE_UNKNOWN_MEASURE;
	switch (decimal_read_scaled(score, SCORE_SCALE_DIGITS, &hundredths))
	{
		case DECIMAL_OK:
			return check_against_measure(measure, hundredths);
		case DECIMAL_TOO_PRECISE:
			return SCORE_TOO_PRECISE;
		case DECIMAL_NOT_FINITE:
			return SCORE_NOT_A_NUMBER;
		case DECIMAL_OUT_OF_RANGE:
			return SCORE_OUT_OF_RANGE;
	}
	return SCORE_NOT_A_NUMBER;	/* not reached */
}

static Datum
problem_datum(ScoreProblem problem, bool *isnull)
{
	*isnull = (problem == SCORE_USABLE);
	return *isnull ? (Datum) 0 : CStringGetTextDatum(score_problem_text[problem]);
}

PG_FUNCTION_INFO_V1(iapt_score_problem_text);
Datum
iapt_score_problem_text(PG_FUNCTION_ARGS)
{
	int			measure;
	int64		hundredths;
	ScoreProblem problem = check_text_score(PG_GETARG_TEXT_PP(0), PG_GETARG_TEXT_PP(1), &measure, &hundredths);

	return problem_datum(problem, &fcinfo->isnull);
}

PG_FUNCTION_INFO_V1(iapt_score_problem_numeric);
Datum
iapt_score_problem_numeric(PG_FUNCTION_ARGS)
{
	ScoreProblem problem = check_numeric_score(PG_GETARG_TEXT_PP(0), PG_GETARG_DATUM(1));

	return problem_datum(problem, &fcinfo->isnull);
}

PG_FUNCTION_INFO_V1(iapt_score_value);
Datum
iapt_score_value(PG_FUNCTION_ARGS)
{
	int64		hundredths;
	int			measure;

	/* The measure is looked up once, by the check. */
	if (check_text_score(PG_GETARG_TEXT_PP(0), PG_GETARG_TEXT_PP(1), &measure, &hundredths) != SCORE_USABLE)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(decimal_make_numeric(hundredths, SCORE_SCALE_DIGITS, iapt_measures[measure].decimals));
}
