# shellcheck shell=bash disable=SC2034 # fail is the sourcing test's exit status
# SPDX-License-Identifier: MIT
# Shared by the --kube tests: a test CA and certificates, kubeconfigs, and the fixture API server
# (tests/kube/kube-fixture, see the comment at its top and tests/kube/README) on 127.0.0.1.
# Source it, then kube_setup (which uses $FRR_WORK when tests/integration/lib.sh made one, so that
# frr_cleanup also stops the server; else a directory and an EXIT trap of its own).
#
#   kube_setup                 KUBE_DIR, the PKI in $KUBE_DIR/pki, KUBE_TOKEN
#   kube_yaml2json OUT FILE... the YAML documents of FILEs as one JSON list in OUT
#   kube_start [FIXTURES_DIR [ARGS...]]  the server (default fixtures: $KUBE_DIR/fixtures):
#                              KUBE_PID, KUBE_PORT, KUBE_SERVER (https://...), KUBE_CTL (http://...)
#   kube_stop                  stop it (by PID), wait for it
#   kube_kubeconfig FILE MODE [NAMESPACE]  MODE: token, token-file, cert, cert-file, badtoken,
#                              badcert (signed by another CA), nocred
#   kube_ctl PATH [CURL_ARGS...]   POST to the control server (/expire, /drop, ...)
#   kube_apply [TYPE] < JSON   an object or list as events (/apply); prints the resourceVersion
#   kube_stat RESOURCE FIELD   from /stats: list, watch, get or active for RESOURCE
# and the tests' TAP lines: ok WHAT, bad WHAT (fail=1 from then on), check WHAT COMMAND... (ok
# when COMMAND succeeds), same WHAT EXPECTED-FILE ACTUAL-FILE (ok when they are equal).

set -u

fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }
check() {
	local what=$1; shift
	if "$@"; then ok "$what"; else bad "$what"; return 1; fi
}
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else bad "$1"; diff -u "$2" "$3" | head -20; fi
}

KUBE_FIXTURE=${KUBE_FIXTURE:-$(dirname "${FRRSHIM:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/_build/frrshim}")/tests/kube/kube-fixture}
KUBE_PID=""

kube_skip() { echo "SKIP: $*"; exit 77; }

kube_setup() {
	[ -x "$KUBE_FIXTURE" ] || kube_skip "no fixture server ($KUBE_FIXTURE: make check builds it)"
	command -v openssl >/dev/null || kube_skip "openssl is not installed"
	command -v curl >/dev/null || kube_skip "curl is not installed"
	if [ -n "${FRR_WORK:-}" ]; then
		KUBE_DIR=$FRR_WORK/kube
		mkdir -p "$KUBE_DIR"
	else
		KUBE_DIR=$(mktemp -d /tmp/frs-kube.XXXXXX)
		trap kube_cleanup EXIT
		trap 'exit 1' INT TERM
	fi
	mkdir -p "$KUBE_DIR/fixtures"
	KUBE_TOKEN="frs-test-token-$$-$RANDOM"
	_kube_pki "$KUBE_DIR/pki" || { echo "not ok - cannot make the test PKI"; exit 1; }
}

kube_cleanup() {
	local rc=$?
	kube_stop
	[ -n "${KUBE_DIR:-}" ] && rm -rf "$KUBE_DIR"
	exit "$rc"
}

# _kube_pki DIR: CA, server certificate for 127.0.0.1/localhost, client certificate (CN
# frrshim-test), and a client certificate signed by another CA (to be refused).
_kube_pki() {
	local d=$1
	mkdir -p "$d" && cd "$d" || return 1
	{
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj "/CN=frrshim-test-ca" -keyout ca.key -out ca.crt &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj "/CN=frrshim-other-ca" -keyout other-ca.key -out other-ca.crt &&
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-subj "/CN=127.0.0.1" -keyout server.key -out server.csr &&
		printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext &&
		openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
			-extfile server.ext -out server.crt &&
		printf 'extendedKeyUsage=clientAuth\n' > client.ext &&
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-subj "/O=system:masters/CN=frrshim-test" -keyout client.key -out client.csr &&
		openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
			-extfile client.ext -out client.crt &&
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-subj "/CN=frrshim-intruder" -keyout bad.key -out bad.csr &&
		openssl x509 -req -in bad.csr -CA other-ca.crt -CAkey other-ca.key -CAcreateserial \
			-days 2 -extfile client.ext -out bad.crt
	} >/dev/null 2>&1
	local rc=$?
	cd - >/dev/null || return 1
	return $rc
}

