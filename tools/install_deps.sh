#!/usr/bin/env bash
# Install the Debian packages iapt_ews needs, if any is missing.
#
#   tools/install_deps.sh          # make deps: to build it and run it (make, make demo,
#                                  # make serve, make bench)
#   tools/install_deps.sh test     # make test-deps: that and what the tests drive
#   tools/install_deps.sh deb      # make deb: those of build and the Debian packaging tools
#
# To build and run: the PostgreSQL 15 server and its development files
# (PGXS), PostGIS for iapt_ews_postgis, make and gcc, python3 (which
# assembles the install scripts, tools/assemble_sql.py); bc times the demo's
# steps (demo/run.sh).
#
# To build the Debian package (make deb, tools/build_deb.sh, and the test
# test/shell/debian_package.sh): debian/control's Build-Depends, debhelper
# and postgresql-server-dev-all (pg_buildext, the pgxs_loop debhelper
# sequence), with dpkg-dev (dpkg-buildpackage) and fakeroot.
#
# For the tests (make test, test-asan, test-valgrind, fuzz, libfuzz): the
# packaging tools above (test/shell/debian_package.sh builds the package);
# pgTAP and pg_prove; IPC::Run runs PostgreSQL's Perl test modules
# (PostgreSQL::Test::Cluster, shipped in postgresql-server-dev-15) for the
# tests in test/t/; pgRouting for the road-network access functions (an
# optional extension at run time, test/tap/access.sql). The JDBC driver and
# a JDK test the BI-tool path (Metabase uses that driver); Chromium renders
# the demo's HTML report in a test. clang and its runtime libraries build
# the libFuzzer harness (tools/libfuzz.sh); llvm's tools report its
# coverage (tools/libfuzz_coverage.sh); valgrind runs make test-valgrind.
# The analysts' clients (test/shell/clients.sh, docs/clients.md): psqlODBC
# through unixODBC, with pyodbc for the ODBC catalogue functions; psycopg 3
# and pandas; RPostgreSQL and DBI. SciPy (linprog) drives the disclosure
# attack (test/shell/disclosure_attack.sh).
set -euo pipefail
packages=(postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3 make gcc bc python3)
deb_packages=(debhelper postgresql-server-dev-all dpkg-dev fakeroot)
case "${1:-build}" in
build) ;;
deb) packages+=("${deb_packages[@]}") ;;
test)
  packages+=("${deb_packages[@]}" postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl libipc-run-perl
             postgresql-15-pgrouting
             libpostgresql-jdbc-java openjdk-17-jdk-headless chromium
             clang-14 libclang-rt-14-dev llvm-14 valgrind
             odbc-postgresql unixodbc python3-pyodbc python3-psycopg python3-pandas python3-scipy
             r-cran-rpostgresql r-cran-dbi)
  ;;
*)
  echo "usage: tools/install_deps.sh [build|test|deb]" >&2
  exit 2
  ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "error: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
