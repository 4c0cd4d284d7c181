/*
 * Values from warehouse tables, converted without raising: a date, a time
 * stamp, a whole number or a flag that does not convert is NULL. The views
 * over a warehouse's tables (create_reporting_views, bind_data_set) read
 * text columns through these, so one bad row can neither stop a report nor
 * put its text (another provider's, perhaps) into an error message.
 *
 * Dates and time stamps are read in the forms warehouses write, whatever
 * DateStyle says (each is unambiguous, so no setting can change a value):
 *
 *   ISO            YYYY-MM-DD[( |T)HH:MM[:SS[.f]][zone]]; SQL Server's
 *                  styles 120, 121 and ODBC (YYYY-MM-DD HH:MM:SS.fff) and
 *                  datetime2's text (seven digits of fraction) are this
 *                  form. Zone: Z, +HH, +HHMM, +HH:MM (or -), within 15 h.
 *   UK             D/M/YYYY, DD/MM/YYYY[ HH:MM[:SS[.f]]]: day first, always.
 *                  A US MM/DD text is never read: 01/13/2024 is NULL.
 *   SQL Server     Mon D YYYY[ H:MMAM]: the text of CONVERT style 0/100
 *                  (and of a datetime cast to varchar), English month
 *                  abbreviations in any case, the day and the hour padded
 *                  with blanks ('Apr  1 2024 12:00AM', 'Dec 31 2023  1:05PM'),
 *                  12-hour clock: 12:00AM is midnight, 12:00PM noon.
 *
 * A fraction has 1 to 9 digits and is cut (not rounded) to microseconds,
 * so that 23:59:59.9999999 stays in its day. A text without a zone is read
 * in the session time zone. The date must be a real calendar day of
 * 1990-2099 (the NHS Talking Therapies Data Set's range) or the value is
 * NULL.
 */
#include "postgres.h"

#include "export.h"
#include "fmgr.h"
#include "nodes/supportnodes.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#define FIRST_YEAR 1990
#define LAST_YEAR 2099
/* Digits of a fraction of a second read; more than 6 are cut off. */
#define MAX_FRACTION_DIGITS 9

typedef struct TextCursor
{
	const char *p;
	const char *end;
} TextCursor;

/* What a date or time stamp text says, once read. */
typedef struct WarehouseStamp
{
	int			year;
	int			month;
	int			day;
	int			hour;
	int			minute;
	int			second;
	fsec_t		fsec;			/* microseconds */
	bool		has_zone;
	int			zone_east;		/* seconds east of UTC, when has_zone */
} WarehouseStamp;

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

/*
 * At least `min` and at most `max` decimal digits, as many as there are;
 * false (cursor unchanged) when fewer than `min`. A digit right after the
 * `max`th is left for the caller, whose next separator then fails.
 */
static bool
read_digits_range(TextCursor *c, int min, int max, int *value)
{
	int			v = 0;
	int			n = 0;

	while (n < max && c->p + n < c->end && c->p[n] >= '0' && c->p[n] <= '9')
	{
		v = v * 10 + (c->p[n] - '0');
		n++;
	}
	if (n < min)
		return false;
	c->p += n;
	*value = v;
	return true;
}

/* Exactly `digits` decimal digits; false (cursor unchanged) otherwise. */
static bool
read_digits(TextCursor *c, int digits, int *value)
{
	return read_digits_range(c, digits, digits, value);
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

/* One or more blanks (spaces). */
static bool
read_blanks(TextCursor *c)
{
	if (!read_char(c, ' '))
		return false;
	while (read_char(c, ' '))
		;
	return true;
}

/* A real calendar day within 1990-2099. */
static bool
valid_day(int year, int month, int day)
{
	if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > MONTHS_PER_YEAR || day < 1)
		return false;
	return day <= day_tab[isleap(year)][month - 1];
}

/* YYYY-MM-DD. */
static bool
read_iso_date(TextCursor *c, WarehouseStamp *s)
{
	return read_digits(c, 4, &s->year) && read_char(c, '-') && read_digits(c, 2, &s->month) &&
		read_char(c, '-') && read_digits(c, 2, &s->day);
}

