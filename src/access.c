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
 */
PG_FUNCTION_INFO_V1(iapt_access_scores);
Datum
iapt_access_scores(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *areas_sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *sites_sql = text_to_cstring(PG_GETARG_TEXT_PP(1));
	double		d0 = PG_GETARG_FLOAT8(2);
	DecayKind	decay = decay_lookup(PG_GETARG_TEXT_PP(3));
	double		detour = PG_GETARG_FLOAT8(4);
	double		r;
	char	   *postgis;
	PointSet	areas,
				sites;
	PointSet   *sets[2] = {&areas, &sites};
	SpatialGrid agrid,
				sgrid;
	double	   *ratio;
	Size		input_memory = 0;

	check_catchment(d0);
	check_detour(detour);
	r = d0 / detour * RANGE_SLACK;

	InitMaterializedSRF(fcinfo, 0);
	SPI_connect();
	postgis = access_postgis_schema();
	access_read_points(&areas, areas_sql, "areas_sql", "population", postgis, &input_memory);
	access_read_points(&sites, sites_sql, "sites_sql", "capacity", postgis, &input_memory);
	access_check_metric_srid(postgis, sets, 2);
	access_report_skipped(&areas, "population");
	access_report_skipped(&sites, "capacity");
	access_sort_by_id(&sites);

	/* Step 1: the population each site serves, weighted by distance. */
	ratio = alloc_array(sites.n, sizeof(double), "sites");
	grid_build(&agrid, areas.x, areas.y, areas.n, r);
	for (int j = 0; j < sites.n; j++)
	{
		GridRange g;
		double		demand = 0;

		CHECK_FOR_INTERRUPTS();
		if (grid_range(&agrid, sites.x[j], sites.y[j], r, &g))
			for (int cy = g.y0; cy <= g.y1; cy++)
				for (int cx = g.x0; cx <= g.x1; cx++)
				{
					int			c = GRID_CELL(&agrid, cx, cy);

					for (int k = agrid.cell_start[c]; k < agrid.cell_start[c + 1]; k++)
					{
						int			i = agrid.items[k];
						double		d = detour * hypot(areas.x[i] - sites.x[j],
													   areas.y[i] - sites.y[j]);

						if (d <= d0)
							demand += areas.w[i] * decay_weight(decay, d, d0);
					}
				}
		ratio[j] = demand > 0 ? sites.w[j] / demand : 0.0;
	}

	/* Step 2: each area sums the ratios of the sites it reaches. */
	grid_build(&sgrid, sites.x, sites.y, sites.n, r);
	for (int i = 0; i < areas.n; i++)
	{
		GridRange g;
		double		score = 0;
		int			within = 0;
		int			nearest = -1;
		double		nearest_d = INFINITY;

		CHECK_FOR_INTERRUPTS();
		if (grid_range(&sgrid, areas.x[i], areas.y[i], r, &g))
			for (int cy = g.y0; cy <= g.y1; cy++)
				for (int cx = g.x0; cx <= g.x1; cx++)
				{
					int			c = GRID_CELL(&sgrid, cx, cy);

					for (int k = sgrid.cell_start[c]; k < sgrid.cell_start[c + 1]; k++)
					{
						int			j = sgrid.items[k];
						double		d = detour * hypot(areas.x[i] - sites.x[j],
													   areas.y[i] - sites.y[j]);

						if (d <= d0)
						{
							within++;
							score += ratio[j] * decay_weight(decay, d, d0);
							if (d < nearest_d || (d == nearest_d && j < nearest))
							{
								nearest = j;
								nearest_d = d;
							}
						}
					}
				}
		if (nearest < 0)
		{
			double		d2;

			nearest = grid_nearest(&sgrid, areas.x[i], areas.y[i], NULL, &d2);
			nearest_d = detour * sqrt(d2);
		}

		access_emit_row(rsinfo, &areas, i, &sites, nearest, nearest_d, within, score);
	}
	SPI_finish();
	return (Datum) 0;
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
	Size		input_memory = 0;

	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be zero or more, not %d", k),
				 errdetail("k is the number of new sites to choose.")));
	check_detour(detour);

	InitMaterializedSRF(fcinfo, 0);
	SPI_connect();
	postgis = access_postgis_schema();
	access_read_points(&areas, areas_sql, "areas_sql", "population", postgis, &input_memory);
	access_read_points(&sites, sites_sql, "sites_sql", NULL, postgis, &input_memory);
	access_read_points(&cands, cand_sql, "candidates_sql", NULL, postgis, &input_memory);
	access_check_metric_srid(postgis, sets, 3);
	access_report_skipped(&areas, "population");
	access_report_skipped(&sites, NULL);
	access_report_skipped(&cands, NULL);
	access_sort_by_id(&cands);

	if (areas.n == 0 || cands.n == 0)
	{
		SPI_finish();
		return (Datum) 0;
	}

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
		values[1] = CStringGetTextDatum(cands.id[best]);
		if (total_pop > 0)
			values[2] = Float8GetDatum(detour * weighted / total_pop);
		else
			nulls[2] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_finish();
	return (Datum) 0;
}

void
access_emit_row(ReturnSetInfo *rsinfo, const PointSet *areas, int area,
				const PointSet *sites, int nearest, double nearest_d,
				int within, double score)
{
	Datum		values[6];
	bool		nulls[6] = {0};

	values[0] = CStringGetTextDatum(areas->id[area]);
	values[1] = Float8GetDatum(areas->w[area]);
	nulls[1] = areas->w_null[area];
	if (nearest >= 0)
	{
		values[2] = CStringGetTextDatum(sites->id[nearest]);
		values[3] = Float8GetDatum(nearest_d);
	}
	else
		nulls[2] = nulls[3] = true;
	values[4] = Int32GetDatum(within);
	values[5] = Float8GetDatum(score);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}
