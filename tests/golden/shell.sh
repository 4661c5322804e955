#!/bin/bash
# SPDX-License-Identifier: MIT
# Golden tests of `frrshim shell` in scripted mode: each tests/golden/shell/<case>/ holds `args`
# (the shell's arguments, one per line), optionally `stdin` (the commands, fed as a script),
# `expected` (stdout), `stderr` (exact stderr, when present) and `exit`. Run from the source
# directory, so paths in them are relative. FRS_GOLDEN_UPDATE=1 rewrites the expected files.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRCDIR" || exit 1
tmp=$(mktemp -d /tmp/frs-shell-golden.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
for dir in tests/golden/shell/*/; do
	case=$(basename "$dir")
	args=()
	while IFS= read -r a; do args+=("$a"); done < "$dir/args"
	# HOME: no history is read or written in scripted mode, but keep the user's out of reach
	if [ -f "$dir/stdin" ]; then
		HOME=$tmp "$FRRSHIM" shell "${args[@]}" < "$dir/stdin" > "$tmp/out" 2> "$tmp/err"
	else
		HOME=$tmp "$FRRSHIM" shell "${args[@]}" < /dev/null > "$tmp/out" 2> "$tmp/err"
	fi
	rc=$?
	if [ -n "${FRS_GOLDEN_UPDATE:-}" ]; then
		cp "$tmp/out" "$dir/expected"
		cp "$tmp/err" "$dir/stderr"
		echo "$rc" > "$dir/exit"
	fi
	n=$((n + 1))
	if ! cmp -s "$tmp/out" "$dir/expected"; then
		echo "not ok - shell/$case: output differs"
		diff -u "$dir/expected" "$tmp/out" | head -40
		fail=1
	elif [ -f "$dir/stderr" ] && ! cmp -s "$tmp/err" "$dir/stderr"; then
		echo "not ok - shell/$case: stderr differs"
		diff -u "$dir/stderr" "$tmp/err" | head -40
		fail=1
	elif [ "$rc" != "$(cat "$dir/exit")" ]; then
		echo "not ok - shell/$case: exit $rc, expected $(cat "$dir/exit")"
		fail=1
	else
		echo "ok - shell/$case"
	fi
done
[ "$n" -gt 0 ] || { echo "no cases"; exit 1; }
exit $fail
