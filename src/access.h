/*
 * Travel-distance access: shared declarations of access_input.c (points read
 * from the caller's SQL, the memory of one call), travel.c (distances,
 * distance decay) and the set functions of access.c and access_network.c.
 */
#ifndef IAPT_EWS_ACCESS_H
#define IAPT_EWS_ACCESS_H

#include "postgres.h"

#include <math.h>

#include "funcapi.h"
#include "tcop/dest.h"

/*
 * Points read from one of the caller's queries, in the order it returned
 * them (access_sort_by_id reorders them). The ids are text values packed one
 * after another in id_text (each a varlena with a 4-byte header followed by a
 * NUL, so it is both a text Datum and a C string); id_at[i] is the offset of
 * point i's id.
 */
typedef struct PointSet
{
	const char *argname;		/* "areas_sql", "sites_sql", ... for messages */
	int			n;
	int			capacity;		/* of the per-point arrays */
	Size	   *id_at;
	char	   *id_text;
	Size		id_text_used;
	Size		id_text_size;
	double	   *x;
	double	   *y;
	double	   *w;				/* population or capacity; 0 when NULL */
	bool	   *w_null;			/* the weight was NULL */
	int			srid;			/* -1 when the set is empty */
	int64		null_geom;		/* rows skipped for a NULL or empty geometry */
	int64		null_weight;
} PointSet;

/* Point i's id as a text Datum (no copy) and as a C string. */
static inline Datum
point_id_datum(const PointSet *ps, int i)
{
	return PointerGetDatum(ps->id_text + ps->id_at[i]);
}

static inline const char *
point_id(const PointSet *ps, int i)
{
	return VARDATA(ps->id_text + ps->id_at[i]);
}

/* Distance decay (travel.c) */
typedef enum DecayKind
{
	DECAY_NONE,					/* 1 within the catchment: classic 2SFCA */
	DECAY_GAUSSIAN,				/* Dai 2010 */
	DECAY_STEP					/* Luo & Qi 2009 E2SFCA bands */
} DecayKind;

extern DecayKind decay_lookup(text *name);

/*
 * Weight of a site at distance d with catchment d0. Zero beyond d0; the
 * boundary d = d0 is inside (the Gaussian weight is 0 there anyway). Inline:
 * the access loops call it for every pair within the catchment.
 */
static inline double
decay_weight(DecayKind kind, double d, double d0)
{
	if (!(d <= d0))
		return 0.0;
	switch (kind)
	{
		case DECAY_NONE:
			return 1.0;
		case DECAY_GAUSSIAN:
			{
				static const double e = 0.60653065971263342360;	/* exp(-1/2) */
				double		t = d / d0;

				return (exp(-0.5 * t * t) - e) / (1.0 - e);
			}
		case DECAY_STEP:
			if (d <= d0 / 3.0)
				return 1.0;
			if (d <= 2.0 * d0 / 3.0)
				return 0.68;
			return 0.22;
	}
	pg_unreachable();
}

extern void check_catchment(double catchment_m);
extern void check_catchment_in(double catchment, const char *argname, const char *unit);
extern void check_detour(double detour);
extern double geodesic_distance_wgs84(double lon1, double lat1, double lon2, double lat2);

/*
 * The travel-time model (travel_model.c): minutes = fixed_minutes +
 * 60 * distance_m / (1000 * speed_kmh), speed along the straight line.
 */
static inline double
model_minutes(double distance_m, double fixed_minutes, double speed_kmh)
{
	return fixed_minutes + (60.0 * distance_m) / (1000.0 * speed_kmh);
}

extern void check_travel_model(double fixed_minutes, double speed_kmh);

/*
 * The memory of one call (access_input.c): every array a call builds (its
 * points, grids, pairs) lives in one memory context, and the context's size,
 * as MemoryContextMemAllocated() reports it, is held against the setting
 * iapt_ews.max_input_memory (defined by access_define_settings at load).
 */
extern void access_define_settings(void);
extern MemoryContext access_call_context(void);
extern bool access_memory_exceeded(MemoryContext call_cxt);
extern void access_check_memory(MemoryContext call_cxt, const char *what,
								const char *progress);

/*
 * Reading points (access_input.c); call between SPI_connect and SPI_finish.
 * extension_schema: the quoted schema an extension is installed in, or NULL
 * when it is not installed.
 */
extern char *extension_schema(const char *extname);
extern char *access_postgis_schema(void);
extern void access_read_points(PointSet *ps, const char *sql, const char *argname,
							   const char *weight_col, const char *postgis,
							   MemoryContext call_cxt);
extern void access_read_weights(PointSet *ps, const char *sql, const char *argname,
								const char *weight_col, MemoryContext call_cxt);
extern char *access_checked_query(const char *sql, const char *argname,
								  const char *const *cols, int ncols, const char *columns);
extern void access_check_rows_memory(MemoryContext call_cxt, const char *argname, int64 rows);
extern void access_sort_by_id(PointSet *ps);
extern void access_check_metric_srid(const char *postgis, PointSet **sets, int nsets);
extern void access_report_skipped(const PointSet *ps, const char *weight_col);
extern void access_init_receiver(DestReceiver *pub,
								 bool (*receive) (TupleTableSlot *slot, DestReceiver *self));

/* One result row of access_scores / access_scores_network (nearest < 0: none). */
extern void access_emit_row(ReturnSetInfo *rsinfo, const PointSet *areas, int area,
							const PointSet *sites, int nearest, double nearest_d,
							int within, double score);

#endif
