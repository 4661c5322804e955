#!/bin/sh
# The symbols libfrrshim exports: every frs_ function the public headers declare, one a line,
# sorted. scripts/public-symbols.sh CC HEADER... (comments stripped by CC, nothing expanded;
# "enum frs_err (*fn)(...)" names a type, not a function).
set -eu
cc=$1
shift
for h in "$@"; do
	$cc -fpreprocessed -dD -E -P -x c "$h"
done | tr -s ' \t\n' '   ' |
	sed 's/\(enum\|struct\|union\) frs_[a-z0-9_]*//g' |
	grep -o 'frs_[a-z0-9_]*[ ]*(' | sed 's/[ (]//g' | LC_ALL=C sort -u
