"""The screening app's view of one review: records, the decisions store, and each screener's
queue.

Reads ``record_id, title, abstract, authors, year, journal, keywords`` of the unique records
(``WORKDIR/dedup/unique.parquet``) and the model's queue (``WORKDIR/screen/queue.csv``).
Writes only through :func:`pipeline.screen.decisions.append` (one fsynced line per
decision), so the terminal session, spreadsheet imports and this app share one store.

The store is read once; after that the app keeps an index of the latest decision per
``(stage, screener, record)`` and updates it from the line it has just appended. When the
file's size is not the one the app expects (another program appended, or a torn line was
repaired), the store is read again in full. All state changes happen under one lock.

Blind screening: everything a screener is shown (their queue, progress, history, search
results) is computed from their own decisions only. Only a resolver sees other screeners'
decisions, and only on records where they disagree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import DataError
from pipeline.screen.agreement import agreement_table
from pipeline.screen.decisions import (
    CONSENSUS,
    FIELDS,
    STAGES,
    WITHDRAWN,
    append,
    check_review,
    encode,
    final_decisions,
    make_decision,
    read_lines,
)
from pipeline.screen.session import Ranker
from pipeline.screen.sheets import candidates, conflicts_table
from pipeline.screen.stopping import stopping_estimate, trailing_exclusions

#: Record fields the app shows (and the API returns).
RECORD_FIELDS: tuple[str, ...] = (
    "record_id",
    "title",
    "abstract",
    "authors",
    "year",
    "journal",
    "keywords",
)
#: Points of the discovery curve sent to the page (the curve is thinned to this many).
CURVE_POINTS = 200


class Refused(Exception):
    """A request the app refuses: ``status`` is the HTTP status, the message says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Queue:
    """One screener's order at one stage; decided records are skipped when read."""

    order: list[str]
    front: list[str] = field(default_factory=list)  # undone records come back first
    skipped: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    ranker: Ranker | None = None
    ranked_on: str = ""
    since_retrain: int = 0

    def next_ids(self, done: set[str], pool: set[str], k: int = 1) -> list[str]:
        out: list[str] = []
        skipped = set(self.skipped)
        for source, skip_skipped in (
            (self.front, False),
            (self.order, True),
            (self.skipped, False),
        ):
            for rid in source:
                if (
                    rid in done
                    or rid not in pool
                    or rid in out
                    or (skip_skipped and rid in skipped)
                ):
                    continue
                out.append(rid)
                if len(out) >= k:
                    return out
        return out


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _list(value: Any) -> list[str]:
    if value is None or isinstance(value, str | float):
        return [value] if isinstance(value, str) and value else []
    return [str(v) for v in value]


