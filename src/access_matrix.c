/*
 * access_scores_matrix(): nearest site, sites within a catchment and the
 * two-step floating catchment area family over a travel-cost matrix that
 * the caller supplies (routed minutes from r5py, r5r or OSRM, the
 * Department for Transport's journey times), not over straight lines. A
 * matrix needs no geometry, so this is the core extension's one access
 * function: no PostGIS, no pgRouting.
 *
 * The three queries are run once each, as the caller (pgRouting style, like
 * access_scores): areas_sql (id, population) and sites_sql (id, capacity)
 * through access_input.c's reader, whose rules for ids and weights they
 * share; costs_sql (area_id, site_id, cost) through a receiver of this file,
 * which matches each row to its area and site by id (hash tables over the
 * ids) as the executor hands it over, so the pairs are never held as text.
 *
 * The answer does not depend on the order of the matrix's rows: the pairs
 * are sorted by area (in the order areas_sql returned them) and within an
 * area by site id (byte order), and every sum runs in that order, so the
 * same matrix always gives the same floats, and a plain-SQL computation
 * that sums in the same order (sum(... ORDER BY ...)) gives them bit for
 * bit (sql/access_matrix.sql does this on the Devon routed times).
 *
 * The decays are access_scores' own (decay_weight in access.h), applied to
 * the cost with the catchment as d0.
 */
#include "postgres.h"

#include <math.h>

#include "common/hashfn.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/dest.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "access.h"

/* Pairs of capacity allocated first; the array doubles from there. */
#define INITIAL_PAIRS 1024

/* Areas with more pairs than this are sorted by qsort, fewer by insertion. */
#define INSERTION_SORT_MAX 32

/* One row of costs_sql, matched: indexes into the areas and the sites. */
typedef struct RawPair
{
	int32		area;
	int32		site;
	double		cost;
} RawPair;

/* A pair in its area's run: the cost, replaced by its decay weight in step 1. */
typedef struct AreaPair
{
	int32		site;
	double		cost;
} AreaPair;

/*
 * The ids of a PointSet by hash, for matching the matrix's rows: open
 * addressing, linear probing, slots hold index + 1 (0 is empty), at least
 * twice as many slots as ids.
 */
typedef struct IdIndex
{
	const PointSet *ps;
	int32	   *slot;
	uint32		mask;
} IdIndex;

/* What the phases of one call share. */
typedef struct MatrixCall
{
	PointSet	areas,
				sites,
				candidates;		/* best_new_sites_matrix only */
	IdIndex		area_index,
				site_index,
				candidate_index;
	bool		has_candidates;
	double		catchment;
	DecayKind	decay;
	MemoryContext call_cxt;
	/* the matrix as read */
	RawPair    *raw;
	int64		npairs;
	int64		raw_capacity;
	int64		rows_read;
	int64		null_cost;
	int64		unknown_area;
	int64		unknown_site;
	/*
	 * the pairs by area: area i's are [start[i], start[i + 1]); a pair's
	 * site is an index of sites, or sites.n + an index of candidates
	 */
	int64	   *start;
	AreaPair   *pairs;
	/* step 1's answers per area, and the sites' ratios */
	int32	   *nearest;		/* -1: no pair */
	double	   *nearest_cost;
	int32	   *within;
	double	   *ratio;
} MatrixCall;

static inline int
stored_id_len(const PointSet *ps, int i)
{
	return VARSIZE(ps->id_text + ps->id_at[i]) - VARHDRSZ;
}

/*
 * Phase 1b: index the ids of areas or sites. A duplicate id is an error: the
 * matrix names an area or a site by its id, so an id on two rows would make
 * its pairs belong to both.
 */
