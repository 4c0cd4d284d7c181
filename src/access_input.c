/*
 * Points from the caller's SQL: the access functions take query texts, as
 * pgRouting does, run them with the caller's rights, and find the columns by
 * name. Geometry is read as extended well-known binary (PostGIS's
 * ST_AsEWKB, a published format), never by linking PostGIS or reading its
 * internal serialisation, so iapt_ews survives PostGIS upgrades. That is one
 * PostGIS call per row (not one per coordinate, type and SRID), and the rows
 * go straight from the executor into the arrays through a DestReceiver,
 * without being copied into an SPI tuple table first.
 *
 * search_path: the generated SQL calls PostGIS functions qualified with the
 * schema PostGIS is installed in, looked up in pg_extension at run time, and
 * everything else with pg_catalog; the caller's own query is run unchanged,
 * with the caller's search_path, so it may name its tables unqualified.
 *
 * Memory: everything a call builds lives in one memory context
 * (access_call_context), and the size MemoryContextMemAllocated() reports
 * for it is checked against iapt_ews.max_input_memory whenever an array
 * grows, as pgvector's HNSW build checks its graph context against
 * maintenance_work_mem.
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "lib/stringinfo.h"
#include "export.h"
#include "miscadmin.h"
#include "tcop/dest.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "access.h"

/* Points of capacity allocated first; the arrays double from there. */
#define INITIAL_POINTS 1024

/* Bytes of id text allocated first; doubles from there. */
#define INITIAL_ID_TEXT 16384

/* a billion kilometres: no projected coordinate in metres is further out */
#define MAX_COORDINATE 1e12

/* Extended WKB (PostGIS): type flags, and the type code of a point. */
#define EWKB_Z_FLAG 0x80000000u
#define EWKB_M_FLAG 0x40000000u
#define EWKB_SRID_FLAG 0x20000000u
#define WKB_POINT 1

/*
 * iapt_ews.max_input_memory, in kB: the most one call's memory context may
 * take. The access functions must hold every area and site at once (each
 * area's score depends on every site near it and each site's load on every
 * area near it), so a query that returns far more rows than meant would
 * otherwise grow the backend until the operating system kills it, taking the
 * whole server through crash recovery; a clear error is better. A setting,
 * not per-query state. PGC_SUSET: a superuser, or a role granted SET on it
 * (GRANT SET ON PARAMETER), may raise or lower it; an ordinary role cannot,
 * so a DBA's limit holds against an analyst's mistake or a runaway query
 * (docs/security.md).
 */
static int	max_input_memory_kb = 1024 * 1024;

void
access_define_settings(void)
{
	DefineCustomIntVariable("iapt_ews.max_input_memory",
							"Most memory the points read by one access function call may take.",
							"Counts the memory of one call: the ids and coordinates of the rows of "
							"areas_sql, sites_sql, candidates_sql and vertices_sql, and the grids and "
							"pairs built from them. A call that would exceed it stops with SQLSTATE 54000.",
							&max_input_memory_kb,
							1024 * 1024, 64, MAX_KILOBYTES,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
}

/*
 * The memory context of one call, a child of the caller's. Its large arrays
 * are chunks of their own, so MemoryContextMemAllocated() follows them.
 */
MemoryContext
access_call_context(void)
{
	return AllocSetContextCreate(CurrentMemoryContext, "iapt_ews access call",
								 ALLOCSET_DEFAULT_SIZES);
}

bool
access_memory_exceeded(MemoryContext call_cxt)
{
	return MemoryContextMemAllocated(call_cxt, true) > (Size) max_input_memory_kb * 1024;
}

/*
 * After a structure other than the points grew: stop past the limit. what
 * names the function, progress (or NULL) says how far it got, e.g. "after
 * 5000 rows of pgr_drivingDistance".
 */
void
access_check_memory(MemoryContext call_cxt, const char *what, const char *progress)
{
	if (access_memory_exceeded(call_cxt))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s needs more memory than iapt_ews.max_input_memory allows", what),
				 errdetail("The memory of this call is %zu kB%s%s; the limit is %d kB.",
						   MemoryContextMemAllocated(call_cxt, true) / 1024,
						   progress ? " " : "", progress ? progress : "", max_input_memory_kb),
				 errhint("Use a smaller catchment or fewer points; to allow more, SET iapt_ews.max_input_memory = '4GB' (or more).")));
}

