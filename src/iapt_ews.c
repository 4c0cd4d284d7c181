/*
 * iapt_ews: NHS Talking Therapies analytics inside PostgreSQL.
 *
 * Every topic lives in its own file (measures.c, outcome.c, score_pair.c,
 * ...); loading the module only defines the settings, all of them under the
 * reserved prefix iapt_ews.
 */
#include "postgres.h"

#include "export.h"
#include "fmgr.h"
#include "utils/guc.h"

#include "access.h"

PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);

void
_PG_init(void)
{
	access_define_settings();
	MarkGUCPrefixReserved("iapt_ews");
}
