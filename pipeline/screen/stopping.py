"""When is it safe to stop screening? A statistical rule and a simple heuristic.

**Hypergeometric rule** (Callaghan & Müller-Hansen 2020, "Statistical stopping criteria for
automated screening in systematic reviews", Systematic Reviews 9:254, ranked variant).
Null hypothesis H0: recall so far is *below* the target ``tau``. Take the ``k`` most recently
screened records as a sample drawn without replacement from the ``N - n + k`` records that
were still unscreened when that window began (the "urn"). Let ``r_seen`` be the inclusions
found so far and ``r_before`` those found before the window, ``k_in`` those in it. If H0
held, the total number of inclusions would exceed ``r_seen / tau``, so the urn would hold at
least ``K_tar = floor(r_seen / tau - r_before) + 1`` inclusions. The p-value of H0 is the
hypergeometric probability of seeing ``k_in`` or fewer inclusions in a sample of ``k`` from
an urn of ``N - n + k`` records holding ``K_tar`` inclusions. Every window length ``k`` is
tried (in effect: see :func:`hypergeometric_p`) and the smallest p-value is kept (as in the paper's ranked variant); we stop when it
is below ``alpha``, i.e. "recall >= tau with confidence 1 - alpha".

Assumption: the window is treated *as if* it were a random sample of the urn. After
prioritised screening, the records screened last are the ones the model rated least likely
relevant, so they contain *fewer* inclusions than a random sample would: the test is then
conservative (it stops later than needed), provided the model ranks inclusions no worse than
chance. Taking the minimum over windows is the paper's choice and is not corrected for
multiple testing; the simulations in ``benchmarks/screening.py`` measure how often the rule
actually stops with recall >= tau.

**Heuristic**: stop after ``consecutive_irrelevant`` excluded records in a row. It has no
statistical guarantee; it is reported because screeners use it.

The estimate of inclusions still unscreened comes from the same window (the one giving the
smallest p-value, or the most recent ``window_for_estimate`` records): the rate of inclusions
in it times the unscreened count, with a one-sided upper bound at level ``1 - alpha``
(Clopper-Pearson), again conservative under prioritised screening.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import beta, hypergeom

from pipeline.errors import UsageError

#: Default of the heuristic: 50 excluded records in a row, a common rule of thumb in
#: ASReview practice; not a statistical criterion.
DEFAULT_CONSECUTIVE = 50


def hypergeometric_p(
    labels_in_order: Sequence[int], n_total: int, *, target_recall: float = 0.95
) -> float:
    """Smallest p-value over windows of H0 "recall < target_recall" (1.0 if untestable).

    >>> round(hypergeometric_p([1, 1] + [0] * 98, 1000), 4) > 0.05
    True
    """
    labels = np.asarray(labels_in_order, dtype=np.int64)
    n = len(labels)
    if n == 0:
        return 1.0
    r_seen = int(labels.sum())
    remaining = n_total - n
    rev = labels[::-1]
    cum = np.cumsum(rev)
    # Only windows that reach back to just after an inclusion (or to the start) can give
    # the minimum: extending a window over one more exclusion keeps K_tar and k_in and
    # leaves the records outside the sample as many, drawn from a larger urn, which can only
    # lower the p-value. So at most (inclusions + 1) windows need testing, not n.
    k = np.flatnonzero(rev)  # k records after each inclusion
    k = np.unique(np.concatenate([k[k >= 1], [n]]))
    k_in = cum[k - 1]
    r_before = r_seen - k_in
    urn = remaining + k
    k_tar = np.floor(r_seen / target_recall - r_before + 1e-9).astype(np.int64) + 1
    k_tar = np.minimum(k_tar, urn)
    p = hypergeom.cdf(k_in, urn, k_tar, k)
    return float(np.nanmin(p))


def trailing_exclusions(labels_in_order: Sequence[int]) -> int:
    """Exclusions since the last inclusion (all of them if nothing was included).

    >>> trailing_exclusions([1, 0, 1, 0, 0]), trailing_exclusions([0, 0]), trailing_exclusions([])
    (2, 2, 0)
    """
    labels = np.asarray(list(labels_in_order), dtype=np.int64)
    ones = np.flatnonzero(labels)
    return len(labels) if len(ones) == 0 else len(labels) - 1 - int(ones[-1])


def stopping_estimate(
    labels_in_order: Sequence[int],
    n_total: int,
    *,
    target_recall: float = 0.95,
    alpha: float = 0.05,
    consecutive_irrelevant: int = DEFAULT_CONSECUTIVE,
) -> dict:
    """Where screening stands and whether either rule says stop.

    ``labels_in_order``: the 0/1 decisions in the order they were made (priors first);
    ``n_total``: records in the review, screened or not.
    """
    if not 0 < target_recall < 1:
        raise UsageError(f"target recall must be between 0 and 1, got {target_recall}")
    if not 0 < alpha < 1:
        raise UsageError(f"alpha must be between 0 and 1, got {alpha}")
    labels = np.asarray(list(labels_in_order), dtype=np.int64)
    n = len(labels)
    if n > n_total:
        raise UsageError(f"{n} records screened but only {n_total} in the review")
    r_seen = int(labels.sum())
    remaining = n_total - n
    p_value = hypergeometric_p(labels, n_total, target_recall=target_recall) if n else 1.0
    # Hypergeometric: need at least one inclusion (else recall is undefined) and a p < alpha.
    hyper_stop = bool(r_seen > 0 and (remaining == 0 or p_value < alpha))
    run = trailing_exclusions(labels)
    heuristic_stop = bool(remaining == 0 or (r_seen > 0 and run >= consecutive_irrelevant))
    # Rate of inclusions in the most recent records (up to 10% of the review, >= 1 record).
    window = labels[-max(1, min(n, math.ceil(0.1 * n_total))) :] if n else labels
    k_w, x_w = len(window), int(window.sum())
    rate = x_w / k_w if k_w else 0.0
    upper_rate = float(beta.ppf(1 - alpha, x_w + 1, k_w - x_w)) if k_w else 1.0
    estimate = round(rate * remaining, 3)
    upper = min(remaining, math.ceil(upper_rate * remaining - 1e-9))
    rule = (
        f"Stop when a hypergeometric test (Callaghan & Müller-Hansen 2020) rejects "
        f"'recall < {target_recall:.0%}' at alpha = {alpha} (p = {p_value:.3g} now), "
        f"treating the most recently screened records as a random sample of those left; "
        f"heuristic: {consecutive_irrelevant} excluded in a row ({run} now)."
    )
    return {
        "n_screened": n,
        "n_total": n_total,
        "n_included": r_seen,
        "estimated_relevant_remaining": estimate,
        "estimated_relevant_remaining_upper": int(upper),
        "target_recall": target_recall,
        "alpha": alpha,
        "p_value": round(p_value, 6),
        "hypergeometric_stop": hyper_stop,
        "consecutive_irrelevant": run,
        "heuristic_threshold": consecutive_irrelevant,
        "heuristic_stop": heuristic_stop,
        "stop": hyper_stop,
        "rule_text": rule,
    }


def stop_points(
    labels_in_order: Sequence[int],
    *,
    target_recall: float = 0.95,
    alpha: float = 0.05,
    consecutive_irrelevant: int = DEFAULT_CONSECUTIVE,
) -> dict[str, dict]:
    """Replay a full screening order; where would each rule first have said stop?

    Returns, per rule, ``{"stop_at": records screened (or None), "recall": recall
    reached there, "work_saved": share of records not screened}``. The hypergeometric test
    is evaluated after every record (vectorised windows make that cheap enough).
    """
    labels = np.asarray(list(labels_in_order), dtype=np.int64)
    n_total = len(labels)
    total = int(labels.sum())
    found = np.cumsum(labels)

    def point(stop_at: int | None) -> dict:
        if stop_at is None:
            return {"stop_at": None, "recall": 1.0, "work_saved": 0.0}
        recall = float(found[stop_at - 1] / total) if total else 1.0
        return {
            "stop_at": int(stop_at),
            "recall": round(recall, 6),
            "work_saved": round((n_total - stop_at) / n_total, 6),
        }

    hyper_at = None
    for n in range(1, n_total + 1):
        if found[n - 1] == 0:
            continue
        # Only a newly screened exclusion can lower the p-value enough to stop.
        if labels[n - 1] == 1 and n < n_total:
            continue
        if hypergeometric_p(labels[:n], n_total, target_recall=target_recall) < alpha:
            hyper_at = n
            break
    heur_at = None
    run = 0
    for n, label in enumerate(labels, start=1):
        run = 0 if label else run + 1
        if found[n - 1] > 0 and run >= consecutive_irrelevant:
            heur_at = n
            break
    return {
        "hypergeometric": {"target_recall": target_recall, "alpha": alpha, **point(hyper_at)},
        "consecutive_irrelevant": {
            "threshold": consecutive_irrelevant,
            **point(heur_at),
        },
    }
