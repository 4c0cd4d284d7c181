/*
 * Travel-distance access to services: access_scores() (nearest site and the
 * two-step floating catchment area family: 2SFCA, E2SFCA, Gaussian 2SFCA)
 * and best_new_sites() (greedy choice of new sites closer to home).
 *
 * Both read their points from the caller's queries (access_input.c) and use
 * uniform grids (spatial_grid.c), so the work grows with the number of
 * area-site pairs within the catchment, not with areas x sites.
 */
#include "postgres.h"

#include <math.h>

#include "executor/spi.h"
#include "export.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "access.h"
#include "spatial_grid.h"

/* Cell ranges are widened by this relative margin; the test itself is exact. */
#define RANGE_SLACK (1.0 + 1e-9)

static void *
alloc_array(Size count, Size size, const char *what)
{
	if (count > 0 && size > MaxAllocHugeSize / count)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many %s", what)));
	return MemoryContextAllocHuge(CurrentMemoryContext, Max(count * size, 1));
}

/*
 * access_scores(areas_sql, sites_sql, catchment_m, decay, detour)
 *
 * Step 1: R_j = capacity_j / sum_k population_k W(d_kj), 0 when no
 * population reaches site j. Step 2: e2sfca_i = sum_j R_j W(d_ij).
 * W is the decay (travel.c); d is the straight-line distance times detour.
 *
 * Both steps walk the same pairs, area by area, over one grid of the sites
 * (cells of half the straight-line catchment, read as a disc row by row):
 * the first pass adds each area's weighted population to the sites it
 * reaches, the second scores the areas. The decay weights of the first pass
 * are kept for the second when they fit in the call's memory limit, so each
 * exp() is computed once; otherwise the second pass computes them again.
 */

/*
 * The catchment of one call, in the units the loops need. The cost of a pair
 * is its straight-line distance times detour (access_scores), or the minutes
 * of the travel-time model (access_scores_minutes): fixed_minutes plus the
 * distance at speed_kmh (model_minutes, access.h).
 */
typedef struct Catchment
{
	double		d0;				/* catchment, in the unit of the cost */
	bool		minutes;		/* cost = model_minutes, not detour x distance */
	double		detour;
	double		fixed_minutes;
	double		speed_kmh;
	double		r;				/* straight-line reach, with slack */
	double		r2;				/* r squared */
	DecayKind	decay;
	const char *name;			/* of the SQL function, for messages */
} Catchment;

/* The cost of a pair at straight-line distance line_m. */
static inline double
pair_cost(const Catchment *c, double line_m)
{
	if (c->minutes)
		return model_minutes(line_m, c->fixed_minutes, c->speed_kmh);
	return c->detour * line_m;
}

/*
 * The sites within the catchment of one area (or, while they fit, of every
 * area so far): site index and decay weight, and the cost of the nearest
 * among them.
 */
typedef struct PairList
{
	int		   *site;
	double	   *weight;
	int64		n;
	int64		capacity;
} PairList;

/* Step 1's weights, kept for step 2: area i's pairs are [start[i], start[i + 1]). */
typedef struct KeptWeights
{
	bool		kept;
	int64	   *start;
	PairList	pairs;
} KeptWeights;

/* Each area's nearest site within the catchment (-1: none) and its distance. */
typedef struct NearestSite
{
	int		   *site;
	double	   *distance;
} NearestSite;

static void
pair_list_init(PairList *pl, int64 capacity)
{
	pl->n = 0;
	pl->capacity = Max(capacity, 1);
	pl->site = palloc(sizeof(int) * pl->capacity);
	pl->weight = palloc(sizeof(double) * pl->capacity);
}

/*
 * Room for extra more pairs: false (and the list unchanged) when doubling
 * would pass the call's memory limit or the largest allocation.
 */
static bool
pair_list_reserve(PairList *pl, int64 extra, MemoryContext call_cxt)
{
	int64		capacity = pl->capacity;

	if (pl->n + extra <= capacity)
		return true;
	while (pl->n + extra > capacity)
		capacity *= 2;
	if ((Size) capacity * sizeof(double) > MaxAllocHugeSize)
		return false;
	pl->site = repalloc_huge(pl->site, sizeof(int) * capacity);
	pl->weight = repalloc_huge(pl->weight, sizeof(double) * capacity);
	pl->capacity = capacity;
	return !access_memory_exceeded(call_cxt);
}

