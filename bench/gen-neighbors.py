#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Synthetic `show bgp vrf all neighbors json` in FRR 8.4.4's shape: N peers over 4 VRFs.
import json, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
base = json.load(open(sys.argv[2]))["default"]["10.0.0.2"] if len(sys.argv) > 2 else None
out = {}
for i in range(n):
    vrf = "default" if i % 4 == 0 else "vrf%d" % (i % 4)
    v = out.setdefault(vrf, {"vrfId": i % 4, "vrfName": vrf})
    addr = "2001:db8::%x" % (i + 1) if i % 2 else "198.51.%d.%d" % (100 + i // 250, i % 250 + 1)
    peer = json.loads(json.dumps(base)) if base else {"bgpState": "Established"}
    peer["hostForeign"] = addr
    peer["remoteAs"] = 64512 + i
    peer["messageStats"]["updatesSent"] = i
    v[addr] = peer
json.dump(out, sys.stdout, indent=2)
