#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark of query/: (1) parse a synthetic `show bgp vrf all neighbors json` of 1000 peers
# (target <= 10 ms); (2) one `frrshim status` against a live bgpd vs `vtysh -c` for the same data
# (needs root: FRR in a namespace made here). Prints times and ratios; asserts nothing.
# usage: bench/query.sh [BUILD_DIR]   (default _build)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
FRRSHIM=$build/frrshim
tmp=$(mktemp -d /tmp/frs-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# a loaded machine inflates every figure below, CPU time included (shared caches)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
python3 "$top/bench/gen-neighbors.py" 1000 "$top/tests/fixtures/frr-8.4.4/A_show_bgp_vrf_all_neighbors.json" \
	> "$tmp/n1000.json"
make -s -C "$build" bench/query-parse >/dev/null
"$build/bench/query-parse" "$tmp/n1000.json"

[ "$(id -u)" = 0 ] || { echo "live comparison skipped: needs root"; exit 0; }
export FRRSHIM SRCDIR=$top
. "$top/tests/integration/lib.sh"
trap - EXIT
frr_setup
NODE=$(frr_ns node) || exit 1
ND=$(frr_start "$NODE" node bgpd bfdd) || exit 1
{
	echo "router bgp 64512"
	echo " no bgp default ipv4-unicast"
	for i in $(seq 1 200); do echo " neighbor 203.0.113.$i remote-as $((64600 + i))"; done
} > "$tmp/peers.conf"
frr_load "$ND" "$tmp/peers.conf" >/dev/null
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000 )); }
best() { local b=999999999 t; for _ in 1 2 3 4 5; do t=$(ms "$@"); [ "$t" -lt "$b" ] && b=$t; done; echo "$b"; }
a=$(best "$FRRSHIM" status --vty-socket "$ND")
b=$(best vtysh --vty_socket "$ND" -c "show bgp vrf all neighbors json" -c "show bfd peers json")
printf 'live, 200 peers: frrshim status %d.%03d ms, vtysh -c (same two commands) %d.%03d ms, ratio %s\n' \
	$((a / 1000)) $((a % 1000)) $((b / 1000)) $((b % 1000)) \
	"$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1fx", b / a }')"
rm -rf "$tmp"
