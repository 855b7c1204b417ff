"""People's pair decisions: the uncertain pairs they check, and the file that remembers.

The pairs file (``decisions/dedup_pairs.csv``) is append-only CSV with the columns
:data:`PAIR_COLUMNS`; it is read on every run and its ``same``/``different`` decisions
override the rule (the last line about a pair wins, so a person can change their mind by
adding a line). Decisions come from an edited ``uncertain_pairs.csv`` (fill its
``decision`` column, then ``slr dedup ... --review uncertain_pairs.csv``) or from the
interactive prompt (``--review -``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from pipeline.errors import DataError

#: Columns of the pairs file.
PAIR_COLUMNS: tuple[str, ...] = ("record_id_a", "record_id_b", "decision", "note")
#: Accepted spellings of the two decisions.
_VALUES = {
    "same": "same",
    "s": "same",
    "duplicate": "same",
    "dup": "same",
    "yes": "same",
    "y": "same",
    "merge": "same",
    "different": "different",
    "d": "different",
    "diff": "different",
    "no": "different",
    "n": "different",
    "split": "different",
    "distinct": "different",
}


def _decision(value: str, *, where: str) -> str:
    key = value.strip().lower()
    if key not in _VALUES:
        raise DataError(f"{where}: decision {value!r} is not 'same' or 'different'")
    return _VALUES[key]


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            missing = [c for c in ("record_id_a", "record_id_b", "decision") if c not in fields]
            if missing:
                raise DataError(
                    f"{path}: missing column {missing[0]!r} (needs record_id_a, record_id_b,"
                    " decision)"
                )
            return list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read pair decisions ({exc})") from exc


def read_pair_decisions(path: str | Path | None) -> dict[tuple[str, str], str]:
    """``{(record_id_a, record_id_b): "same" | "different"}`` with ``a < b``; a missing
    file is no decisions yet."""
    if not path:
        return {}
    path = Path(path)
    if not path.exists():
        return {}
    out: dict[tuple[str, str], str] = {}
    for line, row in enumerate(_rows(path), start=2):
        a, b = (row.get("record_id_a") or "").strip(), (row.get("record_id_b") or "").strip()
        if not a or not b:
            raise DataError(f"{path}, line {line}: record_id_a and record_id_b are required")
        if a == b:
            raise DataError(f"{path}, line {line}: a record is paired with itself ({a})")
        out[tuple(sorted((a, b)))] = _decision(
            row.get("decision") or "", where=f"{path}, line {line}"
        )
    return out


def decisions_from_review(path: str | Path) -> list[dict[str, str]]:
    """Rows of an edited ``uncertain_pairs.csv`` whose ``decision`` a person filled in."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file (the reviewed uncertain pairs)")
    out = []
    for line, row in enumerate(_rows(path), start=2):
        value = (row.get("decision") or "").strip()
        if not value:
            continue
        a, b = (row.get("record_id_a") or "").strip(), (row.get("record_id_b") or "").strip()
        if not a or not b or a == b:
            raise DataError(f"{path}, line {line}: needs two different record ids")
        a, b = sorted((a, b))
        out.append(
            {
                "record_id_a": a,
                "record_id_b": b,
                "decision": _decision(value, where=f"{path}, line {line}"),
                "note": (row.get("note") or "").strip(),
            }
        )
    return out


def append_pair_decisions(path: str | Path, rows: Iterable[Mapping[str, str]]) -> int:
    """Append decisions to the pairs file (created with a header); returns rows written."""
    rows = list(rows)
    if not rows:
        return 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(PAIR_COLUMNS), extrasaction="ignore")
        if new:
            writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in PAIR_COLUMNS})
    return len(rows)


def prompt_decisions(
    uncertain: pd.DataFrame,
    *,
    ask: Callable[[str], str] = input,
    show: Callable[[str], None] = print,
) -> list[dict[str, str]]:
    """Ask a person about each uncertain pair: ``s``ame, ``d``ifferent, ``k`` skip,
    ``q`` quit. Returns the decisions made."""
    out: list[dict[str, str]] = []
    total = len(uncertain)
    for number, row in enumerate(uncertain.to_dict("records"), start=1):
        show(
            f"\n[{number}/{total}] rule says {row['verdict']} ({row['reason'] or row['rule']});"
            f" title score {row['score_title']}"
        )
        for side in ("a", "b"):
            show(
                f"  {side}: {row[f'record_id_{side}']} [{row[f'source_{side}']}]"
                f" {row[f'year_{side}']} {row[f'authors_{side}']}"
            )
            show(f"     {row[f'title_{side}']}")
            show(f"     {row[f'journal_{side}']}  doi:{row[f'doi_{side}'] or '-'}")
        while True:
            answer = ask("same / different / skip / quit [s/d/k/q]? ").strip().lower()
            if answer in {"q", "quit"}:
                return out
            if answer in {"k", "skip", ""}:
                break
            if answer in _VALUES:
                a, b = sorted((row["record_id_a"], row["record_id_b"]))
                out.append(
                    {
                        "record_id_a": a,
                        "record_id_b": b,
                        "decision": _VALUES[answer],
                        "note": "interactive",
                    }
                )
                break
            show("  please answer s, d, k or q")
    return out
