#!/usr/bin/env bash
# make test-valgrind: the regression suite with the server under valgrind's
# memcheck. PostgreSQL is not built for valgrind here, so its own code may
# report things; only errors whose stack passes through iapt_ews.so count.
# Slow (minutes): not part of make test.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
logs=$(mktemp -d "${TMPDIR:-/tmp}/iapt_ews_valgrind.XXXXXX")
chmod 777 "$logs"
export IAPT_VALGRIND_LOGS=$logs
status=0
PG_CONFIG=${PG_CONFIG:-pg_config} "$top/tools/with_pg.sh" --valgrind make -C "$top" --no-print-directory installcheck || status=$?
ours=$( (grep -l "iapt_ews.so" "$logs"/* 2>/dev/null || true) | wc -l)
if [ "$ours" -gt 0 ]; then
  echo "--- memcheck errors in iapt_ews ---"
  grep -h -B2 -A25 "iapt_ews.so" "$logs"/* | head -120
  status=1
fi
echo "test-valgrind: $ours process logs with errors in iapt_ews; suite exit status $status"
rm -rf "$logs"
exit $status
