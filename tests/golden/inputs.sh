#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile input files, each an exact error and exit status: a FIFO with no writer (refused at
# once, not waited on), /dev/zero (stopped at the input limit), a file over FRRSHIM_MAX_INPUT,
# a directory, a missing file. `timeout` only keeps a regression (a blocking open) from hanging
# the suite; nothing is timed.
set -u
: "${FRRSHIM:?set FRRSHIM to the frrshim binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 99
mkfifo fifo.yaml fifo.conf
printf 'router bgp 64500\n neighbor 192.0.2.1 remote-as 64501\n' >small.conf
mkdir dir.conf
printf 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p, namespace: metallb-system}\nspec: {addresses: [192.0.2.0/24]}\n' >pool.yaml
fail=0 n=0

# check NAME WANT_RC WANT_OUTPUT [ENV=VAL] -- frrshim ARGS... (stdout and stderr together)
check() {
	name=$1 want_rc=$2 want_err=$3
	shift 3
	env=
	if [ "$1" != -- ]; then
		env=$1
		shift
	fi
	shift
	n=$((n + 1))
	if [ -n "$env" ]; then
		env "$env" timeout 120 "$FRRSHIM" "$@" </dev/null >err 2>&1
	else
		timeout 120 "$FRRSHIM" "$@" </dev/null >err 2>&1
	fi
	rc=$?
	if [ "$rc" != "$want_rc" ] || [ "$(cat err)" != "$want_err" ]; then
		echo "not ok - $name: exit $rc (want $want_rc), output:"
		sed 's/^/    /' err
		echo "  wanted:"
		printf '%s\n' "$want_err" | sed 's/^/    /'
		fail=1
	else
		echo "ok - $name"
	fi
}

nonreg='not a regular file (a FIFO, socket or block device); use - for standard input'
check "lint on a FIFO" 2 "fifo.yaml: error: cannot read: $nonreg
frrshim lint: 1 error, 0 warnings" -- lint fifo.yaml
check "reload --test with a FIFO as NEW.conf" 2 "frrshim: cannot read fifo.conf: $nonreg" \
	-- reload --test --input /dev/null fifo.conf
check "reload --test with a FIFO as RUNNING.conf" 2 "frrshim: cannot read fifo.conf: $nonreg" \
	-- reload --test --input fifo.conf small.conf
check "reload --test /dev/zero" 2 \
	"frrshim: cannot read /dev/zero: larger than the input limit of 64 MiB (FRRSHIM_MAX_INPUT raises it)" \
	-- reload --test --input /dev/null /dev/zero
check "lint /dev/zero" 2 \
	"/dev/zero: error: cannot read: larger than the input limit of 64 MiB (FRRSHIM_MAX_INPUT raises it)
frrshim lint: 1 error, 0 warnings" -- lint /dev/zero
check "a file over FRRSHIM_MAX_INPUT" 2 \
	"frrshim: cannot read small.conf: larger than the input limit of 16 bytes (FRRSHIM_MAX_INPUT raises it)" \
	FRRSHIM_MAX_INPUT=16 -- reload --test --input /dev/null small.conf
size=$(wc -c <pool.yaml)
check "FRRSHIM_MAX_INPUT at the size" 0 "" "FRRSHIM_MAX_INPUT=$size" -- lint --quiet pool.yaml
check "FRRSHIM_MAX_INPUT under the size" 2 \
	"pool.yaml: error: cannot read: larger than the input limit of 131 bytes (FRRSHIM_MAX_INPUT raises it)" \
	FRRSHIM_MAX_INPUT=131 -- lint --quiet pool.yaml
check "FRRSHIM_MAX_INPUT malformed" 2 \
	"frrshim: FRRSHIM_MAX_INPUT='12Q': expected a size in bytes, with an optional K, M or G suffix" \
	FRRSHIM_MAX_INPUT=12Q -- lint small.conf
check "a directory as NEW.conf" 2 "frrshim: cannot read dir.conf: Is a directory" \
	-- reload --test --input /dev/null dir.conf
check "a missing NEW.conf" 2 "frrshim: cannot read missing.conf: No such file or directory" \
	-- reload --test --input /dev/null missing.conf
check "status on a FIFO" 2 "frrshim: fifo.conf: cannot read: $nonreg" \
	-- status --neighbors-json fifo.conf
check "verify --expect on a FIFO" 2 "frrshim: fifo.conf: cannot read: $nonreg" \
	-- verify --expect fifo.conf
[ $fail = 0 ] && echo "ok - inputs: $n cases"
exit $fail
