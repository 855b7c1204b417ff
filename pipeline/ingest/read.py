"""One export file -> a records table, its quarantine and its report row.

The format comes from :mod:`pipeline.ingest.registry`; its reader splits the file into record
chunks, which are parsed and turned into columns :data:`BATCH` at a time
(:mod:`pipeline.ingest.batches`), so that Python objects for at most a few batches are alive at
once (a table of strings is far smaller than the dicts). A RIS or MEDLINE file over
:data:`PARALLEL_MIN_BYTES` is read in parts of about :data:`PART_BYTES` by worker processes
(:mod:`pipeline.ingest.chunks`); the table, quarantine, warnings and errors are the same for
any number of workers.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records, safetext
from pipeline.errors import DataError, UsageError
from pipeline.files import check_input
from pipeline.ingest import chunks
from pipeline.ingest.batches import Batch, FileSpec, assemble, batched, database_name, to_batch
from pipeline.ingest.encoding import check_bytes, check_text, read_head, sniff_encoding
from pipeline.ingest.registry import READERS, Reader, Source, detect_format, sniff_bytes
from pipeline.ingest.report import FileResult, quarantine_frame
from pipeline.parallel import ordered_map

log = logging.getLogger("pipeline.ingest")

#: Records are parsed and turned into columns this many at a time (one task for a worker).
BATCH = 500
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


def _parse_raw_batch(spec: FileSpec, raws: list[Any]) -> Batch:
    """Parse a batch of raw records into columns."""
    warnings: list[str] = []
    parse = READERS[spec.fmt].parse
    assert parse is not None
    items = parse(spec.flavour, spec.database, raws, warnings)
    batch = to_batch(items, source=spec.source, file=spec.file, keep_ids=spec.keep_ids)
    batch.warnings = warnings
    return batch


def _parse_part(spec: FileSpec, part: chunks.Part) -> list[Batch]:
    """Read, split and parse one part of a RIS/MEDLINE file (in a worker process): the
    records, line numbers and indexes a serial read gives for that stretch of the file."""
    raw = READERS[spec.fmt].raw
    assert raw is not None
    text = chunks.read_text(Path(spec.file), part, spec.encoding)
    found = 0
    out: list[Batch] = []
    for batch in batched(raw([text], part.line, part.record), BATCH):
        found += len(batch)
        out.append(_parse_raw_batch(spec, batch))
    if found != part.n_records:
        raise chunks.PlanMismatch(
            f"bytes {part.start}-{part.end}: {found} records, the scan counted {part.n_records}"
        )
    return out


def _batches_in_parts(spec: FileSpec, workers: int) -> Iterator[Batch]:
    """The batches of a RIS/MEDLINE file read in parts by ``workers`` processes."""
    from pipeline.progress import progress

    path = Path(spec.file)
    spans = chunks.cut(path, spec.fmt, PART_BYTES)
    count = functools.partial(chunks.count, path, spec.fmt, spec.encoding)
    parts = chunks.parts(spans, list(ordered_map(count, spans, workers)))
    work_part = functools.partial(_parse_part, spec)
    done = progress(
        ordered_map(work_part, parts, workers), desc=path.name, total=len(parts), unit="part"
    )
    return (b for batches in done for b in batches)


def _collect(
    reader: Reader,
    items: Iterable[Any],
    *,
    spec: FileSpec,
    warnings: list[str],
    workers: int = 0,
) -> tuple[pd.DataFrame, list[dict]]:
    """Record chunks -> a records table, built in batches; quarantined items and rows with
    neither title nor abstract -> the bad list. With ``workers`` > 1, a file whose reader
    reads parts, in an encoding that can be cut, is read in parts by worker processes;
    ``items`` is then not used, unless the parts do not add up and the file is read here
    after all."""
    from pipeline.progress import progress

    if workers > 1 and reader.in_parts and spec.encoding in chunks.SPLITTABLE_ENCODINGS:
        # The records make no reference cycles: without the cyclic garbage collector (here
        # and in the workers forked from here), nothing is left uncollected, and its passes
        # over the growing table (~10% of this process's time) are saved.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return assemble(_batches_in_parts(spec, workers), spec, warnings)
        except chunks.PlanMismatch as exc:
            log.info("%s: reading in one process (%s)", spec.file, exc)
        finally:
            if enabled:
                gc.enable()
    counted = progress(items, desc=Path(spec.file).name, unit="rec")
    if reader.parse is not None:
        work = functools.partial(_parse_raw_batch, spec)
    else:
        work = functools.partial(
            to_batch,
            source=spec.source,
            file=spec.file,
            keep_ids=spec.keep_ids,
            row_sources=spec.row_sources,
        )
    return assemble(map(work, batched(counted, BATCH)), spec, warnings)


def read_file(
    path: str | Path,
    *,
    database: str | None = None,
    keep_ids: bool = False,
    workers: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One export file -> ``(records, quarantine)``.

    ``records`` is a records table with ``record_id`` assigned (or the input's own ids with
    ``keep_ids``); ``quarantine`` has the columns
    :data:`~pipeline.ingest.report.QUARANTINE_COLUMNS`. The format is detected from the
    content; ``database=None`` infers the database from vendor markers, else uses the file
    stem. ``workers``: processes parsing a large RIS/MEDLINE file (see
    :func:`resolve_workers`); the result is the same for any number.
    """
    result = read_file_result(path, database=database, keep_ids=keep_ids, workers=workers)
    return result.records, result.quarantine


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
    with path.open("rb") as handle:
        first_bytes = handle.read(65536)
    if sniff_bytes(first_bytes, name=name) == "parquet":
        result = _read_parquet(path, name, database=database, keep_ids=keep_ids)
    else:
        check_bytes(first_bytes, name=name)
        result = _read_text(path, name, database=database, keep_ids=keep_ids, workers=workers)
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


