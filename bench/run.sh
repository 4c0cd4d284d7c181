#!/usr/bin/env bash
# `make bench`: runs against the throwaway server tools/with_pg.sh started.
# bench/00-lib.sql defines bench.compare(); each bench/NN-*.sql builds its
# data and compares the extension with the plain SQL an analyst would write,
# on the same data in the same run. Prints times and ratios; asserts nothing
# about speed (that is what a benchmark is for), but does check that both
# ways give the same answer.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."
# BENCH_SCALE: size of the synthetic warehouse of bench/80-warehouse.sql
# (1 = national: 1.7M referrals a year); default a tenth of that.
# BENCH_TIMEOUT: how long one of its comparisons may run (default 5min).
export PGDATABASE=iapt_bench
tools/new_database.sh "$PGDATABASE"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(psql -X -Atc 'select version()')"
for script in bench/[0-9]*.sql; do
  psql -X -q -v ON_ERROR_STOP=1 -v bench_scale="${BENCH_SCALE:-0.1}" -v bench_timeout="${BENCH_TIMEOUT:-5min}" -P pager=off -P footer=off -f "$script"
done
