"""End to end: the example review, then its update (update/, Snakemake), with no network.

Checks the issue's bar: every record of the update is new (queued or decided) or matched to
the previous version with the match recorded; no previous decision changed; the
updated-review diagram reconciles with both versions' tables and its SVG keeps the
template's labels as text; a rerun writes the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLES = (
    "update/matches.csv",
    "update/dedup/unique.parquet",
    "update/decisions.jsonl",
    "update/screen/queue.csv",
    "update/screen/screening.csv",
    "update/prisma/prisma.svg",
    "update/prisma/prisma_counts.csv",
    "update/changes.csv",
    "update/changes.md",
    "update/search_log.csv",
    "update/search_log.md",
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"  # no network
    return env


def _snakemake(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", *args],
        cwd=folder,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=900,
    )


def _run_update(folder: Path) -> None:
    run = _snakemake(folder)
    assert run.returncode == 0, run.stderr[-4000:]


def _digests(out: Path) -> dict[str, str]:
    return {rel: hashlib.sha256((out / rel).read_bytes()).hexdigest() for rel in TABLES}


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory, copy_example) -> Path:
    parts = ("Snakefile", "rules", "config", "queries", "decisions", "update")
    work = copy_example(tmp_path_factory.mktemp("review"), parts=parts)
    run = _snakemake(work)
    assert run.returncode == 0, run.stderr[-4000:]
    _run_update(work / "update")
    return work


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_every_update_record_is_new_or_matched(review: Path) -> None:
    out = review / "update" / "outputs"
    clusters = _csv(out / "dedup/clusters.csv")
    matches = _csv(out / "update/matches.csv")
    kept = clusters.loc[clusters["kept"] == "True", "record_id"]
    assert sorted(matches["record_id"]) == sorted(kept)
    ingested = pd.read_parquet(out / "ingest/records.parquet")
    assert sorted(clusters["record_id"]) == sorted(ingested["record_id"])
    new = matches[matches["update_match"] == "new"]
    matched = matches[matches["update_match"] != "new"]
    assert len(new) == 6 and len(matched) == 5
    assert all(m.startswith("matched:") for m in matched["update_match"])
    assert (matched["rule"] != "").all() and (matched["previous_record_id"] != "").all()
    assert set(matched["rule"]) == {"record_id", "title"}
    previous = set(pd.read_parquet(review / "outputs/dedup/unique.parquet")["record_id"])
    assert set(matched["previous_record_id"]) <= previous
    # New records are decided or queued; nothing else is queued.
    screening = _csv(out / "update/screen/screening.csv")
    queue = _csv(out / "update/screen/queue.csv")
    decided = set(screening.loc[screening["title_abstract"] != "", "record_id"])
    assert set(new["record_id"]) <= decided | set(queue["record_id"])
    assert set(queue["record_id"]) <= set(new["record_id"])


def test_no_previous_decision_changed(review: Path) -> None:
    before = _csv(review / "outputs/screen/screening.csv").set_index("record_id")
    after = _csv(review / "update/outputs/update/screen/screening.csv").set_index("record_id")
    cols = ["title_abstract", "full_text", "exclusion_reason"]
    assert after.loc[before.index, cols].equals(before[cols])
    old = (review / "decisions/decisions.jsonl").read_bytes()
    carried = (review / "update/outputs/update/decisions.jsonl").read_bytes()
    assert carried.startswith(old)


def test_updated_prisma_reconciles_with_both_versions(review: Path) -> None:
    counts = _csv(review / "update/outputs/update/prisma/prisma_counts.csv")
    n = dict(zip(counts["data"], counts["n"], strict=True))
    old = _csv(review / "outputs/prisma/prisma_counts.csv")
    old_n = dict(zip(old["data"], old["n"], strict=True))
    assert n["previous_studies"] == old_n["total_studies"] == "29"
    assert n["previous_reports"] == old_n["total_reports"]
    report = _csv(review / "update/outputs/ingest/ingest_report.csv")
    assert int(n["database_results"]) == sum(int(v) for v in report["records_read"])
    matches = _csv(review / "update/outputs/update/matches.csv")
    clusters = _csv(review / "update/outputs/dedup/clusters.csv")
    within = int((clusters["kept"] == "False").sum())
    matched = int((matches["update_match"] != "new").sum())
    assert int(n["duplicates"]) == within + matched
    assert int(n["records_screened"]) == int((matches["update_match"] == "new").sum())
    changes = _csv(review / "update/outputs/update/changes.csv")
    assert int(n["new_studies"]) == int((changes["change"] == "new inclusion").sum()) == 2
    screening = _csv(review / "update/outputs/update/screen/screening.csv")
    included = screening[
        (screening["title_abstract"] == "include") & (screening["full_text"] == "include")
    ]
    assert int(n["total_studies"]) == len(included) == 31
    svg = (review / "update/outputs/update/prisma/prisma.svg").read_text(encoding="utf-8")
    for label in (
        "Previous studies",
        "previous version of review",
        "Identification of new studies via databases and registers",
        "Total studies included in review",
    ):
        assert label in svg, label


def test_what_changed_and_search_log(review: Path) -> None:
    md = (review / "update/outputs/update/changes.md").read_text(encoding="utf-8")
    assert "- new records: 6" in md
    assert "  - new inclusion: 2" in md and "  - excluded on full text: 1" in md
    assert "(Dis)integrated care? Lessons from East London" in md
    log = _csv(review / "update/outputs/update/search_log.csv")
    dates = sorted(set(log.loc[log["database"] == "pubmed", "date_searched"]))
    manifest = json.loads(
        (review / "queries/pubmed_recorded/manifest.json").read_text(encoding="utf-8")
    )
    assert dates[0] == manifest["date_searched"] and len(dates) == 2
    md = (review / "update/outputs/update/search_log.md").read_text(encoding="utf-8")
    assert md.count("## Searched ") == len(set(log["date_searched"]))


def test_second_run_does_nothing(review: Path) -> None:
    dry = _snakemake(review / "update", "--dry-run")
    assert dry.returncode == 0, dry.stderr[-2000:]
    assert "Nothing to be done" in dry.stdout + dry.stderr


def test_rerun_is_byte_identical(review: Path) -> None:
    out = review / "update" / "outputs"
    first = _digests(out)
    shutil.rmtree(out)
    _run_update(review / "update")
    assert _digests(out) == first
