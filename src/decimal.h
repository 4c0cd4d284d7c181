/*
 * Exact fixed-point reading of numeric values.
 *
 * Clinical scores (to 0.01 for the Mobility Inventory) and staffing (to
 * 0.01 WTE) must be compared exactly at thresholds, so they are held as
 * scaled integers. Reading a numeric this way needs no allocation and no
 * text round trip, which is what makes per-row classification cheap.
 */
#ifndef IAPT_EWS_DECIMAL_H
#define IAPT_EWS_DECIMAL_H

#include "postgres.h"

typedef enum DecimalStatus
{
	DECIMAL_OK = 0,
	DECIMAL_NOT_FINITE,			/* NaN, Infinity or -Infinity */
	DECIMAL_TOO_PRECISE,		/* more decimal places than the scale */
	DECIMAL_OUT_OF_RANGE		/* |value| * 10^scale above DECIMAL_MAX_SCALED */
} DecimalStatus;

/* Generous for scores and WTE, and far from int64 overflow. */
#define DECIMAL_MAX_SCALED	INT64CONST(1000000000000000000)

/*
 * Read a numeric Datum as value * 10^scale (0 <= scale <= 8). Trailing
 * zeros do not count as precision: 2.300 read at scale 2 is 230.
 */
extern DecimalStatus decimal_read_scaled(Datum numeric, int scale, int64 *result);

/* A numeric Datum holding scaled / 10^scale, trailing zeros kept to min_decimals. */
extern Datum decimal_make_numeric(int64 scaled, int scale, int min_decimals);

/* Text of scaled / 10^scale, trailing zeros kept to `min_decimals`. */
extern char *decimal_to_cstring(int64 scaled, int scale, int min_decimals);

/* Text of a numeric Datum, for error messages. */
extern char *decimal_numeric_text(Datum numeric);

#endif