/*
 * After what rows of one of the caller's queries fill grew: stop past the
 * limit, naming the query and how many of its rows were read.
 */
void
access_check_rows_memory(MemoryContext call_cxt, const char *argname, int64 rows)
{
	if (access_memory_exceeded(call_cxt))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s returned more rows than iapt_ews.max_input_memory allows", argname),
				 errdetail("After " INT64_FORMAT " rows of %s the memory of this call is %zu kB; the limit is %d kB.",
						   rows, argname, MemoryContextMemAllocated(call_cxt, true) / 1024,
						   max_input_memory_kb),
				 errhint("Check that the query returns what you meant; to allow more, SET iapt_ews.max_input_memory = '4GB' (or more).")));
}

/* After the points of a query grew: stop past the limit, naming the query. */
static void
check_points_memory(MemoryContext call_cxt, const PointSet *ps)
{
	access_check_rows_memory(call_cxt, ps->argname, ps->n);
}

/*
 * Quoted name of the schema extension extname is installed in, or NULL when
 * it is not installed.
 */
char *
extension_schema(const char *extname)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	int			rc;

	args[0] = CStringGetTextDatum(extname);
	rc = SPI_execute_with_args("SELECT n.nspname FROM pg_catalog.pg_extension e "
							   "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace "
							   "WHERE e.extname::pg_catalog.text OPERATOR(pg_catalog.=) $1",
							   1, argtypes, args, NULL, true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		return NULL;
	return pstrdup(quote_identifier(SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1)));
}

char *
access_postgis_schema(void)
{
	char	   *schema = extension_schema("postgis");

	if (schema == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension \"postgis\" is not installed"),
				 errhint("Run CREATE EXTENSION postgis.")));
	return schema;
}

/* The caller's query without trailing blanks and semicolons, so it can be wrapped. */
static char *
trim_query(const char *sql)
{
	char	   *q = pstrdup(sql);
	int			len = strlen(q);

	while (len > 0 && (q[len - 1] == ';' || isspace((unsigned char) q[len - 1])))
		q[--len] = '\0';
	return q;
}

static int
require_column(TupleDesc desc, const char *col, const char *argname,
			   const char *columns)
{
	int			fnum = SPI_fnumber(desc, col);

	if (fnum == SPI_ERROR_NOATTRIBUTE)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" not found in %s", col, argname),
				 errdetail("%s must return the columns %s.", argname, columns),
				 errhint("Rename the column with AS %s in the query.", col)));
	return fnum;
}

/*
 * One of the caller's queries, trimmed so it can be wrapped, after running
 * it with LIMIT 0 to check that it is a SELECT with the ncols columns cols
 * (columns names them all for the message). The LIMIT 0 result stays in
 * SPI_tuptable for the caller to look at the columns' types.
 */
char *
access_checked_query(const char *sql, const char *argname, const char *const *cols,
					 int ncols, const char *columns)
{
	char	   *query = trim_query(sql);

	if (SPI_execute(psprintf("SELECT * FROM (%s) q LIMIT 0", query), false, 0) != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a SELECT query", argname)));
	for (int c = 0; c < ncols; c++)
		require_column(SPI_tuptable->tupdesc, cols[c], argname, columns);
	return query;
}

/*
 * Phase 1 of reading: run the query with LIMIT 0 to see its columns, and
 * check that it has id, geom (of type geometry, when has_geom) and the
 * weight column. Returns the query trimmed.
 */
static char *
check_query_columns(const char *sql, const char *argname, const char *weight_col,
					bool has_geom)
{
	char		columns[128];
	const char *cols[3];
	int			ncols = 0;
	char	   *query;
	int			geom_col;
	char	   *geom_type;

	snprintf(columns, sizeof(columns), "id%s%s%s", has_geom ? ", geom (a point)" : "",
			 weight_col ? " and " : "", weight_col ? weight_col : "");
	cols[ncols++] = "id";
	if (has_geom)
		cols[ncols++] = "geom";
	if (weight_col)
		cols[ncols++] = weight_col;
	query = access_checked_query(sql, argname, cols, ncols, columns);
	if (!has_geom)
	{
		SPI_freetuptable(SPI_tuptable);
		return query;
	}
	geom_col = SPI_fnumber(SPI_tuptable->tupdesc, "geom");
	geom_type = SPI_gettype(SPI_tuptable->tupdesc, geom_col);
	if (geom_type == NULL || strcmp(geom_type, "geometry") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"geom\" of %s must be of type geometry", argname),
				 errdetail("It is of type %s.", geom_type ? geom_type : "unknown"),
				 errhint("Cast geography with geom::geometry, or build points with ST_SetSRID(ST_MakePoint(x, y), 27700).")));
	SPI_freetuptable(SPI_tuptable);
	return query;
}

