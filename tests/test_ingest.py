"""Ingest: every real export in ../shared/benchmarks/formats is read with the right count and
the right values, formats agree with each other, and the public API keeps its promises."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline import records
from pipeline.errors import DataError, UsageError
from pipeline.ingest import FileResult, ingest_files, read_file_result

HERE = Path(__file__).resolve().parent / "data" / "ingest"

# file -> (format, database, records kept, records quarantined). "kept + quarantined" is the
# count of records a careful reader finds; where that differs from the README's marker count
# the comment says why.
FIXTURES: dict[str, tuple[str, str, int, int]] = {
    "asreview/_baseline.ris": ("ris", "baseline", 100, 0),
    "asreview/baseline_zotero.ris": ("ris", "baseline_zotero", 100, 0),
    "asreview/baseline_empty_values.ris": ("ris", "baseline_empty_values", 4, 0),
    # 61 records, one per TY type; none has a title or an abstract, so all are quarantined.
    "asreview/baseline_reference_types.ris": ("ris", "baseline_reference_types", 0, 61),
    # 11 of the 12 records carry only notes (N1), no title or abstract.
    "asreview/baseline_tag-notes.ris": ("ris", "baseline_tag_notes", 1, 11),
    "asreview/baseline_tag-notes_labels.ris": ("ris", "baseline_tag_notes_labels", 32, 0),
    "asreview/baseline_tag-notes_zotero.ris": ("ris", "baseline_tag_notes_zotero", 4, 0),
    # Two "ER" markers but one record: "ER  - End of Reference" closes it and the trailing
    # "UK"/"ER" lines stand outside any TY...ER record.
    "asreview/baseline_tag_and_field_definitions.ris": (
        "ris",
        "baseline_tag_and_field_definitions",
        1,
        0,
    ),
    "asreview/baseline_tag_and_field_definitions_lists.ris": (
        "ris",
        "baseline_tag_and_field_definitions_lists",
        0,
        1,
    ),
    "asreview/embase.ris": ("ris-embase", "embase", 6, 0),
    "asreview/embase.csv": ("csv-embase", "embase", 6, 0),
    "asreview/embase_newpage.csv": ("csv-embase", "embase", 6, 0),
    "asreview/ovid_psycinfo.ris": ("ris-ovid", "psycinfo", 6, 0),
    "asreview/ovid_zotero.ris": ("ris", "ovid_zotero", 6, 0),
    "asreview/proquest.ris": ("ris-proquest", "proquest", 6, 0),
    "asreview/pubmed_endnote.txt": ("ris", "pubmed", 6, 0),
    "asreview/pubmed_zotero.ris": ("ris", "pubmed_zotero", 6, 0),
    "asreview/scopus.ris": ("ris-scopus", "scopus", 6, 0),
    "asreview/web_of_science.txt": ("ris-wos", "wos", 10, 0),
    "asreview/ris_issue_992.txt": ("ris", "ris_issue_992", 19, 0),
    # Scopus and Lens records mixed: no vendor marks half the records, so generic RIS.
    "asreview/ris_issue_1099.txt": ("ris", "ris_issue_1099", 7, 0),
    "asreview/faulty_year.ris": ("ris", "faulty_year", 1, 0),
    "asreview/ris_many_authors.ris": ("ris", "ris_many_authors", 1, 0),
    "asreview/generic.csv": ("csv", "generic", 2, 0),
    "asreview/generic_bad_record_id.csv": ("csv-asreview", "generic_bad_record_id", 6, 0),
    "asreview/generic_column_names_with_spaces.csv": (
        "csv",
        "generic_column_names_with_spaces",
        2,
        0,
    ),
    "asreview/generic_labels.csv": ("csv-asreview", "generic_labels", 6, 0),
    "asreview/generic_labels_no_abs.csv": ("csv-asreview", "generic_labels_no_abs", 6, 0),
    "asreview/generic_labels_no_title.csv": ("csv-asreview", "generic_labels_no_title", 6, 0),
    "asreview/generic_partial_labels.csv": ("csv-asreview", "generic_partial_labels", 6, 0),
    "asreview/generic_semicolon.csv": ("csv", "generic_semicolon", 2, 0),
    "asreview/generic_tab.tsv": ("csv", "generic_tab", 2, 0),
    "asreview/missing_values.csv": ("csv", "missing_values", 4, 0),
    "asreview/record_id.csv": ("csv-asreview", "record_id", 10, 0),
    # 14 rows; the last four have only a DOI (no title, no abstract).
    "asreview/duplicate_records.csv": ("csv", "duplicate_records", 10, 4),
    "asysd/scopus.ris": ("ris-scopus", "scopus", 10, 0),
    "asysd/wos_test.ris": ("ris-wos", "wos", 50, 0),
    "asysd/ris_export.txt": ("ris", "ris_export", 69, 0),
    # Zotero library of Web of Science records: AN  - WOS:... on every record.
    "asysd/zotero_export.ris": ("ris-wos", "wos", 1000, 0),
    "asysd/zotero_export.bib": ("bibtex", "zotero_export", 1000, 0),
    "asysd/zotero_export.csv": ("csv-zotero", "zotero_export", 1233, 0),
    "asysd/mendeley_export.xml": ("endnote_xml", "mendeley_export", 1233, 0),
    "asysd/test_export.bib": ("bibtex", "test_export", 3, 0),
    "asysd/test_export.csv": ("csv", "test_export", 3, 0),
    "asysd/test_export.ris": ("ris", "test_export", 3, 0),
    "asysd/test_export.txt": ("tab-endnote", "test_export", 3, 0),
    "biopython/pubmed_result1.txt": ("medline", "pubmed", 1, 0),
    "biopython/pubmed_result2.txt": ("medline", "pubmed", 4, 0),
    "biopython/pubmed_result3.txt": ("medline", "pubmed", 1, 0),
    "biopython/pubmed1.xml": ("pubmed_xml", "pubmed", 2, 0),
    "biopython/pubmed2.xml": ("pubmed_xml", "pubmed", 2, 0),
    "biopython/pubmed4.xml": ("pubmed_xml", "pubmed", 1, 0),
    "biopython/pubmed5.xml": ("pubmed_xml", "pubmed", 1, 0),
    "biopython/pubmed6.xml": ("pubmed_xml", "pubmed", 1, 0),
    "biopython/pubmed7.xml": ("pubmed_xml", "pubmed", 1, 0),
    "litsearchr/scopus.csv": ("csv-scopus", "scopus", 692, 0),
    "litsearchr/scopus.ris": ("ris-scopus", "scopus", 92, 0),
    "litsearchr/wos_core_collection.txt": ("tab-wos", "wos", 163, 0),
    "litsearchr/zoorec_wos.txt": ("wos", "wos", 134, 0),
    "rispy/example_basic.ris": ("ris", "example_basic", 1, 0),
    # The BOM file's only record has a DOI and nothing else: read, then quarantined.
    "rispy/example_bom.ris": ("ris", "example_bom", 0, 1),
    "rispy/example_custom_list_tags.ris": ("ris", "example_custom_list_tags", 0, 1),
    "rispy/example_empty_tag.ris": ("ris", "example_empty_tag", 1, 0),
    "rispy/example_extraneous_data.ris": ("ris", "example_extraneous_data", 2, 0),
    "rispy/example_full.ris": ("ris", "example_full", 2, 0),
    "rispy/example_full_without_whitespace.ris": ("ris", "example_full_without_whitespace", 2, 0),
    "rispy/example_full_write.ris": ("ris", "example_full_write", 2, 0),
    "rispy/example_multi_unknown_tags.ris": ("ris", "example_multi_unknown_tags", 1, 0),
    # Three records: "ER then second line" is a continuation line, not an end tag.
    "rispy/example_multiline.ris": ("ris", "example_multiline", 3, 0),
    "rispy/example_single_unknown_tag.ris": ("ris", "example_single_unknown_tag", 1, 0),
    "rispy/example_starting_newlines.ris": ("ris", "example_starting_newlines", 1, 0),
    "rispy/example_urls.ris": ("ris", "example_urls", 4, 0),
    "rispy/example_utf_chars.ris": ("ris", "example_utf_chars", 1, 0),
    # Named .ris, but Web of Science tagged plain text (PT ... ER): detected by content.
    "rispy/example_wos.ris": ("wos", "wos", 2, 0),
}


@functools.cache
def _cached(path: Path, keep_ids: bool) -> FileResult:
    return read_file_result(path, keep_ids=keep_ids)


def read_file(path: Path, *, keep_ids: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``pipeline.ingest.read_file``, cached: several tests read the same 1,000-record files."""
    result = _cached(Path(path), keep_ids)
    return result.records.copy(), result.quarantine.copy()


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_counts(formats_dir: Path, name: str) -> None:
    fmt, database, kept, quarantined = FIXTURES[name]
    result = _cached(formats_dir / name, False)
    assert (result.format, result.database) == (fmt, database)
    assert (len(result.records), len(result.quarantine)) == (kept, quarantined)
    report = result.report_row()
    assert report["records_read"] == kept + quarantined
    table = result.records
    records.validate(table)
    assert set(table["source"]) <= {database}
    # source_index counts every record found, kept or quarantined, in file order.
    positions = sorted([*table["source_index"], *result.quarantine["record_index"]])
    assert positions == list(range(kept + quarantined))
    assert all(table["title"].ne("") | table["abstract"].ne(""))
    assert all(json.loads(o) for o in table["original"])


