"""Search strategies: plain text files in ``queries/``, checked before they are sent.

A strategy file holds one PubMed query; ``#`` starts a comment that runs to the end of the
line (outside quotes) and line breaks are only layout. :func:`load_strategy` strips comments,
joins the lines and validates the result, reporting problems as ``FILE:LINE:COL: problem``.

The checks catch what PubMed would otherwise silently reinterpret: unbalanced brackets or
quotes, unknown field tags (PubMed searches an unknown ``[tag]`` as text in All Fields),
Boolean operators with a missing operand, lower-case ``and``/``or``/``not`` (searched as
words, not as operators: PubMed requires upper case), and truncation with fewer than four
characters before ``*`` (PubMed ignores it; see PubMed Help, "Wildcards and truncation").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipeline.errors import DataError, UsageError


def _field_tags() -> frozenset[str]:
    """PubMed's search field tags, short and long forms, lower case, from
    ``pipeline/data/pubmed_field_tags.txt`` (PubMed Help, "Search Field Descriptions and
    Tags")."""
    text = resources.files("pipeline").joinpath("data/pubmed_field_tags.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


#: PubMed search field tags, short and long forms, lower case.
FIELD_TAGS: frozenset[str] = _field_tags()

#: Tags that take ``:noexp`` (do not explode the MeSH tree).
NOEXP_TAGS: frozenset[str] = frozenset(
    {"mh", "mesh", "majr", "sh", "mesh terms", "mesh major topic", "mesh subheading"}
)
#: Tags that take a proximity suffix ``:~N`` (PubMed proximity searching).
PROXIMITY_TAGS: frozenset[str] = frozenset(
    {"ti", "tiab", "ad", "title", "title/abstract", "affiliation"}
)
OPERATORS: frozenset[str] = frozenset({"AND", "OR", "NOT"})

_WORD_END = set(' \t\n\r()[]"#')


@dataclass(frozen=True)
class Token:
    kind: str  # "(", ")", "op", "term", "phrase", "tag"
    text: str
    line: int
    col: int


@dataclass(frozen=True)
class Strategy:
    """A strategy file: its text as written and the query sent to the database."""

    path: str
    text: str
    query: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.query.encode("utf-8")).hexdigest()


def tokenize(text: str, *, name: str = "strategy") -> list[Token]:
    """Split a strategy into tokens, skipping ``#`` comments; positions are 1-based."""
    tokens: list[Token] = []
    i, line, col = 0, 1, 1
    n = len(text)

    def where(ln: int, cl: int) -> str:
        return f"{name}:{ln}:{cl}"

    while i < n:
        ch = text[i]
        if ch == "\n":
            i, line, col = i + 1, line + 1, 1
            continue
        if ch in " \t\r\f\v\u00a0":
            i, col = i + 1, col + 1
            continue
        if ch == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if ch in "()":
            tokens.append(Token(ch, ch, line, col))
            i, col = i + 1, col + 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            newline = text.find("\n", i + 1)
            if end < 0 or (0 <= newline < end):
                raise DataError(f'{where(line, col)}: unclosed quote (") opened here')
            phrase = text[i + 1 : end]
            if not phrase.strip():
                raise DataError(f"{where(line, col)}: empty quoted phrase")
            tokens.append(Token("phrase", phrase, line, col))
            col += end + 1 - i
            i = end + 1
            continue
        if ch == "[":
            end = text.find("]", i + 1)
            newline = text.find("\n", i + 1)
            reopen = text.find("[", i + 1)
            if end < 0 or (0 <= newline < end) or (0 <= reopen < end):
                raise DataError(f"{where(line, col)}: unclosed field tag ([) opened here")
            tokens.append(Token("tag", text[i + 1 : end], line, col))
            col += end + 1 - i
            i = end + 1
            continue
        if ch == "]":
            raise DataError(f"{where(line, col)}: ']' without a matching '['")
        start, start_col = i, col
        while i < n and text[i] not in _WORD_END:
            i, col = i + 1, col + 1
        word = text[start:i]
        kind = "op" if word in OPERATORS else "term"
        tokens.append(Token(kind, word, line, start_col))
    return tokens


def _check_tag(tag: Token, where: str) -> None:
    raw = tag.text.strip()
    name, _, modifier = raw.partition(":")
    key = " ".join(name.lower().split())
    if key not in FIELD_TAGS:
        raise DataError(
            f"{where}: unknown PubMed field tag [{raw}] (e.g. [tiab], [mh], [pt], [la]; "
            "PubMed would search it as text in All Fields)"
        )
    if not modifier:
        return
    mod = modifier.strip().lower()
    if mod == "noexp":
        if key not in NOEXP_TAGS:
            raise DataError(f"{where}: ':noexp' only applies to MeSH tags, not [{name}]")
        return
    if re.fullmatch(r"~\d+", mod):
        if key not in PROXIMITY_TAGS:
            raise DataError(f"{where}: proximity ':~N' only applies to [ti], [tiab], [ad]")
        return
    raise DataError(f"{where}: unknown modifier ':{modifier}' in field tag [{raw}]")


def validate_tokens(
    tokens: list[Token], *, name: str = "strategy", dialect: str = "pubmed"
) -> None:
    """Raise :class:`DataError` naming ``name:line:col`` at the first problem."""
    if not tokens:
        raise DataError(f"{name}: the strategy is empty (only comments or blank lines)")
    depth: list[Token] = []
    previous: Token | None = None
    for tok in tokens:
        where = f"{name}:{tok.line}:{tok.col}"
        prev_kind = previous.kind if previous else None
        if tok.kind == "(":
            if prev_kind in (")", "phrase", "tag"):
                raise DataError(f"{where}: missing Boolean operator before '('")
            depth.append(tok)
        elif tok.kind == ")":
            if not depth:
                raise DataError(f"{where}: ')' without a matching '('")
            if prev_kind == "(":
                raise DataError(f"{where}: empty parentheses '()'")
            if prev_kind == "op":
                raise DataError(f"{where}: {previous.text} has no right-hand operand")
            depth.pop()
        elif tok.kind == "op":
            if prev_kind in (None, "(", "op"):
                what = "the start of the strategy" if prev_kind is None else repr(previous.text)
                raise DataError(f"{where}: {tok.text} has no left-hand operand (after {what})")
        elif tok.kind == "tag":
            if prev_kind not in ("term", "phrase", ")"):
                raise DataError(f"{where}: field tag [{tok.text}] does not follow a term")
            if dialect == "pubmed":
                _check_tag(tok, where)
        else:  # term or phrase
            if tok.kind == "term":
                _check_term(tok, where, dialect=dialect)
            if prev_kind in (")", "phrase", "tag") and tok.kind == "phrase":
                raise DataError(f'{where}: missing Boolean operator before "{tok.text}"')
            if prev_kind in (")", "tag"):
                raise DataError(f"{where}: missing Boolean operator before {tok.text!r}")
        previous = tok
    if previous is not None and previous.kind == "op":
        where = f"{name}:{previous.line}:{previous.col}"
        raise DataError(f"{where}: {previous.text} has no right-hand operand")
    if depth:
        tok = depth[-1]
        raise DataError(f"{name}:{tok.line}:{tok.col}: '(' is never closed")


def _check_term(tok: Token, where: str, *, dialect: str = "pubmed") -> None:
    if tok.text.lower() in {"and", "or", "not"}:
        raise DataError(
            f"{where}: lower-case {tok.text!r} is searched as a word; write {tok.text.upper()} "
            "for the Boolean operator"
        )
    if "*" in tok.text and dialect == "pubmed":
        stem = tok.text.split("*", 1)[0]
        if len(stem) < 4:
            raise DataError(
                f"{where}: truncation {tok.text!r} needs at least 4 characters before '*' "
                "(PubMed ignores shorter truncation)"
            )


def clean_query(text: str) -> str:
    """The query as sent: comments removed, whitespace joined to single spaces.

    >>> clean_query('("primary care"[tiab] # GP\\n  OR general practi*[tiab])\\n')
    '("primary care"[tiab] OR general practi*[tiab])'
    """
    out: list[str] = []
    for raw_line in text.splitlines():
        line = _strip_comment(raw_line)
        if line.strip():
            out.append(line.strip())
    query = " ".join(out)
    return re.sub(r"\s+", " ", query).strip()


def _strip_comment(line: str) -> str:
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted:
            return line[:i]
    return line


def parse_strategy(text: str, *, name: str = "strategy", dialect: str = "pubmed") -> str:
    """Validate ``text`` and return the query to send.

    ``dialect="europepmc"`` checks brackets, quotes and operators only (Europe PMC fields are
    written ``TITLE:"..."`` and ranges ``[2014 TO 2020]``).
    """
    validate_tokens(tokenize(text, name=name), name=name, dialect=dialect)
    return clean_query(text)


def load_strategy(path: str | Path, *, dialect: str = "pubmed") -> Strategy:
    """Read, validate and clean a strategy file."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: strategy file not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path}: strategy is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    query = parse_strategy(text, name=str(path), dialect=dialect)
    return Strategy(path=str(path), text=text, query=query)
