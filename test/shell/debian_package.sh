#!/usr/bin/env bash
# The DBA's install: the Debian package and the PGXN metadata.
#
# META.json parses and its versions are the control files' default_version
# (as SemVer: '0.1' is 0.1.0), as is debian/changelog's. Then the package
# postgresql-15-iapt-ews is built from a copy of the tree (tools/build_deb.sh,
# as `make deb` builds it, with the source package too), its contents are
# checked (dpkg-deb), and, as root, it is installed into the system
# (dpkg -i) and both extensions are created in a fresh cluster
# (pg_createcluster, on a free port, Unix socket only), which is dropped at
# the end; the package is removed again if it was not installed before.
#
# Installing it does not touch the other tests: tools/with_pg.sh's relocated
# server links every system extension file but iapt_ews*, so it keeps using
# its own build.
#
# Skipped, with 0 passed, in make test's sanitizer pass (the package has no
# sanitizer build to check). The build and the contents need the packaging
# tools (tools/install_deps.sh deb, run here as root when they are missing);
# the install needs root, PostgreSQL 15 and postgresql-common, and a system
# without an unpackaged iapt_ews (a `make install`), which dpkg would
# overwrite: each is skipped with the reason when it cannot run.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
passed=0; failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
finish() { echo "debian package: $passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

if [ -n "${IAPT_SANITIZER_PASS:-}" ]; then
  echo "skipped: already run in the first pass (the package is not built with the sanitizers)"
  finish
fi

control_version() { sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$1"; }
version=$(control_version iapt_ews.control)

# --- PGXN META.json ----------------------------------------------------
check "META.json parses (python3 -m json.tool)" python3 -m json.tool META.json /dev/null
meta_problems=$(python3 - "$(control_version iapt_ews.control)" "$(control_version iapt_ews_postgis.control)" <<'EOF'
import json, sys
def semver(v):
    parts = v.split(".")
    return ".".join(parts + ["0"] * (3 - len(parts)))
core, postgis = sys.argv[1], sys.argv[2]
meta = json.load(open("META.json"))
problems = []
for key in ("name", "abstract", "version", "maintainer", "license", "provides", "meta-spec"):
    if key not in meta:
        problems.append(f"no {key}")
if meta.get("meta-spec", {}).get("version") != "1.0.0":
    problems.append("meta-spec is not 1.0.0")
if meta.get("version") != semver(core):
    problems.append(f"version {meta.get('version')} is not iapt_ews.control's {core}")
for ext, v, control in (("iapt_ews", core, "iapt_ews.control"),
                        ("iapt_ews_postgis", postgis, "iapt_ews_postgis.control")):
    p = meta.get("provides", {}).get(ext)
    if p is None:
        problems.append(f"provides has no {ext}")
        continue
    if p.get("version") != semver(v):
        problems.append(f"provides {ext} {p.get('version')} is not {control}'s {v}")
    if p.get("file") != control:
        problems.append(f"provides {ext} file is {p.get('file')}, not {control}")
requires = meta.get("prereqs", {}).get("runtime", {}).get("requires", {})
if not str(requires.get("PostgreSQL", "")).startswith("15"):
    problems.append("prereqs do not require PostgreSQL 15")
if "postgis" not in meta.get("prereqs", {}).get("runtime", {}).get("recommends", {}):
    problems.append("prereqs do not name postgis")
print("; ".join(problems))
EOF
)
if [ -z "$meta_problems" ]; then
  ok "META.json: version and both extensions' versions are the control files' default_version ($version), prereqs PostgreSQL 15 and postgis"
else
  not_ok "META.json: $meta_problems"
fi
changelog_version=$(sed -n '1s/^iapt-ews (\([^)]*\)).*/\1/p' debian/changelog)
check "debian/changelog's version ($changelog_version) is iapt_ews.control's default_version ($version)" \
  test "$changelog_version" = "$version"

# --- build -------------------------------------------------------------
have_tools() {
  command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null && command -v pg_buildext >/dev/null &&
    [ -f /usr/share/perl5/Debian/Debhelper/Sequence/pgxs_loop.pm ] && command -v python3 >/dev/null
}
if ! have_tools; then
  if [ "$(id -u)" = 0 ]; then
    tools/install_deps.sh deb || true
  fi
  if ! have_tools; then
    echo "skipped: the packaging tools are missing and cannot be installed here (tools/install_deps.sh deb, as root)"
    finish
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/iapt_ews_deb.XXXXXX")
chmod 755 "$work"
cluster=""
was_installed=""
installed_here=""
cleanup() {
  if [ -n "$cluster" ]; then
    pg_dropcluster --stop 15 "$cluster" >/dev/null 2>&1 || true
  fi
  if [ -n "$installed_here" ] && [ -z "$was_installed" ]; then
    dpkg -r postgresql-15-iapt-ews >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status_before=$(git status --porcelain 2>/dev/null)
start=$SECONDS
if IAPT_DEB_BUILD=full tools/build_deb.sh "$work/out" >"$work/build.out" 2>&1; then
  ok "the package builds from a copy of the tree (dpkg-buildpackage, pg_buildext; $((SECONDS - start)) s)"
else
  cat "$work/build.out"
  not_ok "the package builds (tools/build_deb.sh)"
  finish
fi
deb=$(ls "$work"/out/postgresql-15-iapt-ews_*.deb 2>/dev/null | head -1)
check "the binary package is postgresql-15-iapt-ews, version $version" \
  test "$(basename "${deb:-none}")" = "postgresql-15-iapt-ews_${version}_$(dpkg --print-architecture).deb"
check "the source package is built too (3.0 (native): iapt-ews_$version.dsc and .tar.xz)" \
  test -f "$work/out/iapt-ews_$version.dsc" -a -f "$work/out/iapt-ews_$version.tar.xz"
check "the build leaves the work tree as it was (git status)" \
  test "$(git status --porcelain 2>/dev/null)" = "$status_before"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
ext=./usr/share/postgresql/15/extension
expected=("$ext/iapt_ews.control" "$ext/iapt_ews_postgis.control" "$ext/iapt_ews--$version.sql"
          "$ext/iapt_ews_postgis--$version.sql" ./usr/lib/postgresql/15/lib/iapt_ews.so)
for f in iapt_ews--*--*.sql iapt_ews_postgis--*--*.sql; do
  [ -f "$f" ] && expected+=("$ext/$f")
done
missing=()
for f in "${expected[@]}"; do grep -qxF "$f" <<<"$contents" || missing+=("$f"); done
if [ ${#missing[@]} = 0 ]; then
  ok "the package holds both control files, the install scripts and iapt_ews.so (${#expected[@]} files)"
else
  not_ok "the package lacks ${missing[*]}"
fi
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
check "it depends on postgresql-15 ($depends)" grep -qE '(^|, )postgresql-15( |,|$)' <<<"$depends"
check "it recommends postgresql-15-postgis-3, for iapt_ews_postgis ($recommends)" grep -qE '(^|, )postgresql-15-postgis-3( |,|$)' <<<"$recommends"
# The install scripts are the tree's: a package build assembles them as make does.
fresh=$work/fresh
mkdir -p "$fresh"
dpkg-deb -x "$deb" "$fresh"
check "its install script is the one tools/assemble_sql.py gives for this tree" \
  cmp -s "$fresh/usr/share/postgresql/15/extension/iapt_ews--$version.sql" \
         <(python3 tools/assemble_sql.py $(ls sql/install/*.sql | sort))

# --- install into the system and a fresh cluster -------------------------
if [ "$(id -u)" != 0 ]; then
  echo "skipped: installing the package (dpkg -i) and a fresh cluster need root"
  finish
fi
for p in postgresql-15 postgresql-common; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    echo "skipped: $p is not installed, so the package cannot be installed here"
    finish
  fi
done
sysext=/usr/share/postgresql/15/extension/iapt_ews.control
if [ -e "$sysext" ] && ! dpkg -S "$sysext" >/dev/null 2>&1; then
  echo "skipped: $sysext is there and no package owns it (a make install?); dpkg -i would overwrite it"
  finish
fi
dpkg-query -W -f='${Status}' postgresql-15-iapt-ews 2>/dev/null | grep -q "install ok installed" && was_installed=yes
if dpkg -i "$deb" >"$work/dpkg.out" 2>&1; then
  installed_here=yes
  ok "dpkg -i installs it"
else
  installed_here=yes
  cat "$work/dpkg.out"
  not_ok "dpkg -i installs it"
  finish
fi
check "the system's PostgreSQL 15 has both control files and iapt_ews.so from it" \
  test "$(dpkg -S /usr/share/postgresql/15/extension/iapt_ews_postgis.control /usr/lib/postgresql/15/lib/iapt_ews.so 2>/dev/null | cut -d: -f1 | sort -u)" = postgresql-15-iapt-ews

# Clusters of killed runs (named after their shell's pid) go first.
while read -r ver name _; do
  case "$name" in
    iapt_ews_deb_*) kill -0 "${name#iapt_ews_deb_}" 2>/dev/null || pg_dropcluster --stop "$ver" "$name" >/dev/null 2>&1 || true ;;
  esac
done < <(pg_lsclusters -h 2>/dev/null)
used_ports=$(pg_lsclusters -h 2>/dev/null | awk '{print $3}')
port=""
for p in $(seq 5433 5532); do
  grep -qx "$p" <<<"$used_ports" && continue
  [ -e "/var/run/postgresql/.s.PGSQL.$p" ] && continue
  port=$p; break
done
name=iapt_ews_deb_$$
if [ -n "$port" ] && pg_createcluster 15 "$name" -p "$port" >"$work/cluster.out" 2>&1; then
  cluster=$name
  # Unix socket only, so no TCP port can clash; a throwaway cluster.
  printf "listen_addresses = ''\nfsync = off\n" >> "/etc/postgresql/15/$name/postgresql.conf"
fi
if [ -n "$cluster" ] && pg_ctlcluster 15 "$cluster" start >>"$work/cluster.out" 2>&1; then
  ok "a fresh cluster 15/$cluster runs on port $port"
else
  cat "$work/cluster.out" 2>/dev/null
  not_ok "a fresh cluster (pg_createcluster 15 $name, port ${port:-none}) starts"
  finish
fi

# psql of the system's PostgreSQL 15 to that cluster, as postgres, from /,
# without tools/with_pg.sh's PGHOST and friends.
sql() {
  (cd / && runuser -u postgres -- env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGOPTIONS \
    /usr/lib/postgresql/15/bin/psql -h /var/run/postgresql -p "$port" -X -q -At -v ON_ERROR_STOP=1 "$@")
}
is() {  # is NAME EXPECTED DATABASE SQL
  local name=$1 want=$2 db=$3 got
  got=$(sql -d "$db" -c "SET client_min_messages = warning" -c "$4" 2>&1)
  if [ "$got" = "$want" ]; then ok "$name"; else not_ok "$name: got '$got', want '$want'"; fi
}
sql -d postgres -c "CREATE DATABASE iapt_ews_deb" >/dev/null 2>&1
is "CREATE EXTENSION iapt_ews works in it, version $version" "$version" iapt_ews_deb \
  "CREATE EXTENSION iapt_ews; SELECT extversion FROM pg_extension WHERE extname = 'iapt_ews'"
is "a function answers: iapt_ews.suppress(7) gives 5" 5 iapt_ews_deb "SELECT iapt_ews.suppress(7)"
is "a C function of the installed library answers: classify(18, 7, 'gad7', 12, 5, 6, true)" \
  "finished, phq9 18->7, gad7 12->5" iapt_ews_deb "SELECT iapt_ews.classify(18, 7, 'gad7', 12, 5, 6, true)"
if dpkg-query -W -f='${Status}' postgresql-15-postgis-3 2>/dev/null | grep -q "install ok installed"; then
  is "CREATE EXTENSION iapt_ews_postgis CASCADE works in it (brings postgis)" "iapt_ews_postgis postgis" iapt_ews_deb \
    "CREATE EXTENSION iapt_ews_postgis CASCADE; SELECT string_agg(extname, ' ' ORDER BY extname COLLATE \"C\") FROM pg_extension WHERE extname IN ('iapt_ews_postgis', 'postgis')"
  is "an iapt_ews_postgis function answers: travel_distance of a 3-4-5 triangle in EPSG:27700 is 5000 m" 5000 iapt_ews_deb \
    "SELECT iapt_ews.travel_distance(ST_SetSRID(ST_MakePoint(0, 0), 27700), ST_SetSRID(ST_MakePoint(3000, 4000), 27700))"
else
  echo "skipped: postgresql-15-postgis-3 (recommended) is not installed, so iapt_ews_postgis is not created"
fi
# Not a trusted extension: a role without superuser, even one owning the
# database, cannot create it (README, "Installing on a server").
sql -d postgres -c "CREATE ROLE iapt_ews_deb_owner LOGIN" -c "CREATE DATABASE iapt_ews_deb_owned OWNER iapt_ews_deb_owner" >/dev/null 2>&1
got=$(sql -d iapt_ews_deb_owned -c "SET ROLE iapt_ews_deb_owner" -c "CREATE EXTENSION iapt_ews" 2>&1 | head -1)
check "a database owner who is not superuser cannot CREATE EXTENSION iapt_ews (trusted = false)" \
  test "$got" = "ERROR:  permission denied to create extension \"iapt_ews\""

pg_dropcluster --stop 15 "$cluster" >/dev/null 2>&1
check "the cluster is dropped and nothing of it runs" \
  test -z "$(pg_lsclusters -h 2>/dev/null | awk -v n="$cluster" '$2 == n')" -a ! -e "/var/run/postgresql/.s.PGSQL.$port"
cluster=""
if [ -z "$was_installed" ]; then
  check "the package is removed again (it was not installed before)" sh -c 'dpkg -r postgresql-15-iapt-ews >/dev/null 2>&1'
  installed_here=""
fi
finish
