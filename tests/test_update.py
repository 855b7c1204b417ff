"""slr update: matching an update to the previous version, carrying decisions, the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import DataError
from pipeline.prisma.counts import Counts, Previous
from pipeline.screen import decisions as dec
from pipeline.screen.active import rank
from pipeline.update import (
    NEW,
    aliases,
    carry_decisions,
    change_table,
    match_previous,
    merge_logs,
    mindate_from,
    only_new,
    previous_counts,
    prisma_tables,
    reconcile,
    screening_set,
)
from pipeline.update.match import check_matches
from pipeline.update.searches import blocks_markdown

ROOT = Path(__file__).resolve().parents[1]
REVIEW = "a-review"

PREVIOUS = [
    dict(
        source="pubmed",
        record_id="pubmed:1",
        pmid="1",
        doi="10.1000/care.1",
        title="Barriers to joint working between general practice and social services",
        authors=["Smith, John", "Jones, Anna"],
        year=2016,
        journal="J Integr Care",
        volume="24",
        pages="10-20",
    ),
    dict(
        source="embase",
        record_id="embase:aaa",
        doi="10.1000/care.2",
        title="Care home residents and their general practitioners: a qualitative study",
        authors=["Brown, Kate"],
        year=2018,
        journal="Age and Ageing",
        volume="47",
        pages="100-108",
    ),
    dict(
        source="scopus",
        record_id="scopus:bbb",
        title="Pooled budgets for older people's services: an evaluation",
        authors=["Green, Paul", "White, Sue"],
        year=2017,
        journal="Health Soc Care Community",
        volume="25",
        pages="500-509",
    ),
]


def _records(rows):
    from pipeline import records

    return records.normalise(pd.DataFrame(rows))


def _new_paper(pmid: str, title: str, author: str, **fields) -> dict:
    """A PubMed record of 2023 that the previous version did not have."""
    return dict(
        source="pubmed",
        record_id=f"pubmed:{pmid}",
        pmid=pmid,
        title=title,
        authors=[author],
        year=2023,
        **fields,
    )


@pytest.fixture
def previous() -> pd.DataFrame:
    return _records(PREVIOUS)


@pytest.fixture
def match(previous):
    """``match(rows, **options)``: the update records ``rows`` matched to ``previous``."""

    def run(rows: list[dict], **options) -> pd.DataFrame:
        return match_previous(_records(rows), previous, **options)

    return run


def test_match_by_id_alias_doi_and_title(match):
    matches = match(
        [
            # the same PubMed record found again
            dict(PREVIOUS[0]),
            # a previous duplicate's id (the previous version kept embase:aaa for it)
            dict(PREVIOUS[1], source="cinahl", record_id="cinahl:ccc"),
            # another database's copy: same DOI, title in capitals, no pages
            dict(
                PREVIOUS[1],
                source="wos",
                record_id="wos:ddd",
                pages="",
                title=PREVIOUS[1]["title"].upper(),
            ),
            # no identifiers: title, first author, year, journal agree
            dict(
                PREVIOUS[2],
                source="cinahl",
                record_id="cinahl:eee",
                title=PREVIOUS[2]["title"] + ".",
                journal="Health & Social Care in the Community",
            ),
            # an erratum notice of a previous paper is another item
            dict(
                PREVIOUS[0],
                source="pubmed",
                record_id="pubmed:9",
                pmid="9",
                doi="",
                title="Erratum: " + PREVIOUS[0]["title"],
            ),
            # a new paper
            _new_paper(
                "5",
                "Social prescribing link workers in primary care",
                "Lee, Ann",
                journal="Br J Gen Pract",
            ),
        ],
        aliases={"cinahl:ccc": "embase:aaa"},
    )
    got = dict(zip(matches["record_id"], matches["update_match"], strict=True))
    rule = dict(zip(matches["record_id"], matches["rule"], strict=True))
    assert got == {
        "pubmed:1": "matched:pubmed:1",
        "cinahl:ccc": "matched:embase:aaa",
        "wos:ddd": "matched:embase:aaa",
        "cinahl:eee": "matched:scopus:bbb",
        "pubmed:9": NEW,
        "pubmed:5": NEW,
    }
    assert rule["pubmed:1"] == rule["cinahl:ccc"] == "record_id"
    assert rule["wos:ddd"] == "doi"
    assert rule["cinahl:eee"] in {"title", "fuzzy-title"}
    assert rule["pubmed:5"] == ""
    check_matches(
        matches, ["pubmed:1", "cinahl:ccc", "wos:ddd", "cinahl:eee", "pubmed:9", "pubmed:5"]
    )


def test_different_dois_stay_apart(match):
    # The same title and authors in the same journal, another DOI and other pages: another
    # item (a correction, a reprint), which the rules keep apart as slr dedup does.
    other = dict(
        PREVIOUS[1], source="wos", record_id="wos:x", doi="10.1093/ageing/afy999", pages="200-208"
    )
    assert match([other])["update_match"].tolist() == [NEW]


def test_screening_set_and_queue_only_new(previous):
    update = _records(
        [
            dict(PREVIOUS[0]),
            _new_paper(
                "5",
                "Joint working between general practice and social services for frail people",
                "Lee, Ann",
            ),
            _new_paper("6", "Knee replacement outcomes in athletes", "Kim, Bo"),
        ]
    )
    matches = match_previous(update, previous)
    records = screening_set(previous, update, matches)
    assert dict(zip(records["record_id"], records["update_status"], strict=True)) == {
        "embase:aaa": "previous",
        "pubmed:1": "previous",
        "scopus:bbb": "previous",
        "pubmed:5": "new",
        "pubmed:6": "new",
    }
    # The previous decisions train the model: one include, one exclude; scopus:bbb was
    # never decided, and is not queued again either.
    labels = {"pubmed:1": 1, "embase:aaa": 0}
    queue = only_new(rank(records, labels, seed=1), records)
    assert queue["record_id"].tolist() == ["pubmed:5", "pubmed:6"]
    assert queue["rank"].tolist() == [1, 2]


def _decide(path: Path, rid: str, decision: str, *, review: str = REVIEW) -> None:
    line = dec.make_decision(
        rid, "alice", "title_abstract", decision, review=review, timestamp="2027-01-01T00:00:00Z"
    )
    dec.append(path, [line])


def test_carry_decisions_keeps_previous_bytes_and_refuses_changes(tmp_path):
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    _decide(old, "pubmed:1", "include")
    _decide(old, "embase:aaa", "exclude")
    _decide(new, "pubmed:5", "include")
    data = carry_decisions(old, new, previous_ids={"pubmed:1", "embase:aaa"})
    assert data == old.read_bytes() + new.read_bytes()
    _decide(new, "embase:aaa", "include")  # would change a previous decision
    with pytest.raises(DataError, match=r"new.jsonl: line 2: record embase:aaa was screened"):
        carry_decisions(old, new, previous_ids={"pubmed:1", "embase:aaa"})
    other = tmp_path / "other.jsonl"
    _decide(other, "pubmed:5", "include", review="another-review")
    with pytest.raises(DataError, match="keeps the review's name"):
        carry_decisions(old, other, previous_ids=set())
    matched = tmp_path / "matched.jsonl"
    _decide(matched, "wos:ddd", "include")
    with pytest.raises(DataError, match="matches embase:aaa"):
        carry_decisions(old, matched, previous_ids=set(), matched={"wos:ddd": "embase:aaa"})


def test_aliases_map_duplicates_to_kept():
    clusters = pd.DataFrame({"record_id": ["a", "b", "c"], "duplicate_of": ["", "a", ""]})
    assert aliases(clusters) == {"a": "a", "b": "a", "c": "c"}


def _screening(rows):
    cols = ["record_id", "title_abstract", "full_text", "exclusion_reason"]
    return pd.DataFrame(rows, columns=cols).astype(str)


def test_previous_counts_studies_and_reports():
    screening = _screening(
        [
            ("a", "include", "include", ""),
            ("b", "include", "include", ""),
            ("c", "include", "exclude", "wrong design"),
            ("d", "exclude", "", ""),
        ]
    )
    assert previous_counts(screening) == Previous(studies=2, reports=2)
    screening["study_id"] = ["s1", "s1", "", ""]
    assert previous_counts(screening) == Previous(studies=1, reports=2)


def test_prisma_tables_reconcile_and_changes():
    clusters = pd.DataFrame(
        {
            "record_id": ["pubmed:1", "wos:ddd", "embase:zz", "pubmed:5", "pubmed:6", "pubmed:7"],
            "kept": ["True", "True", "False", "True", "True", "True"],
            "duplicate_of": ["", "", "wos:ddd", "", "", ""],
            "rule": ["", "", "doi", "", "", ""],
        }
    )
    matches = pd.DataFrame(
        {
            "record_id": ["pubmed:1", "wos:ddd", "pubmed:5", "pubmed:6", "pubmed:7"],
            "update_match": ["matched:pubmed:1", "matched:embase:aaa", NEW, NEW, NEW],
            "rule": ["record_id", "doi", "", "", ""],
            "title": ["t1", "t2", "New included", "New excluded at FT", "New excluded"],
            "year": ["2016", "2018", "2023", "2023", "2024"],
            "possible_match": ["", "", "", "", ""],
        }
    )
    previous_screening = _screening(
        [
            ("pubmed:1", "include", "include", ""),
            ("embase:aaa", "exclude", "", ""),
        ]
    )
    screening = pd.concat(
        [
            previous_screening,
            _screening(
                [
                    ("pubmed:5", "include", "include", ""),
                    ("pubmed:6", "include", "exclude", "wrong population"),
                    ("pubmed:7", "exclude", "", ""),
                ]
            ),
        ],
        ignore_index=True,
    )
    cl, sc = prisma_tables(clusters, matches, screening)
    assert cl.loc[cl["kept"] == "False", "record_id"].tolist() == [
        "pubmed:1",
        "wos:ddd",
        "embase:zz",
    ]
    assert cl.set_index("record_id").at["wos:ddd", "duplicate_of"] == "embase:aaa"
    assert sc["record_id"].tolist() == ["pubmed:5", "pubmed:6", "pubmed:7"]

    from pipeline.prisma.counts import compute

    report = pd.DataFrame(
        {
            "file": ["x"],
            "database": ["pubmed"],
            "records_read": ["6"],
            "records_kept": ["6"],
            "records_quarantined": ["0"],
        }
    )
    previous = previous_counts(previous_screening)
    counts = compute(report, cl, sc, previous=previous).counts
    assert (counts.duplicates, counts.records_screened, counts.studies_included) == (3, 3, 1)
    assert (counts.total_studies, counts.total_reports) == (2, 2)
    args = dict(matches=matches, screening=screening, previous_screening=previous_screening)
    assert reconcile(counts, **args) == []
    old_diagram = Counts(studies_included=1, reports_included=1)
    assert reconcile(counts, **args, previous_diagram=old_diagram) == []
    changed = screening.copy()
    changed.loc[changed["record_id"] == "embase:aaa", "title_abstract"] = "include"
    problems = reconcile(
        counts, matches=matches, screening=changed, previous_screening=previous_screening
    )
    assert problems[0] == "previous record embase:aaa: title_abstract was 'exclude', now 'include'"
    wrong = Counts(studies_included=5, reports_included=5)
    assert "previous version's diagram (5)" in reconcile(counts, **args, previous_diagram=wrong)[0]

    changes = change_table(matches, screening)
    assert changes[["record_id", "change"]].values.tolist() == [
        ["pubmed:5", "new inclusion"],
        ["pubmed:6", "excluded on full text"],
        ["pubmed:7", "excluded on title/abstract"],
    ]


def test_mindate_from_manifest():
    assert mindate_from({"status": "complete", "date_searched": "2026-11-23"}) == "2026/11/23"
    with pytest.raises(DataError, match="not complete"):
        mindate_from({"status": "partial", "date_searched": "2026-11-23"})
    with pytest.raises(DataError, match="no date_searched"):
        mindate_from({"status": "complete"})


def test_search_log_one_block_per_date():
    from pipeline.search.log import LOG_COLUMNS

    def row(db, date):
        return {c: "" for c in LOG_COLUMNS} | {
            "database": db,
            "date_searched": date,
            "strategy": f"{db} query",
            "platform": "p",
        }

    old = pd.DataFrame([row("PubMed", "2026-11-23"), row("Embase", "2026-11-24")])
    new = pd.DataFrame([row("PubMed", "2027-11-30"), row("Embase", "2027-11-30")])
    merged = merge_logs(old, new)
    assert merged[["version", "database", "date_searched"]].values.tolist() == [
        ["previous", "PubMed", "2026-11-23"],
        ["previous", "Embase", "2026-11-24"],
        ["update", "Embase", "2027-11-30"],
        ["update", "PubMed", "2027-11-30"],
    ]
    md = blocks_markdown(merged)
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads == [
        "## Searched 2026-11-23 (previous)",
        "## Searched 2026-11-24 (previous)",
        "## Searched 2027-11-30 (update)",
    ]
    # An update of an update keeps every earlier version's rows as they were.
    again = merge_logs(merged, pd.DataFrame([row("PubMed", "2028-12-01")]))
    assert again["version"].tolist() == ["previous", "previous", "update", "update", "update"]


def test_cli_missing_previous_is_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "update", "match", "--previous", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
    assert "no dedup/unique.parquet" in proc.stderr


@pytest.mark.slow
def test_scale_update_20k_against_100k():
    """An update of 20,000 new records (+5,000 already in the previous version) against a
    previous version of 100,000: under 2 minutes, and exactly the new records queued.

    The time is the process's CPU time: on a 2-core machine shared with other jobs the wall
    time measures the other jobs as well (both are printed by run_update).
    """
    sys.path.insert(0, str(ROOT))
    from benchmarks.update_scale import build, run_update

    case = build(100_000, 20_000, 5_000)
    seconds, matches, queue = run_update(case)
    assert set(queue["record_id"]) == case.new_ids
    assert len(queue) == 20_000
    assert int((matches["update_match"] != NEW).sum()) == 5_000
    assert seconds < 120, f"update took {seconds:.0f} s of CPU"
    print(json.dumps({"seconds": round(seconds, 1)}))


def test_previous_version_that_is_itself_an_update(tmp_path, previous):
    """A living review: the next update builds on the previous update's screening set."""
    from pipeline.records import write_records
    from pipeline.update import files

    first = tmp_path / "first"
    write_records(previous, first / "outputs/dedup/unique.parquet")
    v = files.version(first)
    assert v.unique == first / "outputs/dedup/unique.parquet"
    assert v.decisions == (first / "decisions/decisions.jsonl").resolve()
    assert v.matches is None
    second = tmp_path / "second"
    write_records(previous.head(1), second / "outputs/dedup/unique.parquet")
    write_records(previous, second / "outputs/update/dedup/unique.parquet")
    pd.DataFrame({"record_id": ["wos:1", "wos:2"], "duplicate_of": ["", "wos:1"]}).to_csv(
        second / "outputs/dedup/clusters.csv", index=False
    )
    pd.DataFrame({"record_id": ["wos:1"], "update_match": ["matched:pubmed:1"]}).to_csv(
        second / "outputs/update/matches.csv", index=False
    )
    v = files.version(second)
    assert v.unique == second / "outputs/update/dedup/unique.parquet"
    assert v.screening == second / "outputs/update/screen/screening.csv"
    assert v.decisions == second / "outputs/update/decisions.jsonl"
    assert v.search_log == second / "outputs/update/search_log.csv"
    # wos:2 was a duplicate of wos:1, which the previous update matched to pubmed:1.
    assert files.version_aliases(v) == {"wos:1": "pubmed:1", "wos:2": "pubmed:1"}