class ScreeningState:
    """Shared state of the app (one instance per server)."""

    def __init__(
        self,
        records: pd.DataFrame,
        queue: pd.DataFrame,
        *,
        decisions: str | Path,
        review: str,
        reasons: Sequence[str],
        resolver: str = CONSENSUS,
        target_recall: float = 0.95,
        retrain_every: int = 10,
        rank_fn: Callable[[dict[str, int]], pd.DataFrame] | None = None,
    ) -> None:
        self.records = records.set_index("record_id", drop=False)
        self.ids = set(self.records.index)
        self.path = Path(decisions)
        self.review = review
        self.reasons = list(reasons)
        self.resolver = resolver
        self.target_recall = target_recall
        self.retrain_every = retrain_every if rank_fn is not None else 0
        self.rank_fn = rank_fn
        self.lock = threading.RLock()
        ranks = dict(zip(queue["record_id"], queue["rank"], strict=True))
        self.base_scores = {
            r: float(s) for r, s in zip(queue["record_id"], queue["score"], strict=True)
        }
        # Ranked records first in rank order, then the rest by id (as the terminal session).
        self.base_order = sorted(
            self.records.index,
            key=lambda r: (pd.isna(ranks.get(r, pd.NA)), ranks.get(r, 0) or 0, r),
        )
        self.queues: dict[tuple[str, str], Queue] = {}
        self.undo_stacks: dict[tuple[str, str], list[tuple[str, dict[str, Any] | None]]] = {}
        self._reload()

    # ------------------------------------------------------------------ the store

    def _reload(self) -> None:
        """Read the whole store again and rebuild the index (lock held or at start)."""
        rows = read_lines(self.path)
        check_review(rows, self.review, self.path)
        self.lines: list[dict[str, Any]] = []
        self._cache: dict[Any, Any] = {}
        self.current: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        self.first_seen: dict[tuple[str, str], dict[str, int]] = {}
        for row in rows:
            self._index(row)
        self.size = self.path.stat().st_size if self.path.exists() else 0

    def _index(self, row: dict[str, Any]) -> None:
        self.lines.append(row)
        self._cache.clear()  # tables computed from the store are stale now
        key = (row["stage"], row["screener"])
        current = self.current.setdefault(key, {})
        self.first_seen.setdefault(key, {}).setdefault(row["record_id"], row["line"])
        if row["decision"] == WITHDRAWN:
            current.pop(row["record_id"], None)
        else:
            current[row["record_id"]] = row

    def refresh(self) -> None:
        """Pick up lines other programs appended since the last read."""
        with self.lock:
            size = self.path.stat().st_size if self.path.exists() else 0
            if size != self.size:
                self._reload()

    def _cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered until the next line is indexed."""
        with self.lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def frame(self) -> pd.DataFrame:
        """The store as a history table (as :func:`pipeline.screen.decisions.history`)."""

        def build() -> pd.DataFrame:
            frame = pd.DataFrame(self.lines, columns=[*FIELDS, "line"])
            for col in ("record_id", "screener", "stage", "decision", "reason", "note"):
                frame[col] = frame[col].astype(object)
            return frame

        return self._cached("frame", build)

    def final(self, stage: str) -> pd.DataFrame:
        """Final decisions at ``stage`` (:func:`pipeline.screen.decisions.final_decisions`)."""
        return self._cached(
            ("final", stage),
            lambda: final_decisions(self.frame(), stage=stage, resolver=self.resolver),
        )

    def _append(self, line: dict[str, Any]) -> dict[str, Any]:
        """Append one line (fsynced before this returns) and index it."""
        with self.lock:
            self.refresh()
            before = self.size
            append(self.path, [line])
            after = self.path.stat().st_size
            if after - before != len(encode(line)):
                self._reload()  # someone else wrote too, or a torn tail was repaired
            else:
                self.size = after
                row = {f: line.get(f) for f in FIELDS}
                row["line"] = (self.lines[-1]["line"] if self.lines else 0) + 1
                self._index(row)
            return line

    # ------------------------------------------------------------------ per screener

    def mine(self, screener: str, stage: str) -> dict[str, dict[str, Any]]:
        """This screener's current decisions at ``stage`` (record_id -> line)."""
        return self.current.get((stage, screener), {})

    def own_in_order(self, screener: str, stage: str) -> list[dict[str, Any]]:
        """This screener's current decisions in the order the records were first decided."""
        first = self.first_seen.get((stage, screener), {})
        return sorted(self.mine(screener, stage).values(), key=lambda d: first[d["record_id"]])

    def own_labels(self, screener: str, stage: str = "title_abstract") -> dict[str, int]:
        value = {"include": 1, "exclude": 0}
        return {
            d["record_id"]: value[d["decision"]]
            for d in self.own_in_order(screener, stage)
            if d["decision"] in value
        }

    def pool(self, stage: str) -> list[str]:
        """Record ids to screen at ``stage`` (all at title/abstract; final includes after)."""
        if stage == "title_abstract":
            return self.base_order
        return self._cached(
            ("pool", stage),
            lambda: candidates(self.records, self.frame(), stage=stage, resolver=self.resolver),
        )

    def pool_set(self, stage: str) -> set[str]:
        if stage == "title_abstract":
            return self.ids
        return self._cached(("pool_set", stage), lambda: set(self.pool(stage)))

    def queue(self, screener: str, stage: str) -> Queue:
        with self.lock:
            key = (screener, stage)
            if key not in self.queues:
                q = Queue(order=list(self.base_order), scores=dict(self.base_scores))
                q.ranked_on = "queue.csv" if self.base_scores else "record id order"
                if stage == "title_abstract" and self.retrain_every and self.rank_fn:
                    q.ranker = Ranker(self.rank_fn)
                    q.ranker.request(self.own_labels(screener))
                self.queues[key] = q
            q = self.queues[key]
            self._swap_ranking(q, screener)
            return q

    def _swap_ranking(self, q: Queue, screener: str) -> None:
        if q.ranker is None:
            return
        ranking = q.ranker.poll()
        if ranking is None:
            return
        ranked = list(ranking["record_id"])
        seen = set(ranked)
        q.order = ranked + [r for r in q.order if r not in seen]
        q.scores.update(zip(ranking["record_id"], ranking["score"], strict=True))
        n = q.ranker.n_labels
        q.ranked_on = f"model trained on your {n} decisions" if n else "model cold start"

    def record(self, record_id: str) -> dict[str, Any]:
        """The shown fields of a record (:class:`Refused` 404 for an unknown id)."""
        if record_id not in self.ids:
            raise Refused(f"no record {record_id!r} in this review", 404)
        row = self.records.loc[record_id]
        year = row["year"]
        return {
            "record_id": record_id,
            "title": _text(row["title"]),
            "abstract": _text(row["abstract"]),
            "authors": _list(row["authors"]),
            "year": None if pd.isna(year) else int(year),
            "journal": _text(row["journal"]),
            "keywords": _list(row["keywords"]),
        }

    def next_record(self, screener: str, stage: str) -> dict[str, Any]:
        """The next record for this screener by rank, or ``{"done": True}``."""
        self.refresh()
        with self.lock:
            q = self.queue(screener, stage)
            pool = self.pool(stage)
            done = set(self.mine(screener, stage))
            ids = q.next_ids(done, self.pool_set(stage))
            if not ids:
                return {"done": True, "stage": stage}
            out = self.record(ids[0])
            score = q.scores.get(ids[0])
            out["score"] = None if score is None or pd.isna(score) else round(float(score), 6)
            out["stage"] = stage
            out["position"] = len(done) + 1
            out["total"] = len(pool)
            return out

    def decide(
        self,
        screener: str,
        record_id: str,
        stage: str,
        decision: str,
        *,
        reason: str = "",
        note: str = "",
    ) -> dict[str, Any]:
        """Validate and append one decision; nothing is written when anything is wrong."""
        if stage not in STAGES:
            raise Refused(f"unknown stage {stage!r} (use {', '.join(STAGES)})")
        if record_id not in self.ids:
            raise Refused(f"no record {record_id!r} in this review; nothing was saved", 404)
        if decision == WITHDRAWN:
            raise Refused("use /api/undo to take a decision back")
        with self.lock:
            self.refresh()
            if stage == "full_text" and record_id not in self.pool_set(stage):
                raise Refused(
                    f"{record_id} is not on the full-text list (not included at title/abstract)",
                    409,
                )
            q = self.queue(screener, stage)
            previous = self.mine(screener, stage).get(record_id)
            try:
                line = make_decision(
                    record_id,
                    screener,
                    stage,
                    decision,
                    review=self.review,
                    reason=reason,
                    note=note,
                    rank=len(self.mine(screener, stage)) + 1 if previous is None else None,
                    score=q.scores.get(record_id),
                    reasons=self.reasons,
                )
            except DataError as exc:
                raise Refused(str(exc)) from exc
            self._append(line)
            self.undo_stacks.setdefault((screener, stage), []).append((record_id, previous))
            for source in (q.front, q.skipped):
                if record_id in source:
                    source.remove(record_id)
            self._maybe_retrain(q, screener, stage, decision)
            return line

    def _maybe_retrain(self, q: Queue, screener: str, stage: str, decision: str) -> None:
        if q.ranker is None:
            return
        q.since_retrain += 1
        # As the terminal session: every N decisions, and at once after an inclusion.
        if q.since_retrain >= self.retrain_every or decision == "include":
            q.since_retrain = 0
            labels = self.own_labels(screener, stage)
            q.ranker.request(labels)

    def undo(self, screener: str, stage: str) -> dict[str, Any]:
        """Take back this screener's last decision here (appends the state before it)."""
        with self.lock:
            stack = self.undo_stacks.get((screener, stage), [])
            if not stack:
                raise Refused("nothing to undo", 409)
            record_id, previous = stack.pop()
            if previous is None:
                line = make_decision(record_id, screener, stage, WITHDRAWN, review=self.review)
            else:
                line = make_decision(
                    record_id,
                    screener,
                    stage,
                    previous["decision"],
                    review=self.review,
                    reason=previous.get("reason", ""),
                    note=previous.get("note", ""),
                    rank=previous.get("rank"),
                    score=previous.get("score"),
                )
            self._append(line)
            q = self.queue(screener, stage)
            if previous is None:
                q.front.insert(0, record_id)
            return {"record_id": record_id, "decision": line["decision"], "stage": stage}

    def skip(self, screener: str, stage: str, record_id: str) -> None:
        if record_id not in self.ids:
            raise Refused(f"no record {record_id!r} in this review", 404)
        with self.lock:
            q = self.queue(screener, stage)
            if record_id in q.front:
                q.front.remove(record_id)
            if record_id in q.skipped:
                q.skipped.remove(record_id)
            q.skipped.append(record_id)

    def history_of(self, screener: str, stage: str) -> list[dict[str, Any]]:
        """This screener's current decisions, latest first, with each record's title."""
        self.refresh()
        with self.lock:
            out = []
            for d in reversed(self.own_in_order(screener, stage)):
                row = {k: d.get(k) for k in ("record_id", "stage", "decision", "reason", "note")}
                row["timestamp"] = d.get("timestamp")
                row["title"] = (
                    _text(self.records.at[d["record_id"], "title"])
                    if d["record_id"] in self.ids
                    else ""
                )
                out.append(row)
            return out

    def search(self, screener: str, stage: str, text: str, limit: int = 50) -> list[dict]:
        """Records whose id, title, abstract or authors contain ``text`` (case-insensitive)."""
        text = text.strip()
        if not text:
            return []
        hits = pd.Series(False, index=self.records.index)
        for col in ("record_id", "title", "abstract"):
            hits |= self.records[col].astype(str).str.contains(text, case=False, regex=False)
        mine = self.mine(screener, stage)
        return [
            {
                "record_id": rid,
                "title": _text(self.records.at[rid, "title"]),
                "year": self.record(rid)["year"],
                "decision": mine[rid]["decision"] if rid in mine else "",
            }
            for rid in list(hits[hits].index[:limit])
        ]

    # ------------------------------------------------------------------ progress

    def progress(self, screener: str, stage: str) -> dict[str, Any]:
        """Counts, the stopping rule's verdict, the discovery curve and agreement."""
        self.refresh()
        with self.lock:
            pool = self.pool(stage)
            own = self.own_in_order(screener, stage)
            counts: dict[str, int] = {}
            for d in own:
                counts[d["decision"]] = counts.get(d["decision"], 0) + 1
            labels = [
                1 if d["decision"] == "include" else 0
                for d in own
                if d["decision"] in ("include", "exclude")
            ]
            q = self.queue(screener, stage)
            out: dict[str, Any] = {
                "stage": stage,
                "screener": screener,
                "total": len(pool),
                "screened": len(own),
                "counts": counts,
                "remaining": max(0, len(pool) - len(own)),
                "ranked_on": q.ranked_on,
                "retraining": bool(q.ranker is not None and q.ranker.busy),
                "curve": _curve(labels),
                "stopping": None,
                "agreement": self._agreement(stage),
                "awaiting_second": len(self.awaiting(screener, stage)),
                "conflicts": self._n_conflicts(stage),
            }
            if stage == "title_abstract" and labels:
                try:
                    estimate = stopping_estimate(
                        labels, max(len(pool), len(labels)), target_recall=self.target_recall
                    )
                except (ValueError, ArithmeticError, DataError):
                    estimate = None
                if estimate is not None:
                    estimate["verdict"] = verdict_text(estimate)
                    estimate["exclusions_in_a_row"] = trailing_exclusions(labels)
                    out["stopping"] = estimate
            return out

    def _agreement(self, stage: str) -> list[dict[str, Any]]:
        table = self._cached(
            "agreement", lambda: agreement_table(self.frame(), resolver=self.resolver)
        )
        table = table[table["stage"] == stage]
        return [
            {
                "screeners": row.screeners,
                "n_both": int(row.n_both),
                "percent_agreement": None
                if pd.isna(row.percent_agreement)
                else float(row.percent_agreement),
                "cohen_kappa": None if pd.isna(row.cohen_kappa) else float(row.cohen_kappa),
            }
            for row in table.itertuples(index=False)
        ]

    def _people(self, stage: str) -> dict[str, dict[str, dict[str, Any]]]:
        """Screeners (not the resolver) with their current decisions at ``stage``."""
        return {
            name: current
            for (st, name), current in self.current.items()
            if st == stage and name != self.resolver and current
        }

    def awaiting(self, screener: str, stage: str) -> list[dict[str, Any]]:
        """Records only one screener has decided (for a screener: ones they have not)."""
        who: dict[str, list[str]] = {}
        for name, current in self._people(stage).items():
            for rid in current:
                who.setdefault(rid, []).append(name)
        out = []
        for rid in sorted(who):
            names = who[rid]
            if len(names) == 1 and names[0] != screener:
                out.append(
                    {
                        "record_id": rid,
                        "title": _text(self.records.at[rid, "title"]) if rid in self.ids else "",
                        "screened_by": names[0],
                    }
                )
        return out

    def _n_conflicts(self, stage: str) -> int:
        final = self.final(stage)
        return int((final["decision"] == "conflict").sum())

    def conflicts(self, stage: str) -> list[dict[str, Any]]:
        """Records whose screeners disagree at ``stage`` (resolvers only), with the votes."""
        self.refresh()
        with self.lock:
            table = self._cached(
                ("conflicts", stage),
                lambda: conflicts_table(
                    self.records, self.frame(), stage=stage, resolver=self.resolver
                ),
            )
            out = []
            for row in table.to_dict("records"):
                votes = {
                    col.removeprefix("decision_"): row[col]
                    for col in table.columns
                    if col.startswith("decision_") and row[col]
                }
                reasons = {
                    col.removeprefix("reason_"): row[col]
                    for col in table.columns
                    if col.startswith("reason_") and row[col]
                }
                rec = self.record(row["record_id"])
                out.append({**rec, "votes": votes, "reasons": reasons})
            return out

    def settle(
        self, resolver_user: str, record_id: str, stage: str, decision: str, *, reason: str = ""
    ) -> dict[str, Any]:
        """Append the resolver's decision (screener ``self.resolver``) for a conflict."""
        if stage not in STAGES:
            raise Refused(f"unknown stage {stage!r} (use {', '.join(STAGES)})")
        if record_id not in self.ids:
            raise Refused(f"no record {record_id!r} in this review; nothing was saved", 404)
        with self.lock:
            self.refresh()
            final = self.final(stage)
            settled = set(self.mine(self.resolver, stage))
            conflicted = set(final.loc[final["decision"] == "conflict", "record_id"])
            if record_id not in conflicted | settled:
                raise Refused(f"{record_id} has no conflict to settle at {stage}", 409)
            try:
                line = make_decision(
                    record_id,
                    self.resolver,
                    stage,
                    decision,
                    review=self.review,
                    reason=reason,
                    note=f"settled by {resolver_user}",
                    reasons=self.reasons,
                )
            except DataError as exc:
                raise Refused(str(exc)) from exc
            return self._append(line)

    def wait_for_rankers(self, timeout: float | None = None) -> None:
        """Block until no re-ranking runs (tests, benchmarks, shutdown)."""
        for q in list(self.queues.values()):
            if q.ranker is not None:
                q.ranker.wait(timeout)


