/*
 * The clinical measure catalogue and the functions that read it:
 * measure_catalogue() (behind the view iapt_ews.measures), is_case() and
 * anxiety_measure().
 */
#include "postgres.h"

#include <ctype.h>

#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "decimal.h"
#include "measures.h"

#define GUIDE_2021 "NHS Digital, A guide to IAPT data and publications (v2.0 dataset, 2021), section 7.4 table; IAPT v2.0 monthly metadata"

/*
 * Ranges and thresholds in hundredths. Where the guide's table says ">" the
 * comparison is strict (Mobility Inventory caseness, PDSS reliable change);
 * everywhere else an equal value counts, as in NHS Digital's published
 * derivations ("PHQ9_FirstScore >= 10", "a reduction of 6 or more").
 */
const MeasureDef iapt_measures[MEASURE_COUNT] = {
	[MEASURE_PHQ9] = {"phq9", "PHQ-9 (depression)", 0, 0, 2700, 1000, true, 600, true,
		"all referrals (depression)", GUIDE_2021},
	[MEASURE_GAD7] = {"gad7", "GAD-7 (generalised anxiety)", 0, 0, 2100, 800, true, 400, true,
		"F41.1, F41.2, F32, F33, any other or none", GUIDE_2021},
	[MEASURE_MI_ALONE] = {"mi_alone", "Mobility Inventory, alone (agoraphobia)", 2, 100, 500, 230, false, 73, true,
		"F40.0", GUIDE_2021 " (caseness > 2.3)"},
	[MEASURE_SPIN] = {"spin", "SPIN (social anxiety)", 0, 0, 6800, 1900, true, 1000, true,
		"F40.1", GUIDE_2021},
	[MEASURE_PDSS] = {"pdss", "PDSS (panic disorder)", 0, 0, 2800, 800, true, 500, false,
		"F41.0", GUIDE_2021 " (reliable change > 5)"},
	[MEASURE_OCI] = {"oci", "OCI, 42 items (obsessive-compulsive disorder)", 0, 0, 16800, 4000, true, 3200, true,
		"F42", GUIDE_2021},
	[MEASURE_PCL5] = {"pcl5", "PCL-5 (post-traumatic stress disorder)", 0, 0, 8000, 3200, true, 1000, true,
		"F43.1", GUIDE_2021},
	[MEASURE_IESR] = {"iesr", "IES-R (post-traumatic stress disorder, data before v2.0)", 0, 0, 8800, 3300, true, 900, true,
		"F43.1 in data before v2.0",
		"IAPT v1.5 data; thresholds 33 and 9 to be confirmed against the v1.5 guide (PCL-5 replaced IES-R in v2.0)"},
	[MEASURE_HAI] = {"hai", "HAI, short week (health anxiety)", 0, 0, 5400, 1800, true, 400, true,
		"F45.2", GUIDE_2021},
};

int
measure_find(const char *code, int len)
{
	for (int id = 0; id < MEASURE_COUNT; id++)
	{
		const char *known = iapt_measures[id].code;

		if ((int) strlen(known) == len && pg_strncasecmp(known, code, len) == 0)
			return id;
	}
	return -1;
}

MeasureId
measure_lookup(const char *code, int len)
{
	int			id = measure_find(code, len);

	if (id >= 0)
		return (MeasureId) id;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown measure \"%.*s\"", len, code),
			 errhint("Known measures: " KNOWN_MEASURES ".")));
	pg_unreachable();
}

MeasureId
measure_lookup_text(text *code)
{
	return measure_lookup(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));
}

/*
 * Spellings already resolved at one call site. Codes are short, and a
 * column holds few spellings ("gad7", "GAD7", ...), so a handful of exact
 * byte strings covers it; past that, or for an overlong code, the plain
 * look-up runs (it is also what raises the error for an unknown code).
 */
#define CACHED_SPELLINGS		16
#define CACHED_SPELLING_BYTES	16

typedef struct MeasureSpellingCache
{
	int			count;
	struct
	{
		int			len;
		MeasureId	id;
		char		bytes[CACHED_SPELLING_BYTES];
	}			seen[CACHED_SPELLINGS];
} MeasureSpellingCache;