/*
 * Phase 2: the query that reads the points, one row per point: id as text,
 * geom as extended WKB (NULL when postgis is NULL: ids and weights only),
 * the weight as float8 (NULL when there is none).
 */
static char *
point_query(const char *query, const char *weight_col, const char *postgis)
{
	return psprintf("SELECT q.id::pg_catalog.text, %s, %s FROM (%s) q",
					postgis ? psprintf("%s.st_asewkb(q.geom)", postgis) : "NULL::pg_catalog.bytea",
					weight_col ? psprintf("q.%s::pg_catalog.float8", quote_identifier(weight_col))
					: "NULL::pg_catalog.float8",
					query);
}

/* Bytes of the per-point arrays of a PointSet, for each point of capacity. */
#define POINT_ARRAY_BYTES (3 * sizeof(double) + sizeof(Size) + sizeof(bool))

/*
 * Point the arrays of ps into one chunk of capacity points: x, y, w, id_at,
 * then w_null. One chunk per set, so the memory of a call is simple to
 * follow (a chunk of 33 bytes a point, and the ids).
 */
static void
place_point_arrays(PointSet *ps, char *chunk, int capacity)
{
	ps->x = (double *) chunk;
	ps->y = ps->x + capacity;
	ps->w = ps->y + capacity;
	ps->id_at = (Size *) (ps->w + capacity);
	ps->w_null = (bool *) (ps->id_at + capacity);
	ps->capacity = capacity;
}

/* Empty arrays for the points of one query, in the call's memory context. */
static void
init_point_set(PointSet *ps, const char *argname, MemoryContext call_cxt)
{
	memset(ps, 0, sizeof(*ps));
	ps->argname = argname;
	ps->srid = -1;
	place_point_arrays(ps, MemoryContextAlloc(call_cxt, POINT_ARRAY_BYTES * INITIAL_POINTS),
					   INITIAL_POINTS);
	ps->id_text_size = INITIAL_ID_TEXT;
	ps->id_text = MemoryContextAlloc(call_cxt, ps->id_text_size);
}

/*
 * Room for one more point: when full, move the arrays to a chunk twice the
 * size. False when the call's memory is now past the limit.
 */
static bool
reserve_point(PointSet *ps, MemoryContext call_cxt)
{
	PointSet	old = *ps;

	if (ps->n < ps->capacity)
		return true;
	if (ps->capacity > INT_MAX / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s returned too many rows", ps->argname),
				 errdetail("At most %d rows are supported.", ps->capacity)));
	place_point_arrays(ps, MemoryContextAllocHuge(call_cxt, POINT_ARRAY_BYTES * old.capacity * 2),
					   old.capacity * 2);
	memcpy(ps->x, old.x, sizeof(double) * old.n);
	memcpy(ps->y, old.y, sizeof(double) * old.n);
	memcpy(ps->w, old.w, sizeof(double) * old.n);
	memcpy(ps->id_at, old.id_at, sizeof(Size) * old.n);
	memcpy(ps->w_null, old.w_null, sizeof(bool) * old.n);
	pfree(old.x);
	return !access_memory_exceeded(call_cxt);
}

/*
 * Copy an id into id_text (a varlena with a 4-byte header, then a NUL),
 * doubling id_text when full. False when the call's memory is now past the
 * limit.
 */
