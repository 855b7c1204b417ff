"""Decode an export file's bytes to text, saying which encoding was used.

Bibliographic databases export in UTF-8 (with or without a byte-order mark), UTF-16 (Ovid and
EndNote on Windows write it with a BOM) or a Windows code page (cp1252, e.g. older Web of
Science and R-written CSV files). The rule is: a BOM decides; otherwise strict UTF-8; if that
fails, cp1252 (a superset of the printable Latin-1 range), and the report says so. Line ends
(CRLF, lone CR, LF, even mixed in one file) all become ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import DataError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Control characters that never occur in a text export (tab, LF, CR and FF excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?")


def _looks_like_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as every other byte being NUL in ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes, *, name: str = "") -> tuple[str, str]:
    """Return ``(text, encoding)`` with line ends normalised to ``\\n``.

    Raises :class:`DataError` for a file that is binary data (:func:`check_text`).

    >>> decode("caf\\u00e9\\r\\nok".encode("utf-8"))
    ('café\\nok', 'utf-8')
    >>> decode(b"\\xef\\xbb\\xbfTY  - JOUR")
    ('TY  - JOUR', 'utf-8-sig')
    >>> decode("caf\\u00e9".encode("cp1252"))
    ('café', 'cp1252')
    >>> decode("caf\\u00e9\\n".encode("utf-8") + "na\\u00efve".encode("cp1252"))
    ('café\\nnaïve', 'utf-8+cp1252')
    """
    label = name or "input"
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            break
    if not encoding:
        encoding = _looks_like_utf16_without_bom(data) or ""
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{label}: not valid {encoding} at byte {exc.start} although the file starts "
                "like it; re-export the file as UTF-8"
            ) from exc
        text = text.lstrip("\ufeff")
    else:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_lines(data)
    check_text(text, name=label)
    return _NEWLINES.sub("\n", text), encoding


def _decode_lines(data: bytes) -> tuple[str, str]:
    """Not UTF-8 as a whole: cp1252, or line by line when UTF-8 and cp1252 lines are mixed
    (exports concatenated from two sources). cp1252 leaves five bytes undefined; those map
    through Latin-1 so that decoding never fails and no byte is lost."""
    lines = data.split(b"\n")
    out: list[str] = []
    utf8_multibyte = 0
    for line in lines:
        try:
            decoded = line.decode("utf-8")
            if not decoded.isascii():
                utf8_multibyte += 1
        except UnicodeDecodeError:
            decoded = line.decode("cp1252", errors="latin1fallback")
        out.append(decoded)
    if utf8_multibyte:
        return "\n".join(out), "utf-8+cp1252"
    return data.decode("cp1252", errors="latin1fallback"), "cp1252"


_BLOCK = 1 << 20


def sniff_encoding(path: Path) -> str:
    """The encoding of a file, read in 1 MB blocks (the file is never held whole).

    Same rule as :func:`decode`: a BOM decides, then UTF-16 without BOM, then strict UTF-8;
    a file that is not UTF-8 is ``cp1252``, or ``utf-8+cp1252`` if some lines are UTF-8
    with non-ASCII characters and others are not UTF-8.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
        for bom, codec in _BOMS:
            if head.startswith(bom):
                return codec
        guess = _looks_like_utf16_without_bom(head)
        if guess:
            return guess
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            while block := handle.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        for line in handle:
            try:
                if not line.decode("utf-8").isascii():
                    return "utf-8+cp1252"
            except UnicodeDecodeError:
                continue
    return "cp1252"


