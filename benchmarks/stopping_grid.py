"""Stopping rules replayed on saved screening orders: the pre-registered grids and their
leave-one-dataset-out choice (benchmarks/RESULTS.md states each round's selection rule).

Reads the per-run JSON of ``benchmarks/screening.py --json`` (each run keeps its 0/1 labels
in screening order; ``--tool asreview`` replays ASReview's orders instead of ours) and
replays, after every screened record, a family of rules.

Round 1 (``--round 1``): Poisson-process rules with rate function exponential
``a exp(-b x)``, hyperbolic ``a / (1 + b x)`` or power ``a x^-b``; fitted by maximum
likelihood to all records screened since the fit start, to the most recent half or to the
most recent quarter; the unscreened mean taken at the maximum-likelihood fit ("ml") or as
the largest mean inside the one-sided 95% profile-likelihood region of ``(a, b)``
("profile"). The count bound is the 95% Poisson quantile of that mean; stop when found >=
0.95 (found + bound). The fit starts after the priors (or the first inclusion if later), as
in :mod:`pipeline.screen.stopping`, whose rule is the (exponential, all, profile) member:
the script checks it gives the same stops.

Round 2 (the default): the pipeline's rule ("profile") and a Bayesian variant ("bayes": the
posterior predictive count of inclusions still unscreened under the same exponential
process, one 95% bound instead of two stacked), each alone or combined with the
hypergeometric test of Callaghan & Müller-Hansen 2020 at a weaker recall (50-90%).

    python benchmarks/stopping_grid.py runs.json [more.json ...]
    python benchmarks/stopping_grid.py --round 1 runs.json
    python benchmarks/stopping_grid.py --tool asreview full.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import statistics
import sys
from pathlib import Path

import numpy as np
from scipy.stats import nbinom, poisson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.screen.stopping import (  # noqa: E402
    MIN_FIT_INCLUSIONS,
    hypergeometric_p,
    poisson_process_stops,
    profile_means,
    stop_points,
)

RATES = ("exponential", "hyperbolic", "power")
WINDOWS = (1.0, 0.5, 0.25)
BOUNDS = ("ml", "profile")
TARGET, ALPHA, N_PRIOR = 0.95, 0.05, 2
TAUS = (None, 0.5, 0.7, 0.8, 0.9)  # round 2: model-free check at a weaker recall


def _log_shape(rate: str, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """log of the rate's shape at positions x (the rate is a times its exponential)."""
    if rate == "exponential":
        return -b * x
    if rate == "hyperbolic":
        return -np.log1p(b * x)
    return -b * np.log(x)


def _grid(rate: str, n: int) -> np.ndarray:
    if rate == "exponential":
        return np.concatenate([[0.0], np.logspace(-3, 3, 150)]) / n
    if rate == "hyperbolic":
        return np.concatenate([[0.0], np.logspace(-3, 4, 150)]) / n
    return np.linspace(0.0, 3.0, 151)


def stop_at(labels: np.ndarray, rate: str, window: float, bound: str) -> int:
    """First record after which the rule says stop (N if it never does before the end)."""
    n_total = len(labels)
    start = max(N_PRIOR, int(np.flatnonzero(labels)[0]) + 1)
    b = _grid(rate, n_total)[:, None]
    x = np.arange(1, n_total - start + 1, dtype=float)[None, :]
    log_g = _log_shape(rate, b, x)
    g = np.exp(log_g)
    zero = np.zeros((len(b), 1))
    g_cum = np.concatenate([zero, np.cumsum(g, axis=1)], axis=1)
    fitted = labels[start:]
    log_cum = np.concatenate([zero, np.cumsum(log_g * fitted[None, :], axis=1)], axis=1)
    r_cum = np.concatenate([[0], np.cumsum(fitted)])
    m = np.arange(1, n_total - start + 1)
    m0 = np.floor(m * (1 - window)).astype(int)
    r = (r_cum[m] - r_cum[m0]).astype(float)[None, :]
    s = g_cum[:, m] - g_cum[:, m0]
    rest = g_cum[:, -1:] - g_cum[:, m]
    with np.errstate(divide="ignore"):
        prof = np.where(r > 0, -r * np.log(s), 0.0) + (log_cum[:, m] - log_cum[:, m0])
    expected, upper_mean = profile_means(r, s, rest, prof, ALPHA)
    mean = expected if bound == "ml" else upper_mean
    mean = np.where(np.isfinite(mean), mean, float(n_total))
    q = np.where(mean > 0, poisson.ppf(1 - ALPHA, np.maximum(mean, 1e-300)), 0.0)
    found = np.cumsum(labels)[start:]
    stops = found >= TARGET * (found + q) - 1e-9
    return start + int(np.argmax(stops)) + 1 if stops.any() else n_total


