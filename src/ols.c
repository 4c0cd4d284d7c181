/*
 * ols_fit(y, x[]): ordinary least squares with an intercept, as a parallel
 * aggregate, and its result type ols_result with accessors
 * (docs/statistics.md, "Linear regression").
 *
 * State: with w = (1, x_1 .. x_p, y) (m = p + 2 values) shifted by a fixed
 * point s (the first row's own values; the 1 is not shifted), so that
 * z = w - s, the state keeps n and the raw shifted moments
 *   M2[a][b]       = sum z_a z_b               (holds n, sum z and sum z z^T)
 *   M4[a][b][c][d] = sum z_a z_b z_c z_d       (only for k <= OLS_MAX_ROBUST)
 * Shifting by a point near the data is the "shifted data" method: the
 * moments are of the spread, not of the offset, so 1e6 + noise loses
 * nothing to cancellation. Two states with different shifts combine
 * exactly: z' = z + (s - s') z_0, a linear map applied to every index of
 * the moments. Degree 4 is what HC1 needs in one pass: its meat
 * sum e_i^2 x_i x_i^T is, with e_i = gamma . z_i, the contraction
 * sum_cd gamma_c gamma_d M4[a][b][c][d].
 *
 * Fit: the centred cross products C = M2 - (sum z)(sum z)^T / n, scaled to
 * a correlation matrix and factored by Cholesky; a pivot below
 * OLS_PIVOT_TOLERANCE (the part of a regressor the earlier ones do not
 * explain, relative to its own centred sum of squares) is a singular
 * design: NULL coefficients and a reason, not a number.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "export.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "aggregate_support.h"
#include "intervals.h"

#define OLS_MAX_REGRESSORS 32			/* elements of x */
#define OLS_MAX_COEFFICIENTS (OLS_MAX_REGRESSORS + 1)
#define OLS_MAX_ROBUST 8				/* coefficients for which HC1 is kept */
#define OLS_PIVOT_TOLERANCE 1e-10

typedef enum OlsProblem
{
	OLS_OK = 0,
	OLS_NO_ROWS,
	OLS_TOO_FEW_ROWS,
	OLS_SINGULAR,
	OLS_NO_RESIDUAL_DF,
	OLS_ROBUST_TOO_MANY,
	OLS_ROBUST_INACCURATE,
	OLS_PROBLEMS
} OlsProblem;

static const char *const problem_keyword[OLS_PROBLEMS] = {
	"none", "no_rows", "too_few_rows", "singular", "no_residual_df", "robust_too_many",
	"robust_inaccurate"
};

static const char *const problem_text[OLS_PROBLEMS] = {
	NULL,
	"no rows: every row had a NULL in y or x",
	"fewer rows than coefficients",
	"singular design: a regressor is constant or a linear combination of the intercept and the others",
	"as many rows as coefficients: no residual degrees of freedom for standard errors",
	"robust standard errors are kept for at most 8 coefficients (7 regressors)",
	"robust standard errors lost to rounding: the design is too ill-conditioned (or the values too large) for one-pass HC1",
};

/* ---------------------------------------------------------------------------
 * The result type
 * ---------------------------------------------------------------------------
 */
typedef struct OlsResult
{
	int32		vl_len_;
	int32		k;				/* coefficients; 0 when there were no rows */
	int64		n;
	int32		problem;
	int32		unused;
	float8		r_squared;
	float8		values[FLEXIBLE_ARRAY_MEMBER];	/* coefficients, classical, HC1: k each */
} OlsResult;

#define OLS_RESULT_SIZE(k) (offsetof(OlsResult, values) + 3 * (k) * sizeof(float8))
#define PG_GETARG_OLS(n) ((OlsResult *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

static bool
has_coefficients(int problem)
{
	return problem == OLS_OK || problem == OLS_NO_RESIDUAL_DF || problem == OLS_ROBUST_TOO_MANY
		|| problem == OLS_ROBUST_INACCURATE;
}

static bool
has_standard_errors(int problem)
{
	return problem == OLS_OK || problem == OLS_ROBUST_TOO_MANY || problem == OLS_ROBUST_INACCURATE;
}

static bool
has_robust(int problem)
{
	return problem == OLS_OK;
}

static OlsResult *
new_result(int k, int64 n, OlsProblem problem)
{
	OlsResult  *r = palloc0(OLS_RESULT_SIZE(k));

	SET_VARSIZE(r, OLS_RESULT_SIZE(k));
	r->k = k;
	r->n = n;
	r->problem = problem;
	return r;
}

/*
 * Whether a result is one ols_fit could give; NULL when it is, else a
 * sentence saying what is wrong (text and binary input).
 */
