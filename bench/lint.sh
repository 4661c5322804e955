#!/bin/sh
# Benchmark: `frrshim lint` on 10,000 Services + 100 peers + 50 pools (bench/gen-lint.py).
# bench/lint.sh [FRRSHIM [RUNS]]: prints every run's wall and CPU (user+sys) time and the medians;
# the target is well under 1 s. CPU time is printed because wall time on a shared machine
# measures the other tenants too. There is no baseline to compare with: nothing else lints
# MetalLB manifests offline (the webhooks need a cluster).
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
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S' -o "$tmp/cpu" "$fs" lint --quiet "$tmp/in" >/dev/null
		awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$tmp/cpu" >>"$tmp/cpus"
	else
		"$fs" lint --quiet "$tmp/in" >/dev/null
	fi
	e=$(date +%s%N)
	echo $(((e - s) / 1000000)) >>"$tmp/times"
	i=$((i + 1))
done
median() { sort -n "$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "wall (ms): $(tr '\n' ' ' <"$tmp/times")"
[ -f "$tmp/cpus" ] && echo "cpu  (ms): $(tr '\n' ' ' <"$tmp/cpus")"
cpu=
[ -f "$tmp/cpus" ] && cpu=", median cpu $(median "$tmp/cpus") ms"
echo "frrshim lint, 10000 services + 100 peers + 50 pools:" \
	"median wall $(median "$tmp/times") ms$cpu (target < 1000 ms)"
