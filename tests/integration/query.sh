#!/bin/bash
# SPDX-License-Identifier: MIT
# query: a node FRR running the config `frrshim render` makes from manifests, and a router FRR
# peering with it (iBGP, so that local-pref travels). verify (from the same manifests), status and
# metrics against the live node; the router confirms what verify claims.
. "$(dirname "$0")/lib.sh"
frr_setup
D=$SRCDIR/tests/integration/query
M=$D/manifests
"$FRRSHIM" render --node node-1 "$M" > "$FRR_WORK/node.conf" || { echo "render failed"; exit 1; }

NODE=$(frr_ns node) && RTR=$(frr_ns rtr) || exit 1
frr_link "$NODE" 192.0.2.2/24 "$RTR" 192.0.2.1/24 || exit 1
# the router first, so that the node's first connect succeeds (no connect-retry wait)
RD=$(frr_start "$RTR" router bgpd) || exit 1
frr_load "$RD" "$D/router.conf" >/dev/null
ND=$(frr_start "$NODE" node bgpd bfdd) || exit 1
frr_load "$ND" "$FRR_WORK/node.conf" >/dev/null

out=$("$FRRSHIM" verify --node node-1 --wait 40 --vty-socket "$ND" "$M"); rc=$?
frr_assert_eq "verify exits 0 once the session is up and the routes are out" "$rc" 0
frr_assert_eq "verify says so" "$out" "ok: 1 BGP session established, 2 routes advertised as expected"

# the router's side: what verify claimed actually arrived, with its attributes
rtr_has() { frr_vtysh "$RD" -c "show bgp ipv4 unicast $1 json" | tr -d ' \n' | grep -q "$2"; }
frr_assert "router got 198.51.100.10/32 with community 64512:100" \
	frr_wait 10 rtr_has 198.51.100.10/32 '"community":{"string":"64512:100"'
frr_assert "router got 198.51.100.10/32 with local-pref 150" rtr_has 198.51.100.10/32 '"locPrf":150'
frr_assert "router got 198.51.100.11/32 with large community 64512:1:2" \
	rtr_has 198.51.100.11/32 '"largeCommunity":{"string":"64512:1:2"'

line=$("$FRRSHIM" status --vty-socket "$ND" | awk '$2 == "192.0.2.1" {print $1, $3, $4, $6, $7}')
frr_assert_eq "status shows the session" "$line" "default 64512 Established 2 0"
"$FRRSHIM" status -o json --vty-socket "$ND" | grep -q '"established":	true'
frr_assert_eq "status -o json says established" "$?" 0

# metrics inside the node's namespace, on its loopback, on a port the kernel picks
ip netns exec "$NODE" "$FRRSHIM" metrics --listen 127.0.0.1:0 --vty-socket "$ND" \
	> "$FRR_WORK/metrics.out" 2>&1 &
MPID=$!
echo "$MPID" >> "$FRR_WORK/.pids"
frr_wait 10 grep -q 'listening on port' "$FRR_WORK/metrics.out"
PORT=$(sed -n 's/.*listening on port //p' "$FRR_WORK/metrics.out")
scrape_has() { ip netns exec "$NODE" curl -sf "http://127.0.0.1:$PORT/metrics" | grep -qxF "$1"; }
frr_assert "metrics: session up" \
	scrape_has 'metallb_bgp_session_up{peer="192.0.2.1:179",vrf="default"} 1'
frr_assert "metrics: 2 prefixes announced" \
	scrape_has 'metallb_bgp_announced_prefixes_total{peer="192.0.2.1:179",vrf="default"} 2'
code=$(ip netns exec "$NODE" curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/livez")
frr_assert_eq "livez 200 while FRR answers" "$code" 200

# something advertised that the expectation does not list
out=$("$FRRSHIM" verify --expect "$D/expect-one.json" --vty-socket "$ND"); rc=$?
frr_assert_eq "verify: extra route exits 1" "$rc" 1
frr_assert_eq "verify names the extra route" "$out" \
	"198.51.100.11/32 is advertised to 192.0.2.1 but should not be"

# the community is no longer set by the outbound policy
rm_line=$(grep -m1 -B3 'set community 64512:100 additive' "$FRR_WORK/node.conf" | sed -n 's/^route-map //p')
frr_vtysh "$ND" -c "configure terminal" -c "route-map $rm_line" \
	-c "no set community 64512:100 additive" >/dev/null
verify_says() {
	"$FRRSHIM" verify --node node-1 --vty-socket "$ND" "$M" > "$FRR_WORK/verify.out"
	[ $? = 1 ] && grep -qxF "$1" "$FRR_WORK/verify.out"
}
frr_assert "verify names the missing community" \
	frr_wait 10 verify_says "198.51.100.10/32 is advertised to 192.0.2.1 without community 64512:100"

# a prefix removed from the node's config
frr_vtysh "$ND" -c "configure terminal" -c "router bgp 64512" -c "address-family ipv4 unicast" \
	-c "no network 198.51.100.11/32" >/dev/null
frr_assert "verify names the missing prefix" \
	frr_wait 10 verify_says "198.51.100.11/32 is not advertised to 192.0.2.1"

# the router goes away
frr_kill "$RD" bgpd
frr_assert "verify names the session" \
	frr_wait 10 sh -c "'$FRRSHIM' verify --node node-1 --vty-socket '$ND' '$M' |
		grep -q '^BGP session with 192.0.2.1 is not established (state '"
"$FRRSHIM" verify --node node-1 --wait 1 --vty-socket "$ND" "$M" >/dev/null
frr_assert_eq "verify --wait exits 1 when time runs out" "$?" 1
json=$("$FRRSHIM" verify -o json --node node-1 --vty-socket "$ND" "$M" | tr -d ' \t\n')
case $json in
*'"ok":false'*'"problems":["BGPsessionwith192.0.2.1isnotestablished(state'*) ok=1 ;;
*) ok=0 ;;
esac
frr_assert_eq "verify -o json lists the problem" "$ok" 1
frr_assert "metrics: session down" \
	scrape_has 'metallb_bgp_session_up{peer="192.0.2.1:179",vrf="default"} 0'

# FRR unreachable
"$FRRSHIM" verify --node node-1 --vty-socket "$FRR_WORK/nothing" "$M" 2>/dev/null
frr_assert_eq "verify exits 3 when FRR is unreachable" "$?" 3
"$FRRSHIM" status --vty-socket "$FRR_WORK/nothing" 2>/dev/null
frr_assert_eq "status exits 3 when FRR is unreachable" "$?" 3

kill "$MPID"
frr_done
