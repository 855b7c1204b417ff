"""Author lists held in one text field: split them, and say how sure the split is.

Databases and reference managers write a paper's authors into one CSV cell (or one RIS/
BibTeX field) in many conventions, and a list can only be read right as a whole:

========================================================  ===============================
``Knowler, SP; Gillstedt, L``                              ``;`` between names (WoS, Zotero)
``Liu R., Adler D.G.`` / ``Mike Conner L., Warren R.J.``   ``,`` between "Surname I." (Scopus, Embase)
``Cherry, M. J., Warren, R.J., Mike Conner, L.``           ``,`` inside *and* between names
``M. J. Cherry, R. J. Warren, L. Mike Conner``             given names first (reference managers)
``G. A. Polton, ..., K. A. McKee and T. J. Scase``         ``and``/``&`` before the last name
``Abrahao, Bruno and Parigi, Paolo``                       BibTeX ``and``
``Adeli K.Lewis G. F.``                                    run together (EndNote via R)
``Smith J, Jones K, et al.``                               truncated
========================================================  ===============================

:func:`parse_authors` tries the readings of a cell's separators (names between the commas,
or surname/given pairs between them) and keeps the one under which *every* piece is a
plausible name; the name order (surname first or given names first) is decided by the
names that show it (initials after or before the surname) and applied to those that do not.
It returns the names as ``"Surname, Given"`` with a ``confidence``: when two readings fit
equally well, or none does, the confidence is low and callers must not rely on the split
(ingest then keeps the cell as it was; dedup does not veto a pair on its authors).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

__all__ = ["AuthorList", "parse_authors", "split_authors", "format_name", "SURE"]

#: Confidence at or above which a split is relied on (ingest stores it; dedup vetoes on it).
SURE = 0.6

#: Lower-case words that belong to the surname that follows them (van Gogh, de la Cruz).
PARTICLES = frozenset(
    [
        "van",
        "von",
        "vander",
        "vanden",
        "der",
        "den",
        "de",
        "del",
        "della",
        "dela",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "la",
        "le",
        "lo",
        "ter",
        "ten",
        "zu",
        "zur",
        "bin",
        "ibn",
        "al",
        "el",
        "st",
        "saint",
        "mac",
    ]
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"})


def _is_suffix(token: str) -> bool:
    """``Jr``, ``III``; ``JR`` in capitals is MEDLINE initials (``Arevalo JR``)."""
    low = token.lower().rstrip(".,")
    if low in {"jr", "sr"}:
        return not token.rstrip(".,").isupper()
    return low in _SUFFIXES


_ET_AL = re.compile(
    r"(?:[,;]\s*|\s+)(?:et\.?\s*al\.?|and others|\.\.\.|…)\s*$|^(?:et\.?\s*al\.?)$",
    re.IGNORECASE,
)
_AND = re.compile(r"\s+(?:and|&|und|et|y)\s+|\s*&\s*")
# "Adeli K.Lewis G. F.": a capitalised name straight after an initial's full stop.
_RUN_TOGETHER = re.compile(r"(?<=[A-Z]\.)(?=[A-Z\u00C0-\u024F][a-z\u00DF-\u024F'’-])")
_INITIAL_TOKEN = re.compile(r"^(?:[A-Z\u00C0-\u00DE]\.?-?){1,5}$")
_DOTTED = re.compile(r"^(?:[A-Z\u00C0-\u00DE]\.-?){1,6}$")  # "J.J.C.W.M."
_DOT_WORD = re.compile(r"(?<=\.)(?=[^\W\d_]{2,})")
_WORD = re.compile(r"^[^\W\d_][\w'’.\u0300-\u036f-]*$")
#: What exports write for a record without authors.
_NO_AUTHORS = re.compile(
    r"^\[?(?:no author(?: name)? available|anonymous|anon|n/?a)\]?\.?$", re.IGNORECASE
)


@dataclass(frozen=True)
class AuthorList:
    """A parsed author field.

    ``names``: each author as ``"Surname, Given"`` (``"Surname"`` when no given names,
    the text as written for a group author); ``convention``: how the field was read;
    ``confidence``: 0-1, below :data:`SURE` the split is a guess; ``truncated``: the list
    ended in ``et al.``.
    """

    names: tuple[str, ...]
    convention: str
    confidence: float
    truncated: bool = False

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE


@lru_cache(maxsize=65_536)
def _is_initial(token: str, caps: bool) -> bool:
    """``M.``, ``MJ``, ``R.J.``, ``J.-P.``; in an all-capitals field only up to three
    letters (``SMITH, JANE``: ``JANE`` is a name, ``SMITH, JA`` has initials); never a
    suffix (``III``)."""
    if _DOTTED.match(token):
        return True
    if not _INITIAL_TOKEN.match(token) or _is_suffix(token):
        return False
    letters = sum(c.isalpha() for c in token)
    if letters == 1:
        return True
    return letters <= (3 if caps else 5)  # MEDLINE writes up to five: "Buijtels JJCWM"


@lru_cache(maxsize=65_536)
def _tokens(text: str) -> tuple[str, ...]:
    # "M.J.Cherry" -> "M.J. Cherry"; keep "R.J." together.
    if "." in text:
        text = _DOT_WORD.sub(" ", text)
    return tuple(text.split())


def _particle(token: str) -> bool:
    return token.lower().rstrip(".") in PARTICLES


@lru_cache(maxsize=65_536)
def _shape(text: str, caps: bool) -> str:
    """Order evidence of one comma-free name: ``"sf"`` (initials after: surname first),
    ``"gf"`` (initials before: given names first), ``"?"`` (no initials), ``"1"`` (one
    word), ``"x"`` (not a name: empty, digits, initials only)."""
    tokens = _tokens(text)
    if not tokens or any(not _WORD.match(t) for t in tokens):
        return "x"
    if len(tokens) > 2 and _is_suffix(tokens[-1]):
        tokens = tokens[:-1]
    flags = [_is_initial(t, caps) for t in tokens]
    if all(flags):
        return "x"
    if len(tokens) == 1:
        return "1"
    if flags[-1]:
        return "sf"
    if flags[0]:
        return "gf"
    return "?"


def _cap(word: str) -> str:
    """``MCKEE`` -> ``Mckee``, ``O'BRIEN`` -> ``O'Brien``, ``SMITH-JONES`` -> ``Smith-Jones``."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)


