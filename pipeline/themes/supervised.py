"""The supervised step: learn from the studies reviewers have coded.

One logistic regression per sub-theme (scikit-learn), trained on the studies that have a
reviewer code for it. Features are the study's TF-IDF vector (lemma unigrams and bigrams of
title, abstract and notes) and the rule scores of every sub-theme, so that the model can
learn both the reviewers' vocabulary and how they read the cues. Its probability is blended
with the rule score (``blend``), which keeps the rules in charge while few studies are
coded. A sub-theme with fewer than ``min_examples`` positive or negative codes keeps the
rule score alone. Defaults (``C=0.3``, ``blend=0.3``) were chosen by 5-fold cross-validation
on the gold set in ``tests/data/themes`` (see ``benchmarks/themes.py``): with a few dozen
coded studies a strongly regularised model that nudges the rules beats one that replaces
them.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.themes.lemmas import analyzer


class SupervisedCoder(BaseEstimator):
    """Per-sub-theme logistic regressions blended with the rule scores.

    ``fit(texts, rule_scores, labels)``: ``rule_scores`` is studies × sub-themes in [0, 1];
    ``labels`` the same shape with 1/0 for reviewer codes and -1 where a study is not coded.
    """

    name = "logistic"

    def __init__(
        self,
        *,
        C: float = 0.3,
        blend: float = 0.3,
        min_examples: int = 2,
        rule_weight: float = 3.0,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.blend = blend
        self.min_examples = min_examples
        self.rule_weight = rule_weight
        self.random_state = random_state

    def _features(self, texts: list[str], rule_scores: np.ndarray) -> sparse.csr_matrix:
        words = self.vectoriser_.transform(texts)
        rules = sparse.csr_matrix(np.asarray(rule_scores, dtype=float) * self.rule_weight)
        return sparse.hstack([words, rules], format="csr")

    def fit(self, texts: list[str], rule_scores: np.ndarray, labels: np.ndarray) -> SupervisedCoder:
        labels = np.asarray(labels)
        coded = (labels >= 0).any(axis=1)
        self.vectoriser_ = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=1)
        self.vectoriser_.fit([t for t, c in zip(texts, coded, strict=True) if c] or texts)
        features = self._features(texts, rule_scores)
        self.models_: list[LogisticRegression | None] = []
        for k in range(labels.shape[1]):
            known = labels[:, k] >= 0
            y = labels[known, k]
            if (y == 1).sum() < self.min_examples or (y == 0).sum() < self.min_examples:
                self.models_.append(None)
                continue
            model = LogisticRegression(
                C=self.C,
                class_weight="balanced",
                solver="liblinear",
                random_state=self.random_state,
            )
            model.fit(features[known], y)
            self.models_.append(model)
        self.n_trained_ = sum(m is not None for m in self.models_)
        return self

    def predict_proba(self, texts: list[str], rule_scores: np.ndarray) -> np.ndarray:
        """Blended scores, studies × sub-themes (rule score where no model was trained)."""
        rule_scores = np.asarray(rule_scores, dtype=float)
        out = rule_scores.copy()
        if not texts:
            return out
        features = self._features(texts, rule_scores)
        for k, model in enumerate(self.models_):
            if model is not None:
                proba = model.predict_proba(features)[:, 1]
                out[:, k] = self.blend * proba + (1.0 - self.blend) * rule_scores[:, k]
        return np.round(out, 6)
