"""Comparison keys for duplicate detection: pure functions of strings, plus
:func:`prepare`, which turns a records table into the comparison features of each record.

Each database writes the same paper differently: ``"BMJ Open"`` / ``"BMJ open"``,
``"Int J Integr Care"`` / ``"International Journal of Integrated Care"``, pages ``123-9`` /
``123-129``, authors ``Smith J`` / ``Smith, John`` / ``J. Smith`` / run together
(``Adeli K.Lewis G. F.``), titles in upper case, with HTML, Greek letters or a translated
title in brackets. The helpers here map those forms onto one comparable form.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

import numpy as np
import pandas as pd
from rapidfuzz.distance import Levenshtein

from pipeline.authors import parse_authors
from pipeline.progress import progress
from pipeline.records import normalise_doi

_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")

#: Greek letters are common in biomedical titles and are spelt out by some databases
#: ("TNF-α" / "TNF-alpha"); NFKD folding would drop them.
_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Δ": "delta",
    "Ω": "omega",
    "ß": "ss",
    "æ": "ae",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
}
_GREEK_RE = re.compile("|".join(map(re.escape, _GREEK)))

#: English stop words dropped from blocking keys and journal names (not from titles that
#: are compared: "the" changes nothing in an edit-distance ratio of two long titles).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "de",
        "der",
        "des",
        "die",
        "du",
        "el",
        "en",
        "et",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "la",
        "le",
        "les",
        "of",
        "on",
        "or",
        "the",
        "to",
        "und",
        "with",
    ]
)

#: Titles that name a kind of item, not a paper: two records with such a title are only the
#: same paper when their identifiers (DOI/PMID) say so, or every other field agrees.
GENERIC_TITLES = frozenset(
    {
        "abstract",
        "abstracts",
        "announcement",
        "announcements",
        "author index",
        "book review",
        "book reviews",
        "comment",
        "commentary",
        "contents",
        "correction",
        "corrigendum",
        "editorial",
        "editorial board",
        "editors note",
        "erratum",
        "errata",
        "foreword",
        "guest editorial",
        "in brief",
        "in this issue",
        "index",
        "introduction",
        "letter",
        "letter to the editor",
        "letters",
        "meeting abstracts",
        "news",
        "no title",
        "not available",
        "notes",
        "obituary",
        "poster abstracts",
        "preface",
        "reply",
        "response",
        "retraction",
        "review",
        "reviewers",
        "subject index",
        "summary",
        "table of contents",
        "title not available",
        "unknown",
        "untitled",
        "various",
        "authors reply",
        "in reply",
        "introduction to the special issue",
    }
)
#: Titles that stand for "no title at all".
MISSING_TITLES = frozenset({"unknown", "no title", "untitled", "not available", "na", "none"})

#: Item kinds that are never the same paper as an item of another kind, even with the same
#: title: a notice and the article it is about, a reply and the letter it answers.
_NOTICE = [
    (
        "retraction",
        re.compile(
            r"^(?:notice of )?retraction\b|\bretraction (?:note|notice)\b|"
            r"\bexpression of concern\b|^withdrawn\b|^retracted\b"
        ),
    ),
    (
        "erratum",
        re.compile(
            r"^(?:erratum|errata|corrigendum|corrigenda|correction|corrections"
            r"|publisher s note|addendum)\b|\b(?:erratum|corrigendum|correction)"
            r" (?:to|for|on|in)\b"
        ),
    ),
    (
        "reply",
        re.compile(
            r"^(?:reply|in reply|response|authors? reply|the authors reply)\b|"
            r"\breply to\b|\bresponse to (?:the )?(?:letter|comment)"
        ),
    ),
    ("comment", re.compile(r"^(?:comment|commentary) (?:on|to)\b|\bletter to the editor\b")),
]
#: Every notice pattern needs one of these words: a cheap test before the regexes.
_NOTICE_WORDS = frozenset(
    [
        "retraction",
        "retracted",
        "withdrawn",
        "concern",
        "erratum",
        "errata",
        "corrigendum",
        "corrigenda",
        "correction",
        "corrections",
        "publisher",
        "addendum",
        "reply",
        "response",
        "comment",
        "commentary",
        "letter",
    ]
)
_LEADING_NOTICE = {
    "erratum": "erratum",
    "errata": "erratum",
    "corrigendum": "erratum",
    "correction": "erratum",
    "retraction": "retraction",
    "retracted": "retraction",
    "withdrawn": "retraction",
}
_NOTICE_TYPES = {
    "erratum": "erratum",
    "published erratum": "erratum",
    "correction": "erratum",
    "retraction of publication": "retraction",
    "retraction notice": "retraction",
    "retracted publication": "",
    "comment": "comment",
    "letter": "",
    "editorial": "",
}
_PROTOCOL = re.compile(r"\bprotocol\b|\bstudy design and rationale\b|\brationale and design\b")
_CONFERENCE_VENUE = re.compile(
    r"\b(?:conference|congress|meeting|symposium|workshop|proceedings|abstracts|annual "
    r"scientific sessions|scientific sessions|colloquium|summit|convention)\b"
)
_CONFERENCE_TYPE = re.compile(r"conference|congress|meeting|abstract|proceedings|inproceedings")
_PART = re.compile(r"\b(?:part|phase|paper|study|volume|vol|series|trial)\s+([ivx]{1,5}|\d+)\b")
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
#: A trailing language note ("[Japanese]", "[Article in German]") that only some databases add.
_LANGUAGE_NOTE = re.compile(
    r"\s*[.]?\s*\[(?:article in |in )?[A-Za-z]+(?: with english abstract)?\]\s*[.]?\s*$",
    re.IGNORECASE,
)
_JOURNAL_NOISE = re.compile(
    r"\.\s*(?:conference|congress|meeting|supplement|suppl)\b.*$|\([^)]*\)|\[[^\]]*\]"
    r"|\([^)]*$",
    re.IGNORECASE,
)


def fold(value: Any) -> str:
    """Unicode-fold, unescape HTML, drop tags and punctuation, lower-case.

    >>> fold("TNF-&alpha; and <i>β</i>-Cell Function in Ménière’s Disease")
    'tnf alpha and beta cell function in menieres disease'
    """
    if isinstance(value, str):
        return _fold(value)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return _fold(str(value))


@lru_cache(maxsize=500_000)
def _fold(text: str) -> str:
    # Fast path first: most bibliographic text is plain ASCII without entities or tags.
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if not text.isascii():
        text = _GREEK_RE.sub(lambda m: " " + _GREEK[m.group(0)] + " ", text)
        text = text.replace("\u2019", "")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.replace("'", "")
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def normalise_title(value: Any) -> str:
    """The comparable form of a title; ``""`` when the title is missing or a placeholder.

    Embase writes translated titles in brackets (``[Title].``), some exports end titles
    with a period or repeat them in capitals: all of that goes.

    >>> normalise_title("[Integrated care for older people: a review].")
    'integrated care for older people a review'
    >>> normalise_title("[Protective effects of incretin]. [Japanese]")
    'protective effects of incretin'
    >>> normalise_title("UNKNOWN")
    ''
    """
    if isinstance(value, str) and "[" in value:
        value = _LANGUAGE_NOTE.sub("", value)
    text = fold(value)
    return "" if text in MISSING_TITLES else text


def title_key_words(title: str) -> list[str]:
    """Content words of a normalised title (stop words dropped), for blocking keys.

    >>> title_key_words("the impact of care on the elderly")
    ['impact', 'care', 'elderly']
    """
    return [w for w in title.split() if w not in STOP_WORDS]


def title_numbers(title: str) -> tuple[str, ...]:
    """Numbers in a title, sorted; roman numerals after part/phase/... count as numbers.

    Different numbers mean different papers: "Part 1" / "Part 2", "type 1" / "type 2",
    "Volume 52 Paper 45" / "Paper 41".

    >>> title_numbers("diabetes type 2 part ii")
    ('2', '2')
    >>> title_numbers("ten year follow up")
    ()
    """
    numbers = [str(int(d)) for d in _DIGITS.findall(title)]
    for match in _PART.finditer(title):
        token = match.group(1)
        if token in _ROMAN:
            numbers.append(str(_ROMAN[token]))
    return tuple(sorted(numbers))


def is_generic_title(title: str, journal: str = "") -> bool:
    """True for titles that name a kind of item ("Editorial", "Reply", "Book review") or
    only repeat the journal's name, which different papers share.

    >>> is_generic_title("editorial")
    True
    >>> is_generic_title("communications of the ais volume 52 paper 45", "Communications of the AIS")
    True
    >>> is_generic_title("integrated care for older people")
    False
    """
    if not title:
        return True
    if title in GENERIC_TITLES:
        return True
    words = title_key_words(title)
    if len(words) <= 1:
        return True
    journal_words = set(journal_tokens(journal))
    if journal_words:
        rest = [w for w in words if w not in journal_words and not w.isdigit()]
        rest = [w for w in rest if w not in {"volume", "vol", "paper", "issue", "no", "article"}]
        if len(rest) < 2:
            return True
    return False


def notice_kind(title: str, publication_types: Iterable[str] = ()) -> str:
    """``"erratum"``, ``"retraction"``, ``"reply"``, ``"comment"`` or ``""`` (an article).

    >>> notice_kind("erratum effects of exercise in older adults")
    'erratum'
    >>> notice_kind("correction to integrated care a review")
    'erratum'
    >>> notice_kind("erratu effects of exercise in older adults")
    'erratum'
    >>> notice_kind("effects of exercise in older adults")
    ''
    """
    words = title.split()
    if not _NOTICE_WORDS.isdisjoint(words):
        for kind, pattern in _NOTICE:
            if pattern.search(title):
                return kind
    elif words and len(words[0]) >= 5:
        # A misspelt notice word leading the title ("Erratu - ...", "Corection: ...").
        for word, kind in _LEADING_NOTICE.items():
            if Levenshtein.distance(words[0], word, score_cutoff=1) <= 1:
                return kind
    for value in publication_types:
        kind = _NOTICE_TYPES.get(fold(value))
        if kind:
            return kind
    return ""


def is_protocol(title: str, publication_types: Iterable[str] = ()) -> bool:
    """A study protocol (never the same paper as the results paper).

    >>> is_protocol("exercise for frail older people protocol for a randomised trial")
    True
    """
    if _PROTOCOL.search(title):
        return True
    return any("protocol" in fold(v) for v in publication_types)


def is_conference(journal: str, publication_types: Iterable[str] = (), pages: str = "") -> bool:
    """A conference abstract or paper, judged from the venue and publication type.

    >>> is_conference("Circulation. Conference: American Heart Association's")
    True
    >>> is_conference("Circulation")
    False
    """
    if _CONFERENCE_VENUE.search(fold(journal)):
        return True
    return any(_CONFERENCE_TYPE.search(fold(v)) for v in publication_types)


# ---------------------------------------------------------------- authors

_SUPPLEMENT = frozenset({"supplement", "supplements", "suppl", "supp"})
_INITIALS_TOKEN = re.compile(r"^(?:[A-Z]\.?-?){1,4}\.?$")


def _surname_key(text: str) -> str:
    # "Kroeller-Schoen" and "Kröller-Schön" (folded to "kroller schon") are one name.
    key = _fold(text).replace(" ", "")
    return re.sub(r"([aou])e", r"\1", key)


@lru_cache(maxsize=500_000)
def author_surnames(name: str) -> tuple[str, ...]:
    """Possible surname keys of one author name (two when the order is ambiguous).

    >>> author_surnames("Smith, John")
    ('smith',)
    >>> author_surnames("Smith J")
    ('smith',)
    >>> author_surnames("J. Smith")
    ('smith',)
    >>> author_surnames("Van Slyke, Craig")
    ('vanslyke',)
    >>> author_surnames("Omulo Sylvia")
    ('omulo', 'sylvia')
    """
    text = html.unescape(name).strip()
    if not text or fold(text) in {"unknown", "anonymous", "et al", "na"}:
        return ()
    if "," in text:
        key = _surname_key(text.split(",", 1)[0])
        return (key,) if key else ()
    tokens = text.replace(".", ". ").split()
    tokens = [t for t in tokens if t.strip(".")]
    if not tokens:
        return ()
    if len(tokens) == 1:
        return (_surname_key(tokens[0]),)
    # Initials after the surname (MEDLINE "Smith JA", Embase "Smith J. A.").
    tail = len(tokens)
    while tail > 1 and _INITIALS_TOKEN.match(tokens[tail - 1]):
        tail -= 1
    if tail < len(tokens):
        return (_surname_key(" ".join(tokens[:tail])),)
    head = 0
    while head < len(tokens) - 1 and _INITIALS_TOKEN.match(tokens[head]):
        head += 1
    if head:
        return (_surname_key(" ".join(tokens[head:])),)
    first, last = _surname_key(tokens[0]), _surname_key(tokens[-1])
    return (first, last) if first != last else (first,)


@lru_cache(maxsize=200_000)
def first_initial(name: str) -> str:
    """The first letter of an author's given names, ``""`` when the form does not say
    which part is the given name.

    >>> [first_initial(n) for n in ("Smith, John", "Smith JA", "J. A. Smith", "John Smith")]
    ['j', 'j', 'j', '']
    """
    text = html.unescape(name).strip()
    if "," in text:
        given = _fold(text.split(",", 1)[1])
        return given[:1]
    tokens = [t for t in text.replace(".", ". ").split() if t.strip(".")]
    if len(tokens) < 2:
        return ""
    if _INITIALS_TOKEN.match(tokens[-1]):
        tail = len(tokens)
        while tail > 1 and _INITIALS_TOKEN.match(tokens[tail - 1]):
            tail -= 1
        return _fold(tokens[tail])[:1]
    if _INITIALS_TOKEN.match(tokens[0]):
        return _fold(tokens[0])[:1]
    return ""


#: Authors kept per record for comparison.
MAX_AUTHORS = 12


def author_keys(value: Any) -> tuple[tuple[str, ...], ...]:
    """Surname keys of every author, in order.

    >>> author_keys("B. Abrahao; P. Parigi; A. Gupta")
    (('abrahao',), ('parigi',), ('gupta',))
    """
    return _author_features(value)[0]


def _author_features(value: Any) -> tuple[tuple[tuple[str, ...], ...], bool, str]:
    """``(surname keys, sure, first initial)``: ``sure`` is False when the field's
    convention could not be told (:data:`pipeline.authors.SURE`), so no veto rests on it."""
    parsed = parse_authors(value)
    # Only the first names are compared (similarity.py): long consortia lists cost nothing.
    keys = (author_surnames(n) for n in parsed.names[:MAX_AUTHORS])
    keys = tuple(k for k in keys if k and k[0])
    initial = first_initial(parsed.names[0]) if parsed.names else ""
    return keys, parsed.sure, initial


# ---------------------------------------------------------------- journals, pages, volume


def journal_tokens(value: Any) -> tuple[str, ...]:
    """Word tokens of a journal name, without stop words or conference/supplement notes.

    >>> journal_tokens("Circulation. Conference: American Heart Association's")
    ('circulation',)
    >>> journal_tokens("The Journal of the American College of Cardiology")
    ('journal', 'american', 'college', 'cardiology')
    """
    if value is None or value is pd.NA:
        return ()
    return _journal_tokens(str(value))


#: Between a journal's main title and its subtitle or parallel title (NLM writes
#: "Journal of veterinary cardiology : the official journal of ...", "Canadian veterinary
#: journal = La revue veterinaire canadienne"); kept as a token so that a name without
#: the subtitle can be compared with the main title alone.
SUBTITLE = ":"
_SUBTITLE_SPLIT = re.compile(r"\s*[:=]\s+")


@lru_cache(maxsize=100_000)
def _journal_tokens(value: str) -> tuple[str, ...]:
    text = _JOURNAL_NOISE.sub(" ", html.unescape(value))
    main, rest = (_SUBTITLE_SPLIT.split(text, maxsplit=1) + [""])[:2]
    # "Atherosclerosis Supplements" publishes the abstracts of "Atherosclerosis".
    words = [w for w in fold(main).split() if w not in STOP_WORDS and w not in _SUPPLEMENT]
    more = [w for w in fold(rest).split() if w not in STOP_WORDS and w not in _SUPPLEMENT]
    return tuple(words + [SUBTITLE] + more) if words and more else tuple(words or more)


def _abbreviates(short: str, full: str) -> bool:
    """``short`` is ``full`` or an abbreviation of it (prefix, or letters in order)."""
    if short == full or full.startswith(short):
        return True
    if short[0] != full[0] or len(short) > len(full):
        return False
    it = iter(full)
    return all(c in it for c in short)


@lru_cache(maxsize=200_000)
def journal_match(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How well two journal names agree: 1.0 when one abbreviates the other word by word.

    Tokens are aligned in order; a token of the shorter name matches a token of the longer
    when it is a prefix of it or its letters appear in it in order (``"natl"`` /
    ``"national"``). The score is the share of tokens aligned, so ``Diabetes`` /
    ``Diabetes Care`` (different journals) score 0.67, not 1.

    >>> journal_match(journal_tokens("Int J Integr Care"),
    ...               journal_tokens("International Journal of Integrated Care"))
    1.0
    >>> journal_match(journal_tokens("BMJ Open"), journal_tokens("BMJ open"))
    1.0
    >>> journal_match(journal_tokens("Journal of Digital Studies"),
    ...               journal_tokens("Workshop of Digital Studies"))
    0.667
    """
    if not a or not b:
        return float("nan")
    if a == b:
        return 1.0
    if (SUBTITLE in a) != (SUBTITLE in b):
        # One name has a subtitle, the other not: the better of the whole and the main title.
        main = a[: a.index(SUBTITLE)] if SUBTITLE in a else b[: b.index(SUBTITLE)]
        other = b if SUBTITLE in a else a
        whole = _align(tuple(t for t in (a if SUBTITLE in a else b) if t != SUBTITLE), other)
        return max(whole, _align(main, other))
    return _align(tuple(t for t in a if t != SUBTITLE), tuple(t for t in b if t != SUBTITLE))


