"""Score sentences and studies against a codebook's sub-themes (no training needed).

Each sentence gets, per sub-theme,

* **cue hits**: the sub-theme's cue phrases found in the sentence after lemmatisation (the
  cue's content words in any order within a window one word wider than the cue), not
  counting a match that is denied ("did not report funding problems", "funding was not a
  barrier": NegEx-style, a negator up to five words before or after the cue in the same
  clause, scoped to findings, see :meth:`SentenceTokens.negated`) or a sentence that
  matches one of the sub-theme's ``exclude`` phrases;
* **similarity**: cosine similarity between the sentence's TF-IDF vector and the
  sub-theme's profile (label, description and examples), the vectoriser fitted on the
  study sentences and the profiles together so that words common to every study weigh
  little.

A multi-word cue's head word (its last content word) found alone counts as half a hit
when that word is rare in the corpus (in at most 3% of sentences), so "funding
constraints" partly matches the cue "financial constraints".

``score = 1 - (1 - cue) * (1 - sim)`` (0 for a sentence whose cue mentions are all negated
or that matches an ``exclude`` phrase) where ``cue = 1 - 0.5 ** hits`` (one distinct cue
gives 0.5, two give 0.75, a head word alone 0.29) and
``sim = similarity_weight * min(1, similarity / similarity_scale)``. A study's score for a sub-theme combines its two best sentences,
``1 - (1 - s1) * (1 - s2 / 2)``, and it is assigned when the score reaches the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.themes.codebook import Codebook, SubTheme
from pipeline.themes.lemmas import STOPWORDS, analyzer, lemma, tokens
from pipeline.themes.sentences import split_sentences

#: Words that negate a cue near them (NegEx-style triggers, Chapman et al. 2001).
NEGATORS: frozenset[str] = frozenset({"not", "no", "never", "without", "neither", "nor", "none"})
#: Negator + next word pairs that do not negate ("not only", "no longer").
PSEUDO_NEGATIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("not", "only"),
        ("not", "just"),
        ("no", "longer"),
        ("not", "always"),
        ("not", "enough"),
        ("not", "sufficiently"),
        ("not", "adequately"),
        ("no", "doubt"),
        ("not", "fully"),
    }
)
#: Tokens that close a clause: negation does not reach across them.
CLAUSE_BREAKS: frozenset[str] = frozenset(
    {
        ",",
        ";",
        ":",
        "(",
        ")",
        "but",
        "however",
        "although",
        "though",
        "whereas",
        "yet",
        "while",
        "which",
        "because",
        "despite",
    }
)
NEGATION_WINDOW = 5
#: Lemmas of words that make a negator deny a finding rather than a topic.
REPORT_WORDS: frozenset[str] = frozenset(
    lemma(w)
    for w in [
        "report",
        "arise",
        "occur",
        "exist",
        "emerge",
        "happen",
        "mention",
        "find",
        "found",
        "identify",
        "observe",
        "raise",
        "see",
        "seen",
        "describe",
        "cite",
        "perceive",
        "consider",
        "experience",
        "evidence",
        "sign",
        "barrier",
        "issue",
        "problem",
        "concern",
        "obstacle",
        "difficulty",
        "challenge",
        "affect",
        "impede",
        "hinder",
        "hamper",
        "prevent",
    ]
)
#: Defaults shared with the CLI (``--threshold``) and the benchmark.
DEFAULT_THRESHOLD = 0.5
SIMILARITY_WEIGHT = 0.6
SIMILARITY_SCALE = 0.15
#: Credit for a multi-word cue's head word alone, and how rare that word must be.
PARTIAL_WEIGHT = 0.5
PARTIAL_MAX_DF = 0.03
#: Text columns read from a studies table, in the order their sentences are numbered.
TEXT_SOURCES: tuple[str, ...] = ("title", "abstract", "notes")


@dataclass(frozen=True)
class Cue:
    phrase: str
    words: tuple[str, ...]


def compile_phrases(phrases: Iterable[str]) -> list[Cue]:
    """Lemmatise cue phrases once; phrases with no content word are dropped."""
    out = []
    for phrase in phrases:
        words = tuple(lemma(t) for t in tokens(phrase) if t.isalnum() and t not in STOPWORDS)
        if words:
            out.append(Cue(phrase, words))
    return out


class SentenceTokens:
    """A sentence as raw tokens plus the positions and lemmas of its content words."""

    def __init__(self, text: str) -> None:
        self.raw = tokens(text)
        self.positions = [i for i, t in enumerate(self.raw) if t.isalnum() and t not in STOPWORDS]
        self.words = [lemma(self.raw[i]) for i in self.positions]

    def find(self, cue: Cue) -> list[tuple[int, int]]:
        """Raw-token spans where all of ``cue``'s words occur, in any order, within a window
        of its length plus one content word ("short-term funding" also finds "funding that
        was short-term")."""
        spans = []
        n = len(cue.words)
        width = n + 1 if n > 1 else 1
        needed = set(cue.words)
        for start, word in enumerate(self.words):
            if word not in needed:
                continue
            window = self.words[start : start + width]
            if needed <= set(window):
                last = start + max(window.index(w) for w in needed)
                spans.append((self.positions[start], self.positions[last]))
        return spans

    def negated(self, span: tuple[int, int]) -> bool:
        """True when a negator denies the finding the span reports (same clause).

        In a barrier framework a negated *topic* is often still the barrier ("staff did not
        receive training"), so a negator only counts when it negates a report or a problem:
        it is followed by a reporting or problem word ("did not report", "no evidence of",
        "was not a barrier"), or a pre-cue negator is answered by one after the cue ("no
        funding problems were reported").
        """
        first, last = span
        after_cue = self._clause(last + 1, 1)
        for i in self._clause(first - 1, -1):
            denies = self._reports(range(i + 1, min(first, i + 3))) or self._reports(after_cue)
            if self.raw[i] in NEGATORS and not self._pseudo(i) and denies:
                return True
        for i in after_cue:
            denies = self._reports(range(i + 1, min(len(self.raw), i + 4)))
            if self.raw[i] in NEGATORS and not self._pseudo(i) and denies:
                return True
        return False

    def _clause(self, start: int, step: int) -> list[int]:
        out = []
        i = start
        while 0 <= i < len(self.raw) and len(out) < NEGATION_WINDOW:
            if self.raw[i] in CLAUSE_BREAKS:
                break
            out.append(i)
            i += step
        return out

    def _reports(self, positions: Iterable[int]) -> bool:
        return any(lemma(self.raw[i]) in REPORT_WORDS for i in positions)

    def _pseudo(self, i: int) -> bool:
        nxt = self.raw[i + 1] if i + 1 < len(self.raw) else ""
        return (self.raw[i], nxt) in PSEUDO_NEGATIONS

    def matches(self, cue: Cue) -> bool:
        return any(not self.negated(span) for span in self.find(cue))


def cue_matches(text: str, cues: Iterable[str]) -> list[str]:
    """The cue phrases that ``text`` expresses (negated mentions do not count).

    >>> cue_matches("Participants reported funding problems.", ["funding problems"])
    ['funding problems']
    >>> cue_matches("The study did not report funding problems.", ["funding problems"])
    []
    >>> cue_matches("Funding was not a barrier, but staff shortages were.",
    ...             ["funding", "staff shortages"])
    ['staff shortages']
    >>> cue_matches("GPs lacked not only time but also training.", ["training"])
    ['training']
    >>> cue_matches("Staff did not receive training.", ["training"])
    ['training']
    >>> cue_matches("No problems with data sharing were identified.", ["data sharing"])
    []
    """
    sentence = SentenceTokens(text)
    return [cue.phrase for cue in compile_phrases(cues) if sentence.matches(cue)]


def study_sentences(studies: pd.DataFrame) -> pd.DataFrame:
    """Split each study's title, abstract and notes into numbered sentences.

    Reads ``record_id`` and whichever of :data:`TEXT_SOURCES` exist; returns columns
    ``record_id``, ``sentence_index`` (0-based within the study), ``source``, ``sentence``.
    """
    rows = []
    for row in studies.itertuples(index=False):
        index = 0
        for source in TEXT_SOURCES:
            text = getattr(row, source, "") if source in studies.columns else ""
            if not isinstance(text, str) or not text.strip():
                continue
            for sentence in split_sentences(text):
                rows.append((row.record_id, index, source, sentence))
                index += 1
    return pd.DataFrame(rows, columns=["record_id", "sentence_index", "source", "sentence"])


def _fit_similarity(sentences: list[str], subthemes: tuple[SubTheme, ...]) -> np.ndarray:
    profiles = [s.profile() for s in subthemes]
    vectoriser = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, norm="l2")
    matrix = vectoriser.fit_transform(sentences + profiles)
    sims = (matrix[: len(sentences)] @ matrix[len(sentences) :].T).toarray()
    return np.round(sims, 6)


