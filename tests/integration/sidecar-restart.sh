#!/bin/bash
# SPDX-License-Identifier: MIT
# bgpd killed during a reload: the failure is reported, and once bgpd is back the desired
# configuration runs again within seconds, without any new SIGHUP.
. "$(dirname "$0")/sidecar-lib.sh"

sc_setup
sc_conf 203.0.113.30/32
sc_start --engine "${FRS_ENGINE:-frrshim}" --backoff-max 2000
frr_assert "first config applied" frr_wait 30 sc_received 203.0.113.30/32

# freeze bgpd so that the reload is surely in flight when bgpd dies
prefixes=""
for i in $(seq 1 200); do prefixes="$prefixes 198.51.100.$i/32"; done
reloads=$(sc_count 'msg="reloading FRR"')
bgpd_pid=$(cat "$NODE_DIR/bgpd.pid")
kill -STOP "$bgpd_pid"
# shellcheck disable=SC2086 # one argument per prefix
sc_conf 203.0.113.30/32 203.0.113.31/32 $prefixes
sc_hup
frr_wait 10 sh -c "[ \$(grep -c 'msg=\"reloading FRR\"' '$SC_LOG') -gt $reloads ]"
# a crash, not a polite stop
kill -9 "$bgpd_pid"
frr_wait 10 sh -c "! kill -0 $bgpd_pid 2>/dev/null"
frr_assert "the failure is reported in the log" frr_wait 30 grep -q 'msg="reload failed"' "$SC_LOG"
frr_assert ".status says failure" frr_wait 5 sc_status_is failure

sc_running_has() { frr_vtysh "$NODE_DIR" -c 'show running-config' | grep -q "$1"; }
frr_restart "$NODE_DIR" "$NODE_NS" bgpd
back=$(date +%s)
frr_assert "desired config running again after bgpd's return" \
	frr_wait 60 sc_running_has 'network 203.0.113.31/32'
took=$(( $(date +%s) - back ))
echo "# desired config back ${took}s after bgpd restarted"
frr_assert "router receives 203.0.113.31/32" frr_wait 30 sc_received 203.0.113.31/32
frr_assert ".status says success" frr_wait 10 sc_status_is success
sc_no_password "the log" "$SC_LOG"
sc_no_password "status files" "$SC_STATE/.status" "$SC_STATE/last-error" "$SC_STATE/running-config" "$SC_STATE/state.json"
frr_done
