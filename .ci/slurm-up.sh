#!/usr/bin/env bash
# Starts a single-node Slurm cluster on loopback for the sweep tests: munged, slurmctld
# and slurmd, all on this machine, node `localhost` with every CPU of the machine.
# Needs root and Debian's slurm-wlm and munge (.ci/run installs them). Stop it with
# .ci/slurm-down.sh. State, logs and pid files live in $SLURM_STATE (default
# /tmp/shanshui-slurm); /etc/slurm/slurm.conf is written only if absent or ours.
set -euo pipefail

state=${SLURM_STATE:-/tmp/shanshui-slurm}
conf=/etc/slurm/slurm.conf
marker="# Written by shanshui .ci/slurm-up.sh"
mkdir -p "$state/ctld" "$state/d" /etc/slurm

if [ -e "$conf" ] && ! grep -qF "$marker" "$conf"; then
    echo "$conf exists and was not written by this script; refusing to replace it" >&2
    exit 1
fi

cpus=$(nproc)
memory_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
cat > "$conf" <<EOF
$marker
ClusterName=shanshui-ci
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
SchedulerParameters=sched_interval=2
MinJobAge=30
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

# munge: a key (the package makes one; make it if missing), then the daemon as `munge`.
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
fi
for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
munge -n | unmunge >/dev/null

# Both daemons fork into the background and write their pid files.
/usr/sbin/slurmctld -c
/usr/sbin/slurmd -N localhost

for _ in $(seq 60); do
    node_state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
    case "$node_state" in
        idle) echo "slurm: node localhost up ($cpus CPUs), state in $state"; exit 0 ;;
        down*|drain*) scontrol update nodename=localhost state=resume 2>/dev/null || true ;;
    esac
    sleep 1
done
echo "slurm: node localhost did not come up; logs:" >&2
tail -n 30 "$state/slurmctld.log" "$state/slurmd.log" >&2 || true
exit 1
