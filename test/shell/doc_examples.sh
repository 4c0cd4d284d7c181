#!/usr/bin/env bash
# The examples of the README and docs/*.md written as psql sessions
# ("=# " prompt, the statement, then the output it gives) are run, each
# page in a database of its own made from a fresh template with both
# extensions (test/reference/doc_examples.py), and their output compared
# with what the page shows (trailing blanks aside). A page can thus not show
# output the extension does not give, and a block of SQL that is neither
# such examples nor marked "<!-- doc examples: fragment -->" fails. A page
# marked "<!-- doc examples: demo data -->" (docs/reporting.md: the reports
# on the demo's data) runs instead in a second database holding the demo's
# data (demo/10, 11 and 12: the synthetic national tables, bound in schema
# talking_therapies), made only when a page asks for it. Runs inside
# tools/with_pg.sh. DOC_EXAMPLES_PAGES="docs/a.md docs/b.md" runs some pages
# only.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=iapt_ews_docs
demo_db=iapt_ews_docs_demo
if [ -n "${DOC_EXAMPLES_PAGES:-}" ]; then
  read -r -a pages <<<"$DOC_EXAMPLES_PAGES"
else
  pages=(README.md docs/*.md)
fi
new_db() {
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  psql -X -q -d "$1" -c "SET client_min_messages = warning" -c "CREATE EXTENSION iapt_ews" \
    -c "CREATE EXTENSION iapt_ews_postgis CASCADE" \
    -c "ALTER DATABASE $1 SET search_path = \"\$user\", public, iapt_ews" \
    -c "ALTER DATABASE $1 SET iapt_ews.refresh_progress = off" -c "ALTER DATABASE $1 SET TimeZone = 'UTC'" -c "ALTER DATABASE $1 SET DateStyle = 'ISO, YMD'"
}
new_db "$db"
demo_args=()
if grep -lqF -- '<!-- doc examples: demo data -->' "${pages[@]}"; then
  new_db "$demo_db"
  # JIT off as in demo/run.sh: it only slows the loader's queries.
  psql -X -q -d "$demo_db" -c "ALTER DATABASE $demo_db SET jit = off"
  for script in demo/10-source-data.sql demo/11-local-data.sql demo/12-bind.sql; do
    PGDATABASE=$demo_db psql -X -q -v ON_ERROR_STOP=1 -f "$script" >/dev/null
  done
  demo_args=(--demo-database "$demo_db")
fi
python3 test/reference/doc_examples.py "${demo_args[@]}" "$db" "${pages[@]}"
