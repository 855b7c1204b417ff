"""slr screen status / export / import / conflicts on a small constructed review."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sklearn.metrics import cohen_kappa_score

from pipeline import records as rec
from pipeline.cli import main
from pipeline.screen import agreement, decisions, sheets

REVIEW = "test-review"
EVIL = '=HYPERLINK("http://evil.example","click")'


def evil_id() -> str:
    table = rec.read_records("outputs/dedup/unique.parquet")
    return table.loc[table["title"] == EVIL, "record_id"].iloc[0]


@pytest.fixture
def review(tmp_path, monkeypatch, make_records):
    """A review folder: outputs/dedup/unique.parquet with 8 records, cwd set to it."""
    monkeypatch.chdir(tmp_path)
    titles = [f"Integrated care study {i}" for i in range(8)]
    titles[2] = EVIL
    table = make_records(8, title=titles, abstract=[f"@abstract {i}" for i in range(8)])
    rec.write_records(table, tmp_path / "outputs" / "dedup" / "unique.parquet")
    return sorted(table["record_id"])


def slr(*argv: str) -> int:
    return main(["screen", *argv, "--review", REVIEW])


def add(path, *rows):
    decisions.append(
        path,
        [
            decisions.make_decision(r, s, st, d, review=REVIEW, reason=reason)
            for r, s, st, d, reason in rows
        ],
    )


def read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_status_on_constructed_state(review, capsys):
    ids = review
    store = Path("decisions/decisions.jsonl")
    ta, ft = "title_abstract", "full_text"
    add(
        store,
        (ids[0], "alice", ta, "include", ""),
        (ids[0], "bob", ta, "include", ""),
        (ids[1], "alice", ta, "exclude", ""),
        (ids[1], "bob", ta, "include", ""),  # conflict
        (ids[2], "alice", ta, "include", ""),
        (ids[3], "alice", ta, "maybe", ""),
        (ids[4], "alice", ta, "include", ""),
        (ids[5], "alice", ta, "exclude", ""),
        (ids[5], "alice", ta, "include", ""),  # changed mind: latest wins
        (ids[0], "alice", ft, "include", ""),
        (ids[2], "alice", ft, "exclude", "wrong setting"),
        (ids[4], "alice", ft, "not_retrieved", ""),
        (ids[1], "consensus", ta, "exclude", ""),  # resolves the conflict
    )
    assert slr("status") == 0
    out = capsys.readouterr().out
    assert "5 of 8 records screened" not in out  # 6 screened: ids 0-5
    assert "6 of 8 records screened, 4 included, 1 excluded, 1 maybe, 0 conflicts" in out

    screening = read_csv("outputs/screen/screening.csv")
    assert list(screening.columns[:4]) == [
        "record_id",
        "title_abstract",
        "full_text",
        "exclusion_reason",
    ]
    assert list(screening["record_id"]) == ids
    got = {r: (t, f, e) for r, t, f, e in screening.iloc[:, :4].itertuples(index=False)}
    assert got[ids[0]] == ("include", "include", "")
    assert got[ids[1]] == ("exclude", "", "")
    assert got[ids[2]] == ("include", "exclude", "wrong setting")
    assert got[ids[3]] == ("maybe", "", "")
    assert got[ids[4]] == ("include", "not_retrieved", "")
    assert got[ids[5]] == ("include", "", "")
    assert got[ids[6]] == ("", "", "")

    fulltext = read_csv("outputs/screen/fulltext.csv")
    assert list(fulltext["record_id"]) == [ids[0], ids[2], ids[4], ids[5]]
    assert list(fulltext["status"]) == ["included", "excluded", "not_retrieved", "awaiting"]
    # Titles in the CSV people open are neutralised.
    assert not any(t.startswith("=") for t in fulltext["title"])

    included = rec.read_records("outputs/screen/included.parquet")
    assert list(included["record_id"]) == [ids[0]]

    status = json.loads(Path("outputs/screen/status.json").read_text())
    assert status["review"] == REVIEW
    assert (status["records"], status["screened"], status["remaining"]) == (8, 6, 2)
    assert (status["included"], status["excluded"], status["maybe"]) == (4, 1, 1)
    assert status["full_text"]["sought"] == 4
    assert status["full_text"]["not_retrieved"] == 1
    assert status["full_text"]["assessed"] == 2
    assert status["full_text"]["reasons"] == {"wrong setting": 1}
    assert status["screeners"]["title_abstract"] == ["alice", "bob"]

    agree = read_csv("outputs/screen/agreement.csv")
    assert len(agree) == 1
    row = agree.iloc[0]
    assert (row["stage"], row["screener_a"], row["screener_b"]) == (
        "title_abstract",
        "alice",
        "bob",
    )
    assert (row["n_both"], row["n_agree"], row["percent_agreement"]) == ("2", "1", "50.0")

    # A rerun changes nothing.
    before = {p.name: p.read_bytes() for p in Path("outputs/screen").iterdir()}
    assert slr("status") == 0
    after = {p.name: p.read_bytes() for p in Path("outputs/screen").iterdir()}
    assert before == after


def test_status_without_decisions_file(review, capsys):
    assert slr("status") == 0
    screening = read_csv("outputs/screen/screening.csv")
    assert set(screening["title_abstract"]) == {""}
    status = json.loads(Path("outputs/screen/status.json").read_text())
    assert status["screened"] == 0 and status["remaining"] == 8


def test_missing_records_is_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert slr("status") == 1
    err = capsys.readouterr().err
    assert "unique.parquet: no such file" in err
    assert len(err.strip().splitlines()) == 1


def test_decisions_from_another_review_refused(review, capsys):
    store = Path("decisions/decisions.jsonl")
    decisions.append(
        store,
        [decisions.make_decision(review[0], "alice", "title_abstract", "include", review="other")],
    )
    assert slr("status") == 1
    err = capsys.readouterr().err
    assert "another review" in err and "'other'" in err
    # Appending to it is refused too, and nothing is written.
    before = store.read_bytes()
    Path("sheet.csv").write_text(f"record_id,decision\n{review[1]},include\n")
    assert slr("import", "sheet.csv", "--screener", "bob") == 1
    assert store.read_bytes() == before


def test_export_neutralises_and_import_round_trip(review, capsys):
    pd.DataFrame({"record_id": review[::-1], "score": range(8), "rank": range(1, 9)}).to_csv(
        Path("outputs/screen/queue.csv") if Path("outputs/screen").mkdir() is None else None,
        index=False,
    )
    assert slr("export", "--out", "sheet.csv") == 0
    sheet = read_csv("sheet.csv")
    assert list(sheet.columns) == list(sheets.EXPORT_COLUMNS)
    assert list(sheet["record_id"]) == review[::-1]  # by rank
    evil = sheet.loc[sheet["record_id"] == evil_id(), "title"].iloc[0]
    assert evil.startswith("'=HYPERLINK")
    assert all(a.startswith("'@") for a in sheet["abstract"])
    assert set(sheet["decision"]) == {""}

    sheet.loc[0, "decision"] = "include"
    sheet.loc[1, "decision"] = "Exclude"
    sheet.loc[2, "note"] = "no decision: skipped"
    sheet.loc[3, "decision"] = "maybe"
    sheet.loc[3, "note"] = "-check methods"
    sheet.to_csv("sheet.csv", index=False)
    assert slr("import", "sheet.csv", "--screener", "alice") == 0
    lines = decisions.read_lines("decisions/decisions.jsonl")
    assert [(x["record_id"], x["decision"]) for x in lines] == [
        (review[7], "include"),
        (review[6], "exclude"),
        (review[4], "maybe"),
    ]
    assert lines[2]["note"] == "-check methods"  # restored after neutralising
    assert lines[0]["rank"] == 1 and lines[0]["review"] == REVIEW
    assert decisions.labels("decisions/decisions.jsonl") == {review[7]: 1, review[6]: 0}

    # Export for alice leaves out what she decided; other screeners see everything.
    assert slr("export", "--out", "alice.csv", "--screener", "alice") == 0
    assert len(read_csv("alice.csv")) == 5
    assert slr("export", "--out", "bob.csv", "--screener", "bob") == 0
    assert len(read_csv("bob.csv")) == 8


def test_import_is_all_or_nothing(review, capsys):
    rows = [
        (review[0], "include", ""),
        ("test:doesnotexist", "include", ""),
        (review[1], "yes", ""),
        (review[2], "exclude", ""),
        (review[2], "include", ""),
        (review[3], "", ""),
    ]
    pd.DataFrame(rows, columns=["record_id", "decision", "reason"]).to_csv("sheet.csv", index=False)
    assert slr("import", "sheet.csv", "--screener", "alice") == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "nothing imported, 3 problem(s)" in err
    assert "row 3: unknown record_id 'test:doesnotexist'" in err
    assert "row 4: decision 'yes'" in err
    assert f"row 6: {review[2]} is decided again (first on row 5)" in err
    assert not Path("decisions/decisions.jsonl").exists()


def test_full_text_import_needs_reason_from_list(review, capsys):
    store = Path("decisions/decisions.jsonl")
    add(store, *[(r, "alice", "title_abstract", "include", "") for r in review[:3]])
    Path("reasons.yaml").write_text("- wrong population\n- wrong setting\n")
    pd.DataFrame(
        {
            "record_id": review[:3],
            "decision": ["exclude", "exclude", "not retrieved"],
            "reason": ["", "off topic", ""],
        }
    ).to_csv("ft.csv", index=False)
    args = (
        "import",
        "ft.csv",
        "--screener",
        "alice",
        "--stage",
        "full_text",
        "--reasons",
        "reasons.yaml",
    )
    assert slr(*args) == 1
    err = capsys.readouterr().err
    assert "row 2: a full-text exclusion needs a reason" in err
    assert "row 3: reason 'off topic' is not in the exclusion reasons list" in err
    pd.DataFrame(
        {
            "record_id": review[:3],
            "decision": ["exclude", "include", "not retrieved"],
            "reason": ["wrong setting", "", ""],
        }
    ).to_csv("ft.csv", index=False)
    assert slr(*args) == 0
    assert decisions.labels(store, stage="full_text") == {review[0]: 0, review[1]: 1}
    # The full-text export lists only the records included at title/abstract.
    assert (
        slr("export", "--stage", "full_text", "--out", "ft.xlsx", "--reasons", "reasons.yaml") == 0
    )
    wb = load_workbook("ft.xlsx")
    ws = wb["screening"]
    assert [c.value for c in ws[1]] == list(sheets.EXPORT_COLUMNS)
    assert sorted(ws.cell(r, 1).value for r in range(2, ws.max_row + 1)) == review[:3]
    formulas = sorted(str(dv.formula1) for dv in ws.data_validations.dataValidation)
    assert formulas == ["'lists'!$A$1:$A$4", "'lists'!$B$1:$B$2"]
    assert [wb["lists"].cell(i, 2).value for i in (1, 2)] == ["wrong population", "wrong setting"]


def test_xlsx_export_keeps_formulas_as_text(review):
    assert slr("export", "--out", "sheet.xlsx") == 0
    ws = load_workbook("sheet.xlsx")["screening"]
    titles = {ws.cell(r, 1).value: ws.cell(r, 4) for r in range(2, ws.max_row + 1)}
    cell = titles[evil_id()]
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
    # Fill it in (as a person would) and import it back.
    ws.cell(2, 10).value = "exclude"
    ws.parent.save("sheet.xlsx")
    assert slr("import", "sheet.xlsx", "--screener", "carol") == 0
    assert decisions.labels("decisions/decisions.jsonl") == {ws.cell(2, 1).value: 0}


def test_conflicts_sheet_and_consensus_import(review, capsys):
    store = Path("decisions/decisions.jsonl")
    ta = "title_abstract"
    add(
        store,
        (review[0], "alice", ta, "include", ""),
        (review[0], "bob", ta, "exclude", ""),
        (review[1], "alice", ta, "exclude", ""),
        (review[1], "bob", ta, "exclude", ""),
        (review[2], "alice", ta, "maybe", ""),
        (review[2], "bob", ta, "include", ""),
    )
    assert slr("conflicts", "--out", "conflicts.csv") == 0
    out = capsys.readouterr().out
    assert "2 title_abstract conflicts" in out
    assert f"{review[0]}: alice=include, bob=exclude" in out
    sheet = read_csv("conflicts.csv")
    assert list(sheet["record_id"]) == [review[0], review[2]]
    assert list(sheet.columns[-5:]) == [
        "decision_alice",
        "decision_bob",
        "decision",
        "reason",
        "note",
    ]
    sheet["decision"] = ["include", "exclude"]
    sheet.to_csv("conflicts.csv", index=False)
    assert slr("import", "conflicts.csv", "--screener", "consensus") == 0
    assert decisions.labels(store) == {review[0]: 1, review[1]: 0, review[2]: 0}
    assert slr("conflicts", "--out", "conflicts2.csv") == 0
    assert len(read_csv("conflicts2.csv")) == 0


def test_kappa_hand_computed_and_sklearn():
    # 10 records: alice includes 4, bob includes 3; they agree on 3 includes and 5 excludes.
    a = ["include"] * 4 + ["exclude"] * 6
    b = ["include"] * 3 + ["exclude"] * 6 + ["include"]
    b[3] = "exclude"
    # p_o = 8/10; p_e = 0.4*0.4 + 0.6*0.6 = 0.52; kappa = 0.28/0.48
    assert agreement.percent_agreement(a, b) == 80.0
    assert agreement.cohen_kappa(a, b) == pytest.approx(0.28 / 0.48)
    assert agreement.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    three = (
        ["include", "maybe", "exclude", "exclude", "maybe", "include", "exclude"],
        ["include", "exclude", "exclude", "maybe", "maybe", "exclude", "exclude"],
    )
    assert agreement.cohen_kappa(*three) == pytest.approx(cohen_kappa_score(*three))
    assert agreement.cohen_kappa(["include"] * 3, ["include"] * 3) != agreement.cohen_kappa(
        ["include"] * 3, ["include"] * 3
    )  # NaN: chance agreement is perfect


def test_review_id_from_config(review, capsys):
    Path("config").mkdir()
    Path("config/config.yaml").write_text(
        "review:\n  name: my-review\nscreen:\n  exclusion_reasons: reasons.yaml\n"
    )
    Path("reasons.yaml").write_text("- wrong population\n")
    Path("sheet.csv").write_text(f"record_id,decision\n{review[0]},include\n")
    assert main(["screen", "import", "sheet.csv", "--screener", "ann"]) == 0
    assert decisions.read_lines("decisions/decisions.jsonl")[0]["review"] == "my-review"
    # Without a configured name the id is a hash of the record ids: another review.
    Path("config/config.yaml").unlink()
    assert main(["screen", "status"]) == 1
    err = capsys.readouterr().err
    assert "'my-review'" in err and "records:" in err


def test_status_reports_stopping_estimate(tmp_path, monkeypatch, make_records, capsys):
    monkeypatch.chdir(tmp_path)
    table = make_records(20)
    rec.write_records(table, "outputs/dedup/unique.parquet")
    ids = sorted(table["record_id"])
    labels = ["include", "exclude", "include"] + ["exclude"] * 7
    add(
        Path("decisions/decisions.jsonl"),
        *[(r, "alice", "title_abstract", lab, "") for r, lab in zip(ids, labels, strict=False)],
    )
    assert slr("status") == 0
    out = capsys.readouterr().out
    status = json.loads(Path("outputs/screen/status.json").read_text())
    stop = status["stopping"]
    assert (stop["n_screened"], stop["n_included"], stop["stop"]) == (10, 2, False)
    assert f"estimated relevant remaining: {stop['estimated_relevant_remaining']:.1f}" in out
    assert "stopping rule (poisson_process) says: continue" in out
    assert "guarantee: If relevant records keep turning up less and less often" in out


def test_status_marks_records_left_when_the_rule_stops(tmp_path, monkeypatch, make_records, capsys):
    monkeypatch.chdir(tmp_path)
    table = make_records(60)
    rec.write_records(table, "outputs/dedup/unique.parquet")
    ids = sorted(table["record_id"])
    # 6 inclusions first, then 40 exclusions: the rule says stop with 14 records left.
    labels = ["include"] * 6 + ["exclude"] * 40
    add(
        Path("decisions/decisions.jsonl"),
        *[(r, "alice", "title_abstract", lab, "") for r, lab in zip(ids, labels, strict=False)],
    )
    Path("config").mkdir()
    Path("config/config.yaml").write_text(
        f"review:\n  name: {REVIEW}\nscreen:\n  stop_by_rule: true\n"
    )
    assert slr("status") == 0
    out = capsys.readouterr().out
    status = json.loads(Path("outputs/screen/status.json").read_text())
    assert status["stopping"]["stop"] is True
    assert status["stopped_by_rule"]["records"] == 14
    screening = pd.read_csv("outputs/screen/screening.csv", dtype=str, keep_default_na=False)
    assert (screening["stopped_by"] == "poisson_process").sum() == 14
    assert set(screening.loc[screening["stopped_by"] != "", "title_abstract"]) == {""}
    assert "stopped by the rule: 14 unscreened record(s)" in out
