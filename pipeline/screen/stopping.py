"""When is it safe to stop screening? Three rules, one of them the default.

**Poisson-process rule** (the default, :data:`STOPPING_DEFAULT`), after Sneyd & Stevenson
2019 ("Modelling stopping criteria for search results using Poisson processes", EMNLP-IJCNLP,
pp. 3484-3489, doi:10.18653/v1/D19-1351) and Stevenson & Bin-Hezam 2024 ("Stopping methods
for technology-assisted reviews based on point processes", ACM TOIS 42(3), doi:10.1145/3631990).
The inclusions met in screening order are modelled as an inhomogeneous Poisson process whose
rate falls exponentially along the order: ``lambda(x) = a * exp(-b * x)`` inclusions per
record at position ``x`` (counted from the record after the first inclusion, or after the
prior knowledge if that is longer: the first inclusion comes from the reviewer, not from the
ranking). ``a`` and ``b`` are fitted by maximum likelihood to the records screened so far;
the inclusions still unscreened are then Poisson with mean
``mu = a * sum(exp(-b * x) for the unscreened positions)``. Two bounds are stacked: ``mu+``,
the largest ``mu`` inside the one-sided ``1 - alpha`` profile-likelihood region of ``(a, b)``
(parameter uncertainty), and ``q``, the ``1 - alpha`` quantile of a Poisson count with mean
``mu+`` (chance). We stop when ``found >= target * (found + q)``: under the model, recall is
``>= target`` with probability of at least ``1 - alpha``. Unlike the papers' rule (which fits
windows of a fixed sample by least squares and predicts the total from the fitted curve) the
fit here is a likelihood over every screened record and the bound is on the records still
unscreened. The guarantee holds *within the model*: a ranking whose inclusions come back
after a long dry spell (a second cluster the model had not met) breaks it, and
``benchmarks/screening.py`` measures how often that happens on 13 labelled reviews.

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

:func:`stopping_estimate` reports the default rule's verdict and its estimate of the
relevant records still unscreened (expected, and the ``1 - alpha`` upper bound ``q``), and
each rule's verdict beside it; :func:`stop_points` replays a finished order under every rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import lambertw
from scipy.stats import chi2, hypergeom, poisson

from pipeline.errors import UsageError
from pipeline.screen.metrics import n_to_recall

#: Default of the heuristic: 50 excluded records in a row, a common rule of thumb in
#: ASReview practice; not a statistical criterion.
DEFAULT_CONSECUTIVE = 50

#: Rules replayed by :func:`stop_points`, by the name they carry in ``metrics.json``.
STOPPING_METHODS: tuple[str, ...] = ("poisson_process", "hypergeometric", "consecutive_irrelevant")

#: The rule ``slr screen status`` and the screening session report (``"stop"``).
STOPPING_DEFAULT = "poisson_process"

#: The Poisson-process rule does not stop before the fit holds this many inclusions (after
#: the first): its profile-likelihood bound leans on large-sample theory, and two quick
#: inclusions followed by a few exclusions would otherwise "show" that nothing is left.
#: On the 13 benchmark sets no stop came earlier than this anyway.
MIN_FIT_INCLUSIONS = 3

#: Decay rates tried for the exponential rate function, as ``b * N`` (N records in the
#: review): from a rate that hardly falls over the whole review to one that halves every
#: 0.07% of it. The profile likelihood is maximised over this grid.
_DECAY_GRID = np.concatenate([[0.0], np.logspace(-3, 3, 150)])


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


def fit_start(labels_in_order: Sequence[int], n_prior: int = 0) -> int | None:
    """Records left out of the Poisson-process fit: the priors, or up to the first inclusion.

    ``None`` while nothing has been included (the rule cannot be applied yet).

    >>> fit_start([0, 0, 1, 0]), fit_start([1, 0, 0], n_prior=2), fit_start([0, 0])
    (3, 2, None)
    """
    labels = np.asarray(list(labels_in_order), dtype=np.int64)
    ones = np.flatnonzero(labels)
    if len(ones) == 0:
        return None
    return max(int(n_prior), int(ones[0]) + 1)


def profile_means(
    r: np.ndarray, s: np.ndarray, rest: np.ndarray, prof: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Expected and upper-bound inclusions left, from a rate ``a * g(x; b)`` on a grid of b.

    Arrays are (grid of b) × (prefixes): ``s`` and ``rest`` sum ``g`` over the fitted and
    the unscreened positions, ``prof`` is the log-likelihood profiled over ``a`` (up to a
    constant), ``r`` (1 × prefixes) the inclusions fitted. Returns, per prefix, the mean
    left at the maximum-likelihood fit and the largest mean left inside the one-sided
    ``1 - alpha`` profile-likelihood region of ``(a, b)``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        best = np.argmax(prof, axis=0)
        cols = np.arange(prof.shape[1])
        expected = (r[0] / s[best, cols]) * rest[best, cols]
        # Largest u = a * S inside the region: R log u - u >= R log R - R - slack, where
        # slack = c/2 - (profile drop at this b); a b with negative slack is outside.
        c = chi2.ppf(1 - 2 * alpha, 1)
        slack = c / 2 - (prof[best, cols][None, :] - prof)
        rr = np.broadcast_to(r, s.shape)
        z = np.maximum(-np.exp(-1.0 - slack / np.where(rr > 0, rr, 1.0)), -1.0 / math.e)
        u = np.where(rr > 0, -rr * lambertw(z, k=-1).real, slack)
        feasible = (slack >= 0) & np.isfinite(u)
        upper_mean = np.max(np.where(feasible, u / s * rest, -np.inf), axis=0)
    return expected, upper_mean


def poisson_process_bounds(
    labels_in_order: Sequence[int],
    n_total: int,
    *,
    alpha: float = 0.05,
    n_prior: int = 0,
) -> dict[str, np.ndarray] | None:
    """The Poisson-process fit after every screened record (see the module docstring).

    Returns arrays indexed by the records screened so far ``n`` (``n = 1 .. len(labels)``;
    entries before the fit starts are NaN): ``expected`` (inclusions expected among the
    unscreened records at the maximum-likelihood fit), ``upper_mean`` (``mu+``, the
    profile-likelihood upper bound of that mean) and ``upper`` (``q``, the ``1 - alpha``
    Poisson quantile of ``mu+``). ``None`` if nothing has been included yet.
    """
    labels = np.asarray(list(labels_in_order), dtype=np.int64)
    n = len(labels)
    start = fit_start(labels, n_prior)
    if start is None:
        return None
    out = {k: np.full(n, np.nan) for k in ("expected", "upper_mean", "upper")}
    m_fit = n - start  # records screened inside the fit window
    if m_fit <= 0:
        return out
    b = (_DECAY_GRID / n_total)[:, None]
    x = np.arange(1, n_total - start + 1, dtype=float)[None, :]  # positions after the start
    g_cum = np.cumsum(np.exp(-b * x), axis=1)
    m = np.arange(1, m_fit + 1)
    s = g_cum[:, m - 1]  # sum of exp(-b x) over the screened positions
    rest = g_cum[:, -1:] - s  # ... over the unscreened ones
    fitted = labels[start:]
    r = np.cumsum(fitted).astype(float)[None, :]
    x_sum = np.cumsum(fitted * x[0, :m_fit])[None, :]
    with np.errstate(divide="ignore"):
        # Profile log-likelihood in b (a at its maximum R / S), with R log R - R dropped.
        prof = np.where(r > 0, -r * np.log(s), 0.0) - b * x_sum
    expected, upper_mean = profile_means(r, s, rest, prof, alpha)
    upper_mean = np.where(np.isfinite(upper_mean), upper_mean, float(n_total))
    expected = np.where(np.isfinite(expected), expected, 0.0)
    upper = np.where(upper_mean > 0, poisson.ppf(1 - alpha, np.maximum(upper_mean, 1e-300)), 0.0)
    remaining = n_total - (start + m)
    sl = slice(start, n)
    out["expected"][sl] = np.minimum(expected, remaining)
    out["upper_mean"][sl] = np.minimum(upper_mean, remaining)
    out["upper"][sl] = np.minimum(upper, remaining)
    return out


def poisson_process_stops(
    labels_in_order: Sequence[int],
    n_total: int,
    *,
    target_recall: float = 0.95,
    alpha: float = 0.05,
    n_prior: int = 0,
) -> np.ndarray:
    """After every screened record, does the Poisson-process rule say stop? (bool array)

    True where ``found >= target_recall * (found + q)``, ``q`` the bound of
    :func:`poisson_process_bounds`; always True once every record is screened.
    """
    labels = np.asarray(list(labels_in_order), dtype=np.int64)
    stops = np.zeros(len(labels), dtype=bool)
    bounds = poisson_process_bounds(labels, n_total, alpha=alpha, n_prior=n_prior)
    if bounds is not None:
        found = np.cumsum(labels)
        with np.errstate(invalid="ignore"):
            stops = found >= target_recall * (found + bounds["upper"]) - 1e-9
        stops &= ~np.isnan(bounds["upper"])
        start = fit_start(labels, n_prior)
        fitted = found - found[start - 1]
        stops &= fitted >= MIN_FIT_INCLUSIONS
    if len(labels) >= n_total and len(labels):
        stops[-1] = True
    return stops


def guarantee_text(method: str, target_recall: float = 0.95, alpha: float = 0.05) -> str:
    """What a stopping rule promises, in plain words.

    >>> guarantee_text("consecutive_irrelevant")[:35]
    'No guarantee: a rule of thumb that '
    """
    if method == "poisson_process":
        return (
            f"If relevant records keep turning up less and less often, the way an exponential "
            f"curve fitted to the screening so far predicts, the chance that fewer than "
            f"{target_recall:.0%} of the relevant records have been found when the rule says "
            f"stop is at most {alpha:.0%} (Poisson-process rule after Sneyd & Stevenson 2019; "
            f"a late second cluster of relevant records breaks the assumption)."
        )
    if method == "hypergeometric":
        return (
            f"If the most recently screened records are no richer in relevant records than a "
            f"random sample of those left, the chance that fewer than {target_recall:.0%} of "
            f"the relevant records have been found when the rule says stop is at most "
            f"{alpha:.0%} (Callaghan & Müller-Hansen 2020)."
        )
    if method == "consecutive_irrelevant":
        return "No guarantee: a rule of thumb that stops after a run of excluded records."
    raise UsageError(f"unknown stopping method {method!r} (one of {', '.join(STOPPING_METHODS)})")


def _poisson_process_now(
    labels: np.ndarray, n_total: int, *, target_recall: float, alpha: float, n_prior: int
) -> tuple[float | None, int, bool]:
    """The Poisson-process rule after the last decision: (expected relevant remaining,
    its ``1 - alpha`` upper bound, stop)."""
    n = len(labels)
    remaining = n_total - n
    if remaining == 0:
        return 0.0, 0, True
    bounds = poisson_process_bounds(labels, n_total, alpha=alpha, n_prior=n_prior) if n else None
    if bounds is None or np.isnan(bounds["upper"][-1]):
        # Nothing to fit yet: every unscreened record may still be relevant.
        return None, remaining, False
    stops = poisson_process_stops(
        labels, n_total, target_recall=target_recall, alpha=alpha, n_prior=n_prior
    )
    return round(float(bounds["expected"][-1]), 3), int(bounds["upper"][-1]), bool(stops[-1])


def stopping_estimate(
    labels_in_order: Sequence[int],
    n_total: int,
    *,
    target_recall: float = 0.95,
    alpha: float = 0.05,
    consecutive_irrelevant: int = DEFAULT_CONSECUTIVE,
    n_prior: int = 0,
) -> dict:
    """Where screening stands and what each rule says.

    ``labels_in_order``: the 0/1 decisions in the order they were made (priors first);
    ``n_total``: records in the review, screened or not; ``n_prior``: leading decisions
    that were prior knowledge rather than picked from the ranking (left out of the
    Poisson-process fit, as is everything up to the first inclusion).

    ``stop``, ``estimated_relevant_remaining`` (expected) and
    ``estimated_relevant_remaining_upper`` (the ``1 - alpha`` bound) are the default rule's
    (:data:`STOPPING_DEFAULT`); ``methods`` has each rule's verdict; ``guarantee`` says in
    words what the default rule promises.
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
    expected, upper, pp_stop = _poisson_process_now(
        labels, n_total, target_recall=target_recall, alpha=alpha, n_prior=n_prior
    )
    rule = (
        f"Stop when the inclusions found ({r_seen}) are at least {target_recall:.0%} of found "
        f"plus the {1 - alpha:.0%} upper bound of those still unscreened ({upper} now), from a "
        f"Poisson-process model of the discovery curve; also shown: a hypergeometric test "
        f"(Callaghan & Müller-Hansen 2020, p = {p_value:.3g} now, stop below {alpha}) and "
        f"the heuristic {consecutive_irrelevant} excluded in a row ({run} now)."
    )
    return {
        "n_screened": n,
        "n_total": n_total,
        "n_included": r_seen,
        "method": STOPPING_DEFAULT,
        "estimated_relevant_remaining": expected,
        "estimated_relevant_remaining_upper": int(upper),
        "target_recall": target_recall,
        "alpha": alpha,
        "p_value": round(p_value, 6),
        "hypergeometric_stop": hyper_stop,
        "poisson_process_stop": pp_stop,
        "consecutive_irrelevant": run,
        "heuristic_threshold": consecutive_irrelevant,
        "heuristic_stop": heuristic_stop,
        "methods": {
            "poisson_process": pp_stop,
            "hypergeometric": hyper_stop,
            "consecutive_irrelevant": heuristic_stop,
        },
        "stop": pp_stop,
        "guarantee": guarantee_text(STOPPING_DEFAULT, target_recall, alpha),
        "rule_text": rule,
    }


