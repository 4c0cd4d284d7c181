/*
 * Values from warehouse tables, converted without raising: a date, a time
 * stamp, a whole number or a flag that does not convert is NULL. The views
 * over a warehouse's tables (create_reporting_views, bind_data_set) read
 * text columns through these, so one bad row can neither stop a report nor
 * put its text (another provider's, perhaps) into an error message. Only
 * plain ISO forms are accepted, whatever DateStyle says, and dates outside
 * 1990-2099 (the NHS Talking Therapies Data Set's) are NULL too.
 */
#include "postgres.h"

#include "export.h"
#include "fmgr.h"
#include "nodes/supportnodes.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#define FIRST_YEAR 1990
#define LAST_YEAR 2099

typedef struct TextCursor
{
	const char *p;
	const char *end;
} TextCursor;

static TextCursor
trimmed_cursor(text *value)
{
	TextCursor	c = {VARDATA_ANY(value), VARDATA_ANY(value) + VARSIZE_ANY_EXHDR(value)};

	while (c.p < c.end && (*c.p == ' ' || *c.p == '\t'))
		c.p++;
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t'))
		c.end--;
	return c;
}

/* Exactly `digits` decimal digits; false (cursor unchanged) otherwise. */
static bool
read_digits(TextCursor *c, int digits, int *value)
{
	int			v = 0;

	if (c->end - c->p < digits)
		return false;
	for (int i = 0; i < digits; i++)
	{
		if (c->p[i] < '0' || c->p[i] > '9')
			return false;
		v = v * 10 + (c->p[i] - '0');
	}
	c->p += digits;
	*value = v;
	return true;
}

static bool
read_char(TextCursor *c, char expected)
{
	if (c->p < c->end && *c->p == expected)
	{
		c->p++;
		return true;
	}
	return false;
}

/* YYYY-MM-DD within 1990-2099 and a real calendar day. */
static bool
read_iso_date(TextCursor *c, int *year, int *month, int *day)
{
	if (!read_digits(c, 4, year) || !read_char(c, '-') || !read_digits(c, 2, month) ||
		!read_char(c, '-') || !read_digits(c, 2, day))
		return false;
	if (*year < FIRST_YEAR || *year > LAST_YEAR || *month < 1 || *month > MONTHS_PER_YEAR || *day < 1)
		return false;
	return *day <= day_tab[isleap(*year)][*month - 1];
}

/* HH:MM[:SS[.fraction]] on a 24-hour clock. */
static bool
read_iso_time(TextCursor *c)
{
	int			hour,
				minute,
				second = 0;

	if (!read_digits(c, 2, &hour) || !read_char(c, ':') || !read_digits(c, 2, &minute))
		return false;
	if (read_char(c, ':'))
	{
		if (!read_digits(c, 2, &second))
			return false;
		if (read_char(c, '.'))
		{
			const char *start = c->p;

			while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && c->p - start < 6)
				c->p++;
			if (c->p == start)
				return false;
		}
	}
	return hour < HOURS_PER_DAY && minute < MINS_PER_HOUR && second < SECS_PER_MINUTE;
}

/* Z, +HH, +HHMM or +HH:MM (or -), within 15 hours. */
static bool
read_iso_zone(TextCursor *c)
{
	int			hours,
				minutes = 0;

	if (read_char(c, 'Z'))
		return true;
	if (!(read_char(c, '+') || read_char(c, '-')) || !read_digits(c, 2, &hours))
		return false;
	if (read_char(c, ':'))
	{
		if (!read_digits(c, 2, &minutes))
			return false;
	}
	else if (c->p < c->end && !read_digits(c, 2, &minutes))
		return false;
	return hours <= 15 && minutes < MINS_PER_HOUR;
}

/* What may follow the date of a time stamp: [ T]time[zone], to the end. */
static bool
read_iso_time_part(TextCursor *c)
{
	if (c->p == c->end)
		return true;
	if (!(read_char(c, ' ') || read_char(c, 'T')) || !read_iso_time(c))
		return false;
	if (c->p < c->end && !read_iso_zone(c))
		return false;
	return c->p == c->end;
}

PG_FUNCTION_INFO_V1(iapt_date_or_null);
Datum
iapt_date_or_null(PG_FUNCTION_ARGS)
{
	TextCursor	c = trimmed_cursor(PG_GETARG_TEXT_PP(0));
	int			year,
				month,
				day;

	if (!read_iso_date(&c, &year, &month, &day))
		PG_RETURN_NULL();
	/* A time after the date (as a time stamp's text has) is ignored. */
	if (!read_iso_time_part(&c))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(date2j(year, month, day) - POSTGRES_EPOCH_JDATE);
}

