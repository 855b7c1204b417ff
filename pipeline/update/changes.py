"""What an update changed, and the PRISMA 2020 tables of an updated review.

PRISMA 2020 (Page et al., BMJ 2021;372:n71, figure 1, "updated systematic reviews"): the
"previous studies" column holds the studies and reports included in the previous version;
the current column counts only what the new searches found, with the records already in the
previous version removed before screening alongside the duplicates; the bottom box adds
both. Here every one of those numbers is a query over the two versions' own files:

- previous studies/reports: the previous version's ``screening.csv`` (records included at
  full text; studies by ``study_id``/``report_of`` when present);
- the current column: the update's ``clusters.csv`` with each record matched to the previous
  version marked as a duplicate of it, and the screening rows of the new records only.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from pipeline.errors import DataError
from pipeline.prisma.counts import STUDY_COLUMNS, Counts, Previous
from pipeline.update.match import NEW

__all__ = [
    "CHANGE_COLUMNS",
    "change_table",
    "previous_counts",
    "prisma_tables",
    "reconcile",
    "to_markdown",
]

#: Columns of ``changes.csv``: one row per new record of the update.
CHANGE_COLUMNS: tuple[str, ...] = (
    "record_id",
    "change",
    "title",
    "year",
    "title_abstract",
    "full_text",
    "exclusion_reason",
)
#: ``change`` values, in the order the report lists them.
CHANGES: tuple[str, ...] = (
    "new inclusion",
    "excluded on full text",
    "not retrieved",
    "excluded on title/abstract",
    "awaiting screening",
)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _low(value: object) -> str:
    return _cell(value).lower().replace("-", "_").replace(" ", "_")


def _study_column(screening: pd.DataFrame) -> str | None:
    return next((c for c in STUDY_COLUMNS if c in screening.columns), None)


def included(screening: pd.DataFrame) -> tuple[list[str], set[str]]:
    """Record ids included at full text, and the studies they report (by study id)."""
    study_col = _study_column(screening)
    reports: list[str] = []
    studies: set[str] = set()
    for row in screening.to_dict("records"):
        if _low(row["title_abstract"]) == "include" and _low(row["full_text"]) == "include":
            rid = _cell(row["record_id"])
            reports.append(rid)
            studies.add(_cell(row[study_col]) if study_col and _cell(row[study_col]) else rid)
    return sorted(reports), studies


def previous_counts(screening: pd.DataFrame) -> Previous:
    """The previous version's included studies and reports, from its ``screening.csv``."""
    missing = {"record_id", "title_abstract", "full_text"} - set(screening.columns)
    if missing:
        raise DataError(f"previous screening.csv: missing column(s) {', '.join(sorted(missing))}")
    reports, studies = included(screening)
    return Previous(studies=len(studies), reports=len(reports))


