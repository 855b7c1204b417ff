"""Stopping rules replayed on saved screening orders: the pre-registered grid and its
leave-one-dataset-out choice (benchmarks/RESULTS.md, "Stopping rules on the thirteen shared
sets", states the selection rule).

Reads the per-run JSON of ``benchmarks/screening.py --json`` (each run keeps its 0/1 labels
in screening order) and replays, after every screened record, a family of Poisson-process
rules: rate function exponential ``a exp(-b x)``, hyperbolic ``a / (1 + b x)`` or power
``a x^-b``; fitted by maximum likelihood to all records screened since the fit start, to
the most recent half or to the most recent quarter; the unscreened mean taken at the
maximum-likelihood fit ("ml") or as the largest mean inside the one-sided 95%
profile-likelihood region of ``(a, b)`` ("profile"). The count bound is the 95% Poisson
quantile of that mean; stop when found >= 0.95 (found + bound). The fit starts after the
priors (or the first inclusion if later), as in :mod:`pipeline.screen.stopping`, whose
rule is the (exponential, all, profile) member: the script checks it gives the same stops.

    python benchmarks/stopping_grid.py runs.json [more.json ...]
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
from scipy.stats import poisson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.screen.stopping import profile_means, stop_points  # noqa: E402

RATES = ("exponential", "hyperbolic", "power")
WINDOWS = (1.0, 0.5, 0.25)
BOUNDS = ("ml", "profile")
TARGET, ALPHA, N_PRIOR = 0.95, 0.05, 2


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
    args = parser.parse_args(argv)
    runs = [r for p in args.runs for r in json.loads(p.read_text())]
    runs = [r for r in runs if "labels_in_order" in r["ours"]]
    datasets = sorted({r["dataset"] for r in runs})
    orders = [
        (r["dataset"], np.array([int(c) for c in r["ours"]["labels_in_order"]])) for r in runs
    ]
    table: dict[str, dict[str, list]] = {}
    for rate, window, bound in itertools.product(RATES, WINDOWS, BOUNDS):
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
            at = r["ours"]["stopping"][base]["stop_at"] or len(labels)
            per_set[d].append(score(labels, at))
        table[base] = per_set

    print(f"Stopping rules replayed on {len(runs)} runs ({len(datasets)} data sets), target 0.95")
    print("| rule | runs with recall >= 0.95 | mean efficiency | worst recall |")
    print("|---|---|---|---|")
    for name, per_set in table.items():
        rows = [row for d in datasets for row in per_set[d]]
        safe, eff = summarise(rows)
        print(f"| {name} | {safe:.1%} | {eff:.3f} | {min(r for r, _ in rows):.3f} |")

    grid = {k: v for k, v in table.items() if "/" in k}
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