/*
 * Append the sites within the catchment of (qx, qy) to pl, with their decay
 * weights (pl must have room for every site); returns how many, and sets
 * *nearest and *nearest_d to the nearest of them (lowest index among equals)
 * when it is nearer than what they hold.
 */
static int
sites_within(const SpatialGrid *g, const Catchment *c, double qx, double qy,
			 PairList *pl, int *nearest, double *nearest_d)
{
	/* locals, so the compiler need not reload them after each store */
	const double *restrict cell_x = g->cell_x;
	const double *restrict cell_y = g->cell_y;
	const int  *restrict items = g->items;
	int		   *restrict site = pl->site + pl->n;
	double	   *restrict weight = pl->weight + pl->n;
	const double r2 = c->r2,
				d0 = c->d0;
	const DecayKind decay = c->decay;
	int			best = *nearest;
	double		best_d = *nearest_d;
	GridRange	range;
	int			found = 0;

	if (!grid_range(g, qx, qy, c->r, &range))
		return 0;
	for (int cy = range.y0; cy <= range.y1; cy++)
	{
		int			k0,
					k1;

		if (!grid_disc_row(g, cy, qx, qy, c->r, &k0, &k1))
			continue;
		for (int k = k0; k < k1; k++)
		{
			double		dx = cell_x[k] - qx;
			double		dy = cell_y[k] - qy;
			double		d2 = dx * dx + dy * dy;
			double		d;
			int			j;

			if (d2 > r2)
				continue;
			d = pair_cost(c, sqrt(d2));
			if (!(d <= d0))
				continue;
			j = items[k];
			site[found] = j;
			weight[found] = decay_weight(decay, d, d0);
			found++;
			if (d < best_d || (d == best_d && j < best))
			{
				best = j;
				best_d = d;
			}
		}
	}
	pl->n += found;
	*nearest = best;
	*nearest_d = best_d;
	return found;
}

/*
 * Step 1: the population each site serves, weighted by distance, then
 * R_j = capacity / that. Keeps the weights in kw while they fit.
 */
static pg_noinline void
site_ratios(const PointSet *areas, const PointSet *sites, const SpatialGrid *sgrid,
			const Catchment *c, double *ratio, KeptWeights *kw, NearestSite *near,
			MemoryContext call_cxt)
{
	double	   *demand = palloc0(sizeof(double) * Max(sites->n, 1));
	PairList	one;

	pair_list_init(&one, sites->n);
	kw->kept = true;
	kw->start = palloc(sizeof(int64) * (areas->n + 1));
	pair_list_init(&kw->pairs, Max(sites->n, 1024));
	access_check_memory(call_cxt, c->name, NULL);
	for (int i = 0; i < areas->n; i++)
	{
		PairList   *pl = &one;
		int			found;

		CHECK_FOR_INTERRUPTS();
		if (kw->kept && !pair_list_reserve(&kw->pairs, sites->n, call_cxt))
		{
			/* past the limit: give the kept weights back, compute them again in step 2 */
			ereport(DEBUG1,
					(errmsg_internal("access_scores: the weights of step 1 pass iapt_ews.max_input_memory; step 2 computes them again")));
			kw->kept = false;
			pfree(kw->pairs.site);
			pfree(kw->pairs.weight);
			pfree(kw->start);
		}
		if (kw->kept)
		{
			pl = &kw->pairs;
			kw->start[i] = pl->n;
		}
		else
			one.n = 0;
		near->site[i] = -1;
		near->distance[i] = INFINITY;
		found = sites_within(sgrid, c, areas->x[i], areas->y[i], pl,
							 &near->site[i], &near->distance[i]);
		for (int64 k = pl->n - found; k < pl->n; k++)
			demand[pl->site[k]] += areas->w[i] * pl->weight[k];
	}
	if (kw->kept)
		kw->start[areas->n] = kw->pairs.n;
	for (int j = 0; j < sites->n; j++)
		ratio[j] = demand[j] > 0 ? sites->w[j] / demand[j] : 0.0;
	pfree(demand);
	pfree(one.site);
	pfree(one.weight);
}

