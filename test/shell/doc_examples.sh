#!/usr/bin/env bash
# The examples of the README and docs/*.md written as psql sessions
# ("=# " prompt, the statement, then the output it gives) are run on a
# fresh database with both extensions, and their output compared with what
# the page shows (trailing blanks aside). A page can thus not show output
# the extension does not give. Runs inside tools/with_pg.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=iapt_ews_docs
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -X -q -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION iapt_ews" \
  -c "CREATE EXTENSION iapt_ews_postgis CASCADE" \
  -c "ALTER DATABASE $db SET search_path = \"\$user\", public, iapt_ews" \
  -c "ALTER DATABASE $db SET TimeZone = 'UTC'" -c "ALTER DATABASE $db SET DateStyle = 'ISO, YMD'"
python3 test/reference/doc_examples.py "$db" README.md docs/*.md
