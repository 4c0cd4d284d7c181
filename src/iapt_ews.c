/*
 * iapt_ews: NHS Talking Therapies analytics inside PostgreSQL.
 *
 * The module itself has no settings and no start-up work; every topic lives
 * in its own file (measures.c, outcome.c, score_pair.c, ...).
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
