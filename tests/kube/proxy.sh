#!/bin/bash
# SPDX-License-Identifier: MIT
# kubeconfig's proxy-url through a real proxy (Debian's tinyproxy, on 127.0.0.1, requiring a
# password; as an https proxy behind stunnel; and microsocks as a SOCKS5 one): --kube gives the same output through it as without
# it, the proxy's log shows the tunnels, the kubeconfig's proxy wins over the environment's
# (no_proxy included), an https proxy's certificate is checked against the cluster's CA, and a
# refused proxy is an error that names it without its password; an https proxy that demands a client
# certificate gets the kubeconfig's, and its certificate is checked for tls-server-name.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/kube/lib.sh
. "$SRCDIR/tests/kube/lib.sh"
TINYPROXY=$(command -v tinyproxy || echo /usr/bin/tinyproxy)
[ -x "$TINYPROXY" ] || kube_skip "no tinyproxy (apt-get install tinyproxy)"
STUNNEL=$(command -v stunnel4 || command -v stunnel || :)
MICROSOCKS=$(command -v microsocks || :)
kube_setup
PIDS=()
trap 'rc=$?; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; (exit "$rc"); kube_cleanup' EXIT

ex=$SRCDIR/examples
kube_yaml2json "$KUBE_DIR/fixtures/all.json" "$ex"/*.yaml
kube_start "$KUBE_DIR/fixtures" || { bad "the fixture server starts"; exit 1; }
out=$KUBE_DIR/out
mkdir -p "$out"
PW="pw-$$-$RANDOM"
plog=$KUBE_DIR/tinyproxy.log

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# serve NAME WRITE-CONF CMD...: CMD (its config written by `WRITE-CONF PORT` first; @PORT@ in its
# arguments becomes PORT) listening on a free loopback port, written to NAME.port; its PID joins
# PIDS. Another program may take the port between the choice and the start: then again, five times.
serve() {
	local name=$1 conf=$2 port pid i; shift 2
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		"$conf" "$port"
		"${@//@PORT@/$port}" > "$KUBE_DIR/$name.out" 2>&1 &
		pid=$!
		for i in $(seq 200); do
			listening "$port" && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		if kill -0 "$pid" 2>/dev/null && listening "$port"; then
			PIDS+=("$pid")
			echo "$port" > "$KUBE_DIR/$name.port"
			return 0
		fi
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	cat "$KUBE_DIR/$name.out"
	return 1
}
tinyproxy_conf() {
	cat > "$KUBE_DIR/tinyproxy.conf" <<EOF
Port $1
Listen 127.0.0.1
Allow 127.0.0.1
Timeout 60
MaxClients 20
LogFile "$plog"
LogLevel Connect
BasicAuth frs $PW
EOF
	: > "$plog"
}
serve tinyproxy tinyproxy_conf "$TINYPROXY" -d -c "$KUBE_DIR/tinyproxy.conf" || { bad "tinyproxy starts"; exit 1; }
PPORT=$(cat "$KUBE_DIR/tinyproxy.port")
echo "# tinyproxy $("$TINYPROXY" -v 2>&1 | awk '{ print $2 }') on 127.0.0.1:$PPORT, the API server on 127.0.0.1:$KUBE_PORT"
# How many tunnels to the API server the proxy opened so far.
tunnels() { grep -c "Request (file descriptor [0-9]*): CONNECT 127.0.0.1:$KUBE_PORT " "$plog"; }
# kc_proxy FILE URL [MODE]: a kubeconfig for the fixture whose cluster has proxy-url URL.
kc_proxy() {
	kube_kubeconfig "$1" "${3:-token}"
	sed -i "s|^    server: .*|&\n    proxy-url: $2|" "$1"
}
lint() { "$FRRSHIM" lint --kube --kubeconfig "$@"; }
# No proxy in the environment unless a check sets one.
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

kc=$KUBE_DIR/kc
kube_kubeconfig "$kc" token
lint "$kc" > "$out/direct" 2> "$out/direct.err"; rd=$?
if [ "$rd" = 0 ] && grep -q '^frrshim lint: ok: [1-9][0-9]* documents' "$out/direct.err"; then
	ok "lint --kube without a proxy: $(cat "$out/direct.err")"
else
	bad "lint --kube without a proxy: exit $rd"; cat "$out/direct.err"
fi
ok_n=$(tunnels)
check "without proxy-url nor environment: no request through the proxy ($ok_n)" [ "$ok_n" = 0 ]

# proxy-url with the proxy's user and password: the same output, every request through it
kc_proxy "$KUBE_DIR/kc-proxy" "http://frs:$PW@127.0.0.1:$PPORT"
lists0=$(kube_stat services list)
lint "$KUBE_DIR/kc-proxy" > "$out/proxied" 2> "$out/proxied.err"; rp=$?
check "lint --kube through the proxy: exit $rp as without" [ "$rp" = "$rd" ]
same "lint --kube through the proxy: the same stdout" "$out/direct" "$out/proxied"
same "lint --kube through the proxy: the same stderr" "$out/direct.err" "$out/proxied.err"
n1=$(tunnels)
check "the proxy's log: $n1 CONNECT 127.0.0.1:$KUBE_PORT" [ "$n1" -ge 1 ]
lists=$(( $(kube_stat services list) - lists0 ))
check "the API server answered one services list through it ($lists)" [ "$lists" = 1 ]

# the kubeconfig's proxy wins over the environment's, and no_proxy does not bypass it
# (client-go's http.ProxyURL): the environment's proxy is a port nothing listens on
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
https_proxy=http://127.0.0.1:$dead HTTPS_PROXY=http://127.0.0.1:$dead ALL_PROXY=http://127.0.0.1:$dead \
	no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 lint "$KUBE_DIR/kc-proxy" > "$out/env" 2> "$out/env.err"
same "proxy-url with https_proxy and no_proxy set: the same output" "$out/direct" "$out/env"
n2=$(tunnels)
check "proxy-url wins over https_proxy and no_proxy: through the proxy ($((n2 - n1)) CONNECT)" [ "$n2" -gt "$n1" ]

# without proxy-url, curl's environment applies (https_proxy), as before
https_proxy=http://frs:$PW@127.0.0.1:$PPORT lint "$kc" > "$out/envonly" 2> "$out/envonly.err"
same "no proxy-url, https_proxy set: the same output" "$out/direct" "$out/envonly"
n3=$(tunnels)
check "no proxy-url: https_proxy is used ($((n3 - n2)) CONNECT)" [ "$n3" -gt "$n2" ]

# tls-server-name through the proxy: the tunnel goes to the server's address, the certificate is
# checked for the name
kc_proxy "$KUBE_DIR/kc-sni" "http://frs:$PW@127.0.0.1:$PPORT"
sed -i "s|^    server: .*|&\n    tls-server-name: localhost|" "$KUBE_DIR/kc-sni"
lint "$KUBE_DIR/kc-sni" > "$out/sni" 2> "$out/sni.err"
same "proxy-url with tls-server-name: the same output" "$out/direct" "$out/sni"
n4=$(tunnels)
check "tls-server-name: the tunnel goes to 127.0.0.1:$KUBE_PORT ($((n4 - n3)) CONNECT)" [ "$n4" -gt "$n3" ]

# an https proxy (stunnel in front of tinyproxy, with the API server's certificate): its
# certificate is checked against the cluster's CA, which the system's bundle does not hold
stunnel_conf() {
	cat > "$KUBE_DIR/stunnel.conf" <<EOF
foreground = yes
pid =
output = $KUBE_DIR/stunnel.log
[proxy]
accept = 127.0.0.1:$1
connect = 127.0.0.1:$PPORT
cert = $KUBE_DIR/pki/server.crt
key = $KUBE_DIR/pki/server.key
EOF
}
if [ -z "$STUNNEL" ]; then
	echo "# no stunnel4 (apt-get install stunnel4): the https proxy is not tested"
elif serve stunnel stunnel_conf "$STUNNEL" "$KUBE_DIR/stunnel.conf"; then
	SPORT=$(cat "$KUBE_DIR/stunnel.port")
	kc_proxy "$KUBE_DIR/kc-https" "https://frs:$PW@127.0.0.1:$SPORT"
	n=$(tunnels)
	lint "$KUBE_DIR/kc-https" > "$out/https" 2> "$out/https.err"
	same "an https proxy-url: the same output" "$out/direct" "$out/https"
	check "an https proxy-url: through stunnel to tinyproxy ($(( $(tunnels) - n )) CONNECT)" [ "$(tunnels)" -gt "$n" ]
	# the cluster's CA is another: the proxy's certificate is refused before any tunnel
	kc_proxy "$KUBE_DIR/kc-https-ca" "https://frs:$PW@127.0.0.1:$SPORT"
	sed -i "s|^    certificate-authority-data: .*|    certificate-authority-data: $(base64 -w0 < "$KUBE_DIR/pki/other-ca.crt")|" \
		"$KUBE_DIR/kc-https-ca"
	n=$(tunnels)
	lint "$KUBE_DIR/kc-https-ca" > "$out/https-ca" 2>&1; rc=$?
	want="api: error: bgppeers.metallb.io (namespace metallb-system): cannot reach $KUBE_SERVER: SSL certificate problem: unable to get local issuer certificate (through the proxy https://127.0.0.1:$SPORT/)"
	check "an https proxy whose certificate the cluster's CA did not sign: exit 2 ($rc)" [ "$rc" = 2 ]
	check "an https proxy whose certificate the cluster's CA did not sign: the error" [ "$(head -1 "$out/https-ca")" = "$want" ] ||
		{ echo "  want: $want"; sed 's/^/  got:  /' "$out/https-ca"; }
	check "an https proxy whose certificate the cluster's CA did not sign: no tunnel" [ "$(tunnels)" = "$n" ]
else
	bad "stunnel starts"
fi

# an https proxy that asks for a client certificate (stunnel: requireCert, verifyChain against the
# cluster's CA) and whose own certificate names only localhost. Go's Transport (so kubectl)
# dials an https proxy with the cluster's TLS settings: it offers the client certificate, and
# checks the proxy's certificate for tls-server-name when there is one, else for the proxy's host.
# TLS 1.2 at most: a missing certificate then fails the handshake itself (in TLS 1.3 the server
# refuses it after the client's handshake is done, and the client sees either the alert or a
# reset, whichever comes first)
if [ -n "$STUNNEL" ]; then
	pki=$KUBE_DIR/pki
	{
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-subj "/CN=frrshim-test-proxy" -keyout "$pki/proxy.key" -out "$pki/proxy.csr" &&
		printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$pki/proxy.ext" &&
		openssl x509 -req -in "$pki/proxy.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
			-CAcreateserial -days 2 -extfile "$pki/proxy.ext" -out "$pki/proxy.crt"
	} > /dev/null 2>&1 || bad "the proxy's certificate is made"
fi
stunnel_mtls_conf() {
	cat > "$KUBE_DIR/stunnel-mtls.conf" <<EOF
foreground = yes
pid =
output = $KUBE_DIR/stunnel-mtls.log
[proxy]
accept = 127.0.0.1:$1
connect = 127.0.0.1:$PPORT
cert = $KUBE_DIR/pki/proxy.crt
key = $KUBE_DIR/pki/proxy.key
CAfile = $KUBE_DIR/pki/ca.crt
verifyChain = yes
requireCert = yes
sslVersionMax = TLSv1.2
EOF
}
# mtls WHAT MODE PROXY-HOST [TLS-SERVER-NAME]: lint --kube through that proxy, a kubeconfig with
# credentials MODE; its output in $out/mtls-WHAT(.err), the tunnels it made in $made
mtls() {
	local kc=$KUBE_DIR/kc-mtls-$1 n
	kc_proxy "$kc" "https://frs:$PW@$3:$MPORT_TLS" "$2"
	[ -n "${4:-}" ] && sed -i "s|^    server: .*|&\n    tls-server-name: $4|" "$kc"
	n=$(tunnels)
	lint "$kc" > "$out/mtls-$1" 2> "$out/mtls-$1.err"
	made=$(( $(tunnels) - n ))
}
# mtls_error WHAT NAME WANT: the first line of $out/mtls-NAME is WANT (OpenSSL's version, which
# curl puts in some messages, as OpenSSL/VERSION), and no tunnel was made
mtls_error() {
	local got
	got=$(head -1 "$out/mtls-$2" | sed -E 's|OpenSSL/[0-9][^:]*:|OpenSSL/VERSION:|')
	check "$1: the error" [ "$got" = "$3" ] ||
		{ echo "  want: $3"; echo "  got:  $got"; }
	check "$1: no tunnel" [ "$made" = 0 ]
}
if [ -z "$STUNNEL" ]; then
	echo "# no stunnel4: the https proxy that asks for a client certificate is not tested"
elif serve stunnel-mtls stunnel_mtls_conf "$STUNNEL" "$KUBE_DIR/stunnel-mtls.conf"; then
	MPORT_TLS=$(cat "$KUBE_DIR/stunnel-mtls.port")
	cant="api: error: bgppeers.metallb.io (namespace metallb-system): cannot reach $KUBE_SERVER:"
	mtls cert cert localhost
	same "a proxy that asks for a client certificate: the kubeconfig's is offered (the same output)" \
		"$out/direct" "$out/mtls-cert"
	check "a proxy that asks for a client certificate: through it ($made CONNECT)" [ "$made" -ge 1 ]
	mtls certfile cert-file localhost
	same "a proxy that asks for a client certificate: the kubeconfig's files are offered" \
		"$out/direct" "$out/mtls-certfile"
	# a token (no client certificate): the proxy ends the handshake, before any tunnel
	mtls token token localhost
	mtls_error "a proxy that asks for a client certificate, none in the kubeconfig" token \
		"$cant OpenSSL/VERSION: error:0A000410:SSL routines::sslv3 alert handshake failure (through the proxy https://localhost:$MPORT_TLS/)"
	# the proxy's certificate names localhost, not 127.0.0.1: tls-server-name decides
	mtls sni cert 127.0.0.1 localhost
	same "an https proxy with tls-server-name: its certificate is checked for that name" \
		"$out/direct" "$out/mtls-sni"
	check "an https proxy with tls-server-name: through it ($made CONNECT)" [ "$made" -ge 1 ]
	mtls ip cert 127.0.0.1
	mtls_error "an https proxy without tls-server-name, a certificate that does not name its host" ip \
		"$cant SSL: no alternative certificate subject name matches target host name '127.0.0.1' (through the proxy https://127.0.0.1:$MPORT_TLS/)"
	mtls other cert 127.0.0.1 frrshim-other.test
	mtls_error "an https proxy, a tls-server-name its certificate does not have" other \
		"$cant SSL: no alternative certificate subject name matches target host name 'frrshim-other.test' (through the proxy https://127.0.0.1:$MPORT_TLS/)"
else
	bad "stunnel (client certificates required) starts"
fi

# a SOCKS5 proxy (microsocks, with a password): Go's SOCKS5 dialer, so kubectl's, hands the proxy
# the server's name (socks5h in curl's terms): its log names localhost, not 127.0.0.1
if [ -z "$MICROSOCKS" ]; then
	echo "# no microsocks (apt-get install microsocks): the socks5 proxy is not tested"
elif serve microsocks : stdbuf -oL "$MICROSOCKS" -i 127.0.0.1 -p @PORT@ -u frs -P "$PW"; then
	MPORT=$(cat "$KUBE_DIR/microsocks.port")
	kc_proxy "$KUBE_DIR/kc-socks" "socks5://frs:$PW@127.0.0.1:$MPORT"
	sed -i "s|^    server: .*|    server: https://localhost:$KUBE_PORT|" "$KUBE_DIR/kc-socks"
	lint "$KUBE_DIR/kc-socks" > "$out/socks" 2> "$out/socks.err"
	same "a socks5 proxy-url: the same output" "$out/direct" "$out/socks"
	check "a socks5 proxy-url: the proxy connected to localhost:$KUBE_PORT (the name, resolved by the proxy)" \
		grep -q ": connected to localhost:$KUBE_PORT\$" "$KUBE_DIR/microsocks.out"
else
	bad "microsocks starts"
fi

# a wrong password: the proxy refuses the tunnel (tinyproxy answers a CONNECT with 401, not
# 407); the error names the proxy, never the password
kc_proxy "$KUBE_DIR/kc-bad" "http://frs:wrong-$PW@127.0.0.1:$PPORT"
lint "$KUBE_DIR/kc-bad" > "$out/bad" 2>&1; rb=$?
check "a refused proxy: exit 2 ($rb)" [ "$rb" = 2 ]
want="api: error: bgppeers.metallb.io (namespace metallb-system): cannot reach $KUBE_SERVER: CONNECT tunnel failed, response 401 (through the proxy http://127.0.0.1:$PPORT/)"
check "a refused proxy: the error names the server and the proxy" [ "$(head -1 "$out/bad")" = "$want" ] ||
	{ echo "  want: $want"; sed 's/^/  got:  /' "$out/bad"; }
if grep -rq "$PW" "$out"; then bad "the proxy's password appears in an output"; else ok "the proxy's password appears in no output"; fi

# a proxy-url kubectl would refuse: file:line:column, without the value
kc_proxy "$KUBE_DIR/kc-ftp" "ftp://frs:$PW@127.0.0.1:$PPORT"
lint "$KUBE_DIR/kc-ftp" > "$out/ftp" 2>&1; rf=$?
want="$KUBE_DIR/kc-ftp:7:16: error: clusters[0].cluster.proxy-url: unsupported scheme \"ftp\": expected http, https or socks5"
check "proxy-url ftp://: exit 1 ($rf)" [ "$rf" = 1 ]
check "proxy-url ftp://: refused where it is written" [ "$(head -1 "$out/ftp")" = "$want" ] ||
	{ echo "  want: $want"; sed 's/^/  got:  /' "$out/ftp"; }
if grep -q "$PW" "$out/ftp"; then bad "the bad proxy-url's password is shown"; else ok "the bad proxy-url's password is not shown"; fi
exit $fail
