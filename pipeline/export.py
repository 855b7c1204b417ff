"""Export a records table for people and other tools: RIS, CSV, ASReview CSV.

- **RIS** (:func:`to_ris`) is written with rispy's writer. A record read from RIS is written
  back from its ``original`` tags, every tag and value as read, so RIS -> table -> RIS ->
  table gives the same table. Other records are written from the model columns.
- **CSV** (:func:`to_csv_frame`): every model column (and any column a later stage added),
  lists joined with ``"; "``.
- **ASReview CSV** (:func:`to_asreview_frame`): ``record_id, title, abstract, authors, year,
  doi, keywords, journal, pmid, url``, and ``label_included`` (1/0/empty) when the table has a
  label or decision column (``label_included``, ``final_included``, ``included``,
  ``screen_decision``, ``decision``, ``label``).

CSV cells that a spreadsheet would run as a formula (leading ``=``, ``+``, ``-``, ``@``) are
neutralised with :mod:`pipeline.cells`.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
from rispy import RisWriter

from pipeline import files, records
from pipeline.cells import neutralise_frame
from pipeline.errors import DataError, UsageError

#: Export formats by name.
FORMATS: tuple[str, ...] = ("ris", "csv", "asreview")
#: Columns of the ASReview CSV before the optional ``label_included``.
ASREVIEW_COLUMNS: tuple[str, ...] = (
    "record_id",
    "title",
    "abstract",
    "authors",
    "year",
    "doi",
    "keywords",
    "journal",
    "pmid",
    "url",
)
#: Columns that may hold a screening label or decision, in priority order.
LABEL_COLUMNS: tuple[str, ...] = (
    "label_included",
    "final_included",
    "included",
    "screen_decision",
    "decision",
    "label",
)
_YES = {"1", "1.0", "true", "yes", "y", "include", "included", "relevant"}
_NO = {"0", "0.0", "false", "no", "n", "exclude", "excluded", "irrelevant"}

#: rispy type names for the record model's publication types (for records not read from RIS).
_TYPE_CODES: dict[str, str] = {
    "journal article": "JOUR",
    "article": "JOUR",
    "review": "JOUR",
    "journal": "JOUR",
    "book": "BOOK",
    "book chapter": "CHAP",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "conference paper": "CPAPER",
    "inproceedings": "CPAPER",
    "conference proceeding": "CONF",
    "thesis": "THES",
    "phdthesis": "THES",
    "report": "RPRT",
    "techreport": "RPRT",
    "preprint": "UNPB",
}


class TagWriter(RisWriter):
    """rispy's RIS writer over tag-keyed records: no ``1.`` header, any tag allowed.

    rispy looks a record's keys up in the inverse of its tag table (lower-cased), so each
    record brings its own identity table ``{"TI": "ti", ...}``.
    """

    DEFAULT_LIST_TAGS: ClassVar[list[str]] = []
    DEFAULT_DELIMITER_MAPPING: ClassVar[dict] = {}

    def set_header(self, count: int) -> str:
        return ""


def _ris_tags_from_original(original: str) -> dict[str, Any] | None:
    """The RIS tags kept in ``original`` if the record came from RIS, else ``None``."""
    if not original:
        return None
    try:
        fields = json.loads(original)
    except ValueError:
        return None
    if not isinstance(fields, dict) or "TY" not in fields:
        return None
    if not all(isinstance(k, str) and len(k) == 2 and k.isalnum() for k in fields):
        return None
    return fields


def _ris_tags_from_model(row: pd.Series) -> dict[str, Any]:
    """RIS tags built from the model columns (records not read from RIS)."""
    types = [str(t).lower() for t in row["publication_type"]]
    code = next((_TYPE_CODES[t] for t in types if t in _TYPE_CODES), "JOUR")
    tags: dict[str, Any] = {"TY": code, "ID": row["record_id"]}
    if row["title"]:
        tags["TI"] = row["title"]
    if len(row["authors"]):
        tags["AU"] = list(row["authors"])
    if not pd.isna(row["year"]):
        tags["PY"] = str(int(row["year"]))
    for tag, column in (
        ("T2", "journal"),
        ("VL", "volume"),
        ("IS", "issue"),
        ("DO", "doi"),
        ("AN", "pmid"),
        ("LA", "language"),
        ("UR", "url"),
        ("SN", "issn"),
        ("AB", "abstract"),
        ("DB", "source"),
    ):
        if row[column]:
            tags[tag] = row[column]
    if row["pages"]:
        start, _, end = str(row["pages"]).partition("-")
        tags["SP"] = start
        if end:
            tags["EP"] = end
    if len(row["keywords"]):
        tags["KW"] = list(row["keywords"])
    if types:
        tags["M3"] = "; ".join(row["publication_type"])
    return tags


def _one_line(value: Any) -> Any:
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    return " ".join(str(value).split()) if "\n" in str(value) else str(value)


def ris_entries(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Tag-keyed RIS records for ``frame`` (original tags where the record came from RIS)."""
    table = records.normalise(frame)
    entries = []
    for _, row in table.iterrows():
        tags = _ris_tags_from_original(row["original"]) or _ris_tags_from_model(row)
        entries.append({tag: _one_line(value) for tag, value in tags.items()})
    return entries


