"""One text-cleaning policy for record text from outside, and escaping for each renderer.

Record text comes from third-party exports and tables people made; some of it holds bytes
that act on whoever looks at it: terminal escape sequences (``ESC ] 52`` writes the
clipboard, ``ESC ] 0`` the window title, ``ESC [ 8 m`` hides text), NUL, BEL, backspace,
and Unicode bidirectional overrides that make text display in another order than it is
stored (CVE-2021-42574, "Trojan Source").

The policy (:func:`clean`), applied to every field of every record at ingest
(:func:`clean_frame`, from :func:`pipeline.ingest.read_file_result`) and to every table
read from outside (``slr dedup``, ``slr screen simulate``, the browser app):

- control characters (Unicode category Cc: C0, DEL and C1) other than tab and newline are
  removed; a CR or CRLF becomes a newline;
- bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are
  removed (their text stays, in stored order); the marks LRM/RLM/ALM, which open nothing,
  are kept.

The number of characters removed is returned so that the ingest report can say so. Every
renderer escapes on its own as well: :func:`for_terminal`, :func:`markdown` (Markdown and
HTML), :func:`mathtext` (matplotlib labels).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd

#: What the policy removes: C0 controls but tab and LF, DEL, C1, and the bidi controls that
#: open or close an embedding, override or isolate (Unicode UAX #9, section 2).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CR = re.compile(r"\r\n?")
# JSON text (the ``original`` column) writes C0 controls as \u00XX escapes; these come back
# as control characters when it is read (an odd run of backslashes before "u" escapes it).
_JSON_ESCAPE = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|20(?:2[a-eA-E]|6[6-9]))"
)
_KEEP_JSON = {"0009", "000a", "000A"}


def clean(text: str) -> tuple[str, int]:
    r"""``(cleaned text, characters removed)`` under the policy (see the module docstring).

    >>> clean("a\x1b]52;c;ZXZpbA==\x07b\tc\r\nd")
    ('a]52;c;ZXZpbA==b\tc\nd', 2)
    >>> clean("safe \u202eevil\u202c text")
    ('safe evil text', 2)
    """
    if text.isprintable() or not UNSAFE.search(text):
        return text, 0
    if "\r" in text:
        text = _CR.sub("\n", text)
    out, n = UNSAFE.subn("", text)
    return out, n


def clean_text(text: str) -> str:
    """:func:`clean` without the count."""
    return clean(text)[0]


def for_terminal(value: Any) -> str:
    r"""Text safe to print to a terminal: the policy applied, nothing left that a terminal
    acts on (no ESC, no C1 CSI, no bidi override). Rich markup is not interpreted as long
    as the result is printed as a ``rich.text.Text`` or with ``markup=False``.

    >>> for_terminal("x\x1b[8mhidden\x9b31m")
    'x[8mhidden31m'
    """
    return clean("" if value is None else str(value))[0]


def _clean_json(text: str) -> tuple[str, int]:
    """The ``original`` JSON text with the policy applied to its string values."""
    n = 0
    if UNSAFE.search(text) or any(
        m.group(2) not in _KEEP_JSON for m in _JSON_ESCAPE.finditer(text)
    ):
        try:
            data = json.loads(text)
        except ValueError:
            return clean(text)
        data, n = _clean_value(data)
        text = json.dumps(data, ensure_ascii=False)
    return text, n


def _clean_value(value: Any) -> tuple[Any, int]:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        pairs = [_clean_value(v) for v in value]
        return [p[0] for p in pairs], sum(p[1] for p in pairs)
    if isinstance(value, dict):
        out, n = {}, 0
        for key, item in value.items():
            new_key, a = _clean_value(key) if isinstance(key, str) else (key, 0)
            out[new_key], b = _clean_value(item)
            n += a + b
        return out, n
    return value, 0


def _clean_cell(value: Any, *, is_json: bool) -> tuple[Any, int]:
    if isinstance(value, str):
        return _clean_json(value) if is_json else clean(value)
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "tolist") and not hasattr(value, "item")
    ):
        items = list(value)
        if not all(isinstance(v, str) for v in items):
            return value, 0
        pairs = [clean(v) for v in items]
        n = sum(p[1] for p in pairs)
        return ([p[0] for p in pairs] if n else value), n
    return value, 0


#: Bytes scanned at a time (bounds the scratch arrays of :func:`_arrow_suspects`).
_SLICE = 1 << 23


def _is_arrow_text(chunk: Any) -> bool:
    import pyarrow as pa

    return pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)


def _arrow_suspects(chunk: Any, *, is_json: bool) -> list[int]:
    """Rows of an Arrow text array whose UTF-8 bytes hold a character :data:`UNSAFE`
    matches (or, in JSON, a ``\\u`` escape), found by vectorised byte tests on the array's
    data buffer: a regex or ``str.isprintable`` over every value costs seconds per 100,000
    abstracts, this costs a fraction of one."""
    import numpy as np

    if len(chunk) == 0:
        return []
    _, offsets_buf, data_buf = chunk.buffers()
    if data_buf is None:
        return []
    kind = np.int64 if chunk.type.id == 34 or "large" in str(chunk.type) else np.int32
    offsets = np.frombuffer(offsets_buf, dtype=kind)[chunk.offset : chunk.offset + len(chunk) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8)
    start, stop = int(offsets[0]), int(offsets[-1])
    hits: list[np.ndarray] = []
    for lo in range(start, stop, _SLICE):
        # Two bytes of overlap: a C1 or bidi character is 2-3 bytes long.
        seg = data[lo : min(stop, lo + _SLICE + 2)]
        bad = ((seg < 0x20) & (seg != 0x09) & (seg != 0x0A)) | (seg == 0x7F)
        found = [np.flatnonzero(bad)]
        lead = np.flatnonzero(seg[:-1] == 0xC2)  # U+0080-U+009F: C2 80..9F
        found.append(lead[(seg[lead + 1] >= 0x80) & (seg[lead + 1] <= 0x9F)])
        lead = np.flatnonzero(seg[:-2] == 0xE2)  # U+202A-202E: E2 80 AA..AE; U+2066-2069
        mid, last = seg[lead + 1], seg[lead + 2]
        found.append(
            lead[
                ((mid == 0x80) & (last >= 0xAA) & (last <= 0xAE))
                | ((mid == 0x81) & (last >= 0xA6) & (last <= 0xA9))
            ]
        )
        if is_json:
            lead = np.flatnonzero(seg[:-1] == 0x5C)  # backslash, then "u"
            found.append(lead[seg[lead + 1] == 0x75])
        hits.extend(f + lo for f in found if len(f))
    if not hits:
        return []
    rows = np.searchsorted(offsets, np.concatenate(hits), side="right") - 1
    return np.unique(rows[(rows >= 0) & (rows < len(chunk))]).tolist()


def _suspect(series: pd.Series, *, is_json: bool) -> list[int]:
    """Positions of cells that may hold something to clean: a fast first pass that finds
    the cells with a character that is not printable (a tab, a newline or worse), and, in
    JSON text, a ``\\u`` escape; :func:`clean` then decides."""
    array = getattr(series.array, "_pa_array", None)
    if array is not None and all(_is_arrow_text(c) for c in array.chunks):
        out: list[int] = []
        base = 0
        for chunk in array.chunks:
            out.extend(base + i for i in _arrow_suspects(chunk, is_json=is_json))
            base += len(chunk)
        return out
    values = series.tolist()
    strings = [v for v in values if isinstance(v, str)]
    lists = [v for v in values if isinstance(v, list)]
    if (
        len(strings) + len(lists) == len(values)
        and "".join(strings).isprintable()
        and all(type(x) is str for v in lists for x in v)
        and "".join(x for v in lists for x in v).isprintable()
        and not (is_json and any("\\u" in v for v in strings))
    ):
        return []  # the usual case, checked in a few passes over the whole column
    out = []
    for i, value in enumerate(values):
        if isinstance(value, str):
            if not value.isprintable() or "\\u" in value:
                out.append(i)
        elif isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
            items = value.tolist() if hasattr(value, "tolist") else value
            if not isinstance(items, list) or not all(
                isinstance(v, str) and v.isprintable() for v in items
            ):
                out.append(i)
    return out


def clean_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """``(frame, characters removed)``: :func:`clean` applied to every text cell, every
    string in a list cell, every string value inside the ``original`` JSON (not counted:
    it repeats the fields), and the column names. The frame is returned as it is (not copied) when nothing needed cleaning."""
    total = 0
    changes: dict[Any, dict[int, Any]] = {}
    for col in frame.columns:
        series = frame[col]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        is_json = col == "original"
        fixed: dict[int, Any] = {}
        for i in _suspect(series, is_json=is_json):
            new, n = _clean_cell(series.iloc[i], is_json=is_json)
            if n:
                fixed[i] = new
                # (the source record's JSON repeats the fields: counted once, in the fields)
                total += 0 if is_json else n
        if fixed:
            changes[col] = fixed
    names = [clean(str(c)) if isinstance(c, str) else (c, 0) for c in frame.columns]
    renamed = sum(n for _, n in names)
    if not changes and not renamed:
        return frame, 0
    out = frame.copy()
    for col, fixed in changes.items():
        out[col] = _replaced(out[col], fixed)
    if renamed:
        out.columns = [c for c, _ in names]
    return out, total + renamed


def _replaced(series: pd.Series, fixed: dict[int, Any]) -> pd.Series:
    """``series`` with the values at positions ``fixed`` replaced, same dtype; an Arrow text
    column is patched in Arrow (rebuilding it from Python strings costs seconds)."""
    array = getattr(series.array, "_pa_array", None)
    if array is not None and all(_is_arrow_text(c) for c in array.chunks):
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        chunks, base = [], 0
        for chunk in array.chunks:  # only the chunks holding a fixed value are rebuilt
            here = [i for i in range(base, base + len(chunk)) if i in fixed]
            if here:
                mask = np.zeros(len(chunk), dtype=bool)
                mask[[i - base for i in here]] = True
                chunk = pc.replace_with_mask(
                    chunk, pa.array(mask), pa.array([fixed[i] for i in here], type=chunk.type)
                )
            chunks.append(chunk)
            base += len(chunk)
        patched = pa.chunked_array(chunks, type=array.type)
        values = type(series.array)(patched) if hasattr(series.array, "_pa_array") else patched
        try:
            return pd.Series(values, index=series.index, dtype=series.dtype, name=series.name)
        except (TypeError, ValueError):
            pass
    values = series.tolist()
    for i, new in fixed.items():
        values[i] = new
    return pd.Series(values, index=series.index, dtype=series.dtype, name=series.name)


def markdown(value: Any) -> str:
    r"""Text for one line of a Markdown (or HTML) document, never read as markup: the
    policy applied, whitespace runs as one space, ``<`` and entity-like ``&`` HTML-escaped
    (no tag, no entity, no autolink), backslashes and ``|`` (table cells) escaped, and a
    ``](`` that would close a link or an image broken. Characters that only change how text
    looks (``*``, ``_``, ``[`` alone) are left as written, so ordinary text (a query
    translation's ``"care"[Title/Abstract]``) keeps its bytes.

    >>> markdown("<img src=x onerror=alert(1)> | &amp; ![z](javascript:u) a\\b")
    '&lt;img src=x onerror=alert(1)> \\| &amp;amp; ![z]\\(javascript:u) a\\\\b'
    """
    text = " ".join(clean("" if value is None else str(value))[0].split())
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("](", "]\\(")
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;")


#: An ``&`` that starts an HTML entity or character reference.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def code_span(value: Any) -> str:
    """``value`` as a Markdown code span whose fence no backtick run inside can close.

    >>> code_span("a`b"), code_span("plain")
    ('``a`b``', '`plain`')
    """
    text = " ".join(clean("" if value is None else str(value))[0].split())
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_fence(text: str) -> str:
    """A fence for a Markdown code block that no backtick run in ``text`` can close.

    >>> code_fence("x"), code_fence("a ```` b")
    ('```', '`````')
    """
    return "`" * max(3, max((len(r) for r in re.findall("`+", text)), default=0) + 1)


def mathtext(value: Any) -> str:
    r"""A label for matplotlib that is never read as mathtext (``$`` escaped).

    >>> mathtext("$x^$, Math")
    '\\$x^\\$, Math'
    """
    return clean("" if value is None else str(value))[0].replace("$", r"\$")
