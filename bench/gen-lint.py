#!/usr/bin/env python3
"""Write a large, valid MetalLB manifest set for bench/lint.sh.

gen-lint.py DIR [SERVICES [PEERS [POOLS]]] (defaults 10000, 100, 50): DIR/peers.yaml,
DIR/pools.yaml (IPv6 /112 pools under 2001:db8::/32 that do not overlap), DIR/advertisements.yaml,
DIR/nodes.yaml and DIR/services.yaml (each Service with an IP from a pool, spread evenly).
Documentation addresses only.
"""
import os
import sys


def main():
    out = sys.argv[1]
    nsvc = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    npeers = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    npools = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "peers.yaml"), "w") as f:
        for i in range(npeers):
            f.write(f"""---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: peer-{i:03d}
  namespace: metallb-system
spec:
  myASN: 64500
  peerASN: {64501 + i}
  peerAddress: 2001:db8:ffff::{i + 1:x}
  holdTime: 90s
  keepaliveTime: 30s
  routerID: 192.0.2.100
  nodeSelectors:
  - matchLabels:
      kubernetes.io/hostname: worker-{i % 10}
""")
    with open(os.path.join(out, "pools.yaml"), "w") as f:
        for i in range(npools):
            f.write(f"""---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: pool-{i:02d}
  namespace: metallb-system
spec:
  addresses:
  - 2001:db8:{0x1000 + i:x}::/112
""")
    with open(os.path.join(out, "advertisements.yaml"), "w") as f:
        f.write("""apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata:
  name: all
  namespace: metallb-system
spec:
  localPref: 100
  communities: ["64500:100"]
""")
    with open(os.path.join(out, "nodes.yaml"), "w") as f:
        for i in range(10):
            f.write(f"""---
apiVersion: v1
kind: Node
metadata:
  name: worker-{i}
  labels:
    kubernetes.io/hostname: worker-{i}
""")
    with open(os.path.join(out, "services.yaml"), "w") as f:
        for i in range(nsvc):
            pool = i % npools
            f.write(f"""---
apiVersion: v1
kind: Service
metadata:
  name: svc-{i:05d}
  namespace: ns-{i % 100:02d}
  labels:
    app: svc-{i:05d}
spec:
  type: LoadBalancer
  selector:
    app: svc-{i:05d}
  ports:
  - name: http
    port: 80
    protocol: TCP
status:
  loadBalancer:
    ingress:
    - ip: 2001:db8:{0x1000 + pool:x}::{i // npools + 1:x}
""")


if __name__ == "__main__":
    main()
