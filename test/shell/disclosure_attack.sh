#!/usr/bin/env bash
# No published figure gives a withheld count back: the demo's data (demo/10,
# 11, 12: the synthetic national tables, bound in schema talking_therapies)
# in a fresh database, every _published view read and attacked as a reader
# would, by linear bounds over the sums the views publish and by trying
# every count the rounding allows against the statistics beside them
# (test/reference/disclosure_attack.py; docs/definitions.md, "Disclosure
# control"). Runs against the server tools/with_pg.sh started.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
# The Python with SciPy (Debian's python3-scipy, tools/install_deps.sh).
py=
for candidate in /usr/bin/python3 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import scipy.optimize' 2>/dev/null; then
    py=$candidate; break
  fi
done
if [ -z "$py" ]; then
  echo "skipped: needs SciPy (apt-get install python3-scipy)"
  echo "disclosure attack: 0 passed, 0 failed"
  exit 0
fi
db=iapt_disclosure_test
trap 'psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
tools/new_database.sh "$db"
psql -qX -d "$db" -c "ALTER DATABASE $db SET jit = off"
for script in demo/10-source-data.sql demo/11-local-data.sql demo/12-bind.sql; do
  PGDATABASE=$db psql -qX -v ON_ERROR_STOP=1 -f "$script" >/dev/null
done
"$py" test/reference/disclosure_attack.py "$db" talking_therapies
