#!/usr/bin/env bash
# make deb: build the Debian package postgresql-15-iapt-ews from debian/
# (pg_buildext, as PGDG packages extensions), in a copy of the tree so that
# the work tree gets no build products, debian/postgresql-15-iapt-ews/ or
# debian/files.
#
#   tools/build_deb.sh [OUTDIR]    # default build/deb (ignored by git)
#
# OUTDIR gets the .deb (and its -dbgsym .deb, .buildinfo, .changes) and
# build.log; the copy is made in OUTDIR/iapt-ews and removed after a
# successful build. The copy holds the tracked files and the untracked ones
# git does not ignore, as they are in the work tree (outside a git work
# tree: everything but build/). The build dependencies are debian/control's
# (tools/install_deps.sh deb installs them).
#
# IAPT_DEB_BUILD: dpkg-buildpackage's --build (default binary, as -b; full
# builds the source package too, as test/shell/debian_package.sh does).
set -euo pipefail
# The package's make is its own, not that of a make that runs this.
unset MAKEFLAGS MFLAGS MAKELEVEL
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$out/iapt-ews
rm -rf "$src"
rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes "$out"/*.dsc "$out"/*.tar.* "$out"/build.log
mkdir -p "$src"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$top" && git ls-files -z --cached --others --exclude-standard |
     while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
     tar --null -T - -cf -) | tar -xf - -C "$src"
else
  (cd "$top" && tar --exclude=./build -cf - .) | tar -xf - -C "$src"
fi
echo "building postgresql-15-iapt-ews in $src (log: $out/build.log)"
if ! (cd "$src" && dpkg-buildpackage -us -uc --build="${IAPT_DEB_BUILD:-binary}") > "$out/build.log" 2>&1; then
  tail -40 "$out/build.log" >&2
  echo "error: dpkg-buildpackage failed; the whole log is $out/build.log, the tree $src" >&2
  exit 1
fi
rm -rf "$src"
ls "$out"/*.deb
