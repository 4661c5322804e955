#!/bin/bash
# SPDX-License-Identifier: MIT
# Direct mode: manifests in a ConfigMap-style volume (..data symlink swaps); a Service's new IP
# reaches the router and the old one is withdrawn; an invalid set is not applied and sets stale.
. "$(dirname "$0")/sidecar-lib.sh"

sc_setup
cm_init
cm_write 203.0.113.10
METRICS_PORT=$((20000 + RANDOM % 20000))
SC_LOG=$SC_STATE/sidecar.log
"$FRRSHIM" reloader --node node1 --node-labels kubernetes.io/hostname=node1 --watch "$WATCH" \
	--state-dir "$SC_STATE" --vty-socket "$NODE_DIR" --confdir "$NODE_DIR" \
	--metrics "127.0.0.1:$METRICS_PORT" 2>>"$SC_LOG" &
SC_PID=$!
echo "$SC_PID" >> "$FRR_WORK/.pids"

frr_assert "router receives the Service IP 203.0.113.10/32" frr_wait 30 sc_received 203.0.113.10/32
frr_assert "session established" frr_wait 10 frr_established "$NODE_DIR" 192.0.2.1

# the Service gets a new IP
cm_write 203.0.113.20
frr_assert "router receives the new IP 203.0.113.20/32" frr_wait 30 sc_received 203.0.113.20/32
frr_assert "router no longer has the old IP 203.0.113.10/32" frr_wait 10 sc_not_received 203.0.113.10/32

# an invalid set: nothing applied, error with its location, stale set
before=$(frr_running "$NODE_DIR")
mkdir -p "$FRR_WORK/valid" && cp -L "$WATCH"/*.yaml "$FRR_WORK/valid/"
cm_write 203.0.113.30 not-a-number
frr_assert "the error is logged with file:line:column" \
	frr_wait 10 grep -qE 'msg="invalid configuration" at=[^ ]*peers.yaml:[0-9]+:[0-9]+' "$SC_LOG"
frr_assert "stale flag set in the state file" frr_wait 5 grep -q '"stale":.*true' "$SC_STATE/state.json"
# explain --live reads it, with the sidecar's last error (over the last valid manifests)
ip netns exec "$NODE_NS" "$FRRSHIM" explain --live --node node1 --vty-socket "$NODE_DIR" \
	--state-dir "$SC_STATE" shop/web "$FRR_WORK/valid" > "$FRR_WORK/explain.txt" 2>&1
frr_assert "explain --live: stale configuration named, with the error" grep -qE \
	'^  ✗ sidecar: stale configuration \(the last valid one still runs\): failed: [^ ]*peers.yaml:[0-9]+:[0-9]+: ' \
	"$FRR_WORK/explain.txt"
curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" > "$FRR_WORK/metrics1.txt"
frr_assert "metrics: stale" grep -qx 'metallb_k8s_client_config_stale_bool 1' "$FRR_WORK/metrics1.txt"
frr_assert_eq "running config unchanged by an invalid set" "$(frr_running "$NODE_DIR")" "$before"
frr_assert "the old IP keeps being announced" sc_received 203.0.113.20/32

# valid again
cm_write 203.0.113.30
frr_assert "router receives 203.0.113.30/32" frr_wait 30 sc_received 203.0.113.30/32
frr_assert "router no longer has 203.0.113.20/32" frr_wait 10 sc_not_received 203.0.113.20/32
frr_assert "stale flag cleared" frr_wait 5 grep -q '"stale":.*false' "$SC_STATE/state.json"
curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" > "$FRR_WORK/metrics2.txt"
frr_assert "metrics: not stale" grep -qx 'metallb_k8s_client_config_stale_bool 0' "$FRR_WORK/metrics2.txt"

# an in-place edit of a plain file (no volume swap) is seen too
rm "$WATCH/services.yaml"
sed 's/203.0.113.30/203.0.113.31/' "$WATCH/..data/services.yaml" > "$WATCH/services.yaml"
frr_assert "router receives 203.0.113.31/32 after a plain edit" frr_wait 30 sc_received 203.0.113.31/32

kill -TERM "$SC_PID"; wait "$SC_PID"; rc=$?
frr_assert_eq "SIGTERM exits 0" "$rc" 0
sc_no_password "the log" "$SC_LOG"
sc_no_password "status files" "$SC_STATE/.status" "$SC_STATE/last-error" "$SC_STATE/running-config" "$SC_STATE/state.json"
sc_no_password "metrics" "$FRR_WORK/metrics1.txt" "$FRR_WORK/metrics2.txt"
frr_done
