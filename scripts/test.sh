#!/bin/sh
# The whole test suite: dependencies, build, `make check` (unit, golden and integration tests
# against real FRR in network namespaces), then unit and golden tests again under ASan+UBSan,
# the shell scripts through shellcheck, the unit runner under valgrind, and every fuzz target briefly.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" _build
status=0
make -C "$top/_build" check || status=1
"$top/scripts/build.sh" _build-asan --enable-asan --enable-ubsan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	FRS_SKIP_INTEGRATION=1 make -C "$top/_build-asan" check || status=1
# Every script through shellcheck; the unit runner under valgrind (about 25 s)
"$top/scripts/lint.sh" || status=1
make -C "$top/_build" valgrind || status=1
# Every fuzz target for FUZZ_TIME seconds (default 45) under ASan+UBSan: a failing input fails the
# run and is kept in tests/fuzz/regress/TARGET/. (clang warns where gcc does not: no -Werror here.)
"$top/scripts/build.sh" _build-fuzz CC=clang --enable-fuzz --enable-asan --enable-ubsan --disable-werror
make -C "$top/_build-fuzz" fuzz FUZZ_TIME="${FUZZ_TIME:-45}" || status=1
# Failing tests' logs, then the closing lines: Check's own, and one plain tally over both builds
# that counts Check tests and the "ok - …" / "not ok - …" lines of the golden and integration scripts.
pass=0 fail=0 skip=0
for d in _build _build-asan; do
	for trs in $(find "$top/$d/tests" -name '*.trs' 2>/dev/null | sort); do
		log=${trs%.trs}.log
		res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
		case "$log" in
		*/check_frrshim.log)
			n=$(sed -n 's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log")
			# shellcheck disable=SC2086 # three numbers
			set -- ${n:-0 0 0}
			pass=$((pass + $1 - $2 - $3)); fail=$((fail + $2 + $3)) ;;
		*)
			ok=$(grep -c '^ok ' "$log" || true); nok=$(grep -c '^not ok ' "$log" || true)
			pass=$((pass + ok)); fail=$((fail + nok))
			[ "$res" = SKIP ] && skip=$((skip + 1))
			if { [ "$res" = FAIL ] || [ "$res" = ERROR ]; } && [ "$nok" = 0 ]; then
				fail=$((fail + 1))
			fi ;;
		esac
		case "$res" in
		FAIL|ERROR|XPASS) status=1; echo "==== $log"; tail -n 60 "$log" ;;
		esac
	done
	grep -h '^[0-9]*%: Checks:' "$top/$d/tests/unit/check_frrshim.log" 2>/dev/null | sed "s|^|$d unit: |" || true
done
echo "tests: $pass passed, $fail failed, $skip skipped"
exit $status
