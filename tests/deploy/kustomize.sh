#!/bin/sh
# SPDX-License-Identifier: MIT
# contrib/kubernetes rendered by `kubectl kustomize` as users apply it: the speaker patch over a
# stand-in for MetalLB's FRR-mode speaker (metallb-speaker-frr.yaml; the kustomization's remote
# base is unreachable here), and the direct mode (DaemonSet + RBAC), in MetalLB's namespace and
# in another one. Each output is checked exactly against golden/ (Debian's kubectl 1.20, whose
# kustomize orders lists its own way: other versions skip that check), then for its contract
# (manifest.py: containers replaced, volumes and paths kept, options `frrshim reloader --help`
# has, RBAC verbs exactly list and watch), and read back by frrshim's own loader.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
here=$SRCDIR/tests/deploy
command -v kubectl >/dev/null || { echo "skip: no kubectl (scripts/deps.sh installs kubernetes-client)"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "skip: no python3-yaml (scripts/deps.sh)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
version=$(kubectl version --client --short 2>/dev/null | sed -n 's/^Client Version: //p')

# golden NAME FILE: FILE is golden/NAME.yaml exactly (kubectl 1.20 only)
golden() {
	case $version in
	v1.20.*)
		if diff -u "$here/golden/$1.yaml" "$2" > "$tmp/$1.diff"; then ok "$1: rendered as golden/$1.yaml"
		else nok "$1: differs from golden/$1.yaml:"; cat "$tmp/$1.diff"; fi ;;
	*) echo "skip - $1: golden/$1.yaml is kubectl 1.20's output; this kubectl is ${version:-unknown}" ;;
	esac
}
# checks ARGS...: manifest.py's lines, its status into fail
checks() {
	python3 "$here/manifest.py" "$@" > "$tmp/checks" 2>&1 || fail=1
	cat "$tmp/checks"
}
# loads NAME FILE N: frrshim's loader reads the N documents (kinds it does not render are
# warnings, nothing else)
loads() {
	"$FRRSHIM" lint "$2" > "$tmp/lint" 2>&1
	rc=$?
	other=$(grep -v -E -e ': warning: unknown kind ' -e "^frrshim lint: ok: $3 documents, $3 warnings?\$" "$tmp/lint")
	if [ "$rc" = 0 ] && [ -z "$other" ] && grep -q "^frrshim lint: ok: $3 documents" "$tmp/lint"; then
		ok "$1: frrshim's loader reads its $3 documents"
	else nok "$1: frrshim lint says (exit $rc):"; cat "$tmp/lint"; fi
}
"$FRRSHIM" reloader --help > "$tmp/help" || { nok "frrshim reloader --help"; exit 1; }

# The sidecar mode: the shipped kustomization, its base swapped for the stand-in
mkdir "$tmp/speaker"
cp "$SRCDIR/contrib/kubernetes/speaker-frrshim.yaml" "$here/metallb-speaker-frr.yaml" "$tmp/speaker/"
sed 's|^  - https://github.com/metallb/metallb/config/frr?ref=main$|  - metallb-speaker-frr.yaml|' \
	"$SRCDIR/contrib/kubernetes/kustomization.yaml" > "$tmp/speaker/kustomization.yaml"
if grep -q '^  - metallb-speaker-frr.yaml$' "$tmp/speaker/kustomization.yaml"; then
	ok "speaker: the kustomization's base is MetalLB's config/frr (swapped for the stand-in)"
else nok "speaker: contrib/kubernetes/kustomization.yaml has no MetalLB config/frr base"; fi
if kubectl kustomize "$tmp/speaker" > "$tmp/speaker.yaml" 2> "$tmp/err"; then
	ok "speaker: kubectl kustomize renders contrib/kubernetes"
	golden speaker "$tmp/speaker.yaml"
	checks check-speaker "$tmp/speaker.yaml" "$tmp/help"
	loads speaker "$tmp/speaker.yaml" 1
else nok "speaker: kubectl kustomize failed:"; cat "$tmp/err"; fi
# the same checks fail on MetalLB's speaker as it is: they look at what the patch changes
if python3 "$here/manifest.py" check-speaker "$here/metallb-speaker-frr.yaml" "$tmp/help" > "$tmp/unpatched"; then
	nok "the speaker checks pass on the unpatched speaker too"
else
	ok "the speaker checks fail on the unpatched speaker ($(grep -c '^not ok' "$tmp/unpatched") of $(wc -l < "$tmp/unpatched"))"
fi

# The direct mode, as shipped, then moved to another namespace by an overlay
if kubectl kustomize "$SRCDIR/contrib/kubernetes/direct" > "$tmp/direct.yaml" 2> "$tmp/err"; then
	ok "direct: kubectl kustomize renders contrib/kubernetes/direct"
	golden direct "$tmp/direct.yaml"
	checks check-direct "$tmp/direct.yaml" "$tmp/help" metallb-system
	loads direct "$tmp/direct.yaml" 7
else nok "direct: kubectl kustomize failed:"; cat "$tmp/err"; fi
mkdir "$tmp/moved"
cp -r "$SRCDIR/contrib/kubernetes/direct" "$tmp/moved/base"
# (bases: kubectl 1.20's kustomize takes a directory there only)
printf 'namespace: lb-frs\nbases:\n  - base\n' > "$tmp/moved/kustomization.yaml"
if kubectl kustomize "$tmp/moved" > "$tmp/moved.yaml" 2> "$tmp/err"; then
	ok "direct in namespace lb-frs: kubectl kustomize renders the overlay"
	checks check-direct "$tmp/moved.yaml" "$tmp/help" lb-frs
else nok "direct in namespace lb-frs: kubectl kustomize failed:"; cat "$tmp/err"; fi
exit $fail
