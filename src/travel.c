/*
 * Distances and distance decay for the access functions.
 *
 * travel_distance() measures in metres: planar (Euclidean) for projected
 * SRIDs in metres such as British National Grid (27700), and geodesic on the
 * WGS 84 ellipsoid (Vincenty's inverse formula, 1975) for geographic SRIDs
 * such as 4326. Either is multiplied by a detour (circuity) factor >= 1.
 */
#include "postgres.h"

#include <math.h>

#include "export.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "access.h"

#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)
#define MEAN_EARTH_RADIUS 6371008.8		/* IUGG mean radius, for the fallback */

DecayKind
decay_lookup(text *name)
{
	char	   *s = text_to_cstring(name);

	if (strcmp(s, "gaussian") == 0)
		return DECAY_GAUSSIAN;
	if (strcmp(s, "none") == 0)
		return DECAY_NONE;
	if (strcmp(s, "step") == 0)
		return DECAY_STEP;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown distance decay \"%s\"", s),
			 errhint("Known decays: gaussian (Dai 2010), step (Luo and Qi 2009 E2SFCA), none (classic 2SFCA).")));
	pg_unreachable();
}

/*
 * The catchment of every access function: positive and finite (NaN fails
 * the first test). what names the argument and its unit, e.g. "catchment_m"
 * and "number of metres", so the straight-line, network and matrix
 * functions refuse alike.
 */
void
check_catchment_in(double catchment, const char *argname, const char *unit)
{
	if (!(catchment > 0) || isinf(catchment))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a positive finite %s, not %g",
						argname, unit, catchment)));
}

void
check_catchment(double catchment_m)
{
	check_catchment_in(catchment_m, "catchment_m", "number of metres");
}

void
check_detour(double detour)
{
	if (!(detour >= 1.0) || isinf(detour))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("detour must be a finite factor of at least 1, not %g", detour),
				 errdetail("The detour (circuity) factor turns straight-line distance into road distance: about 1.2 to 1.4 in England."),
				 errhint("Use 1 for straight-line distance.")));
}

/* Great-circle distance on a sphere of the mean Earth radius (haversine). */
static double
haversine(double lon1, double lat1, double lon2, double lat2)
{
	double		p1 = lat1 * M_PI / 180,
				p2 = lat2 * M_PI / 180;
	double		dp = p2 - p1,
				dl = (lon2 - lon1) * M_PI / 180;
	double		h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	return 2 * MEAN_EARTH_RADIUS * asin(Min(1.0, sqrt(h)));
}

/*
 * Vincenty's inverse formula on the WGS 84 ellipsoid (T. Vincenty, Direct and
 * inverse solutions of geodesics on the ellipsoid, Survey Review 1975),
 * accurate to about 0.5 mm. It does not converge for nearly antipodal
 * points; those fall back to the haversine distance (error < 0.5%).
 */
double
geodesic_distance_wgs84(double lon1, double lat1, double lon2, double lat2)
{
	const double a = WGS84_A,
				f = WGS84_F,
				b = (1 - f) * a;
	double		L = (lon2 - lon1) * M_PI / 180;
	double		U1 = atan((1 - f) * tan(lat1 * M_PI / 180));
	double		U2 = atan((1 - f) * tan(lat2 * M_PI / 180));
	double		sinU1 = sin(U1),
				cosU1 = cos(U1),
				sinU2 = sin(U2),
				cosU2 = cos(U2);
	double		lambda = L,
				lambda_prev;
	double		sinSigma = 0,
				cosSigma = 0,
				sigma = 0,
				cosSqAlpha = 0,
				cos2SigmaM = 0;
	int			iter = 0;

	do
	{
		double		sinLambda = sin(lambda),
					cosLambda = cos(lambda);
		double		sinAlpha,
					C;

		sinSigma = sqrt((cosU2 * sinLambda) * (cosU2 * sinLambda) +
						(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) *
						(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda));
		if (sinSigma == 0)
			return 0.0;			/* coincident points */
		cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
		sigma = atan2(sinSigma, cosSigma);
		sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
		cosSqAlpha = 1 - sinAlpha * sinAlpha;
		cos2SigmaM = cosSqAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0;
		C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
		lambda_prev = lambda;
		lambda = L + (1 - C) * f * sinAlpha *
			(sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
	} while (fabs(lambda - lambda_prev) > 1e-12 && ++iter < 200);

	if (iter >= 200 || !isfinite(lambda))
		return haversine(lon1, lat1, lon2, lat2);

	{
		double		uSq = cosSqAlpha * (a * a - b * b) / (b * b);
		double		A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
		double		B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
		double		deltaSigma = B * sinSigma *
			(cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
								   B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) *
								   (-3 + 4 * cos2SigmaM * cos2SigmaM)));

		return b * A * (sigma - deltaSigma);
	}
}

