#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016 # the single-quoted texts are sh -c scripts: $0, $1 are theirs
# The interactive shell driven in a real terminal (tmux: send-keys, capture-pane) against a real
# FRR: TAB completion of commands, NAMESPACE/SERVICE names and live neighbors, `?` help, show
# pass-through (bgpd, zebra, merged running-config), history recalled in and across sessions.
. "$(dirname "$0")/lib.sh"

frr_setup
command -v tmux >/dev/null || frr_skip "tmux is not installed"
NODE_NS=$(frr_ns node) && RTR_NS=$(frr_ns rtr) || exit 1
frr_link "$NODE_NS" 192.0.2.2/24 "$RTR_NS" 192.0.2.1/24 || exit 1
NODE_DIR=$(frr_start "$NODE_NS" node bgpd bfdd) || exit 1
RTR_DIR=$(frr_start "$RTR_NS" rtr bgpd) || exit 1
cat > "$FRR_WORK/rtr.conf" <<EOC
router bgp 64513
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 neighbor 192.0.2.2 remote-as 64512
 neighbor 192.0.2.2 timers connect 1
exit
EOC
# 192.0.2.9 is known to the live bgpd only: its completion comes from FRR, not the manifests
cat > "$FRR_WORK/node.conf" <<EOC
router bgp 64512
 bgp router-id 192.0.2.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 192.0.2.1 remote-as 64513
 neighbor 192.0.2.1 timers connect 1
 neighbor 192.0.2.9 remote-as 64599
 address-family ipv4 unicast
  network 203.0.113.5/32
 exit-address-family
exit
EOC
frr_load "$RTR_DIR" "$FRR_WORK/rtr.conf" >/dev/null
frr_load "$NODE_DIR" "$FRR_WORK/node.conf" >/dev/null
frr_wait 30 frr_established "$NODE_DIR" 192.0.2.1 || { echo "no session"; exit 1; }

M=$FRR_WORK/manifests.yaml
cat > "$M" <<EOM
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: rtr, namespace: metallb-system}
spec: {myASN: 64512, peerASN: 64513, peerAddress: 192.0.2.1}
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: pool, namespace: metallb-system}
spec: {addresses: [203.0.113.0/26]}
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata: {name: adv, namespace: metallb-system}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: LoadBalancer}
status: {loadBalancer: {ingress: [{ip: 203.0.113.5}]}}
---
apiVersion: v1
kind: Node
metadata: {name: node}
EOM

T=$FRR_WORK/tmux.sock
H=$FRR_WORK/home
mkdir -p "$H"
start_shell() {
	tmux -S "$T" new-session -d -x 160 -y 50 \
		"env HOME=$H PAGER='sed -e s/^/PAGED:/' TERM=xterm INPUTRC=/dev/null $FRRSHIM shell -n node --vty-socket $NODE_DIR $M" || exit 1
	tmux -S "$T" display -p '#{pid}' >> "$FRR_WORK/.pids"
	frr_wait 10 screen_has '^frrshim> $' || { echo "no prompt"; screen; exit 1; }
}
screen() { tmux -S "$T" capture-pane -p -J -S -200 2>/dev/null; }
screen_has() { screen | grep -qE -- "$1"; }
# the line the cursor is on (the last non-empty one)
cur_line() { screen | sed -e 's/ *$//' -e '/^$/d' | tail -n 1; }
keys() { tmux -S "$T" send-keys "$@"; }
# expect WHAT PATTERN: the screen shows PATTERN (polled; no fixed sleep)
expect() {
	if frr_wait 10 screen_has "$2"; then echo "ok - $1"; else
		echo "not ok - $1 (wanted /$2/)"; screen | tail -n 15 | sed 's/^/  | /'; _frr_failed=1; fi
}
expect_line() {
	if frr_wait 10 sh -c '[ "$(tmux -S "$0" capture-pane -p -J | sed -e "s/ *\$//" -e "/^\$/d" | tail -n 1)" = "$1" ]' "$T" "$2"; then
		echo "ok - $1"; else echo "not ok - $1"; echo "  expected: $2"; echo "  got:      $(cur_line)"; _frr_failed=1; fi
}
clear_screen() { keys C-l; tmux -S "$T" clear-history; frr_wait 10 sh -c '[ "$(tmux -S "$0" capture-pane -p | sed "/^\$/d" | wc -l)" -le 1 ]' "$T"; }

start_shell
keys "expl" Tab
expect_line "TAB completes a command" "frrshim> explain"
keys "sh" Tab
expect_line "TAB completes NAMESPACE/SERVICE from the manifests" "frrshim> explain shop/web"
keys Enter
expect "the command runs" '^  ✓ 203\.0\.113\.5: announced from IPAddressPool pool'

