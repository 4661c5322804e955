#!/bin/sh
# Install what frrshim needs to build and test on Debian bookworm (run as root; idempotent):
# clang and its runtime for the fuzz targets, valgrind and shellcheck for scripts/test.sh,
# tinyproxy, stunnel4 and microsocks (http, https and SOCKS5 proxies) for tests/kube/proxy.sh,
# kubernetes-client (kubectl 1.20) and python3-yaml for tests/deploy/kustomize.sh.
# `scripts/deps.sh image` adds what `make image-check` needs (buildah, podman and runc: crun
# cannot run on a host with hybrid cgroups).
set -eu
pkgs="build-essential autoconf automake libtool pkg-config
libyang2-dev libyang2-tools libyaml-dev libcjson-dev libcurl4-openssl-dev check libsubunit-dev
libmicrohttpd-dev libreadline-dev libarchive-dev tmux man-db groff-base frr frr-pythontools iproute2
curl python3 python3-yaml procps clang libclang-rt-14-dev valgrind shellcheck debootstrap
kubernetes-client tinyproxy stunnel4 microsocks"
[ "${1:-}" = image ] && pkgs="$pkgs buildah podman runc fuse-overlayfs uidmap"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Some machines carry another package's /usr/bin/kubectl (the Google Cloud SDK's): it moves to
# kubectl.other, so that Debian's is the one the tests run
case "$missing" in *kubernetes-client*)
	if dpkg -S /usr/bin/kubectl >/dev/null 2>&1; then
		dpkg-divert --package kubernetes-client --rename --divert /usr/bin/kubectl.other \
			--add /usr/bin/kubectl >/dev/null
	fi ;;
esac
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