static void
build_id_index(IdIndex *ix, const PointSet *ps, const char *weight_col)
{
	uint64		nslots = 16;

	while (nslots < (uint64) ps->n * 2)
		nslots *= 2;
	ix->ps = ps;
	ix->mask = (uint32) (nslots - 1);
	ix->slot = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(int32) * nslots);
	memset(ix->slot, 0, sizeof(int32) * nslots);
	access_check_memory(CurrentMemoryContext, "access_scores_matrix", NULL);
	for (int i = 0; i < ps->n; i++)
	{
		const char *id = point_id(ps, i);
		int			len = stored_id_len(ps, i);
		uint32		h = hash_bytes((const unsigned char *) id, len) & ix->mask;

		for (; ix->slot[h] != 0; h = (h + 1) & ix->mask)
		{
			int			other = ix->slot[h] - 1;

			if (stored_id_len(ps, other) == len && memcmp(point_id(ps, other), id, len) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s returned id \"%s\" twice", ps->argname, id),
						 errdetail("The matrix names each area and site by its id, so ids must be unique."),
						 errhint("Use one row per id: GROUP BY id with sum(%s), if that is what was meant.",
								 weight_col)));
		}
		ix->slot[h] = i + 1;
	}
}

/* Index of the id (data, len) in the indexed set, or -1. */
static inline int
id_lookup(const IdIndex *ix, const char *data, int len)
{
	for (uint32 h = hash_bytes((const unsigned char *) data, len) & ix->mask;
		 ix->slot[h] != 0; h = (h + 1) & ix->mask)
	{
		int			i = ix->slot[h] - 1;

		if (stored_id_len(ix->ps, i) == len && memcmp(point_id(ix->ps, i), data, len) == 0)
			return i;
	}
	return -1;
}

/* The id of a pair's site: an existing site's, or a candidate's. */
static const char *
matrix_site_id(const MatrixCall *mc, int site)
{
	return site < mc->sites.n ? point_id(&mc->sites, site) : point_id(&mc->candidates, site - mc->sites.n);
}

/*
 * Phase 1 of both functions: the areas (with their population) and the
 * sites (with site_weight, or ids only when it is NULL), the sites in id
 * order, and both sets' ids by hash.
 */
static void
read_areas_and_sites(MatrixCall *mc, text *areas_sql, text *sites_sql, const char *site_weight,
					 const char *function_name)
{
	MemoryContext old;

	access_read_weights(&mc->areas, text_to_cstring(areas_sql), "areas_sql", "population", mc->call_cxt);
	access_read_weights(&mc->sites, text_to_cstring(sites_sql), "sites_sql", site_weight, mc->call_cxt);
	access_report_skipped(&mc->areas, "population");
	if (site_weight)
		access_report_skipped(&mc->sites, site_weight);
	old = MemoryContextSwitchTo(mc->call_cxt);
	access_sort_by_id(&mc->sites);
	build_id_index(&mc->area_index, &mc->areas, "population");
	build_id_index(&mc->site_index, &mc->sites, "capacity");
	access_check_memory(mc->call_cxt, function_name, NULL);
	MemoryContextSwitchTo(old);
}

/*
 * Phase 2: the executor hands each row of costs_sql to this receiver. As in
 * access_input.c, at the first row that is wrong it stops the query and
 * keeps what the error needs; the error is raised once the query is over.
 * Each row is checked before it is matched, so a bad cost is refused even
 * on a row that would then be skipped.
 */
typedef enum CostProblem
{
	COSTS_OK,
	NULL_AREA_ID,
	NULL_SITE_ID,
	BAD_COST,
	PAST_MEMORY_LIMIT
} CostProblem;

typedef struct CostReceiver
{
	DestReceiver pub;
	MatrixCall *mc;
	CostProblem problem;
	char	   *area_id;
	char	   *site_id;
	double		cost;
} CostReceiver;

static bool
stop_costs(CostReceiver *rcv, CostProblem problem, Datum *values, bool *isnull)
{
	MemoryContext old = MemoryContextSwitchTo(rcv->mc->call_cxt);

	rcv->problem = problem;
	rcv->area_id = isnull[0] ? "NULL" : TextDatumGetCString(values[0]);
	rcv->site_id = isnull[1] ? "NULL" : TextDatumGetCString(values[1]);
	MemoryContextSwitchTo(old);
	return false;
}

