"""EndNote XML (``<xml><records><record>...``), as written by EndNote and Mendeley.

The document is cut into ``<record>`` elements here and each is parsed on its own with
:mod:`defusedxml`, so a malformed record (or one cut off by the end of the file) is quarantined
with its line while every other record is read; a truncated document loses only its last
record. A document that declares entities is refused as a whole (entity-expansion "billion
laughs" and external-entity attacks), and so is a record that uses an undefined entity.

EndNote wraps text in ``<style face=... >`` elements; values are the element's whole text.
Element names follow EndNote's XML DTD (``titles/title``, ``periodical/full-title``,
``contributors/authors/author``, ``dates/year``, ``electronic-resource-num`` for the DOI,
``accession-num``, ``ref-type name=...``).
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from pipeline.errors import DataError
from pipeline.formats import fields as norm

_START = re.compile(r"<record[\s>]")
_END = "</record>"
_PMID = re.compile(r"^\d{1,9}$")


def _text(element: Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _all(record: Element, path: str) -> list[str]:
    return [t for t in (_text(e) for e in record.findall(path)) if t]


def _flatten(element: Element, prefix: str = "") -> dict[str, Any]:
    """Leaf elements by path (``titles/title``), lists where they repeat; attributes as
    ``path@name``. ``<style>`` wrappers count as text, not structure."""
    out: dict[str, Any] = {}
    for child in element:
        path = f"{prefix}{child.tag}"
        for name, value in sorted(child.attrib.items()):
            out[f"{path}@{name}"] = value
        children = [c for c in child if c.tag != "style"]
        if children:
            for key, value in _flatten(child, f"{path}/").items():
                if key in out:
                    existing = out[key] if isinstance(out[key], list) else [out[key]]
                    out[key] = existing + (value if isinstance(value, list) else [value])
                else:
                    out[key] = value
            continue
        text = _text(child)
        if path in out:
            existing = out[path] if isinstance(out[path], list) else [out[path]]
            out[path] = [*existing, text]
        else:
            out[path] = text
    return out


def record_to_row(record: Element) -> dict[str, Any]:
    """Map one ``<record>`` element onto the record model."""
    accession = _text(record.find("accession-num"))
    ref_type = record.find("ref-type")
    types = [ref_type.get("name", "")] if ref_type is not None else []
    return norm.make_row(
        title=_text(record.find("titles/title")),
        abstract=_text(record.find("abstract")),
        authors=_all(record, "contributors/authors/author"),
        year=norm.year_from(_text(record.find("dates/year")), _text(record.find("dates"))),
        journal=_text(record.find("periodical/full-title"))
        or _text(record.find("titles/secondary-title"))
        or _text(record.find("periodical/abbr-1")),
        volume=_text(record.find("volume")),
        issue=_text(record.find("number")) or _text(record.find("issue")),
        pages=_text(record.find("pages")),
        doi=_text(record.find("electronic-resource-num")),
        pmid=accession if _PMID.match(accession) else "",
        keywords=_all(record, "keywords/keyword"),
        language=_text(record.find("language")),
        publication_type=types,
        url=(_all(record, "urls/related-urls/url") or _all(record, "urls/web-urls/url"))[:1],
        issn=_text(record.find("isbn")),
        original=_flatten(record),
        input_id=_text(record.find("rec-number")),
    )


def _refuse_entities(text: str, name: str) -> None:
    head = text[: text.find("<record")] if "<record" in text else text[:100_000]
    if "<!DOCTYPE" not in head and "<!ENTITY" not in head:
        return
    try:
        SafeET.fromstring(head + "</xml>" if "<xml" in head else head)
    except DefusedXmlException as exc:
        raise DataError(
            f"{name}: the XML declares entities ({type(exc).__name__}); refused, as entity "
            "expansion can exhaust memory and external entities can read local files"
        ) from exc
    except ParseError:
        pass


def read_endnote_xml(
    text: str, *, name: str = ""
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Read EndNote XML text: ``(rows, quarantined, warnings)``."""
    _refuse_entities(text, name or "input")
    starts = [m.start() for m in _START.finditer(text)]
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    line = 1
    previous = 0
    for index, start in enumerate(starts):
        line += text.count("\n", previous, start)
        previous = start
        stop = starts[index + 1] if index + 1 < len(starts) else len(text)
        end = text.find(_END, start, stop)
        if end < 0:
            cut = "the end of the file" if index + 1 == len(starts) else "the next <record>"
            bad.append(
                {
                    "record_index": index,
                    "line": line,
                    "reason": f"no </record> end tag before {cut}",
                    "raw": text[start : min(stop, start + 4000)],
                }
            )
            continue
        chunk = text[start : end + len(_END)]
        if len(chunk) > norm.MAX_FIELD_CHARS:
            bad.append(
                {
                    "record_index": index,
                    "line": line,
                    "reason": (
                        f"record is {len(chunk):,} characters long (limit {norm.MAX_FIELD_CHARS:,})"
                    ),
                    "raw": chunk[:4000],
                }
            )
            continue
        try:
            element = SafeET.fromstring(chunk)
        except (ParseError, DefusedXmlException) as exc:
            bad.append(
                {
                    "record_index": index,
                    "line": line,
                    "reason": f"malformed XML record ({exc})",
                    "raw": chunk,
                }
            )
            continue
        row = record_to_row(element)
        row["record_index"] = index
        row["line"] = line
        rows.append(row)
    return rows, bad, []
