/*
 * Shared by the aggregates' support functions: their memory context, and a
 * clean error when someone calls a transition function by hand.
 */
#ifndef IAPT_EWS_AGGREGATE_SUPPORT_H
#define IAPT_EWS_AGGREGATE_SUPPORT_H

#include "postgres.h"

#include "fmgr.h"

/* The aggregate's memory context; 0A000 outside an aggregate. */
static inline MemoryContext
aggregate_memory(FunctionCallInfo fcinfo, const char *aggregate)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("support function of aggregate %s called outside the aggregate", aggregate),
				 errhint("Call iapt_ews.%s() itself.", aggregate)));
	return aggcontext;
}

#endif
