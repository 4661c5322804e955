#!/bin/bash
# SPDX-License-Identifier: MIT
# `frrshim explain --live` against a real FRR: a node (rendered from the manifests, applied by the
# real sidecar `frrshim reloader`) and a router in namespaces, BGP with BFD. Nothing listening on
# the router's port 179 yet (no TCP connection ever made); then session, BFD and
# sidecar up, prefix advertised with its community (✓); the router's ASN changed (bad peer AS),
# then the node's ASN as the router has it (bad peer AS, the other way); the router's bgpd stopped
# (hold timer expired);
# a password mismatch (authentication); the prefix filtered — on the node's outbound prefix-list,
# which the node can see (a router's inbound policy is not observable from the node); a strict
# rp_filter on the interface to the router (!); a reload error in the sidecar. Each is named in
# words; the exact lines are asserted, with the BGP state word (Active, Connect, Idle alternate
# while bgpd retries) and counters written as STATE and N (the failed-attempts count, there only
# when the kernel counted some, left out), and the BFD line (BFD does not follow BGP's state) only
# where BGP is up.
. "$(dirname "$0")/lib.sh"

frr_setup
PW="live-Pw_$$"
NODE_NS=$(frr_ns node) && RTR_NS=$(frr_ns rtr) || exit 1
frr_link "$NODE_NS" 192.0.2.2/24 "$RTR_NS" 192.0.2.1/24 || exit 1
NODE_DIR=$(frr_start "$NODE_NS" node bgpd bfdd) || exit 1
RTR_DIR=$(frr_start "$RTR_NS" rtr bgpd bfdd) || exit 1

rtr_conf() { # ASN PASSWORD [THE NODE'S ASN AS THE ROUTER HAS IT]
	cat > "$FRR_WORK/rtr.conf" <<EOC
router bgp $1
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 neighbor 192.0.2.2 remote-as ${3:-64512}
 neighbor 192.0.2.2 password $2
 neighbor 192.0.2.2 timers connect 1
 neighbor 192.0.2.2 bfd
exit
EOC
	frr_load "$RTR_DIR" "$FRR_WORK/rtr.conf" >/dev/null
}

M=$FRR_WORK/manifests.yaml
cat > "$M" <<EOM
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: rtr, namespace: metallb-system}
spec: {myASN: 64512, peerASN: 64513, peerAddress: 192.0.2.1, password: "$PW", connectTime: 1s, routerID: 192.0.2.2, bfdProfile: fast,
  holdTime: 3s, keepaliveTime: 1s}
---
apiVersion: metallb.io/v1beta1
kind: BFDProfile
metadata: {name: fast, namespace: metallb-system}
spec: {receiveInterval: 100, transmitInterval: 100}
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
# the speaker's file, applied by the sidecar in drop-in mode; its status files in $STATE
STATE=$FRR_WORK/reloader
mkdir -p "$STATE"
"$FRRSHIM" render --node node "$M" > "$STATE/frr.conf" || exit 1
"$FRRSHIM" reloader --file "$STATE/frr.conf" --vty-socket "$NODE_DIR" --confdir "$NODE_DIR" \
	2> "$STATE/sidecar.log" &
echo $! >> "$FRR_WORK/.pids"
frr_wait 10 test -s "$STATE/reloader.pid" || { echo "no sidecar"; exit 1; }
kill -HUP "$(cat "$STATE/reloader.pid")"
frr_wait 30 grep -q '"lastReloadResult":	"success"' "$STATE/state.json" ||
	{ echo "the sidecar did not load the config"; cat "$STATE/sidecar.log"; exit 1; }

