#!/bin/bash
# SPDX-License-Identifier: MIT
# FRR started in the datacenter profile (-F datacenter, as an image may run it) and a config that
# names no profile: the running FRR's `frr defaults datacenter` decides which bgp lines are
# defaults (there `bgp ebgp-requires-policy` is shown, `timers bgp 3 9` is not), so the reload
# applies, and again sends nothing. (The golden pair datacenter-from-running, offline.)
. "$(dirname "$0")/lib.sh"
frr_setup

ns=$(frr_ns profile) || exit 1
dir=$(FRR_DAEMON_ARGS="-F datacenter" frr_start "$ns" sut bgpd) || exit 1
pair="$SRCDIR/tests/golden/reload/datacenter-from-running"
frr_load "$dir" "$pair/running.conf" >/dev/null 2>&1
runs() { frr_running "$dir" | grep -qx -- "$1"; }
frr_assert "FRR started with -F datacenter prints its profile" runs 'frr defaults datacenter'

"$FRRSHIM" reload --vty-socket "$dir" --status "$FRR_WORK/s1.json" "$pair/new.conf"
frr_assert_eq "a config naming no profile: exit 0" "$?" 0
frr_assert "a config naming no profile: one line sent, none learned" \
	grep -q '"result":"applied".*"lines_deleted":0,"lines_added":1,.*"lines_learned":0' \
	"$FRR_WORK/s1.json"
frr_assert "bgp ebgp-requires-policy runs" runs ' bgp ebgp-requires-policy'
"$FRRSHIM" reload --vty-socket "$dir" --status "$FRR_WORK/s2.json" "$pair/new.conf"
frr_assert_eq "the same config again: exit 0" "$?" 0
frr_assert "the same config again: nothing sent" \
	grep -q '"result":"unchanged".*"lines_deleted":0,"lines_added":0' "$FRR_WORK/s2.json"
frr_done
