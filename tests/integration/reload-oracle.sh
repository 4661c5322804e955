#!/bin/bash
# SPDX-License-Identifier: MIT
# The reloader's oracle against real FRR: for every golden pair, FRR loaded with running.conf and
# reloaded by frrshim to new.conf runs exactly what a fresh FRR loaded with new.conf runs; a
# reload of the running config onto itself sends nothing; a command FRR rejects mid-way leaves
# the running config as it was and prints `reload error:`. FRS_ORACLE_VTYSH=1: the same through
# `reload --vtysh` (vtysh's routing, the same engine: version, verify, rollback).
. "$(dirname "$0")/lib.sh"
frr_setup
via=()
[ -n "${FRS_ORACLE_VTYSH:-}" ] && via=(--vtysh "$(frr_vtysh_bin)") && echo "# through vtysh"

CASES=${FRS_ORACLE_CASES:-$SRCDIR/tests/golden/reload}
# the reference and the system under test each in a namespace of its own: what the kernel
# holds (forwarding, addresses, VRF devices) must not pass from one to the other
ns_ref=$(frr_ns oracle-ref) || exit 1
ns_sut=$(frr_ns oracle-sut) || exit 1

# start_fresh NAME: (re)start zebra bgpd bfdd staticd with an empty config in NAME's namespace;
# prints the dir (frr_start's: a chrooted FRR's instances live under the root)
start_fresh() {
	local ns=$ns_sut
	[ "$1" = ref ] && ns=$ns_ref
	local dir="$FRR_WORK/$1" d
	[ -n "$FRR_ROOT" ] && dir="$FRR_ROOT/run/frr/frs-$FRS_RUN_ID-$1"
	if [ -d "$dir" ]; then
		for d in mgmtd zebra bgpd bfdd staticd; do frr_kill "$dir" "$d" >/dev/null 2>&1; done
		rm -rf "$dir"
	fi
	frr_start "$ns" "$1" bgpd bfdd staticd
}

# what the daemons run, without the header and the vtysh-only hostname line
snapshot() {
	frr_running "$1" | grep -v '^hostname '
}

