"""PRISMA counts, reconciliation and the PRISMA2020 counts CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import records
from pipeline.cli import main
from pipeline.errors import DataError
from pipeline.prisma import inputs, reconcile, sources, template
from pipeline.prisma.counts import Counts, OtherMethods, Previous, compute

DATA = Path(__file__).resolve().parent / "data" / "prisma"
SMALL = DATA / "small"
REALISTIC = DATA / "realistic"


def small_copy(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(SMALL, work)
    return work


def counts_of(work: Path, **kw) -> Counts:
    result = inputs.compute_workdir(inputs.read_workdir(work), **kw)
    sources.check_sources(result.checks)
    return reconcile.check_counts(result.counts)


# --- counts from a pipeline state ------------------------------------------------------------


def test_small_state_matches_hand_computed_counts() -> None:
    # 13 read (PubMed 6, Embase 5, ClinicalTrials.gov 2), 1 quarantined, 3 duplicates -> 9
    # screened; 2 excluded -> 7 sought; 1 not retrieved -> 6 assessed; 3 excluded (2 + 1)
    # -> 3 reports of 2 studies (pubmed:1002 and :1003 share study S1).
    c = counts_of(SMALL)
    assert c.database_specific == (("PubMed", 6), ("Embase", 5))
    assert c.register_specific == (("ClinicalTrials.gov", 2),)
    assert (c.database_results, c.register_results, c.identified) == (11, 2, 13)
    assert (c.duplicates, c.excluded_automatic, c.excluded_other) == (3, 0, 1)
    assert (c.records_screened, c.records_excluded, c.records_awaiting) == (9, 2, 0)
    assert (c.reports_sought, c.reports_not_retrieved, c.reports_assessed) == (7, 1, 6)
    assert c.reports_excluded == (
        ("Wrong population", 2),
        ("Not primary research, e.g. editorial", 1),
    )
    assert (c.reports_included, c.studies_included) == (3, 2)
    assert c.other is None and c.previous is None


def test_small_state_members_are_the_records_behind_each_box() -> None:
    result = inputs.compute_workdir(inputs.read_workdir(SMALL))
    m = result.members
    assert m["duplicates"] == ("embase:e001", "embase:e002", "embase:e004")
    assert m["records_excluded"] == ("ctgov:nct0001", "embase:e003")
    assert m["reports_not_retrieved"] == ("ctgov:nct0002",)
    assert m["reports_excluded:Wrong population"] == ("pubmed:1004", "pubmed:1005")
    assert m["reports_included"] == ("pubmed:1001", "pubmed:1002", "pubmed:1003")
    assert result.quarantined_files == (("exports/embase.ris", 1),)


def test_realistic_state_counts() -> None:
    c = counts_of(REALISTIC)
    assert c.database_specific == (
        ("PubMed", 85),
        ("Embase", 70),
        ("CINAHL", 55),
        ("Scopus", 50),
    )
    assert (c.identified, c.duplicates, c.excluded_other) == (260, 118, 2)
    assert (c.records_screened, c.records_excluded, c.reports_sought) == (140, 100, 40)
    assert (c.reports_not_retrieved, c.reports_assessed, c.reports_excluded_total) == (3, 37, 8)
    assert len(c.reports_excluded) == 4
    assert (c.reports_included, c.studies_included) == (29, 27)


def test_other_methods_and_previous_enter_the_totals() -> None:
    other = inputs.read_other_methods(DATA / "other_methods.yaml")
    previous = inputs.read_previous(DATA / "previous.yaml")
    c = counts_of(SMALL, other=other, previous=previous)
    assert other.sources == (("Websites", 4), ("Organisations", 1), ("Citation searching", 7))
    assert (other.sought, other.not_retrieved, other.assessed, other.excluded_total) == (5, 1, 4, 3)
    # 3 reports/2 studies via databases + 1 via other methods; plus 10 studies/12 reports before.
    assert (c.reports_included, c.studies_included) == (4, 3)
    assert (c.total_studies, c.total_reports) == (13, 16)


def test_other_methods_yaml_and_csv_read_the_same() -> None:
    assert inputs.read_other_methods(DATA / "other_methods.yaml") == inputs.read_other_methods(
        DATA / "other_methods.csv"
    )


def test_other_methods_unknown_source_is_named(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("identified: {grey literature: 3}\nsought: 1\n")
    with pytest.raises(DataError, match="unknown source 'grey literature'"):
        inputs.read_other_methods(path)


def test_automation_column_removes_records_before_screening(tmp_path: Path, make_records) -> None:
    work = small_copy(tmp_path)
    kept = ["ctgov:nct0001", "ctgov:nct0002", "embase:e003"] + [
        f"pubmed:100{i}" for i in range(1, 7)
    ]
    unique = make_records(len(kept), record_id=kept)
    unique["automation_excluded"] = [rid == "embase:e003" for rid in kept]
    records.write_records(unique, work / "dedup" / "unique.parquet")
    c = counts_of(work)
    assert (c.excluded_automatic, c.records_screened, c.records_excluded) == (1, 8, 1)
    assert c.reports_sought == 7


def test_records_left_by_the_stopping_rule_count_as_automation(tmp_path: Path) -> None:
    # Two records never screened because the stopping rule said stop: they leave "records
    # screened" for "marked as ineligible by automation tools", named in a footnote.
    work = small_copy(tmp_path)
    path = work / "screen" / "screening.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[table["record_id"].isin(["ctgov:nct0001", "embase:e003"]), "title_abstract"] = ""
    table["stopped_by"] = ["poisson_process" if v == "" else "" for v in table["title_abstract"]]
    table.to_csv(path, index=False)
    result = inputs.compute_workdir(inputs.read_workdir(work))
    c = result.counts
    assert (c.excluded_automatic, c.records_screened, c.records_excluded) == (2, 7, 0)
    assert c.records_awaiting == 0 and c.is_complete
    assert result.members["excluded_automatic"] == ("ctgov:nct0001", "embase:e003")
    assert "2 left unscreened when the stopping rule 'poisson_process' said stop" in (
        c.automation_note
    )
    from pipeline.prisma.draw import layout

    assert any("poisson_process" in line for line in layout(c).notes)


def test_registers_named_on_the_command_line(tmp_path: Path) -> None:
    work = small_copy(tmp_path)
    c = counts_of(work, registers=("embase",))
    assert c.register_specific == (("Embase", 5), ("ClinicalTrials.gov", 2))
    assert c.database_specific == (("PubMed", 6),)


# --- bad or inconsistent states -------------------------------------------------------------


def test_missing_cluster_row_is_named_with_boxes_and_numbers(tmp_path: Path) -> None:
    work = small_copy(tmp_path)
    path = work / "dedup" / "clusters.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n")  # a record vanished between ingest and dedup
    with pytest.raises(DataError) as err:
        counts_of(work)
    message = str(err.value)
    assert "Records identified (n = 13)" in message
    assert "Records removed for other reasons (n = 1)" in message.replace("records", "Records")
    assert "= 12, but rows in" in message and "clusters.csv = 11" in message


def test_quarantine_table_disagreeing_with_the_report(tmp_path: Path) -> None:
    work = small_copy(tmp_path)
    path = work / "ingest" / "quarantine.csv"
    path.write_text(path.read_text() + 'exports/embase.ris,embase,90,9,"no title",""\n')
    with pytest.raises(
        DataError, match=r"records_quarantined\) = 1, but rows in .*quarantine.csv = 2"
    ):
        counts_of(work)


def test_unique_table_disagreeing_with_clusters(tmp_path: Path, make_records) -> None:
    work = small_copy(tmp_path)
    ids = ["ctgov:nct0001", "ctgov:nct0002", "pubmed:1001"]
    records.write_records(make_records(3, record_id=ids), work / "dedup" / "unique.parquet")
    with pytest.raises(DataError, match=r"kept = True\) = 9, but rows in .*unique.parquet = 3"):
        counts_of(work)


def test_ingest_report_row_that_does_not_add_up(tmp_path: Path) -> None:
    work = small_copy(tmp_path)
    path = work / "ingest" / "ingest_report.csv"
    path.write_text(path.read_text().replace("embase,ris,5,4,1", "embase,ris,5,4,0"))
    with pytest.raises(DataError, match=r"embase.ris: records_read \(5\) != records_kept \(4\)"):
        counts_of(work)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "pubmed:1004,include,exclude,Wrong population,",
            "pubmed:1004,include,exclude,,",
            r"line 8, record pubmed:1004: excluded at full text without an exclusion_reason",
        ),
        (
            "ctgov:nct0001,exclude,,,",
            "ctgov:nct0001,yes,,,",
            r"line 2, record ctgov:nct0001: title_abstract 'yes' is not one of",
        ),
        (
            "embase:e003,exclude,,,",
            "embase:e003,exclude,include,,",
            r"record embase:e003: full_text is 'include' but title_abstract is 'exclude'",
        ),
        (
            "embase:e003,exclude,,,\n",
            "",
            r"no row for 1 unique record\(s\) .* \(first: embase:e003\)",
        ),
        (
            "embase:e003,exclude,,,",
            "embase:e001,exclude,,,",
            r"1 record\(s\) are not unique records .* \(first: embase:e001\)",
        ),
    ],
)
def test_bad_screening_rows_are_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    work = small_copy(tmp_path)
    path = work / "screen" / "screening.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(DataError, match=expected):
        counts_of(work)


def test_unfinished_screening_stops_unless_allowed(tmp_path: Path) -> None:
    work = small_copy(tmp_path)
    path = work / "screen" / "screening.csv"
    text = path.read_text().replace("embase:e003,exclude,,,", "embase:e003,maybe,,,")
    path.write_text(text.replace("pubmed:1001,include,include", "pubmed:1001,include,conflict"))
    with pytest.raises(DataError, match=r"1 record\(s\) await title/abstract screening"):
        counts_of(work)
    c = counts_of(work, allow_incomplete=True)
    assert (c.records_screened, c.records_excluded, c.records_awaiting) == (9, 1, 1)
    assert (c.reports_sought, c.reports_assessed, c.reports_awaiting) == (7, 6, 1)
    assert (c.reports_included, c.studies_included) == (2, 1)
    assert not c.is_complete


# --- reconciliation of the arithmetic -------------------------------------------------------


def test_check_counts_names_the_boxes_of_a_broken_arrow() -> None:
    good = counts_of(SMALL)
    bad = dataclasses.replace(good, records_screened=10)
    with pytest.raises(DataError) as err:
        reconcile.check_counts(bad)
    message = str(err.value)
    assert message.startswith("PRISMA counts do not add up: ")
    assert "Records identified (n = 13) - Duplicate records removed (n = 3)" in message
    assert "= 9, but Records screened (n = 10)" in message
    assert "Records screened (n = 10) - Records excluded (n = 2) = 8, but Reports sought" in message
    assert "\n" not in message


def test_check_counts_reports_excluded_vs_included() -> None:
    bad = dataclasses.replace(counts_of(SMALL), reports_included=4)
    with pytest.raises(DataError, match=r"= 3, but Reports of included studies \(n = 4\)"):
        reconcile.check_counts(bad)


@st.composite
def pipeline_states(draw):
    n = draw(st.integers(1, 40))
    ids = [f"pubmed:{1000 + i}" for i in range(n)]
    kept = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    kept[0] = True
    unique = [rid for rid, k in zip(ids, kept, strict=True) if k]
    rows = []
    for rid in unique:
        ta = draw(st.sampled_from(["include", "exclude"]))
        ft = (
            draw(st.sampled_from(["include", "exclude", "not_retrieved"]))
            if ta == "include"
            else ""
        )
        reason = draw(st.sampled_from(["A", "B", "C"])) if ft == "exclude" else ""
        rows.append([rid, ta, ft, reason])
    quarantined = draw(st.integers(0, 3))
    report = pd.DataFrame(
        {
            "file": ["a.xml"],
            "database": ["pubmed"],
            "records_read": [str(n + quarantined)],
            "records_kept": [str(n)],
            "records_quarantined": [str(quarantined)],
        }
    )
    clusters = pd.DataFrame({"record_id": ids, "cluster_id": ids, "kept": [str(k) for k in kept]})
    screening = pd.DataFrame(
        rows, columns=["record_id", "title_abstract", "full_text", "exclusion_reason"]
    )
    return report, clusters, screening


@settings(max_examples=60, deadline=None)
@given(pipeline_states())
def test_counts_from_any_consistent_state_add_up(state) -> None:
    report, clusters, screening = state
    result = compute(report, clusters, screening)
    sources.check_sources(result.checks)
    c = reconcile.check_counts(result.counts)
    assert c.records_screened == len(screening)
    assert c.studies_included == c.reports_included == (screening["full_text"] == "include").sum()
    # and the counts CSV gives the same numbers back
    assert template.loads(template.dumps(c)) == c


# --- the PRISMA2020 counts CSV ----------------------------------------------------------------


def test_counts_csv_round_trips_bytes_and_values(tmp_path: Path) -> None:
    c = counts_of(
        SMALL,
        other=dataclasses.replace(inputs.read_other_methods(DATA / "other_methods.yaml")),
        previous=Previous(10, 12),
    )
    first = template.write(c, tmp_path / "a.csv")
    back = template.read(first)
    assert back == dataclasses.replace(c, other=dataclasses.replace(c.other, studies=None))
    second = template.write(back, tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()


def test_counts_csv_has_the_prisma2020_template_layout() -> None:
    text = template.dumps(counts_of(SMALL))
    frame = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == [
        "data",
        "node",
        "box",
        "description",
        "boxtext",
        "tooltips",
        "url",
        "n",
    ]
    n = dict(zip(frame["data"], frame["n"], strict=False))
    assert n["database_results"] == "11"
    assert n["database_specific_results"] == "PubMed, 6; Embase, 5"
    assert n["register_specific_results"] == "ClinicalTrials.gov, 2"
    assert n["duplicates"] == "3" and n["excluded_other"] == "1"
    assert n["records_screened"] == "9" and n["records_excluded"] == "2"
    assert n["dbr_sought_reports"] == "7" and n["dbr_notretrieved_reports"] == "1"
    assert n["dbr_assessed"] == "6"
    assert n["dbr_excluded"] == "Wrong population, 2; Not primary research, e.g. editorial, 1"
    assert (n["new_studies"], n["new_reports"], n["total_studies"]) == ("2", "3", "2")
    for key in ("previous_studies", "website_results", "citations_results", "excluded_automatic"):
        assert n[key] == "0"
    assert "records_awaiting" not in n  # our extension row appears only when needed


def test_reads_the_prisma2020_tool_template(tmp_path: Path) -> None:
    # The tool's template ships "xxx" placeholders: an author who forgets one is told where.
    path = DATA / "prisma2020_template.csv"
    c = reconcile.check_counts(template.read(path))
    assert c.database_specific == (("MEDLINE", 150), ("Embase", 80))
    assert (c.identified, c.duplicates, c.records_screened) == (240, 60, 180)
    assert c.reports_excluded == (("Wrong design", 10), ("Wrong outcome", 5))
    assert c.other is not None and c.other.sources[2] == ("Citation searching", 12)
    assert c.previous == Previous(4, 5)
    assert (c.studies_included, c.reports_included) == (30, 32)
    assert (c.total_studies, c.total_reports) == (34, 37)
    placeholder = tmp_path / "placeholder.csv"
    placeholder.write_text(path.read_text().replace("Wrong outcome, 5", "Wrong outcome, xxx"))
    with pytest.raises(DataError, match=r"placeholders are still in dbr_excluded \(line \d+\);"):
        template.read(placeholder)


#: The ``data`` column of the PRISMA2020 package's template (inst/extdata/PRISMA.csv, June
#: 2026), in its order: the title boxes are NA, the phase bands named.
OFFICIAL_DATA_COLUMN = [
    "NA",
    "previous_studies",
    "previous_reports",
    "NA",
    "database_results",
    "database_specific_results",
    "register_results",
    "register_specific_results",
    "NA",
    "website_results",
    "organisation_results",
    "citations_results",
    "duplicates",
    "excluded_automatic",
    "excluded_other",
    "records_screened",
    "records_excluded",
    "dbr_sought_reports",
    "dbr_notretrieved_reports",
    "other_sought_reports",
    "other_notretrieved_reports",
    "dbr_assessed",
    "dbr_excluded",
    "other_assessed",
    "other_excluded",
    "new_studies",
    "new_reports",
    "total_studies",
    "total_reports",
    "identification",
    "screening",
    "included",
    "total_studies_ma",
    "total_reports_ma",
]


def test_counts_csv_follows_the_current_template_row_for_row(tmp_path: Path) -> None:
    counts = dataclasses.replace(counts_of(SMALL), studies_meta_analysis=2, reports_meta_analysis=3)
    rows = list(csv.reader(io.StringIO(template.dumps(counts))))
    assert rows[0] == list(template.HEADER)
    assert [r[0] for r in rows[1:]] == OFFICIAL_DATA_COLUMN
    by_key = {r[0]: r for r in rows[1:]}
    assert by_key["total_studies_ma"][1:3] == ["node23", "box17"]
    assert by_key["total_studies_ma"][-1] == "2" and by_key["total_reports_ma"][-1] == "3"
    assert by_key["identification"][-1] == "0"
    path = tmp_path / "counts.csv"
    path.write_text(template.dumps(counts))
    assert template.read(path) == counts  # round trip, meta-analysis numbers included
    too_many = dataclasses.replace(counts, studies_meta_analysis=counts.total_studies + 1)
    with pytest.raises(DataError, match="in the meta-analysis"):
        reconcile.check_counts(too_many)


def test_template_as_downloaded_names_every_row_to_fill_in(tmp_path: Path, capsys) -> None:
    # The template as the package ships it: zeros, and "xxx" in the four list rows.
    placeholders = {
        "database_specific_results": "Database 1, xxx; Database 2, xxx; Database 3, xxx",
        "register_specific_results": "Register 1, xxx; Register 2, xxx; Register 3, xxx",
        "dbr_excluded": "Reason1, xxx; Reason2, xxx; Reason3, xxx",
        "other_excluded": "Reason1, xxx; Reason2, xxx; Reason3, xxx",
    }
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(template.HEADER)
    for row in template.ROWS:
        writer.writerow((*row, placeholders.get(row[0], "0")))
    path = tmp_path / "PRISMA.csv"
    path.write_text(buf.getvalue())
    assert main(["prisma", "--counts", str(path), "--out", str(tmp_path / "p.svg")]) == 1
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "placeholders are still in" in message
    assert not (tmp_path / "p.svg").exists()
    for key in placeholders:
        assert f"{key} (line " in message


def test_counts_csv_with_wrong_total_is_refused(tmp_path: Path) -> None:
    text = template.dumps(dataclasses.replace(counts_of(SMALL), previous=Previous(5, 5)))
    path = tmp_path / "c.csv"
    path.write_text(
        text.replace(
            "Reports of total included studies,NA,NA,8", "Reports of total included studies,NA,NA,9"
        )
    )
    with pytest.raises(DataError, match=r"\(total_reports\): 9 is not new \+ previous = 8"):
        template.read(path)


def test_item_labels_with_semicolons_are_refused() -> None:
    c = dataclasses.replace(counts_of(SMALL), reports_excluded=(("a; b", 3),))
    with pytest.raises(DataError, match="contains ';'"):
        template.dumps(c)


def test_other_methods_that_do_not_add_up(tmp_path: Path) -> None:
    other = OtherMethods(sources=(("Websites", 2),), sought=3, not_retrieved=1, assessed=2)
    c = dataclasses.replace(counts_of(SMALL), other=other, reports_included=5, studies_included=4)
    with pytest.raises(
        DataError, match=r"Reports sought for retrieval \(other methods\) \(n = 3\) is more"
    ):
        reconcile.check_counts(c)


def test_clusters_must_cover_the_ingested_records(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(REALISTIC, work)
    path = work / "dedup" / "clusters.csv"
    lines = path.read_text().splitlines()
    first_id = lines[1].split(",")[0]
    path.write_text("\n".join([lines[0], "other:0001,c999,False", *lines[2:]]) + "\n")
    with pytest.raises(DataError, match=rf"1 ingested record\(s\) .* \(first: {first_id}\)"):
        counts_of(work)