@lru_cache(maxsize=65_536)
def _given(text: str, caps: bool) -> str:
    """``"TJ"`` -> ``"T. J."``, ``"D.G."`` -> ``"D. G."``, ``"JANE"`` -> ``"Jane"``."""
    out = []
    for token in _tokens(text.strip().strip(",;")):
        if _is_initial(token, caps):
            parts = re.findall(r"[^\W\d_]-?", token)
            out.extend(p[0] + "." if not p.endswith("-") else p[0] + ".-" for p in parts)
        elif caps or token.isupper() and len(token) > 4:
            out.append(_cap(token))
        else:
            out.append(token)
    # "J.-" joins the next initial: "J.-P."
    return " ".join(out).replace(".- ", ".-")


@lru_cache(maxsize=65_536)
def _surname(text: str, caps: bool) -> str:
    text = text.strip().strip(",;")
    return " ".join(_cap(t) if caps and len(t) > 1 else t for t in text.split())


def _join(surname: str, given: str) -> str:
    return f"{surname}, {given}" if given else surname


@lru_cache(maxsize=65_536)
def _order(text: str, order: str, caps: bool, initials_only: bool) -> str:
    """One comma-free name as ``"Surname, Given"`` given the list's name order."""
    tokens = _tokens(text)
    if len(tokens) == 1:
        return _surname(text, caps)
    if len(tokens) > 2 and _is_suffix(tokens[-1]):
        # "King ML Jr", "J. M. Varner III": the suffix goes after the given names.
        return f"{_order(' '.join(tokens[:-1]), order, caps, initials_only)}, {tokens[-1]}"
    flags = [_is_initial(t, caps) for t in tokens]
    if order == "sf":
        if flags[-1] and initials_only:
            # "Mike Conner L.": Scopus writes every given name as initials, so all the
            # words before them are the surname.
            tail = len(tokens)
            while tail > 1 and flags[tail - 1]:
                tail -= 1
            return _join(
                _surname(" ".join(tokens[:tail]), caps), _given(" ".join(tokens[tail:]), caps)
            )
        # "Thumbi Samuel M.", "Van Zyl M": surname (with its particles), then given names.
        head = 1
        while head < len(tokens) - 1 and _particle(tokens[head - 1]) and not flags[head]:
            head += 1
        if head < len(tokens) - 1 and tokens[0][:1].isupper() and _particle(tokens[0]):
            head = max(head, 2)  # "Van Zyl M"
        return _join(_surname(" ".join(tokens[:head]), caps), _given(" ".join(tokens[head:]), caps))
    # Given names first: the surname is the last word with the particles before it (and
    # a suffix after it: "J. M. Varner III").
    start = len(tokens) - 1
    if start > 1 and _is_suffix(tokens[start]):
        start -= 1
    while start > 1 and _particle(tokens[start - 1]) and not flags[start - 1]:
        start -= 1
    return _join(_surname(" ".join(tokens[start:]), caps), _given(" ".join(tokens[:start]), caps))


