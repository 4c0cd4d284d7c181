#!/usr/bin/env bash
# The README's object table and docs/reference.md are what the catalogue
# comments of the install fragments give (tools/object_table.py); a new or
# changed object with a stale README fails here. `make readme` rewrites both.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 tools/object_table.py --check
