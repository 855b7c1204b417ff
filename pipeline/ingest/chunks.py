"""Split a large RIS or MEDLINE file into parts that worker processes read on their own.

A part is a byte range of the file that starts and ends where the record splitter is between
records: a RIS part ends just after an ``ER`` line, a MEDLINE part just before a ``PMID-``
line (:func:`cut` reads only a little of the file around each cut). Workers first count the
line ends and record starts in each part (:func:`count`, a few byte scans), so that each
part knows the number of its first line and of its first record (:func:`parts`); a worker
then reads, decodes and parses its part exactly as a serial read would, giving the same line
numbers, record indexes, warnings and errors. The worker checks that it found as many
records as were counted; if not (an unusual file), the caller reads the file serially
instead.

Only encodings in which a ``\\n`` byte is always a line feed can be cut this way (UTF-8,
with or without BOM, and cp1252); UTF-16 and mixed-encoding files are read serially.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.encoding import normalise_newlines

#: Encodings whose bytes can be cut at any ``\\n``.
SPLITTABLE_ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "cp1252")

_READ = 1 << 20
# A RIS part ends after a canonical ER line with a LF line end (after it, no record is open).
_RIS_CUT = re.compile(rb"\nER  -[^\r\n]*\r?\n")
# A line that split_records takes for a TY tag line: "TY  -..." or the tolerant form.
_RIS_TY = re.compile(rb"TY(?:  -|[ \t]{1,4}-(?:[ \t\r\n]|\Z))")
_PREFIX = {"ris": b"TY", "medline": b"PMID-"}


class PlanMismatch(Exception):
    """A worker found another number of records in its part than the scan counted."""


@dataclass(frozen=True)
class Part:
    """Bytes ``start:end`` of the file; ``line`` is the number of its first line and
    ``record`` the index of its first record in the whole file; ``n_records`` is how many
    records start in it."""

    start: int
    end: int
    line: int
    record: int
    n_records: int


def _cut(fmt: str, data: bytes, at: int) -> int:
    """The first place at or after ``at`` where a part may end, or -1."""
    if fmt == "ris":
        match = _RIS_CUT.search(data, max(at - 1, 0))
        return match.end() if match else -1
    found = data.find(b"\nPMID-", max(at - 1, 0))
    return found + 1 if found >= 0 else -1


def _line_ends(data: bytes) -> int:
    """Line ends as text mode counts them (CRLF, lone CR and LF each end one line)."""
    ends = data.count(b"\n")
    if b"\r" in data:
        ends += data.count(b"\r") - data.count(b"\r\n")
    return ends


def _record_starts(fmt: str, data: bytes, first: int) -> int:
    """Lines of ``data`` (a part starting at a line start, or at ``first`` after a BOM) that
    start a record."""
    prefix = _PREFIX[fmt]
    count = 0
    if data.startswith(prefix, first):
        count += fmt != "ris" or _RIS_TY.match(data, first) is not None
    # A CR followed by the prefix is a lone-CR line end (a CRLF is found at its LF).
    for needle in (b"\n" + prefix, b"\r" + prefix):
        found = data.count(needle)
        if fmt == "ris" and found:
            canonical = data.count(needle + b"  -")  # "TY  -": always a record start
            if canonical < found:  # others only if they match the tolerant form
                canonical = 0
                pos = data.find(needle)
                while pos >= 0:
                    canonical += _RIS_TY.match(data, pos + 1) is not None
                    pos = data.find(needle, pos + 1)
            found = canonical
        count += found
    return count


def cut(path: Path, fmt: str, size: int) -> list[tuple[int, int]]:
    """Byte ranges of about ``size`` bytes that cover the file, each ending where a part
    may end; only a little of the file around each cut is read."""
    size = max(size, 1)
    total = path.stat().st_size
    ranges: list[tuple[int, int]] = []
    start = 0
    with path.open("rb") as handle:
        while start < total:
            end = -1
            at = start + size
            if at < total:
                # Search from the byte before the target (a cut is found at its "\n").
                handle.seek(at - 1)
                window = b""
                while end < 0:
                    more = handle.read(_READ)
                    if not more:
                        break
                    window += more
                    found = _cut(fmt, window, 0)
                    end = at - 1 + found if found >= 0 else -1
            if end < 0:
                end = total
            ranges.append((start, end))
            start = end
    return ranges


def count(path: Path, fmt: str, encoding: str, span: tuple[int, int]) -> tuple[int, int]:
    """``(line ends, record starts)`` in the bytes ``span`` of the file (run by a worker)."""
    start, end = span
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    first = 0
    if start == 0 and encoding == "utf-8-sig":  # (the read strips every leading BOM)
        while data.startswith(codecs.BOM_UTF8, first):
            first += len(codecs.BOM_UTF8)
    return _line_ends(data), _record_starts(fmt, data, first)


def parts(spans: list[tuple[int, int]], counts: list[tuple[int, int]]) -> list[Part]:
    """The parts, numbered from the counts of the parts before them."""
    out: list[Part] = []
    line, record = 1, 0
    for (start, end), (line_ends, records) in zip(spans, counts, strict=True):
        out.append(Part(start, end, line, record, records))
        line += line_ends
        record += records
    return out


def read_text(path: Path, part: Part, encoding: str) -> str:
    """A part's text, decoded and with line ends normalised as a serial read does."""
    with path.open("rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    if encoding == "cp1252":
        text = data.decode("cp1252", errors="latin1fallback")
    else:
        text = data.decode("utf-8-sig" if part.start == 0 else "utf-8")
    if part.start == 0:
        text = text.lstrip("\ufeff")
    return normalise_newlines(text)
