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
# chroot with /proc mounted and a policy-rc.d that keeps services from starting. The cache
# ($FRS_LAB_CACHE/SUITE), the mirror, the debootstrap and the lock are scripts/debroot.sh's,
# shared with scripts/image-base.sh.
set -eu

. "$(dirname "$0")/debroot.sh"

suite_of() {
	case "$1" in
	10.3) echo trixie ;;
	10.7) echo sid ;;
	*) echo "frr-lab.sh: no Debian suite known for FRR $1 (10.3: trixie, 10.7: sid)" >&2; return 1 ;;
	esac
}

build() {
	suite=$1 tmp=$debroot_cache/$1.tmp log=$debroot_cache/$1.log rc=0
	debroot_debootstrap frr-lab.sh "$suite" "$suite" || return 1
	printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
	chmod 755 "$tmp/usr/sbin/policy-rc.d"
	mount -t proc proc "$tmp/proc"
	chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		frr frr-pythontools iproute2 >>"$log" 2>&1 || rc=$?
	chroot "$tmp" apt-get clean >/dev/null 2>&1 || true
	umount "$tmp/proc"
	[ "$rc" = 0 ] || { echo "frr-lab.sh: apt-get install frr in $suite failed; see $log" >&2; return 1; }
	[ -x "$tmp/usr/lib/frr/bgpd" ] || { echo "frr-lab.sh: no bgpd in $tmp" >&2; return 1; }
	# the tests' sockets and logs go under run/frs inside the root (one directory per test run)
	mkdir -p "$tmp/run/frs"
	chmod 755 "$tmp/run/frs"
	debroot_complete "$suite"
}

case "${1:-}" in
suite) suite_of "${2:?VERSION}" ;;
root)
	suite=$(suite_of "${2:?VERSION}")
	debroot_root "$suite" usr/lib/frr/bgpd build "$suite" ;;
*) echo "usage: frr-lab.sh root|suite VERSION (10.3, 10.7)" >&2; exit 2 ;;
esac
