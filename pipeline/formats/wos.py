"""Web of Science plain text (tagged ``PT``...``ER`` records, ``FN``/``VR`` header, ``EF`` end)
read with rispy's ``WokParser``.

As for RIS, records are split here (``PT`` opens, ``ER`` closes) and parsed one by one, so a
broken record is quarantined with its line; a record cut off by the end of the file is
quarantined. Field tags follow Clarivate's "Web of Science Core Collection field tags" list:
``AF`` full author names (``AU`` abbreviated), ``SO`` source, ``BP``/``EP``/``AR`` pages,
``DI`` DOI, ``PM`` PubMed id, ``DE`` author keywords, ``ID`` Keywords Plus, ``UT`` accession.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from rispy import WokParser
from rispy.config import WOK_TAG_KEY_MAPPING

from pipeline.formats import fields as norm

_START = re.compile(r"^PT ")
_END = re.compile(r"^ER\s*$")
_LINE = re.compile(r"^(?:[A-Z][A-Z0-9](?: |$)|   )")

#: rispy's table extended with tags it does not know (tag -> field name).
MAPPING: dict[str, str] = {
    **WOK_TAG_KEY_MAPPING,
    "AN": "accession_number_zr",
    "PS": "page_string",
    "U1": "usage_count_180",
    "U2": "usage_count_2013",
    "D2": "book_doi",
    "EA": "early_access_date",
    "EY": "early_access_year",
    "OA": "open_access",
    "HC": "highly_cited",
    "HP": "hot_paper",
    "DA": "report_date",
    "UK": "unknown_tag",  # where rispy collects tags missing from this table
}


class WosReader(WokParser):
    """WokParser with the extended tag table; keeps repeated tags instead of dropping them."""

    DEFAULT_MAPPING = MAPPING

    def __init__(self) -> None:
        super().__init__(enforce_list_tags=False)


def split_records(lines: Iterable[str]) -> Iterator[tuple[int, list[str], str]]:
    """``(first_line, lines, problem)`` per record; ``problem`` is ``""``, ``"next-pt"`` or
    ``"eof"`` (see :func:`pipeline.formats.ris.split_records`)."""
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, start=1):
        if _START.match(line):
            if current is not None:
                yield start, current, "next-pt"
            current, start = [line], number
        elif current is not None:
            current.append(line)
            if _END.match(line):
                yield start, current, ""
                current = None
    if current is not None:
        yield start, current, "eof"


def record_to_row(record: dict[str, Any]) -> dict[str, Any]:
    """Map one WokParser record onto the record model."""
    names = {v: k for k, v in MAPPING.items()}

    def tag(code: str) -> Any:
        return record.get(MAPPING.get(code, code), "")

    keywords = [
        k.strip()
        for code in ("DE", "ID")
        for k in norm.join_value(tag(code), " ").split(";")
        if k.strip()
    ]
    original = {names.get(k, k): v for k, v in record.items() if k != "unknown_tag"}
    for code, values in record.get("unknown_tag", {}).items():
        original[code] = values[0] if len(values) == 1 else list(values)
    return norm.make_row(
        title=tag("TI"),
        abstract=tag("AB"),
        authors=norm.as_list(tag("AF") or tag("AU")),
        year=norm.year_from(tag("PY"), tag("PD"), tag("EY")),
        journal=tag("SO"),
        volume=tag("VL"),
        issue=tag("IS"),
        pages=norm.page_range(tag("BP"), tag("EP")) or tag("AR") or tag("PS"),
        doi=tag("DI"),
        pmid=tag("PM"),
        keywords=keywords,
        language=tag("LA"),
        publication_type=[
            p.strip() for p in norm.join_value(tag("DT"), "; ").split(";") if p.strip()
        ],
        issn=norm.first(record, MAPPING["SN"], MAPPING["EI"]),
        original=original,
        input_id=norm.join_value(tag("UT") or tag("AN")),
    )


def iter_wos(
    lines_in: Iterable[str], *, warnings: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Read Web of Science lines, one dict per record (see ``ris.iter_ris``)."""
    parser = WosReader()
    for index, (line_no, lines, problem) in enumerate(split_records(lines_in)):
        raw = norm.excerpt(lines)
        reason = ""
        if problem == "eof":
            reason = "no ER end tag: the record is cut off by the end of the file"
        elif any(len(line) > norm.MAX_FIELD_CHARS for line in lines):
            longest = max(lines, key=len)
            reason = (
                f"field {longest[:2]} is {len(longest):,} characters long "
                f"(limit {norm.MAX_FIELD_CHARS:,})"
            )
        else:
            strange = next(
                (i for i, line in enumerate(lines) if line.strip() and not _LINE.match(line)),
                None,
            )
            if strange is not None:
                reason = f"line {line_no + strange} is not a Web of Science tag line"
        if reason:
            yield {"record_index": index, "line": line_no, "reason": reason, "raw": raw}
            continue
        if problem == "next-pt":
            if warnings is not None:
                warnings.append(f"record {index} (line {line_no}): no ER before the next PT")
            lines = [*lines, "ER"]
        body = [line for line in lines if line.strip()]
        try:
            parsed = parser.parse_lines(iter(body))
        except Exception as exc:  # noqa: BLE001 - rispy raises assorted errors on bad input
            parsed = []
            reason = f"unparseable Web of Science record ({type(exc).__name__}: {exc})"
        if len(parsed) != 1:
            yield {
                "record_index": index,
                "line": line_no,
                "reason": reason or "unparseable Web of Science record",
                "raw": raw,
            }
            continue
        row = record_to_row(parsed[0])
        row["record_index"] = index
        row["line"] = line_no
        yield row


def read_wos(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Read Web of Science plain text: ``(rows, quarantined, warnings)``."""
    warnings: list[str] = []
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    for item in iter_wos(text.split("\n"), warnings=warnings):
        (bad if "reason" in item else rows).append(item)
    return rows, bad, warnings
