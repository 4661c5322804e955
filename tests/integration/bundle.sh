#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2016 # the single-quoted texts are sh -c scripts: $0, $1 are theirs
# `frrshim bundle` against a real FRR: a node and a router in namespaces with an MD5-protected
# session, the sidecar's files, manifests with the password in a BGPPeer and in a Secret. The
# archive is unpacked: its file list is exact, and neither the password nor its base64 form is
# anywhere in it.
. "$(dirname "$0")/sidecar-lib.sh"

sc_setup
frr_restart "$NODE_DIR" "$NODE_NS" bfdd || { echo "bfdd did not start"; exit 1; }
sc_conf 203.0.113.5/32
# shellcheck disable=SC2119 # the defaults, no arguments
sc_start
frr_wait 30 frr_established "$NODE_DIR" 192.0.2.1 || { echo "no session"; exit 1; }
frr_wait 10 sc_status_is success || { echo "the sidecar did not report success"; exit 1; }
frr_wait 30 sc_received 203.0.113.5/32 || { echo "the router did not get the prefix"; exit 1; }

cm_init
cm_write 203.0.113.5
b64=$(printf '%s' "$SC_PASSWORD" | base64)
cat > "$WATCH/secret.yaml" <<EOM
apiVersion: v1
kind: Secret
metadata:
  name: rtr-auth
  namespace: metallb-system
type: kubernetes.io/basic-auth
data:
  password: $b64
stringData:
  username: $SC_PASSWORD
EOM

out=$FRR_WORK/out
mkdir -p "$out"
"$FRRSHIM" bundle -o "$out/report.tar.gz" --node node --vty-socket "$NODE_DIR" \
	--state-dir "$SC_STATE" "$WATCH" > "$FRR_WORK/bundle.out" 2> "$FRR_WORK/bundle.err"
rc=$?
frr_assert_eq "bundle exits 0" "$rc" 0
frr_assert_eq "nothing but the archive in the output directory" "$(ls -A "$out")" "report.tar.gz"

list=$(tar tzf "$out/report.tar.gz" | sort)
expected=$(sort <<'EOL'
frrshim-bundle/versions.txt
frrshim-bundle/manifests/01-peers.yaml
frrshim-bundle/manifests/02-secret.yaml
frrshim-bundle/manifests/03-services.yaml
frrshim-bundle/lint.txt
frrshim-bundle/rendered/frr.conf
frrshim-bundle/explain.txt
frrshim-bundle/explain.json
frrshim-bundle/frr/running-config
frrshim-bundle/frr/show-version
frrshim-bundle/frr/bgp-neighbors.json
frrshim-bundle/frr/bgp-summary.json
frrshim-bundle/frr/advertised-routes/default/192.0.2.1-ipv4.json
frrshim-bundle/frr/bfd-peers.json
frrshim-bundle/frr/bfd-peers-counters.json
frrshim-bundle/sidecar/status
frrshim-bundle/sidecar/last-error
frrshim-bundle/sidecar/running-config
frrshim-bundle/sidecar/state.json
EOL
)
frr_assert_eq "the archive's files" "$list" "$expected"

x=$FRR_WORK/x
mkdir -p "$x"
tar xzf "$out/report.tar.gz" -C "$x"
b=$x/frrshim-bundle
hits=$(grep -rlF -e "$SC_PASSWORD" -e "$b64" "$b" | wc -l)
frr_assert_eq "the password and its base64 form: 0 files" "$hits" 0
frr_assert "the archive itself does not hold the password" sh -c '! zcat "$0" | grep -qaF -e "$1" -e "$2"' \
	"$out/report.tar.gz" "$SC_PASSWORD" "$b64"