def test_every_fixture_is_listed(formats_dir: Path) -> None:
    found = {
        str(p.relative_to(formats_dir))
        for p in formats_dir.glob("*/*")
        if p.name != "README.md" and p.name != "esearch1.xml"
    }
    assert found == set(FIXTURES)


def _by_index(table: pd.DataFrame, index: int) -> pd.Series:
    return table.set_index("source_index").loc[index]


def test_ris_bom_trap_reads_every_marked_record(formats_dir: Path) -> None:
    # rispy 0.10 keeps the BOM in front of the first "TY" and silently drops that record;
    # the count must equal the file's ER markers.
    path = formats_dir / "asreview" / "_baseline.ris"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    markers = len(re.findall(r"^ER  -", path.read_text(encoding="utf-8-sig"), re.M))
    result = read_file_result(path)
    assert result.encoding == "utf-8-sig"
    assert len(result.records) == markers == 100
    first = _by_index(result.records, 0)
    assert first["title"].startswith("The Value of Radiologic Interventions and 18 F-DOPA PET")


def test_embase_ris_values(formats_dir: Path) -> None:
    table, _ = read_file(formats_dir / "asreview" / "embase.ris")
    rec = _by_index(table, 0)
    assert rec["title"] == (
        "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound"
    )
    assert rec["authors"] == ["Liu, R.", "Adler, D. G."]
    assert rec["year"] == 2014
    assert rec["journal"] == "Endoscopic Ultrasound"
    assert rec["doi"] == "10.4103/2303-9027.138783"
    assert rec["pages"] == "152-160"
    assert (rec["volume"], rec["issue"]) == ("3", "3")
    assert rec["language"] == "English"
    assert "endoscopic ultrasonography" in rec["keywords"]
    original = json.loads(rec["original"])
    assert original["U2"] == "L373791783"
    assert original["SN"] == ["2226-7190", "2226-7190"]  # a repeated tag is kept twice


