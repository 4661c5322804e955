#!/bin/sh
# SPDX-License-Identifier: MIT
# doc/frrshim.1 renders without a warning, has a section for every command `frrshim help`
# lists, and names every long option of the shell's and bundle's --help.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
page=$SRCDIR/doc/frrshim.1
fail=0
if command -v man >/dev/null && command -v groff >/dev/null; then
	warn=$(MANWIDTH=80 man -l "$page" 2>&1 >/dev/null)
	if [ -z "$warn" ]; then echo "ok - man -l renders without warnings"; else
		echo "not ok - man -l warns:"; echo "$warn" | head -10; fail=1; fi
else
	echo "skip - man -l (man-db or groff-base not installed)"
fi
for cmd in $("$FRRSHIM" help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	# help and version are in the SYNOPSIS
	case $cmd in help|version) continue ;; esac
	if grep -q "^\.SS \"frrshim $cmd\( \|\"\)" "$page"; then echo "ok - section for $cmd"; else
		echo "not ok - no .SS section for $cmd"; fail=1; fi
done
for cmd in shell bundle; do
	missing=0
	for opt in $("$FRRSHIM" "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		# the page writes dashes as \-
		esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		if grep -q -- "$esc" "$page"; then :; else
			echo "not ok - $cmd --help has $opt, the page does not"; fail=1; missing=1; fi
	done
	[ "$missing" = 0 ] && echo "ok - the options of $cmd --help are in the page"
done
exit $fail
