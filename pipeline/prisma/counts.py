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
    names = {
        "ingest_report": "ingest_report.csv",
        "clusters": "clusters.csv",
        "screening": "screening.csv",
        "unique": "unique.parquet",
        "ingested": "records.parquet",
        "quarantine": "quarantine.csv",
        **(names or {}),
    }
    members: dict[str, tuple[str, ...]] = {}
    checks: list[Check] = []
    notes: dict[str, str] = {}

    # --- identification: per database / register, from the ingest report ------------------
    rep_name = names["ingest_report"]
    _require(
        ingest_report, ("database", "records_read", "records_kept", "records_quarantined"), rep_name
    )
    read = _int_column(ingest_report, "records_read", rep_name)
    kept = _int_column(ingest_report, "records_kept", rep_name)
    quarantined = _int_column(ingest_report, "records_quarantined", rep_name)
    files = (
        [_text(v) for v in ingest_report["file"]]
        if "file" in ingest_report.columns
        else [f"row {i + 2}" for i in range(len(ingest_report))]
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
    for i, (db, r) in enumerate(zip(ingest_report["database"].tolist(), read, strict=True)):
        raw = _text(db)
        if not raw:
            raise DataError(f"{rep_name}: row {i + 2} ({files[i]}) has no database")
        label = display_name(raw)
        by_source[label] = by_source.get(label, 0) + r
        is_register[label] = fold_text(raw) in register_keys
    database_specific = sort_items({k: v for k, v in by_source.items() if not is_register[k]})
    register_specific = sort_items({k: v for k, v in by_source.items() if is_register[k]})
    excluded_other = sum(quarantined)
    notes["excluded_other"] = "records quarantined by ingest (unreadable or incomplete)"

    if quarantine is not None:
        checks.append(
            Check(
                f"Records removed for other reasons ({rep_name}: records_quarantined)",
                excluded_other,
                f"rows in {names['quarantine']}",
                len(quarantine),
            )
        )
    if ingested is not None:
        _require(ingested, ("record_id", "source"), names["ingested"])
        by_label: dict[str, list[str]] = {}
        for rid, src in zip(ingested["record_id"], ingested["source"], strict=True):
            by_label.setdefault(display_name(_text(src)), []).append(str(rid))
        for label, ids in by_label.items():
            members[f"source:{label}"] = tuple(sorted(ids))
        checks.append(
            Check(
                f"Records kept by ingest ({rep_name}: records_kept)",
                sum(kept),
                f"rows in {names['ingested']}",
                len(ingested),
            )
        )

    # --- deduplication -----------------------------------------------------------------------
    cl_name = names["clusters"]
    _require(clusters, ("record_id", "kept"), cl_name)
    cl_ids = [_text(v) for v in clusters["record_id"]]
    if "" in cl_ids:
        raise DataError(f"{cl_name}: row {cl_ids.index('') + 2} has no record_id")
    repeated = [rid for rid, n in Counter(cl_ids).items() if n > 1]
    if repeated:
        raise DataError(f"{cl_name}: record_id {sorted(repeated)[0]!r} occurs more than once")
    cl_kept = [_truthy(v) for v in clusters["kept"]]
    kept_ids = [rid for rid, k in zip(cl_ids, cl_kept, strict=True) if k]
    duplicate_ids = sorted(rid for rid, k in zip(cl_ids, cl_kept, strict=True) if not k)
    members["duplicates"] = tuple(duplicate_ids)
    checks.append(
        Check(
            f"Records identified (n = {sum(read)}) - records removed for other reasons "
            f"(n = {excluded_other})",
            sum(read) - excluded_other,
            f"rows in {cl_name}",
            len(clusters),
        )
    )

    # The files must agree before their rows are matched record by record.
    check_sources(checks)
    if ingested is not None:
        lost = sorted(set(map(str, ingested["record_id"])) - set(cl_ids))
        if lost:
            raise DataError(
                f"{cl_name}: {len(lost)} ingested record(s) of {names['ingested']} have no row "
                f"(first: {lost[0]}); rerun dedup on the current ingest output"
            )

    # --- automation tools ----------------------------------------------------------------------
    auto_ids: set[str] = set()
    if unique is not None:
        un_name = names["unique"]
        _require(unique, ("record_id",), un_name)
        checks.append(
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
    check_sources(checks)
    automation_note = _stopped_by_rule(screening, auto_ids)
    if automation_note:
        notes["excluded_automatic"] = automation_note
    members["excluded_automatic"] = tuple(sorted(auto_ids))
    screened_ids = sorted(set(kept_ids) - auto_ids)
    members["records_screened"] = tuple(screened_ids)

    # --- screening -----------------------------------------------------------------------------
    sc_name = names["screening"]
    _require(screening, ("record_id", "title_abstract", "full_text"), sc_name)
    sc_ids = [_text(v) for v in screening["record_id"]]
    repeated = [rid for rid, n in Counter(sc_ids).items() if n > 1]
    if repeated:
        raise DataError(f"{sc_name}: record_id {sorted(repeated)[0]!r} occurs more than once")
    kept_set = set(kept_ids)
    stray = sorted(set(sc_ids) - kept_set)
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
    reasons_col = (
        [_text(v) for v in screening["exclusion_reason"]]
        if "exclusion_reason" in screening.columns
        else [""] * len(screening)
    )
    study_col = next((c for c in STUDY_COLUMNS if c in screening.columns), None)
    studies = [_text(v) for v in screening[study_col]] if study_col else [""] * len(screening)

    groups: dict[str, list[str]] = {
        k: []
        for k in (
            "records_excluded",
            "records_awaiting",
            "reports_sought",
            "reports_not_retrieved",
            "reports_assessed",
            "reports_awaiting",
            "reports_included",
        )
    }
    excluded_by_reason: dict[str, list[str]] = {}
    included_studies: set[str] = set()
    study_of: dict[str, str] = {}
    rows = zip(
        sc_ids,
        screening["title_abstract"],
        screening["full_text"],
        reasons_col,
        studies,
        strict=True,
    )
    for line, (rid, ta_raw, ft_raw, reason, study) in enumerate(rows, start=2):
        if rid in auto_ids:
            continue  # removed before screening; any decision on it does not count
        ta, ft = _decision(ta_raw), _decision(ft_raw)
        if ta not in TA_VALUES:
            raise DataError(
                f"{sc_name}: line {line}, record {rid}: title_abstract {_text(ta_raw)!r} is not "
                f"one of {', '.join(v or '(empty)' for v in TA_VALUES)}"
            )
        if ft not in FT_VALUES:
            raise DataError(
                f"{sc_name}: line {line}, record {rid}: full_text {_text(ft_raw)!r} is not "
                f"one of {', '.join(v or '(empty)' for v in FT_VALUES)}"
            )
        if ta != "include":
            if ft:
                raise DataError(
                    f"{sc_name}: line {line}, record {rid}: full_text is {ft!r} but "
                    f"title_abstract is {ta or '(empty)'!r}; only records included at "
                    "title/abstract are sought as reports"
                )
            groups["records_excluded" if ta == "exclude" else "records_awaiting"].append(rid)
            continue
        groups["reports_sought"].append(rid)
        if ft == "not_retrieved":
            groups["reports_not_retrieved"].append(rid)
            continue
        groups["reports_assessed"].append(rid)
        if ft == "exclude":
            if not reason:
                raise DataError(
                    f"{sc_name}: line {line}, record {rid}: excluded at full text without an "
                    "exclusion_reason (PRISMA 2020 reports each reason)"
                )
            excluded_by_reason.setdefault(reason, []).append(rid)
        elif ft == "include":
            groups["reports_included"].append(rid)
            included_studies.add(study or rid)
            study_of[rid] = study or rid
        else:
            groups["reports_awaiting"].append(rid)

    if not allow_incomplete and (groups["records_awaiting"] or groups["reports_awaiting"]):
        parts = []
        if groups["records_awaiting"]:
            parts.append(
                f"{len(groups['records_awaiting'])} record(s) await title/abstract screening "
                f"(first: {sorted(groups['records_awaiting'])[0]})"
            )
        if groups["reports_awaiting"]:
            parts.append(
                f"{len(groups['reports_awaiting'])} report(s) await full-text assessment "
                f"(first: {sorted(groups['reports_awaiting'])[0]})"
            )
        raise DataError(
            f"{sc_name}: screening is unfinished: {' and '.join(parts)} (maybe/conflict/empty);"
            " resolve them, or pass --allow-incomplete to draw them as awaiting"
        )

    for key, ids in groups.items():
        members[key] = tuple(sorted(ids))
    for reason, ids in excluded_by_reason.items():
        members[f"reports_excluded:{reason}"] = tuple(sorted(ids))
    members["reports_excluded"] = tuple(
        sorted(rid for ids in excluded_by_reason.values() for rid in ids)
    )

    other = None if other is None or other.is_empty() else other
    counts = Counts(
        database_results=sum(n for _, n in database_specific),
        register_results=sum(n for _, n in register_specific),
        database_specific=database_specific,
        register_specific=register_specific,
        duplicates=len(duplicate_ids),
        excluded_automatic=len(auto_ids),
        excluded_other=excluded_other,
        records_screened=len(screened_ids),
        records_excluded=len(groups["records_excluded"]),
        records_awaiting=len(groups["records_awaiting"]),
        reports_sought=len(groups["reports_sought"]),
        reports_not_retrieved=len(groups["reports_not_retrieved"]),
        reports_assessed=len(groups["reports_assessed"]),
        reports_excluded=sort_items({k: len(v) for k, v in excluded_by_reason.items()}),
        reports_awaiting=len(groups["reports_awaiting"]),
        studies_included=len(included_studies) + (other.studies_included if other else 0),
        reports_included=len(groups["reports_included"]) + (other.reports_included if other else 0),
        other=other,
        previous=previous,
        automation_note=automation_note,
    )
    return Result(
        counts=counts,
        members=members,
        checks=checks,
        notes=notes,
        study_of=study_of,
        quarantined_files=tuple((f, q) for f, q in zip(files, quarantined, strict=True) if q),
    )
