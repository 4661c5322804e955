#!/bin/sh
# Exit statuses, one table for every command (cli_exit_code): each status provoked for real,
# and the same table in `frrshim --help` and in the man page's EXIT STATUS section.
set -u
: "${FRRSHIM:?set FRRSHIM to the frrshim binary}"
top=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
nfail=0

want() { # status description command...
	st=$1
	what=$2
	shift 2
	"$@" >"$tmp/out" 2>&1 </dev/null
	rc=$?
	if [ "$rc" = "$st" ]; then
		echo "ok - $what: $rc"
	else
		echo "not ok - $what: exit $rc, expected $st"
		cat "$tmp/out"
		nfail=$((nfail + 1))
	fi
}

g=$top/tests/golden
want 0 "lint of a valid set" "$FRRSHIM" lint --quiet "$g/lint/valid-peer-all-fields/input.yaml"
want 1 "lint of an invalid set" "$FRRSHIM" lint --quiet "$g/lint/rule-peer-myasn-zero/input.yaml"
want 2 "lint of a missing file" "$FRRSHIM" lint --quiet "$tmp/missing.yaml"
want 2 "render of a missing file" "$FRRSHIM" render --node n "$tmp/missing.yaml"
want 2 "verify with an unreadable expectation" "$FRRSHIM" verify --node n --expect "$tmp/missing.json"
want 2 "status of an unreadable neighbors file" "$FRRSHIM" status --neighbors-json "$tmp/missing.json"
want 2 "an unknown option" "$FRRSHIM" lint --no-such-option
want 3 "metrics --once without FRR" "$FRRSHIM" metrics --once --vty-socket "$tmp/no-frr"
want 3 "status without FRR" "$FRRSHIM" status --vty-socket "$tmp/no-frr"
want 4 "render into a directory that does not exist" \
	"$FRRSHIM" render --node worker-1 -o "$tmp/no/such/dir/frr.conf" "$g/render/basic-ebgp/input.yaml"

# the same five statuses in --help and in the man page
"$FRRSHIM" help >"$tmp/help" 2>&1
for s in "0 ok" "1 found a problem" "2 usage or unreadable input" "3 FRR unreachable" "4 system error"; do
	if tr '\n' ' ' <"$tmp/help" | grep -q "$s"; then
		echo "ok - --help: $s"
	else
		echo "not ok - --help lacks \"$s\""
		nfail=$((nfail + 1))
	fi
done
# the table's rows, a tbl text block (T{ … T}) joined to its status
sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$top/doc/frrshim.1" |
	sed -e ':a' -e '/T{$/{N;s/T{\n//;ba' -e '}' -e '/^T}$/d' >"$tmp/man"
for row in "0	done" "1	found a problem" "2	bad command line or unreadable input" \
	"3	FRR unreachable" "4	system error"; do
	if grep -q "^$row" "$tmp/man"; then
		echo "ok - man page: $row"
	else
		echo "not ok - the man page's EXIT STATUS lacks \"$row\""
		nfail=$((nfail + 1))
	fi
done
echo "exit statuses: $nfail failed"
[ "$nfail" = 0 ]
