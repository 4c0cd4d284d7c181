/*
 * Points from the caller's SQL: the access functions take query texts, as
 * pgRouting does, run them with the caller's rights, and find the columns by
 * name. Geometry is read through PostGIS's own SQL functions (ST_X, ST_Y,
 * ST_SRID, GeometryType), never by linking PostGIS, so iapt_ews survives
 * PostGIS upgrades.
 *
 * search_path: the generated SQL calls PostGIS functions qualified with the
 * schema PostGIS is installed in, looked up in pg_extension at run time, and
 * everything else with pg_catalog; the caller's own query is run unchanged,
 * with the caller's search_path, so it may name its tables unqualified.
 */
#include "postgres.h"

#include <math.h>

#include <ctype.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "export.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "access.h"

#define FETCH_BATCH 10000

/* a billion kilometres: no projected coordinate in metres is further out */
#define MAX_COORDINATE 1e12

/* Bytes of the per-point arrays of a PointSet, for each point of capacity. */
#define POINT_ARRAY_BYTES (sizeof(char *) + 3 * sizeof(double) + sizeof(bool))

/*
 * iapt_ews.max_input_memory, in kB: the most the points of one call's queries
 * may take. The access functions must hold every area and site at once (each
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
							"Counts the ids and coordinates of the rows of areas_sql, sites_sql, "
							"candidates_sql and vertices_sql together; the computation needs memory "
							"in proportion. A call that would exceed it stops with SQLSTATE 54000.",
							&max_input_memory_kb,
							1024 * 1024, 64, MAX_KILOBYTES,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
}

/* Stop before the points of this call would take more than the setting allows. */
static void
charge_input_memory(Size *memory_used, Size bytes, const PointSet *ps)
{
	*memory_used += bytes;
	if (*memory_used > (Size) max_input_memory_kb * 1024)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s returned more rows than iapt_ews.max_input_memory allows", ps->argname),
				 errdetail("After %d rows of %s the points of this call would take %zu kB; the limit is %d kB.",
						   ps->n, ps->argname, *memory_used / 1024, max_input_memory_kb),
				 errhint("Check that the query returns what you meant; to allow more, SET iapt_ews.max_input_memory = '4GB' (or more).")));
}

/* Quoted name of the schema PostGIS is installed in. */
char *
access_postgis_schema(void)
{
	int			rc;
	char	   *schema;

	rc = SPI_execute("SELECT n.nspname FROM pg_catalog.pg_extension e "
					 "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace "
					 "WHERE e.extname OPERATOR(pg_catalog.=) 'postgis'", true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension \"postgis\" is not installed"),
				 errhint("Run CREATE EXTENSION postgis.")));
	schema = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	return pstrdup(quote_identifier(schema));
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

