#!/usr/bin/env bash
# A short libFuzzer run over the parsers (tools/libfuzz.sh): every target
# from the committed seeds for a few seconds. `make libfuzz` runs longer.
# Needs no server. Skipped in make test's sanitizer pass, which would only
# repeat it: the harness is already built under ASan and UBSan.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -n "${IAPT_SANITIZER_PASS:-}" ]; then
  echo "skipped: already run in the first pass"
  exit 0
fi
LIBFUZZ_SECONDS=${LIBFUZZ_SECONDS:-6} exec tools/libfuzz.sh
