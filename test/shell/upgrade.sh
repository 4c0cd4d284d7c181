#!/usr/bin/env bash
# Upgrades: install the oldest version of iapt_ews and of its companion
# iapt_ews_postgis that ships an install script, ALTER EXTENSION ... UPDATE
# through every <extension>--A--B.sql to the default version, and compare
# every object with a fresh install of the default versions
# (test/upgrade/catalog.sql; both extensions live in schema iapt_ews). With
# one version only there is nothing to update; the test says so and checks
# the fresh install alone.
set -euo pipefail
: "${IAPT_PG_BINDIR:?run this through tools/with_pg.sh}"
cd "$(dirname "$0")/../.."
current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" iapt_ews.control)
current_postgis=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" iapt_ews_postgis.control)
shopt -s nullglob
extensions=(iapt_ews iapt_ews_postgis)
steps=0
declare -A oldest
for ext in "${extensions[@]}"; do
  scripts=("$ext"--*--*.sql)
  steps=$((steps + ${#scripts[@]}))
  oldest[$ext]=$(printf '%s\n' "$ext"--*.sql | grep -v -- '--.*--' | sed "s/$ext--\(.*\)\.sql/\1/" | sort -V | head -1)
done

tools/new_database.sh iapt_ews_fresh
fresh=$(psql -X -At -d iapt_ews_fresh -f test/upgrade/catalog.sql)
objects=$(echo "$fresh" | wc -l)

if [ "$steps" = 0 ]; then
  echo "ok - version $current is the only version of ${extensions[*]}: nothing to upgrade ($objects objects in a fresh install)"
  echo "upgrade: 1 passed, 0 failed"
  exit 0
fi

psql -X -q -d postgres -c "CREATE DATABASE iapt_ews_updated"
psql -X -q -v ON_ERROR_STOP=1 -d iapt_ews_updated -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION iapt_ews VERSION '${oldest[iapt_ews]}' CASCADE" \
     -c "CREATE EXTENSION iapt_ews_postgis VERSION '${oldest[iapt_ews_postgis]}' CASCADE" \
     -c "ALTER EXTENSION iapt_ews UPDATE" -c "ALTER EXTENSION iapt_ews_postgis UPDATE"
updated=$(psql -X -At -d iapt_ews_updated -f test/upgrade/catalog.sql)
version=$(psql -X -At -d iapt_ews_updated -c "SELECT string_agg(extversion, ' ' ORDER BY extname) FROM pg_extension WHERE extname IN ('iapt_ews', 'iapt_ews_postgis')")
failed=0
if [ "$version" = "$current $current_postgis" ]; then echo "ok - updated to $current and $current_postgis through $steps scripts"
else echo "not ok - updated to $version, not $current $current_postgis"; failed=1; fi
if [ "$fresh" = "$updated" ]; then echo "ok - the updated install equals a fresh one ($objects objects)"
else echo "not ok - the updated install differs from a fresh one:"; diff <(echo "$fresh") <(echo "$updated") | head -40; failed=$((failed + 1)); fi
echo "upgrade: $((2 - failed)) passed, $failed failed"
[ "$failed" = 0 ]