static const char *
result_invalid(const OlsResult *r)
{
	int			k = r->k;
	int64		n = r->n;
	int			expected;

	if (r->problem < 0 || r->problem >= OLS_PROBLEMS)
		return "Unknown problem.";
	if (n < 0)
		return "The number of rows is negative.";
	if (k < 0 || k > OLS_MAX_COEFFICIENTS)
		return psprintf("The number of coefficients must be 1 to %d.", OLS_MAX_COEFFICIENTS);
	if ((n == 0) != (r->problem == OLS_NO_ROWS))
		return "Problem no_rows goes with n=0, and only with it.";
	if ((k == 0) != (r->problem == OLS_NO_ROWS))
		return "Problem no_rows goes with k=0, and only with it.";
	if (r->problem == OLS_NO_ROWS)
		return NULL;
	if ((n < k) != (r->problem == OLS_TOO_FEW_ROWS))
		return "Problem too_few_rows goes with n < k, and only with it.";
	if (r->problem == OLS_TOO_FEW_ROWS || r->problem == OLS_SINGULAR)
		return NULL;
	if ((n == k) != (r->problem == OLS_NO_RESIDUAL_DF))
		return "Problem no_residual_df goes with n = k, and only with it (unless singular).";
	if (r->problem != OLS_NO_RESIDUAL_DF)
	{
		expected = k > OLS_MAX_ROBUST ? OLS_ROBUST_TOO_MANY : OLS_OK;
		if (r->problem == OLS_ROBUST_INACCURATE && expected == OLS_OK)
			expected = OLS_ROBUST_INACCURATE;
		if (r->problem != expected)
			return psprintf("Problem robust_too_many goes with k > %d, and only with it.", OLS_MAX_ROBUST);
	}
	if (!isfinite(r->r_squared) || r->r_squared < 0 || r->r_squared > 1)
		return "r_squared must be between 0 and 1.";
	for (int i = 0; i < 3 * k; i++)
	{
		if (i >= k && !(i < 2 * k ? has_standard_errors(r->problem) : has_robust(r->problem)))
			continue;
		if (!isfinite(r->values[i]))
			return "Coefficients and standard errors must be finite.";
		if (i >= k && r->values[i] < 0)
			return "Standard errors cannot be negative.";
	}
	return NULL;
}

static void
append_array(StringInfo buf, const char *name, const float8 *v, int k)
{
	appendStringInfo(buf, " %s={", name);
	for (int i = 0; i < k; i++)
	{
		char	   *s = float8out_internal(v[i]);

		appendStringInfo(buf, "%s%s", i ? "," : "", s);
		pfree(s);
	}
	appendStringInfoChar(buf, '}');
}

PG_FUNCTION_INFO_V1(iapt_ols_result_out);
Datum
iapt_ols_result_out(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "n=" INT64_FORMAT " k=%d", r->n, r->k);
	if (has_coefficients(r->problem))
	{
		char	   *s = float8out_internal(r->r_squared);

		append_array(&buf, "coefficients", r->values, r->k);
		if (has_standard_errors(r->problem))
			append_array(&buf, "standard_errors", r->values + r->k, r->k);
		if (has_robust(r->problem))
			append_array(&buf, "robust_standard_errors", r->values + 2 * r->k, r->k);
		appendStringInfo(&buf, " r_squared=%s", s);
	}
	if (r->problem != OLS_OK)
		appendStringInfo(&buf, " problem=%s", problem_keyword[r->problem]);
	PG_RETURN_CSTRING(buf.data);
}

pg_attribute_noreturn()
static void
bad_text(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type ols_result: \"%s\"", input),
			 errdetail("%s", detail),
			 errhint("Write it as ols_fit prints it, e.g. n=3 k=2 coefficients={1,2} "
					 "standard_errors={0.5,0.25} robust_standard_errors={0.5,0.25} r_squared=0.9.")));
}

/* "name=" at *p: moves past it. */
static bool
take_name(char **p, const char *name)
{
	size_t		len = strlen(name);

	while (**p == ' ')
		(*p)++;
	if (strncmp(*p, name, len) != 0 || (*p)[len] != '=')
		return false;
	*p += len + 1;
	return true;
}

/* A finite float8 ending at one of `ends` (a NUL counts too). */
static float8
take_number(char **p, const char *input, const char *ends)
{
	char	   *end;
	float8		v;

	if (**p == '\0' || strchr(ends, **p) != NULL || **p == ' ')
		bad_text(input, "A number is missing.");
	errno = 0;
	v = strtod(*p, &end);
	if (end == *p || (*end != '\0' && strchr(ends, *end) == NULL))
		bad_text(input, "A value is not a number.");
	if (!isfinite(v))
		bad_text(input, "Numbers must be finite.");
	*p = end;
	return v;
}

static void
take_array(char **p, const char *input, const char *name, float8 *v, int k)
{
	if (!take_name(p, name))
		bad_text(input, psprintf("Expected %s= here.", name));
	if (**p != '{')
		bad_text(input, psprintf("%s must be an array in braces.", name));
	(*p)++;
	for (int i = 0; i < k; i++)
	{
		v[i] = take_number(p, input, ",}");
		if (**p != (i == k - 1 ? '}' : ','))
			bad_text(input, psprintf("%s must have k=%d elements.", name, k));
		(*p)++;
	}
	if (k == 0)
		bad_text(input, "k=0 has no coefficients.");
}

