"""Dedup split into shard jobs: the plan (how many shards for how many records), the shards
combined equal one job byte for byte, and the workflow runs shard jobs above the threshold
with the same outputs as one dedup job."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline import cli, records
from pipeline.dedup import score_shard
from pipeline.dedup.shards import shard_count
from pipeline.ingest import read_file

ROOT = Path(__file__).resolve().parents[1]


def _run(*argv: str) -> int:
    return cli.main(["dedup", *argv])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def asysd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ASySD labelled set (1,845 records, 584 papers) as a records table."""
    src = ROOT.parent / "shared" / "benchmarks" / "dedup" / "asysd_labelled.csv"
    if not src.is_file():
        pytest.skip("../shared/benchmarks is not beside the checkout")
    frame, quarantine = read_file(src, keep_ids=True)
    assert quarantine.empty
    path = tmp_path_factory.mktemp("asysd") / "records.parquet"
    records.write_records(frame, path)
    return path


@pytest.mark.parametrize(
    ("n", "shards", "threshold", "expected"),
    [
        (0, "auto", 10, 1),
        (10, "auto", 10, 1),
        (11, "auto", 10, 2),
        (95, "auto", 10, 10),
        (95, 3, 10, 3),
        (5, 3, 10, 1),
        (1_000_000, "auto", 250_000, 4),
    ],
)
def test_shard_count(n: int, shards: int | str, threshold: int, expected: int) -> None:
    assert shard_count(n, shards=shards, threshold=threshold) == expected


def test_plan_counts_records_from_the_footer(asysd: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    assert _run(str(asysd), "--plan", str(plan), "--shard-threshold", "500") == 0
    assert json.loads(plan.read_text()) == {"records": 1845, "shard_threshold": 500, "shards": 4}
    assert _run(str(asysd), "--plan", str(plan), "--shards", "7", "--shard-threshold", "500") == 0
    assert json.loads(plan.read_text())["shards"] == 7
    assert _run(str(asysd), "--plan", str(plan)) == 0  # default threshold: one job
    assert json.loads(plan.read_text())["shards"] == 1


@pytest.mark.parametrize(
    "bad", [["--shards", "0"], ["--shards", "some"], ["--shard-threshold", "0"]]
)
def test_plan_usage_errors(asysd: Path, tmp_path: Path, bad: list[str]) -> None:
    plan = tmp_path / "plan.json"
    assert _run(str(asysd), "--plan", str(plan), *bad) == 2
    assert not plan.exists()


def test_shards_combined_are_byte_identical_to_one_job(asysd: Path, tmp_path: Path) -> None:
    outputs = ("unique.parquet", "clusters.csv", "uncertain.csv")

    def dedup(folder: str, *extra: str) -> list[str]:
        out = tmp_path / folder
        out.mkdir()
        argv = [
            str(asysd),
            "--out",
            str(out / outputs[0]),
            "--clusters",
            str(out / outputs[1]),
            "--uncertain",
            str(out / outputs[2]),
            "--uncertain-limit",
            "100000",
        ]
        assert _run(*argv, *extra) == 0
        return [_sha(out / name) for name in outputs]

    one = dedup("one")
    shards = []
    for k in range(1, 4):
        shards.append(str(tmp_path / f"{k}-of-3.parquet"))
        assert _run(str(asysd), "--block-shard", f"{k}/3", "--pairs-out", shards[-1]) == 0
    # A shard whose blocks gave no pairs (common with many shards of a small review).
    empty = score_shard(records.read_records(asysd).head(1), shard=(0, 1))
    assert empty.empty
    empty.to_parquet(tmp_path / "empty.parquet", index=False)
    assert dedup("combined", "--combine", *shards) == one
    assert dedup("with_empty", "--combine", str(tmp_path / "empty.parquet"), *shards) == one


def _snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"  # the example replays PubMed
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _example(dest: Path, **dedup: object) -> Path:
    dest.mkdir()
    for part in ("Snakefile", "config", "queries", "decisions"):
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    config_path = dest / "config" / "config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["dedup"].update(dedup)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


def test_workflow_shards_dedup_above_the_threshold(tmp_path: Path) -> None:
    """The example (404 records) with the threshold forced to 100: five shard jobs and a
    combine job whose outputs equal the default run's (one dedup job) byte for byte."""
    targets = ["outputs/dedup/clusters.csv", "outputs/dedup/uncertain_pairs.csv"]
    one = _example(tmp_path / "one")
    sharded = _example(tmp_path / "sharded", shard_threshold=100)
    for folder in (one, sharded):
        run = _snakemake(folder, *targets)
        assert run.returncode == 0, run.stderr[-4000:]
    plan = json.loads((sharded / "outputs/dedup/plan.json").read_text())
    assert plan == {"records": 404, "shard_threshold": 100, "shards": 5}
    assert json.loads((one / "outputs/dedup/plan.json").read_text())["shards"] == 1
    made = sorted(p.name for p in (sharded / "outputs/dedup/shards").iterdir())
    assert made == [f"{k}-of-5.parquet" for k in range(1, 6)]
    assert not (one / "outputs/dedup/shards").exists()
    for name in ("unique.parquet", "clusters.csv", "uncertain_pairs.csv"):
        assert _sha(sharded / "outputs/dedup" / name) == _sha(one / "outputs/dedup" / name), name
    # The dedup job combined the shards, and a second run has nothing to do.
    shards = " ".join(f"outputs/dedup/shards/{k}-of-5.parquet" for k in range(1, 6))
    run = _snakemake(sharded, *targets, "-n", "-p", "--forcerun", "dedup")
    assert f"--combine {shards} " in run.stdout, run.stdout[-3000:]
    assert "Nothing to be done" in _snakemake(sharded, *targets, "-n").stdout


@pytest.mark.parametrize("with_thread", [False, True])
def test_parallel_scoring_equals_serial(asysd: Path, monkeypatch, with_thread: bool) -> None:
    """Pair scoring in worker processes (forked, or from a forkserver while another thread
    runs, as in a server) gives the serial result."""
    import threading

    from pipeline import parallel
    from pipeline.dedup import blocking, similarity
    from pipeline.dedup.keys import prepare

    table = records.read_records(asysd).sort_values("record_id").reset_index(drop=True)
    features = prepare(table)
    pairs = blocking.candidate_pairs(features)
    serial = similarity.score_pairs(features, pairs)
    monkeypatch.setattr(similarity, "PARALLEL_MIN_PAIRS", 0)
    stop = threading.Event()
    helper = threading.Thread(target=stop.wait) if with_thread else None
    if helper:
        helper.start()
    try:
        assert parallel.start_method() == ("forkserver" if with_thread else "fork")
        both = similarity.score_pairs(features, pairs, workers=2)
    finally:
        stop.set()
    assert len(serial) > 1000
    assert both.equals(serial)
