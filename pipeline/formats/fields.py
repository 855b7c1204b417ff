"""Clean-up shared by every reader: text, authors, years, languages, identifiers.

Readers turn a source record into a plain dict of model fields with :func:`make_row`; the
helpers here are pure functions of strings so that each format's module only says *which*
source field feeds *which* model column.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.authors import format_name
from pipeline.records import as_list as as_list  # the one home; parsers call fields.as_list

#: Fields longer than this are not read: a 1 MB abstract is already ~150,000 words, so a
#: longer field is a broken export (a whole file pasted into one tag), not a real record.
MAX_FIELD_CHARS = 1_000_000

# A tag is ``<name ...>`` / ``</name>`` / ``<name/>`` with a letter first, so that ``p < 0.05``
# and ``<0.001`` in abstracts survive. Covers HTML (<i>, <sup>) and JATS (<jats:p>).
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_SPACE = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_DIGITS = re.compile(r"^\d{1,9}$")
_EMAIL = re.compile(r"\s*[(<][^()<>]*@[^()<>]*[)>]")
_PMID_PREFIX = re.compile(r"^(?:PMID|MEDLINE|PUBMED)\s*[:=]?\s*", re.IGNORECASE)
_LANGUAGE_SEPARATOR = re.compile(r"[;,]")
_NO_PAGES = {"no-specified", "n/a", "na", "-"}

#: ISO 639-2/B and -1 codes seen in MEDLINE/Embase/Scopus exports, and the English names
#: themselves (lower case), per English language name.
_LANGUAGE_CODES: dict[str, tuple[str, ...]] = {
    "English": ("en", "eng", "english"),
    "French": ("fr", "fre", "fra", "french"),
    "German": ("de", "ger", "deu", "german"),
    "Spanish": ("es", "spa", "spanish"),
    "Italian": ("it", "ita", "italian"),
    "Portuguese": ("pt", "por", "portuguese"),
    "Dutch": ("nl", "dut", "nld", "dutch"),
    "Swedish": ("sv", "swe", "swedish"),
    "Danish": ("da", "dan", "danish"),
    "Norwegian": ("no", "nor", "norwegian"),
    "Finnish": ("fi", "fin", "finnish"),
    "Polish": ("pl", "pol", "polish"),
    "Russian": ("ru", "rus", "russian"),
    "Chinese": ("zh", "chi", "zho", "chinese"),
    "Japanese": ("ja", "jpn", "japanese"),
    "Korean": ("ko", "kor", "korean"),
    "Turkish": ("tr", "tur", "turkish"),
    "Hebrew": ("he", "heb", "hebrew"),
    "Arabic": ("ar", "ara", "arabic"),
    "Czech": ("cs", "cze", "ces", "czech"),
    "Hungarian": ("hu", "hun", "hungarian"),
    "Greek": ("el", "gre", "ell", "greek"),
}
#: Language code or name (lower case) -> English language name.
LANGUAGES: dict[str, str] = {c: name for name, codes in _LANGUAGE_CODES.items() for c in codes}


def clean_text(value: Any) -> str:
    """Unescape entities, drop HTML/JATS tags, collapse whitespace.

    >>> clean_text("Care &amp; <i>cure</i>:  p<0.05 in\\n older <jats:p>adults</jats:p>")
    'Care & cure: p<0.05 in older adults'
    """
    text = join_value(value)
    if not text:
        return ""
    markup = False
    if "<" in text:
        markup = True
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
        if "<" in text:  # entity-escaped markup, e.g. &lt;i&gt;
            markup = True
            text = _TAG.sub(" ", text)
    # Substring tests are much faster than a regex scan over every abstract.
    if (
        "  " in text
        or "\n" in text
        or "\t" in text
        or "\r" in text
        or "\xa0" in text
        or text[0].isspace()
        or text[-1].isspace()
        or (not text.isascii() and _ODD_SPACE.search(text))
    ):
        text = _SPACE.sub(" ", text).strip()
    if markup:
        # Tags replaced by a space can leave "word ." or "( word"; tidy the common cases.
        text = text.replace(" ,", ",").replace(" .", ".").replace(" :", ":").replace("( ", "(")
    return text


def join_value(value: Any, sep: str = " ") -> str:
    """A field that may be a string or a list of strings, as one string."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if type(value) is list:
        try:  # the usual list of strings, without converting each value twice
            return sep.join([v for v in value if v.strip()])
        except (AttributeError, TypeError):
            pass
    if isinstance(value, (list, tuple)):
        return sep.join(str(v) for v in value if v is not None and str(v).strip())
    return str(value)


