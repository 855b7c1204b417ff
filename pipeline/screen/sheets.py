"""Screening spreadsheets: export records for people to decide, import their decisions.

Export columns: ``record_id, rank, score, title, abstract, journal, year, authors, doi`` and
the empty ``decision, reason, note`` columns the screener fills. Text cells that a
spreadsheet would evaluate (``=``, ``+``, ``-``, ``@``...) are neutralised with a leading
quote (:mod:`pipeline.cells`) and restored on import. XLSX sheets get a dropdown for
``decision`` (and for ``reason`` at full text).

Import is all or nothing: unknown record ids, bad decision values, a full-text exclusion
without a reason from the list, or a record decided twice in the sheet give one error that
lists the first problems, and nothing is written. Rows with a blank decision are skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.cells import neutralise_frame, restore_cell
from pipeline.errors import DataError, UsageError
from pipeline.files import check_input, replacing
from pipeline.screen.decisions import CONSENSUS, DECISIONS, final_decisions, latest, make_decision

#: Columns of an exported screening sheet.
EXPORT_COLUMNS: tuple[str, ...] = (
    "record_id",
    "rank",
    "score",
    "title",
    "abstract",
    "journal",
    "year",
    "authors",
    "doi",
    "decision",
    "reason",
    "note",
)
#: How many problems an import error lists.
MAX_PROBLEMS = 5
SUFFIXES = (".csv", ".xlsx")
#: Characters XML 1.0, hence XLSX, cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{path}: a screening sheet must be .csv or .xlsx")
    return suffix


def candidates(
    records: pd.DataFrame, history: pd.DataFrame, *, stage: str, resolver: str = CONSENSUS
) -> list[str]:
    """Record ids to screen at ``stage``: all records at title/abstract, the records whose
    final title/abstract decision is include at full text."""
    if stage == "title_abstract":
        return sorted(records["record_id"])
    ta = final_decisions(history, stage="title_abstract", resolver=resolver)
    ids = set(records["record_id"])
    return sorted(r for r in ta.loc[ta["decision"] == "include", "record_id"] if r in ids)


def decided_by(history: pd.DataFrame, screener: str, *, stage: str) -> set[str]:
    """Record ids that ``screener`` has a current decision for at ``stage``."""
    current = latest(history)
    if current.empty:
        return set()
    mask = (current["screener"] == screener) & (current["stage"] == stage)
    return set(current.loc[mask, "record_id"])


def export_table(
    records: pd.DataFrame,
    queue: pd.DataFrame,
    history: pd.DataFrame,
    *,
    stage: str = "title_abstract",
    screener: str | None = None,
    resolver: str = CONSENSUS,
) -> pd.DataFrame:
    """The sheet to fill: the stage's records in rank order (unranked after, by id).

    With ``screener``, records that screener already decided at ``stage`` are left out;
    other screeners' decisions are never shown (blind screening).
    """
    ids = candidates(records, history, stage=stage, resolver=resolver)
    if screener:
        done = decided_by(history, screener, stage=stage)
        ids = [r for r in ids if r not in done]
    table = records.set_index("record_id").loc[ids].reset_index()
    ranks = dict(zip(queue["record_id"], queue["rank"], strict=True))
    scores = dict(zip(queue["record_id"], queue["score"], strict=True))
    table["rank"] = pd.array([ranks.get(r, pd.NA) for r in table["record_id"]], dtype="Int64")
    table["score"] = [
        round(float(scores[r]), 6) if r in scores and not pd.isna(scores[r]) else math.nan
        for r in table["record_id"]
    ]
    table["authors"] = ["; ".join(a) for a in table["authors"]]
    for col in ("decision", "reason", "note"):
        table[col] = ""
    table = table.sort_values(["rank", "record_id"], na_position="last")
    return table[list(EXPORT_COLUMNS)].reset_index(drop=True)


def write_sheet(
    table: pd.DataFrame,
    path: str | Path,
    *,
    stage: str = "title_abstract",
    reasons: Sequence[str] = (),
) -> Path:
    """Write ``table`` as CSV or XLSX (by suffix), text cells neutralised."""
    path = Path(path)
    suffix = _check_suffix(path)
    safe = neutralise_frame(table)
    with replacing(path) as tmp:
        if suffix == ".csv":
            safe.to_csv(tmp, index=False)
        else:
            _write_xlsx(safe, tmp, stage=stage, reasons=reasons)
    return path


def _write_xlsx(table: pd.DataFrame, path: Path, *, stage: str, reasons: Sequence[str]) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "screening"
    columns = list(table.columns)
    ws.append([_cell(c) for c in columns])
    for row in table.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    for i, col in enumerate(columns, start=1):
        width = {"title": 60, "abstract": 80, "record_id": 24, "note": 30, "reason": 28}
        ws.column_dimensions[get_column_letter(i)].width = width.get(col, 12)
    # openpyxl treats any string starting with "=" as a formula; the cells were neutralised,
    # and marking every text cell as a string keeps it that way.
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    ws.freeze_panes = "B2"
    last = max(2, len(table) + 1)
    lists = wb.create_sheet("lists")
    for i, value in enumerate(DECISIONS[stage], start=1):
        lists.cell(i, 1, value)
    for i, value in enumerate(reasons, start=1):
        lists.cell(i, 2, _cell(value)).data_type = "s"
    lists.sheet_state = "hidden"
    ref = quote_sheetname("lists")
    decision_col = get_column_letter(columns.index("decision") + 1)
    dv = DataValidation(
        type="list",
        formula1=f"{ref}!$A$1:$A${len(DECISIONS[stage])}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="decision",
        error="Choose one of: " + ", ".join(DECISIONS[stage]),
    )
    dv.add(f"{decision_col}2:{decision_col}{last}")
    ws.add_data_validation(dv)
    if stage == "full_text" and reasons:
        reason_col = get_column_letter(columns.index("reason") + 1)
        rv = DataValidation(type="list", formula1=f"{ref}!$B$1:$B${len(reasons)}", allow_blank=True)
        rv.add(f"{reason_col}2:{reason_col}{last}")
        ws.add_data_validation(rv)
    wb.save(path)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        # XLSX (XML 1.0) cannot hold most control characters; openpyxl raises
        # IllegalCharacterError on them.
        return _XLSX_ILLEGAL.sub("", value)
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def read_sheet(path: str | Path) -> pd.DataFrame:
    """Read a filled sheet (CSV or XLSX) as text cells, neutralising quotes removed."""
    path = Path(path)
    suffix = _check_suffix(path)
    check_input(path, what="sheet")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            frame = pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read the sheet ({exc})") from exc
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for col in frame.columns:
        frame[col] = [restore_cell(str(v)).strip() if v is not None else "" for v in frame[col]]
    return frame.astype(object)


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _row_problem(
    row: dict[str, Any],
    rownum: int,
    record_id: str,
    decision: str,
    reason: str,
    *,
    known: set[str],
    seen: dict[str, int],
    stage: str,
    reasons: Sequence[str],
) -> str:
    """What is wrong with one decided row (``""`` if nothing); ``seen`` records its id."""
    if not record_id:
        return f"row {rownum}: no record_id"
    if record_id not in known:
        return f"row {rownum}: unknown record_id {record_id!r}"
    if record_id in seen:
        return f"row {rownum}: {record_id} is decided again (first on row {seen[record_id]})"
    seen[record_id] = rownum
    allowed = DECISIONS[stage]
    if decision not in allowed:
        return f"row {rownum}: decision {row.get('decision')!r} is not one of {', '.join(allowed)}"
    if stage == "full_text" and decision == "exclude":
        if not reason:
            return f"row {rownum}: a full-text exclusion needs a reason"
        if reason not in reasons:
            return f"row {rownum}: reason {reason!r} is not in the exclusion reasons list"
    return ""


def parse_import(
    sheet: pd.DataFrame,
    *,
    record_ids: Iterable[str],
    stage: str,
    screener: str,
    review: str,
    reasons: Sequence[str],
    source: str = "sheet",
    timestamp: str | None = None,
) -> list[dict[str, Any]]:
    """Turn a filled sheet into decision lines, or raise one :class:`DataError` for all.

    Row numbers in messages are spreadsheet rows (the header is row 1).
    """
    missing = [c for c in ("record_id", "decision") if c not in sheet.columns]
    if missing:
        raise DataError(f"{source}: no column {', '.join(missing)} (need record_id, decision)")
    known = set(record_ids)
    problems: list[str] = []
    seen: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    n_problems = 0

    def problem(text: str) -> None:
        nonlocal n_problems
        n_problems += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(text)

    for i, row in enumerate(sheet.to_dict("records")):
        rownum = i + 2
        decision = str(row.get("decision", "")).strip().lower().replace(" ", "_")
        if not decision:
            continue
        record_id = str(row.get("record_id", "")).strip()
        reason = str(row.get("reason", "")).strip()
        wrong = _row_problem(
            row,
            rownum,
            record_id,
            decision,
            reason,
            known=known,
            seen=seen,
            stage=stage,
            reasons=reasons,
        )
        if wrong:
            problem(wrong)
            continue
        rank = _number(str(row.get("rank", "")))
        out.append(
            make_decision(
                record_id,
                screener,
                stage,
                decision,
                review=review,
                reason=reason if decision == "exclude" else "",
                note=str(row.get("note", "")),
                rank=None if rank is None else int(rank),
                score=_number(str(row.get("score", ""))),
                timestamp=timestamp,
            )
        )
    if problems:
        more = f" (and {n_problems - len(problems)} more)" if n_problems > len(problems) else ""
        raise DataError(
            f"{source}: nothing imported, {n_problems} problem(s): " + "; ".join(problems) + more
        )
    return out


def conflicts_table(
    records: pd.DataFrame,
    history: pd.DataFrame,
    *,
    stage: str,
    resolver: str = CONSENSUS,
) -> pd.DataFrame:
    """A resolution sheet: records whose screeners disagree at ``stage``.

    Columns ``record_id, title, abstract, journal, year``, then ``decision_<screener>`` (and
    ``reason_<screener>`` at full text) for each screener, then the empty ``decision,
    reason, note`` the resolver fills (and imports with ``--screener consensus``).
    """
    final = final_decisions(history, stage=stage, resolver=resolver)
    ids = sorted(final.loc[final["decision"] == "conflict", "record_id"])
    current = latest(history)
    current = (
        current[
            (current["stage"] == stage)
            & (current["screener"] != resolver)
            & current["record_id"].isin(ids)
        ]
        if len(current)
        else current
    )
    names = sorted(set(current["screener"])) if len(current) else []
    info = records.set_index("record_id")
    rows = []
    for record_id in ids:
        known = record_id in info.index
        row: dict[str, Any] = {
            "record_id": record_id,
            "title": info.at[record_id, "title"] if known else "",
            "abstract": info.at[record_id, "abstract"] if known else "",
            "journal": info.at[record_id, "journal"] if known else "",
            "year": info.at[record_id, "year"] if known else pd.NA,
        }
        mine = current[current["record_id"] == record_id]
        by_name = dict(
            zip(mine["screener"], zip(mine["decision"], mine["reason"], strict=True), strict=True)
        )
        for name in names:
            decision, reason = by_name.get(name, ("", ""))
            row[f"decision_{name}"] = decision
            if stage == "full_text":
                row[f"reason_{name}"] = reason
        row.update({"decision": "", "reason": "", "note": ""})
        rows.append(row)
    columns = ["record_id", "title", "abstract", "journal", "year"]
    for name in names:
        columns.append(f"decision_{name}")
        if stage == "full_text":
            columns.append(f"reason_{name}")
    columns += ["decision", "reason", "note"]
    out = pd.DataFrame(rows, columns=columns)
    out["year"] = pd.array(list(out["year"]), dtype="Int64")
    return out
