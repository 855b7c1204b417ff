"""Named screening models (presets): features + classifier + class balancing.

As in ASReview, a preset is looked up by name and a wrong name lists the valid ones. Each
preset says where its hyperparameters come from. Classifiers are plain scikit-learn
estimators; randomness only through ``random_state``.

Class balancing: screening data are heavily imbalanced (1-4% inclusions), so each fit
weights the samples so that the included class carries ``ratio`` times the total weight of
the excluded class (``ratio = 1``: both classes weigh the same). This is ASReview's
"balanced" sample-weight scheme, with the weights rescaled to average 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB, MultinomialNB
from sklearn.svm import LinearSVC

from pipeline.errors import UsageError
from pipeline.screen.features import TextFeatures


@dataclass(frozen=True)
class Preset:
    """A named model: how to build features, the classifier and the class weights.

    ``classifier`` is an unfitted scikit-learn estimator; :meth:`build` clones it with the
    run's seed, so ``get_params()`` reports every hyperparameter of a run.
    """

    name: str
    description: str
    features: TextFeatures
    classifier: ClassifierMixin
    #: Total weight of the included class over that of the excluded class.
    balance_ratio: float = 1.0
    #: Whether the classifier accepts ``warm_start`` refits (faster retraining).
    warm_start: bool = False
    #: Unscreened records added to each fit as presumed exclusions, drawn at random anew
    #: before every fit (Cormack & Grossman's BMI, "Autonomy and reliability of continuous
    #: active learning", 2015): with inclusions rare, a random unscreened record is almost
    #: surely an exclusion, and early models learn what ordinary records look like.
    presumed_exclusions: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    def build(self, seed: int) -> ClassifierMixin:
        """A fresh, unfitted copy of the classifier with ``random_state=0``."""
        return seeded(self.classifier, seed)

    def params(self, seed: int) -> dict[str, Any]:
        """Every hyperparameter of a run with ``seed``: features, classifier, balancing."""
        return {
            "preset": self.name,
            "features": {k: _plain(v) for k, v in sorted(asdict(self.features).items())},
            "classifier": describe(self.build(seed)),
            "balance_ratio": self.balance_ratio,
            "presumed_exclusions": self.presumed_exclusions,
        }


def seeded(estimator: ClassifierMixin, seed: int) -> ClassifierMixin:
    """``clone(estimator)`` with ``random_state=seed`` wherever it (or a member) has one."""
    est = clone(estimator)
    if isinstance(est, ScoreEnsemble):
        return est.set_params(estimators=tuple(seeded(e, seed) for e in est.estimators))
    if "random_state" in est.get_params(deep=False):
        est.set_params(random_state=seed)
    return est


def describe(estimator: ClassifierMixin) -> dict[str, Any]:
    """An estimator's class and hyperparameters (members of a committee in turn), as JSON."""
    if isinstance(estimator, ScoreEnsemble):
        return {"class": "ScoreEnsemble", "members": [describe(e) for e in estimator.estimators]}
    params = estimator.get_params(deep=False)
    return {"class": type(estimator).__name__, **{k: _plain(params[k]) for k in sorted(params)}}


def _plain(value: Any) -> Any:
    """JSON-friendly form of a hyperparameter value."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)


def sample_weights(y: np.ndarray, ratio: float) -> np.ndarray:
    """Weights giving the included class ``ratio`` times the excluded class's total weight.

    >>> sample_weights(np.array([1, 0, 0, 0]), 1.0).round(3).tolist()
    [2.0, 0.667, 0.667, 0.667]
    >>> sample_weights(np.array([1, 0, 0, 0]), 3.0).round(3).tolist()
    [3.0, 0.333, 0.333, 0.333]
    """
    y = np.asarray(y)
    n_pos = int((y == 1).sum())
    n_neg = int((y == 0).sum())
    if n_pos == 0 or n_neg == 0:
        return np.ones(len(y))
    w = np.where(y == 1, 1.0, n_pos / (ratio * n_neg))
    return w * (len(y) / w.sum())


class ScoreEnsemble(ClassifierMixin, BaseEstimator):
    """Average of several classifiers' standardised scores (a rank-level committee).

    Each member's scores over the rows being scored are centred and scaled to unit
    variance before averaging, so members with different score scales (SVM margins, naive
    Bayes log-odds) count equally.
    """

    def __init__(self, estimators: tuple = ()) -> None:
        self.estimators = estimators

    def fit(self, X, y, sample_weight=None) -> ScoreEnsemble:
        self.estimators_ = [
            clone(e).fit(X, y, sample_weight=sample_weight) for e in self.estimators
        ]
        self.classes_ = np.unique(y)
        return self

    def member_scores(self, X) -> np.ndarray:
        """Each member's standardised scores over the rows of ``X``: (members x rows)."""
        out = np.empty((len(self.estimators_), X.shape[0]))
        for k, est in enumerate(self.estimators_):
            s = scores(est, X)
            sd = s.std()
            out[k] = (s - s.mean()) / (sd if sd > 0 else 1.0)
        return out

    def decision_function(self, X) -> np.ndarray:
        return self.member_scores(X).mean(axis=0)


PRESETS: dict[str, Preset] = {}


def _register(preset: Preset) -> Preset:
    PRESETS[preset.name] = preset
    return preset


