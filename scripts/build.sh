#!/bin/sh
# Configure and build frrshim out of tree: scripts/build.sh [DIR [CONFIGURE-ARGS...]] (DIR: _build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-_build}
[ $# -gt 0 ] && shift
# newer A B: A exists and was modified after B (POSIX test has no -nt)
newer() { [ -n "$(find "$1" -prune -newer "$2" 2>/dev/null)" ]; }
cd "$top"
if ! { [ -x configure ] && newer configure configure.ac && newer Makefile.in Makefile.am; }; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$dir"
cd "$dir"
if ! { newer Makefile "$top/Makefile.am" && newer Makefile "$top/configure"; }; then
	"$top/configure" --enable-werror "$@" >/dev/null
fi
make -j"$(nproc)" >/dev/null