PG_FUNCTION_INFO_V1(iapt_ols_result_in);
Datum
iapt_ols_result_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char	   *copy = pstrdup(input);	/* parsed (and cut at the problem) */
	char	   *p = copy;
	char	   *end;
	int64		n;
	long		k;
	int			problem = OLS_OK;
	OlsResult  *r;
	float8		r_squared = 0;
	float8		values[3 * OLS_MAX_COEFFICIENTS] = {0};
	const char *invalid;

	if (!take_name(&p, "n") || !isdigit((unsigned char) *p))
		bad_text(input, "It starts with n=<rows>.");
	errno = 0;
	n = strtoll(p, &end, 10);
	if (errno != 0 || *end != ' ')
		bad_text(input, "n must be a whole number of rows.");
	p = end;
	if (!take_name(&p, "k") || !isdigit((unsigned char) *p))
		bad_text(input, "n is followed by k=<coefficients>.");
	errno = 0;
	k = strtol(p, &end, 10);
	if (errno != 0 || (*end != ' ' && *end != '\0') || k > OLS_MAX_COEFFICIENTS)
		bad_text(input, psprintf("k must be a whole number from 0 to %d.", OLS_MAX_COEFFICIENTS));
	p = end;

	/* The problem, if any, is last: find it first, since it says what comes before. */
	{
		char	   *at = strstr(p, " problem=");

		if (at)
		{
			char	   *keyword = at + strlen(" problem=");

			problem = -1;
			for (int i = 1; i < OLS_PROBLEMS; i++)
				if (strcmp(keyword, problem_keyword[i]) == 0)
					problem = i;
			if (problem < 0)
				bad_text(input, "Unknown problem: expected no_rows, too_few_rows, singular, no_residual_df, robust_too_many or robust_inaccurate.");
			*at = '\0';
		}
	}
	if (has_coefficients(problem))
	{
		take_array(&p, input, "coefficients", values, k);
		if (has_standard_errors(problem))
			take_array(&p, input, "standard_errors", values + k, k);
		if (has_robust(problem))
			take_array(&p, input, "robust_standard_errors", values + 2 * k, k);
		if (!take_name(&p, "r_squared"))
			bad_text(input, "Expected r_squared= here.");
		r_squared = take_number(&p, input, " ");
	}
	while (*p == ' ')
		p++;
	if (*p != '\0')
		bad_text(input, "Unexpected text after the last value.");

	r = new_result((int) k, n, problem);
	r->r_squared = r_squared;
	memcpy(r->values, values, 3 * k * sizeof(float8));
	if ((invalid = result_invalid(r)) != NULL)
		bad_text(input, invalid);
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(iapt_ols_result_send);
Datum
iapt_ols_result_send(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, r->k);
	pq_sendint64(&buf, r->n);
	pq_sendint32(&buf, r->problem);
	pq_sendfloat8(&buf, r->r_squared);
	for (int i = 0; i < 3 * r->k; i++)
		pq_sendfloat8(&buf, r->values[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(iapt_ols_result_recv);
Datum
iapt_ols_result_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		k = pq_getmsgint(buf, 4);
	OlsResult  *r;
	const char *invalid;

	if (k < 0 || k > OLS_MAX_COEFFICIENTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ols_result"),
				 errdetail("The number of coefficients must be 0 to %d, not %d.", OLS_MAX_COEFFICIENTS, k)));
	r = new_result(k, 0, OLS_OK);
	r->n = pq_getmsgint64(buf);
	r->problem = pq_getmsgint(buf, 4);
	r->r_squared = pq_getmsgfloat8(buf);
	for (int i = 0; i < 3 * k; i++)
		r->values[i] = pq_getmsgfloat8(buf);
	if ((invalid = result_invalid(r)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary ols_result"),
				 errdetail("%s", invalid)));
	PG_RETURN_POINTER(r);
}

/* ---------------------------------------------------------------------------
 * Accessors
 * ---------------------------------------------------------------------------
 */
static Datum
float8_array(const float8 *v, int k)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(k, 1));

	for (int i = 0; i < k; i++)
		d[i] = Float8GetDatum(v[i]);
	return PointerGetDatum(construct_array(d, k, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(iapt_ols_coefficients);
Datum
iapt_ols_coefficients(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);

	if (!has_coefficients(r->problem))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(float8_array(r->values, r->k));
}

PG_FUNCTION_INFO_V1(iapt_ols_standard_errors);
Datum
iapt_ols_standard_errors(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);

	if (!has_standard_errors(r->problem))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(float8_array(r->values + r->k, r->k));
}

PG_FUNCTION_INFO_V1(iapt_ols_robust_standard_errors);
Datum
iapt_ols_robust_standard_errors(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);

	if (!has_robust(r->problem))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(float8_array(r->values + 2 * r->k, r->k));
}

/*
 * ols_confidence_interval(fit, coefficient, robust): the 95% interval of
 * one coefficient (1 the intercept, 2 the first element of x, ...),
 * b -/+ t(0.975, n - k) se, with the HC1 standard error (robust, as Stata's
 * regress, vce(robust)) or the classical one; NULL when the fit has no such
 * standard error (ols_problem says why).
 */
PG_FUNCTION_INFO_V1(iapt_ols_confidence_interval);
Datum
iapt_ols_confidence_interval(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);
	int32		i = PG_GETARG_INT32(1);
	bool		robust = PG_GETARG_BOOL(2);
	double		b,
				se,
				t;
	float8		ends[2];

	if (i < 1 || i > r->k)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("coefficient %d is not one of the fit's %d", i, r->k),
				 errhint("Coefficient 1 is the intercept, 2 the first element of x.")));
	if (robust ? !has_robust(r->problem) : !has_standard_errors(r->problem))
		PG_RETURN_NULL();
	b = r->values[i - 1];
	se = r->values[(robust ? 2 : 1) * r->k + i - 1];
	t = student_t_quantile_95((double) (r->n - r->k));
	ends[0] = b - t * se;
	ends[1] = b + t * se;
	PG_RETURN_DATUM(float8_array(ends, 2));
}

