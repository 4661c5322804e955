#!/bin/sh
# SPDX-License-Identifier: MIT
# Render benchmark: one node with PEERS peers x IPS Service IPs (default 100 x 10,000).
# Prints each stage's time (view + render: the best of 5) and peak memory, then the whole
# `frrshim render` command (load + validate + view + render) with its peak RSS.
# Usage: bench/render.sh [BUILD_DIR [PEERS [IPS]]]   Targets: view+render <= 100 ms, <= 64 MiB.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
peers=${2:-100}
ips=${3:-10000}
tmp=$(mktemp -d /tmp/frs-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

make -s -C "$build" frrshim bench/render-bench >/dev/null
"$top/bench/gen-node.sh" "$peers" "$ips" > "$tmp/node.yaml"
echo "== $peers peers x $ips IPs: stages (bench/render-bench)"
"$build/bench/render-bench" node "$tmp/node.yaml"
echo "== frrshim render (whole command)"
start=$(date +%s%N)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "peak RSS %M KiB" "$build/frrshim" render --node node "$tmp/node.yaml" \
		> "$tmp/out.conf"
else
	"$build/frrshim" render --node node "$tmp/node.yaml" > "$tmp/out.conf"
fi
end=$(date +%s%N)
echo "wall $(( (end - start) / 1000000 )) ms, $(wc -l < "$tmp/out.conf") lines"
