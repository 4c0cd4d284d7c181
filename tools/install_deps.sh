#!/usr/bin/env bash
# Install the Debian packages iapt_ews builds and tests with, if any is missing.
set -euo pipefail
# The JDBC driver and a JDK test the BI-tool path (Metabase uses that driver);
# Chromium renders the demo's HTML report in a test. clang and its runtime
# libraries build the libFuzzer harness (tools/libfuzz.sh); llvm's tools
# report its coverage (tools/libfuzz_coverage.sh). The analysts' clients
# (test/shell/clients.sh, docs/clients.md): psqlODBC through unixODBC, with
# pyodbc for the ODBC catalogue functions; psycopg 3 and pandas; RPostgreSQL
# and DBI. SciPy (linprog) drives the disclosure attack (test/shell/disclosure_attack.sh).
# IPC::Run runs PostgreSQL's Perl test modules (PostgreSQL::Test::
# Cluster, shipped in postgresql-server-dev-15) for the tests in test/t/.
packages=(postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3
          postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl libipc-run-perl
          postgresql-15-pgrouting make gcc
          libpostgresql-jdbc-java openjdk-17-jdk-headless chromium
          clang-14 libclang-rt-14-dev llvm-14
          odbc-postgresql unixodbc python3-pyodbc python3-psycopg python3-pandas python3-scipy
          r-cran-rpostgresql r-cran-dbi)
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
