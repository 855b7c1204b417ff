"""The whole workflow on a synthetic review of N records: wall time, CPU time and peak memory
per stage, at each size.

Each size gets a review folder of its own (``benchmarks/synthetic_review.py``: five
databases' exports with duplicates, PubMed recorded as a replay). Snakemake then runs the
workflow one rule at a time in dependency order (``snakemake --cores C RULE``, so each
process runs exactly one rule's job): the wall time, the CPU time (user + system of the
process tree) and the peak resident memory of the largest process in it (``wait4`` rusage)
are that rule's. Snakemake's own start (DAG, ~2-5 s, ~150 MB) is inside every row; the
``snakemake -n`` row measures it alone.

Screening is people's work and is not measured: after dedup the script writes one
title/abstract decision per unique record (2% included, by a hash of the record id) and a
full-text decision for each included one (half included), as a finished review would hold,
so screen status, PRISMA and themes run on a complete review.

    python benchmarks/scale.py [--sizes 10000 50000] [--cores 2] [--keep DIR]
        [--profile profiles/slurm]   # submit every rule to SLURM instead (needs the plugin)
        [--shard-threshold N]        # dedup as shard jobs above N records (config key)
        [--snakemake-args '...']     # e.g. '--slurm-init-seconds-before-status-checks 2'

With ``--keep DIR`` the review folders stay in DIR and a later run reuses them (their
outputs are removed first). Results are printed as a table and appended, one line per stage as it finishes, to
``DIR/scale.tsv`` when ``--keep DIR`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_review import make_review  # noqa: E402

# Rules in an order that respects their dependencies; decisions are written after dedup.
BEFORE_SCREENING = ("search_pubmed", "ingest", "search_log", "dedup")
AFTER_SCREENING = ("screen_rank", "screen_status", "prisma", "themes")


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """``(wall s, CPU s, peak MB)`` of ``cmd``'s process tree; raises if it fails."""
    start = time.perf_counter()
    with (cwd / "scale_run.log").open("a", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode:
        tail = (cwd / "scale_run.log").read_text(encoding="utf-8")[-3000:]
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _seconds(text: str) -> float:
    """sacct's ``[D-]HH:MM:SS[.mmm]`` or ``MM:SS.mmm`` as seconds."""
    days, _, clock = text.rpartition("-")
    parts = [float(p) for p in clock.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0.0)
    return (int(days) if days else 0) * 86400 + parts[0] * 3600 + parts[1] * 60 + parts[2]


def _megabytes(text: str) -> float:
    units = {"K": 1 / 1024, "M": 1.0, "G": 1024.0, "T": 1024.0**2}
    if not text:
        return 0.0
    if text[-1] in units:
        return float(text[:-1]) * units[text[-1]]
    return float(text) / 2**20


def slurm_usage(log_text: str, seen: set[str]) -> tuple[float, float, int]:
    """``(CPU s, peak MB, jobs)`` of the SLURM jobs in ``log_text`` not in ``seen`` (sacct:
    TotalCPU summed over jobs, MaxRSS the largest step's; sampled every 30 s by the local
    SLURM's jobacct_gather, so short jobs' peaks can be missed)."""
    import re

    ids = [j for j in re.findall(r"submitted with SLURM jobid (\d+)", log_text) if j not in seen]
    seen.update(ids)
    if not ids:
        return 0.0, 0.0, 0
    acct = subprocess.run(
        ["sacct", "-n", "-P", "-j", ",".join(ids), "--format=JobID,TotalCPU,MaxRSS"],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = peak = 0.0
    for line in acct.stdout.split():
        job, total, rss = line.split("|")
        if "." not in job:  # the job's own line sums its steps
            cpu += _seconds(total)
        peak = max(peak, _megabytes(rss))
    return cpu, peak, len(ids)


def write_decisions(review: Path) -> tuple[int, int]:
    """A finished screening of the review's unique records: (title/abstract, full text) n."""
    config = yaml.safe_load((review / "config" / "config.yaml").read_text(encoding="utf-8"))
    unique = pd.read_parquet(review / "outputs" / "dedup" / "unique.parquet", columns=["record_id"])
    lines = []
    full_text = 0
    for rid in unique["record_id"]:
        h = int(hashlib.sha256(rid.encode("utf-8")).hexdigest()[:8], 16)
        include = h % 50 == 0
        base = {"record_id": rid, "screener": "reviewer_a", "reason": "", "note": "", "rank": None}
        base.update(score=None, review=config["review"]["name"], timestamp="2026-12-01T09:00:00Z")
        lines.append({**base, "stage": "title_abstract", "decision": "exclude"})
        if include:
            lines[-1]["decision"] = "include"
            full_text += 1
            keep = (h // 50) % 2 == 0
            lines.append(
                {
                    **base,
                    "stage": "full_text",
                    "decision": "include" if keep else "exclude",
                    "reason": "" if keep else "wrong study design",
                }
            )
    path = review / "decisions" / "decisions.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return len(unique), full_text


def set_shard_threshold(review: Path, threshold: int | None) -> None:
    """``dedup.shard_threshold`` in the review's config (removed when ``None``)."""
    path = review / "config" / "config.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["dedup"].pop("shard_threshold", None)
    if threshold is not None:
        config["dedup"]["shard_threshold"] = threshold
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def scale_run(
    n: int,
    work: Path,
    cores: int,
    profile: str | None,
    out: Path | None,
    shard_threshold: int | None = None,
    extra: tuple[str, ...] = (),
) -> list[tuple[str, float, float, float]]:
    review = work / f"review_{n}"
    started = time.perf_counter()
    if (review / "review.json").is_file():  # made by an earlier run with --keep
        counts = json.loads((review / "review.json").read_text(encoding="utf-8"))
        shutil.rmtree(review / "outputs", ignore_errors=True)
        shutil.rmtree(review / ".snakemake", ignore_errors=True)
        (review / "decisions" / "decisions.jsonl").write_text("", encoding="utf-8")
    else:
        counts = make_review(n, review)
        (review / "review.json").write_text(json.dumps(counts), encoding="utf-8")
    made = time.perf_counter() - started
    set_shard_threshold(review, shard_threshold)
    size_mb = sum(p.stat().st_size for p in (review / "queries").rglob("*") if p.is_file()) / 1e6
    print(
        f"\n{n} records ({', '.join(f'{db} {k}' for db, k in counts.items())}; "
        f"{size_mb:.0f} MB of exports and recorded PubMed XML; made in {made:.0f} s)",
        flush=True,
    )
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"  # no network: replay only
    snakemake = [sys.executable, "-m", "snakemake", "--quiet"]
    snakemake += ["--profile", profile] if profile else ["--cores", str(cores)]
    snakemake += extra
    rows = [("snakemake -n", *run_measured([*snakemake[:4], "-n", "all"], review, env))]
    print(f"{'stage':<16}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}", flush=True)
    if profile:
        print("(SLURM: stage (jobs), CPU and peak from sacct; wall includes the queue)")

    seen: set[str] = set()

    def stage(name: str) -> None:
        wall, cpu, peak = run_measured([*snakemake, name], review, env)
        if profile:  # the work ran in SLURM jobs, not under snakemake: sacct has it
            log_text = (review / "scale_run.log").read_text(encoding="utf-8")
            cpu, peak, jobs = slurm_usage(log_text, seen)
            name = f"{name} ({jobs})"
        rows.append((name, wall, cpu, peak))
        load = os.getloadavg()[0]
        print(
            f"{name:<16}{rows[-1][1]:>9.1f}{rows[-1][2]:>9.1f}{rows[-1][3]:>9.0f}"
            f"   (load average {load:.1f})",
            flush=True,
        )
        if out is not None:
            with out.open("a", encoding="utf-8") as handle:
                values = "\t".join(f"{v:.1f}" for v in rows[-1][1:])
                handle.write(f"{n}\t{name}\t{values}\t{load:.1f}\t{profile or 'local'}\n")

    print(f"{rows[0][0]:<16}{rows[0][1]:>9.1f}{rows[0][2]:>9.1f}{rows[0][3]:>9.0f}", flush=True)
    for name in BEFORE_SCREENING:
        stage(name)
    screened, sought = write_decisions(review)
    for name in AFTER_SCREENING:
        stage(name)
    total = sum(r[1] for r in rows[1:])
    print(
        f"{'total':<16}{total:>9.1f}{sum(r[2] for r in rows[1:]):>9.1f}"
        f"{max(r[3] for r in rows[1:]):>9.0f}   ({screened} unique records screened, "
        f"{sought} at full text)",
        flush=True,
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--profile", help="a Snakemake profile (e.g. profiles/slurm)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the review folders here")
    parser.add_argument("--make-only", action="store_true", help="only write the review folders")
    parser.add_argument(
        "--snakemake-args",
        default="",
        help="more snakemake options, e.g. '--slurm-init-seconds-before-status-checks 2'",
    )
    parser.add_argument(
        "--shard-threshold", type=int, help="dedup.shard_threshold of the reviews (records)"
    )
    args = parser.parse_args(argv)
    profile = str(Path(args.profile).resolve()) if args.profile else None
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        out = args.keep / "scale.tsv" if args.keep else None
        for n in args.sizes:
            if args.make_only:
                (work / f"review_{n}").mkdir(parents=True, exist_ok=True)
                counts = make_review(n, work / f"review_{n}")
                (work / f"review_{n}" / "review.json").write_text(json.dumps(counts))
                continue
            extra = tuple(shlex.split(args.snakemake_args))
            scale_run(n, work, args.cores, profile, out, args.shard_threshold, extra)
    print(
        "\nWhole-process wall time, CPU time (user + system) and peak RSS per rule, each rule "
        "run by its own snakemake process; this machine: 2 cores shared with other work."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
