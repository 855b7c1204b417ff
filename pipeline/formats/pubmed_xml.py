"""PubMed efetch XML (``<PubmedArticleSet>``) to record-model dictionaries.

The document is cut into its ``<PubmedArticle>`` / ``<PubmedBookArticle>`` elements on the raw
bytes and each article is parsed on its own with the C-accelerated ``xml.etree`` parser. This
lets one broken article (a stray byte in the wrong encoding, a missing end tag, a document cut
off mid-record) be quarantined with its line number while every other article is still read,
and it is also the fastest way measured (CPU seconds for the 10,000 articles of
``benchmarks/search.py``): parsing every article on its own takes 0.75 s against 1.6 s for
one parse of each whole 500-article batch (a large tree costs more in memory and garbage
collection than a parser costs to set up); lxml builds the trees in 0.45 s, but reading its
elements from Python is slower, and parse plus extraction came to 2.4 s against 2.1 s here.

The documents of a recorded search (efetch batches of 500 articles) are parsed in worker
processes by :func:`read_pubmed_batches` / :func:`iter_pubmed_batches`. Each document is still
parsed on its own by :func:`read_pubmed_xml`'s code, and results, warnings and errors come
back in document order, so nothing depends on the number of workers. Workers are forked: they
start in milliseconds with this module imported, and they inherit the documents instead of
receiving pickled copies (9% less CPU time than sending the bytes); a 500-article result is
pickled back in about 8 ms against about 190 ms to parse it. Measured on 2 CPUs shared with
other jobs (load 4, which left this benchmark about one CPU: two independent serial parses
each took twice as long as one alone), 10,000 articles of 17 kB: serial 2.6 s wall, 2.6 CPU
seconds; 2 workers 5.0 s wall, 3.4 CPU seconds (workers and parent; the extra CPU time is
pickling and two processes contending for one CPU). On free CPUs two workers take the wall
time down to about half; on a busy machine they do not help.

``json`` stays the encoder of ``original``: orjson is faster but writes no spaces after ``,``
and ``:``, so its output would differ from the records written so far.

Safety: an article is parsed without any DTD, so no entity can be declared, expanded or
fetched; a document whose prolog declares entities (the "billion laughs" and external-entity
attacks) is refused as a whole. Nothing is ever fetched from the network (expat does not load
the external DTD that PubMed names in its ``DOCTYPE``).
"""

from __future__ import annotations

import codecs
import functools
import itertools
import json
import logging
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from typing import Any

from pipeline.errors import DataError
from pipeline.parallel import can_fork, ordered_map
from pipeline.records import normalise_doi

log = logging.getLogger(__name__)

__all__ = ["read_pubmed_xml", "read_pubmed_batches", "iter_pubmed_batches", "count_articles"]

#: Start of an article element (``<PubmedArticleSet`` does not match: ``S`` is not ``[\s>]``).
_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
_END = {
    b"PubmedArticle": re.compile(rb"</PubmedArticle\s*>"),
    b"PubmedBookArticle": re.compile(rb"</PubmedBookArticle\s*>"),
}
_SET_START = re.compile(rb"<PubmedArticleSet[\s>/]")
_SET_END = re.compile(rb"</PubmedArticleSet\s*>")
_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"'][^>]*\?>")
_DECL_ANY = re.compile(rb"^\s*<\?xml[^>]*\?>")
_ENTITY_DECL = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_MATHML = "{http://www.w3.org/1998/Math/MathML}math"
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")
#: One encoder for every record (``json.dumps`` with options builds a new one per call).
_json = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode

#: Elements the reader does not use (cut from the bytes before parsing; each occurs once, or
#: as a run of siblings such as several <ReferenceList>).
_UNUSED: tuple[tuple[bytes, bytes], ...] = (
    (b"<ReferenceList", b"</ReferenceList>"),
    (b"<CommentsCorrectionsList", b"</CommentsCorrectionsList>"),
    (b"<GrantList", b"</GrantList>"),
    (b"<History>", b"</History>"),
)
#: Indentation between elements (a line break then spaces). NLM writes mixed content such as
#: "<i>TERT</i> gene" on one line, so no word-separating space is lost.
_INDENT = re.compile(rb">\n\s*<")