/*
 * Step 2: each area sums the ratios of the sites it reaches. The nearest
 * site is the nearest within the catchment (found in step 1), else the
 * grid's nearest.
 */
static pg_noinline void
score_areas(ReturnSetInfo *rsinfo, const PointSet *areas, const PointSet *sites,
			const SpatialGrid *sgrid, const Catchment *c, const double *ratio,
			const KeptWeights *kw, const NearestSite *near)
{
	PairList	one;

	pair_list_init(&one, sites->n);
	for (int i = 0; i < areas->n; i++)
	{
		double		score = 0;
		int			nearest = near->site[i];
		double		nearest_d = near->distance[i];
		const int  *site;
		const double *weight;
		int64		within;

		CHECK_FOR_INTERRUPTS();
		if (kw->kept)
		{
			site = kw->pairs.site + kw->start[i];
			weight = kw->pairs.weight + kw->start[i];
			within = kw->start[i + 1] - kw->start[i];
		}
		else
		{
			int			again = -1;
			double		again_d = INFINITY;

			one.n = 0;
			within = sites_within(sgrid, c, areas->x[i], areas->y[i], &one, &again, &again_d);
			site = one.site;
			weight = one.weight;
		}
		for (int64 k = 0; k < within; k++)
			score += ratio[site[k]] * weight[k];
		if (nearest < 0)
		{
			double		d2;

			nearest = grid_nearest(sgrid, areas->x[i], areas->y[i], NULL, &d2);
			nearest_d = pair_cost(c, sqrt(d2));
		}
		access_emit_row(rsinfo, areas, i, sites, nearest, nearest_d, (int) within, score);
	}
}

/* access_scores and access_scores_minutes, once the catchment is set */
static Datum
access_scores_run(FunctionCallInfo fcinfo, Catchment c)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *postgis;
	PointSet	areas,
				sites;
	PointSet   *sets[2] = {&areas, &sites};
	SpatialGrid sgrid;
	double	   *ratio;
	KeptWeights kw;
	NearestSite near;
	MemoryContext call_cxt,
				old;

	InitMaterializedSRF(fcinfo, 0);
	call_cxt = access_call_context();
	SPI_connect();
	postgis = access_postgis_schema();
	access_read_points(&areas, text_to_cstring(PG_GETARG_TEXT_PP(0)), "areas_sql", "population",
					   postgis, call_cxt);
	access_read_points(&sites, text_to_cstring(PG_GETARG_TEXT_PP(1)), "sites_sql", "capacity",
					   postgis, call_cxt);
	access_check_metric_srid(postgis, sets, 2);
	access_report_skipped(&areas, "population");
	access_report_skipped(&sites, "capacity");

	old = MemoryContextSwitchTo(call_cxt);
	access_sort_by_id(&sites);
	grid_build(&sgrid, sites.x, sites.y, sites.n, c.r / 2);
	ratio = palloc(sizeof(double) * Max(sites.n, 1));
	near.site = palloc(sizeof(int) * Max(areas.n, 1));
	near.distance = palloc(sizeof(double) * Max(areas.n, 1));
	access_check_memory(call_cxt, c.name, NULL);
	site_ratios(&areas, &sites, &sgrid, &c, ratio, &kw, &near, call_cxt);
	score_areas(rsinfo, &areas, &sites, &sgrid, &c, ratio, &kw, &near);
	MemoryContextSwitchTo(old);

	SPI_finish();
	MemoryContextDelete(call_cxt);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(iapt_access_scores);
Datum
iapt_access_scores(PG_FUNCTION_ARGS)
{
	Catchment	c = {0};

	c.name = "access_scores";
	c.d0 = PG_GETARG_FLOAT8(2);
	c.decay = decay_lookup(PG_GETARG_TEXT_PP(3));
	c.detour = PG_GETARG_FLOAT8(4);
	check_catchment(c.d0);
	check_detour(c.detour);
	c.r = c.d0 / c.detour * RANGE_SLACK;
	c.r2 = c.r * c.r;
	return access_scores_run(fcinfo, c);
}

