/*
 * Uniform grid for the access functions (access.c, access_network.c).
 *
 * Points are counting-sorted by cell, so a grid costs two int arrays. The
 * cell side is usually the catchment radius, so a radius query reads at most
 * 3 x 3 cells (access_scores uses half the radius and reads a disc of 5 x 5
 * cells, row by row). The coordinates are copied in cell order, so the cells
 * of one row are read from one stretch of memory. The number of cells is
 * capped at 16 cells per point (and at least 1,024): a tiny catchment over a
 * large extent widens the cells rather than allocating an enormous, empty
 * grid; queries stay correct either way.
 */
#include "postgres.h"

#include <math.h>

#include "export.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "spatial_grid.h"

#define GRID_MIN_CELLS 1024.0

/* A cell side giving about one point per cell over the points' bounding box. */
double
grid_default_cell(const double *x, const double *y, int n)
{
	double		minx = INFINITY,
				maxx = -INFINITY,
				miny = INFINITY,
				maxy = -INFINITY;
	double		side;

	for (int i = 0; i < n; i++)
	{
		minx = Min(minx, x[i]);
		maxx = Max(maxx, x[i]);
		miny = Min(miny, y[i]);
		maxy = Max(maxy, y[i]);
	}
	if (n == 0)
		return 1.0;
	side = Max(maxx - minx, maxy - miny) / ceil(sqrt((double) n));
	return side > 0 ? side : 1.0;
}

void
grid_build(SpatialGrid *g, const double *x, const double *y, int n, double cell)
{
	double		maxx = -INFINITY,
				maxy = -INFINITY;
	double		cap = Max(GRID_MIN_CELLS, 16.0 * n);
	int		   *cell_of;
	int			ncells;

	g->x = x;
	g->y = y;
	g->n = n;
	g->minx = INFINITY;
	g->miny = INFINITY;
	for (int i = 0; i < n; i++)
	{
		g->minx = Min(g->minx, x[i]);
		g->miny = Min(g->miny, y[i]);
		maxx = Max(maxx, x[i]);
		maxy = Max(maxy, y[i]);
	}
	if (n == 0)
	{
		g->minx = g->miny = 0;
		maxx = maxy = 0;
	}
	if (!(cell > 0) || !isfinite(cell))
		cell = 1.0;
	for (;;)
	{
		double		nx = floor((maxx - g->minx) / cell) + 1;
		double		ny = floor((maxy - g->miny) / cell) + 1;

		if (nx * ny <= cap)
		{
			g->nx = (int) nx;
			g->ny = (int) ny;
			break;
		}
		cell *= 2;
		if (!isfinite(cell))
			elog(ERROR, "spatial grid over a non-finite extent");
	}
	g->cell = cell;
	ncells = g->nx * g->ny;

	g->cell_start = palloc0(sizeof(int) * (ncells + 1));
	g->items = palloc(sizeof(int) * Max(n, 1));
	g->cell_x = palloc(sizeof(double) * Max(n, 1));
	g->cell_y = palloc(sizeof(double) * Max(n, 1));
	cell_of = palloc(sizeof(int) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		int			cx = (int) floor((x[i] - g->minx) / cell);
		int			cy = (int) floor((y[i] - g->miny) / cell);

		cx = Min(Max(cx, 0), g->nx - 1);
		cy = Min(Max(cy, 0), g->ny - 1);
		cell_of[i] = GRID_CELL(g, cx, cy);
		g->cell_start[cell_of[i] + 1]++;
	}
	for (int c = 0; c < ncells; c++)
		g->cell_start[c + 1] += g->cell_start[c];
	{
		int		   *fill = palloc(sizeof(int) * ncells);

		memcpy(fill, g->cell_start, sizeof(int) * ncells);
		for (int i = 0; i < n; i++)
		{
			int			k = fill[cell_of[i]]++;

			g->items[k] = i;
			g->cell_x[k] = x[i];
			g->cell_y[k] = y[i];
		}
		pfree(fill);
	}
	pfree(cell_of);
}

static inline int64
cell_coord(double v, double origin, double cell)
{
	double		c = floor((v - origin) / cell);

	/* far outside the grid: clamp, the ring search starts at the grid anyway */
	if (c < -1e12)
		return (int64) -1e12;
	if (c > 1e12)
		return (int64) 1e12;
	return (int64) c;
}

bool
grid_range(const SpatialGrid *g, double qx, double qy, double r, GridRange *range)
{
	int64		x0 = cell_coord(qx - r, g->minx, g->cell);
	int64		x1 = cell_coord(qx + r, g->minx, g->cell);
	int64		y0 = cell_coord(qy - r, g->miny, g->cell);
	int64		y1 = cell_coord(qy + r, g->miny, g->cell);

	if (g->n == 0 || x1 < 0 || y1 < 0 || x0 >= g->nx || y0 >= g->ny)
		return false;
	range->x0 = (int) Max(x0, 0);
	range->y0 = (int) Max(y0, 0);
	range->x1 = (int) Min(x1, g->nx - 1);
	range->y1 = (int) Min(y1, g->ny - 1);
	return true;
}