# Default. A committee of ELAS u4's linear SVM and ELAS u3's naive Bayes on ELAS u4's word
# 1-2-gram TF-IDF, each member's scores standardised and averaged: the two learners err on
# different records, and the committee finds the inclusions that one of them ranks low.
# The title is written three times before the abstract (``title_weight=3``, field weighting:
# a title word counts 1 + ln 3 = 2.1 times a word met once in the abstract), because a
# title says what a study is about while most abstract words are methods and numbers.
# Member hyperparameters are ASReview's (asreview 3.0.8 models.py, tuned on the SYNERGY data
# sets): SVM C 0.11, NB alpha 3.822, included class weighted 9.8x. The committee was chosen
# over single models, presumed exclusions, character n-grams, LSA, undersampling, a
# nearest-neighbour member, a third member (logistic SGD, complement NB), separate title
# features, rank fusion, online member weighting, stemming, BM25 term weights and a
# committee over stemmed and unstemmed features, and the title weight among 1, 2 and
# 3, on the mean WSS@95 over four public labelled sets from two
# fields (software engineering, drug-class reviews), never on one set alone;
# benchmarks/screening.py measures it.
# In the active-learning loop a committee also hands every second pick to its members in
# turn once 50 exclusions have come in a row (pipeline.screen.active.DRY_SPELL).
_register(
    Preset(
        name="svm-nb",
        description="committee of linear SVM + naive Bayes, word 1-2-gram TF-IDF, title x3",
        features=TextFeatures(word_ngrams=(1, 2), title_weight=3),
        classifier=ScoreEnsemble(
            (LinearSVC(loss="squared_hinge", C=0.11, random_state=0), MultinomialNB(alpha=3.822))
        ),
        balance_ratio=9.8,
    )
)

# ELAS u4's linear SVM with 100 presumed exclusions per fit (BMI), without the committee.
_register(
    Preset(
        name="svm-bmi",
        description="linear SVM, word 1-2-gram TF-IDF, 100 presumed exclusions per fit",
        features=TextFeatures(word_ngrams=(1, 2)),
        classifier=LinearSVC(loss="squared_hinge", C=0.11, random_state=0),
        balance_ratio=9.8,
        presumed_exclusions=100,
    )
)

# Logistic regression (scikit-learn's lbfgs, C = 10: weak regularisation for sparse text),
# warm-started from the previous fit's coefficients: the incremental-retraining option.
_register(
    Preset(
        name="lr-word",
        description="logistic regression, word 1-2-gram TF-IDF, balanced",
        features=TextFeatures(word_ngrams=(1, 2)),
        classifier=LogisticRegression(
            C=10.0, solver="lbfgs", max_iter=1000, warm_start=True, random_state=0
        ),
        balance_ratio=1.0,
        warm_start=True,
    )
)

# Linear SVM with ASReview 2's ELAS u4 hyperparameters (asreview 3.0.8,
# asreview/models/models.py: LinearSVC loss squared_hinge, C 0.11, balanced ratio 9.8,
# TF-IDF ngram_range (1, 2), sublinear_tf, min_df 1, max_df 0.95; tuned by ASReview with
# Optuna on the SYNERGY data sets). A re-implementation for comparison, not ASReview itself.
_register(
    Preset(
        name="svm-elas-u4",
        description="linear SVM, word 1-2-gram TF-IDF, ASReview ELAS u4 settings",
        features=TextFeatures(word_ngrams=(1, 2)),
        classifier=LinearSVC(loss="squared_hinge", C=0.11, random_state=0),
        balance_ratio=9.8,
    )
)

# Multinomial naive Bayes with ASReview's ELAS u3 settings (alpha 3.822, balanced ratio
# 1.2, unigram TF-IDF with English stop words; asreview 3.0.8 models.py).
_register(
    Preset(
        name="nb-elas-u3",
        description="multinomial naive Bayes, unigram TF-IDF, ASReview ELAS u3 settings",
        features=TextFeatures(word_ngrams=(1, 1), max_df=1.0, stop_words="english"),
        classifier=MultinomialNB(alpha=3.822),
        balance_ratio=1.2,
    )
)

# Complement naive Bayes (Rennie et al. 2003), designed for imbalanced text classes;
# alpha 1 is scikit-learn's default. Fast; a baseline.
_register(
    Preset(
        name="cnb-word",
        description="complement naive Bayes, word 1-2-gram TF-IDF",
        features=TextFeatures(word_ngrams=(1, 2)),
        classifier=ComplementNB(alpha=1.0),
        balance_ratio=1.0,
    )
)

# Linear SVM trained by SGD (hinge loss, scikit-learn's default alpha 1e-4), the learner
# family of FASTREAD (Yu & Menzies 2018); seeded shuffling.
_register(
    Preset(
        name="sgd-word",
        description="linear SVM by SGD, word 1-2-gram TF-IDF, balanced",
        features=TextFeatures(word_ngrams=(1, 2)),
        classifier=SGDClassifier(loss="hinge", alpha=1e-4, random_state=0),
        balance_ratio=1.0,
    )
)

#: The model ``slr screen rank`` and ``simulate`` use unless told otherwise.
DEFAULT_MODEL = "svm-nb"


def get_preset(name: str) -> Preset:
    """The preset called ``name``; a wrong name raises UsageError listing the valid ones."""
    try:
        return PRESETS[name]
    except KeyError:
        valid = ", ".join(sorted(PRESETS))
        raise UsageError(f"unknown screening model {name!r}; valid models: {valid}") from None


def list_presets() -> list[tuple[str, str]]:
    """``(name, description)`` of every preset, sorted by name."""
    return [(name, PRESETS[name].description) for name in sorted(PRESETS)]


def scores(estimator: ClassifierMixin, X) -> np.ndarray:
    """Relevance scores (higher = more likely included) from a fitted classifier."""
    if hasattr(estimator, "decision_function"):
        return np.asarray(estimator.decision_function(X), dtype=np.float64)
    # Naive Bayes: the log-odds, which keep their order where probabilities round to 1.
    log_proba = estimator.predict_log_proba(X)
    return np.asarray(log_proba[:, 1] - log_proba[:, 0], dtype=np.float64)
