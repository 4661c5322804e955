#!/bin/bash
# SPDX-License-Identifier: MIT
# The reload oracle on configurations nobody here wrote: the (A, B) pairs built from FRR's own
# topotests (shared/reference/frr-topotest-pairs, not part of the project; skipped when absent).
# For each pair: a fresh FRR loaded with B gives the reference; another loaded with A is
# reloaded to B by frrshim, and its running config must equal the reference. And B diffed
# against the reference (what FRR prints for B) must be empty: a diff never adds a line FRR will
# not print, nor misses one it will.
# Two outcomes are told apart instead of failing:
#  - forwarding: B does not mention `ip forwarding` that A turned on; frrshim leaves forwarding
#    as it is on purpose (FRR shows only the `no` form, so nothing tells the system's own setting
#    from A's: turning it off could cut a node off). Equal once the forwarding lines are left out.
#  - FRR crashed: a daemon died during or right after the reload (bgpd 8.4 aborts when a VRF
#    instance with an L3VNI is deleted just after the config load).
# FRS_CORPUS: the corpus directory; FRS_CORPUS_JOBS: pairs run in parallel (default 4: most of a
# pair's time is spent waiting for daemons to start and stop).
. "$(dirname "$0")/lib.sh"
frr_setup

CORPUS=${FRS_CORPUS:-$SRCDIR/../shared/reference/frr-topotest-pairs}
[ -d "$CORPUS/pairs" ] || frr_skip "no corpus at $CORPUS"
# every config of the corpus was checked to load cleanly into FRR 8.4.4
[ "${FRS_FRR:-8.4}" = 8.4 ] || frr_skip "the corpus is made for FRR 8.4 (FRS_FRR=$FRS_FRR)"
JOBS=${FRS_CORPUS_JOBS:-4}

# one_pair PAIR_DIR N: prints one result line
one_pair() {
	local p=$1 k=$2 name ns ref sut rc out verdict self selfrc
	name=$(basename "$p")
	ns=$(frr_ns "c$k") || { echo "not ok - $name: no namespace"; return; }
	ref=$(frr_start "$ns" "ref$k" bgpd bfdd staticd) || { echo "not ok - $name: FRR start"; return; }
	frr_load "$ref" "$p/b.conf" >/dev/null 2>&1
	frr_running "$ref" | grep -v -e '^hostname ' -e '^!$' -e '^end$' > "$FRR_WORK/$k.ref"
	# what FRR prints for B is B: a diff never adds a line FRR will not print
	frr_running "$ref" > "$FRR_WORK/$k.refall"
	self=$("$FRRSHIM" reload --test --input "$FRR_WORK/$k.refall" "$p/b.conf" 2>&1)
	selfrc=$?
	for d in zebra bgpd bfdd staticd; do frr_kill "$ref" "$d"; done
	sut=$(frr_start "$ns" "sut$k" bgpd bfdd staticd) || { echo "not ok - $name: FRR start"; return; }
	frr_load "$sut" "$p/a.conf" >/dev/null 2>&1
	out=$("$FRRSHIM" reload --vty-socket "$sut" "$p/b.conf" 2>&1)
	rc=$?
	frr_running "$sut" | grep -v -e '^hostname ' -e '^!$' -e '^end$' > "$FRR_WORK/$k.sut"
	local dead="" st
	for d in zebra bgpd bfdd staticd; do
		# a crashed daemon may linger as a zombie: its state, not kill -0
		st=$(awk '{ print $3 }' "/proc/$(cat "$sut/$d.pid")/stat" 2>/dev/null)
		[ -n "$st" ] && [ "$st" != Z ] || dead="$dead $d"
	done
	for d in zebra bgpd bfdd staticd; do frr_kill "$sut" "$d" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	nofwd() { grep -v -E '^(no )?(ip|ipv6) forwarding$' "$1"; }
	if [ "$selfrc" != 0 ]; then
		verdict="not ok - $name: B against FRR's own print of it is not empty (exit $selfrc)
$(echo "$self" | grep -v -e '^$' -e '^=' -e '^Lines To' | head -n 8 | sed 's/^/  /')"
	elif [ "$rc" = 0 ] && cmp -s "$FRR_WORK/$k.sut" "$FRR_WORK/$k.ref"; then
		verdict="ok - $name"
	elif [ -n "$dead" ]; then
		verdict="ok - $name # SKIP FRR crashed:$dead"
	elif [ "$rc" = 0 ] && diff -q <(nofwd "$FRR_WORK/$k.sut") <(nofwd "$FRR_WORK/$k.ref") >/dev/null &&
	     ! grep -q -E '^(ip|ipv6) forwarding$' "$p/b.conf"; then
		verdict="ok - $name # forwarding left as it is"
	else
		verdict="not ok - $name (exit $rc)
$(echo "$out" | head -n 5 | sed 's/^/  /')
$(diff "$FRR_WORK/$k.sut" "$FRR_WORK/$k.ref" | grep '^[<>]' | head -n 8 | sed 's/^/  /')"
	fi
	echo "$verdict"
}

n=0
for p in "$CORPUS"/pairs/*/; do
	if [ ! -f "$p/a.conf" ] || [ ! -f "$p/b.conf" ]; then continue; fi
	n=$((n + 1))
	one_pair "${p%/}" "$n" > "$FRR_WORK/result.$n" &
	# a pool, not batches: the next pair starts as soon as any one ends
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
done
wait
ok=0 crashed=0 fwd=0
for i in $(seq 1 "$n"); do
	cat "$FRR_WORK/result.$i"
	case $(head -n 1 "$FRR_WORK/result.$i") in
	"ok - "*"# SKIP FRR crashed"*) crashed=$((crashed + 1)) ;;
	"ok - "*"# forwarding"*) fwd=$((fwd + 1)) ;;
	"ok - "*) ok=$((ok + 1)) ;;
	*) _frr_failed=1 ;;
	esac
done
echo "# topotest corpus: $ok/$n converge, $fwd with forwarding left as it is, $crashed FRR crashed"
frr_done
