#!/bin/bash
# SPDX-License-Identifier: MIT
# The container image, built and run (`make image-check`; too slow for every CI run): buildah
# builds contrib/Dockerfile as users build it with docker, over a debootstrap root file system
# imported as debian:bookworm (scripts/image-base.sh; no registry is reachable, Debian's mirror
# is). podman then runs a speaker pod's containers as the manifests specify them (command, args,
# env, securityContext, volumes: manifest.py), sharing one network (none) and one process
# namespace: FRR as contrib/kubernetes/direct starts it, frrshim's reloader as
# contrib/kubernetes/speaker-frrshim.yaml does, and a stand-in for MetalLB's speaker with that
# container's securityContext, which writes frr.conf and sends SIGHUP to the pid in
# reloader.pid. Three reloads (a config, a change, an invalid one) and a restart of bgpd are
# checked in FRR's running config, the status files, the saved config and /livez and /metrics.
# Containers and images live in a store of their own under the lab cache ($FRS_LAB_CACHE,
# default /var/cache/frrshim-lab/containers); the build's layers stay there as the cache of the
# next run, and what this run created (its image, its containers) is removed by name and ID.
set -u
FRRSHIM=${FRRSHIM:-$(cd "$(dirname "$0")/../.." && pwd)/_build/frrshim}
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
here=$SRCDIR/tests/deploy
kube=$SRCDIR/contrib/kubernetes
[ "$(id -u)" = 0 ] || { echo "skip: building and running images needs root"; exit 77; }
for c in buildah podman runc debootstrap python3; do
	command -v "$c" >/dev/null || { echo "skip: no $c (scripts/deps.sh image)"; exit 77; }
