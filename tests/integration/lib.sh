# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Shared helpers for integration tests: real FRR daemons in network namespaces this test creates.
# Source it, then call frr_setup; everything made here is removed on exit (namespaces, daemons by
# PID, the work directory). Only documentation address ranges are used.
# Exit codes follow automake: 0 pass, 1 fail, 77 skip.

set -u

FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FRR_LIBDIR=${FRR_LIBDIR:-/usr/lib/frr}

FRR_WORK=""
_frr_failed=0

frr_skip() { echo "SKIP: $*"; exit 77; }

frr_setup() {
	[ -z "${FRS_SKIP_INTEGRATION:-}" ] || frr_skip "FRS_SKIP_INTEGRATION is set"
	[ "$(id -u)" = 0 ] || frr_skip "needs root for network namespaces"
	[ -x "$FRR_LIBDIR/bgpd" ] || frr_skip "FRR is not installed ($FRR_LIBDIR/bgpd)"
	command -v ip >/dev/null || frr_skip "iproute2 is not installed"
	FRR_WORK=$(mktemp -d /tmp/frs-it.XXXXXX)
	chmod 755 "$FRR_WORK"
	FRS_RUN_ID=$(basename "$FRR_WORK" | sed 's/.*\.//' | tr '[:upper:]' '[:lower:]')
	trap frr_cleanup EXIT
	trap 'exit 1' INT TERM
}

