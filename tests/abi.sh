#!/bin/sh
# libfrrshim exports exactly the functions its public headers declare (scripts/public-symbols.sh
# wrote the list the linker used): nothing internal leaks, nothing declared is missing.
set -u
: "${FRRSHIM:?set FRRSHIM to the frrshim binary}"
build=$(dirname "$FRRSHIM")
so=$build/.libs/libfrrshim.so
[ -f "$so" ] || { echo "SKIP: no shared library ($so)"; exit 77; }
command -v nm >/dev/null || { echo "SKIP: no nm"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "W" || $2 == "i" { print $3 }' |
	LC_ALL=C sort -u >"$tmp/exported"
LC_ALL=C sort -u "$build/libfrrshim.sym" >"$tmp/declared"
[ -s "$tmp/declared" ] || { echo "FAIL: the export list is empty"; exit 1; }
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
	echo "FAIL: exported symbols differ from the public headers' declarations"
	echo "(- declared but not exported, + exported but not declared)"
	cat "$tmp/diff"
	exit 1
fi
echo "ok - $(wc -l <"$tmp/exported") symbols, all declared in include/frrshim/"
