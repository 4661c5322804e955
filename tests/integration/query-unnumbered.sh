#!/bin/bash
# SPDX-License-Identifier: MIT
# query over BGP unnumbered: the node peers with the router by interface name (IPv6 link-local,
# IPv4 routes with an IPv6 next hop). status, verify and metrics must name the peer by its
# interface, where MetalLB's exporter fails on it.
. "$(dirname "$0")/lib.sh"
frr_setup
M=$SRCDIR/tests/integration/query/unnumbered

NODE=$(frr_ns node) && RTR=$(frr_ns rtr) || exit 1
frr_link "$NODE" 192.0.2.2/24 "$RTR" 192.0.2.1/24 || exit 1
# the names the manifests and the router's config use; renamed before zebra starts
ip -n "$NODE" link set "$FRR_LINK_A" down && ip -n "$NODE" link set "$FRR_LINK_A" name uplink0 &&
	ip -n "$NODE" link set uplink0 up || exit 1
ip -n "$RTR" link set "$FRR_LINK_B" down && ip -n "$RTR" link set "$FRR_LINK_B" name downlink0 &&
	ip -n "$RTR" link set downlink0 up || exit 1
"$FRRSHIM" render --node node-1 "$M" > "$FRR_WORK/node.conf" || { echo "render failed"; exit 1; }
RD=$(frr_start "$RTR" router bgpd) || exit 1
frr_load "$RD" "$M/router.conf" >/dev/null
ND=$(frr_start "$NODE" node bgpd) || exit 1
frr_load "$ND" "$FRR_WORK/node.conf" >/dev/null

out=$("$FRRSHIM" verify --node node-1 --wait 40 --vty-socket "$ND" "$M"); rc=$?
frr_assert_eq "verify exits 0 over an unnumbered session" "$rc" 0
frr_assert_eq "verify says so" "$out" "ok: 1 BGP session established, 1 route advertised as expected"
rtr_has() { frr_vtysh "$RD" -c "show bgp ipv4 unicast $1 json" | tr -d ' \n' | grep -q "$2"; }
frr_assert "router got 198.51.100.20/32 with community 64512:100" \
	frr_wait 10 rtr_has 198.51.100.20/32 '"community":{"string":"64512:100"'

line=$("$FRRSHIM" status --vty-socket "$ND" 2>/dev/null | awk '$2 == "uplink0" {print $1, $3, $4, $6}')
frr_assert_eq "status names the interface peer" "$line" "default 64513 Established 1"
"$FRRSHIM" metrics --once --vty-socket "$ND" > "$FRR_WORK/metrics.txt" 2>/dev/null
frr_assert_eq "metrics --once exits 0" "$?" 0
frr_assert "metrics: the interface peer's session is up" \
	grep -qxF 'metallb_bgp_session_up{peer="uplink0:179",vrf="default"} 1' "$FRR_WORK/metrics.txt"

frr_kill "$RD" bgpd
frr_assert "verify names the interface session" \
	frr_wait 10 sh -c "'$FRRSHIM' verify --node node-1 --vty-socket '$ND' '$M' |
		grep -q '^BGP session with uplink0 is not established (state '"
frr_done