frr_cleanup() {
	local rc=$? _frr_pids _frr_ns
	# recorded in files: helpers often run in $(...) subshells
	_frr_pids=$(cat "$FRR_WORK/.pids" 2>/dev/null)
	_frr_ns=$(cat "$FRR_WORK/.netns" 2>/dev/null)
	for pid in $_frr_pids; do kill "$pid" 2>/dev/null; done
	# give daemons a moment to exit, then make sure
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		local alive=""
		for pid in $_frr_pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && break
		sleep 0.2
	done
	for pid in $_frr_pids; do kill -9 "$pid" 2>/dev/null; done
	for ns in $_frr_ns; do ip netns del "$ns" 2>/dev/null; done
	if [ "$rc" != 0 ] && [ "$rc" != 77 ] && [ -n "${FRR_WORK:-}" ]; then
		for f in "$FRR_WORK"/*/*.log; do
			[ -f "$f" ] || continue
			echo "---- $f (last 20 lines)"; tail -n 20 "$f"
		done
	fi
	[ -n "${FRR_WORK:-}" ] && rm -rf "$FRR_WORK"
	exit "$rc"
}

# frr_ns NAME: create a namespace named frs-<run>-NAME, print its name.
frr_ns() {
	local ns="frs-$FRS_RUN_ID-$1"
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	echo "$ns" >> "$FRR_WORK/.netns"
	echo "$ns"
}

# frr_link NS_A ADDR_A NS_B ADDR_B [ADDR6_A ADDR6_B]: a veth pair between two namespaces.
frr_link() {
	local a=v$RANDOM b=v$RANDOM
	ip link add "$a" netns "$1" type veth peer name "$b" netns "$3" || return 1
	ip -n "$1" link set "$a" up; ip -n "$3" link set "$b" up
	ip -n "$1" addr add "$2" dev "$a"; ip -n "$3" addr add "$4" dev "$b"
	if [ $# -ge 6 ]; then
		ip -n "$1" addr add "$5" dev "$a" nodad; ip -n "$3" addr add "$6" dev "$b" nodad
	fi
	# shellcheck disable=SC2034 # for the tests that source this
	FRR_LINK_A=$a FRR_LINK_B=$b
}

# frr_start NS NAME [DAEMON...]: start zebra + DAEMONs (default: bgpd bfdd) in NS with an empty
# config; sockets in $FRR_WORK/NAME (printed). Waits until every vty socket answers.
frr_start() {
	local ns=$1 name=$2 d; shift 2
	local dir="$FRR_WORK/$name"
	[ $# -gt 0 ] || set -- bgpd bfdd
	mkdir -p "$dir"
	echo "service integrated-vtysh-config" > "$dir/vtysh.conf"
	chown -R frr:frr "$dir"
	for d in zebra "$@"; do
		local extra=""
		[ "$d" = bfdd ] && extra="--bfdctl $dir/bfdd.sock"
		# shellcheck disable=SC2086 # $extra: an option and its value, or nothing
		ip netns exec "$ns" "$FRR_LIBDIR/$d" -d -f /dev/null -i "$dir/$d.pid" -z "$dir/zserv.api" \
			--vty_socket "$dir" -u frr -g frr -P 0 --log "file:$dir/$d.log" $extra || return 1
		frr_wait 10 test -s "$dir/$d.pid" || { echo "$d did not start" >&2; return 1; }
		cat "$dir/$d.pid" >> "$FRR_WORK/.pids"
		frr_wait 10 frr_vtysh "$dir" -d "$d" -c "show version" || { echo "$d does not answer" >&2; return 1; }
	done
	echo "$dir"
}

# frr_kill DIR DAEMON: stop one daemon (by the PID it wrote) and wait until it is gone.
frr_kill() {
	local pid
	pid=$(cat "$1/$2.pid") || return 1
	kill "$pid" 2>/dev/null
	frr_wait 10 sh -c "! kill -0 $pid 2>/dev/null"
}

# frr_restart DIR NS DAEMON: start one daemon again (after frr_kill).
frr_restart() {
	local dir=$1 ns=$2 d=$3 extra=""
	[ "$d" = bfdd ] && extra="--bfdctl $dir/bfdd.sock"
	rm -f "$dir/$d.pid"
	# shellcheck disable=SC2086 # $extra: an option and its value, or nothing
	ip netns exec "$ns" "$FRR_LIBDIR/$d" -d -f /dev/null -i "$dir/$d.pid" -z "$dir/zserv.api" \
		--vty_socket "$dir" -u frr -g frr -P 0 --log "file:$dir/$d.log" $extra || return 1
	frr_wait 10 test -s "$dir/$d.pid" || return 1
	cat "$dir/$d.pid" >> "$FRR_WORK/.pids"
	frr_wait 10 frr_vtysh "$dir" -d "$d" -c "show version"
}

# frr_vtysh DIR ARGS...: vtysh against the daemons whose sockets are in DIR.
frr_vtysh() {
	local dir=$1; shift
	vtysh --vty_socket "$dir" --config_dir "$dir" "$@"
}

# frr_load DIR FILE: load a config file the way `vtysh -b` does (one batch); prints vtysh output.
frr_load() {
	frr_vtysh "$1" -f "$2"
}

# frr_running DIR [DAEMON]: `show running-config` without its header (up to and including the
# "frr version" line and the "!" after it).
frr_running() {
	frr_vtysh "$1" -c "show running-config${2:+ $2}" |
		sed -e '1,/^frr version/d'
}

# frr_wait SECONDS CMD...: poll CMD every 0.1 s until it succeeds or time runs out.
frr_wait() {
	local deadline=$(( $(date +%s) + $1 )); shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

# frr_established DIR PEER: true once the BGP session with PEER is Established.
frr_established() {
	frr_vtysh "$1" -c "show bgp neighbors $2 json" | grep -q '"bgpState":"Established"'
}

# Assertions: record the failure and go on; frr_done exits with the verdict.
frr_assert() {
	local what=$1; shift
	if "$@"; then echo "ok - $what"; else echo "not ok - $what"; _frr_failed=1; fi
}

frr_assert_eq() {
	if [ "$2" = "$3" ]; then echo "ok - $1"; else
		echo "not ok - $1"; echo "  expected: $3"; echo "  got:      $2"; _frr_failed=1; fi
}

frr_done() { exit "$_frr_failed"; }
