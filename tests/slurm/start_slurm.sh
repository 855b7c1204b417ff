#!/usr/bin/env bash
# A single-node SLURM on this machine for the workflow's cluster test (tests/test_slurm.py).
#
# Installs Debian's slurmctld, slurmd, munge, slurmdbd and MariaDB when they are missing,
# writes a minimal slurm.conf for localhost (no cgroups: proctrack/linuxproc, task/none),
# starts munged, MariaDB, slurmdbd, slurmctld and slurmd, and waits until `sinfo` shows the
# node idle. sacct needs job accounting, and SLURM 22.05 keeps accounting only through
# slurmdbd (the flat-file accounting plugin is gone), hence the database.
#
# Needs root. Does nothing when a SLURM that answers `sinfo` is already up. Refuses to
# overwrite a slurm.conf it did not write itself. Stop everything with stop_slurm.sh.
# Exit 0: SLURM is up; exit 1: it could not be started (the reason is printed).
set -euo pipefail

MARK="# written by slr-pipeline tests/slurm/start_slurm.sh"
CONF_DIR=/etc/slurm
CLUSTER=slrtest
NODE=localhost
PARTITION=debug

die() { echo "start_slurm: $*" >&2; exit 1; }

if grep -qsF "$MARK" "$CONF_DIR/slurm.conf" && sinfo -h -n "$NODE" -o %T 2>/dev/null | grep -qx idle; then
  echo "start_slurm: SLURM already up"; exit 0
fi
[ "$(id -u)" -eq 0 ] || die "needs root (to install and start the SLURM daemons)"
for f in slurm.conf slurmdbd.conf; do
  if [ -f "$CONF_DIR/$f" ] && ! grep -qF "$MARK" "$CONF_DIR/$f"; then
    die "$CONF_DIR/$f exists and was not written by this script; not touching a real cluster"
  fi
done

need=()
for cmd in slurmctld slurmd slurmdbd munged sinfo sacct mariadbd; do
  command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd")
done
if [ "${#need[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${need[*]} and no apt-get to install them"
  echo "start_slurm: installing slurmctld slurmd slurmdbd munge mariadb-server (missing: ${need[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || die "apt-get update failed"
  apt-get install -y -q --no-install-recommends \
    slurmctld slurmd slurmdbd slurm-client munge mariadb-server >/dev/null \
    || die "apt-get install of the SLURM packages failed"
fi

mkdir -p "$CONF_DIR" /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm /run/munge
# Memory SLURM may hand out: half of what is available now, at most 8 GB.
avail_mb=$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)
mem_mb=$((avail_mb / 2))
[ "$mem_mb" -gt 8192 ] && mem_mb=8192
[ "$mem_mb" -ge 1024 ] || die "only ${avail_mb} MB of memory available"

cat >"$CONF_DIR/slurm.conf" <<CONF
$MARK
ClusterName=$CLUSTER
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=$NODE
JobCompType=jobcomp/none
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MinJobAge=300
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=2 RealMemory=$mem_mb State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF

cat >"$CONF_DIR/slurmdbd.conf" <<CONF
$MARK
AuthType=auth/munge
DbdHost=$NODE
SlurmUser=root
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=slurm-test-only
StorageLoc=slurm_acct_db
PidFile=/run/slurmdbd.pid
LogFile=/var/log/slurm/slurmdbd.log
CONF
chmod 600 "$CONF_DIR/slurmdbd.conf"

# munge: the package creates a key; make one if it did not.
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
fi
chown munge:munge /run/munge 2>/dev/null || true
if ! pgrep -x munged >/dev/null; then
  runuser -u munge -- /usr/sbin/munged || /usr/sbin/munged --force || die "munged did not start"
fi

# MariaDB for slurmdbd.
if ! pgrep -x mariadbd >/dev/null && ! pgrep -x mysqld >/dev/null; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  (mysqld_safe --skip-networking=0 --bind-address=127.0.0.1 >/var/log/slurm/mariadb.log 2>&1 &)
fi
for _ in $(seq 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
mysqladmin ping >/dev/null 2>&1 || die "MariaDB did not start (see /var/log/slurm/mariadb.log)"
mysql -u root <<SQL || die "could not create the accounting database"
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurm-test-only';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
SQL

pgrep -x slurmdbd >/dev/null || slurmdbd || die "slurmdbd did not start (see /var/log/slurm/slurmdbd.log)"
for _ in $(seq 30); do sacctmgr -n list cluster >/dev/null 2>&1 && break; sleep 1; done
sacctmgr -n list cluster format=cluster 2>/dev/null | grep -qw "$CLUSTER" \
  || sacctmgr -i add cluster "$CLUSTER" >/dev/null || die "sacctmgr could not add the cluster"

pgrep -x slurmctld >/dev/null || slurmctld || die "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
pgrep -x slurmd >/dev/null || slurmd -N "$NODE" || die "slurmd did not start (see /var/log/slurm/slurmd.log)"

for _ in $(seq 60); do
  state=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && { echo "start_slurm: node $NODE idle (${mem_mb} MB, 2 CPUs)"; exit 0; }
  case "$state" in drain* | down*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;; esac
  sleep 1
done
die "node $NODE not idle after 60 s (state '${state:-none}'; see /var/log/slurm/slurmd.log)"
