/*
 * The staff_ratio type: EA WTE : therapist WTE, e.g. '1:8', '2.5:20',
 * '1.8:14.4'. The text keeps the staffing; equality and order compare the
 * ratio itself (therapists per EA) by exact cross-multiplication, so
 * '1:8' = '2.5:20' and '1:7.5' < '1:8' (better staffed first). Ratios with
 * no EA sort after every ratio with one, and staffing with nobody at all
 * ('0:0') sorts last.
 *
 * Also the targets catalogue (1 EA per 8 therapists; the 2015 baseline of 1
 * per 54) and the functions that measure staffing against a target.
 */
#include "postgres.h"

#include <ctype.h>

#include "common/hashfn.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "decimal.h"
#include "staff_ratio.h"

#ifndef HAVE_INT128
#error "staff_ratio compares ratios exactly with 128-bit integers"
#endif

/* Ratio classes, in sort order. */
typedef enum RatioClass
{
	RATIO_WITH_EA = 0,
	RATIO_NO_EA = 1,			/* therapists but no EA: no ratio */
	RATIO_NO_STAFF = 2			/* 0:0 */
} RatioClass;

static RatioClass
ratio_class(const StaffRatio *r)
{
	if (r->ea > 0)
		return RATIO_WITH_EA;
	return r->therapists > 0 ? RATIO_NO_EA : RATIO_NO_STAFF;
}

static int
staff_ratio_cmp_internal(const StaffRatio *a, const StaffRatio *b)
{
	RatioClass ca = ratio_class(a);
	RatioClass cb = ratio_class(b);
	int128		left;
	int128		right;

	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca != RATIO_WITH_EA)
		return 0;
	/* Ta / Ea vs Tb / Eb, both E > 0. */
	left = (int128) a->therapists * b->ea;
	right = (int128) b->therapists * a->ea;
	return left < right ? -1 : (left > right ? 1 : 0);
}

static StaffRatio *
new_ratio(int64 ea, int64 therapists)
{
	StaffRatio *r = palloc(sizeof(StaffRatio));

	r->ea = ea;
	r->therapists = therapists;
	return r;
}

/* ------------------------------------------------------------- text I/O */

static void pg_attribute_noreturn()
ratio_syntax_error(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type staff_ratio: \"%s\"", input),
			 errdetail("%s", detail),
			 errhint("A staff ratio is EA WTE:therapist WTE, such as '1:8' or '1.8:14.4'.")));
}

static void pg_attribute_noreturn()
wte_out_of_range(const char *input, const char *which)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s WTE in \"%s\" is out of range", which, input),
			 errdetail("A WTE is at most 10^13.")));
}

/* One WTE, to two decimal places, as hundredths; *p is moved past it. */
static int64
parse_wte(const char *input, const char **p, const char *which)
{
	const char *s = *p;
	bool		negative = false;
	int64		value = 0;
	int			decimals = 0;
	bool		any_digit = false;

	while (isspace((unsigned char) *s))
		s++;
	if (*s == '-' || *s == '+')
		negative = (*s++ == '-');
	for (; isdigit((unsigned char) *s); s++)
	{
		value = value * 10 + (*s - '0');
		any_digit = true;
		/* The whole WTE alone already too large; keeps value far from overflow. */
		if (value > WTE_MAX_HUNDREDTHS / 100)
			wte_out_of_range(input, which);
	}
	if (*s == '.')
		for (s++; isdigit((unsigned char) *s); s++)
		{
			any_digit = true;
			if (++decimals > WTE_SCALE_DIGITS)
			{
				if (*s != '0')
					ratio_syntax_error(input, "A WTE is recorded to two decimal places.");
				continue;
			}
			value = value * 10 + (*s - '0');
		}
	if (!any_digit)
		ratio_syntax_error(input, psprintf("Expected the %s WTE.", which));
	for (; decimals < WTE_SCALE_DIGITS; decimals++)
		value *= 10;
	/* The range recv accepts, so that every value survives binary COPY. */
	if (value > WTE_MAX_HUNDREDTHS)
		wte_out_of_range(input, which);
	if (negative && value != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s WTE in \"%s\" is out of range", which, input),
				 errdetail("Staffing cannot be negative.")));
	while (isspace((unsigned char) *s))
		s++;
	*p = s;
	return value;
}

PG_FUNCTION_INFO_V1(iapt_staff_ratio_in);
Datum
iapt_staff_ratio_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	int64		ea;
	int64		therapists;

	ea = parse_wte(input, &p, "EA");
	if (*p != ':')
		ratio_syntax_error(input, "Expected \":\" between the EA and the therapist WTE.");
	p++;
	therapists = parse_wte(input, &p, "therapist");
	if (*p != '\0')
		ratio_syntax_error(input, "Unexpected text after the therapist WTE.");
	PG_RETURN_STAFF_RATIO(new_ratio(ea, therapists));
}

