#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark of the sidecar: a Service's IP changes on disk → the router has the new prefix.
#  A. frrshim reloader in direct mode (manifests in a ConfigMap-style volume, debounce 200 ms);
#  B. the MetalLB path's reload step: the rendered frr.conf rewritten, SIGHUP, frr-reload.py
#     (frrshim reloader --engine frr-reload.py, debounce 1 ms), *without* the speaker's 3 s
#     debounce that MetalLB adds in front of it.
# Time runs from the volume's ..data swap (the change the kubelet publishes) to the router
# having installed the new /32 and dropped the old one. Prints the median and spread of each and their ratio; asserts nothing. Needs root.
# usage: bench/sidecar.sh [BUILD_DIR]   (N=20 changes for A, NB=5 for B by default)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
export FRRSHIM=$build/frrshim SRCDIR=$top
N=${N:-20}
NB=${NB:-5}
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 0; }
. "$top/tests/integration/sidecar-lib.sh"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# the router installed IP/32 from the node: cheaper to poll than vtysh (whose start-up alone
# costs tens of ms), so the poll does not dominate what it measures
in_kernel() {
	ip -n "$RTR_NS" route show "$1/32" | grep -q 'via 192.0.2.2'
}

# measure_until T0 IP PREV: ms from T0 until the router has IP/32 and no longer has PREV/32
measure_until() {
	local t0=$1 ip=$2 prev=$3
	while ! in_kernel "$ip" || { [ -n "$prev" ] && in_kernel "$prev"; }; do
		[ $(( $(now_ms) - t0 )) -gt 60000 ] && { echo "timeout" >&2; return 1; }
		sleep 0.01
	done
	echo $(( $(now_ms) - t0 ))
}

median() { # < one number per line
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

stats() { # NAME FILE
	printf "%-48s n=%d median=%s ms min=%s ms max=%s ms\n" "$1" "$(wc -l < "$2")" \
		"$(median < "$2")" "$(sort -n "$2" | head -1)" "$(sort -n "$2" | tail -1)"
}

sc_setup
cm_init
cm_write 203.0.113.1

# A: direct mode
SC_LOG=$SC_STATE/direct.log
"$FRRSHIM" reloader --node node1 --node-labels kubernetes.io/hostname=node1 --watch "$WATCH" \
	--state-dir "$SC_STATE" --vty-socket "$NODE_DIR" --confdir "$NODE_DIR" 2>>"$SC_LOG" &
pid=$!
echo "$pid" >> "$FRR_WORK/.pids"
frr_wait 60 sc_received 203.0.113.1/32 || { echo "first config never arrived"; exit 1; }
prev=203.0.113.1
: > "$FRR_WORK/a.txt"
for i in $(seq 2 $((N + 1))); do
	ip=203.0.113.$i
	cm_write "$ip"
	measure_until "$CM_SWAP_MS" "$ip" "$prev" >> "$FRR_WORK/a.txt" || exit 1
	prev=$ip
done
kill -TERM "$pid"; wait "$pid"
stats "A frrshim direct mode (render + reload)" "$FRR_WORK/a.txt"

# B: the rendered file through frr-reload.py, as frr-reloader.sh runs it
rm -f "$SC_STATE"/reloader.pid
SC_LOG=$SC_STATE/py.log
"$FRRSHIM" render --node node1 --node-labels kubernetes.io/hostname=node1 "$WATCH" \
	-o "$SC_STATE/frr.conf" 2>/dev/null
sc_start --engine frr-reload.py --debounce 1
: > "$FRR_WORK/b.txt"
for i in $(seq $((N + 2)) $((N + NB + 1))); do
	ip=203.0.113.$i
	cm_write "$ip"
	t0=$CM_SWAP_MS
	"$FRRSHIM" render --node node1 --node-labels kubernetes.io/hostname=node1 "$WATCH" \
		-o "$SC_STATE/frr.conf" 2>/dev/null
	sc_hup
	measure_until "$t0" "$ip" "$prev" >> "$FRR_WORK/b.txt" || exit 1
	prev=$ip
done
stats "B frr-reload.py reload step (no 3 s debounce)" "$FRR_WORK/b.txt"
# let the last frr-reload.py run finish rather than have the cleanup kill it
kill -TERM "$SC_PID"; wait "$SC_PID"
med_a=$(median < "$FRR_WORK/a.txt")
med_b=$(median < "$FRR_WORK/b.txt")
awk -v a="$med_a" -v b="$med_b" 'BEGIN { printf "ratio B/A: %.1fx (MetalLB adds its 3000 ms debounce to B)\n", b / (a ? a : 1) }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
exit 0
