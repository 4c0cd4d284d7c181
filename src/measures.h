/*
 * The clinical measure catalogue: ranges, caseness and reliable change of
 * every outcome measure NHS Talking Therapies uses. This array is the one
 * source of truth; SQL sees it as the view iapt_ews.measures.
 */
#ifndef IAPT_EWS_MEASURES_H
#define IAPT_EWS_MEASURES_H

#include "postgres.h"

#include "fmgr.h"

typedef enum MeasureId
{
	MEASURE_PHQ9 = 0,
	MEASURE_GAD7,
	MEASURE_MI_ALONE,
	MEASURE_SPIN,
	MEASURE_PDSS,
	MEASURE_OCI,
	MEASURE_PCL5,
	MEASURE_IESR,
	MEASURE_HAI,
	MEASURE_COUNT
} MeasureId;

/* Scores are held in hundredths, so 2.30 on the Mobility Inventory is 230. */
#define SCORE_SCALE_DIGITS	2
#define SCORE_UNIT			100

typedef struct MeasureDef
{
	const char *code;
	const char *name;
	int			decimals;		/* 0: whole scores; 2: item means */
	int32		min_score;		/* hundredths */
	int32		max_score;
	int32		caseness;		/* case when score >= (or >) this */
	bool		caseness_inclusive;
	int32		reliable_change;	/* reliable when |change| >= (or >) this */
	bool		reliable_change_inclusive;
	const char *icd10;			/* provisional diagnoses it serves */
	const char *source;
} MeasureDef;

extern const MeasureDef iapt_measures[MEASURE_COUNT];

#define KNOWN_MEASURES "phq9, gad7, mi_alone, spin, pdss, oci, pcl5, iesr, hai"

/* Case-insensitive look-up: the MeasureId, or -1 when unknown. */
extern int	measure_find(const char *code, int len);
/* Case-insensitive look-up; unknown codes raise 22023 listing the codes. */
extern MeasureId measure_lookup(const char *code, int len);
extern MeasureId measure_lookup_text(text *code);
/*
 * measure_lookup_text that remembers, in flinfo->fn_extra, the spellings it
 * has already resolved for this call site, so a column of measure codes is
 * matched with one short memcmp a row. flinfo may be NULL (no cache).
 */
extern MeasureId measure_lookup_cached(FmgrInfo *flinfo, text *code);

/* A numeric score in hundredths, checked against range and precision. */
extern int32 measure_score_from_numeric(MeasureId id, Datum score);
/* The same checks for a score held as value * 10^scale (scale >= 2). */
extern int32 measure_score_from_scaled(MeasureId id, int64 scaled, int scale);
/* The out-of-range error of measure_score_from_numeric for a whole score. */
extern void measure_report_int_out_of_range(MeasureId id, int64 score) pg_attribute_noreturn();

/*
 * A whole-number score in hundredths: the checks and messages of
 * measure_score_from_numeric for the numeric of the same value, without
 * making that numeric (a whole number is never too precise).
 */
static inline int32
measure_score_from_int(MeasureId id, int32 score)
{
	const MeasureDef *m = &iapt_measures[id];
	int64		hundredths = (int64) score * SCORE_UNIT;

	if (unlikely(hundredths < m->min_score || hundredths > m->max_score))
		measure_report_int_out_of_range(id, score);
	return (int32) hundredths;
}

static inline bool
measure_is_case(MeasureId id, int32 hundredths)
{
	const MeasureDef *m = &iapt_measures[id];

	return m->caseness_inclusive ? hundredths >= m->caseness
		: hundredths > m->caseness;
}

/* Is a change of this size (either direction) a reliable change? */
static inline bool
measure_is_reliable_change(MeasureId id, int32 change)
{
	const MeasureDef *m = &iapt_measures[id];
	int32		size = change < 0 ? -change : change;

	return m->reliable_change_inclusive ? size >= m->reliable_change
		: size > m->reliable_change;
}

/* Anxiety measure for an ICD-10 provisional diagnosis (NULL: GAD-7). */
extern MeasureId measure_for_icd10(const char *icd10, int len);

/* Score text as the measure records it: "18", "2.30". */
extern char *measure_score_text(MeasureId id, int32 hundredths);

#endif
