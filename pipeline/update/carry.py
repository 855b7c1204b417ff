"""Carry the previous version's records and decisions into an update, unchanged.

The update screens one set of records: the previous version's unique records
(``update_status`` ``previous``) and the update's records that match none of them (``new``).
Records of the update that match a previous record are not in the set again: the previous
record stands for them, with its decisions. The decisions the update works with are the
previous version's store, byte for byte, followed by the update's own store; a line of the
update's store about a previous record is refused, so no previous decision changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pipeline import records as rec
from pipeline.errors import DataError
from pipeline.screen import decisions as dec
from pipeline.update.match import NEW

__all__ = ["PREVIOUS", "aliases", "carry_decisions", "screening_set"]

#: ``update_status`` of a record carried from the previous version.
PREVIOUS = "previous"


def aliases(clusters: pd.DataFrame) -> dict[str, str]:
    """Every record id of a version's ``clusters.csv`` -> the id of its cluster's kept record.

    Reads ``record_id``, ``kept`` and ``duplicate_of``.
    """
    missing = {"record_id", "duplicate_of"} - set(clusters.columns)
    if missing:
        raise DataError(f"clusters table: missing column(s) {', '.join(sorted(missing))}")
    out: dict[str, str] = {}
    for rid, dup in zip(clusters["record_id"].astype(str), clusters["duplicate_of"], strict=True):
        dup = "" if pd.isna(dup) else str(dup)
        out[rid] = dup or rid
    return out


def screening_set(
    previous: pd.DataFrame, current: pd.DataFrame, matches: pd.DataFrame
) -> pd.DataFrame:
    """The records the update screens: previous unique records, then the new ones.

    Adds ``update_status`` (``previous`` or ``new``); sorted by ``record_id``. An update
    record whose id is also a previous record's can only be a match (never ``new``).
    """
    new_ids = set(matches.loc[matches["update_match"] == NEW, "record_id"])
    prev = rec.normalise(previous)
    prev = prev[list(rec.COLUMNS)].assign(update_status=PREVIOUS)
    cur = rec.normalise(current)
    cur = cur[cur["record_id"].isin(new_ids)][list(rec.COLUMNS)].assign(update_status=NEW)
    clash = sorted(set(cur["record_id"]) & set(prev["record_id"]))
    if clash:
        raise DataError(f"update record {clash[0]} is marked new but the previous version has it")
    both = pd.concat([prev, cur], ignore_index=True)
    return both.sort_values("record_id", kind="mergesort").reset_index(drop=True)


def _complete_lines(path: Path) -> bytes:
    """The store's complete lines (a torn last line is left out, as readers do)."""
    if not path.exists():
        return b""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
    return data


def carry_decisions(
    previous_store: str | Path,
    update_store: str | Path,
    *,
    previous_ids: set[str],
    matched: Mapping[str, str] | None = None,
) -> bytes:
    """The decisions an update works with: the previous store's lines, then the update's.

    ``previous_ids``: the previous version's record ids (every record it ingested);
    ``matched`` maps update record ids to the previous record they matched. A line of the
    update's store about either is a :class:`DataError` naming the line: the previous
    version's decision stands. Both stores must name the same review (``review.name``).
    """
    previous_store, update_store = Path(previous_store), Path(update_store)
    if not previous_store.exists():
        raise DataError(f"{previous_store}: no such file (the previous version's decisions)")
    old_review = dec.stored_review(previous_store)
    new_review = dec.stored_review(update_store) if update_store.exists() else None
    if old_review and new_review and old_review != new_review:
        raise DataError(
            f"{update_store}: decisions name review {new_review!r}, the previous version's "
            f"{old_review!r}; an update keeps the review's name (review.name)"
        )
    matched = matched or {}
    lines = dec.read_lines(update_store) if update_store.exists() else []
    for line in lines:
        lineno = line.get("line", "?")
        rid = str(line.get("record_id", ""))
        if rid in previous_ids:
            raise DataError(
                f"{update_store}: line {lineno}: record {rid} was screened in the previous "
                "version; its decisions stand (remove the line)"
            )
        if rid in matched:
            raise DataError(
                f"{update_store}: line {lineno}: record {rid} matches {matched[rid]} of the "
                "previous version, whose decisions stand (remove the line)"
            )
    return _complete_lines(previous_store) + _complete_lines(update_store)


def only_new(queue: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """The queue of an update: its ``new`` records only, in the model's order, ranked 1...

    The previous version's records train the model (their decisions are labels) but are
    never queued again, decided or not: the previous version's screening of them stands.
    """
    new = set(records.loc[records["update_status"] == NEW, "record_id"])
    out = queue[queue["record_id"].isin(new)].reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out
