#!/bin/bash
# SPDX-License-Identifier: MIT
# contrib/frrshim.bash-completion: run as bash runs it (COMP_WORDS), it offers every command
# `frrshim help` lists and every long option of each command's --help.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
complete() { :; }  # the file ends by registering itself; not needed here
# shellcheck source=/dev/null
. "$SRCDIR/contrib/frrshim.bash-completion"
fail=0
offer() {  # offer WORD...: what the completion proposes for the command line WORD...
	COMP_WORDS=(frrshim "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_frrshim
	printf '%s\n' "${COMPREPLY[@]}"
}
cmds=$("$FRRSHIM" help | sed -n 's/^  \([a-z]*\) .*/\1/p')
for cmd in $cmds; do
	if offer "${cmd:0:2}" | grep -qx "$cmd"; then :; else
		echo "not ok - '${cmd:0:2}' does not complete to $cmd"; fail=1; fi
done
[ "$fail" = 0 ] && echo "ok - every command completes"
for cmd in $cmds; do
	case $cmd in help|version) continue ;; esac
	missing=""
	for opt in $("$FRRSHIM" "$cmd" --help | grep -o -- '--[a-z][a-z_-]*' | sort -u); do
		offer "$cmd" -- | grep -qx -- "$opt" || missing="$missing $opt"
	done
	if [ -z "$missing" ]; then echo "ok - $cmd: every option of --help"; else
		echo "not ok - $cmd: --help has$missing, the completion does not"; fail=1; fi
done
if offer bundle --state-dir /e | grep -qx /etc; then echo "ok - --state-dir completes directories"; else
	echo "not ok - --state-dir does not complete directories"; fail=1; fi
exit $fail
