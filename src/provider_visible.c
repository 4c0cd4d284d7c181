/*
 * provider_visible(provider_code, mapping): the provider filter every
 * reporting view and row-level security policy applies at its base.
 *
 * The filter used to be ARRAY[provider_code, '*'] && (SELECT
 * visible_providers(mapping)). Its answer is right, but the planner cannot
 * see into the sub-select, so it costs the filter at the fixed 0.5% of an
 * unknown array overlap: 40,000 visible referrals are planned as about 200,
 * and the joins above them become nested loops that rescan a view per row
 * (issue #16: minutes instead of seconds). Here the same rule is one
 * function with a planner support function that works out, at plan time,
 * which providers the caller sees and how many rows they hold: the
 * selectivity of provider_code = ANY (those providers), from the column's
 * own statistics, or 1 when the caller sees every provider.
 *
 * At run time visible_providers(mapping) is called once per query (kept in
 * fn_extra) and each row is one binary search of the sorted codes.
 */
#include "postgres.h"

#include "export.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"

/* The providers one query's caller may see, sorted for bsearch. */
typedef struct VisibleProviders
{
	Oid			mapping;
	bool		every_provider; /* '*' among them */
	int			count;
	char	  **codes;
} VisibleProviders;

/*
 * visible_providers(regclass), found beside the function being called, in
 * the catalogue itself: a lookup by qualified name would check the caller's
 * USAGE on the extension's schema, which a reader of a report need not
 * have (the view names its functions by identity, so reading it does not
 * need it either).
 */
static Oid
visible_providers_oid(Oid beside_function)
{
	Oid			argtypes[] = {REGCLASSOID};
	Oid			found = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid,
										CStringGetDatum("visible_providers"),
										PointerGetDatum(buildoidvector(argtypes, lengthof(argtypes))),
										ObjectIdGetDatum(get_func_namespace(beside_function)));

	if (!OidIsValid(found))
		elog(ERROR, "function visible_providers(regclass) not found beside function %u", beside_function);
	return found;
}

/* visible_providers(mapping) as a text[] Datum (never NULL: it is STRICT
 * and answers '{}' for a caller mapped to nothing). */
static ArrayType *
call_visible_providers(Oid beside_function, Oid mapping)
{
	Datum		result = OidFunctionCall1(visible_providers_oid(beside_function),
										  ObjectIdGetDatum(mapping));

	return DatumGetArrayTypeP(result);
}

