"""Check that the PRISMA numbers add up before anything is drawn.

Every arrow of the flow diagram is an equation (PRISMA 2020: records flow from one box to the
next or to an exclusion box, none appear or vanish). :func:`check_counts` checks them on a
:class:`~pipeline.prisma.counts.Counts`, whether computed from the pipeline or typed into a
counts CSV; :func:`pipeline.prisma.sources.check_sources` checks the counts against the number of rows
in the files behind them. A mismatch raises one :class:`DataError` line naming the boxes and numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.errors import DataError

if TYPE_CHECKING:
    from pipeline.prisma.counts import Counts, OtherMethods


def _n(label: str, n: int) -> str:
    return f"{label} (n = {n})"


def _unequal(lhs: str, lhs_n: int, rhs_label: str, rhs_n: int) -> list[str]:
    """``[sentence]`` when the two sides differ, else ``[]``."""
    return [] if lhs_n == rhs_n else [f"{lhs} = {lhs_n}, but {_n(rhs_label, rhs_n)}"]


def problems(counts: Counts) -> list[str]:
    """Every broken equation of ``counts``, as sentences (empty when all add up)."""
    return [
        *_negatives(counts),
        *_identification(counts),
        *_screening(counts),
        *_included(counts),
        *_meta_analysis(counts),
    ]


def _negatives(c: Counts) -> list[str]:
    negatives = [
        name
        for name, value in (
            ("database_results", c.database_results),
            ("register_results", c.register_results),
            ("duplicates", c.duplicates),
            ("excluded_automatic", c.excluded_automatic),
            ("excluded_other", c.excluded_other),
            ("records_screened", c.records_screened),
            ("records_excluded", c.records_excluded),
            ("reports_sought", c.reports_sought),
            ("reports_not_retrieved", c.reports_not_retrieved),
            ("reports_assessed", c.reports_assessed),
            ("studies_included", c.studies_included),
            ("reports_included", c.reports_included),
        )
        if value < 0
    ]
    negatives += [f"{label!r}" for label, n in c.reports_excluded if n < 0]
    return [f"negative count(s): {', '.join(negatives)}"] if negatives else []


def _identification(c: Counts) -> list[str]:
    """Per-source numbers add up to their total; identified - removed = screened."""
    out: list[str] = []
    for total, items, label in (
        (c.database_results, c.database_specific, "Databases"),
        (c.register_results, c.register_specific, "Registers"),
    ):
        if items:
            out += _unequal(
                " + ".join(_n(k, v) for k, v in items),
                sum(v for _, v in items),
                label,
                total,
            )
    out += _unequal(
        f"{_n('Records identified', c.identified)} - {_n('Duplicate records removed', c.duplicates)}"
        f" - {_n('Records marked as ineligible by automation tools', c.excluded_automatic)}"
        f" - {_n('Records removed for other reasons', c.excluded_other)}",
        c.identified - c.removed,
        "Records screened",
        c.records_screened,
    )
    return out


def _screening(c: Counts) -> list[str]:
    """Screened - excluded (- awaiting) = sought; sought - not retrieved = assessed."""
    awaiting = (
        f" - {_n('Records awaiting screening', c.records_awaiting)}" if c.records_awaiting else ""
    )
    return [
        *_unequal(
            f"{_n('Records screened', c.records_screened)} - "
            f"{_n('Records excluded', c.records_excluded)}{awaiting}",
            c.records_screened - c.records_excluded - c.records_awaiting,
            "Reports sought for retrieval",
            c.reports_sought,
        ),
        *_unequal(
            f"{_n('Reports sought for retrieval', c.reports_sought)} - "
            f"{_n('Reports not retrieved', c.reports_not_retrieved)}",
            c.reports_sought - c.reports_not_retrieved,
            "Reports assessed for eligibility",
            c.reports_assessed,
        ),
    ]


def _other_methods(o: OtherMethods) -> list[str]:
    """The right-hand column's own arrows."""
    out: list[str] = []
    if o.sought > o.identified:
        out.append(
            f"{_n('Reports sought for retrieval (other methods)', o.sought)} is more than "
            f"{_n('Records identified (other methods)', o.identified)}"
        )
    out += _unequal(
        f"{_n('Reports sought for retrieval (other methods)', o.sought)} - "
        f"{_n('Reports not retrieved (other methods)', o.not_retrieved)}",
        o.sought - o.not_retrieved,
        "Reports assessed for eligibility (other methods)",
        o.assessed,
    )
    if o.reports_included < 0:
        out.append(
            f"{_n('Reports excluded (other methods)', o.excluded_total)} is more than "
            f"{_n('Reports assessed for eligibility (other methods)', o.assessed)}"
        )
    if o.studies is not None and o.studies > o.reports_included:
        out.append(
            f"{_n('Studies included via other methods', o.studies)} is more than their "
            f"reports (n = {o.reports_included})"
        )
    return out


def _included(c: Counts) -> list[str]:
    """Assessed - excluded (- awaiting) (+ other methods) = reports included; every study
    has a report."""
    out = _other_methods(c.other) if c.other is not None else []
    other_included = c.other.reports_included if c.other is not None else 0
    awaiting = (
        f" - {_n('Reports awaiting assessment', c.reports_awaiting)}" if c.reports_awaiting else ""
    )
    other = f" + reports included via other methods (n = {other_included})" if c.other else ""
    out += _unequal(
        f"{_n('Reports assessed for eligibility', c.reports_assessed)} - "
        f"{_n('Reports excluded', c.reports_excluded_total)}{awaiting}{other}",
        c.reports_assessed - c.reports_excluded_total - c.reports_awaiting + other_included,
        "Reports of included studies",
        c.reports_included,
    )
    if c.studies_included > c.reports_included:
        out.append(
            f"{_n('Studies included in review', c.studies_included)} is more than "
            f"{_n('Reports of included studies', c.reports_included)}; each study has a report"
        )
    if c.reports_included and not c.studies_included:
        out.append(
            f"{_n('Reports of included studies', c.reports_included)} but "
            f"{_n('Studies included in review', 0)}"
        )
    return out


def _meta_analysis(c: Counts) -> list[str]:
    return [
        f"{what} in the meta-analysis (n = {part}) are more than the total included (n = {total})"
        for what, part, total in (
            ("Studies", c.studies_meta_analysis, c.total_studies),
            ("Reports", c.reports_meta_analysis, c.total_reports),
        )
        if part > total
    ]


def check_counts(counts: Counts) -> Counts:
    """Return ``counts`` if every arrow adds up, else raise one :class:`DataError` line."""
    found = problems(counts)
    if found:
        raise DataError("PRISMA counts do not add up: " + "; ".join(found))
    return counts