/* Room for one more pair: double the array, within the memory limit. */
static bool
reserve_raw_pair(MatrixCall *mc)
{
	if (mc->npairs < mc->raw_capacity)
		return true;
	if ((Size) mc->raw_capacity * 2 * sizeof(RawPair) > MaxAllocHugeSize)
		return false;
	mc->raw_capacity *= 2;
	mc->raw = repalloc_huge(mc->raw, sizeof(RawPair) * mc->raw_capacity);
	return !access_memory_exceeded(mc->call_cxt);
}

static bool
receive_cost(TupleTableSlot *slot, DestReceiver *self)
{
	CostReceiver *rcv = (CostReceiver *) self;
	MatrixCall *mc = rcv->mc;
	Datum	   *values;
	bool	   *isnull;
	text	   *area_id,
			   *site_id;
	int			area,
				site;

	CHECK_FOR_INTERRUPTS();
	slot_getallattrs(slot);
	values = slot->tts_values;
	isnull = slot->tts_isnull;
	mc->rows_read++;
	if (isnull[0])
		return stop_costs(rcv, NULL_AREA_ID, values, isnull);
	if (isnull[1])
		return stop_costs(rcv, NULL_SITE_ID, values, isnull);
	if (isnull[2])
	{
		/* no cost: the pair is unreachable, as if it were not in the matrix */
		mc->null_cost++;
		return true;
	}
	rcv->cost = DatumGetFloat8(values[2]);
	if (!(rcv->cost >= 0) || isinf(rcv->cost))
		return stop_costs(rcv, BAD_COST, values, isnull);
	area_id = DatumGetTextPP(values[0]);
	area = id_lookup(&mc->area_index, VARDATA_ANY(area_id), VARSIZE_ANY_EXHDR(area_id));
	if (area < 0)
	{
		mc->unknown_area++;
		return true;
	}
	site_id = DatumGetTextPP(values[1]);
	site = id_lookup(&mc->site_index, VARDATA_ANY(site_id), VARSIZE_ANY_EXHDR(site_id));
	if (site < 0 && mc->has_candidates)
	{
		site = id_lookup(&mc->candidate_index, VARDATA_ANY(site_id), VARSIZE_ANY_EXHDR(site_id));
		if (site >= 0)
			site += mc->sites.n;
	}
	if (site < 0)
	{
		mc->unknown_site++;
		return true;
	}
	if (!reserve_raw_pair(mc))
		return stop_costs(rcv, PAST_MEMORY_LIMIT, values, isnull);
	mc->raw[mc->npairs].area = area;
	mc->raw[mc->npairs].site = site;
	mc->raw[mc->npairs].cost = rcv->cost;
	mc->npairs++;
	return true;
}

static void
report_cost_problem(const CostReceiver *rcv)
{
	switch (rcv->problem)
	{
		case COSTS_OK:
			return;
		case NULL_AREA_ID:
		case NULL_SITE_ID:
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("costs_sql returned a NULL %s (area_id %s, site_id %s)",
							rcv->problem == NULL_AREA_ID ? "area_id" : "site_id",
							rcv->area_id, rcv->site_id),
					 errdetail("Every row of the matrix names its area and its site.")));
			break;
		case BAD_COST:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("costs_sql returned cost %g for area_id %s and site_id %s",
							rcv->cost, rcv->area_id, rcv->site_id),
					 errdetail("A cost must be a finite number, zero or more, in the unit of the catchment."),
					 errhint("Leave an unreachable pair out of the matrix, or give it a NULL cost.")));
			break;
		case PAST_MEMORY_LIMIT:
			access_check_rows_memory(rcv->mc->call_cxt, "costs_sql", rcv->mc->rows_read);
			elog(ERROR, "the memory limit was passed and then was not");
			break;
	}
}

