"""PubMed efetch XML reader: real Biopython test files, broken documents, hostile XML."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import re
import time
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import records
from pipeline.errors import DataError
from pipeline.formats.pubmed_xml import (
    MIN_PARALLEL_BYTES,
    count_articles,
    default_workers,
    iter_pubmed_batches,
    read_pubmed_batches,
    read_pubmed_xml,
)

DATA = Path(__file__).resolve().parent / "data" / "search"


def _read(path: Path) -> tuple[list[dict], list[dict]]:
    return read_pubmed_xml(path.read_bytes(), source_file=path.name)


def _by_pmid(rows: list[dict]) -> dict[str, dict]:
    return {r["pmid"]: r for r in rows}


def test_pubmed1_two_articles(formats_dir: Path) -> None:
    rows, bad = _read(formats_dir / "biopython" / "pubmed1.xml")
    assert bad == []
    assert [r["pmid"] for r in rows] == ["12091962", "9997"]
    first, second = rows
    assert first["title"] == "The treatment of AIDS behind the walls of correctional facilities."
    assert first["authors"] == ["Olivero, J Michael"]
    assert first["journal"] == "Social justice (San Francisco, Calif.)"
    assert (first["volume"], first["issue"], first["pages"], first["year"]) == (
        "17",
        "1",
        "113-25",
        1990,
    )
    assert first["publication_type"] == ["Journal Article", "Review"]
    assert "Acquired Immunodeficiency Syndrome" in first["keywords"]
    # author keywords follow the MeSH descriptors
    assert first["keywords"][-2:] == ["Health Care and Public Health", "Legal Approach"]
    assert first["doi"] == "" and first["abstract"] == ""
    assert second["doi"] == "10.1016/0005-2795(76)90109-4"
    assert second["abstract"].startswith("Electron paramagnetic resonance and magnetic")
    assert second["issn"] == "0006-3002"
    assert [r["source_index"] for r in rows] == [0, 1]
    assert all(r["source_file"] == "pubmed1.xml" and r["source"] == "pubmed" for r in rows)


def test_pubmed4_structured_abstract_markup_and_mesh(formats_dir: Path) -> None:
    rows, bad = _read(formats_dir / "biopython" / "pubmed4.xml")
    assert bad == []
    (row,) = rows
    assert row["pmid"] == "27797938"
    assert row["doi"] == "10.1136/gutjnl-2016-312510"
    # <i>TERT</i> becomes plain text
    assert row["title"] == (
        "Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
        "pancreatic cancer."
    )
    labels = [p.split(":", 1)[0] for p in row["abstract"].split("\n")]
    assert labels == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    # <sub>/<sup> run into the text; &lt; is decoded
    assert "p trend =0.048" not in row["abstract"]
    assert "ptrend=0.048" in row["abstract"]
    assert "r2<0.25" in row["abstract"]
    assert row["authors"][0] == "Bao, Ying"
    assert row["authors"][-1] == "Wolpin, Brian M"
    assert len(row["authors"]) == 22
    assert row["journal"] == "Gut" and row["year"] == 2017
    assert "Pancreatic Neoplasms" in row["keywords"]
    assert "PANCREATIC CANCER" in row["keywords"]
    original = json.loads(row["original"])
    assert original["article_ids"]["pmc"] == "PMC5442267"
    mesh = {m["descriptor"]: m for m in original["mesh"]}
    assert mesh["Telomere Shortening"]["ui"].startswith("D")


def test_pubmed5_nlm_categories(formats_dir: Path) -> None:
    (row,), _ = _read(formats_dir / "biopython" / "pubmed5.xml")
    assert row["pmid"] == "28775130"
    assert row["doi"] == "10.1136/oemed-2017-104431"
    assert row["abstract"].startswith("OBJECTIVES: Animal studies suggest")
    sections = json.loads(row["original"])["abstract_sections"]
    assert [s["category"] for s in sections] == ["OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert row["keywords"] == [
        "agriculture",
        "hypothyroidism",
        "pesticides",
        "thyroid disease",
        "thyroid stimulating hormone",
    ]


def test_pubmed6_mathml_and_quotes(formats_dir: Path) -> None:
    (row,), _ = _read(formats_dir / "biopython" / "pubmed6.xml")
    assert row["title"].startswith('A "Blood Relationship" Between the Overlooked')
    assert "V.O2max" in row["abstract"]
    assert "<mml" not in row["abstract"]
    assert row["pages"] == "1034" and row["issue"] == ""


def test_pubmed7_collective_author(formats_dir: Path) -> None:
    (row,), _ = _read(formats_dir / "biopython" / "pubmed7.xml")
    assert row["authors"][-1] == "Canadian Respiratory Research Network"
    assert row["doi"] == "10.1117/1.jmi.5.2.026002"


def test_records_fit_the_model(formats_dir: Path) -> None:
    rows: list[dict] = []
    for path in sorted((formats_dir / "biopython").glob("pubmed*.xml")):
        rows.extend(_read(path)[0])
    frame = records.assign_record_ids(records.from_dicts(rows))
    records.validate(frame)
    assert len(frame) == 8
    assert frame["record_id"].tolist()[:2] == ["pubmed:12091962", "pubmed:9997"]


def test_book_article() -> None:
    (row,), bad = _read(DATA / "book_article.xml")
    assert bad == []
    assert row["pmid"] == "20301295"
    assert row["title"] == "Cornelia de Lange Syndrome"
    assert row["journal"] == "GeneReviews®"
    assert row["authors"] == ["Deardorff, Matthew A", "CdLS Working Group"]
    assert row["year"] == 1993
    assert row["abstract"].split("\n")[1].startswith("DIAGNOSIS/TESTING: ")
    assert json.loads(row["original"])["article_ids"]["bookaccession"] == "NBK1116"


# --- broken input -------------------------------------------------------------------------


def _two_articles(formats_dir: Path) -> bytes:
    return (formats_dir / "biopython" / "pubmed2.xml").read_bytes()


def test_truncated_document_keeps_complete_articles(formats_dir: Path) -> None:
    data = _two_articles(formats_dir)
    cut = data.index(b"<PubmedArticle>", data.index(b"</PubmedArticle>")) + 500
    rows, bad = read_pubmed_xml(data[:cut], source_file="cut.xml")
    assert [r["pmid"] for r in rows] == ["11748933"]
    assert len(bad) == 1
    assert bad[0]["record_index"] == 1
    assert "no closing </PubmedArticle>" in bad[0]["reason"]
    assert bad[0]["raw"].startswith("<PubmedArticle>")


def test_missing_end_tag_in_the_middle(formats_dir: Path) -> None:
    data = _two_articles(formats_dir)
    broken = data.replace(b"</PubmedArticle>", b"", 1)
    rows, bad = read_pubmed_xml(broken)
    assert [r["pmid"] for r in rows] == ["11700088"]
    assert [b["record_index"] for b in bad] == [0]
    assert bad[0]["line"] == 4


def test_wrong_encoding_quarantines_only_that_article(formats_dir: Path) -> None:
    data = _two_articles(formats_dir)
    # a Latin-1 byte in the first article of a UTF-8 document
    broken = data.replace(b"Diplodus puntazzo", b"Diplodus p\xfcntazzo", 1)
    rows, bad = read_pubmed_xml(broken, source_file="latin.xml")
    assert [r["pmid"] for r in rows] == ["11700088"]
    assert "0xfc" in bad[0]["reason"] and "not UTF-8" in bad[0]["reason"]


def test_declared_latin1_is_read(formats_dir: Path) -> None:
    data = _two_articles(formats_dir).replace(
        b'<?xml version="1.0" ?>', b'<?xml version="1.0" encoding="ISO-8859-1"?>', 1
    )
    data = data.replace(b"Diplodus puntazzo", b"Diplodus p\xfcntazzo", 1)
    rows, bad = read_pubmed_xml(data)
    assert bad == []
    assert "Diplodus püntazzo" in rows[0]["title"]


def test_bom_and_utf16(formats_dir: Path) -> None:
    data = _two_articles(formats_dir)
    plain, _ = read_pubmed_xml(data)
    bom, _ = read_pubmed_xml(b"\xef\xbb\xbf" + data)
    utf16, _ = read_pubmed_xml(data.decode("utf-8").encode("utf-16"))
    assert plain == bom == utf16


def test_malformed_article_reason_names_line(formats_dir: Path) -> None:
    data = _two_articles(formats_dir)
    broken = data.replace(b"<Volume>153</Volume>", b"<Volume>153</Volme>", 1)
    rows, bad = read_pubmed_xml(broken)
    assert [r["pmid"] for r in rows] == ["11748933"]
    assert bad[0]["reason"].startswith("malformed XML at line ")
    assert "mismatched tag" in bad[0]["reason"]


def test_article_without_pmid_is_quarantined(formats_dir: Path) -> None:
    data = _two_articles(formats_dir).replace(
        b'<PMID Version="1">11748933</PMID>', b'<PMID Version="1"></PMID>', 1
    )
    rows, bad = read_pubmed_xml(data)
    assert len(rows) == 1 and "no valid PMID" in bad[0]["reason"]


def test_empty_and_not_pubmed() -> None:
    with pytest.raises(DataError, match="empty.xml: empty file"):
        read_pubmed_xml(b"  \n", source_file="empty.xml")
    with pytest.raises(DataError, match="not PubMed XML"):
        read_pubmed_xml(b"<html><body>Service unavailable</body></html>", source_file="x")
    assert read_pubmed_xml(b"<?xml version='1.0'?><PubmedArticleSet></PubmedArticleSet>") == (
        [],
        [],
    )


def test_entity_bomb_is_refused_quickly() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n<!ENTITY a "aaaaaaaaaa">\n'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n'.encode()
            for i in range(9)
        )
        + b"]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>"
        b"<Article><ArticleTitle>&j;</ArticleTitle></Article></MedlineCitation>"
        b"</PubmedArticle></PubmedArticleSet>"
    )
    start = time.perf_counter()
    with pytest.raises(DataError, match="declares entities"):
        read_pubmed_xml(bomb, source_file="bomb.xml")
    assert time.perf_counter() - start < 1


def test_external_entity_is_not_resolved(tmp_path: Path, formats_dir: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    data = _two_articles(formats_dir)
    # an entity reference inside an article has no declaration to resolve against
    hostile = data.replace(b"Cryobiology</Title>", b"&xxe;</Title>", 1)
    rows, bad = read_pubmed_xml(hostile)
    assert len(rows) == 1
    assert "undefined entity" in bad[0]["reason"]
    external = data.replace(
        b"<PubmedArticleSet>",
        f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]><PubmedArticleSet>'.encode(),
        1,
    )
    with pytest.raises(DataError, match="declares entities"):
        read_pubmed_xml(external)


def test_huge_field(formats_dir: Path) -> None:
    data = _two_articles(formats_dir)
    huge = "word " * 400_000
    data = data.replace(b"<ArticleTitle>Is", f"<ArticleTitle>{huge}Is".encode(), 1)
    rows, bad = read_pubmed_xml(data)
    assert bad == [] and len(rows[0]["title"]) > 2_000_000


def test_count_articles(formats_dir: Path) -> None:
    assert count_articles(_two_articles(formats_dir)) == 2


# --- invariants -----------------------------------------------------------------------------

_TEMPLATES = (DATA / "templates.xml").read_bytes()
_ENDS = [
    (_TEMPLATES.index(b"</PubmedArticle>", start) + len(b"</PubmedArticle>"), pmid)
    for start, pmid in (
        (_TEMPLATES.index(f">{p}</PMID>".encode()), p) for p in ("10000001", "10000002", "10000003")
    )
]


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(_TEMPLATES)))
@example(cut=_TEMPLATES.rindex(b"</PubmedArticleSet>") + 1)
def test_any_truncation_keeps_every_complete_article(cut: int) -> None:
    data = _TEMPLATES[:cut]
    try:
        rows, bad = read_pubmed_xml(data, source_file="cut.xml")
    except DataError as exc:
        # only when not even the start tag of the article set is left
        assert not re.search(rb"<PubmedArticle(Set)?[\s>]", data)
        assert str(exc).startswith("cut.xml: ")
        return
    complete = [pmid for end, pmid in _ENDS if end <= cut]
    assert [r["pmid"] for r in rows] == complete
    started = data.count(b"<PubmedArticle>")
    # the article cut in its start tag shows as unrecognised content, not as nothing
    tag = b"<PubmedArticle>"
    starts = [m.start() for m in re.finditer(re.escape(tag), _TEMPLATES)]
    broken_start = any(s < cut < s + len(tag) for s in starts)
    # so does a cut-off </PubmedArticleSet> (its first "<" could as well begin an article)
    set_end = _TEMPLATES.rindex(b"</PubmedArticleSet>")
    broken_end = set_end < cut < set_end + len(b"</PubmedArticleSet>")
    assert len(rows) + len(bad) == started + (1 if broken_start or broken_end else 0)
    assert all(b["reason"] for b in bad) and all(b["line"] >= 1 for b in bad)


@settings(max_examples=60, deadline=None)
@given(
    where=st.integers(min_value=0, max_value=len(_TEMPLATES) - 1),
    byte=st.integers(min_value=0x80, max_value=0xFF),
)
def test_a_stray_byte_costs_at_most_one_article(where: int, byte: int) -> None:
    data = _TEMPLATES[:where] + bytes([byte]) + _TEMPLATES[where + 1 :]
    rows, bad = read_pubmed_xml(data)
    # every article is read or quarantined; a byte between articles adds a quarantined item
    assert len(rows) >= 2 and len(rows) + len(bad) >= 3
    lost = {"10000001", "10000002", "10000003"} - {r["pmid"] for r in rows}
    assert len(lost) <= len(bad)
    assert sorted(r["source_index"] for r in rows) == [r["source_index"] for r in rows]


def test_delete_citations_and_comments_between_articles_are_not_records() -> None:
    data = _TEMPLATES.replace(
        b"</PubmedArticle>\n<PubmedArticle>",
        b'</PubmedArticle>\n<!-- a comment -->\n<DeleteCitation><PMID Version="1">123</PMID>'
        b"</DeleteCitation>\n<PubmedArticle>",
        1,
    )
    rows, bad = read_pubmed_xml(data)
    assert [r["pmid"] for r in rows] == ["10000001", "10000002", "10000003"] and bad == []
    junk = _TEMPLATES.replace(b"<PubmedArticle>", b"<PubmedArtcle>", 1)
    rows, bad = read_pubmed_xml(junk, source_file="junk.xml")
    assert [r["pmid"] for r in rows] == ["10000002", "10000003"]
    assert [r["source_index"] for r in rows] == [1, 2]
    assert bad[0]["record_index"] == 0 and bad[0]["line"] == 4
    assert bad[0]["reason"].startswith("unrecognised content between articles")
    assert bad[0]["raw"].startswith("<PubmedArtcle>")


def test_end_tag_with_whitespace_and_lookalike_end_tags() -> None:
    # "</PubmedArticle" followed by anything but ">" is not an end tag; "</PubmedArticle  >"
    # and "</PubmedArticle\n>" are
    data = _TEMPLATES.replace(b"</PubmedArticle>", b"</PubmedArticle  >", 1)
    data = data.replace(
        b"</PubmedArticle>\n<PubmedArticle>", b"</PubmedArticle\n>\n<PubmedArticle>"
    )
    rows, bad = read_pubmed_xml(data)
    assert [r["pmid"] for r in rows] == ["10000001", "10000002", "10000003"] and bad == []
    lookalike = _TEMPLATES.replace(b"</PubmedArticle>", b"</PubmedArticleX>", 1)
    rows, bad = read_pubmed_xml(lookalike)
    assert [r["pmid"] for r in rows] == ["10000002", "10000003"]
    assert bad[0]["record_index"] == 0 and "no closing </PubmedArticle>" in bad[0]["reason"]


def test_line_numbers_of_several_quarantined_articles() -> None:
    # line numbers are counted only for quarantined articles: each must still be the line
    # of its own start tag, whatever came before
    starts = [m.start() for m in re.finditer(rb"<PubmedArticle>", _TEMPLATES)]
    lines = [_TEMPLATES.count(b"\n", 0, s) + 1 for s in starts]
    data = _TEMPLATES.replace(b"<Volume>", b"<Volume>&bad;", 1)  # in the first article
    data = data.replace(b">10000003</PMID>", b"></PMID>", 1)
    rows, bad = read_pubmed_xml(data)
    assert [r["pmid"] for r in rows] == ["10000002"]
    assert [(b["record_index"], b["line"]) for b in bad] == [(0, lines[0]), (2, lines[2])]
    entity_line = data.count(b"\n", 0, data.index(b"&bad;")) + 1
    assert bad[0]["reason"] == f"malformed XML at line {entity_line}: undefined entity"
    assert "no valid PMID" in bad[1]["reason"]


def test_unused_sections_are_skipped_even_when_broken(formats_dir: Path) -> None:
    # a reference list is never read: a broken one does not cost the article
    data = (formats_dir / "biopython" / "pubmed7.xml").read_bytes()
    broken = data.replace(b"</Citation>", b"</Citaton>", 1)
    assert broken != data
    assert read_pubmed_xml(broken) == read_pubmed_xml(data)
    (row,), bad = read_pubmed_xml(broken)
    assert bad == [] and row["doi"] == "10.1117/1.jmi.5.2.026002"


# --- several batches in worker processes ---------------------------------------------------


def _batches() -> tuple[list[bytes], list[str]]:
    """Four efetch-like batches: clean, one broken article, truncated (a warning), clean."""
    broken = _TEMPLATES.replace(b"<Volume>", b"<Volume>&bad;", 1)
    truncated = _TEMPLATES[: _TEMPLATES.rindex(b"<PubmedArticle>") + 200]
    renumbered = _TEMPLATES.replace(b">1000000", b">2000000")
    documents = [_TEMPLATES, broken, truncated, renumbered]
    return documents, [f"raw/batch-{i}.xml" for i in range(len(documents))]


def test_batches_in_workers_equal_serial(caplog: pytest.LogCaptureFixture) -> None:
    documents, names = _batches()
    caplog.set_level(logging.WARNING, logger="pipeline.formats.pubmed_xml")
    want = [read_pubmed_xml(d, source_file=n) for d, n in zip(documents, names, strict=True)]
    want_logs = [r.getMessage() for r in caplog.records]
    assert sum(len(bad) for _, bad in want) >= 2 and len(want_logs) == 1
    for workers in (2, 1, None):
        caplog.clear()
        got = read_pubmed_batches(documents, source_files=names, workers=workers)
        assert got == want
        assert [r.getMessage() for r in caplog.records] == want_logs
    # more workers than batches, and batches without names
    assert read_pubmed_batches(documents[:2], workers=8) == [
        read_pubmed_xml(d) for d in documents[:2]
    ]
    assert read_pubmed_batches([], workers=2) == []


def test_batches_in_workers_raise_the_first_error() -> None:
    documents, _ = _batches()
    with pytest.raises(DataError, match=r"^second\.xml: not PubMed XML") as first:
        read_pubmed_batches(
            [documents[0], b"<html>busy</html>", b"  "],
            source_files=["first.xml", "second.xml", "third.xml"],
            workers=2,
        )
    with pytest.raises(DataError) as serial:
        read_pubmed_xml(b"<html>busy</html>", source_file="second.xml")
    assert str(first.value) == str(serial.value)
    with pytest.raises(ValueError, match="2 documents but 1 source file names"):
        read_pubmed_batches(documents[:2], source_files=["a.xml"])


def test_leaving_the_batch_iterator_early_stops_the_workers() -> None:
    documents, _ = _batches()
    with closing(iter_pubmed_batches(documents * 3, workers=2)) as batches:
        first = next(batches)
    assert first == read_pubmed_xml(documents[0])


def test_default_workers() -> None:
    assert default_workers([_TEMPLATES]) == 1  # one batch
    assert default_workers([_TEMPLATES] * 20) == 1  # a few kilobytes in all
    big = [b"x" * MIN_PARALLEL_BYTES] * 3
    assert 1 <= default_workers(big) <= min(3, os.cpu_count() or 1)


_SPAWN = multiprocessing.get_context("spawn")


def test_batches_without_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    # where fork is missing (Windows, macOS) workers are spawned and sent the documents
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: _SPAWN)
    documents, names = _batches()
    want = [read_pubmed_xml(d, source_file=n) for d, n in zip(documents, names, strict=True)]
    assert read_pubmed_batches(documents, source_files=names, workers=2) == want
