/*
 * access_scores_network(): the 2SFCA family with distances along a road
 * network, through pgRouting (pgr_drivingDistance), which iapt_ews does not
 * depend on: the caller installs it (postgresql-15-pgrouting) and passes an
 * edges query in pgRouting's form (id, source, target, cost[, reverse_cost]).
 *
 * Areas and sites are snapped to their nearest network vertex (vertices_sql:
 * id, geom); the distance from area i to site j is
 *     snap(i) + network cost from i's vertex to j's vertex + snap(j)
 * with the snaps straight-line. One pgr_drivingDistance call from every
 * site's vertex, limited to the catchment (or nearest_max_m when larger),
 * gives every pair within it. Nearest sites are searched within that limit.
 */
#include "postgres.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "access.h"
#include "spatial_grid.h"

typedef struct NetPair
{
	int64		from;			/* site vertex */
	int64		node;			/* reached vertex */
	double		cost;
} NetPair;

typedef struct SiteAt
{
	int64		vertex;
	int			site;
} SiteAt;

static int
compare_pair_node(const void *a, const void *b)
{
	int64		x = ((const NetPair *) a)->node,
				y = ((const NetPair *) b)->node;

	return (x > y) - (x < y);
}

static int
compare_site_at(const void *a, const void *b)
{
	const SiteAt *x = a,
			   *y = b;

	if (x->vertex != y->vertex)
		return (x->vertex > y->vertex) - (x->vertex < y->vertex);
	return (x->site > y->site) - (x->site < y->site);
}

static char *
pgrouting_schema(void)
{
	int			rc = SPI_execute("SELECT n.nspname FROM pg_catalog.pg_extension e "
								 "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace "
								 "WHERE e.extname OPERATOR(pg_catalog.=) 'pgrouting'", true, 1);

	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("access_scores_network needs the extension \"pgrouting\""),
				 errdetail("Road distances are computed with pgr_drivingDistance; iapt_ews does not install pgRouting itself."),
				 errhint("Install the package postgresql-15-pgrouting and run CREATE EXTENSION pgrouting.")));
	return pstrdup(quote_identifier(SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1)));
}

/* Vertex ids come back as text (access_read_points); pgRouting's are bigint. */
static int64
vertex_id(const char *s)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("vertices_sql returned id \"%s\", which is not a bigint", s),
				 errdetail("Vertex ids are the source and target values of the edges.")));
	return (int64) v;
}

/* The caller's edges, turned round (for directed graphs) and checked. */
static char *
edges_query(const char *edges_sql, bool directed)
{
	char	   *q = pstrdup(edges_sql);
	int			len = strlen(q);
	TupleDesc	desc;
	bool		has_reverse;
	const char *required[] = {"id", "source", "target", "cost"};

	while (len > 0 && (q[len - 1] == ';' || isspace((unsigned char) q[len - 1])))
		q[--len] = '\0';
	if (SPI_execute(psprintf("SELECT * FROM (%s) q LIMIT 0", q), false, 0) != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("edges_sql must be a SELECT query")));
	desc = SPI_tuptable->tupdesc;
	for (int i = 0; i < (int) lengthof(required); i++)
		if (SPI_fnumber(desc, required[i]) == SPI_ERROR_NOATTRIBUTE)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("column \"%s\" not found in edges_sql", required[i]),
					 errdetail("edges_sql must return the columns id, source, target, cost and optionally reverse_cost (pgRouting's edges query)."),
					 errhint("Rename the column with AS %s in the query.", required[i])));
	has_reverse = SPI_fnumber(desc, "reverse_cost") != SPI_ERROR_NOATTRIBUTE;
	SPI_freetuptable(SPI_tuptable);

	/*
	 * pgr_drivingDistance runs from the sites outwards; on a directed graph
	 * the way from an area to a site is the reversed graph's way from the
	 * site to the area. Reversing turns every arc u -> v of cost c into
	 * v -> u of cost c: swap source and target, keep the costs.
	 */
	if (!directed)
		return psprintf("SELECT e.id, e.source, e.target, e.cost%s FROM (%s) e",
						has_reverse ? ", e.reverse_cost" : "", q);
	if (has_reverse)
		return psprintf("SELECT e.id, e.target AS source, e.source AS target, "
						"e.cost, e.reverse_cost FROM (%s) e", q);
	return psprintf("SELECT e.id, e.target AS source, e.source AS target, e.cost FROM (%s) e", q);
}