def first(record: Mapping[str, Any], *keys: str) -> Any:
    """The first of ``keys`` that has a non-empty value in ``record`` (``""`` if none)."""
    for key in keys:
        value = record.get(key)
        if not value:
            continue
        if isinstance(value, str):
            if not value.isspace():
                return value
        elif isinstance(value, (list, tuple)):
            if any(str(v).strip() for v in value):
                return value
        else:
            return value
    return ""


def year_from(*values: Any) -> int | None:
    """The first plausible year (1500-2099) found in any of ``values``.

    >>> year_from("", "2019///", "2020")
    2019
    >>> year_from("Aug 1 2019") , year_from("n.d.")
    (2019, None)
    """
    for value in values:
        match = _YEAR.search(join_value(value))
        if match:
            return int(match.group(1))
    return None


def format_author(name: Any) -> str:
    return _format_author(name) if isinstance(name, str) else _format_author(str(name or ""))


@functools.lru_cache(maxsize=65_536)
def _format_author(name: str) -> str:
    """One author as ``"Last, First M."``.

    >>> format_author("Liu R.")
    'Liu, R.'
    >>> format_author("Adler D.G.")
    'Adler, D. G.'
    >>> format_author("Luke, TJ")
    'Luke, T. J.'
    >>> format_author("Trindade, Ines A")
    'Trindade, Ines A.'
    >>> format_author("Lewis G. F."), format_author("Thompson, Frank R., III")
    ('Lewis, G. F.', 'Thompson, Frank R., III')
    >>> format_author("Stillman, Andrew N. (andrew.stillman@uconn.edu)")
    'Stillman, Andrew N.'
    >>> format_author("Jane Q Public")
    'Public, Jane Q.'
    >>> format_author("World Health Organization Regional Office")
    'World Health Organization Regional Office'
    >>> format_author("SMITH, JANE")
    'Smith, Jane'
    """
    text = _SPACE.sub(" ", _EMAIL.sub("", clean_text(name))).strip().strip(";")
    return format_name(text) if text else ""


def format_authors(names: Iterable[Any]) -> list[str]:
    """Format a list of author names, dropping empty ones."""
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        return [f for f in map(_format_author, names) if f]
    return [f for f in map(format_author, names) if f]


def language_name(value: Any) -> str:
    """Map ISO 639 codes and lower-case names to an English language name.

    >>> language_name("eng"), language_name("French"), language_name("Klingon")
    ('English', 'French', 'Klingon')
    """
    if isinstance(value, str):
        # A file has a handful of distinct language values, repeated on every record.
        return _language_name(value)
    return _language_from_text(clean_text(value))


@functools.lru_cache(maxsize=4_096)
def _language_name(value: str) -> str:
    return _language_from_text(clean_text(value))


def _language_from_text(text: str) -> str:
    if not text:
        return ""
    parts = [p.strip() for p in _LANGUAGE_SEPARATOR.split(text) if p.strip()]
    names = [LANGUAGES.get(p.lower(), p) for p in parts]
    return "; ".join(dict.fromkeys(names))