def test_embase_csv_matches_embase_ris(formats_dir: Path) -> None:
    ris_table, _ = read_file(formats_dir / "asreview" / "embase.ris")
    csv_table, _ = read_file(formats_dir / "asreview" / "embase.csv")
    key = ["doi", "year", "pages", "volume"]
    left = ris_table[key].sort_values("doi").reset_index(drop=True)
    right = csv_table[key].sort_values("doi").reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)
    assert sorted(ris_table["title"]) == sorted(csv_table["title"])


def test_ovid_psycinfo_values_and_keep_ids(formats_dir: Path) -> None:
    path = formats_dir / "asreview" / "ovid_psycinfo.ris"
    table, _ = read_file(path)
    rec = _by_index(table, 0)
    assert rec["authors"][0] == "Trindade, Ines A."
    assert rec["doi"] == "10.1002/cpp.2398"
    assert rec["year"] == 2019  # from Y1 "2019//"
    assert rec["abstract"].startswith("Considering that self-criticism is an important process")
    assert rec["pages"] == ""  # Ovid's "No-Specified"
    kept, _ = read_file(path, keep_ids=True)
    assert "2019-65183-001" in set(kept["record_id"])


def test_scopus_ris_article_number_and_wos_ris(formats_dir: Path) -> None:
    table, _ = read_file(formats_dir / "asysd" / "wos_test.ris")  # CR and LF mixed, BOM
    assert table["title"].str.contains("\r").sum() == 0
    assert all(table["year"].notna())
    scopus, _ = read_file(formats_dir / "litsearchr" / "scopus.ris")
    assert scopus["doi"].ne("").sum() >= 80