PG_FUNCTION_INFO_V1(iapt_ols_n);
Datum
iapt_ols_n(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_OLS(0)->n);
}

PG_FUNCTION_INFO_V1(iapt_ols_r_squared);
Datum
iapt_ols_r_squared(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);

	if (!has_coefficients(r->problem))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r->r_squared);
}

PG_FUNCTION_INFO_V1(iapt_ols_problem);
Datum
iapt_ols_problem(PG_FUNCTION_ARGS)
{
	OlsResult  *r = PG_GETARG_OLS(0);

	if (r->problem == OLS_OK)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(problem_text[r->problem]));
}

/* ---------------------------------------------------------------------------
 * The aggregate's state
 * ---------------------------------------------------------------------------
 */
typedef struct OlsState
{
	int			p;				/* regressors; -1 before the first row */
	int			m;				/* p + 2 */
	bool		robust;			/* M4 kept: p + 1 <= OLS_MAX_ROBUST */
	int64		n;
	float8	   *shift;			/* m; shift[0] = 0 */
	float8	   *m2;				/* m * m, full */
	float8	   *m4;				/* m^4, entries a <= b <= c <= d kept until filled */
} OlsState;

#define M2(s, a, b) ((s)->m2[(a) * (s)->m + (b)])
#define M4(s, a, b, c, d) ((s)->m4[(((a) * (s)->m + (b)) * (s)->m + (c)) * (s)->m + (d)])

static OlsState *
new_state(FunctionCallInfo fcinfo)
{
	OlsState   *s = MemoryContextAllocZero(aggregate_memory(fcinfo, "ols_fit"), sizeof(OlsState));

	s->p = -1;
	return s;
}

static void
state_size(FunctionCallInfo fcinfo, OlsState *s, int p)
{
	MemoryContext cxt = aggregate_memory(fcinfo, "ols_fit");

	s->p = p;
	s->m = p + 2;
	s->robust = p + 1 <= OLS_MAX_ROBUST;
	s->shift = MemoryContextAllocZero(cxt, sizeof(float8) * s->m);
	s->m2 = MemoryContextAllocZero(cxt, sizeof(float8) * s->m * s->m);
	if (s->robust)
		s->m4 = MemoryContextAllocZero(cxt, sizeof(float8) * s->m * s->m * s->m * s->m);
}

/* Copy the kept triangles to every permutation of their indices. */
static void
fill_symmetric(OlsState *s)
{
	int			m = s->m;
	int			i[4];

	for (int a = 0; a < m; a++)
		for (int b = 0; b < m; b++)
			M2(s, a, b) = M2(s, Min(a, b), Max(a, b));
	if (!s->robust)
		return;
	for (i[0] = 0; i[0] < m; i[0]++)
		for (i[1] = 0; i[1] < m; i[1]++)
			for (i[2] = 0; i[2] < m; i[2]++)
				for (i[3] = 0; i[3] < m; i[3]++)
				{
					int			j[4] = {i[0], i[1], i[2], i[3]};

					/* sort four */
					for (int x = 1; x < 4; x++)
						for (int y = x; y > 0 && j[y - 1] > j[y]; y--)
						{
							int			t = j[y];

							j[y] = j[y - 1];
							j[y - 1] = t;
						}
					M4(s, i[0], i[1], i[2], i[3]) = M4(s, j[0], j[1], j[2], j[3]);
				}
}

/*
 * Moves a filled state to another shift: z' = z + d z_0 with d = old - new
 * (d_0 = 0), applied to each index in turn; index 0 is unchanged by the map,
 * so each pass can work in place.
 */
static void
reshift(OlsState *s, const float8 *new_shift)
{
	int			m = s->m;
	float8		d[OLS_MAX_COEFFICIENTS + 1];

	for (int a = 0; a < m; a++)
		d[a] = s->shift[a] - new_shift[a];
	for (int a = 1; a < m; a++)
		for (int b = 0; b < m; b++)
			M2(s, a, b) += d[a] * M2(s, 0, b);
	for (int b = 1; b < m; b++)
		for (int a = 0; a < m; a++)
			M2(s, a, b) += d[b] * M2(s, a, 0);
	if (s->robust)
	{
		size_t		stride = 1;

		for (int mode = 0; mode < 4; mode++, stride *= m)
		{
			size_t		total = (size_t) m * m * m * m;

			for (size_t idx = 0; idx < total; idx++)
			{
				int			at = (idx / stride) % m;

				if (at > 0)
					s->m4[idx] += d[at] * s->m4[idx - at * stride];
			}
		}
	}
	memcpy(s->shift, new_shift, sizeof(float8) * m);
}

