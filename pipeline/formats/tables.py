"""CSV/TSV exports: ASReview-style CSV, Scopus CSV, Web of Science tab-delimited, Embase CSV,
Zotero CSV, EndNote tab-delimited text, and any table with recognisable column names.

The delimiter (comma, semicolon or tab) is read from the header line; column names are matched
case-insensitively with surrounding spaces removed (``"abstract "`` is ``abstract``). Rows are
read with :mod:`csv` so that every row knows its line number (quoted fields may span lines):
a row with a different number of fields from the header, or a field over 1 MB, is quarantined
with that line. Cells ``NA`` (R's missing value) count as empty for the model fields; the row
is kept as it was in ``original``.
"""

from __future__ import annotations

import ast
import csv
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from pipeline.authors import split_authors
from pipeline.formats import fields as norm

#: model field -> column names (lower case) in priority order.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "article title", "document title", "primary_title", "ti", "t1"),
    "abstract": ("abstract", "abstract note", "notes_abstract", "ab", "n2"),
    "authors": (
        "authors",
        "author",
        "author names",
        "first_authors",
        "author full names",
        "af",
        "au",
        "a1",
    ),
    "year": ("year", "publication year", "publication_year", "py", "pubyear", "date", "y1"),
    "journal": (
        "journal",
        "source title",
        "publication title",
        "publicationname",
        "secondary title",
        "journal/book",
        "alternate_title3",
        "secondary_title",
        "journal_name",
        "so",
        "t2",
        "jo",
        "jf",
        "alternate_title2",
        "journal abbreviation",
    ),
    "volume": ("volume", "vl"),
    "issue": ("issue", "number", "is"),
    "pages": ("pages", "page", "pg"),
    "start_page": ("page start", "start_page", "bp", "sp"),
    "end_page": ("page end", "end_page", "ep"),
    "article_number": ("art. no.", "article number", "ar"),
    "doi": ("doi", "di", "do"),
    "pmid": ("pmid", "pubmed id", "pm", "pubmed_id"),
    "keywords": (
        "keywords",
        "author keywords",
        "index keywords",
        "manual tags",
        "automatic tags",
        "de",
        "id",
        "kw",
    ),
    "language": ("language", "language of original document", "la"),
    "publication_type": (
        "document type",
        "publication type",
        "type_of_reference",
        "item type",
        "reference type",
        "dt",
        "ty",
    ),
    "url": ("url", "link", "urls", "ur", "open url link"),
    "issn": ("issn", "isbn/issn", "sn", "eissn", "ei"),
    "record_id": ("record_id", "id"),
    # Each row's database, in one-CSV exports of several (Covidence, Rayyan, a merged sheet).
    "database": ("database", "source", "source database", "data source", "db"),
    "label": ("label_included", "included", "final_included"),
}
#: Fields whose columns all contribute (the others take the first non-empty column).
_MULTI = {"keywords"}
_MISSING = {"NA", "N/A", "NaN", "nan", "NULL"}
#: A database name, not a citation ("Journal (2019) 12:3 (45-50)", Embase's ``Source``).
_DATABASE_NAME = re.compile(r"^[^\W\d_][\w .&/+-]{0,39}$")
_DOI_IN_URL = re.compile(r"doi[:=/](10\.\d{4,9}/[^&\s]+)", re.IGNORECASE)
_PMID_IN_TEXT = re.compile(r"\bPMID:\s*(\d{1,9})\b")
_EMBASE_SOURCE = re.compile(
    r"^(?P<journal>.+?) \((?P<year>\d{4})\)(?: (?P<volume>[^:( ]+)(?::(?P<issue>[^ (]+))?)?"
    r"(?: \((?P<pages>[^)]*)\))?"
)

#: (test over lower-case header names, flavour, database)
_TABLE_FLAVOURS: tuple[tuple[Any, str, str], ...] = (
    (lambda h: "eid" in h and "source title" in h, "csv-scopus", "scopus"),
    (lambda h: h[:1] == ["pt"] and "ut" in h, "tab-wos", "wos"),
    (lambda h: any(c.startswith("emtree") for c in h), "csv-embase", "embase"),
    (lambda h: "item type" in h and "key" in h, "csv-zotero", ""),
    (lambda h: "reference type" in h and "secondary title" in h, "tab-endnote", ""),
    (lambda h: "label_included" in h or "final_included" in h, "csv-asreview", ""),
)


def sniff_delimiter(header: str) -> str:
    """The delimiter of a header line: tab, semicolon or comma (most frequent wins).

    >>> sniff_delimiter("title;abstract;doi"), sniff_delimiter("PT\\tAU\\tTI")
    (';', '\\t')
    """
    counts = {d: header.count(d) for d in ("\t", ";", ",")}
    best = max(counts, key=lambda d: (counts[d], d == "\t"))
    return best if counts[best] else ","


