#!/usr/bin/env bash
# make test-asan: build iapt_ews with sanitizers in a copy of the tree, run
# the whole regression and pgTAP suite on a throwaway server that has the
# sanitizer runtime preloaded, and fail on any sanitizer report or crashed
# backend.
#
# SANITIZE=undefined (the default here) works. SANITIZE=address,undefined
# is the goal, but on this Debian 12 image (glibc 2.36) PostgreSQL's own
# binaries deadlock at start-up with any AddressSanitizer runtime preloaded
# (gcc 12's and clang 14's alike: postgres and psql wait forever on glibc's
# _nl_state_lock in bindtextdomain, before main does anything); pg_ctl, which
# links fewer libraries, starts. Until that is solved, memory errors are
# looked for with valgrind (make test-valgrind). PostgreSQL itself is not
# instrumented; the runtime is preloaded so that the extension's
# instrumented code can run inside it.
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

sanitizers=${SANITIZE:-undefined}
sanitize="-fsanitize=$sanitizers -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
flags=(PG_CONFIG="$pg_config" with_llvm=no "PG_CFLAGS=$sanitize -g -O1" "SHLIB_LINK=-fsanitize=$sanitizers")
make -C "$work" -s --no-print-directory "${flags[@]}" >/dev/null

case "$sanitizers" in
  *address*) runtime=$(gcc -print-file-name=libasan.so);;
  *) runtime=$(gcc -print-file-name=libubsan.so);;
esac
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
echo "test-asan ($sanitizers): $reports sanitizer reports; suite exit status $status"
exit $status
