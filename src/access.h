/*
 * Travel-distance access: shared declarations of access_input.c (points read
 * from the caller's SQL), travel.c (distances, distance decay) and the set
 * functions of access.c and access_network.c.
 */
#ifndef IAPT_EWS_ACCESS_H
#define IAPT_EWS_ACCESS_H

#include "postgres.h"

#include "funcapi.h"

/* Points read from one of the caller's queries, in the order it returned them. */
typedef struct PointSet
{
	const char *argname;		/* "areas_sql", "sites_sql", ... for messages */
	int			n;
	char	  **id;
	double	   *x;
	double	   *y;
	double	   *w;				/* population or capacity; 0 when NULL */
	bool	   *w_null;			/* the weight was NULL */
	int			srid;			/* -1 when the set is empty */
	int64		null_geom;		/* rows skipped for a NULL or empty geometry */
	int64		null_weight;
} PointSet;

/* Distance decay (travel.c) */
typedef enum DecayKind
{
	DECAY_NONE,					/* 1 within the catchment: classic 2SFCA */
	DECAY_GAUSSIAN,				/* Dai 2010 */
	DECAY_STEP					/* Luo & Qi 2009 E2SFCA bands */
} DecayKind;

extern DecayKind decay_lookup(text *name);
extern double decay_weight(DecayKind kind, double d, double d0);
extern void check_catchment(double catchment_m);
extern void check_detour(double detour);
extern double geodesic_distance_wgs84(double lon1, double lat1, double lon2, double lat2);

/*
 * Reading points (access_input.c); call between SPI_connect and SPI_finish.
 * memory_used adds up the points of all the queries of one call, against
 * iapt_ews.max_input_memory (defined by access_define_settings at load).
 */
extern void access_define_settings(void);
extern char *access_postgis_schema(void);
extern void access_read_points(PointSet *ps, const char *sql, const char *argname,
							   const char *weight_col, const char *postgis, Size *memory_used);
extern void access_sort_by_id(PointSet *ps);
extern void access_check_metric_srid(const char *postgis, PointSet **sets, int nsets);
extern void access_report_skipped(const PointSet *ps, const char *weight_col);

/* One result row of access_scores / access_scores_network (nearest < 0: none). */
extern void access_emit_row(ReturnSetInfo *rsinfo, const PointSet *areas, int area,
							const PointSet *sites, int nearest, double nearest_d,
							int within, double score);

#endif