MeasureId
measure_lookup_cached(FmgrInfo *flinfo, text *code)
{
	const char *bytes = VARDATA_ANY(code);
	int			len = VARSIZE_ANY_EXHDR(code);
	MeasureSpellingCache *cache;
	MeasureId	id;

	if (flinfo == NULL)
		return measure_lookup(bytes, len);
	cache = (MeasureSpellingCache *) flinfo->fn_extra;
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(MeasureSpellingCache));
		flinfo->fn_extra = cache;
	}
	for (int i = 0; i < cache->count; i++)
		if (cache->seen[i].len == len && memcmp(cache->seen[i].bytes, bytes, len) == 0)
			return cache->seen[i].id;

	id = measure_lookup(bytes, len);
	if (cache->count < CACHED_SPELLINGS && len <= CACHED_SPELLING_BYTES)
	{
		cache->seen[cache->count].len = len;
		cache->seen[cache->count].id = id;
		memcpy(cache->seen[cache->count].bytes, bytes, len);
		cache->count++;
	}
	return id;
}

char *
measure_score_text(MeasureId id, int32 hundredths)
{
	int			decimals = iapt_measures[id].decimals;

	return decimal_to_cstring(hundredths, SCORE_SCALE_DIGITS, decimals);
}

static void pg_attribute_noreturn()
report_out_of_range(MeasureId id, const char *value)
{
	const MeasureDef *m = &iapt_measures[id];

	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s score %s is out of range", m->code, value),
			 errdetail("%s scores range from %s to %s.", m->name,
					   measure_score_text(id, m->min_score),
					   measure_score_text(id, m->max_score))));
}

static void pg_attribute_noreturn()
report_too_precise(MeasureId id, const char *value)
{
	const MeasureDef *m = &iapt_measures[id];

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s score %s has more decimal places than the measure records",
					m->code, value),
			 m->decimals == 0
			 ? errdetail("%s scores are whole numbers.", m->name)
			 : errdetail("%s scores are recorded to %d decimal places.",
						 m->name, m->decimals)));
}

void
measure_report_int_out_of_range(MeasureId id, int64 score)
{
	char		text[24];

	/* The numeric of a whole number prints as its digits, as here. */
	snprintf(text, sizeof(text), INT64_FORMAT, score);
	report_out_of_range(id, text);
}

int32
measure_score_from_scaled(MeasureId id, int64 scaled, int scale)
{
	const MeasureDef *m = &iapt_measures[id];
	int64		divisor = 1;
	int64		hundredths;

	Assert(scale >= SCORE_SCALE_DIGITS && scale <= 8);
	for (int i = SCORE_SCALE_DIGITS; i < scale; i++)
		divisor *= 10;
	if (scaled % divisor != 0)
		report_too_precise(id, decimal_to_cstring(scaled, scale, 0));
	hundredths = scaled / divisor;
	if (hundredths < m->min_score || hundredths > m->max_score)
		report_out_of_range(id, decimal_to_cstring(scaled, scale, 0));
	if (m->decimals == 0 && hundredths % SCORE_UNIT != 0)
		report_too_precise(id, decimal_to_cstring(scaled, scale, 0));
	return (int32) hundredths;
}

int32
measure_score_from_numeric(MeasureId id, Datum score)
{
	const MeasureDef *m = &iapt_measures[id];
	int64		hundredths;

	switch (decimal_read_scaled(score, SCORE_SCALE_DIGITS, &hundredths))
	{
		case DECIMAL_OK:
			break;
		case DECIMAL_TOO_PRECISE:
			report_too_precise(id, decimal_numeric_text(score));
			break;
		case DECIMAL_NOT_FINITE:
		case DECIMAL_OUT_OF_RANGE:
			report_out_of_range(id, decimal_numeric_text(score));
			break;
	}
	if (hundredths < m->min_score || hundredths > m->max_score)
		report_out_of_range(id, decimal_numeric_text(score));
	if (m->decimals == 0 && hundredths % SCORE_UNIT != 0)
		report_too_precise(id, decimal_numeric_text(score));
	return (int32) hundredths;
}

