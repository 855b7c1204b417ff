"""Run a function over items in worker processes, results in input order.

Used by ingest (parts of large RIS/MEDLINE files), the PubMed XML reader (efetch
batches) and dedup's pair scoring: all need the results, warnings and errors of a parallel run to equal a serial
run's, so results come back in input order and the first failing item's error is raised.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """Whether worker processes can be forked safely (they then inherit this process's
    modules and data instead of importing and receiving them).

    Only while this process runs a single thread: a child forked while another thread holds
    a lock (logging's, an import lock, a queue's) inherits the lock held and waits forever.
    A server or a test session with background threads gets fresh workers instead.
    """
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def start_method() -> str | None:
    """``fork`` when :func:`can_fork`, else ``forkserver`` where there is one, else the
    platform's default."""
    if can_fork():
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None


def ordered_map(
    work: Callable[[T], R],
    items: Iterable[T],
    workers: int,
    *,
    initializer: Callable[..., object] | None = None,
    initargs: tuple = (),
) -> Iterator[R]:
    """``work(item)`` for each item, yielded in input order; in ``workers`` processes when
    there are more than one, else here.

    ``initializer(*initargs)`` runs once in each worker before its first item (and here,
    when there are no workers): data every item needs travels once per worker instead of
    with every item. Forked workers inherit ``initargs`` without copying them; forkserver
    workers receive them pickled.

    Items are submitted lazily, at most ``2 * workers`` ahead of the result being read (items
    in flight cost memory; a few keep the workers busy). An error raised by ``work`` is
    raised when its result is reached, after the results before it; closing the iterator
    early stops the workers without running the rest.
    """
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield work(item)
        return
    # fork: workers start in milliseconds with the imported modules (spawn and forkserver
    # would import pandas again in every worker, about a second and 100 MB each).
    context = multiprocessing.get_context(start_method())
    # Objects that exist at the fork are left out of garbage collection, so that the
    # workers' collections do not write to (and so copy) every page they share with us.
    gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs
    )
    pending: deque[Future[R]] = deque()
    try:
        try:
            for item in items:
                pending.append(pool.submit(work, item))
                if len(pending) > 2 * workers:
                    yield pending.popleft().result()
        except Exception:
            while pending:  # an earlier item's error comes first, as when run in order
                pending.popleft().result()
            raise
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
