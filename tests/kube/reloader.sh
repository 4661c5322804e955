#!/bin/bash
# SPDX-License-Identifier: MIT
# reloader --kube's watchers against the fixture API server, without FRR (what reaches a router is
# tests/kube's end-to-end test): every kind listed, then watched; events applied through split
# chunks; a 410 relists, a dropped connection and a server restart reconnect, and none of them
# announces a change when the objects are the same; a kind that cannot be listed sets the stale
# flag and last-error; only what the node's scope holds is validated; no token in the log. Observed through the sidecar's /metrics and files.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/kube/lib.sh
. "$SRCDIR/tests/kube/lib.sh"
kube_setup
command -v curl >/dev/null || kube_skip "curl is not installed"
# wait_for SECONDS CMD...: poll CMD until it succeeds or the deadline passes
wait_for() {
	local end=$(( $(date +%s) + $1 )); shift
	until "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}
# await WHAT COMMAND...: ok once COMMAND succeeds (polled for 20 s)
await() { local what=$1; shift; if wait_for 20 "$@"; then ok "$what"; else bad "$what ($*: $(metric "${@:3}"))"; fi; }

kube_yaml2json "$KUBE_DIR/fixtures/all.json" "$SRCDIR"/examples/*.yaml
kube_start "$KUBE_DIR/fixtures" || { bad "the fixture server starts"; exit 1; }
kc=$KUBE_DIR/kc
kube_kubeconfig "$kc" token
# secrets cannot be listed at first: nothing can be rendered, and the status says why
kube_ctl "/forbid?resource=secrets&verbs=list" >/dev/null
st=$KUBE_DIR/state
mkdir -p "$st"
port=$((20000 + RANDOM % 20000))
log=$KUBE_DIR/reloader.log
"$FRRSHIM" reloader --kube --kubeconfig "$kc" --node worker-1 --vty-socket "$KUBE_DIR/novty" \
	--state-dir "$st" --frr-pid-file '' --debounce 20 --metrics "127.0.0.1:$port" 2>"$log" &
pid=$!
trap 'st=$?; kill "$pid" 2>/dev/null; (exit "$st"); kube_cleanup' EXIT

scrape() { curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null | grep -v '^#'; }
# metric NAME [RESOURCE]: its value, or nothing
metric() {
	if [ $# -gt 1 ]; then scrape | sed -n "s/^$1{resource=\"$2\"} //p"; else scrape | sed -n "s/^$1 //p"; fi
}
is() { [ "$(metric "${@:2}")" = "$1" ]; }
at_least() { local v; v=$(metric "${@:2}"); [ -n "$v" ] && [ "$v" -ge "$1" ]; }
lists_all() {  # every resource listed N times
	[ "$(scrape | grep -c "^frrshim_kube_lists_total{.*} $1\$")" = 11 ]
}

await "a kind that cannot be listed: last-error names it" \
	grep -qs 'api: secrets (namespace metallb-system): 403 Forbidden: user "tester" (context "fixture") needs "list" on secrets' "$st/last-error"
await "... and the stale flag is set" grep -qs '"stale":.*true' "$st/state.json"
kube_ctl "/forbid?resource=secrets" >/dev/null
await "allowed again: the configuration is rendered (stale cleared)" grep -q '"stale":.*false' "$st/state.json"
await "every kind listed" is 3 frrshim_kube_objects services
await "one change announced (the first full set)" is 1 frrshim_kube_changes_total

# events, through chunks of 7 bytes
kube_ctl "/split?bytes=7&delay_ms=1" >/dev/null
kube_apply >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"new","namespace":"shop"},"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.44"}]}}}
EOF
await "an ADDED event split over chunks is applied" is 4 frrshim_kube_objects services
await "... and announced" is 2 frrshim_kube_changes_total
kube_ctl "/split?bytes=0" >/dev/null
# the same object again (MODIFIED, same content): stored, nothing announced
kube_apply MODIFIED >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"new","namespace":"shop"},"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.44"}]}}}
EOF
await "an event that changes nothing is counted" at_least 2 metallb_k8s_client_updates_total
if is 2 frrshim_kube_changes_total; then ok "... and not announced"; else bad "... announced: $(metric frrshim_kube_changes_total)"; fi

# 410: every watch relists; the same objects announce nothing
kube_ctl /expire >/dev/null
await "after a 410 every kind relists" lists_all 2
if is 2 frrshim_kube_changes_total; then ok "a relist of the same objects announces no change"; else
	bad "a relist announced a change: $(metric frrshim_kube_changes_total)"; fi
if grep -q 'msg="watch expired (410 Gone); relisting" resource="services (cluster-wide)"' "$log"; then
	ok "the relist is logged"; else bad "no relist in the log"; fi

# dropped connections and a server restart: reconnect from where the watch was, no relist
kube_ctl /drop >/dev/null
await "a dropped watch reconnects" at_least 1 frrshim_kube_reconnects_total services
# (whether the cut reads as an error or as the end of the stream depends on where it falls: the
# event below arriving is what shows the watch came back)
kube_ctl "/restart?down_ms=300" >/dev/null
kube_apply DELETED >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"new","namespace":"shop"}}
EOF
await "a DELETED event after the restart is applied" is 3 frrshim_kube_objects services
if is 3 frrshim_kube_changes_total; then ok "only the deletion was announced (not the drop, not the restart)"; else
	bad "changes announced: $(metric frrshim_kube_changes_total)"; fi
if is 2 frrshim_kube_lists_total services; then ok "no relist after a drop or a restart (the resourceVersion still holds)"; else
	bad "lists of services: $(metric frrshim_kube_lists_total services)"; fi
if grep -q 'msg="watch interrupted; reconnecting" resource="services (cluster-wide)" backoff_ms=[0-9]* error=' "$log"; then
	ok "reconnects are logged with their backoff"; else bad "no reconnect in the log"; fi

# the node's scope: MetalLB's speaker looks only at Services of type LoadBalancer, their
# EndpointSlices and its own Node, and so does the reloader: broken other objects do not make the
# set stale. The ClusterIP Service, its slice and the other Node below each fail lint.
slices=$(metric frrshim_kube_objects endpointslices.discovery.k8s.io) nodes=$(metric frrshim_kube_objects nodes)
kube_apply >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"List","items":[
{"apiVersion":"v1","kind":"Service","metadata":{"name":"internal","namespace":"shop"},"spec":{"type":"ClusterIP","ports":[{"port":99999}]}},
{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"internal-x","namespace":"shop","labels":{"kubernetes.io/service-name":"internal"}},"addressType":"IPv4","endpoints":[{"addresses":["192.0.2.10"],"conditions":{"ready":"maybe"}}]},
{"apiVersion":"v1","kind":"Node","metadata":{"name":"worker-9","labels":{"bad label":"x"}}}]}
EOF
await "objects out of the node's scope are stored" is 4 frrshim_kube_objects services
await "... (the slice)" is $((slices + 1)) frrshim_kube_objects endpointslices.discovery.k8s.io
await "... (the Node)" is $((nodes + 1)) frrshim_kube_objects nodes
kube_apply >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"bad-lb","namespace":"shop"},"spec":{"type":"LoadBalancer","ports":[{"port":99999}]}}
EOF
await "a broken LoadBalancer Service sets the stale flag" grep -qs '"stale":.*true' "$st/state.json"
await "... and last-error names it" grep -qs 'api:Service/shop/bad-lb: must be an integer from 0 to 65535' "$st/last-error"
if grep -q 'api:Service/shop/internal\|api:EndpointSlice/shop/internal-x\|api:Node/worker-9' "$log"; then
	bad "objects out of the node's scope were validated: $(grep -m1 'internal\|worker-9' "$log")"
else ok "the ClusterIP Service, its EndpointSlice and the other Node were not validated"; fi
kube_apply DELETED >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"bad-lb","namespace":"shop"}}
EOF
await "without it the set is valid again" grep -qs '"stale":.*false' "$st/state.json"
# a render that validated an object clean skips its validation from then on, until it changes
kube_apply >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"flip","namespace":"shop"},"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}
EOF
await "a valid LoadBalancer Service is added" is 5 frrshim_kube_objects services
kube_ctl /expire >/dev/null
await "... a relist after it" lists_all 3
kube_apply MODIFIED >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"flip","namespace":"shop"},"spec":{"type":"LoadBalancer","ports":[{"port":65536}]}}
EOF
await "the same Service modified to be broken is validated again" grep -qs 'api:Service/shop/flip: must be an integer from 0 to 65535' "$st/last-error"
kube_apply DELETED >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"flip","namespace":"shop"}}
EOF
await "... and without it the set is valid again" grep -qs '"stale":.*false' "$st/state.json"

# the ClusterIP Service becomes a LoadBalancer: it and its slice are in scope from then on
kube_apply MODIFIED >/dev/null <<'EOF'
{"apiVersion":"v1","kind":"Service","metadata":{"name":"internal","namespace":"shop"},"spec":{"type":"LoadBalancer","ports":[{"port":99999}]}}
EOF
await "a Service turned LoadBalancer is validated" grep -qs 'at=api:Service/shop/internal .*field=spec.ports\[0\].port' "$log"
await "... and so is its EndpointSlice" grep -qs 'at=api:EndpointSlice/shop/internal-x .*field=endpoints\[0\].conditions.ready' "$log"
if grep -q 'api:Node/worker-9' "$log"; then bad "another node's Node was validated"; else
	ok "another node's Node never is"; fi

kill -TERM "$pid"; wait "$pid"; rc=$?
if [ "$rc" = 0 ]; then ok "SIGTERM stops it (exit 0)"; else bad "SIGTERM: exit $rc"; fi
if grep -q "$KUBE_TOKEN" "$log" "$st"/* 2>/dev/null; then bad "the token is in the log or a status file"; else
	ok "the token is in no log or status file"; fi
exit $fail