def normalise_newlines(text: str) -> str:
    r"""CRLF and lone CR line ends as LF.

    >>> normalise_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    return _NEWLINES.sub("\n", text)


def read_head(path: Path, encoding: str, size: int = 2_000_000) -> str:
    """The first ``size`` bytes decoded (for format detection), line ends normalised."""
    with path.open("rb") as handle:
        data = handle.read(size)
    codec = "utf-8" if encoding == "utf-8+cp1252" else encoding
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    text = decoder.decode(data, final=False).lstrip("\ufeff")
    return _NEWLINES.sub("\n", text)


#: A text export holds few control characters (a stray one in a record is removed at ingest,
#: :mod:`pipeline.safetext`); a sample in which more than this share of the characters are
#: controls is binary data (a random byte is a control about one time in eight).
BINARY_SHARE = 0.05
#: Bytes that are control characters in every single-byte encoding and in UTF-8.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _binary_error(name: str, char: str, at: int) -> DataError:
    return DataError(
        f"{name or 'input'}: binary data, not a text export (control character "
        f"{char!r} at character {at}); export the records as RIS, MEDLINE, BibTeX, CSV or XML"
    )


def check_bytes(data: bytes, *, name: str) -> None:
    """Raise :class:`DataError` if the first bytes of a file are binary data (checked before
    the file is read further, so that ``/dev/zero``-like input stops at once). UTF-16/32
    text is checked once decoded (:func:`check_text`)."""
    sample = data[:65536]
    if not sample or any(sample.startswith(b) for b, _ in _BOMS):
        return
    if _looks_like_utf16_without_bom(sample):
        return
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > BINARY_SHARE * len(sample):
        at = next(i for i, b in enumerate(sample) if b in _CONTROL_BYTES)
        raise _binary_error(name, chr(sample[at]), at)


def check_text(head: str, *, name: str) -> None:
    """Raise :class:`DataError` if decoded text is binary data: more than
    :data:`BINARY_SHARE` of its first 64 KB are control characters. A few control
    characters in a record do not make a file binary, wherever they are."""
    sample = head[:65536]
    found = _CONTROL.findall(sample)
    if sample and len(found) > BINARY_SHARE * len(sample):
        bad = _CONTROL.search(sample)
        assert bad is not None
        raise _binary_error(name, bad.group(), bad.start())


def iter_lines(path: Path, encoding: str) -> Iterator[str]:
    """The file's lines without line ends (CRLF, CR and LF all end a line), streamed."""
    if encoding == "utf-8+cp1252":
        with path.open("rb") as handle:
            first = True
            for raw in handle:
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line = raw.decode("cp1252", errors="latin1fallback")
                if first:
                    line, first = line.lstrip("\ufeff"), False
                # Binary mode splits only at LF: a CR-only or CRLF line end is cut here.
                yield from _NEWLINES.sub("\n", line).rstrip("\n").split("\n")
        return
    yield from block_lines(iter_blocks(path, encoding))


def block_lines(blocks: Iterable[str]) -> Iterator[str]:
    """The lines of blocks of whole lines (:func:`iter_blocks`), without their line ends."""
    for block in blocks:
        # Splitting blocks at "\n" is cheaper than iterating the file line by line.
        lines = block.split("\n")
        if not lines[-1]:
            lines.pop()  # (after the block's last line end)
        yield from lines


def iter_blocks(path: Path, encoding: str) -> Iterator[str]:
    """The file's text (line ends normalised to ``\\n``) in blocks of whole lines, each
    ending with ``\\n`` except perhaps the last: the text that :func:`iter_lines` splits
    into lines, for readers that scan text rather than each line."""
    if encoding == "utf-8+cp1252":
        lines: list[str] = []
        size = 0
        for line in iter_lines(path, encoding):
            lines.append(line)
            size += len(line)
            if size >= _BLOCK:
                lines.append("")
                yield "\n".join(lines)
                lines, size = [], 0
        if lines:
            lines.append("")
            yield "\n".join(lines)
        return
    errors = "latin1fallback" if encoding == "cp1252" else "strict"
    with path.open("r", encoding=encoding, errors=errors, newline=None) as handle:
        carry = ""
        first = True
        while block := handle.read(_BLOCK):
            if first:
                block, first = block.lstrip("\ufeff"), False
            text = carry + block if carry else block
            cut = text.rfind("\n") + 1
            if cut:
                yield text[:cut]
            carry = text[cut:]
        if carry:
            yield carry


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    return bytes(chunk).decode("latin-1"), exc.end


codecs.register_error("latin1fallback", _latin1_fallback)
