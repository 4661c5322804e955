# shellcheck shell=bash disable=SC2034 # K and W are the sourcing test's
# SPDX-License-Identifier: MIT
# Sourced by the tests that compare a command with --kube and the same from files (commands.sh,
# corpus.sh): lib.sh (with its TAP lines), a fixture server, a kubeconfig, and running and
# comparing the commands both ways.
. "$(dirname "$0")/lib.sh"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FRRSHIM=${FRRSHIM:-$SRCDIR/_build/frrshim}

python3 -c 'import yaml' 2>/dev/null || kube_skip "python3-yaml is not installed"
kube_setup
W=$KUBE_DIR/work
mkdir -p "$W"
KC=$KUBE_DIR/kubeconfig
K=(--kube --kubeconfig "$KC")

# start_with FILE...: a fresh server holding FILEs' objects (false if the API cannot hold them)
start_with() {
	kube_stop
	rm -rf "$KUBE_DIR/fixtures" && mkdir -p "$KUBE_DIR/fixtures"
	kube_yaml2json "$KUBE_DIR/fixtures/all.json" "$@" 2>/dev/null || return 1
	: > "$KUBE_DIR/fixture.err"
	kube_start "$KUBE_DIR/fixtures" || return 1
	kube_kubeconfig "$KC" token
}

# run NAME ARGS...: frrshim ARGS, stdout in $W/NAME.out, stderr in $W/NAME.err, status in .rc
run() {
	local name=$1; shift
	"$FRRSHIM" "$@" > "$W/$name.out" 2> "$W/$name.err"
	echo $? > "$W/$name.rc"
}

# diags FILE: the diagnostics without their location, sorted (files sort by path and line, the
# API by kind and name)
diags() {
	perl -pe 's/^.*?: (?=(error|warning): )//' "$1" | LC_ALL=C sort
}
# both WHAT NAME PATTERN: NAME's output (stdout and stderr) matches PATTERN
both() { cat "$W/$2.out" "$W/$2.err" | grep -qE -- "$3"; }
