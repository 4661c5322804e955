#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Questions about rendered Kubernetes manifests, for tests/deploy/*.sh.

  manifest.py check-speaker RENDERED HELP      the speaker patch's contract (one "ok - " or
                                                "not ok - " line per check; exit 1 on any not ok)
  manifest.py check-direct RENDERED HELP NS    the direct mode's DaemonSet and RBAC, in NS
  manifest.py podman FILE DAEMONSET CONTAINER VOLDIR
                                                `podman run` options for that (init) container as the
                                                manifest specifies it (one per line), a line
                                                `--`, then its args (one per line)
  manifest.py data FILE CONFIGMAP DIR           a ConfigMap's data as a kubelet mounts it: a
                                                file DIR/KEY for each key

HELP is the text of `frrshim reloader --help`: every option a manifest passes must be in it.
"""
import json
import os
import re
import sys

import yaml

failed = False


def check(ok, what):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failed = True


def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def find(docs, kind, name):
    for d in docs:
        if d.get("kind") == kind and d.get("metadata", {}).get("name") == name:
            return d
    sys.exit(f"manifest.py: no {kind} {name}")


def by_name(items):
    return {i["name"]: i for i in items or []}


def mounts(c):
    return {(m["name"], m["mountPath"]) for m in c.get("volumeMounts", [])}


def opt_of(arg):
    return arg.split("=", 1)[0] if arg.startswith("--") else None


def arg_value(c, opt):
    for a in c.get("args", []):
        if a.startswith(opt + "="):
            return a.split("=", 1)[1]
    return None


def help_options(path):
    with open(path) as f:
        return set(re.findall(r"--[a-z][a-z-]*", f.read()))


def check_options(c, helpfile, who):
    known = help_options(helpfile)
    opts = [o for o in map(opt_of, c.get("args", [])) if o]
    unknown = [o for o in opts if o not in known]
    check(opts and not unknown,
          f"{who}: every option is one of `frrshim reloader --help`"
          + (f" (not: {' '.join(unknown)})" if unknown else ""))


def check_volumes(spec, who):
    declared = {v["name"] for v in spec.get("volumes", [])}
    used = set()
    for c in spec.get("initContainers", []) + spec.get("containers", []):
        used |= {m["name"] for m in c.get("volumeMounts", [])}
    check(used <= declared, f"{who}: every mounted volume is declared"
          + (f" (missing: {' '.join(sorted(used - declared))})" if used - declared else ""))
    check(declared <= used, f"{who}: every declared volume is mounted"
          + (f" (unused: {' '.join(sorted(declared - used))})" if declared - used else ""))


def check_probes(spec, c, who):
    port = (arg_value(c, "--metrics") or "").rsplit(":", 1)[-1]
    ports = {str(p["containerPort"]) for p in c.get("ports", [])}
    frr = by_name(spec["containers"]).get("frr", {})
    probes = [frr.get(p, {}).get("httpGet", {}) for p in ("livenessProbe", "startupProbe")]
    check(port in ports and all(str(p.get("port")) == port and p.get("scheme") == "HTTP"
                                and p.get("path") == "/livez" for p in probes),
          f"{who}: frr's probes ask HTTP /livez on --metrics' port {port}, a port of the container")


def check_speaker(rendered, helpfile):
    """The fixture's MetalLB speaker after contrib/kubernetes' patch."""
    docs = load(rendered)
    ds = find(docs, "DaemonSet", "speaker")
    spec = ds["spec"]["template"]["spec"]
    cs, inits = by_name(spec["containers"]), by_name(spec.get("initContainers"))
    check(sorted(cs) == ["frr", "reloader", "speaker"],
          "containers: frr, reloader, speaker (frr-metrics gone): " + " ".join(sorted(cs)))
    check(sorted(inits) == ["cp-frr-files"],
          "init containers: cp-frr-files alone (cp-reloader, cp-metrics gone): "
          + " ".join(sorted(inits)))
    r = cs["reloader"]
    check(r.get("image") == "frrshim:latest", "reloader runs the frrshim image")
    check(r.get("command") == ["/usr/bin/tini", "--", "/usr/bin/frrshim", "reloader"],
          "reloader's command is `tini -- frrshim reloader`")
    # the mounts MetalLB's reloader and frr-metrics had (but frr-metrics' binary volume)
    want = {("frr-sockets", "/var/run/frr"), ("frr-conf", "/etc/frr"),
            ("reloader", "/etc/frr_reloader"), ("frr-log", "/var/log/frr")}
    check(mounts(r) == want, "reloader mounts what MetalLB's reloader and frr-metrics did: "
          + " ".join(f"{n}:{p}" for n, p in sorted(mounts(r))))
    check(spec.get("shareProcessNamespace") is True, "shareProcessNamespace (the speaker's SIGHUP)")
    check_volumes(spec, "speaker")
    check_options(r, helpfile, "reloader")
    # the speaker's side of the contract: it writes FRR_CONFIG_FILE, signals the pid in
    # FRR_RELOADER_PID_FILE and polls /etc/frr_reloader/.status, through the same volume
    env = {e["name"]: e.get("value") for e in cs["speaker"].get("env", [])}
    conf, pid = arg_value(r, "--file"), arg_value(r, "--pid-file")
    check(conf == env.get("FRR_CONFIG_FILE") and pid == env.get("FRR_RELOADER_PID_FILE"),
          f"--file {conf} and --pid-file {pid} are the speaker's FRR_CONFIG_FILE and "
          "FRR_RELOADER_PID_FILE")
    shared = {p for n, p in mounts(cs["speaker"]) & mounts(r)}
    check({os.path.dirname(conf or ""), os.path.dirname(pid or "")} == {"/etc/frr_reloader"}
          and "/etc/frr_reloader" in shared and arg_value(r, "--status-file") is None,
          "frr.conf, reloader.pid and .status (the default, beside --file) are in the volume "
          "the speaker mounts at /etc/frr_reloader")
    vty = arg_value(r, "--vty-socket")
    check(("frr-sockets", vty) in mounts(cs["frr"]) and ("frr-sockets", vty) in mounts(r),
          f"--vty-socket {vty} is where the frr container's sockets are")
    save = arg_value(r, "--save")
    check(os.path.dirname(save or "") == "/etc/frr" and ("frr-conf", "/etc/frr") in mounts(cs["frr"]),
          f"--save {save} is in the frr container's /etc/frr")
    check_probes(spec, r, "speaker")


def check_direct(rendered, helpfile, ns):
    """contrib/kubernetes/direct: the DaemonSet and exactly the RBAC `--kube` needs."""
    docs = load(rendered)
    kinds = sorted(d["kind"] for d in docs)
    check(kinds == sorted(["ServiceAccount", "Role", "RoleBinding", "ClusterRole",
                           "ClusterRoleBinding", "ConfigMap", "DaemonSet"]),
          "direct: one ServiceAccount, Role, RoleBinding, ClusterRole, ClusterRoleBinding, "
          "ConfigMap, DaemonSet: " + " ".join(kinds))
    ds = find(docs, "DaemonSet", "frrshim")
    spec = ds["spec"]["template"]["spec"]
    sa = find(docs, "ServiceAccount", spec.get("serviceAccountName", "?"))
    role = next(d for d in docs if d["kind"] == "Role")
    crole = next(d for d in docs if d["kind"] == "ClusterRole")

    def rules(r):
        return {(g, res): sorted(rule["verbs"]) for rule in r["rules"]
                for g in rule["apiGroups"] for res in rule["resources"]}
    metallb = ["bfdprofiles", "bgpadvertisements", "bgppeers", "communities", "ipaddresspools",
               "l2advertisements"]
    want = {("metallb.io", k): ["list", "watch"] for k in metallb}
    want[("", "secrets")] = ["list", "watch"]
    check(rules(role) == want, "Role: list and watch of MetalLB's six kinds and Secrets, no more")
    want = {("", "services"): ["list", "watch"], ("", "nodes"): ["list", "watch"],
            ("", "namespaces"): ["list", "watch"],
            ("discovery.k8s.io", "endpointslices"): ["list", "watch"]}
    check(rules(crole) == want,
          "ClusterRole: list and watch of Services, EndpointSlices, Nodes, Namespaces, no more")
    spaced = [d for d in docs if d["kind"] not in ("ClusterRole", "ClusterRoleBinding")]
    check(all(d["metadata"].get("namespace") == ns for d in spaced),
          f"every namespaced object is in {ns}")
    for kind, target in (("RoleBinding", role), ("ClusterRoleBinding", crole)):
        b = next(d for d in docs if d["kind"] == kind)
        check(b["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": target["kind"],
                               "name": target["metadata"]["name"]}
              and b["subjects"] == [{"kind": "ServiceAccount", "name": sa["metadata"]["name"],
                                     "namespace": ns}],
              f"{kind} grants {target['kind']} {target['metadata']['name']} to the "
              f"DaemonSet's ServiceAccount {ns}/{sa['metadata']['name']}")
    cs = by_name(spec["containers"])
    check(sorted(cs) == ["frr", "frrshim"], "direct: containers frr and frrshim")
    f = cs["frrshim"]
    args = f.get("args", [])
    env = {e["name"]: e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
           for e in f.get("env", [])}
    check(f.get("command") == ["/usr/bin/tini", "--", "/usr/bin/frrshim", "reloader"]
          and "--kube" in args and "--node=$(NODE_NAME)" in args
          and env.get("NODE_NAME") == "spec.nodeName",
          "frrshim runs `frrshim reloader --kube --node $(NODE_NAME)`, NODE_NAME from "
          "spec.nodeName (downward API)")
    check("--namespace=$(POD_NAMESPACE)" in args and env.get("POD_NAMESPACE") == "metadata.namespace",
          "--namespace is the pod's own (where the Role is)")
    if "--kube" in help_options(helpfile):
        check_options(f, helpfile, "frrshim (direct)")
    else:
        print("skip - frrshim (direct): this frrshim's reloader has no --kube yet; options "
              "not checked")
    check_volumes(spec, "direct")
    cm = spec["volumes"][[v["name"] for v in spec["volumes"]].index("frr-startup")]
    cmap = find(docs, "ConfigMap", cm["configMap"]["name"])
    check(sorted(cmap["data"]) == ["daemons", "frr.conf", "vtysh.conf"]
          and "bgpd=yes" in cmap["data"]["daemons"].split("\n"),
          f"the frr-startup volume is ConfigMap {cmap['metadata']['name']}: daemons (bgpd), "
          "vtysh.conf, frr.conf")
    vty = arg_value(f, "--vty-socket")
    check(("frr-sockets", vty) in mounts(cs["frr"]) and ("frr-sockets", vty) in mounts(f),
          f"--vty-socket {vty} is where the frr container's sockets are")
    check_probes(spec, f, "direct")


def podman(path, dsname, cname, voldir):
    """A container as the manifest says, for `podman run`: what a kubelet would do with it."""
    spec = find(load(path), "DaemonSet", dsname)["spec"]["template"]["spec"]
    c = by_name(spec["containers"] + spec.get("initContainers", []))[cname]
    out = []
    if "command" in c:
        out.append("--entrypoint=" + json.dumps(c["command"]))
    for e in c.get("env", []):
        if "value" in e:
            out.append(f"--env={e['name']}={e['value']}")
    sc = c.get("securityContext", {})
    caps = sc.get("capabilities", {})
    out += [f"--cap-drop={x}" for x in caps.get("drop", [])]
    out += [f"--cap-add={x}" for x in caps.get("add", [])]
    if sc.get("readOnlyRootFilesystem"):
        # a kubelet gives no tmpfs /tmp to a read-only container; podman would
        out += ["--read-only", "--read-only-tmpfs=false"]
    if sc.get("allowPrivilegeEscalation") is False:
        out.append("--security-opt=no-new-privileges")
    for m in c.get("volumeMounts", []):
        out.append(f"--volume={voldir}/{m['name']}:{m['mountPath']}")
    out.append("--")
    out += c.get("args", [])
    print("\n".join(out))


def main(argv):
    if len(argv) == 4 and argv[1] == "check-speaker":
        check_speaker(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "check-direct":
        check_direct(argv[2], argv[3], argv[4])
    elif len(argv) == 6 and argv[1] == "podman":
        podman(*argv[2:])
    elif len(argv) == 5 and argv[1] == "data":
        for key, value in find(load(argv[2]), "ConfigMap", argv[3])["data"].items():
            with open(os.path.join(argv[4], key), "w") as f:
                f.write(value)
    else:
        sys.exit(__doc__)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