# reset DIR: back to the empty config without restarting (restarts cost seconds): remove every
# top-level object with vtysh, independently of frrshim, and check the result is the empty
# config a fresh start shows; restart when it is not.
reset() {
	local dir=$1 name
	name=$(basename "$dir")
	name=${name#"frs-$FRS_RUN_ID-"}
	snapshot "$dir" | awk '
		/^router bgp .* vrf / { print "no " $0; next }
		/^router bgp / { last = last "no " $0 "\n"; next }
		/^route-map / { if (!seen[$2]++) print "no route-map " $2; next }
		/^(ip|ipv6) prefix-list / { if (!seen[$1 $3]++) print "no " $1 " prefix-list " $3; next }
		/^bgp (community-list|large-community-list|extcommunity-list|as-path) / { print "no " $0; next }
		/^bfd$/ { print "no bfd"; next }
		/^log / { print "no " $0; next }
		/^debug zebra dplane dpdk/ { print "no debug zebra dplane dpdk"; next }
		/^debug zebra dplane/ { print "no debug zebra dplane"; next }
		/^(ip|ipv6) route / { print "no " $0; next }
		/^access-list / { if (!seen["acl " $2]++) print "no access-list " $2; next }
		/^(ip|ipv6) access-list / { if (!seen[$1 " acl " $3]++) print "no " $1 " access-list " $3; next }
		/^vrf / { vrfs = vrfs "no " $0 "\n"; next }
		/^debug / { print "no " $0; next }
		# interface addresses: zebra put them into the namespace of the instance (10.x
		# prints a kernel address of a restarted instance back as config)
		/^interface / { iface = $0; next }
		/^ ip address / && iface != "" { print iface; print " no" $0; print "exit"; next }
		/^exit$/ { iface = ""; next }
		/^(ip|ipv6) nht / { print "no " $0; next }
		/^no (ip|ipv6) nht / { sub(/^no /, ""); print; next }
		/^ip forwarding$|^ipv6 forwarding$/ { print "no " $0; next }
		# the profile of the bgp instances made next (those of the pair after)
		/^frr defaults datacenter$/ { print "frr defaults traditional"; next }
		END { printf "%s%s", last, vrfs }' > "$FRR_WORK/wipe-$name.conf"
	# (one file per instance: the reference and the system under test are reset side by side)
	frr_load "$dir" "$FRR_WORK/wipe-$name.conf" >/dev/null 2>&1
	# forwarding is the kernel's: 8.4 shows nothing when it is on, so no wipe line can see it
	local ns=$ns_sut
	[ "$name" = ref ] && ns=$ns_ref
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
	if [ "$(snapshot "$dir")" != "$EMPTY" ]; then
		start_fresh "$name" >/dev/null
	fi
}

ref=$(start_fresh ref) || exit 1
sut=$(start_fresh sut) || exit 1
EMPTY=$(snapshot "$ref")

n=0
for dir in "$CASES"/*/; do
	case=$(basename "$dir")
	# the frr-reload.py examples use addresses outside the documentation ranges
	case "$case" in example-*) continue ;; esac
	[ -f "$dir/expected.diff" ] || continue
	[ -f "$dir/oracle-skip" ] && { echo "skip - $case: $(cat "$dir/oracle-skip")"; continue; }
	# a pair whose lines FRR 10.x takes in another form (doc/frr-10.3-canonical.md)
	[ "$FRS_FRR" != 8.4 ] && [ -f "$dir/oracle-skip-frr10" ] && {
		echo "skip - $case: FRR $FRS_FRR: $(cat "$dir/oracle-skip-frr10")"; continue; }
	[ -f "$dir/oracle-skip-frr$FRS_FRR" ] && {
		echo "skip - $case: FRR $FRS_FRR: $(cat "$dir/oracle-skip-frr$FRS_FRR")"; continue; }
	n=$((n + 1))
	# the reference and the system under test are prepared side by side
	( reset "$ref"; frr_load "$ref" "$dir/new.conf" >/dev/null 2>&1
	  snapshot "$ref" > "$FRR_WORK/want" ) &
	reset "$sut"
	frr_load "$sut" "$dir/running.conf" >/dev/null 2>&1
	wait
	want=$(cat "$FRR_WORK/want")
	out=$("$FRRSHIM" reload "${via[@]}" --vty-socket "$sut" --status "$FRR_WORK/status.json" "$dir/new.conf" 2>&1)
	rc=$?
	got=$(snapshot "$sut")
	if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then
		echo "ok $n - $case"
	else
		echo "not ok $n - $case (exit $rc)"; printf '%s\n' "$out" | sed 's/^/  /'
		diff -u <(echo "$want") <(echo "$got") | sed 's/^/  /'
		_frr_failed=1
	fi
done

# the running config reloaded onto itself applies nothing
reset "$sut"
frr_load "$sut" "$SRCDIR/tests/golden/reload/local-pref-metallb/new.conf" >/dev/null 2>&1
frr_running "$sut" > "$FRR_WORK/self.conf"
"$FRRSHIM" reload "${via[@]}" --vty-socket "$sut" --status "$FRR_WORK/self.json" "$FRR_WORK/self.conf"
frr_assert "reload of the running config exits 0" [ $? = 0 ]
frr_assert "reload of the running config sends nothing" \
	grep -q '"result":"unchanged".*"lines_deleted":0,"lines_added":0' "$FRR_WORK/self.json"
# a command bgpd rejects mid-way: nothing changes, one `reload error:` line, exit 3
before=$(snapshot "$sut")
cp "$SRCDIR/tests/golden/reload/local-pref-metallb/new.conf" "$FRR_WORK/bad.conf"
sed -i 's/^ neighbor 192.0.2.1 remote-as 64512$/&\n neighbor 192.0.2.1 timers 10 30\n neighbor 192.0.2.1 description added\n neighbor 192.0.2.1 timers 1 1/' \
	"$FRR_WORK/bad.conf"
err=$("$FRRSHIM" reload "${via[@]}" --vty-socket "$sut" --status "$FRR_WORK/bad.json" "$FRR_WORK/bad.conf" 2>&1 >/dev/null)
rc=$?
frr_assert_eq "rejected command: exit 3" "$rc" 3
frr_assert "rejected command: one reload error line naming bgpd and the command" \
	sh -c "echo '$err' | grep -q '^reload error: bgpd: \"neighbor 192.0.2.1 timers 1 1\": %'"
frr_assert_eq "rejected command: running config unchanged" "$(snapshot "$sut")" "$before"
frr_assert "rejected command: status says rolled back" \
	grep -q '"result":"rolled-back".*"rolled_back":true' "$FRR_WORK/bad.json"

# passwords never reach the error line or the status file
sed -i 's/timers 1 1/password Zq8-secret_pw\n neighbor 192.0.2.1 timers 1 1/' "$FRR_WORK/bad.conf"
err=$("$FRRSHIM" reload "${via[@]}" --vty-socket "$sut" --status "$FRR_WORK/bad.json" "$FRR_WORK/bad.conf" 2>&1)
frr_assert "no password in output or status" \
	sh -c "! echo '$err' | grep -q Zq8 && ! grep -q Zq8 '$FRR_WORK/bad.json'"

# a datacenter-profile config reloaded onto the FRR running it applies nothing: it states the
# profile's defaults, which bgpd does not print, and 10.7 prints a line it does not say
# (use-underlays-nexthop-weight)
reset "$sut"
dc="$SRCDIR/tests/golden/reload/datacenter-defaults/new.conf"
frr_load "$sut" "$dc" >/dev/null 2>&1
"$FRRSHIM" reload "${via[@]}" --vty-socket "$sut" --status "$FRR_WORK/dc.json" "$dc"
frr_assert "reload of a running datacenter config exits 0" [ $? = 0 ]
frr_assert "reload of a running datacenter config sends nothing" \
	grep -q '"result":"unchanged".*"lines_deleted":0,"lines_added":0' "$FRR_WORK/dc.json"
frr_done
