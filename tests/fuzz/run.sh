#!/bin/sh
# SPDX-License-Identifier: MIT
# Run libFuzzer targets for a while each: tests/fuzz/run.sh [-t SECONDS] [-j JOBS] BUILDDIR TARGET...
# (`make fuzz FUZZ_TIME=SECONDS` in a build configured with --enable-fuzz calls it). Each target
# starts from its seeds (tests/fuzz/seeds.sh) and its corpus of earlier runs in
# BUILDDIR/tests/fuzz/out/TARGET/. A crash, leak, timeout or out-of-memory input fails the run and
# is copied to tests/fuzz/regress/TARGET/, where `make check` replays it from then on.
set -u
secs=60
jobs=$(nproc 2>/dev/null || echo 1)
while [ $# -gt 0 ]; do
	case $1 in
	-t) secs=$2; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || { echo "usage: $0 [-t SECONDS] [-j JOBS] BUILDDIR TARGET..." >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
src=$(cd "$(dirname "$0")/../.." && pwd)

# One target: its report in OUT/report, its verdict (0 or 1) in OUT/status.
fuzz_one() {
	t=$1
	bin=$build/tests/fuzz/fuzz_$t
	out=$build/tests/fuzz/out/$t
	mkdir -p "$out"
	if ! [ -x "$bin" ]; then
		echo "fuzz_$t: not built (configure with --enable-fuzz, CC=clang)" > "$out/report"
		echo 1 > "$out/status"
		return
	fi
	rm -rf "$out/seeds" "$out/artifacts"
	mkdir -p "$out/corpus" "$out/seeds" "$out/artifacts"
	sh "$src/tests/fuzz/seeds.sh" "$src" "$t" "$out/seeds"
	# -timeout: one input taking 10 s is a hang; -rss_limit_mb: 2 GiB is a memory bomb
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/" \
		"$out/corpus" "$out/seeds" > "$out/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -n 1)
	ncorpus=$(find "$out/corpus" -type f | wc -l)
	found=0
	: > "$out/report"
	for a in "$out"/artifacts/*; do
		[ -f "$a" ] || continue
		found=$((found + 1))
		mkdir -p "$src/tests/fuzz/regress/$t"
		cp "$a" "$src/tests/fuzz/regress/$t/"
		echo "fuzz_$t: kept tests/fuzz/regress/$t/${a##*/}" >> "$out/report"
	done
	echo "fuzz_$t: ${execs:-?} executions in ${secs} s, corpus $ncorpus, $found failing input(s), exit $rc" \
		>> "$out/report"
	if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
		echo 1 > "$out/status"
		grep -m 1 -A 30 -E '^==[0-9]+==ERROR|runtime error|property broken|ERROR: libFuzzer' \
			"$out/log" >> "$out/report" || tail -n 30 "$out/log" >> "$out/report"
	else
		echo 0 > "$out/status"
	fi
}

# JOBS targets at a time (default: one per CPU), each in a process of its own; the reports in the
# order of the arguments.
n=0
for t in "$@"; do
	rm -f "$build/tests/fuzz/out/$t/status"
	fuzz_one "$t" &
	n=$((n + 1))
	if [ "$n" -ge "$jobs" ]; then
		wait
		n=0
	fi
done
wait
status=0
for t in "$@"; do
	cat "$build/tests/fuzz/out/$t/report"
	[ "$(cat "$build/tests/fuzz/out/$t/status" 2>/dev/null)" = 0 ] || status=1
done
exit $status