@lru_cache(maxsize=65_536)
def _pair(surname: str, given: str, caps: bool) -> str:
    suffix = ""
    if "," in given:  # "Thompson, Frank R., III"
        given, suffix = (p.strip() for p in given.split(",", 1))
    words = given.split()
    if len(words) > 1 and _is_suffix(words[-1]):
        given, suffix = " ".join(words[:-1]), words[-1]
    name = _join(_surname(surname, caps), _given(given, caps))
    return f"{name}, {suffix}" if suffix else name


@lru_cache(maxsize=65_536)
def _surname_like(text: str, caps: bool) -> bool:
    tokens = _tokens(text)
    if not tokens or len(tokens) > 4 or any(not _WORD.match(t) for t in tokens):
        return False
    return not any(_is_initial(t, caps) for t in tokens)


@lru_cache(maxsize=65_536)
def _given_like(text: str, caps: bool) -> bool:
    tokens = _tokens(text)
    if len(tokens) > 1 and _is_suffix(tokens[-1]):
        tokens = tokens[:-1]  # "F. S. 3rd", "John Jr."
    if not tokens or len(tokens) > 4 or any(not _WORD.match(t) for t in tokens):
        return False
    # Given names end in an initial or a capitalised word, never a particle.
    return not _particle(tokens[-1]) and all(t[:1].isupper() for t in tokens)


def _pieces(text: str) -> list[str]:
    """Comma-separated pieces, a suffix ("Jr", "III") kept with the piece before it."""
    out: list[str] = []
    for raw in text.split(","):
        piece = raw.strip()
        if not piece:
            continue
        if out and _is_suffix(piece):
            out[-1] = f"{out[-1]} {piece}"
            continue
        out.append(piece)
    return out


def _names_reading(pieces: list[str], caps: bool) -> tuple[tuple[str, ...], float] | None:
    """Every piece one comma-free name; ``None`` when a piece is not a name."""
    shapes = [_shape(p, caps) for p in pieces]
    if "x" in shapes or (len(pieces) > 1 and "1" in shapes):
        return None
    sf, gf = shapes.count("sf"), shapes.count("gf")
    order = "sf" if sf > gf else "gf"
    # Names that show no order take the list's; a list where none does is a guess.
    sure = 0.9 if (sf or gf) and min(sf, gf) == 0 else 0.7 if sf or gf else 0.5
    initials_only = order == "sf" and shapes.count("?") == 0
    names = tuple(_order(p, order, caps, initials_only) for p in pieces)
    return names, sure


