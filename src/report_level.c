/*
 * The report_level type: the level a key-metrics row is reported at
 * (national, region, icb, sub_icb, provider, service), as a 4-byte code
 * passed by value, ordered from the widest level to the narrowest.
 *
 * Text input reads a level's name in any case, white space around it
 * trimmed: the name itself (sub_icb) or its GroupType, the name NHS
 * England's dashboard gives it and organisation_level.group_type holds
 * (National, Region, ICB, Sub-ICB, Provider, Service); sub-ICB also with a
 * space or nothing between its words (sub icb, SubICB). Nothing else:
 * 'England' and 'CCG' are an organisation and an older organisation type
 * rather than a level's name, and 'ICBs' is a typo. A value it refuses is
 * a malformed literal (22P02) whose hint lists the levels, so that
 * WHERE level = 'ICBs' fails instead of finding no rows.
 *
 * Text output is the name, lower case (the text the column held when it
 * was text). The binary form is that text too, as an enum's label is, so
 * that a client reading every column in binary still reads a name.
 *
 * Equality, order and hashing are int4's on the code (sql/install/
 * 18-report-level.sql): the codes below are the order.
 */
#include "postgres.h"

#include "export.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"

typedef enum ReportLevel
{
	LEVEL_NATIONAL = 0,
	LEVEL_REGION,
	LEVEL_ICB,
	LEVEL_SUB_ICB,
	LEVEL_PROVIDER,
	LEVEL_SERVICE,
	LEVEL_COUNT
} ReportLevel;

/* The output names, by code. */
static const char *const level_names[LEVEL_COUNT] = {
	"national", "region", "icb", "sub_icb", "provider", "service"
};

/*
 * Each spelling the input takes, lower case; compared with the input
 * folded to lower case. A sub-ICB spelling stands for the four separators
 * ('_', '-', ' ', none).
 */
typedef struct LevelSpelling
{
	const char *spelling;
	ReportLevel level;
} LevelSpelling;

static const LevelSpelling spellings[] = {
	{"national", LEVEL_NATIONAL},
	{"region", LEVEL_REGION},
	{"icb", LEVEL_ICB},
	{"sub_icb", LEVEL_SUB_ICB},
	{"sub-icb", LEVEL_SUB_ICB},
	{"sub icb", LEVEL_SUB_ICB},
	{"subicb", LEVEL_SUB_ICB},
	{"provider", LEVEL_PROVIDER},
	{"service", LEVEL_SERVICE},
};

/* The longest spelling; anything longer is refused before it is folded. */
#define LONGEST_SPELLING 8

static inline bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void pg_attribute_noreturn()
level_syntax_error(const char *input, int len)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type report_level: \"%.*s\"", len, input),
			 errhint("The levels are national, region, icb, sub_icb, provider and service, in any case; "
					 "sub_icb also as Sub-ICB, sub icb or SubICB.")));
}

/*
 * The level input[0 .. len) names (the bytes need not end in a NUL: recv
 * reads a message buffer); an error when it names none.
 */
static ReportLevel
parse_level(const char *input, int len)
{
	int			start = 0;
	int			end = len;
	char		folded[LONGEST_SPELLING + 1];

	while (start < end && is_blank(input[start]))
		start++;
	while (end > start && is_blank(input[end - 1]))
		end--;
	if (end - start > LONGEST_SPELLING)
		level_syntax_error(input, len);
	/* ASCII folding only: every spelling is ASCII, and any other byte refuses. */
	for (int i = start; i < end; i++)
	{
		char		c = input[i];

		if (c == '\0')
			level_syntax_error(input, len);
		folded[i - start] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
	}
	folded[end - start] = '\0';
	for (size_t i = 0; i < lengthof(spellings); i++)
		if (strcmp(folded, spellings[i].spelling) == 0)
			return spellings[i].level;
	level_syntax_error(input, len);
}

static inline ReportLevel
checked_code(int32 code)
{
	/* Every stored value comes from parse_level; a bad code is corruption. */
	if (code < 0 || code >= LEVEL_COUNT)
		elog(ERROR, "invalid report_level code %d", code);
	return (ReportLevel) code;
}

PG_FUNCTION_INFO_V1(iapt_report_level_in);
Datum
iapt_report_level_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);

	PG_RETURN_INT32((int32) parse_level(input, (int) strlen(input)));
}

PG_FUNCTION_INFO_V1(iapt_report_level_out);
Datum
iapt_report_level_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(pstrdup(level_names[checked_code(PG_GETARG_INT32(0))]));
}

/* Binary input: the name as text (client encoding), read as the text input reads it. */
PG_FUNCTION_INFO_V1(iapt_report_level_recv);
Datum
iapt_report_level_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len;
	const char *name = pq_getmsgtext(buf, buf->len - buf->cursor, &len);

	PG_RETURN_INT32((int32) parse_level(name, len));
}

PG_FUNCTION_INFO_V1(iapt_report_level_send);
Datum
iapt_report_level_send(PG_FUNCTION_ARGS)
{
	const char *name = level_names[checked_code(PG_GETARG_INT32(0))];
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendtext(&buf, name, strlen(name));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
