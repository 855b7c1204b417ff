"""Cochrane Library plain-text export (CENTRAL, CDSR): "Record #1 of 2" headers, then
``TAG: value`` lines (``ID: CN-01234567``, ``AU:`` one per author, ``TI:``, ``SO:`` source,
``YR:``, ``VL:``, ``NO:`` issue, ``PG:``, ``KY:`` keywords separated by ``;``, ``DOI:``,
``AB:``, ``US:`` URL, ``PT:`` publication type, ``XR:`` cross-references, ``PM:`` PubMed id).

Records are split at the ``Record #`` headers; a line that is neither a ``TAG: value`` line
nor a continuation of the previous value quarantines its record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.formats import fields as norm

HEADER = re.compile(r"^Record #\d+ of \d+\s*$")
_FIELD = re.compile(r"^([A-Z][A-Z0-9]{1,3}):\s?(.*)$")
_PUBMED = re.compile(r"\bPUBMED\s+(\d{1,9})\b")


def split_records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """``(header_line_number, lines)`` per record."""
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, start=1):
        if HEADER.match(line):
            if current is not None:
                yield start, current
            current, start = [], number
        elif current is not None and line.strip():
            current.append(line)
    if current is not None:
        yield start, current


def parse_record(lines: list[str], first_line: int) -> tuple[dict[str, Any], str]:
    """``(fields, problem)``: fields by tag (a list when a tag repeats)."""
    fields: dict[str, Any] = {}
    last = ""
    for offset, line in enumerate(lines, start=1):
        match = _FIELD.match(line)
        if match:
            last, value = match.group(1), match.group(2).strip()
            if last in fields:
                existing = fields[last]
                fields[last] = (
                    [*existing, value]
                    if isinstance(existing, list)
                    else [
                        existing,
                        value,
                    ]
                )
            else:
                fields[last] = value
        elif last and line.startswith((" ", "\t")):
            value = fields[last]
            if isinstance(value, list):
                value[-1] = f"{value[-1]} {line.strip()}"
            else:
                fields[last] = f"{value} {line.strip()}"
        else:
            return fields, f"line {first_line + offset} is not a 'TAG: value' line"
    return fields, ""


def record_to_row(fields: dict[str, Any]) -> dict[str, Any]:
    """Map one Cochrane record onto the record model."""

    def get(tag: str) -> str:
        return norm.join_value(fields.get(tag, ""), "; ")

    pmid = get("PM")
    if not pmid:
        match = _PUBMED.search(get("XR"))
        pmid = match.group(1) if match else ""
    keywords = [k.strip() for k in get("KY").split(";") if k.strip()]
    return norm.make_row(
        title=get("TI"),
        abstract=norm.join_value(fields.get("AB", ""), " "),
        authors=norm.as_list(fields.get("AU")),
        year=norm.year_from(get("YR"), get("SO")),
        journal=get("SO"),
        volume=get("VL"),
        issue=get("NO"),
        pages=get("PG"),
        doi=get("DOI"),
        pmid=pmid,
        keywords=keywords,
        language=get("LA"),
        publication_type=[p.strip() for p in get("PT").split(";") if p.strip()],
        url=get("US"),
        issn=get("SN"),
        original=fields,
        input_id=get("ID"),
    )


def iter_cochrane(
    lines: Iterable[str], *, warnings: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Read Cochrane plain-text lines, one dict per record (see ``ris.iter_ris``)."""
    for index, (line_no, record_lines) in enumerate(split_records(lines)):
        longest = max((len(line) for line in record_lines), default=0)
        if longest > norm.MAX_FIELD_CHARS:
            reason = f"a field is {longest:,} characters long (limit {norm.MAX_FIELD_CHARS:,})"
        else:
            fields, reason = parse_record(record_lines, line_no)
            if not reason and not fields:
                reason = "empty record (a header with no fields)"
        if reason:
            yield norm.quarantined(index, line_no, reason, record_lines)
            continue
        row = record_to_row(fields)
        row["record_index"] = index
        row["line"] = line_no
        yield row
