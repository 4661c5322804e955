#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden tests of `frrshim status` from captured FRR JSON: each tests/golden/status/<case>/ holds
# `args` (command-line arguments; $SRCDIR is expanded), `expected` (stdout) and `exit` (code).
# FRS_GOLDEN_UPDATE=1 rewrites the expected files.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
export SRCDIR
fail=0 n=0
for dir in "$SRCDIR"/tests/golden/status/*/; do
	case=$(basename "$dir")
	args=$(eval "echo \"$(cat "$dir/args")\"")
	# shellcheck disable=SC2086
	out=$("$FRRSHIM" status $args 2>/dev/null)
	rc=$?
	if [ -n "${FRS_GOLDEN_UPDATE:-}" ]; then
		printf '%s\n' "$out" > "$dir/expected"
		echo "$rc" > "$dir/exit"
	fi
	n=$((n + 1))
	if [ "$out" != "$(cat "$dir/expected")" ]; then
		echo "not ok - status/$case: output differs"
		printf '%s\n' "$out" | diff -u "$dir/expected" - | head -40
		fail=1
	elif [ "$rc" != "$(cat "$dir/exit")" ]; then
		echo "not ok - status/$case: exit $rc, expected $(cat "$dir/exit")"
		fail=1
	else
		echo "ok - status/$case"
	fi
done
[ "$n" -gt 0 ] || { echo "no cases"; exit 1; }
exit $fail
