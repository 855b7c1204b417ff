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
- Speed: rows become typed columns in one pass (``pipeline.records.normalise`` is not run
  again) and text columns are built as Arrow arrays. A RIS or MEDLINE file over
  :data:`PARALLEL_MIN_BYTES` is read in parts of about :data:`PART_BYTES` by worker
  processes (:mod:`pipeline.ingest.chunks`; ``workers=`` or ``SLR_INGEST_WORKERS``, default
  :data:`DEFAULT_WORKERS`, capped at the CPU count); the table, quarantine, warnings and
  errors are the same for any number of workers.
- ``keep_ids=True`` uses the input's own id (RIS ``ID``, a ``record_id``/``id`` column,
  BibTeX key, MEDLINE PMID, EndNote ``rec-number``, Cochrane ``ID``, WoS ``UT``) as
  ``record_id``; the id is in ``original`` either way.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline import records, safetext
from pipeline.errors import DataError, UsageError
from pipeline.files import check_input
from pipeline.ingest import chunks, detect
from pipeline.ingest.encoding import (
    block_lines,
    check_bytes,
    check_text,
    decode,
    iter_blocks,
    iter_lines,
    read_head,
    sniff_encoding,
)
from pipeline.parallel import ordered_map

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
#: Records are parsed and turned into columns this many at a time (one task for a worker
#: process), so that Python objects for at most a few batches are alive at once (a table of
#: strings is far smaller than the dicts).
BATCH = 500
#: Formats read as raw records (split here, each record parsed on its own by
#: :func:`_parse_raw_batch`); with workers, their files are read in parts instead.
PARALLEL_FORMATS: tuple[str, ...] = ("ris", "medline")
#: Worker processes for large RIS/MEDLINE files when ``workers`` is not given and
#: ``SLR_INGEST_WORKERS`` is not set (capped at the number of CPUs); 0 or 1: in this
#: process. Each worker reads, decodes and parses its own parts of the file, so this process
#: only scans bytes and joins the results: two workers on two CPUs read a 100,000-record file
#: about 1.7 times as fast, for ~15% more CPU time, and hold ~60-100 MB each beyond the pages
#: they share with this process (``benchmarks/ingest.py``).
DEFAULT_WORKERS = 2
#: Smaller files are read in this process: starting workers would cost more than it saves.
PARALLEL_MIN_BYTES = 16 * 2**20
#: Size of the parts of a file that worker processes read (see :mod:`pipeline.ingest.chunks`).
PART_BYTES = 4 * 2**20


def resolve_workers(workers: int | None = None) -> int:
    """Worker processes to use: ``workers``, else ``SLR_INGEST_WORKERS``, else
    :data:`DEFAULT_WORKERS` capped at the CPU count; 0 or 1 reads in this process."""
    if workers is None:
        env = os.environ.get("SLR_INGEST_WORKERS", "").strip()
        if env:
            try:
                workers = int(env)
            except ValueError:
                raise UsageError(f"SLR_INGEST_WORKERS={env!r}: give a whole number") from None
        else:
            workers = min(DEFAULT_WORKERS, os.cpu_count() or 1)
    if workers < 0:
        raise UsageError(f"workers={workers}: give 0 or more")
    return workers


class MissingIdError(DataError):
    """``keep_ids=True`` and a record has no id of its own."""


@dataclass
class _Spec:
    """What a batch of records needs to know about its file (sent to worker processes)."""

    fmt: str
    flavour: str
    database: str
    source: str
    file: str
    keep_ids: bool
    encoding: str = ""
    #: A per-row database column (CSV ``database``/``source``) names each row's source,
    #: unless the database was given for the whole file.
    row_sources: bool = True


@dataclass
class _Batch:
    """A batch of records as plain columns (cheap to send between processes), plus its
    quarantined records, record ids (before repeats are numbered) and warnings."""

    columns: dict[str, list[Any]]
    bad: list[dict]
    ids: list[str]
    warnings: list[str] = field(default_factory=list)


def _raw_records(
    fmt: str, blocks: Iterable[str], *, first_line: int = 1, first_record: int = 0
) -> Iterator[tuple[int, int, list[str] | str, str]]:
    """``(record_index, line, lines, problem)`` per record of RIS or MEDLINE text in blocks
    of whole lines (:func:`~pipeline.ingest.encoding.iter_blocks`; MEDLINE records come as
    their lines joined by ``"\\n"``). Lines and records are numbered from ``first_line``
    and ``first_record`` (a part of a file starts further on)."""
    if fmt == "ris":
        from pipeline.ingest import ris

        split = ris.split_records(block_lines(blocks), first_line)
        for index, (line_no, lines_, problem) in enumerate(split, start=first_record):
            yield index, line_no, lines_, problem
        return
    from pipeline.ingest import medline

    texts = medline.split_record_texts(blocks, first_line)
    for index, (line_no, text) in enumerate(texts, start=first_record):
        yield index, line_no, text, ""


