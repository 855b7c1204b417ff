"""How many blocking shards a dedup run is split into, from its record count.

Below the threshold dedup is one job, as on a laptop. Above it, the workflow runs one job
per shard (``slr dedup --block-shard I/N --pairs-out``, each scoring the blocks whose key
hashes to its shard) and a combine job (``slr dedup --combine``) that clusters the scored
pairs of all shards; the result is byte-identical to one job's. Each shard job still reads
and normalises every record (a block can join any two), so sharding pays only when the
shards run at once on separate nodes: on one machine it repeats that work N times.

The threshold is in records because the work that shards (blocking and pair scoring) grows
with the records. Measured at 200,000 synthetic records (benchmarks/RESULTS.md, "Scale"):
one job 44 CPU s; each of 4 shards 21 CPU s and the combine 33, because reading and
normalising every record (~18 CPU s) is repeated in each shard and scoring is only ~11 of
the 44. So sharding shortens dedup only where scoring dominates, and the default keeps every
review up to 1,000,000 records as one job (which needs ~9 GB there, extrapolated).
"""

from __future__ import annotations

import math

#: Records above which the workflow splits dedup into shard jobs (config ``dedup.shard_threshold``).
SHARD_THRESHOLD = 1_000_000


def shard_count(
    records: int, *, shards: int | str = "auto", threshold: int = SHARD_THRESHOLD
) -> int:
    """Shard jobs for ``records`` records: 1 (no sharding) up to ``threshold`` records, else
    ``shards``, or with ``"auto"`` one shard per ``threshold`` records (at least 2).

    >>> shard_count(1_000_000), shard_count(2_500_000), shard_count(300, shards=10, threshold=100)
    (1, 3, 10)
    >>> shard_count(30, threshold=10)
    3
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1 record")
    if records <= threshold:
        return 1
    if shards == "auto":
        return max(2, math.ceil(records / threshold))
    if not isinstance(shards, int) or shards < 1:
        raise ValueError(f"shards must be 'auto' or a positive integer, not {shards!r}")
    return shards
