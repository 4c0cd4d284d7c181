#!/usr/bin/env bash
# `make demo`: runs against the throwaway server tools/with_pg.sh started.
# Creates the demo database (iapt_ews with PostGIS and iapt_ews_postgis),
# then runs demo/NN-*.sql in order: the first makes the data model in
# schema talking_therapies (iapt_ews.create_data_model) and loads sample
# data into it (real areas and GP-practice sites from data/*.csv.gz,
# synthetic referrals), the rest print one report each.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
export PGDATABASE=iapt_demo
tools/new_database.sh "$PGDATABASE"
# The loader's and the reports' queries are costed far above
# jit_above_cost, and JIT compilation (with inlining and optimisation) took
# two to three seconds a query, as long as some of the queries themselves:
# with JIT off the whole demo took less than half the time. The served
# database (make serve) keeps the setting, for a BI tool's queries.
psql -X -q -c "ALTER DATABASE $PGDATABASE SET jit = off"
echo "iapt_ews demo: every referral, contact and score below is SYNTHETIC (made up by demo/16-reporting-sample.sql);"
echo "the areas (LSOAs, IMD 2019) and the GP practices used as sites are real."
for script in demo/[0-9]*.sql; do
  psql -X -q -v ON_ERROR_STOP=1 -P pager=off -P footer=off -f "$script"
done
echo
echo "demo finished (synthetic data); the throwaway server is being stopped"
