#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden render cases: tests/golden/render/<case>/{input.yaml, args, expected.conf, expected.explain}
# (or expected.err + expected.exit for invalid input). Each case must render byte for byte, and
# identically with its documents in reverse order (output never depends on input order).
# shellcheck disable=SC2086,SC2181 # $args holds several options; $? of a subshell in a list
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d /tmp/frs-golden.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0 n=0

fail() { echo "not ok - $*"; failed=1; }

for dir in "$SRCDIR"/tests/golden/render/*/; do
	name=$(basename "$dir")
	n=$((n + 1))
	args=$(cat "$dir/args")
	cp "$dir/input.yaml" "$work/input.yaml"
	# shellcheck disable=SC2086 # args holds several options
	(cd "$work" && "$FRRSHIM" render --explain $args input.yaml > out.conf 2> out.explain)
	rc=$?
	if [ -f "$dir/expected.exit" ]; then
		[ "$rc" = "$(cat "$dir/expected.exit")" ] || fail "$name: exit $rc"
		[ -s "$work/out.conf" ] && fail "$name: wrote a config for invalid input"
		cmp -s "$dir/expected.err" "$work/out.explain" || {
			fail "$name: diagnostics differ"; diff -u "$dir/expected.err" "$work/out.explain"; }
		# -o must leave nothing behind either
		(cd "$work" && "$FRRSHIM" render $args -o written.conf input.yaml 2>/dev/null)
		[ -e "$work/written.conf" ] && fail "$name: -o wrote a file for invalid input"
		rm -f "$work/written.conf"
		echo "ok - $name"
		continue
	fi
	[ "$rc" = 0 ] || fail "$name: exit $rc"
	if ! cmp -s "$dir/expected.conf" "$work/out.conf"; then
		fail "$name: frr.conf differs"; diff -u "$dir/expected.conf" "$work/out.conf" | head -30
		continue
	fi
	if ! cmp -s "$dir/expected.explain" "$work/out.explain"; then
		fail "$name: explanation differs"; diff -u "$dir/expected.explain" "$work/out.explain"
		continue
	fi
	# the same documents, last first
	awk 'BEGIN { n = 0 } /^---$/ { n++; next } { doc[n] = doc[n] $0 "\n" }
	     END { for (i = n; i >= 0; i--) { printf "%s", doc[i]; if (i) print "---" } }' \
		"$dir/input.yaml" > "$work/reversed.yaml"
	(cd "$work" && "$FRRSHIM" render $args reversed.yaml > rev.conf 2>/dev/null)
	cmp -s "$dir/expected.conf" "$work/rev.conf" || fail "$name: depends on document order"
	# -o writes the same bytes
	(cd "$work" && "$FRRSHIM" render $args -o written.conf input.yaml 2>/dev/null)
	cmp -s "$dir/expected.conf" "$work/written.conf" || fail "$name: -o differs from stdout"
	rm -f "$work/written.conf"
	echo "ok - $name"
done
[ "$n" -ge 40 ] || fail "only $n golden cases"

# the command line: usage errors, and `explain` over the same node view
g=$SRCDIR/tests/golden/render
"$FRRSHIM" render "$g/basic-ebgp/input.yaml" >/dev/null 2>&1
[ $? = 2 ] || fail "render without --node: want exit 2"
"$FRRSHIM" render --node n --bogus "$g/basic-ebgp/input.yaml" >/dev/null 2>&1
[ $? = 2 ] || fail "render --bogus: want exit 2"
"$FRRSHIM" render --help | grep -q '^usage: frrshim render' || fail "render --help"
(cd "$g/etp-local-no-local-endpoint" && "$FRRSHIM" explain --node worker-1 shop/web input.yaml \
	> "$work/explain.txt")
[ $? = 1 ] || fail "explain of an unannounced service: want exit 1"
echo "  ✗ 203.0.113.10 (IPAddressPool pool-a): externalTrafficPolicy is Local and no ready endpoint is on this node [adv-a: externalTrafficPolicy is Local and no ready endpoint is on this node]; next: the service's pods on this node, or externalTrafficPolicy Cluster" |
	cmp -s - "$(grep '^  ✗ 203' "$work/explain.txt" > "$work/explain.line"; echo "$work/explain.line")" ||
	{ fail "explain text"; cat "$work/explain.txt"; }
(cd "$g/two-peers-shared-lists" && "$FRRSHIM" explain -o json --node worker-1 shop/api input.yaml \
	> "$work/explain.json")
[ $? = 0 ] || fail "explain of an announced service: want exit 0"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
ip = d["announcement"]["nodes"][0]["ips"][0]
assert ip["announced"] and ip["ip"] == "203.0.113.11", ip
assert ip["advertisements"][0]["peers"] == ["peer-a", "peer-b"], ip
assert ip["advertisements"][0]["prefix"] == "203.0.113.11/32", ip' "$work/explain.json" ||
	fail "explain -o json"
"$FRRSHIM" explain --node worker-1 shop/nope "$g/basic-ebgp/input.yaml" >/dev/null 2>&1
[ $? = 1 ] || fail "explain of an unknown service: want exit 1"
echo "ok - command line"
exit $failed
