#!/usr/bin/env bash
# How much of the parsing code the committed libFuzzer corpus reaches: builds
# the targets with clang's source-based coverage, runs every corpus input
# once (no fuzzing), and prints llvm-cov's line and branch coverage per
# function of the files the targets parse with. Informative, not a test.
# Code reached only through a longjmp (a PG_CATCH block, such as the one in
# score_pair's parse_timestamp) shows as not run: the counters miss it,
# although a debugger shows it runs. Branch figures count the branches of
# macros such as VARSIZE_ANY, which the harness's plain varlenas never take.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
cc=$(command -v clang-14 || command -v clang)
cov=$(command -v llvm-cov-14 || command -v llvm-cov)
profdata=$(command -v llvm-profdata-14 || command -v llvm-profdata)
work=$(mktemp -d "${TMPDIR:-/tmp}/iapt_ews_libfuzz_cov.XXXXXX")
trap 'rm -rf "$work"' EXIT

cflags=(-g -O0 -fsanitize=fuzzer-no-link -fprofile-instr-generate -fcoverage-mapping
        -I"$($pg_config --includedir-server)" -Isrc -Ifuzz/libfuzzer -w)
sources=(outcome measures decimal score_pair staff_ratio outcome_agg compare_rates inequality workshops)
objs=()
for s in "${sources[@]}"; do
  "$cc" "${cflags[@]}" -c "src/$s.c" -o "$work/$s.o"; objs+=("$work/$s.o")
done
"$cc" "${cflags[@]}" -c fuzz/libfuzzer/backend_stubs.c -o "$work/backend_stubs.o"
profiles=()
for t in outcome_text score_pair_text staff_ratio_text binary aggregate_state; do
  macro=FUZZ_$(echo "$t" | tr '[:lower:]' '[:upper:]')
  "$cc" "${cflags[@]}" -D"$macro" -c fuzz/libfuzzer/fuzz_parsers.c -o "$work/target_$t.o"
  "$cc" -fsanitize=fuzzer -fprofile-instr-generate "$work/target_$t.o" "$work/backend_stubs.o" "${objs[@]}" -o "$work/cov_$t"
  LLVM_PROFILE_FILE="$work/$t.profraw" "$work/cov_$t" -runs=0 "fuzz/libfuzzer/corpus/$t" >/dev/null 2>&1
  profiles+=("$work/$t.profraw")
done
# The harness file is built once per target, so its own functions differ
# between the profiles (llvm-profdata warns); src/ files are the same objects.
"$profdata" merge -sparse "${profiles[@]}" -o "$work/all.profdata" 2>/dev/null
# One binary carries the coverage mapping of all the shared objects.
"$cov" report "$work/cov_binary" -instr-profile="$work/all.profdata" \
  -object "$work/cov_outcome_text" -object "$work/cov_score_pair_text" \
  -object "$work/cov_staff_ratio_text" -object "$work/cov_aggregate_state" \
  -show-functions src/outcome.c src/score_pair.c src/staff_ratio.c src/decimal.c \
  src/outcome_agg.c src/compare_rates.c src/inequality.c src/workshops.c |
  awk -v want="${LIBFUZZ_COVERAGE_FUNCTIONS:-_in$|_recv$|_out$|_send$|serialize$|^parse_|^scan_|^expect_|^skip_|problem$|^check_binary|^decimal_to_cstring$}" '
    /^File / { file = $2; gsub(/.*\/|'"'"'/, "", file); next }
    NF >= 10 && $1 !~ /^(Name|-+|TOTAL)$/ {
      name = $1; sub(/^[a-z_]+\.c:/, "", name)
      if (name ~ want) printf "%-34s %-16s lines %8s  branches %8s\n", name, file, $7, $10 }'
