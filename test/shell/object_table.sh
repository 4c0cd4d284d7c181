#!/usr/bin/env bash
# The README's object table and docs/reference.md are what the catalogue
# comments of the install fragments give (tools/object_table.py); a new or
# changed object with a stale README fails here. `make readme` rewrites both.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 tools/object_table.py --check
# The map of the data model in docs/reporting.md is what the statement
# files of sql/model/ say (tools/model_map.py rewrites it).
python3 tools/model_map.py --check