def _parse_raw_batch(spec: _Spec, raws: list[tuple[int, int, list[str] | str, str]]) -> _Batch:
    """Parse a batch of raw records into columns."""
    warnings: list[str] = []
    items: list[dict] = []
    if spec.fmt == "ris":
        from pipeline.ingest import ris

        parse = ris.record_parser(spec.flavour, spec.database)
        for index, line_no, lines_, problem in raws:
            items.append(parse(index, line_no, lines_, problem, warnings))
    else:
        from pipeline.ingest import medline

        for index, line_no, lines_, _ in raws:
            items.append(medline.parse_record(index, line_no, lines_))
    batch = _columns(items, source=spec.source, file=spec.file, keep_ids=spec.keep_ids)
    batch.warnings = warnings
    return batch


def _parse_part(spec: _Spec, part: chunks.Part) -> list[_Batch]:
    """Read, split and parse one part of a RIS/MEDLINE file (in a worker process): the
    records, line numbers and indexes a serial read gives for that stretch of the file."""
    text = chunks.read_text(Path(spec.file), part, spec.encoding)
    raws = _raw_records(spec.fmt, [text], first_line=part.line, first_record=part.record)
    found = 0
    out: list[_Batch] = []
    for batch in _batched(raws, BATCH):
        found += len(batch)
        out.append(_parse_raw_batch(spec, batch))
    if found != part.n_records:
        raise chunks.PlanMismatch(
            f"bytes {part.start}-{part.end}: {found} records, the scan counted {part.n_records}"
        )
    return out


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of ``size`` items. If reading fails part way, the items read so far come first,
    so that an error in an earlier record is raised before the read error, as it would be
    record by record."""
    batch: list[Any] = []
    try:
        for item in items:
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    except Exception:
        if batch:
            yield batch
        raise
    if batch:
        yield batch


def _iter_line_format(
    fmt: str, path: Path, encoding: str, head: str, warnings: list[str]
) -> tuple[Iterator[Any], str, str]:
    """``(items, format_label, database)`` for a line-oriented format; RIS and MEDLINE give
    raw records (see :func:`_raw_records`), the others row dicts."""
    if fmt == "ris":
        from pipeline.ingest import ris

        flavour, db = ris.detect_flavour(head)
        return _raw_records(fmt, iter_blocks(path, encoding)), flavour, db
    if fmt == "medline":
        return _raw_records(fmt, iter_blocks(path, encoding)), "medline", "pubmed"
    lines = iter_lines(path, encoding)
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
    items: Iterable[Any],
    *,
    spec: _Spec,
    warnings: list[str],
    workers: int = 0,
) -> tuple[pd.DataFrame, list[dict]]:
    """Rows (or raw records, for :data:`PARALLEL_FORMATS`) -> a records table, built in
    batches; quarantined items and rows with neither title nor abstract -> the bad list.
    With ``workers`` > 1, a RIS/MEDLINE file in an encoding that can be cut is read in
    parts by worker processes (:mod:`pipeline.ingest.chunks`); ``items`` is then not used,
    unless the parts do not add up and the file is read here after all."""
    from pipeline.progress import progress

    name = Path(spec.file).name
    if (
        workers > 1
        and spec.fmt in PARALLEL_FORMATS
        and spec.encoding in chunks.SPLITTABLE_ENCODINGS
    ):
        path = Path(spec.file)
        spans = chunks.cut(path, spec.fmt, PART_BYTES)
        count = functools.partial(chunks.count, path, spec.fmt, spec.encoding)
        parts = chunks.parts(spans, list(ordered_map(count, spans, workers)))
        work_part = functools.partial(_parse_part, spec)
        done = progress(
            ordered_map(work_part, parts, workers), desc=name, total=len(parts), unit="part"
        )
        # The records make no reference cycles: without the cyclic garbage collector (here
        # and in the workers forked from here), nothing is left uncollected, and its passes
        # over the growing table (~10% of this process's time) are saved.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return _assemble((b for batches in done for b in batches), spec, warnings)
        except chunks.PlanMismatch as exc:
            log.info("%s: reading in one process (%s)", spec.file, exc)
        finally:
            if enabled:
                gc.enable()
    counted = progress(items, desc=name, unit="rec")
    work: Callable[[list[Any]], _Batch]
    if spec.fmt in PARALLEL_FORMATS:
        work = functools.partial(_parse_raw_batch, spec)
    else:
        work = functools.partial(
            _columns,
            source=spec.source,
            file=spec.file,
            keep_ids=spec.keep_ids,
            row_sources=spec.row_sources,
        )
    return _assemble(map(work, _batched(counted, BATCH)), spec, warnings)


def _assemble(
    batches: Iterable[_Batch], spec: _Spec, warnings: list[str]
) -> tuple[pd.DataFrame, list[dict]]:
    """Batches in file order -> ``(records table, quarantined items)``; the batches'
    warnings are added to ``warnings`` once all are in."""
    frames: list[pd.DataFrame] = []
    bad: list[dict] = []
    ids: list[str] = []
    found: list[str] = []
    for batch in batches:
        bad.extend(batch.bad)
        ids.extend(batch.ids)
        found.extend(batch.warnings)
        if batch.ids:
            frames.append(_batch_frame(batch, source=spec.source, file=spec.file))
    warnings.extend(found)
    if not frames:
        frames.append(_empty_frame())
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if ids:
        frame["record_id"] = _text_array(records.number_repeats(ids))
    else:  # an empty table keeps the (float64) record_id column it has always had
        frame["record_id"] = np.array([], dtype=np.float64)
    return frame, bad


def _columns(
    items: list[dict], *, source: str, file: str, keep_ids: bool, row_sources: bool = False
) -> _Batch:
    """Row dicts -> a :class:`_Batch` whose columns hold exactly what
    :func:`pipeline.records.normalise` would make of them (it is not run again)."""
    rows: list[dict] = []
    bad: list[dict] = []
    ids: list[str] = []
    dois: list[str] = []
    sources: list[str] = []
    for item in items:
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
        raw_doi = item.get("doi", "")
        doi = records.normalise_doi(_text(raw_doi))
        dois.append(doi)
        input_id = str(item.get("input_id", "") or "").strip()
        if keep_ids:
            if not input_id:
                raise MissingIdError(
                    f"{file}: record {item['record_index']} (line {item.get('line', '?')}) "
                    "has no id of its own; --keep-ids needs an ID tag or a record_id/id column"
                )
            ids.append(input_id)
        row_source = source
        if row_sources and item.get("database"):
            row_source = _database_name(str(item["database"])) or source
        sources.append(row_source)
        if not keep_ids:
            # The id records.assign_record_ids would give the finished row.
            authors = item.get("authors") or [""]
            ids.append(
                records.make_record_id(
                    row_source,
                    pmid=item.get("pmid", ""),
                    # the normalised DOI normalises to itself
                    doi=doi if type(raw_doi) is str else raw_doi,
                    title=item.get("title", ""),
                    year=item.get("year"),
                    first_author=authors[0],
                )
            )
        rows.append(item)
    columns: dict[str, list[Any]] = {"source_index": [int(r["record_index"]) for r in rows]}
    if any(s != source for s in sources):
        columns["source"] = sources
    # Keywords, publication types and authors repeat across records: one string object per
    # distinct value saves memory here, in the pickle sent back and in the final table.
    shared: dict[str, str] = {}
    for col in _VALUE_COLUMNS:
        if col == "doi":
            columns[col] = _strings(dois)
        elif col in records.LIST_COLUMNS:
            columns[col] = [_list(r.get(col, _NO_LIST), shared) for r in rows]
        elif col == "year":
            columns[col] = [_year(r.get(col, "")) for r in rows]
        else:
            columns[col] = _strings([_text(r.get(col, "")) for r in rows])
    for col in EXTRA_COLUMNS:
        if any(col in r for r in rows):
            columns[col] = [None if r.get(col) is None else int(r[col]) for r in rows]
    return _Batch(columns=columns, bad=bad, ids=ids)


#: Model columns filled from the rows (the others are the file's or set later).
_VALUE_COLUMNS: tuple[str, ...] = tuple(
    c for c in records.COLUMNS if c not in ("record_id", "source", "source_file", "source_index")
)
_NO_LIST: tuple[()] = ()


def _text(value: Any) -> str:
    # Readers give strings; anything else is converted as records.normalise does.
    return value if type(value) is str else records.as_text(value)


def _list(value: Any, shared: dict[str, str]) -> list[str]:
    if type(value) is list:
        kept = [shared.setdefault(v, v) for v in value if type(v) is str and v.strip()]
        if len(kept) == len(value):
            return kept
    return records.as_list(value)


def _year(value: Any) -> Any:
    if type(value) is int and 1500 <= value <= 2099:
        return value
    if value is None or value == "":
        return None  # missing: NA in the Int64 column
    return records.as_year(value)


def _batch_frame(batch: _Batch, *, source: str, file: str) -> pd.DataFrame:
    """A records table from a batch's columns, built column by column (much faster than
    ``pd.DataFrame(list_of_dicts)``) with the types :func:`pipeline.records.normalise` gives."""
    cols = batch.columns
    n = len(cols["source_index"])
    data: dict[str, Any] = {}
    for col in records.COLUMNS:
        if col == "record_id":
            data[col] = _text_array([""] * n)
        elif col == "source":
            data[col] = _text_array(cols.get("source") or [source] * n)
        elif col == "source_file":
            data[col] = _text_array([file] * n)
        elif col in records.INT_COLUMNS:
            data[col] = pd.array(cols[col], dtype="Int64")
        elif col in records.LIST_COLUMNS:
            data[col] = pd.Series(cols[col], dtype=object)
        else:
            data[col] = _text_array(cols[col])
    for col in EXTRA_COLUMNS:
        if col in cols:
            data[col] = pd.array(cols[col], dtype="Int64")
    return pd.DataFrame(data)


_STR = pd.StringDtype(na_value=np.nan)  # what pandas makes of a list of strings


def _strings(values: list[str]) -> Any:
    """A text column as an Arrow array when that is how pandas stores ``str`` (else the
    list): built where the batch is parsed, it crosses from a worker process as a few
    buffers instead of one Python object per value."""
    if _STR.storage != "pyarrow":
        return values
    import pyarrow as pa

    # The system allocator: with Arrow's default pool (mimalloc) a 100,000-record file
    # left ~150 MB more resident, held by the pool after the builders' growing buffers.
    return pa.array(values, type=pa.large_string(), memory_pool=pa.system_memory_pool())


def _text_array(values: Any) -> Any:
    """A text column (see :func:`_strings`) -> the array pandas makes of a list of strings
    (dtype ``str``), without pandas inferring the type, which is several times slower."""
    if isinstance(values, list):
        values = _strings(values)
    if isinstance(values, list):
        return pd.array(values, dtype=_STR)
    return pd.arrays.ArrowStringArray(values, dtype=_STR)


def _empty_frame() -> pd.DataFrame:
    return records.normalise(
        pd.DataFrame({c: pd.Series([], dtype=object) for c in records.COLUMNS})
    )


def read_file(
    path: str | Path,
    *,
    database: str | None = None,
    keep_ids: bool = False,
    workers: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One export file -> ``(records, quarantine)``.

    ``records`` is a records table with ``record_id`` assigned (or the input's own ids with
    ``keep_ids``); ``quarantine`` has the columns :data:`QUARANTINE_COLUMNS`. The format is
    detected from the content; ``database=None`` infers the database from vendor markers,
    else uses the file stem. ``workers``: processes parsing a large RIS/MEDLINE file (see
    :func:`resolve_workers`); the result is the same for any number.
    """
    result = read_file_result(path, database=database, keep_ids=keep_ids, workers=workers)
    return result.records, result.quarantine