def _cell_list(value: str) -> list[str]:
    """A cell holding several values: a Python list literal, or "; "-separated."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            parsed = None
        if isinstance(parsed, list):
            return [str(v).strip() for v in parsed if str(v).strip()]
    return [p.strip() for p in value.split(";") if p.strip()]


def detect_flavour(header: list[str]) -> tuple[str, str]:
    """``(flavour, database)`` from the lower-cased header names."""
    for test, flavour, database in _TABLE_FLAVOURS:
        if test(header):
            return flavour, database
    return "csv", ""


def _get(row: dict[str, str], index: dict[str, list[str]], field: str) -> str:
    for column in index.get(field, []):
        value = row.get(column, "").strip()
        if value and value not in _MISSING:
            return value
    return ""


def _row_to_model(row: dict[str, str], index: dict[str, list[str]], flavour: str) -> dict[str, Any]:
    def get(field: str) -> str:
        return _get(row, index, field)

    keywords: list[str] = []
    for column in index.get("keywords", []):
        value = row.get(column, "").strip()
        if value and value not in _MISSING:
            keywords += _cell_list(value)
    journal, volume, issue = get("journal"), get("volume"), get("issue")
    pages = get("pages") or norm.page_range(get("start_page"), get("end_page"))
    year: Any = get("year")
    source = row.get("Source", "")
    if flavour == "csv-embase" and source:
        match = _EMBASE_SOURCE.match(source)
        if match:
            journal = journal or match.group("journal")
            year = year or match.group("year")
            volume = volume or (match.group("volume") or "")
            issue = issue or (match.group("issue") or "")
            pages = pages or (match.group("pages") or "")
        keywords = [k.strip() for kw in keywords for k in kw.split(",") if k.strip()]
    pmid = get("pmid")
    if not pmid:
        extra = " ".join(row.get(c, "") for c in ("Extra", "Notes", "extra", "note"))
        match = _PMID_IN_TEXT.search(extra)
        pmid = match.group(1) if match else ""
    doi = get("doi")
    if not doi:
        for column in index.get("url", []):
            match = _DOI_IN_URL.search(unquote(row.get(column, "")))
            if match:
                doi = match.group(1)
                break
    out = norm.make_row(
        title=get("title"),
        abstract=get("abstract"),
        authors=split_authors(get("authors")),
        year=year,
        journal=journal,
        volume=volume,
        issue=issue,
        pages=pages or get("article_number"),
        doi=doi,
        pmid=pmid,
        keywords=keywords,
        language=get("language"),
        publication_type=_cell_list(get("publication_type")),
        url=get("url"),
        issn=get("issn"),
        original=row,
        input_id=get("record_id"),
    )
    database = get("database")
    if database and flavour != "csv-embase" and _DATABASE_NAME.match(database):
        out["database"] = database
    label = get("label")
    if index.get("label"):
        out["label_included"] = int(label) if label in {"0", "1"} else None
    return out


def table_header(head: str) -> tuple[str, str, str]:
    """``(delimiter, flavour, database)`` from the first line of a table."""
    header_line = head.split("\n", 1)[0]
    delimiter = sniff_delimiter(header_line)
    names = next(csv.reader([header_line], delimiter=delimiter), [])
    flavour, database = detect_flavour([h.strip().lower() for h in names])
    return delimiter, flavour, database


def iter_table(
    lines_in: Iterable[str], *, delimiter: str, warnings: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Read CSV/TSV lines, one dict per row (see ``ris.iter_ris``)."""
    csv.field_size_limit(sys.maxsize)
    # The csv module joins quoted fields across lines again when each line ends in "\n".
    lines = (line + "\n" for line in lines_in)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        return
    header = [h.strip() for h in header]
    lowered = [h.lower() for h in header]
    flavour, _ = detect_flavour(lowered)
    index: dict[str, list[str]] = {}
    for field, names in ALIASES.items():
        columns = [header[lowered.index(n)] for n in names if n in lowered]
        if field == "record_id" and flavour == "tab-wos":
            columns = []  # WoS "ID" is Keywords Plus, not an id
        if columns:
            index[field] = columns
    if flavour == "tab-wos":
        index["keywords"] = [c for c in ("DE", "ID") if c in header]
    record_index = 0
    line_no = reader.line_num + 1
    while True:
        start = line_no
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield {
                "record_index": record_index,
                "line": start,
                "reason": f"CSV error: {exc}",
                "raw": "",
            }
            record_index += 1
            line_no = reader.line_num + 1
            continue
        line_no = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue  # blank line
        raw = norm.excerpt(cells, delimiter)
        reason = ""
        longest = max(cells, key=len)
        if len(longest) > norm.MAX_FIELD_CHARS:
            column = header[cells.index(longest)] if cells.index(longest) < len(header) else "?"
            reason = (
                f"field {column!r} is {len(longest):,} characters long "
                f"(limit {norm.MAX_FIELD_CHARS:,})"
            )
        elif len(cells) != len(header):
            # A trailing delimiter (EndNote) or trailing empty cells are harmless.
            if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
                cells = cells[: len(header)]
            elif len(cells) < len(header) and len(cells) > 1:
                cells = cells + [""] * (len(header) - len(cells))
                if warnings is not None:
                    warnings.append(f"line {start}: fewer fields than the header")
            else:
                reason = (
                    f"row has {len(cells)} fields, the header has {len(header)} "
                    "(an unbalanced quote or a stray delimiter)"
                )
        if reason:
            yield {"record_index": record_index, "line": start, "reason": reason, "raw": raw}
            record_index += 1
            continue
        row = dict(zip(header, cells, strict=True))
        out = _row_to_model(row, index, flavour)
        out["record_index"] = record_index
        out["line"] = start
        yield out
        record_index += 1


def read_table(
    text: str, *, name: str = ""
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str], str, str]:
    """Read CSV/TSV text: ``(rows, quarantined, warnings, flavour, database)``."""
    delimiter, flavour, database = table_header(text)
    warnings: list[str] = []
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    for item in iter_table(text.split("\n"), delimiter=delimiter, warnings=warnings):
        (bad if "reason" in item else rows).append(item)
    return rows, bad, warnings, flavour, database