/*
 * ICD-10 codes arrive as "F41.0", "F410", "f41.0 " or with a fifth
 * character ("F4000"); dots and blanks are ignored and the code is matched
 * by prefix, so every subdivision of F42 maps to the OCI.
 */
MeasureId
measure_for_icd10(const char *icd10, int len)
{
	static const struct
	{
		const char *prefix;
		MeasureId	measure;
	}			map[] = {
		{"F400", MEASURE_MI_ALONE},
		{"F401", MEASURE_SPIN},
		{"F410", MEASURE_PDSS},
		{"F42", MEASURE_OCI},
		{"F431", MEASURE_PCL5},
		{"F452", MEASURE_HAI},
	};
	char		code[8];
	int			n = 0;

	for (int i = 0; i < len && n < (int) sizeof(code) - 1; i++)
	{
		unsigned char c = (unsigned char) icd10[i];

		if (c == '.' || isspace(c))
			continue;
		code[n++] = pg_toupper(c);
	}
	code[n] = '\0';

	for (int i = 0; i < (int) lengthof(map); i++)
		if (strncmp(code, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].measure;
	return MEASURE_GAD7;
}

PG_FUNCTION_INFO_V1(iapt_measure_catalogue);
Datum
iapt_measure_catalogue(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int id = 0; id < MEASURE_COUNT; id++)
	{
		const MeasureDef *m = &iapt_measures[id];
		Datum		values[11];
		bool		nulls[11] = {0};

		values[0] = CStringGetTextDatum(m->code);
		values[1] = CStringGetTextDatum(m->name);
		values[2] = decimal_make_numeric(m->min_score, SCORE_SCALE_DIGITS, SCORE_SCALE_DIGITS);
		values[3] = decimal_make_numeric(m->max_score, SCORE_SCALE_DIGITS, SCORE_SCALE_DIGITS);
		values[4] = decimal_make_numeric(m->caseness, SCORE_SCALE_DIGITS, SCORE_SCALE_DIGITS);
		values[5] = BoolGetDatum(m->caseness_inclusive);
		values[6] = decimal_make_numeric(m->reliable_change, SCORE_SCALE_DIGITS, SCORE_SCALE_DIGITS);
		values[7] = BoolGetDatum(m->reliable_change_inclusive);
		values[8] = Int32GetDatum(m->decimals);
		values[9] = CStringGetTextDatum(m->icd10);
		values[10] = CStringGetTextDatum(m->source);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(iapt_is_case);
Datum
iapt_is_case(PG_FUNCTION_ARGS)
{
	MeasureId	id = measure_lookup_cached(fcinfo->flinfo, PG_GETARG_TEXT_PP(0));

	PG_RETURN_BOOL(measure_is_case(id, measure_score_from_numeric(id, PG_GETARG_DATUM(1))));
}

PG_FUNCTION_INFO_V1(iapt_is_reliable_change);
Datum
iapt_is_reliable_change(PG_FUNCTION_ARGS)
{
	MeasureId	id = measure_lookup_cached(fcinfo->flinfo, PG_GETARG_TEXT_PP(0));
	int32		first = measure_score_from_numeric(id, PG_GETARG_DATUM(1));
	int32		last = measure_score_from_numeric(id, PG_GETARG_DATUM(2));

	PG_RETURN_BOOL(measure_is_reliable_change(id, last - first));
}

PG_FUNCTION_INFO_V1(iapt_anxiety_measure);
Datum
iapt_anxiety_measure(PG_FUNCTION_ARGS)
{
	MeasureId	id = MEASURE_GAD7;

	if (!PG_ARGISNULL(0))
	{
		text	   *icd10 = PG_GETARG_TEXT_PP(0);

		id = measure_for_icd10(VARDATA_ANY(icd10), VARSIZE_ANY_EXHDR(icd10));
	}
	PG_RETURN_TEXT_P(cstring_to_text(iapt_measures[id].code));
}