#: Quarantined records keep at most this many characters of their raw text.
RAW_LIMIT = 2000


def count_articles(data: bytes) -> int:
    """Number of article start tags in ``data`` (complete or not)."""
    return sum(1 for _ in _START.finditer(data))


def _prepare(data: bytes, source_file: str) -> tuple[bytes, bytes]:
    """Return ``(utf8_or_declared_bytes, chunk_prefix)``.

    UTF-16/32 documents are transcoded to UTF-8; an ASCII-compatible declared encoding
    (ISO-8859-1, windows-1252) is kept and re-declared on every article chunk.
    """
    name = source_file or "PubMed XML"
    if not data or not data.strip():
        raise DataError(f"{name}: empty file, expected PubMed XML (<PubmedArticleSet>)")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DataError(f"{name}: not valid {codec.upper()} ({exc.reason})") from exc
            return _DECL_ANY.sub(b"", text.encode("utf-8"), count=1), b""
    if data.startswith(codecs.BOM_UTF8):
        # Keep the byte count of lines intact: the BOM sits on line 1.
        data = data[len(codecs.BOM_UTF8) :]
    match = _DECL.match(data[:200])
    if not match:
        return data, b""
    declared = match.group(1).decode("ascii")
    try:
        codec = codecs.lookup(declared).name
    except LookupError as exc:
        raise DataError(f"{name}: unknown encoding {declared!r} in the XML declaration") from exc
    if codec == "utf-8":
        return data, b""
    if codec.startswith(("utf-16", "utf-32")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise DataError(f"{name}: not valid {declared} ({exc.reason})") from exc
        return _DECL_ANY.sub(b"", text.encode("utf-8"), count=1), b""
    return data, f'<?xml version="1.0" encoding="{declared}"?>'.encode("ascii")


def read_pubmed_xml(data: bytes, *, source_file: str = "") -> tuple[list[dict], list[dict]]:
    """PubMed efetch XML (PubmedArticleSet, also PubmedBookArticle) -> (records, quarantined).

    records: dicts with record-model keys (``source="pubmed"``, ``pmid``, ``doi``, ``title``,
    ``abstract`` (structured abstracts joined as "LABEL: text" paragraphs), ``authors``
    ["Last, First", ...], ``journal``, ``volume``, ``issue``, ``pages``, ``year``, ``keywords``
    (MeSH descriptors + author keywords), ``publication_type``, ``language``, ``issn``, ``url``,
    ``source_file``, ``source_index`` (0-based position of the article in the document) and
    ``original`` (JSON of the parsed fields)).

    quarantined: dicts ``{"record_index", "line", "reason", "raw"}`` for articles that cannot
    be read; a broken or truncated document keeps every complete article.

    Raises :class:`DataError` for an empty file, a file that is not PubMed XML, or a
    document that declares entities (refused as a possible entity-expansion attack).
    """
    records, quarantined, warnings = _read_document(data, source_file)
    for message, args in warnings:
        log.warning(message, *args)
    return records, quarantined


def _read_document(
    data: bytes, source_file: str
) -> tuple[list[dict], list[dict], list[tuple[str, tuple]]]:
    """:func:`read_pubmed_xml` with its log warnings returned as ``(format, args)`` pairs,
    so that a worker process hands them back to be logged, in order, by the parent."""
    warnings: list[tuple[str, tuple]] = []
    name = source_file or "PubMed XML"
    body, prefix = _prepare(data, source_file)
    starts = list(_START.finditer(body))
    set_start = _SET_START.search(body)
    first = starts[0].start() if starts else (set_start.start() if set_start else len(body))
    if set_start is not None:
        first = min(first, set_start.start())
    prolog = body[:first]
    if _ENTITY_DECL.search(prolog):
        raise DataError(
            f"{name}: the document type declares entities; refusing to expand them "
            "(possible entity-expansion or external-entity attack)"
        )
    if not starts and set_start is None:
        head = " ".join(body[:80].decode("utf-8", "replace").split())
        if b"PubmedArticleSet" in body[:1000]:
            raise DataError(f"{name}: the document ends before its first article (truncated)")
        raise DataError(
            f"{name}: not PubMed XML (no <PubmedArticleSet> or <PubmedArticle>); "
            f"starts with {head!r}"
        )
    after = starts[-1].end() if starts else set_start.end()
    set_end = _SET_END.search(body, after)
    if set_start is not None and set_end is None:
        warnings.append(
            ("%s: no closing </PubmedArticleSet>; the document may be truncated", (name,))
        )
    limit = set_end.start() if set_end else len(body)

    records: list[dict] = []
    quarantined: list[dict] = []
    counter = _Lines(body)
    index = 0
    # content between articles is checked too, so that an article whose start tag is
    # broken is quarantined instead of silently skipped
    previous_end = body.find(b">", set_start.start()) + 1 if set_start is not None else 0
    if starts and (set_start is None or starts[0].start() < set_start.start()):
        previous_end = starts[0].start()
    for number, start in enumerate(starts):
        begin = start.start()
        if _junk(body, previous_end, begin):
            quarantined.append(_stray(body, previous_end, begin, index, counter))
            index += 1
        stop = starts[number + 1].start() if number + 1 < len(starts) else limit
        tag = start.group(1)
        end = _find_end(body, tag, start.end(), stop)
        if end < 0:
            quarantined.append(
                _bad(
                    index,
                    counter.line_at(begin),
                    f"no closing </{tag.decode()}> tag (truncated or broken record)",
                    body[begin:stop],
                )
            )
            previous_end = stop
            index += 1
            continue
        previous_end = end
        item = _read_one(body, begin, end, prefix, index, counter)
        if "reason" in item:
            quarantined.append(item)
        else:
            item["source_file"] = source_file
            item["source_index"] = index
            records.append(item)
        index += 1
    if _junk(body, previous_end, limit):
        quarantined.append(_stray(body, previous_end, limit, index, counter))
    return records, quarantined, warnings


#: Most worker processes :func:`iter_pubmed_batches` starts on its own.
MAX_WORKERS = 8
#: Below this many bytes in all, the automatic choice parses in this process: starting
#: workers (a fork each) costs more than parsing a few small batches.
MIN_PARALLEL_BYTES = 4_000_000


def default_workers(documents: Sequence[bytes]) -> int:
    """Worker processes for ``documents``: one per usable CPU, at most one per batch and
    :data:`MAX_WORKERS`; 1 (parse here) for a single batch or a few megabytes in all."""
    if len(documents) < 2 or sum(len(d) for d in documents) < MIN_PARALLEL_BYTES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, len(documents), MAX_WORKERS))


