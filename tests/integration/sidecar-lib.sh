# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Shared by the sidecar-*.sh tests: a node and a router in namespaces, the speaker's file, the sidecar.

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SC_PASSWORD="s3cret-Pw_$$"

# sc_setup: NODE (bgpd, AS 64512, 192.0.2.2) and RTR (bgpd, AS 64513, 192.0.2.1), router configured.
sc_setup() {
	frr_setup
	NODE_NS=$(frr_ns node) && RTR_NS=$(frr_ns rtr) || exit 1
	frr_link "$NODE_NS" 192.0.2.2/24 "$RTR_NS" 192.0.2.1/24 || exit 1
	NODE_DIR=$(frr_start "$NODE_NS" node bgpd) || exit 1
	RTR_DIR=$(frr_start "$RTR_NS" rtr bgpd) || exit 1
	cat > "$FRR_WORK/rtr.conf" <<EOC
router bgp 64513
 bgp router-id 192.0.2.1
 no bgp ebgp-requires-policy
 neighbor 192.0.2.2 remote-as 64512
 neighbor 192.0.2.2 password $SC_PASSWORD
 neighbor 192.0.2.2 timers connect 1
exit
EOC
	frr_load "$RTR_DIR" "$FRR_WORK/rtr.conf" >/dev/null
	SC_STATE=$FRR_WORK/reloader
	mkdir -p "$SC_STATE"
}

# sc_conf PREFIX...: the speaker's frr.conf for the node, announcing PREFIXes.
sc_conf() {
	local p f="$SC_STATE/frr.conf.tmp"
	{
		echo "frr defaults traditional"
		echo "hostname node"
		echo "log stdout informational"
		echo "router bgp 64512"
		echo " bgp router-id 192.0.2.2"
		echo " no bgp ebgp-requires-policy"
		echo " no bgp network import-check"
		echo " neighbor 192.0.2.1 remote-as 64513"
		echo " neighbor 192.0.2.1 password $SC_PASSWORD"
		echo " neighbor 192.0.2.1 timers connect 1"
		echo " !"
		echo " address-family ipv4 unicast"
		for p in "$@"; do echo "  network $p"; done
		echo " exit-address-family"
		echo "exit"
	} > "$f"
	chmod 600 "$f"
	mv "$f" "$SC_STATE/frr.conf"
}

# sc_start [ARGS...]: the sidecar in drop-in mode on $SC_STATE; its log is $SC_LOG.
sc_start() {
	SC_LOG=$SC_STATE/sidecar.log
	"$FRRSHIM" reloader --file "$SC_STATE/frr.conf" --vty-socket "$NODE_DIR" \
		--confdir "$NODE_DIR" "$@" 2>>"$SC_LOG" &
	SC_PID=$!
	echo "$SC_PID" >> "$FRR_WORK/.pids"
	frr_wait 10 test -s "$SC_STATE/reloader.pid" || { echo "no pid file" >&2; exit 1; }
}

# sc_hup: what the speaker does: read the pid file, send SIGHUP.
sc_hup() {
	kill -HUP "$(cat "$SC_STATE/reloader.pid")"
}

# sc_received PREFIX: the router has PREFIX from the node.
sc_received() {
	frr_vtysh "$RTR_DIR" -c "show bgp ipv4 unicast $1 json" | grep -q '"peerId":"192.0.2.2"'
}

sc_not_received() {
	! sc_received "$1"
}

# sc_count PATTERN: log lines matching PATTERN so far.
sc_count() {
	grep -c -- "$1" "$SC_LOG" 2>/dev/null || true
}

# sc_no_password WHAT FILE...: the password appears in none of FILEs.
sc_no_password() {
	local what=$1; shift
	# shellcheck disable=SC2016 # expanded by the inner sh
	frr_assert "no password in $what" sh -c '! grep -rqF -- "$0" "$@"' "$SC_PASSWORD" "$@"
}

# sc_status_is WORD: .status is "<epoch> WORD", without newline.
sc_status_is() {
	grep -qE "^[0-9]+ $1\$" "$SC_STATE/.status" && [ "$(tail -c 1 "$SC_STATE/.status" | od -An -c | tr -d ' ')" != '\n' ]
}

# cm_init: an empty ConfigMap-style volume in $WATCH.
cm_init() {
	WATCH=$FRR_WORK/manifests
	mkdir -p "$WATCH"
	gen=0
}

# cm_write SERVICE_IP [PEER_ASN]: publish a new version of the volume the way the kubelet does.
cm_write() {
	local ip=$1 asn=${2:-64513} old new
	gen=$((gen + 1))
	new="..2026_11_26_00_00_0$gen.$$"
	mkdir "$WATCH/$new"
	cat > "$WATCH/$new/peers.yaml" <<EOM
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: rtr
  namespace: metallb-system
spec:
  myASN: 64512
  peerASN: $asn
  peerAddress: 192.0.2.1
  password: $SC_PASSWORD
  connectTime: 1s
  routerID: 192.0.2.2
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: pool
  namespace: metallb-system
spec:
  addresses:
  - 203.0.113.0/26
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata:
  name: adv
  namespace: metallb-system
EOM
	cat > "$WATCH/$new/services.yaml" <<EOM
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  type: LoadBalancer
status:
  loadBalancer:
    ingress:
    - ip: $ip
EOM
	old=$(readlink "$WATCH/..data" 2>/dev/null)
	ln -s "$new" "$WATCH/..data_tmp"
	# shellcheck disable=SC2034 # for bench/sidecar.sh
	CM_SWAP_MS=$(( $(date +%s%N) / 1000000 ))   # the moment the new version is published
	mv -T "$WATCH/..data_tmp" "$WATCH/..data"
	[ -e "$WATCH/peers.yaml" ] || ln -s ..data/peers.yaml "$WATCH/peers.yaml"
	[ -e "$WATCH/services.yaml" ] || ln -s ..data/services.yaml "$WATCH/services.yaml"
	[ -n "$old" ] && rm -rf "${WATCH:?}/$old"
	return 0
}
