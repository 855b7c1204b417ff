"""Active learning for title/abstract screening.

:func:`rank` scores the unlabelled records for the screeners' queue (``slr screen rank``);
:func:`active_order` replays screening on a labelled data set (``slr screen simulate``).

Query strategy: certainty-based ("max"): the record the model scores highest is screened
next. Retraining schedule: after every decision while few records are labelled, then in
batches that grow with the labelled set (``batch = max(batch_size, batch_growth *
labelled)``), so that a 6000-record simulation needs hundreds of fits, not thousands; and
at once after every inclusion (``retrain_on_inclusion``). Inclusions come in groups of
similar studies: the first inclusion of a group that the model has not met yet is the
best clue to where the rest are. A model that waits for the end of its batch spends the
rest of that batch on picks made without that clue. Inclusions are rare, so retraining
after each one costs a few dozen extra fits. Estimators that allow it (logistic
regression with ``warm_start``) start each fit from the previous coefficients.

Dry spells: a committee averages its members' scores, so a record that one member ranks at
the top and the other ranks low ends up in the middle of the queue. While the consensus
keeps finding inclusions that does not matter. Once ``DRY_SPELL`` exclusions have come in a
row, the consensus has run dry, and the inclusions still unscreened are the ones the members
disagree about: from then on every second pick is the top unscreened record of one member,
the members taking turns, until an inclusion turns up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from pipeline.errors import DataError, UsageError
from pipeline.screen.coldstart import cold_start_scores, hashed_order_scores
from pipeline.screen.models import DEFAULT_MODEL, Preset, get_preset, sample_weights, scores
from pipeline.screen.stopping import trailing_exclusions

#: Default retraining schedule (see module docstring).
BATCH_SIZE = 1
BATCH_GROWTH = 0.01
#: Exclusions in a row after which a committee's members take turns picking every second
#: record (see module docstring); 0 turns this off.
DRY_SPELL = 50


class Learner:
    """One preset's classifier, refitted as labels arrive (warm-started where possible)."""

    def __init__(self, preset: Preset, *, seed: int = 0) -> None:
        self.preset = preset
        self.seed = seed
        self.estimator_ = None
        self.n_fits_ = 0

    def fit(self, X: sp.csr_matrix, y: np.ndarray) -> Learner:
        if self.estimator_ is None or not self.preset.warm_start:
            self.estimator_ = self.preset.build(self.seed)
        weights = sample_weights(y, self.preset.balance_ratio)
        self.estimator_.fit(X, y, sample_weight=weights)
        self.n_fits_ += 1
        return self

    def scores(self, X: sp.csr_matrix) -> np.ndarray:
        return scores(self.estimator_, X)

    def member_scores(self, X: sp.csr_matrix) -> np.ndarray | None:
        """Each committee member's standardised scores (members x rows); None if no committee."""
        if hasattr(self.estimator_, "member_scores"):
            return self.estimator_.member_scores(X)
        return None