# kube_yaml2json OUT FILE...: every YAML document of FILEs, in order, as {"kind":"List","items":[...]}.
kube_yaml2json() {
	local out=$1; shift
	python3 -c '
import json, sys, yaml
items = []
for f in sys.argv[2:]:
    with open(f) as fh:
        items += [d for d in yaml.safe_load_all(fh) if d]
with open(sys.argv[1], "w") as fh:
    json.dump({"apiVersion": "v1", "kind": "List", "items": items}, fh)
' "$out" "$@"
}

# kube_start [FIXTURES_DIR [ARGS...]]: start the server, wait until both ports are written.
kube_start() {
	local fix=${1:-$KUBE_DIR/fixtures}
	[ $# -gt 0 ] && shift
	rm -f "$KUBE_DIR/port" "$KUBE_DIR/ctl-port"
	"$KUBE_FIXTURE" --cert "$KUBE_DIR/pki/server.crt" --key "$KUBE_DIR/pki/server.key" \
		--client-ca "$KUBE_DIR/pki/ca.crt" --token "$KUBE_TOKEN" --fixtures "$fix" \
		--port-file "$KUBE_DIR/port" --control-port-file "$KUBE_DIR/ctl-port" \
		--log "$KUBE_DIR/requests.log" "$@" 2>>"$KUBE_DIR/fixture.err" &
	KUBE_PID=$!
	[ -n "${FRR_WORK:-}" ] && echo "$KUBE_PID" >> "$FRR_WORK/.pids"
	local i
	# (loading 20,000 objects takes a while on a busy machine: up to a minute)
	for i in $(seq 1200); do
		[ -s "$KUBE_DIR/port" ] && [ -s "$KUBE_DIR/ctl-port" ] && break
		kill -0 "$KUBE_PID" 2>/dev/null || { cat "$KUBE_DIR/fixture.err" >&2; return 1; }
		sleep 0.05
	done
	[ "$i" -lt 1200 ] || return 1
	KUBE_PORT=$(cat "$KUBE_DIR/port")
	KUBE_SERVER="https://127.0.0.1:$KUBE_PORT"
	KUBE_CTL="http://127.0.0.1:$(cat "$KUBE_DIR/ctl-port")"
}

kube_stop() {
	[ -n "${KUBE_PID:-}" ] || return 0
	kill "$KUBE_PID" 2>/dev/null
	wait "$KUBE_PID" 2>/dev/null
	KUBE_PID=""
}

# kube_kubeconfig FILE MODE [NAMESPACE]
kube_kubeconfig() {
	local f=$1 mode=$2 ns=${3:-metallb-system} p=$KUBE_DIR/pki user
	case "$mode" in
	token) user="    token: $KUBE_TOKEN" ;;
	badtoken) user="    token: not-$KUBE_TOKEN" ;;
	token-file)
		printf '%s\n' "$KUBE_TOKEN" > "$KUBE_DIR/token"
		user="    tokenFile: $KUBE_DIR/token" ;;
	cert) user="    client-certificate-data: $(base64 -w0 < "$p/client.crt")
    client-key-data: $(base64 -w0 < "$p/client.key")" ;;
	cert-file) user="    client-certificate: $p/client.crt
    client-key: $p/client.key" ;;
	badcert) user="    client-certificate-data: $(base64 -w0 < "$p/bad.crt")
    client-key-data: $(base64 -w0 < "$p/bad.key")" ;;
	nocred) user="    {}" ;;
	*) echo "kube_kubeconfig: unknown mode $mode" >&2; return 1 ;;
	esac
	cat > "$f" <<EOK
apiVersion: v1
kind: Config
clusters:
- name: fixture
  cluster:
    server: $KUBE_SERVER
    certificate-authority-data: $(base64 -w0 < "$p/ca.crt")
contexts:
- name: fixture
  context:
    cluster: fixture
    user: tester
    namespace: $ns
current-context: fixture
users:
- name: tester
  user:
$user
EOK
	chmod 600 "$f"
}

# kube_ctl PATH [CURL_ARGS...]: POST to the control server; prints its answer.
kube_ctl() {
	local path=$1; shift
	curl -fsS -X POST "$@" "$KUBE_CTL$path"
}

# kube_apply [TYPE] < JSON: prints the resourceVersion of the (last) event.
kube_apply() {
	curl -fsS -X POST --data-binary @- "$KUBE_CTL/apply${1:+?type=$1}" |
		sed -n 's/.*"resourceVersion":"\([0-9]*\)".*/\1/p'
}

# kube_stat RESOURCE FIELD
kube_stat() {
	curl -fsS "$KUBE_CTL/stats" | python3 -c '
import json, sys
print(json.load(sys.stdin)["resources"][sys.argv[1]][sys.argv[2]])' "$1" "$2"
}
