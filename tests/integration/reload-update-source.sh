#!/bin/bash
# SPDX-License-Identifier: MIT
# update-source on an interface (unnumbered) neighbor, as MetalLB renders a BGPPeer with both
# interface and sourceAddress: bgpd keeps nothing of it (no version prints it back, and it
# answers the command with a bare warning), so a reload must not send it, must say so, and a
# second reload of the same config sends nothing and leaves every session alone. An address
# neighbor's update-source beside it is applied, and changed, as any line (its session resets).
. "$(dirname "$0")/lib.sh"
frr_setup

NODE=$(frr_ns node) && RTR=$(frr_ns rtr) || exit 1
# eth0 <-> dn0: the interface neighbor (IPv6 link-local); eth1 <-> dn1: an address neighbor
frr_link "$NODE" 192.0.2.2/24 "$RTR" 192.0.2.3/24 || exit 1
ip -n "$NODE" addr flush dev "$FRR_LINK_A" && ip -n "$RTR" addr flush dev "$FRR_LINK_B" || exit 1
ren() { ip -n "$1" link set "$2" down && ip -n "$1" link set "$2" name "$3" && ip -n "$1" link set "$3" up; }
ren "$NODE" "$FRR_LINK_A" eth0 && ren "$RTR" "$FRR_LINK_B" dn0 || exit 1
frr_link "$NODE" 198.51.100.2/24 "$RTR" 198.51.100.1/24 || exit 1
ren "$NODE" "$FRR_LINK_A" eth1 && ren "$RTR" "$FRR_LINK_B" dn1 || exit 1
ip -n "$NODE" addr add 192.0.2.1/32 dev lo || exit 1

cat > "$FRR_WORK/rtr.conf" <<'EOF'
router bgp 64513
 no bgp ebgp-requires-policy
 neighbor dn0 interface remote-as 64512
 neighbor dn0 timers connect 1
 neighbor 198.51.100.2 remote-as 64512
 neighbor 198.51.100.2 timers connect 1
exit
EOF
# the node's config in MetalLB's shape (its TestUnnumberedSession golden); SRC: the address
# neighbor's source, US: the interface neighbor's
node_conf() {
	cat <<EOF
frr defaults traditional
router bgp 64512
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor eth0 interface remote-as 64513
 neighbor eth0 timers connect 1
 neighbor eth0 update-source $2
 neighbor 198.51.100.1 remote-as 64513
 neighbor 198.51.100.1 timers connect 1
 neighbor 198.51.100.1 update-source $1
exit
EOF
}
node_conf 198.51.100.2 192.0.2.1 > "$FRR_WORK/a.conf"
node_conf eth1 192.0.2.5 > "$FRR_WORK/b.conf"

RD=$(frr_start "$RTR" router bgpd) || exit 1
frr_load "$RD" "$FRR_WORK/rtr.conf" >/dev/null
ND=$(frr_start "$NODE" node bgpd) || exit 1

# PEER FIELD: a field of `show bgp neighbors PEER json`
nbr() {
	frr_vtysh "$ND" -c "show bgp neighbors $1 json" | jq -r --arg p "$1" ".[\$p].$2"
}
# the counters a session reset changes, of both neighbors
counters() {
	local p
	for p in eth0 198.51.100.1; do
		echo "$p $(nbr "$p" connectionsEstablished) $(nbr "$p" connectionsDropped)"
	done
}
warned="reload warning: bgpd: \"neighbor eth0 update-source 192.0.2.1\" (router bgp 64512): not sent: bgpd keeps no update-source for an interface neighbor; it answers with a bare warning and changes nothing"

err=$("$FRRSHIM" reload --vty-socket "$ND" --status "$FRR_WORK/s1.json" "$FRR_WORK/a.conf" 2>&1)
frr_assert_eq "first reload: exit 0" "$?" 0
frr_assert_eq "first reload: says the interface neighbor's update-source is not sent" "$err" "$warned"
frr_assert "first reload: applied, nothing learned" \
	grep -q '"result":"applied".*"lines_learned":0' "$FRR_WORK/s1.json"
