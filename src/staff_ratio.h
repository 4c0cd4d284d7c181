/*
 * staff_ratio: employment adviser (EA) staffing against therapist staffing,
 * both in whole-time equivalents (WTE), held exactly in hundredths of a WTE.
 */
#ifndef IAPT_EWS_STAFF_RATIO_H
#define IAPT_EWS_STAFF_RATIO_H

#include "postgres.h"

#include "fmgr.h"

#define WTE_SCALE_DIGITS	2

/* Far beyond any workforce (10^13 WTE), and products of two fit in int128. */
#define WTE_MAX_HUNDREDTHS	INT64CONST(1000000000000000)

typedef struct StaffRatio
{
	int64		ea;				/* EA WTE x 100 */
	int64		therapists;		/* therapist WTE x 100 */
} StaffRatio;

#define DatumGetStaffRatio(d)		((StaffRatio *) DatumGetPointer(d))
#define PG_GETARG_STAFF_RATIO(n)	DatumGetStaffRatio(PG_GETARG_DATUM(n))
#define PG_RETURN_STAFF_RATIO(p)	return PointerGetDatum(p)

/* Add staffing to a ratio, with the range checked. */
extern void staff_ratio_accumulate(StaffRatio *into, int64 ea, int64 therapists);

#endif
