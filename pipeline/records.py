"""The one record model shared by every stage.

A records table is a :class:`pandas.DataFrame` with the columns of :data:`COLUMNS`. Text
columns never hold nulls (missing is ``""``), ``year`` is a nullable integer, list columns
(``authors``, ``keywords``, ``publication_type``) hold Python lists of strings, and
``original`` holds the source record's own fields as a JSON object string so that nothing
read from an export is lost (a record can be written back to its format).

Later stages *add* columns (``dedup_cluster``, ``dedup_kept``, ``screen_score``, ...);
:func:`normalise` keeps any extra column as it is.

``record_id`` is deterministic: ``pubmed:38012345`` where a PMID is known for a PubMed
record, otherwise ``<source>:<12 hex digits>`` hashed from the normalised DOI, title, year
and first author, with ``-2``, ``-3`` ... appended to exact repeats in input order.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.errors import DataError
from pipeline.files import check_input, replacing

#: Text columns, in table order.
TEXT_COLUMNS: tuple[str, ...] = (
    "record_id",
    "source",
    "source_file",
    "title",
    "abstract",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "language",
    "url",
    "issn",
    "original",
)
#: Columns holding a list of strings.
LIST_COLUMNS: tuple[str, ...] = ("authors", "keywords", "publication_type")
#: Integer columns (nullable ``Int64``).
INT_COLUMNS: tuple[str, ...] = ("source_index", "year")

#: Every column of the record model, in the order tables are written.
COLUMNS: tuple[str, ...] = (
    "record_id",
    "source",
    "source_file",
    "source_index",
    "title",
    "abstract",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "keywords",
    "language",
    "publication_type",
    "url",
    "issn",
    "original",
)

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")


def normalise_doi(value: object) -> str:
    """Return a DOI in its canonical lower-case form, or ``""`` if it is not a DOI.

    >>> normalise_doi("https://doi.org/10.1136/BMJOPEN-2019-029702")
    '10.1136/bmjopen-2019-029702'
    >>> normalise_doi("doi: 10.3399/bjgp18X695465.")
    '10.3399/bjgp18x695465'
    >>> normalise_doi("not a doi")
    ''
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip()
    if not text.startswith("10."):  # (a bare DOI, the usual case, has no prefix to strip)
        for _ in range(3):
            stripped = _DOI_PREFIX.sub("", text).strip()
            if stripped == text:
                break
            text = stripped
    # Exports sometimes carry several DOIs or trailing notes; the first token is the DOI.
    text = text.split()[0] if text.split() else ""
    text = text.rstrip(".,;").lower()
    return text if _DOI_SHAPE.match(text) else ""


def fold_text(value: str) -> str:
    """Lower-case ASCII fold with punctuation removed, for keys and hashes.

    >>> fold_text("Integração  Primary-Care!")
    'integracao primary care'
    """
    if not value.isascii():  # NFKD leaves ASCII text as it is, so skip it there
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", value.lower()).strip()


def make_record_id(
    source: str,
    *,
    pmid: str = "",
    doi: str = "",
    title: str = "",
    year: int | None = None,
    first_author: str = "",
) -> str:
    """Build a stable record id from bibliographic facts (never from a row number).

    >>> make_record_id("pubmed", pmid="31434784")
    'pubmed:31434784'
    >>> make_record_id("scopus", doi="10.1136/bmjopen-2019-029702") == make_record_id(
    ...     "scopus", doi="https://doi.org/10.1136/BMJOPEN-2019-029702")
    True
    """
    prefix = fold_text(source).replace(" ", "_") or "record"
    if prefix == "pubmed" and pmid.strip():
        return f"pubmed:{pmid.strip()}"
    key = "|".join(
        (
            normalise_doi(doi),
            fold_text(title),
            "" if year is None or pd.isna(year) else str(int(year)),
            fold_text(first_author.split(",")[0]) if first_author else "",
        )
    )
    return f"{prefix}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def as_list(value: Any) -> list[str]:
    """A list cell, or a field parsed from an export, as the model's list of non-empty
    stripped strings (a string is one item; missing is ``[]``).

    >>> as_list(" Smith, J. "), as_list(["a", " ", None, " b"]), as_list(float("nan"))
    (['Smith, J.'], ['a', 'b'], [])
    """
    if value is None:
        return []
    if isinstance(value, float) and np.isnan(value):
        return []
    if isinstance(value, str):
        text = value.strip()
        return [text] if text else []
    if type(value) is list:
        try:  # the usual list of strings, each stripped once
            return [text for text in map(str.strip, value) if text]
        except TypeError:
            pass
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return [text for text in (str(v).strip() for v in value if v is not None) if text]
    return [str(value)]


