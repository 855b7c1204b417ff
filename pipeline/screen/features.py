"""Text features for screening: TF-IDF over each record's title and abstract.

The vectoriser is fitted once on *all* records (labelled or not). That is legitimate in
screening: every text is known before the first decision, only the labels arrive over time,
and fitting on all texts gives the rare words of unlabelled inclusions a weight from the
start.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def record_texts(records: pd.DataFrame, *, title_weight: int = 1) -> list[str]:
    """``title + ". " + abstract`` per record (missing columns and nulls count as "").

    ``title_weight`` k > 1 writes the title k times: with sublinear term frequencies a title
    word then counts 1 + ln k times as much as a word met once in the abstract (field
    weighting as in BM25F). A title names what a study is about in a few words; an abstract
    spends most of its words on methods and numbers shared by included and excluded records.

    >>> frame = pd.DataFrame({"title": ["Care", None], "abstract": ["Text.", "Only abstract"]})
    >>> record_texts(frame)
    ['Care. Text', 'Only abstract']
    >>> record_texts(frame, title_weight=3)
    ['Care. Care. Care. Text', 'Only abstract']
    """
    n = len(records)
    titles = records["title"] if "title" in records.columns else pd.Series([""] * n)
    abstracts = records["abstract"] if "abstract" in records.columns else pd.Series([""] * n)
    out = []
    for title, abstract in zip(titles, abstracts, strict=True):
        t, a = _cell(title), _cell(abstract)
        parts = [t] * title_weight if t else []
        if a:
            parts.append(a)
        out.append(". ".join(parts).strip(". "))
    return out


@dataclass(frozen=True)
class TextFeatures:
    """TF-IDF settings: word n-grams, optionally stacked with character n-grams.

    Each block is L2-normalised, the blocks are weighted and stacked side by side, and the
    rows are L2-normalised again so that a record's vector has unit length.
    """

    word_ngrams: tuple[int, int] = (1, 2)
    min_df: int = 1
    max_df: float = 0.95
    sublinear_tf: bool = True
    stop_words: str | None = None
    char_ngrams: tuple[int, int] | None = None
    char_weight: float = 1.0
    max_char_features: int | None = 200_000
    #: Times the title is written before the abstract (see :func:`record_texts`).
    title_weight: int = 1

    def from_records(self, records: pd.DataFrame) -> sp.csr_matrix:
        """The feature matrix of a records table (reads ``title`` and ``abstract``)."""
        return self.matrix(record_texts(records, title_weight=self.title_weight))

    def matrix(self, texts: list[str]) -> sp.csr_matrix:
        """The feature matrix (records x terms), CSR, float64, rows of unit length."""
        texts = [t if t else " " for t in texts]
        # A tiny corpus (tests, a pilot review) can leave max_df below min_df: relax it.
        max_df = self.max_df if len(texts) * self.max_df >= self.min_df else 1.0
        words = TfidfVectorizer(
            ngram_range=self.word_ngrams,
            min_df=self.min_df,
            max_df=max_df,
            sublinear_tf=self.sublinear_tf,
            stop_words=self.stop_words,
            strip_accents="unicode",
            dtype=np.float64,
        )
        try:
            blocks = [words.fit_transform(texts)]
        except ValueError:  # empty vocabulary: every text empty or a stop word
            blocks = [sp.csr_matrix((len(texts), 1))]
        if self.char_ngrams is not None:
            chars = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=self.char_ngrams,
                min_df=max(self.min_df, 2) if len(texts) > 50 else 1,
                max_df=max_df,
                sublinear_tf=self.sublinear_tf,
                strip_accents="unicode",
                lowercase=True,
                max_features=self.max_char_features,
                dtype=np.float64,
            )
            # A corpus too small for any character n-gram keeps the word block alone.
            with contextlib.suppress(ValueError):
                blocks.append(chars.fit_transform(texts) * self.char_weight)
        matrix = sp.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0].tocsr()
        return normalize(matrix, norm="l2", copy=False).tocsr()
