#!/bin/sh
# The symbols libfrrshim exports: every frs_ function the public headers declare, one a line,
# sorted. scripts/public-symbols.sh CC HEADER... (comments stripped by CC, nothing expanded;
# "enum frs_err (*fn)(...)" names a type, not a function).
set -eu
cc=$1
shift
# -fpreprocessed (strip comments, expand nothing) is GCC's: a clang build (the fuzz targets)
# asks gcc, which build-essential always brings
$cc -fpreprocessed -E -x c /dev/null >/dev/null 2>&1 || cc=gcc
syms=$(for h in "$@"; do
	$cc -fpreprocessed -dD -E -P -x c "$h"
done | tr -s ' \t\n' '   ' |
	sed 's/\(enum\|struct\|union\) frs_[a-z0-9_]*//g' |
	grep -o 'frs_[a-z0-9_]*[ ]*(' | sed 's/[ (]//g' | LC_ALL=C sort -u)
# an empty list would export nothing and break every program that links the library
[ -n "$syms" ] || { echo "public-symbols.sh: no symbol found in $*" >&2; exit 1; }
printf '%s\n' "$syms"
