#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with libFuzzer (clang 14), outside
# the server: fuzz/libfuzzer/fuzz_parsers.c links the real src/ files with
# small stand-ins for the backend (fuzz/libfuzzer/backend_stubs.c), under
# AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Each target runs for LIBFUZZ_SECONDS (default 10) from the committed seeds
# (fuzz/libfuzzer/corpus/<target>) plus what it finds on the way, in a
# temporary folder (LIBFUZZ_KEEP=dir keeps the grown corpus and any crash
# there). A crash prints the failing input in hex and fails the run.
# LIBFUZZ_TARGETS="binary outcome_text" runs some targets only.
# LIBFUZZ_MERGE=1 adds to fuzz/libfuzzer/corpus/ the inputs of this run that
# reach code the committed corpus does not (libFuzzer -merge=1), to commit.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
seconds=${LIBFUZZ_SECONDS:-10}
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
cc=$(command -v clang-14 || command -v clang || true)
if [ -z "$cc" ]; then
  echo "libfuzzer: needs clang 14 and libclang-rt-14-dev (make deps installs them)" >&2
  echo "libfuzzer: 0 passed, 1 failed"
  exit 1
fi
work=${LIBFUZZ_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/iapt_ews_libfuzz.XXXXXX")}
[ -n "${LIBFUZZ_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/obj"

sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
cflags=(-g -O1 $sanitize -fno-omit-frame-pointer -I"$($pg_config --includedir-server)" -Isrc
        -Ifuzz/libfuzzer -Wall -Werror -Wno-ignored-attributes -Wno-unused-parameter
        -Wno-unused-function)
# The sources the targets reach, and what they pull in.
sources=(outcome measures decimal score_pair staff_ratio outcome_agg compare_rates inequality workshops)
for s in "${sources[@]}"; do
  "$cc" "${cflags[@]}" -c "src/$s.c" -o "$work/obj/$s.o"
done
"$cc" "${cflags[@]}" -c fuzz/libfuzzer/backend_stubs.c -o "$work/obj/backend_stubs.o"

targets=(${LIBFUZZ_TARGETS:-outcome_text score_pair_text staff_ratio_text binary aggregate_state})
passed=0; failed=0
for t in "${targets[@]}"; do
  macro=FUZZ_$(echo "$t" | tr '[:lower:]' '[:upper:]')
  "$cc" "${cflags[@]}" -D"$macro" -c fuzz/libfuzzer/fuzz_parsers.c -o "$work/obj/target_$t.o"
  "$cc" -fsanitize=fuzzer,address,undefined "$work/obj/target_$t.o" "$work/obj/backend_stubs.o" \
        "${sources[@]/#/$work/obj/}" -o "$work/fuzz_$t" 2>/dev/null ||
    "$cc" -fsanitize=fuzzer,address,undefined "$work/obj/target_$t.o" "$work/obj/backend_stubs.o" \
          $(printf "$work/obj/%s.o " "${sources[@]}") -o "$work/fuzz_$t"
  mkdir -p "$work/corpus/$t" "$work/crashes/$t"
  log=$work/$t.log
  if ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     "$work/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
       -artifact_prefix="$work/crashes/$t/" -print_final_stats=1 \
       "$work/corpus/$t" "fuzz/libfuzzer/corpus/$t" > "$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "ok - $t: $runs inputs in ${seconds}s, $cov, no crash"
    passed=$((passed + 1))
    if [ -n "${LIBFUZZ_MERGE:-}" ]; then
      before=$(ls "fuzz/libfuzzer/corpus/$t" | wc -l)
      "$work/fuzz_$t" -merge=1 -max_len=4096 "fuzz/libfuzzer/corpus/$t" "$work/corpus/$t" > "$work/$t.merge.log" 2>&1
      echo "   merged: fuzz/libfuzzer/corpus/$t has $(ls "fuzz/libfuzzer/corpus/$t" | wc -l) files (was $before)"
    fi
  else
    echo "not ok - $t"
    grep -E "ERROR|SUMMARY|iapt_ews fuzz failure|runtime error|#[0-9]+ 0x" "$log" | head -30
    for crash in "$work/crashes/$t"/*; do
      [ -f "$crash" ] || continue
      echo "input ($crash):"; od -A d -c "$crash" | head -20
    done
    failed=$((failed + 1))
  fi
done
echo "libfuzzer: $passed passed, $failed failed"
[ "$failed" = 0 ]
