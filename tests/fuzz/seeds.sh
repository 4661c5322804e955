#!/bin/sh
# SPDX-License-Identifier: MIT
# Seed corpus of one fuzz target, generated from the golden cases and fixtures (nothing copied
# into the tree): tests/fuzz/seeds.sh SRCDIR TARGET OUTDIR. Files are named by what they came from.
set -eu
src=$1 target=$2 out=$3
mkdir -p "$out"

# put FILE NAME: one seed, named after its origin (slashes flattened)
put() { cp "$1" "$out/$(printf '%s' "$2" | tr '/' '_')"; }

manifests() {
	for f in "$src"/examples/*.yaml "$src"/tests/golden/lint/*/* "$src"/tests/golden/lint/*/*/* \
		"$src"/tests/golden/render/*/*; do
		[ -f "$f" ] || continue
		case "$f" in
		*/expected*) ;;
		*.yaml|*.yml|*.json) put "$f" "${f#"$src"/}" ;;
		esac
	done
	# the examples as one set: what `frrshim render examples/` reads
	for f in "$src"/examples/*.yaml; do
		cat "$f"
		echo ---
	done > "$out/examples-all.yaml"
}

confs() {
	for f in "$src"/tests/golden/reload/*/*.conf "$src"/tests/golden/render/*/expected.conf \
		"$src"/tests/integration/query/*.conf "$src"/tests/integration/query/*/*.conf; do
		[ -f "$f" ] && put "$f" "${f#"$src"/}"
	done
}

case "$target" in
load|render)
	manifests ;;
conf)
	confs ;;
diff)
	# running, a NUL, then the target: each reload case
	for d in "$src"/tests/golden/reload/*/; do
		if [ ! -f "$d/running.conf" ] || [ ! -f "$d/new.conf" ]; then continue; fi
		{ cat "$d/running.conf"; printf '\0'; cat "$d/new.conf"; } > "$out/$(basename "$d")"
	done ;;
neighbors|query)
	for f in "$src"/tests/fixtures/*/*.json; do
		put "$f" "${f#"$src"/tests/fixtures/}"
	done
	[ "$target" = query ] && for f in "$src"/tests/fuzz/seeds/query/*; do
		[ -f "$f" ] && put "$f" "rmap-${f##*/}"
	done
	: ;;
tmpl)
	for f in "$src"/frrgen/templates/*.tmpl; do
		put "$f" "${f#"$src"/}"
	done ;;
values)
	n=0
	for v in 3s 90s 1m30s 1h2m3.5s 500ms 0s 192.0.2.0/24 192.0.2.10-192.0.2.20 \
		'2001:db8::1-2001:db8::ff' 2001:db8::/64 198.51.100.010/32 2001:DB8::1 \
		'k=v,kubernetes.io/hostname=worker-1' cGFzc3dvcmQ= \
		' neighbor 192.0.2.1 password s3cret' 'message-digest-key 1 md5 K' \
		'ip ospf authentication-key K'; do
		n=$((n + 1))
		printf '%s' "$v" > "$out/value-$n"
	done ;;
watch)
	# event streams as the API server sends them: one object a line, bookmarks, a 410
	printf '%s\n' '{"type":"ADDED","object":{"kind":"Service","metadata":{"name":"web","namespace":"shop","resourceVersion":"11"},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.10"}]}}}}' \
		'{"type":"MODIFIED","object":{"metadata":{"name":"w}b","resourceVersion":"12","annotations":{"a":"x \"}{[ \\"}}}}' \
		'{"type":"BOOKMARK","object":{"kind":"Service","metadata":{"resourceVersion":"15"}}}' \
		'{"type":"DELETED","object":{"metadata":{"name":"\u00e9t\u00e9","resourceVersion":"16"}}}' > "$out/stream"
	printf '%s\n' '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 11 (15)","reason":"Expired","code":410}}' > "$out/error-410"
	printf '%s' '{"type":"ADDED","object":{"metadata":{"name":"half"' > "$out/half"
	printf '%s\n' '{"type":"RENAMED","object":{}}' '{"type":"ADDED"}' ']garbage' > "$out/bad" ;;
*)
	echo "seeds.sh: unknown target $target" >&2
	exit 2 ;;
esac