frr_assert "the manifests are in it (password retracted)" grep -q 'password: <retracted>' "$b/manifests/01-peers.yaml"
frr_assert "the Secret's values are retracted" grep -q 'username: <retracted>' "$b/manifests/02-secret.yaml"
frr_assert "the rendered config is the node's" grep -q '^ neighbor 192.0.2.1 remote-as 64513$' "$b/rendered/frr.conf"
frr_assert "the rendered config's password is retracted" grep -q '^ neighbor 192.0.2.1 password <retracted>$' "$b/rendered/frr.conf"
frr_assert "show running-config is FRR's" grep -q '^router bgp 64512' "$b/frr/running-config"
frr_assert "the neighbors JSON shows the session up" grep -q '"bgpState":"Established"' "$b/frr/bgp-neighbors.json"
frr_assert "the advertised routes hold the prefix" grep -q '203.0.113.5/32' "$b/frr/advertised-routes/default/192.0.2.1-ipv4.json"
frr_assert "the sidecar's status" grep -qE '^[0-9]+ success$' "$b/sidecar/status"
frr_assert "explain --all-nodes for the Service" grep -q '^  ✓ node: 203.0.113.5: announced' "$b/explain.txt"
frr_assert "explain's live phase: the session" grep -qxF '  ✓ BGP session with 192.0.2.1 (BGPPeer rtr) is Established' "$b/explain.txt"
frr_assert "explain's live phase: the sidecar" grep -qxF '  ✓ sidecar: configuration current, last reload success' "$b/explain.txt"
frr_assert "explain as JSON" python3 -c 'import json, sys
r = [x for x in json.load(open(sys.argv[1])) if x["name"] == "web"][0]
assert r["announcement"]["allNodes"] and r["announcement"]["nodes"][0]["ips"][0]["announced"], r' "$b/explain.json"
frr_assert "versions of frrshim and FRR" sh -c 'grep -q "^frrshim " "$0/versions.txt" && grep -q "FRRouting" "$0/frr/show-version"' "$b"
frr_assert_eq "lint of the manifests, with its summary" "$(cat "$b/lint.txt")" "frrshim lint: ok: 5 documents, 0 warnings"
frr_assert_eq "nothing on the terminal's stderr" "$(cat "$FRR_WORK/bundle.err")" ""
frr_assert "BFD peers as JSON" sh -c 'for f in "$0"/frr/bfd-peers*.json; do python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$f" || exit 1; done' "$b"
frr_assert_eq "bundle's report" "$(cat "$FRR_WORK/bundle.out")" "wrote $out/report.tar.gz: 19 files"

# without FRR and the sidecar's files: still an archive, and errors.txt says what is missing
"$FRRSHIM" bundle -o "$out/cold.tar.gz" --node node --vty-socket "$FRR_WORK/none" \
	--state-dir "$FRR_WORK/none" "$WATCH" >/dev/null 2>&1
frr_assert_eq "no FRR: exit 0" "$?" 0
frr_assert_eq "no FRR: errors.txt" "$(tar xzOf "$out/cold.tar.gz" frrshim-bundle/errors.txt)" \
"show running-config: no FRR daemon answers in $FRR_WORK/none
zebra: show version: zebra is not answering on $FRR_WORK/none/zebra.vty: FRR daemon unreachable
bgpd: show bgp vrf all neighbors json: bgpd is not answering on $FRR_WORK/none/bgpd.vty: FRR daemon unreachable
bfdd: show bfd peers json: bfdd is not answering on $FRR_WORK/none/bfdd.vty: FRR daemon unreachable
bfdd: show bfd peers counters json: bfdd is not answering on $FRR_WORK/none/bfdd.vty: FRR daemon unreachable
$FRR_WORK/none/.status: cannot read: No such file or directory
$FRR_WORK/none/last-error: cannot read: No such file or directory
$FRR_WORK/none/running-config: cannot read: No such file or directory
$FRR_WORK/none/state.json: cannot read: No such file or directory"
frr_assert "no FRR: still no password" sh -c '! tar xzOf "$0" | grep -qaF -e "$1" -e "$2"' "$out/cold.tar.gz" "$SC_PASSWORD" "$b64"
sc_no_password "bundle's output" "$FRR_WORK/bundle.out" "$FRR_WORK/bundle.err"

"$FRRSHIM" bundle --node node "$WATCH" 2> "$FRR_WORK/usage.err"
frr_assert_eq "no -o: usage error" "$?" 2
frr_assert_eq "no -o: the message" "$(head -1 "$FRR_WORK/usage.err")" "frrshim bundle: -o FILE.tar.gz is required"
frr_done