def test_medline_values(formats_dir: Path) -> None:
    table, _ = read_file(formats_dir / "biopython" / "pubmed_result2.txt")
    rec = table.set_index("pmid").loc["16403221"]
    assert rec["record_id"] == "pubmed:16403221"
    assert rec["title"] == "A high level interface to SCOP and ASTRAL implemented in python."
    assert rec["authors"] == ["Casbon, James A.", "Crooks, Gavin E.", "Saqi, Mansoor A. S."]
    assert rec["doi"] == "10.1186/1471-2105-7-10"
    assert rec["year"] == 2006
    assert rec["journal"] == "BMC bioinformatics"
    assert rec["publication_type"] == ["Evaluation Studies", "Journal Article"]
    assert rec["language"] == "English"


def test_pubmed_xml_values(formats_dir: Path) -> None:
    table, _ = read_file(formats_dir / "biopython" / "pubmed1.xml")
    rec = table.set_index("pmid").loc["12091962"]
    assert rec["title"] == "The treatment of AIDS behind the walls of correctional facilities."
    assert rec["year"] == 1990
    assert rec["language"] == "English"


def test_wos_plain_text_values(formats_dir: Path) -> None:
    table, _ = read_file(formats_dir / "litsearchr" / "zoorec_wos.txt")
    rec = _by_index(table, 0)
    assert rec["title"] == (
        "Nest site selection and nest survival of Black-backed Woodpeckers after wildfire."
    )
    assert rec["authors"][:2] == ["Stillman, Andrew N.", "Siegel, Rodney B."]  # e-mail dropped
    assert (rec["year"], rec["journal"]) == (2019, "Condor")
    wos, _ = read_file(formats_dir / "rispy" / "example_wos.ris")
    first = _by_index(wos, 0)
    assert (first["doi"], first["pmid"], first["pages"]) == (
        "10.1021/bi049798f",
        "15170338",
        "7003-7016",
    )
    assert first["authors"][0] == "Parkes-Loach, P. S."


def test_tables_values(formats_dir: Path) -> None:
    scopus, _ = read_file(formats_dir / "litsearchr" / "scopus.csv")
    rec = _by_index(scopus, 0)
    assert rec["title"] == "Adult bobcat (Lynx rufus) habitat selection in a longleaf pine savanna"
    assert rec["authors"][:2] == ["Little, A. R.", "Mike Conner, L."]
    assert (rec["doi"], rec["pages"], rec["year"]) == ("10.1186/s13717-018-0129-5", "20", 2018)
    wos, _ = read_file(formats_dir / "litsearchr" / "wos_core_collection.txt")
    rec = _by_index(wos, 0)
    assert rec["authors"][0] == "Roach, Melissa C."
    assert rec["authors"][1] == "Thompson, Frank R., III"
    assert rec["doi"] == "10.1016/j.foreco.2018.12.057"
    zotero, _ = read_file(formats_dir / "asysd" / "zotero_export.csv")
    rec = _by_index(zotero, 0)
    assert (rec["pmid"], rec["doi"]) == ("35319117", "10.1111/jvim.16404")  # PMID from Extra


