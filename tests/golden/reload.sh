#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden reload diffs: for each tests/golden/reload/<case>/, `frrshim reload --test --input
# running.conf new.conf` must print expected.diff exactly (or, for an invalid new.conf, fail
# with exit 1 and print expected.err). A case's `args` file holds more options (--frr-version V:
# the diff as that FRR needs it).
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for dir in "$SRCDIR"/tests/golden/reload/*/; do
	case=$(basename "$dir")
	n=$((n + 1))
	args=$(cat "$dir/args" 2>/dev/null)
	# shellcheck disable=SC2086 # $args: options, split into words
	(cd "$dir" && "$FRRSHIM" reload --test $args --input running.conf new.conf >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ -f "$dir/expected.err" ]; then
		if [ "$rc" != 1 ] || ! cmp -s "$tmp/err" "$dir/expected.err" || [ -s "$tmp/out" ]; then
			echo "not ok $n - $case (exit $rc)"; diff -u "$dir/expected.err" "$tmp/err"; fail=1
			continue
		fi
	else
		want=0
		[ "$(grep -c '^[^=]' "$dir/expected.diff")" -gt 2 ] && want=1
		if [ "$rc" != "$want" ] || ! cmp -s "$tmp/out" "$dir/expected.diff"; then
			echo "not ok $n - $case (exit $rc, want $want)"; diff -u "$dir/expected.diff" "$tmp/out"
			cat "$tmp/err"; fail=1
			continue
		fi
	fi
	echo "ok $n - $case"
done
[ "$n" -ge 50 ] || { echo "not ok - only $n cases"; fail=1; }
exit $fail