static void
check_point_type(const char *type, const char *arg)
{
	if (strcmp(type, "POINT") != 0 && strcmp(type, "POINTM") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("travel_distance needs points, but %s is a %s", arg, type),
				 errhint("Use ST_PointOnSurface(%s) (or a population-weighted centroid) for polygons.", arg)));
}

/*
 * travel_distance_xy(a_type, a_x, a_y, a_srid, b_type, b_x, b_y, b_srid,
 * detour, proj4text): the C half of iapt_ews.travel_distance(geometry,
 * geometry, float8); the SQL half reads the points with PostGIS.
 */
PG_FUNCTION_INFO_V1(iapt_travel_distance_xy);
Datum
iapt_travel_distance_xy(PG_FUNCTION_ARGS)
{
	char	   *a_type,
			   *b_type,
			   *proj;
	int32		a_srid,
				b_srid;
	double		ax,
				ay,
				bx,
				by,
				detour,
				d;

	for (int i = 0; i < 9; i++)
		if (i != 1 && i != 2 && i != 5 && i != 6 && PG_ARGISNULL(i))
			PG_RETURN_NULL();
	a_type = text_to_cstring(PG_GETARG_TEXT_PP(0));
	b_type = text_to_cstring(PG_GETARG_TEXT_PP(4));
	a_srid = PG_GETARG_INT32(3);
	b_srid = PG_GETARG_INT32(7);
	detour = PG_GETARG_FLOAT8(8);

	check_detour(detour);
	check_point_type(a_type, "a");
	check_point_type(b_type, "b");
	if (a_srid != b_srid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("travel_distance needs both points in one SRID, not %d and %d",
						a_srid, b_srid),
				 errhint("Use ST_Transform(geom, 27700) on both.")));
	/* POINT EMPTY has no coordinates: no distance */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(5) || PG_ARGISNULL(6))
		PG_RETURN_NULL();
	ax = PG_GETARG_FLOAT8(1);
	ay = PG_GETARG_FLOAT8(2);
	bx = PG_GETARG_FLOAT8(5);
	by = PG_GETARG_FLOAT8(6);

	if (PG_ARGISNULL(9))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("SRID %d is not a known spatial reference system", a_srid),
				 errdetail("spatial_ref_sys has no definition for SRID %d, so its units are unknown.",
						   a_srid),
				 errhint("Set the SRID the coordinates are in, e.g. ST_SetSRID(geom, 27700) for British National Grid.")));
	proj = text_to_cstring(PG_GETARG_TEXT_PP(9));
	if (strstr(proj, "+proj=longlat") || strstr(proj, "+proj=latlong"))
	{
		if (fabs(ay) > 90 || fabs(by) > 90)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("latitude out of range in SRID %d", a_srid),
					 errdetail("Latitudes are %g and %g; they must lie between -90 and 90.", ay, by),
					 errhint("Points in SRID %d are (longitude, latitude).", a_srid)));
		d = geodesic_distance_wgs84(ax, ay, bx, by);
	}
	else
	{
		const char *units = strstr(proj, "+units=");

		if (units != NULL && strncmp(units, "+units=m ", 9) != 0 && strcmp(units, "+units=m") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("SRID %d is not in metres", a_srid),
					 errdetail("Its definition says %s.", units),
					 errhint("Use ST_Transform(geom, 27700) on both points.")));
		d = hypot(bx - ax, by - ay);
	}
	PG_RETURN_FLOAT8(d * detour);
}
