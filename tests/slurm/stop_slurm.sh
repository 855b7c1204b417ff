#!/usr/bin/env bash
# Stops the single-node SLURM that start_slurm.sh started: slurmd, slurmctld, slurmdbd,
# then MariaDB and munged. Only acts when slurm.conf was written by start_slurm.sh.
set -uo pipefail

MARK="# written by slr-pipeline tests/slurm/start_slurm.sh"
if ! grep -qsF "$MARK" /etc/slurm/slurm.conf; then
  echo "stop_slurm: /etc/slurm/slurm.conf was not written by start_slurm.sh; nothing stopped" >&2
  exit 1
fi

stop_pidfile() {  # name pidfile
  local pid
  pid=$(cat "$2" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  echo "stop_slurm: $1 (pid $pid) still running" >&2
}

stop_pidfile slurmd /run/slurmd.pid
stop_pidfile slurmctld /run/slurmctld.pid
stop_pidfile slurmdbd /run/slurmdbd.pid
mysqladmin shutdown 2>/dev/null || true
stop_pidfile munged /run/munge/munged.pid
echo "stop_slurm: stopped"
