#!/bin/bash
# SPDX-License-Identifier: MIT
# Failures injected into a live reload, and the running config they leave:
#  - a command FRR rejects while doing it anyway (8.4's zebra: status 13 on `no ip address` for an
#    interface the kernel lacks; 10.x takes it without a word) is a warning, the reload succeeds;
#  - a command FRR rejects mid-apply: rolled back; the rollback itself meets a rejected command
#    (8.4) and goes on past it; FRR is back at A, exit 3;
#  - bgpd killed mid-apply: the rollback restores what the other daemons hold, reports the lines
#    that still differ in the status file, exit 4.
. "$(dirname "$0")/lib.sh"
frr_setup

ns=$(frr_ns rollback) || exit 1
dir=$(frr_start "$ns" sut bgpd bfdd staticd) || exit 1

snapshot() {
	frr_running "$1" | grep -v '^hostname '
}

cat > "$FRR_WORK/a.conf" <<'EOF'
frr defaults traditional
interface frsdummy0
 ip address 192.0.2.1/24
exit
ip prefix-list PL seq 5 permit 203.0.113.0/24
router bgp 64513
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor 192.0.2.9 remote-as 64512
 address-family ipv4 unicast
  network 203.0.113.0/24
 exit-address-family
exit
EOF

# 1. status 13 while the address goes anyway: a warning, applied, exit 0
frr_load "$dir" "$FRR_WORK/a.conf" >/dev/null 2>&1
sed 's/^ ip address 192.0.2.1\/24$/ ip address 192.0.2.3\/24/' "$FRR_WORK/a.conf" > "$FRR_WORK/b1.conf"
err=$("$FRRSHIM" reload --vty-socket "$dir" --status "$FRR_WORK/s1.json" "$FRR_WORK/b1.conf" 2>&1)
rc=$?
frr_assert_eq "status 13 but done: exit 0" "$rc" 0
if [ "$FRS_FRR" = 8.4 ]; then
	frr_assert "status 13 but done: a warning naming zebra and the command" \
		sh -c "echo '$err' | grep -q '^reload warning: zebra: \"no ip address 192.0.2.1/24\": % command failed (status 13)$'"
	frr_assert "status 13 but done: applied, the warning in the status file" \
		grep -q '"result":"applied".*"warnings":\["zebra: \\"no ip address 192.0.2.1/24\\"' "$FRR_WORK/s1.json"
else
	frr_assert_eq "no status 13 on $FRS_FRR: no warning" "$err" ""
	frr_assert "no status 13 on $FRS_FRR: applied, no warning in the status file" \
		grep -q '"result":"applied".*"warnings":\[\]' "$FRR_WORK/s1.json"
fi
runs() { frr_running "$dir" | grep -qx -- "$1"; }
frr_assert "status 13 but done: the new address runs" runs ' ip address 192.0.2.3/24'

# 2. rejected mid-apply; the rollback's own `no ip address` gets status 13 and goes on
frr_load "$dir" "$FRR_WORK/a.conf" >/dev/null 2>&1
"$FRRSHIM" reload --vty-socket "$dir" "$FRR_WORK/a.conf" >/dev/null 2>&1
before=$(snapshot "$dir")
sed -e 's/^ ip address 192.0.2.1\/24$/&\n ip address 198.51.100.1\/24/' \
    -e 's/^ neighbor 192.0.2.9 remote-as 64512$/&\n neighbor 192.0.2.9 timers 1 1/' \
	"$FRR_WORK/a.conf" > "$FRR_WORK/b2.conf"
err=$("$FRRSHIM" reload --vty-socket "$dir" --status "$FRR_WORK/s2.json" "$FRR_WORK/b2.conf" 2>&1)
rc=$?
frr_assert_eq "rejected mid-apply: exit 3" "$rc" 3
frr_assert "rejected mid-apply: the error names bgpd and the command" \
	sh -c "echo '$err' | grep -q '^reload error: bgpd: \"neighbor 192.0.2.9 timers 1 1\": %'"
if [ "$FRS_FRR" = 8.4 ]; then
	frr_assert "rejected mid-apply: the rollback's status 13 is a warning" \
		sh -c "echo '$err' | grep -q '^reload warning: zebra: \"no ip address 198.51.100.1/24\"'"
else
	frr_assert "rejected mid-apply: no warning on $FRS_FRR" sh -c "! echo '$err' | grep -q '^reload warning'"
fi
frr_assert_eq "rejected mid-apply: running config back at A" "$(snapshot "$dir")" "$before"
frr_assert "rejected mid-apply: rolled back, nothing residual" \
	grep -q '"result":"rolled-back".*"residual":\[\]' "$FRR_WORK/s2.json"

# 3. bgpd killed mid-apply: zebra's part restored, bgpd's reported, exit 4
zebra_before=$(frr_running "$dir" zebra)
# bgpd 8.4 takes seconds for 2,000 new entries of one list, 10.x about one: 8,000 there
# (2001:db8:1::/48 to 2001:db8:1f40::/48, inside the documentation prefix)
n=2000
[ "$FRS_FRR" = 8.4 ] || n=8000
{
	sed -n '1,4p' "$FRR_WORK/a.conf"
	for i in $(seq 1 "$n"); do
		printf 'ipv6 prefix-list PL6 seq %d permit 2001:db8:%x::/48\n' "$((i + 5))" "$i"
	done
	sed -n '5,$p' "$FRR_WORK/a.conf"
} > "$FRR_WORK/b3.conf"
bgpd_pid=$(cat "$dir/bgpd.pid")
# CPU ticks bgpd has used (utime + stime): it is busy once the batch is in flight
ticks() { awk '{ print $14 + $15 }' "/proc/$bgpd_pid/stat"; }
t0=$(ticks)
"$FRRSHIM" reload --vty-socket "$dir" --status "$FRR_WORK/s3.json" "$FRR_WORK/b3.conf" \
	> "$FRR_WORK/out3" 2>&1 &
shim=$!
frr_wait 30 sh -c "[ \$(awk '{ print \$14 + \$15 }' /proc/$bgpd_pid/stat) -ge $((t0 + 30)) ]"
kill -9 "$bgpd_pid"
wait "$shim"
rc=$?
frr_assert_eq "bgpd killed mid-apply: exit 4" "$rc" 4
frr_assert "bgpd killed mid-apply: the error names bgpd" grep -q '^reload error: bgpd: ' "$FRR_WORK/out3"
frr_assert_eq "bgpd killed mid-apply: zebra's config is back at A" \
	"$(frr_running "$dir" zebra)" "$zebra_before"
frr_assert "bgpd killed mid-apply: the lines still differing are in the status file" \
	grep -q '"result":"rollback-failed".*"residual":\["router bgp 64513"' "$FRR_WORK/s3.json"
frr_assert "bgpd killed mid-apply: and on stderr" grep -q '^still differs: router bgp 64513$' \
	"$FRR_WORK/out3"
frr_done
