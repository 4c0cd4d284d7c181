#!/usr/bin/env bash
# Create database $1 on the throwaway server with iapt_ews, PostGIS and the
# companion iapt_ews_postgis (travel distance, access scores, access views)
# in it. The data model is not made here: a caller that needs it runs
# iapt_ews.create_data_model('schema').
set -euo pipefail
psql -q -X -d postgres -c "CREATE DATABASE $1" >/dev/null
psql -q -X -d "$1" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION iapt_ews_postgis CASCADE" >/dev/null
