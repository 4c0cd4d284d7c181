#!/usr/bin/env bash
# `make demo`: runs against the throwaway server tools/with_pg.sh started.
# Creates the demo database, then runs demo/NN-*.sql in order: the first
# scripts load sample data (data/*.csv.gz and synthetic referrals), the rest
# print one report each.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
export PGDATABASE=iapt_demo
tools/new_database.sh "$PGDATABASE"
for script in demo/[0-9]*.sql; do
  psql -X -q -v ON_ERROR_STOP=1 -P pager=off -P footer=off -f "$script"
done
echo
echo "demo finished; the throwaway server is being stopped"