def test_asreview_csv_labels_ids_and_spaces(formats_dir: Path) -> None:
    labels, _ = read_file(formats_dir / "asreview" / "generic_labels.csv")
    assert labels["label_included"].tolist() == [1, 0, 1, 0, 1, 0]
    assert labels["authors"].iloc[0] == ["Marx, Karl", "Lindgren, Astrid"]  # list literal
    spaced, _ = read_file(formats_dir / "asreview" / "generic_column_names_with_spaces.csv")
    assert spaced["abstract"].str.startswith("BACKGROUND").all()  # column "abstract "
    semi, _ = read_file(formats_dir / "asreview" / "generic_semicolon.csv")
    tab, _ = read_file(formats_dir / "asreview" / "generic_tab.tsv")
    assert semi["title"].tolist() == tab["title"].tolist() == spaced["title"].tolist()
    ids, _ = read_file(formats_dir / "asreview" / "record_id.csv", keep_ids=True)
    assert sorted(ids["record_id"], key=int)[:3] == ["1", "2", "3"] or "12" in set(ids["record_id"])
    assert len(set(ids["record_id"])) == 10


def test_formats_agree_on_the_same_library(formats_dir: Path) -> None:
    # read_file is the public API; the cached helper above wraps read_file_result.
    from pipeline.ingest import read_file as api_read_file

    table, quarantine = api_read_file(formats_dir / "asysd" / "test_export.ris")
    assert (len(table), len(quarantine)) == (3, 0)
    # The same Zotero library exported as RIS and BibTeX; Zotero CSV and Mendeley XML.
    ris, _ = read_file(formats_dir / "asysd" / "zotero_export.ris")
    bib, _ = read_file(formats_dir / "asysd" / "zotero_export.bib")
    assert set(ris["doi"]) == set(bib["doi"])
    assert sorted(ris["year"].dropna()) == sorted(bib["year"].dropna())
    csv_table, _ = read_file(formats_dir / "asysd" / "zotero_export.csv")
    xml, _ = read_file(formats_dir / "asysd" / "mendeley_export.xml")
    assert set(csv_table["doi"]) == set(xml["doi"])
    assert set(csv_table["pmid"]) == set(xml["pmid"])
    assert (csv_table["doi"] != "").sum() == 1064


def test_bibtex_latex_and_authors() -> None:
    table, bad = read_file(HERE / "broken.bib")
    rec = table.set_index("title").loc["Integrated care for Frail older people: Schön & co"]
    assert rec["authors"] == ["Baxter, Susan", "Public, Jane Q."]
    assert rec["journal"] == "Health & Social Care in the Community"
    assert rec["pages"] == "10-20"
    assert bad["line"].tolist() == [10]


def test_ebsco_cinahl_ris() -> None:
    result = read_file_result(HERE / "ebsco_cinahl.ris")
    assert (result.format, result.database) == ("ris-ebsco", "cinahl")
    rec = _by_index(result.records, 0)
    assert rec["pmid"] == "30412345"  # from "U2  - PMID: 30412345."
    assert rec["journal"] == "Journal of Interprofessional Care"
    assert rec["year"] == 2019
    assert rec["abstract"].endswith(
        "Funding arrangements & professional cultures were the main barriers."
    )
    assert rec["pages"] == "123-131"
    assert rec["doi"] == "10.1080/13561820.2018.1538942"


def test_cochrane_central_ris() -> None:
    result = read_file_result(HERE / "cochrane_central.ris")
    assert result.database == "cochrane"
    table = result.records
    assert sorted(json.loads(o)["ID"] for o in table["original"]) == ["CN-01923456", "CN-02011111"]
    rec = _by_index(table, 0)
    assert (rec["journal"], rec["year"], rec["pages"]) == ("BMJ open", 2019, "e029702")
    assert rec["authors"] == ["Smith, Anne", "Patel, Raj K."]


def test_nbib_sample() -> None:
    result = read_file_result(HERE / "sample.nbib")
    table = result.records.set_index("pmid")
    rec = table.loc["31434784"]
    assert rec["title"].startswith("Barriers and facilitators to integrating primary care")
    assert "  " not in rec["title"]
    assert rec["authors"] == ["Smith, Anne B.", "van der Berg, Karel"]
    assert rec["doi"] == "10.1136/bmjopen-2019-029702"
    assert "Delivery of Health Care, Integrated" in rec["keywords"]
    assert table.loc["30000002", "language"] == "French"