def clean_pmid(value: Any) -> str:
    """A PubMed id (digits only) or ``""``.

    >>> clean_pmid("PMID: 31434784"), clean_pmid("MEDLINE:31434784"), clean_pmid("L373791783")
    ('31434784', '31434784', '')
    """
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 9:
        return value  # the usual case: a bare PMID, nothing to clean
    text = clean_text(value)
    text = _PMID_PREFIX.sub("", text)
    text = text.split()[0] if text.split() else ""
    return text if _DIGITS.match(text) else ""


def page_range(start: Any, end: Any = "") -> str:
    """``"349"``, ``"69"`` -> ``"349-69"``; a start that already is a range stays."""
    start_text, end_text = clean_text(start), clean_text(end)
    # Ovid writes "No-Specified" (or SP "No", EP "Specified") when a record has no pages.
    start_text = "" if start_text.lower() in _NO_PAGES else start_text
    end_text = "" if end_text.lower() in _NO_PAGES else end_text
    if start_text and end_text and end_text != start_text:
        joined = f"{start_text}-{end_text}"
        return "" if joined.lower() in _NO_PAGES else joined
    return start_text or end_text


def excerpt(parts: list[str], sep: str = "\n", limit: int = 4_000) -> str:
    """The start of a bad record's text for the quarantine table, without copying a huge
    field whole.

    >>> excerpt(["TY  - JOUR", "AB  - " + "x" * 10], limit=15)
    'TY  - JOUR\\nAB  '
    """
    return sep.join(part[:limit] for part in parts)[:limit]


def quarantined(index: int, line: int, reason: str, lines: list[str]) -> dict[str, Any]:
    """A quarantined record as readers yield it: position, first line, reason, excerpt."""
    return {"record_index": index, "line": line, "reason": reason, "raw": excerpt(lines)}


@functools.lru_cache(maxsize=65_536)
def _clean_term(value: str) -> str:
    # Keywords (MeSH, Emtree) and publication types repeat across a file's records.
    return clean_text(value)


_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def to_json(original: Mapping[str, Any]) -> str:
    """The source record's own fields as the ``original`` JSON string (keys in file order)."""
    return _JSON.encode(original)


def make_row(
    *,
    title: Any = "",
    abstract: Any = "",
    authors: Iterable[Any] = (),
    year: Any = None,
    journal: Any = "",
    volume: Any = "",
    issue: Any = "",
    pages: Any = "",
    doi: Any = "",
    pmid: Any = "",
    keywords: Iterable[Any] = (),
    language: Any = "",
    publication_type: Iterable[Any] = (),
    url: Any = "",
    issn: Any = "",
    original: Mapping[str, Any] | None = None,
    input_id: Any = "",
) -> dict[str, Any]:
    """A record-model row from raw field values, cleaned."""
    keyword_list: list[str] = []
    for kw in keywords:
        # A leading "*" marks a major topic (MEDLINE MeSH, Embase Emtree via Ovid).
        text = (_clean_term(kw) if type(kw) is str else clean_text(kw)).lstrip("*")
        if text and text not in keyword_list:
            keyword_list.append(text)
    types: list[str] = []
    for pt in publication_type:
        text = _clean_term(pt) if type(pt) is str else clean_text(pt)
        if text and text not in types:
            types.append(text)
    return {
        "title": clean_text(title).rstrip(),
        "abstract": clean_text(abstract),
        "authors": format_authors(authors),
        "year": year if isinstance(year, int) else year_from(year),
        "journal": clean_text(journal),
        "volume": clean_text(volume),
        "issue": clean_text(issue),
        "pages": clean_text(pages),
        "doi": clean_text(doi),
        "pmid": clean_pmid(pmid),
        "keywords": keyword_list,
        "language": language_name(language),
        "publication_type": types,
        "url": clean_text(join_value(url, " ")).split(" ")[0] if url else "",
        "issn": clean_text(join_value(issn, "; ")),
        "original": to_json(original or {}),
        "input_id": clean_text(input_id),
    }
