"""A review of one's own, from an empty folder, as README's "Start your own review" walks it:
`slr init`, two exports of different formats (RIS and BibTeX), no PubMed, no codebook; a
first run before anyone has screened (provisional PRISMA diagram and a queue); decisions
imported from filled sheets; a second run with the final diagram. The example's decisions
and a second review beside the first are untouched."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DECISIONS = ROOT / "decisions" / "decisions.jsonl"

TOPICS = [
    ("Telemonitoring after discharge for heart failure: a randomised trial", "telemonitoring"),
    ("Structured telephone support and readmission in chronic heart failure", "telephone"),
    ("Remote monitoring of implanted devices in heart failure outpatients", "remote"),
    ("Nurse-led clinics for heart failure: a cohort study", "nurse"),
    ("Exercise training in older adults with heart failure", "exercise"),
    ("Costs of home telehealth for heart failure in rural areas", "costs"),
    ("Diuretic dosing in acute decompensated heart failure", "diuretic"),
    ("Patient experiences of telemonitoring: an interview study", "experiences"),
]


def _ris(records: list[tuple[str, str]]) -> str:
    out = []
    for title, word in records:
        i = TOPICS.index((title, word)) + 1
        out += [
            "TY  - JOUR",
            f"TI  - {title}",
            f"AU  - Author{i}, A.",
            "PY  - 2021",
            "JO  - Journal of Cardiac Care",
            f"VL  - {10 + i}",
            f"SP  - {100 + i}",
            f"AB  - We studied {word} in adults with heart failure and report readmissions.",
            f"DO  - 10.1000/hf.{word}",
            "ER  - ",
            "",
        ]
    return "\n".join(out)


def _bib(records: list[tuple[str, str]]) -> str:
    out = []
    for title, word in records:
        i = TOPICS.index((title, word)) + 1
        out.append(
            f"@article{{{word}{i},\n  title = {{{title}}},\n  author = {{Author{i}, A.}},\n"
            f"  year = {{2021}},\n  journal = {{Journal of Cardiac Care}},\n"
            f"  volume = {{{10 + i}}},\n  pages = {{{100 + i}}},\n  doi = {{10.1000/hf.{word}}},\n"
            f"  abstract = {{We studied {word} in adults with heart failure and report "
            f"readmissions.}}\n}}\n"
        )
    return "\n".join(out)


def _sidecar(database: str, platform: str) -> str:
    return (
        f"database: {database}\nplatform: {platform}\ndate_searched: 2026-11-02\n"
        "strategy: heart failure AND (telemonitoring OR telehealth)\nlimits: 2015-current\n"
    )


EXPORTS_CONFIG = """\
  exports:
    - database: embase
      file: queries/exports/embase ovid.ris
    - database: scopus
      file: queries/exports/scopus.bib
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"  # never the network
    return env


