#!/usr/bin/env bash
# All tests, inside tools/with_pg.sh: pg_regress (sql/, expected/) and pgTAP
# (test/tap/*.sql, with pg_prove) against the throwaway server it started,
# every executable test/shell/*.sh, then the Perl TAP tests (test/t/*.pl,
# with prove), which start servers of their own from the same relocated
# install. Ends with one line counting them all.
#
# IAPT_TESTS picks the kinds to run (default "regress tap shell perl"), and
# IAPT_PERL_TESTS the Perl test files (default test/t/*.pl), e.g.
#   IAPT_TESTS=perl IAPT_PERL_TESTS=test/t/010_shards.pl tools/with_pg.sh tools/run_tests.sh
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
kinds=" ${IAPT_TESTS:-regress tap shell perl} "
kinds=${kinds//,/ }
runs() { [[ "$kinds" == *" $1 "* ]]; }

regress_total=; regress_failed=; tap_total=; tap_failed=; tap_failed_subtests=
if runs regress; then
  echo "== pg_regress"
  make --no-print-directory test-regress 2>&1 | tee "$log"
  if [ "${PIPESTATUS[0]}" != 0 ]; then
    failed=1
    [ -f regression.diffs ] && head -200 regression.diffs
  fi
  regress_total=$(sed -n 's/.* \([0-9][0-9]*\) tests passed.*/\1/p; s/.* of \([0-9][0-9]*\) tests failed.*/\1/p' "$log" | tail -1)
  regress_failed=$(sed -n 's/.* \([0-9][0-9]*\) of [0-9][0-9]* tests failed.*/\1/p' "$log" | tail -1)
fi

if runs tap; then
  echo "== pgTAP"
  psql -q -X -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE iapt_ews_tap" &&
  psql -q -X -v ON_ERROR_STOP=1 -d iapt_ews_tap \
    -c "SET client_min_messages = warning" \
    -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION iapt_ews" \
    -c "CREATE EXTENSION iapt_ews_postgis CASCADE" || failed=1
  tap_files=$(ls test/tap/*.sql 2>/dev/null | sort)
  : > "$log"
  if [ -n "$tap_files" ]; then
    # shellcheck disable=SC2086
    pg_prove --dbname iapt_ews_tap --ext .sql $tap_files 2>&1 | tee "$log"
    [ "${PIPESTATUS[0]}" = 0 ] || failed=1
  fi
  tap_total=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log" | tail -1)
  tap_failed=$(grep -c "^not ok" "$log" || true)
  tap_failed_subtests=$(sed -n 's/^Failed \([0-9]*\)\/[0-9]* subtests.*/\1/p' "$log" | awk '{s += $1} END {if (NR) print s}')
fi

shell_passed=0; shell_failed=0
if runs shell; then
  for t in test/shell/*.sh; do
    [ -x "$t" ] || continue
    echo "== $t"
    "$t" 2>&1 | tee "$log"
    [ "${PIPESTATUS[0]}" = 0 ] || failed=1
    read -r p f < <(sed -n 's/^[a-z ,/-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -1) || true
    shell_passed=$((shell_passed + ${p:-0})); shell_failed=$((shell_failed + ${f:-0}))
    p=; f=
  done
fi

# Perl TAP tests: each starts its own servers with PostgreSQL::Test::Cluster
# (test/perl/IaptEwsTest.pm puts the relocated install of tools/with_pg.sh,
# the one holding this build, first on the PATH and gives those servers
# IAPT_SERVER_ENV). The test modules are those Debian's
# postgresql-server-dev-15 ships beside PGXS.
perl_total=0; perl_failed=0; perl_skipped=0; perl_died=0
if runs perl; then
  echo "== Perl TAP (test/t)"
  perl_tests=${IAPT_PERL_TESTS:-$(find test/t -name '*.pl' 2>/dev/null | sort)}
  : "${IAPT_PG_BINDIR:?run the Perl tests through tools/with_pg.sh}"
  pgxs_dir=$(dirname "$("$IAPT_PG_BINDIR/pg_config" --pgxs)")
  # The tests keep their data directories and logs in $TESTDIR/tmp_check;
  # in tools/with_pg.sh's directory, they go when it does.
  testdir=${IAPT_PG_ROOT:?run the Perl tests through tools/with_pg.sh}/perl
  mkdir -p "$testdir"
  # initdb refuses to run as root: then the tests run as the server user,
  # as tools/with_pg.sh runs its own server.
  # The server user may not be able to read this work tree (a clone in a
  # mode-700 directory, root's home): perl then dies on the first directory
  # of PERL5LIB it cannot read ("Can't locate strict.pm: ... Permission
  # denied"). So as root the tests run from a copy, readable by that user,
  # of what they read: test/ (the test files, test/perl, their SQL) and the
  # control files and install scripts at the top (test/t/040_upgrade.pl).
  as_tester=()
  tree=$top
  if [ "$(id -u)" = 0 ]; then
    tree=$testdir/tree
    rm -rf "$tree"; mkdir -p "$tree"
    cp -R "$top/test" "$tree/"
    cp "$top"/*.control "$tree/"
    for f in "$top"/*.sql; do [ -f "$f" ] && cp "$f" "$tree/"; done
    chown -R postgres "$testdir"
    chmod -R u+rwX,go+rX "$tree"
    as_tester=(runuser -u postgres --)
    # Test files named by their path in this tree are the copy's.
    perl_tests=$(for t in $perl_tests; do printf '%s\n' "${t#"$top"/}"; done)
  fi
  : > "$log"
  if [ -n "$perl_tests" ]; then
    # PG_REGRESS: PostgreSQL::Test::Cluster's init runs `pg_regress --config-auth`.
    # shellcheck disable=SC2086
    (cd "$tree" && "${as_tester[@]}" env PATH="$IAPT_PG_BINDIR:$PATH" TESTDIR="$testdir" \
      PERL5LIB="$pgxs_dir/../test/perl:$tree/test/perl" PG_REGRESS="$pgxs_dir/../test/regress/pg_regress" \
      prove -v $perl_tests) 2>&1 | tee "$log"
    if [ "${PIPESTATUS[0]}" != 0 ]; then
      failed=1
      # The failing files' own logs (psql's errors, the servers' logs) go
      # with tools/with_pg.sh's directory: show their ends now.
      sed -n 's/^\(test\/t\/[^ ]*\.pl\) *(Wstat.*/\1/p' "$log" | while read -r t; do
        name=$(basename "$t" .pl)
        for f in "$testdir/tmp_check/log/regress_log_$name" "$testdir/tmp_check/log/${name}"_*.log; do
          [ -f "$f" ] || continue
          echo "--- last lines of $f"
          tail -40 "$f"
        done
      done
    fi
  fi
  perl_total=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log" | tail -1)
  perl_failed=$(sed -n 's/^Failed \([0-9]*\)\/[0-9]* subtests.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
  # A test that died before its end has no failed check to count: one
  # failure more (its checks that ran count as they went).
  perl_died=$(grep -cE '^test/t/.*\(Wstat: [1-9].* Failed: 0\)' "$log" || true)
  perl_skipped=$(grep -cE '^ok [0-9]+ .*# skip' "$log" || true)
fi

regress_failed=${regress_failed:-0}
tap_failed=${tap_failed_subtests:-$tap_failed}
all_failed=$((regress_failed + ${tap_failed:-0} + shell_failed + perl_failed + perl_died))
all_passed=$(( ${regress_total:-0} - regress_failed + ${tap_total:-0} - ${tap_failed:-0} + shell_passed
               + ${perl_total:-0} - perl_failed - perl_skipped ))
echo
echo "pg_regress files ${regress_total:-0}, pgTAP tests ${tap_total:-0}, shell checks $((shell_passed + shell_failed)), Perl tests ${perl_total:-0} ($perl_skipped skipped)"
[ "$failed" = 0 ] || [ "$all_failed" -gt 0 ] || all_failed=1
echo "all: $all_passed passed, $all_failed failed"
exit $failed
