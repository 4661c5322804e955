#!/bin/sh
# Benchmark: `frrshim lint` on 10,000 Services + 100 peers + 50 pools (bench/gen-lint.py).
# bench/lint.sh [FRRSHIM [RUNS]]: prints every run's wall time and the median; target ≪ 1 s.
# There is no baseline tool to compare with: nothing else lints MetalLB manifests offline.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
fs=${1:-$top/_build/frrshim}
runs=${2:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$top/bench/gen-lint.py" "$tmp/in" 10000 100 50
echo "input: $(cat "$tmp/in"/*.yaml | wc -l) lines, $(du -sk "$tmp/in" | cut -f1) KiB"
"$fs" lint --quiet "$tmp/in" >"$tmp/out" || { cat "$tmp/out"; echo "lint failed"; exit 1; }
i=0
while [ "$i" -lt "$runs" ]; do
	s=$(date +%s%N)
	"$fs" lint --quiet "$tmp/in" >/dev/null
	e=$(date +%s%N)
	echo $(((e - s) / 1000000)) >>"$tmp/times"
	i=$((i + 1))
done
echo "runs (ms): $(tr '\n' ' ' <"$tmp/times")"
median=$(sort -n "$tmp/times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "frrshim lint, 10000 services + 100 peers + 50 pools: median ${median} ms (target < 1000 ms)"
