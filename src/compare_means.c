/*
 * compare_means(group_n, group_mean, group_sd, other_n, other_mean,
 * other_sd): the difference of two means with Welch's 95% interval and
 * two-sided p-value, from each group's count, mean and sample standard
 * deviation (what avg() and stddev_samp() give). The mean change of PHQ-9
 * with and without employment support, say (employment_support_effect).
 *
 * Welch BL, The generalization of "Student's" problem when several
 * different population variances are involved, Biometrika 1947;34:28-35;
 * the degrees of freedom are Satterthwaite's (Biometrics Bulletin
 * 1946;2:110-114):
 *
 *   se^2 = s1^2/n1 + s2^2/n2,
 *   df = se^4 / ((s1^2/n1)^2/(n1 - 1) + (s2^2/n2)^2/(n2 - 1)),
 *   difference -/+ t(0.975, df) se,  p = P(|T_df| > |difference| / se).
 *
 * R's t.test(x, y) (var.equal = FALSE, its default) gives the same.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "intervals.h"

static void
check_group(const char *name, int64 n, double mean, double sd)
{
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s_n must not be negative, not " INT64_FORMAT, name, n)));
	if (!isfinite(mean) || !isfinite(sd))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s_mean and %s_sd must be finite", name, name)));
	if (sd < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s_sd must not be negative, not %g", name, sd)));
}

PG_FUNCTION_INFO_V1(iapt_compare_means);
Datum
iapt_compare_means(PG_FUNCTION_ARGS)
{
	int64		n1 = PG_GETARG_INT64(0);
	double		m1 = PG_GETARG_FLOAT8(1);
	double		s1 = PG_GETARG_FLOAT8(2);
	int64		n2 = PG_GETARG_INT64(3);
	double		m2 = PG_GETARG_FLOAT8(4);
	double		s2 = PG_GETARG_FLOAT8(5);
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {0};

	check_group("group", n1, m1, s1);
	check_group("other", n2, m2, s2);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "compare_means must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	if (n1 < 2 || n2 < 2)
	{
		/* A standard deviation needs two values in each group. */
		for (int i = 0; i < 5; i++)
			nulls[i] = true;
	}
	else
	{
		double		v1 = s1 * s1 / n1;
		double		v2 = s2 * s2 / n2;
		double		variance = v1 + v2;
		double		d = m1 - m2;

		values[0] = Float8GetDatum(d);
		if (variance <= 0)
		{
			/* Every value alike within each group: no spread to test. */
			nulls[1] = nulls[2] = nulls[3] = nulls[4] = true;
		}
		else
		{
			double		se = sqrt(variance);
			double		df = variance * variance / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
			double		t = student_t_quantile_95(df);

			values[1] = Float8GetDatum(d - t * se);
			values[2] = Float8GetDatum(d + t * se);
			values[3] = Float8GetDatum(df);
			values[4] = Float8GetDatum(student_t_two_sided_p(d / se, df));
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