both_up() { frr_established "$ND" eth0 && frr_established "$ND" 198.51.100.1; }
frr_assert "both sessions reach Established" frr_wait 60 both_up
frr_assert_eq "the address neighbor's update-source is applied" "$(nbr 198.51.100.1 updateSource)" 198.51.100.2
frr_assert_eq "the interface neighbor has none" "$(nbr eth0 updateSource)" null
frr_assert_eq "the running config has only the address neighbor's" \
	"$(frr_running "$ND" | grep update-source)" " neighbor 198.51.100.1 update-source 198.51.100.2"
before=$(counters)

out=$("$FRRSHIM" reload --test --vty-socket "$ND" "$FRR_WORK/a.conf")
frr_assert_eq "reload --test of the same config: exit 0" "$?" 0
frr_assert_eq "reload --test of the same config: an empty diff" "$out" \
	"$(printf '\nLines To Delete\n===============\n\nLines To Add\n============')"
err=$("$FRRSHIM" reload --vty-socket "$ND" --status "$FRR_WORK/s2.json" "$FRR_WORK/a.conf" 2>&1)
frr_assert_eq "second reload: exit 0" "$?" 0
frr_assert_eq "second reload: the same warning" "$err" "$warned"
frr_assert "second reload: unchanged, nothing sent" \
	grep -q '"result":"unchanged".*"lines_deleted":0,"lines_added":0' "$FRR_WORK/s2.json"
frr_assert_eq "second reload: no session was reset" "$(counters)" "$before"
frr_assert "both sessions still Established" both_up

# a changed source: the address neighbor's is applied (its session resets); the interface
# neighbor's is still not sent, and its session is not touched
err=$("$FRRSHIM" reload --vty-socket "$ND" --status "$FRR_WORK/s3.json" "$FRR_WORK/b.conf" 2>&1)
frr_assert_eq "changed sources: exit 0" "$?" 0
frr_assert_eq "changed sources: the warning names the new address" "$err" "${warned/192.0.2.1/192.0.2.5}"
frr_assert "changed sources: two commands (the address neighbor's delete and add)" \
	grep -q '"result":"applied".*"lines_deleted":1,"lines_added":1,.*"lines_learned":0' \
	"$FRR_WORK/s3.json"
frr_assert_eq "the address neighbor's new update-source runs" "$(nbr 198.51.100.1 updateSource)" eth1
{ read -r _ est0 drop0; read -r _ est1 drop1; } <<< "$before"
# the reset and the new session come after the reload returns: wait for both
again() { [ "$(nbr 198.51.100.1 connectionsEstablished)" -gt "$est1" ] && frr_established "$ND" 198.51.100.1; }
frr_assert "the address neighbor's session comes back" frr_wait 60 again
# a new source resets the session; how many times it then drops before it settles is bgpd's
# and the machine's (once as a rule; twice seen under load), not the reload's
frr_assert "the address neighbor's session was reset" \
	test "$(nbr 198.51.100.1 connectionsDropped)" -gt "$drop1"
frr_assert_eq "the interface neighbor's session was not reset" \
	"$(nbr eth0 connectionsEstablished) $(nbr eth0 connectionsDropped)" "$est0 $drop0"

# MetalLB's own render of an unnumbered peer with a source address (its TestUnnumberedSession
# golden, in ../shared or /work/shared when present): applied, then nothing to send
golden=$SRCDIR/../shared/reference/metallb-goldens/unnumbered.conf
[ -f "$golden" ] || golden=/work/shared/reference/metallb-goldens/unnumbered.conf
if [ -f "$golden" ]; then
	MG=$(frr_start "$(frr_ns metallb)" metallb bgpd bfdd) || exit 1
	"$FRRSHIM" reload --vty-socket "$MG" --status "$FRR_WORK/g1.json" "$golden" 2>/dev/null
	frr_assert_eq "MetalLB's unnumbered golden: exit 0" "$?" 0
	frr_assert "MetalLB's unnumbered golden: applied, nothing learned" \
		grep -q '"result":"applied".*"lines_learned":0' "$FRR_WORK/g1.json"
	"$FRRSHIM" reload --vty-socket "$MG" --status "$FRR_WORK/g2.json" "$golden" 2>/dev/null
	frr_assert "MetalLB's unnumbered golden again: nothing sent" \
		grep -q '"result":"unchanged".*"lines_deleted":0,"lines_added":0' "$FRR_WORK/g2.json"
else
	echo "# no $golden: MetalLB's golden not checked"
fi
frr_done