PG_FUNCTION_INFO_V1(iapt_ols_transition);
Datum
iapt_ols_transition(PG_FUNCTION_ARGS)
{
	OlsState   *s = PG_ARGISNULL(0) ? new_state(fcinfo) : (OlsState *) PG_GETARG_POINTER(0);
	ArrayType  *xa;
	Datum	   *elems;
	bool	   *nulls;
	int			p;
	float8		w[OLS_MAX_COEFFICIENTS + 1];
	float8		z[OLS_MAX_COEFFICIENTS + 1];
	int			m;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	xa = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_NDIM(xa) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x of ols_fit has %d dimensions", ARR_NDIM(xa)),
				 errdetail("x is a one-dimensional array of regressors.")));
	p = ArrayGetNItems(ARR_NDIM(xa), ARR_DIMS(xa));
	if (p > OLS_MAX_REGRESSORS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x of ols_fit has %d elements", p),
				 errdetail("ols_fit takes at most %d regressors.", OLS_MAX_REGRESSORS)));
	if (s->p >= 0 && p != s->p)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x of ols_fit has %d elements in one row and %d in another", s->p, p),
				 errdetail("Every row's x must have the same number of regressors.")));
	w[0] = 1;
	if (!ARR_HASNULL(xa))
		memcpy(w + 1, (char *) xa + ARR_OVERHEAD_NONULLS(ARR_NDIM(xa)), sizeof(float8) * p);
	else
	{
		deconstruct_array(xa, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &nulls, &p);
		for (int i = 0; i < p; i++)
		{
			if (nulls[i])
				PG_RETURN_POINTER(s);
			w[i + 1] = DatumGetFloat8(elems[i]);
		}
	}
	w[p + 1] = PG_GETARG_FLOAT8(1);
	for (int i = 1; i < p + 2; i++)
		if (!isfinite(w[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s of ols_fit is %s", i == p + 1 ? "y" : "an element of x",
							isnan(w[i]) ? "NaN" : "infinite"),
					 errdetail("Regression takes finite values only."),
					 errhint("Filter such rows out, or make them NULL to skip them.")));
	if (s->p < 0)
		state_size(fcinfo, s, p);
	m = s->m;
	if (s->n == 0)
		memcpy(s->shift + 1, w + 1, sizeof(float8) * (m - 1));
	for (int i = 0; i < m; i++)
		z[i] = w[i] - s->shift[i];
	s->n++;
	for (int a = 0; a < m; a++)
		for (int b = a; b < m; b++)
			M2(s, a, b) += z[a] * z[b];
	if (s->robust)
		for (int a = 0; a < m; a++)
			for (int b = a; b < m; b++)
			{
				float8		zab = z[a] * z[b];

				for (int c = b; c < m; c++)
				{
					float8		zabc = zab * z[c];
					float8	   *row = &M4(s, a, b, c, 0);

					for (int d = c; d < m; d++)
						row[d] += zabc * z[d];
				}
			}
	PG_RETURN_POINTER(s);
}

static void
state_copy_into(FunctionCallInfo fcinfo, OlsState *to, const OlsState *from)
{
	state_size(fcinfo, to, from->p);
	to->n = from->n;
	memcpy(to->shift, from->shift, sizeof(float8) * to->m);
	memcpy(to->m2, from->m2, sizeof(float8) * to->m * to->m);
	if (to->robust)
		memcpy(to->m4, from->m4, sizeof(float8) * to->m * to->m * to->m * to->m);
}

PG_FUNCTION_INFO_V1(iapt_ols_combine);
Datum
iapt_ols_combine(PG_FUNCTION_ARGS)
{
	OlsState   *a;
	OlsState   *b;
	size_t		cells;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	a = PG_ARGISNULL(0) ? new_state(fcinfo) : (OlsState *) PG_GETARG_POINTER(0);
	b = (OlsState *) PG_GETARG_POINTER(1);
	if (b->n == 0)
		PG_RETURN_POINTER(a);
	if (a->n == 0)
	{
		state_copy_into(fcinfo, a, b);
		PG_RETURN_POINTER(a);
	}
	if (a->p != b->p)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x of ols_fit has %d elements in one row and %d in another", a->p, b->p),
				 errdetail("Every row's x must have the same number of regressors.")));
	/* b is read only: moved to a's shift in a copy */
	{
		OlsState   *copy = new_state(fcinfo);

		state_copy_into(fcinfo, copy, b);
		b = copy;
	}
	fill_symmetric(a);
	fill_symmetric(b);
	reshift(b, a->shift);
	a->n += b->n;
	cells = (size_t) a->m * a->m;
	for (size_t i = 0; i < cells; i++)
		a->m2[i] += b->m2[i];
	if (a->robust)
	{
		cells *= (size_t) a->m * a->m;
		for (size_t i = 0; i < cells; i++)
			a->m4[i] += b->m4[i];
	}
	pfree(b->shift);
	pfree(b->m2);
	if (b->m4)
		pfree(b->m4);
	pfree(b);
	PG_RETURN_POINTER(a);
}

