"""Cold start: an order for the first records, before any include *and* exclude exist.

With the review question, the inclusion criteria or the search strategy as ``query_text``,
records are ranked by the cosine similarity of their TF-IDF vector to that text (the
vectoriser is fitted on the records plus the query, so the query's words get the corpus's
IDF weights). Without a query text the order is a seeded pseudo-random one: a random sample
is the unbiased way to find the first inclusion, and hashing ``(seed, record_id)`` keeps a
record's place stable when other records are added or the table is reordered.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from pipeline.screen.features import TextFeatures, record_texts

#: Features for query similarity: words only (query texts are short; character n-grams of
#: Boolean search syntax would match noise), English stop words removed.
QUERY_FEATURES = TextFeatures(word_ngrams=(1, 2), max_df=1.0, stop_words="english")


def query_similarity(records: pd.DataFrame, query_text: str) -> np.ndarray:
    """Cosine similarity of each record's title+abstract to ``query_text`` (0..1)."""
    texts = record_texts(records)
    matrix = QUERY_FEATURES.matrix([*texts, query_text])
    query = matrix[len(texts)]
    return np.asarray((matrix[: len(texts)] @ query.T).todense()).ravel()


def hashed_order_scores(record_ids: list[str], seed: int) -> np.ndarray:
    """A seeded pseudo-random score in [0, 1) per record id (stable per record)."""
    out = np.empty(len(record_ids))
    for i, rid in enumerate(record_ids):
        digest = hashlib.sha256(f"{seed}:{rid}".encode()).digest()
        out[i] = int.from_bytes(digest[:8], "big") / 2**64
    return out


def cold_start_scores(records: pd.DataFrame, *, query_text: str = "", seed: int = 0) -> np.ndarray:
    """Scores for ranking before the model can be trained (higher first)."""
    if query_text.strip():
        return query_similarity(records, query_text)
    return hashed_order_scores([str(r) for r in records["record_id"]], seed)