PG_FUNCTION_INFO_V1(iapt_timestamptz_or_null);
Datum
iapt_timestamptz_or_null(PG_FUNCTION_ARGS)
{
	text	   *value = PG_GETARG_TEXT_PP(0);
	TextCursor	c = trimmed_cursor(value);
	const char *start = c.p;
	int			year,
				month,
				day;
	char	   *checked;

	if (!read_iso_date(&c, &year, &month, &day))
		PG_RETURN_NULL();
	if (!read_iso_time_part(&c))
		PG_RETURN_NULL();
	/* The text is now known to be a valid ISO time stamp: the server's own
	 * input function reads it (and the session time zone when none is
	 * given), and cannot fail. */
	checked = pnstrdup(start, c.end - start);
	return DirectFunctionCall3(timestamptz_in, CStringGetDatum(checked),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

PG_FUNCTION_INFO_V1(iapt_time_or_null);
Datum
iapt_time_or_null(PG_FUNCTION_ARGS)
{
	TextCursor	c = trimmed_cursor(PG_GETARG_TEXT_PP(0));
	const char *start = c.p;
	char	   *checked;

	if (!read_iso_time(&c) || c.p != c.end)
		PG_RETURN_NULL();
	/* Known to be HH:MM[:SS[.ffffff]] within a day: time_in cannot fail. */
	checked = pnstrdup(start, c.end - start);
	return DirectFunctionCall3(time_in, CStringGetDatum(checked),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

PG_FUNCTION_INFO_V1(iapt_integer_or_null);
Datum
iapt_integer_or_null(PG_FUNCTION_ARGS)
{
	TextCursor	c = trimmed_cursor(PG_GETARG_TEXT_PP(0));
	bool		negative = false;
	int64		value = 0;

	if (read_char(&c, '-'))
		negative = true;
	else
		(void) read_char(&c, '+');
	if (c.p == c.end)
		PG_RETURN_NULL();
	for (; c.p < c.end; c.p++)
	{
		if (*c.p < '0' || *c.p > '9')
			PG_RETURN_NULL();
		value = value * 10 + (*c.p - '0');
		if (value > (int64) PG_INT32_MAX + 1)
			PG_RETURN_NULL();
	}
	if (negative)
		value = -value;
	if (value < PG_INT32_MIN || value > PG_INT32_MAX)
		PG_RETURN_NULL();
	PG_RETURN_INT32((int32) value);
}

PG_FUNCTION_INFO_V1(iapt_boolean_or_null);
Datum
iapt_boolean_or_null(PG_FUNCTION_ARGS)
{
	TextCursor	c = trimmed_cursor(PG_GETARG_TEXT_PP(0));
	bool		result;

	/* The server's own reading of booleans (true, yes, on, 1, t, ...). */
	if (c.p == c.end || !parse_bool_with_len(c.p, c.end - c.p, &result))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(result);
}

/*
 * identifier_problem(value): NULL when value can serve as a key of the
 * bound data set (PathwayID, CareContactId, OrgID_Provider, Person_ID,
 * UniqueSubmissionID ...), otherwise why not. A key is 1 to 64 letters,
 * digits and _ . / -: short enough for every index of a stored relation
 * (an over-long one failed the index row size check, 54000, and stopped
 * the refresh for every provider), and without the separators : and @
 * that the bound relations put between keys (PathwayID@provider,
 * PathwayID:CareContactId), so that joined keys stay unambiguous.
 */
#define IDENTIFIER_MAX_LENGTH 64

/* Why value is not an identifier, or NULL when it is one. */
static const char *
identifier_problem_of(text *value)
{
	const char *p = VARDATA_ANY(value);
	int			length = VARSIZE_ANY_EXHDR(value);

	if (length == 0)
		return "empty";
	if (length > IDENTIFIER_MAX_LENGTH)
		return "longer than 64 characters";
	for (int i = 0; i < length; i++)
	{
		char		ch = p[i];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			  ch == '_' || ch == '.' || ch == '/' || ch == '-'))
			return "not only letters, digits and _ . / -";
	}
	return NULL;
}

PG_FUNCTION_INFO_V1(iapt_identifier_problem);
Datum
iapt_identifier_problem(PG_FUNCTION_ARGS)
{
	const char *problem = identifier_problem_of(PG_GETARG_TEXT_PP(0));

	if (problem == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(problem));
}

/*
 * is_identifier(value): identifier_problem(value) IS NULL, as a filter the
 * planner can estimate. Almost every key of a warehouse is an identifier,
 * but a filter on an expression is estimated at a fraction of a percent,
 * and the bound views' joins above it were planned as nested loops that
 * re-ran a whole aggregate for each row (minutes on the demo). The support
 * function says what is true of real data: nearly every row passes.
 */
PG_FUNCTION_INFO_V1(iapt_is_identifier);
Datum
iapt_is_identifier(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(identifier_problem_of(PG_GETARG_TEXT_PP(0)) == NULL);
}

PG_FUNCTION_INFO_V1(iapt_is_identifier_support);
Datum
iapt_is_identifier_support(PG_FUNCTION_ARGS)
{
	Node	   *request = (Node *) PG_GETARG_POINTER(0);

	if (IsA(request, SupportRequestSelectivity))
	{
		SupportRequestSelectivity *req = (SupportRequestSelectivity *) request;

		req->selectivity = 0.999;
		PG_RETURN_POINTER(req);
	}
	PG_RETURN_POINTER(NULL);
}