/* Serialized: p (int32), n (int64), then when n > 0 shift, M2 and M4 in full. */
PG_FUNCTION_INFO_V1(iapt_ols_serialize);
Datum
iapt_ols_serialize(PG_FUNCTION_ARGS)
{
	OlsState   *s = (OlsState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, s->n > 0 ? s->p : -1);
	pq_sendint64(&buf, s->n);
	if (s->n > 0)
	{
		size_t		cells = (size_t) s->m * s->m;

		fill_symmetric(s);
		for (int i = 0; i < s->m; i++)
			pq_sendfloat8(&buf, s->shift[i]);
		for (size_t i = 0; i < cells; i++)
			pq_sendfloat8(&buf, s->m2[i]);
		if (s->robust)
			for (size_t i = 0; i < cells * cells; i++)
				pq_sendfloat8(&buf, s->m4[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static size_t
serialized_size(int p)
{
	size_t		m = p + 2;
	size_t		size = 4 + 8;

	if (p < 0)
		return size;
	size += 8 * (m + m * m);
	if (p + 1 <= OLS_MAX_ROBUST)
		size += 8 * m * m * m * m;
	return size;
}

PG_FUNCTION_INFO_V1(iapt_ols_deserialize);
Datum
iapt_ols_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *serialized = PG_GETARG_BYTEA_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(serialized);
	OlsState   *s;
	StringInfoData buf;
	int32		p;
	int64		n;

	buf.data = VARDATA_ANY(serialized);
	buf.len = buf.maxlen = len;
	buf.cursor = 0;
	if (len < 12)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized ols_fit state of %zu bytes", len),
				 errdetail("Expected at least 12 bytes.")));
	p = pq_getmsgint(&buf, 4);
	n = pq_getmsgint64(&buf);
	if (p < -1 || p > OLS_MAX_REGRESSORS || n < 0 || (n == 0) != (p == -1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized ols_fit state"),
				 errdetail("Header of %d regressors and " INT64_FORMAT " rows.", p, n)));
	if (len != serialized_size(p))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid serialized ols_fit state of %zu bytes", len),
				 errdetail("Expected %zu bytes for %d regressors.", serialized_size(p), p)));
	s = new_state(fcinfo);
	if (p >= 0)
	{
		size_t		cells;

		state_size(fcinfo, s, p);
		cells = (size_t) s->m * s->m;
		for (int i = 0; i < s->m; i++)
			s->shift[i] = pq_getmsgfloat8(&buf);
		for (size_t i = 0; i < cells; i++)
			s->m2[i] = pq_getmsgfloat8(&buf);
		if (s->robust)
			for (size_t i = 0; i < cells * cells; i++)
				s->m4[i] = pq_getmsgfloat8(&buf);
		if (s->shift[0] != 0 || M2(s, 0, 0) != (float8) n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid serialized ols_fit state"),
					 errdetail("Its moments do not match its " INT64_FORMAT " rows.", n)));
	}
	s->n = n;
	PG_RETURN_POINTER(s);
}

/* ---------------------------------------------------------------------------
 * The fit
 * ---------------------------------------------------------------------------
 */

/*
 * In place: a (q x q, row-major, symmetric positive definite) to its
 * inverse, by Cholesky. False when a pivot is below the tolerance (a is a
 * correlation matrix: 1 on the diagonal).
 */
static bool
invert_correlation(float8 *a, int q)
{
	float8		l[OLS_MAX_REGRESSORS * OLS_MAX_REGRESSORS] = {0};
	float8		li[OLS_MAX_REGRESSORS * OLS_MAX_REGRESSORS] = {0};

	for (int j = 0; j < q; j++)
	{
		float8		d = a[j * q + j];

		for (int t = 0; t < j; t++)
			d -= l[j * q + t] * l[j * q + t];
		if (!(d > OLS_PIVOT_TOLERANCE))
			return false;
		l[j * q + j] = sqrt(d);
		for (int i = j + 1; i < q; i++)
		{
			float8		v = a[i * q + j];

			for (int t = 0; t < j; t++)
				v -= l[i * q + t] * l[j * q + t];
			l[i * q + j] = v / l[j * q + j];
		}
	}
	/* li = l^-1 (lower triangular) */
	for (int j = 0; j < q; j++)
	{
		li[j * q + j] = 1 / l[j * q + j];
		for (int i = j + 1; i < q; i++)
		{
			float8		v = 0;

			for (int t = j; t < i; t++)
				v -= l[i * q + t] * li[t * q + j];
			li[i * q + j] = v / l[i * q + i];
		}
	}
	/* a^-1 = li^T li */
	for (int i = 0; i < q; i++)
		for (int j = 0; j < q; j++)
		{
			float8		v = 0;

			for (int t = Max(i, j); t < q; t++)
				v += li[t * q + i] * li[t * q + j];
			a[i * q + j] = v;
		}
	return true;
}

/*
 * Whether the HC1 errors se[] (of r, from state s) can be trusted. The meat
 * is a contraction of the degree-4 moments whose terms can be far larger
 * than the result (an ill-conditioned design with large coefficients), so
 * its rounding error is bounded: each moment is a sum of n products, off
 * by at most about n * DBL_EPSILON times the sum of their absolute values,
 * which Cauchy-Schwarz bounds by sqrt(M4[f][f][c][c] M4[h][h][d][d]). That
 * bound goes through the same linear maps as the meat; an HC1 variance
 * whose bound is more than OLS_ROBUST_TOLERANCE of itself is refused.
 */
#define OLS_ROBUST_TOLERANCE 1e-4

