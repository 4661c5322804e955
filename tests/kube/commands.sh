#!/bin/bash
# SPDX-License-Identifier: MIT
# Every command with --kube against the fixture API server gives what it gives from the same
# objects in files: render, explain and lint over the examples (exact stdout and exit status;
# diagnostics equal once the location, file:line:column or api:KIND/NS/NAME, is set aside; the
# golden corpora are tests/kube/corpus.sh), a list of more than one page,
# bundle's lint, rendered config and explanations; and the API's own failures (401, 403, 5xx
# retried, server gone) as clear errors.
. "$(dirname "$0")/compare.sh"

# --- the examples ---------------------------------------------------------------------------
ex=("$SRCDIR"/examples/*.yaml)
start_with "${ex[@]}" || { echo "not ok - the fixture does not take the examples"; exit 1; }
for node in worker-1 worker-2; do
	run f-render render --node "$node" --explain "${ex[@]}"
	run k-render render --node "$node" --explain "${K[@]}"
	same "render --node $node: the same frr.conf" "$W/f-render.out" "$W/k-render.out"
	same "render --node $node --explain: the same explanation" "$W/f-render.err" "$W/k-render.err"
	for svc in shop/web infra/dns tenant-red/billing; do
		for fmt in text json; do
			run f-explain explain --node "$node" -o "$fmt" "$svc" "${ex[@]}"
			run k-explain explain --node "$node" -o "$fmt" "$svc" "${K[@]}"
			same "explain --node $node $svc -o $fmt: the same" "$W/f-explain.out" "$W/k-explain.out"
			same "explain --node $node $svc -o $fmt: the same exit status" "$W/f-explain.rc" "$W/k-explain.rc"
		done
	done
done
run f-lint lint "${ex[@]}"
run k-lint lint "${K[@]}"
same "lint: the same output" "$W/f-lint.out" "$W/k-lint.out"
same "lint: the same exit status" "$W/f-lint.rc" "$W/k-lint.rc"

# bundle: the parts that come from the manifests (FRR is not running here: that is in errors.txt)
run f-bundle bundle -o "$W/f.tar.gz" --node worker-1 --vty-socket "$W/no-frr" --state-dir "$W/none" "${ex[@]}"
run k-bundle bundle -o "$W/k.tar.gz" --node worker-1 --vty-socket "$W/no-frr" --state-dir "$W/none" "${K[@]}"
check "bundle --kube exits 0" test "$(cat "$W/k-bundle.rc")" = 0
mkdir -p "$W/fb" "$W/kb"
tar -xzf "$W/f.tar.gz" -C "$W/fb" && tar -xzf "$W/k.tar.gz" -C "$W/kb"
for part in lint.txt rendered/frr.conf explain.txt; do
	same "bundle --kube: $part as from files" "$W/fb/frrshim-bundle/$part" "$W/kb/frrshim-bundle/$part"
done
check "bundle --kube: the objects kept as manifests/api.json" test -s "$W/kb/frrshim-bundle/manifests/api.json"
check "bundle --kube: no Secret value in the archive" \
	sh -c "! tar -xOzf '$W/k.tar.gz' | grep -q 'bWV0YWxsYi1leGFtcGxl\|metallb-example-password'"

# every credential form of the kubeconfig reaches the same list
for mode in cert cert-file token-file; do
	kube_kubeconfig "$KUBE_DIR/kc-$mode" "$mode"
	run m-lint lint --kube --kubeconfig "$KUBE_DIR/kc-$mode"
	same "credentials $mode: the same lint" "$W/f-lint.out" "$W/m-lint.out"
done
# $KUBECONFIG, and --context / --namespace
KUBECONFIG=$KC run e-lint lint --kube
same "\$KUBECONFIG: the same lint" "$W/f-lint.out" "$W/e-lint.out"
run n-render render --node worker-1 "${K[@]}" --context fixture --namespace elsewhere
check "--namespace elsewhere: no BGPPeer there, so no router bgp" \
	sh -c "test \"\$(cat '$W/n-render.rc')\" = 0 && ! grep -q '^router bgp' '$W/n-render.out'"
check "--namespace metallb-system: router bgp" grep -q '^router bgp' "$W/k-render.out"

# --- more than one page: 1200 Services and their EndpointSlices ------------------------------
big=$W/big.yaml
{
	cat "$SRCDIR/examples/bgp-peers.yaml"; echo "---"
	cat "$SRCDIR/examples/secrets.yaml"; echo "---"
	cat "$SRCDIR/examples/nodes.yaml"; echo "---"
	printf 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: big\n  namespace: metallb-system\nspec:\n  addresses:\n  - 198.51.100.0/24\n  - 203.0.113.0/24\n---\n'
	printf 'apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata:\n  name: big\n  namespace: metallb-system\nspec:\n  ipAddressPools: [big]\n'
	for i in $(seq 0 1199); do
		printf -- '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s%04d\n  namespace: ns%d\nspec:\n  type: LoadBalancer\nstatus:\n  loadBalancer:\n    ingress:\n    - ip: %s.%d\n' \
			"$i" $((i % 7)) "$([ $((i / 250)) -eq 0 ] && echo 198.51.100 || echo 203.0.113)" $((i % 250))
	done
} > "$big"
start_with "$big" || { echo "not ok - the fixture does not take the big set"; exit 1; }
run f-big render --node worker-1 "$big"
run k-big render --node worker-1 "${K[@]}"
same "render over 1200 Services (three pages): the same frr.conf" "$W/f-big.out" "$W/k-big.out"
check "the Services were listed in pages (continue tokens)" \
	grep -q 'GET /api/v1/services .*continue=yes' "$KUBE_DIR/requests.log"
run f-big-lint lint "$big"
run k-big-lint lint "${K[@]}"
same "lint over 1200 Services: the same diagnostics (but for their location)" \
	<(diags "$W/f-big-lint.out") <(diags "$W/k-big-lint.out")

# --- the API's failures ------------------------------------------------------------------------
start_with "${ex[@]}"
kube_kubeconfig "$KUBE_DIR/kc-bad" badtoken
run bad lint --kube --kubeconfig "$KUBE_DIR/kc-bad"
check "a wrong token: exit 2" test "$(cat "$W/bad.rc")" = 2
check "a wrong token: 401 named, the resource named" both x bad '^api: error: [a-z.]+ \(namespace metallb-system\): 401 Unauthorized' 
check "a wrong token: never the token in the message" sh -c "! grep -qF -- '$KUBE_TOKEN' '$W/bad.out' '$W/bad.err'"
kube_kubeconfig "$KUBE_DIR/kc-badcert" badcert
run badcert lint --kube --kubeconfig "$KUBE_DIR/kc-badcert"
check "a certificate of another CA: exit 2" test "$(cat "$W/badcert.rc")" = 2
check "a certificate of another CA: 401" both x badcert '^api: error: .*: 401 Unauthorized' 
kube_ctl "/forbid?resource=secrets&verbs=list" >/dev/null
run forbid lint "${K[@]}"
check "403 on secrets: exit 2" test "$(cat "$W/forbid.rc")" = 2
check "403 on secrets: names the resource and the RBAC verb" \
	both x forbid '^api: error: secrets \(namespace metallb-system\): 403 Forbidden: .*needs "list" on secrets' 
kube_ctl "/forbid?resource=secrets" >/dev/null
kube_ctl "/fail?code=503&count=2" >/dev/null
run retry lint "${K[@]}"
same "two 503s: retried, then the same lint" "$W/f-lint.out" "$W/retry.out"
port=$KUBE_PORT
kube_stop
run gone lint "${K[@]}"
check "no API server: exit 2" test "$(cat "$W/gone.rc")" = 2
check "no API server: an api: error naming the server" both x gone "^api: error: .*cannot reach https://127.0.0.1:$port"

exit "$fail"