def bayes_stops(labels: np.ndarray) -> np.ndarray:
    """Round 2 ``bayes``: after every record, is P(recall < 0.95) <= 0.05 under the posterior
    predictive of the exponential Poisson process? (bool array over records screened)

    Given the decay b, with prior 1/a on the scale, the unscreened count is negative
    binomial(R, S / (S + rest)); b has equal prior weight on each grid point, so its
    posterior weight is exp(profile log-likelihood) (the Gamma integral over a gives
    Gamma(R) S^-R exp(-b sum x), the same for every b up to Gamma(R)).
    """
    n_total = len(labels)
    start = max(N_PRIOR, int(np.flatnonzero(labels)[0]) + 1)
    b = _grid("exponential", n_total)[:, None]
    x = np.arange(1, n_total - start + 1, dtype=float)[None, :]
    g_cum = np.cumsum(np.exp(-b * x), axis=1)
    m = np.arange(1, n_total - start + 1)
    s = g_cum[:, m - 1]
    rest = g_cum[:, -1:] - s
    fitted = labels[start:]
    r = np.cumsum(fitted).astype(float)
    x_sum = np.cumsum(fitted * x[0])
    found = np.cumsum(labels)[start:]
    k_max = np.floor(found / TARGET - found + 1e-9)
    out = np.zeros(n_total, dtype=bool)
    ok = r >= MIN_FIT_INCLUSIONS
    with np.errstate(divide="ignore", invalid="ignore"):
        prof = -r[None, :] * np.log(s) - b * x_sum[None, :]
        w = np.exp(prof - prof.max(axis=0, keepdims=True))
        w /= w.sum(axis=0, keepdims=True)
        p = s / (s + rest)
        cdf = nbinom.cdf(k_max[None, :], np.maximum(r, 1)[None, :], p)
        cdf = np.where(rest > 0, cdf, 1.0)
        mix = np.sum(w * cdf, axis=0)
    out[start:] = ok & (mix >= 1 - ALPHA - 1e-12)
    out[-1] = True
    return out


def guarded(labels: np.ndarray, stops: np.ndarray, tau: float | None) -> int:
    """First record where ``stops`` holds and (if ``tau``) the hypergeometric test rejects
    "recall < tau" at ALPHA; N if never before the end."""
    n_total = len(labels)
    for n in np.flatnonzero(stops) + 1:
        if tau is None or n == n_total:
            return int(n)
        if hypergeometric_p(labels[:n], n_total, target_recall=tau) < ALPHA:
            return int(n)
    return n_total


def score(labels: np.ndarray, at: int) -> tuple[float, float]:
    """(recall at the stop, efficiency = work saved / (1 - n95 / N))."""
    n, total = len(labels), int(labels.sum())
    found = np.cumsum(labels)
    n95 = int(np.searchsorted(found, math.ceil(0.95 * total - 1e-9))) + 1
    return float(found[at - 1] / total), ((n - at) / n) / (1 - n95 / n)


def summarise(rows: list[tuple[float, float]]) -> tuple[float, float]:
    """(share of runs with recall >= 0.95, mean efficiency)."""
    return (
        sum(1 for rec, _ in rows if rec >= 0.95 - 1e-12) / len(rows),
        statistics.mean(e for _, e in rows),
    )


