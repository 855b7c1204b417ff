"""Where screening stands: the tables ``slr screen status`` writes.

Reads the unique records (``record_id`` and bibliographic columns), the decisions history
(:func:`pipeline.screen.decisions.history`) and, if present, the model's queue
(``record_id, score, rank``). Produces:

- ``screening.csv``: one row per unique record, ``record_id, title_abstract, full_text,
  exclusion_reason, rank, score``, the final decision per stage in ``include``, ``exclude``,
  ``maybe``, ``conflict`` (full text also ``not_retrieved``) or ``""`` (undecided);
  ``exclusion_reason`` is the full-text reason of a full-text exclusion.
- ``fulltext.csv``: :func:`pipeline.screen.fulltext.fulltext_table`.
- ``included.parquet``: the records included at full text, record model plus
  ``screen_decision`` and ``screen_score``.
- ``agreement.csv``: :func:`pipeline.screen.agreement.agreement_table`.
- ``status.json``: the counts and the stopping rule's estimate.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records as rec
from pipeline.errors import DataError
from pipeline.screen.agreement import agreement_table
from pipeline.screen.decisions import CONSENSUS, final_decisions, latest
from pipeline.screen.fulltext import fulltext_counts, fulltext_table

log = logging.getLogger(__name__)

#: Columns of ``screening.csv``.
SCREENING_COLUMNS: tuple[str, ...] = (
    "record_id",
    "title_abstract",
    "full_text",
    "exclusion_reason",
    "rank",
    "score",
)


def read_queue(path: str | Path) -> pd.DataFrame:
    """The model's ranked queue (``record_id, score, rank``), empty if the file is absent."""
    path = Path(path)
    empty = pd.DataFrame(
        {
            "record_id": pd.Series(dtype=object),
            "score": pd.Series(dtype="float64"),
            "rank": pd.Series(dtype="Int64"),
        }
    )
    if not path.exists():
        return empty
    try:
        queue = pd.read_csv(path, dtype={"record_id": str}, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read the ranked queue ({exc})") from exc
    missing = [c for c in ("record_id", "rank") if c not in queue.columns]
    if missing:
        raise DataError(f"{path}: queue without column {', '.join(missing)}")
    out = pd.DataFrame({"record_id": queue["record_id"].astype(object)})
    out["score"] = pd.to_numeric(
        queue.get("score", pd.Series([math.nan] * len(queue))), errors="coerce"
    ).astype("float64")
    out["rank"] = pd.array(pd.to_numeric(queue["rank"], errors="coerce"), dtype="Int64")
    return out.sort_values(["rank", "record_id"], na_position="last").reset_index(drop=True)


@dataclass
class Status:
    """Everything ``slr screen status`` writes."""

    screening: pd.DataFrame
    fulltext: pd.DataFrame
    included: pd.DataFrame
    agreement: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)


def screening_table(
    records: pd.DataFrame,
    history: pd.DataFrame,
    *,
    queue: pd.DataFrame | None = None,
    resolver: str = CONSENSUS,
) -> pd.DataFrame:
    """One row per unique record with its final decision at each stage (sorted by id)."""
    ta = final_decisions(history, stage="title_abstract", resolver=resolver)
    ft = final_decisions(history, stage="full_text", resolver=resolver)
    out = pd.DataFrame({"record_id": sorted(records["record_id"])})
    ta_map = dict(zip(ta["record_id"], ta["decision"], strict=True))
    ft_map = dict(zip(ft["record_id"], ft["decision"], strict=True))
    reason_map = dict(zip(ft["record_id"], ft["reason"], strict=True))
    out["title_abstract"] = [ta_map.get(r, "") for r in out["record_id"]]
    out["full_text"] = [ft_map.get(r, "") for r in out["record_id"]]
    out["exclusion_reason"] = [
        reason_map.get(r, "") if f == "exclude" else ""
        for r, f in zip(out["record_id"], out["full_text"], strict=True)
    ]
    queue = queue if queue is not None else read_queue(Path("/nonexistent"))
    rank_map = dict(zip(queue["record_id"], queue["rank"], strict=True))
    score_map = dict(zip(queue["record_id"], queue["score"], strict=True))
    out["rank"] = pd.array([rank_map.get(r, pd.NA) for r in out["record_id"]], dtype="Int64")
    out["score"] = pd.array(
        [score_map.get(r, math.nan) for r in out["record_id"]], dtype="float64"
    ).round(6)
    return out[list(SCREENING_COLUMNS)]


