/*
 * What the interval functions share: the normal quantile of a two-sided
 * 95% interval, written once so that compare_rates, proportion_interval
 * (src/compare_rates.c) and observed_expected_interval
 * (src/observed_expected.c) cannot use different digits of it.
 */
#ifndef IAPT_EWS_INTERVALS_H
#define IAPT_EWS_INTERVALS_H

/* Phi^-1(0.975), to the 16 digits a double holds */
#define Z_95 1.959963984540054

#endif
