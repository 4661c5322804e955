#!/bin/bash
# SPDX-License-Identifier: MIT
# frrshim reload vs frr-reload.py 8.4.4, same run, same inputs (shared/bench/gen-config.py):
# diff only (10x1000, 10x5000, 10x5000 --renumber, 100x1000), then against live daemons in a
# namespace: initial load of 10x1000 into an empty FRR (MetalLB's rendering, and frrshim's render of
# the same node: bench/gen-node.sh), a one-Service change, an unchanged config.
# Prints seconds and ratios; asserts nothing.
# Env: FRS_BENCH_DIR (default /work/shared/bench), FRS_BENCH_SKIP_SLOW=1 skips frr-reload.py on
# the renumbered 10x5000 pair (minutes) and its initial load (minutes), FRS_BENCH_NO_LIVE=1 skips
# the live part, FRS_BENCH_NO_DIFF=1 the diff part.
set -u
BENCH=${FRS_BENCH_DIR:-/work/shared/bench}
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/.." && pwd)/_build/frrshim}
. "$(dirname "$0")/../tests/integration/lib.sh"
[ -x "$FRRSHIM" ] || { echo "bench/reload.sh: $FRRSHIM is not built (scripts/build.sh)"; exit 1; }
secs() { python3 -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print('%.0fx' % (a / b) if b > 0 else '-')" "$1" "$2"; }
row() { printf '%-44s %12s %12s %8s\n' "$@"; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# times are bash's own clock ($EPOCHREALTIME): a `date` process on each side of a 10 ms command
# added half to it
row "work" "frr-reload.py" "frrshim" "ratio"

# our diff, best of 5 (the machine is shared)
ours_diff() {
	local best="" t0 t1 s
	for _ in 1 2 3 4 5; do
		t0=$EPOCHREALTIME; "$FRRSHIM" reload --test --input "$1" "$2" >/dev/null; rc=$?; t1=$EPOCHREALTIME
		# --test exits 1 when there are differences; anything else is a failure, not a figure
		[ "$rc" -le 1 ] || { echo "frrshim reload --test failed ($rc)" >&2; exit 1; }
		s=$(secs "$t0" "$t1")
		if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$s" "$best"; then best=$s; fi
	done
	echo "$best"
}

# shellcheck disable=SC2086 # $spec and ${3:-} hold several words or none
 [ -n "${FRS_BENCH_NO_DIFF:-}" ] ||
for spec in "10 1000" "10 5000" "10 5000 --renumber" "100 1000"; do
	set -- $spec
	"$BENCH/gen-config.py" "$1" "$2" ${3:-} > "$tmp/r.conf"
	"$BENCH/gen-config.py" "$1" "$2" --shift 1 ${3:-} > "$tmp/n.conf"
	lines=$(wc -l < "$tmp/n.conf")
	if [ -n "${3:-}" ] && [ -n "${FRS_BENCH_SKIP_SLOW:-}" ]; then
		base="skipped"
	else
		base=$("$BENCH/frr-reload-baseline.sh" "$1" "$2" 1 ${3:-} | cut -d' ' -f1)
	fi
	ours=$(ours_diff "$tmp/r.conf" "$tmp/n.conf") || exit 1
	r="-"; [ "$base" != skipped ] && r=$(ratio "$base" "$ours")
	row "diff $1x$2 ${3:-} ($lines lines)" "$base" "$ours" "$r"
done

[ -n "${FRS_BENCH_NO_LIVE:-}" ] && exit 0
( frr_setup ) || { echo "live part skipped (needs root and FRR)"; exit 0; }
frr_setup
ns=$(frr_ns bench) || exit 1
"$BENCH/gen-config.py" 10 1000 > "$FRR_WORK/a.conf"
"$BENCH/gen-config.py" 10 1000 --shift 1 > "$FRR_WORK/b.conf"

# initial load into an empty FRR
d1=$(frr_start "$ns" ours bgpd bfdd staticd) || exit 1
t0=$EPOCHREALTIME; "$FRRSHIM" reload --vty-socket "$d1" --status "$FRR_WORK/s.json" "$FRR_WORK/a.conf"; rc=$?; t1=$EPOCHREALTIME
ours_load=$(secs "$t0" "$t1")
[ "$rc" = 0 ] || { echo "frrshim initial load failed ($rc)"; cat "$FRR_WORK/s.json"; }
base_load="skipped"
if [ -z "${FRS_BENCH_SKIP_SLOW:-}" ]; then
	d2=$(frr_start "$ns" base bgpd bfdd staticd) || exit 1
	t0=$EPOCHREALTIME
	python3 /usr/lib/frr/frr-reload.py --reload --stdout --bindir /usr/bin --confdir "$d2" \
		--rundir "$d2" --vty_socket "$d2" "$FRR_WORK/a.conf" >/dev/null 2>&1
	t1=$EPOCHREALTIME; base_load=$(secs "$t0" "$t1")
fi
r="-"; [ "$base_load" != skipped ] && r=$(ratio "$base_load" "$ours_load")
row "initial load 10x1000, MetalLB's shape" "$base_load" "$ours_load" "$r"

# the same node rendered by frrshim (identical lists shared between peers: a tenth of the
# prefix-list entries), loaded by frrshim, against frr-reload.py on MetalLB's rendering
"$(dirname "$0")/gen-node.sh" 10 1000 > "$FRR_WORK/node.yaml"
"$FRRSHIM" render --node node "$FRR_WORK/node.yaml" > "$FRR_WORK/ours.conf" || exit 1
d3=$(frr_start "$ns" shaped bgpd bfdd staticd) || exit 1
t0=$EPOCHREALTIME; "$FRRSHIM" reload --vty-socket "$d3" "$FRR_WORK/ours.conf"; rc=$?; t1=$EPOCHREALTIME
shaped_load=$(secs "$t0" "$t1")
[ "$rc" = 0 ] || echo "frrshim initial load of its render failed ($rc)"
r="-"; [ "$base_load" != skipped ] && r=$(ratio "$base_load" "$shaped_load")
row "initial load 10x1000, frrshim's render" "$base_load" "$shaped_load" "$r"

# one Service changed, then unchanged: each tool on the same daemons, alternately
live() { # tool dir file
	local t0 t1
	t0=$EPOCHREALTIME
	if [ "$1" = ours ]; then
		"$FRRSHIM" reload --vty-socket "$2" "$3" >/dev/null 2>&1
	else
		python3 /usr/lib/frr/frr-reload.py --reload --stdout --bindir /usr/bin --confdir "$2" \
			--rundir "$2" --vty_socket "$2" "$3" >/dev/null 2>&1
	fi
	t1=$EPOCHREALTIME; secs "$t0" "$t1"
}
o1=$(live ours "$d1" "$FRR_WORK/b.conf"); o2=$(live ours "$d1" "$FRR_WORK/b.conf")
b1=$(live base "$d1" "$FRR_WORK/a.conf"); b2=$(live base "$d1" "$FRR_WORK/a.conf")
row "live one-Service change 10x1000" "$b1" "$o1" "$(ratio "$b1" "$o1")"
row "live unchanged 10x1000" "$b2" "$o2" "$(ratio "$b2" "$o2")"
"$(dirname "$0")/gen-node.sh" 10 1000 "" 1 > "$FRR_WORK/node1.yaml"
"$FRRSHIM" render --node node "$FRR_WORK/node1.yaml" > "$FRR_WORK/ours1.conf" || exit 1
o3=$(live ours "$d3" "$FRR_WORK/ours1.conf"); b3=$(live base "$d3" "$FRR_WORK/ours.conf")
row "live one-Service change, frrshim's render" "$b3" "$o3" "$(ratio "$b3" "$o3")"
exit 0
