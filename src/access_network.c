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

/* Quoted schema of pgRouting, which the caller must have installed. */
static char *
pgrouting_schema(void)
{
	char	   *schema = extension_schema("pgrouting");

	if (schema == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("access_scores_network needs the extension \"pgrouting\""),
				 errdetail("Road distances are computed with pgr_drivingDistance; iapt_ews does not install pgRouting itself."),
				 errhint("Install the package postgresql-15-pgrouting and run CREATE EXTENSION pgrouting.")));
	return schema;
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

/* What the phases of access_scores_network share. */
typedef struct NetworkCall
{
	PointSet	areas,
				sites,
				verts;
	double		d0;
	double		limit;			/* the catchment, or nearest_max_m when larger */
	DecayKind	decay;
	bool		directed;
	MemoryContext call_cxt;
	int64	   *area_v;			/* each area's vertex, and the straight line to it */
	double	   *area_snap;
	double	   *site_snap;
	SiteAt	   *site_at;		/* sites by vertex, then by index */
	Datum	   *starts;			/* the distinct site vertices */
	int			nstarts;
	NetPair    *pairs;			/* (site vertex, vertex reached, cost), by vertex reached */
	int64		npairs;
} NetworkCall;

/* Phase 1: snap every area and site to its nearest vertex. */
static void
snap_to_vertices(NetworkCall *nc)
{
	PointSet   *areas = &nc->areas,
			   *sites = &nc->sites,
			   *verts = &nc->verts;
	SpatialGrid vgrid;
	int64	   *vid = palloc(sizeof(int64) * Max(verts->n, 1));

	for (int v = 0; v < verts->n; v++)
		vid[v] = vertex_id(point_id(verts, v));
	grid_build(&vgrid, verts->x, verts->y, verts->n,
			   grid_default_cell(verts->x, verts->y, verts->n));
	nc->area_v = palloc(sizeof(int64) * Max(areas->n, 1));
	nc->area_snap = palloc(sizeof(double) * Max(areas->n, 1));
	nc->site_snap = palloc(sizeof(double) * Max(sites->n, 1));
	nc->site_at = palloc(sizeof(SiteAt) * Max(sites->n, 1));
	nc->starts = palloc(sizeof(Datum) * Max(sites->n, 1));
	access_check_memory(nc->call_cxt, "access_scores_network", NULL);
	for (int i = 0; i < areas->n && verts->n > 0; i++)
	{
		double		d2;
		int			v = grid_nearest(&vgrid, areas->x[i], areas->y[i], NULL, &d2);

		nc->area_v[i] = vid[v];
		nc->area_snap[i] = sqrt(d2);
	}
	for (int j = 0; j < sites->n && verts->n > 0; j++)
	{
		double		d2;
		int			v = grid_nearest(&vgrid, sites->x[j], sites->y[j], NULL, &d2);

		nc->site_snap[j] = sqrt(d2);
		nc->site_at[j].vertex = vid[v];
		nc->site_at[j].site = j;
	}
	qsort(nc->site_at, sites->n, sizeof(SiteAt), compare_site_at);
	nc->nstarts = 0;
	for (int j = 0; j < sites->n; j++)
		if (j == 0 || nc->site_at[j].vertex != nc->site_at[j - 1].vertex)
			nc->starts[nc->nstarts++] = Int64GetDatum(nc->site_at[j].vertex);
}

/* Room for one more pair: double the array when full, within the memory limit. */
static void
reserve_pair(NetworkCall *nc, int64 *cap)
{
	if (nc->npairs < *cap)
		return;
	if ((Size) *cap * 2 * sizeof(NetPair) > MaxAllocHugeSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many vertices within the catchment"),
				 errhint("Use a smaller catchment or a coarser network.")));
	*cap *= 2;
	nc->pairs = repalloc_huge(nc->pairs, sizeof(NetPair) * *cap);
	if (access_memory_exceeded(nc->call_cxt))
		access_check_memory(nc->call_cxt, "access_scores_network",
							psprintf("after " INT64_FORMAT " rows of pgr_drivingDistance", nc->npairs));
}

