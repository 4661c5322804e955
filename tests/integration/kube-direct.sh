#!/bin/bash
# SPDX-License-Identifier: MIT
# Direct mode over the Kubernetes API: `frrshim reloader --kube --node node1` against the fixture
# API server (tests/kube/kube-fixture), a real bgpd on the node and a router in namespaces. A
# Service's new IP in the watch stream reaches the router and the old one is withdrawn; a 410
# mid-watch relists without a reload; a restart of the API server with the same objects, a
# dropped connection and a bookmark change nothing; events split into small, slow chunks still
# arrive; an invalid BGPPeer is not applied (stale, its api: location logged); verify --kube
# agrees with verify over the same objects in a file.
. "$(dirname "$0")/sidecar-lib.sh"
. "$(dirname "$0")/../kube/lib.sh"

python3 -c 'import yaml' 2>/dev/null || frr_skip "python3-yaml is not installed"
sc_setup
kube_setup
cm_init
cm_write 203.0.113.10
cat > "$WATCH/cluster.yaml" <<'EOM'
apiVersion: v1
kind: Node
metadata:
  name: node1
  labels:
    kubernetes.io/hostname: node1
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: metallb-system
EOM
kube_yaml2json "$KUBE_DIR/fixtures/all.json" "$WATCH"/..data/*.yaml "$WATCH/cluster.yaml" ||
	{ echo "not ok - fixtures"; exit 1; }
kube_start "$KUBE_DIR/fixtures" || { echo "not ok - the fixture server does not start"; exit 1; }
KC=$KUBE_DIR/kubeconfig
kube_kubeconfig "$KC" token

METRICS_PORT=$((20000 + RANDOM % 20000))
SC_LOG=$SC_STATE/sidecar.log
"$FRRSHIM" reloader --kube --kubeconfig "$KC" --node node1 --state-dir "$SC_STATE" \
	--vty-socket "$NODE_DIR" --confdir "$NODE_DIR" --metrics "127.0.0.1:$METRICS_PORT" \
	2>>"$SC_LOG" &
SC_PID=$!
echo "$SC_PID" >> "$FRR_WORK/.pids"

# reloads: successful reloads so far (the metric), and the log's "reloading FRR" lines
reloads() {
	curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" |
		sed -n 's/^frrshim_reloads_total{result="success"} //p'
}
reload_lines() { sc_count 'msg="reloading FRR"'; }
lists() { # RESOURCE: how many times the reloader listed it
	kube_stat "$1" list
}
grown() { # RESOURCE FIELD N: the fixture's count FIELD of RESOURCE is above N (now)
	[ "$(kube_stat "$1" "$2")" -gt "$3" ]
}
watching() { # every watched kind has a watch open
	local r
	for r in services endpointslices nodes namespaces secrets bgppeers ipaddresspools \
		bgpadvertisements l2advertisements communities bfdprofiles; do
		[ "$(kube_stat "$r" active)" -ge 1 ] || return 1
	done
}
# svc IP: the Service web in shop with IP, as the API would hold it
svc() {
	printf '{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"},"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"%s"}]}}}' "$1"
}
# quiet: nothing reloaded since the counts R0/L0 and the running config is still C0
quiet() {
	[ "$(reloads)" = "$R0" ] && [ "$(reload_lines)" = "$L0" ] && [ "$(frr_running "$NODE_DIR")" = "$C0" ]
}

frr_assert "router receives the Service IP 203.0.113.10/32" frr_wait 30 sc_received 203.0.113.10/32
frr_assert "session established" frr_wait 10 frr_established "$NODE_DIR" 192.0.2.1
frr_assert "a watch open on every kind" frr_wait 10 watching
frr_assert "the watches asked for bookmarks" \
	grep -q 'GET /api/v1/services watch=[1a-z]* rv=[0-9]' "$KUBE_DIR/requests.log"
frr_assert_eq "one reload so far" "$(reloads)" 1

# the Service gets a new IP: one MODIFIED event in the watch stream
svc 203.0.113.20 | kube_apply MODIFIED >/dev/null
frr_assert "router receives the new IP 203.0.113.20/32" frr_wait 30 sc_received 203.0.113.20/32
frr_assert "router no longer has the old IP 203.0.113.10/32" frr_wait 10 sc_not_received 203.0.113.10/32
frr_wait 10 sh -c "curl -fsS http://127.0.0.1:$METRICS_PORT/metrics | grep -qx 'frrshim_reloads_total{result=\"success\"} 2'"
frr_assert_eq "the change was one reload" "$(reloads)" 2

# 410 mid-watch: every watcher relists, nothing is reloaded
sleep 1 # past the debounce of the change above
R0=$(reloads) L0=$(reload_lines) C0=$(frr_running "$NODE_DIR")
l_svc=$(lists services) l_peer=$(lists bgppeers)
kube_ctl /expire >/dev/null
frr_assert "410: Services relisted" frr_wait 15 grown services list "$l_svc"
frr_assert "410: BGPPeers relisted" frr_wait 15 grown bgppeers list "$l_peer"
frr_assert "410: the relist is logged" frr_wait 5 grep -q 'watch expired (410 Gone); relisting' "$SC_LOG"
frr_assert "410: watching again" frr_wait 15 watching
sleep 1.5 # a reload, if one came, would come within the debounce
frr_assert "410: no reload, FRR's config untouched" quiet
frr_assert "410: the IP is still announced" sc_received 203.0.113.20/32

# the API server restarts (same port, same objects): reconnect, no reload
kube_ctl "/restart?down_ms=1000" >/dev/null
frr_assert "restart: watching again" frr_wait 40 watching
sleep 1.5
frr_assert "restart: no reload" quiet

# a dropped connection: reconnect (from the last resourceVersion), no reload
w_svc=$(kube_stat services watch)
kube_ctl /drop >/dev/null
frr_assert "drop: the Service watch reconnected" frr_wait 40 grown services watch "$w_svc"
frr_assert "drop: watching again" frr_wait 40 watching
frr_assert "drop: logged as an interrupted watch" grep -q 'watch interrupted; reconnecting' "$SC_LOG"
kube_ctl /bookmark >/dev/null
sleep 1.5
frr_assert "drop, bookmark: no reload" quiet

# after all that the stream still carries changes; this one in 9-byte chunks, 30 ms apart
kube_ctl "/split?bytes=9&delay_ms=30" >/dev/null
svc 203.0.113.30 | kube_apply MODIFIED >/dev/null
frr_assert "split chunks: router receives 203.0.113.30/32" frr_wait 30 sc_received 203.0.113.30/32
frr_assert "split chunks: router no longer has 203.0.113.20/32" frr_wait 10 sc_not_received 203.0.113.20/32
kube_ctl "/split?bytes=0" >/dev/null

# an invalid BGPPeer: nothing applied, the error at its api: location, stale until fixed
peer() { # PEER_ASN (a string, to be invalid)
	printf '{"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"rtr","namespace":"metallb-system"},"spec":{"myASN":64512,"peerASN":%s,"peerAddress":"192.0.2.1","password":"%s","connectTime":"1s","routerID":"192.0.2.2"}}' "$1" "$SC_PASSWORD"
}
before=$(frr_running "$NODE_DIR")
peer '"not-a-number"' | kube_apply MODIFIED >/dev/null
frr_assert "invalid: the error is logged with its api: location" \
	frr_wait 10 grep -qE 'msg="invalid configuration" at=api:BGPPeer/metallb-system/rtr' "$SC_LOG"
frr_assert "invalid: stale flag set" frr_wait 5 grep -q '"stale":.*true' "$SC_STATE/state.json"
curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" > "$FRR_WORK/metrics1.txt"
frr_assert "invalid: metrics say stale" grep -qx 'metallb_k8s_client_config_stale_bool 1' "$FRR_WORK/metrics1.txt"
frr_assert_eq "invalid: running config unchanged" "$(frr_running "$NODE_DIR")" "$before"
peer 64513 | kube_apply MODIFIED >/dev/null
frr_assert "valid again: stale flag cleared" frr_wait 10 grep -q '"stale":.*false' "$SC_STATE/state.json"
frr_assert "valid again: 203.0.113.30/32 still announced" sc_received 203.0.113.30/32

# a Service deleted: its IP is withdrawn
svc 203.0.113.30 | kube_apply DELETED >/dev/null
frr_assert "DELETED: router no longer has 203.0.113.30/32" frr_wait 30 sc_not_received 203.0.113.30/32
svc 203.0.113.40 | kube_apply ADDED >/dev/null
frr_assert "ADDED: router receives 203.0.113.40/32" frr_wait 30 sc_received 203.0.113.40/32

# verify --kube says what verify says over the same objects in a file (what the API holds now;
# not the Namespaces, a kind files do not take)
for r in bgppeers ipaddresspools bgpadvertisements services nodes; do
	curl -fsS "$KUBE_CTL/objects?resource=$r"
	echo
done | python3 -c '
import json, sys
items = []
for line in sys.stdin:
    if line.strip():
        items += json.loads(line)["items"]
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, open(sys.argv[1], "w"))' "$FRR_WORK/now.json"
"$FRRSHIM" verify --node node1 --wait 20 --vty-socket "$NODE_DIR" --kube --kubeconfig "$KC" \
	> "$FRR_WORK/verify-kube.txt" 2>&1
rc_k=$?
"$FRRSHIM" verify --node node1 --wait 20 --vty-socket "$NODE_DIR" "$FRR_WORK/now.json" \
	> "$FRR_WORK/verify-file.txt" 2>&1
rc_f=$?
frr_assert_eq "verify --kube: exit 0" "$rc_k" 0
frr_assert_eq "verify --kube: the same exit status as from a file" "$rc_k" "$rc_f"
frr_assert "verify --kube: the same report as from a file" cmp "$FRR_WORK/verify-file.txt" "$FRR_WORK/verify-kube.txt"
cmp -s "$FRR_WORK/verify-file.txt" "$FRR_WORK/verify-kube.txt" ||
	diff -u "$FRR_WORK/verify-file.txt" "$FRR_WORK/verify-kube.txt" | head -20

kill -TERM "$SC_PID"; wait "$SC_PID"; rc=$?
frr_assert_eq "SIGTERM exits 0" "$rc" 0
sc_no_password "the log" "$SC_LOG"
sc_no_password "status files" "$SC_STATE/.status" "$SC_STATE/last-error" "$SC_STATE/running-config" "$SC_STATE/state.json"
sc_no_password "metrics" "$FRR_WORK/metrics1.txt"
frr_assert "no token in the log" sh -c "! grep -qF -- '$KUBE_TOKEN' '$SC_LOG'"
frr_done