static bool
append_id(PointSet *ps, const char *data, int len, MemoryContext call_cxt)
{
	Size		need = INTALIGN(VARHDRSZ + len + 1);
	bool		fits = true;
	char	   *at;

	if (ps->id_text_used + need > ps->id_text_size)
	{
		Size		size = ps->id_text_size;

		while (ps->id_text_used + need > size)
			size *= 2;
		if (size > MaxAllocHugeSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s returned too many rows", ps->argname),
					 errdetail("The ids of its first %d rows take %zu bytes.",
							   ps->n, ps->id_text_used)));
		ps->id_text = repalloc_huge(ps->id_text, size);
		ps->id_text_size = size;
		fits = !access_memory_exceeded(call_cxt);
	}
	at = ps->id_text + ps->id_text_used;
	SET_VARSIZE(at, VARHDRSZ + len);
	memcpy(VARDATA(at), data, len);
	VARDATA(at)[len] = '\0';
	ps->id_at[ps->n] = ps->id_text_used;
	ps->id_text_used += need;
	return fits;
}

/* What one row's extended WKB holds. */
typedef enum EwkbKind
{
	EWKB_POINT,
	EWKB_EMPTY_POINT,
	EWKB_NOT_POINT
} EwkbKind;

static uint32
ewkb_uint32(const uint8 *p, bool little)
{
	return little ? (uint32) p[0] | (uint32) p[1] << 8 | (uint32) p[2] << 16 | (uint32) p[3] << 24
		: (uint32) p[3] | (uint32) p[2] << 8 | (uint32) p[1] << 16 | (uint32) p[0] << 24;
}

static double
ewkb_double(const uint8 *p, bool little)
{
	uint64		bits = 0;
	double		v;

	for (int b = 0; b < 8; b++)
		bits |= (uint64) p[little ? b : 7 - b] << (8 * b);
	memcpy(&v, &bits, sizeof(v));
	return v;
}

/*
 * The point in PostGIS extended WKB: byte order, type (with Z, M and SRID
 * flags; ISO codes 1001-3001 are points too), SRID when flagged (else 0, as
 * ST_SRID says), then x and y. POINT EMPTY is written with NaN coordinates.
 */
static EwkbKind
parse_point_ewkb(const uint8 *p, Size len, double *x, double *y, int *srid)
{
	bool		little;
	uint32		type;
	Size		at = 5;

	if (len < 5 || p[0] > 1)
		elog(ERROR, "ST_AsEWKB returned malformed well-known binary");
	little = p[0] == 1;
	type = ewkb_uint32(p + 1, little);
	if ((type & ~(EWKB_Z_FLAG | EWKB_M_FLAG | EWKB_SRID_FLAG)) % 1000 != WKB_POINT)
		return EWKB_NOT_POINT;
	*srid = 0;
	if (type & EWKB_SRID_FLAG)
	{
		if (len < at + 4)
			elog(ERROR, "ST_AsEWKB returned malformed well-known binary");
		*srid = (int) ewkb_uint32(p + at, little);
		at += 4;
	}
	if (len < at + 16)
		elog(ERROR, "ST_AsEWKB returned malformed well-known binary");
	*x = ewkb_double(p + at, little);
	*y = ewkb_double(p + at + 8, little);
	return isnan(*x) || isnan(*y) ? EWKB_EMPTY_POINT : EWKB_POINT;
}

/*
 * Phase 3: the executor hands each row of the point query to this receiver,
 * which checks it and appends it to the point set. At the first row that is
 * wrong (or that takes the call past its memory limit) it stops the query
 * (receiveSlot returns false) and keeps what the error will need; the error
 * is raised once the query is over, as a plain error of this function (and
 * PostGIS can then name a geometry type).
 */
typedef enum PointProblem
{
	POINTS_OK,
	NOT_A_POINT,
	NULL_ID,
	COORDINATE_OUT_OF_RANGE,
	MIXED_SRIDS,
	BAD_WEIGHT,
	PAST_MEMORY_LIMIT
} PointProblem;

typedef struct PointReceiver
{
	DestReceiver pub;
	PointSet   *ps;
	const char *weight_col;
	bool		has_geom;		/* false: ids and weights only (x, y stay 0) */
	MemoryContext call_cxt;
	/* the first problem, and the row it was found at */
	PointProblem problem;
	char	   *id;
	bytea	   *geom;
	double		x,
				y,
				w;
	int			srid;
} PointReceiver;