def stopping(
    history: pd.DataFrame,
    n_total: int,
    *,
    resolver: str = CONSENSUS,
    target_recall: float = 0.95,
    screener: str | None = None,
) -> dict[str, Any] | None:
    """The stopping rule's estimate over the title/abstract labels in screening order.

    Labels are the final include (1) / exclude (0) decisions ordered by each record's first
    decision line (with ``screener``: that screener's own decisions). ``None`` when the
    model's stopping module is not installed.
    """
    try:
        from pipeline.screen.stopping import stopping_estimate
    except ImportError:  # pragma: no cover - the model side ships it
        log.warning("pipeline.screen.stopping is not available: no stopping estimate")
        return None
    if screener is None:
        final = final_decisions(history, stage="title_abstract", resolver=resolver)
        final = final.sort_values("first_line")
        decided = final[final["decision"].isin(["include", "exclude"])]
        order = [int(d == "include") for d in decided["decision"]]
    else:
        mine = history[(history["screener"] == screener) & (history["stage"] == "title_abstract")]
        current = latest(mine)
        first = mine.groupby("record_id")["line"].min() if len(mine) else pd.Series(dtype=int)
        if len(current):
            current = current.assign(first=[int(first[r]) for r in current["record_id"]])
            current = current.sort_values("first")
            current = current[current["decision"].isin(["include", "exclude"])]
            order = [int(d == "include") for d in current["decision"]]
        else:
            order = []
    try:
        estimate = stopping_estimate(order, int(n_total), target_recall=target_recall)
    except (ValueError, ArithmeticError) as exc:
        # The counts stay useful without the estimate; say why it is missing.
        log.warning("no stopping estimate: %s", exc)
        return None
    return {k: _plain(v) for k, v in estimate.items()}


