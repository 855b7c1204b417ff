"""RIS exports (Ovid, Embase, EBSCO, Scopus, Web of Science, EndNote, Zotero, Mendeley,
ProQuest) read with :mod:`rispy`.

The file is split into records here (a record runs from a ``TY  -`` line to its ``ER  -``
line), and each record is parsed by rispy on its own, so one broken record is quarantined
with its line number while the others are read. rispy itself would silently drop a record
whose ``ER`` is missing, and (0.10) the first record of a file with a UTF-8 BOM; splitting
first, on BOM-free text, avoids both.

Vendors use different tags for the same thing (Ovid's abstract is ``N2`` and its date ``Y1``,
EBSCO's journal is ``JO``/``T2``, Scopus puts the article number in ``C7``), so each vendor is
a :class:`RisReader` subclass overriding the class variables ``MAPPING`` (tag -> rispy field
name, extending rispy's table) and ``FIELDS`` (model column -> rispy field names, first
non-empty wins), the same way rispy's own ``WokParser`` overrides ``RisParser``.

Missing ``ER``: a record followed by another ``TY`` before its ``ER`` is complete (the next
record began), so it is read and the report notes a warning; a record cut off by the end of
the file is quarantined ("no ER end tag"), because its last field may be truncated.

``original`` keeps every tag of the record, keyed by tag, in file order (a list when a tag
repeats or is a list tag), so :mod:`pipeline.export` writes the record back to RIS unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

from rispy import RisParser
from rispy.config import LIST_TYPE_TAGS, TAG_KEY_MAPPING, TYPE_OF_REFERENCE_MAPPING

from pipeline.formats import fields as norm

#: A tag line: two characters, then "  - " (also tolerated: a tab or one space before "-").
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])[ \t]{1,4}-(?:[ \t]|$)")

_PMID_NOTE = re.compile(r"\bPMID:?\s*(\d{1,9})\b")

#: rispy's tag table extended with the vendor tags seen in real exports.
BASE_MAPPING: dict[str, str] = {
    **TAG_KEY_MAPPING,
    "AI": "author_information",  # Ovid
    "CT": "title_of_unpublished_work",  # old RIS (Reference Manager)
    "DC": "date_created",
    "JP": "journal_abbreviation",  # EBSCO
    "L3": "related_records",
    "LK": "website_link",
    "M2": "extent_of_work",
    "M4": "media",
    "NL": "nlm_abbreviation",
    "PP": "publishing_place",
    "SV": "series_volume",
    "TS": "translation_status",
    "U1": "user1",
    "U2": "user2",
    "U3": "user3",
    "U4": "user4",
    "U5": "user5",
    "WE": "web_of_science_entry",
    "WT": "web_title",
    "Y3": "date_other",
    "VO": "volume_alt",
}
#: Tags whose every occurrence is a separate value.
BASE_LIST_TAGS: list[str] = [*LIST_TYPE_TAGS, "A5", "A6", "AD", "KW"]


class RisReader(RisParser):
    """Generic RIS (EndNote, Zotero, Mendeley and anything unrecognised)."""

    NAME: ClassVar[str] = "ris"
    DEFAULT_MAPPING: ClassVar[dict] = BASE_MAPPING
    DEFAULT_LIST_TAGS: ClassVar[list[str]] = BASE_LIST_TAGS
    # rispy splits UR on ";" by default; keep values as written (lossless round trip).
    DEFAULT_DELIMITER_MAPPING: ClassVar[dict] = {}
    #: model column -> rispy field names, first non-empty wins.
    FIELDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "title": ("primary_title", "title", "title_of_unpublished_work", "translated_title"),
        "abstract": ("abstract", "notes_abstract"),
        "authors": ("authors", "first_authors"),
        "year": ("year", "publication_year", "date", "date_other"),
        "journal": (
            "alternate_title3",
            "journal_name",
            "secondary_title",
            "alternate_title1",
            "alternate_title2",
        ),
        "volume": ("volume", "volume_alt"),
        "issue": ("number",),
        "start_page": ("start_page",),
        "end_page": ("end_page",),
        "doi": ("doi",),
        "keywords": ("keywords",),
        "language": ("language",),
        "type_of_work": ("type_of_work",),
        "url": ("urls", "file_attachments2", "website_link"),
        "issn": ("issn",),
        "id": ("id",),
    }

    def __init__(self) -> None:
        # enforce_list_tags=False: a repeated single tag (two SN lines) becomes a list
        # instead of rispy keeping only the first, so nothing is dropped.
        super().__init__(enforce_list_tags=False)


class OvidReader(RisReader):
    """Ovid (MEDLINE, Embase, PsycINFO): abstract in ``N2``, date in ``Y1``, journal ``JF``."""

    NAME = "ris-ovid"
    FIELDS = {
        **RisReader.FIELDS,
        "abstract": ("notes_abstract", "abstract"),
        "year": ("publication_year", "year", "date"),
    }


class EmbaseReader(OvidReader):
    """Elsevier Embase (embase.com): Ovid-like tags, Embase id in ``U2``, DOI in ``DO``/``L2``."""

    NAME = "ris-embase"


class EbscoReader(RisReader):
    """EBSCOhost (CINAHL, ...): journal in ``JO`` (or ``T2``), abstract ``AB`` or ``N2``."""

    NAME = "ris-ebsco"
    FIELDS = {
        **RisReader.FIELDS,
        "journal": ("journal_name", "secondary_title", "alternate_title3", "alternate_title1"),
        "year": ("year", "publication_year", "date", "date_other"),
    }


class ScopusReader(RisReader):
    """Scopus: article number in ``C7`` (used for pages when there are none)."""

    NAME = "ris-scopus"
    MAPPING_EXTRA: ClassVar[dict[str, str]] = {"C7": "article_number"}
    DEFAULT_MAPPING = {**BASE_MAPPING, **MAPPING_EXTRA}
    FIELDS = {**RisReader.FIELDS, "article_number": ("article_number",)}


class WosRisReader(RisReader):
    """Web of Science RIS: accession number ``AN`` (``WOS:...``), month in ``DA``."""

    NAME = "ris-wos"
    DEFAULT_MAPPING = {**BASE_MAPPING, "C7": "article_number"}
    FIELDS = {
        **RisReader.FIELDS,
        "year": ("year", "publication_year"),
        "article_number": ("article_number",),
    }


class ProQuestReader(RisReader):
    """ProQuest: title ``T1``, journal ``JF``, accession ``AN``."""

    NAME = "ris-proquest"


#: Vendor readers by name; ``detect_flavour`` picks one from the file's content.
FLAVOURS: dict[str, type[RisReader]] = {
    cls.NAME: cls
    for cls in (
        RisReader,
        OvidReader,
        EmbaseReader,
        EbscoReader,
        ScopusReader,
        WosRisReader,
        ProQuestReader,
    )
}

# (regex over the first 200 kB, flavour, database); the first match wins.
_MARKERS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^DB  - Embase", re.M), "ris-embase", "embase"),
    (re.compile(r"embase\.com/", re.M), "ris-embase", "embase"),
    (re.compile(r"ovid(?:sp)?\.ovid\.com/\S*D=(?:emed|emez|embase)", re.M), "ris-ovid", "embase"),
    (re.compile(r"ovid(?:sp)?\.ovid\.com/\S*D=psyc", re.M), "ris-ovid", "psycinfo"),
    (re.compile(r"ovid(?:sp)?\.ovid\.com/\S*D=(?:medl|prem|mesz)", re.M), "ris-ovid", "medline"),
    (re.compile(r"ovid(?:sp)?\.ovid\.com", re.M), "ris-ovid", ""),
    (re.compile(r"^DB  - (?:CINAHL|cin20|ccm)", re.M | re.I), "ris-ebsco", "cinahl"),
    (re.compile(r"^DP  - EBSCOhost", re.M), "ris-ebsco", ""),
    (re.compile(r"cochranelibrary\.com/", re.M), "ris", "cochrane"),
    (re.compile(r"^DB  - Scopus", re.M), "ris-scopus", "scopus"),
    (re.compile(r"scopus\.com/inward", re.M), "ris-scopus", "scopus"),
    (re.compile(r"^AN  - WOS:", re.M), "ris-wos", "wos"),
    # ProQuest names the database searched in DB; the platform is the fallback.
    (re.compile(r"^DB  - Applied Social Sciences? Index", re.M), "ris-proquest", "assia"),
    (re.compile(r"proquest\.com/", re.M), "ris-proquest", "proquest"),
    (re.compile(r"^DP  - NLM", re.M), "ris", "pubmed"),
)


def detect_flavour(text: str) -> tuple[str, str]:
    """``(flavour, database)`` from vendor markers; database is ``""`` if unknown.

    A vendor is recognised only when its marker is on at least half of the records, so a
    reference manager's library that mixes Scopus and Web of Science records is read as
    generic RIS.

    >>> detect_flavour("TY  - JOUR\\nDB  - Scopus\\nER  - ")
    ('ris-scopus', 'scopus')
    """
    head = text[:2_000_000]
    n_records = max(1, len(re.findall(r"^TY[ \t]{1,4}-", head, re.M)))
    for pattern, flavour, database in _MARKERS:
        if len(pattern.findall(head)) * 2 >= n_records:
            return flavour, database
    return "ris", ""


def _tag_of(line: str) -> tuple[str, str] | None:
    """``(tag, canonical_line)`` for a tag line, ``None`` for a continuation line."""
    # Fast path for the canonical "XX  - value" form, then the tolerant pattern.
    if line[2:5] == "  -" and (len(line) == 5 or line[5] == " "):
        tag = line[:2]
        if tag.isalnum() and tag.isupper() and "A" <= tag[0] <= "Z":
            return tag, line
    if len(line) < 4 or line[2] not in " \t":
        return None
    match = TAG_LINE.match(line)
    if match is None:
        return None
    tag = match.group(1)
    return tag, f"{tag}  - {line[match.end() :].strip()}"


def split_records(
    lines: Iterable[str], first_line: int = 1
) -> Iterator[tuple[int, list[str], str]]:
    """Split RIS lines into ``(first_line_number, lines, problem)`` per record (the lines
    are numbered from ``first_line``).

    ``problem`` is ``""`` for a record closed by ``ER``, ``"next-ty"`` for one ended by the
    next ``TY`` and ``"eof"`` for one cut off by the end of the file. Lines outside records
    (Ovid's "1." counters, EndNote's "Record #1 of 2" headers) are skipped. Tag lines are
    rewritten in the canonical ``"XX  - value"`` form that rispy expects.
    """
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, start=first_line):
        # Inline fast path: most lines are canonical "XX  - value" tag lines or plain
        # continuation lines; only the rest go through the regex in _tag_of.
        if line[2:5] == "  -" and line[:2].isupper():
            tag = line[:2]
        elif len(line) > 3 and line[2] in " \t":
            tagged = _tag_of(line)
            if tagged is None:
                if current is not None:
                    current.append(line)
                continue
            tag, line = tagged
        else:
            if current is not None:
                current.append(line)
            continue
        if tag == "TY":
            if current is not None:
                yield start, current, "next-ty"
            current, start = [line], number
        elif current is not None:
            current.append(line)
            if tag == "ER":
                yield start, current, ""
                current = None
    if current is not None:
        yield start, current, "eof"


@functools.cache
def _names_to_tags(reader: type[RisReader]) -> dict[str, str]:
    return {name: tag for tag, name in reader.DEFAULT_MAPPING.items()}


def _tagged(record: dict[str, Any], reader: type[RisReader]) -> dict[str, Any]:
    """rispy's dict (field names) back to RIS tags, for ``original``."""
    names_to_tags = _names_to_tags(reader)
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name == "unknown_tag":
            for tag, values in value.items():
                out[tag] = values[0] if len(values) == 1 else list(values)
            continue
        out[names_to_tags.get(name, name)] = value
    return out


