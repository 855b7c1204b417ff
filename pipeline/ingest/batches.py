"""Batches of parsed records -> typed columns -> one records table.

Rows become typed columns in one pass, with exactly what :func:`pipeline.records.normalise`
would make of them (it is not run again), and text columns are built as Arrow arrays: built
where a batch is parsed, they cross from a worker process as a few buffers instead of one
Python object per value.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pipeline import records
from pipeline.errors import DataError

#: Columns beyond the record model that ingest carries over from the input: an ASReview-style
#: label (1 relevant, 0 irrelevant, empty unlabelled), used by ``slr screen simulate``.
EXTRA_COLUMNS: tuple[str, ...] = ("label_included",)


class MissingIdError(DataError):
    """``keep_ids=True`` and a record has no id of its own."""


@dataclass
class FileSpec:
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
class Batch:
    """A batch of records as plain columns (cheap to send between processes), plus its
    quarantined records, record ids (before repeats are numbered) and warnings."""

    columns: dict[str, list[Any]]
    bad: list[dict]
    ids: list[str]
    warnings: list[str] = field(default_factory=list)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
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


def database_name(value: str) -> str:
    """A database name as a ``source`` value: folded, spaces as ``_``."""
    return records.fold_text(value).replace(" ", "_")


def _no_text(item: dict) -> dict:
    return {
        "record_index": item["record_index"],
        "line": item.get("line", ""),
        "reason": "no title and no abstract",
        "raw": item.get("original", ""),
    }


def _record_id(item: dict, *, source: str, doi: str) -> str:
    """The id :func:`pipeline.records.assign_record_ids` would give the finished row."""
    raw_doi = item.get("doi", "")
    authors = item.get("authors") or [""]
    return records.make_record_id(
        source,
        pmid=item.get("pmid", ""),
        # the normalised DOI normalises to itself
        doi=doi if type(raw_doi) is str else raw_doi,
        title=item.get("title", ""),
        year=item.get("year"),
        first_author=authors[0],
    )


def _input_id(item: dict, file: str) -> str:
    input_id = str(item.get("input_id", "") or "").strip()
    if not input_id:
        raise MissingIdError(
            f"{file}: record {item['record_index']} (line {item.get('line', '?')}) "
            "has no id of its own; --keep-ids needs an ID tag or a record_id/id column"
        )
    return input_id


def to_batch(
    items: list[dict], *, source: str, file: str, keep_ids: bool, row_sources: bool = False
) -> Batch:
    """Row dicts (and quarantined records) -> a :class:`Batch`; rows with neither title
    nor abstract are quarantined."""
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
            bad.append(_no_text(item))
            continue
        doi = records.normalise_doi(_text(item.get("doi", "")))
        dois.append(doi)
        row_source = source
        if row_sources and item.get("database"):
            row_source = database_name(str(item["database"])) or source
        sources.append(row_source)
        if keep_ids:
            ids.append(_input_id(item, file))
        else:
            ids.append(_record_id(item, source=row_source, doi=doi))
        rows.append(item)
    columns = _value_columns(rows, dois)
    if any(s != source for s in sources):
        columns["source"] = sources
    return Batch(columns=columns, bad=bad, ids=ids)


def _value_columns(rows: list[dict], dois: list[str]) -> dict[str, Any]:
    columns: dict[str, Any] = {"source_index": [int(r["record_index"]) for r in rows]}
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
    return columns


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


def batch_frame(batch: Batch, *, source: str, file: str) -> pd.DataFrame:
    """A records table from a batch's columns, built column by column (much faster than
    ``pd.DataFrame(list_of_dicts)``) with the types :func:`pipeline.records.normalise` gives."""
    cols = batch.columns
    n = len(cols["source_index"])
    data: dict[str, Any] = {}
    for col in records.COLUMNS:
        if col == "record_id":
            data[col] = text_array([""] * n)
        elif col == "source":
            data[col] = text_array(cols.get("source") or [source] * n)
        elif col == "source_file":
            data[col] = text_array([file] * n)
        elif col in records.INT_COLUMNS:
            data[col] = pd.array(cols[col], dtype="Int64")
        elif col in records.LIST_COLUMNS:
            data[col] = pd.Series(cols[col], dtype=object)
        else:
            data[col] = text_array(cols[col])
    for col in EXTRA_COLUMNS:
        if col in cols:
            data[col] = pd.array(cols[col], dtype="Int64")
    return pd.DataFrame(data)


_STR = pd.StringDtype(na_value=np.nan)  # what pandas makes of a list of strings


def _strings(values: list[str]) -> Any:
    """A text column as an Arrow array when that is how pandas stores ``str`` (else the
    list)."""
    if _STR.storage != "pyarrow":
        return values
    import pyarrow as pa

    # The system allocator: with Arrow's default pool (mimalloc) a 100,000-record file
    # left ~150 MB more resident, held by the pool after the builders' growing buffers.
    return pa.array(values, type=pa.large_string(), memory_pool=pa.system_memory_pool())


def text_array(values: Any) -> Any:
    """A text column (see :func:`_strings`) -> the array pandas makes of a list of strings
    (dtype ``str``), without pandas inferring the type, which is several times slower."""
    if isinstance(values, list):
        values = _strings(values)
    if isinstance(values, list):
        return pd.array(values, dtype=_STR)
    return pd.arrays.ArrowStringArray(values, dtype=_STR)


def join_chunks(frame: pd.DataFrame) -> None:
    """Each text column as one Arrow array instead of one per batch (in place), a column at
    a time, so that only one column is ever held twice: the writer then takes each row group
    from one array, where taking from many chunks joins them again for every row group."""
    if _STR.storage != "pyarrow":
        return
    import pyarrow as pa

    for col in frame.columns:
        array = getattr(frame[col].array, "_pa_array", None)
        if array is None or array.num_chunks < 2 or not pa.types.is_large_string(array.type):
            continue
        joined = array.combine_chunks(memory_pool=pa.system_memory_pool())
        del array
        frame[col] = pd.arrays.ArrowStringArray(joined, dtype=_STR)
        give_back_memory()


def give_back_memory() -> None:
    """Return freed memory to the system (glibc's ``malloc_trim``; elsewhere nothing).

    The batches arrive from worker processes as pickles of a few MB each, and glibc raises
    its threshold for serving allocations from fresh mappings to the largest block freed, so
    later blocks of that size come from the heap and stay resident after they are freed (for
    a 30,000-record, 80 MB RIS file, 180 MB). Trimming hands those pages back.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc (or no C library by name)
        return
    trim(0)


def empty_frame() -> pd.DataFrame:
    """A records table with no rows."""
    return records.normalise(
        pd.DataFrame({c: pd.Series([], dtype=object) for c in records.COLUMNS})
    )


def assemble(
    batches: Iterable[Batch], spec: FileSpec, warnings: list[str]
) -> tuple[pd.DataFrame, list[dict]]:
    """Batches in file order -> ``(records table, quarantined items)``; the batches'
    warnings are added to ``warnings`` once all are in."""
    frames: list[pd.DataFrame] = []
    bad: list[dict] = []
    ids: list[str] = []
    found: list[str] = []
    for n, batch in enumerate(batches, start=1):
        if n % 50 == 0:
            give_back_memory()  # (the pickles of the batches received so far)
        bad.extend(batch.bad)
        ids.extend(batch.ids)
        found.extend(batch.warnings)
        if batch.ids:
            frames.append(batch_frame(batch, source=spec.source, file=spec.file))
    warnings.extend(found)
    if not frames:
        frames.append(empty_frame())
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    del frames  # (the batches' arrays are now the frame's alone)
    if ids:
        frame["record_id"] = text_array(records.number_repeats(ids))
    else:  # an empty table keeps the (float64) record_id column it has always had
        frame["record_id"] = np.array([], dtype=np.float64)
    return frame, bad
