#!/usr/bin/env bash
# A short, fixed-seed run of the SQL-level fuzzer (fuzz/sql_fuzz.py): every
# function and aggregate of the extension with random and extreme
# arguments, every type's input and binary receive with random strings and
# bytes. Clean errors pass; an internal error (SQLSTATE XX) or a crash fails
# (tools/with_pg.sh checks the server log). `make fuzz` runs longer.
set -euo pipefail
: "${IAPT_PG_BINDIR:?run this through tools/with_pg.sh}"
cd "$(dirname "$0")/../.."
export PGDATABASE=iapt_ews_fuzz
tools/new_database.sh "$PGDATABASE"
seed=${FUZZ_SEED:-20251123}
calls=${FUZZ_CALLS:-15}
if python3 fuzz/sql_fuzz.py --seed "$seed" --calls "$calls" | psql -X -q -v ON_ERROR_STOP=1 -At > /tmp/iapt_ews_fuzz.$$ 2>&1; then
  tail -1 /tmp/iapt_ews_fuzz.$$
  echo "fuzz: 1 passed, 0 failed"
  rm -f /tmp/iapt_ews_fuzz.$$
else
  tail -20 /tmp/iapt_ews_fuzz.$$
  rm -f /tmp/iapt_ews_fuzz.$$
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi
