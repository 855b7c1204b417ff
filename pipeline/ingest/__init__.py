"""Ingest: bibliographic exports -> one records table (the record model), a per-file report
and a quarantine table.

Reads RIS (Ovid, Embase, EBSCO, Scopus, Web of Science, EndNote, Zotero, Mendeley, ProQuest),
PubMed/MEDLINE (``.nbib``), PubMed XML, Web of Science plain text, BibTeX, CSV/TSV (ASReview,
Scopus, Web of Science, Embase, Zotero) and EndNote XML; the format is detected by content.
A records table (``.parquet``) is passed through.

Adds nothing to an existing table; produces the model's columns (``pipeline.records``):
``source`` (database), ``source_file`` (file name as given), ``source_index`` (0-based
position of the record in the file, counting quarantined records too) and ``original`` (the
source record's own fields as JSON).

Every record found in a file is either in the records table or in the quarantine table with
a line number and a reason (cut off by the end of the file, unparseable, a field over 1 MB,
neither title nor abstract). A file that cannot be read at all (empty, binary, unknown
format, an XML entity bomb) raises :class:`~pipeline.errors.DataError` naming the file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records
from pipeline.errors import DataError, UsageError
from pipeline.ingest import detect
from pipeline.ingest.encoding import decode

log = logging.getLogger(__name__)

#: Columns of the quarantine table.
QUARANTINE_COLUMNS: tuple[str, ...] = (
    "file",
    "database",
    "line",
    "record_index",
    "reason",
    "raw",
)
#: Columns of the ingest report (one row per file).
REPORT_COLUMNS: tuple[str, ...] = (
    "file",
    "database",
    "format",
    "encoding",
    "records_read",
    "records_kept",
    "records_quarantined",
    "warnings",
)
#: Columns beyond the record model that ingest carries over from the input: an ASReview-style
#: label (1 relevant, 0 irrelevant, empty unlabelled), used by ``slr screen simulate``.
EXTRA_COLUMNS: tuple[str, ...] = ("label_included",)
#: The quarantine table keeps at most this much of a bad record's text.
RAW_CHARS = 2_000


@dataclass
class FileResult:
    """What reading one file gave."""

    file: str
    database: str
    format: str
    encoding: str
    records: pd.DataFrame
    quarantine: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def report_row(self) -> dict[str, Any]:
        kept, bad = len(self.records), len(self.quarantine)
        return {
            "file": self.file,
            "database": self.database,
            "format": self.format,
            "encoding": self.encoding,
            "records_read": kept + bad,
            "records_kept": kept,
            "records_quarantined": bad,
            "warnings": "; ".join(self.warnings),
        }


def _read_text_format(
    fmt: str, text: str, data: bytes, name: str
) -> tuple[list[dict], list[dict], list[str], str, str]:
    """Dispatch to a format module: ``(rows, bad, warnings, format_label, database)``."""
    if fmt == "ris":
        from pipeline.ingest import ris

        flavour, db = ris.detect_flavour(text)
        rows, bad, warnings = ris.read_ris(text, flavour=flavour, database=db)
        return rows, bad, warnings, flavour, db
    if fmt == "medline":
        from pipeline.ingest import medline

        rows, bad, warnings = medline.read_medline(text)
        return rows, bad, warnings, "medline", "pubmed"
    if fmt == "wos":
        from pipeline.ingest import wos

        rows, bad, warnings = wos.read_wos(text)
        return rows, bad, warnings, "wos", "wos"
    if fmt == "bibtex":
        from pipeline.ingest import bibtex

        rows, bad, warnings = bibtex.read_bibtex(text)
        return rows, bad, warnings, "bibtex", ""
    if fmt == "endnote_xml":
        from pipeline.ingest import endnote_xml

        rows, bad, warnings = endnote_xml.read_endnote_xml(text, name=name)
        return rows, bad, warnings, "endnote_xml", ""
    if fmt == "pubmed_xml":
        from pipeline.formats.pubmed_xml import read_pubmed_xml
        from pipeline.ingest import normalise as norm

        found, bad = read_pubmed_xml(data, source_file=name)
        rows = []
        for rec in found:
            row = dict(rec)
            row["language"] = norm.language_name(row.get("language", ""))
            row["authors"] = norm.format_authors(row.get("authors") or [])
            row["record_index"] = row.pop("source_index", len(rows))
            row["line"] = row.get("line", "")
            row["input_id"] = row.get("pmid", "")
            rows.append(row)
        return rows, bad, [], "pubmed_xml", "pubmed"
    if fmt == "table":
        from pipeline.ingest import tables

        rows, bad, warnings, flavour, db = tables.read_table(text, name=name)
        return rows, bad, warnings, flavour, db
    raise DataError(f"{name}: no reader for format {fmt!r}")  # pragma: no cover


def _quarantine_frame(bad: list[dict], *, file: str, database: str) -> pd.DataFrame:
    rows = [
        {
            "file": file,
            "database": database,
            "line": int(b["line"]) if str(b.get("line", "")).strip() else pd.NA,
            "record_index": int(b["record_index"]),
            "reason": " ".join(str(b["reason"]).split()),
            "raw": str(b.get("raw", ""))[:RAW_CHARS],
        }
        for b in bad
    ]
    frame = pd.DataFrame(rows, columns=list(QUARANTINE_COLUMNS))
    frame["line"] = pd.array(frame["line"], dtype="Int64")
    frame["record_index"] = pd.array(frame["record_index"], dtype="Int64")
    return frame


def _finish(
    rows: list[dict], *, source: str, file: str, keep_ids: bool
) -> tuple[pd.DataFrame, list[dict]]:
    """Rows -> a records table; rows with neither title nor abstract are quarantined."""
    kept: list[dict] = []
    bad: list[dict] = []
    for row in rows:
        if not str(row.get("title", "")).strip() and not str(row.get("abstract", "")).strip():
            bad.append(
                {
                    "record_index": row["record_index"],
                    "line": row.get("line", ""),
                    "reason": "no title and no abstract",
                    "raw": row.get("original", ""),
                }
            )
            continue
        input_id = str(row.pop("input_id", "") or "").strip()
        out = {k: v for k, v in row.items() if k in records.COLUMNS or k in EXTRA_COLUMNS}
        out["source"] = source
        out["source_file"] = file
        out["source_index"] = row["record_index"]
        out["record_id"] = input_id if keep_ids else ""
        if keep_ids and not input_id:
            raise DataError(
                f"{file}: record {row['record_index']} (line {row.get('line', '?')}) has no "
                "id of its own; --keep-ids needs an ID tag or a record_id/id column"
            )
        kept.append(out)
    frame = records.from_dicts(kept)
    if "label_included" in frame.columns:
        frame["label_included"] = pd.array(
            [None if pd.isna(v) else int(v) for v in frame["label_included"]], dtype="Int64"
        )
    frame = records.assign_record_ids(frame)
    return frame, bad


def read_file(
    path: str | Path,
    *,
    database: str | None = None,
    keep_ids: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One export file -> ``(records, quarantine)``.

    ``records`` is a records table with ``record_id`` assigned (or the input's own ids with
    ``keep_ids``); ``quarantine`` has the columns :data:`QUARANTINE_COLUMNS`. The format is
    detected from the content; ``database=None`` infers the database from vendor markers,
    else uses the file stem.
    """
    result = read_file_result(path, database=database, keep_ids=keep_ids)
    return result.records, result.quarantine