/* Stop at this row: keep its id (and geometry) for the error. */
static bool
stop_at(PointReceiver *rcv, PointProblem problem, Datum *values, bool *isnull)
{
	MemoryContext old = MemoryContextSwitchTo(rcv->call_cxt);

	rcv->problem = problem;
	rcv->id = isnull[0] ? NULL : TextDatumGetCString(values[0]);
	if (problem == NOT_A_POINT)
		rcv->geom = DatumGetByteaPCopy(values[1]);
	MemoryContextSwitchTo(old);
	return false;
}

static bool
receive_point(TupleTableSlot *slot, DestReceiver *self)
{
	PointReceiver *rcv = (PointReceiver *) self;
	PointSet   *ps = rcv->ps;
	Datum	   *values;
	bool	   *isnull;
	bytea	   *ewkb;
	text	   *id;
	double		w = 0;
	bool		w_null = true;

	CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	values = slot->tts_values;
	isnull = slot->tts_isnull;
	if (rcv->has_geom)
	{
		if (isnull[1])
		{
			ps->null_geom++;
			return true;
		}
		ewkb = DatumGetByteaPP(values[1]);
		switch (parse_point_ewkb((const uint8 *) VARDATA_ANY(ewkb), VARSIZE_ANY_EXHDR(ewkb),
								 &rcv->x, &rcv->y, &rcv->srid))
		{
			case EWKB_NOT_POINT:
				return stop_at(rcv, NOT_A_POINT, values, isnull);
			case EWKB_EMPTY_POINT:
				ps->null_geom++;
				return true;
			case EWKB_POINT:
				break;
		}
	}
	if (isnull[0])
		return stop_at(rcv, NULL_ID, values, isnull);
	if (rcv->has_geom)
	{
		if (!(fabs(rcv->x) <= MAX_COORDINATE) || !(fabs(rcv->y) <= MAX_COORDINATE))
			return stop_at(rcv, COORDINATE_OUT_OF_RANGE, values, isnull);
		if (ps->srid != -1 && rcv->srid != ps->srid)
			return stop_at(rcv, MIXED_SRIDS, values, isnull);
		ps->srid = rcv->srid;
	}
	if (rcv->weight_col)
	{
		if (isnull[2])
			ps->null_weight++;
		else
		{
			w = rcv->w = DatumGetFloat8(values[2]);
			w_null = false;
			if (!(w >= 0) || !isfinite(w))
				return stop_at(rcv, BAD_WEIGHT, values, isnull);
		}
	}
	if (!reserve_point(ps, rcv->call_cxt))
		return stop_at(rcv, PAST_MEMORY_LIMIT, values, isnull);
	id = DatumGetTextPP(values[0]);
	ps->x[ps->n] = rcv->x;
	ps->y[ps->n] = rcv->y;
	ps->w[ps->n] = w;
	ps->w_null[ps->n] = w_null;
	if (!append_id(ps, VARDATA_ANY(id), VARSIZE_ANY_EXHDR(id), rcv->call_cxt))
		return stop_at(rcv, PAST_MEMORY_LIMIT, values, isnull);
	ps->n++;
	return true;
}

static void
receiver_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
receiver_nothing(DestReceiver *self)
{
}

/*
 * A receiver that keeps each row as it comes (receive) and needs nothing
 * at start or end: the readers of points, of a cost matrix and of the pairs
 * a travel model is fitted on.
 */
void
access_init_receiver(DestReceiver *pub, bool (*receive) (TupleTableSlot *slot, DestReceiver *self))
{
	pub->receiveSlot = receive;
	pub->rStartup = receiver_startup;
	pub->rShutdown = receiver_nothing;
	pub->rDestroy = receiver_nothing;
	pub->mydest = DestNone;
}