static char *
staff_ratio_text(const StaffRatio *r)
{
	return psprintf("%s:%s", decimal_to_cstring(r->ea, WTE_SCALE_DIGITS, 0),
					decimal_to_cstring(r->therapists, WTE_SCALE_DIGITS, 0));
}

PG_FUNCTION_INFO_V1(iapt_staff_ratio_out);
Datum
iapt_staff_ratio_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(staff_ratio_text(PG_GETARG_STAFF_RATIO(0)));
}

PG_FUNCTION_INFO_V1(iapt_staff_ratio_recv);
Datum
iapt_staff_ratio_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		ea = pq_getmsgint64(buf);
	int64		therapists = pq_getmsgint64(buf);

	if (ea < 0 || therapists < 0 || ea > WTE_MAX_HUNDREDTHS || therapists > WTE_MAX_HUNDREDTHS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary staff_ratio value"),
				 errdetail("WTE must be between 0 and 10^13, in hundredths: got " INT64_FORMAT " and " INT64_FORMAT ".",
						   ea, therapists)));
	PG_RETURN_STAFF_RATIO(new_ratio(ea, therapists));
}

PG_FUNCTION_INFO_V1(iapt_staff_ratio_send);
Datum
iapt_staff_ratio_send(PG_FUNCTION_ARGS)
{
	StaffRatio *r = PG_GETARG_STAFF_RATIO(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, r->ea);
	pq_sendint64(&buf, r->therapists);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------- comparison, hash, + */

PG_FUNCTION_INFO_V1(iapt_staff_ratio_cmp);
Datum
iapt_staff_ratio_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(staff_ratio_cmp_internal(PG_GETARG_STAFF_RATIO(0), PG_GETARG_STAFF_RATIO(1)));
}

#define RATIO_COMPARISON(name, test) \
PG_FUNCTION_INFO_V1(iapt_staff_ratio_##name); \
Datum \
iapt_staff_ratio_##name(PG_FUNCTION_ARGS) \
{ \
	int			c = staff_ratio_cmp_internal(PG_GETARG_STAFF_RATIO(0), PG_GETARG_STAFF_RATIO(1)); \
	PG_RETURN_BOOL(test); \
}

RATIO_COMPARISON(eq, c == 0)
RATIO_COMPARISON(ne, c != 0)
RATIO_COMPARISON(lt, c < 0)
RATIO_COMPARISON(le, c <= 0)
RATIO_COMPARISON(gt, c > 0)
RATIO_COMPARISON(ge, c >= 0)

static uint64
gcd64(uint64 a, uint64 b)
{
	while (b != 0)
	{
		uint64		t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Equal ratios hash alike: hash the fraction in lowest terms. */
static uint64
staff_ratio_hash_internal(const StaffRatio *r, uint64 seed)
{
	RatioClass c = ratio_class(r);
	uint64		key[2] = {c, 0};

	if (c == RATIO_WITH_EA)
	{
		uint64		g = gcd64(r->ea, r->therapists);

		key[0] = r->ea / g;
		key[1] = r->therapists / g;
	}
	return hash_bytes_extended((const unsigned char *) key, sizeof(key), seed);
}

PG_FUNCTION_INFO_V1(iapt_staff_ratio_hash);
Datum
iapt_staff_ratio_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) staff_ratio_hash_internal(PG_GETARG_STAFF_RATIO(0), 0));
}

PG_FUNCTION_INFO_V1(iapt_staff_ratio_hash_extended);
Datum
iapt_staff_ratio_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64((int64) staff_ratio_hash_internal(PG_GETARG_STAFF_RATIO(0),
													  (uint64) PG_GETARG_INT64(1)));
}

void
staff_ratio_accumulate(StaffRatio *into, int64 ea, int64 therapists)
{
	if (ea > WTE_MAX_HUNDREDTHS - into->ea || therapists > WTE_MAX_HUNDREDTHS - into->therapists)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("staffing total is out of range"),
				 errdetail("A staff ratio holds at most 10^13 WTE on each side.")));
	into->ea += ea;
	into->therapists += therapists;
}

