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

import pandas as pd

from pipeline.dedup.normalise import fold

#: Fields counted for completeness and filled from other members when empty.
FILL_FIELDS: tuple[str, ...] = (
    "abstract", "doi", "pmid", "authors", "journal", "year", "volume", "issue", "pages",
    "keywords", "publication_type", "language", "issn", "url",
)  # fmt: skip
_COMPLETE = ("abstract", "doi", "pmid", "authors", "journal", "volume", "issue", "pages",
             "year", "keywords")  # fmt: skip


def _filled(value: object) -> bool:
    if value is None or value is pd.NA:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return len(value) > 0
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


def member_order(records: pd.DataFrame, source_preference: Sequence[str] = ()) -> list[int]:
    """Positions of ``records`` from most to least preferred as the kept record."""
    rank = {fold(s): k for k, s in enumerate(source_preference) if fold(s)}
    worst = len(rank)
    sources = [rank.get(fold(s), worst) for s in records["source"].tolist()]
    complete = [0] * len(records)
    for col in _COMPLETE:
        for pos, value in enumerate(records[col].tolist()):
            complete[pos] += _filled(value)
    ids = records["record_id"].tolist()
    return sorted(range(len(records)), key=lambda p: (sources[p], -complete[p], ids[p]))


def merge_cluster(records: pd.DataFrame, order: Sequence[int]) -> tuple[dict, str]:
    """The kept record (first of ``order``) with empty fields filled from the others.

    Returns the merged row as a dict and the ``dedup_filled`` note.
    """
    rows = [records.iloc[p].to_dict() for p in order]
    kept = dict(rows[0])
    notes = []
    for field in FILL_FIELDS:
        if field not in kept or _filled(kept[field]):
            continue
        for other in rows[1:]:
            if _filled(other.get(field)):
                kept[field] = other[field]
                notes.append(f"{field}<-{other['record_id']}")
                break
    return kept, "; ".join(notes)
