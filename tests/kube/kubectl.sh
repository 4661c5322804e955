#!/bin/bash
# SPDX-License-Identifier: MIT
# kubectl against the fixture API server: that kubectl (the reference client) lists, pages,
# authenticates and watches through it, and sees exactly the fixture's objects, shows that
# tests/kube/kube-fixture speaks the Kubernetes protocol the --kube tests rely on.
# kubectl: $KUBECTL, else Debian's (kubernetes-client), else the one on PATH.
. "$(dirname "$0")/lib.sh"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}

if [ -z "${KUBECTL:-}" ]; then
	if dpkg-query -W -f='${Status}' kubernetes-client 2>/dev/null | grep -q "install ok installed"; then
		KUBECTL=/usr/bin/kubectl
	else
		KUBECTL=$(command -v kubectl) || kube_skip "no kubectl (apt-get install kubernetes-client)"
	fi
fi
python3 -c 'import yaml' 2>/dev/null || kube_skip "python3-yaml is not installed"
kube_setup
echo "# $("$KUBECTL" version --client --short 2>/dev/null || "$KUBECTL" version --client 2>&1 | head -1)"
export HOME=$KUBE_DIR   # kubectl's discovery cache: this test's own
kube_yaml2json "$KUBE_DIR/fixtures/examples.json" "$SRCDIR"/examples/*.yaml || exit 1
kube_start "$KUBE_DIR/fixtures" || { echo "not ok - the fixture server does not start"; exit 1; }
KC=$KUBE_DIR/kubeconfig
kube_kubeconfig "$KC" token
k() { "$KUBECTL" --kubeconfig "$KC" --request-timeout=10s "$@"; }

# compare.py KUBECTL_JSON KIND [NAMESPACE]: kubectl's list has the fixture's objects of KIND, in
# the API server's order, each as the fixture wrote it plus the fields the server sets
# (resourceVersion, uid, creationTimestamp) and with kind/apiVersion (kubectl fills those in).
cat > "$KUBE_DIR/compare.py" <<'EOP'
import json, sys
got = json.load(open(sys.argv[1]))
fix = json.load(open(sys.argv[2]))
kind = sys.argv[3]
ns = sys.argv[4] if len(sys.argv) > 4 else None
want = [o for o in fix["items"] if o["kind"] == kind and (ns is None or o["metadata"].get("namespace") == ns)]
want.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
def strip(o):
    o = json.loads(json.dumps(o))
    for f in ("resourceVersion", "uid", "creationTimestamp"):
        assert f in o["metadata"], "server did not set metadata." + f
        del o["metadata"][f]
    return o
items = [strip(o) for o in got["items"]]
if items != want:
    print("  kubectl: " + json.dumps(items, sort_keys=True)[:2000])
    print("  fixture: " + json.dumps(want, sort_keys=True)[:2000])
    sys.exit(1)
if not want:
    print("  no %s in the fixtures" % kind)
    sys.exit(1)
EOP
cmp_list() { python3 "$KUBE_DIR/compare.py" "$1" "$KUBE_DIR/fixtures/examples.json" "${@:2}"; }

k get services -A -o json > "$KUBE_DIR/svc.json"
check "get services -A -o json: the fixture's Services" cmp_list "$KUBE_DIR/svc.json" Service
k get bgppeers.metallb.io -n metallb-system -o json > "$KUBE_DIR/peers.json"
check "get bgppeers.metallb.io -n metallb-system -o json: the fixture's BGPPeers" \
	cmp_list "$KUBE_DIR/peers.json" BGPPeer metallb-system
k get ipaddresspools -o json > "$KUBE_DIR/pools.json"
check "get ipaddresspools (v1beta1 of the group, the context's namespace)" \
	cmp_list "$KUBE_DIR/pools.json" IPAddressPool metallb-system
k get endpointslices.discovery.k8s.io -A -o json > "$KUBE_DIR/eps.json"
check "get endpointslices -A -o json" cmp_list "$KUBE_DIR/eps.json" EndpointSlice
want_nodes=$(python3 -c '
import json, sys
print(" ".join(sorted(o["metadata"]["name"] for o in json.load(open(sys.argv[1]))["items"] if o["kind"] == "Node")))' \
	"$KUBE_DIR/fixtures/examples.json")
k get nodes > "$KUBE_DIR/nodes.txt"
check "get nodes: a table headed NAME" grep -q '^NAME ' "$KUBE_DIR/nodes.txt"
check "get nodes: the fixture's nodes ($want_nodes)" \
	test "$(awk 'NR > 1 { print $1 }' "$KUBE_DIR/nodes.txt" | xargs)" = "$want_nodes"
k get svc web -n shop -o json > "$KUBE_DIR/web.json"
check "get one object by name (short name svc)" grep -q '"ip": "203.0.113.10"' "$KUBE_DIR/web.json"
check "get of a missing object: NotFound" \
	sh -c "! '$KUBECTL' --kubeconfig '$KC' get svc nope -n shop 2>&1 | grep -q '(NotFound): services \"nope\" not found'"

# label and field selectors (the fixture's one tokenizer): =, ==, !=, existence and absence
sel() { k get "$@" -o name 2>/dev/null | xargs; }
check "label selector zone=zone-a: worker-1" test "$(sel nodes -l topology.kubernetes.io/zone=zone-a)" = node/worker-1
check "label selector zone!=zone-a: worker-2" test "$(sel nodes -l 'topology.kubernetes.io/zone!=zone-a')" = node/worker-2
check "label selector zone==zone-b,os (two requirements, one an existence): worker-2" \
	test "$(sel nodes -l 'topology.kubernetes.io/zone==zone-b,kubernetes.io/os')" = node/worker-2
check "label selector !os (absence): no node" test "$(sel nodes -l '!kubernetes.io/os')" = ""
check "label selector !rack (absence): both nodes" test "$(sel nodes -l '!rack')" = "node/worker-1 node/worker-2"
check "field selector metadata.name=web" test "$(sel services -A --field-selector metadata.name=web)" = service/web
check "field selector metadata.namespace!=shop: dns and billing, in key order" \
	test "$(sel services -A --field-selector metadata.namespace!=shop)" = "service/dns service/billing"

# pagination: kubectl follows continue tokens; the result is the same list
k get services -A -o json --chunk-size=1 > "$KUBE_DIR/svc-paged.json"
check "get --chunk-size=1: the same Services, page by page" cmp "$KUBE_DIR/svc.json" "$KUBE_DIR/svc-paged.json"
check "the server was asked with limit=1 and continue tokens" \
	grep -q 'GET /api/v1/services .*limit=1 continue=yes' "$KUBE_DIR/requests.log"

# authentication: client certificates, token file; wrong credentials are refused
for mode in cert cert-file token-file; do
	kube_kubeconfig "$KUBE_DIR/kc-$mode" "$mode"
	check "credentials: $mode" sh -c "'$KUBECTL' --kubeconfig '$KUBE_DIR/kc-$mode' get nodes -o name | grep -q '^node/'"
done
for mode in badtoken badcert; do
	kube_kubeconfig "$KUBE_DIR/kc-$mode" "$mode"
	"$KUBECTL" --kubeconfig "$KUBE_DIR/kc-$mode" get nodes > "$KUBE_DIR/out-$mode" 2>&1 </dev/null
	check "credentials: $mode is refused (Unauthorized)" grep -q 'Unauthorized' "$KUBE_DIR/out-$mode"
done

# RBAC: a forbidden resource; kubectl shows the API server's message
kube_ctl "/forbid?resource=secrets&verbs=list" >/dev/null
k get secrets > "$KUBE_DIR/forbidden.txt" 2>&1
check "forbidden: kubectl shows the Status the server sent (403, verb, resource, namespace)" \
	grep -q 'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:metallb-system:speaker" cannot list resource "secrets" in API group "" in the namespace "metallb-system"' \
	"$KUBE_DIR/forbidden.txt"
kube_ctl "/forbid?resource=secrets" >/dev/null

# watch: kubectl lists, then watches from the list's resourceVersion; events the test appends
# (one of them split into 7-byte chunks 20 ms apart) arrive in order
wout=$KUBE_DIR/watch.json
timeout 60 "$KUBECTL" --kubeconfig "$KC" get services -A --watch --output-watch-events -o json \
	> "$wout" 2>"$KUBE_DIR/watch.err" &
wpid=$!
count_events() { python3 - "$wout" <<'EOP'
import json, sys
s, d, n = open(sys.argv[1]).read(), json.JSONDecoder(), 0
i = 0
while True:
    while i < len(s) and s[i].isspace():
        i += 1
    if i >= len(s):
        break
    try:
        _, i = d.raw_decode(s, i)
    except ValueError:
        break
    n += 1
print(n)
EOP
}
wait_events() { # N
	local _
	for _ in $(seq 200); do
		[ "$(count_events)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
nsvc=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$KUBE_DIR/svc.json")
check "watch: the $nsvc current Services first" wait_events "$nsvc"
for _ in $(seq 100); do [ "$(kube_stat services active)" -ge 1 ] && break; sleep 0.05; done
check "watch: kubectl holds a watch open" test "$(kube_stat services active)" -ge 1
svc() { # NAME NAMESPACE IP
	printf '{"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"%s"},"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"%s"}]}}}' "$1" "$2" "$3"
}
rv1=$(svc web shop 203.0.113.11 | kube_apply MODIFIED)
rv2=$(svc extra shop 203.0.113.12 | kube_apply)
kube_ctl "/split?bytes=7&delay_ms=20" >/dev/null
rv3=$(svc extra shop 203.0.113.13 | kube_apply)
kube_ctl "/bookmark" >/dev/null
rv4=$(svc extra shop 203.0.113.13 | kube_apply DELETED)
check "watch: the four events appended reach kubectl (the third one in 7-byte chunks)" \
	wait_events $((nsvc + 4))
kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null
kube_ctl "/split?bytes=0" >/dev/null
got=$(python3 - "$wout" "$nsvc" <<'EOP'
import json, sys
s, d, evs, i = open(sys.argv[1]).read(), json.JSONDecoder(), [], 0
while True:
    while i < len(s) and s[i].isspace():
        i += 1
    if i >= len(s):
        break
    e, i = d.raw_decode(s, i)
    evs.append(e)
for e in evs[int(sys.argv[2]):]:
    o = e["object"]
    ing = o.get("status", {}).get("loadBalancer", {}).get("ingress", [{}])
    print(e["type"], o["metadata"]["namespace"] + "/" + o["metadata"]["name"],
          o["metadata"]["resourceVersion"], ing[0].get("ip", "-"))
EOP
)
check "watch: kubectl saw MODIFIED, ADDED, MODIFIED, DELETED with their resourceVersions and IPs" \
	test "$got" = "MODIFIED shop/web $rv1 203.0.113.11
ADDED shop/extra $rv2 203.0.113.12
MODIFIED shop/extra $rv3 203.0.113.13
DELETED shop/extra $rv4 203.0.113.13"
[ "$fail" = 0 ] || { echo "  kubectl saw:"; printf '    %s\n' "$got"; sed 's/^/  stderr: /' "$KUBE_DIR/watch.err"; }
check "watch: with resourceVersion and watch=true from the list's resourceVersion" \
	grep -q 'GET /api/v1/services watch=true rv=[0-9]' "$KUBE_DIR/requests.log"

# the state is one: a list now shows what the watch said
k get services -A -o json > "$KUBE_DIR/svc2.json"
check "list after the events: web has 203.0.113.11, extra is gone" python3 -c '
import json, sys
items = {o["metadata"]["name"]: o for o in json.load(open(sys.argv[1]))["items"]}
assert "extra" not in items
assert items["web"]["status"]["loadBalancer"]["ingress"][0]["ip"] == "203.0.113.11"
assert items["web"]["metadata"]["resourceVersion"] == sys.argv[2]' "$KUBE_DIR/svc2.json" "$rv1"

# a restart of the API server (same port, same objects): kubectl's next request just works
kube_ctl "/restart?down_ms=200" >/dev/null
k get services -A -o json > "$KUBE_DIR/svc3.json"
check "after /restart: the same list" cmp "$KUBE_DIR/svc2.json" "$KUBE_DIR/svc3.json"
exit "$fail"