def _doi_from(*values: Any) -> str:
    for value in values:
        for item in norm.as_list(value):
            if "10." in item:
                return item
    return ""


def record_to_row(
    record: dict[str, Any], reader: type[RisReader], *, database: str = ""
) -> dict[str, Any]:
    """Map one rispy record onto the record model."""

    fields = reader.FIELDS

    def get(column: str) -> Any:
        # rispy strips values, so a present non-empty value is the one to use.
        for name in fields.get(column, ()):
            value = record.get(name)
            if value and (not isinstance(value, list) or any(value)):
                return value
        return ""

    ty = norm.join_value(record.get("type_of_reference", "")).strip()
    types = [TYPE_OF_REFERENCE_MAPPING.get(ty, ty)] if ty else []
    types += norm.as_list(get("type_of_work"))
    start, end = norm.join_value(get("start_page")), norm.join_value(get("end_page"))
    page_text = norm.page_range(start, end) or norm.join_value(get("article_number"))
    doi = norm.join_value(get("doi")) or _doi_from(
        record.get("file_attachments2"), record.get("urls"), record.get("website_link")
    )
    pmid = ""
    accession = norm.join_value(record.get("accession_number", ""))
    provider = norm.join_value(record.get("database_provider", "")).upper()
    db_name = norm.join_value(record.get("name_of_database", "")).lower()
    if provider == "NLM" or "medline" in db_name or "pubmed" in db_name or database == "pubmed":
        pmid = accession
    if not pmid:
        # EBSCO writes "U2  - PMID: 30412345."; Zotero and EndNote put it in notes.
        for name in ("user2", "custom2", "notes", "note"):
            match = _PMID_NOTE.search(norm.join_value(record.get(name, "")))
            if match:
                pmid = match.group(1)
                break
    tagged = _tagged(record, reader)
    return norm.make_row(
        title=get("title"),
        abstract=get("abstract"),
        authors=norm.as_list(get("authors")),
        year=norm.year_from(*(record.get(f) for f in reader.FIELDS["year"])),
        journal=norm.join_value(get("journal"), "; ").split("; ")[0],
        volume=get("volume"),
        issue=get("issue"),
        pages=page_text,
        doi=doi,
        pmid=pmid,
        keywords=[k for kw in norm.as_list(get("keywords")) for k in _split_keywords(kw)],
        language=norm.join_value(get("language"), "; "),
        publication_type=types,
        url=norm.as_list(get("url"))[:1],
        issn=get("issn"),
        original=tagged,
        input_id=norm.join_value(get("id")),
    )