def prisma_tables(
    clusters: pd.DataFrame, matches: pd.DataFrame, screening: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(clusters, screening)`` for the current column of the updated-review diagram.

    ``clusters``: the update's ``clusters.csv``; each kept record that matches the previous
    version becomes a duplicate of the previous record (``kept`` False, ``duplicate_of`` the
    previous id, ``rule`` ``previous version: <rule>``). ``screening``: the update's
    screening table (previous and new records); only the new records' rows are kept.
    """
    by_id = dict(zip(matches["record_id"], matches["update_match"], strict=True))
    rule_of = dict(zip(matches["record_id"], matches["rule"], strict=True))
    out = clusters.copy().astype({"kept": str})
    kept = out["kept"].str.strip().str.lower().isin({"true", "1", "yes"})
    stray = sorted(set(out.loc[kept, "record_id"]) - set(by_id))
    if stray:
        raise DataError(f"matches.csv has no row for unique record {stray[0]}; rerun slr update")
    for pos in out.index[kept]:
        rid = out.at[pos, "record_id"]
        match = by_id[rid]
        if match != NEW:
            out.at[pos, "kept"] = "False"
            out.at[pos, "duplicate_of"] = match.split(":", 1)[1]
            out.at[pos, "rule"] = f"previous version: {rule_of[rid]}"
    new_ids = {rid for rid, m in by_id.items() if m == NEW}
    rows = screening[screening["record_id"].isin(new_ids)].reset_index(drop=True)
    return out, rows


def reconcile(
    counts: Counts,
    *,
    matches: pd.DataFrame,
    screening: pd.DataFrame,
    previous_screening: pd.DataFrame,
    previous_diagram: Counts | None = None,
) -> list[str]:
    """Checks across both versions; each problem is one line (empty list: all agree).

    - every previous record keeps its title/abstract, full-text decision and reason;
    - the current column screens exactly the new records;
    - the previous column equals the previous version's own diagram (its counts CSV);
    - the total equals the studies included in the update's screening table.
    """
    problems: list[str] = []
    cur = screening.set_index("record_id")
    cols = ("title_abstract", "full_text", "exclusion_reason")
    for row in previous_screening.to_dict("records"):
        rid = row["record_id"]
        if rid not in cur.index:
            problems.append(f"previous record {rid} is not in the update's screening table")
            continue
        for col in cols:
            if col in row and _cell(row[col]) != _cell(cur.at[rid, col]):
                problems.append(
                    f"previous record {rid}: {col} was {_cell(row[col])!r}, now "
                    f"{_cell(cur.at[rid, col])!r}"
                )
    n_new = int((matches["update_match"] == NEW).sum())
    if counts.records_screened + counts.excluded_automatic != n_new:
        problems.append(
            f"records screened ({counts.records_screened}) != new records in matches.csv ({n_new})"
        )
    if previous_diagram is not None:
        for what, mine, theirs in (
            (
                "studies",
                counts.previous.studies if counts.previous else 0,
                previous_diagram.total_studies,
            ),
            (
                "reports",
                counts.previous.reports if counts.previous else 0,
                previous_diagram.total_reports,
            ),
        ):
            if mine != theirs:
                problems.append(
                    f"previous {what} ({mine}) != total {what} of the previous "
                    f"version's diagram ({theirs})"
                )
    reports, studies = included(screening)
    if counts.total_reports != len(reports):
        problems.append(
            f"total reports ({counts.total_reports}) != reports included in the "
            f"update's screening table ({len(reports)})"
        )
    if counts.total_studies != len(studies):
        problems.append(
            f"total studies ({counts.total_studies}) != studies included in the "
            f"update's screening table ({len(studies)})"
        )
    return problems


def _change(ta: str, ft: str) -> str:
    if ta == "include":
        return {
            "include": "new inclusion",
            "exclude": "excluded on full text",
            "not_retrieved": "not retrieved",
        }.get(ft, "awaiting screening")
    return "excluded on title/abstract" if ta == "exclude" else "awaiting screening"


def change_table(matches: pd.DataFrame, screening: pd.DataFrame) -> pd.DataFrame:
    """One row per new record (:data:`CHANGE_COLUMNS`), by change then record id."""
    new = matches[matches["update_match"] == NEW]
    by_id = screening.set_index("record_id")
    rows = []
    for rid, title, year in zip(new["record_id"], new["title"], new["year"], strict=True):
        s = by_id.loc[rid] if rid in by_id.index else {}
        ta, ft = _low(s.get("title_abstract", "")), _low(s.get("full_text", ""))
        rows.append(
            {
                "record_id": rid,
                "change": _change(ta, ft),
                "title": _cell(title),
                "year": _cell(year),
                "title_abstract": ta,
                "full_text": ft,
                "exclusion_reason": _cell(s.get("exclusion_reason", "")),
            }
        )
    frame = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    frame["_o"] = [CHANGES.index(c) for c in frame["change"]]
    frame = frame.sort_values(["_o", "record_id"], kind="mergesort").drop(columns="_o")
    return frame.reset_index(drop=True)


def to_markdown(
    changes: pd.DataFrame, matches: pd.DataFrame, *, previous: Previous, counts: Counts | None
) -> str:
    """The "what changed" report: matched records by rule, then the new records by change."""
    matched = matches[matches["update_match"] != NEW]
    rules = Counter(matched["rule"])
    lines = ["# What changed in this update", ""]
    lines.append(f"- unique records found by the update's searches: {len(matches)}")
    lines.append(
        f"- already in the previous version (set aside, not screened again): "
        f"{len(matched)}"
        + (" (" + ", ".join(f"{r}: {n}" for r, n in sorted(rules.items())) + ")" if rules else "")
    )
    lines.append(f"- new records: {len(changes)}")
    tally = Counter(changes["change"])
    for change in CHANGES:
        lines.append(f"  - {change}: {tally.get(change, 0)}")
    lines.append(
        f"- studies included in the previous version: {previous.studies} "
        f"({previous.reports} reports)"
    )
    if counts is not None:
        lines.append(
            f"- studies included now: {counts.total_studies} ({counts.total_reports} reports)"
        )
    possible = matches[(matches["update_match"] == NEW) & (matches["possible_match"] != "")]
    if len(possible):
        lines.append(
            f"- new records that resemble a previous record (screened as new; check "
            f"them): {len(possible)}"
        )
    for change in ("new inclusion", "excluded on full text", "awaiting screening"):
        part = changes[changes["change"] == change]
        if not len(part):
            continue
        lines += ["", f"## {change[0].upper()}{change[1:]} ({len(part)})", ""]
        for row in part.to_dict("records"):
            reason = f" — {row['exclusion_reason']}" if row["exclusion_reason"] else ""
            year = f" ({row['year']})" if row["year"] else ""
            lines.append(f"- `{row['record_id']}` {row['title']}{year}{reason}")
    return "\n".join(lines) + "\n"
