#!/usr/bin/env bash
# make test-asan: build iapt_ews with AddressSanitizer and
# UndefinedBehaviorSanitizer in a copy of the tree, run the whole regression
# and pgTAP suite on a throwaway server that has the sanitizer runtime
# preloaded, and fail on any sanitizer report or crashed backend.
#
# PostgreSQL itself is not instrumented; the runtime is preloaded so that the
# extension's instrumented code can run inside it. Leak detection is off:
# PostgreSQL frees memory by whole contexts, not call by call.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
pg_config=${PG_CONFIG:-pg_config}
work=$(mktemp -d "${TMPDIR:-/tmp}/iapt_ews_asan.XXXXXX")
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

# A clean copy of the tracked tree, so the normal build is left alone.
git -C "$top" ls-files -z | (cd "$top" && xargs -0 tar cf -) | (cd "$work" && tar xf -)
mkdir -p "$work/asan-logs"
chmod 777 "$work/asan-logs"

sanitize="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
flags=(PG_CONFIG="$pg_config" with_llvm=no "PG_CFLAGS=$sanitize -g -O1" "SHLIB_LINK=-fsanitize=address,undefined")
make -C "$work" -s --no-print-directory "${flags[@]}" >/dev/null

runtime=$(gcc -print-file-name=libasan.so)
# Already built with the sanitizer flags; the install only must not ask for
# LLVM bitcode, which this build did not make.
export IAPT_MAKE_FLAGS="with_llvm=no"
export IAPT_SERVER_ENV="LD_PRELOAD=$runtime ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:log_path=$work/asan-logs/asan:verify_asan_link_order=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$work/asan-logs/ubsan"

status=0
PG_CONFIG="$pg_config" "$work/tools/with_pg.sh" "$work/tools/run_tests.sh" || status=$?

reports=$(find "$work/asan-logs" -type f | wc -l)
if [ "$reports" -gt 0 ]; then
  echo "--- sanitizer reports ---"
  head -60 "$work"/asan-logs/*
  status=1
fi
echo "test-asan: $reports sanitizer reports; suite exit status $status"
exit $status