/* Phase 2: read the matrix, matched to the areas and sites. */
static void
read_costs(MatrixCall *mc, const char *sql)
{
	static const char *const cols[] = {"area_id", "site_id", "cost"};
	char	   *query = access_checked_query(sql, "costs_sql", cols, lengthof(cols),
											 "area_id, site_id and cost");
	CostReceiver rcv = {0};
	SPIExecuteOptions options = {0};

	SPI_freetuptable(SPI_tuptable);
	mc->raw_capacity = INITIAL_PAIRS;
	mc->raw = MemoryContextAllocHuge(mc->call_cxt, sizeof(RawPair) * mc->raw_capacity);
	access_check_rows_memory(mc->call_cxt, "costs_sql", 0);

	access_init_receiver(&rcv.pub, receive_cost);
	rcv.mc = mc;
	options.dest = &rcv.pub;
	if (SPI_execute_extended(psprintf("SELECT q.area_id::pg_catalog.text, q.site_id::pg_catalog.text, "
									  "q.cost::pg_catalog.float8 FROM (%s) q", query),
							 &options) < 0)
		elog(ERROR, "could not run the query of costs_sql");
	report_cost_problem(&rcv);
}

static void
report_skipped_costs(const MatrixCall *mc)
{
	if (mc->null_cost > 0)
		ereport(NOTICE,
				(errmsg_plural("skipped " INT64_FORMAT " row of costs_sql with a NULL cost (unreachable)",
							   "skipped " INT64_FORMAT " rows of costs_sql with a NULL cost (unreachable)",
							   mc->null_cost, mc->null_cost)));
	if (mc->unknown_area > 0)
		ereport(NOTICE,
				(errmsg_plural("skipped " INT64_FORMAT " row of costs_sql whose area_id areas_sql does not return",
							   "skipped " INT64_FORMAT " rows of costs_sql whose area_id areas_sql does not return",
							   mc->unknown_area, mc->unknown_area)));
	if (mc->unknown_site > 0 && !mc->has_candidates)
		ereport(NOTICE,
				(errmsg_plural("skipped " INT64_FORMAT " row of costs_sql whose site_id sites_sql does not return",
							   "skipped " INT64_FORMAT " rows of costs_sql whose site_id sites_sql does not return",
							   mc->unknown_site, mc->unknown_site)));
	if (mc->unknown_site > 0 && mc->has_candidates)
		ereport(NOTICE,
				(errmsg_plural("skipped " INT64_FORMAT " row of costs_sql whose site_id neither sites_sql nor candidates_sql returns",
							   "skipped " INT64_FORMAT " rows of costs_sql whose site_id neither sites_sql nor candidates_sql returns",
							   mc->unknown_site, mc->unknown_site)));
}

static int
compare_area_pair(const void *a, const void *b)
{
	int32		x = ((const AreaPair *) a)->site,
				y = ((const AreaPair *) b)->site;

	return (x > y) - (x < y);
}

/* One area's pairs by site index (= by site id: the sites are sorted by id). */
static void
sort_area_pairs(AreaPair *p, int64 n)
{
	if (n > INSERTION_SORT_MAX)
	{
		qsort(p, n, sizeof(AreaPair), compare_area_pair);
		return;
	}
	for (int64 k = 1; k < n; k++)
	{
		AreaPair	v = p[k];
		int64		m = k;

		for (; m > 0 && p[m - 1].site > v.site; m--)
			p[m] = p[m - 1];
		p[m] = v;
	}
}

/*
 * Phase 3: the pairs by area (a counting sort, in the order areas_sql
 * returned the areas), then each area's by site id. A pair given twice is
 * an error: it would count twice in a site's demand, and which of two costs
 * was meant is not for this function to guess.
 */
