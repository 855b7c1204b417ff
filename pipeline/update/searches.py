"""The searches of an updated review: the window to search, and one search log for both.

An update searches from the date the previous version searched. PubMed's ``mindate`` is
inclusive (NCBI E-utilities, ESearch ``mindate``/``maxdate``), so the day of the previous
search is searched again: records added that day may have been missed then, and the ones
that were not are matched to the previous version and set aside (never screened twice).
For an update the date type should be ``edat`` (the Entrez date, when PubMed added the
record) rather than ``pdat``: a paper published long ago can be added to PubMed after the
previous search, and a publication-date window would miss it.

The search log of an update keeps every search of every version (PRISMA-S item 13: the
date each database was searched), as one block per search date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from pipeline.errors import DataError
from pipeline.search.log import LOG_COLUMNS

__all__ = ["blocks_markdown", "merge_logs", "mindate_from"]

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def mindate_from(manifest: dict[str, Any], *, name: str = "manifest") -> str:
    """The ``mindate`` (``YYYY/MM/DD``) of an update: the previous search's date.

    >>> mindate_from({"date_searched": "2026-11-23", "status": "complete"})
    '2026/11/23'
    """
    if manifest.get("status") != "complete":
        raise DataError(f"{name}: the previous search is {manifest.get('status')}, not complete")
    found = _DATE.match(str(manifest.get("date_searched", "")))
    if not found:
        raise DataError(f"{name}: no date_searched (YYYY-MM-DD) in the previous search")
    dt.date(*(int(g) for g in found.groups()))  # a real date, or ValueError below
    return "/".join(found.groups())


def merge_logs(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Both versions' search logs in one table: a ``version`` column, by date then database.

    ``previous`` may itself be an update's merged log (it has ``version``); its rows keep
    their versions.
    """
    parts = []
    for frame, version in ((previous, "previous"), (current, "update")):
        missing = [c for c in LOG_COLUMNS if c not in frame.columns]
        if missing:
            raise DataError(f"{version} search log: missing column(s) {', '.join(missing)}")
        part = frame[list(LOG_COLUMNS)].astype(str).copy()
        given = frame["version"].astype(str) if "version" in frame.columns else None
        part.insert(0, "version", given.tolist() if given is not None else version)
        parts.append(part)
    both = pd.concat(parts, ignore_index=True).fillna("")
    key = [c.casefold() for c in both["database"]]
    both = both.assign(_db=key).sort_values(["date_searched", "_db", "file"], kind="mergesort")
    return both.drop(columns="_db").reset_index(drop=True)


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def blocks_markdown(frame: pd.DataFrame) -> str:
    """A Markdown search log with one block per search date, oldest first."""
    lines = [
        "# Search log",
        "",
        "Every search of every version of the review, one block per date searched, with the "
        "full strategies as run (PRISMA-S items 1, 8, 9, 13).",
    ]
    for date, block in frame.groupby("date_searched", sort=True):
        versions = ", ".join(sorted(set(block["version"])))
        lines += ["", f"## Searched {date or 'on an unrecorded date'} ({versions})", ""]
        lines += [
            "| Database | Platform | Limits | Hits reported | Records retrieved |",
            "|---|---|---|---|---|",
        ]
        for row in block.itertuples(index=False):
            lines.append(
                f"| {_cell(row.database)} | {_cell(row.platform)} | "
                f"{_cell(row.limits) or '-'} | {_cell(row.hits_reported) or '-'} | "
                f"{_cell(row.records_retrieved) or '-'} |"
            )
        for row in block.itertuples(index=False):
            fence = "````" if "```" in row.strategy else "```"
            lines += ["", f"### {row.database} ({row.platform}), {date}", ""]
            lines += [f"- Limits: {row.limits or 'none'}"]
            if row.file:
                lines += [f"- File: `{row.file}`"]
            if row.notes:
                lines += [f"- Notes: {row.notes}"]
            lines += ["", fence, str(row.strategy).rstrip(), fence]
    return "\n".join(lines) + "\n"
