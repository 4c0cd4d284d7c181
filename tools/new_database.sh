#!/usr/bin/env bash
# Create database $1 on the throwaway server with iapt_ews (and PostGIS) in it.
set -euo pipefail
psql -q -X -d postgres -c "CREATE DATABASE $1" >/dev/null
psql -q -X -d "$1" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION iapt_ews CASCADE" >/dev/null
