"""Which record of a cluster is kept, and the fields it takes from the others.

The kept record is the one from the most preferred source (``source_preference``, e.g.
PubMed before Embase: its indexing is the reference), then the most complete (more of
abstract, DOI, PMID, authors, journal, volume, issue, pages, year, keywords filled), then
the smallest ``record_id`` — so the choice is stable across reruns. Fields the kept record
lacks are filled from the other members in that same order (an abstract missing from one
database's export, a DOI missing from another's), and ``dedup_filled`` says which field came
from which record.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipeline.dedup.keys import fold

#: Fields filled from other members when the kept record lacks them.
FILL_FIELDS: tuple[str, ...] = (
    "abstract",
    "doi",
    "pmid",
    "authors",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "keywords",
    "publication_type",
    "language",
    "issn",
    "url",
)
#: Fields counted for completeness.
COMPLETE_FIELDS: tuple[str, ...] = (
    "abstract",
    "doi",
    "pmid",
    "authors",
    "journal",
    "volume",
    "issue",
    "pages",
    "year",
    "keywords",
)


def filled(table: pd.DataFrame, field: str) -> np.ndarray:
    """Boolean array: the field holds a value (non-empty text or list, a year)."""
    column = table[field]
    if field == "year" or str(column.dtype) == "Int64":
        return column.notna().to_numpy(dtype=bool)
    values = column.tolist()
    return np.fromiter(
        (v is not None and v is not pd.NA and len(v) > 0 for v in values),
        dtype=bool,
        count=len(values),
    )


def order_members(
    table: pd.DataFrame,
    groups: Sequence[Sequence[int]],
    source_preference: Sequence[str] = (),
) -> list[list[int]]:
    """Each group's positions, most preferred kept record first."""
    rank = {fold(s): k for k, s in enumerate(source_preference) if fold(s)}
    worst = len(rank)
    sources = [rank.get(fold(s), worst) for s in table["source"].tolist()]
    complete = np.zeros(len(table), dtype=np.int64)
    for field in COMPLETE_FIELDS:
        complete += filled(table, field)
    score = complete.tolist()
    ids = table["record_id"].tolist()
    return [
        sorted(g, key=lambda p: (sources[p], -score[p], ids[p])) if len(g) > 1 else list(g)
        for g in groups
    ]


def merge_groups(
    table: pd.DataFrame, ordered: Sequence[Sequence[int]]
) -> tuple[pd.DataFrame, list[str]]:
    """One row per group: its first member, with empty fields filled from the others.

    Returns the rows (in group order, index reset) and each row's ``dedup_filled`` note.
    """
    kept = [g[0] for g in ordered]
    out = table.iloc[kept].reset_index(drop=True)
    notes = [""] * len(ordered)
    ids = table["record_id"].tolist()
    multi = [(row, g) for row, g in enumerate(ordered) if len(g) > 1]
    if not multi:
        return out, notes
    parts: list[list[str]] = [[] for _ in ordered]
    for field in FILL_FIELDS:
        if field not in table.columns:
            continue
        has = filled(table, field)
        changes: dict[int, int] = {}
        for row, g in multi:
            if has[g[0]]:
                continue
            donor = next((p for p in g[1:] if has[p]), None)
            if donor is not None:
                changes[row] = donor
                parts[row].append(f"{field}<-{ids[donor]}")
        if not changes:
            continue
        source = table[field].tolist()
        values = out[field].tolist()
        for row, donor in changes.items():
            values[row] = source[donor]
        if field == "year":
            out[field] = pd.array(values, dtype="Int64")
        elif isinstance(values[0], (list, np.ndarray)) or field in (
            "authors",
            "keywords",
            "publication_type",
        ):
            out[field] = pd.Series(values, dtype=object)
        else:
            out[field] = values
    notes = ["; ".join(p) for p in parts]
    return out, notes