def _pairs_reading(pieces: list[str], caps: bool) -> tuple[tuple[str, ...], float] | None:
    """Pieces alternate surname, given names; ``None`` when they do not."""
    if len(pieces) % 2:
        return None
    names = []
    multi = 0
    for k in range(0, len(pieces), 2):
        surname, given = pieces[k], pieces[k + 1]
        if not (_surname_like(surname, caps) and _given_like(given, caps)):
            return None
        tokens = _tokens(surname)
        plain = [t for t in tokens if not _is_suffix(t)]
        multi += len(plain) > 1 and not any(_particle(t) for t in plain[:-1])
        names.append(_pair(surname, given, caps))
    # Surname/given pairs where most "surnames" have two plain words are more likely
    # given-first names ("Jane Smith, John Doe").
    sure = 0.9 if multi * 2 < len(names) else 0.4
    return tuple(names), sure


def _read_commas(text: str, caps: bool) -> tuple[tuple[str, ...], str, float]:
    pieces = _pieces(text)
    if not pieces:
        return (), "empty", 1.0
    names = _names_reading(pieces, caps)
    pairs = _pairs_reading(pieces, caps)
    if names and pairs:
        # Both fit ("Smith, Jane" is one author or two?): the more likely reading, unsure.
        if pairs[1] > names[1]:
            return pairs[0], "comma-pairs", 0.5
        return names[0], "comma-names", min(names[1], 0.5)
    if pairs:
        return pairs[0], "comma-pairs", pairs[1]
    if names:
        return names[0], "comma-names" if len(pieces) > 1 else "single", names[1]
    return (text.strip(),), "unknown", 0.2


def _read_string(text: str) -> AuthorList:
    text = " ".join(text.replace("\u00a0", " ").split())
    truncated = False
    match = _ET_AL.search(text)
    if match:
        truncated = True
        text = text[: match.start()].strip()
    if not text or _NO_AUTHORS.match(text):
        return AuthorList((), "empty", 1.0, truncated)
    letters = [c for c in text if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters)
    if ";" in text or "\n" in text:
        # One name per piece; an "and" may still precede the last ("A; B; and C").
        parts = [p for p in re.split(r"[;\n]", text) if p.strip()]
        parts = [q for p in parts for q in _AND.split(p.strip()) if q.strip()]
        names = []
        for part in parts:
            part = re.sub(r"^(?:and|&)\s+", "", part.strip(), flags=re.IGNORECASE)
            pieces = _pieces(part)
            if len(pieces) >= 2 and _surname_like(pieces[0], caps):
                names.append(_pair(pieces[0], ", ".join(pieces[1:]), caps))
            elif pieces:
                names.append(pieces[0])
        shapes = [_shape(n, caps) for n in names if "," not in n]
        sf, gf = shapes.count("sf"), shapes.count("gf")
        order = "sf" if sf >= gf else "gf"
        out = tuple(n if "," in n else _order(n, order, caps, "?" not in shapes) for n in names)
        return AuthorList(out, "semicolon", 0.95, truncated)
    pieces_and = [p.strip() for p in _AND.split(text) if p.strip()]
    if len(pieces_and) > 1 and all(p.count(",") == 1 for p in pieces_and):
        split = [_pieces(p) for p in pieces_and]
        if all(
            len(s) == 2 and _surname_like(s[0], caps) and _given_like(s[1], caps) for s in split
        ):
            # BibTeX: "Abrahao, Bruno and Parigi, Paolo".
            names = tuple(_pair(s[0], s[1], caps) for s in split)
            return AuthorList(names, "and-pairs", 0.9, truncated)
    if len(pieces_and) > 1:
        # "A, B, C and D": the "and" is one more separator of the comma list.
        text = ", ".join(pieces_and)
    if "," not in text and "." in text and _RUN_TOGETHER.search(text):
        parts = [p.strip() for p in _RUN_TOGETHER.split(text) if p.strip()]
        names = _names_reading(parts, caps)
        if names:
            return AuthorList(names[0], "run-together", 0.8, truncated)
    names, convention, confidence = _read_commas(text, caps)
    if (
        convention == "single"
        and len(_tokens(text)) > 4
        and not any(_is_initial(t, caps) for t in _tokens(text))
    ):
        # A group author ("World Health Organization Regional Office") or an unsplit list.
        return AuthorList((text,), "group", 0.5, truncated)
    return AuthorList(names, convention, confidence, truncated)