/* D/M/YYYY or DD/MM/YYYY (any mix of one and two digits): day first. */
static bool
read_uk_date(TextCursor *c, WarehouseStamp *s)
{
	return read_digits_range(c, 1, 2, &s->day) && read_char(c, '/') &&
		read_digits_range(c, 1, 2, &s->month) && read_char(c, '/') && read_digits(c, 4, &s->year);
}

/* Jan .. Dec in any case: the month, or 0. */
static int
read_month_abbreviation(TextCursor *c)
{
	static const char *const months[MONTHS_PER_YEAR] = {
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
	};

	if (c->end - c->p < 3)
		return 0;
	for (int m = 0; m < MONTHS_PER_YEAR; m++)
	{
		if (pg_ascii_tolower((unsigned char) c->p[0]) == months[m][0] &&
			pg_ascii_tolower((unsigned char) c->p[1]) == months[m][1] &&
			pg_ascii_tolower((unsigned char) c->p[2]) == months[m][2])
		{
			c->p += 3;
			return m + 1;
		}
	}
	return 0;
}

/* Mon D YYYY (SQL Server's style 0/100), blanks between. */
static bool
read_sql_server_date(TextCursor *c, WarehouseStamp *s)
{
	s->month = read_month_abbreviation(c);
	return s->month != 0 && read_blanks(c) && read_digits_range(c, 1, 2, &s->day) &&
		read_blanks(c) && read_digits(c, 4, &s->year);
}

/* .f: 1 to 9 digits, cut to microseconds. */
static bool
read_fraction(TextCursor *c, fsec_t *fsec)
{
	int			digits = 0;
	fsec_t		us = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && digits < MAX_FRACTION_DIGITS)
	{
		if (digits < 6)
			us = us * 10 + (*c->p - '0');
		digits++;
		c->p++;
	}
	if (digits == 0 || (c->p < c->end && *c->p >= '0' && *c->p <= '9'))
		return false;
	for (int d = digits; d < 6; d++)
		us *= 10;
	*fsec = us;
	return true;
}

/* HH:MM[:SS[.fraction]] on a 24-hour clock. */
static bool
read_iso_time(TextCursor *c, WarehouseStamp *s)
{
	s->second = 0;
	s->fsec = 0;
	if (!read_digits(c, 2, &s->hour) || !read_char(c, ':') || !read_digits(c, 2, &s->minute))
		return false;
	if (read_char(c, ':'))
	{
		if (!read_digits(c, 2, &s->second))
			return false;
		if (read_char(c, '.') && !read_fraction(c, &s->fsec))
			return false;
	}
	return s->hour < HOURS_PER_DAY && s->minute < MINS_PER_HOUR && s->second < SECS_PER_MINUTE;
}

/* H:MMAM or HH:MMPM (a blank before AM/PM allowed): 12:00AM is midnight. */
static bool
read_12_hour_time(TextCursor *c, WarehouseStamp *s)
{
	bool		pm;

	s->second = 0;
	s->fsec = 0;
	if (!read_digits_range(c, 1, 2, &s->hour) || !read_char(c, ':') || !read_digits(c, 2, &s->minute))
		return false;
	(void) read_char(c, ' ');
	if (c->end - c->p < 2 || pg_ascii_tolower((unsigned char) c->p[1]) != 'm')
		return false;
	switch (pg_ascii_tolower((unsigned char) c->p[0]))
	{
		case 'a':
			pm = false;
			break;
		case 'p':
			pm = true;
			break;
		default:
			return false;
	}
	c->p += 2;
	if (s->hour < 1 || s->hour > 12 || s->minute >= MINS_PER_HOUR)
		return false;
	s->hour = s->hour % 12 + (pm ? 12 : 0);
	return true;
}

/* Z, +HH, +HHMM or +HH:MM (or -), within 15 hours. */
static bool
read_iso_zone(TextCursor *c, WarehouseStamp *s)
{
	int			hours,
				minutes = 0;
	bool		west;

	s->has_zone = true;
	s->zone_east = 0;
	if (read_char(c, 'Z'))
		return true;
	if (read_char(c, '+'))
		west = false;
	else if (read_char(c, '-'))
		west = true;
	else
		return false;
	if (!read_digits(c, 2, &hours))
		return false;
	if (read_char(c, ':'))
	{
		if (!read_digits(c, 2, &minutes))
			return false;
	}
	else if (c->p < c->end && !read_digits(c, 2, &minutes))
		return false;
	if (hours > 15 || minutes >= MINS_PER_HOUR)
		return false;
	s->zone_east = (west ? -1 : 1) * (hours * SECS_PER_HOUR + minutes * SECS_PER_MINUTE);
	return true;
}

