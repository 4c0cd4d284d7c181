/*
 * Employment outcomes (docs/definitions.md, "Employment status and
 * support" and "WSAS"): the class of an employment status at one point,
 * the outcome from the first to the last status, and the Work and Social
 * Adjustment Scale (WSAS) total.
 */
#include "postgres.h"

#include <ctype.h>

#include "catalog/pg_type.h"
#include "export.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

typedef enum EmploymentClass
{
	EMPLOYMENT_IN_WORK,
	EMPLOYMENT_OFF_SICK,
	EMPLOYMENT_NOT_EMPLOYED,
	EMPLOYMENT_STUDENT,
	EMPLOYMENT_UNKNOWN
} EmploymentClass;

static const char *const class_names[] = {
	"in work", "off sick", "not employed", "student", "unknown"
};

#define STATUS_CODES "01 employed, 02 unemployed and seeking work, 03 student, 04 long-term sick or disabled, 05 homemaker, 06 not working or seeking work and not receiving benefits, 07 unpaid voluntary work, 08 retired, ZZ not stated"

/* Copy a short code, blanks trimmed and upper-cased; false if too long. */
static bool
read_code(text *t, char *code, int size)
{
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	int			n = 0;

	while (len > 0 && isspace((unsigned char) *s))
		s++, len--;
	while (len > 0 && isspace((unsigned char) s[len - 1]))
		len--;
	if (len >= size)
		return false;
	for (; n < len; n++)
		code[n] = pg_toupper((unsigned char) s[n]);
	code[n] = '\0';
	return true;
}

/*
 * status: the data dictionary's employment status; sick: sickness absence
 * (Y, N, 8 not applicable, Z not stated, X not known). NULL arguments mean
 * not recorded. Z and X are answers the data set allows (NHS England's
 * Employment Support Dashboard, Step 1.1.sql lines 115-121, decodes them
 * as "Not Stated" and "Not Known"), so they give 'unknown' for someone
 * employed instead of an error; U, the "not known" of the benefit
 * indicators, is read the same way in case a source uses it here. Only a
 * code outside every list is an error. Students (03) are a class of their
 * own because NHS England reports them apart (Step 1.3.sql).
 */
static EmploymentClass
employment_class_of(text *status, text *sick)
{
	char		code[4];
	char		absence[4] = "";
	bool		known_status;

	if (status == NULL)
		return EMPLOYMENT_UNKNOWN;
	known_status = read_code(status, code, sizeof(code)) &&
		((strlen(code) == 2 && code[0] == '0' && code[1] >= '1' && code[1] <= '8') ||
		 strcmp(code, "ZZ") == 0);
	if (!known_status)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown employment status \"%s\"", text_to_cstring(status)),
				 errhint("Employment status codes: " STATUS_CODES ".")));
	if (sick != NULL &&
		(!read_code(sick, absence, sizeof(absence)) ||
		 !(strcmp(absence, "Y") == 0 || strcmp(absence, "N") == 0 || strcmp(absence, "8") == 0 ||
		   strcmp(absence, "Z") == 0 || strcmp(absence, "X") == 0 || strcmp(absence, "U") == 0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown sickness absence indicator \"%s\"", text_to_cstring(sick)),
				 errhint("Sickness absence: Y (yes), N (no), 8 (not applicable), Z (not stated), X or U (not known).")));

	if (strcmp(code, "ZZ") == 0)
		return EMPLOYMENT_UNKNOWN;
	if (strcmp(code, "03") == 0)
		return EMPLOYMENT_STUDENT;
	if (strcmp(code, "01") != 0)
		return EMPLOYMENT_NOT_EMPLOYED;
	if (strcmp(absence, "N") == 0)
		return EMPLOYMENT_IN_WORK;
	if (strcmp(absence, "Y") == 0)
		return EMPLOYMENT_OFF_SICK;
	return EMPLOYMENT_UNKNOWN;	/* employed, absence not recorded, 8, Z, X or U */
}

#define TEXT_ARG_OR_NULL(n) (PG_ARGISNULL(n) ? NULL : PG_GETARG_TEXT_PP(n))

PG_FUNCTION_INFO_V1(iapt_employment_class);
Datum
iapt_employment_class(PG_FUNCTION_ARGS)
{
	EmploymentClass c = employment_class_of(TEXT_ARG_OR_NULL(0), TEXT_ARG_OR_NULL(1));

	PG_RETURN_TEXT_P(cstring_to_text(class_names[c]));
}

