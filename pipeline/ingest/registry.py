"""The formats ingest reads: one :class:`Reader` entry per format, looked up by name.

An entry says how its format is detected (from the first part of the decoded file), how a
file is split into record chunks, how a chunk is parsed, and which database its records come
from when nothing else says. The format of a file is decided by content; the extension is
only a hint, because databases name their files freely (Web of Science writes RIS and tagged
text as ``.txt``, PubMed's MEDLINE format is ``.nbib`` or ``.txt``, Scopus CSV can be renamed
``.xls``).

Detection: a file that starts with ``<`` is XML and only the XML readers are asked; else the
readers are asked in :data:`READERS` order for a :data:`STRONG` match (a marker only that
format has), then for a :data:`WEAK` one (RIS ``TY`` lines without any ``ER``; any
delimited header line). The parsers themselves live in :mod:`pipeline.formats`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import DataError
from pipeline.ingest.encoding import block_lines, decode, iter_blocks, iter_lines

#: How well a file's head matches a format.
NO, WEAK, STRONG = 0, 1, 2

#: A record as split from the text before parsing: ``(record_index, line, lines, problem)``.
RawRecord = tuple[int, int, "list[str] | str", str]


@dataclass(frozen=True)
class Source:
    """A file being read: its path and name as given, its encoding, the decoded start of
    the file (about 2 MB) and the list its warnings go to."""

    path: Path
    name: str
    encoding: str
    head: str
    warnings: list[str]


@dataclass(frozen=True)
class Opened:
    """A file split into record chunks: ``items`` are raw records for readers with a
    :attr:`Reader.parse` step, else parsed rows and quarantined records (dicts) in file
    order; ``label`` is the format (or vendor flavour) for the report; ``database`` the
    database the content names (a vendor's markers), or ``""`` (then the reader's own)."""

    items: Iterator[Any]
    label: str
    database: str
    encoding: str


@dataclass(frozen=True)
class Reader:
    """One format ingest reads.

    - ``detect(head, text)``: :data:`NO`, :data:`WEAK` or :data:`STRONG` for the first
      100,000 characters of the decoded file (``head``) and the first ~2 MB (``text``);
    - ``split(source)``: the file as record chunks (:class:`Opened`);
    - ``raw(blocks, first_line, first_record)``: for formats whose records are parsed one by
      one, the raw records of text given in blocks of whole lines (a worker reading a part
      of the file uses it too); ``parse(flavour, database, raws, warnings)`` turns a batch of
      them into rows and quarantined records. Formats with both can be read in parts by
      worker processes;
    - ``database``: the records' database when neither the command line nor the content
      names it (``""``: the file stem);
    - ``markup``: an XML format (only asked about files that start with ``<``);
    - ``streamed``: read line by line, never holding the whole text.
    """

    name: str
    detect: Callable[[str, str], int]
    split: Callable[[Source], Opened]
    raw: Callable[[Iterable[str], int, int], Iterator[RawRecord]] | None = None
    parse: Callable[[str, str, list[RawRecord], list[str]], list[dict]] | None = None
    database: str = ""
    markup: bool = False
    streamed: bool = True

    @property
    def in_parts(self) -> bool:
        """Whether worker processes can read parts of a file on their own."""
        return self.raw is not None and self.parse is not None


# --- detection ------------------------------------------------------------------------------

_RIS_TY = re.compile(r"^TY[ \t]{1,4}-", re.M)
_RIS_ER = re.compile(r"^ER[ \t]{1,4}-", re.M)
_MEDLINE = re.compile(r"^PMID-\s*\d", re.M)
_WOS_PT = re.compile(r"^PT [A-Z]\s*$", re.M)
_WOS_ER = re.compile(r"^ER\s*$", re.M)
_COCHRANE = re.compile(r"^Record #\d+ of \d+\s*\n(?:\s*\n)*ID: ", re.M)
_BIBTEX = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.M)
_PUBMED_XML = re.compile(r"<PubmedArticleSet|<PubmedArticle\b|<PubmedBookArticle\b")
_ENDNOTE_XML = re.compile(r"<records?\b|<xml\b")
_ZIP_OR_OFFICE = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")


def _strong_if(found: bool) -> int:
    return STRONG if found else NO


def _looks_tabular(head: str) -> bool:
    first = head.lstrip("\n").split("\n", 1)[0]
    return any(d in first for d in (",", "\t", ";")) and not first.startswith("@")


def _detect_ris(head: str, text: str) -> int:
    if not _RIS_TY.search(head):
        return NO
    # RIS without any ER is still RIS: its records are quarantined with a reason.
    return STRONG if _RIS_ER.search(text) else WEAK


def _detect_wos(head: str, text: str) -> int:
    pt_and_er = _WOS_PT.search(head) is not None and _WOS_ER.search(text) is not None
    return _strong_if(pt_and_er or head.lstrip().startswith("FN "))


def _detect_cochrane(head: str, text: str) -> int:
    return _strong_if(bool(_COCHRANE.search(head)) and not _RIS_TY.search(head))


def _detect_bibtex(head: str, text: str) -> int:
    return _strong_if(bool(_BIBTEX.search(head)) and not _looks_tabular(head))


def _detect_table(head: str, text: str) -> int:
    return WEAK if _looks_tabular(head) else NO


# --- splitting and parsing ------------------------------------------------------------------


def _ris_raw(
    blocks: Iterable[str], first_line: int = 1, first_record: int = 0
) -> Iterator[RawRecord]:
    from pipeline.formats import ris

    split = ris.split_records(block_lines(blocks), first_line)
    for index, (line_no, lines, problem) in enumerate(split, start=first_record):
        yield index, line_no, lines, problem


def _ris_split(source: Source) -> Opened:
    from pipeline.formats import ris

    flavour, database = ris.detect_flavour(source.head)
    items = _ris_raw(iter_blocks(source.path, source.encoding))
    return Opened(items, flavour, database, source.encoding)


def _ris_parse(
    flavour: str, database: str, raws: list[RawRecord], warnings: list[str]
) -> list[dict]:
    from pipeline.formats import ris

    parse = ris.record_parser(flavour, database)
    return [parse(index, line, lines, problem, warnings) for index, line, lines, problem in raws]


def _medline_raw(
    blocks: Iterable[str], first_line: int = 1, first_record: int = 0
) -> Iterator[RawRecord]:
    """MEDLINE records come as their lines joined by ``"\\n"``."""
    from pipeline.formats import medline

    texts = medline.split_record_texts(blocks, first_line)
    for index, (line_no, text) in enumerate(texts, start=first_record):
        yield index, line_no, text, ""


def _medline_split(source: Source) -> Opened:
    items = _medline_raw(iter_blocks(source.path, source.encoding))
    return Opened(items, "medline", "", source.encoding)


def _medline_parse(
    flavour: str, database: str, raws: list[RawRecord], warnings: list[str]
) -> list[dict]:
    from pipeline.formats import medline

    return [medline.parse_record(index, line, text) for index, line, text, _ in raws]


def _wos_split(source: Source) -> Opened:
    from pipeline.formats import wos

    lines = iter_lines(source.path, source.encoding)
    return Opened(wos.iter_wos(lines, warnings=source.warnings), "wos", "", source.encoding)


def _cochrane_split(source: Source) -> Opened:
    from pipeline.formats import cochrane

    lines = iter_lines(source.path, source.encoding)
    items = cochrane.iter_cochrane(lines, warnings=source.warnings)
    return Opened(items, "cochrane", "", source.encoding)


def _table_split(source: Source) -> Opened:
    from pipeline.formats import tables

    delimiter, flavour, database = tables.table_header(source.head)
    lines = iter_lines(source.path, source.encoding)
    items = tables.iter_table(lines, delimiter=delimiter, warnings=source.warnings)
    return Opened(items, flavour, database, source.encoding)


def _in_file_order(rows: list[dict], bad: list[dict]) -> Iterator[dict]:
    return iter(sorted([*rows, *bad], key=lambda r: int(r["record_index"])))


def _pubmed_xml_split(source: Source) -> Opened:
    from pipeline.formats import fields
    from pipeline.formats.pubmed_xml import read_pubmed_xml

    found, bad = read_pubmed_xml(source.path.read_bytes(), source_file=source.name)
    rows = []
    for rec in found:
        row = dict(rec)
        row["language"] = fields.language_name(row.get("language", ""))
        row["authors"] = fields.format_authors(row.get("authors") or [])
        row["record_index"] = row.pop("source_index", len(rows))
        row["line"] = row.get("line", "")
        row["input_id"] = row.get("pmid", "")
        rows.append(row)
    return Opened(_in_file_order(rows, bad), "pubmed_xml", "", "xml")


def _bibtex_split(source: Source) -> Opened:
    from pipeline.formats import bibtex

    text, encoding = decode(source.path.read_bytes(), name=source.name)
    rows, bad, warnings = bibtex.read_bibtex(text)
    source.warnings.extend(warnings)
    return Opened(_in_file_order(rows, bad), "bibtex", "", encoding)


def _endnote_xml_split(source: Source) -> Opened:
    from pipeline.formats import endnote_xml

    text, encoding = decode(source.path.read_bytes(), name=source.name)
    rows, bad, warnings = endnote_xml.read_endnote_xml(text, name=source.name)
    source.warnings.extend(warnings)
    return Opened(_in_file_order(rows, bad), "endnote_xml", "", encoding)


# --- the registry ---------------------------------------------------------------------------

#: Every format :func:`pipeline.ingest.read_file` reads from text, in the order detection
#: asks them (see the module docstring).
READERS: dict[str, Reader] = {
    r.name: r
    for r in (
        Reader(
            "pubmed_xml",
            lambda head, text: _strong_if(bool(_PUBMED_XML.search(head))),
            _pubmed_xml_split,
            database="pubmed",
            markup=True,
            streamed=False,
        ),
        Reader(
            "endnote_xml",
            lambda head, text: _strong_if(bool(_ENDNOTE_XML.search(head))),
            _endnote_xml_split,
            markup=True,
            streamed=False,
        ),
        Reader(
            "medline",
            lambda head, text: _strong_if(bool(_MEDLINE.search(head))),
            _medline_split,
            raw=_medline_raw,
            parse=_medline_parse,
            database="pubmed",
        ),
        Reader("cochrane", _detect_cochrane, _cochrane_split, database="cochrane"),
        Reader("ris", _detect_ris, _ris_split, raw=_ris_raw, parse=_ris_parse),
        Reader("wos", _detect_wos, _wos_split, database="wos"),
        Reader("bibtex", _detect_bibtex, _bibtex_split, streamed=False),
        Reader("table", _detect_table, _table_split),
    )
}
#: Every format ingest reads: a records table (Parquet, told by its first bytes) is passed
#: through; the others are :data:`READERS`.
FORMATS: tuple[str, ...] = ("parquet", *READERS)


def sniff_bytes(data: bytes, *, name: str) -> str | None:
    """Formats told by their first bytes: Parquet; binary office files are refused."""
    if data[:4] == b"PAR1":
        return "parquet"
    if data.startswith(_ZIP_OR_OFFICE):
        kind = "a PDF" if data.startswith(b"%PDF") else "a zip/Office file (e.g. .xlsx)"
        raise DataError(
            f"{name}: this is {kind}, not a text export; export the records as RIS, "
            "MEDLINE, BibTeX, CSV or XML"
        )
    return None


def detect_format(text: str, *, name: str = "") -> str:
    """The name of the :data:`READERS` entry for decoded ``text``.

    >>> detect_format("TY  - JOUR\\nTI  - A\\nER  - \\n")
    'ris'
    >>> detect_format("PMID- 123\\nTI  - A\\n")
    'medline'
    >>> detect_format("title,abstract\\nA,B\\n")
    'table'
    """
    label = name or "input"
    head = text[:100_000]
    stripped = head.lstrip()
    if not stripped:
        raise DataError(f"{label}: the file is empty (no records)")
    markup = stripped.startswith("<")
    candidates = [r for r in READERS.values() if r.markup == markup]
    for wanted in (STRONG, WEAK):
        for reader in candidates:
            if reader.detect(head, text) >= wanted:
                return reader.name
    if markup:
        match = re.search(r"<([A-Za-z][\w:.-]*)[\s>]", stripped.split("?>", 1)[-1])
        root = match.group(1) if match else "?"
        raise DataError(
            f"{label}: XML with root <{root}> is not a records export this tool reads "
            "(PubMed XML or EndNote XML)"
        )
    suffix = Path(name).suffix.lower()
    raise DataError(
        f"{label}: unrecognised content ({suffix or 'no extension'}): not RIS, MEDLINE, "
        "Web of Science, BibTeX, CSV/TSV, PubMed XML or EndNote XML"
    )
