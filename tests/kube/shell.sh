#!/bin/bash
# SPDX-License-Identifier: MIT
# `frrshim shell --kube` lists the API server once and keeps its set current with the watch: two
# commands in one session make one list per resource (the fixture's /stats), and an object the
# test adds between them is seen by the second, without a relist; when the first list fails, each
# command lists and reports as without the shell, and so it does when the first list does not end
# within FRS_KUBE_STALL_S (the bound of a list without a byte).
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/kube/lib.sh
. "$SRCDIR/tests/kube/lib.sh"
kube_setup
SHELL_PID=""
trap 'rc=$?; exec 7>&-; [ -n "$SHELL_PID" ] && { kill "$SHELL_PID" 2>/dev/null; wait "$SHELL_PID" 2>/dev/null; }; (exit "$rc"); kube_cleanup' EXIT

kube_yaml2json "$KUBE_DIR/fixtures/all.json" "$SRCDIR"/examples/*.yaml
kube_start "$KUBE_DIR/fixtures" || { bad "the fixture server starts"; exit 1; }
kc=$KUBE_DIR/kc
kube_kubeconfig "$kc" token
resources=(bgppeers ipaddresspools bgpadvertisements l2advertisements communities bfdprofiles
	secrets services endpointslices nodes namespaces)
# lists: every resource's list count, "RES=N ..."
lists() {
	curl -fsS "$KUBE_CTL/stats" | python3 -c '
import json, sys
r = json.load(sys.stdin)["resources"]
print(" ".join("%s=%d" % (k, r[k]["list"]) for k in sys.argv[1:]))' "${resources[@]}"
}
once=$(for r in "${resources[@]}"; do printf '%s=1 ' "$r"; done)
once=${once% }
# until WHAT FILE PATTERN: wait (up to a minute: the machine may be busy) for PATTERN in FILE
until_in() {
	local _
	for _ in $(seq 1200); do
		grep -q "$3" "$2" && return 0
		kill -0 "$SHELL_PID" 2>/dev/null || break
		sleep 0.05
	done
	bad "$1: no '$3' in $2"; sed 's/^/  /' "$2"
	return 1
}

# the shell reads its commands from a pipe the test writes one at a time
mkfifo "$KUBE_DIR/in"
"$FRRSHIM" shell --node worker-1 --kube --kubeconfig "$kc" < "$KUBE_DIR/in" \
	> "$KUBE_DIR/out" 2> "$KUBE_DIR/err" &
SHELL_PID=$!
exec 7> "$KUBE_DIR/in"

echo lint >&7
until_in "the first lint" "$KUBE_DIR/err" "^frrshim lint: ok: 21 documents" &&
	ok "the first lint: the examples' 21 documents"
check "after the first command: one list per resource" [ "$(lists)" = "$once" ] || echo "  $(lists)"

# a third node, while the shell waits for its next command; the watch brings it in
kube_apply ADDED > /dev/null <<'EOF'
{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "worker-3", "labels": {"kubernetes.io/hostname": "worker-3"}}}
EOF
# `?` reads no API: it lists the nodes the shell's set holds, so it shows when the event is in
for _ in $(seq 600); do
	echo 'node ?' >&7
	sleep 0.1
	grep -q '^  worker-3  Node$' "$KUBE_DIR/out" && break
	kill -0 "$SHELL_PID" 2>/dev/null || break
done
check "the watch brought the new node in (\`node ?\` lists worker-3)" grep -q '^  worker-3  Node$' "$KUBE_DIR/out"

echo lint >&7
until_in "the second lint" "$KUBE_DIR/err" "^frrshim lint: ok: 22 documents" &&
	ok "the second lint sees the node added between the commands: 22 documents"
echo 'render --node worker-3' >&7
echo exit >&7
exec 7>&-
wait "$SHELL_PID"; rc=$?
SHELL_PID=""
check "the shell exits 0 ($rc)" [ "$rc" = 0 ]
check "render --node worker-3 in the same session: the new node's frr.conf" grep -q '^frr defaults' "$KUBE_DIR/out"
check "after three commands and the edit: still one list per resource" [ "$(lists)" = "$once" ] ||
	echo "  $(lists)"
w=$(curl -fsS "$KUBE_CTL/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["resources"]["nodes"]["watch"])')
check "the shell watched nodes ($w watch)" [ "$w" -ge 1 ]

# the first list fails (list on secrets forbidden): no watch; every command lists and says why,
# as `lint --kube` does
kube_ctl "/forbid?resource=secrets&verbs=list" > /dev/null
"$FRRSHIM" lint --kube --kubeconfig "$kc" > "$KUBE_DIR/lint403" 2>&1
# the fixture counts the lists it answers; a refused one is in its request log
denied() { grep -c 'GET /api/v1/namespaces/metallb-system/secrets watch= .* -> 403$' "$KUBE_DIR/requests.log"; }
s0=$(denied)
printf 'lint\nlint\n' | "$FRRSHIM" shell --kube --kubeconfig "$kc" > "$KUBE_DIR/sh403" 2>&1; rc=$?
check "a forbidden kind: the shell exits 2 ($rc)" [ "$rc" = 2 ]
{ head -1 "$KUBE_DIR/lint403"; cat "$KUBE_DIR/lint403" "$KUBE_DIR/lint403"; } > "$KUBE_DIR/want403"
check "a forbidden kind: the 403 at the start, then each lint as lint --kube prints it" \
	cmp -s "$KUBE_DIR/want403" "$KUBE_DIR/sh403" || diff "$KUBE_DIR/want403" "$KUBE_DIR/sh403"
s1=$(denied)
# the watch's list (its watcher may retry once before it is stopped), the start's, one a command
check "a forbidden kind: the watch's list, the start's and one per command ($((s1 - s0)) refused lists)" \
	[ "$((s1 - s0))" -ge 4 ]

# a first list that never ends (the fixture trickles a space every 100 ms into every services
# list, so curl's bound on a list without a byte never fires): the shell waits FRS_KUBE_STALL_S
# for it, names the kind not listed, does not watch, and each command lists on its own
kube_ctl "/forbid?resource=secrets" > /dev/null
kube_ctl "/stall?resource=services&trickle=1" > /dev/null
mkfifo "$KUBE_DIR/in2"
FRS_KUBE_STALL_S=3 "$FRRSHIM" shell --kube --kubeconfig "$kc" < "$KUBE_DIR/in2" \
	> "$KUBE_DIR/out2" 2> "$KUBE_DIR/err2" &
SHELL_PID=$!
exec 7> "$KUBE_DIR/in2"
bound="frrshim shell: the API server was not listed within 3 s (FRS_KUBE_STALL_S): not watching it; each command lists it"
until_in "a first list that never ends" "$KUBE_DIR/err2" "^frrshim shell: the API server was not" &&
	check "a first list that never ends: the bound's message" grep -qxF "$bound" "$KUBE_DIR/err2" &&
	check "a first list that never ends: the kind not listed" \
		grep -qxF "api: error: services (cluster-wide): not listed yet" "$KUBE_DIR/err2"
# the trickle ends (its lists are cut): the shell's own list, then each command's, go through
kube_ctl /stall > /dev/null
echo lint >&7
until_in "a lint after the bound" "$KUBE_DIR/err2" "^frrshim lint: ok: 22 documents" &&
	ok "a lint after the bound lists on its own: 22 documents (worker-3 is still there)"
echo exit >&7
exec 7>&-
wait "$SHELL_PID"; rc=$?
SHELL_PID=""
check "the shell whose first list never ended exits 0 ($rc)" [ "$rc" = 0 ]
exit $fail