static void
group_by_area(MatrixCall *mc)
{
	int			n = mc->areas.n;
	int64	   *fill;

	mc->start = palloc0(sizeof(int64) * ((Size) n + 1));
	mc->pairs = MemoryContextAllocHuge(mc->call_cxt, sizeof(AreaPair) * Max(mc->npairs, 1));
	fill = palloc(sizeof(int64) * Max(n, 1));
	access_check_memory(mc->call_cxt, "access_scores_matrix",
						psprintf("while sorting " INT64_FORMAT " pairs of costs_sql", mc->npairs));
	for (int64 k = 0; k < mc->npairs; k++)
		mc->start[mc->raw[k].area + 1]++;
	for (int i = 0; i < n; i++)
	{
		mc->start[i + 1] += mc->start[i];
		fill[i] = mc->start[i];
	}
	for (int64 k = 0; k < mc->npairs; k++)
	{
		AreaPair   *to = &mc->pairs[fill[mc->raw[k].area]++];

		to->site = mc->raw[k].site;
		to->cost = mc->raw[k].cost;
	}
	pfree(fill);
	pfree(mc->raw);
	mc->raw = NULL;

	for (int i = 0; i < n; i++)
	{
		AreaPair   *p = mc->pairs + mc->start[i];
		int64		count = mc->start[i + 1] - mc->start[i];

		CHECK_FOR_INTERRUPTS();
		sort_area_pairs(p, count);
		for (int64 k = 1; k < count; k++)
			if (p[k].site == p[k - 1].site)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("costs_sql returned area_id %s and site_id %s twice",
								point_id(&mc->areas, i), matrix_site_id(mc, p[k].site)),
						 errdetail("The costs are %g and %g; each pair must be one row.",
								   p[k - 1].cost, p[k].cost),
						 errhint("Use GROUP BY area_id, site_id with min(cost), if the lowest was meant.")));
	}
}

/*
 * Phase 4, step 1: for each area, its nearest site over every pair (the
 * lowest cost; the lowest site id among equals, as the pairs are in site
 * order and only a lower cost replaces the best), its sites within the
 * catchment (cost <= catchment), and each pair's decay weight in place of
 * its cost; each site's demand sum_k P_k W(c_kj), then R_j = S_j / demand
 * (0 when nothing reaches the site).
 */
static void
site_ratios(MatrixCall *mc)
{
	int			n = mc->areas.n;
	double	   *demand = palloc0(sizeof(double) * Max(mc->sites.n, 1));

	mc->nearest = palloc(sizeof(int32) * Max(n, 1));
	mc->nearest_cost = palloc(sizeof(double) * Max(n, 1));
	mc->within = palloc(sizeof(int32) * Max(n, 1));
	mc->ratio = palloc(sizeof(double) * Max(mc->sites.n, 1));
	access_check_memory(mc->call_cxt, "access_scores_matrix", NULL);
	for (int i = 0; i < n; i++)
	{
		AreaPair   *p = mc->pairs + mc->start[i];
		int64		count = mc->start[i + 1] - mc->start[i];
		int			best = -1;
		double		best_cost = INFINITY;
		int32		within = 0;
		double		population = mc->areas.w[i];

		CHECK_FOR_INTERRUPTS();
		for (int64 k = 0; k < count; k++)
		{
			double		cost = p[k].cost;
			double		w = 0;

			if (cost < best_cost)
			{
				best = p[k].site;
				best_cost = cost;
			}
			if (cost <= mc->catchment)
			{
				within++;
				w = decay_weight(mc->decay, cost, mc->catchment);
				demand[p[k].site] += population * w;
			}
			p[k].cost = w;
		}
		mc->nearest[i] = best;
		mc->nearest_cost[i] = best_cost;
		mc->within[i] = within;
	}
	for (int j = 0; j < mc->sites.n; j++)
		mc->ratio[j] = demand[j] > 0 ? mc->sites.w[j] / demand[j] : 0.0;
	pfree(demand);
}

/* Phase 5, step 2: A_i = sum_j R_j W(c_ij), in site order; one row per area. */
static void
score_areas(ReturnSetInfo *rsinfo, const MatrixCall *mc)
{
	for (int i = 0; i < mc->areas.n; i++)
	{
		const AreaPair *p = mc->pairs + mc->start[i];
		int64		count = mc->start[i + 1] - mc->start[i];
		double		score = 0;

		CHECK_FOR_INTERRUPTS();
		for (int64 k = 0; k < count; k++)
			if (p[k].cost > 0)
				score += mc->ratio[p[k].site] * p[k].cost;
		access_emit_row(rsinfo, &mc->areas, i, &mc->sites, mc->nearest[i],
						mc->nearest_cost[i], mc->within[i], score);
	}
}

