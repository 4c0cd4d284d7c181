/*
 * Planner support of classify(numeric, ...): a call whose four scores are
 * integers made into numeric (integer columns, say) becomes a call of
 * classify_integer on the integers themselves, so that no numeric is made
 * per row. A second signature classify(integer, ...) would do the same for
 * integer columns, but would make calls with smallint scores, or with every
 * score a bare NULL, ambiguous; this keeps one signature and resolves every
 * call as before.
 *
 * Kept apart from outcome.c, which the libFuzzer harness links without the
 * planner.
 */
#include "postgres.h"

#include "export.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/supportnodes.h"
#include "parser/parse_func.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"

#include "decimal.h"

/*
 * The score arguments of classify(numeric, ...) at plan time, as integer
 * expressions when they are integers turned into numeric: a cast from
 * integer or smallint, NULL, or a constant that prints as a whole number
 * ("12", not "12.0", so that error messages print the same). NULL when the
 * argument is anything else.
 */
static Node *
integer_form_of_score(Node *arg)
{
	if (IsA(arg, FuncExpr))
	{
		FuncExpr   *cast = (FuncExpr *) arg;

		if (cast->funcid == F_NUMERIC_INT4 && list_length(cast->args) == 1)
			return (Node *) linitial(cast->args);
		if (cast->funcid == F_NUMERIC_INT2 && list_length(cast->args) == 1)
			return (Node *) makeFuncExpr(F_INT4_INT2, INT4OID, list_make1(linitial(cast->args)),
										 InvalidOid, InvalidOid, COERCE_IMPLICIT_CAST);
		return NULL;
	}
	if (IsA(arg, Const) && ((Const *) arg)->consttype == NUMERICOID)
	{
		Const	   *c = (Const *) arg;
		int64		whole;
		char		digits[24];

		if (c->constisnull)
			return (Node *) makeNullConst(INT4OID, -1, InvalidOid);
		if (decimal_read_scaled(c->constvalue, 0, &whole) != DECIMAL_OK ||
			whole < PG_INT32_MIN || whole > PG_INT32_MAX)
			return NULL;
		snprintf(digits, sizeof(digits), INT64_FORMAT, whole);
		if (strcmp(digits, decimal_numeric_text(c->constvalue)) != 0)
			return NULL;
		return (Node *) makeConst(INT4OID, -1, InvalidOid, sizeof(int32),
								  Int32GetDatum((int32) whole), false, true);
	}
	return NULL;
}

/* classify_integer, found beside classify (the extension's schema). */
static Oid
classify_integer_oid(Oid classify_oid)
{
	Oid			argtypes[] = {INT4OID, INT4OID, TEXTOID, INT4OID, INT4OID, INT4OID, BOOLOID};
	char	   *schema = get_namespace_name(get_func_namespace(classify_oid));

	if (schema == NULL)
		return InvalidOid;
	return LookupFuncName(list_make2(makeString(schema), makeString("classify_integer")),
						  lengthof(argtypes), argtypes, true);
}

/*
 * Support function of classify(numeric, ...): when all four scores are
 * integers turned into numeric (integer columns, say), the call becomes
 * classify_integer on the integers themselves, so no numeric is made per
 * row. Both give the same outcome and the same errors for every input (the
 * regression test compares them over every score of every measure). Calls
 * whose arguments are all constants are folded before this runs.
 */
PG_FUNCTION_INFO_V1(iapt_classify_support);
Datum
iapt_classify_support(PG_FUNCTION_ARGS)
{
	static const int score_args[] = {0, 1, 3, 4};
	Node	   *request = (Node *) PG_GETARG_POINTER(0);
	FuncExpr   *call;
	List	   *args;
	Oid			integer_oid;
	FuncExpr   *rewritten;

	if (!IsA(request, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	call = ((SupportRequestSimplify *) request)->fcall;
	if (list_length(call->args) != 7)
		PG_RETURN_POINTER(NULL);

	args = list_copy(call->args);
	for (int i = 0; i < (int) lengthof(score_args); i++)
	{
		Node	   *integer_form = integer_form_of_score(list_nth(args, score_args[i]));

		if (integer_form == NULL)
			PG_RETURN_POINTER(NULL);
		lfirst(list_nth_cell(args, score_args[i])) = integer_form;
	}
	integer_oid = classify_integer_oid(call->funcid);
	if (!OidIsValid(integer_oid))
		PG_RETURN_POINTER(NULL);

	rewritten = makeFuncExpr(integer_oid, call->funcresulttype, args, call->funccollid,
							 call->inputcollid, call->funcformat);
	rewritten->location = call->location;
	PG_RETURN_POINTER(rewritten);
}
