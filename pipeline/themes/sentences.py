"""Split a study's text into sentences without a model.

Rules: a sentence ends at ``.``, ``!`` or ``?`` followed by space and an upper-case letter,
digit or quote, unless the full stop belongs to a known abbreviation ("et al.", "e.g.",
"Dr.") or an initial ("J. Smith"); a line break or a structured-abstract heading
("Background:", "RESULTS:") also starts a new sentence, and the heading itself is dropped.
"""

from __future__ import annotations

import re

#: Abbreviations whose full stop does not end a sentence (compared lower-case, without dot).
ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "al",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "fig",
        "figs",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "no",
        "nos",
        "approx",
        "ca",
        "incl",
        "resp",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "univ",
        "dept",
        "eds",
        "ed",
        "vol",
        "pp",
    ]
)

#: Structured-abstract headings dropped from the start of a line.
_HEADING = re.compile(
    r"^\s*(?:background|aims?|objectives?|purpose|introduction|context|design|setting|"
    r"design and setting|participants|methods?|results?|findings|conclusions?|discussion|"
    r"interventions?|measures|main outcome measures|implications|description|evaluation)"
    r"\s*[:.\-]\s*",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _ends_with_abbreviation(chunk: str) -> bool:
    match = _WORD_BEFORE.search(chunk.rstrip("\"')]"))
    if not match:
        return False
    word = match.group(1).rstrip(".").lstrip("(\"'[").lower()
    if word in ABBREVIATIONS:
        return True
    # A single capital letter before the stop is an initial ("J. Smith").
    return len(word) == 1 and word.isalpha() and match.group(1)[0].isupper()


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` in order, stripped, empty ones dropped.

    >>> split_sentences("Background: GPs were busy. Social workers (e.g. Dr. Lee) agreed.")
    ['GPs were busy.', 'Social workers (e.g. Dr. Lee) agreed.']
    >>> split_sentences("Smith et al. found 2.5 times more delays! Why? Funding.")
    ['Smith et al. found 2.5 times more delays!', 'Why?', 'Funding.']
    >>> split_sentences("RESULTS\\nThree themes emerged\\n\\nCONCLUSION: More work needed")
    ['Three themes emerged', 'More work needed']
    """
    out: list[str] = []
    for raw_line in str(text or "").splitlines():
        line = " ".join(raw_line.split())
        line = _HEADING.sub("", line)
        if not line or re.fullmatch(r"[A-Z][A-Za-z ]{0,40}", line) and line.isupper():
            continue
        start = 0
        pending = ""
        for match in _BOUNDARY.finditer(line):
            chunk = line[start : match.start()]
            if _ends_with_abbreviation(chunk):
                pending += line[start : match.end()]
                start = match.end()
                continue
            sentence = (pending + chunk).strip()
            pending = ""
            start = match.end()
            if sentence:
                out.append(_HEADING.sub("", sentence))
        last = (pending + line[start:]).strip()
        if last:
            out.append(_HEADING.sub("", last))
    return [s for s in out if any(ch.isalnum() for ch in s)]