def _database_name(value: str) -> str:
    return records.fold_text(value).replace(" ", "_")


def read_file_result(
    path: str | Path,
    *,
    database: str | None = None,
    keep_ids: bool = False,
    workers: int | None = None,
) -> FileResult:
    """Like :func:`read_file`, with the format, encoding and warnings for the report."""
    path = check_input(path)
    name = str(path)
    result = _read_file_result(path, name, database=database, keep_ids=keep_ids, workers=workers)
    return clean_result(result)


def clean_result(result: FileResult) -> FileResult:
    """The text-cleaning policy (:mod:`pipeline.safetext`) applied to every field of every
    record and quarantined record, the same wherever in the file a record is; the report's
    warnings say how many characters were removed."""
    frame, n = safetext.clean_frame(result.records)
    quarantine, _ = safetext.clean_frame(result.quarantine)
    warnings = list(result.warnings)
    if n:
        warnings.append(
            f"{n} control or bidirectional-override character(s) removed from record text"
        )
    return FileResult(
        result.file, result.database, result.format, result.encoding, frame, quarantine, warnings
    )


def _read_file_result(
    path: Path, name: str, *, database: str | None, keep_ids: bool, workers: int | None
) -> FileResult:
    with path.open("rb") as handle:
        first_bytes = handle.read(65536)
    fmt = detect.sniff_bytes(first_bytes, name=name)
    if fmt != "parquet":
        check_bytes(first_bytes, name=name)
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
    flavour = ""
    if fmt in LINE_FORMATS:
        items, label, inferred = _iter_line_format(fmt, path, encoding, head, warnings)
        flavour = label
    else:
        items, label, inferred, encoding = _read_whole_text_format(fmt, path, name, warnings)
    db = _database_name(database or inferred or path.stem) or "unknown"
    n_workers = resolve_workers(workers)
    if path.stat().st_size < PARALLEL_MIN_BYTES:
        n_workers = 0
    spec = _Spec(fmt, flavour, inferred, db, name, keep_ids, encoding, row_sources=not database)
    try:
        frame, bad = _collect(items, spec=spec, warnings=warnings, workers=n_workers)
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
    workers: int | None = None,
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
        result = read_file_result(path, database=database, keep_ids=keep_ids, workers=workers)
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
    out = frame.copy()
    out["record_id"] = records.number_repeats(frame["record_id"])
    return out
