#!/bin/bash
# SPDX-License-Identifier: MIT
# The drop-in contract: the speaker writes frr.conf and sends SIGHUP; status, errors, no secrets.
. "$(dirname "$0")/sidecar-lib.sh"

sc_setup
METRICS_PORT=$((20000 + RANDOM % 20000))
sc_start --engine "${FRS_ENGINE:-frrshim}" --metrics 127.0.0.1:$METRICS_PORT

pid=$(cat "$SC_STATE/reloader.pid")
frr_assert_eq "pid file holds the sidecar's pid, no newline" "$(od -An -c "$SC_STATE/reloader.pid" | tr -d ' ')" "$(printf %s "$SC_PID" | od -An -c | tr -d ' ')"

sc_conf 203.0.113.10/32 203.0.113.11/32
sc_hup
frr_assert "router receives 203.0.113.10/32" frr_wait 30 sc_received 203.0.113.10/32
frr_assert "router receives 203.0.113.11/32" frr_wait 5 sc_received 203.0.113.11/32
frr_assert "session established" frr_wait 5 frr_established "$NODE_DIR" 192.0.2.1
frr_assert ".status says success" frr_wait 5 sc_status_is success
frr_assert "running-config file written, password scrubbed" \
	grep -q "neighbor 192.0.2.1 password <retracted>" "$SC_STATE/running-config"
frr_assert "state file says success" grep -q '"lastReloadResult":.*"success"' "$SC_STATE/state.json"

# a changed Service set: one prefix withdrawn, one added
sc_conf 203.0.113.10/32 203.0.113.12/32
sc_hup
frr_assert "router receives 203.0.113.12/32" frr_wait 30 sc_received 203.0.113.12/32
frr_assert "router no longer has 203.0.113.11/32" frr_wait 10 sc_not_received 203.0.113.11/32

# the same file again: FRR is not touched
reloads=$(sc_count 'msg="reloading FRR"')
skipped=$(sc_count 'reload skipped')
sc_hup
frr_assert "unchanged config is skipped" frr_wait 10 sh -c "[ \$(grep -c 'reload skipped' '$SC_LOG') -gt $skipped ]"
frr_assert_eq "unchanged config does not reload" "$(sc_count 'msg="reloading FRR"')" "$reloads"

# a broken file: failure, a reload error line, FRR keeps what it runs
before=$(frr_running "$NODE_DIR")
errors=$(sc_count 'msg="reload error:')
sc_conf 203.0.113.10/32 203.0.113.13/32
printf 'router bgp 64512\n neighbor 192.0.2.1 frobnicate the-widget\nexit\n' >> "$SC_STATE/frr.conf"
sc_hup
frr_assert ".status says failure" frr_wait 30 sc_status_is failure
frr_assert "a reload error line is logged" sh -c "[ \$(grep -c 'msg=\"reload error:' '$SC_LOG') -gt $errors ]"
frr_assert "last-error is not empty" test -s "$SC_STATE/last-error"
frr_assert_eq "running config unchanged after a broken file" "$(frr_running "$NODE_DIR")" "$before"
frr_assert "router does not get 203.0.113.13/32" sc_not_received 203.0.113.13/32

# a good file again recovers
sc_conf 203.0.113.10/32 203.0.113.13/32
sc_hup
frr_assert "router receives 203.0.113.13/32 after recovery" frr_wait 30 sc_received 203.0.113.13/32
frr_assert ".status says success again" frr_wait 5 sc_status_is success

# metrics from the same process
curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" > "$FRR_WORK/metrics.txt"
frr_assert "metrics: config loaded" grep -qx 'metallb_k8s_client_config_loaded_bool 1' "$FRR_WORK/metrics.txt"
frr_assert "metrics: not stale" grep -qx 'metallb_k8s_client_config_stale_bool 0' "$FRR_WORK/metrics.txt"
frr_assert "metrics: one failed reload" grep -qx 'frrshim_reloads_total{result="failure"} 1' "$FRR_WORK/metrics.txt"
frr_assert "metrics: BGP session series from the same endpoint" grep -q '^metallb_bgp_session_up{.*} 1' "$FRR_WORK/metrics.txt"
frr_assert "metrics: duration histogram" grep -q '^frrshim_reload_duration_seconds_count [1-9]' "$FRR_WORK/metrics.txt"
sc_no_password "metrics" "$FRR_WORK/metrics.txt"

# SIGTERM: clean exit 0, pid file removed
kill -TERM "$pid"
wait "$pid"; rc=$?
frr_assert_eq "SIGTERM exits 0" "$rc" 0
frr_assert "pid file removed" test ! -e "$SC_STATE/reloader.pid"

sc_no_password "the log" "$SC_LOG"
sc_no_password "status files" "$SC_STATE/.status" "$SC_STATE/last-error" "$SC_STATE/running-config" "$SC_STATE/state.json"
frr_assert "log lines are logfmt" sh -c "! grep -qv '^ts=[^ ]* level=[a-z]* msg=' '$SC_LOG'"
[ -n "${SC_KEEP_LOG:-}" ] && cp "$SC_LOG" "$SC_KEEP_LOG"
frr_done
