#!/usr/bin/env bash
# `make demo`: runs against the throwaway server tools/with_pg.sh started.
# Creates the demo database (iapt_ews with PostGIS and iapt_ews_postgis),
# then runs demo/NN-*.sql in order: 10 and 11 generate a SYNTHETIC year of
# the NHS Talking Therapies Data Set for eight London providers (schema
# nhs_tt, calibrated to their published 2024-25 figures; docs/demo-data.md)
# and the services' own data (schema nhs_tt_local); 12 binds the data model
# to nhs_tt (iapt_ews.bind_data_set) in schema talking_therapies and loads
# its reference tables; the rest tell the seed documents' stories from the
# data model's views (20 the demo beside the published figures, 30 data
# quality against the planted faults, 40 City and Hackney's employment
# advisers, 60 Hammersmith and Fulham's access, 70 Bexley's repeat
# referrals, 80 the HTML report, 85 workshops). Timings per step are
# printed at the end. IAPT_DEMO_PROGRESS names a file to which each step
# is appended as it starts (make serve shows them while the demo loads).
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
export PGDATABASE=iapt_demo
progress() { [ -z "${IAPT_DEMO_PROGRESS:-}" ] || printf '%s\n' "$1" >> "$IAPT_DEMO_PROGRESS"; }
progress "the database $PGDATABASE (iapt_ews, PostGIS, iapt_ews_postgis)"
tools/new_database.sh "$PGDATABASE"
# The loader's and the reports' queries are costed far above
# jit_above_cost, and JIT compilation (with inlining and optimisation) took
# two to three seconds a query, as long as some of the queries themselves:
# with JIT off the whole demo took less than half the time. The served
# database (make serve) keeps the setting, for a BI tool's queries.
psql -X -q -c "ALTER DATABASE $PGDATABASE SET jit = off"
echo "iapt_ews demo: every referral, contact and score below is SYNTHETIC (demo/10-source-data.sql),"
echo "calibrated to eight London providers' published 2024-25 figures; the areas (LSOAs, IMD 2019) and GP practices are real."
timings=()
for script in demo/[0-9]*.sql; do
  progress "$script: $(head -1 "$script" | sed 's/^-- *//')"
  start=$(date +%s.%N)
  psql -X -q -v ON_ERROR_STOP=1 -P pager=off -P footer=off -f "$script"
  timings+=("$(printf '%-28s %6.1f s' "$(basename "$script")" "$(echo "$(date +%s.%N) - $start" | bc)")")
done
echo
echo "Time per step:"
printf '  %s\n' "${timings[@]}"
echo
echo "demo finished (synthetic data); the throwaway server is being stopped"
