#!/bin/bash
# SPDX-License-Identifier: MIT
# FRR's side of rendering: how long a fresh bgpd takes to load a node's config (vtysh -f, one
# batch), PEERS x IPS (default 10 x 1000), in three shapes of the same content:
#   metallb   /work/shared/bench/gen-config.py: one allowed list per peer (MetalLB's shape)
#   per-peer  frrshim render --per-peer-lists (MetalLB's shape, our sequence numbers)
#   shared    frrshim render (identical lists written once and shared)
#   shared-ff the same lines, `router bgp` moved after the filters (bench/filters-first.awk), to
#             see whether the order of a batch matters (it did not, measurably, here); FRR
#             prints our render back unchanged either way (checked)
# Needs root (network namespaces); prints seconds and prefix-list entries per shape and ratios.
# Usage: bench/render-load.sh [BUILD_DIR [PEERS [IPS]]]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
peers=${2:-10}
ips=${3:-1000}
FRRSHIM=$build/frrshim
. "$top/tests/integration/lib.sh"
frr_setup
gen=${FRS_GEN_CONFIG:-/work/shared/bench/gen-config.py}

"$top/bench/gen-node.sh" "$peers" "$ips" > "$FRR_WORK/node.yaml"
python3 "$gen" "$peers" "$ips" > "$FRR_WORK/metallb.conf" || frr_skip "no $gen"
"$FRRSHIM" render --node node --per-peer-lists "$FRR_WORK/node.yaml" > "$FRR_WORK/per-peer.conf"
"$FRRSHIM" render --node node "$FRR_WORK/node.yaml" > "$FRR_WORK/shared.conf"
awk -f "$top/bench/filters-first.awk" "$FRR_WORK/shared.conf" > "$FRR_WORK/shared-ff.conf"

declare -A secs
for shape in ${SHAPES:-shared-ff shared per-peer metallb}; do
	ns=$(frr_ns "$shape")
	dir=$(frr_start "$ns" "$shape" bgpd) || exit 1
	entries=$(grep -c 'prefix-list .* seq ' "$FRR_WORK/$shape.conf")
	start=$(date +%s%N)
	frr_load "$dir" "$FRR_WORK/$shape.conf" > "$FRR_WORK/$shape.out" 2>&1
	end=$(date +%s%N)
	secs[$shape]=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
	echo "$shape: ${secs[$shape]} s to load $(wc -l < "$FRR_WORK/$shape.conf") lines," \
		"$entries prefix-list entries"
	# whatever the shape or order, FRR must print our render back (metallb's is not ours)
	if [ "$shape" = shared-ff ]; then
		frr_running "$dir" | grep -v -e '^no ip' -e '^service integrated' -e '^hostname' \
			> "$FRR_WORK/back.conf"
		cmp -s "$FRR_WORK/back.conf" "$FRR_WORK/shared.conf" &&
			echo "  shared-ff: show running-config prints the render back unchanged"
	fi
	frr_kill "$dir" bgpd
	frr_kill "$dir" zebra
done
for shape in "${!secs[@]}"; do
	[ -n "${secs[metallb]:-}" ] && [ "$shape" != metallb ] &&
		awk -v m="${secs[metallb]}" -v s="${secs[$shape]}" -v n="$shape" \
			'BEGIN { printf "metallb / %s: %.1fx\n", n, m / s }'
done
exit 0
