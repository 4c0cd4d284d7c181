/*
 * Secondary suppression (docs/definitions.md, "Disclosure control"): where a
 * published total is the sum of published parts, differencing must not show
 * a withheld part to be non-zero.
 *
 * A published count r stands for a true count in [max(r - 2, 5), r + 2], a
 * withheld one for [0, 4]. So the withheld parts add up to at least
 * lo(total) - sum(hi(published parts)); when that is more than all the
 * withheld parts but one could hold (4 each), differencing shows every one
 * of them to be at least 1, and the smallest published part is withheld as
 * well (ties all of them), or the total when every part is withheld.
 *
 * The rule is written once, here (parts_disclose). The SQL functions take
 * the parts as an array (a total beside its categories), or as the three
 * figures a window over the parts gives (a level's organisations beside
 * England: key_metrics_published), and are C so that a reader of a
 * published view needs no USAGE on the extension's schema to run them.
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "common/int.h"
#include "export.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(iapt_parts_disclosed);
PG_FUNCTION_INFO_V1(iapt_suppress_part);
PG_FUNCTION_INFO_V1(iapt_suppress_total);
PG_FUNCTION_INFO_V1(iapt_suppress_part_of_sum);

/* What a reader knows of a set of published parts. */
typedef struct PublishedParts
{
	int64		withheld;		/* parts withheld (NULL) */
	int64		shown;			/* parts published */
	int64		shown_high;		/* sum of r + 2 over the published parts */
	bool		shown_high_overflows;	/* more than any int64: discloses nothing */
	int64		smallest_shown; /* valid when shown > 0 */
} PublishedParts;

/*
 * Whether a published total (not withheld) and its parts show a withheld
 * part to be non-zero.
 */
static bool
parts_disclose(int64 total, const PublishedParts *parts)
{
	int64		total_low;
	int64		withheld_low;

	if (parts->withheld <= 0 || parts->shown_high_overflows)
		return false;
	total_low = total - 2 < 5 ? 5 : total - 2;
	if (pg_sub_s64_overflow(total_low, parts->shown_high, &withheld_low))
		return false;
	/* 4 * (withheld - 1): withheld <= array length, far below overflow */
	return withheld_low > 4 * (parts->withheld - 1);
}

/* The published parts of an int8[] (NULL elements withheld). */
static void
published_parts_from_array(ArrayType *array, PublishedParts *parts)
{
	Datum	   *values;
	bool	   *nulls;
	int			count;

	if (ARR_ELEMTYPE(array) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("parts must be a bigint[], not %s[]", format_type_be(ARR_ELEMTYPE(array)))));
	deconstruct_array(array, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &values, &nulls, &count);
	memset(parts, 0, sizeof(*parts));
	for (int i = 0; i < count; i++)
	{
		int64		part;
		int64		high;

		if (nulls[i])
		{
			parts->withheld++;
			continue;
		}
		part = DatumGetInt64(values[i]);
		if (parts->shown == 0 || part < parts->smallest_shown)
			parts->smallest_shown = part;
		parts->shown++;
		if (pg_add_s64_overflow(part, 2, &high) ||
			pg_add_s64_overflow(parts->shown_high, high, &parts->shown_high))
			parts->shown_high_overflows = true;
	}
}

/* parts_disclosed(total bigint, parts bigint[]) */
Datum
iapt_parts_disclosed(PG_FUNCTION_ARGS)
{
	PublishedParts parts;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	published_parts_from_array(PG_GETARG_ARRAYTYPE_P(1), &parts);
	PG_RETURN_BOOL(parts_disclose(PG_GETARG_INT64(0), &parts));
}

/* A part kept or withheld, given its total and what is known of the parts. */
static Datum
part_or_withheld(FunctionCallInfo fcinfo, int64 part, bool total_known, int64 total,
				 const PublishedParts *parts)
{
	if (total_known && parts->shown > 0 && part <= parts->smallest_shown &&
		parts_disclose(total, parts))
		PG_RETURN_NULL();
	PG_RETURN_INT64(part);
}

/* suppress_part(part bigint, total bigint, parts bigint[]) */
Datum
iapt_suppress_part(PG_FUNCTION_ARGS)
{
	PublishedParts parts;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_INT64(PG_GETARG_INT64(0));
	published_parts_from_array(PG_GETARG_ARRAYTYPE_P(2), &parts);
	return part_or_withheld(fcinfo, PG_GETARG_INT64(0), true, PG_GETARG_INT64(1), &parts);
}

/*
 * suppress_part(part bigint, total bigint, withheld_parts bigint,
 *               shown_parts_high bigint, smallest_shown bigint): the same
 * rule from what a window over the parts gives: how many are withheld, the
 * sum of r + 2 over the published ones, and the smallest published one.
 */
Datum
iapt_suppress_part_of_sum(PG_FUNCTION_ARGS)
{
	PublishedParts parts;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(4))
		PG_RETURN_INT64(PG_GETARG_INT64(0));
	memset(&parts, 0, sizeof(parts));
	parts.withheld = PG_GETARG_INT64(2);
	if (parts.withheld < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("withheld_parts %lld is negative", (long long) parts.withheld),
				 errhint("Pass how many of the parts are withheld (NULL).")));
	parts.shown = 1;			/* smallest_shown is not NULL */
	parts.smallest_shown = PG_GETARG_INT64(4);
	if (PG_ARGISNULL(3))
		parts.shown_high = 0;
	else
		parts.shown_high = PG_GETARG_INT64(3);
	return part_or_withheld(fcinfo, PG_GETARG_INT64(0), true, PG_GETARG_INT64(1), &parts);
}

/* suppress_total(total bigint, parts bigint[]) */
Datum
iapt_suppress_total(PG_FUNCTION_ARGS)
{
	PublishedParts parts;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_INT64(PG_GETARG_INT64(0));
	published_parts_from_array(PG_GETARG_ARRAYTYPE_P(1), &parts);
	if (parts.shown == 0 && parts_disclose(PG_GETARG_INT64(0), &parts))
		PG_RETURN_NULL();
	PG_RETURN_INT64(PG_GETARG_INT64(0));
}
