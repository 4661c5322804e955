#!/bin/sh
# Golden tests of `frrshim lint`: every tests/golden/lint/<case>/ holds input manifests and
#   expected.txt     stdout of `frrshim lint --format text ARGS`
#   expected.json    stdout of `frrshim lint --format json ARGS`
#   expected.rc      the exit status
#   expected.github  (optional) stdout of `frrshim lint --format github ARGS`
#   args             (optional) ARGS; when absent, the case's *.yaml, *.yml and *.json files
#                    (but not expected.json), in name order
#   stdin            (optional) fed to standard input
# Each case runs from its own directory, so the paths in the output are relative and stable.
# FRS_REGEN=1 rewrites the expected files from the current output: review them before committing.
set -u
: "${FRRSHIM:?set FRRSHIM to the frrshim binary}"
top=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
dir="$top/tests/golden/lint"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
ncases=0
nfail=0

run() { # case-dir format -> writes $tmp/out, returns lint's exit status
	(
		cd "$1" || exit 99
		if [ -f args ]; then
			args=$(cat args)
		else
			# shellcheck disable=SC2010 # our own file names; ls sorts them in C order
			args=$(LC_ALL=C ls | grep -E '\.(yaml|yml|json)$' | grep -v '^expected\.json$')
		fi
		in=/dev/null
		[ -f stdin ] && in=stdin
		# shellcheck disable=SC2086 # ARGS is a word list on purpose
		exec "$FRRSHIM" lint --quiet --format "$2" $args <"$in"
	) >"$tmp/out" 2>"$tmp/err"
}

for case in "$dir"/*/; do
	case=${case%/}
	name=$(basename "$case")
	ncases=$((ncases + 1))
	ok=1
	for fmt in text json github; do
		exp="$case/expected.$fmt"
		[ "$fmt" = text ] && exp="$case/expected.txt"
		if [ ! -f "$exp" ] && [ "$fmt" = github ] && [ -z "${FRS_REGEN:-}" ]; then
			continue
		fi
		run "$case" "$fmt"
		rc=$?
		if [ -n "${FRS_REGEN:-}" ]; then
			if [ "$fmt" != github ] || [ -f "$exp" ]; then
				cp "$tmp/out" "$exp"
			fi
			echo "$rc" >"$case/expected.rc"
			continue
		fi
		if [ ! -f "$exp" ]; then
			echo "FAIL $name: $exp is missing"
			ok=0
			continue
		fi
		if ! diff -u "$exp" "$tmp/out" >"$tmp/diff"; then
			echo "FAIL $name ($fmt): output differs"
			cat "$tmp/diff"
			ok=0
		fi
		want=$(cat "$case/expected.rc" 2>/dev/null || echo missing)
		if [ "$rc" != "$want" ]; then
			echo "FAIL $name ($fmt): exit status $rc, expected $want"
			cat "$tmp/err"
			ok=0
		fi
		if [ -s "$tmp/err" ] && [ "$rc" -lt 3 ]; then
			echo "FAIL $name ($fmt): unexpected stderr"
			cat "$tmp/err"
			ok=0
		fi
	done
	if [ "$ok" = 1 ]; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		nfail=$((nfail + 1))
	fi
done

[ "$ncases" -gt 0 ] || { echo "no cases in $dir"; exit 1; }
echo "lint golden: $ncases cases, $nfail failed"
[ "$nfail" = 0 ]
