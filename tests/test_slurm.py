"""The example review on a real SLURM: the same Snakefile, submitted through
``snakemake --profile profiles/slurm`` (snakemake-executor-plugin-slurm), writes outputs
byte-identical to a local ``snakemake --cores 2`` run, and SLURM's accounting (``sacct``)
lists every job it ran.

Needs a SLURM that answers on this machine: ``.ci/run`` starts a single-node one with
``tests/slurm/start_slurm.sh``. Where there is none, the test is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "profiles" / "slurm"

pytestmark = pytest.mark.slurm


def _slurm_ready() -> str:
    """Why SLURM cannot take the test's jobs here, or '' when it can."""
    if shutil.which("sinfo") is None or shutil.which("sacct") is None:
        return "no SLURM client (sinfo, sacct) on PATH; .ci/run starts one"
    try:
        states = subprocess.run(
            ["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=10
        )
        accounting = subprocess.run(
            ["sacct", "-X", "-n", "-P", "--format=JobID", "-S", "now"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except subprocess.TimeoutExpired:
        return "SLURM does not answer within 10 s"
    if states.returncode != 0 or not {"idle", "mixed"} & set(states.stdout.split()):
        return f"no idle SLURM node ({(states.stderr or states.stdout).strip()[:200]})"
    if accounting.returncode != 0:
        return f"SLURM has no job accounting ({accounting.stderr.strip()[:200]})"
    return ""


def _snakemake(workdir: Path, *args: str) -> subprocess.Popen[str]:
    """Start snakemake on the review in *workdir*; stdout and stderr go to run.log there."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # No network: point E-utilities at a closed local port (the example replays PubMed).
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"
    with (workdir / "run.log").open("w", encoding="utf-8") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "snakemake", "all", *args],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )


def _finish(run: subprocess.Popen[str], workdir: Path) -> str:
    """Wait for *run*; its log, after asserting that it succeeded."""
    try:
        code = run.wait(timeout=1500)
    except subprocess.TimeoutExpired:
        run.kill()
        raise
    log = (workdir / "run.log").read_text(encoding="utf-8")
    assert code == 0, log[-4000:]
    return log


def _outputs(workdir: Path) -> dict[str, bytes]:
    """Every generated file except the logs (which hold run-specific lines)."""
    out = workdir / "outputs"
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] != "logs"
    }


def test_example_review_through_slurm_equals_local_run(tmp_path: Path, copy_example) -> None:
    pytest.importorskip("snakemake_executor_plugin_slurm")
    reason = _slurm_ready()
    if reason:
        pytest.skip(reason)

    # Both runs at once: the SLURM run spends most of its time waiting for the queue.
    local = copy_example(tmp_path / "local")
    cluster = copy_example(tmp_path / "slurm")
    # Status checks every few seconds instead of the profile's cluster-friendly 40 s.
    slurm_run = _snakemake(
        cluster, "--profile", str(PROFILE), "--slurm-init-seconds-before-status-checks", "2"
    )
    local_run = _snakemake(local, "--cores", "1", "--quiet")
    _finish(local_run, local)
    log = _finish(slurm_run, cluster)

    submitted = dict(
        (m.group(2), m.group(1))
        for m in re.finditer(r"submitted with SLURM jobid (\d+) \(log: \S*/rule_(\w+)/", log)
    )
    # Every rule ran as a SLURM job except the target `all` and dedup's plan (a footer read),
    # which Snakemake runs on the submitting node.
    rules = set(re.findall(r"^(?:rule|checkpoint) (\w+):", log, flags=re.M))
    on_node = set(re.findall(r"^local(?:rule|checkpoint) (\w+):", log, flags=re.M))
    assert rules and set(submitted) == rules, (sorted(submitted), sorted(rules))
    assert on_node == {"all", "dedup_plan"}, on_node

    expected = _outputs(local)
    got = _outputs(cluster)
    assert len(expected) > 20
    assert sorted(got) == sorted(expected)
    differing = [name for name in expected if got[name] != expected[name]]
    assert not differing, differing

    ids = ",".join(submitted.values())
    acct = subprocess.run(
        ["sacct", "-X", "-n", "-P", "-j", ids, "--format=JobID,State,ExitCode"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert acct.returncode == 0, acct.stderr
    rows = {line.split("|")[0]: line.split("|")[1:] for line in acct.stdout.split()}
    assert sorted(rows) == sorted(submitted.values())
    assert all(state == ["COMPLETED", "0:0"] for state in rows.values()), rows
