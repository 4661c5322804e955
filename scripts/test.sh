#!/bin/sh
# The whole test suite: dependencies, build, `make check` (unit, golden and integration tests
# against real FRR in network namespaces), then unit and golden tests again under ASan+UBSan.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" _build
status=0
make -C "$top/_build" check || status=1
"$top/scripts/build.sh" _build-asan --enable-asan --enable-ubsan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	FRS_SKIP_INTEGRATION=1 make -C "$top/_build-asan" check || status=1
for d in _build _build-asan; do
	for f in "$top/$d"/tests/*.log "$top/$d"/tests/*/*.log; do
		[ -f "$f" ] || continue
		grep -q '^FAIL\|^ERROR' "${f%.log}.trs" 2>/dev/null && { echo "==== $f"; tail -n 60 "$f"; }
	done
done
exit $status
