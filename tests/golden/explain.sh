#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden tests of `frrshim explain`: each tests/golden/explain/<case>/ holds input.yaml, `args`
# (the arguments before the input), expected.txt, expected.json (stdout of -o text and -o json)
# and `exit`. One case per reason of the IP assignment and announcement phases, and --all-nodes.
# FRS_GOLDEN_UPDATE=1 rewrites the expected files.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fail=0 n=0
for dir in "$SRCDIR"/tests/golden/explain/*/; do
	case=$(basename "$dir")
	args=$(cat "$dir/args")
	# shellcheck disable=SC2086
	txt=$(cd "$dir" && "$FRRSHIM" explain $args input.yaml 2>&1)
	rc=$?
	# shellcheck disable=SC2086
	json=$(cd "$dir" && "$FRRSHIM" explain -o json $args input.yaml 2>&1)
	jrc=$?
	if [ -n "${FRS_GOLDEN_UPDATE:-}" ]; then
		printf '%s\n' "$txt" > "$dir/expected.txt"
		printf '%s\n' "$json" > "$dir/expected.json"
		echo "$rc" > "$dir/exit"
	fi
	n=$((n + 1))
	if [ "$txt" != "$(cat "$dir/expected.txt")" ]; then
		echo "not ok - explain/$case: text differs"
		printf '%s\n' "$txt" | diff -u "$dir/expected.txt" - | head -40
		fail=1
	elif [ "$json" != "$(cat "$dir/expected.json")" ]; then
		echo "not ok - explain/$case: json differs"
		printf '%s\n' "$json" | diff -u "$dir/expected.json" - | head -40
		fail=1
	elif [ "$rc" != "$(cat "$dir/exit")" ] || [ "$jrc" != "$rc" ]; then
		echo "not ok - explain/$case: exit $rc (json $jrc), expected $(cat "$dir/exit")"
		fail=1
	else
		echo "ok - explain/$case"
	fi
done
[ "$n" -gt 0 ] || { echo "no cases"; exit 1; }
# every reason code of both phases appears in some case
for code in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
	grep -q "\"code\":	$code," "$SRCDIR"/tests/golden/explain/assign-*/expected.json ||
		{ echo "not ok - no assignment case gives code $code"; fail=1; }
done
exit $fail
