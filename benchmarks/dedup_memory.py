"""Peak memory of ``slr dedup`` over its whole process tree (main process + workers).

``ru_maxrss`` (and ``/usr/bin/time -v``'s "Maximum resident set size") is the peak of the
largest single process; a run with ``--workers 2`` also has worker processes. This script
samples the process tree every 50 ms with psutil and reports the peak of the summed RSS
(forked workers' pages shared with the parent counted in each process, so an upper bound)
and the peak of the summed PSS (shared pages split between the processes that share them:
what the tree costs the machine, and what a cgroup/SLURM job's memory limit sees, roughly).

    python benchmarks/dedup_memory.py RECORDS.parquet [--workers 2] [--slr SLR ...]
        [--shards N]    # also each shard job and the combine job of N shards

Each ``--slr`` is an ``slr`` executable (e.g. another checkout's venv) run on the same input
in the same session, one after the other, so the rows compare under the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def measure(cmd: list[str]) -> dict[str, float]:
    """Wall s, CPU s, peak MB of the largest process, peak summed RSS and PSS MB of ``cmd``."""
    start = time.perf_counter()
    errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed below, kept on failure)
    with open(os.devnull, "w") as null:
        popen = subprocess.Popen(cmd, stdout=null, stderr=errors, text=True)
    proc = psutil.Process(popen.pid)
    peak_rss = peak_pss = 0.0
    workers = 0
    while True:
        pid, status, usage = os.wait4(popen.pid, os.WNOHANG)
        if pid:
            break
        rss = pss = 0
        members = _tree(proc)
        for member in members:
            try:
                info = member.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        workers = max(workers, len(members) - 1)
        peak_rss, peak_pss = max(peak_rss, rss / 1e6), max(peak_pss, pss / 1e6)
        time.sleep(0.05)
    popen.returncode = os.waitstatus_to_exitcode(status)
    errors.seek(0)
    if popen.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{errors.read()[-2000:]}")
    errors.close()
    return {
        "wall": time.perf_counter() - start,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss": usage.ru_maxrss / 1024,
        "tree_rss": peak_rss,
        "tree_pss": peak_pss,
        "workers": workers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("records", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slr", action="append", help="slr executables (default: this one)")
    parser.add_argument("--shards", type=int, default=0, help="also N shard jobs + combine")
    args = parser.parse_args(argv)
    slrs = args.slr or [str(Path(sys.executable).parent / "slr")]
    size = args.records.stat().st_size / 1e6
    import pyarrow.parquet as pq

    n = pq.read_metadata(args.records).num_rows
    print(f"{args.records} ({n} records, {size:.0f} MB), --workers {args.workers}", flush=True)
    head = f"{'slr':<40}{'job':<14}{'wall s':>8}{'CPU s':>8}{'max RSS':>9}{'tree RSS':>10}"
    print(head + f"{'tree PSS':>10}{'procs':>6}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for slr in slrs:
            jobs = [("one job", [])]
            shard_files = [
                str(out / f"{k}-of-{args.shards}.parquet") for k in range(1, args.shards + 1)
            ]
            for k, path in enumerate(shard_files, 1):
                jobs.append(
                    (
                        f"shard {k}/{args.shards}",
                        ["--block-shard", f"{k}/{args.shards}", "--pairs-out", path],
                    )
                )
            if shard_files:
                jobs.append(("combine", ["--combine", *shard_files]))
            for name, extra in jobs:
                outputs = (
                    []
                    if "--pairs-out" in extra
                    else [
                        "--out",
                        str(out / "u.parquet"),
                        "--clusters",
                        str(out / "c.csv"),
                        "--uncertain",
                        str(out / "n.csv"),
                    ]
                )
                cmd = [
                    slr,
                    "dedup",
                    str(args.records),
                    *outputs,
                    "--workers",
                    str(args.workers),
                    *extra,
                ]
                for path in ("u.parquet", "c.csv", "n.csv"):
                    (out / path).unlink(missing_ok=True)
                m = measure(cmd)
                print(
                    f"{slr[-40:]:<40}{name:<14}{m['wall']:>8.1f}{m['cpu']:>8.1f}"
                    f"{m['maxrss']:>9.0f}{m['tree_rss']:>10.0f}{m['tree_pss']:>10.0f}"
                    f"{m['workers'] + 1:>6}",
                    flush=True,
                )
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
    print(
        "MB; max RSS: the largest process (wait4); tree RSS / PSS: peak of the sum over "
        "the process tree, sampled every 50 ms",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
