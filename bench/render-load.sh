#!/bin/bash
# SPDX-License-Identifier: MIT
# FRR's side of rendering: how long a fresh bgpd takes to load a node's config (vtysh -f, one
# batch), PEERS x IPS (default 10 x 1000), in three shapes of the same content:
#   metallb   /work/shared/bench/gen-config.py: one allowed list per peer (MetalLB's shape)
#   per-peer  frrshim render --per-peer-lists (MetalLB's shape, our sequence numbers)
#   shared    frrshim render (identical lists written once and shared)
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

declare -A secs
for shape in shared per-peer metallb; do
	ns=$(frr_ns "$shape")
	dir=$(frr_start "$ns" "$shape" bgpd) || exit 1
	entries=$(grep -c 'prefix-list .* seq ' "$FRR_WORK/$shape.conf")
	start=$(date +%s%N)
	frr_load "$dir" "$FRR_WORK/$shape.conf" > "$FRR_WORK/$shape.out" 2>&1
	end=$(date +%s%N)
	secs[$shape]=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
	echo "$shape: ${secs[$shape]} s to load $(wc -l < "$FRR_WORK/$shape.conf") lines," \
		"$entries prefix-list entries"
	frr_kill "$dir" bgpd
	frr_kill "$dir" zebra
done
awk -v m="${secs[metallb]}" -v p="${secs[per-peer]}" -v s="${secs[shared]}" 'BEGIN {
	printf "ratio metallb/shared %.1fx, per-peer/shared %.1fx\n", m / s, p / s }'