@lru_cache(maxsize=200_000)
def _parse_cached(text: str) -> AuthorList:
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            parsed = None
        if isinstance(parsed, list):
            return parse_authors([str(v) for v in parsed])
    return _read_string(text)


def parse_authors(value: Any) -> AuthorList:
    """Read an author field: one string in any convention above, or a list of names.

    A list with several items holds one name per item (RIS ``AU`` lines, MEDLINE ``FAU``);
    an item that is itself a ``;``-separated list is split. A list of one item is read as
    a string.

    >>> parse_authors("M. J. Cherry, R. J. Warren, L. Mike Conner").names
    ('Cherry, M. J.', 'Warren, R. J.', 'Conner, L. Mike')
    >>> parse_authors("Cherry, M. J., Warren, R.J., Mike Conner, L.").names
    ('Cherry, M. J.', 'Warren, R. J.', 'Mike Conner, L.')
    >>> parse_authors("SMITH, JANE").names
    ('Smith, Jane',)
    >>> parse_authors("Smith, Jane, Doe").confidence < SURE
    True
    """
    if value is None or value is pd.NA:
        return AuthorList((), "empty", 1.0)
    if isinstance(value, str):
        return _parse_cached(value)
    items = [str(v).strip() for v in value if v is not None and str(v).strip()]
    if len(items) == 1:
        return _parse_cached(items[0])
    names: list[str] = []
    truncated = False
    for item in items:
        if ";" in item:
            names.extend(_parse_cached(item).names)
        elif _ET_AL.fullmatch(item.strip()) or _ET_AL.match(item.strip()):
            truncated = True
        else:
            names.append(item)
    return AuthorList(tuple(names), "list", 1.0, truncated)


def split_authors(value: Any) -> list[str]:
    """The authors of a field as a list, or the field as it was when the split is unsure.

    >>> split_authors("G. A. Polton, V. Mowat and T. J. Scase")
    ['Polton, G. A.', 'Mowat, V.', 'Scase, T. J.']
    >>> split_authors("Knowler, SP; Gillstedt, L")
    ['Knowler, S. P.', 'Gillstedt, L.']
    """
    parsed = parse_authors(value)
    if parsed.sure or parsed.convention == "list":
        return list(parsed.names)
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    return [str(v).strip() for v in value if v is not None and str(v).strip()]


@lru_cache(maxsize=65_536)
def format_name(text: str) -> str:
    """One author's name as ``"Surname, Given"`` (given names as written, initials dotted).

    >>> format_name("Liu R."), format_name("Luke, TJ"), format_name("Jane Q Public")
    ('Liu, R.', 'Luke, T. J.', 'Public, Jane Q.')
    >>> format_name("SMITH, JANE"), format_name("Thompson, Frank R., III")
    ('Smith, Jane', 'Thompson, Frank R., III')
    >>> format_name("World Health Organization Regional Office")
    'World Health Organization Regional Office'
    """
    text = " ".join(text.split()).strip().strip(";")
    if not text:
        return ""
    letters = [c for c in text if c.isalpha()]
    caps = len(letters) > 3 and all(c.isupper() for c in letters)
    if "," in text:
        surname, given = (p.strip() for p in text.split(",", 1))
        return _pair(surname, given, caps) if given else _surname(surname, caps)
    tokens = _tokens(text)
    if len(tokens) == 1:
        return text
    shape = _shape(text, caps)
    if shape == "sf":
        return _order(text, "sf", caps, True)
    if shape == "x" or (shape != "gf" and len(tokens) > 3):
        return text  # a group author ("... Collaborative Group"), left as written
    # "First Middle Last" (BibTeX without comma, Zotero CSV creators).
    return _order(text, "gf", caps, False)
