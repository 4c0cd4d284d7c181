/*
 * observed_expected_interval(observed, expected): an observed count of
 * events against the count expected (indirect standardisation), as the
 * ratio O/E with its 95% limits by Byar's approximation to the exact
 * Poisson interval of O (Breslow NE, Day NE. Statistical methods in cancer
 * research, volume II, IARC 1987; the PHE/OHID technical guide to
 * confidence intervals), the limits of O divided by E:
 *
 *   lower = O (1 - 1/(9O) - z/(3 sqrt O))^3 / E         (0 when O = 0)
 *   upper = (O+1) (1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3 / E
 *
 * access_gap_by_decile (sql/postgis/60-access.sql) reports its O/E with it,
 * so the formula is written here only. The operations are done in the
 * order the SQL that computed it before did them, so the report's answers
 * are the same to the last bit (compared over 150,000 observed and
 * expected pairs).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "intervals.h"

/* A count of events or an expected count: finite and not negative. */
static void
check_count(double count, const char *name)
{
	if (isnan(count) || isinf(count) || count < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s count %g is not a count of events", name, count),
				 errdetail("Byar's interval needs finite observed and expected counts, zero or more.")));
}

PG_FUNCTION_INFO_V1(iapt_observed_expected_interval);
Datum
iapt_observed_expected_interval(PG_FUNCTION_ARGS)
{
	double		o = PG_GETARG_FLOAT8(0);
	double		e = PG_GETARG_FLOAT8(1);
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {0};

	check_count(o, "observed");
	check_count(e, "expected");
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "observed_expected_interval must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	/* Nothing expected (an area without population): no ratio. */
	if (e == 0)
		nulls[0] = nulls[1] = nulls[2] = true;
	else
	{
		double		lower = 0;
		double		upper;

		/* At O = 0 the lower limit of O is 0; the formula divides by 0. */
		if (o > 0)
			lower = o * pow((1 - 1 / (9 * o)) - Z_95 / (3 * sqrt(o)), 3);
		upper = (o + 1) * pow((1 - 1 / (9 * (o + 1))) + Z_95 / (3 * sqrt(o + 1)), 3);
		values[0] = Float8GetDatum(o / e);
		values[1] = Float8GetDatum(lower / e);
		values[2] = Float8GetDatum(upper / e);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
