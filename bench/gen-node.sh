#!/bin/sh
# SPDX-License-Identifier: MIT
# Resources for one node: PEERS eBGP peers, IPS Services (one IP each, 198.18.0.0/15), one pool,
# one BGPAdvertisement to every peer. Usage: gen-node.sh PEERS IPS [COMMUNITY [SHIFT]]
# SHIFT: the Services take the IPs SHIFT addresses later (gen-config.py's --shift: SHIFT
# Services leave at the front, as many arrive at the end).
# Peers and IPs are those of /work/shared/bench/gen-config.py, so the two shapes compare.
set -eu
peers=$1 ips=$2 comm=${3:-} shift=${4:-0}
cat <<'YAML'
apiVersion: v1
kind: Node
metadata:
  name: node
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: pool, namespace: metallb-system}
spec: {addresses: [198.18.0.0/15]}
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: {name: adv, namespace: metallb-system}
YAML
if [ -n "$comm" ]; then echo "spec: {communities: [\"$comm\"]}"; else echo "spec: {}"; fi
awk -v peers="$peers" -v ips="$ips" -v shift="$shift" 'BEGIN {
	for (p = 0; p < peers; p++) {
		a = p < 250 ? "203.0.113." (p + 1) : "198.51.100." (p - 249)
		printf "---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\n"
		printf "metadata: {name: peer%d, namespace: metallb-system}\n", p
		printf "spec: {myASN: 64513, peerASN: 64512, peerAddress: %s, routerID: 192.0.2.2, holdTime: 90s, keepaliveTime: 30s}\n", a
	}
	for (i = shift; i < shift + ips; i++) {
		printf "---\napiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: app}\n", i
		printf "spec: {type: LoadBalancer}\n"
		printf "status: {loadBalancer: {ingress: [{ip: 198.18.%d.%d}]}}\n", int(i / 256), i % 256
	}
}'