def _ranked(scores_: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``rows`` by descending score; ties go to the lower index."""
    return rows[np.lexsort((rows, -scores_))]


class _Queues:
    """The committee's order of the rows (source 0) and each member's (1, 2, ...).

    :meth:`pick` takes the next row not yet taken, from the committee's order or, when
    :func:`explore_now` says so, from the member whose turn it is. The turn carries over
    when :meth:`load` brings the orders of a newly trained model.
    """

    def __init__(self) -> None:
        self.orders: list[np.ndarray] = []
        self.pos: list[int] = []
        self.turn = 0

    def load(self, orders: list[np.ndarray]) -> None:
        self.orders = orders
        self.pos = [0] * len(orders)

    def pick(self, n_screened: int, run: int, dry_spell: int, taken: np.ndarray) -> int:
        source = 0
        n_members = len(self.orders) - 1
        if n_members and explore_now(n_screened, run, dry_spell):
            source = 1 + self.turn % n_members
            self.turn += 1
        order, p = self.orders[source], self.pos[source]
        while taken[order[p]]:
            p += 1
        self.pos[source] = p
        return int(order[p])


def explore_now(n_screened: int, run: int, dry_spell: int) -> bool:
    """Whether the pick after ``n_screened`` decisions goes to a committee member.

    Every second pick (even ``n_screened``) once ``run >= dry_spell`` exclusions in a row.

    >>> explore_now(100, 49, 50), explore_now(100, 50, 50), explore_now(101, 50, 50)
    (False, True, False)
    """
    return dry_spell > 0 and run >= dry_spell and n_screened % 2 == 0


def next_batch_size(
    n_labelled: int, *, batch_size: int = BATCH_SIZE, batch_growth: float = BATCH_GROWTH
) -> int:
    """Records to screen before the next retrain.

    >>> next_batch_size(10), next_batch_size(500), next_batch_size(2000)
    (1, 5, 20)
    """
    return max(batch_size, math.floor(batch_growth * n_labelled))


def presumed_exclusions(candidates: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` unscreened rows drawn at random to train on as exclusions (none if ``k = 0``).

    Only while the unscreened records outnumber them 4 to 1: near the end of a review the
    unscreened records are no longer a crowd of exclusions worth sampling.
    """
    if k <= 0 or len(candidates) < 4 * k:
        return np.empty(0, dtype=np.int64)
    return np.sort(rng.choice(candidates, k, replace=False))


def _top(scores_: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` candidates with the highest score; ties go to the lower index."""
    cand_scores = scores_[candidates]
    if k < len(candidates):
        # Partition first (O(n)), then sort the few kept; include every tie at the cut.
        kth = np.partition(-cand_scores, k - 1)[k - 1]
        keep = candidates[-cand_scores <= kth]
        keep_scores = scores_[keep]
    else:
        keep, keep_scores = candidates, cand_scores
    order = np.lexsort((keep, -keep_scores))
    return keep[order][:k]


def active_order(
    X: sp.csr_matrix,
    labels: np.ndarray,
    prior: Sequence[int],
    *,
    model: str = DEFAULT_MODEL,
    seed: int = 0,
    batch_size: int = BATCH_SIZE,
    batch_growth: float = BATCH_GROWTH,
    dry_spell: int = DRY_SPELL,
    retrain_on_inclusion: bool = True,
    stop_when_all_found: bool = True,
) -> tuple[np.ndarray, dict]:
    """Replay screening with the true ``labels`` as the oracle; return the order and stats.

    ``prior``: row indices screened first (prior knowledge; must hold both classes).
    The model queries the highest-scoring unscreened records, ``next_batch_size`` at a
    time, and retrains at once after an inclusion (``retrain_on_inclusion``); after
    ``dry_spell`` exclusions in a row a committee's members take turns picking every
    second record (module docstring; 0 = never). Once every inclusion is found
    (``stop_when_all_found``) training stops and the rest follow in the last model's order:
    no metric depends on the order of a tail of exclusions. Returns ``(order, {"n_fits":
    ...})``; ``order`` covers every row.
    """
    labels = np.asarray(labels, dtype=np.int64)
    n = X.shape[0]
    prior = [int(i) for i in prior]
    preset = get_preset(model)
    rng = np.random.default_rng(seed)
    if len(set(labels[prior].tolist())) < 2:
        raise UsageError(
            "prior knowledge must contain at least one included and one excluded record"
        )
    learner = Learner(preset, seed=seed)
    screened = np.zeros(n, dtype=bool)
    order: list[int] = []
    for i in prior:
        if not screened[i]:
            screened[i] = True
            order.append(i)
    total = int(labels.sum())
    found = int(labels[order].sum())
    run = trailing_exclusions(labels[order])
    queues = _Queues()
    last_scores = np.zeros(n)
    while len(order) < n:
        if stop_when_all_found and found == total:
            break
        idx = np.asarray(order)
        candidates = np.flatnonzero(~screened)
        extra = presumed_exclusions(candidates, preset.presumed_exclusions, rng)
        train = np.concatenate([idx, extra])
        y_train = np.concatenate([labels[idx], np.zeros(len(extra), dtype=np.int64)])
        learner.fit(X[train], y_train)
        fused, members = _candidate_scores(learner, X[candidates], dry_spell=dry_spell)
        last_scores = np.full(n, -np.inf)
        last_scores[candidates] = fused
        sources = [fused] if members is None else [fused, *members]
        queues.load([_ranked(s, candidates) for s in sources])
        k = min(
            len(candidates),
            next_batch_size(len(order), batch_size=batch_size, batch_growth=batch_growth),
        )
        found, run = _screen_batch(
            queues,
            labels,
            screened,
            order,
            k=k,
            found=found,
            run=run,
            dry_spell=dry_spell,
            until=total if stop_when_all_found else None,
            retrain_on_inclusion=retrain_on_inclusion,
        )
    rest = np.flatnonzero(~screened)
    if len(rest):
        order.extend(int(i) for i in _top(last_scores, rest, len(rest)))
    return np.asarray(order, dtype=np.int64), {"n_fits": learner.n_fits_}


def _candidate_scores(
    learner: Learner, X_candidates: sp.csr_matrix, *, dry_spell: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """The fused score of each unscreened record and, for the dry spell, each member's.

    Only the unscreened records are scored, in simulation as in :func:`rank`: a committee
    standardises its members' scores over the rows it scores, and the screened rows (the
    training data, scored far out in the tails) would otherwise set that scale.
    """
    members = learner.member_scores(X_candidates) if dry_spell > 0 else None
    fused = members.mean(axis=0) if members is not None else learner.scores(X_candidates)
    return fused, members


def _screen_batch(
    queues: _Queues,
    labels: np.ndarray,
    screened: np.ndarray,
    order: list[int],
    *,
    k: int,
    found: int,
    run: int,
    dry_spell: int,
    until: int | None,
    retrain_on_inclusion: bool,
) -> tuple[int, int]:
    """Screen up to ``k`` records from ``queues`` with ``labels`` as the oracle (updating
    ``screened`` and ``order``); stop early at an inclusion (to retrain) or when ``until``
    inclusions are found. Returns the inclusions found and the current run of exclusions."""
    for _ in range(k):
        i = queues.pick(len(order), run, dry_spell, screened)
        screened[i] = True
        order.append(i)
        found += int(labels[i])
        run = 0 if labels[i] else run + 1
        if until is not None and found == until:
            break
        if labels[i] and retrain_on_inclusion:
            break
    return found, run


def _interleave(
    fused: np.ndarray, members: list[np.ndarray], n_decided: int, run: int, dry_spell: int
) -> np.ndarray:
    """Queue positions as :func:`active_order` fills them while every pick is excluded."""
    queues = _Queues()
    queues.load([fused, *members])
    taken = np.zeros(len(fused), dtype=bool)
    out = np.empty(len(fused), dtype=np.int64)
    for p in range(len(fused)):
        out[p] = queues.pick(n_decided + p, run + p, dry_spell, taken)
        taken[out[p]] = True
    return out


def rank(
    records: pd.DataFrame,
    labels: Mapping[str, int],
    *,
    seed: int = 0,
    model: str = DEFAULT_MODEL,
    query_text: str = "",
    exclusions_in_a_row: int = 0,
    dry_spell: int = DRY_SPELL,
) -> pd.DataFrame:
    """Score every unlabelled record; ``DataFrame(record_id, score, rank)`` sorted by rank.

    Reads ``record_id``, ``title`` and ``abstract`` of ``records``; ``labels`` maps
    record_id to 1 (include) or 0 (exclude); ids not in ``records`` are ignored. With both
    classes labelled, the preset's classifier is trained on them and ``score`` is its
    probability of inclusion (the logistic of the decision value for models without
    probabilities). Otherwise
    (cold start) ``score`` is the TF-IDF cosine similarity to ``query_text``, or a seeded
    pseudo-random order when there is no query text. Rank 1 = screen first; ties are broken
    by a seeded hash of the record id, so the order is deterministic.

    ``exclusions_in_a_row``: the current run of exclusions
    (:func:`~pipeline.screen.stopping.trailing_exclusions` of the decisions in the order
    made). A committee's queue is ordered as :func:`active_order` would screen it if every
    queued record were excluded: from the position where the run
    reaches ``dry_spell``, every second place goes to the members' own top records in turn.
    ``score`` stays the committee's score.
    """
    preset = get_preset(model)
    ids, known, unlabelled = _labelled_rows(records, labels)
    y = np.array([v for _, v in known], dtype=np.int64)
    if len(unlabelled) == 0:
        # Everything has a decision: the queue is empty.
        return pd.DataFrame(
            {"record_id": pd.Series([], dtype=object), "score": [], "rank": []}
        ).astype({"score": float, "rank": "int64"})
    if len(set(y.tolist())) == 2:
        idx = np.array([i for i, _ in known], dtype=np.int64)
        decision, members, score = _trained_scores(
            preset, records, idx, y, unlabelled, seed=seed, dry_spell=dry_spell
        )
    else:
        members = None
        sub = records.iloc[unlabelled]
        decision = cold_start_scores(sub, query_text=query_text, seed=seed)
        score = decision
    ties = hashed_order_scores([ids[i] for i in unlabelled], seed)
    order = np.lexsort((ties, -np.round(decision, 12)))
    if members is not None and len(members) > 1:
        member_orders = [np.lexsort((ties, -np.round(m, 12))) for m in members]
        order = _interleave(order, member_orders, len(known), exclusions_in_a_row, dry_spell)
    out = pd.DataFrame(
        {
            "record_id": [ids[unlabelled[i]] for i in order],
            "score": np.round(np.asarray(score, dtype=np.float64)[order], 6),
            "rank": np.arange(1, len(order) + 1, dtype=np.int64),
        }
    )
    return out


def _labelled_rows(
    records: pd.DataFrame, labels: Mapping[str, int]
) -> tuple[list[str], list[tuple[int, int]], np.ndarray]:
    """Record ids, ``(row, label)`` of the labelled records and the unlabelled rows; a
    records table without unique ids or a label other than 0/1 is a DataError."""
    if "record_id" not in records.columns:
        raise DataError("records table has no record_id column")
    ids = [str(r) for r in records["record_id"]]
    if len(set(ids)) != len(ids):
        raise DataError("records table has repeated record_id values")
    bad = {v for v in labels.values() if v not in (0, 1)}
    if bad:
        raise DataError(f"labels must be 0 or 1, got {sorted(bad)}")
    position = {rid: i for i, rid in enumerate(ids)}
    known = [(position[rid], int(v)) for rid, v in labels.items() if rid in position]
    labelled = np.zeros(len(ids), dtype=bool)
    for i, _ in known:
        labelled[i] = True
    return ids, known, np.flatnonzero(~labelled)


def _trained_scores(
    preset: Preset,
    records: pd.DataFrame,
    idx: np.ndarray,
    y: np.ndarray,
    unlabelled: np.ndarray,
    *,
    seed: int,
    dry_spell: int,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Train on the labelled rows ``idx`` and score the unlabelled ones: the decision
    values, each member's (for the dry spell) and a 0..1 score for people."""
    X = preset.features.from_records(records)
    extra = presumed_exclusions(unlabelled, preset.presumed_exclusions, np.random.default_rng(seed))
    train = np.concatenate([idx, extra])
    y_train = np.concatenate([y, np.zeros(len(extra), dtype=np.int64)])
    learner = Learner(preset, seed=seed).fit(X[train], y_train)
    decision, members = _candidate_scores(learner, X[unlabelled], dry_spell=dry_spell)
    est = learner.estimator_
    # A 0..1 score for people: the model's probability where it has one, else the
    # logistic of its decision value (an ordering score, not a calibrated probability).
    score = (
        est.predict_proba(X[unlabelled])[:, 1]
        if hasattr(est, "predict_proba")
        else 1.0 / (1.0 + np.exp(-decision))
    )
    return decision, members, score


def rank_in_decision_order(
    records: pd.DataFrame, labels: Mapping[str, int], *, seed: int, query_text: str
) -> pd.DataFrame:
    """:func:`rank` from labels given in decision order (a screener's own, oldest first):
    the current run of exclusions at the end of ``labels`` counts."""
    return rank(
        records,
        labels,
        seed=seed,
        query_text=query_text,
        exclusions_in_a_row=trailing_exclusions(labels.values()),
    )