def read_pubmed_batches(
    documents: Sequence[bytes],
    *,
    source_files: Sequence[str] | None = None,
    workers: int | None = None,
) -> list[tuple[list[dict], list[dict]]]:
    """:func:`read_pubmed_xml` of every document (efetch batch), in worker processes.

    Returns one ``(records, quarantined)`` per document, in document order, exactly what
    :func:`read_pubmed_xml` returns for each; warnings are logged in the same order, and the
    :class:`DataError` of the first document that has one is raised. See
    :func:`iter_pubmed_batches` for ``workers``.
    """
    return list(iter_pubmed_batches(documents, source_files=source_files, workers=workers))


def iter_pubmed_batches(
    documents: Sequence[bytes],
    *,
    source_files: Sequence[str] | None = None,
    workers: int | None = None,
) -> Iterator[tuple[list[dict], list[dict]]]:
    """Yield :func:`read_pubmed_xml` of every document, in document order.

    ``workers``: ``None`` chooses (:func:`default_workers`), 1 parses in this process, more
    parse that many documents at a time in a process pool (if there are two or more). The
    results, warnings and errors do not depend on the worker count: each document is parsed
    on its own by the same code, and results are yielded (warnings logged, errors raised)
    in document order. Close the iterator (``contextlib.closing``) if it may be left before
    its end: that stops the workers without parsing the rest.
    """
    names = list(source_files) if source_files is not None else [""] * len(documents)
    if len(names) != len(documents):
        raise ValueError(f"{len(documents)} documents but {len(names)} source file names")
    count = default_workers(documents) if workers is None else min(workers, len(documents))
    if count <= 1:
        for data, name in zip(documents, names, strict=True):
            yield read_pubmed_xml(data, source_file=name)
        return
    # Forked workers inherit the documents instead of receiving a pickled copy of each;
    # lists of dicts come back (pickling a 500-article result costs ~8 ms against ~190 ms
    # to parse it).
    key = next(_KEYS)
    work: Callable[[tuple[Any, str]], tuple[list[dict], list[dict], list[tuple[str, tuple]]]]
    if can_fork():
        _INHERITED[key] = documents
        work, items = functools.partial(_read_inherited, key), list(enumerate(names))
    else:
        work, items = _read_sent, list(zip(documents, names, strict=True))
    try:
        with closing(ordered_map(work, items, count)) as results:
            for records, quarantined, warnings in results:
                for message, args in warnings:
                    log.warning(message, *args)
                yield records, quarantined
    finally:
        _INHERITED.pop(key, None)