# explain as the sidecar runs it: in the node's network namespace
explain() {
	ip netns exec "$NODE_NS" "$FRRSHIM" explain --live --node node --vty-socket "$NODE_DIR" \
		--state-dir "$STATE" shop/web "$M" > "$FRR_WORK/out" 2>&1
	echo $? > "$FRR_WORK/rc"
	sed -n '/^Live/,$p' "$FRR_WORK/out" | sed -E 's/ is (Active|Connect|Idle|OpenSent|OpenConfirm)/ is STATE/; s/[0-9]+ segments/N segments/; s/; [0-9]+ failed connection attempts in this network namespace//'
}
# has LINE: explain's live section shows LINE
has() { explain | grep -qxF -- "$1"; }
# nobfd: the live lines without BFD's
nobfd() { explain | grep -v ' BFD session '; }

# the router's bgpd has no BGP instance yet, so nothing listens on port 179 there
refused="  ✗ BGP session with 192.0.2.1 (BGPPeer rtr) is STATE: no TCP connection to 192.0.2.1 port 179 ever succeeded (connection refused or unanswered); next: the BGPPeer's ASNs, password, address and port against the router's"
frr_wait 30 has "$refused" || cat "$FRR_WORK/out"
frr_assert "no listener: named" has "$refused"
frr_assert_eq "no listener: exit 1" "$(cat "$FRR_WORK/rc")" 1

rtr_conf 64513 "$PW"
frr_wait 30 frr_established "$NODE_DIR" 192.0.2.1 || { echo "no session"; exit 1; }
frr_wait 30 has "  ✓ BFD session with 192.0.2.1 (profile fast) is up" || cat "$FRR_WORK/out"
frr_wait 30 has "  ✓ 203.0.113.5/32 is advertised to 192.0.2.1 with community 64512:100" ||
	cat "$FRR_WORK/out"
frr_assert_eq "up: the live lines" "$(explain)" "Live, on node:
  ✓ sidecar: configuration current, last reload success
  ✓ BGP session with 192.0.2.1 (BGPPeer rtr) is Established
  ✓ 203.0.113.5/32 is advertised to 192.0.2.1 with community 64512:100
  ✓ BFD session with 192.0.2.1 (profile fast) is up"
frr_assert_eq "up: exit 0" "$(cat "$FRR_WORK/rc")" 0

# a strict rp_filter on the node's interface to the router: a warning, not a failure
ip netns exec "$NODE_NS" sysctl -qw "net.ipv4.conf.$FRR_LINK_A.rp_filter=1"
frr_assert "rp_filter strict named" has "  ! rp_filter is strict on $FRR_LINK_A, the interface to 192.0.2.1: replies to clients routed through another interface are dropped; next: routes back to the clients, or rp_filter 2 (loose)"
frr_assert_eq "rp_filter strict: a warning, exit 0" "$(cat "$FRR_WORK/rc")" 0
ip netns exec "$NODE_NS" sysctl -qw "net.ipv4.conf.$FRR_LINK_A.rp_filter=0"

# the router now speaks another AS
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64513" >/dev/null
rtr_conf 64599 "$PW"
bad_as="  ✗ BGP session with 192.0.2.1 (BGPPeer rtr) is STATE: bad peer AS: the router does not speak AS 64513, the BGPPeer's peerASN (FRR: OPEN Message Error/Bad Peer AS); next: the BGPPeer's ASNs, password, address and port against the router's"
frr_wait 30 has "$bad_as" || cat "$FRR_WORK/out"
frr_assert_eq "bad peer AS: the live lines" "$(nobfd)" "Live, on node:
  ✓ sidecar: configuration current, last reload success
$bad_as
  ✗ 203.0.113.5/32 is not advertised to 192.0.2.1: the session is down; next: the session above"
frr_assert_eq "bad peer AS: exit 1" "$(cat "$FRR_WORK/rc")" 1

# the router's AS right again, but it expects another AS from the node
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64599" >/dev/null
rtr_conf 64513 "$PW" 64600
our_as="  ✗ BGP session with 192.0.2.1 (BGPPeer rtr) is STATE: bad peer AS: the router expects another AS than ours, the BGPPeer's myASN 64512 (FRR received: OPEN Message Error/Bad Peer AS); next: the BGPPeer's ASNs, password, address and port against the router's"
frr_wait 30 has "$our_as" || cat "$FRR_WORK/out"
frr_assert "our AS refused by the router: named" has "$our_as"

