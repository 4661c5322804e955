#!/bin/sh
# Configure and build frrshim out of tree: scripts/build.sh [DIR [CONFIGURE-ARGS...]] (DIR: _build).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-_build}
[ $# -gt 0 ] && shift
cd "$top"
[ -x configure ] && [ configure -nt configure.ac ] && [ Makefile.in -nt Makefile.am ] ||
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
mkdir -p "$dir"
cd "$dir"
[ -f Makefile ] && [ Makefile -nt ../Makefile.am ] && [ Makefile -nt ../configure ] ||
	"$top/configure" --enable-werror "$@" >/dev/null
make -j"$(nproc)" >/dev/null
