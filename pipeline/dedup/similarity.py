"""Field scores of candidate pairs, each field with the scorer that suits it.

* title: ``rapidfuzz.fuzz.ratio`` (normalised Indel similarity, 0-100) on the folded title,
  plus ``title_prefix`` when one title is the other with a subtitle dropped;
* authors: surname keys compared exactly, by prefix (``Albarqo`` / ``Albarqouni``) or by
  Levenshtein similarity >= 0.8; ``first_author`` is 1/0, ``authors`` the share of the
  shorter list's names found in the other list (first ten names);
* journal: in-order word alignment that accepts abbreviations (:func:`journal_match`);
* year: the difference; DOI, PMID, first page, volume: ``same`` / ``differ`` / ``""``.

Missing values give NaN or ``""``: missing is not disagreement.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from pipeline.dedup.keys import journal_match
from pipeline.parallel import ordered_map
from pipeline.progress import progress

#: Pairs whose titles are less alike than this (and share no DOI/PMID) are not scored.
MIN_TITLE = 70.0

#: Columns of the frame returned by :func:`score_pairs`.
SCORE_COLUMNS = (
    "i",
    "j",
    "title",
    "title_prefix",
    "first_author",
    "authors",
    "journal",
    "year_diff",
    "doi",
    "pmid",
    "pages",
    "volume",
    "issue",
)

#: Below this many pairs, worker processes cost more than they save.
PARALLEL_MIN_PAIRS = 200_000

_STATE: dict[str, list] = {}


def surnames_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two authors' surname candidates agree (exactly, by prefix, or nearly).

    >>> surnames_match(("albarqo",), ("albarqouni",))
    True
    >>> surnames_match(("hall",), ("hill",))
    False
    """
    for x in a:
        for y in b:
            if x == y:
                return True
            short = min(len(x), len(y))
            if short >= 4 and (x.startswith(y) or y.startswith(x)):
                return True
            # A multi-part surname written whole by one database and in part by another
            # ("Mike Conner" / "Conner", "Van Zyl" / "Zyl").
            if short >= 4 and (x.endswith(y) or y.endswith(x)):
                return True
            if short >= 5 and Levenshtein.normalized_similarity(x, y) >= 0.8:
                return True
    return False


def author_scores(a: tuple, b: tuple) -> tuple[float, float]:
    """``(first_author, overlap)``: 1/0 for the first names, share of names shared; NaN
    when either list is empty."""
    if not a or not b:
        return (math.nan, math.nan)
    if a == b:
        return (1.0, 1.0)
    first = 1.0 if surnames_match(a[0], b[0]) else 0.0
    # The share of names in common is exact on surname keys (fuzzy matching is for the
    # first author, which the rules use; the share is reported and used as support).
    short, long_ = (a[:10], b[:10]) if len(a) <= len(b) else (b[:10], a[:10])
    exact = {key for name in long_ for key in name}
    found = sum(1 for name in short if any(key in exact for key in name))
    return (first, round(found / len(short), 3))


def _same(x: str, y: str) -> str:
    if not x or not y:
        return ""
    return "same" if x == y else "differ"


def _pages(x: str, y: str) -> str:
    if not x or not y:
        return ""
    if x == y:
        return "same"
    # Online-first pagination ("1-17") and article numbers vs page numbers say nothing.
    if x in {"1", "e1"} or y in {"1", "e1"}:
        return ""
    digits_x, digits_y = (
        x.lstrip("abcdefghijklmnopqrstuvwxyz"),
        y.lstrip("abcdefghijklmnopqrstuvwxyz"),
    )
    if digits_x and digits_x == digits_y:
        return "same"
    return "differ"


def _title_prefix(x: str, y: str) -> bool:
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return len(short.split()) >= 6 and long_.startswith(short + " ")


def _set_state(state: dict[str, list]) -> None:
    """The features every chunk reads (a worker's, or this process's when serial)."""
    _STATE.clear()
    _STATE.update(state)


def _score_chunk(pairs: np.ndarray, show: bool = False) -> list[tuple]:
    f = _STATE
    titles, dois, pmids = f["title"], f["doi"], f["pmid"]
    out = []
    items = pairs.tolist()
    for i, j in progress(items, desc="dedup: score", unit="pair") if show else items:
        ti, tj = titles[i], titles[j]
        title = fuzz.ratio(ti, tj) if ti and tj else math.nan
        doi = _same(dois[i], dois[j])
        pmid = _same(pmids[i], pmids[j])
        prefix = bool(ti and tj and _title_prefix(ti, tj))
        if f["min_title"][0] >= 0 and not (
            title >= f["min_title"][0] or prefix or doi == "same" or pmid == "same"
        ):
            continue
        first, overlap = author_scores(f["authors"][i], f["authors"][j])
        yi, yj = f["year"][i], f["year"][j]
        out.append(
            (
                i,
                j,
                round(title, 1),
                prefix,
                first,
                overlap,
                journal_match(f["journal"][i], f["journal"][j]),
                abs(yi - yj),
                doi,
                pmid,
                _pages(f["page_first"][i], f["page_first"][j]),
                _same(f["volume"][i], f["volume"][j]),
                _same(f["issue"][i], f["issue"][j]),
            )
        )
    return out


def score_pairs(
    features: pd.DataFrame,
    pairs: np.ndarray,
    *,
    workers: int = 1,
    min_title: float = MIN_TITLE,
) -> pd.DataFrame:
    """Field scores of ``pairs`` (positions into ``features``); pairs whose titles are less
    than ``min_title`` alike and share no identifier are left out."""
    needed = ("title", "doi", "pmid", "authors", "year", "journal", "page_first", "volume", "issue")
    state = {c: features[c].tolist() for c in needed}
    state["min_title"] = [min_title]
    if workers > 1 and len(pairs) >= PARALLEL_MIN_PAIRS:
        chunks = np.array_split(pairs, workers * 4)
        # Workers get the features once each (inherited when forked); only the pair
        # indices travel with each chunk.
        parts = ordered_map(
            _score_chunk, chunks, workers, initializer=_set_state, initargs=(state,)
        )
        rows = [
            r
            for part in progress(parts, desc="dedup: score", total=len(chunks), unit="chunk")
            for r in part
        ]
    else:
        _set_state(state)
        rows = _score_chunk(pairs, show=True)
    _STATE.clear()
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS))