def test_database_tag_and_parquet_pass_through(tmp_path: Path, formats_dir: Path) -> None:
    spec = f"cinahl={HERE / 'no_title.ris'}"
    table, report, quarantine = ingest_files([spec, formats_dir / "biopython" / "pubmed1.xml"])
    assert set(table["source"]) == {"cinahl", "pubmed"}
    assert table["record_id"].tolist() == sorted(table["record_id"])
    assert report["records_read"].tolist() == [3, 2]
    assert quarantine["database"].tolist() == ["cinahl"]
    path = records.write_records(table, tmp_path / "in.parquet")
    again, report2, _ = ingest_files([path])
    assert again["record_id"].tolist() == table["record_id"].tolist()
    assert report2["format"].tolist() == ["parquet"]
    retagged = read_file_result(path, database="medline").records
    assert set(retagged["source"]) == {"medline"}


def test_rerun_gives_identical_ids() -> None:
    first, _, _ = ingest_files([HERE / "ebsco_cinahl.ris", HERE / "cochrane_central.ris"])
    second, _, _ = ingest_files([HERE / "ebsco_cinahl.ris", HERE / "cochrane_central.ris"])
    pd.testing.assert_frame_equal(first, second)


def test_cochrane_plain_text() -> None:
    result = read_file_result(HERE / "cochrane_central.txt")
    assert (result.format, result.database) == ("cochrane", "cochrane")
    assert result.quarantine[["line", "record_index"]].values.tolist() == [[19, 1]]
    assert "not a 'TAG: value' line" in result.quarantine["reason"].iloc[0]
    rec = _by_index(result.records, 0)
    assert rec["authors"] == ["Smith, A.", "Patel, R. K."]
    assert (rec["pmid"], rec["doi"], rec["pages"]) == (
        "31434784",
        "10.1136/bmjopen-2019-029702",
        "e029702",
    )
    assert rec["abstract"].endswith(
        "DESIGN: Pragmatic cluster trial. RESULTS: No difference in hospital admissions."
    )
    assert rec["keywords"][0] == "Frail Elderly"
    kept = read_file_result(HERE / "cochrane_central.txt", keep_ids=True).records
    assert sorted(kept["record_id"]) == ["CN-01923456", "CN-02099999"]


@pytest.mark.parametrize(
    "name",
    ["truncated.ris", "missing_er.ris", "no_title.ris", "cp1252.ris", "sample.nbib"],
)
def test_worker_processes_give_the_same_result(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.ingest.read as ingest

    # Small batches and parts and no size threshold, so that even a small file is split
    # across workers (a part ends at the first place it can).
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest, "PART_BYTES", 1)
    monkeypatch.setattr(ingest, "BATCH", 1)
    alone = read_file_result(HERE / name, workers=0)
    shared = read_file_result(HERE / name, workers=2)
    pd.testing.assert_frame_equal(alone.records, shared.records)
    pd.testing.assert_frame_equal(alone.quarantine, shared.quarantine)
    assert alone.report_row() == shared.report_row()


def test_worker_processes_raise_the_first_error_in_file_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pipeline.ingest.read as ingest

    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest, "PART_BYTES", 1)
    monkeypatch.setattr(ingest, "BATCH", 1)
    messages = []
    for workers in (0, 2):
        with pytest.raises(DataError, match="has no id of its own") as info:
            read_file_result(HERE / "truncated.ris", keep_ids=True, workers=workers)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_worker_count_comes_from_the_argument_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.ingest import resolve_workers

    monkeypatch.setenv("SLR_INGEST_WORKERS", "3")
    assert (resolve_workers(), resolve_workers(0)) == (3, 0)
    monkeypatch.setenv("SLR_INGEST_WORKERS", "many")
    with pytest.raises(UsageError, match="SLR_INGEST_WORKERS"):
        resolve_workers()
    monkeypatch.delenv("SLR_INGEST_WORKERS")
    assert 1 <= resolve_workers() <= 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TY  - JOUR\nTI  - A\nER  - \n", "ris"),
        ("TY  - JOUR\nTI  - A\n", "ris"),  # no ER anywhere: still RIS (records quarantined)
        ("PMID- 123\nTI  - A\n", "medline"),
        ("FN Clarivate Analytics Web of Science\nPT J\nTI A\nER\n", "wos"),
        ("Record #1 of 2\nID: CD000001\nTI: A\n", "cochrane"),
        ("@article{a1,\n title={A}\n}\n", "bibtex"),
        ("title,abstract\nA,B\n", "table"),
        (
            '<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>',
            "pubmed_xml",
        ),
        ("<xml><records><record/></records></xml>", "endnote_xml"),
    ],
)
def test_the_registry_detects_each_format_by_content(text: str, expected: str) -> None:
    from pipeline.ingest import READERS, detect_format

    assert detect_format(text, name="export.txt") == expected
    assert READERS[expected].name == expected


