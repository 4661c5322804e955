#!/bin/bash
# SPDX-License-Identifier: MIT
# Every golden render (tests/golden/render/*/expected.conf) loads into a real FRR 8.4 without a
# message, and `show running-config` prints it back byte for byte (zero diff on reload). On
# another FRR (FRS_FRR=10.3...), and for a case written for another version (--frr-version in
# its args), each case is rendered for the FRR under test (`render --frr-version`) and that must
# load and read back byte for byte. Then `frrshim reload` of the render onto the FRR running it
# must change nothing.
# A few FRR instances (FRS_RENDER_JOBS, default 3) share the cases; within one, between cases,
# every context the last case made is removed (cheaper than fresh daemons; the time is vtysh's
# round trips, so instances in parallel finish sooner even on two cores).
. "$(dirname "$0")/lib.sh"
frr_setup

jobs=${FRS_RENDER_JOBS:-3}
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

# run_cases JOB: the cases whose rank modulo $jobs is JOB, on instance JOB; prints TAP lines
run_cases() {
	local job=$1 i=0 ns dir exp name out got want w="$FRR_WORK/job$1"
	ns=$(frr_ns "n$job") || { echo "not ok - namespace $job"; return; }
	dir=$(frr_start "$ns" "n$job" bgpd bfdd) || { echo "not ok - FRR $job does not start"; return; }
	mkdir -p "$w"
	: > "$w/undo.conf"
	for exp in $cases; do
		i=$((i + 1))
		[ $((i % jobs)) = "$job" ] || continue
		name=$(basename "$(dirname "$exp")")
		# (a case written for another version, with --frr-version in its args, is rendered
		# for this one too)
		if [ "$FRS_FRR" != 8.4 ] || grep -q -e --frr-version "$(dirname "$exp")/args"; then
			# shellcheck disable=SC2046 # args holds several options
			(cd "$(dirname "$exp")" && "$FRRSHIM" render $(cat args) --frr-version "$FRS_FRR" \
				input.yaml > "$w/render.conf" 2>/dev/null) || {
				echo "not ok - $name: render --frr-version $FRS_FRR fails"; continue; }
			exp="$w/render.conf"
		fi
		cat "$w/undo.conf" "$exp" > "$w/load.conf"
		out=$(frr_load "$dir" "$w/load.conf" 2>&1)
		# Informational notes, not errors: graceful restart's (printed for every GR change), the
		# IPv6 echo-mode caveat when the case enables echo-mode, and "route-map does not exist" for
		# a route-map the same file defines further down (FRR's own order puts `router bgp` before
		# route-maps; bgpd attaches the map once it is defined)
		out=$(printf '%s\n' "$out" | awk -v conf="$exp" '
			BEGIN { while ((getline l < conf) > 0) {
					if (l ~ /^route-map /) { split(l, w, " "); defined[w[2]] = 1 }
					if (l == "  echo-mode") echo = 1 } }
			/^Graceful restart configuration changed/ || /^$/ { next }
			# vtysh 10.x reports its progress per daemon, and mgmtd an empty commit
			/^\[[0-9]+\|[a-z]+\] (sending configuration|done)$/ { next }
			/^Waiting for children to finish applying config\.\.\.$/ { next }
			/^MGMTD: No changes found to be committed!$/ { next }
			/^MGMTD: No connected daemons interested in changes$/ { next }
			/^% Configuration applied with notes:$/ || /^No changes found to be committed!$/ { next }
			/^The route-map .* does not exist\.$/ {
				m = $0; sub(/^The route-map \047/, "", m); sub(/\047 does not exist\.$/, "", m)
				if (m in defined) next }
			$0 == "% Echo mode works correctly for IPv4, but only works when the peer is also FRR for IPv6." && echo { next }
			{ print }')
		if [ -z "$out" ]; then echo "ok - $name: loads without a message"; else
			echo "not ok - $name: loads with a message"; printf '%s\n' "$out" | head -5; fi
		frr_running "$dir" > "$w/running.conf"
		# FRS_RENDER_SAVE=DIR keeps what FRR printed back (the measurements behind doc/frr-*.md)
		if [ -n "${FRS_RENDER_SAVE:-}" ]; then
			cp "$w/running.conf" "$FRS_RENDER_SAVE/$name.running"
			printf '%s\n' "$out" > "$FRS_RENDER_SAVE/$name.messages"
		fi
		got=$(strip < "$w/running.conf")
		want=$(strip < "$exp")
		if [ "$got" = "$want" ]; then
			echo "ok - $name: running-config equals the render"
		else
			echo "not ok - $name: running-config differs from the render"
			diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -40
		fi
		# the render reloaded onto the FRR running it changes nothing (no flaps, no errors)
		"$FRRSHIM" reload --vty-socket "$dir" --status "$w/self.json" "$exp" >/dev/null 2>&1
		src=$?
		if [ "$src" = 0 ] &&
			grep -q '"result":"unchanged".*"lines_deleted":0,"lines_added":0' "$w/self.json"; then
			echo "ok - $name: reload of the render onto itself changes 0 lines"
		else
			echo "not ok - $name: reload of the render onto itself (exit $src)"
			"$FRRSHIM" reload --test --vty-socket "$dir" "$exp" 2>&1 | head -10
		fi
		undo_of "$w/running.conf" > "$w/undo.conf"
	done
}

for job in $(seq 0 $((jobs - 1))); do
	run_cases "$job" > "$FRR_WORK/job$job.tap" 2>&1 &
done
wait
cat "$FRR_WORK"/job*.tap
n=$(cat "$FRR_WORK"/job*.tap | grep -c 'running-config')
[ "$n" -gt 0 ] || { echo "not ok - no golden case found"; exit 1; }
! grep -q '^not ok' "$FRR_WORK"/job*.tap
