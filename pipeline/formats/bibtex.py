"""BibTeX/BibLaTeX exports (Zotero, JabRef, Mendeley, Google Scholar) read with
:mod:`bibtexparser` (version 2 API).

bibtexparser splits the file into blocks itself and reports blocks it cannot parse as
``failed_blocks`` with their start line, so a broken entry is quarantined with its line while
the others are read. An entry whose key repeats an earlier one is still read (keys are not
record identity; the dedup stage decides). LaTeX in values (``{\\"o}``, ``\\&``, protective
braces) is turned into text with pylatexenc only where a backslash or brace occurs.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)

from pipeline.formats import fields as norm

_BRACES = re.compile(r"[{}]")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_ESCAPES = re.compile(r"\\([&%_#$])")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s?|\\")
_latex: Any = None
#: Fields longer than this skip pylatexenc (see :func:`latex_to_text`).
LATEX_LIMIT = 2_000


def latex_to_text(value: str) -> str:
    r"""Decode LaTeX markup to Unicode text.

    Plain escapes (``\&``, ``\%``) are replaced directly; pylatexenc decodes the rest, but only
    for fields under :data:`LATEX_LIMIT` characters (it takes ~40 ms per abstract); longer
    fields lose their remaining commands' backslashes and braces instead.

    >>> latex_to_text(r"Sch{\"o}n and {Cocker} \& co")
    'Schön and Cocker & co'
    """
    global _latex
    if "\\" not in value:
        return _BRACES.sub("", value)
    simple = _ESCAPES.sub(r"\1", value)
    if "\\" not in simple:
        return _BRACES.sub("", simple)
    if len(value) > LATEX_LIMIT:
        return _BRACES.sub("", _COMMAND.sub("", simple))
    if _latex is None:
        from pylatexenc.latex2text import LatexNodes2Text

        _latex = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
    try:
        return _latex.latex_to_text(value)
    except Exception:  # noqa: BLE001 - malformed LaTeX: keep the text without braces
        return _BRACES.sub("", value)


def entry_to_row(entry: Entry) -> dict[str, Any]:
    """Map one bibtexparser entry onto the record model."""
    fields = {f.key.lower(): str(f.value) for f in entry.fields}

    def get(*keys: str) -> str:
        for key in keys:
            value = fields.get(key, "").strip()
            if value:
                return latex_to_text(value)
        return ""

    authors = [a for a in _AND.split(get("author")) if a.strip()]
    keywords = [k.strip() for k in re.split(r"[;,]", get("keywords", "keyword")) if k.strip()]
    pmid = get("pmid")
    if not pmid and fields.get("eprinttype", "").lower() == "pubmed":
        pmid = get("eprint")
    original = {"ENTRYTYPE": entry.entry_type, "ID": entry.key, **fields}
    return norm.make_row(
        title=get("title"),
        abstract=get("abstract"),
        authors=authors,
        year=norm.year_from(get("year"), get("date")),
        journal=get("journal", "journaltitle", "booktitle", "series"),
        volume=get("volume"),
        issue=get("number", "issue"),
        pages=get("pages").replace("--", "-"),
        doi=get("doi"),
        pmid=pmid,
        keywords=keywords,
        language=get("language", "langid"),
        publication_type=[entry.entry_type.lower()],
        url=get("url"),
        issn=get("issn", "isbn"),
        original=original,
        input_id=get("record_id", "id") or entry.key,
    )


def read_bibtex(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Read BibTeX text: ``(rows, quarantined, warnings)``."""
    # bibtexparser logs each aborted block as a warning; the quarantine table says it instead.
    splitter_log = logging.getLogger("bibtexparser.splitter")
    level = splitter_log.level
    splitter_log.setLevel(logging.ERROR)
    try:
        library = bibtexparser.parse_string(text)
    finally:
        splitter_log.setLevel(level)
    items: list[tuple[int, Entry | ParsingFailedBlock]] = [
        (e.start_line, e) for e in library.entries
    ]
    items += [(b.start_line, b) for b in library.failed_blocks]
    items.sort(key=lambda pair: pair[0])
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    warnings: list[str] = []
    for index, (start, block) in enumerate(items):
        line = start + 1  # bibtexparser counts lines from 0
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            warnings.append(f"line {line}: {block.error}; entry read anyway")
            block = block.ignore_error_block
        if isinstance(block, ParsingFailedBlock) or not isinstance(block, Entry):
            error = getattr(block, "error", None)
            detail = getattr(error, "abort_reason", "") or str(error or "") or "syntax error"
            bad.append(
                {
                    "record_index": index,
                    "line": line,
                    "reason": f"unparseable BibTeX entry: {detail}",
                    "raw": getattr(block, "raw", ""),
                }
            )
            continue
        longest = max((len(str(f.value)) for f in block.fields), default=0)
        if longest > norm.MAX_FIELD_CHARS:
            bad.append(
                {
                    "record_index": index,
                    "line": line,
                    "reason": (
                        f"a field is {longest:,} characters long (limit {norm.MAX_FIELD_CHARS:,})"
                    ),
                    "raw": block.raw or "",
                }
            )
            continue
        row = entry_to_row(block)
        row["record_index"] = index
        row["line"] = line
        rows.append(row)
    return rows, bad, warnings
