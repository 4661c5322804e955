#!/bin/bash
# SPDX-License-Identifier: MIT
# `frrshim explain --live` against a real FRR: a node (rendered from the manifests) and a router
# in namespaces. Session up and prefix advertised (✓); the router's ASN changed (bad peer AS);
# a password mismatch (authentication); the prefix filtered — on the node's outbound prefix-list,
# which the node can see (a router's inbound policy is not observable from the node). Each is
# named in words; the exact lines are asserted, with the BGP state word (Active, Connect, Idle
# alternate while bgpd retries) and counters written as STATE and N.
. "$(dirname "$0")/lib.sh"

frr_setup
PW="live-Pw_$$"
NODE_NS=$(frr_ns node) && RTR_NS=$(frr_ns rtr) || exit 1
frr_link "$NODE_NS" 192.0.2.2/24 "$RTR_NS" 192.0.2.1/24 || exit 1
NODE_DIR=$(frr_start "$NODE_NS" node bgpd) || exit 1
RTR_DIR=$(frr_start "$RTR_NS" rtr bgpd) || exit 1

rtr_conf() { # ASN PASSWORD
	cat > "$FRR_WORK/rtr.conf" <<EOC
router bgp $1
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 neighbor 192.0.2.2 remote-as 64512
 neighbor 192.0.2.2 password $2
 neighbor 192.0.2.2 timers connect 1
exit
EOC
	frr_load "$RTR_DIR" "$FRR_WORK/rtr.conf" >/dev/null
}
rtr_conf 64513 "$PW"

M=$FRR_WORK/manifests.yaml
cat > "$M" <<EOM
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: rtr, namespace: metallb-system}
spec: {myASN: 64512, peerASN: 64513, peerAddress: 192.0.2.1, password: "$PW", connectTime: 1s, routerID: 192.0.2.2}
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: pool-a, namespace: metallb-system}
spec: {addresses: [203.0.113.0/24]}
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: {name: adv-a, namespace: metallb-system}
spec: {communities: ["64512:100"]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: LoadBalancer, ports: [{port: 80}]}
status: {loadBalancer: {ingress: [{ip: 203.0.113.5}]}}
EOM
"$FRRSHIM" render --node node "$M" > "$FRR_WORK/node.conf" || exit 1
frr_load "$NODE_DIR" "$FRR_WORK/node.conf" >/dev/null
frr_wait 30 frr_established "$NODE_DIR" 192.0.2.1 || { echo "no session"; exit 1; }

# explain as the sidecar runs it: in the node's network namespace
explain() {
	ip netns exec "$NODE_NS" "$FRRSHIM" explain --live --node node --vty-socket "$NODE_DIR" \
		shop/web "$M" > "$FRR_WORK/out" 2>&1
	echo $? > "$FRR_WORK/rc"
	sed -n '/^Live/,$p' "$FRR_WORK/out" | sed -E 's/ is (Active|Connect|Idle|OpenSent|OpenConfirm)/ is STATE/; s/[0-9]+ segments/N segments/'
}
# has LINE: explain's live section shows LINE
has() { explain | grep -qxF -- "$1"; }

frr_wait 30 has "  ✓ 203.0.113.5/32 is advertised to 192.0.2.1 with community 64512:100" ||
	cat "$FRR_WORK/out"
frr_assert_eq "up: the live lines" "$(explain)" "Live, on node:
  ✓ BGP session with 192.0.2.1 (BGPPeer rtr) is Established
  ✓ 203.0.113.5/32 is advertised to 192.0.2.1 with community 64512:100"
frr_assert_eq "up: exit 0" "$(cat "$FRR_WORK/rc")" 0

# the router now speaks another AS
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64513" >/dev/null
rtr_conf 64599 "$PW"
bad_as="  ✗ BGP session with 192.0.2.1 (BGPPeer rtr) is STATE: bad peer AS: the router does not speak AS 64513, the BGPPeer's peerASN (FRR: OPEN Message Error/Bad Peer AS); next: the BGPPeer's ASNs, password, address and port against the router's"
frr_wait 30 has "$bad_as" || cat "$FRR_WORK/out"
frr_assert_eq "bad peer AS: the live lines" "$(explain)" "Live, on node:
$bad_as
  ✗ 203.0.113.5/32 is not advertised to 192.0.2.1: the session is down; next: the session above"
frr_assert_eq "bad peer AS: exit 1" "$(cat "$FRR_WORK/rc")" 1

# the right AS again, another password
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64599" >/dev/null
rtr_conf 64513 "other-$PW"
auth="  ✗ BGP session with 192.0.2.1 (BGPPeer rtr) is STATE: authentication: the TCP MD5 password differs from the router's (the kernel dropped N segments with a wrong signature, TCPMD5Failure); next: the BGPPeer's ASNs, password, address and port against the router's"
frr_wait 30 has "$auth" || cat "$FRR_WORK/out"
frr_assert "password mismatch named" has "$auth"
frr_assert_eq "password mismatch: exit 1" "$(cat "$FRR_WORK/rc")" 1

# the password back; the prefix denied by the node's own outbound prefix-list
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64513" >/dev/null
rtr_conf 64513 "$PW"
frr_wait 60 frr_established "$NODE_DIR" 192.0.2.1 || echo "no session again"
frr_vtysh "$NODE_DIR" -c "configure terminal" \
	-c "ip prefix-list 192.0.2.1-allowed-ipv4 seq 1 deny 203.0.113.5/32" >/dev/null
filtered="  ✗ 203.0.113.5/32 is not advertised to 192.0.2.1: denied by the outbound route-map 192.0.2.1-out: no entry matches it (prefix-list 192.0.2.1-allowed-ipv4 does not permit it); next: show bgp neighbors advertised-routes, the running configuration's route-map and prefix-lists"
frr_wait 30 has "$filtered" || cat "$FRR_WORK/out"
frr_assert_eq "filtered: the live lines" "$(explain)" "Live, on node:
  ✓ BGP session with 192.0.2.1 (BGPPeer rtr) is Established
$filtered"
frr_assert_eq "filtered: exit 1" "$(cat "$FRR_WORK/rc")" 1
frr_done
