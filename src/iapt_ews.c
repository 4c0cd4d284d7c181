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

/*
 * iapt_ews.refresh_progress: whether refresh_data_set (SQL, 76-data-set.sql,
 * which reads it with current_setting) gives a NOTICE per stored relation as
 * it fills it. Defined here, not only read, because the prefix is reserved:
 * an undefined iapt_ews.* name is refused once the module is loaded.
 * PGC_USERSET: it changes only what the caller is told.
 */
static bool refresh_progress = true;

void
_PG_init(void)
{
	access_define_settings();
	DefineCustomBoolVariable("iapt_ews.refresh_progress",
							 "Whether refresh_data_set reports each stored relation as it fills it.",
							 "A NOTICE per relation with its rows, and its seconds in the DETAIL.",
							 &refresh_progress,
							 true,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("iapt_ews");
}