/*
 * Phase 2: network costs from every site vertex to every vertex within the
 * limit, one pgr_drivingDistance call from all site vertices, sorted by the
 * vertex reached. The pairs are held in the call's memory context and count
 * against iapt_ews.max_input_memory.
 */
static void
read_network_pairs(NetworkCall *nc, const char *pgr, const char *edges)
{
	Oid			argtypes[4] = {TEXTOID, INT8ARRAYOID, FLOAT8OID, BOOLOID};
	Datum		args[4];
	Portal		portal;
	int64		cap = 1024;

	nc->pairs = NULL;
	nc->npairs = 0;
	if (nc->nstarts == 0 || nc->areas.n == 0)
		return;
	args[0] = CStringGetTextDatum(edges);
	args[1] = PointerGetDatum(construct_array(nc->starts, nc->nstarts, INT8OID, 8,
											  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[2] = Float8GetDatum(nc->limit);
	args[3] = BoolGetDatum(nc->directed);
	nc->pairs = MemoryContextAllocHuge(nc->call_cxt, sizeof(NetPair) * cap);
	access_check_memory(nc->call_cxt, "access_scores_network", NULL);
	portal = SPI_cursor_open_with_args(NULL, psprintf("SELECT * FROM %s.pgr_drivingdistance($1, $2, $3, $4)", pgr),
									   4, argtypes, args, NULL, false, 0);
	for (;;)
	{
		TupleDesc	td;
		int			from_col,
					node_col,
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
				continue;		/* the start itself is added by visit_pairs */
			reserve_pair(nc, &cap);
			nc->pairs[nc->npairs].from = from;
			nc->pairs[nc->npairs].node = node;
			nc->pairs[nc->npairs].cost = cost;
			nc->npairs++;
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	qsort(nc->pairs, nc->npairs, sizeof(NetPair), compare_pair_node);
}

/*
 * First of n records, stride bytes apart, whose int64 key (at offset bytes
 * into the record) is >= v; the keys ascend.
 */
static int64
lower_bound_int64(const void *records, int64 n, Size stride, Size offset, int64 v)
{
	int64		lo = 0,
				hi = n;

	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;
		int64		key;

		memcpy(&key, (const char *) records + mid * stride + offset, sizeof(key));
		if (key < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First pair reaching vertex v (pairs are sorted by the vertex reached). */
static int64
first_pair_at(const NetworkCall *nc, int64 v)
{
	return lower_bound_int64(nc->pairs, nc->npairs, sizeof(NetPair), offsetof(NetPair, node), v);
}

/* First entry of site_at at vertex v. */
static int
first_site_at(const NetworkCall *nc, int64 v)
{
	return (int) lower_bound_int64(nc->site_at, nc->sites.n, sizeof(SiteAt), offsetof(SiteAt, vertex), v);
}

/*
 * Phase 3: visit every (area, site) pair within the limit: pass 0 sums the
 * weighted population per site into demand, pass 1 scores area i (ratio
 * given) and finds its nearest site. For area i, the pairs reaching its
 * vertex give every site vertex within the limit; the area's own vertex is
 * reached at cost 0.
 */
static void
visit_area_pairs(const NetworkCall *nc, int pass, int i, double *demand,
				 const double *ratio, double *score, int *within,
				 int *nearest, double *nearest_d)
{
	int64		lo = first_pair_at(nc, nc->area_v[i]);

	/* k = lo - 1 stands for the area's own vertex, at cost 0 */
	for (int64 k = lo - 1; k < nc->npairs; k++)
	{
		int64		from;
		double		cost;

		if (k < lo)
		{
			from = nc->area_v[i];
			cost = 0;
		}
		else if (nc->pairs[k].node != nc->area_v[i])
			break;
		else
		{
			from = nc->pairs[k].from;
			cost = nc->pairs[k].cost;
		}
		for (int a = first_site_at(nc, from); a < nc->sites.n && nc->site_at[a].vertex == from; a++)
		{
			int			j = nc->site_at[a].site;
			double		d = nc->area_snap[i] + cost + nc->site_snap[j];
			double		w;

			if (!(d <= nc->limit))
				continue;
			if (pass == 1 && (d < *nearest_d || (d == *nearest_d && j < *nearest)))
			{
				*nearest = j;
				*nearest_d = d;
			}
			if (!(d <= nc->d0))
				continue;
			w = decay_weight(nc->decay, d, nc->d0);
			if (pass == 0)
				demand[j] += nc->areas.w[i] * w;
			else
			{
				(*within)++;
				*score += ratio[j] * w;
			}
		}
	}
}

/* Phase 4: the two steps of the 2SFCA over the network pairs, one row per area. */
static void
score_network_areas(ReturnSetInfo *rsinfo, const NetworkCall *nc)
{
	double	   *demand = palloc0(sizeof(double) * Max(nc->sites.n, 1));
	double	   *ratio = palloc0(sizeof(double) * Max(nc->sites.n, 1));
	bool		reachable = nc->sites.n > 0 && nc->verts.n > 0;

	for (int pass = 0; pass < 2; pass++)
	{
		if (pass == 1)
			for (int j = 0; j < nc->sites.n; j++)
				ratio[j] = demand[j] > 0 ? nc->sites.w[j] / demand[j] : 0.0;
		for (int i = 0; i < nc->areas.n; i++)
		{
			double		score = 0;
			int			within = 0,
						nearest = -1;
			double		nearest_d = INFINITY;

			CHECK_FOR_INTERRUPTS();
			if (reachable)
				visit_area_pairs(nc, pass, i, demand, ratio, &score, &within,
								 &nearest, &nearest_d);
			if (pass == 1)
				access_emit_row(rsinfo, &nc->areas, i, &nc->sites, nearest, nearest_d,
								within, score);
		}
	}
}

PG_FUNCTION_INFO_V1(iapt_access_scores_network);
Datum
iapt_access_scores_network(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		nearest_max = PG_GETARG_FLOAT8(7);
	NetworkCall nc;
	PointSet   *sets[3] = {&nc.areas, &nc.sites, &nc.verts};
	char	   *postgis,
			   *pgr,
			   *edges;
	MemoryContext old;

	nc.d0 = PG_GETARG_FLOAT8(4);
	nc.decay = decay_lookup(PG_GETARG_TEXT_PP(5));
	nc.directed = PG_GETARG_BOOL(6);
	check_catchment(nc.d0);
	if (!(nearest_max >= 0) || isinf(nearest_max))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("nearest_max_m must be a finite number of metres, zero or more, not %g",
						nearest_max),
				 errhint("Use 0 to search for the nearest site within the catchment only.")));
	nc.limit = Max(nc.d0, nearest_max);
	InitMaterializedSRF(fcinfo, 0);
	nc.call_cxt = access_call_context();
	SPI_connect();
	pgr = pgrouting_schema();
	postgis = access_postgis_schema();
	edges = edges_query(text_to_cstring(PG_GETARG_TEXT_PP(2)), nc.directed);
	access_read_points(&nc.areas, text_to_cstring(PG_GETARG_TEXT_PP(0)), "areas_sql", "population",
					   postgis, nc.call_cxt);
	access_read_points(&nc.sites, text_to_cstring(PG_GETARG_TEXT_PP(1)), "sites_sql", "capacity",
					   postgis, nc.call_cxt);
	access_read_points(&nc.verts, text_to_cstring(PG_GETARG_TEXT_PP(3)), "vertices_sql", NULL,
					   postgis, nc.call_cxt);
	access_check_metric_srid(postgis, sets, 3);
	access_report_skipped(&nc.areas, "population");
	access_report_skipped(&nc.sites, "capacity");
	access_report_skipped(&nc.verts, NULL);
	access_sort_by_id(&nc.sites);

	if (nc.areas.n > 0 && nc.sites.n > 0 && nc.verts.n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("vertices_sql returned no vertices"),
				 errhint("Areas and sites are snapped to the nearest vertex of the network.")));

	old = MemoryContextSwitchTo(nc.call_cxt);
	snap_to_vertices(&nc);
	MemoryContextSwitchTo(old);
	read_network_pairs(&nc, pgr, edges);
	old = MemoryContextSwitchTo(nc.call_cxt);
	score_network_areas(rsinfo, &nc);
	MemoryContextSwitchTo(old);

	SPI_finish();
	MemoryContextDelete(nc.call_cxt);
	return (Datum) 0;
}
