"""Progress bars for long loops (tqdm on stderr; silent when stderr is not a terminal)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")

# No tqdm monitor thread: ingest and PubMed parsing fork worker processes, and forking a
# process that runs threads is unsafe (Python 3.12+ warns about it). The monitor only
# shortens the refresh interval of bars that stall, which ours do not need.
tqdm.monitor_interval = 0


def progress(
    items: Iterable[T], *, desc: str, total: int | None = None, unit: str = "rec"
) -> Iterator[T]:
    """Wrap ``items`` in a progress bar.

    The bar shows on an interactive terminal, or always when ``SLR_PROGRESS=1`` (e.g. in a
    Snakemake log); ``SLR_PROGRESS=0`` turns it off.
    """
    flag = os.environ.get("SLR_PROGRESS", "")
    disable = {"1": False, "0": True}.get(flag)  # None lets tqdm decide from the TTY
    yield from tqdm(items, desc=desc, total=total, unit=unit, disable=disable, leave=False)
