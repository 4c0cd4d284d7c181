/*
 * The outcome of one referral (one episode of care, PathwayID): the facts
 * that NHS Talking Therapies' outcome flags are derived from, packed in 64
 * bits so the type is fixed-size and passed by value.
 *
 * Only facts are stored (how far the episode got, which anxiety measure,
 * first and last scores, whether each measure is paired); every flag is
 * derived from them by outcome_derive(), so a value can never hold flags
 * that contradict its scores.
 */
#ifndef IAPT_EWS_OUTCOME_H
#define IAPT_EWS_OUTCOME_H

#include "postgres.h"

#include "fmgr.h"

#include "measures.h"

typedef uint64 Outcome;

/* Episode state: open, ended without a course of treatment, or finished. */
typedef enum OutcomeState
{
	OUTCOME_OPEN = 0,
	OUTCOME_ENDED = 1,
	OUTCOME_FINISHED = 2
} OutcomeState;

/*
 * Bit layout. Scores are stored in the measure's recorded unit: whole points,
 * or hundredths for measures recorded to two decimals (Mobility Inventory
 * 1.00-5.00 is 100-500). The state sits in the top bits so that the btree
 * order groups open, ended and finished episodes.
 */
#define OUTCOME_PHQ_FIRST_SHIFT		0
#define OUTCOME_PHQ_LAST_SHIFT		6
#define OUTCOME_PHQ_BITS			6
#define OUTCOME_PHQ_MISSING			63
#define OUTCOME_ANX_FIRST_SHIFT		12
#define OUTCOME_ANX_LAST_SHIFT		21
#define OUTCOME_ANX_BITS			9
#define OUTCOME_ANX_MISSING			511
#define OUTCOME_MEASURE_SHIFT		30
#define OUTCOME_MEASURE_BITS		4
#define OUTCOME_PHQ_PAIRED_BIT		34
#define OUTCOME_ANX_PAIRED_BIT		35
#define OUTCOME_STATE_SHIFT			36
#define OUTCOME_STATE_BITS			2
#define OUTCOME_USED_BITS			38

/* Derived flags (outcome_derive). */
#define OF_FINISHED					(1 << 0)
#define OF_PAIRED					(1 << 1)
#define OF_CASE_AT_START			(1 << 2)
#define OF_NOT_CASE_AT_START		(1 << 3)
#define OF_RECOVERED				(1 << 4)
#define OF_RELIABLY_IMPROVED		(1 << 5)
#define OF_RELIABLY_DETERIORATED	(1 << 6)
#define OF_NO_RELIABLE_CHANGE		(1 << 7)
#define OF_RELIABLY_RECOVERED		(1 << 8)
#define OF_ENDED					(1 << 9)

/* One measure's part of an outcome, unpacked; scores in hundredths. */
typedef struct OutcomeMeasure
{
	MeasureId	measure;
	bool		has_first;
	bool		has_last;
	bool		paired;
	int32		first;
	int32		last;
} OutcomeMeasure;

typedef struct OutcomeFacts
{
	OutcomeState state;
	OutcomeMeasure phq9;
	OutcomeMeasure anxiety;
} OutcomeFacts;

extern Outcome outcome_pack(const OutcomeFacts *facts);
extern void outcome_unpack(Outcome outcome, OutcomeFacts *facts);
extern uint32 outcome_derive(Outcome outcome);

#define DatumGetOutcome(d)		((Outcome) DatumGetInt64(d))
#define OutcomeGetDatum(o)		Int64GetDatum((int64) (o))
#define PG_GETARG_OUTCOME(n)	DatumGetOutcome(PG_GETARG_DATUM(n))
#define PG_RETURN_OUTCOME(o)	return OutcomeGetDatum(o)

#endif