/*
 * access_scores_matrix(areas_sql, sites_sql, costs_sql, catchment, decay)
 */
PG_FUNCTION_INFO_V1(iapt_access_scores_matrix);
Datum
iapt_access_scores_matrix(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MatrixCall	mc = {0};
	MemoryContext old;

	mc.catchment = PG_GETARG_FLOAT8(3);
	mc.decay = decay_lookup(PG_GETARG_TEXT_PP(4));
	check_catchment_in(mc.catchment, "catchment", "cost (in the unit of the matrix)");

	InitMaterializedSRF(fcinfo, 0);
	mc.call_cxt = access_call_context();
	SPI_connect();

	/* Phase 1: the areas and sites, and their ids by hash */
	read_areas_and_sites(&mc, PG_GETARG_TEXT_PP(0), PG_GETARG_TEXT_PP(1), "capacity",
						 "access_scores_matrix");

	read_costs(&mc, text_to_cstring(PG_GETARG_TEXT_PP(2)));
	report_skipped_costs(&mc);

	old = MemoryContextSwitchTo(mc.call_cxt);
	group_by_area(&mc);
	site_ratios(&mc);
	score_areas(rsinfo, &mc);
	MemoryContextSwitchTo(old);

	SPI_finish();
	MemoryContextDelete(mc.call_cxt);
	return (Datum) 0;
}

/*
 * best_new_sites_matrix(areas_sql, sites_sql, candidates_sql, costs_sql, k)
 *
 * best_new_sites over a travel-cost matrix whose pairs name existing sites
 * and candidates alike. A matrix need not be full, so an area can be out of
 * reach of every site, and a mean cost over all areas is then undefined.
 * The greedy therefore compares two things, in this order: the population
 * left out of reach (the smaller the better: bringing people within reach
 * of any site comes first), then the population-weighted sum of the
 * reached areas' cost to their nearest open site; the lowest candidate id
 * wins a tie. Each step reads every pair of a candidate not yet chosen
 * once.
 */

/* Phase 1 of best_new_sites_matrix: each area's nearest existing site's cost. */
static void
existing_costs(const MatrixCall *mc, double *cur)
{
	for (int i = 0; i < mc->areas.n; i++)
	{
		const AreaPair *p = mc->pairs + mc->start[i];
		int64		count = mc->start[i + 1] - mc->start[i];

		cur[i] = INFINITY;
		for (int64 k = 0; k < count; k++)
			if (p[k].site < mc->sites.n && p[k].cost < cur[i])
				cur[i] = p[k].cost;
	}
}

/*
 * Phase 2, one greedy step: for each candidate not chosen, the population
 * it brings within reach and the change it makes to the reached areas' sum
 * of population x cost; the best by (more reached, lower sum, lower id).
 */
static int
best_candidate(const MatrixCall *mc, const double *cur, const bool *chosen,
			   double *reached, double *delta)
{
	int			nc = mc->candidates.n;
	int			best = -1;

	memset(reached, 0, sizeof(double) * nc);
	memset(delta, 0, sizeof(double) * nc);
	for (int i = 0; i < mc->areas.n; i++)
	{
		const AreaPair *p = mc->pairs + mc->start[i];
		int64		count = mc->start[i + 1] - mc->start[i];
		double		pop = mc->areas.w[i];

		CHECK_FOR_INTERRUPTS();
		for (int64 k = 0; k < count; k++)
		{
			int			c = p[k].site - mc->sites.n;

			if (c < 0 || chosen[c] || !(p[k].cost < cur[i]))
				continue;
			if (isinf(cur[i]))
			{
				reached[c] += pop;
				delta[c] += pop * p[k].cost;
			}
			else
				delta[c] -= pop * (cur[i] - p[k].cost);
		}
	}
	for (int c = 0; c < nc; c++)
	{
		if (chosen[c])
			continue;
		if (best < 0 || reached[c] > reached[best]
			|| (reached[c] == reached[best] && delta[c] < delta[best]))
			best = c;
	}
	return best;
}