def _database_name(value: str) -> str:
    return records.fold_text(value).replace(" ", "_")


def read_file_result(
    path: str | Path, *, database: str | None = None, keep_ids: bool = False
) -> FileResult:
    """Like :func:`read_file`, with the format, encoding and warnings for the report."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise DataError(f"{name}: no such file")
    if path.is_dir():
        raise DataError(f"{name}: is a folder, not an export file")
    data = path.read_bytes()
    if not data.strip():
        raise DataError(f"{name}: the file is empty (no records)")
    fmt = detect.sniff_bytes(data, name=name)
    if fmt == "parquet":
        frame = records.read_records(path)
        db = _database_name(database) if database else ""
        if db:
            frame["source"] = db
            if not keep_ids:
                frame = records.assign_record_ids(frame, overwrite=True)
        empty = _quarantine_frame([], file=name, database=db)
        label = db or ",".join(sorted(set(frame["source"]))) if len(frame) else db
        return FileResult(name, label, "parquet", "", frame, empty)
    text, encoding = decode(data, name=name)
    fmt = detect.detect_format(text, name=name)
    rows, bad, warnings, label, inferred = _read_text_format(fmt, text, data, name)
    db = _database_name(database or inferred or path.stem) or "unknown"
    frame, empty_rows = _finish(rows, source=db, file=name, keep_ids=keep_ids)
    bad = sorted([*bad, *empty_rows], key=lambda b: int(b["record_index"]))
    if encoding == "cp1252":
        warnings = ["not UTF-8: decoded as cp1252 (Windows Latin-1)", *warnings]
    elif encoding == "utf-8+cp1252":
        warnings = ["mixed encodings: lines that are not UTF-8 decoded as cp1252", *warnings]
    if not len(frame) and not bad:
        raise DataError(f"{name}: no records found in this {label} file")
    return FileResult(
        file=name,
        database=db,
        format=label,
        encoding=encoding,
        records=frame,
        quarantine=_quarantine_frame(bad, file=name, database=db),
        warnings=warnings,
    )


def parse_spec(spec: str | Path | tuple[str, str | Path]) -> tuple[str | None, Path]:
    """``"embase=exports/embase.ris"`` -> ``("embase", Path(...))``; a plain path -> ``None``.

    >>> parse_spec("cinahl=a/b.ris")
    ('cinahl', PosixPath('a/b.ris'))
    >>> parse_spec("a/b=c.ris") == (None, Path("a/b=c.ris"))
    True
    """
    if isinstance(spec, tuple):
        return spec[0], Path(spec[1])
    if isinstance(spec, Path):
        return None, spec
    head, sep, tail = spec.partition("=")
    if sep and head and "/" not in head and "\\" not in head:
        if not tail:
            raise UsageError(f"{spec!r}: give DATABASE=PATH with a path after '='")
        return head, Path(tail)
    return None, Path(spec)


def ingest_files(
    specs: Iterable[str | Path | tuple[str, str | Path]],
    *,
    keep_ids: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Many files -> ``(records, report, quarantine)``.

    ``specs`` are paths, ``"DATABASE=PATH"`` strings or ``(database, path)`` pairs. Records
    are sorted by ``record_id``; ids repeated across files get ``-2``, ``-3`` suffixes in the
    order the files are given. Fails on the first file that cannot be read at all.
    """
    from pipeline.progress import progress

    parsed = [parse_spec(s) for s in specs]
    if not parsed:
        raise UsageError("no input files given")
    frames: list[pd.DataFrame] = []
    reports: list[dict[str, Any]] = []
    bads: list[pd.DataFrame] = []
    for database, path in progress(parsed, desc="ingest", unit="file"):
        result = read_file_result(path, database=database, keep_ids=keep_ids)
        for warning in result.warnings:
            log.warning("%s: %s", result.file, warning)
        if len(result.quarantine):
            log.warning(
                "%s: %d record(s) quarantined (first: line %s, %s)",
                result.file,
                len(result.quarantine),
                result.quarantine["line"].iloc[0],
                result.quarantine["reason"].iloc[0],
            )
        frames.append(result.records)
        reports.append(result.report_row())
        bads.append(result.quarantine)
    combined = pd.concat(frames, ignore_index=True) if frames else records.empty()
    combined = _dedupe_ids(combined, keep_ids=keep_ids)
    combined = combined.sort_values("record_id", kind="stable").reset_index(drop=True)
    report = pd.DataFrame(reports, columns=list(REPORT_COLUMNS))
    quarantine = (
        pd.concat(bads, ignore_index=True) if bads else _quarantine_frame([], file="", database="")
    )
    return combined, report, quarantine


def _dedupe_ids(frame: pd.DataFrame, *, keep_ids: bool) -> pd.DataFrame:
    """Ids are unique per file; across files an exact repeat gets a ``-N`` suffix."""
    if not frame["record_id"].duplicated().any():
        return frame
    if keep_ids:
        dup = frame["record_id"][frame["record_id"].duplicated()].iloc[0]
        raise DataError(
            f"record id {dup!r} occurs in more than one input file; --keep-ids needs ids "
            "that are unique across the files"
        )
    seen: dict[str, int] = {}
    ids = []
    for rid in frame["record_id"]:
        seen[rid] = seen.get(rid, 0) + 1
        ids.append(rid if seen[rid] == 1 else f"{rid}-{seen[rid]}")
    out = frame.copy()
    out["record_id"] = ids
    return out
