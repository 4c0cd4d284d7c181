#!/usr/bin/env bash
# make test-asan: build iapt_ews with AddressSanitizer and
# UndefinedBehaviorSanitizer in a copy of the tree, run the whole regression,
# pgTAP and shell suite on a throwaway server that has the ASan runtime
# preloaded, and fail on any sanitizer report or crashed backend.
#
# PostgreSQL itself is not instrumented: the runtime is preloaded so that the
# extension's instrumented code can run inside it. On Debian 12 that alone
# deadlocks postgres and psql at start-up: libgpg-error's constructor (pulled
# in through libsystemd/libgcrypt) runs before ASan has initialised and calls
# bindtextdomain, which holds glibc's _nl_state_lock while it mallocs; ASan's
# malloc then initialises the runtime, whose symbolizer looks up
# swift_demangle with dlsym and, on failure, calls dlerror -> dcgettext, which
# takes and releases the same lock inside the writer's critical section and
# leaves it corrupted. Preloading a library that defines swift_demangle
# (returning NULL: "cannot demangle") makes that lookup succeed, so dlerror
# never translates a message and the lock is left alone.
#
# SANITIZE=undefined runs with UBSan alone. Arguments, if any, are the
# command to run instead of the whole suite (a path inside the tree, e.g.
# tools/test_asan.sh test/shell/fuzz_sql.sh); tools/run_tests.sh's IAPT_TESTS
# and IAPT_PERL_TESTS pick part of the suite, e.g.
# IAPT_TESTS=perl IAPT_PERL_TESTS=test/t/010_shards.pl tools/test_asan.sh.
# The Perl tests' own servers (test/perl/IaptEwsTest.pm) start with
# IAPT_SERVER_ENV, as the throwaway server does.
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

sanitizers=${SANITIZE:-address,undefined}
sanitize="-fsanitize=$sanitizers -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
flags=(PG_CONFIG="$pg_config" with_llvm=no "PG_CFLAGS=$sanitize -g -O1" "SHLIB_LINK=-fsanitize=$sanitizers")
make -C "$work" -s --no-print-directory "${flags[@]}" >/dev/null

case "$sanitizers" in
  *address*)
    cat > "$work/swift_demangle_stub.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
char *swift_demangle(const char *name, size_t name_len, char *out, size_t *out_len, uint32_t flags);
char *swift_demangle(const char *name, size_t name_len, char *out, size_t *out_len, uint32_t flags) { return NULL; }
EOF
    gcc -shared -fPIC -o "$work/libswift_demangle_stub.so" "$work/swift_demangle_stub.c"
    runtime="$(gcc -print-file-name=libasan.so):$work/libswift_demangle_stub.so";;
  *) runtime=$(gcc -print-file-name=libubsan.so);;
esac
# Already built with the sanitizer flags; the install only must not ask for
# LLVM bitcode, which this build did not make.
export IAPT_MAKE_FLAGS="with_llvm=no"
# Tests that would only repeat themselves here (the libFuzzer run) skip.
export IAPT_SANITIZER_PASS=1
export IAPT_SERVER_ENV="LD_PRELOAD=$runtime ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:log_path=$work/asan-logs/asan:verify_asan_link_order=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$work/asan-logs/ubsan"

status=0
if [ $# -eq 0 ]; then set -- tools/run_tests.sh; fi
PG_CONFIG="$pg_config" "$work/tools/with_pg.sh" bash -c 'cd "$1" && shift && exec "$@"' _ "$work" "$@" || status=$?

reports=$(find "$work/asan-logs" -type f | wc -l)
if [ "$reports" -gt 0 ]; then
  echo "--- sanitizer reports ---"
  head -60 "$work"/asan-logs/*
  status=1
fi
echo "test-asan ($sanitizers): $reports sanitizer reports; suite exit status $status"
exit $status
