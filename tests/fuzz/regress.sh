#!/bin/sh
# SPDX-License-Identifier: MIT
# Replay every fuzz target over the inputs fuzzing once failed on (tests/fuzz/regress/TARGET/)
# and over its seeds (the golden cases and fixtures), with the plain replay driver
# (tests/fuzz/replay.c): the properties and sanitizers of the targets, in `make check`, with any
# compiler. Inputs listed in tests/fuzz/regress/known-failing are not run (a fix is pending
# elsewhere; FUZZ_REPLAY_ALL=1 runs them too).
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FRRSHIM=${FRRSHIM:-$SRCDIR/_build/frrshim}
build=$(dirname "$FRRSHIM")
targets="load render conf diff neighbors query tmpl values watch"
known=$SRCDIR/tests/fuzz/regress/known-failing
work=$(mktemp -d /tmp/frs-fuzz-replay.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

is_known() {
	[ "${FUZZ_REPLAY_ALL:-}" = 1 ] && return 1
	[ -f "$known" ] && grep -q "^$1\( \|$\)" "$known"
}

for t in $targets; do
	bin=$build/tests/fuzz/replay_$t
	if [ ! -x "$bin" ]; then
		echo "not ok - replay $t: $bin not built"
		failed=1
		continue
	fi
	mkdir -p "$work/$t/in"
	sh "$SRCDIR/tests/fuzz/seeds.sh" "$SRCDIR" "$t" "$work/$t/seeds"
	nreg=0
	for f in "$SRCDIR/tests/fuzz/regress/$t"/*; do
		[ -f "$f" ] || continue
		if is_known "$t/${f##*/}"; then
			echo "# replay $t: known failing, not run: $t/${f##*/}"
			continue
		fi
		cp "$f" "$work/$t/in/"
		nreg=$((nreg + 1))
	done
	if "$bin" "$work/$t/in" "$work/$t/seeds" > "$work/$t/out" 2> "$work/$t/err"; then
		echo "ok - replay $t: $nreg regression input(s), $(find "$work/$t/seeds" -type f | wc -l) seed(s)"
	else
		echo "not ok - replay $t"
		# the driver names each input before it runs it: the last name is the culprit
		tail -n 40 "$work/$t/err"
		failed=1
	fi
done
exit $failed
