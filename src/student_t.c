/*
 * Student's t distribution, for the intervals that need it: the Welch
 * interval of compare_means (src/compare_means.c) and the coefficient
 * intervals of ols_confidence_interval (src/ols.c). Degrees of freedom may
 * be fractional (Welch-Satterthwaite).
 *
 * The two-sided tail P(|T| > t) is the regularized incomplete beta function
 * I_x(df/2, 1/2) at x = df / (df + t^2), evaluated by its continued fraction
 * (modified Lentz; Press et al., Numerical Recipes, 3rd ed., section 6.4),
 * with the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction
 * converges slowly. The quantile is found by bisection on that tail, which
 * falls monotonically in t: slow next to Newton's method (about 60 steps)
 * but it cannot step outside the bracket. Beyond 1e7 degrees of freedom
 * the normal quantile is used: the t quantile differs from it by less
 * than 1e-7 there.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "intervals.h"

/* Smallest magnitude the fraction's terms may take (Lentz's guard). */
#define LENTZ_TINY 1e-300

/*
 * One step of the modified Lentz recurrence: the new D and C from the
 * coefficient aa, each kept off zero; returns the factor C * D by which
 * the fraction's value moves.
 */
static double
lentz_step(double aa, double *c, double *d)
{
	*d = 1 + aa * *d;
	if (fabs(*d) < LENTZ_TINY)
		*d = LENTZ_TINY;
	*c = 1 + aa / *c;
	if (fabs(*c) < LENTZ_TINY)
		*c = LENTZ_TINY;
	*d = 1 / *d;
	return *d * *c;
}

/* Continued fraction of I_x(a, b) (Numerical Recipes' betacf). */
static double
beta_fraction(double a, double b, double x)
{
	double		qab = a + b;
	double		qap = a + 1;
	double		qam = a - 1;
	double		c = 1;
	double		d = 1 - qab * x / qap;
	double		h;

	if (fabs(d) < LENTZ_TINY)
		d = LENTZ_TINY;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 100000; m++)
	{
		int			m2 = 2 * m;
		double		del;

		/* the even step, then the odd one */
		h *= lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), &c, &d);
		del = lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), &c, &d);
		h *= del;
		if (fabs(del - 1) < 4 * DBL_EPSILON)
			break;
	}
	return h;
}

/* The regularized incomplete beta function I_x(a, b), a, b > 0. */
static double
incomplete_beta(double a, double b, double x)
{
	double		front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_fraction(a, b, x) / a;
	return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double
student_t_two_sided_p(double t, double df)
{
	if (isinf(df))
		return erfc(fabs(t) / M_SQRT2);
	if (isinf(t))
		return 0;
	return incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

double
student_t_quantile_95(double df)
{
	double		low = 0;
	double		high = 2 * Z_95;

	if (df > 1e7)
		return Z_95;
	/* The tail at high must be below 0.05 (at df = 1e-3, t is about 1e1300:
	 * beyond a double; df below about 0.15 gives infinity). */
	while (student_t_two_sided_p(high, df) > 0.05)
	{
		high *= 2;
		if (isinf(high))
			return INFINITY;
	}
	for (int i = 0; i < 200 && high - low > 4 * DBL_EPSILON * high; i++)
	{
		double		mid = (low + high) / 2;

		if (student_t_two_sided_p(mid, df) > 0.05)
			low = mid;
		else
			high = mid;
	}
	return (low + high) / 2;
}
