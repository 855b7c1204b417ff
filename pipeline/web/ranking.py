"""Re-ranking for the screening app, in a worker process.

The model is the one ``slr screen rank`` uses (:func:`pipeline.screen.active.rank`). Fitting
it holds the interpreter lock for seconds at 20,000 records (TF-IDF is Python code), which
would stall every request the server threads answer meanwhile; so the fit runs in one
separate process. The server's :class:`pipeline.screen.session.Ranker` threads only wait for
it. One worker serves every screener: on a 2-core machine two fits at once would only
slow each other and the server down.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

_RECORDS: pd.DataFrame | None = None


def _init(records: pd.DataFrame) -> None:
    global _RECORDS
    _RECORDS = records


def _rank(labels: dict[str, int], seed: int, query_text: str) -> pd.DataFrame:
    from pipeline.screen.active import rank_in_decision_order

    assert _RECORDS is not None
    return rank_in_decision_order(_RECORDS, labels, seed=seed, query_text=query_text)


class RankWorker:
    """A one-process pool holding the records; :meth:`rank_fn` is a Ranker's callback."""

    def __init__(self, records: pd.DataFrame, *, seed: int = 42, query_text: str = "") -> None:
        self.seed = seed
        self.query_text = query_text
        # Only the columns the model reads travel to the worker.
        columns = [c for c in ("record_id", "title", "abstract") if c in records.columns]
        self.pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init,
            initargs=(records[columns].reset_index(drop=True),),
        )

    def rank_fn(self) -> Callable[[dict[str, int]], pd.DataFrame]:
        def run(labels: dict[str, int]) -> pd.DataFrame:
            return self.pool.submit(_rank, dict(labels), self.seed, self.query_text).result()

        return run

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def thread_rank_fn(
    records: pd.DataFrame, *, seed: int = 42, query_text: str = ""
) -> Callable[[dict[str, int]], pd.DataFrame]:
    """The same ranking in the calling thread (small reviews and tests)."""
    from pipeline.screen.active import rank_in_decision_order

    def run(labels: dict[str, int]) -> pd.DataFrame:
        return rank_in_decision_order(records, labels, seed=seed, query_text=query_text)

    return run
