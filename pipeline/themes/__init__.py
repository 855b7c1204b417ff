"""Themes stage: map included studies onto a theme framework (``slr themes``).

Reads a studies table (``record_id``, ``title``, ``abstract``, optional ``notes``,
``authors``, ``year``) and a codebook; splits each study into sentences, scores them against
every sub-theme (:mod:`pipeline.themes.score`), optionally learns from reviewers' codes
(:mod:`pipeline.themes.supervised`), and returns a :class:`ThemeResult` from which
:mod:`pipeline.themes.outputs` writes the matrices, tables, heat map, evidence, report and
crosswalk. Reviewers' codes always win over the model's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.themes.codebook import Codebook
from pipeline.themes.score import (
    DEFAULT_THRESHOLD,
    score_sentences,
    study_scores,
    study_sentences,
)
from pipeline.themes.supervised import SupervisedCoder

#: Where a study × sub-theme decision came from.
SOURCES = ("rules", "supervised", "reviewer")


@dataclass
class ThemeResult:
    """Everything the outputs are written from (all frames indexed by sorted record_id)."""

    codebook: Codebook
    studies: pd.DataFrame
    sentences: pd.DataFrame
    rule_scores: pd.DataFrame
    scores: pd.DataFrame
    assigned: pd.DataFrame
    source: pd.DataFrame
    threshold: float
    n_supervised: int

    @property
    def higher_assigned(self) -> pd.DataFrame:
        """Study × higher theme: 1 when any of the theme's sub-themes is assigned."""
        return pd.DataFrame(
            {
                theme.id: self.assigned[[s.id for s in theme.subthemes]].max(axis=1)
                for theme in self.codebook.themes
            },
            index=self.assigned.index,
        ).astype(int)


def reviewer_matrix(
    coding: pd.DataFrame | None, record_ids: list[str], codebook: Codebook
) -> pd.DataFrame:
    """Study × sub-theme reviewer codes: 1, 0, or -1 where not coded."""
    out = pd.DataFrame(
        -1, index=pd.Index(record_ids, name="record_id"), columns=codebook.subtheme_ids
    )
    if coding is None or coding.empty:
        return out
    known = coding[coding["record_id"].isin(record_ids) & (coding["reviewer_code"] >= 0)]
    for row in known.itertuples(index=False):
        out.loc[row.record_id, row.subtheme] = int(row.reviewer_code)
    return out


def study_text(studies: pd.DataFrame) -> list[str]:
    """Title, abstract and notes of each study joined, in table order."""
    parts = [c for c in ("title", "abstract", "notes") if c in studies.columns]
    return [
        " ".join(str(v) for v in row if isinstance(v, str))
        for row in studies[parts].itertuples(index=False)
    ]


def code_studies(
    studies: pd.DataFrame,
    codebook: Codebook,
    *,
    coding: pd.DataFrame | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    supervised: bool = True,
    min_examples: int = 2,
) -> ThemeResult:
    """Code ``studies`` on ``codebook``'s sub-themes.

    ``coding`` holds reviewer codes (``record_id``, ``subtheme``, ``reviewer_code`` with 1,
    0 or -1 for blank). Coded cells take the reviewer's code; when ``supervised`` is true and
    a sub-theme has at least ``min_examples`` positive and negative codes, the remaining
    studies get the blend of a logistic regression trained on the coded ones and the rules.
    """
    studies = studies.sort_values("record_id", kind="stable").reset_index(drop=True)
    ids = studies["record_id"].tolist()
    sentences = score_sentences(study_sentences(studies), codebook)
    rules = study_scores(sentences, ids, codebook)
    reviewer = reviewer_matrix(coding, ids, codebook)
    scores = rules.copy()
    source = pd.DataFrame("rules", index=rules.index, columns=rules.columns)
    n_supervised = 0
    if supervised and (reviewer.to_numpy() >= 0).any():
        model = SupervisedCoder(min_examples=min_examples).fit(
            study_text(studies), rules.to_numpy(), reviewer.to_numpy()
        )
        blended = model.predict_proba(study_text(studies), rules.to_numpy())
        n_supervised = model.n_trained_
        for k, trained in enumerate(model.models_):
            if trained is not None:
                scores.iloc[:, k] = blended[:, k]
                source.iloc[:, k] = "supervised"
    assigned = (scores >= threshold).astype(int)
    coded = reviewer.to_numpy() >= 0
    assigned = assigned.mask(coded, reviewer).astype(int)
    source = source.mask(coded, "reviewer")
    return ThemeResult(
        codebook=codebook,
        studies=studies,
        sentences=sentences,
        rule_scores=rules,
        scores=scores.round(3),
        assigned=assigned,
        source=source,
        threshold=threshold,
        n_supervised=n_supervised,
    )


__all__ = ["SOURCES", "ThemeResult", "code_studies", "reviewer_matrix", "study_text"]