def choose(table: dict, datasets: list[str]) -> str | None:
    """The pre-registered choice on ``datasets``: eligible (>= 95% safe), best efficiency."""
    best, best_eff = None, -1.0
    for variant, per_set in table.items():
        rows = [row for d in datasets for row in per_set[d]]
        safe, eff = summarise(rows)
        if safe >= 0.95 and eff > best_eff:
            best, best_eff = variant, eff
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=Path, nargs="+", help="JSON from screening.py --json")
    parser.add_argument("--round", type=int, default=2, choices=(1, 2), help="which grid")
    parser.add_argument("--tool", default="ours", choices=("ours", "asreview"), help="orders")
    args = parser.parse_args(argv)
    runs = [r for p in args.runs for r in json.loads(p.read_text())]
    runs = [r for r in runs if "labels_in_order" in r.get(args.tool, {})]
    datasets = sorted({r["dataset"] for r in runs})
    orders = [
        (r["dataset"], np.array([int(c) for c in r[args.tool]["labels_in_order"]])) for r in runs
    ]
    table: dict[str, dict[str, list]] = {}
    if args.round == 2:
        for d, labels in orders:
            variants = {
                "profile": poisson_process_stops(labels, len(labels), n_prior=N_PRIOR),
                "bayes": bayes_stops(labels),
            }
            for (base, stops), tau in itertools.product(variants.items(), TAUS):
                name = base if tau is None else f"{base}+hypergeometric {tau:.0%}"
                at = guarded(labels, stops, tau)
                table.setdefault(name, {k: [] for k in datasets})[d].append(score(labels, at))
    for rate, window, bound in itertools.product(RATES, WINDOWS, BOUNDS) if args.round == 1 else ():
        name = f"{rate}/{'all' if window == 1 else f'last {window:.0%}'}/{bound}"
        per_set: dict[str, list] = {d: [] for d in datasets}
        for d, labels in orders:
            at = stop_at(labels, rate, window, bound)
            per_set[d].append(score(labels, at))
            if (rate, window, bound) == ("exponential", 1.0, "profile"):
                ours = stop_points(labels, n_prior=N_PRIOR)["poisson_process"]["stop_at"]
                if ours != at:
                    raise SystemExit(f"{d}: pipeline rule stops at {ours}, grid member at {at}")
        table[name] = per_set
    for base in ("hypergeometric", "consecutive_irrelevant"):
        per_set = {d: [] for d in datasets}
        for r, (d, labels) in zip(runs, orders, strict=True):
            at = r[args.tool]["stopping"][base]["stop_at"] or len(labels)
            per_set[d].append(score(labels, at))
        table[base] = per_set

    print(f"Stopping rules replayed on {len(runs)} runs ({len(datasets)} data sets), target 0.95")
    print("| rule | runs with recall >= 0.95 | mean efficiency | worst recall |")
    print("|---|---|---|---|")
    for name, per_set in table.items():
        rows = [row for d in datasets for row in per_set[d]]
        safe, eff = summarise(rows)
        print(f"| {name} | {safe:.1%} | {eff:.3f} | {min(r for r, _ in rows):.3f} |")

    grid = {k: v for k, v in table.items() if k not in ("hypergeometric", "consecutive_irrelevant")}
    print()
    print("Per set: runs with recall >= 0.95 / mean efficiency")
    print("| rule | " + " | ".join(d.removeprefix("cohen_") for d in datasets) + " |")
    print("|" + "---|" * (len(datasets) + 1))
    for name, per_set in table.items():
        cells = [
            f"{round(summarise(per_set[d])[0] * len(per_set[d]))}/{len(per_set[d])} "
            f"{summarise(per_set[d])[1]:.2f}"
            for d in datasets
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print("Leave-one-dataset-out: the variant chosen on the other sets, scored on the held-out one")
    print("| held-out set | chosen on the others | runs with recall >= 0.95 | mean efficiency |")
    print("|---|---|---|---|")
    held_rows = []
    for d in datasets:
        pick = choose(grid, [o for o in datasets if o != d])
        rows = grid[pick][d] if pick else table["hypergeometric"][d]
        held_rows += rows
        safe, eff = summarise(rows)
        print(f"| {d} | {pick or 'none eligible: hypergeometric'} | {safe:.0%} | {eff:.3f} |")
    safe, eff = summarise(held_rows)
    print(f"held-out overall: recall >= 0.95 in {safe:.1%} of runs, mean efficiency {eff:.3f}")
    print(f"chosen on all sets: {choose(grid, datasets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