/*
 * access_scores_minutes(areas_sql, sites_sql, catchment_minutes, decay,
 * fixed_minutes, speed_kmh): access_scores with the cost of a pair in the
 * minutes of the travel-time model. Minutes grow with distance, so the
 * catchment is the disc of radius (catchment - fixed) at the speed, and the
 * nearest site in minutes is the nearest in metres; the decay is applied to
 * minutes / catchment_minutes, as access_scores_matrix applies it to routed
 * minutes.
 */
PG_FUNCTION_INFO_V1(iapt_access_scores_minutes);
Datum
iapt_access_scores_minutes(PG_FUNCTION_ARGS)
{
	Catchment	c = {0};

	c.name = "access_scores_minutes";
	c.minutes = true;
	c.d0 = PG_GETARG_FLOAT8(2);
	c.decay = decay_lookup(PG_GETARG_TEXT_PP(3));
	c.fixed_minutes = PG_GETARG_FLOAT8(4);
	c.speed_kmh = PG_GETARG_FLOAT8(5);
	check_catchment_in(c.d0, "catchment_minutes", "number of minutes");
	check_travel_model(c.fixed_minutes, c.speed_kmh);
	if (!(c.d0 > c.fixed_minutes))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("catchment_minutes %g is not more than fixed_minutes %g", c.d0, c.fixed_minutes),
				 errdetail("In the travel-time model every trip takes at least fixed_minutes, so no site could be within the catchment."),
				 errhint("Use a catchment longer than fixed_minutes.")));
	c.r = (c.d0 - c.fixed_minutes) * (1000.0 * c.speed_kmh) / 60.0 * RANGE_SLACK;
	c.r2 = c.r * c.r;
	return access_scores_run(fcinfo, c);
}

/*
 * best_new_sites(areas_sql, sites_sql, candidates_sql, k, detour)
 *
 * Greedy: each step adds the candidate that most lowers the sum over areas
 * of population x distance to the nearest open site (existing or chosen).
 * The gain of a candidate c is sum over areas i with d(i,c) < cur_i of
 * population_i (cur_i - d(i,c)), where cur_i is area i's current nearest
 * distance, so each area only looks at candidates within cur_i of it (a
 * grid query): far cheaper than areas x candidates when sites exist. With
 * no existing site the first step is a 1-median over all pairs.
 */