/* ISO: the date, then nothing or [ T]time[zone], to the end. */
static bool
read_iso_stamp(TextCursor *c, WarehouseStamp *s)
{
	if (!read_iso_date(c, s))
		return false;
	if (c->p == c->end)
		return true;
	if (!(read_char(c, ' ') || read_char(c, 'T')) || !read_iso_time(c, s))
		return false;
	if (c->p < c->end && !read_iso_zone(c, s))
		return false;
	return c->p == c->end;
}

/* UK: the date, then nothing or blanks and a 24-hour time, to the end. */
static bool
read_uk_stamp(TextCursor *c, WarehouseStamp *s)
{
	if (!read_uk_date(c, s))
		return false;
	if (c->p == c->end)
		return true;
	return read_blanks(c) && read_iso_time(c, s) && c->p == c->end;
}

/* SQL Server: the date, then nothing or blanks and a 12-hour time. */
static bool
read_sql_server_stamp(TextCursor *c, WarehouseStamp *s)
{
	if (!read_sql_server_date(c, s))
		return false;
	if (c->p == c->end)
		return true;
	return read_blanks(c) && read_12_hour_time(c, s) && c->p == c->end;
}

/*
 * The date and time a text says in one of the forms above, or false. The
 * forms start differently (four digits and '-', one or two digits and '/',
 * a letter), so at most one can match.
 */
static bool
read_warehouse_stamp(text *value, WarehouseStamp *s)
{
	TextCursor	start = trimmed_cursor(value);
	TextCursor	c;

	memset(s, 0, sizeof(*s));
	c = start;
	if (read_iso_stamp(&c, s))
		return valid_day(s->year, s->month, s->day);
	memset(s, 0, sizeof(*s));
	c = start;
	if (read_uk_stamp(&c, s))
		return valid_day(s->year, s->month, s->day);
	memset(s, 0, sizeof(*s));
	c = start;
	if (read_sql_server_stamp(&c, s))
		return valid_day(s->year, s->month, s->day);
	return false;
}

PG_FUNCTION_INFO_V1(iapt_date_or_null);
Datum
iapt_date_or_null(PG_FUNCTION_ARGS)
{
	WarehouseStamp s;

	/* A time after the date (as a time stamp's text has) is ignored. */
	if (!read_warehouse_stamp(PG_GETARG_TEXT_PP(0), &s))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(date2j(s.year, s.month, s.day) - POSTGRES_EPOCH_JDATE);
}

PG_FUNCTION_INFO_V1(iapt_timestamptz_or_null);
Datum
iapt_timestamptz_or_null(PG_FUNCTION_ARGS)
{
	WarehouseStamp s;
	struct pg_tm tm;
	int			tz;
	TimestampTz result;

	if (!read_warehouse_stamp(PG_GETARG_TEXT_PP(0), &s))
		PG_RETURN_NULL();
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = s.year;
	tm.tm_mon = s.month;
	tm.tm_mday = s.day;
	tm.tm_hour = s.hour;
	tm.tm_min = s.minute;
	tm.tm_sec = s.second;
	/* As timestamptz_in: tz is seconds west of UTC; without a zone in the
	 * text, the session time zone's offset at that local time. */
	tz = s.has_zone ? -s.zone_east : DetermineTimeZoneOffset(&tm, session_timezone);
	/* A real day of 1990-2099 with a valid time: this cannot fail. */
	if (tm2timestamp(&tm, s.fsec, &tz, &result) != 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(result);
}

PG_FUNCTION_INFO_V1(iapt_time_or_null);
Datum
iapt_time_or_null(PG_FUNCTION_ARGS)
{
	TextCursor	c = trimmed_cursor(PG_GETARG_TEXT_PP(0));
	WarehouseStamp s;

	memset(&s, 0, sizeof(s));
	if (!read_iso_time(&c, &s) || c.p != c.end)
		PG_RETURN_NULL();
	PG_RETURN_TIMEADT((((int64) s.hour * MINS_PER_HOUR + s.minute) * SECS_PER_MINUTE + s.second) * USECS_PER_SEC
					  + s.fsec);
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