done
python3 -c 'import yaml' 2>/dev/null || { echo "skip: no python3-yaml (scripts/deps.sh)"; exit 77; }
cache=${FRS_LAB_CACHE:-/var/cache/frrshim-lab}
store=$cache/containers
# podman's run-time state belongs on a tmpfs (gone at reboot, as are the containers it describes)
runroot=/run/frrshim-lab-$(printf %s "$store" | cksum | cut -d' ' -f1)
runc=$(command -v runc)
run=frs-img-$$-$(date +%s)
tag=localhost/frrshim-image-test:$run
tmp=$(mktemp -d)
vol=$tmp/vol
fail=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fail=1; }
# crun (podman's default) cannot run on hybrid cgroup hosts, runc can; without systemd the
# cgroups are podman's own; limits stay under the host's (raising them is refused in sandboxes)
b() { buildah --root "$store/storage" --runroot "$runroot" --storage-driver overlay "$@"; }
p() {
	podman --root "$store/storage" --runroot "$runroot" --storage-driver overlay \
		--runtime "$runc" --cgroup-manager cgroupfs --events-backend file "$@"
}
limits=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)
image=""
cleanup() {
	local id
	for c in speaker reloader frr init; do p rm -f -t 0 "$run-$c" >/dev/null 2>&1; done
	[ -n "$image" ] && b rmi "$image" >/dev/null 2>&1
	b rmi "$tag" >/dev/null 2>&1
	# the layers this build made or used stay as the next run's cache; those of earlier trees go
	if [ -s "$tmp/build.log" ]; then
		sed -n 's/^--> \(Using cache \)\{0,1\}\([0-9a-f]\{11,\}\)$/\2/p' "$tmp/build.log" > "$tmp/keep"
		for id in $(p images -a -q --no-trunc --filter dangling=true 2>/dev/null); do
			id=${id#sha256:}
			grep -q "^${id:0:11}" "$tmp/keep" || b rmi "$id" >/dev/null 2>&1
		done
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
# one run at a time in the store
mkdir -p "$store"
exec 9>"$cache/.image-lock"
flock 9

t0=$(date +%s)
base=$("$SRCDIR/scripts/image-base.sh" root) || { nok "the base root file system (scripts/image-base.sh root)"; exit 1; }
# debian:bookworm and bookworm-slim, the two FROMs, are that root file system; imported again
# when it was rebuilt
stamp=$(stat -c '%i %Y' "$base")
if [ "$(cat "$store/base.stamp" 2>/dev/null)" != "$stamp" ] || ! p image exists docker.io/library/debian:bookworm; then
	if tar -C "$base" -c . | p import - docker.io/library/debian:bookworm > "$tmp/import.log" 2>&1 &&
		p tag docker.io/library/debian:bookworm docker.io/library/debian:bookworm-slim; then
		echo "$stamp" > "$store/base.stamp"
	else nok "podman import of $base:"; cat "$tmp/import.log"; exit 1; fi
fi
ok "base image: $base as debian:bookworm and debian:bookworm-slim"

# The image, from the shipped recipe (the Dockerfile's apt-get reaches Debian's mirror over the
# host's network; the run below has none)
t1=$(date +%s)
if b bud --pull=never --network host --layers --runtime "$runc" -f "$SRCDIR/contrib/Dockerfile" \
	-t "$tag" "$SRCDIR" > "$tmp/build.log" 2>&1; then
	image=$(p image inspect --format '{{.Id}}' "$tag")
	ok "buildah bud -f contrib/Dockerfile builds ${image:0:12} ($(($(date +%s) - t1)) s, $(($(p image inspect --format '{{.Size}}' "$image") / 1000000)) MB)"
else
	nok "buildah bud -f contrib/Dockerfile failed:"; tail -n 40 "$tmp/build.log"; exit 1
fi
cfg=$(p image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$image")
want='["/usr/bin/tini","--"] ["/usr/bin/frrshim","reloader","--file","/etc/frr_reloader/frr.conf","--metrics","0.0.0.0:9121"]'
if [ "$cfg" = "$want" ]; then ok "entrypoint tini, cmd frrshim reloader --file ... --metrics ..."
else nok "entrypoint and cmd: $cfg, not $want"; fi
labels=$(p image inspect --format '{{index .Config.Labels "org.opencontainers.image.title"}} {{index .Config.Labels "org.opencontainers.image.licenses"}}' "$image")
if [ "$labels" = "frrshim MIT" ]; then ok "labels: title frrshim, licenses MIT"; else nok "labels: $labels"; fi
v_img=$(p run --rm "${limits[@]}" --network none "$image" frrshim version 2>&1)
v_host=$("$FRRSHIM" version 2>&1)
if [ "$v_img" = "$v_host" ]; then ok "the image's frrshim is this tree's: $v_img"
else nok "the image's frrshim says '$v_img', this tree's '$v_host'"; fi
if p run --rm "${limits[@]}" --network none "$image" frrshim reloader --help > "$tmp/help.img" 2>&1 &&
	"$FRRSHIM" reloader --help > "$tmp/help.host" && cmp -s "$tmp/help.img" "$tmp/help.host"; then
	ok "the image's reloader has this tree's options"
else nok "frrshim reloader --help differs between the image and this tree"; fi

# The pod: emptyDirs (0777, as a kubelet makes them) and the direct mode's FRR startup ConfigMap
mkdir -p "$vol/frr-sockets" "$vol/frr-conf" "$vol/reloader" "$vol/frr-log" "$vol/memberlist" \
	"$vol/frr-startup"
chmod 0777 "$vol"/*
python3 "$here/manifest.py" data "$kube/direct/frr-startup.yaml" frrshim-frr-startup "$vol/frr-startup"
# container NAME FILE DAEMONSET CONTAINER EXTRA...: start it as FILE specifies it
container() {
	local name=$1 file=$2 ds=$3 c=$4 opts=() args=() line sep=0
	shift 4
	while IFS= read -r line; do
		if [ "$sep" = 0 ] && [ "$line" = -- ]; then sep=1
		elif [ "$sep" = 0 ]; then opts+=("$line")
		else args+=("$line"); fi
	done < <(python3 "$here/manifest.py" podman "$file" "$ds" "$c" "$vol")
	[ "$name" = speaker ] && args=()
	p run -d --name "$run-$name" "${limits[@]}" "${opts[@]}" "$@" "$image" "${args[@]}" > /dev/null
}
# wait_for SECONDS CMD...: poll until CMD succeeds (a deadline, never a fixed sleep)
wait_for() {
	local end=$(($(date +%s) + $1))
	shift
	until "$@" > /dev/null 2>&1; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
}
# cp-frr-files, the init container, fills /etc/frr from the ConfigMap
exited() { [ "$(p inspect --format '{{.State.Status}}' "$run-$1")" = exited ]; }
if container init "$kube/direct/daemonset.yaml" frrshim cp-frr-files --network none &&
	wait_for 30 exited init &&
	[ "$(p inspect --format '{{.State.ExitCode}}' "$run-init")" = 0 ] &&
	cmp -s "$vol/frr-startup/daemons" "$vol/frr-conf/daemons"; then
	ok "the init container cp-frr-files copies the startup ConfigMap into /etc/frr"
else nok "cp-frr-files:"; p logs "$run-init" 2>&1 | tail -n 5; ls -l "$vol/frr-conf"; fi
ns=(--network "container:$run-frr" --pid "container:$run-frr")
vtysh() { p exec "$run-frr" vtysh -c "$1"; }
daemons_up() { vtysh 'show daemons' | grep -q 'zebra.*bgpd.*staticd.*bfdd\|zebra.*bgpd.*bfdd'; }
if container frr "$kube/direct/daemonset.yaml" frrshim frr --network none --hostname node-a &&
	wait_for 60 daemons_up; then
	ok "FRR runs in the image as contrib/kubernetes/direct starts it: $(vtysh 'show daemons' | tr -s ' ' | sed 's/^ //')"
else nok "FRR did not start in the image:"; p logs "$run-frr" 2>&1 | tail -n 20; exit 1; fi
if container reloader "$kube/speaker-frrshim.yaml" speaker reloader "${ns[@]}" &&
	container speaker "$here/metallb-speaker-frr.yaml" speaker speaker "${ns[@]}" \
		--entrypoint '["sleep", "infinity"]' &&
	wait_for 30 test -s "$vol/reloader/reloader.pid"; then
	ok "the reloader runs as speaker-frrshim.yaml specifies it, the speaker's stand-in beside it"
else nok "the reloader did not start:"; p logs "$run-reloader" 2>&1 | tail -n 20; exit 1; fi
if p logs "$run-reloader" 2>&1 | grep -q 'Tini is not running as PID 1'; then
	nok "tini in the reloader's container warns that it cannot reap (TINI_SUBREAPER)"
else ok "tini reaps as a subreaper in the shared process namespace (no warning)"; fi
pid=$(cat "$vol/reloader/reloader.pid")
cmdline=$(p exec "$run-speaker" cat "/proc/$pid/cmdline" 2>/dev/null | tr '\0' ' ')
# the speaker reads it with strconv.Atoi: digits, no newline
case $pid in
''|*[!0-9]*) nok "reloader.pid holds '$pid'" ;;
*)
	case $(wc -c < "$vol/reloader/reloader.pid"):$cmdline in
	"${#pid}:/usr/bin/frrshim reloader "*) ok "reloader.pid: $pid, no newline, frrshim reloader in the speaker's process namespace" ;;
	*) nok "reloader.pid ($pid, $(wc -c < "$vol/reloader/reloader.pid") bytes) is '$cmdline'" ;;
	esac ;;
esac

# speaker_reload CONF: what MetalLB's speaker does (writes FRR_CONFIG_FILE, SIGHUP to the pid
# in FRR_RELOADER_PID_FILE), from its container with its capabilities
speaker_reload() {
	# shellcheck disable=SC2016 # the speaker container's shell expands them
	p exec -i "$run-speaker" sh -c 'cat > "$FRR_CONFIG_FILE" && kill -HUP "$(cat "$FRR_RELOADER_PID_FILE")"' < "$1"
}
count() {  # count success|failure: the sidecar's reload counters (state.json)
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reloads"][sys.argv[2]])' \
		"$vol/reloader/state.json" "$1" 2>/dev/null
}
counted() { [ "$(count "$1")" = "$2" ]; }
bgp() { vtysh 'show running-config' | sed -n '/^router bgp/,/^exit/p'; }
conf() {  # conf NETWORK [NEIGHBOR2]: the speaker's frr.conf
	printf 'frr version 8.4\nfrr defaults traditional\nhostname node-a\nlog stdout informational\n!\n'
	printf 'router bgp 64512\n no bgp ebgp-requires-policy\n no bgp default ipv4-unicast\n'
	printf ' bgp router-id 192.0.2.10\n neighbor 192.0.2.1 remote-as 64513\n'
	[ -n "${2:-}" ] && printf ' neighbor %s remote-as 64514\n' "$2"
	printf ' !\n address-family ipv4 unicast\n  network %s\n  neighbor 192.0.2.1 activate\n' "$1"
	[ -n "${2:-}" ] && printf '  neighbor %s activate\n' "$2"
	printf ' exit-address-family\nexit\n!\n'
}
expect() {  # expect NETWORK [NEIGHBOR2]: FRR 8.4's running config of that
	printf 'router bgp 64512\n bgp router-id 192.0.2.10\n no bgp ebgp-requires-policy\n'
	printf ' no bgp default ipv4-unicast\n neighbor 192.0.2.1 remote-as 64513\n'
	[ -n "${2:-}" ] && printf ' neighbor %s remote-as 64514\n' "$2"
	printf ' !\n address-family ipv4 unicast\n  network %s\n  neighbor 192.0.2.1 activate\n' "$1"
	[ -n "${2:-}" ] && printf '  neighbor %s activate\n' "$2"
	printf ' exit-address-family\nexit\n'
}
status_is() { grep -qx "[0-9]* $1" "$vol/reloader/.status"; }

conf 203.0.113.5/32 > "$tmp/a.conf"
expect 203.0.113.5/32 > "$tmp/a.want"
speaker_reload "$tmp/a.conf"
if wait_for 30 counted success 1 && status_is success && [ "$(bgp)" = "$(cat "$tmp/a.want")" ]; then
	ok "reload 1: FRR in the container runs the speaker's frr.conf; .status '$(cat "$vol/reloader/.status")'"
else nok "reload 1: .status '$(cat "$vol/reloader/.status" 2>/dev/null)', FRR runs:"; bgp; p logs "$run-reloader" 2>&1 | tail -n 10; fi
conf 203.0.113.6/32 192.0.2.2 > "$tmp/b.conf"
expect 203.0.113.6/32 192.0.2.2 > "$tmp/b.want"
speaker_reload "$tmp/b.conf"
if wait_for 30 counted success 2 && status_is success && [ "$(bgp)" = "$(cat "$tmp/b.want")" ]; then
	ok "reload 2: the change (new network, a second neighbor) is FRR's running config"
else nok "reload 2: FRR runs:"; bgp; p logs "$run-reloader" 2>&1 | tail -n 10; fi
if cmp -s "$tmp/b.conf" "$vol/frr-conf/frr.conf"; then ok "--save: /etc/frr/frr.conf is the applied config"
else nok "--save: /etc/frr/frr.conf is not the applied config"; diff "$tmp/b.conf" "$vol/frr-conf/frr.conf"; fi
# bgpd dies: watchfrr restarts it from the saved config, and the reloader, which sees bgpd's
# pid in the shared process namespace, applies the desired config again
bgpd_pid=$(cat "$vol/frr-sockets/bgpd.pid")
# (the shell's kill: the image has no procps)
p exec "$run-frr" sh -c "kill $bgpd_pid"
new_bgpd() { [ -s "$vol/frr-sockets/bgpd.pid" ] && [ "$(cat "$vol/frr-sockets/bgpd.pid")" != "$bgpd_pid" ]; }
if wait_for 60 new_bgpd && wait_for 60 counted success 3 && [ "$(bgp)" = "$(cat "$tmp/b.want")" ] &&
	p logs "$run-reloader" 2>&1 | grep -q -e 'FRR restarted; re-applying' -e 'FRR is running; applying'; then
	ok "bgpd restarted (pid $bgpd_pid, then $(cat "$vol/frr-sockets/bgpd.pid")): re-applied, FRR runs reload 2's config"
else nok "after bgpd's restart FRR runs:"; bgp; p logs "$run-reloader" 2>&1 | tail -n 5; fi
{ conf 203.0.113.7/32; printf 'router bgp 64512\n neighbor 192.0.2.9 remote-as not-an-asn\nexit\n'; } > "$tmp/c.conf"
speaker_reload "$tmp/c.conf"
if wait_for 30 counted failure 1 && status_is failure && [ "$(bgp)" = "$(cat "$tmp/b.want")" ] &&
	[ -s "$vol/reloader/last-error" ]; then
	ok "reload 3 (invalid): .status failure, last-error written, FRR keeps reload 2's config"
else nok "reload 3: .status '$(cat "$vol/reloader/.status" 2>/dev/null)', FRR runs:"; bgp; fi
http() {  # http PATH: GET from the pod's network, as the kubelet's probe and Prometheus do
	# shellcheck disable=SC2016 # the container's bash expands it
	p exec "$run-speaker" bash -c 'exec 3<>/dev/tcp/127.0.0.1/9121 && printf "GET %s HTTP/1.0\r\n\r\n" "$1" >&3 && cat <&3' _ "$1"
}
if http /livez | head -n 1 | grep -q '^HTTP/1.[01] 200'; then ok "/livez on :9121 (frr's probes): 200"
else nok "/livez: $(http /livez 2>&1 | head -n 1)"; fi
if http /metrics > "$tmp/metrics" && grep -q '^metallb_bgp_session_up{peer="192.0.2.1' "$tmp/metrics" &&
	grep -q '^metallb_bgp_session_up{peer="192.0.2.2' "$tmp/metrics"; then
	ok "/metrics: metallb_bgp_session_up for both neighbors"
else nok "/metrics:"; head -n 20 "$tmp/metrics"; fi
status=$(p exec "$run-reloader" frrshim status --vty-socket /var/run/frr 2>&1)
if printf '%s\n' "$status" | grep -q '^default  *192\.0\.2\.2  *64514 '; then ok "frrshim status in the container lists 192.0.2.2"
else nok "frrshim status: $status"; fi
echo "# image test: $(($(date +%s) - t0)) s"
exit $fail
