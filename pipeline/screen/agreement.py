"""Agreement between screeners: percentage agreement and Cohen's kappa per stage and pair.

Cohen's kappa (Cohen 1960, *Educational and Psychological Measurement* 20:37-46) corrects
the observed agreement ``p_o`` for the agreement expected by chance ``p_e`` from each
screener's own marginal frequencies: ``kappa = (p_o - p_e) / (1 - p_e)``. It is undefined
(``NaN``) when chance agreement is already perfect (both screeners used one category only).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from pipeline.screen.decisions import CONSENSUS, STAGES, latest

#: Columns of ``agreement.csv``.
AGREEMENT_COLUMNS: tuple[str, ...] = (
    "stage",
    "screeners",
    "screener_a",
    "screener_b",
    "n_both",
    "n_agree",
    "percent_agreement",
    "cohen_kappa",
)


def percent_agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """Percentage of items on which two raters gave the same category.

    >>> percent_agreement(["include", "exclude"], ["include", "include"])
    50.0
    """
    if len(a) != len(b):
        raise ValueError("both raters must rate the same items")
    if not a:
        return math.nan
    return 100.0 * sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two raters over the same items (``NaN`` when undefined).

    >>> round(cohen_kappa(list("iiee"), list("iiei")), 4)
    0.5
    """
    if len(a) != len(b):
        raise ValueError("both raters must rate the same items")
    n = len(a)
    if n == 0:
        return math.nan
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    p_e = sum(count_a[c] * count_b[c] for c in set(count_a) | set(count_b)) / (n * n)
    if p_e >= 1.0:
        return math.nan
    return (p_o - p_e) / (1.0 - p_e)


def agreement_table(history: pd.DataFrame, *, resolver: str = CONSENSUS) -> pd.DataFrame:
    """Agreement for every stage and every pair of screeners (the resolver left out).

    Reads a decisions history (:func:`pipeline.screen.decisions.history`); compares each
    pair's latest decisions on the records both decided. Rows sorted by stage order, then
    screener names; percentages rounded to 2 decimals, kappa to 4.
    """
    rows = []
    current = latest(history)
    for stage in STAGES:
        if current.empty:
            break
        at_stage = current[(current["stage"] == stage) & (current["screener"] != resolver)]
        by_screener = {
            name: dict(zip(group["record_id"], group["decision"], strict=True))
            for name, group in at_stage.groupby("screener", sort=True)
        }
        for first, second in itertools.combinations(sorted(by_screener), 2):
            shared = sorted(set(by_screener[first]) & set(by_screener[second]))
            a = [by_screener[first][r] for r in shared]
            b = [by_screener[second][r] for r in shared]
            kappa = cohen_kappa(a, b)
            pct = percent_agreement(a, b)
            rows.append(
                {
                    "stage": stage,
                    "screeners": f"{first} & {second}",
                    "screener_a": first,
                    "screener_b": second,
                    "n_both": len(shared),
                    "n_agree": sum(x == y for x, y in zip(a, b, strict=True)),
                    "percent_agreement": round(pct, 2) if not math.isnan(pct) else math.nan,
                    "cohen_kappa": round(kappa, 4) if not math.isnan(kappa) else math.nan,
                }
            )
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