/*
 * The part of row cy of the grid that a disc of radius r around (qx, qy) can
 * reach: items [*k0, *k1) (the cells of a row are consecutive in items).
 * The row's nearest y to the query bounds the half-width of the disc there;
 * r should carry the caller's slack, and the caller tests each point.
 */
bool
grid_disc_row(const SpatialGrid *g, int cy, double qx, double qy, double r,
			  int *k0, int *k1)
{
	double		lo = g->miny + cy * g->cell;
	double		hi = lo + g->cell;
	double		dy = qy < lo ? lo - qy : (qy > hi ? qy - hi : 0.0);
	double		half;
	int64		x0,
				x1;

	if (dy > r)
		return false;
	half = sqrt(r * r - dy * dy) * (1.0 + 1e-9);
	x0 = Max(cell_coord(qx - half, g->minx, g->cell), 0);
	x1 = Min(cell_coord(qx + half, g->minx, g->cell), g->nx - 1);
	if (x0 > x1)
		return false;
	*k0 = g->cell_start[GRID_CELL(g, (int) x0, cy)];
	*k1 = g->cell_start[GRID_CELL(g, (int) x1, cy) + 1];
	return *k0 < *k1;
}

static inline void
visit_cell(const SpatialGrid *g, int cx, int cy, double qx, double qy,
		   const bool *skip, int *best, double *best_d2)
{
	int			c = GRID_CELL(g, cx, cy);

	for (int k = g->cell_start[c]; k < g->cell_start[c + 1]; k++)
	{
		int			i = g->items[k];
		double		dx = g->cell_x[k] - qx;
		double		dy = g->cell_y[k] - qy;
		double		d2 = dx * dx + dy * dy;

		if (skip && skip[i])
			continue;
		/* ties: the lowest index wins (callers sort their points by id) */
		if (*best < 0 || d2 < *best_d2 || (d2 == *best_d2 && i < *best))
		{
			*best = i;
			*best_d2 = d2;
		}
	}
}

/*
 * Index of the point nearest to (qx, qy), lowest index among equals, or -1
 * when the grid holds no (unskipped) point; *dist2 gets the squared distance.
 * Rings of cells at Chebyshev distance k around the query's cell are read in
 * turn; every point of ring k + 1 or beyond is at least k cells away, so the
 * search stops once the best distance is below k * cell.
 */
int
grid_nearest(const SpatialGrid *g, double qx, double qy, const bool *skip,
			 double *dist2)
{
	int64		qcx = cell_coord(qx, g->minx, g->cell);
	int64		qcy = cell_coord(qy, g->miny, g->cell);
	int64		kmin,
				kmax;
	int			best = -1;
	double		best_d2 = INFINITY;

	*dist2 = INFINITY;
	if (g->n == 0)
		return -1;
	/* first ring that touches the grid, and the last one */
	kmin = Max(Max(-qcx, qcx - (g->nx - 1)), Max(-qcy, qcy - (g->ny - 1)));
	kmin = Max(kmin, 0);
	kmax = Max(Max(qcx, (g->nx - 1) - qcx), Max(qcy, (g->ny - 1) - qcy));

	for (int64 k = kmin; k <= kmax; k++)
	{
		int64		lo_x = Max(qcx - k, 0),
					hi_x = Min(qcx + k, g->nx - 1);
		int64		lo_y = Max(qcy - k + 1, 0),
					hi_y = Min(qcy + k - 1, g->ny - 1);

		if (best >= 0)
		{
			double		reach = (double) (k - 1) * g->cell;

			if (reach > 0 && best_d2 < reach * reach)
				break;
		}
		CHECK_FOR_INTERRUPTS();
		/* bottom and top rows of the ring */
		if (qcy - k >= 0 && qcy - k < g->ny)
			for (int64 cx = lo_x; cx <= hi_x; cx++)
				visit_cell(g, (int) cx, (int) (qcy - k), qx, qy, skip, &best, &best_d2);
		if (k > 0 && qcy + k >= 0 && qcy + k < g->ny)
			for (int64 cx = lo_x; cx <= hi_x; cx++)
				visit_cell(g, (int) cx, (int) (qcy + k), qx, qy, skip, &best, &best_d2);
		/* left and right columns, without the corners */
		if (qcx - k >= 0 && qcx - k < g->nx)
			for (int64 cy = lo_y; cy <= hi_y; cy++)
				visit_cell(g, (int) (qcx - k), (int) cy, qx, qy, skip, &best, &best_d2);
		if (k > 0 && qcx + k >= 0 && qcx + k < g->nx)
			for (int64 cy = lo_y; cy <= hi_y; cy++)
				visit_cell(g, (int) (qcx + k), (int) cy, qx, qy, skip, &best, &best_d2);
	}
	*dist2 = best_d2;
	return best;
}