#: Documents of the pools started by :func:`iter_pubmed_batches`, by call, for forked workers.
_INHERITED: dict[int, Sequence[bytes]] = {}
_KEYS = itertools.count()


def _read_inherited(
    key: int, item: tuple[int, str]
) -> tuple[list[dict], list[dict], list[tuple[str, tuple]]]:
    number, source_file = item
    return _read_document(_INHERITED[key][number], source_file)


def _read_sent(item: tuple[bytes, str]) -> tuple[list[dict], list[dict], list[tuple[str, tuple]]]:
    return _read_document(*item)


class _Lines:
    """Line numbers of byte offsets, counted forward once."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.pos = 0
        self.line = 1

    def line_at(self, offset: int) -> int:
        if offset >= self.pos:
            self.line += self.body.count(b"\n", self.pos, offset)
            self.pos = offset
            return self.line
        return self.body.count(b"\n", 0, offset) + 1


_ALLOWED_BETWEEN = re.compile(
    rb"<DeleteCitation\b.*?</DeleteCitation\s*>|<DeleteDocument\b.*?</DeleteDocument\s*>"
    rb"|<!--.*?-->",
    re.DOTALL,
)


def _junk(body: bytes, begin: int, end: int) -> bool:
    gap = body[begin:end]
    if not gap.strip():
        return False
    return bool(_ALLOWED_BETWEEN.sub(b"", gap).strip())


def _stray(body: bytes, begin: int, end: int, index: int, counter: _Lines) -> dict:
    gap = body[begin:end]
    offset = begin + (len(gap) - len(gap.lstrip()))
    return _bad(
        index,
        counter.line_at(offset),
        "unrecognised content between articles (an article with a broken "
        "<PubmedArticle> start tag?)",
        gap.strip(),
    )


def _find_end(body: bytes, tag: bytes, begin: int, stop: int) -> int:
    """Offset just after the first end tag of ``tag`` in ``body[begin:stop]``, or -1.

    A plain byte search finds the usual ``</PubmedArticle>`` faster than the regex, which
    is kept for the rare end tag with whitespace before its ``>``."""
    end_tag = b"</" + tag
    found = body.find(end_tag, begin, stop)
    if found < 0:
        return -1
    if body.startswith(b">", found + len(end_tag), stop):
        return found + len(end_tag) + 1
    match = _END[tag].search(body, found, stop)
    return -1 if match is None else match.end()


def _read_one(
    body: bytes, begin: int, end: int, prefix: bytes, index: int, counter: _Lines
) -> dict:
    """One article (``body[begin:end]``) -> a record dict, or a quarantine dict (has "reason").

    Line numbers are counted only for a quarantined article: counting them for every
    article costs as much as a tenth of the parse."""
    try:
        slim = _slim(body, begin, end)
        element = ET.fromstring(prefix + slim if prefix else slim)
    except ET.ParseError:
        # Parse the article as it is to report the right line and reason.
        chunk = body[begin:end]
        try:
            element = ET.fromstring(prefix + chunk)
        except ET.ParseError as exc:
            line = counter.line_at(begin)
            return _bad(index, line, _parse_reason(exc, chunk, line), chunk)
    try:
        return _article(element, has_mathml=body.find(b"MathML", begin, end) >= 0)
    except ValueError as exc:
        return _bad(index, counter.line_at(begin), str(exc), body[begin:end])


def _cut(chunk: bytes, start_tag: bytes, end_tag: bytes) -> bytes:
    start = chunk.find(start_tag)
    if start < 0:
        return chunk
    end = chunk.rfind(end_tag)
    if end < start:
        return chunk
    return chunk[:start] + chunk[end + len(end_tag) :]


def _slim(body: bytes, begin: int, end: int) -> bytes:
    """``body[begin:end]`` without what the reader never uses: about half of a recent
    article's bytes (reference lists, comment/correction links, grants, history dates) and
    the indentation between elements. Tree building, not scanning, is the cost of parsing."""
    # The first cut (the reference list, the bulk of the bytes) reads straight from the
    # document instead of copying the whole article first.
    start_tag, end_tag = _UNUSED[0]
    start = body.find(start_tag, begin, end)
    stop = body.rfind(end_tag, begin, end) if start >= 0 else -1
    if stop >= start >= 0:
        chunk = body[begin:start] + body[stop + len(end_tag) : end]
    else:
        chunk = body[begin:end]
    for start_tag, end_tag in _UNUSED[1:]:
        chunk = _cut(chunk, start_tag, end_tag)
    return _INDENT.sub(b"><", chunk)


def _bad(index: int, line: int, reason: str, raw: bytes) -> dict:
    text = raw.decode("utf-8", "replace")
    if len(text) > RAW_LIMIT:
        text = text[:RAW_LIMIT] + f"... [{len(text) - RAW_LIMIT} more characters]"
    return {"record_index": index, "line": line, "reason": reason, "raw": text}


def _parse_reason(exc: ET.ParseError, chunk: bytes, line: int) -> str:
    err_line = line + (exc.position[0] - 1 if exc.position else 0)
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError as dec:
        bad_line = line + chunk.count(b"\n", 0, dec.start)
        return (
            f"byte 0x{chunk[dec.start]:02x} at line {bad_line} is not UTF-8 "
            "(wrong encoding? declare it in the XML declaration)"
        )
    message = str(exc).split(":", 1)[0]
    return f"malformed XML at line {err_line}: {message}"


# ---------------------------------------------------------------------------------------------
# One article element -> one record


def _text(element: ET.Element | None) -> str:
    """All text inside ``element`` (inline markup such as <i>, <sup> dropped), one-spaced."""
    if element is None:
        return ""
    if len(element):
        text = "".join(element.itertext())
    else:
        text = element.text
        if not text:
            return ""
    return " ".join(text.split())


def _flatten_mathml(element: ET.Element) -> None:
    # MathML is pretty-printed token by token; join its tokens without spaces so that
    # "V . O 2 max" reads "V.O2max" in plain text.
    for math in list(element.iter(_MATHML)):
        flat = "".join(t.strip() for t in math.itertext())
        math[:] = []
        math.text = flat


def _date(element: ET.Element | None) -> dict[str, str]:
    if element is None:
        return {}
    return {child.tag: (child.text or "").strip() for child in element}


def _year_of(*dates: dict[str, str]) -> int | None:
    for date in dates:
        for key in ("Year", "MedlineDate"):
            match = _YEAR.search(date.get(key, ""))
            if match:
                return int(match.group(1))
    return None


_AUTHOR_PARTS = {
    "LastName": "last",
    "ForeName": "fore",
    "Initials": "initials",
    "Suffix": "suffix",
    "CollectiveName": "collective",
}


def _authors(author_list: ET.Element | None) -> tuple[list[str], list[dict]]:
    names: list[str] = []
    details: list[dict] = []
    if author_list is None:
        return names, details
    parts = _AUTHOR_PARTS
    for author in author_list:
        if author.tag != "Author" or author.get("ValidYN") == "N":
            continue  # NLM marks names corrected by an erratum as not valid
        # one pass over the author's children instead of a find() per part; names are
        # nearly always plain text, so _text is spared for them
        detail: dict[str, Any] = {}
        affiliations: list[str] | None = None
        identifiers: dict[str, str] | None = None
        for child in author:
            tag = child.tag
            key = parts.get(tag)
            if key is not None:
                if len(child):
                    value = _text(child)
                else:
                    value = child.text
                    if value:
                        value = " ".join(value.split())
                if value:
                    detail[key] = value
            elif tag == "AffiliationInfo":
                found = [_text(a) for a in child if a.tag == "Affiliation"]
                if affiliations is None:
                    affiliations = found
                else:
                    affiliations.extend(found)
            elif tag == "Identifier":
                if identifiers is None:
                    identifiers = {}
                identifiers[child.get("Source", "")] = _text(child)
        last = detail.get("last")
        if last:
            given = detail.get("fore") or detail.get("initials")
            name = f"{last}, {given}" if given else last
            if "suffix" in detail:
                name = f"{name}, {detail['suffix']}"
        elif "collective" in detail:
            name = detail["collective"]
        else:
            continue
        names.append(name)
        detail["name"] = name
        if affiliations:
            detail["affiliations"] = affiliations
        if identifiers:
            detail["identifiers"] = identifiers
        details.append(detail)
    return names, details


def _abstract(abstract: ET.Element | None) -> tuple[str, list[dict]]:
    if abstract is None:
        return "", []
    sections: list[dict] = []
    paragraphs: list[str] = []
    for part in abstract:
        if part.tag != "AbstractText":
            continue
        text = _text(part)
        label = (part.get("Label") or "").strip()
        section = {"text": text}
        if label:
            section["label"] = label
        if part.get("NlmCategory"):
            section["category"] = part.get("NlmCategory")
        sections.append(section)
        if text or label:
            paragraphs.append(f"{label}: {text}" if label else text)
    return "\n".join(paragraphs), sections


def _unique(items: list[str]) -> list[str]:
    return [item for item in dict.fromkeys(items) if item]


def _children(parent: ET.Element | None, tag: str) -> list[ET.Element]:
    return [] if parent is None else [c for c in parent if c.tag == tag]


def _citation_parts(citation: ET.Element) -> dict:
    """The PMID and the containers of a ``<MedlineCitation>``, found in one pass."""
    parts: dict = {"pmid": "", "keyword_lists": []}
    for child in citation:
        tag = child.tag
        if tag == "PMID" and not parts["pmid"]:
            parts["pmid"] = _text(child)
        elif tag == "Article":
            parts["article"] = child
        elif tag == "MeshHeadingList":
            parts["mesh_list"] = child
        elif tag == "KeywordList":
            parts["keyword_lists"].append(child)
        elif tag == "ChemicalList":
            parts["chemical_list"] = child
        elif tag == "MedlineJournalInfo":
            parts["journal_info"] = child
    return parts


def _pagination(pagination: ET.Element) -> str:
    """``MedlinePgn``, else ``StartPage-EndPage``."""
    pages = start_page = end_page = ""
    for part in pagination:
        if part.tag == "MedlinePgn":
            pages = _text(part)
        elif part.tag == "StartPage":
            start_page = _text(part)
        elif part.tag == "EndPage":
            end_page = _text(part)
    if not pages and start_page:
        pages = f"{start_page}-{end_page}" if end_page else start_page
    return pages


def _article_parts(article: ET.Element) -> dict:
    """Titles, pages, identifiers, languages, types and dates of an ``<Article>``."""
    parts: dict = {
        "title": "",
        "vernacular": "",
        "pages": "",
        "elocations": {},
        "article_date": {},
        "languages": [],
        "publication_types": [],
    }
    for child in article:
        tag = child.tag
        if tag == "Journal":
            parts["journal"] = child
        elif tag == "ArticleTitle":
            parts["title"] = _text(child)
        elif tag == "VernacularTitle":
            parts["vernacular"] = _text(child)
        elif tag == "Abstract":
            parts["abstract_el"] = child
        elif tag == "AuthorList":
            parts["author_list"] = child
        elif tag == "ELocationID":
            parts["elocations"][child.get("EIdType", "")] = _text(child)
        elif tag == "Language":
            parts["languages"].append(_text(child))
        elif tag == "PublicationTypeList":
            parts["publication_types"] = [_text(p) for p in child]
        elif tag == "ArticleDate":
            parts["article_date"] = _date(child)
        elif tag == "Pagination":
            parts["pages"] = _pagination(child)
    return parts


def _journal_parts(journal: ET.Element | None) -> dict:
    """Title, abbreviation, ISSN, volume, issue and publication date of a ``<Journal>``."""
    parts = dict.fromkeys(("journal", "iso", "issn", "issn_type", "volume", "issue"), "")
    parts["pub_date"] = {}
    issue_el = None
    for child in journal if journal is not None else ():
        tag = child.tag
        if tag == "Title":
            parts["journal"] = _text(child)
        elif tag == "ISOAbbreviation":
            parts["iso"] = _text(child)
        elif tag == "ISSN":
            parts["issn"], parts["issn_type"] = _text(child), child.get("IssnType", "")
        elif tag == "JournalIssue":
            issue_el = child
    for child in issue_el if issue_el is not None else ():
        if child.tag == "Volume":
            parts["volume"] = _text(child)
        elif child.tag == "Issue":
            parts["issue"] = _text(child)
        elif child.tag == "PubDate":
            parts["pub_date"] = _date(child)
    return parts


def _pubmed_data(pubmed_data: ET.Element | None) -> tuple[dict[str, str], str]:
    """Article ids (by id type) and the publication status of ``<PubmedData>``."""
    article_ids: dict[str, str] = {}
    publication_status = ""
    for child in pubmed_data if pubmed_data is not None else ():
        if child.tag == "ArticleIdList":
            for aid in child:
                article_ids[aid.get("IdType", "")] = _text(aid)
        elif child.tag == "PublicationStatus":
            publication_status = _text(child)
    return article_ids, publication_status


def _mesh(mesh_list: ET.Element | None) -> list[dict]:
    """MeSH headings: descriptor, UI, major topic and qualifiers."""
    mesh: list[dict] = []
    for heading in mesh_list if mesh_list is not None else ():
        descriptor = None
        qualifiers = []
        for part in heading:
            if part.tag == "DescriptorName":
                descriptor = part
            elif part.tag == "QualifierName":
                qualifiers.append({"name": _text(part), "major": part.get("MajorTopicYN") == "Y"})
        if descriptor is None:
            continue
        mesh.append(
            {
                "descriptor": _text(descriptor),
                "ui": descriptor.get("UI", ""),
                "major": descriptor.get("MajorTopicYN") == "Y",
                "qualifiers": qualifiers,
            }
        )
    return mesh


def _journal_info(journal_info: ET.Element | None) -> tuple[str, str]:
    """``ISSNLinking`` and ``MedlineTA`` of ``<MedlineJournalInfo>``."""
    issn_linking = medline_ta = ""
    for child in journal_info if journal_info is not None else ():
        if child.tag == "ISSNLinking":
            issn_linking = _text(child)
        elif child.tag == "MedlineTA":
            medline_ta = _text(child)
    return issn_linking, medline_ta


def _article(element: ET.Element, *, has_mathml: bool) -> dict:
    """One ``<PubmedArticle>`` (or book article) as a record dict with its ``original``."""
    if has_mathml:
        _flatten_mathml(element)
    if element.tag == "PubmedBookArticle":
        return _book_article(element)
    # One pass over the children of each container (simple tag dispatch is much faster than
    # path queries, which ElementTree evaluates in Python).
    citation = element.find("MedlineCitation")
    if citation is None:
        raise ValueError("article has no <MedlineCitation>")
    cit = _citation_parts(citation)
    pmid = cit["pmid"]
    if not pmid.isdigit():
        raise ValueError(f"article has no valid PMID ({pmid!r})")
    if "article" not in cit:
        raise ValueError(f"PMID {pmid}: article has no <Article> element")
    art = _article_parts(cit["article"])
    jour = _journal_parts(art.get("journal"))
    article_ids, publication_status = _pubmed_data(element.find("PubmedData"))
    mesh = _mesh(cit.get("mesh_list"))
    author_keywords = [_text(k) for kl in cit["keyword_lists"] for k in kl]
    issn_linking, medline_ta = _journal_info(cit.get("journal_info"))
    chemicals = [
        _text(c.find("NameOfSubstance")) for c in _children(cit.get("chemical_list"), "Chemical")
    ]
    abstract_el = art.get("abstract_el")
    abstract, sections = _abstract(abstract_el)
    names, author_details = _authors(art.get("author_list"))
    elocations = art["elocations"]
    doi = normalise_doi(article_ids.get("doi", "")) or normalise_doi(elocations.get("doi", ""))
    original = {
        "pmid": pmid,
        "status": citation.get("Status", ""),
        "article_ids": article_ids,
        "elocation_ids": elocations,
        "title": art["title"],
        "vernacular_title": art["vernacular"],
        "abstract_sections": sections,
        "copyright": _text(abstract_el.find("CopyrightInformation"))
        if abstract_el is not None
        else "",
        "authors": author_details,
        "journal": jour["journal"],
        "iso_abbreviation": jour["iso"],
        "medline_ta": medline_ta,
        "issn": jour["issn"],
        "issn_type": jour["issn_type"],
        "issn_linking": issn_linking,
        "volume": jour["volume"],
        "issue": jour["issue"],
        "pub_date": jour["pub_date"],
        "article_date": art["article_date"],
        "pages": art["pages"],
        "languages": art["languages"],
        "publication_types": art["publication_types"],
        "mesh": mesh,
        "keywords": author_keywords,
        "chemicals": chemicals,
        "publication_status": publication_status,
    }
    return {
        "source": "pubmed",
        "pmid": pmid,
        "doi": doi,
        "title": art["title"] or art["vernacular"],
        "abstract": abstract,
        "authors": names,
        "journal": jour["journal"],
        "volume": jour["volume"],
        "issue": jour["issue"],
        "pages": art["pages"],
        "year": _year_of(jour["pub_date"], art["article_date"]),
        "keywords": _unique([m["descriptor"] for m in mesh] + author_keywords),
        "publication_type": _unique(art["publication_types"]),
        "language": "; ".join(_unique(art["languages"])),
        "issn": jour["issn"] or issn_linking,
        "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        "original": _json(original),
    }


def _book_article(element: ET.Element) -> dict:
    document = element.find("BookDocument")
    if document is None:
        raise ValueError("book article has no <BookDocument>")
    pmid = _text(document.find("PMID"))
    if not pmid.isdigit():
        raise ValueError(f"book article has no valid PMID ({pmid!r})")
    book = document.find("Book")
    book_title = _text(book.find("BookTitle")) if book is not None else ""
    chapter = _text(document.find("ArticleTitle"))
    pub_date = _date(book.find("PubDate")) if book is not None else {}
    abstract, sections = _abstract(document.find("Abstract"))
    names, details = _authors(document.find("AuthorList"))
    editors, editor_details = _authors(book.find("AuthorList") if book is not None else None)
    if not names:
        names, details = editors, editor_details
    article_ids = {
        a.get("IdType", ""): _text(a)
        for a in element.findall("PubmedBookData/ArticleIdList/ArticleId")
    }
    article_ids.update(
        {a.get("IdType", ""): _text(a) for a in document.findall("ArticleIdList/ArticleId")}
    )
    publication_types = [_text(p) for p in document.findall("PublicationType")]
    languages = [_text(lang) for lang in document.findall("Language")]
    keywords = [_text(k) for k in document.findall("KeywordList/Keyword")]
    publisher = _text(book.find("Publisher/PublisherName")) if book is not None else ""
    isbn = [_text(i) for i in book.findall("Isbn")] if book is not None else []
    original = {
        "pmid": pmid,
        "book_title": book_title,
        "title": chapter,
        "publisher": publisher,
        "publisher_location": _text(book.find("Publisher/PublisherLocation"))
        if book is not None
        else "",
        "isbn": isbn,
        "article_ids": article_ids,
        "abstract_sections": sections,
        "authors": details,
        "editors": editor_details,
        "pub_date": pub_date,
        "languages": languages,
        "publication_types": publication_types,
        "keywords": keywords,
    }
    return {
        "source": "pubmed",
        "pmid": pmid,
        "doi": normalise_doi(article_ids.get("doi", "")),
        "title": chapter or book_title,
        "abstract": abstract,
        "authors": names,
        "journal": book_title if chapter else publisher,
        "volume": _text(book.find("Volume")) if book is not None else "",
        "issue": "",
        "pages": "",
        "year": _year_of(pub_date),
        "keywords": _unique(keywords),
        "publication_type": _unique(publication_types),
        "language": "; ".join(_unique(languages)),
        "issn": "",
        "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        "original": _json(original),
    }
