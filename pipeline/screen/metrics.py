"""Screening-order metrics: work saved, recall at a share screened, time to discovery.

Every function takes ``labels_in_order``: the true labels (1 include, 0 exclude) of the
records in the order they were screened, the prior-knowledge records first, covering the
whole data set (``N = len(labels_in_order)``). Definitions follow the shared screening
benchmark README and the ASReview simulation literature:

- ``n_to_recall(r)``: records screened (priors included) to find ``ceil(r * n_included)``
  inclusions.
- ``WSS@r = (N - n_to_recall(r)) / N - (1 - r)`` (Cohen et al. 2006, work saved over
  sampling).
- ``recall@p``: share of inclusions found in the first ``floor(p * N)`` records.
- ``ATD``: average time to discovery, the mean over inclusions of the share of records
  screened when it was found (position / N, 1-based), as in Ferdinands et al. 2023.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from pipeline.errors import DataError

# Floating-point guard for ceil(0.95 * 20) style products that land on an integer.
_EPS = 1e-9


def _as_array(labels_in_order: Sequence[int]) -> np.ndarray:
    labels = np.asarray(labels_in_order, dtype=np.int64)
    if labels.ndim != 1 or not np.isin(labels, (0, 1)).all():
        raise DataError("labels must be a flat sequence of 0/1")
    return labels


def _needed(n_included: int, recall: float) -> int:
    if not 0 < recall <= 1:
        raise DataError(f"recall level must be in (0, 1], got {recall}")
    return max(1, math.ceil(recall * n_included - _EPS))


def n_to_recall(labels_in_order: Sequence[int], recall: float = 0.95) -> int:
    """Records screened to find ``ceil(recall * inclusions)`` inclusions.

    >>> n_to_recall([0, 1, 0, 1, 0], 1.0)
    4
    >>> n_to_recall([1, 0, 0, 1, 0], 0.5)
    1
    """
    labels = _as_array(labels_in_order)
    total = int(labels.sum())
    if total == 0:
        raise DataError("no included record: recall is undefined")
    found = np.cumsum(labels)
    return int(np.searchsorted(found, _needed(total, recall))) + 1


def wss(labels_in_order: Sequence[int], recall: float = 0.95) -> float:
    """Work saved over sampling at ``recall``: ``(N - n_recall) / N - (1 - recall)``.

    >>> round(wss([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], 1.0), 6)
    0.8
    """
    labels = _as_array(labels_in_order)
    n = len(labels)
    return (n - n_to_recall(labels, recall)) / n - (1.0 - recall)


def recall_at(labels_in_order: Sequence[int], share: float) -> float:
    """Share of inclusions found in the first ``floor(share * N)`` records.

    >>> recall_at([1, 0, 0, 1, 0, 0, 0, 0, 0, 0], 0.1)
    0.5
    """
    labels = _as_array(labels_in_order)
    total = int(labels.sum())
    if total == 0:
        raise DataError("no included record: recall is undefined")
    k = math.floor(share * len(labels) + _EPS)
    return float(labels[:k].sum()) / total


def atd(labels_in_order: Sequence[int]) -> float:
    """Average time to discovery: mean of ``position / N`` over inclusions (1-based).

    >>> atd([1, 0, 0, 1, 0, 0, 0, 0, 0, 0])
    0.25
    """
    labels = _as_array(labels_in_order)
    positions = np.flatnonzero(labels) + 1
    if len(positions) == 0:
        raise DataError("no included record: time to discovery is undefined")
    return float(positions.mean() / len(labels))


def recall_curve(labels_in_order: Sequence[int]) -> np.ndarray:
    """Recall after each screened record (length N)."""
    labels = _as_array(labels_in_order)
    total = int(labels.sum())
    if total == 0:
        raise DataError("no included record: recall is undefined")
    return np.cumsum(labels) / total


def summary(labels_in_order: Sequence[int]) -> dict[str, float | int]:
    """All headline metrics of one screening order, rounded for stable JSON."""
    labels = _as_array(labels_in_order)
    return {
        "n_records": len(labels),
        "n_included": int(labels.sum()),
        "wss_95": round(wss(labels, 0.95), 6),
        "wss_100": round(wss(labels, 1.0), 6),
        "recall_at_10pct": round(recall_at(labels, 0.10), 6),
        "recall_at_25pct": round(recall_at(labels, 0.25), 6),
        "n_to_recall_95": n_to_recall(labels, 0.95),
        "n_to_recall_100": n_to_recall(labels, 1.0),
        "atd": round(atd(labels), 6),
    }