def _curve(labels: Sequence[int]) -> list[list[int]]:
    """``[records screened, inclusions found]`` points, thinned to :data:`CURVE_POINTS`."""
    points = [[0, 0]]
    found = 0
    step = max(1, len(labels) // CURVE_POINTS)
    for i, label in enumerate(labels, start=1):
        found += label
        if i % step == 0 or i == len(labels):
            points.append([i, found])
    return points


def _default_rule_verdict(
    estimate: Mapping[str, Any], target: float, remaining: Any, upper: Any
) -> str:
    left = "" if remaining is None else f" About {remaining:g} relevant records may remain"
    if left:
        left += f" (at most {upper})." if upper is not None else "."
    head = (
        f"You can stop: the stopping rule says you have found at least {target:.0%} of the "
        "relevant records."
        if estimate.get("stop")
        else f"Keep screening: the stopping rule cannot yet say you have found {target:.0%} of "
        "the relevant records."
    )
    return f"{head}{left} {estimate['guarantee']}"


def verdict_text(estimate: Mapping[str, Any]) -> str:
    """The stopping rule's verdict in plain words."""
    target = float(estimate.get("target_recall", 0.95))
    alpha = float(estimate.get("alpha", 0.05))
    p = estimate.get("p_value")
    remaining = estimate.get("estimated_relevant_remaining")
    upper = estimate.get("estimated_relevant_remaining_upper")
    confidence = f"{1 - alpha:.0%}"
    if estimate.get("guarantee"):  # the default rule says what it promises itself
        return _default_rule_verdict(estimate, target, remaining, upper)
    if estimate.get("stop"):
        return (
            f"You can stop: with {confidence} confidence you have found at least {target:.0%} "
            f"of the relevant records (p = {p:.3g} < {alpha}). This treats the records you "
            "screened last as a fair sample of those left; the model ranks likely ones first, "
            "so the rule errs towards screening more."
        )
    left = ""
    if remaining is not None:
        left = f" About {remaining:g} relevant records may remain"
        left += f" (at most {upper} at {confidence} confidence)." if upper is not None else "."
    return (
        f"Keep screening: the records so far cannot yet show, with {confidence} confidence, "
        f"that you have found {target:.0%} of the relevant records"
        + (f" (p = {p:.3g})." if p is not None else ".")
        + left
    )