def test_xml_of_another_kind_and_unknown_text_are_refused_by_name() -> None:
    from pipeline.ingest import detect_format

    with pytest.raises(DataError, match=r"notes.xml: XML with root <notes>"):
        detect_format("<notes><n>1</n></notes>", name="notes.xml")
    with pytest.raises(DataError, match=r"x.txt: unrecognised content \(.txt\)"):
        detect_format("just some words\n", name="x.txt")


def test_readers_that_read_in_parts_are_the_raw_record_formats() -> None:
    from pipeline.ingest import FORMATS, READERS

    assert ("parquet", *READERS) == FORMATS
    assert sorted(n for n, r in READERS.items() if r.in_parts) == ["medline", "ris"]
    assert READERS["medline"].database == "pubmed" and READERS["ris"].database == ""


def test_one_job_per_file_then_combine_writes_the_same_bytes(tmp_path: Path) -> None:
    """Parts (``--part``) combined (``--combine``) give the files one ``slr ingest`` writes:
    quarantined records, warnings, cp1252, an id repeated across files (``-2``)."""
    from pipeline.cli import main

    specs = [
        f"cinahl={HERE / 'truncated.ris'}",
        str(HERE / "cp1252.ris"),
        f"cinahl={HERE / 'truncated.ris'}",  # the same records again: ids get -2
        str(HERE / "sample.nbib"),
        str(HERE / "broken_rows.csv"),
    ]
    outs = ["--report", "report.csv", "--quarantine", "quarantine.csv", "--out", "records.parquet"]
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    whole.mkdir()
    parts.mkdir()
    assert main(["ingest", *specs, *[str(whole / o) if "." in o else o for o in outs]]) == 0
    names = []
    for i, spec in enumerate(specs):
        names.append(str(parts / f"{i}.parquet"))
        assert main(["ingest", spec, "--part", names[-1]]) == 0
    assert (
        main(["ingest", "--combine", *names, *[str(parts / o) if "." in o else o for o in outs]])
        == 0
    )
    for name in ("records.parquet", "report.csv", "quarantine.csv"):
        assert (whole / name).read_bytes() == (parts / name).read_bytes(), name
    quarantine = pd.read_csv(parts / "quarantine.csv")
    assert len(quarantine) > 0 and quarantine["reason"].str.len().min() > 0
    table = pd.read_parquet(parts / "records.parquet")
    assert table["record_id"].str.endswith("-2").any()


def test_part_and_combine_usage_errors(tmp_path: Path) -> None:
    from pipeline.cli import main

    assert main(["ingest", str(HERE / "cp1252.ris")]) == 2  # neither --out nor --part
    two = [str(HERE / "cp1252.ris"), str(HERE / "sample.nbib")]
    assert main(["ingest", *two, "--part", str(tmp_path / "p.parquet")]) == 2
    records.write_records(read_file(HERE / "cp1252.ris")[0], tmp_path / "plain.parquet")
    out = str(tmp_path / "out.parquet")
    assert main(["ingest", "--combine", str(tmp_path / "plain.parquet"), "--out", out]) == 1


def test_workflow_reads_exports_per_file_from_the_size_threshold(tmp_path: Path) -> None:
    from pipeline.workflow import ingest_parts

    big = tmp_path / "big.ris"
    big.write_bytes(b"x" * 2**20)
    specs = ["pubmed=outputs/search/pubmed/records.parquet", f"embase={big}"]
    assert ingest_parts(specs, 2) == {}  # 1 MB of exports (the search's not there yet)
    parts = ingest_parts(specs, 1)
    assert list(parts) == ["0_pubmed", "1_embase"]
    assert parts["1_embase"] == {"spec": f"embase={big}", "file": str(big)}
    assert ingest_parts([], 0) == {}