PG_FUNCTION_INFO_V1(iapt_access_scores_network);
Datum
iapt_access_scores_network(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *areas_sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *sites_sql = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *edges_sql = text_to_cstring(PG_GETARG_TEXT_PP(2));
	char	   *vertices_sql = text_to_cstring(PG_GETARG_TEXT_PP(3));
	double		d0 = PG_GETARG_FLOAT8(4);
	DecayKind	decay = decay_lookup(PG_GETARG_TEXT_PP(5));
	bool		directed = PG_GETARG_BOOL(6);
	double		nearest_max = PG_GETARG_FLOAT8(7);
	double		limit;
	char	   *postgis,
			   *pgr,
			   *edges;
	PointSet	areas,
				sites,
				verts;
	PointSet   *sets[3] = {&areas, &sites, &verts};
	SpatialGrid vgrid;
	Size		input_memory = 0;
	int64	   *vid;
	int64	   *area_v,
			   *site_v;
	double	   *area_snap,
			   *site_snap;
	SiteAt	   *site_at;
	NetPair    *pairs = NULL;
	int64		npairs = 0;
	double	   *demand,
			   *ratio;
	int			nstarts = 0;
	Datum	   *starts;

	check_catchment(d0);
	if (!(nearest_max >= 0) || isinf(nearest_max))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("nearest_max_m must be a finite number of metres, zero or more, not %g",
						nearest_max),
				 errhint("Use 0 to search for the nearest site within the catchment only.")));
	limit = Max(d0, nearest_max);
	InitMaterializedSRF(fcinfo, 0);
	SPI_connect();
	pgr = pgrouting_schema();
	postgis = access_postgis_schema();
	edges = edges_query(edges_sql, directed);
	access_read_points(&areas, areas_sql, "areas_sql", "population", postgis, &input_memory);
	access_read_points(&sites, sites_sql, "sites_sql", "capacity", postgis, &input_memory);
	access_read_points(&verts, vertices_sql, "vertices_sql", NULL, postgis, &input_memory);
	access_check_metric_srid(postgis, sets, 3);
	access_report_skipped(&areas, "population");
	access_report_skipped(&sites, "capacity");
	access_report_skipped(&verts, NULL);
	access_sort_by_id(&sites);

	if (areas.n > 0 && sites.n > 0 && verts.n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("vertices_sql returned no vertices"),
				 errhint("Areas and sites are snapped to the nearest vertex of the network.")));

	/* Snap areas and sites to their nearest vertex. */
	vid = palloc(sizeof(int64) * Max(verts.n, 1));
	for (int v = 0; v < verts.n; v++)
		vid[v] = vertex_id(verts.id[v]);
	grid_build(&vgrid, verts.x, verts.y, verts.n, grid_default_cell(verts.x, verts.y, verts.n));
	area_v = palloc(sizeof(int64) * Max(areas.n, 1));
	area_snap = palloc(sizeof(double) * Max(areas.n, 1));
	site_v = palloc(sizeof(int64) * Max(sites.n, 1));
	site_snap = palloc(sizeof(double) * Max(sites.n, 1));
	site_at = palloc(sizeof(SiteAt) * Max(sites.n, 1));
	starts = palloc(sizeof(Datum) * Max(sites.n, 1));
	for (int i = 0; i < areas.n && verts.n > 0; i++)
	{
		double		d2;
		int			v = grid_nearest(&vgrid, areas.x[i], areas.y[i], NULL, &d2);

		area_v[i] = vid[v];
		area_snap[i] = sqrt(d2);
	}
	for (int j = 0; j < sites.n && verts.n > 0; j++)
	{
		double		d2;
		int			v = grid_nearest(&vgrid, sites.x[j], sites.y[j], NULL, &d2);

		site_v[j] = vid[v];
		site_snap[j] = sqrt(d2);
		site_at[j].vertex = vid[v];
		site_at[j].site = j;
	}
	qsort(site_at, sites.n, sizeof(SiteAt), compare_site_at);
	for (int j = 0; j < sites.n; j++)
		if (j == 0 || site_at[j].vertex != site_at[j - 1].vertex)
			starts[nstarts++] = Int64GetDatum(site_at[j].vertex);

	/* Network costs from every site vertex to every vertex within the catchment. */
	if (nstarts > 0 && areas.n > 0)
	{
		Oid			argtypes[4] = {TEXTOID, INT8ARRAYOID, FLOAT8OID, BOOLOID};
		Datum		args[4];
		char	   *query;
		Portal		portal;
		int			cap = 1024;
		int			from_col = -1;

		args[0] = CStringGetTextDatum(edges);
		args[1] = PointerGetDatum(construct_array(starts, nstarts, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		args[2] = Float8GetDatum(limit);
		args[3] = BoolGetDatum(directed);
		query = psprintf("SELECT * FROM %s.pgr_drivingdistance($1, $2, $3, $4)", pgr);
		pairs = palloc(sizeof(NetPair) * cap);
		portal = SPI_cursor_open_with_args(NULL, query, 4, argtypes, args, NULL, false, 0);
		for (;;)
		{
			TupleDesc	td;
			int			node_col,
						cost_col;

			SPI_cursor_fetch(portal, true, 10000);
			if (SPI_processed == 0)
				break;
			td = SPI_tuptable->tupdesc;
			/* pgRouting 3.4 calls the start from_v, 3.6 start_vid */
			from_col = SPI_fnumber(td, "start_vid");
			if (from_col == SPI_ERROR_NOATTRIBUTE)
				from_col = SPI_fnumber(td, "from_v");
			node_col = SPI_fnumber(td, "node");
			cost_col = SPI_fnumber(td, "agg_cost");
			if (from_col < 0 || node_col < 0 || cost_col < 0)
				elog(ERROR, "unexpected result columns of pgr_drivingDistance");
			for (uint64 r = 0; r < SPI_processed; r++)
			{
				HeapTuple	tup = SPI_tuptable->vals[r];
				bool		n1,
							n2,
							n3;
				int64		from = DatumGetInt64(SPI_getbinval(tup, td, from_col, &n1));
				int64		node = DatumGetInt64(SPI_getbinval(tup, td, node_col, &n2));
				double		cost = DatumGetFloat8(SPI_getbinval(tup, td, cost_col, &n3));

				if (n1 || n2 || n3 || from == node)
					continue;	/* the start itself is added below */
				if (npairs == cap)
				{
					if ((Size) cap * 2 * sizeof(NetPair) > MaxAllocSize)
						ereport(ERROR,
								(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
								 errmsg("too many vertices within the catchment"),
								 errhint("Use a smaller catchment or a coarser network.")));
					cap *= 2;
					pairs = repalloc(pairs, sizeof(NetPair) * cap);
				}
				pairs[npairs].from = from;
				pairs[npairs].node = node;
				pairs[npairs].cost = cost;
				npairs++;
			}
			SPI_freetuptable(SPI_tuptable);
			CHECK_FOR_INTERRUPTS();
		}
		SPI_cursor_close(portal);
		qsort(pairs, npairs, sizeof(NetPair), compare_pair_node);
	}

	/*
	 * Visit every (area, site) pair within the catchment: pass 0 sums demand
	 * per site, pass 1 scores the areas.
	 */
	demand = palloc0(sizeof(double) * Max(sites.n, 1));
	ratio = palloc0(sizeof(double) * Max(sites.n, 1));
	for (int pass = 0; pass < 2; pass++)
	{
		if (pass == 1)
			for (int j = 0; j < sites.n; j++)
				ratio[j] = demand[j] > 0 ? sites.w[j] / demand[j] : 0.0;
		for (int i = 0; i < areas.n; i++)
		{
			double		score = 0;
			int			within = 0,
						nearest = -1;
			double		nearest_d = INFINITY;
			int64		lo = 0,
						hi = npairs;

			CHECK_FOR_INTERRUPTS();
			if (sites.n > 0 && verts.n > 0)
			{
				/* first pair reaching the area's vertex */
				while (lo < hi)
				{
					int64		mid = lo + (hi - lo) / 2;

					if (pairs[mid].node < area_v[i])
						lo = mid + 1;
					else
						hi = mid;
				}
				/* k = lo - 1 stands for the area's own vertex, at cost 0 */
				for (int64 k = lo - 1; k < npairs; k++)
				{
					int64		from;
					double		cost;
					int			a = 0,
								b = sites.n;

					if (k < lo)
					{
						from = area_v[i];
						cost = 0;
					}
					else if (pairs[k].node != area_v[i])
						break;
					else
					{
						from = pairs[k].from;
						cost = pairs[k].cost;
					}
					/* the sites at vertex "from" */
					while (a < b)
					{
						int			mid = a + (b - a) / 2;

						if (site_at[mid].vertex < from)
							a = mid + 1;
						else
							b = mid;
					}
					for (; a < sites.n && site_at[a].vertex == from; a++)
					{
						int			j = site_at[a].site;
						double		d = area_snap[i] + cost + site_snap[j];
						double		w;

						if (!(d <= limit))
							continue;
						if (pass == 1 && (d < nearest_d || (d == nearest_d && j < nearest)))
						{
							nearest = j;
							nearest_d = d;
						}
						if (!(d <= d0))
							continue;
						w = decay_weight(decay, d, d0);
						if (pass == 0)
							demand[j] += areas.w[i] * w;
						else
						{
							within++;
							score += ratio[j] * w;
						}
					}
				}
			}
			if (pass == 1)
			access_emit_row(rsinfo, &areas, i, &sites, nearest, nearest_d, within, score);
		}
	}
	SPI_finish();
	return (Datum) 0;
}
