/*
 * What the shared library shows the world. iapt_ews.so is built with
 * -fvisibility=hidden, because it is loaded beside PostGIS and other
 * libraries, and helpers such as grid_build or decimal_read_scaled must not
 * be global symbols there. Only the module magic, _PG_init and the
 * SQL-callable functions (and their info records) are exported.
 *
 * PostgreSQL 16 marks those with PGDLLEXPORT itself; PostgreSQL 15 defines
 * PGDLLEXPORT as nothing outside Windows and leaves the function itself
 * unmarked, so here PGDLLEXPORT means default visibility and
 * PG_FUNCTION_INFO_V1 declares the function with it, as 16 does.
 * Include this after postgres.h in every file of src/.
 */
#ifndef IAPT_EWS_EXPORT_H
#define IAPT_EWS_EXPORT_H

#include "fmgr.h"

#if PG_VERSION_NUM < 160000 && !defined(WIN32)
#undef PGDLLEXPORT
#define PGDLLEXPORT __attribute__((visibility("default")))

#undef PG_FUNCTION_INFO_V1
#define PG_FUNCTION_INFO_V1(funcname) \
extern PGDLLEXPORT Datum funcname(PG_FUNCTION_ARGS); \
extern PGDLLEXPORT const Pg_finfo_record * CppConcat(pg_finfo_,funcname)(void); \
const Pg_finfo_record * \
CppConcat(pg_finfo_,funcname) (void) \
{ \
	static const Pg_finfo_record my_finfo = { 1 }; \
	return &my_finfo; \
} \
extern int no_such_variable
#endif

#endif