def _read_parquet(path: Path, name: str, *, database: str | None, keep_ids: bool) -> FileResult:
    """A records table is passed through (with ``database``: its source and ids renewed)."""
    frame = records.read_records(path)
    db = database_name(database) if database else ""
    if db:
        frame["source"] = db
        if not keep_ids:
            frame = records.assign_record_ids(frame, overwrite=True)
    empty = quarantine_frame([], file=name, database=db)
    label = db or ",".join(sorted(set(frame["source"]))) if len(frame) else db
    return FileResult(name, label, "parquet", "", frame, empty)


_ENCODING_WARNINGS = {
    "cp1252": "not UTF-8: decoded as cp1252 (Windows Latin-1)",
    "utf-8+cp1252": "mixed encodings: lines that are not UTF-8 decoded as cp1252",
}


def _read_text(
    path: Path, name: str, *, database: str | None, keep_ids: bool, workers: int | None
) -> FileResult:
    """An export in one of the registry's text formats."""
    encoding = sniff_encoding(path)
    head = read_head(path, encoding)
    if not head.strip():
        raise DataError(f"{name}: the file is empty (no records)")
    check_text(head, name=name)
    reader = READERS[detect_format(head, name=name)]
    warnings: list[str] = []
    opened = reader.split(Source(path, name, encoding, head, warnings))
    encoding = opened.encoding
    inferred = opened.database or reader.database
    db = database_name(database or inferred or path.stem) or "unknown"
    n_workers = resolve_workers(workers)
    if path.stat().st_size < PARALLEL_MIN_BYTES:
        n_workers = 0
    flavour = opened.label if reader.streamed else ""
    spec = FileSpec(reader.name, flavour, inferred, db, name, keep_ids, encoding, not database)
    try:
        frame, bad = _collect(reader, opened.items, spec=spec, warnings=warnings, workers=n_workers)
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: not valid {encoding} ({exc.reason} at byte {exc.start})") from exc
    if encoding in _ENCODING_WARNINGS:
        warnings.insert(0, _ENCODING_WARNINGS[encoding])
    if not len(frame) and not bad:
        raise DataError(f"{name}: no records found in this {opened.label} file")
    return FileResult(
        file=name,
        database=db,
        format=opened.label,
        encoding=encoding,
        records=frame,
        quarantine=quarantine_frame(bad, file=name, database=db),
        warnings=warnings,
    )