PG_FUNCTION_INFO_V1(iapt_best_new_sites_matrix);
Datum
iapt_best_new_sites_matrix(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MatrixCall	mc = {0};
	MemoryContext old;
	int32		k = PG_GETARG_INT32(4);
	double	   *cur,
			   *reached,
			   *delta;
	bool	   *chosen;

	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be zero or more new sites, not %d", k)));
	InitMaterializedSRF(fcinfo, 0);
	mc.call_cxt = access_call_context();
	SPI_connect();

	/* Phase 0: the areas, sites and candidates, ids by hash, then the matrix */
	read_areas_and_sites(&mc, PG_GETARG_TEXT_PP(0), PG_GETARG_TEXT_PP(1), NULL,
						 "best_new_sites_matrix");
	access_read_weights(&mc.candidates, text_to_cstring(PG_GETARG_TEXT_PP(2)), "candidates_sql",
						NULL, mc.call_cxt);
	old = MemoryContextSwitchTo(mc.call_cxt);
	access_sort_by_id(&mc.candidates);
	build_id_index(&mc.candidate_index, &mc.candidates, "capacity");
	mc.has_candidates = true;
	for (int c = 0; c < mc.candidates.n; c++)
		if (id_lookup(&mc.site_index, point_id(&mc.candidates, c), stored_id_len(&mc.candidates, c)) >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("candidates_sql returned id \"%s\", which sites_sql returns too",
							point_id(&mc.candidates, c)),
					 errdetail("The matrix names existing sites and candidates by one id each, so an id cannot be both."),
					 errhint("Leave existing sites out of candidates_sql.")));
	access_check_memory(mc.call_cxt, "best_new_sites_matrix", NULL);
	MemoryContextSwitchTo(old);
	read_costs(&mc, text_to_cstring(PG_GETARG_TEXT_PP(3)));
	report_skipped_costs(&mc);

	old = MemoryContextSwitchTo(mc.call_cxt);
	group_by_area(&mc);
	cur = palloc(sizeof(double) * Max(mc.areas.n, 1));
	reached = palloc(sizeof(double) * Max(mc.candidates.n, 1));
	delta = palloc(sizeof(double) * Max(mc.candidates.n, 1));
	chosen = palloc0(sizeof(bool) * Max(mc.candidates.n, 1));
	access_check_memory(mc.call_cxt, "best_new_sites_matrix", NULL);
	existing_costs(&mc, cur);

	/* Phase 2: k greedy steps, one row each */
	for (int step = 1; step <= k && step <= mc.candidates.n; step++)
	{
		int			best = best_candidate(&mc, cur, chosen, reached, delta);
		const AreaPair *p;
		double		unreached = 0,
					reached_pop = 0,
					weighted = 0;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		chosen[best] = true;
		for (int i = 0; i < mc.areas.n; i++)
		{
			int64		count = mc.start[i + 1] - mc.start[i];

			p = mc.pairs + mc.start[i];
			for (int64 q = 0; q < count; q++)
				if (p[q].site == mc.sites.n + best && p[q].cost < cur[i])
					cur[i] = p[q].cost;
			if (isinf(cur[i]))
				unreached += mc.areas.w[i];
			else
			{
				reached_pop += mc.areas.w[i];
				weighted += mc.areas.w[i] * cur[i];
			}
		}
		values[0] = Int32GetDatum(step);
		values[1] = point_id_datum(&mc.candidates, best);
		if (reached_pop > 0)
			values[2] = Float8GetDatum(weighted / reached_pop);
		else
			nulls[2] = true;
		values[3] = Float8GetDatum(unreached);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextSwitchTo(old);
	SPI_finish();
	MemoryContextDelete(mc.call_cxt);
	return (Datum) 0;
}
