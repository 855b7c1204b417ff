"""PubMed/MEDLINE tagged text (``.nbib``, PubMed's "PubMed" format ``.txt``) read with
Biopython's :mod:`Bio.Medline`.

Records are split here at ``PMID-`` lines (blank lines inside a record are dropped, so a stray
blank line cannot cut a record in two), then each is parsed by ``Bio.Medline.parse`` on its
own. A line that is neither a tag line (``XXXX- value``) nor a 6-space continuation quarantines
its record; so does a field over :data:`~pipeline.ingest.normalise.MAX_FIELD_CHARS`.

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

from pipeline.ingest import normalise as norm

_TAG = re.compile(r"^[A-Z][A-Z0-9]{0,3} {0,3}- ")
#: A line that is none of: ``XXXX- `` at columns 5-6, a 6-space continuation, a tag line.
_BAD_LINE = re.compile(r"^(?!.{4}- |      |[A-Z][A-Z0-9]{0,3} {0,3}- )", re.M)
_PMID = re.compile(r"^PMID-")
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
    """Read MEDLINE lines, one dict per record (see :func:`pipeline.ingest.ris.iter_ris`)."""
    for index, (line_no, record_lines) in enumerate(split_records(lines)):
        yield parse_record(index, line_no, record_lines)


def parse_record(index: int, line_no: int, record_lines: list[str] | str) -> dict[str, Any]:
    """One record from :func:`split_records` (its lines, or the lines joined by ``"\\n"``)
    -> a row, or a quarantined record with its ``reason``. Records are independent, so
    batches can be parsed in other processes."""
    if isinstance(record_lines, str):
        text, record_lines = record_lines, record_lines.split("\n")
    else:
        text = "\n".join(record_lines)
    # One regex scan over the record finds whether any line is bad; only then is the
    # record walked line by line for the first bad line and its reason.
    if len(text) > norm.MAX_FIELD_CHARS or _BAD_LINE.search(text):
        reason = _first_bad_line(line_no, record_lines)
    else:
        reason = ""
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


def _first_bad_line(line_no: int, record_lines: list[str]) -> str:
    """Why the record is quarantined (its first over-long or untagged line), or ``""``."""
    for offset, line in enumerate(record_lines):
        if len(line) > norm.MAX_FIELD_CHARS:
            return (
                f"field {line[:4].strip()} is {len(line):,} characters long "
                f"(limit {norm.MAX_FIELD_CHARS:,})"
            )
        if line[4:6] != "- " and not line.startswith("      ") and not _TAG.match(line):
            return f"line {line_no + offset} is not a MEDLINE tag or continuation line"
    return ""


def read_medline(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Read MEDLINE text: ``(rows, quarantined, warnings)``."""
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    for item in iter_medline(text.split("\n")):
        (bad if "reason" in item else rows).append(item)
    return rows, bad, []
