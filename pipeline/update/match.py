"""Match an update's records against the previous version's, with the dedup machinery.

Every unique record of the update run gets ``update_match``: ``new``, or
``matched:<previous record_id>`` (the previous version's kept record, the one its decisions
are about). The match is found in three steps, strongest first:

1. ``record_id``: the update's record id is one the previous version had, as a kept record
   or as a duplicate of one (record ids are stable across reruns: ``pubmed:<PMID>``, or a
   source prefix and a hash of DOI/title/year/first author);
2. the dedup blocking keys (DOI, PMID, title keys, first author + year) propose pairs of one
   update record and one previous record, scored and judged by the same rules as
   ``slr dedup`` (:func:`pipeline.dedup.rules.decide`: ``doi``, ``pmid``, ``title``,
   ``fuzzy-title`` ...; their vetoes, such as different DOIs or an erratum against an
   article, keep records apart);
3. pairs the rules call uncertain are not merged: the update record stays ``new`` (it is
   queued for screening, so nothing is lost) and names the previous record in
   ``possible_match`` with the reason.

Only pairs across the two versions are scored, so the work grows with the number of
update records times the block sizes, not with the square of the previous version.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from pipeline import records as rec
from pipeline.dedup.blocking import candidate_pairs
from pipeline.dedup.keys import prepare
from pipeline.dedup.rules import RULES, decide
from pipeline.dedup.similarity import score_pairs
from pipeline.errors import DataError

__all__ = ["MATCH_COLUMNS", "NEW", "match_previous"]

#: ``update_match`` of a record the previous version did not have.
NEW = "new"
#: Columns of ``matches.csv``: one row per unique record of the update.
MATCH_COLUMNS: tuple[str, ...] = (
    "record_id",
    "update_match",
    "previous_record_id",
    "matched_with",
    "rule",
    "score_title",
    "possible_match",
    "reason",
    "title",
    "year",
    "doi",
    "pmid",
    "source",
)
#: Rule name of a match on the record id itself.
ID_RULE = "record_id"


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def match_previous(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    *,
    aliases: Mapping[str, str] | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """One row per record of ``current`` (:data:`MATCH_COLUMNS`), sorted by ``record_id``.

    ``current``: the update's unique records; ``previous``: the previous version's unique
    records (both in the record model). ``aliases`` maps every record id the previous
    version ingested to its kept record's id (from its ``clusters.csv``: ``record_id`` ->
    ``duplicate_of`` or itself), so that an update record equal to a previous duplicate is
    matched to the record that was screened.
    """
    cur = _table(current, "update records")
    prev = _table(previous, "previous version's records")
    prev_ids: list[str] = prev["record_id"].tolist()
    known = {rid: rid for rid in prev_ids}
    for alias, kept in (aliases or {}).items():
        if kept in known:
            known.setdefault(str(alias), str(kept))
    ids: list[str] = cur["record_id"].tolist()
    out = {rid: {"record_id": rid, "update_match": NEW} for rid in ids}
    for rid in ids:
        if rid in known:
            out[rid].update(
                previous_record_id=known[rid], matched_with=rid, rule=ID_RULE, score_title=100.0
            )
    rest = cur[[rid not in known for rid in ids]].reset_index(drop=True)
    if len(rest) and len(prev):
        for rid, found in _fuzzy(rest, prev, workers=workers).items():
            out[rid].update(found)
    rows = []
    for row, rid in zip(cur.to_dict("records"), ids, strict=True):
        match = out[rid]
        if match.get("previous_record_id"):
            match["update_match"] = f"matched:{match['previous_record_id']}"
        match.update(
            title=row["title"],
            year=row["year"],
            doi=row["doi"],
            pmid=row["pmid"],
            source=row["source"],
        )
        rows.append(match)
    frame = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
    for col in MATCH_COLUMNS:
        if col not in ("score_title", "year"):
            frame[col] = [_text(v) for v in frame[col]]
    return frame.sort_values("record_id", kind="mergesort").reset_index(drop=True)


def _table(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    model = list(rec.COLUMNS)
    ready = list(frame.columns[: len(model)]) == model and str(frame["year"].dtype) == "Int64"
    table = frame if ready else rec.normalise(frame)
    rec.validate(table, name=name)
    return table.sort_values("record_id", kind="mergesort").reset_index(drop=True)


def _fuzzy(rest: pd.DataFrame, prev: pd.DataFrame, *, workers: int) -> dict[str, dict]:
    """Best previous match (or possible match) of each record of ``rest``, by record id."""
    cols = list(rec.COLUMNS)
    both = pd.concat([prev[cols], rest[cols]], ignore_index=True)
    n_prev = len(prev)
    features = prepare(both, workers=workers)
    pairs = candidate_pairs(features, workers=workers)
    # Only pairs across the versions: previous-previous pairs were settled by the previous
    # dedup, update-update pairs by this run's.
    cross = pairs[(pairs[:, 0] < n_prev) & (pairs[:, 1] >= n_prev)]
    if not len(cross):
        return {}
    scores = score_pairs(features, cross, workers=workers)
    verdicts = decide(features, scores)
    ids = both["record_id"].tolist()
    order = {rule: k for k, rule in enumerate(RULES)}
    best: dict[str, tuple[tuple, dict]] = {}
    maybe: dict[str, tuple[tuple, dict]] = {}
    for v in verdicts.to_dict("records"):
        i, j = int(v["i"]), int(v["j"])
        title = v["title"] if v["title"] == v["title"] else 0.0
        me, other = ids[j], ids[i]
        if v["same"]:
            key = (order[v["rule"]], -title, other)
            if me not in best or key < best[me][0]:
                best[me] = (
                    key,
                    {
                        "previous_record_id": other,
                        "matched_with": other,
                        "rule": v["rule"],
                        "score_title": float(title),
                    },
                )
        elif v["uncertain"]:
            key = (-title, other)
            if me not in maybe or key < maybe[me][0]:
                maybe[me] = (
                    key,
                    {"possible_match": other, "reason": v["reason"], "score_title": float(title)},
                )
    found = {rid: found for rid, (_, found) in best.items()}
    for rid, (_, hint) in maybe.items():
        found.setdefault(rid, hint)
    return found


def check_matches(matches: pd.DataFrame, current_ids: list[str]) -> None:
    """Every update record has exactly one row: ``new`` or ``matched:<id>``."""
    have = matches["record_id"].tolist()
    if sorted(have) != sorted(current_ids):
        missing = sorted(set(current_ids) - set(have))
        raise DataError(
            f"matches: {len(missing)} update record(s) have no row (first: "
            f"{missing[0] if missing else have[0]})"
        )
    bad = [m for m in matches["update_match"] if m != NEW and not m.startswith("matched:")]
    if bad:
        raise DataError(f"matches: update_match {bad[0]!r} is neither new nor matched:<id>")
