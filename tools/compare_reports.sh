#!/usr/bin/env bash
# Every relation of the demo's bound schema, row by row, between an older
# build and this tree: how a reshaping of the reporting layer shows that it
# changed no answer (docs/reporting.md, "The statements").
#
#   tools/compare_reports.sh REV     e.g. tools/compare_reports.sh main~5
#
# Builds REV in a temporary work tree, loads the demo's data (demo/10, 11,
# 12) into a throwaway server for each build (tools/with_pg.sh), writes each
# relation's rows sorted, and lists the relations that are new, gone or
# differ, with how many rows differ. Nothing is left behind.
set -euo pipefail
rev=${1:?usage: tools/compare_reports.sh REV}
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'git -C "$top" worktree remove --force "$scratch/old" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
chmod 755 "$scratch"

dump() {  # Runs inside tools/with_pg.sh of a build: dumps into $1.
  local out=$1
  mkdir -p "$out"
  tools/new_database.sh compare_reports
  export PGDATABASE=compare_reports
  psql -qX -c "ALTER DATABASE compare_reports SET jit = off"
  for s in demo/10-source-data.sql demo/11-local-data.sql demo/12-bind.sql; do
    psql -qX -v ON_ERROR_STOP=1 -f "$s" >/dev/null
  done
  for rel in $(psql -qXAt -c "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'talking_therapies'::regnamespace AND c.relkind IN ('v', 'm', 'r') ORDER BY 1"); do
    # Binding metadata (who bound it, when) differs by nature.
    [ "$rel" = data_set_binding ] && continue
    psql -qXAt -c "SET TimeZone = 'UTC'" \
         -c "COPY (SELECT t::text FROM talking_therapies.\"$rel\" t ORDER BY 1) TO STDOUT" > "$out/$rel.txt"
  done
}
export -f dump

git -C "$top" worktree add -q "$scratch/old" "$rev"
(cd "$scratch/old" && make -s all >/dev/null && PG_CONFIG=${PG_CONFIG:-pg_config} tools/with_pg.sh bash -c "dump $scratch/before")
(cd "$top" && make -s all >/dev/null && PG_CONFIG=${PG_CONFIG:-pg_config} tools/with_pg.sh bash -c "dump $scratch/after")
same=0
for f in $( (ls "$scratch/before"; ls "$scratch/after") | sort -u); do
  if [ ! -f "$scratch/before/$f" ]; then echo "new:     ${f%.txt}"
  elif [ ! -f "$scratch/after/$f" ]; then echo "gone:    ${f%.txt}"
  elif ! cmp -s "$scratch/before/$f" "$scratch/after/$f"; then
    echo "differs: ${f%.txt} ($(diff "$scratch/before/$f" "$scratch/after/$f" | grep -c '^>') of $(wc -l < "$scratch/after/$f") rows)"
  else same=$((same + 1)); fi
done
echo "the same: $same relations"