static int
compare_codes(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The caller's providers, copied into mcxt and sorted. */
static VisibleProviders *
load_visible_providers(MemoryContext mcxt, Oid beside_function, Oid mapping)
{
	ArrayType  *providers = call_visible_providers(beside_function, mapping);
	Datum	   *elements;
	bool	   *nulls;
	int			n;
	VisibleProviders *visible;
	MemoryContext old;

	deconstruct_array(providers, TEXTOID, -1, false, TYPALIGN_INT, &elements, &nulls, &n);
	old = MemoryContextSwitchTo(mcxt);
	visible = palloc0(sizeof(VisibleProviders));
	visible->mapping = mapping;
	visible->codes = palloc(sizeof(char *) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		char	   *code;

		if (nulls[i])
			continue;
		code = TextDatumGetCString(elements[i]);
		if (strcmp(code, "*") == 0)
			visible->every_provider = true;
		visible->codes[visible->count++] = code;
	}
	MemoryContextSwitchTo(old);
	qsort(visible->codes, visible->count, sizeof(char *), compare_codes);
	return visible;
}

PG_FUNCTION_INFO_V1(iapt_provider_visible);

Datum
iapt_provider_visible(PG_FUNCTION_ARGS)
{
	Oid			mapping;
	VisibleProviders *visible = (VisibleProviders *) fcinfo->flinfo->fn_extra;
	char	   *code;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	mapping = PG_GETARG_OID(1);

	/* Once per query (the function is STABLE, so one answer serves it). */
	if (visible == NULL || visible->mapping != mapping)
	{
		visible = load_visible_providers(fcinfo->flinfo->fn_mcxt, fcinfo->flinfo->fn_oid, mapping);
		fcinfo->flinfo->fn_extra = visible;
	}
	/* A row with no provider is every provider's: seen only with *. */
	if (visible->every_provider)
		PG_RETURN_BOOL(true);
	if (visible->count == 0 || PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	code = text_to_cstring(PG_GETARG_TEXT_PP(0));
	PG_RETURN_BOOL(bsearch(&code, visible->codes, visible->count, sizeof(char *), compare_codes) != NULL);
}

/*
 * The selectivity of provider_visible(expression, mapping) for this caller:
 * 1 when every provider is visible; otherwise that of expression = ANY
 * (the visible codes), which the planner works out from the column's most
 * common values; for a caller who sees nothing, the selectivity of a code
 * that is in no row. NULL (the default estimate) when the mapping is not a
 * constant.
 */
static Node *
provider_visible_selectivity(SupportRequestSelectivity *req)
{
	Node	   *provider = linitial(req->args);
	Node	   *mapping_arg = lsecond(req->args);
	VisibleProviders *visible;
	ScalarArrayOpExpr *any_of;
	Datum	   *elements;
	ArrayType  *codes;

	if (req->is_join || !IsA(mapping_arg, Const) || ((Const *) mapping_arg)->constisnull)
		return NULL;
	visible = load_visible_providers(CurrentMemoryContext, req->funcid,
									 DatumGetObjectId(((Const *) mapping_arg)->constvalue));
	if (visible->every_provider)
	{
		req->selectivity = 1.0;
		return (Node *) req;
	}
	elements = palloc(sizeof(Datum) * Max(visible->count, 1));
	for (int i = 0; i < visible->count; i++)
		elements[i] = CStringGetTextDatum(visible->codes[i]);
	/* No provider: estimate as for one code that matches nothing. */
	if (visible->count == 0)
		elements[0] = CStringGetTextDatum("");
	codes = construct_array(elements, Max(visible->count, 1), TEXTOID, -1, false, TYPALIGN_INT);

	any_of = makeNode(ScalarArrayOpExpr);
	any_of->opno = TextEqualOperator;
	any_of->opfuncid = get_opcode(TextEqualOperator);
	any_of->useOr = true;
	any_of->inputcollid = DEFAULT_COLLATION_OID;
	any_of->args = list_make2(provider,
							  makeConst(TEXTARRAYOID, -1, InvalidOid, -1, PointerGetDatum(codes), false, false));
	any_of->location = -1;
	req->selectivity = clause_selectivity(req->root, (Node *) any_of, req->varRelid,
										  req->jointype, req->sjinfo);
	return (Node *) req;
}

PG_FUNCTION_INFO_V1(iapt_provider_visible_support);

Datum
iapt_provider_visible_support(PG_FUNCTION_ARGS)
{
	Node	   *request = (Node *) PG_GETARG_POINTER(0);

	if (IsA(request, SupportRequestSelectivity))
		PG_RETURN_POINTER(provider_visible_selectivity((SupportRequestSelectivity *) request));
	PG_RETURN_POINTER(NULL);
}

/*
 * any_provider_visible(codes, mapping): whether any of the codes is a
 * provider the caller may see. referral_outcome over a stored data set
 * works repeat_referral out with it from each referral's stored
 * earlier_providers. As a scalar function it adds no subplan to the plan,
 * so EXPLAIN ANALYZE shows no per-row count of the array's elements (the
 * unnest() sub-select it replaces showed, for each of the caller's
 * referrals, how many other providers' referrals the person had).
 */
PG_FUNCTION_INFO_V1(iapt_any_provider_visible);

Datum
iapt_any_provider_visible(PG_FUNCTION_ARGS)
{
	VisibleProviders *visible = (VisibleProviders *) fcinfo->flinfo->fn_extra;
	ArrayType  *codes;
	Datum	   *elements;
	bool	   *nulls;
	int			n;
	Oid			mapping;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	mapping = PG_GETARG_OID(1);
	codes = PG_GETARG_ARRAYTYPE_P(0);
	if (ARR_ELEMTYPE(codes) != TEXTOID)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("any_provider_visible needs a text[] of provider codes")));
	if (visible == NULL || visible->mapping != mapping)
	{
		visible = load_visible_providers(fcinfo->flinfo->fn_mcxt, fcinfo->flinfo->fn_oid, mapping);
		fcinfo->flinfo->fn_extra = visible;
	}
	deconstruct_array(codes, TEXTOID, -1, false, TYPALIGN_INT, &elements, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *code;

		if (nulls[i])
			continue;
		if (visible->every_provider)
			PG_RETURN_BOOL(true);
		code = TextDatumGetCString(elements[i]);
		if (visible->count > 0 &&
			bsearch(&code, visible->codes, visible->count, sizeof(char *), compare_codes) != NULL)
			PG_RETURN_BOOL(true);
	}
	PG_RETURN_BOOL(false);
}
