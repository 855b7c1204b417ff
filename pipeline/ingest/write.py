"""Ingest's outputs on disk: the records table sorted by ``record_id``, and per-file parts.

The records table ingest builds already has the model's columns and types
(:mod:`pipeline.ingest.batches`), so it is written as it is, without
:func:`pipeline.records.normalise` rebuilding every text column from Python strings (for a
541 MB export that was over a gigabyte and several seconds). It is sorted in Arrow, and
written :data:`ROW_GROUP_ROWS` rows at a time, so only one row group is copied at once. The
bytes are those :func:`pipeline.records.write_records` writes for a table of up to
:data:`ROW_GROUP_ROWS` records (one row group either way).

A *part* is one file's result (``slr ingest FILE --part OUT``), for reading each export in a
job of its own: its records table, with the file's report row, warnings and quarantined
records in the Parquet metadata; :func:`read_part` gives the :class:`FileResult` back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records
from pipeline.errors import DataError
from pipeline.files import replacing
from pipeline.ingest.batches import give_back_memory, join_chunks
from pipeline.ingest.report import QUARANTINE_COLUMNS, FileResult

#: Rows per Parquet row group of a large records table (a smaller table is one row group).
ROW_GROUP_ROWS = 32_768
#: The Parquet metadata key of a part's file result.
PART_KEY = b"slr_ingest_part"


def write_sorted(frame: pd.DataFrame, path: str | Path, *, part: FileResult | None = None) -> Path:
    """Write a records table from ingest, rows in ``record_id`` order (Parquet, or CSV by
    extension); with ``part``, that file's result goes into the Parquet metadata. A table of
    more than :data:`ROW_GROUP_ROWS` rows has its text columns joined into one array each
    first, in place (the same values)."""
    path = Path(path)
    if path.suffix.lower() == ".csv" or not len(frame):
        if part is not None and path.suffix.lower() == ".csv":
            raise DataError(f"{path}: a part is a Parquet file (.parquet)")
        ordered = frame.sort_values("record_id", kind="stable").reset_index(drop=True)
        if part is None:
            return records.write_records(ordered, path)
        frame = records.normalise(ordered)
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    records.validate(frame, name=str(path))
    if len(frame) > ROW_GROUP_ROWS:
        join_chunks(frame)  # (one table in a few row groups: each taken from one array)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if part is not None:
        meta = {**(table.schema.metadata or {}), PART_KEY: json.dumps(_part_json(part)).encode()}
        table = table.replace_schema_metadata(meta)
    # record_id is unique (validate): any sort is the stable one; Arrow compares strings by
    # their UTF-8 bytes, which orders them by code point, as pandas does.
    order = pc.sort_indices(table.column("record_id"))
    # The system allocator: Arrow's default pool keeps what the row groups used.
    pool = pa.system_memory_pool()
    with replacing(path) as tmp, pq.ParquetWriter(tmp, table.schema, compression="zstd") as out:
        for start in range(0, len(order), ROW_GROUP_ROWS):
            rows = order.slice(start, ROW_GROUP_ROWS)
            out.write_table(pc.take(table, rows, memory_pool=pool))
            give_back_memory()
    return path


def _part_json(result: FileResult) -> dict[str, Any]:
    quarantine = result.quarantine.astype(object).where(result.quarantine.notna(), None)
    return {
        "file": result.file,
        "database": result.database,
        "format": result.format,
        "encoding": result.encoding,
        "warnings": list(result.warnings),
        "quarantine": quarantine.to_dict(orient="records"),
    }


def read_part(path: str | Path) -> FileResult:
    """A part written by :func:`write_sorted` -> the file's :class:`FileResult`."""
    import pyarrow.parquet as pq

    from pipeline.files import check_input

    path = check_input(path, what="ingest part")
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: not a Parquet file ({exc})") from exc
    if PART_KEY not in meta:
        raise DataError(f"{path}: not an ingest part; write parts with slr ingest FILE --part")
    info = json.loads(meta[PART_KEY])
    quarantine = pd.DataFrame(info["quarantine"], columns=list(QUARANTINE_COLUMNS))
    for col in ("line", "record_index"):
        quarantine[col] = pd.array(quarantine[col], dtype="Int64")
    return FileResult(
        info["file"],
        info["database"],
        info["format"],
        info["encoding"],
        _read_part_table(path),
        quarantine,
        info["warnings"],
    )


def _read_part_table(path: Path) -> pd.DataFrame:
    """A part's records table as ingest built it: text columns stay Arrow arrays
    (:func:`pipeline.records.read_records` would rebuild them from Python strings); list
    columns become lists again (Parquet gives numpy arrays)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read ingest part ({exc})") from exc
    lists = {c: table.column(c).to_pylist() for c in records.LIST_COLUMNS}
    table = table.drop_columns(list(lists))
    # Text as pandas holds it (large_string), a column at a time, so that only one column
    # is ever held twice (to_pandas would convert them all at once).
    pool = pa.system_memory_pool()
    for i, column in enumerate(table.columns):
        if pa.types.is_string(column.type):
            joined = column.cast(pa.large_string(), memory_pool=pool).combine_chunks(pool)
            del column
            table = table.set_column(i, table.field(i).name, joined)
            del joined
            give_back_memory()
    frame = table.to_pandas()
    del table
    for col, values in lists.items():
        frame[col] = pd.Series(values, index=frame.index, dtype=object)
    give_back_memory()
    return frame[[*records.COLUMNS, *(c for c in frame.columns if c not in records.COLUMNS)]]
