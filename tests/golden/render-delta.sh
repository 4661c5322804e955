#!/bin/sh
# SPDX-License-Identifier: MIT
# Minimal deltas: with N Services (N = 10 and 1000) on two peers with a community, adding one
# Service, or removing one from the middle, changes the same small number of lines whatever N:
# our shape 2 (one shared allowed-list entry, one `network`), MetalLB's shape 5 (2 peers x
# (allowed + community) + network). A renumbering renderer would change ~N lines per list.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
work=$(mktemp -d /tmp/frs-delta.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0

# gen N [SKIP]: the resources with Services 0..N-1 (without SKIP), IPs from 10.0.0.0/16 order
gen() {
	cat <<'YAML'
apiVersion: v1
kind: Node
metadata:
  name: worker-1
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: peer-a, namespace: metallb-system}
spec: {myASN: 64500, peerASN: 64501, peerAddress: 192.0.2.1}
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: peer-b, namespace: metallb-system}
spec: {myASN: 64500, peerASN: 64502, peerAddress: 192.0.2.2}
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: pool, namespace: metallb-system}
spec: {addresses: [198.18.0.0/16]}
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: {name: adv, namespace: metallb-system}
spec:
  communities: ["64500:100"]
  ipAddressPools: [pool]
YAML
	awk -v n="$1" -v skip="${2:--1}" 'BEGIN {
		for (i = 0; i < n; i++) {
			if (i == skip) continue
			printf "---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: app}\n", i
			printf "spec: {type: LoadBalancer}\n"
			printf "status: {loadBalancer: {ingress: [{ip: 198.18.%d.%d}]}}\n", int(i / 250), i % 250 + 1
		}
	}'
}

changed() { diff "$1" "$2" | grep -c '^[<>]'; }

check() {
	if [ "$2" = "$3" ]; then echo "ok - $1: $2 lines"; else
		echo "not ok - $1: $2 changed lines, want $3"; failed=1; fi
}

for n in 10 1000; do
	mid=$((n / 2))
	gen "$n" > "$work/a.yaml"
	gen $((n + 1)) > "$work/b.yaml"
	gen $((n + 1)) "$mid" > "$work/c.yaml"
	for shape in shared per-peer; do
		opt=""
		[ "$shape" = per-peer ] && opt=--per-peer-lists
		want=2
		[ "$shape" = per-peer ] && want=5
		for f in a b c; do
			"$FRRSHIM" render --node worker-1 $opt "$work/$f.yaml" > "$work/$f.conf" ||
				{ echo "not ok - render $f ($n)"; exit 1; }
		done
		check "N=$n $shape: add one Service" "$(changed "$work/a.conf" "$work/b.conf")" "$want"
		check "N=$n $shape: remove one Service from the middle" \
			"$(changed "$work/b.conf" "$work/c.conf")" "$want"
	done
done
exit $failed