/* Phase 4: the error for the row the receiver stopped at. */
static void
report_point_problem(const PointReceiver *rcv, const char *postgis)
{
	const char *argname = rcv->ps->argname;
	const char *id = rcv->id ? rcv->id : "NULL";

	switch (rcv->problem)
	{
		case POINTS_OK:
			return;
		case NOT_A_POINT:
			{
				/* named as PostGIS's GeometryType names it */
				Oid			argtypes[1] = {BYTEAOID};
				Datum		args[1] = {PointerGetDatum(rcv->geom)};
				char	   *type = "non-point";

				if (SPI_execute_with_args(psprintf("SELECT %1$s.geometrytype(%1$s.st_geomfromewkb($1))", postgis),
										  1, argtypes, args, NULL, true, 1) == SPI_OK_SELECT &&
					SPI_processed == 1)
					type = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s returned a %s geometry for id %s", argname, type, id),
						 errdetail("Areas and sites must be points."),
						 errhint("Use ST_PointOnSurface(geom) (or a population-weighted centroid) for polygons.")));
			}
			break;
		case NULL_ID:
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s returned a NULL id", argname),
					 errdetail("Every row needs an id to be reported by.")));
			break;
		case COORDINATE_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s returned a point with a coordinate out of range for id %s",
							argname, id),
					 errdetail("Coordinates are (%g, %g); projected coordinates in metres lie within 1e12.",
							   rcv->x, rcv->y)));
			break;
		case MIXED_SRIDS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s returned geometries with different SRIDs", argname),
					 errdetail("Id %s has SRID %d, earlier rows have SRID %d.",
							   id, rcv->srid, rcv->ps->srid),
					 errhint("Use ST_Transform(geom, 27700) to bring them to one SRID.")));
			break;
		case BAD_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s returned %s %g for id %s", argname,
							rcv->weight_col, rcv->w, id),
					 errdetail("A %s must be a finite number, zero or more.",
							   rcv->weight_col)));
			break;
		case PAST_MEMORY_LIMIT:
			check_points_memory(rcv->call_cxt, rcv->ps);
			elog(ERROR, "the memory limit was passed and then was not");
			break;
	}
}

/*
 * Read the rows of one of the caller's queries into ps, in the call's
 * memory context: check its columns, then stream its rows into the arrays.
 * postgis NULL: the query has no geometry (ids and weights only).
 */
static void
read_point_set(PointSet *ps, const char *sql, const char *argname,
			   const char *weight_col, const char *postgis, MemoryContext call_cxt)
{
	char	   *query = check_query_columns(sql, argname, weight_col, postgis != NULL);
	PointReceiver rcv = {0};
	SPIExecuteOptions options = {0};

	init_point_set(ps, argname, call_cxt);
	check_points_memory(call_cxt, ps);

	access_init_receiver(&rcv.pub, receive_point);
	rcv.ps = ps;
	rcv.weight_col = weight_col;
	rcv.has_geom = postgis != NULL;
	rcv.call_cxt = call_cxt;
	options.dest = &rcv.pub;
	if (SPI_execute_extended(point_query(query, weight_col, postgis), &options) < 0)
		elog(ERROR, "could not run the query of %s", argname);
	report_point_problem(&rcv, postgis);
}

void
access_read_points(PointSet *ps, const char *sql, const char *argname,
				   const char *weight_col, const char *postgis, MemoryContext call_cxt)
{
	Assert(postgis != NULL);
	read_point_set(ps, sql, argname, weight_col, postgis, call_cxt);
}

/*
 * The ids and weights of one of the caller's queries, with no geometry (the
 * travel-cost matrix names its areas and sites by id): the same rules as
 * access_read_points for ids and weights, x and y left 0.
 */
void
access_read_weights(PointSet *ps, const char *sql, const char *argname,
					const char *weight_col, MemoryContext call_cxt)
{
	read_point_set(ps, sql, argname, weight_col, NULL, call_cxt);
}

static int
compare_ids(const void *a, const void *b, void *arg)
{
	const PointSet *ps = (const PointSet *) arg;
	int			ia = *(const int *) a;
	int			ib = *(const int *) b;
	int			c = strcmp(point_id(ps, ia), point_id(ps, ib));

	return c != 0 ? c : (ia > ib) - (ia < ib);
}

/* Reorder one array of the points, elem bytes each, by perm. */
static void
permute_array(void *array, Size elem, const int *perm, int n, void *scratch)
{
	for (int i = 0; i < n; i++)
		memcpy((char *) scratch + (Size) i * elem, (char *) array + (Size) perm[i] * elem, elem);
	memcpy(array, scratch, (Size) n * elem);
}

