#!/usr/bin/env bash
# Stops the cluster started by .ci/slurm-up.sh: slurmd, slurmctld and munged, each by the
# pid it recorded, and removes the configuration that script wrote.
set -uo pipefail

state=${SLURM_STATE:-/tmp/shanshui-slurm}
marker="# Written by shanshui .ci/slurm-up.sh"

stop() { # stop NAME PIDFILE
    local pid
    pid=$(cat "$2" 2>/dev/null) || return 0
    if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        echo "slurm: stopped $1 ($pid)"
    fi
    rm -f "$2"
}

scancel --user=root 2>/dev/null || true
stop slurmd "$state/slurmd.pid"
stop slurmctld "$state/slurmctld.pid"
stop munged /run/munge/munged.pid
if grep -qF "$marker" /etc/slurm/slurm.conf 2>/dev/null; then
    rm -f /etc/slurm/slurm.conf
fi
exit 0