def slr(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _fill(sheet: Path, decide) -> int:  # noqa: ANN001
    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["decision"], row["reason"] = decide(row)
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every step of the walkthrough, its results kept for the tests below."""
    tmp = tmp_path_factory.mktemp("own")
    example_before = EXAMPLE_DECISIONS.read_bytes()
    steps: dict = {"tmp": tmp}

    # 1. slr init, and a second review beside it.
    init = slr("init", "my-review", "--name", "telehealth-hf", cwd=tmp)
    assert init.returncode == 0, init.stderr
    other = slr("init", "other-review", cwd=tmp)
    assert other.returncode == 0, other.stderr
    steps["other_before"] = _digests(tmp / "other-review")
    review = tmp / "my-review"
    steps["review"] = review

    # 2. Two exports of different formats, each with its sidecar, named in config.yaml.
    exports = review / "queries" / "exports"
    (exports / "embase ovid.ris").write_text(_ris(TOPICS[:6]), encoding="utf-8")
    (exports / "embase ovid.ris.yaml").write_text(_sidecar("embase", "Ovid"), encoding="utf-8")
    (exports / "scopus.bib").write_text(_bib(TOPICS[4:]), encoding="utf-8")
    (exports / "scopus.bib.yaml").write_text(_sidecar("scopus", "Scopus"), encoding="utf-8")
    config = review / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  exports: []\n" in text
    config.write_text(text.replace("  exports: []\n", EXPORTS_CONFIG), encoding="utf-8")

    # 3. The first run, before anyone has screened.
    steps["run1"] = slr("run", cwd=review)
    steps["svg1"] = (review / "outputs/prisma/prisma.svg").read_text(encoding="utf-8")
    steps["counts1"] = (review / "outputs/prisma/prisma_counts.csv").read_text(encoding="utf-8")
    steps["queue"] = (review / "outputs/screen/queue.csv").read_text(encoding="utf-8")

    # 4. Screen with spreadsheets: title/abstract, then the full texts of the inclusions.
    assert slr("screen", "export", "--out", "ta.csv", cwd=review).returncode == 0
    _fill(
        review / "ta.csv",
        lambda r: ("include" if "telemonitoring" in r["title"].lower() else "exclude", ""),
    )
    steps["import_ta"] = slr("screen", "import", "ta.csv", "--screener", "alice", cwd=review)
    export_ft = slr("screen", "export", "--stage", "full_text", "--out", "ft.csv", cwd=review)
    assert export_ft.returncode == 0, export_ft.stderr
    steps["n_fulltext"] = _fill(
        review / "ft.csv",
        lambda r: ("include", "") if "trial" in r["title"] else ("exclude", "wrong outcome"),
    )
    steps["import_ft"] = slr(
        "screen",
        "import",
        str(review / "ft.csv"),
        "--screener",
        "alice",
        "--stage",
        "full_text",
        "--review-dir",
        str(review),
        cwd=tmp,
    )

    # 5. The second run: every record decided, the diagram is final.
    steps["run2"] = slr("run", "my-review", cwd=tmp)
    steps["counts2"] = (review / "outputs/prisma/prisma_counts.csv").read_text(encoding="utf-8")
    steps["svg2"] = (review / "outputs/prisma/prisma.svg").read_text(encoding="utf-8")
    steps["example_same"] = EXAMPLE_DECISIONS.read_bytes() == example_before
    return steps


def _counts(text: str) -> dict[str, str]:
    return {row["data"]: row["n"] for row in csv.DictReader(text.splitlines())}


def test_first_run_before_screening_is_provisional(walk: dict) -> None:
    run = walk["run1"]
    assert run.returncode == 0, run.stderr[-3000:]
    counts = _counts(walk["counts1"])
    assert counts["provisional"] == "1"
    # 6 + 4 records read, 2 of them duplicates (same DOI in both exports).
    assert counts["database_results"] == "10"
    assert counts["duplicates"] == "2"
    assert counts["records_awaiting"] == "8"
    assert "PROVISIONAL" in walk["svg1"]
    queue = list(csv.DictReader(walk["queue"].splitlines()))
    assert len(queue) == 8
    assert "8 to screen" in run.stdout
    assert "slr screen session --screener NAME" in run.stdout
    assert "themes skipped: no codebook" in run.stdout
    assert not (walk["review"] / "outputs" / "themes").exists()


def test_search_log_lists_exactly_the_configured_exports(walk: dict) -> None:
    log = walk["review"] / "outputs" / "search" / "search_log.csv"
    rows = list(csv.DictReader(log.read_text(encoding="utf-8").splitlines()))
    assert [(r["database"], r["file"]) for r in rows] == [
        ("embase", "queries/exports/embase ovid.ris"),
        ("scopus", "queries/exports/scopus.bib"),
    ]
    assert [r["records_retrieved"] for r in rows] == ["6", "4"]


def test_decisions_go_to_the_review_and_the_final_diagram_is_drawn(walk: dict) -> None:
    assert walk["import_ta"].returncode == 0, walk["import_ta"].stderr
    assert walk["import_ft"].returncode == 0, walk["import_ft"].stderr
    store = walk["review"] / "decisions" / "decisions.jsonl"
    lines = store.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 8 + walk["n_fulltext"]
    assert all('"review": "telehealth-hf"' in line for line in lines)
    run = walk["run2"]
    assert run.returncode == 0, run.stderr[-3000:]
    counts = _counts(walk["counts2"])
    assert "provisional" not in counts and "records_awaiting" not in counts
    assert "PROVISIONAL" not in walk["svg2"]
    assert counts["records_screened"] == "8"
    assert counts["dbr_sought_reports"] == str(walk["n_fulltext"])
    assert counts["new_studies"] == "1"
    assert counts["dbr_excluded"] == "wrong outcome, 1"
    assert "PRISMA diagram: final" in run.stdout


def test_the_example_and_the_other_review_are_untouched(walk: dict) -> None:
    assert walk["example_same"]
    assert _digests(walk["tmp"] / "other-review") == walk["other_before"]