def stop_points(
    labels_in_order: Sequence[int],
    *,
    target_recall: float = 0.95,
    alpha: float = 0.05,
    consecutive_irrelevant: int = DEFAULT_CONSECUTIVE,
    n_prior: int = 0,
) -> dict[str, dict]:
    """Replay a full screening order; where would each rule first have said stop?

    Returns, per rule of :data:`STOPPING_METHODS`, ``{"stop_at": records screened (or
    None), "recall": recall reached there, "work_saved": share of records not screened,
    "efficiency": work_saved / (1 - n95 / N)}`` (n95: records screened when 95% recall was
    reached; above 1 means the rule stopped before that), plus the rule's settings. Every
    rule is evaluated after every record.
    """
    labels = np.asarray(list(labels_in_order), dtype=np.int64)
    n_total = len(labels)
    total = int(labels.sum())
    found = np.cumsum(labels)
    possible = 1.0 - n_to_recall(labels, 0.95) / n_total if total else 0.0

    def point(stop_at: int | None) -> dict:
        if stop_at is None:
            return {"stop_at": None, "recall": 1.0, "work_saved": 0.0, "efficiency": 0.0}
        recall = float(found[stop_at - 1] / total) if total else 1.0
        saved = (n_total - stop_at) / n_total
        return {
            "stop_at": int(stop_at),
            "recall": round(recall, 6),
            "work_saved": round(saved, 6),
            "efficiency": round(saved / possible, 6) if possible > 0 else 1.0,
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
    pp = poisson_process_stops(
        labels, n_total, target_recall=target_recall, alpha=alpha, n_prior=n_prior
    )
    pp_at = int(np.argmax(pp)) + 1 if pp.any() else None
    return {
        "poisson_process": {"target_recall": target_recall, "alpha": alpha, **point(pp_at)},
        "hypergeometric": {"target_recall": target_recall, "alpha": alpha, **point(hyper_at)},
        "consecutive_irrelevant": {
            "threshold": consecutive_irrelevant,
            **point(heur_at),
        },
    }
