"""Blocking: which record pairs are compared at all.

Comparing every pair is quadratic (200,000 records = 2e10 pairs). Instead each record gets a
few *blocking keys* and only records sharing a key are compared, so the work grows with the
number of records times the (small) block sizes. A duplicate is found when any one key
agrees, so the keys are chosen to fail independently:

* ``doi:`` the normalised DOI and ``pmid:`` the PMID (exact identifiers);
* ``tp:`` the first 24 characters of the title's content words (stop words dropped);
* ``ts:`` the last 24 characters of the same (typos or a prefix at the start);
* ``tw:`` the four longest title words, sorted (word order, subtitles, small edits);
* ``ay:`` first author's surname + year (a title rewritten or translated);
* ``gp:`` volume + first page, for generic titles only (which get no title keys).

Generic titles ("Editorial", "Reply") get no title keys: identifiers and first author + year
still block their real duplicates together.

A block larger than ``max_block`` (a common surname in a busy year, a conference
supplement DOI) is not expanded into all its pairs: its titles are compared with
``rapidfuzz.process.cdist`` (C, ``workers`` threads) and only pairs whose titles are at
least ``min_title`` alike are kept, since no rule merges two records whose titles differ
more than that. Blocks over ``huge_block`` fall back to a sorted-neighbourhood window.

For cluster jobs, :func:`candidate_pairs` takes ``shard=(i, n)`` and keeps only the blocks
whose key hashes to shard ``i`` of ``n`` (a stable CRC-32, not Python's salted ``hash``):
each shard's pairs are scored on their own and the scored pairs of all shards are combined
(:func:`pipeline.dedup.deduplicate` with ``pairs=``); a pair found in two shards counts once.
"""

from __future__ import annotations

import zlib
from itertools import combinations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.progress import progress

#: Blocks above this size are filtered by title similarity instead of expanded.
MAX_BLOCK = 60
#: Blocks above this size use a sorted-neighbourhood window.
HUGE_BLOCK = 5_000
WINDOW = 30
#: Least title similarity (``fuzz.ratio``, 0-100) for a pair from a large block.
MIN_TITLE = 70.0


def record_keys(features: pd.DataFrame) -> pd.DataFrame:
    """Blocking keys: one row per (record position, key)."""
    rows: list[tuple[int, str]] = []
    add = rows.append
    titles = features["title_words"].tolist()
    dois = features["doi"].tolist()
    pmids = features["pmid"].tolist()
    firsts = features["first_author"].tolist()
    generic = features["generic"].tolist()
    years = features["year"].tolist()
    volumes = features["volume"].tolist()
    pages = features["page_first"].tolist()
    for pos in range(len(titles)):
        if dois[pos]:
            add((pos, "doi:" + dois[pos]))
        if pmids[pos]:
            add((pos, "pmid:" + pmids[pos]))
        words = titles[pos]
        # Generic titles ("Editorial") are shared by unrelated items: blocking on them
        # would compare every editorial with every other; identifiers and first author +
        # year still bring their real duplicates together.
        if words and not generic[pos]:
            compact = words.replace(" ", "")
            if len(compact) >= 8:
                add((pos, "tp:" + compact[:24]))
                add((pos, "ts:" + compact[-24:]))
            tokens = sorted(set(words.split()), key=lambda w: (-len(w), w))[:4]
            if len(tokens) >= 2:
                add((pos, "tw:" + " ".join(sorted(tokens))))
        elif generic[pos] and volumes[pos] and pages[pos]:
            # The same generic item in another database with an online-first year.
            add((pos, f"gp:{volumes[pos]}:{pages[pos]}"))
        year = years[pos]
        if firsts[pos] and year == year:  # year is not NaN
            for surname in firsts[pos]:
                add((pos, f"ay:{surname}:{int(year)}"))
    return pd.DataFrame(rows, columns=["pos", "key"])


def _in_shard(key: str, shard: tuple[int, int] | None) -> bool:
    if shard is None:
        return True
    index, count = shard
    return zlib.crc32(key.encode("utf-8")) % count == index


def candidate_pairs(
    features: pd.DataFrame,
    *,
    max_block: int = MAX_BLOCK,
    min_title: float = MIN_TITLE,
    shard: tuple[int, int] | None = None,
    workers: int = 1,
) -> np.ndarray:
    """Sorted unique pairs ``(i, j)``, ``i < j``, of record positions sharing a key.

    ``shard=(i, n)`` keeps the blocks of shard ``i`` (0-based) of ``n``.
    """
    keys = record_keys(features)
    if keys.empty:
        return np.empty((0, 2), dtype=np.int64)
    keys = keys.drop_duplicates()
    codes, unique_keys = pd.factorize(keys["key"], sort=True)
    uniques = unique_keys.tolist()
    positions = keys["pos"].to_numpy(dtype=np.int64)
    order = np.lexsort((positions, codes))
    codes, positions = codes[order], positions[order]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(codes)]])
    titles = features["title"].tolist()
    chunks: list[np.ndarray] = []
    small: list[tuple[int, int]] = []
    spans = zip(starts.tolist(), ends.tolist(), strict=True)
    for start, end in progress(spans, desc="dedup: blocks", total=len(starts), unit="block"):
        if end - start < 2:
            continue
        key = str(uniques[codes[start]])
        if shard is not None and not _in_shard(key, shard):
            continue
        members = positions[start:end].tolist()
        if len(members) == 2:
            small.append((members[0], members[1]))
            continue
        if len(members) <= max_block:
            small.extend(combinations(members, 2))
            continue
        if len(members) > HUGE_BLOCK:
            order_ = sorted(members, key=lambda p: (titles[p], p))
            for offset in range(1, WINDOW + 1):
                left, right = np.array(order_[:-offset]), np.array(order_[offset:])
                chunks.append(np.stack([np.minimum(left, right), np.maximum(left, right)], 1))
            continue
        block_titles = [titles[p] for p in members]
        scores = process.cdist(
            block_titles,
            block_titles,
            scorer=fuzz.ratio,
            score_cutoff=min_title,
            dtype=np.uint8,
            workers=workers,
        )
        left, right = np.nonzero(np.triu(scores, k=1))
        idx = np.asarray(members)
        chunks.append(np.stack([idx[left], idx[right]], 1))
        # Identifier blocks keep every pair: a shared DOI with a retitled record is a
        # question for the rules (and maybe for a person), not for the blocking.
        if key.startswith(("doi:", "pmid:")):
            chunks.append(np.array(list(combinations(members, 2)), dtype=np.int64))
    if small:
        chunks.append(np.asarray(small, dtype=np.int64))
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate([c.astype(np.int64).reshape(-1, 2) for c in chunks])
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    # Unique pairs via one int64 code per pair (faster than np.unique(axis=0)).
    n = np.int64(len(features))
    flat = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([flat // n, flat % n], 1)
