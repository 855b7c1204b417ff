"""Which format is this export? Decided by content; the extension is only a hint.

Databases name their files freely (Web of Science writes RIS and tagged text as ``.txt``,
PubMed's MEDLINE format is ``.nbib`` or ``.txt``, Scopus CSV can be renamed ``.xls``), so the
first lines decide, and the extension breaks ties between CSV and TSV.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import DataError

#: Every format :func:`pipeline.ingest.read_file` reads.
FORMATS: tuple[str, ...] = (
    "parquet",
    "ris",
    "medline",
    "wos",
    "bibtex",
    "pubmed_xml",
    "endnote_xml",
    "table",
    "cochrane",
)

_RIS_TY = re.compile(r"^TY[ \t]{1,4}-", re.M)
_RIS_ER = re.compile(r"^ER[ \t]{1,4}-", re.M)
_MEDLINE = re.compile(r"^PMID-\s*\d", re.M)
_WOS_PT = re.compile(r"^PT [A-Z]\s*$", re.M)
_WOS_ER = re.compile(r"^ER\s*$", re.M)
_COCHRANE = re.compile(r"^Record #\d+ of \d+\s*\n(?:\s*\n)*ID: ", re.M)
_BIBTEX = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.M)
_ZIP_OR_OFFICE = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")


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
    """Return one of :data:`FORMATS` for decoded ``text``.

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
    if stripped.startswith("<"):
        if re.search(r"<PubmedArticleSet|<PubmedArticle\b|<PubmedBookArticle\b", head):
            return "pubmed_xml"
        if re.search(r"<records?\b|<xml\b", head):
            return "endnote_xml"
        match = re.search(r"<([A-Za-z][\w:.-]*)[\s>]", stripped.split("?>", 1)[-1])
        root = match.group(1) if match else "?"
        raise DataError(
            f"{label}: XML with root <{root}> is not a records export this tool reads "
            "(PubMed XML or EndNote XML)"
        )
    if _MEDLINE.search(head):
        return "medline"
    if _COCHRANE.search(head) and not _RIS_TY.search(head):
        return "cochrane"
    if _RIS_TY.search(head) and _RIS_ER.search(text):
        return "ris"
    if (_WOS_PT.search(head) and _WOS_ER.search(text)) or stripped.startswith("FN "):
        return "wos"
    if _BIBTEX.search(head) and not _looks_tabular(head):
        return "bibtex"
    if _RIS_TY.search(head):
        return "ris"  # RIS without any ER: records are quarantined with a reason
    if _looks_tabular(head):
        return "table"
    suffix = Path(name).suffix.lower()
    raise DataError(
        f"{label}: unrecognised content ({suffix or 'no extension'}): not RIS, MEDLINE, "
        "Web of Science, BibTeX, CSV/TSV, PubMed XML or EndNote XML"
    )


def _looks_tabular(head: str) -> bool:
    first = head.lstrip("\n").split("\n", 1)[0]
    return any(d in first for d in (",", "\t", ";")) and not first.startswith("@")