def _split_keywords(value: str) -> list[str]:
    # Some exports put all keywords in one KW line separated by ";".
    return [p.strip() for p in value.split(";")] if ";" in value else [value]


def iter_ris(
    lines: Iterable[str],
    *,
    flavour: str = "ris",
    database: str = "",
    warnings: list[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Read RIS lines, one dict per record found, in file order.

    A row carries the model fields plus ``record_index`` (0-based position among the file's
    records) and ``line`` (1-based line of its ``TY``); a quarantined record is a dict with
    ``record_index``, ``line``, ``reason`` and ``raw``. Warnings are appended to ``warnings``.
    """
    parse = record_parser(flavour, database)
    for index, (line_no, lines_, problem) in enumerate(split_records(lines)):
        yield parse(index, line_no, lines_, problem, warnings)


def record_parser(flavour: str, database: str = "") -> Callable[..., dict[str, Any]]:
    """``parse(index, line_no, lines, problem, warnings)`` for one record from
    :func:`split_records` -> a row or a quarantined record (see :func:`iter_ris`).

    Records are independent of each other, so batches of them can be parsed in other
    processes (``pipeline.ingest`` does that for large files).
    """
    reader = FLAVOURS[flavour]
    parser = reader()

    def parse(
        index: int, line_no: int, lines_: list[str], problem: str, warnings: list[str] | None
    ) -> dict[str, Any]:
        reason = ""
        if problem == "eof":
            reason = "no ER end tag: the record is cut off by the end of the file"
        else:
            too_long = None
            if max(map(len, lines_)) > norm.MAX_FIELD_CHARS:  # (rare: then find the line)
                too_long = next(n for n in lines_ if len(n) > norm.MAX_FIELD_CHARS)
            if too_long is not None:
                reason = (
                    f"field {too_long[:2]} is {len(too_long):,} characters long "
                    f"(limit {norm.MAX_FIELD_CHARS:,})"
                )
        if reason:
            return norm.quarantined(index, line_no, reason, lines_)
        if problem == "next-ty":
            if warnings is not None:
                warnings.append(f"record {index} (line {line_no}): no ER before the next TY")
            lines_ = [*lines_, "ER  - "]
        try:
            parsed = parser.parse_lines(iter(lines_))
        except Exception as exc:  # noqa: BLE001 - rispy raises assorted errors on bad input
            parsed = []
            reason = f"unparseable RIS record ({type(exc).__name__}: {exc})"
        if len(parsed) != 1:
            return norm.quarantined(index, line_no, reason or "unparseable RIS record", lines_)
        row = record_to_row(parsed[0], reader, database=database)
        row["record_index"] = index
        row["line"] = line_no
        return row

    return parse


def read_ris(
    text: str, *, flavour: str | None = None, database: str = ""
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Read RIS text: ``(rows, quarantined, warnings)`` (see :func:`iter_ris`)."""
    warnings: list[str] = []
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    found = iter_ris(
        text.split("\n"),
        flavour=flavour or detect_flavour(text)[0],
        database=database,
        warnings=warnings,
    )
    for item in found:
        (bad if "reason" in item else rows).append(item)
    return rows, bad, warnings
