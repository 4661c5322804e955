#!/bin/sh
# SPDX-License-Identifier: MIT
# A second (and third) FRR for the tests: a Debian root file system with that suite's FRR, built
# once and cached, whose daemons the integration tests run chrooted in network namespaces.
#
#   scripts/frr-lab.sh root VERSION     print the root file system for FRR VERSION (10.3: trixie,
#                                       10.7: sid), building it first when it is not cached
#   scripts/frr-lab.sh suite VERSION    print the Debian suite that ships FRR VERSION
#
# Two stages, because bookworm's debootstrap cannot --include=frr for trixie (systemd's
# pre-dependency is unpacked but not configured): a minbase debootstrap, then apt-get inside the
# chroot with /proc mounted and a policy-rc.d that keeps services from starting. The mirror is the
# one this machine's apt uses. The cache is $FRS_LAB_CACHE (default /var/cache/frrshim-lab), one
# directory per suite; a build goes to SUITE.tmp and is renamed when complete, so an interrupted
# build is never taken for a cached one.
set -eu

cache=${FRS_LAB_CACHE:-/var/cache/frrshim-lab}

suite_of() {
	case "$1" in
	10.3) echo trixie ;;
	10.7) echo sid ;;
	*) echo "frr-lab.sh: no Debian suite known for FRR $1 (10.3: trixie, 10.7: sid)" >&2; return 1 ;;
	esac
}

# The first Debian mirror apt is configured with (deb822 or one-line sources).
mirror() {
	m=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
		sed -n -e 's|^URIs: *\(http[^ ]*/debian\)/*$|\1|p' \
			-e 's|^deb  *\(\[[^]]*\]  *\)\{0,1\}\(http[^ ]*/debian\)/* .*|\2|p' | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

build() {
	suite=$1 dir=$cache/$1 tmp=$cache/$1.tmp rc=0
	[ "$(id -u)" = 0 ] || { echo "frr-lab.sh: building a root file system needs root" >&2; return 1; }
	command -v debootstrap >/dev/null || {
		echo "frr-lab.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; return 1; }
	mkdir -p "$cache"
	rm -rf "$tmp"
	echo "frr-lab.sh: building $dir from $(mirror) (once; cached afterwards)" >&2
	debootstrap --variant=minbase "$suite" "$tmp" "$(mirror)" >"$cache/$suite.log" 2>&1 || {
		echo "frr-lab.sh: debootstrap $suite failed; see $cache/$suite.log" >&2; return 1; }
	printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
	chmod 755 "$tmp/usr/sbin/policy-rc.d"
	mount -t proc proc "$tmp/proc"
	chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		frr frr-pythontools iproute2 >>"$cache/$suite.log" 2>&1 || rc=$?
	chroot "$tmp" apt-get clean >/dev/null 2>&1 || true
	umount "$tmp/proc"
	[ "$rc" = 0 ] || { echo "frr-lab.sh: apt-get install frr in $suite failed; see $cache/$suite.log" >&2; return 1; }
	[ -x "$tmp/usr/lib/frr/bgpd" ] || { echo "frr-lab.sh: no bgpd in $tmp" >&2; return 1; }
	# the tests' sockets and logs go under run/frs inside the root (one directory per test run)
	mkdir -p "$tmp/run/frs"
	chmod 755 "$tmp/run/frs"
	mv "$tmp" "$dir"
}

case "${1:-}" in
suite) suite_of "${2:?VERSION}" ;;
root)
	suite=$(suite_of "${2:?VERSION}")
	if [ ! -x "$cache/$suite/usr/lib/frr/bgpd" ]; then
		# tests start in parallel: one builds, the others wait for it under the lock
		mkdir -p "$cache"
		exec 9>"$cache/.lock"
		flock 9
		[ -x "$cache/$suite/usr/lib/frr/bgpd" ] || build "$suite"
		exec 9>&-
	fi
	echo "$cache/$suite" ;;
*) echo "usage: frr-lab.sh root|suite VERSION (10.3, 10.7)" >&2; exit 2 ;;
esac
