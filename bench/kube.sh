#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark of direct mode over the Kubernetes API (`frrshim reloader --kube`, default debounce)
# against the fixture API server (tests/kube/kube-fixture), a real bgpd on the node and a router
# in namespaces:
#  A. a Service's IP changes in the watch stream (one MODIFIED event) → the router has installed
#     the new /32 and dropped the old one: median of N (20) changes. Time runs from just before
#     the event is handed to the fixture's control port to the router's kernel route (cheaper to
#     poll than vtysh, as in bench/sidecar.sh).
#  B. peak resident memory (VmHWM) of the reloader watching 10,000 Services and 10,000
#     EndpointSlices (generated: NLB (200) LoadBalancer Services with IPs, the rest ClusterIP, a
#     slice of 3 endpoints each), after the first configuration reached the router and 20 more
#     changes. NLB=10000 makes every Service a LoadBalancer (those past 200 get IPv6 addresses).
# Prints the figures; asserts nothing. Needs root.
# usage: bench/kube.sh [BUILD_DIR]   (N=20, NSVC=10000, NLB=200 by default)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build}
export FRRSHIM=$build/frrshim SRCDIR=$top
N=${N:-20}
NSVC=${NSVC:-10000}
NLB=${NLB:-200}
[ "$(id -u)" = 0 ] || { echo "skipped: needs root"; exit 0; }
. "$top/tests/integration/sidecar-lib.sh"
. "$top/tests/kube/lib.sh"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
in_kernel() { ip -n "$RTR_NS" route show "$1/32" | grep -q 'via 192.0.2.2'; }
measure_until() { # T0 IP PREV: ms from T0 until the router has IP/32 and no longer PREV/32
	local t0=$1 ip=$2 prev=$3
	while ! in_kernel "$ip" || { [ -n "$prev" ] && in_kernel "$prev"; }; do
		[ $(( $(now_ms) - t0 )) -gt 60000 ] && { echo "timeout" >&2; return 1; }
		sleep 0.005
	done
	echo $(( $(now_ms) - t0 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
stats() { # NAME FILE
	printf "%-58s n=%d median=%s ms min=%s ms max=%s ms\n" "$1" "$(wc -l < "$2")" \
		"$(median < "$2")" "$(sort -n "$2" | head -1)" "$(sort -n "$2" | tail -1)"
}
svc() { # NAME IP
	printf '{"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"shop"},"spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"%s"}]}}}' "$1" "$2"
}
mem() { # PID: VmHWM and VmRSS in MiB
	awk '/^VmHWM|^VmRSS/ { printf "%s %.1f MiB  ", $1, $2 / 1024 }' "/proc/$1/status"
}

sc_setup
kube_setup
cm_init
cm_write 203.0.113.1
printf 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node1\n  labels:\n    kubernetes.io/hostname: node1\n' > "$WATCH/node.yaml"
KC=$KUBE_DIR/kubeconfig

run_reloader() { # LOG
	SC_LOG=$1
	"$FRRSHIM" reloader --kube --kubeconfig "$KC" --node node1 --state-dir "$SC_STATE" \
		--vty-socket "$NODE_DIR" --confdir "$NODE_DIR" 2>>"$SC_LOG" &
	SC_PID=$!
	echo "$SC_PID" >> "$FRR_WORK/.pids"
}

changes() { # FROM COUNT FILE: COUNT changes of web's IP, timed into FILE
	local i ip prev=203.0.113.$(( $1 - 1 )) t0
	: > "$3"
	for i in $(seq "$1" $(( $1 + $2 - 1 ))); do
		ip=203.0.113.$i
		t0=$(now_ms)
		svc web "$ip" | kube_apply MODIFIED >/dev/null
		measure_until "$t0" "$ip" "$prev" >> "$3" || exit 1
		prev=$ip
	done
}

# A: the latency over a small set
kube_yaml2json "$KUBE_DIR/fixtures/all.json" "$WATCH"/..data/*.yaml "$WATCH/node.yaml" || exit 1
kube_start "$KUBE_DIR/fixtures" || { echo "the fixture server does not start"; exit 1; }
kube_kubeconfig "$KC" token
run_reloader "$SC_STATE/a.log"
frr_wait 60 sc_received 203.0.113.1/32 || { echo "first config never arrived"; exit 1; }
sleep 1
changes 2 "$N" "$FRR_WORK/a.txt"
stats "A watch event -> prefix at the router (reloader --kube)" "$FRR_WORK/a.txt"
echo "  reloader after A: $(mem "$SC_PID")"
kill -TERM "$SC_PID"; wait "$SC_PID"
kube_stop

# B: memory over NSVC Services and NSVC EndpointSlices
rm -f "$SC_STATE/reloader.pid"
mkdir -p "$KUBE_DIR/big"
cp "$KUBE_DIR/fixtures/all.json" "$KUBE_DIR/big/00-base.json"
python3 - "$KUBE_DIR/big/10-generated.json" "$NSVC" "$NLB" <<'EOP'
import json, sys
out, n, nlb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
items = []
for i in range(n):
    ns, name = "ns%d" % (i % 50), "svc%05d" % i
    s = {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": name, "namespace": ns, "labels": {"app": name, "tier": "backend"},
                      "annotations": {"example.com/owner": "team-%d" % (i % 17)}},
         "spec": {"type": "ClusterIP", "selector": {"app": name},
                  "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}}
    if i < nlb:
        s["spec"]["type"] = "LoadBalancer"
        ip = ("198.51.100.%d" % i if i < 100 else "203.0.113.%d" % i if i < 200
              else "2001:db8:1::%x" % i)
        s["status"] = {"loadBalancer": {"ingress": [{"ip": ip}]}}
    items.append(s)
    items.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                  "metadata": {"name": name + "-abcde", "namespace": ns,
                               "labels": {"kubernetes.io/service-name": name}},
                  "addressType": "IPv6",
                  "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
                  "endpoints": [{"addresses": ["2001:db8:%x::%x" % (i, j + 1)], "nodeName": "node1",
                                 "conditions": {"ready": True, "serving": True, "terminating": False}}
                                for j in range(3)]})
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, open(out, "w"))
EOP
python3 - "$KUBE_DIR/big/00-base.json" <<'EOP'
import json, sys
# the pool of part A plus 198.51.100.0/24 and 2001:db8:1::/112 for the generated Services
d = json.load(open(sys.argv[1]))
for o in d["items"]:
    if o["kind"] == "IPAddressPool":
        o["spec"]["addresses"] = ["203.0.113.0/24", "198.51.100.0/24", "2001:db8:1::/112"]
json.dump(d, open(sys.argv[1], "w"))
EOP
echo "  fixture: $(du -sh "$KUBE_DIR/big" | cut -f1) of JSON, $((NSVC * 2)) objects generated, $NLB of the Services LoadBalancers"
kube_start "$KUBE_DIR/big" || { echo "the fixture server does not start"; exit 1; }
kube_kubeconfig "$KC" token   # the new server's port
t0=$(now_ms)
run_reloader "$SC_STATE/b.log"
frr_wait 300 sc_received 198.51.100.50/32 || { echo "the big config never arrived"; tail "$SC_LOG"; exit 1; }
t1=$(now_ms)
echo "B first configuration at the router after start (lists of $NSVC + $NSVC): $((t1 - t0)) ms"
echo "  reloader after the first configuration: $(mem "$SC_PID")"
sleep 1
changes 2 "$N" "$FRR_WORK/b.txt"
stats "B watch event -> prefix, $NSVC Services watched" "$FRR_WORK/b.txt"
echo "B reloader --kube over $NSVC Services + $NSVC EndpointSlices: $(mem "$SC_PID")"
echo "  fixture server: $(mem "$KUBE_PID")"
kill -TERM "$SC_PID"; wait "$SC_PID"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
exit 0
