"""The workflow's test reviews (.test/*): each runs end to end with no network and writes
what its config asks for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

#: What the test reviews read from the repository besides their own folder.
PARTS = (".test", "queries", "config", "decisions")


def _run(review: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # The run must not need the network: point E-utilities at a closed local port.
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet"],
        cwd=review,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory, copy_example) -> Path:
    return copy_example(tmp_path_factory.mktemp("repo"), parts=PARTS) / ".test"


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_pubmed_only_review_runs_to_a_provisional_diagram(reviews: Path) -> None:
    review = reviews / "pubmed-only"
    run = _run(review)
    assert run.returncode == 0, run.stderr[-4000:]
    out = review / "outputs"
    report = _csv(out / "ingest" / "ingest_report.csv")
    assert report["database"].tolist() == ["pubmed"]
    assert report["records_read"].tolist() == ["99"]
    assert len(_csv(out / "screen" / "queue.csv")) == 99
    counts = dict(_csv(out / "prisma" / "prisma_counts.csv")[["data", "n"]].values)
    assert counts["provisional"] == "1"
    assert counts["database_results"] == "99"
    assert (out / "prisma" / "prisma.svg").is_file()
    assert not (out / "themes").exists()
    assert "themes skipped: no codebook" in run.stdout + run.stderr


def test_themes_review_uses_the_coding_sheet_and_the_notes(reviews: Path) -> None:
    review = reviews / "themes"
    run = _run(review)
    assert run.returncode == 0, run.stderr[-4000:]
    themes = review / "outputs" / "themes"
    assert len(_csv(themes / "theme_table.csv"))
    coding = _csv(themes / "coding.csv").set_index(["record_id", "subtheme"])
    # The reviewer's codes (coding.csv of the test review) decide over the scores.
    for subtheme, code in (("fragmented_structure", "1"), ("misaligned_incentives", "0")):
        row = coding.loc[("pubmed:23750908", subtheme)]
        assert (row["source"], row["assigned"], row["reviewer_code"]) == ("reviewer", code, code)
    # The reviewer's note on that study (notes/pubmed_23750908.txt) is read as evidence.
    evidence = _csv(themes / "evidence.csv")
    from_notes = evidence[
        (evidence["record_id"] == "pubmed:23750908") & (evidence["source"] == "notes")
    ]
    assert from_notes["sentence"].str.contains("separate budgets").any()