/* '+': the staffing of two teams together. */
PG_FUNCTION_INFO_V1(iapt_staff_ratio_add);
Datum
iapt_staff_ratio_add(PG_FUNCTION_ARGS)
{
	StaffRatio *a = PG_GETARG_STAFF_RATIO(0);
	StaffRatio *b = PG_GETARG_STAFF_RATIO(1);
	StaffRatio *result;

	/* As ea_ratio's combine function the first state is ours to change. */
	if (AggCheckCallContext(fcinfo, NULL))
		result = a;
	else
		result = new_ratio(a->ea, a->therapists);
	staff_ratio_accumulate(result, b->ea, b->therapists);
	PG_RETURN_STAFF_RATIO(result);
}

/* ------------------------------------------------------------ accessors */

PG_FUNCTION_INFO_V1(iapt_staff_ratio_ea_wte);
Datum
iapt_staff_ratio_ea_wte(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(decimal_make_numeric(PG_GETARG_STAFF_RATIO(0)->ea, WTE_SCALE_DIGITS, 0));
}

PG_FUNCTION_INFO_V1(iapt_staff_ratio_therapist_wte);
Datum
iapt_staff_ratio_therapist_wte(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(decimal_make_numeric(PG_GETARG_STAFF_RATIO(0)->therapists, WTE_SCALE_DIGITS, 0));
}

/* Therapists per EA, to two decimal places (half up); NULL with no EA. */
PG_FUNCTION_INFO_V1(iapt_therapists_per_ea);
Datum
iapt_therapists_per_ea(PG_FUNCTION_ARGS)
{
	StaffRatio *r = PG_GETARG_STAFF_RATIO(0);
	int128		hundredths;

	if (r->ea == 0)
		PG_RETURN_NULL();
	/* round(100 * T / E) with exact integers */
	hundredths = ((int128) r->therapists * 200 + r->ea) / ((int128) r->ea * 2);
	PG_RETURN_DATUM(decimal_make_numeric((int64) hundredths, WTE_SCALE_DIGITS, 0));
}

static void
check_target(const StaffRatio *target)
{
	if (target->ea == 0 || target->therapists == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target staff ratio %s is invalid", staff_ratio_text(target)),
				 errdetail("A target names both EA and therapist WTE, such as '1:8'.")));
}

/* At least as well staffed as the target (as many EAs per therapist or more). */
PG_FUNCTION_INFO_V1(iapt_meets_target);
Datum
iapt_meets_target(PG_FUNCTION_ARGS)
{
	StaffRatio *r = PG_GETARG_STAFF_RATIO(0);
	StaffRatio *target = PG_GETARG_STAFF_RATIO(1);

	check_target(target);
	if (r->therapists == 0)
		PG_RETURN_BOOL(true);	/* no therapists: nobody short of an EA */
	PG_RETURN_BOOL(staff_ratio_cmp_internal(r, target) <= 0);
}

/*
 * Extra EA WTE needed to reach the target: therapists x (target EA / target
 * therapists) - EA, rounded up to 0.01 WTE so that the target is really
 * met; 0 when it is met already.
 */
PG_FUNCTION_INFO_V1(iapt_ea_needed);
Datum
iapt_ea_needed(PG_FUNCTION_ARGS)
{
	StaffRatio *r = PG_GETARG_STAFF_RATIO(0);
	StaffRatio *target = PG_GETARG_STAFF_RATIO(1);
	int128		wanted;
	int128		extra;

	check_target(target);
	wanted = ((int128) r->therapists * target->ea + target->therapists - 1) / target->therapists;
	extra = wanted - r->ea;
	PG_RETURN_DATUM(decimal_make_numeric(extra > 0 ? (int64) extra : 0, WTE_SCALE_DIGITS, 0));
}

/* ------------------------------------------------------ targets catalogue */

static const struct
{
	const char *name;
	int64		ea;
	int64		therapists;
	const char *source;
}			workforce_targets[] = {
	{"target", 100, 800,
	 "Employment Advisers in IAPT programme (DWP/DHSC Joint Work and Health Unit): 1 employment adviser per 8 therapists (high-intensity therapists and psychological wellbeing practitioners), whole-time equivalent"},
	{"baseline 2015", 100, 5400,
	 "In 2015 there was about 1 employment adviser for every 54 IAPT therapists (MHM, Employment Advisors in IAPT, reporting the Joint Work and Health Unit)"},
};

PG_FUNCTION_INFO_V1(iapt_workforce_target_catalogue);
Datum
iapt_workforce_target_catalogue(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < (int) lengthof(workforce_targets); i++)
	{
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = CStringGetTextDatum(workforce_targets[i].name);
		values[1] = PointerGetDatum(new_ratio(workforce_targets[i].ea, workforce_targets[i].therapists));
		values[2] = CStringGetTextDatum(workforce_targets[i].source);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
