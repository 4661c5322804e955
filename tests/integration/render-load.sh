#!/bin/bash
# SPDX-License-Identifier: MIT
# Every golden render (tests/golden/render/*/expected.conf) loads into a real FRR 8.4 without a
# message, and `show running-config` prints it back byte for byte (zero diff on reload).
# One FRR instance for all cases: between cases, every context the last case made is removed.
. "$(dirname "$0")/lib.sh"
frr_setup

ns=$(frr_ns node) || exit 1
dir=$(frr_start "$ns" n1 bgpd bfdd) || exit 1
cases=${FRS_RENDER_CASES:-$SRCDIR/tests/golden/render/*/expected.conf}

# What FRR prints that we do not render: zebra's view of forwarding, vtysh's own line, and the
# hostname (FRR shows the system's; golden cases render one or none).
strip() {
	grep -v -e '^no ip forwarding$' -e '^no ipv6 forwarding$' \
		-e '^service integrated-vtysh-config$' -e '^hostname '
}

# The commands that remove everything a case configured: they go in front of the next case's
# file, so that each case costs two vtysh runs (load, show).
undo_of() {
	local running=$1
	# VRF instances first: the default instance cannot go while they exist
	grep '^router bgp .* vrf ' "$running" | tac | sed 's/^/no /'
	grep '^router bgp [0-9]*$' "$running" | sed 's/^/no /'
	grep -o '^ip prefix-list [^ ]*' "$running" | sort -u | sed 's/^/no /'
	grep -o '^ipv6 prefix-list [^ ]*' "$running" | sort -u | sed 's/^/no /'
	grep -o '^route-map [^ ]*' "$running" | sort -u | sed 's/^/no /'
	grep -q '^bfd$' "$running" && echo 'no bfd'
	true
}

n=0
: > "$FRR_WORK/undo.conf"
for exp in $cases; do
	name=$(basename "$(dirname "$exp")")
	cat "$FRR_WORK/undo.conf" "$exp" > "$FRR_WORK/load.conf"
	out=$(frr_load "$dir" "$FRR_WORK/load.conf" 2>&1)
	# Informational notes, not errors: graceful restart's (printed for every GR change), the
	# IPv6 echo-mode caveat when the case enables echo-mode, and "route-map does not exist" for
	# a route-map the same file defines further down (FRR's own order puts `router bgp` before
	# route-maps; bgpd attaches the map once it is defined)
	out=$(printf '%s\n' "$out" | awk -v conf="$exp" '
		BEGIN { while ((getline l < conf) > 0) {
				if (l ~ /^route-map /) { split(l, w, " "); defined[w[2]] = 1 }
				if (l == "  echo-mode") echo = 1 } }
		/^Graceful restart configuration changed/ || /^$/ { next }
		/^The route-map .* does not exist\.$/ {
			m = $0; sub(/^The route-map \047/, "", m); sub(/\047 does not exist\.$/, "", m)
			if (m in defined) next }
		$0 == "% Echo mode works correctly for IPv4, but only works when the peer is also FRR for IPv6." && echo { next }
		{ print }')
	frr_assert_eq "$name: loads without a message" "$out" ""
	frr_running "$dir" > "$FRR_WORK/running.conf"
	got=$(strip < "$FRR_WORK/running.conf")
	want=$(strip < "$exp")
	if [ "$got" = "$want" ]; then
		echo "ok - $name: running-config equals the render"
	else
		echo "not ok - $name: running-config differs from the render"
		diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -40
		_frr_failed=1
	fi
	undo_of "$FRR_WORK/running.conf" > "$FRR_WORK/undo.conf"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "not ok - no golden case found"; exit 1; }
frr_done