def score_sentences(
    sentences: pd.DataFrame,
    codebook: Codebook,
    *,
    similarity_weight: float = SIMILARITY_WEIGHT,
    similarity_scale: float = SIMILARITY_SCALE,
    partial_weight: float = PARTIAL_WEIGHT,
    partial_max_df: float = PARTIAL_MAX_DF,
) -> pd.DataFrame:
    """Score every sentence against every sub-theme.

    Returns one row per sentence × sub-theme with ``record_id``, ``sentence_index``,
    ``source``, ``sentence``, ``subtheme``, ``cues`` ("; "-joined matched cues),
    ``similarity`` and ``score``.
    """
    subthemes = codebook.subthemes
    columns = [
        "record_id",
        "sentence_index",
        "source",
        "sentence",
        "subtheme",
        "cues",
        "similarity",
        "score",
    ]
    if sentences.empty:
        return pd.DataFrame(columns=columns)
    texts = sentences["sentence"].tolist()
    sims = _fit_similarity(texts, subthemes)
    cues = {s.id: compile_phrases(s.cues) for s in subthemes}
    excludes = {s.id: compile_phrases(s.exclude) for s in subthemes}
    parsed_all = [SentenceTokens(text) for text in texts]
    # Head words (last content word) of multi-word cues that are rare in this corpus: a
    # sentence that has the head but not the whole phrase ("funding constraints" for the cue
    # "financial constraints") earns part of a hit.
    df = pd.Series([w for p in parsed_all for w in set(p.words)]).value_counts()
    rare = {w for w, n in df.items() if n <= partial_max_df * len(texts)}
    heads = {
        s.id: sorted({c.words[-1] for c in cues[s.id] if len(c.words) > 1} & rare)
        for s in subthemes
    }
    rows = []
    for i, (row, text) in enumerate(zip(sentences.itertuples(index=False), texts, strict=True)):
        parsed = parsed_all[i]
        for k, sub in enumerate(subthemes):
            found = [c for c in cues[sub.id] if parsed.find(c)]
            matched = [c.phrase for c in found if parsed.matches(c)]
            full_heads = {c.words[-1] for c in found}
            partial = [
                h for h in heads[sub.id] if h not in full_heads and parsed.matches(Cue(h, (h,)))
            ]
            # A sentence that only mentions the sub-theme to deny it ("did not report budget
            # cuts"), or that hits an exclusion phrase, does not count by similarity either.
            denied = bool(found) and not matched
            if denied or any(parsed.find(x) for x in excludes[sub.id]):
                matched, partial, sim_part = [], [], 0.0
            else:
                sim_part = similarity_weight * min(1.0, sims[i, k] / similarity_scale)
            cue_part = 1.0 - 0.5 ** (len(matched) + partial_weight * len(partial))
            score = 1.0 - (1.0 - cue_part) * (1.0 - sim_part)
            rows.append(
                (
                    row.record_id,
                    row.sentence_index,
                    row.source,
                    text,
                    sub.id,
                    "; ".join(matched),
                    float(sims[i, k]),
                    round(score, 6),
                )
            )
    return pd.DataFrame(rows, columns=columns)


def study_scores(
    sentence_scores: pd.DataFrame, record_ids: Iterable[str], codebook: Codebook
) -> pd.DataFrame:
    """Study × sub-theme scores (index ``record_id``, one column per sub-theme id)."""
    ids = sorted(set(record_ids))
    out = pd.DataFrame(0.0, index=pd.Index(ids, name="record_id"), columns=codebook.subtheme_ids)
    if sentence_scores.empty:
        return out
    ordered = sentence_scores.sort_values(
        ["record_id", "subtheme", "score"], ascending=[True, True, False]
    )
    for (record_id, sub), group in ordered.groupby(["record_id", "subtheme"], sort=True):
        top = group["score"].to_numpy()[:2]
        second = top[1] if len(top) > 1 else 0.0
        out.loc[record_id, sub] = round(1.0 - (1.0 - top[0]) * (1.0 - second / 2.0), 6)
    return out


def assign(scores: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """0/1 assignments from study scores."""
    return (scores >= threshold).astype(int)
