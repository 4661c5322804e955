#!/bin/bash
# SPDX-License-Identifier: MIT
# The client side of --kube against the fixture API server: the same output as from the equivalent
# files (lint, render, explain), every credential form, paging, retries, and the exact errors of
# a 401, a 403, an invalid object and an unreachable server.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/kube/lib.sh
. "$SRCDIR/tests/kube/lib.sh"
kube_setup

ex=$SRCDIR/examples
kube_yaml2json "$KUBE_DIR/fixtures/all.json" "$ex"/*.yaml
kube_start "$KUBE_DIR/fixtures" || { bad "the fixture server starts"; exit 1; }
kc=$KUBE_DIR/kc
kube_kubeconfig "$kc" token
out=$KUBE_DIR/out
mkdir -p "$out"

# --- the same output as from files ---
"$FRRSHIM" lint "$ex" > "$out/lint.files" 2> "$out/lint.files.err"; rf=$?
"$FRRSHIM" lint --kube --kubeconfig "$kc" > "$out/lint.kube" 2> "$out/lint.kube.err"; rk=$?
if [ "$rf" = 0 ] && [ "$rk" = 0 ]; then ok "lint --kube: exit 0 as from files"; else bad "lint exits $rf (files) / $rk (kube)"; fi
same "lint --kube: stdout as from files" "$out/lint.files" "$out/lint.kube"
same "lint --kube: the summary as from files" "$out/lint.files.err" "$out/lint.kube.err"
"$FRRSHIM" lint -f json "$ex" > "$out/json.files"; "$FRRSHIM" lint -f json --kube --kubeconfig "$kc" > "$out/json.kube"
same "lint -f json --kube as from files" "$out/json.files" "$out/json.kube"
for node in worker-1 worker-2; do
	"$FRRSHIM" render --node "$node" "$ex" > "$out/$node.files" 2>&1
	"$FRRSHIM" render --node "$node" --kube --kubeconfig "$kc" > "$out/$node.kube" 2>&1
	same "render --kube --node $node as from files" "$out/$node.files" "$out/$node.kube"
	for svc in shop/web infra/dns; do
		"$FRRSHIM" explain --node "$node" "$svc" "$ex" > "$out/x.files" 2>&1; rf=$?
		"$FRRSHIM" explain --node "$node" --kube --kubeconfig "$kc" "$svc" > "$out/x.kube" 2>&1; rk=$?
		[ "$rf" = "$rk" ] || bad "explain $svc on $node exits $rk, from files $rf"
		same "explain --kube $svc on $node as from files" "$out/x.files" "$out/x.kube"
	done
done

# shell --kube and its `load --kube`, bundle --kube (one snapshot, the Secret retracted)
"$FRRSHIM" shell --node worker-1 -c lint -c 'explain shop/web' "$ex" > "$out/sh.files" 2>&1
"$FRRSHIM" shell --node worker-1 --kube --kubeconfig "$kc" -c lint -c 'explain shop/web' > "$out/sh.kube" 2>&1
same "shell --kube: lint and explain as from files" "$out/sh.files" "$out/sh.kube"
printf 'load --kube --kubeconfig %s\nlint\nexplain shop/web\n' "$kc" | "$FRRSHIM" shell --node worker-1 > "$out/load.kube" 2>&1
printf 'load %s\nlint\nexplain shop/web\n' "$ex" | "$FRRSHIM" shell --node worker-1 > "$out/load.files" 2>&1
same "shell: load --kube as load PATH" "$out/load.files" "$out/load.kube"
lists=$(kube_stat services list)
"$FRRSHIM" bundle -o "$out/b.tgz" --node worker-1 --vty-socket "$KUBE_DIR/novty" --state-dir "$KUBE_DIR/nostate" \
	--kube --kubeconfig "$kc" > /dev/null 2>&1
mkdir -p "$out/b" && tar -xzf "$out/b.tgz" -C "$out/b"
n=$(( $(kube_stat services list) - lists ))
if [ "$n" = 1 ]; then ok "bundle --kube: one list for the whole report"; else bad "bundle --kube: $n lists of services"; fi
if grep -q '"name":"peer-a","namespace":"metallb-system"' "$out/b/frrshim-bundle/manifests/api.json"; then
	ok "bundle --kube: the objects in manifests/api.json"; else bad "bundle --kube: manifests/api.json"; fi
if grep -rq 'example-bgp-password\|ZXhhbXBsZS1iZ3AtcGFzc3dvcmQ' "$out/b"; then bad "bundle --kube: the Secret leaks"; else
	ok "bundle --kube: the Secret's value is retracted"; fi
sed 's/ password example-bgp-password$/ password <retracted>/' "$out/worker-1.files" > "$out/bundle.want"
same "bundle --kube: rendered/frr.conf as render (password retracted)" "$out/bundle.want" "$out/b/frrshim-bundle/rendered/frr.conf"

# --- every credential form ---
"$FRRSHIM" render --node worker-1 "$ex" > "$out/want.conf"
for mode in cert cert-file token-file; do
	kube_kubeconfig "$KUBE_DIR/kc-$mode" "$mode"
	"$FRRSHIM" render --node worker-1 --kube --kubeconfig "$KUBE_DIR/kc-$mode" > "$out/got.conf" 2>&1
	same "render --kube with a kubeconfig of $mode" "$out/want.conf" "$out/got.conf"
done
# tls-server-name: the certificate is for localhost, the server is named by its address
sed 's|^    server: .*|&\n    tls-server-name: localhost|' "$kc" > "$KUBE_DIR/kc-sni"
"$FRRSHIM" render --node worker-1 --kube --kubeconfig "$KUBE_DIR/kc-sni" > "$out/got.conf" 2>&1
same "render --kube with tls-server-name" "$out/want.conf" "$out/got.conf"
sed 's|^    server: .*|&\n    tls-server-name: other.example|' "$kc" > "$KUBE_DIR/kc-sni"
"$FRRSHIM" lint -q --kube --kubeconfig "$KUBE_DIR/kc-sni" > "$out/sni" 2>&1; rc=$?
if [ "$rc" = 2 ] && grep -q "other.example" "$out/sni"; then ok "a tls-server-name the certificate does not name: refused"; else
	bad "tls-server-name other.example: exit $rc"; cat "$out/sni"; fi
# $KUBECONFIG, merged: the first file names the context, the second holds it
printf 'current-context: fixture\n' > "$KUBE_DIR/first.yaml"
KUBECONFIG="$KUBE_DIR/first.yaml:$KUBE_DIR/missing.yaml:$kc" "$FRRSHIM" render --node worker-1 --kube > "$out/got.conf" 2>&1
same "render --kube from \$KUBECONFIG (merged, a missing file skipped)" "$out/want.conf" "$out/got.conf"
# in-cluster: the service account's token and CA, KUBERNETES_SERVICE_HOST/PORT
mkdir -p "$KUBE_DIR/sa"
printf '%s\n' "$KUBE_TOKEN" > "$KUBE_DIR/sa/token"
cp "$KUBE_DIR/pki/ca.crt" "$KUBE_DIR/sa/ca.crt"
printf "metallb-system\n" > "$KUBE_DIR/sa/namespace"
HOME=$KUBE_DIR FRS_KUBE_SA_DIR=$KUBE_DIR/sa KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$KUBE_PORT \
	"$FRRSHIM" render --node worker-1 --kube > "$out/got.conf" 2>&1
same "render --kube in-cluster (service account)" "$out/want.conf" "$out/got.conf"
# an exec plugin (client.authentication.k8s.io/v1) that prints the token, run from its argv
cat > "$KUBE_DIR/plugin" <<EOF
#!/bin/sh
[ "\$1" = get-token ] || exit 9
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\n' "$KUBE_TOKEN"
EOF
chmod 700 "$KUBE_DIR/plugin"
sed '/^users:/,$d' "$kc" > "$KUBE_DIR/kc-exec"
cat >> "$KUBE_DIR/kc-exec" <<EOF
users:
- name: tester
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin
      args: [get-token]
      interactiveMode: Never
EOF
"$FRRSHIM" render --node worker-1 --kube --kubeconfig "$KUBE_DIR/kc-exec" > "$out/got.conf" 2>&1
same "render --kube with an exec credential plugin" "$out/want.conf" "$out/got.conf"

# --- the exact errors ---
kube_kubeconfig "$KUBE_DIR/kc-bad" badtoken
"$FRRSHIM" lint --kube --kubeconfig "$KUBE_DIR/kc-bad" > "$out/401" 2>&1; rc=$?
cat > "$out/401.want" <<'EOF'
api: error: bgppeers.metallb.io (namespace metallb-system): 401 Unauthorized: the API server refused the credentials of user "tester" (context "fixture"): a wrong or expired token, or a client certificate it does not trust
frrshim lint: 1 error, 0 warnings
EOF
if [ "$rc" = 2 ]; then ok "401: exit 2"; else bad "401: exit $rc"; fi
same "401: the message" "$out/401.want" "$out/401"
kube_ctl "/forbid?resource=services&verbs=list" >/dev/null
kube_ctl "/forbid?resource=bgppeers&verbs=list" >/dev/null
"$FRRSHIM" render --node worker-1 --kube --kubeconfig "$kc" > "$out/403" 2>&1; rc=$?
cat > "$out/403.want" <<'EOF'
api: error: bgppeers.metallb.io (namespace metallb-system): 403 Forbidden: user "tester" (context "fixture") needs "list" on bgppeers.metallb.io
api: error: services (cluster-wide): 403 Forbidden: user "tester" (context "fixture") needs "list" on services
EOF
if [ "$rc" = 2 ]; then ok "403: exit 2"; else bad "403: exit $rc"; fi
same "403: every missing permission, named" "$out/403.want" "$out/403"
HOME=$KUBE_DIR FRS_KUBE_SA_DIR=$KUBE_DIR/sa KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT=$KUBE_PORT \
	"$FRRSHIM" lint -q --kube > "$out/403sa" 2>&1
cat > "$out/403sa.want" <<'EOF'
api: error: bgppeers.metallb.io (namespace metallb-system): 403 Forbidden: the service account needs "list" on bgppeers.metallb.io
api: error: services (cluster-wide): 403 Forbidden: the service account needs "list" on services
EOF
same "403 in-cluster: the service account named" "$out/403sa.want" "$out/403sa"
kube_ctl "/forbid?resource=services" >/dev/null
kube_ctl "/forbid?resource=bgppeers" >/dev/null

# 5xx: retried with backoff, then it works
kube_ctl "/fail?code=503&count=2" >/dev/null
"$FRRSHIM" render --node worker-1 --kube --kubeconfig "$kc" > "$out/got.conf" 2>&1
same "render --kube after two 503 answers (retried)" "$out/want.conf" "$out/got.conf"

# a server that takes the request and never answers: the list fails after FRS_KUBE_STALL_S
# without a byte, is retried, then reported; once the server answers again, it works
kube_ctl "/stall?resource=services" >/dev/null
FRS_KUBE_STALL_S=1 "$FRRSHIM" lint -q --kube --kubeconfig "$kc" > "$out/stall" 2>&1; rc=$?
cat > "$out/stall.want" <<EOF
api: error: services (cluster-wide): cannot reach $KUBE_SERVER: Operation too slow. Less than 1 bytes/sec transferred the last 1 seconds
EOF
if [ "$rc" = 2 ]; then ok "a list that gets no answer: exit 2"; else bad "a list that gets no answer: exit $rc"; fi
same "a list that gets no answer: the message" "$out/stall.want" "$out/stall"
kube_ctl /stall >/dev/null
"$FRRSHIM" render --node worker-1 --kube --kubeconfig "$kc" > "$out/got.conf" 2>&1
same "render --kube once the server answers again" "$out/want.conf" "$out/got.conf"

# an invalid object: its origin where a file would have its name, no line and column
kube_apply > /dev/null <<'EOF'
{"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"short-hold","namespace":"metallb-system"},
 "spec":{"myASN":64500,"peerASN":64501,"peerAddress":"192.0.2.7","holdTime":"2s"}}
EOF
"$FRRSHIM" lint --kube --kubeconfig "$kc" > "$out/invalid" 2>&1; rc=$?
cat > "$out/invalid.want" <<'EOF'
api:BGPPeer/metallb-system/short-hold: error: BGPPeer metallb-system/short-hold: spec.holdTime: must be 0 or at least 3s, got "2s"
frrshim lint: 1 error, 0 warnings
EOF
if [ "$rc" = 1 ]; then ok "an invalid object: exit 1"; else bad "an invalid object: exit $rc"; fi
same "an invalid object: api:KIND/NAMESPACE/NAME" "$out/invalid.want" "$out/invalid"
kube_apply DELETED > /dev/null <<'EOF'
{"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"short-hold","namespace":"metallb-system"}}
EOF

# paging: 1,201 more Services are three pages of 500, and the render is still the files'
python3 - "$KUBE_DIR" <<'EOF'
import json, sys
d = sys.argv[1]
items = [{"apiVersion": "v1", "kind": "Service",
          "metadata": {"name": "s%04d" % i, "namespace": "bulk"},
          "spec": {"type": "LoadBalancer"},
          "status": {"loadBalancer": {"ingress": [{"ip": "198.51.100.%d" % (i % 250 + 1)}]}}}
         for i in range(1201)]
lst = {"apiVersion": "v1", "kind": "List", "items": items}
json.dump(lst, open(d + "/bulk.json", "w"))
EOF
lists=$(kube_stat services list)
kube_apply < "$KUBE_DIR/bulk.json" > /dev/null
"$FRRSHIM" render --node worker-1 "$ex" "$KUBE_DIR/bulk.json" > "$out/bulk.files" 2>&1
"$FRRSHIM" render --node worker-1 --kube --kubeconfig "$kc" > "$out/bulk.kube" 2>&1
same "render --kube over 1,204 Services (paged) as from files" "$out/bulk.files" "$out/bulk.kube"
pages=$(( $(kube_stat services list) - lists ))
if [ "$pages" = 3 ]; then ok "1,204 Services: three list requests (limit=500, continue)"; else bad "1,204 Services: $pages list requests"; fi

# an API server that does not answer: said once, after the retries
kube_stop
"$FRRSHIM" lint --kube --kubeconfig "$kc" > "$out/down" 2>&1; rc=$?
if [ "$rc" = 2 ]; then ok "no API server: exit 2"; else bad "no API server: exit $rc"; fi
if head -1 "$out/down" | grep -q "^api: error: bgppeers.metallb.io (namespace metallb-system): cannot reach https://127.0.0.1:$KUBE_PORT: " &&
	[ "$(wc -l < "$out/down")" = 2 ]; then ok "no API server: one error naming the server"; else
	bad "no API server:"; cat "$out/down"; fi
if grep -rq "$KUBE_TOKEN" "$out"; then bad "the token appears in an output"; else ok "the token appears in no output"; fi
exit $fail