clear_screen
keys "show bgp ?"
expect "? lists what follows show bgp" '^  summary +one line per neighbor$'
expect_line "? keeps the line as it was" "frrshim> show bgp"
keys "neighbors 192.0.2." Tab Tab
expect "TAB lists the live neighbor (FRR only)" '192\.0\.2\.9'
expect "TAB lists the manifests' neighbor" '192\.0\.2\.1'
keys "1" Enter
expect "show bgp neighbors goes to bgpd, through \$PAGER (longer than the terminal)" \
	'^PAGED:BGP neighbor is 192\.0\.2\.1, remote AS 64513'
expect "...the whole of it" '^PAGED: +BGP state = Established'

clear_screen
keys "show ip route" Enter
expect "show ip route goes to zebra, not paged (it fits)" '^C>\* 192\.0\.2\.0/24 is directly connected'
keys "show running-config" Enter
expect "show running-config is merged from the daemons" '^router bgp 64512$'
keys "show bgp summary" Enter
expect "show bgp summary" '^192\.0\.2\.1 +4 +64513 '
keys "lint" Enter
expect "lint over the loaded manifests" 'frrshim lint: ok: 5 documents'

# the manifests are read again when a file changes (the Service moves to another IP)
sed -i 's/203\.0\.113\.5}/203.0.113.6}/' "$M"
keys "explain shop/web" Enter
expect "a changed manifest is read again before the next command" '^  ✓ 203\.0\.113\.6: announced'
sed -i 's/203\.0\.113\.6}/203.0.113.5}/' "$M"
keys "lint" Enter

clear_screen
keys Up
expect_line "Up recalls the last command" "frrshim> lint"
keys Up Up Up
expect_line "...and those before it" "frrshim> show bgp summary"
keys C-u "exit" Enter
frr_wait 10 sh -c '! tmux -S "$0" has-session 2>/dev/null' "$T"
frr_assert "history is saved in ~/.frrshim_history" grep -qx 'show bgp summary' "$H/.frrshim_history"
frr_assert "...with the command typed by completion" grep -qx 'explain shop/web' "$H/.frrshim_history"

start_shell
keys Up
expect_line "history is recalled in a new session" "frrshim> exit"
keys C-c
expect_line "Ctrl-C drops the line and keeps the shell" "frrshim>"
keys "quit" Enter
frr_wait 10 sh -c '! tmux -S "$0" has-session 2>/dev/null' "$T"

# `frrshim` alone on a terminal is the shell, as `vtysh` alone is
tmux -S "$T" new-session -d -x 160 -y 50 "env HOME=$H TERM=xterm INPUTRC=/dev/null $FRRSHIM" || exit 1
tmux -S "$T" display -p '#{pid}' >> "$FRR_WORK/.pids"
expect "frrshim alone on a terminal starts the shell" '^frrshim> $'
keys C-d
frr_wait 10 sh -c '! tmux -S "$0" has-session 2>/dev/null' "$T"
frr_assert "...and Ctrl-D leaves it" sh -c '! tmux -S "$0" has-session 2>/dev/null' "$T"

# Scripted, against the same FRR: show routed to bfdd and (abbreviated) to zebra, an unknown
# command answered by FRR; then diff (rendered vs live), reload, diff again, verify.
sh_run() { HOME=$H "$FRRSHIM" shell -n node --vty-socket "$NODE_DIR" "$@"; }
out=$(sh_run -c 'show bfd peers')
frr_assert_eq "show bfd goes to bfdd" "$(sed -n 1p <<<"$out")" "BFD Peers:"
out=$(sh_run -c 'sh ip ro 192.0.2.0/24')
frr_assert "sh ip ro, abbreviated, goes to zebra" grep -q '^Routing entry for 192.0.2.0/24' <<<"$out"
out=$(sh_run -c 'show no-such-thing' 2>&1)
frr_assert_eq "an unknown show: FRR's answer, exit 2" "$?" 2
frr_assert "...FRR's words" grep -q 'Unknown command' <<<"$out"
out=$(sh_run -c diff "$M")
frr_assert_eq "diff: differences, exit 1" "$?" 1
frr_assert "diff deletes the neighbor only the live config has" \
	sh -c 'printf "%s\n" "$0" | sed "s/^ *//" | grep -qx "no neighbor 192.0.2.9 remote-as 64599"' "$out"
out=$(printf 'reload\ndiff\nverify --wait 30\n' | sh_run "$M" 2>&1)
frr_assert_eq "stdin script: reload, diff, verify all succeed" "$?" 0
sh_run -c diff "$M" >/dev/null
frr_assert_eq "diff after the reload: no differences, exit 0" "$?" 0
frr_assert "the router receives the Service IP" sh -c \
	'frr_dir=$0; vtysh --vty_socket "$frr_dir" --config_dir "$frr_dir" -c "show bgp ipv4 unicast 203.0.113.5/32 json" | grep -q "\"peerId\":\"192.0.2.2\""' "$RTR_DIR"
frr_done
