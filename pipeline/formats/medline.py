"""PubMed/MEDLINE tagged text (``.nbib``, PubMed's "PubMed" format ``.txt``) read with
Biopython's :mod:`Bio.Medline`.

Records are split here at ``PMID-`` lines (blank lines inside a record are dropped, so a stray
blank line cannot cut a record in two), then each is parsed by ``Bio.Medline.parse`` on its
own. A line that is neither a tag line (``XXXX- value``) nor a 6-space continuation quarantines
its record; so does a field over :data:`~pipeline.formats.fields.MAX_FIELD_CHARS`.

Field use follows the NLM's MEDLINE element descriptions
(https://www.nlm.nih.gov/bsd/mms/medlineelements.html): ``FAU`` (full author) before ``AU``,
``JT`` before ``TA``, ``LID``/``AID`` with ``[doi]`` for the DOI, ``DP`` for the year, ``MH`` and
``OT`` as keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from Bio import Medline

from pipeline.formats import fields as norm

_TAG = re.compile(r"^[A-Z][A-Z0-9]{0,3} {0,3}- ")
_DOI_TAGGED = re.compile(r"(\S+)\s*\[doi\]", re.IGNORECASE)


def split_records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """``(first_line_number, lines)`` per record, a record starting at each ``PMID-`` line."""
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, start=1):
        if line.startswith("PMID-"):
            if current is not None:
                yield start, current
            current, start = [line], number
        elif current is not None and line and not line.isspace():  # (strip() would copy)
            current.append(line)
    if current is not None:
        yield start, current


def _next_start(block: str, pos: int) -> int:
    """Where the next ``PMID-`` line after ``pos`` starts, or -1."""
    found = block.find("\nPMID-", pos)
    return found + 1 if found >= 0 else -1


def split_record_texts(blocks: Iterable[str], first_line: int = 1) -> Iterator[tuple[int, str]]:
    """What :func:`split_records` gives, with each record's lines joined by ``"\\n"``, from
    blocks of whole lines (:func:`pipeline.ingest.encoding.iter_blocks`; the lines are
    numbered from ``first_line``): record starts are found with ``str.find`` instead of a
    test per line. Blank lines are left in (:func:`parse_record` drops them)."""
    parts: list[str] | None = None  # the current record's text, from its PMID line
    start = 0
    line = first_line  # the line number at `done` in the current block
    for block in blocks:
        done = 0
        pos = 0 if block.startswith("PMID-") else _next_start(block, 0)
        while pos >= 0:
            if parts is not None:
                parts.append(block[done:pos])
                yield start, "".join(parts).rstrip("\n")
            line += block.count("\n", done, pos)
            parts, start, done = [], line, pos
            pos = _next_start(block, pos)
        if parts is not None:
            parts.append(block[done:])
        line += block.count("\n", done)
    if parts is not None:
        yield start, "".join(parts).rstrip("\n")


def _doi(record: dict[str, Any]) -> str:
    # Bio.Medline joins repeated LID lines into one string: "10.1/x [doi] e029702 [pii]".
    for key in ("LID", "AID"):
        for value in norm.as_list(record.get(key)):
            match = _DOI_TAGGED.search(value)
            if match:
                return match.group(1)
    return ""


def record_to_row(record: dict[str, Any]) -> dict[str, Any]:
    """Map one ``Bio.Medline.Record`` onto the record model."""
    mesh = [m.replace("*", "") for m in norm.as_list(record.get("MH"))]  # "/*drug therapy"
    return norm.make_row(
        title=norm.first(record, "TI", "BTI"),
        abstract=record.get("AB", ""),
        authors=norm.as_list(norm.first(record, "FAU", "AU")),
        year=norm.year_from(record.get("DP"), record.get("DEP"), record.get("EDAT")),
        journal=norm.first(record, "JT", "TA"),
        volume=record.get("VI", ""),
        issue=record.get("IP", ""),
        pages=record.get("PG", ""),
        doi=_doi(record),
        pmid=record.get("PMID", ""),
        keywords=[*mesh, *norm.as_list(record.get("OT"))],
        language=norm.join_value(record.get("LA"), "; "),
        publication_type=norm.as_list(record.get("PT")),
        issn=norm.join_value(record.get("IS"), "; "),
        original=dict(record),
        input_id=record.get("PMID", ""),
    )


def iter_medline(
    lines: Iterable[str], *, warnings: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Read MEDLINE lines, one dict per record (see :func:`pipeline.formats.ris.iter_ris`)."""
    for index, (line_no, record_lines) in enumerate(split_records(lines)):
        yield parse_record(index, line_no, record_lines)


def parse_record(index: int, line_no: int, record_lines: list[str] | str) -> dict[str, Any]:
    """One record from :func:`split_records` (its lines, or the lines joined by ``"\\n"``)
    -> a row, or a quarantined record with its ``reason``. Records are independent, so
    batches can be parsed in other processes."""
    if isinstance(record_lines, str):
        text = record_lines
        record_lines = text.split("\n")
        if (
            len(text) <= norm.MAX_FIELD_CHARS
            and _tag_or_continuation(record_lines[0])
            and _UNTAGGED_LINE.search(text) is None
        ):
            reason = ""  # (the usual case: one scan finds every line tagged or continued)
        else:
            # Blank lines are dropped, as split_records does, and not counted as lines.
            record_lines = [line for line in record_lines if line and not line.isspace()]
            reason = _first_bad_line(line_no, record_lines)
    else:
        reason = _first_bad_line(line_no, record_lines)
    if not reason:
        try:
            record = next(Medline.parse(record_lines))
        except Exception as exc:  # noqa: BLE001 - Bio.Medline has no error type of its own
            reason = f"unparseable MEDLINE record ({type(exc).__name__}: {exc})"
    if reason:
        return norm.quarantined(index, line_no, reason, record_lines)
    row = record_to_row(record)
    row["record_index"] = index
    row["line"] = line_no
    return row


# A line after the first that is blank or not what _tag_or_continuation accepts (starting
# with the line end lets the regex engine skip from line to line).
_UNTAGGED_LINE = re.compile(r"\n(?!.{4}- |      [^\S\n]*\S|[A-Z][A-Z0-9]{0,3} {0,3}- )")


def _tag_or_continuation(line: str) -> bool:
    return line[4:6] == "- " or line.startswith("      ") or _TAG.match(line) is not None


def _untagged(number: int) -> str:
    return f"line {number} is not a MEDLINE tag or continuation line"


def _first_bad_line(line_no: int, record_lines: list[str]) -> str:
    """Why the record is quarantined (its first over-long or untagged line), or ``""``."""
    for offset, line in enumerate(record_lines):
        if len(line) > norm.MAX_FIELD_CHARS:
            return (
                f"field {line[:4].strip()} is {len(line):,} characters long "
                f"(limit {norm.MAX_FIELD_CHARS:,})"
            )
        if not _tag_or_continuation(line):
            return _untagged(line_no + offset)
    return ""


def read_medline(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Read MEDLINE text: ``(rows, quarantined, warnings)``."""
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    for item in iter_medline(text.split("\n")):
        (bad if "reason" in item else rows).append(item)
    return rows, bad, []