def _align(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if a == b:
        return 1.0
    # Joined forms equal: "Diabetes/Metabolism" vs "DiabetesMetabolism"; "PLoS ONE".
    if "".join(a) == "".join(b):
        return 1.0
    n, m = len(a), len(b)
    # Longest in-order alignment (LCS where "equal" is "abbreviates, either way").
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if _abbreviates(a[i], b[j]) or _abbreviates(b[j], a[i]):
                best[i][j] = 1 + best[i + 1][j + 1]
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    aligned = best[0][0]
    return round(2 * aligned / (n + m), 3)


_PLAIN_PAGES = re.compile(r"(\d{1,9})(?:\s*-+\s*(\d{1,9}))?")


def page_bounds(value: Any) -> tuple[str, str]:
    """``(first, last)`` page with the last page written out in full.

    >>> page_bounds("123-9")
    ('123', '129')
    >>> page_bounds("1360--70")
    ('1360', '1370')
    >>> page_bounds("S334")
    ('s334', '')
    >>> page_bounds("21-Aug")
    ('21', '28')
    >>> page_bounds("Nov-19")
    ('11', '19')
    >>> page_bounds("e0123456")
    ('e123456', '')
    """
    if value is None or value is pd.NA:
        return ("", "")
    text = str(value).strip().lower()
    plain = _PLAIN_PAGES.fullmatch(text)
    if plain:
        first, last = str(int(plain.group(1))), plain.group(2) or ""
        if last:
            last = str(int(last))
            if len(last) < len(first):
                last = first[: len(first) - len(last)] + last
        return (first, last)
    if not text or text in {"na", "n/a", "-", "no pagination", "no-specified"}:
        return ("", "")
    # Spreadsheets read "21-8" (pages 21-28) as the date 21 August, and "11-19" as
    # 19 November ("Nov-19"): undo it.
    match = re.fullmatch(r"(\d{1,2})-([a-z]{3})", text) or None
    if match and match.group(2) in _MONTHS:
        text = f"{match.group(1)}-{_MONTHS[match.group(2)]}"
    match = re.fullmatch(r"([a-z]{3})-(\d{1,2})", text)
    if match and match.group(1) in _MONTHS:
        text = f"{_MONTHS[match.group(1)]}-{match.group(2)}"
    parts = [p for p in re.split(r"\s*(?:-+|–|—|to)\s*", text) if p]
    if not parts:
        return ("", "")

    def clean(p: str) -> str:
        p = re.sub(r"[^0-9a-z]", "", p)
        m = re.fullmatch(r"([a-z]*)0*(\d+)", p)
        return f"{m.group(1)}{m.group(2)}" if m else p

    first = clean(parts[0])
    last = clean(parts[1]) if len(parts) > 1 else ""
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return (first, last)


def first_number(value: Any) -> str:
    """The first integer in a volume or issue field (``"59 (1 Supplement 1)"`` -> ``"59"``).

    >>> first_number("147 Suppl 1")
    '147'
    >>> first_number("")
    ''
    """
    if value is None or value is pd.NA:
        return ""
    match = _DIGITS.search(str(value))
    return str(int(match.group(0))) if match else ""


def doi_key(value: Any) -> str:
    """A DOI for comparison: canonical, percent-decoded.

    >>> doi_key("10.1016/s0025-7753%2817%2930624-3")
    '10.1016/s0025-7753(17)30624-3'
    """
    doi = normalise_doi(value)
    if "%" in doi:
        doi = normalise_doi(unquote(doi))
    return doi


_JOURNAL_CODE_DOI = re.compile(r"^10\.\d{4,9}/j\.([a-z]{2,})\.")


def doi_contradicts_journal(doi: str, journal: tuple[str, ...]) -> bool:
    """The DOI names another journal than the record does, so it is not this record's DOI.

    Elsevier DOIs carry the journal's code (``10.1016/j.appet.2012.05.003``: Appetite); a
    record of *Appetite* with ``10.1016/j.regpep...`` (Regulatory Peptides) has had another
    paper's DOI pasted in. The code must be a subsequence of the journal's letters.

    >>> doi_contradicts_journal("10.1016/j.regpep.2012.05.039", journal_tokens("Appetite"))
    True
    >>> doi_contradicts_journal("10.1016/j.cardfail.2014.07.362",
    ...                         journal_tokens("Journal of Cardiac Failure"))
    False
    >>> doi_contradicts_journal("10.1136/bmjopen-2019-029702", journal_tokens("Appetite"))
    False
    """
    match = _JOURNAL_CODE_DOI.match(doi)
    if not match or not journal:
        return False
    letters = iter("".join(journal))
    return not all(c in letters for c in match.group(1))


def pmid_key(value: Any) -> str:
    """Digits of a PMID without leading zeros (``""`` if none)."""
    if value is None or value is pd.NA:
        return ""
    digits = re.sub(r"\D", "", str(value))
    return str(int(digits)) if digits else ""


# ---------------------------------------------------------------- features per record

#: Columns of the frame returned by :func:`prepare`.
FEATURES = (
    "title",
    "title_words",
    "numbers",
    "generic",
    "notice",
    "protocol",
    "conference",
    "authors",
    "first_author",
    "year",
    "journal",
    "volume",
    "page_first",
    "page_last",
    "doi",
    "pmid",
    "abstract_len",
    "doi_suspect",
    "issue",
    "initial",
    "authors_sure",
)


def _prepare_rows(rows: list[tuple], show: bool = True) -> list[tuple]:
    out = []
    items = progress(rows, desc="dedup: normalise") if show else rows
    for title_raw, authors, journal, pages, volume, doi, pmid, pubtypes, abstract, issue in items:
        pubtypes = list(pubtypes) if pubtypes is not None else []
        title = normalise_title(title_raw)
        akeys, asure, initial = _author_features(authors)
        first, last = page_bounds(pages)
        jtokens = journal_tokens(journal)
        doi = doi_key(doi)
        out.append(
            (
                title,
                " ".join(title_key_words(title)),
                title_numbers(title),
                is_generic_title(title, journal),
                notice_kind(title, pubtypes),
                is_protocol(title, pubtypes),
                is_conference(journal, pubtypes, pages),
                akeys,
                akeys[0] if akeys else (),
                jtokens,
                first_number(volume),
                first,
                last,
                doi,
                pmid_key(pmid),
                len(abstract or ""),
                doi_contradicts_journal(doi, jtokens),
                first_number(issue),
                initial,
                asure,
            )
        )
    return out


#: Below this many records, worker processes cost more than they save.
PARALLEL_MIN_RECORDS = 20_000


#: The record columns :func:`prepare` reads, in the order :func:`_prepare_rows` takes them.
PREPARE_READS = (
    "title",
    "authors",
    "journal",
    "pages",
    "volume",
    "doi",
    "pmid",
    "publication_type",
    "abstract",
    "issue",
)


def prepare(records: pd.DataFrame, *, workers: int = 1) -> pd.DataFrame:
    """Comparison features of every record (one row per record, same order).

    Reads ``title``, ``authors``, ``year``, ``journal``, ``pages``, ``volume``, ``doi``,
    ``pmid``, ``publication_type`` and ``abstract``; returns the columns of
    :data:`FEATURES`.
    """
    rows = list(zip(*(records[c].tolist() for c in PREPARE_READS), strict=True))
    if workers > 1 and len(rows) >= PARALLEL_MIN_RECORDS:
        from concurrent.futures import ProcessPoolExecutor

        size = -(-len(rows) // (workers * 4))
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = pool.map(_prepare_rows, chunks, [False] * len(chunks))
            done = [
                r
                for part in progress(
                    parts, desc="dedup: normalise", total=len(chunks), unit="chunk"
                )
                for r in part
            ]
    else:
        done = _prepare_rows(rows)
    names = [c for c in FEATURES if c != "year"]
    frame = pd.DataFrame(done, columns=names)
    years = pd.to_numeric(records["year"], errors="coerce").to_numpy(dtype="float64")
    frame.insert(FEATURES.index("year"), "year", years)
    return frame
