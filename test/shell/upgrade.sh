#!/usr/bin/env bash
# Upgrades: install the oldest version that ships an install script,
# ALTER EXTENSION ... UPDATE through every iapt_ews--A--B.sql to the
# default version, and compare every object with a fresh install of the
# default version (test/upgrade/catalog.sql). With one version only there is
# nothing to update; the test says so and checks the fresh install alone.
set -euo pipefail
: "${IAPT_PG_BINDIR:?run this through tools/with_pg.sh}"
cd "$(dirname "$0")/../.."
current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" iapt_ews.control)
shopt -s nullglob
upgrade_scripts=(iapt_ews--*--*.sql)
steps=${#upgrade_scripts[@]}
oldest=$(printf '%s\n' iapt_ews--*.sql | grep -v -- '--.*--' | sed 's/iapt_ews--\(.*\)\.sql/\1/' | sort -V | head -1)

tools/new_database.sh iapt_ews_fresh
fresh=$(psql -X -At -d iapt_ews_fresh -f test/upgrade/catalog.sql)
objects=$(echo "$fresh" | wc -l)

if [ "$steps" = 0 ]; then
  echo "ok - version $current is the only version: nothing to upgrade ($objects objects in a fresh install)"
  echo "upgrade: 1 passed, 0 failed"
  exit 0
fi

psql -X -q -d postgres -c "CREATE DATABASE iapt_ews_updated"
psql -X -q -v ON_ERROR_STOP=1 -d iapt_ews_updated -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION iapt_ews VERSION '$oldest' CASCADE" -c "ALTER EXTENSION iapt_ews UPDATE"
updated=$(psql -X -At -d iapt_ews_updated -f test/upgrade/catalog.sql)
version=$(psql -X -At -d iapt_ews_updated -c "SELECT extversion FROM pg_extension WHERE extname = 'iapt_ews'")
failed=0
if [ "$version" = "$current" ]; then echo "ok - updated from $oldest to $current through $steps scripts"
else echo "not ok - updated to $version, not $current"; failed=1; fi
if [ "$fresh" = "$updated" ]; then echo "ok - the updated install equals a fresh one ($objects objects)"
else echo "not ok - the updated install differs from a fresh one:"; diff <(echo "$fresh") <(echo "$updated") | head -40; failed=$((failed + 1)); fi
echo "upgrade: $((2 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