/*
 * Order the points by id (byte order, as COLLATE "C"), so that "lowest id
 * wins a tie" is "lowest index wins". In place, with one scratch array.
 */
void
access_sort_by_id(PointSet *ps)
{
	MemoryContext cxt = GetMemoryChunkContext(ps->x);
	int		   *perm = MemoryContextAlloc(cxt, sizeof(int) * Max(ps->n, 1));
	void	   *scratch = MemoryContextAlloc(cxt, Max(sizeof(double), sizeof(Size)) * Max(ps->n, 1));

	for (int i = 0; i < ps->n; i++)
		perm[i] = i;
	qsort_arg(perm, ps->n, sizeof(int), compare_ids, ps);
	permute_array(ps->id_at, sizeof(Size), perm, ps->n, scratch);
	permute_array(ps->x, sizeof(double), perm, ps->n, scratch);
	permute_array(ps->y, sizeof(double), perm, ps->n, scratch);
	permute_array(ps->w, sizeof(double), perm, ps->n, scratch);
	permute_array(ps->w_null, sizeof(bool), perm, ps->n, scratch);
	pfree(scratch);
	pfree(perm);
}

/*
 * All non-empty inputs must share one SRID, projected in metres (its
 * spatial_ref_sys proj4text has no +proj=longlat and its units, if given,
 * are metres).
 */
void
access_check_metric_srid(const char *postgis, PointSet **sets, int nsets)
{
	PointSet   *first = NULL;
	Oid			argtypes[1] = {INT4OID};
	Datum		args[1];
	char	   *proj;
	char	   *query;
	int			rc;

	for (int i = 0; i < nsets; i++)
	{
		if (sets[i]->n == 0)
			continue;
		if (first == NULL)
			first = sets[i];
		else if (sets[i]->srid != first->srid)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s and %s have different SRIDs (%d and %d)",
							first->argname, sets[i]->argname, first->srid, sets[i]->srid),
					 errdetail("Distances need both in one projected SRID in metres."),
					 errhint("Use ST_Transform(geom, 27700) in both queries.")));
	}
	if (first == NULL)
		return;

	query = psprintf("SELECT proj4text FROM %s.spatial_ref_sys WHERE srid OPERATOR(pg_catalog.=) $1",
					 postgis);
	args[0] = Int32GetDatum(first->srid);
	rc = SPI_execute_with_args(query, 1, argtypes, args, NULL, true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed == 0 ||
		(proj = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1)) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("SRID %d of %s is not a known projected SRID in metres",
						first->srid, first->argname),
				 errdetail("spatial_ref_sys has no definition for SRID %d.", first->srid),
				 errhint("Set the SRID the coordinates are in, e.g. ST_SetSRID(geom, 27700) for British National Grid.")));
	if (strstr(proj, "+proj=longlat") || strstr(proj, "+proj=latlong"))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("SRID %d of %s is geographic, but SRID 27700 or another projected SRID in metres is needed",
						first->srid, first->argname),
				 errdetail("Catchments and grids are planar: coordinates in degrees cannot be used."),
				 errhint("Use ST_Transform(geom, 27700) in the queries (British National Grid).")));
	{
		const char *units = strstr(proj, "+units=");

		if (units != NULL && strncmp(units, "+units=m ", 9) != 0 && strcmp(units, "+units=m") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("SRID %d of %s is not in metres", first->srid, first->argname),
					 errdetail("Its definition says %s.", units),
					 errhint("Use ST_Transform(geom, 27700) in the queries (British National Grid).")));
	}
}

void
access_report_skipped(const PointSet *ps, const char *weight_col)
{
	if (ps->null_geom > 0)
		ereport(NOTICE,
				(errmsg_plural("skipped " INT64_FORMAT " row of %s with a NULL or empty geometry",
							   "skipped " INT64_FORMAT " rows of %s with a NULL or empty geometry",
							   ps->null_geom, ps->null_geom, ps->argname)));
	if (weight_col && ps->null_weight > 0)
		ereport(NOTICE,
				(errmsg_plural(INT64_FORMAT " row of %s has a NULL %s, counted as 0",
							   INT64_FORMAT " rows of %s have a NULL %s, counted as 0",
							   ps->null_weight, ps->null_weight, ps->argname, weight_col)));
}
