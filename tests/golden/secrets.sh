#!/bin/sh
# SPDX-License-Identifier: MIT
# No password leaves frrshim except in a config it was asked to write: every command is run on
# inputs that carry test passwords in each secret-bearing FRR form (lines that parse and lines
# that do not) and in manifests (plain, in Secrets as base64, invalid), and every byte of its
# stdout, stderr, logs, status and state files is searched for the passwords and their base64.
# No FRR is needed: the reloads fail to connect (or to parse) and must still say nothing.
set -u
: "${FRRSHIM:?set FRRSHIM to the frrshim binary}"
tmp=$(mktemp -d)
pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail=0 n=0
cd "$tmp" || exit 99
out="$tmp/out"
mkdir "$out"

# One secret per form; each password is unique so that a hit names its form.
forms='neighbor 192.0.2.1 password Pw0rdA1x
area-password clear Pw0rdB2x
area-password md5 Pw0rdB3x authenticate snp validate
domain-password md5 Pw0rdC4x
domain-password clear Pw0rdC5x
isis password clear Pw0rdD6x
isis password md5 Pw0rdD7x
password 8 Pw0rdE8x
enable password 8 Pw0rdE9x
enable password Pw0rdEAx
key-string Pw0rdFBx
ip ospf authentication-key Pw0rdGCx
ip ospf message-digest-key 1 md5 Pw0rdGDx
area 0 virtual-link 192.0.2.9 message-digest-key 2 md5 Pw0rdGEx
ipv6 ospf6 authentication keyid 1 hash-algo hmac-sha-256 key Pw0rdHFx
ip rip authentication string Pw0rdIGx
neighbor 192.0.2.3 password Pw0rdJHx'
secrets="$(printf '%s\n' "$forms" | sed 's/.*\(Pw0rd...\).*/\1/') s3cr3tK1x s3cr3tK2x s3cr3tK3x"

# frr.conf inputs: each form where it does not parse (in router bgp, or as the tail of a bogus
# top-level line) and, for the bgp password, where it does.
i=0
printf '%s\n' "$forms" | while IFS= read -r line; do
	i=$((i + 1))
	printf 'router bgp 64500\n %s\n!\n' "$line" >"bad-in-bgp-$i.conf"
	printf 'bogus %s\n' "$line" >"bad-top-$i.conf"
	printf 'frr version 8.4.4\n%s\n' "$line" >"top-$i.conf"
done
printf 'router bgp 64500\n neighbor 192.0.2.1 remote-as 64501\n neighbor 192.0.2.1 password Pw0rdA1x\n!\n' \
	>good.conf

# manifests: a plain password, a Secret (base64 and stringData), an invalid password
cat >peers.yaml <<'EOF'
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: peer-a, namespace: metallb-system}
spec: {myASN: 64500, peerASN: 64501, peerAddress: 192.0.2.1, password: s3cr3tK1x}
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: peer-b, namespace: metallb-system}
spec:
  myASN: 64500
  peerASN: 64501
  peerAddress: 192.0.2.2
  passwordSecret: {name: peer-auth, namespace: metallb-system}
---
apiVersion: v1
kind: Secret
metadata: {name: peer-auth, namespace: metallb-system}
type: kubernetes.io/basic-auth
data:
  password: czNjcjN0SzJ4
EOF
cat >bad-peer.yaml <<'EOF'
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata: {name: peer-c, namespace: metallb-system}
spec: {myASN: 64500, peerASN: 64501, peerAddress: 192.0.2.3, password: "s3cr3tK3x!", holdTime: x}
EOF
cat >bad-secrets.yaml <<'EOF'
apiVersion: v1
kind: Secret
metadata: {name: s-a, namespace: metallb-system}
type: kubernetes.io/basic-auth
data:
  password: czNjcjN0SzJ4!!
---
apiVersion: v1
kind: Secret
metadata: {name: s-b, namespace: metallb-system}
type: kubernetes.io/basic-auth
stringData:
  password: "s3cr3tK3x with blanks"
---
apiVersion: v1
kind: Secret
metadata: {name: s-c, namespace: metallb-system}
type: kubernetes.io/basic-auth
data:
  password: czNjcjN0SzF4AHRhaWw=
  password: czNjcjN0SzJ4
EOF
printf '{"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"p","namespace":"metallb-system"},"spec":{"myASN":64500,"peerASN":64501,"peerAddress":"192.0.2.1","password":"s3cr3tK1x\\u0000tail"}}\n' \
	>nul-peer.json

