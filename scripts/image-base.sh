#!/bin/sh
# SPDX-License-Identifier: MIT
# The base of the container image test: a bare Debian bookworm root file system (debootstrap
# --variant=minbase, apt sources like Debian's own images), built once and cached, that
# tests/image.sh imports as the `debian:bookworm` contrib/Dockerfile starts from (no registry is
# reachable here; Debian's mirror is).
#
#   scripts/image-base.sh root      print the root file system, building it first when not cached
#
# The cache, the mirror, the debootstrap and the lock are scripts/debroot.sh's, shared with
# scripts/frr-lab.sh: cached as $FRS_LAB_CACHE/bookworm-minbase.
set -eu

. "$(dirname "$0")/debroot.sh"
name=bookworm-minbase

build() {
	tmp=$debroot_cache/$name.tmp m=$(debroot_mirror)
	debroot_debootstrap image-base.sh bookworm "$name" || return 1
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
	debroot_complete "$name"
}

case "${1:-}" in
root) debroot_root "$name" usr/bin/apt-get build ;;
*) echo "usage: image-base.sh root" >&2; exit 2 ;;
esac