def dumps_ris(entries: list[dict[str, Any]]) -> str:
    """Tag-keyed records -> RIS text (rispy writer)."""
    out = []
    for entry in entries:
        entry = dict(entry)
        ty = entry.pop("TY", "GEN") or "GEN"
        mapping = {tag: tag.lower() for tag in entry}
        mapping["TY"] = "type_of_reference"
        mapping["ER"] = "end_of_reference"
        mapping["UK"] = "unknown_tag"
        writer = TagWriter(mapping=mapping, enforce_list_tags=False)
        body = {tag.lower(): value for tag, value in entry.items()}
        body = {"type_of_reference": ty, **body}
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a dropped label would be data loss
            out.append(writer.formats([body]).rstrip("\n"))
    return "\n\n".join(out) + "\n" if out else ""


def to_ris(frame: pd.DataFrame) -> str:
    """A records table as RIS text."""
    return dumps_ris(ris_entries(frame))


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object and any(isinstance(v, list) for v in out[col]):
            out[col] = ["; ".join(map(str, v)) if isinstance(v, list) else v for v in out[col]]
    return out


def to_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column, lists joined with ``"; "``, formula-like cells neutralised."""
    return neutralise_frame(_flat(records.normalise(frame)))


def _label(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return pd.NA
    text = str(value).strip().lower()
    if text in _YES:
        return 1
    if text in _NO:
        return 0
    return pd.NA


def to_asreview_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The ASReview CSV columns (and ``label_included`` when a label column exists)."""
    table = records.normalise(frame)
    out = _flat(table[list(ASREVIEW_COLUMNS)])
    label_col = next((c for c in LABEL_COLUMNS if c in table.columns), None)
    if label_col is not None:
        out["label_included"] = pd.array([_label(v) for v in table[label_col]], dtype="Int64")
    return neutralise_frame(out)


def export(frame: pd.DataFrame, path: str | Path, *, format: str) -> Path:
    """Write ``frame`` to ``path`` as ``format`` (one of :data:`FORMATS`)."""
    if format not in FORMATS:
        raise UsageError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    path = Path(path)
    if format == "ris":
        files.write_text(path, to_ris(frame), encoding="utf-8")
    elif format == "csv":
        files.write_csv(to_csv_frame(frame), path, index=False)
    else:
        files.write_csv(to_asreview_frame(frame), path, index=False)
    return path


def export_file(source: str | Path, out: str | Path, *, format: str) -> tuple[int, Path]:
    """Read a records table (Parquet or CSV) and export it; returns ``(records, path)``."""
    frame = records.read_records(source)
    if "record_id" not in frame.columns or frame["record_id"].eq("").any():
        raise DataError(f"{source}: not a records table (rows without record_id)")
    return len(frame), export(frame, out, format=format)
