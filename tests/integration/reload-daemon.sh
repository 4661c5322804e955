#!/bin/bash
# SPDX-License-Identifier: MIT
# `frrshim reload --daemon NAME` (frr-reload.py's --daemon) against real FRR, without
# --frr-version: only what that daemon takes, as the FRR spoken to routes it (the version asked
# first: 10.x gives static routes and zebra's prefix-lists to mgmtd, 8.4 to staticd and zebra),
# is compared and changed; the other daemons are left alone; --test and --dry-run see the same.
. "$(dirname "$0")/lib.sh"
frr_setup

ns=$(frr_ns daemon) || exit 1
dir=$(frr_start "$ns" sut bgpd staticd) || exit 1
# who holds static routes, and lib's prefix-lists besides bgpd
if [ "$FRS_FRR" = 8.4 ]; then routes=staticd lists=zebra; else routes=mgmtd lists=mgmtd; fi

cat > "$FRR_WORK/a.conf" <<'EOF'
frr defaults traditional
ip route 198.51.100.0/24 blackhole
ip prefix-list PL seq 5 permit 203.0.113.0/24
router bgp 64512
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 neighbor 192.0.2.9 remote-as 64513
exit
EOF
sed -e 's/^ip route 198.51.100.0\/24 blackhole$/&\nip route 203.0.113.0\/24 blackhole/' \
    -e 's/^ip prefix-list PL seq 5 .*$/&\nip prefix-list PL seq 10 permit 198.51.100.0\/24/' \
    -e 's/router-id 192.0.2.1$/router-id 192.0.2.2/' "$FRR_WORK/a.conf" > "$FRR_WORK/b.conf"
frr_load "$dir" "$FRR_WORK/a.conf" >/dev/null 2>&1

# has DAEMON LINE: LINE is in DAEMON's own running config
has() { frr_running "$dir" "$1" | grep -qx -- "$2"; }
lacks() { ! has "$@"; }
seq10='ip prefix-list PL seq 10 permit 198.51.100.0/24'
route2='ip route 203.0.113.0/24 blackhole'

# 1. bgpd only: its router-id and its copy of the prefix-list; the routes and the other copy stay
"$FRRSHIM" reload --daemon bgpd --vty-socket "$dir" "$FRR_WORK/b.conf" 2>"$FRR_WORK/err1"
frr_assert_eq "--daemon bgpd: exit 0" "$?" 0
frr_assert "--daemon bgpd: the new router-id runs" has bgpd ' bgp router-id 192.0.2.2'
frr_assert "--daemon bgpd: bgpd's prefix-list has the new entry" has bgpd "$seq10"
frr_assert "--daemon bgpd: $lists's prefix-list is left alone" lacks "$lists" "$seq10"
frr_assert "--daemon bgpd: the static routes are left alone" lacks "$routes" "$route2"

# 2. --test and --dry-run for the static routes' daemon: the route (and on 10.x mgmtd's
# prefix-list entry) to add, nothing to delete
"$FRRSHIM" reload --test --daemon "$routes" --vty-socket "$dir" "$FRR_WORK/b.conf" \
	>"$FRR_WORK/test2" 2>&1
frr_assert_eq "--test --daemon $routes: exit 1 (differences)" "$?" 1
if [ "$routes" = mgmtd ]; then want_add="$route2
$seq10"; else want_add=$route2; fi
want="
Lines To Delete
===============

Lines To Add
============
$want_add"
frr_assert_eq "--test --daemon $routes: only its own lines to add" "$(cat "$FRR_WORK/test2")" "$want"
"$FRRSHIM" reload --dry-run --daemon "$routes" --vty-socket "$dir" "$FRR_WORK/b.conf" \
	>"$FRR_WORK/dry2" 2>&1
frr_assert_eq "--dry-run --daemon $routes: exit 0" "$?" 0
frr_assert_eq "--dry-run --daemon $routes: the same diff" "$(cat "$FRR_WORK/dry2")" "$want"

# 3. the static routes' daemon: the new route goes in, the old one stays, bgpd is not touched
"$FRRSHIM" reload --daemon "$routes" --vty-socket "$dir" --status "$FRR_WORK/s3.json" \
	"$FRR_WORK/b.conf" 2>"$FRR_WORK/err3"
frr_assert_eq "--daemon $routes: exit 0" "$?" 0
frr_assert "--daemon $routes: the new route runs" has "$routes" "$route2"
frr_assert "--daemon $routes: the old route still runs" has "$routes" 'ip route 198.51.100.0/24 blackhole'
frr_assert "--daemon $routes: applied, nothing deleted" \
	grep -q '"result":"applied".*"lines_deleted":0,' "$FRR_WORK/s3.json"
frr_assert "--daemon $routes: bgpd keeps its config" has bgpd ' bgp router-id 192.0.2.2'

# 4. now nothing differs for it: --test exits 0, a reload sends nothing
"$FRRSHIM" reload --test --daemon "$routes" --vty-socket "$dir" "$FRR_WORK/b.conf" >/dev/null 2>&1
frr_assert_eq "--test --daemon $routes after the reload: exit 0" "$?" 0
"$FRRSHIM" reload --daemon "$routes" --vty-socket "$dir" --status "$FRR_WORK/s4.json" \
	"$FRR_WORK/b.conf" 2>/dev/null
frr_assert "--daemon $routes again: unchanged" grep -q '"result":"unchanged"' "$FRR_WORK/s4.json"

# 5. through vtysh (`--vtysh`): only bgpd's running config is compared, so the other daemons'
# lines are not deleted; the router-id goes back
sed 's/router-id 192.0.2.2$/router-id 192.0.2.1/' "$FRR_WORK/b.conf" > "$FRR_WORK/c.conf"
"$FRRSHIM" reload --vtysh "$(frr_vtysh_bin)" --daemon bgpd --vty-socket "$dir" \
	--status "$FRR_WORK/s5.json" "$FRR_WORK/c.conf" 2>"$FRR_WORK/err5"
frr_assert_eq "--vtysh --daemon bgpd: exit 0" "$?" 0
frr_assert "--vtysh --daemon bgpd: the old router-id runs" has bgpd ' bgp router-id 192.0.2.1'
frr_assert "--vtysh --daemon bgpd: the router-id replaced, nothing else deleted" \
	grep -q '"result":"applied".*"lines_deleted":1,"lines_added":1,' "$FRR_WORK/s5.json"
frr_assert "--vtysh --daemon bgpd: the static routes still run" has "$routes" "$route2"
sed "s/^/# /" "$FRR_WORK/err1" "$FRR_WORK/err3" "$FRR_WORK/err5"
frr_done
