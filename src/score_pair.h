/*
 * score_pair: the first and the last score of one measure within a group
 * (a referral), with when they were recorded and how many scores there were.
 * Built by the aggregate pair_scores(recorded_at, score) in O(1) state.
 */
#ifndef IAPT_EWS_SCORE_PAIR_H
#define IAPT_EWS_SCORE_PAIR_H

#include "postgres.h"

#include "fmgr.h"
#include "datatype/timestamp.h"

/* Scores are held exactly as value * 10^4 (four decimal places). */
#define SCORE_PAIR_SCALE_DIGITS	4

typedef struct ScorePair
{
	int64		count;			/* scores seen, >= 1 */
	TimestampTz first_at;
	TimestampTz last_at;
	int64		first;			/* value * 10^4 */
	int64		last;
} ScorePair;

#define DatumGetScorePair(d)	((ScorePair *) DatumGetPointer(d))
#define ScorePairGetDatum(p)	PointerGetDatum(p)
#define PG_GETARG_SCORE_PAIR(n) DatumGetScorePair(PG_GETARG_DATUM(n))
#define PG_RETURN_SCORE_PAIR(p) return ScorePairGetDatum(p)

/* A pair needs two scores on different contacts (docs/definitions.md, "Per referral"). */
static inline bool
score_pair_is_paired(const ScorePair *sp)
{
	return sp->first_at < sp->last_at;
}

#endif