static bool
robust_accurate(OlsState *s, const OlsResult *r, const float8 *gamma, const float8 *mean,
				const float8 *xbar, const float8 *sinv, const float8 *se)
{
	int			p = s->p;
	int			k = p + 1;
	float8		n = (float8) s->n;
	float8		eps = DBL_EPSILON * (n + 16);
	float8		hc = n / (n - k);
	float8		a[OLS_MAX_ROBUST];
	float8		alpha[OLS_MAX_ROBUST];

	for (int f = 0; f < k; f++)
	{
		a[f] = 0;
		for (int c = 0; c < s->m; c++)
			a[f] += fabs(gamma[c]) * sqrt(Max(M4(s, f, f, c, c), 0));
	}
	for (int f = 0; f < k; f++)
		alpha[f] = a[f] + (f > 0 ? fabs(mean[f]) * a[0] : 0);
	for (int j = 0; j < k; j++)
	{
		/* row j of A B over u: B = diag(1/n, Sxx^-1), A row 0 = (1, -xbar) */
		float8		bound = 0;

		for (int f = 0; f < k; f++)
		{
			float8		rf;

			if (j > 0)
				rf = f > 0 ? sinv[(j - 1) * p + (f - 1)] : 0;
			else if (f == 0)
				rf = 1 / n;
			else
			{
				rf = 0;
				for (int t = 1; t <= p; t++)
					rf -= xbar[t] * sinv[(t - 1) * p + (f - 1)];
			}
			bound += fabs(rf) * alpha[f];
		}
		bound = hc * eps * bound * bound;
		if (!(bound <= OLS_ROBUST_TOLERANCE * se[j] * se[j]))
			return false;
	}
	return true;
}

/*
 * Finite inputs can still overflow the sums of their products (values near
 * 1e154 squared): a fit from such sums is refused, not given. Robust errors
 * from overflowed degree-4 sums (values near 1e77) are refused by
 * robust_accurate, since their bound is not finite: the fit stands.
 */
pg_attribute_noreturn()
static void
overflow_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sums of products of ols_fit are out of range"),
			 errdetail("Products of values this large overflow double precision."),
			 errhint("Rescale y or x, e.g. divide by a power of 10.")));
}

static void
check_finite(const OlsResult *r)
{
	int			parts = has_standard_errors(r->problem) ? 2 : has_coefficients(r->problem) ? 1 : 0;
	bool		finite = parts == 0 || isfinite(r->r_squared);

	for (int i = 0; i < parts * r->k; i++)
		finite = finite && isfinite(r->values[i]);
	if (!finite)
		overflow_error();
}

