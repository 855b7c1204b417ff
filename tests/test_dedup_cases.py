"""The 25 pairwise hard cases of bib-dedupe (``bib_dedupe_cases.json``), one test each.

Each pair is deduplicated on its own; the test passes when the two records end in one
cluster exactly when the case says they are duplicates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import records
from pipeline.dedup import deduplicate

CASES_FILE = Path(__file__).resolve().parents[2] / "shared/benchmarks/dedup/bib_dedupe_cases.json"

#: Cases whose expectation we judge wrong for a systematic review, with the reason.
DISAGREE = {
    "tan_2004_2005_pub2_vs_pub3": (
        "Cochrane .pub2 and .pub3 are two versions of a review (an update, another year, "
        "another DOI); a review and its update stay apart, and two valid DOIs are never "
        "joined"
    ),
}


def case_records(case: dict) -> list[dict]:
    """The two BibTeX-style records of a case in the record model (``author`` to
    ``authors``, ``number`` to ``issue``, ``booktitle`` to ``journal``, ``ID`` to
    ``record_id``)."""
    rows = []
    for key in ("record_a", "record_b"):
        raw = {k: v for k, v in case[key].items() if v is not None}
        rows.append(
            {
                "record_id": str(raw.get("ID", key)),
                "source": "case",
                "title": raw.get("title", ""),
                "authors": [raw["author"]] if raw.get("author") else [],
                "year": raw.get("year", ""),
                "journal": raw.get("journal") or raw.get("booktitle") or "",
                "volume": raw.get("volume", ""),
                "issue": raw.get("number", ""),
                "pages": raw.get("pages", ""),
                "doi": raw.get("doi", ""),
                "abstract": raw.get("abstract", ""),
                "publication_type": [raw["ENTRYTYPE"]] if raw.get("ENTRYTYPE") else [],
            }
        )
    if rows[0]["record_id"] == rows[1]["record_id"]:
        rows[1]["record_id"] += "-b"
    return rows


def _cases() -> list:
    if not CASES_FILE.exists():
        return [pytest.param(None, id="cases-file-missing")]
    cases = json.loads(CASES_FILE.read_text())["cases"]
    params = []
    for case in cases:
        marks = []
        if case["id"] in DISAGREE:
            marks.append(pytest.mark.xfail(reason=DISAGREE[case["id"]], strict=True))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict | None, bench_dir: Path) -> None:
    if case is None:
        pytest.skip("bib_dedupe_cases.json not found")
    table = records.from_dicts(case_records(case))
    result = deduplicate(table)
    joined = result.clusters["cluster_id"].nunique() == 1
    assert joined == case["expected_duplicate"], case["note"]
    # Whatever the verdict, every input record is accounted for exactly once.
    assert sorted(result.clusters["record_id"]) == sorted(table["record_id"])
