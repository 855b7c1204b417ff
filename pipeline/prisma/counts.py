"""The numbers of the PRISMA 2020 flow diagram, computed from the pipeline's own tables.

Pure functions: tables in, a :class:`Counts` out (no file access here; see
:mod:`pipeline.prisma.inputs`). Definitions follow the PRISMA 2020 statement (Page et al.,
BMJ 2021;372:n71, flow diagram for new and updated systematic reviews):

- *records identified* from each database or register = records read from its exports
  (``ingest_report.csv``: sum of ``records_read`` per ``database``);
- *removed before screening*: duplicates (``dedup/clusters.csv`` rows with ``kept`` false),
  records marked as ineligible by automation tools (a true ``automation_excluded`` or
  ``screen_auto`` column in the unique records), and records removed for other reasons
  (records quarantined by ingest: unreadable or incomplete);
- *records screened* = unique records not removed by automation; *records excluded* =
  ``title_abstract == "exclude"``; *reports sought* = ``title_abstract == "include"``;
- *reports not retrieved* = ``full_text == "not_retrieved"``; *assessed* = sought − not
  retrieved; *reports excluded* = ``full_text == "exclude"`` grouped by
  ``exclusion_reason``; *reports of included studies* = ``full_text == "include"`` and
  *studies included* = distinct ``study_id`` (or ``report_of``) among them, each report its
  own study when no such column exists.

Records still ``maybe``/``conflict``/empty are *awaiting* a decision: a review in that state
is incomplete, so :func:`compute` refuses it unless ``allow_incomplete`` is true, in which
case the awaiting numbers are reported (and drawn) explicitly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pipeline.errors import DataError
from pipeline.prisma.sources import Check, check_sources
from pipeline.records import fold_text

#: A labelled number: ``("PubMed", 85)`` or ``("Wrong population", 3)``.
Item = tuple[str, int]

#: Title/abstract decisions (screen stage vocabulary).
TA_VALUES = ("include", "exclude", "maybe", "conflict", "")
#: Full-text decisions.
FT_VALUES = ("include", "exclude", "not_retrieved", "maybe", "conflict", "")
#: Columns in the unique records that mark a record as excluded by an automation tool.
AUTOMATION_COLUMNS = ("automation_excluded", "screen_auto")
#: Columns in the screening table that group reports into studies.
STUDY_COLUMNS = ("study_id", "report_of")

#: Trial and study registers (PRISMA 2020 counts them apart from bibliographic databases).
#: Keys are folded names (:func:`pipeline.records.fold_text`).
KNOWN_REGISTERS = frozenset(
    {
        "clinicaltrials gov",
        "clinicaltrials",
        "ctgov",
        "ictrp",
        "who ictrp",
        "isrctn",
        "euctr",
        "eu clinical trials register",
        "ctis",
        "anzctr",
        "chictr",
        "drks",
        "ctri",
        "jrct",
        "pactr",
    }
)

#: How database names from ingest are shown in the diagram (folded name -> label).
DISPLAY_NAMES = {
    "pubmed": "PubMed",
    "medline": "MEDLINE",
    "embase": "Embase",
    "cinahl": "CINAHL",
    "psycinfo": "PsycINFO",
    "scopus": "Scopus",
    "wos": "Web of Science",
    "web of science": "Web of Science",
    "cochrane": "Cochrane Library",
    "cochrane library": "Cochrane Library",
    "central": "CENTRAL",
    "hmic": "HMIC",
    "socindex": "SocINDEX",
    "assia": "ASSIA",
    "proquest": "ProQuest",
    "ebsco": "EBSCO",
    "ovid": "Ovid",
    "clinicaltrials gov": "ClinicalTrials.gov",
    "clinicaltrials": "ClinicalTrials.gov",
    "ctgov": "ClinicalTrials.gov",
    "ictrp": "WHO ICTRP",
    "who ictrp": "WHO ICTRP",
    "isrctn": "ISRCTN",
    "euctr": "EU CTR",
}


def display_name(name: str) -> str:
    """The label a database gets in the diagram.

    >>> display_name("pubmed"), display_name("Web of Science"), display_name("My DB")
    ('PubMed', 'Web of Science', 'My DB')
    """
    return DISPLAY_NAMES.get(fold_text(name), name.strip())


@dataclass(frozen=True)
class OtherMethods:
    """The right-hand column: identification of studies via other methods.

    ``sources`` are the records identified from websites, organisations and citation
    searching; ``studies`` defaults to the reports included via these methods.
    """

    sources: tuple[Item, ...] = ()
    sought: int = 0
    not_retrieved: int = 0
    assessed: int = 0
    excluded: tuple[Item, ...] = ()
    studies: int | None = None

    @property
    def identified(self) -> int:
        return sum(n for _, n in self.sources)

    @property
    def excluded_total(self) -> int:
        return sum(n for _, n in self.excluded)

    @property
    def reports_included(self) -> int:
        return self.assessed - self.excluded_total

    @property
    def studies_included(self) -> int:
        return self.reports_included if self.studies is None else self.studies

    def is_empty(self) -> bool:
        return not (self.identified or self.sought or self.assessed or self.excluded)


@dataclass(frozen=True)
class Previous:
    """The top-left box of the template for updated reviews."""

    studies: int = 0
    reports: int = 0


@dataclass(frozen=True)
class Counts:
    """Every number of the PRISMA 2020 flow diagram.

    ``studies_included``/``reports_included`` are the (new) included studies of this review
    from both columns; with ``previous`` the totals add the previous version's.
    ``records_awaiting``/``reports_awaiting`` are non-zero only for an unfinished review.
    """

    database_results: int = 0
    register_results: int = 0
    database_specific: tuple[Item, ...] = ()
    register_specific: tuple[Item, ...] = ()
    duplicates: int = 0
    excluded_automatic: int = 0
    excluded_other: int = 0
    records_screened: int = 0
    records_excluded: int = 0
    records_awaiting: int = 0
    reports_sought: int = 0
    reports_not_retrieved: int = 0
    reports_assessed: int = 0
    reports_excluded: tuple[Item, ...] = ()
    reports_awaiting: int = 0
    studies_included: int = 0
    reports_included: int = 0
    #: Studies and reports in the meta-analysis (the template's box 17): the author's own
    #: numbers, given in a counts CSV; the pipeline does not know which studies are pooled.
    studies_meta_analysis: int = 0
    reports_meta_analysis: int = 0
    other: OtherMethods | None = None
    previous: Previous | None = None
    #: Footnote for the automation box: records left unscreened because a stopping rule
    #: said stop (``stopped_by`` in the screening table), with the rule named.
    automation_note: str = ""

    @property
    def identified(self) -> int:
        return self.database_results + self.register_results

    @property
    def removed(self) -> int:
        return self.duplicates + self.excluded_automatic + self.excluded_other

    @property
    def reports_excluded_total(self) -> int:
        return sum(n for _, n in self.reports_excluded)

    @property
    def total_studies(self) -> int:
        return self.studies_included + (self.previous.studies if self.previous else 0)

    @property
    def total_reports(self) -> int:
        return self.reports_included + (self.previous.reports if self.previous else 0)

    @property
    def is_complete(self) -> bool:
        return not (self.records_awaiting or self.reports_awaiting)


@dataclass
class Result:
    """What :func:`compute` returns.

    ``members`` maps a box key (``records_screened``, ``reports_excluded:<reason>``,
    ``database:<name>`` ...) to the record ids behind its number; ``checks`` are the
    file-row cross-checks for :func:`pipeline.prisma.sources.check_sources`.
    """

    counts: Counts
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    quarantined_files: tuple[Item, ...] = ()
    study_of: dict[str, str] = field(default_factory=dict)


def sort_items(items: Mapping[str, int] | Iterable[Item]) -> tuple[Item, ...]:
    """Items by decreasing n, then label (the order the diagram lists them).

    >>> sort_items({"b": 2, "a": 2, "c": 5})
    (('c', 5), ('a', 2), ('b', 2))
    """
    pairs = items.items() if isinstance(items, Mapping) else items
    return tuple(sorted(((str(k), int(v)) for k, v in pairs), key=lambda kv: (-kv[1], kv[0])))


def _stopped_by_rule(screening: pd.DataFrame, auto_ids: set[str]) -> str:
    """Add the records a stopping rule left unscreened to ``auto_ids``; their footnote.

    ``slr screen status`` with ``screen.stop_by_rule`` writes the rule's name in a
    ``stopped_by`` column for every record without a title/abstract decision when the rule
    says stop. Those records were not screened by anyone: PRISMA 2020 counts them as marked
    ineligible by an automation tool.
    """
    if not {"record_id", "title_abstract", "stopped_by"} <= set(screening.columns):
        return ""
    by_rule: Counter[str] = Counter()
    rows = zip(
        screening["record_id"], screening["title_abstract"], screening["stopped_by"], strict=True
    )
    for rid, ta, rule in rows:
        if _text(rule) and not _decision(ta):
            auto_ids.add(_text(rid))
            by_rule[_text(rule)] += 1
    return "; ".join(
        f"Records marked as ineligible by automation tools: {n} left unscreened when the "
        f"stopping rule {rule!r} said stop (slr screen status, screen.stop_by_rule)"
        for rule, n in sorted(by_rule.items())
    )


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"{name}: missing column(s) {', '.join(missing)} "
            f"(has {', '.join(map(str, frame.columns)) or 'none'})"
        )


def _int_column(frame: pd.DataFrame, column: str, name: str) -> list[int]:
    out = []
    for i, value in enumerate(frame[column].tolist()):
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
        try:
            number = int(str(text).strip())
        except ValueError:
            raise DataError(
                f"{name}: row {i + 2}, column {column}: {text!r} is not a whole number"
            ) from None
        if number < 0:
            raise DataError(f"{name}: row {i + 2}, column {column}: {number} is negative")
        out.append(number)
    return out


def _truthy(value: object) -> bool:
    """Boolean cells as CSV, Parquet or a person writes them.

    >>> [_truthy(v) for v in (True, "True", "1", "yes", False, "False", "", None, 0)]
    [True, True, True, True, False, False, False, False, False]
    """
    if value is None or value is pd.NA:
        return False
    if isinstance(value, float) and pd.isna(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "y", "t"}
    return bool(value)


def _decision(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip().lower().replace("-", "_").replace(" ", "_")


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


@dataclass
class _Tally:
    """What the steps of :func:`compute` collect on the way (see :class:`Result`)."""

    names: dict[str, str]
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Identified:
    """The identification boxes, from the ingest report (one row per export file)."""

    files: list[str]
    read: list[int]
    kept: list[int]
    quarantined: list[int]
    database_specific: tuple[Item, ...]
    register_specific: tuple[Item, ...]

    @property
    def excluded_other(self) -> int:
        return sum(self.quarantined)


#: The file each table of :func:`compute` comes from, for error messages.
_FILE_NAMES = {
    "ingest_report": "ingest_report.csv",
    "clusters": "clusters.csv",
    "screening": "screening.csv",
    "unique": "unique.parquet",
    "ingested": "records.parquet",
    "quarantine": "quarantine.csv",
}

#: The screening boxes a record or report can end in, in the order of the diagram.
_SCREENING_BOXES = (
    "records_excluded",
    "records_awaiting",
    "reports_sought",
    "reports_not_retrieved",
    "reports_assessed",
    "reports_awaiting",
    "reports_included",
)


@dataclass
class _Screened:
    """The screening boxes: record ids per box, full-text exclusions per reason."""

    boxes: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in _SCREENING_BOXES})
    excluded_by_reason: dict[str, list[str]] = field(default_factory=dict)
    included_studies: set[str] = field(default_factory=set)
    study_of: dict[str, str] = field(default_factory=dict)


def compute(
    ingest_report: pd.DataFrame,
    clusters: pd.DataFrame,
    screening: pd.DataFrame,
    *,
    unique: pd.DataFrame | None = None,
    ingested: pd.DataFrame | None = None,
    quarantine: pd.DataFrame | None = None,
    other: OtherMethods | None = None,
    previous: Previous | None = None,
    registers: Iterable[str] = (),
    allow_incomplete: bool = False,
    names: Mapping[str, str] | None = None,
) -> Result:
    """Compute the PRISMA 2020 counts from the stage tables.

    ``ingest_report`` (``database``, ``records_read``, ``records_kept``,
    ``records_quarantined``), ``clusters`` (``record_id``, ``kept``), ``screening``
    (``record_id``, ``title_abstract``, ``full_text``, ``exclusion_reason``, optional
    ``study_id``/``report_of``); optional ``unique`` (the screened records, for an automation
    column) and ``ingested`` (the ingested records, for per-database record lists).
    ``quarantine`` (ingest's quarantined records, one row each) is checked against the
    report's ``records_quarantined``. ``registers`` names sources to count as registers on top of :data:`KNOWN_REGISTERS`.
    ``names`` maps each table to the file it came from, for error messages.

    Raises :class:`DataError` naming the file, the record and the value on bad input, and on
    an unfinished screening unless ``allow_incomplete``.
    """
    tally = _Tally(names={**_FILE_NAMES, **(names or {})})
    ident = _identification(ingest_report, registers, tally)
    _check_ingest_outputs(ident, quarantine, ingested, tally)
    kept_ids = _duplicates(clusters, ident, ingested, tally)
    auto_ids = _automation(unique, kept_ids, screening, tally)
    screened_ids = sorted(set(kept_ids) - auto_ids)
    tally.members["records_screened"] = tuple(screened_ids)
    screened = _screening(screening, kept_ids, screened_ids, auto_ids, tally)
    if not allow_incomplete:
        _refuse_unfinished(screened, tally.names["screening"])
    _store_screening_members(screened, tally)

    other = None if other is None or other.is_empty() else other
    boxes = screened.boxes
    counts = Counts(
        database_results=sum(n for _, n in ident.database_specific),
        register_results=sum(n for _, n in ident.register_specific),
        database_specific=ident.database_specific,
        register_specific=ident.register_specific,
        duplicates=len(tally.members["duplicates"]),
        excluded_automatic=len(auto_ids),
        excluded_other=ident.excluded_other,
        records_screened=len(screened_ids),
        records_excluded=len(boxes["records_excluded"]),
        records_awaiting=len(boxes["records_awaiting"]),
        reports_sought=len(boxes["reports_sought"]),
        reports_not_retrieved=len(boxes["reports_not_retrieved"]),
        reports_assessed=len(boxes["reports_assessed"]),
        reports_excluded=sort_items({k: len(v) for k, v in screened.excluded_by_reason.items()}),
        reports_awaiting=len(boxes["reports_awaiting"]),
        studies_included=len(screened.included_studies) + (other.studies_included if other else 0),
        reports_included=len(boxes["reports_included"]) + (other.reports_included if other else 0),
        other=other,
        previous=previous,
        automation_note=tally.notes.get("excluded_automatic", ""),
    )
    return Result(
        counts=counts,
        members=tally.members,
        checks=tally.checks,
        notes=tally.notes,
        study_of=screened.study_of,
        quarantined_files=tuple(
            (f, q) for f, q in zip(ident.files, ident.quarantined, strict=True) if q
        ),
    )


def _identification(report: pd.DataFrame, registers: Iterable[str], tally: _Tally) -> _Identified:
    """Boxes "records identified from databases / registers" (per source) and "records
    removed for other reasons" (quarantined by ingest)."""
    rep_name = tally.names["ingest_report"]
    _require(report, ("database", "records_read", "records_kept", "records_quarantined"), rep_name)
    read = _int_column(report, "records_read", rep_name)
    kept = _int_column(report, "records_kept", rep_name)
    quarantined = _int_column(report, "records_quarantined", rep_name)
    files = (
        [_text(v) for v in report["file"]]
        if "file" in report.columns
        else [f"row {i + 2}" for i in range(len(report))]
    )
    for f, r, k, q in zip(files, read, kept, quarantined, strict=True):
        if r != k + q:
            raise DataError(
                f"{rep_name}: {f}: records_read ({r}) != records_kept ({k}) + "
                f"records_quarantined ({q})"
            )
    register_keys = KNOWN_REGISTERS | {fold_text(r) for r in registers}
    by_source: dict[str, int] = {}
    is_register: dict[str, bool] = {}
    for i, (db, r) in enumerate(zip(report["database"].tolist(), read, strict=True)):
        raw = _text(db)
        if not raw:
            raise DataError(f"{rep_name}: row {i + 2} ({files[i]}) has no database")
        label = display_name(raw)
        by_source[label] = by_source.get(label, 0) + r
        is_register[label] = fold_text(raw) in register_keys
    tally.notes["excluded_other"] = "records quarantined by ingest (unreadable or incomplete)"
    return _Identified(
        files=files,
        read=read,
        kept=kept,
        quarantined=quarantined,
        database_specific=sort_items({k: v for k, v in by_source.items() if not is_register[k]}),
        register_specific=sort_items({k: v for k, v in by_source.items() if is_register[k]}),
    )


def _check_ingest_outputs(
    ident: _Identified,
    quarantine: pd.DataFrame | None,
    ingested: pd.DataFrame | None,
    tally: _Tally,
) -> None:
    """Cross-checks of the report against ingest's own files, and the record ids behind each
    source's number (``source:<label>``)."""
    rep_name = tally.names["ingest_report"]
    if quarantine is not None:
        tally.checks.append(
            Check(
                f"Records removed for other reasons ({rep_name}: records_quarantined)",
                ident.excluded_other,
                f"rows in {tally.names['quarantine']}",
                len(quarantine),
            )
        )
    if ingested is None:
        return
    _require(ingested, ("record_id", "source"), tally.names["ingested"])
    by_label: dict[str, list[str]] = {}
    for rid, src in zip(ingested["record_id"], ingested["source"], strict=True):
        by_label.setdefault(display_name(_text(src)), []).append(str(rid))
    for label, ids in by_label.items():
        tally.members[f"source:{label}"] = tuple(sorted(ids))
    tally.checks.append(
        Check(
            f"Records kept by ingest ({rep_name}: records_kept)",
            sum(ident.kept),
            f"rows in {tally.names['ingested']}",
            len(ingested),
        )
    )


def _duplicates(
    clusters: pd.DataFrame, ident: _Identified, ingested: pd.DataFrame | None, tally: _Tally
) -> list[str]:
    """Box "duplicate records removed" (``clusters.csv`` rows with ``kept`` false); returns
    the ids of the records kept."""
    cl_name = tally.names["clusters"]
    _require(clusters, ("record_id", "kept"), cl_name)
    cl_ids = [_text(v) for v in clusters["record_id"]]
    if "" in cl_ids:
        raise DataError(f"{cl_name}: row {cl_ids.index('') + 2} has no record_id")
    _refuse_repeats(cl_ids, cl_name)
    cl_kept = [_truthy(v) for v in clusters["kept"]]
    kept_ids = [rid for rid, k in zip(cl_ids, cl_kept, strict=True) if k]
    tally.members["duplicates"] = tuple(
        sorted(rid for rid, k in zip(cl_ids, cl_kept, strict=True) if not k)
    )
    identified = sum(ident.read)
    tally.checks.append(
        Check(
            f"Records identified (n = {identified}) - records removed for other reasons "
            f"(n = {ident.excluded_other})",
            identified - ident.excluded_other,
            f"rows in {cl_name}",
            len(clusters),
        )
    )
    # The files must agree before their rows are matched record by record.
    check_sources(tally.checks)
    if ingested is not None:
        lost = sorted(set(map(str, ingested["record_id"])) - set(cl_ids))
        if lost:
            raise DataError(
                f"{cl_name}: {len(lost)} ingested record(s) of {tally.names['ingested']} have "
                f"no row (first: {lost[0]}); rerun dedup on the current ingest output"
            )
    return kept_ids


def _automation(
    unique: pd.DataFrame | None, kept_ids: list[str], screening: pd.DataFrame, tally: _Tally
) -> set[str]:
    """Box "records marked as ineligible by automation tools": ids with a true
    :data:`AUTOMATION_COLUMNS` cell in the unique records."""
    auto_ids: set[str] = set()
    if unique is not None:
        un_name, cl_name = tally.names["unique"], tally.names["clusters"]
        _require(unique, ("record_id",), un_name)
        tally.checks.append(
            Check(
                f"records kept in {cl_name} (kept = True)",
                len(kept_ids),
                f"rows in {un_name}",
                len(unique),
            )
        )
        unknown = sorted(set(map(str, unique["record_id"])) - set(kept_ids))
        if unknown:
            raise DataError(
                f"{un_name}: {len(unknown)} record(s) are not kept in {cl_name} "
                f"(first: {unknown[0]})"
            )
        for col in AUTOMATION_COLUMNS:
            if col in unique.columns:
                auto_ids |= {
                    str(rid)
                    for rid, flag in zip(unique["record_id"], unique[col], strict=True)
                    if _truthy(flag)
                }
    check_sources(tally.checks)
    automation_note = _stopped_by_rule(screening, auto_ids)
    if automation_note:
        tally.notes["excluded_automatic"] = automation_note
    tally.members["excluded_automatic"] = tuple(sorted(auto_ids))
    return auto_ids


def _refuse_repeats(ids: list[str], name: str) -> None:
    repeated = [rid for rid, n in Counter(ids).items() if n > 1]
    if repeated:
        raise DataError(f"{name}: record_id {sorted(repeated)[0]!r} occurs more than once")


def _screening(
    screening: pd.DataFrame,
    kept_ids: list[str],
    screened_ids: list[str],
    auto_ids: set[str],
    tally: _Tally,
) -> _Screened:
    """The screening boxes, from one ``screening.csv`` row per screened record; a record
    removed by automation does not count, whatever its decision."""
    sc_name, cl_name = tally.names["screening"], tally.names["clusters"]
    _require(screening, ("record_id", "title_abstract", "full_text"), sc_name)
    sc_ids = [_text(v) for v in screening["record_id"]]
    _refuse_repeats(sc_ids, sc_name)
    stray = sorted(set(sc_ids) - set(kept_ids))
    if stray:
        raise DataError(
            f"{sc_name}: {len(stray)} record(s) are not unique records of {cl_name} "
            f"(first: {stray[0]}); screen the deduplicated records"
        )
    missing = sorted(set(screened_ids) - set(sc_ids))
    if missing:
        raise DataError(
            f"{sc_name}: no row for {len(missing)} unique record(s) of {cl_name} "
            f"(first: {missing[0]}); every unique record needs a screening row"
        )
    reasons = (
        [_text(v) for v in screening["exclusion_reason"]]
        if "exclusion_reason" in screening.columns
        else [""] * len(screening)
    )
    study_col = next((c for c in STUDY_COLUMNS if c in screening.columns), None)
    studies = [_text(v) for v in screening[study_col]] if study_col else [""] * len(screening)
    rows = zip(
        sc_ids, screening["title_abstract"], screening["full_text"], reasons, studies, strict=True
    )
    screened = _Screened()
    for line, (rid, ta_raw, ft_raw, reason, study) in enumerate(rows, start=2):
        if rid not in auto_ids:
            _place(screened, rid, ta_raw, ft_raw, reason, study, where=f"{sc_name}: line {line}")
    return screened


def _place(
    screened: _Screened,
    rid: str,
    ta_raw: object,
    ft_raw: object,
    reason: str,
    study: str,
    *,
    where: str,
) -> None:
    """Put one record in its screening boxes by its two decisions."""
    ta, ft = _decision(ta_raw), _decision(ft_raw)
    if ta not in TA_VALUES:
        raise DataError(
            f"{where}, record {rid}: title_abstract {_text(ta_raw)!r} is not "
            f"one of {', '.join(v or '(empty)' for v in TA_VALUES)}"
        )
    if ft not in FT_VALUES:
        raise DataError(
            f"{where}, record {rid}: full_text {_text(ft_raw)!r} is not "
            f"one of {', '.join(v or '(empty)' for v in FT_VALUES)}"
        )
    boxes = screened.boxes
    if ta != "include":
        if ft:
            raise DataError(
                f"{where}, record {rid}: full_text is {ft!r} but "
                f"title_abstract is {ta or '(empty)'!r}; only records included at "
                "title/abstract are sought as reports"
            )
        boxes["records_excluded" if ta == "exclude" else "records_awaiting"].append(rid)
        return
    boxes["reports_sought"].append(rid)
    if ft == "not_retrieved":
        boxes["reports_not_retrieved"].append(rid)
        return
    boxes["reports_assessed"].append(rid)
    if ft == "exclude":
        if not reason:
            raise DataError(
                f"{where}, record {rid}: excluded at full text without an "
                "exclusion_reason (PRISMA 2020 reports each reason)"
            )
        screened.excluded_by_reason.setdefault(reason, []).append(rid)
    elif ft == "include":
        boxes["reports_included"].append(rid)
        screened.included_studies.add(study or rid)
        screened.study_of[rid] = study or rid
    else:
        boxes["reports_awaiting"].append(rid)


def _refuse_unfinished(screened: _Screened, sc_name: str) -> None:
    """A review with records or reports awaiting a decision is not finished."""
    records, reports = screened.boxes["records_awaiting"], screened.boxes["reports_awaiting"]
    parts = []
    if records:
        parts.append(
            f"{len(records)} record(s) await title/abstract screening (first: {sorted(records)[0]})"
        )
    if reports:
        parts.append(
            f"{len(reports)} report(s) await full-text assessment (first: {sorted(reports)[0]})"
        )
    if parts:
        raise DataError(
            f"{sc_name}: screening is unfinished: {' and '.join(parts)} (maybe/conflict/empty);"
            " resolve them, or pass --allow-incomplete to draw them as awaiting"
        )


def _store_screening_members(screened: _Screened, tally: _Tally) -> None:
    for key, ids in screened.boxes.items():
        tally.members[key] = tuple(sorted(ids))
    for reason, ids in screened.excluded_by_reason.items():
        tally.members[f"reports_excluded:{reason}"] = tuple(sorted(ids))
    tally.members["reports_excluded"] = tuple(
        sorted(rid for ids in screened.excluded_by_reason.values() for rid in ids)
    )
