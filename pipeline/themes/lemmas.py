"""Tokens and light lemmas for cue matching and TF-IDF.

A small rule-based suffix stripper (no model, no downloads): it only has to map the forms of
a word that occur in abstracts onto the same key, the same way for cues and for text, so
"funding", "funded" and "funds" all become ``fund`` and "communication" and "communicating"
both become ``communic``. British and American spellings (-ise/-ize) are folded first.
"""

from __future__ import annotations

import re
import unicodedata

#: Suffixes stripped, longest first; a stem keeps at least :data:`MIN_STEM` letters.
_SUFFIXES: tuple[str, ...] = (
    "isational",
    "isations",
    "isation",
    "ational",
    "ations",
    "ation",
    "ating",
    "ated",
    "ates",
    "ate",
    "ities",
    "ity",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ised",
    "ises",
    "ise",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "al",
    "s",
    "e",
)
MIN_STEM = 3
_SECOND_PASS: tuple[str, ...] = ("al", "e")
_IRREGULAR = {
    "children": "child",
    "people": "people",
    "men": "man",
    "women": "woman",
    "data": "data",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "being": "be",
    "has": "have",
    "had": "have",
    "did": "do",
    "does": "do",
    "done": "do",
    "staff": "staff",
    "this": "this",
    "less": "less",
    "across": "across",
    "process": "process",
    "services": "servic",
    # "care"/"carer" and "work"/"worker" must stay apart ("care workers" is not "care worked").
    "care": "care",
    "cares": "care",
    "cared": "care",
    "caring": "care",
    "carer": "carer",
    "carers": "carer",
    "worker": "worker",
    "workers": "worker",
}

#: Function words dropped before matching (negators are kept: see score.NEGATORS).
STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "with",
        "by",
        "at",
        "from",
        "as",
        "into",
        "onto",
        "about",
        "between",
        "among",
        "amongst",
        "within",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "they",
        "them",
        "it",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "be",
        "have",
        "do",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "shall",
        "also",
        "such",
        "than",
        "then",
        "there",
        "here",
        "i",
        "we",
        "you",
        "he",
        "she",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "each",
        "both",
        "either",
        "some",
        "very",
        "more",
        "most",
        "other",
        "own",
        "same",
        "so",
        "too",
        "just",
        "s",
    ]
)

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,;:()]")


def _fold(text: str) -> str:
    """Lower-case, ASCII-fold and normalise quotes and dashes.

    >>> _fold("Patient-centred “care”")
    'patient-centred "care"'
    """
    text = unicodedata.normalize("NFKD", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub("[\u2010-\u2015]", "-", text)
    return text.encode("ascii", "ignore").decode("ascii").lower()


def lemma(word: str) -> str:
    """Return the lemma key of one lower-case word.

    >>> [lemma(w) for w in ("funding", "funded", "funds", "fund")]
    ['fund', 'fund', 'fund', 'fund']
    >>> [lemma(w) for w in ("communication", "communicating", "communicate")]
    ['communic', 'communic', 'communic']
    >>> lemma("organisational") == lemma("organizations") == lemma("organise")
    True
    >>> lemma("fragmentation") == lemma("fragmented")
    True
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.isalpha() or len(word) <= MIN_STEM:
        return word
    word = word.replace("iz", "is")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    # A second, narrow pass joins "professionals"/"professional" and "organise"/"organ...".
    for suffix in _SECOND_PASS:
        if word.endswith(suffix) and len(word) - len(suffix) > MIN_STEM:
            word = word[: -len(suffix)]
            break
    return word


def tokens(text: str) -> list[str]:
    """Split folded text into word tokens and clause punctuation; "n't" becomes "not".

    >>> tokens("Staff didn't report problems; funding, however, was cut.")
    ['staff', 'did', 'not', 'report', 'problems', ';', 'funding', ',', 'however', ',', 'was', 'cut']
    """
    out: list[str] = []
    # "IT" (information technology) would otherwise be the pronoun "it", a stopword.
    text = re.sub(r"\bIT\b", "information technology", text)
    for tok in _TOKEN.findall(_fold(text).replace("-", " ")):
        if tok.endswith("n't"):
            stem = tok[:-3]
            out.extend(["can" if stem == "ca" else "will" if stem == "wo" else stem, "not"])
        elif "'" in tok:
            out.append(tok.split("'")[0])
        else:
            out.append(tok)
    return [t for t in out if t]


def lemmas(text: str) -> list[str]:
    """Lemmatised content words of ``text`` (stopwords and punctuation dropped).

    >>> lemmas("Lack of pooled budgets between the organisations")
    ['lack', 'pool', 'budget', 'organ']
    """
    return [lemma(t) for t in tokens(text) if t.isalnum() and t not in STOPWORDS]


def analyzer(text: str) -> list[str]:
    """Unigram and bigram lemma features for :class:`~sklearn.feature_extraction.text.TfidfVectorizer`.

    >>> analyzer("shared care records")
    ['shar', 'care', 'record', 'shar care', 'care record']
    """
    words = lemmas(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
