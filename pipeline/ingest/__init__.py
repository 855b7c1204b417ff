"""Ingest: bibliographic exports -> one records table (the record model), a per-file report
and a quarantine table.

Reads RIS (Ovid, Embase, EBSCO, Scopus, Web of Science, EndNote, Zotero, Mendeley, ProQuest,
Cochrane), PubMed/MEDLINE (``.nbib``), PubMed XML, Web of Science plain text, Cochrane Library
plain text, BibTeX, CSV/TSV (ASReview, Scopus, Web of Science, Embase, Zotero) and EndNote
XML; the format is detected by content.
A records table (``.parquet``) is passed through.

Adds nothing to an existing table; produces the model's columns (``pipeline.records``):
``source`` (database), ``source_file`` (file name as given), ``source_index`` (0-based
position of the record in the file, counting quarantined records too) and ``original`` (the
source record's own fields as JSON).

Every record found in a file is either in the records table or in the quarantine table with
a line number and a reason (cut off by the end of the file, unparseable, a field over 1 MB,
neither title nor abstract). A file that cannot be read at all (empty, binary, unknown
format, an XML entity bomb) raises :class:`~pipeline.errors.DataError` naming the file.

Decisions:

- A RIS/WoS record whose ``ER`` is missing but which is followed by the next record's ``TY``
  is complete and is read (the report's ``warnings`` says so); a record cut off by the end of
  the file is quarantined, because its last field may be truncated.
- A field over 1,000,000 characters quarantines its record (the file is streamed line by
  line, so a 50 MB field costs memory once, not per copy).
- Encoding: a BOM decides (UTF-8, UTF-16 LE/BE), else strict UTF-8, else cp1252 (or line by
  line when UTF-8 and cp1252 lines are mixed); the report's ``encoding`` and ``warnings``
  say which.
- ``keep_ids=True`` uses the input's own id (RIS ``ID``, a ``record_id``/``id`` column,
  BibTeX key, MEDLINE PMID, EndNote ``rec-number``, Cochrane ``ID``, WoS ``UT``) as
  ``record_id``; the id is in ``original`` either way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records
from pipeline.errors import DataError, UsageError
from pipeline.ingest import detect
from pipeline.ingest.encoding import check_text, decode, iter_lines, read_head, sniff_encoding

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


#: Formats read line by line from the file (never holding the whole text).
LINE_FORMATS: tuple[str, ...] = ("ris", "medline", "wos", "table", "cochrane")
#: Rows are turned into a table this many at a time, so that Python objects for at most
#: one batch are alive at once (a table of strings is far smaller than the dicts).
BATCH = 5_000


def _iter_line_format(
    fmt: str, path: Path, encoding: str, head: str, warnings: list[str]
) -> tuple[Iterator[dict], str, str]:
    """``(items, format_label, database)`` for a line-oriented format."""
    lines = iter_lines(path, encoding)
    if fmt == "ris":
        from pipeline.ingest import ris

        flavour, db = ris.detect_flavour(head)
        items = ris.iter_ris(lines, flavour=flavour, database=db, warnings=warnings)
        return items, flavour, db
    if fmt == "medline":
        from pipeline.ingest import medline

        return medline.iter_medline(lines, warnings=warnings), "medline", "pubmed"
    if fmt == "wos":
        from pipeline.ingest import wos

        return wos.iter_wos(lines, warnings=warnings), "wos", "wos"
    if fmt == "cochrane":
        from pipeline.ingest import cochrane

        return cochrane.iter_cochrane(lines, warnings=warnings), "cochrane", "cochrane"
    from pipeline.ingest import tables

    delimiter, flavour, db = tables.table_header(head)
    return tables.iter_table(lines, delimiter=delimiter, warnings=warnings), flavour, db


def _read_whole_text_format(
    fmt: str, path: Path, name: str, warnings: list[str]
) -> tuple[Iterator[dict], str, str, str]:
    """``(items, format_label, database, encoding)`` for BibTeX and the XML formats."""
    data = path.read_bytes()
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
        items = sorted([*rows, *bad], key=lambda r: int(r["record_index"]))
        return iter(items), "pubmed_xml", "pubmed", "xml"
    text, encoding = decode(data, name=name)
    del data
    if fmt == "bibtex":
        from pipeline.ingest import bibtex

        rows, bad, more = bibtex.read_bibtex(text)
        label, db = "bibtex", ""
    elif fmt == "endnote_xml":
        from pipeline.ingest import endnote_xml

        rows, bad, more = endnote_xml.read_endnote_xml(text, name=name)
        label, db = "endnote_xml", ""
    else:  # pragma: no cover - detect_format only returns known formats
        raise DataError(f"{name}: no reader for format {fmt!r}")
    warnings.extend(more)
    items = sorted([*rows, *bad], key=lambda r: int(r["record_index"]))
    return iter(items), label, db, encoding


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


def _collect(
    items: Iterable[dict], *, source: str, file: str, keep_ids: bool
) -> tuple[pd.DataFrame, list[dict]]:
    """Rows -> a records table (built in batches); quarantined items and rows with neither
    title nor abstract -> the bad list."""
    from pipeline.progress import progress

    frames: list[pd.DataFrame] = []
    bad: list[dict] = []
    batch: list[dict] = []
    ids: list[str] = []
    for item in progress(items, desc=Path(file).name, unit="rec"):
        if "reason" in item:
            bad.append(item)
            continue
        if not item.get("title") and not item.get("abstract"):
            bad.append(
                {
                    "record_index": item["record_index"],
                    "line": item.get("line", ""),
                    "reason": "no title and no abstract",
                    "raw": item.get("original", ""),
                }
            )
            continue
        input_id = str(item.get("input_id", "") or "").strip()
        if keep_ids:
            if not input_id:
                raise DataError(
                    f"{file}: record {item['record_index']} (line {item.get('line', '?')}) "
                    "has no id of its own; --keep-ids needs an ID tag or a record_id/id column"
                )
            ids.append(input_id)
        else:
            # The same id records.assign_record_ids would give, computed from the Python
            # values here rather than by iterating the finished table.
            authors = item.get("authors") or [""]
            ids.append(
                records.make_record_id(
                    source,
                    pmid=item.get("pmid", ""),
                    doi=item.get("doi", ""),
                    title=item.get("title", ""),
                    year=item.get("year"),
                    first_author=authors[0],
                )
            )
        batch.append(item)
        if len(batch) >= BATCH:
            frames.append(_batch_frame(batch, source=source, file=file))
            batch = []
    if batch or not frames:
        frames.append(_batch_frame(batch, source=source, file=file))
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    # Exact repeats get -2, -3 ... suffixes: records.assign_record_ids does that part.
    frame["record_id"] = records.assign_record_ids(pd.DataFrame({"record_id": ids}))[
        "record_id"
    ].to_numpy()
    return frame, bad


def _batch_frame(rows: list[dict], *, source: str, file: str) -> pd.DataFrame:
    """A normalised records table from row dicts, built column by column (much faster than
    ``pd.DataFrame(list_of_dicts)``)."""
    n = len(rows)
    columns: dict[str, Any] = {}
    for col in records.COLUMNS:
        if col == "source":
            values: list[Any] = [source] * n
        elif col == "source_file":
            values = [file] * n
        elif col == "source_index":
            values = [r["record_index"] for r in rows]
        elif col == "record_id":
            values = [""] * n
        else:
            default: Any = [] if col in records.LIST_COLUMNS else ""
            values = [r.get(col, default) for r in rows]
            if col == "year":
                values = [None if v == "" else v for v in values]
        columns[col] = pd.Series(values, dtype=object)
    for col in EXTRA_COLUMNS:
        if any(col in r for r in rows):
            columns[col] = pd.array(
                [None if r.get(col) is None else int(r[col]) for r in rows], dtype="Int64"
            )
    return records.normalise(pd.DataFrame(columns))


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
    with path.open("rb") as handle:
        first_bytes = handle.read(65536)
    fmt = detect.sniff_bytes(first_bytes, name=name)
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
    encoding = sniff_encoding(path)
    head = read_head(path, encoding)
    if not head.strip():
        raise DataError(f"{name}: the file is empty (no records)")
    check_text(head, name=name)
    fmt = detect.detect_format(head, name=name)
    warnings: list[str] = []
    if fmt in LINE_FORMATS:
        items, label, inferred = _iter_line_format(fmt, path, encoding, head, warnings)
    else:
        items, label, inferred, encoding = _read_whole_text_format(fmt, path, name, warnings)
    db = _database_name(database or inferred or path.stem) or "unknown"
    try:
        frame, bad = _collect(items, source=db, file=name, keep_ids=keep_ids)
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: not valid {encoding} ({exc.reason} at byte {exc.start})") from exc
    if encoding == "cp1252":
        warnings.insert(0, "not UTF-8: decoded as cp1252 (Windows Latin-1)")
    elif encoding == "utf-8+cp1252":
        warnings.insert(0, "mixed encodings: lines that are not UTF-8 decoded as cp1252")
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
