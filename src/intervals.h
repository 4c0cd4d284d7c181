/*
 * What the interval functions share: the normal quantile of a two-sided
 * 95% interval, written once so that compare_rates, proportion_interval
 * (src/compare_rates.c) and observed_expected_interval
 * (src/observed_expected.c) cannot use different digits of it; and the
 * Student t functions of compare_means and ols_confidence_interval.
 */
#ifndef IAPT_EWS_INTERVALS_H
#define IAPT_EWS_INTERVALS_H

/* Phi^-1(0.975), to the 16 digits a double holds */
#define Z_95 1.959963984540054

/*
 * Student's t (src/student_t.c), df > 0 and possibly fractional:
 * P(|T| > |t|), and the t of a two-sided 95% interval (P(|T| > t) = 0.05).
 */
extern double student_t_two_sided_p(double t, double df);
extern double student_t_quantile_95(double df);

#endif
