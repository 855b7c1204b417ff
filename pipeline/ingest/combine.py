"""Many export files -> one records table, the ingest report and the quarantine table."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records
from pipeline.errors import DataError, UsageError
from pipeline.ingest.read import read_file_result
from pipeline.ingest.report import REPORT_COLUMNS, FileResult

log = logging.getLogger("pipeline.ingest")


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


def log_result(result: FileResult) -> None:
    """A file's warnings and quarantined records, on the log."""
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


def ingest_files(
    specs: Iterable[str | Path | tuple[str, str | Path]],
    *,
    keep_ids: bool = False,
    workers: int | None = None,
    sort: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Many files -> ``(records, report, quarantine)``.

    ``specs`` are paths, ``"DATABASE=PATH"`` strings or ``(database, path)`` pairs. Records
    are sorted by ``record_id`` (``sort=False``: in file order, for a writer that sorts);
    ids repeated across files get ``-2``, ``-3`` suffixes in the order the files are given.
    Fails on the first file that cannot be read at all.
    """
    from pipeline.progress import progress

    parsed = [parse_spec(s) for s in specs]
    if not parsed:
        raise UsageError("no input files given")
    results = []
    for database, path in progress(parsed, desc="ingest", unit="file"):
        result = read_file_result(path, database=database, keep_ids=keep_ids, workers=workers)
        log_result(result)
        results.append(result)
    return combine_results(results, keep_ids=keep_ids, sort=sort)


def combine_results(
    results: Iterable[FileResult], *, keep_ids: bool = False, sort: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The files' results, in the order the files are given -> ``(records, report,
    quarantine)`` (see :func:`ingest_files`). The records of one file may come in any order
    (a part's are sorted): ids repeat only across files, so the result is the same. Given
    a generator, the files' tables are not held apart from the combined one."""
    frames: list[pd.DataFrame] = []
    rows: list[dict[str, Any]] = []
    bads: list[pd.DataFrame] = []
    for result in results:
        frames.append(result.records)
        rows.append(result.report_row())
        bads.append(result.quarantine)
    del result
    if not frames:
        raise UsageError("no input files given")
    if len(frames) > 1:
        combined = pd.concat(frames, ignore_index=True)
        del frames
    else:
        combined = frames.pop()
    combined = _dedupe_ids(combined, keep_ids=keep_ids)
    if sort:
        combined = combined.sort_values("record_id", kind="stable").reset_index(drop=True)
    report = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    quarantine = pd.concat(bads, ignore_index=True)
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
