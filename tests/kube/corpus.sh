#!/bin/bash
# SPDX-License-Identifier: MIT
# render and lint with --kube against the fixture API server give what they give from the same
# objects in files, over every golden render and lint case whose input the API can hold: exact
# stdout and exit status, diagnostics equal once the location (file:line:column or
# api:KIND/NS/NAME) is set aside. (The examples, paging and the API's errors: commands.sh.)
. "$(dirname "$0")/compare.sh"

# --- the golden corpora: what the API can hold, it must treat as the files ------------------
# One pass converts every case to the JSON list the server is to hold (or nothing, when the API
# could not hold it: two objects of one kind, namespace and name, a MetalLB object or Secret
# outside metallb-system, which --kube does not read by design, or a NUL in a string, which the
# fixture cannot keep in its C strings); one server takes each case in turn through /reset.
mkdir -p "$W/corpus"
python3 - "$SRCDIR/tests/golden" "$W/corpus" <<'EOP'
import json, os, re, sys, yaml
src, out = sys.argv[1], sys.argv[2]
def holds(items):
    seen = set()
    for o in items:
        if not isinstance(o, dict):
            return False
        m = o.get("metadata") or {}
        key = (o.get("kind"), m.get("namespace", ""), m.get("name"))
        if key in seen:
            return False
        seen.add(key)
        if (str(o.get("apiVersion", "")).startswith("metallb.io/") or o.get("kind") == "Secret") \
                and m.get("namespace", "metallb-system") != "metallb-system":
            return False
    return "\\u0000" not in json.dumps(items)
for kind in ("render", "lint"):
    for case in sorted(os.listdir(os.path.join(src, kind))):
        d = os.path.join(src, kind, case)
        if kind == "render":
            files = ["input.yaml"]
        else:
            if os.path.exists(os.path.join(d, "args")) or os.path.exists(os.path.join(d, "stdin")):
                continue
            files = sorted(f for f in os.listdir(d) if f.endswith((".yaml", ".yml", ".json"))
                           and f != "expected.json")
        items = []
        try:
            texts = [open(os.path.join(d, f), errors="replace").read() for f in files]
            # anchors and aliases: the alias-bomb cases would expand without bound here (and a
            # JSON API object has none)
            if any(re.search(r"(^|[\s\[{,:-])[&*][A-Za-z0-9_]", t, re.M) for t in texts):
                continue
            for t in texts:
                items += [x for x in yaml.safe_load_all(t) if x is not None]
            doc = {"apiVersion": "v1", "kind": "List", "items": items}
            json.dumps(doc)
        except Exception:
            continue
        if items and holds(items):
            with open(os.path.join(out, kind + "-" + case + ".json"), "w") as fh:
                json.dump(doc, fh)
EOP
start_with /dev/null
# reset FILE: the server holds FILE's objects now (false if it refuses them)
reset() { curl -fsS -X POST --data-binary "@$1" "$KUBE_CTL/reset" >/dev/null 2>&1; }
nr=0 nrk=0
for dir in "$SRCDIR"/tests/golden/render/*/; do
	name=$(basename "$dir")
	nr=$((nr + 1))
	if [ ! -f "$W/corpus/render-$name.json" ] || ! reset "$W/corpus/render-$name.json"; then
		continue
	fi
	nrk=$((nrk + 1))
	read -ra args < "$dir/args"
	run gf render "${args[@]}" "$dir/input.yaml"
	run gk render "${args[@]}" "${K[@]}"
	if ! cmp -s "$W/gf.out" "$W/gk.out" || ! cmp -s "$W/gf.rc" "$W/gk.rc" ||
		! cmp -s <(diags "$W/gf.err") <(diags "$W/gk.err"); then
		bad "golden render $name: --kube differs"
		diff -u "$W/gf.out" "$W/gk.out" | head -10
		diff -u <(diags "$W/gf.err") <(diags "$W/gk.err") | head -10
	fi
done
echo "# golden render: $nrk of $nr cases held by the API, compared"
check "golden render: most cases compared" test "$nrk" -ge $((nr / 2))
nl=0 nlk=0
for dir in "$SRCDIR"/tests/golden/lint/*/; do
	name=$(basename "$dir")
	nl=$((nl + 1))
	f=$W/corpus/lint-$name.json
	if [ ! -f "$f" ] || ! reset "$f"; then
		continue
	fi
	# the equivalent file is the JSON the server holds: YAML's own errors (duplicate keys) and
	# its typing of plain scalars stay out of the comparison
	run lf lint "$f"
	# kinds that files ignore and the API reads (Namespace): not the same input
	grep -q 'unknown kind' "$W/lf.out" && continue
	nlk=$((nlk + 1))
	run lk lint "${K[@]}"
	if ! cmp -s "$W/lf.rc" "$W/lk.rc" || ! cmp -s <(diags "$W/lf.out") <(diags "$W/lk.out"); then
		bad "golden lint $name: --kube differs"
		diff -u <(diags "$W/lf.out") <(diags "$W/lk.out") | head -10
	fi
done
echo "# golden lint: $nlk of $nl cases held by the API, compared"
check "golden lint: cases compared" test "$nlk" -ge 20
exit "$fail"
