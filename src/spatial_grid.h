/*
 * A uniform grid over a fixed set of planar points: counting-sorted cells,
 * range queries by cell rectangle and nearest-neighbour search by expanding
 * rings. Built once per call; no per-query state outlives it.
 */
#ifndef IAPT_EWS_SPATIAL_GRID_H
#define IAPT_EWS_SPATIAL_GRID_H

#include "postgres.h"

typedef struct SpatialGrid
{
	const double *x;			/* the points (not copied) */
	const double *y;
	int			n;
	double		minx;
	double		miny;
	double		cell;			/* cell side, in the points' units */
	int			nx;				/* cells across */
	int			ny;				/* cells up */
	int		   *cell_start;		/* nx * ny + 1 offsets into items */
	int		   *items;			/* point indexes, by cell, ascending within */
	double	   *cell_x;			/* the points' coordinates in items order, so */
	double	   *cell_y;			/* a row of cells is read from contiguous memory */
} SpatialGrid;

/* Cell rectangle [x0, x1] x [y0, y1] covering a box; false when it misses the grid. */
typedef struct GridRange
{
	int			x0,
				x1,
				y0,
				y1;
} GridRange;

extern void grid_build(SpatialGrid *g, const double *x, const double *y, int n,
					   double cell);
extern double grid_default_cell(const double *x, const double *y, int n);
extern bool grid_range(const SpatialGrid *g, double qx, double qy, double r,
					   GridRange *range);
extern bool grid_disc_row(const SpatialGrid *g, int cy, double qx, double qy, double r,
						  int *k0, int *k1);
extern int	grid_nearest(const SpatialGrid *g, double qx, double qy,
						 const bool *skip, double *dist2);

#define GRID_CELL(g, cx, cy) ((cy) * (g)->nx + (cx))

#endif
