#!/bin/bash
# SPDX-License-Identifier: MIT
# A SIGHUP storm (1000 in one second) costs at most two reloads and starts no extra processes.
. "$(dirname "$0")/sidecar-lib.sh"

sc_setup
sc_conf 203.0.113.20/32
sc_start --engine "${FRS_ENGINE:-frrshim}"
frr_assert "first config applied" frr_wait 30 sc_received 203.0.113.20/32
frr_wait 10 sh -c "grep -q 'FRR reloaded successfully' '$SC_LOG'"

reloads=$(sc_count 'msg="reloading FRR"')
sc_conf 203.0.113.20/32 203.0.113.21/32
pid=$(cat "$SC_STATE/reloader.pid")
# count the sidecar's child processes while the storm lasts
echo 0 > "$FRR_WORK/maxkids"
(
	max=0
	while [ ! -e "$FRR_WORK/storm-done" ]; do
		k=$(ps -o pid= --ppid "$pid" | wc -l)
		[ "$k" -gt "$max" ] && { max=$k; echo "$max" > "$FRR_WORK/maxkids"; }
		sleep 0.05
	done
) &
sampler=$!
start=$(date +%s%N)
i=0
while [ $i -lt 1000 ]; do kill -HUP "$pid" || break; i=$((i + 1)); done
end=$(date +%s%N)
frr_assert_eq "1000 SIGHUPs sent" "$i" 1000
echo "# 1000 SIGHUPs sent in $(( (end - start) / 1000000 )) ms"
frr_assert "the sidecar survived the storm" kill -0 "$pid"
frr_assert "router receives 203.0.113.21/32" frr_wait 30 sc_received 203.0.113.21/32
touch "$FRR_WORK/storm-done"; wait "$sampler"
maxkids=$(cat "$FRR_WORK/maxkids")
# let a possible second reload start and finish before counting
frr_wait 10 sh -c "[ \$(ps -o pid= --ppid $pid | wc -l) = 0 ]"
sleep_until=$(( $(date +%s) + 2 ))
frr_wait 3 sh -c "[ \$(date +%s) -ge $sleep_until ]"
n=$(( $(sc_count 'msg="reloading FRR"') - reloads ))
echo "# reloads after the storm: $n"
frr_assert "at most two reloads for 1000 SIGHUPs (got $n)" [ "$n" -ge 1 -a "$n" -le 2 ]
frr_assert "at most one child process at a time (saw $maxkids)" [ "$maxkids" -le 1 ]
frr_assert_eq "threads of the sidecar, no new processes" "$(ps -o pid= --ppid "$pid" | wc -l)" 0
sc_no_password "the log" "$SC_LOG"
frr_done
