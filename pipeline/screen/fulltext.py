"""Full-text eligibility: the reports sought after title/abstract screening.

PRISMA 2020 counts, for the reports of the records included at title/abstract: reports
sought for retrieval, reports not retrieved, reports assessed for eligibility, reports
excluded (with the number per reason) and studies included. :func:`fulltext_table` gives one
row per report sought with its status, so each of those numbers is a count over a column.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

#: Columns of ``fulltext.csv``.
FULLTEXT_COLUMNS: tuple[str, ...] = (
    "record_id",
    "title",
    "year",
    "journal",
    "doi",
    "status",
    "full_text",
    "exclusion_reason",
    "screeners",
)
#: ``status`` values: the full-text decision, or ``awaiting`` before anyone decided.
STATUS: dict[str, str] = {
    "": "awaiting",
    "include": "included",
    "exclude": "excluded",
    "not_retrieved": "not_retrieved",
    "maybe": "maybe",
    "conflict": "conflict",
}


def fulltext_table(
    records: pd.DataFrame, title_abstract: pd.DataFrame, full_text: pd.DataFrame
) -> pd.DataFrame:
    """The full-text list: records whose final title/abstract decision is include.

    ``records`` is the unique records table; ``title_abstract`` and ``full_text`` are final
    decisions (:func:`pipeline.screen.decisions.final_decisions`). Sorted by record_id.
    """
    sought = sorted(set(title_abstract.loc[title_abstract["decision"] == "include", "record_id"]))
    # The set once, not once per sought record (that was quadratic: minutes at 200,000).
    known = set(records["record_id"])
    sought = [r for r in sought if r in known]
    info = records.set_index("record_id")
    ft = full_text.set_index("record_id") if len(full_text) else None
    rows = []
    for record_id in sought:
        row = info.loc[record_id]
        decision = reason = screeners = ""
        if ft is not None and record_id in ft.index:
            decision = str(ft.at[record_id, "decision"])
            reason = str(ft.at[record_id, "reason"]) if decision == "exclude" else ""
            screeners = str(ft.at[record_id, "screeners"])
        rows.append(
            {
                "record_id": record_id,
                "title": row["title"],
                "year": row["year"],
                "journal": row["journal"],
                "doi": row["doi"],
                "status": STATUS[decision],
                "full_text": decision,
                "exclusion_reason": reason,
                "screeners": screeners,
            }
        )
    out = pd.DataFrame(rows, columns=list(FULLTEXT_COLUMNS))
    out["year"] = pd.array(list(out["year"]), dtype="Int64")
    return out


def fulltext_counts(table: pd.DataFrame) -> dict[str, Any]:
    """PRISMA 2020 full-text numbers from :func:`fulltext_table`'s output.

    ``assessed`` counts the reports retrieved and given a decision (include, exclude, maybe
    or conflict); ``awaiting`` those retrieved or sought but not yet decided.
    """
    status = Counter(table["status"])
    reasons = Counter(table.loc[table["status"] == "excluded", "exclusion_reason"])
    return {
        "sought": int(len(table)),
        "not_retrieved": status["not_retrieved"],
        "assessed": status["included"] + status["excluded"] + status["maybe"] + status["conflict"],
        "included": status["included"],
        "excluded": status["excluded"],
        "maybe": status["maybe"],
        "conflicts": status["conflict"],
        "awaiting": status["awaiting"],
        "reasons": {k: reasons[k] for k in sorted(reasons)},
    }
