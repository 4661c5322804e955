# shellcheck shell=sh
# SPDX-License-Identifier: MIT
# The cached Debian root file systems of the tests, sourced by scripts/frr-lab.sh and
# scripts/image-base.sh: the mirror, the minbase debootstrap, and the build discipline they share.
#
# Its variables are debroot_* and _db_* (sh has no locals), the callers' are theirs.
# The cache is $FRS_LAB_CACHE (default /var/cache/frrshim-lab), one directory per root. A root is
# built into NAME.tmp and renamed to NAME when complete, so an interrupted build is never taken
# for a cached one; tests start in parallel, so one builds under the cache's lock and the others
# wait for it. The mirror is the one this machine's apt uses (no other is reachable here).

debroot_cache=${FRS_LAB_CACHE:-/var/cache/frrshim-lab}

# The first Debian mirror apt is configured with (deb822 or one-line sources).
debroot_mirror() {
	_db_m=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
		sed -n -e 's|^URIs: *\(http[^ ]*/debian\)/*$|\1|p' \
			-e 's|^deb  *\(\[[^]]*\]  *\)\{0,1\}\(http[^ ]*/debian\)/* .*|\2|p' | head -n 1)
	echo "${_db_m:-http://deb.debian.org/debian}"
}

# debroot_debootstrap WHO SUITE NAME: a fresh minbase debootstrap of SUITE into
# $debroot_cache/NAME.tmp from debroot_mirror, logged to NAME.log; WHO names the caller in errors.
debroot_debootstrap() {
	_db_who=$1 _db_tmp=$debroot_cache/$3.tmp _db_log=$debroot_cache/$3.log _db_m=$(debroot_mirror)
	[ "$(id -u)" = 0 ] || { echo "$_db_who: building a root file system needs root" >&2; return 1; }
	command -v debootstrap >/dev/null || {
		echo "$_db_who: debootstrap is not installed (apt-get install debootstrap)" >&2; return 1; }
	mkdir -p "$debroot_cache"
	rm -rf "$_db_tmp"
	echo "$_db_who: building $debroot_cache/$3 from $_db_m (once; cached afterwards)" >&2
	debootstrap --variant=minbase "$2" "$_db_tmp" "$_db_m" >"$_db_log" 2>&1 || {
		echo "$_db_who: debootstrap $2 failed; see $_db_log" >&2; return 1; }
}

# debroot_complete NAME: the finished NAME.tmp becomes the cached NAME.
debroot_complete() {
	mv "$debroot_cache/$1.tmp" "$debroot_cache/$1"
}

# debroot_root NAME PROBE BUILD [ARG...]: print $debroot_cache/NAME, first running BUILD ARG...
# under the cache's lock unless NAME/PROBE (an executable every complete root holds) is there.
debroot_root() {
	_db_root=$debroot_cache/$1 _db_probe=$2
	shift 2
	if [ ! -x "$_db_root/$_db_probe" ]; then
		mkdir -p "$debroot_cache"
		exec 9>"$debroot_cache/.lock"
		flock 9
		# another builder may have completed it while this one waited
		[ -x "$_db_root/$_db_probe" ] || "$@"
		exec 9>&-
	fi
	echo "$_db_root"
}
