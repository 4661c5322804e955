#!/bin/sh
# The whole test suite: dependencies, build, `make check` (unit, golden and integration tests
# against real FRR 8.4 in network namespaces), the FRR-facing integration tests again against
# FRR 10.3, then unit and golden tests again under ASan+UBSan, the shell scripts through the
# linter (shellcheck), the unit runner under valgrind, and every fuzz target briefly.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh" _build
status=0
# The steps whose result is no .trs of their own (the builds of the second and third trees, the
# linter, valgrind, the fuzz run) count as one failed test each in the tally, by name.
failed_steps=
start=$(date +%s)
step() {
	name=$1
	shift
	echo "---- $name (at $(($(date +%s) - start)) s)"
	if ! "$@"; then
		echo "FAIL: $name"
		failed_steps="$failed_steps $name"
		status=1
		return 1
	fi
}
# the integration tests wait on FRR more than they compute, each in namespaces of its own: three
# at a time
echo "---- check (at 0 s)"
make -C "$top/_build" -j3 check || status=1
# The FRR that MetalLB's and frr-k8s's images ship is newer than bookworm's: the integration tests
# that speak to FRR run again against FRR 10.3 (Debian trixie, chrooted in the namespaces; the
# root file system is built once by scripts/frr-lab.sh and cached in /var/cache/frrshim-lab),
# three at a time as in `make check`. Their logs go to _build/tests/frr-10.3/, with a .trs each
# for the tally below.
frr103() {
	log="$top/_build/tests/frr-10.3/$1.log"
	rc=0
	FRS_FRR=10.3 FRRSHIM="$top/_build/frrshim" SRCDIR="$top" \
		bash "$top/tests/integration/$1.sh" > "$log" 2>&1 || rc=$?
	case $rc in 0) r=PASS ;; 77) r=SKIP ;; *) r=FAIL ;; esac
	echo ":test-result: $r" > "${log%.log}.trs"
}
if [ "$(id -u)" = 0 ] && [ -z "${FRS_SKIP_INTEGRATION:-}" ]; then
	echo "---- FRR 10.3 (at $(($(date +%s) - start)) s)"
	if "$top/scripts/frr-lab.sh" root 10.3 >/dev/null; then
		mkdir -p "$top/_build/tests/frr-10.3"
		set -- render-load reload-oracle reload-oracle-vtysh reload-daemon reload-profile query \
			sidecar-direct sidecar-dropin sidecar-restart explain-live reload-rollback kube-direct \
			reload-update-source
		n=0
		for t in "$@"; do
			frr103 "$t" &
			n=$((n + 1))
			[ "$n" -lt 3 ] || { wait; n=0; }
		done
		wait
		for t in "$@"; do
			echo "$(sed -n 's/^:test-result: //p' "$top/_build/tests/frr-10.3/$t.trs"):" \
				"tests/integration/$t.sh (FRR 10.3)"
		done
	else
		echo "FAIL: the FRR 10.3 lab cannot be built (scripts/frr-lab.sh root 10.3)"
		failed_steps="$failed_steps frr-lab-10.3"
		status=1
	fi
fi
if step build-asan "$top/scripts/build.sh" _build-asan --enable-asan --enable-ubsan; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		FRS_SKIP_INTEGRATION=1 make -C "$top/_build-asan" check || status=1
fi
# Every script through shellcheck; the unit runner under valgrind (about 25 s)
step shellcheck "$top/scripts/lint.sh" || true
step valgrind make -C "$top/_build" valgrind || true
# Every fuzz target for FUZZ_TIME seconds (default 45) under ASan+UBSan: a failing input fails the
# run and is kept in tests/fuzz/regress/TARGET/. clang is a second compiler: -Werror with it too.
if step build-fuzz "$top/scripts/build.sh" _build-fuzz CC=clang --enable-fuzz --enable-asan \
	--enable-ubsan --enable-werror; then
	step fuzz make -C "$top/_build-fuzz" fuzz FUZZ_TIME="${FUZZ_TIME:-45}" || true
fi
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
# shellcheck disable=SC2086 # the names, one word each
set -- $failed_steps
fail=$((fail + $#))
[ $# = 0 ] || echo "failed steps:$failed_steps"
echo "tests: $pass passed, $fail failed, $skip skipped ($(($(date +%s) - start)) s)"
[ "$status" = 0 ] || [ "$fail" != 0 ] || echo "tests: failed, see above (exit 1)"
exit $status