def as_text(value: Any) -> str:
    """A cell of a text column as the model's string (missing -> ``""``)."""
    if value is None:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    if value is pd.NA:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def as_year(value: Any) -> Any:
    """A year cell as an ``int`` (1500-2099 found in the value) or ``pd.NA``."""
    if value is None or value is pd.NA:
        return pd.NA
    if isinstance(value, float) and np.isnan(value):
        return pd.NA
    match = _YEAR.search(str(value))
    return int(match.group(1)) if match else pd.NA


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every model column present and of the model's type.

    Missing columns are added empty, extra columns are kept after the model's columns.
    (Columns are read with ``tolist()``: iterating an Arrow-backed column value by value is
    several times slower.)
    """
    out = frame.copy()
    n = len(out)
    for col in TEXT_COLUMNS:
        if col not in out.columns:
            out[col] = [""] * n
        else:
            out[col] = [as_text(v) for v in out[col].tolist()]
    for col in LIST_COLUMNS:
        if col not in out.columns:
            out[col] = [[] for _ in range(n)]
        else:
            out[col] = pd.Series(
                [as_list(v) for v in out[col].tolist()], index=out.index, dtype=object
            )
    if "year" not in out.columns:
        out["year"] = pd.array([pd.NA] * n, dtype="Int64")
    else:
        out["year"] = pd.array([as_year(v) for v in out["year"].tolist()], dtype="Int64")
    if "source_index" not in out.columns:
        out["source_index"] = pd.array(range(n), dtype="Int64")
    else:
        out["source_index"] = pd.array(
            [pd.NA if pd.isna(v) else int(v) for v in out["source_index"].tolist()], dtype="Int64"
        )
    out["doi"] = [normalise_doi(v) for v in out["doi"].tolist()]
    extra = [c for c in out.columns if c not in COLUMNS]
    return out[list(COLUMNS) + extra].reset_index(drop=True)


def from_dicts(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a normalised records table from dictionaries (keys are column names)."""
    rows = list(rows)
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(COLUMNS))
    return normalise(frame)


def empty() -> pd.DataFrame:
    """An empty records table with every column."""
    return from_dicts([])


def assign_record_ids(frame: pd.DataFrame, *, overwrite: bool = False) -> pd.DataFrame:
    """Fill ``record_id`` deterministically; exact repeats get ``-2``, ``-3`` suffixes.

    Rows that already have a ``record_id`` keep it unless ``overwrite`` is true.
    """
    out = frame.copy()
    bases: list[str] = []
    for row in out.itertuples(index=False):
        current = getattr(row, "record_id", "")
        if current and not overwrite:
            bases.append(current)
        else:
            authors = row.authors if len(row.authors) else [""]
            bases.append(
                make_record_id(
                    row.source,
                    pmid=row.pmid,
                    doi=row.doi,
                    title=row.title,
                    year=None if pd.isna(row.year) else int(row.year),
                    first_author=authors[0],
                )
            )
    out["record_id"] = number_repeats(bases)
    return out


def number_repeats(ids: Iterable[str]) -> list[str]:
    """``ids`` with ``-2``, ``-3`` ... appended to the second, third ... copy of an id.

    >>> number_repeats(["a", "b", "a", "a"])
    ['a', 'b', 'a-2', 'a-3']
    """
    seen: dict[str, int] = {}
    out: list[str] = []
    for rid in ids:
        count = seen.get(rid, 0) + 1
        seen[rid] = count
        out.append(rid if count == 1 else f"{rid}-{count}")
    return out


def validate(frame: pd.DataFrame, *, name: str = "records") -> None:
    """Raise :class:`DataError` if ``frame`` breaks the record model."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(f"{name}: missing columns {', '.join(missing)}")
    empty_ids = frame["record_id"].eq("") | frame["record_id"].isna()
    if empty_ids.any():
        first = int(np.flatnonzero(empty_ids.to_numpy())[0])
        raise DataError(f"{name}: row {first} has no record_id")
    dupes = frame["record_id"][frame["record_id"].duplicated()]
    if len(dupes):
        raise DataError(f"{name}: record_id {dupes.iloc[0]!r} occurs more than once")


def write_records(frame: pd.DataFrame, path: str | Path) -> Path:
    """Validate and write a records table (Parquet, or CSV by extension).

    Rows are written in the order given: stages sort their outputs by ``record_id`` or by
    rank themselves, so that a rerun writes the same bytes.
    """
    path = Path(path)
    table = normalise(frame)
    validate(table, name=str(path))
    with replacing(path) as tmp:
        if path.suffix.lower() == ".csv":
            flat = table.copy()
            for col in LIST_COLUMNS:
                flat[col] = ["; ".join(v) for v in flat[col]]
            flat.to_csv(tmp, index=False)
        else:
            table.to_parquet(tmp, index=False, compression="zstd")
    return path


def read_records(path: str | Path) -> pd.DataFrame:
    """Read a records table written by :func:`write_records` (Parquet or CSV)."""
    path = check_input(path, what="records table")
    try:
        if path.suffix.lower() == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            for col in LIST_COLUMNS:
                if col in frame.columns:
                    frame[col] = [
                        [p.strip() for p in v.split(";") if p.strip()] for v in frame[col]
                    ]
        else:
            frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read records table ({exc})") from exc
    # Parquet returns list columns as numpy arrays; the model promises Python lists.
    return normalise(frame)
