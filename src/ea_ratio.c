/*
 * ea_ratio(): EA-to-therapist staffing of a workforce table, summed in WTE.
 * Two forms: one row per team with both WTEs, or one row per post with a
 * role and its WTE. The state is a staff_ratio, so '+' combines partial
 * states in parallel plans and no serialization is needed.
 *
 * The role vocabulary is one array here, shown by the view
 * iapt_ews.workforce_roles.
 */
#include "postgres.h"

#include <ctype.h>

#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "decimal.h"
#include "staff_ratio.h"
#include "aggregate_support.h"

typedef enum RoleKind
{
	ROLE_EMPLOYMENT_ADVISER,
	ROLE_THERAPIST,
	ROLE_NOT_COUNTED
} RoleKind;

static const char *const role_kind_names[] = {
	"employment adviser", "therapist", "not counted"
};

#define EA_SOURCE "Employment Advisers in IAPT programme: the employment advisers of the 1:8 target"
#define THERAPIST_SOURCE "Employment Advisers in IAPT programme: therapists are high-intensity therapists and psychological wellbeing practitioners (WTE); counsellors deliver NICE-recommended therapy in NHS Talking Therapies"
#define OTHER_SOURCE "Not part of the EA-to-therapist ratio"

static const struct
{
	const char *role;
	RoleKind	kind;
	const char *source;
}			workforce_roles[] = {
	{"employment adviser", ROLE_EMPLOYMENT_ADVISER, EA_SOURCE},
	{"employment advisor", ROLE_EMPLOYMENT_ADVISER, EA_SOURCE},
	{"ea", ROLE_EMPLOYMENT_ADVISER, EA_SOURCE},
	{"employment support worker", ROLE_EMPLOYMENT_ADVISER, EA_SOURCE},
	{"employment specialist", ROLE_EMPLOYMENT_ADVISER, EA_SOURCE},
	{"high intensity therapist", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"high-intensity therapist", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"hit", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"hi therapist", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"psychological wellbeing practitioner", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"pwp", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"counsellor", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"counselor", ROLE_THERAPIST, THERAPIST_SOURCE},
	{"trainee high intensity therapist", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"trainee pwp", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"trainee psychological wellbeing practitioner", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"clinical lead", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"clinical psychologist", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"assistant psychologist", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"peer support worker", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"supervisor", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"manager", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"admin", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"administrator", ROLE_NOT_COUNTED, OTHER_SOURCE},
	{"other", ROLE_NOT_COUNTED, OTHER_SOURCE},
};

/* Case-insensitive, blanks around the role ignored. */
static RoleKind
role_kind(text *role)
{
	const char *s = VARDATA_ANY(role);
	int			len = VARSIZE_ANY_EXHDR(role);

	while (len > 0 && isspace((unsigned char) *s))
		s++, len--;
	while (len > 0 && isspace((unsigned char) s[len - 1]))
		len--;
	for (int i = 0; i < (int) lengthof(workforce_roles); i++)
		if ((int) strlen(workforce_roles[i].role) == len &&
			pg_strncasecmp(workforce_roles[i].role, s, len) == 0)
			return workforce_roles[i].kind;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown workforce role \"%.*s\"", len, s),
			 errhint("Employment advisers: employment adviser (EA). Therapists: high intensity therapist (HIT), psychological wellbeing practitioner (PWP), counsellor. Not counted: trainees, clinical lead, clinical psychologist, assistant psychologist, peer support worker, supervisor, manager, admin, other. See the view iapt_ews.workforce_roles.")));
	pg_unreachable();
}

static int64
wte_arg(FunctionCallInfo fcinfo, int arg, const char *which)
{
	Datum		wte = PG_GETARG_DATUM(arg);
	int64		hundredths;
	DecimalStatus status = decimal_read_scaled(wte, WTE_SCALE_DIGITS, &hundredths);

	if (status == DECIMAL_TOO_PRECISE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s WTE %s has more than two decimal places", which, decimal_numeric_text(wte)),
				 errdetail("Whole-time equivalents are counted to 0.01 WTE.")));
	if (status != DECIMAL_OK || hundredths < 0 || hundredths > WTE_MAX_HUNDREDTHS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s WTE %s is out of range", which, decimal_numeric_text(wte)),
				 errdetail("A whole-time equivalent is a finite number from 0 to 10^13.")));
	return hundredths;
}

static StaffRatio *
ratio_state(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext = aggregate_memory(fcinfo, "ea_ratio");

	if (!PG_ARGISNULL(0))
		return PG_GETARG_STAFF_RATIO(0);
	return MemoryContextAllocZero(aggcontext, sizeof(StaffRatio));
}

/* ea_ratio(ea_wte, therapist_wte): each side sums its non-NULL values. */
PG_FUNCTION_INFO_V1(iapt_ea_ratio_transition);
Datum
iapt_ea_ratio_transition(PG_FUNCTION_ARGS)
{
	StaffRatio *state;
	int64		ea = 0;
	int64		therapists = 0;

	if (PG_ARGISNULL(1) && PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (!PG_ARGISNULL(1))
		ea = wte_arg(fcinfo, 1, "EA");
	if (!PG_ARGISNULL(2))
		therapists = wte_arg(fcinfo, 2, "therapist");
	state = ratio_state(fcinfo);
	staff_ratio_accumulate(state, ea, therapists);
	PG_RETURN_STAFF_RATIO(state);
}

/* ea_ratio(role, wte): one row per post. */
PG_FUNCTION_INFO_V1(iapt_ea_ratio_role_transition);
Datum
iapt_ea_ratio_role_transition(PG_FUNCTION_ARGS)
{
	StaffRatio *state;
	RoleKind	kind;
	int64		wte;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	kind = role_kind(PG_GETARG_TEXT_PP(1));
	wte = wte_arg(fcinfo, 2, role_kind_names[kind]);
	state = ratio_state(fcinfo);
	if (kind == ROLE_EMPLOYMENT_ADVISER)
		staff_ratio_accumulate(state, wte, 0);
	else if (kind == ROLE_THERAPIST)
		staff_ratio_accumulate(state, 0, wte);
	PG_RETURN_STAFF_RATIO(state);
}

PG_FUNCTION_INFO_V1(iapt_workforce_role_catalogue);
Datum
iapt_workforce_role_catalogue(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < (int) lengthof(workforce_roles); i++)
	{
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = CStringGetTextDatum(workforce_roles[i].role);
		values[1] = CStringGetTextDatum(role_kind_names[workforce_roles[i].kind]);
		values[2] = CStringGetTextDatum(workforce_roles[i].source);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
