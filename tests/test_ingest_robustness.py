"""Ingest on broken input: every bad file gives one clear error, every bad record lands in
quarantine with its line and reason, and every good record in the same file is still read."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import DataError
from pipeline.ingest import ingest_files, read_file, read_file_result

HERE = Path(__file__).resolve().parent / "data" / "ingest"


def test_truncated_ris_quarantines_the_cut_record_only() -> None:
    table, bad = read_file(HERE / "truncated.ris")
    assert table["title"].tolist() == ["First complete record", "Second complete record"]
    assert bad[["line", "record_index"]].values.tolist() == [[12, 2]]
    assert bad["reason"].iloc[0].startswith("no ER end tag")
    assert "The export stopped in the middle" in bad["raw"].iloc[0]


def test_missing_er_before_next_ty_is_read_with_a_warning() -> None:
    result = read_file_result(HERE / "missing_er.ris")
    assert result.records["title"].tolist() == [
        "A record whose ER line was lost",
        "The next record, complete",
    ]
    assert result.records["year"].tolist() == [2017, 2018]
    assert "no ER before the next TY" in result.report_row()["warnings"]


def test_record_without_title_or_abstract_is_quarantined() -> None:
    table, bad = read_file(HERE / "no_title.ris")
    assert table["source_index"].tolist() == [0, 2]
    assert bad[["line", "reason"]].values.tolist() == [[6, "no title and no abstract"]]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.ris", "the file is empty"),
        ("blank.nbib", "the file is empty"),
        ("garbage.ris", "binary data, not a text export"),
    ],
)
def test_unreadable_files_raise_one_clear_error(name: str, message: str) -> None:
    with pytest.raises(DataError, match=message) as info:
        read_file(HERE / name)
    assert name in str(info.value)
    assert "\n" not in str(info.value)


def test_office_and_missing_files(tmp_path: Path) -> None:
    xlsx = tmp_path / "scopus.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(DataError, match="zip/Office file"):
        read_file(xlsx)
    with pytest.raises(DataError, match="no such file"):
        read_file(tmp_path / "absent.ris")
    esearch = (
        Path(__file__).resolve().parents[2] / "shared/benchmarks/formats/biopython/esearch1.xml"
    )
    if esearch.exists():
        with pytest.raises(DataError, match="eSearchResult"):
            read_file(esearch)


def test_wrong_extension_is_read_by_content() -> None:
    result = read_file_result(HERE / "wrong_extension.csv")
    assert (result.format, result.database, len(result.records)) == ("ris-ebsco", "cinahl", 2)


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8_bom.ris", "utf-8-sig"),
        ("utf16le_bom.ris", "utf-16"),
        ("utf16be_bom.ris", "utf-16"),
        ("cp1252.ris", "cp1252"),
        ("mixed_newlines.ris", "utf-8"),
    ],
)
def test_encodings_and_line_ends(name: str, encoding: str) -> None:
    result = read_file_result(HERE / name)
    assert result.encoding == encoding
    table = result.records
    assert table["title"].tolist() == [
        "Soins intégrés pour les personnes âgées fragiles",
        "Zweiter Datensatz",
    ]
    assert table["authors"].iloc[0] == ["Müller, Jürgen"]
    assert table["abstract"].iloc[0] == "Étude qualitative – coût et coordination."
    if encoding == "cp1252":
        assert "cp1252" in result.report_row()["warnings"]


def test_mixed_utf8_and_cp1252_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ris"
    path.write_bytes(
        "TY  - JOUR\nTI  - Intégration\nER  - \n".encode()
        + "TY  - JOUR\nTI  - Santé publique\nER  - \n".encode("cp1252")
    )
    result = read_file_result(path)
    assert result.encoding == "utf-8+cp1252"
    assert result.records["title"].tolist() == ["Intégration", "Santé publique"]


def test_broken_medline_bibtex_xml_and_csv_keep_good_records() -> None:
    nbib, bad = read_file(HERE / "sample.nbib")
    assert sorted(nbib["pmid"]) == ["30000002", "31434784"]
    assert bad["reason"].tolist() == ["line 34 is not a MEDLINE tag or continuation line"]
    bib, bad = read_file(HERE / "broken.bib")
    assert len(bib) == 2 and bad["line"].tolist() == [10]
    xml, bad = read_file(HERE / "truncated_endnote.xml")
    assert xml["title"].tolist() == ["First record & title", "Third record is fine"]
    assert bad["line"].tolist() == [4, 6]
    assert bad["reason"].iloc[1] == "no </record> end tag before the end of the file"
    csv_table, bad = read_file(HERE / "broken_rows.csv")
    assert csv_table["title"].tolist() == [
        "A good row",
        '=HYPERLINK("http://evil")',
        "Last good row",
    ]
    assert csv_table["abstract"].iloc[2] == "Multi-line abstract in quotes"
    assert bad[["line", "record_index"]].values.tolist() == [[3, 1]]


HUGE = 50 * 1024 * 1024


def _huge_file(tmp_path: Path, fmt: str) -> Path:
    big = "word " * (HUGE // 5)
    if fmt == "ris":
        body = (
            f"TY  - JOUR\nTI  - Before\nER  - \n"
            f"TY  - JOUR\nTI  - Huge\nAB  - {big}\nER  - \n"
            f"TY  - JOUR\nTI  - After\nER  - \n"
        )
    elif fmt == "medline":
        body = (
            f"PMID- 1\nTI  - Before\n\nPMID- 2\nTI  - Huge\nAB  - {big}\n\nPMID- 3\nTI  - After\n"
        )
    elif fmt == "csv":
        body = f'title,abstract\nBefore,x\nHuge,"{big}"\nAfter,y\n'
    else:
        body = (
            "<xml><records><record><titles><title>Before</title></titles></record>"
            f"<record><titles><title>Huge</title></titles><abstract>{big}</abstract></record>"
            "<record><titles><title>After</title></titles></record></records></xml>"
        )
    path = tmp_path / f"huge.{fmt}"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["ris", "medline", "csv", "xml"])
def test_50_mb_field_is_quarantined_quickly(tmp_path: Path, fmt: str) -> None:
    path = _huge_file(tmp_path, fmt)
    tracemalloc.start()
    started = time.perf_counter()
    table, bad = read_file(path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert table["title"].tolist() == ["Before", "After"]
    assert len(bad) == 1 and "limit 1,000,000" in bad["reason"].iloc[0]
    assert len(bad["raw"].iloc[0]) <= 2_000
    assert seconds < 10
    assert peak < 600 * 1024 * 1024  # a few copies of 50 MB, not an explosion


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""


@pytest.mark.parametrize(
    "body",
    [
        BOMB + "<xml><records><record><titles><title>&lol9;</title></titles></record>"
        "</records></xml>",
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<xml><records><record><titles><title>&xxe;</title></titles></record></records></xml>",
        BOMB + "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>"
        "<Article><ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation>"
        "</PubmedArticle></PubmedArticleSet>",
    ],
    ids=["endnote-bomb", "endnote-external-entity", "pubmed-bomb"],
)
def test_xml_entities_are_refused(tmp_path: Path, body: str) -> None:
    path = tmp_path / "attack.xml"
    path.write_text(body, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DataError, match="entit") as info:
        read_file(path)
    assert time.perf_counter() - started < 5
    assert "root:" not in str(info.value)  # nothing from /etc/passwd


def test_undefined_entity_in_a_record_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "undefined.xml"
    path.write_text(
        "<xml><records><record><titles><title>&nope;</title></titles></record>"
        "<record><titles><title>Fine</title></titles></record></records></xml>",
        encoding="utf-8",
    )
    table, bad = read_file(path)
    assert table["title"].tolist() == ["Fine"]
    assert "undefined entity" in bad["reason"].iloc[0]


def test_keep_ids_needs_ids() -> None:
    with pytest.raises(DataError, match="has no id of its own"):
        read_file(HERE / "truncated.ris", keep_ids=True)


def test_same_file_twice_gets_suffixed_ids() -> None:
    table, report, _ = ingest_files([HERE / "cochrane_central.ris", HERE / "cochrane_central.ris"])
    assert len(table) == 4 and table["record_id"].is_unique
    assert sum(rid.endswith("-2") for rid in table["record_id"]) == 2


def test_cli_ingest_writes_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "records.parquet"
    code = main(
        [
            "ingest",
            f"cinahl={HERE / 'ebsco_cinahl.ris'}",
            str(HERE / "truncated.ris"),
            "--out",
            str(out),
            "--report",
            str(tmp_path / "report.csv"),
            "--quarantine",
            str(tmp_path / "quarantine.csv"),
        ]
    )
    assert code == 0
    report = (tmp_path / "report.csv").read_text().splitlines()
    assert report[0] == (
        "file,database,format,encoding,records_read,records_kept,records_quarantined,warnings"
    )
    assert report[1].split(",")[1:7] == ["cinahl", "ris-ebsco", "utf-8", "2", "2", "0"]
    quarantine = (tmp_path / "quarantine.csv").read_text()
    assert "no ER end tag" in quarantine
    first = out.read_bytes()
    assert (
        main(
            [
                "ingest",
                f"cinahl={HERE / 'ebsco_cinahl.ris'}",
                str(HERE / "truncated.ris"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes() == first  # a rerun writes the same bytes


@pytest.mark.parametrize("name", ["empty.ris", "garbage.ris", "does-not-exist.ris"])
def test_cli_bad_file_exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code = main(
        [
            "ingest",
            str(HERE / "no_title.ris"),
            str(HERE / name),
            "--out",
            str(tmp_path / "r.parquet"),
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and err[0].startswith("slr ingest: error: ") and name in err[0]
    assert not (tmp_path / "r.parquet").exists()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_medline_records_split_from_blocks_match_the_line_by_line_split(
    tmp_path: Path, newline: str
) -> None:
    from pipeline.formats import medline
    from pipeline.ingest.encoding import iter_blocks, iter_lines

    record = [
        "PMID- {n}",
        "TI  - A title that runs on",
        "      to a continuation line",
        "",  # a stray blank line inside the record
        "AB  - " + "word " * 40,
        " \t ",
        "FAU - Müller, Anna",
    ]
    lines = ["header junk before the first record", ""]
    for n in range(6_000):  # ~2 MB: records cross the 1 MB blocks
        lines += [line.format(n=n) for line in record] + [""]
    path = tmp_path / "big.nbib"
    path.write_bytes(newline.join(lines).encode("utf-8"))
    by_line = list(medline.split_records(iter_lines(path, "utf-8")))
    by_block = list(medline.split_record_texts(iter_blocks(path, "utf-8")))
    assert len(by_block) == 6_000
    assert [n for n, _ in by_block] == [n for n, _ in by_line]
    # The texts keep their blank lines; parse_record drops them as split_records does.
    assert "\n\n" in by_block[0][1]
    parsed_lines = [medline.parse_record(i, n, ls) for i, (n, ls) in enumerate(by_line)]
    parsed_text = [medline.parse_record(i, n, t) for i, (n, t) in enumerate(by_block)]
    assert parsed_text == parsed_lines
    assert parsed_text[5]["pmid"] == "5" and "reason" not in parsed_text[5]
