# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Shared helpers for integration tests: real FRR daemons in network namespaces this test creates.
# Source it, then call frr_setup; everything made here is removed on exit (namespaces, daemons by
# PID, the work directory). Only documentation address ranges are used.
# Exit codes follow automake: 0 pass, 1 fail, 77 skip.
#
# FRS_FRR selects the FRR: 8.4 (default) is the host's (Debian bookworm); 10.3 and 10.7 are
# Debian trixie's and sid's, run chrooted in a root file system that scripts/frr-lab.sh builds
# once and caches. There, every instance has its own pathspace (-N) under the root's /run/frr, so
# that mgmtd's sockets do not collide, and vtysh is the root's own (the host's does not know
# mgmtd). The directory frr_start prints is the host's path to the instance's vty sockets, which
# is what frrshim takes.

set -u

FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FRR_LIBDIR=${FRR_LIBDIR:-/usr/lib/frr}
FRS_FRR=${FRS_FRR:-8.4}
FRR_ROOT=""

FRR_WORK=""
_frr_failed=0

frr_skip() { echo "SKIP: $*"; exit 77; }

frr_setup() {
	[ -z "${FRS_SKIP_INTEGRATION:-}" ] || frr_skip "FRS_SKIP_INTEGRATION is set"
	[ "$(id -u)" = 0 ] || frr_skip "needs root for network namespaces"
	command -v ip >/dev/null || frr_skip "iproute2 is not installed"
	case "$FRS_FRR" in
	8.4) [ -x "$FRR_LIBDIR/bgpd" ] || frr_skip "FRR is not installed ($FRR_LIBDIR/bgpd)" ;;
	*)
		# asked for by name: a lab that cannot be built is a failure, not a skip
		FRR_ROOT=$("$SRCDIR/scripts/frr-lab.sh" root "$FRS_FRR") || {
			echo "not ok - no FRR $FRS_FRR lab (scripts/frr-lab.sh root $FRS_FRR)"; exit 1; }
		FRR_LIBDIR=/usr/lib/frr ;;
	esac
	echo "# FRR $FRS_FRR${FRR_ROOT:+ (chroot $FRR_ROOT)}"
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
	[ -f "$FRR_WORK/.dirs" ] && while read -r d; do
		if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
			for f in "$d"/*.log "$d"/*.out; do
				[ -f "$f" ] || continue
				echo "---- $f (last 20 lines)"; tail -n 20 "$f"
			done
		fi
		case "$d" in "$FRR_ROOT"/run/frr/frs-*) rm -rf "$d" ;; esac
	done < "$FRR_WORK/.dirs"
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
# config (on 10.x mgmtd first: it holds zebra's and staticd's config); sockets in the directory it
# prints. Waits until every vty socket answers.
frr_start() {
	local ns=$1 name=$2 d dir; shift 2
	[ $# -gt 0 ] || set -- bgpd bfdd
	if [ -n "$FRR_ROOT" ]; then
		dir="$FRR_ROOT/run/frr/frs-$FRS_RUN_ID-$name"
		echo "$dir" >> "$FRR_WORK/.dirs"
		mkdir -p "$dir"
		echo "service integrated-vtysh-config" > "$dir/vtysh.conf"
		chroot "$FRR_ROOT" chown -R frr:frr "${dir#"$FRR_ROOT"}"
		set -- mgmtd zebra "$@"
	else
		dir="$FRR_WORK/$name"
		mkdir -p "$dir"
		echo "service integrated-vtysh-config" > "$dir/vtysh.conf"
		chown -R frr:frr "$dir"
		set -- zebra "$@"
	fi
	for d in "$@"; do
		_frr_daemon "$ns" "$dir" "$d" || return 1
	done
	echo "$dir"
}

# _frr_daemon NS DIR DAEMON: start one daemon of the instance in DIR, wait until it answers.
# FRR_DAEMON_ARGS: more options for every daemon (`-F datacenter`: the profile FRR starts in).
_frr_daemon() {
	local ns=$1 dir=$2 d=$3 more=${FRR_DAEMON_ARGS:-}
	rm -f "$dir/$d.pid"
	if [ -n "$FRR_ROOT" ]; then
		local in=${dir#"$FRR_ROOT"} conf="-f /dev/null"
		# 10.x: mgmtd and staticd take no config file (mgmtd reads theirs), bfdd no --bfdctl
		case "$d" in mgmtd|staticd) conf="" ;; esac
		# shellcheck disable=SC2086 # $conf, $more: options and their values, or nothing
		ip netns exec "$ns" chroot "$FRR_ROOT" "$FRR_LIBDIR/$d" -d $conf $more -N "$(basename "$dir")" \
			-i "$in/$d.pid" --vty_socket "$in" -u frr -g frr -P 0 --log "file:$in/$d.log" \
			</dev/null >>"$dir/$d.out" 2>&1 || return 1
	else
		local extra=""
		[ "$d" = bfdd ] && extra="--bfdctl $dir/bfdd.sock"
		# shellcheck disable=SC2086 # $extra, $more: options and their values, or nothing
		ip netns exec "$ns" "$FRR_LIBDIR/$d" -d -f /dev/null $more -i "$dir/$d.pid" \
			-z "$dir/zserv.api" --vty_socket "$dir" -u frr -g frr -P 0 --log "file:$dir/$d.log" \
			$extra || return 1
	fi
	frr_wait 10 test -s "$dir/$d.pid" || { echo "$d did not start" >&2; return 1; }
	cat "$dir/$d.pid" >> "$FRR_WORK/.pids"
	frr_wait 10 frr_vtysh "$dir" -d "$d" -c "show version" || { echo "$d does not answer" >&2; return 1; }
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
	_frr_daemon "$2" "$1" "$3"
}

# frr_vtysh DIR ARGS...: vtysh against the daemons whose sockets are in DIR.
frr_vtysh() {
	local dir=$1; shift
	if [ -n "$FRR_ROOT" ]; then
		chroot "$FRR_ROOT" vtysh --vty_socket "${dir#"$FRR_ROOT"}" --config_dir "${dir#"$FRR_ROOT"}" "$@"
	else
		vtysh --vty_socket "$dir" --config_dir "$dir" "$@"
	fi
}

# frr_vtysh_bin: a vtysh that `frrshim reload --vtysh` can run against the instances' socket
# directories (host paths): a script that runs the host's vtysh, or for a chrooted FRR the root's,
# with the directory (and a -f file) mapped into the root. frrshim calls it as `--vty_socket DIR
# -c CMD` or `--vty_socket DIR -f FILE`.
frr_vtysh_bin() {
	local w="$FRR_WORK/vtysh"
	if [ ! -x "$w" ]; then
		{
			echo '#!/bin/bash'
			echo "root='$FRR_ROOT'"
			# shellcheck disable=SC2016 # the script's own variables
			echo '[ "$1" = --vty_socket ] || exit 2
dir=${2#"$root"}; shift 2
run() { if [ -n "$root" ]; then chroot "$root" vtysh "$@"; else vtysh "$@"; fi; }
if [ "$1" = -f ] && [ -n "$root" ]; then
	f=$(mktemp "$root/run/frs/vtysh.XXXXXX") && cat "$2" > "$f" && chmod 644 "$f" || exit 2
	run --vty_socket "$dir" --config_dir "$dir" -f "${f#"$root"}"; rc=$?
	rm -f "$f"; exit $rc
fi
run --vty_socket "$dir" --config_dir "$dir" "$@"'
		} > "$w"
		chmod 755 "$w"
	fi
	echo "$w"
}

# frr_load DIR FILE: load a config file the way `vtysh -b` does (one batch); prints vtysh output.
# (For a chrooted FRR the file is copied into the instance's directory first.)
frr_load() {
	if [ -n "$FRR_ROOT" ]; then
		local f
		f=$(mktemp "$1/load.XXXXXX") && cat "$2" > "$f" && chmod 644 "$f" || return 1
		frr_vtysh "$1" -f "${f#"$FRR_ROOT"}"
		local rc=$?
		rm -f "$f"
		return $rc
	fi
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