# the right ASNs again; the router's bgpd stops answering (SIGSTOP): the node's hold timer
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64513" >/dev/null
rtr_conf 64513 "$PW"
frr_wait 60 frr_established "$NODE_DIR" 192.0.2.1 || echo "no session again"
rtr_bgpd=$(cat "$RTR_DIR/bgpd.pid")
kill -STOP "$rtr_bgpd"
hold="  ✗ BGP session with 192.0.2.1 (BGPPeer rtr) is STATE: hold timer expired: no keepalive from the router within the hold time (FRR: Hold Timer Expired); next: the BGPPeer's ASNs, password, address and port against the router's"
frr_wait 30 has "$hold" || cat "$FRR_WORK/out"
kill -CONT "$rtr_bgpd"
frr_assert "hold timer expired: named" grep -qxF -- "$hold" <(sed -n '/^Live/,$p' "$FRR_WORK/out" |
	sed -E 's/ is (Active|Connect|Idle|OpenSent|OpenConfirm)/ is STATE/')

# another password at the router
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64513" >/dev/null
rtr_conf 64513 "other-$PW"
# (what FRR's last notification adds after it depends on how the last session ended: not asserted)
auth="  ✗ BGP session with 192.0.2.1 (BGPPeer rtr) is STATE: authentication: the TCP MD5 password differs from the router's (the kernel dropped N segments with a wrong signature, TCPMD5Failure)"
has_start() { explain | grep -qF -- "$1"; }
frr_wait 30 has_start "$auth" || cat "$FRR_WORK/out"
frr_assert "password mismatch named" has_start "$auth"
frr_assert_eq "password mismatch: exit 1" "$(cat "$FRR_WORK/rc")" 1

# the password back; the prefix denied by the node's own outbound prefix-list
frr_vtysh "$RTR_DIR" -c "configure terminal" -c "no router bgp 64513" >/dev/null
rtr_conf 64513 "$PW"
frr_wait 60 frr_established "$NODE_DIR" 192.0.2.1 || echo "no session again"
frr_vtysh "$NODE_DIR" -c "configure terminal" \
	-c "ip prefix-list 192.0.2.1-allowed-ipv4 seq 1 deny 203.0.113.5/32" >/dev/null
filtered="  ✗ 203.0.113.5/32 is not advertised to 192.0.2.1: denied by the outbound route-map 192.0.2.1-out: no entry matches it (prefix-list 192.0.2.1-allowed-ipv4 does not permit it); next: show bgp neighbors advertised-routes, the running configuration's route-map and prefix-lists"
frr_wait 30 has "$filtered" || cat "$FRR_WORK/out"
frr_assert_eq "filtered: the live lines" "$(nobfd)" "Live, on node:
  ✓ sidecar: configuration current, last reload success
  ✓ BGP session with 192.0.2.1 (BGPPeer rtr) is Established
$filtered"
frr_assert_eq "filtered: exit 1" "$(cat "$FRR_WORK/rc")" 1

# the sidecar gets a configuration FRR refuses: it rolls back and says so
sed 's/^ neighbor 192.0.2.1 timers 1 3$/ neighbor 192.0.2.1 timers 1 1/' "$STATE/frr.conf" \
	> "$STATE/frr.conf.new" && mv "$STATE/frr.conf.new" "$STATE/frr.conf"
kill -HUP "$(cat "$STATE/reloader.pid")"
reload_failed() { ! grep -q '"lastReloadResult":	"success"' "$STATE/state.json"; }
frr_wait 30 reload_failed || cat "$STATE/sidecar.log"
explain > "$FRR_WORK/last"
frr_assert "reload error named" grep -qF \
	'  ✗ sidecar: the last reload failed: reload error: bgpd: "neighbor 192.0.2.1 timers 1 1"' \
	"$FRR_WORK/last"
frr_assert_eq "reload error: exit 1" "$(cat "$FRR_WORK/rc")" 1
frr_done