PG_FUNCTION_INFO_V1(iapt_best_new_sites);
Datum
iapt_best_new_sites(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *areas_sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *sites_sql = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *cand_sql = text_to_cstring(PG_GETARG_TEXT_PP(2));
	int32		k = PG_GETARG_INT32(3);
	double		detour = PG_GETARG_FLOAT8(4);
	char	   *postgis;
	PointSet	areas,
				sites,
				cands;
	PointSet   *sets[3] = {&areas, &sites, &cands};
	SpatialGrid sgrid,
				cgrid;
	double	   *cur;
	double	   *gain;
	bool	   *chosen;
	double		total_pop = 0;
	MemoryContext call_cxt,
				old;

	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be zero or more, not %d", k),
				 errdetail("k is the number of new sites to choose.")));
	check_detour(detour);

	InitMaterializedSRF(fcinfo, 0);
	call_cxt = access_call_context();
	SPI_connect();
	postgis = access_postgis_schema();
	access_read_points(&areas, areas_sql, "areas_sql", "population", postgis, call_cxt);
	access_read_points(&sites, sites_sql, "sites_sql", NULL, postgis, call_cxt);
	access_read_points(&cands, cand_sql, "candidates_sql", NULL, postgis, call_cxt);
	access_check_metric_srid(postgis, sets, 3);
	access_report_skipped(&areas, "population");
	access_report_skipped(&sites, NULL);
	access_report_skipped(&cands, NULL);
	access_sort_by_id(&cands);

	if (areas.n == 0 || cands.n == 0)
	{
		SPI_finish();
		MemoryContextDelete(call_cxt);
		return (Datum) 0;
	}
	old = MemoryContextSwitchTo(call_cxt);

	/* Current nearest straight-line distance of each area (infinite: no site). */
	cur = alloc_array(areas.n, sizeof(double), "areas");
	grid_build(&sgrid, sites.x, sites.y, sites.n,
			   grid_default_cell(sites.x, sites.y, sites.n));
	for (int i = 0; i < areas.n; i++)
	{
		double		d2;

		CHECK_FOR_INTERRUPTS();
		grid_nearest(&sgrid, areas.x[i], areas.y[i], NULL, &d2);
		cur[i] = sqrt(d2);
		total_pop += areas.w[i];
	}

	gain = alloc_array(cands.n, sizeof(double), "candidates");
	chosen = alloc_array(cands.n, sizeof(bool), "candidates");
	memset(chosen, 0, sizeof(bool) * cands.n);
	grid_build(&cgrid, cands.x, cands.y, cands.n,
			   grid_default_cell(cands.x, cands.y, cands.n));
	access_check_memory(call_cxt, "best_new_sites", NULL);

	for (int step = 1; step <= k && step <= cands.n; step++)
	{
		int			best = -1;
		double		weighted = 0;
		Datum		values[3];
		bool		nulls[3] = {0};

		if (sites.n == 0 && step == 1)
		{
			/* No site yet: pick the candidate with the least population x distance. */
			double		best_cost = INFINITY;

			for (int c = 0; c < cands.n; c++)
			{
				double		cost = 0;

				CHECK_FOR_INTERRUPTS();
				for (int i = 0; i < areas.n; i++)
					cost += areas.w[i] * hypot(areas.x[i] - cands.x[c], areas.y[i] - cands.y[c]);
				if (best < 0 || cost < best_cost)
				{
					best_cost = cost;
					best = c;
				}
			}
		}
		else
		{
			double		best_gain = -1;

			memset(gain, 0, sizeof(double) * cands.n);
			for (int i = 0; i < areas.n; i++)
			{
				GridRange g;

				if (areas.w[i] == 0 || cur[i] == 0)
					continue;
				CHECK_FOR_INTERRUPTS();
				if (!grid_range(&cgrid, areas.x[i], areas.y[i], cur[i], &g))
					continue;
				for (int cy = g.y0; cy <= g.y1; cy++)
					for (int cx = g.x0; cx <= g.x1; cx++)
					{
						int			cell = GRID_CELL(&cgrid, cx, cy);

						for (int q = cgrid.cell_start[cell]; q < cgrid.cell_start[cell + 1]; q++)
						{
							int			c = cgrid.items[q];
							double		d = hypot(areas.x[i] - cands.x[c], areas.y[i] - cands.y[c]);

							if (d < cur[i])
								gain[c] += areas.w[i] * (cur[i] - d);
						}
					}
			}
			for (int c = 0; c < cands.n; c++)
				if (!chosen[c] && (best < 0 || gain[c] > best_gain))
				{
					best_gain = gain[c];
					best = c;
				}
		}

		chosen[best] = true;
		for (int i = 0; i < areas.n; i++)
		{
			double		d = hypot(areas.x[i] - cands.x[best], areas.y[i] - cands.y[best]);

			if (d < cur[i])
				cur[i] = d;
			weighted += areas.w[i] * cur[i];
		}
		values[0] = Int32GetDatum(step);
		values[1] = point_id_datum(&cands, best);
		if (total_pop > 0)
			values[2] = Float8GetDatum(detour * weighted / total_pop);
		else
			nulls[2] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextSwitchTo(old);
	SPI_finish();
	MemoryContextDelete(call_cxt);
	return (Datum) 0;
}

void
access_emit_row(ReturnSetInfo *rsinfo, const PointSet *areas, int area,
				const PointSet *sites, int nearest, double nearest_d,
				int within, double score)
{
	Datum		values[6];
	bool		nulls[6] = {0};

	values[0] = point_id_datum(areas, area);
	values[1] = Float8GetDatum(areas->w[area]);
	nulls[1] = areas->w_null[area];
	if (nearest >= 0)
	{
		values[2] = point_id_datum(sites, nearest);
		values[3] = Float8GetDatum(nearest_d);
	}
	else
		nulls[2] = nulls[3] = true;
	values[4] = Int32GetDatum(within);
	values[5] = Float8GetDatum(score);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}