run() { # command... : stdout and stderr kept under $out
	n=$((n + 1))
	"$@" >"$out/$n.stdout" 2>"$out/$n.stderr" </dev/null
	echo "$*" >"$out/$n.cmd"
}
run_conf() { # command... whose stdout is a configuration (passwords included): stderr only
	n=$((n + 1))
	"$@" >"$tmp/conf.stdout" 2>"$out/$n.stderr" </dev/null
	echo "$*" >"$out/$n.cmd"
}

for f in bad-*.conf top-*.conf good.conf; do
	run_conf "$FRRSHIM" reload --test --input /dev/null "$f"
	run_conf "$FRRSHIM" reload --test --input "$f" good.conf
	run "$FRRSHIM" reload --debug --status "$out/status-$f.json" --vty-socket "$tmp/none" "$f"
done
for fmt in text json github; do
	run "$FRRSHIM" lint --format "$fmt" bad-secrets.yaml
	run "$FRRSHIM" lint --format "$fmt" peers.yaml bad-peer.yaml nul-peer.json
	run "$FRRSHIM" lint --format "$fmt" bad-peer.yaml
done
run "$FRRSHIM" render --node n1 bad-peer.yaml
run "$FRRSHIM" render --node n1 nul-peer.json
run "$FRRSHIM" status --vty-socket "$tmp/none"
run "$FRRSHIM" verify --node n1 --vty-socket "$tmp/none" peers.yaml
run "$FRRSHIM" explain --node n1 metallb-system/svc peers.yaml
run "$FRRSHIM" render --node n1 --explain peers.yaml bad-secrets.yaml
# the rendered config (and frr-reload.py's --test diff) are the outputs that must hold the passwords: written 0600
run "$FRRSHIM" render --node n1 -o "$tmp/rendered.conf" peers.yaml
if [ "$(stat -c %a "$tmp/rendered.conf" 2>/dev/null)" != 600 ]; then
	echo "not ok - render -o: $tmp/rendered.conf is not mode 0600"
	fail=1
fi

# the sidecar: a config that does not parse, then one that parses (FRR absent: connect fails)
for f in bad-in-bgp-2.conf bad-top-4.conf bad-in-bgp-11.conf good.conf; do
	d="$out/sidecar-$f"
	mkdir "$d"
	cp "$f" "$d/frr.conf"
	"$FRRSHIM" reloader --file "$d/frr.conf" --vty-socket "$tmp/none" --frr-pid-file '' \
		--debounce 1 --backoff-max 100 2>"$d/log" &
	pid=$!
	tries=0
	while [ ! -s "$d/last-error" ] && [ $tries -lt 500 ]; do
		sleep 0.02
		tries=$((tries + 1))
	done
	kill "$pid"
	wait "$pid"
	pid=
	if [ ! -s "$d/last-error" ]; then
		echo "not ok - sidecar $f: no last-error written"
		fail=1
	fi
	for s in last-error state.json running-config; do
		[ -e "$d/$s" ] || continue
		if [ "$(stat -c %a "$d/$s")" != 600 ]; then
			echo "not ok - sidecar $f: $s is mode $(stat -c %a "$d/$s"), not 0600"
			fail=1
		fi
	done
	rm "$d/frr.conf"
done

# every output: no password, no base64 of one (at any of the three alignments)
for s in $secrets; do
	for pat in "$s" "$(printf '%s' "$s" | base64)" "$(printf 'x%s' "$s" | base64 | cut -c3-10)" \
		"$(printf 'xx%s' "$s" | base64 | cut -c4-10)"; do
		pat=${pat%%=*}
		if hits=$(grep -rlF -e "$pat" "$out"); then
			for h in $hits; do
				c=${h%.*}
				echo "not ok - '$pat' ($s) leaks into $h${c:+ ($(cat "$c.cmd" 2>/dev/null))}"
			done
			fail=1
		fi
	done
done
# and the scrubber did run: each failing parse names the form, retracted
if ! grep -q 'area-password clear <retracted>' "$out/sidecar-bad-in-bgp-2.conf/last-error"; then
	echo "not ok - sidecar: last-error does not show the retracted line"
	fail=1
fi
[ $fail = 0 ] && echo "ok - secrets: $n commands and 4 sidecar runs, no password in any output"
exit $fail
