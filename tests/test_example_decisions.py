"""The example's decision builder: an update (a new database) appends decisions for the new
records only, after the existing ones, and leaves every earlier line alone."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipeline import records

HERE = Path(__file__).resolve().parent / "data" / "example"
SPEC = importlib.util.spec_from_file_location("build_decisions", HERE / "build_decisions.py")
build_decisions = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_decisions)


def _lines(data: bytes) -> pd.DataFrame:
    return pd.DataFrame([json.loads(line) for line in data.decode("utf-8").splitlines()])


def _unique(make_records) -> pd.DataFrame:
    plan = build_decisions.load_plan(HERE / "screening_plan.csv").set_index("paper_id")
    first, new = plan.loc["P001"], plan.loc["P145"]
    return make_records(
        2,
        record_id=["pubmed:31434784", "assia:0000000001"],
        source=["pubmed", "assia"],
        title=[first["title"], new["title"]],
        doi=[first["doi"], ""],  # the ASSIA-only record has no DOI: matched by title + year
        year=[int(first["year"]), int(new["year"])],
    )


def test_append_decides_only_records_without_decisions(tmp_path: Path, make_records) -> None:
    unique = _unique(make_records)
    out = tmp_path / "decisions.jsonl"
    review = "primary-social-care-integration"
    args = ["--unique", str(tmp_path / "u.parquet"), "--plan", str(HERE / "screening_plan.csv")]
    args += ["--out", str(out), "--review", review]
    records.write_records(unique.iloc[:1], tmp_path / "u.parquet")
    assert build_decisions.main(args) == 0
    before = out.read_bytes()
    records.write_records(unique, tmp_path / "u.parquet")
    assert build_decisions.main(args) == 2  # append-only: no silent rewrite
    assert build_decisions.main([*args, "--append"]) == 0
    after = out.read_bytes()
    assert after.startswith(before)
    added = _lines(after[len(before) :])
    assert set(added["record_id"]) == {"assia:0000000001"}
    ta = added[added["stage"] == "title_abstract"]
    ft = added[added["stage"] == "full_text"]
    assert ta["decision"].tolist() == ["include", "include"]
    assert ft["decision"].tolist() == ["exclude", "exclude"]
    assert set(ft["reason"]) == {"not primary research"}
    last_old = max(_lines(before)["timestamp"])
    assert min(added["timestamp"]) > last_old
    # A second --append finds nothing new to decide.
    assert build_decisions.main([*args, "--append"]) == 0
    assert out.read_bytes() == after


def test_next_session_starts_the_day_after_the_latest_decision() -> None:
    lines = [{"timestamp": "2026-11-09T09:44:11Z"}, {"timestamp": "2026-10-19T09:00:00Z"}]
    ta, ft = build_decisions.next_session(lines)
    assert ta == datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    assert ft == datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