static OlsResult *
fit(OlsState *s)
{
	int			p = s->p;
	int			k = p + 1;
	int			m = s->m;
	int			y = p + 1;
	float8		n = (float8) s->n;
	float8		mean[OLS_MAX_COEFFICIENTS + 1];	/* of z */
	float8		cc[(OLS_MAX_COEFFICIENTS + 1) * (OLS_MAX_COEFFICIENTS + 1)];	/* centred, m x m */
	float8		sinv[OLS_MAX_REGRESSORS * OLS_MAX_REGRESSORS];
	float8		scale[OLS_MAX_REGRESSORS];
	float8		b[OLS_MAX_COEFFICIENTS];	/* b[0] unused: slopes 1..p */
	float8		gamma[OLS_MAX_COEFFICIENTS + 1];
	float8		xbar[OLS_MAX_COEFFICIENTS];	/* original means, xbar[0] unused */
	float8		rss;
	float8		syy;
	OlsResult  *r;

	if (s->n == 0)
		return new_result(0, 0, OLS_NO_ROWS);
	if (s->n < k)
		return new_result(k, s->n, OLS_TOO_FEW_ROWS);
	fill_symmetric(s);
	for (int a = 0; a < m * m; a++)
		if (!isfinite(s->m2[a]))
			overflow_error();
	for (int a = 0; a < m; a++)
		mean[a] = M2(s, 0, a) / n;
	for (int a = 1; a < m; a++)
		for (int c = 1; c < m; c++)
			cc[a * m + c] = M2(s, a, c) - M2(s, 0, a) * M2(s, 0, c) / n;

	/* Sxx scaled to correlations; a regressor without spread is singular. */
	for (int j = 1; j <= p; j++)
	{
		float8		v = cc[j * m + j];

		if (!(v > 1e-14 * M2(s, j, j)) || !(v > 0))
			return new_result(k, s->n, OLS_SINGULAR);
		scale[j - 1] = sqrt(v);
	}
	for (int i = 0; i < p; i++)
		for (int j = 0; j < p; j++)
			sinv[i * p + j] = cc[(i + 1) * m + (j + 1)] / (scale[i] * scale[j]);
	if (!invert_correlation(sinv, p))
		return new_result(k, s->n, OLS_SINGULAR);
	for (int i = 0; i < p; i++)
		for (int j = 0; j < p; j++)
			sinv[i * p + j] /= scale[i] * scale[j];

	for (int i = 0; i < p; i++)
	{
		float8		v = 0;

		for (int j = 0; j < p; j++)
			v += sinv[i * p + j] * cc[(j + 1) * m + y];
		b[i + 1] = v;
	}
	/* residual e = gamma . z */
	gamma[y] = 1;
	gamma[0] = -mean[y];
	for (int j = 1; j <= p; j++)
	{
		gamma[j] = -b[j];
		gamma[0] += b[j] * mean[j];
	}
	/* rss = g^T C g over the centred part (the constant drops out) */
	rss = 0;
	for (int a = 1; a < m; a++)
		for (int c = 1; c < m; c++)
			rss += gamma[a] * gamma[c] * cc[a * m + c];
	syy = cc[y * m + y];
	if (!isfinite(rss) || !isfinite(syy))
		overflow_error();
	rss = Max(rss, 0);
	syy = Max(syy, 0);

	r = new_result(k, s->n, s->n == k ? OLS_NO_RESIDUAL_DF
				   : k > OLS_MAX_ROBUST ? OLS_ROBUST_TOO_MANY : OLS_OK);
	r->r_squared = syy > 0 ? Min(Max(1 - rss / syy, 0), 1) : 1;
	/* coefficients in the original scale */
	r->values[0] = s->shift[y] + mean[y];
	for (int j = 1; j <= p; j++)
	{
		xbar[j] = s->shift[j] + mean[j];
		r->values[j] = b[j];
		r->values[0] -= b[j] * xbar[j];
	}
	if (r->problem == OLS_NO_RESIDUAL_DF)
		return r;

	/*
	 * Covariances in the centred coordinates u = (1, x - xbar), where the
	 * intercept alpha = ybar is uncorrelated with the slopes, then
	 * beta_0 = alpha - sum b_j xbar_j: V = A Vu A^T.
	 */
	{
		float8		vu[OLS_MAX_COEFFICIENTS * OLS_MAX_COEFFICIENTS] = {0};
		float8		sigma2 = rss / (n - k);

		for (int pass = 0; pass < (r->problem == OLS_OK ? 2 : 1); pass++)
		{
			float8	   *se = r->values + (pass + 1) * k;

			if (pass == 0)
			{
				vu[0] = sigma2 / n;
				for (int i = 0; i < p; i++)
					for (int j = 0; j < p; j++)
						vu[(i + 1) * k + (j + 1)] = sigma2 * sinv[i * p + j];
			}
			else
			{
				/* meat over z: G[f][g] = sum_cd gamma_c gamma_d M4[f][g][c][d] */
				float8		g[OLS_MAX_ROBUST * OLS_MAX_ROBUST];
				float8		meat[OLS_MAX_ROBUST * OLS_MAX_ROBUST];
				float8		bread[OLS_MAX_ROBUST * OLS_MAX_ROBUST] = {0};
				float8		tmp[OLS_MAX_ROBUST * OLS_MAX_ROBUST];
				float8		hc = n / (n - k);

				for (int f = 0; f < k; f++)
					for (int h = f; h < k; h++)
					{
						float8		v = 0;

						for (int c = 0; c < m; c++)
						{
							float8		vc = 0;

							for (int d = 0; d < m; d++)
								vc += gamma[d] * M4(s, f, h, c, d);
							v += gamma[c] * vc;
						}
						g[f * k + h] = g[h * k + f] = v;
					}
				/* u = T z: u_0 = z_0, u_j = z_j - mean_j z_0 */
				for (int f = 0; f < k; f++)
					for (int h = 0; h < k; h++)
					{
						float8		v = g[f * k + h];

						if (f > 0)
							v -= mean[f] * g[h];
						if (h > 0)
							v -= mean[h] * g[f * k];
						if (f > 0 && h > 0)
							v += mean[f] * mean[h] * g[0];
						meat[f * k + h] = v;
					}
				bread[0] = 1 / n;
				for (int i = 0; i < p; i++)
					for (int j = 0; j < p; j++)
						bread[(i + 1) * k + (j + 1)] = sinv[i * p + j];
				for (int i = 0; i < k; i++)
					for (int j = 0; j < k; j++)
					{
						float8		v = 0;

						for (int t = 0; t < k; t++)
							v += bread[i * k + t] * meat[t * k + j];
						tmp[i * k + j] = v;
					}
				for (int i = 0; i < k; i++)
					for (int j = 0; j < k; j++)
					{
						float8		v = 0;

						for (int t = 0; t < k; t++)
							v += tmp[i * k + t] * bread[t * k + j];
						vu[i * k + j] = hc * v;
					}
			}
			/* V = A Vu A^T: only the diagonal is wanted */
			{
				float8		v0 = vu[0];

				for (int j = 1; j <= p; j++)
				{
					v0 -= 2 * xbar[j] * vu[j];
					for (int t = 1; t <= p; t++)
						v0 += xbar[j] * xbar[t] * vu[j * k + t];
				}
				se[0] = sqrt(Max(v0, 0));
				for (int j = 1; j <= p; j++)
					se[j] = sqrt(Max(vu[j * k + j], 0));
				if (pass == 1 && rss > 0 && !robust_accurate(s, r, gamma, mean, xbar, sinv, se))
				{
					r->problem = OLS_ROBUST_INACCURATE;
					memset(se, 0, sizeof(float8) * k);
				}
			}
		}
	}
	return r;
}

PG_FUNCTION_INFO_V1(iapt_ols_final);
Datum
iapt_ols_final(PG_FUNCTION_ARGS)
{
	OlsState	empty = {.p = -1};
	OlsResult  *r = fit(PG_ARGISNULL(0) ? &empty : (OlsState *) PG_GETARG_POINTER(0));

	check_finite(r);
	PG_RETURN_POINTER(r);
}
