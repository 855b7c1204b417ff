"""The crosswalk of the review framework onto the comparison frameworks: the stakeholder
framework of Dambha-Miller et al. (2021) validates, every theme of it is reached by the
example's included studies or reported as unmatched, and the linking evidence is shown."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.cli import main
from pipeline.themes import codebook as codebooks

ROOT = Path(__file__).resolve().parents[1]
CODEBOOKS = ROOT / "config" / "codebooks"
REVIEW = CODEBOOKS / "review_framework.yaml"
STAKEHOLDER = CODEBOOKS / "stakeholder_interviews.yaml"
COMPARE = [CODEBOOKS / n for n in ("gp_interviews.yaml", "pm_interviews.yaml")] + [STAKEHOLDER]
PAPERS = ROOT / "tests" / "data" / "example" / "papers.csv"


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def included_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's included studies (title, abstract, authors, year), as screening
    passes them to the synthesis."""
    with PAPERS.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["ft_decision"] == "include"]
    frame = pd.DataFrame(
        {
            "record_id": [r["paper_id"] for r in rows],
            "title": [r["title"] for r in rows],
            "abstract": [r["abstract"] for r in rows],
            "authors": [r["authors"] for r in rows],
            "year": [r["year"] for r in rows],
        }
    )
    path = tmp_path_factory.mktemp("included") / "included.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def synthesis(included_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("themes")
    # Repeated --compare flags (as the Snakefile writes them) add up; none is dropped.
    flags = [arg for path in COMPARE for arg in ("--compare", str(path))]
    assert (
        main(["themes", str(included_csv), "--codebook", str(REVIEW), "--out", str(out), *flags])
        == 0
    )
    return out


def test_stakeholder_codebook_validates_with_the_papers_names() -> None:
    book = codebooks.load(STAKEHOLDER)
    assert [t.label for t in book.themes] == [
        "Facilitators of primary care and social services integration",
        "Where integration occurs",
        "Tensions",
    ]
    assert [s.label for s in book.themes[0].subthemes] == [
        "Individuals and teams driving integration",
        "Interface roles",
        "Co-location and collaboration",
    ]
    tensions = [s.label for s in book.themes[2].subthemes]
    for name in (
        "Structural tensions",
        "Silo mentality",
        "Organisational self-interest and protectionism",
        "Information sharing",
        "Tensions across spatial scales",
    ):
        assert name in tensions
    # Theme 2 has no sub-themes in the paper: it is coded as one sub-theme of its own.
    assert [s.id for s in book.themes[1].subthemes] == ["where_integration_occurs"]
    assert "10.3399/BJGP.2020.1100" in book.source


def test_all_three_frameworks_are_crosswalked(synthesis: Path) -> None:
    walk = read(synthesis / "crosswalk.csv")
    assert list(dict.fromkeys(walk["other_codebook"])) == [
        "gp_interviews",
        "pm_interviews",
        "stakeholder_interviews",
    ]


def test_every_stakeholder_theme_is_reached_or_reported_unmatched(synthesis: Path) -> None:
    book = codebooks.load(STAKEHOLDER)
    cover = read(synthesis / "crosswalk_coverage.csv")
    mine = cover[(cover["other_codebook"] == book.id) & (cover["level"] == "subtheme")]
    assert mine["other_theme_id"].tolist() == book.subtheme_ids
    report = (synthesis / "crosswalk.md").read_text(encoding="utf-8")
    section = report.split(f"### Coverage of {book.title}")[1]
    for row in mine.itertuples(index=False):
        if row.status == "matched":
            assert int(row.n_studies) >= 1 and row.best_theme
        else:
            assert f"{row.other_theme} ({row.status})" in section
    # In the example every theme of the framework is reached by an included study.
    reached = dict(zip(mine["other_theme_id"], mine["n_studies"].astype(int), strict=True))
    assert min(reached.values()) >= 1, reached


def test_crosswalk_shows_the_evidence_that_links_themes(synthesis: Path) -> None:
    walk = read(synthesis / "crosswalk.csv")
    subs = walk[
        (walk["level"] == "subtheme") & (walk["other_codebook"] == "stakeholder_interviews")
    ]
    subs = subs.astype({"strength": float, "co_assigned": int})
    best = subs.sort_values("strength", ascending=False).drop_duplicates("theme_id")
    best = best.set_index("theme_id")
    assert best.at["informatics", "other_theme_id"] == "information_sharing"
    assert best.at["professional_culture", "other_theme_id"] == "silo_mentality"
    row = best.loc["informatics"]
    assert row["co_assigned"] >= 1
    linking = row["linking_studies"].split("; ")
    assert len(linking) == row["co_assigned"]
    cited, _, quote = row["other_evidence"].partition(": ")
    assert cited in linking and quote.startswith('"')
    papers = read(PAPERS)
    texts = " ".join(papers["title"]) + " " + " ".join(papers["abstract"])
    assert quote.strip('"').rstrip(".") in texts
    report = (synthesis / "synthesis.md").read_text(encoding="utf-8")
    part = report.split("## The review's themes against other frameworks")[1]
    assert codebooks.load(STAKEHOLDER).title in part
    assert "Information sharing" in part and cited in part


def test_a_theme_no_study_reaches_is_reported_unmatched(included_csv: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(STAKEHOLDER.read_text(encoding="utf-8"))
    data["themes"][2]["subthemes"].append(
        {"id": "lunar_bases", "label": "Lunar bases", "cues": ["moon base rocket"]}
    )
    other = tmp_path / "stakeholder_plus.yaml"
    other.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    args = ["themes", str(included_csv), "--codebook", str(REVIEW), "--out", str(out)]
    assert main([*args, "--compare", str(other)]) == 0
    cover = read(out / "crosswalk_coverage.csv").set_index("other_theme_id")
    assert cover.at["lunar_bases", "status"] == "no included study"
    assert cover.at["lunar_bases", "n_studies"] == "0"
    assert "Lunar bases (no included study)" in (out / "crosswalk.md").read_text(encoding="utf-8")