def _plain(value: Any) -> Any:
    """JSON-friendly scalars (numpy numbers to Python, NaN to None)."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def build_status(
    records: pd.DataFrame,
    history: pd.DataFrame,
    *,
    queue: pd.DataFrame | None = None,
    resolver: str = CONSENSUS,
    target_recall: float = 0.95,
    review: str = "",
    stop_by_rule: bool = False,
) -> Status:
    """Compute every status table and the summary from records, decisions and queue.

    With ``stop_by_rule`` and the stopping rule saying stop, every record still without a
    title/abstract decision gets the rule's name in a ``stopped_by`` column of
    ``screening.csv`` (PRISMA then counts it as marked ineligible by automation), and the
    summary says how many under ``stopped_by_rule``.
    """
    ids = set(records["record_id"])
    screening = screening_table(records, history, queue=queue, resolver=resolver)
    ta = final_decisions(history, stage="title_abstract", resolver=resolver)
    ft = final_decisions(history, stage="full_text", resolver=resolver)
    fulltext = fulltext_table(records, ta, ft)
    agreement = agreement_table(history, resolver=resolver)

    included = _included_table(records, screening)
    unknown = _unknown_ids(history, ids)
    ta_col = screening["title_abstract"]
    counts = {c: int((ta_col == c).sum()) for c in ("include", "exclude", "maybe", "conflict")}
    ft_stray = _full_text_strays(screening)
    screeners = _screeners(history, resolver)
    screened = int((ta_col != "").sum())
    summary: dict[str, Any] = {
        "review": review,
        "records": int(len(records)),
        "screened": screened,
        "included": counts["include"],
        "excluded": counts["exclude"],
        "maybe": counts["maybe"],
        "conflicts": counts["conflict"],
        "remaining": int(len(records)) - screened,
        "full_text": fulltext_counts(fulltext),
        "screeners": screeners,
        "decisions": int(len(history)),
        "unknown_record_ids": len(unknown),
        "full_text_without_title_abstract_include": len(ft_stray),
        "stopping": stopping(
            history[history["record_id"].isin(ids)] if len(history) else history,
            len(records),
            resolver=resolver,
            target_recall=target_recall,
        ),
    }
    if stop_by_rule:
        summary["stopped_by_rule"] = _mark_stopped(screening, summary["stopping"])
    return Status(screening, fulltext, included, agreement, summary)


def _included_table(records: pd.DataFrame, screening: pd.DataFrame) -> pd.DataFrame:
    """The records included at full text, with ``screen_decision`` and ``screen_score``."""
    included_ids = set(screening.loc[screening["full_text"] == "include", "record_id"])
    included = records[records["record_id"].isin(included_ids)].copy()
    included = included.sort_values("record_id").reset_index(drop=True)
    score_map = dict(zip(screening["record_id"], screening["score"], strict=True))
    included["screen_decision"] = ["include"] * len(included)
    included["screen_score"] = pd.array(
        [score_map.get(r, math.nan) for r in included["record_id"]], dtype="float64"
    )
    return included


def _unknown_ids(history: pd.DataFrame, ids: set[str]) -> list[str]:
    """Decided record ids that are not unique records (logged: they are not counted)."""
    unknown = sorted(set(history["record_id"]) - ids) if len(history) else []
    if unknown:
        log.warning(
            "%d decided record id(s) are not among the unique records (first: %s); "
            "they are left out of the counts",
            len(unknown),
            unknown[0],
        )
    return unknown


def _full_text_strays(screening: pd.DataFrame) -> list[str]:
    """Records with a full-text decision but no title/abstract include (logged)."""
    ft_stray = sorted(
        set(
            screening.loc[
                (screening["full_text"] != "") & (screening["title_abstract"] != "include"),
                "record_id",
            ]
        )
    )
    if ft_stray:
        log.warning(
            "%d record(s) have a full-text decision but are not included at title/abstract "
            "(first: %s); they are not in the full-text list",
            len(ft_stray),
            ft_stray[0],
        )
    return ft_stray


def _screeners(history: pd.DataFrame, resolver: str) -> dict[str, list[str]]:
    """Who screened at each stage (the resolver apart)."""
    current = latest(history)
    return {
        stage: sorted(set(current.loc[current["stage"] == stage, "screener"]) - {resolver})
        if len(current)
        else []
        for stage in ("title_abstract", "full_text")
    }


def _mark_stopped(screening: pd.DataFrame, estimate: dict[str, Any] | None) -> dict | None:
    """Mark the undecided records ``stopped_by`` the rule if it says stop (in place)."""
    if not estimate or not estimate.get("stop"):
        log.warning(
            "screen.stop_by_rule is set but the stopping rule does not say stop: the "
            "unscreened records stay awaiting a decision"
        )
        return None
    method = str(estimate.get("method", "stopping_rule"))
    open_ = screening["title_abstract"] == ""
    screening["stopped_by"] = [method if o else "" for o in open_]
    return {
        "method": method,
        "records": int(open_.sum()),
        "guarantee": estimate.get("guarantee", ""),
    }


def write_status(status: Status, outdir: str | Path) -> dict[str, Path]:
    """Write the status files into ``outdir`` (``outputs/screen``); returns their paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {
        "status": outdir / "status.json",
        "screening": outdir / "screening.csv",
        "included": outdir / "included.parquet",
        "fulltext": outdir / "fulltext.csv",
        "agreement": outdir / "agreement.csv",
    }
    from pipeline.cells import neutralise_frame
    from pipeline.files import write_csv, write_text

    write_csv(status.screening, paths["screening"], index=False)
    # Titles are free text that people open in spreadsheets.
    write_csv(neutralise_frame(status.fulltext), paths["fulltext"], index=False)
    write_csv(status.agreement, paths["agreement"], index=False)
    rec.write_records(status.included, paths["included"])
    write_text(paths["status"], json.dumps(status.summary, indent=2, sort_keys=False) + "\n")
    return paths
