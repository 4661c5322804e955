#!/bin/sh
# SPDX-License-Identifier: MIT
# The base of the container image test: a bare Debian bookworm root file system (debootstrap
# --variant=minbase, apt sources like Debian's own images), built once and cached, that
# tests/image.sh imports as the `debian:bookworm` contrib/Dockerfile starts from (no registry is
# reachable here; Debian's mirror is).
#
#   scripts/image-base.sh root      print the root file system, building it first when not cached
#
# Same cache and build discipline as scripts/frr-lab.sh: $FRS_LAB_CACHE (default
# /var/cache/frrshim-lab), built into bookworm-minbase.tmp and renamed when complete, one builder
# at a time under the cache's lock. The mirror is the one this machine's apt uses.
set -eu

cache=${FRS_LAB_CACHE:-/var/cache/frrshim-lab}
name=bookworm-minbase

# The first Debian mirror apt is configured with (deb822 or one-line sources).
mirror() {
	m=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
		sed -n -e 's|^URIs: *\(http[^ ]*/debian\)/*$|\1|p' \
			-e 's|^deb  *\(\[[^]]*\]  *\)\{0,1\}\(http[^ ]*/debian\)/* .*|\2|p' | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

build() {
	dir=$cache/$name tmp=$cache/$name.tmp m=$(mirror)
	[ "$(id -u)" = 0 ] || { echo "image-base.sh: building a root file system needs root" >&2; return 1; }
	command -v debootstrap >/dev/null || {
		echo "image-base.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; return 1; }
	mkdir -p "$cache"
	rm -rf "$tmp"
	echo "image-base.sh: building $dir from $m (once; cached afterwards)" >&2
	debootstrap --variant=minbase bookworm "$tmp" "$m" >"$cache/$name.log" 2>&1 || {
		echo "image-base.sh: debootstrap bookworm failed; see $cache/$name.log" >&2; return 1; }
	# what debian:bookworm carries: the suite, its updates and its security archive, and no apt
	# lists or caches in the image (a Dockerfile runs apt-get update first)
	rm -f "$tmp/etc/apt/sources.list"
	cat > "$tmp/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $m
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${m%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	chroot "$tmp" apt-get clean
	rm -rf "$tmp"/var/lib/apt/lists/* "$tmp"/var/log/* "$tmp"/var/cache/debconf/*-old
	mv "$tmp" "$dir"
}

case "${1:-}" in
root)
	if [ ! -x "$cache/$name/usr/bin/apt-get" ]; then
		mkdir -p "$cache"
		exec 9>"$cache/.lock"
		flock 9
		[ -x "$cache/$name/usr/bin/apt-get" ] || build
		exec 9>&-
	fi
	echo "$cache/$name" ;;
*) echo "usage: image-base.sh root" >&2; exit 2 ;;
esac