void
access_read_points(PointSet *ps, const char *sql, const char *argname,
				   const char *weight_col, const char *postgis, Size *memory_used)
{
	char	   *query = trim_query(sql);
	char		columns[128];
	StringInfoData buf;
	TupleDesc	desc;
	int			geom_col;
	char	   *geom_type;
	Portal		portal;
	int			capacity = 1024;
	int			rc;

	memset(ps, 0, sizeof(*ps));
	ps->argname = argname;
	ps->srid = -1;
	snprintf(columns, sizeof(columns), "id, geom (a point)%s%s",
			 weight_col ? " and " : "", weight_col ? weight_col : "");

	/* Describe the query: which columns does it return? */
	initStringInfo(&buf);
	appendStringInfo(&buf, "SELECT * FROM (%s) q LIMIT 0", query);
	rc = SPI_execute(buf.data, false, 0);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a SELECT query", argname)));
	desc = SPI_tuptable->tupdesc;
	require_column(desc, "id", argname, columns);
	geom_col = require_column(desc, "geom", argname, columns);
	if (weight_col)
		require_column(desc, weight_col, argname, columns);
	geom_type = SPI_gettype(desc, geom_col);
	if (geom_type == NULL || strcmp(geom_type, "geometry") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"geom\" of %s must be of type geometry", argname),
				 errdetail("It is of type %s.", geom_type ? geom_type : "unknown"),
				 errhint("Cast geography with geom::geometry, or build points with ST_SetSRID(ST_MakePoint(x, y), 27700).")));
	SPI_freetuptable(SPI_tuptable);

	/* Read them. */
	resetStringInfo(&buf);
	appendStringInfo(&buf,
					 "SELECT q.id::pg_catalog.text, %1$s.geometrytype(q.geom), %1$s.st_srid(q.geom), "
					 "CASE WHEN %1$s.geometrytype(q.geom) OPERATOR(pg_catalog.=) ANY ('{POINT,POINTM}'::pg_catalog.text[]) "
					 "THEN %1$s.st_x(q.geom) END, "
					 "CASE WHEN %1$s.geometrytype(q.geom) OPERATOR(pg_catalog.=) ANY ('{POINT,POINTM}'::pg_catalog.text[]) "
					 "THEN %1$s.st_y(q.geom) END, %2$s "
					 "FROM (%3$s) q",
					 postgis,
					 weight_col ? psprintf("q.%s::pg_catalog.float8", quote_identifier(weight_col)) : "NULL::pg_catalog.float8",
					 query);

	charge_input_memory(memory_used, POINT_ARRAY_BYTES * capacity, ps);
	ps->id = palloc(sizeof(char *) * capacity);
	ps->x = palloc(sizeof(double) * capacity);
	ps->y = palloc(sizeof(double) * capacity);
	ps->w = palloc(sizeof(double) * capacity);
	ps->w_null = palloc(sizeof(bool) * capacity);

	portal = SPI_cursor_open_with_args(NULL, buf.data, 0, NULL, NULL, NULL, false, 0);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, FETCH_BATCH);
		if (SPI_processed == 0)
			break;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull;
			char	   *id = SPI_getvalue(tup, td, 1);
			char	   *type;
			Datum		d;
			int			srid;
			double		x,
						y,
						w = 0;
			bool		w_null = true;

			type = SPI_getvalue(tup, td, 2);
			if (type == NULL)
			{
				ps->null_geom++;
				continue;
			}
			if (strcmp(type, "POINT") != 0 && strcmp(type, "POINTM") != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s returned a %s geometry for id %s", argname, type,
								id ? id : "NULL"),
						 errdetail("Areas and sites must be points."),
						 errhint("Use ST_PointOnSurface(geom) (or a population-weighted centroid) for polygons.")));
			d = SPI_getbinval(tup, td, 4, &isnull);
			if (isnull)
			{
				ps->null_geom++;	/* POINT EMPTY */
				continue;
			}
			x = DatumGetFloat8(d);
			y = DatumGetFloat8(SPI_getbinval(tup, td, 5, &isnull));
			srid = DatumGetInt32(SPI_getbinval(tup, td, 3, &isnull));
			if (id == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("%s returned a NULL id", argname),
						 errdetail("Every row needs an id to be reported by.")));
			if (!(fabs(x) <= MAX_COORDINATE) || !(fabs(y) <= MAX_COORDINATE))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s returned a point with a coordinate out of range for id %s",
								argname, id),
						 errdetail("Coordinates are (%g, %g); projected coordinates in metres lie within 1e12.",
								   x, y)));
			if (ps->srid != -1 && srid != ps->srid)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s returned geometries with different SRIDs", argname),
						 errdetail("Id %s has SRID %d, earlier rows have SRID %d.",
								   id, srid, ps->srid),
						 errhint("Use ST_Transform(geom, 27700) to bring them to one SRID.")));
			ps->srid = srid;
			if (weight_col)
			{
				d = SPI_getbinval(tup, td, 6, &isnull);
				if (isnull)
					ps->null_weight++;
				else
				{
					w = DatumGetFloat8(d);
					w_null = false;
					if (!(w >= 0) || !isfinite(w))
						ereport(ERROR,
								(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								 errmsg("%s returned %s %g for id %s", argname,
										weight_col, w, id),
								 errdetail("A %s must be a finite number, zero or more.",
										   weight_col)));
				}
			}
			if (ps->n == capacity)
			{
				if ((Size) capacity * 2 * sizeof(double) > MaxAllocSize)
					ereport(ERROR,
							(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							 errmsg("%s returned too many rows", argname),
							 errdetail("At most %d rows are supported.", capacity)));
				charge_input_memory(memory_used, POINT_ARRAY_BYTES * capacity, ps);
				capacity *= 2;
				ps->id = repalloc(ps->id, sizeof(char *) * capacity);
				ps->x = repalloc(ps->x, sizeof(double) * capacity);
				ps->y = repalloc(ps->y, sizeof(double) * capacity);
				ps->w = repalloc(ps->w, sizeof(double) * capacity);
				ps->w_null = repalloc(ps->w_null, sizeof(bool) * capacity);
			}
			/* the id's text and its chunk header */
			charge_input_memory(memory_used, MAXALIGN(strlen(id) + 1) + 16, ps);
			ps->id[ps->n] = id;
			ps->x[ps->n] = x;
			ps->y[ps->n] = y;
			ps->w[ps->n] = w;
			ps->w_null[ps->n] = w_null;
			ps->n++;
			pfree(type);
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
}

static int
compare_ids(const void *a, const void *b, void *arg)
{
	char	  **ids = (char **) arg;
	int			ia = *(const int *) a;
	int			ib = *(const int *) b;
	int			c = strcmp(ids[ia], ids[ib]);

	return c != 0 ? c : (ia > ib) - (ia < ib);
}

/*
 * Order the points by id (byte order, as COLLATE "C"), so that "lowest id
 * wins a tie" is "lowest index wins".
 */
void
access_sort_by_id(PointSet *ps)
{
	int		   *perm = palloc(sizeof(int) * Max(ps->n, 1));
	char	  **id = palloc(sizeof(char *) * Max(ps->n, 1));
	double	   *x = palloc(sizeof(double) * Max(ps->n, 1));
	double	   *y = palloc(sizeof(double) * Max(ps->n, 1));
	double	   *w = palloc(sizeof(double) * Max(ps->n, 1));
	bool	   *w_null = palloc(sizeof(bool) * Max(ps->n, 1));

	for (int i = 0; i < ps->n; i++)
		perm[i] = i;
	qsort_arg(perm, ps->n, sizeof(int), compare_ids, ps->id);
	for (int i = 0; i < ps->n; i++)
	{
		id[i] = ps->id[perm[i]];
		x[i] = ps->x[perm[i]];
		y[i] = ps->y[perm[i]];
		w[i] = ps->w[perm[i]];
		w_null[i] = ps->w_null[perm[i]];
	}
	ps->id = id;
	ps->x = x;
	ps->y = y;
	ps->w = w;
	ps->w_null = w_null;
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