/*
 * From the first status to the last:
 *
 *   first \ last    in work            off sick     not employed
 *   in work         retained work      no change    lost work
 *   off sick        returned to work   no change    lost work
 *   not employed    entered work       no change    no change
 *
 * and 'unknown' when either end is unknown. (Employed and off sick at the
 * end is still employed: the job is kept, so it is no change, not a loss.)
 * A student counts as not employed here: the class keeps students apart,
 * the move into or out of work is the same.
 */
PG_FUNCTION_INFO_V1(iapt_employment_outcome);
Datum
iapt_employment_outcome(PG_FUNCTION_ARGS)
{
	EmploymentClass first = employment_class_of(TEXT_ARG_OR_NULL(0), TEXT_ARG_OR_NULL(1));
	EmploymentClass last = employment_class_of(TEXT_ARG_OR_NULL(2), TEXT_ARG_OR_NULL(3));
	const char *outcome;

	if (first == EMPLOYMENT_STUDENT)
		first = EMPLOYMENT_NOT_EMPLOYED;
	if (last == EMPLOYMENT_STUDENT)
		last = EMPLOYMENT_NOT_EMPLOYED;

	if (first == EMPLOYMENT_UNKNOWN || last == EMPLOYMENT_UNKNOWN)
		outcome = "unknown";
	else if (last == EMPLOYMENT_IN_WORK)
		outcome = first == EMPLOYMENT_IN_WORK ? "retained work"
			: first == EMPLOYMENT_OFF_SICK ? "returned to work" : "entered work";
	else if (last == EMPLOYMENT_NOT_EMPLOYED && first != EMPLOYMENT_NOT_EMPLOYED)
		outcome = "lost work";
	else
		outcome = "no change";
	PG_RETURN_TEXT_P(cstring_to_text(outcome));
}

/* ----------------------------------------------------------------- WSAS */

#define WSAS_ITEMS 5
#define WSAS_ITEM_MAX 8
#define WSAS_NOT_APPLICABLE 9	/* item 1 (work) only: retired, not working by choice */

/*
 * The five items, checked: returns whether item 1 is "not applicable".
 */
static bool
wsas_items(ArrayType *items, int32 *values)
{
	int			n;
	Datum	   *elems;
	bool	   *nulls;
	bool		work_not_applicable = false;

	if (ARR_NDIM(items) != 1 || ARR_ELEMTYPE(items) != INT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("WSAS items must be a one-dimensional integer array"),
				 errdetail("Got an array of %d dimensions.", ARR_NDIM(items))));
	deconstruct_array(items, INT4OID, sizeof(int32), true, TYPALIGN_INT, &elems, &nulls, &n);
	if (n != WSAS_ITEMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("WSAS has 5 items, not %d", n),
				 errdetail("Work, home management, social leisure, private leisure, close relationships, each 0-8.")));
	for (int i = 0; i < WSAS_ITEMS; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("WSAS item %d is NULL", i + 1),
					 errdetail("A WSAS total needs all five items; item 1 may be 9 (not applicable).")));
		values[i] = DatumGetInt32(elems[i]);
		if (i == 0 && values[i] == WSAS_NOT_APPLICABLE)
		{
			work_not_applicable = true;
			values[i] = 0;
			continue;
		}
		if (values[i] < 0 || values[i] > WSAS_ITEM_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("WSAS item %d score %d is out of range", i + 1, values[i]),
					 errdetail(i == 0 ? "Item 1 (work) scores 0-8, or 9 when work is not applicable."
							   : "WSAS items score 0-8.")));
	}
	return work_not_applicable;
}

/* Total of the five items (0-40); with item 1 not applicable, of the other four. */
PG_FUNCTION_INFO_V1(iapt_wsas_total);
Datum
iapt_wsas_total(PG_FUNCTION_ARGS)
{
	int32		values[WSAS_ITEMS];
	int32		total = 0;

	wsas_items(PG_GETARG_ARRAYTYPE_P(0), values);
	for (int i = 0; i < WSAS_ITEMS; i++)
		total += values[i];
	PG_RETURN_INT32(total);
}

PG_FUNCTION_INFO_V1(iapt_wsas_work_not_applicable);
Datum
iapt_wsas_work_not_applicable(PG_FUNCTION_ARGS)
{
	int32		values[WSAS_ITEMS];

	PG_RETURN_BOOL(wsas_items(PG_GETARG_ARRAYTYPE_P(0), values));
}
