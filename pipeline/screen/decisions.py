"""The people's decisions: an append-only JSON Lines store.

One line per decision::

    {"record_id": "pubmed:31434784", "screener": "alice", "stage": "title_abstract",
     "decision": "include", "reason": "", "note": "", "timestamp": "2026-01-05T10:12:03Z",
     "rank": 4, "score": 0.91, "review": "primary-social-care-integration"}

Changing a decision appends a new line, so the history is kept; the latest line per
``(record_id, screener, stage)`` wins (file order, not the timestamp: screeners' clocks
differ). ``decision == "withdrawn"`` takes a decision back (the session's undo when there
was nothing before it). A screener named ``consensus`` (or another resolver name) settles
disagreements between screeners.

Durability: an append of one line is one ``os.write`` on an ``O_APPEND`` descriptor, an
append of a batch (an import) replaces the store by the store plus the batch (temporary
file, ``fsync``, rename), so that a batch lands whole or not at all; both under an
exclusive ``fcntl.flock`` so that two writers never interleave. A process killed in the middle of a write can leave a torn last line; readers
report it (file and line) and ignore it, and the next append moves the torn bytes to
``<file>.torn`` before writing, so the new line starts on a fresh line and no earlier line is
touched.

Review id: every line carries the id of the review it belongs to, and a store whose lines
name another review is refused. The id is the review's name from the config
(``review.name``, or ``--review``); without one it is ``records:<12 hex>``, a hash of the
sorted record ids of the unique records (see :func:`records_review_id`), which changes when
the record set changes, so a named review is recommended.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import logging
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import DataError, UsageError

log = logging.getLogger(__name__)

#: Default location, relative to the review's folder (committed with the review).
DEFAULT_PATH = Path("decisions/decisions.jsonl")
#: Screening stages, in order.
STAGES: tuple[str, ...] = ("title_abstract", "full_text")
#: Valid decisions per stage (``not_retrieved``: the full text could not be obtained).
DECISIONS: dict[str, tuple[str, ...]] = {
    "title_abstract": ("include", "exclude", "maybe"),
    "full_text": ("include", "exclude", "maybe", "not_retrieved"),
}
#: A decision taken back: the key has no decision again.
WITHDRAWN = "withdrawn"
#: The default name of the screener who resolves conflicts.
CONSENSUS = "consensus"
#: Field order of a line.
FIELDS: tuple[str, ...] = (
    "record_id",
    "screener",
    "stage",
    "decision",
    "reason",
    "note",
    "timestamp",
    "rank",
    "score",
    "review",
)
_KEY = ["record_id", "screener", "stage"]


def now() -> str:
    """The current time as ISO 8601 UTC with a ``Z`` suffix (seconds precision)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def records_review_id(record_ids: Iterable[str]) -> str:
    """A review id derived from the record set, for reviews without a configured name.

    >>> records_review_id(["b", "a"]) == records_review_id(["a", "b"])
    True
    >>> records_review_id(["a"])[:8]
    'records:'
    """
    joined = "\n".join(sorted(set(record_ids)))
    return "records:" + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


def make_decision(
    record_id: str,
    screener: str,
    stage: str,
    decision: str,
    *,
    review: str,
    reason: str = "",
    note: str = "",
    rank: int | None = None,
    score: float | None = None,
    timestamp: str | None = None,
    reasons: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Build one validated decision line (a dict with :data:`FIELDS`).

    ``reasons``, when given, is the list the full-text exclusion reason must come from.
    Raises :class:`DataError` when a field is wrong.
    """
    record_id = str(record_id).strip()
    screener = str(screener).strip()
    decision = str(decision).strip().lower()
    reason = str(reason or "").strip()
    if not record_id:
        raise DataError("decision without a record_id")
    if not screener:
        raise DataError(f"{record_id}: decision without a screener name")
    if stage not in DECISIONS:
        raise DataError(f"{record_id}: unknown stage {stage!r} (use {', '.join(STAGES)})")
    if decision not in DECISIONS[stage] and decision != WITHDRAWN:
        raise DataError(
            f"{record_id}: decision {decision!r} is not valid at {stage} "
            f"(use {', '.join(DECISIONS[stage])})"
        )
    if stage == "full_text" and decision == "exclude":
        if not reason:
            raise DataError(f"{record_id}: a full-text exclusion needs a reason")
        if reasons is not None:
            allowed = list(reasons)
            if reason not in allowed:
                raise DataError(
                    f"{record_id}: exclusion reason {reason!r} is not in the list "
                    f"({'; '.join(allowed)})"
                )
    if not review:
        raise DataError(f"{record_id}: decision without a review id")
    return {
        "record_id": record_id,
        "screener": screener,
        "stage": stage,
        "decision": decision,
        "reason": reason,
        "note": str(note or "").strip(),
        "timestamp": timestamp or now(),
        "rank": None if rank is None or pd.isna(rank) else int(rank),
        "score": None if score is None or pd.isna(score) else float(score),
        "review": str(review),
    }


# --------------------------------------------------------------------------- reading


def _parse_line(raw: bytes, path: Path, lineno: int) -> dict[str, Any]:
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from exc
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    missing = [f for f in ("record_id", "screener", "stage", "decision") if not obj.get(f)]
    if missing:
        raise DataError(f"{path} line {lineno}: decision without {', '.join(missing)}")
    stage = obj["stage"]
    if stage not in DECISIONS:
        raise DataError(f"{path} line {lineno}: unknown stage {stage!r} (use {', '.join(STAGES)})")
    # A line typed by hand is read as an imported one would be: 'Exclude' is 'exclude'.
    decision = str(obj["decision"]).strip().lower()
    if decision not in DECISIONS[stage] and decision != WITHDRAWN:
        raise DataError(
            f"{path} line {lineno}: decision {obj['decision']!r} is not valid at {stage} "
            f"(use {', '.join(DECISIONS[stage])})"
        )
    row = {f: obj.get(f) for f in FIELDS}
    row["decision"] = decision
    for text in ("reason", "note", "timestamp", "review"):
        row[text] = "" if row[text] is None else str(row[text])
    row["line"] = lineno
    return row


def _split_lines(data: bytes) -> tuple[list[bytes], bytes]:
    """Complete lines and the unterminated tail (``b""`` when the data ends with ``\\n``)."""
    parts = data.split(b"\n")
    return parts[:-1], parts[-1]


def read_lines(path: str | Path) -> list[dict[str, Any]]:
    """Every decision line of the store, in file order, with its 1-based ``line`` number.

    A missing file is an empty store. A torn last line (a write cut short by a crash) is
    reported with a warning and ignored; a bad line anywhere else is a :class:`DataError`.
    """
    path = Path(path)
    if not path.exists():
        return []
    data = path.read_bytes()
    complete, tail = _split_lines(data)
    rows: list[dict[str, Any]] = []
    for i, raw in enumerate(complete, start=1):
        if not raw.strip():
            continue
        try:
            rows.append(_parse_line(raw, path, i))
        except ValueError as exc:
            raise DataError(
                f"{path} line {i}: not a JSON decision ({exc}); fix or delete that line"
            ) from exc
    if tail.strip():
        lineno = len(complete) + 1
        try:
            # Only the newline was lost: the decision itself is complete.
            rows.append(_parse_line(tail, path, lineno))
        except ValueError:
            log.warning(
                "%s line %d: incomplete last line (%d bytes, an interrupted write) ignored; "
                "the next decision saved moves it to %s",
                path,
                lineno,
                len(tail),
                _torn_path(path).name,
            )
    return rows


def _torn_path(path: Path) -> Path:
    return path.with_name(path.name + ".torn")


def history(
    path: str | Path, *, review: str | None = None, reasons: Iterable[str] | None = None
) -> pd.DataFrame:
    """The store as a table (columns :data:`FIELDS` + ``line``), refusing another review's.

    With ``review`` given, every line must carry that review id; with ``reasons``, every
    full-text exclusion must give one of them (as an imported sheet must).
    """
    rows = read_lines(path)
    if review is not None:
        check_review(rows, review, path)
    if reasons is not None:
        check_reasons(rows, list(reasons), path)
    frame = pd.DataFrame(rows, columns=[*FIELDS, "line"])
    frame["rank"] = pd.array(
        [pd.NA if v is None or pd.isna(v) else int(v) for v in frame["rank"]], dtype="Int64"
    )
    frame["score"] = pd.array(
        [math.nan if v is None else float(v) for v in frame["score"]], dtype="float64"
    )
    for col in ("record_id", "screener", "stage", "decision", "reason", "note", "timestamp"):
        frame[col] = frame[col].astype(object)
    frame["review"] = frame["review"].astype(object)
    frame["line"] = frame["line"].astype("int64")
    return frame


def check_review(rows: Iterable[Mapping[str, Any]], review: str, path: str | Path) -> None:
    """Raise :class:`DataError` if any line belongs to a review other than ``review``."""
    for row in rows:
        if row.get("review") != review:
            raise DataError(
                f"{path} line {row.get('line', '?')}: decision belongs to review "
                f"{row.get('review')!r}, not {review!r}; this decisions file is from another "
                "review (use that review's folder or --decisions file; if it is this review "
                f"under its old id, pass --review {row.get('review')!r})"
            )


def check_reasons(rows: Iterable[Mapping[str, Any]], reasons: list[str], path: str | Path) -> None:
    """Raise :class:`DataError` for a full-text exclusion whose reason is not in ``reasons``."""
    for row in rows:
        if row.get("stage") != "full_text" or row.get("decision") != "exclude":
            continue
        reason = str(row.get("reason") or "").strip()
        if reason not in reasons:
            what = (
                f"exclusion reason {reason!r} is not in the list"
                if reason
                else "a full-text exclusion needs a reason"
            )
            raise DataError(
                f"{path} line {row.get('line', '?')}: {what} (use one of: {'; '.join(reasons)})"
            )


def stored_review(path: str | Path) -> str | None:
    """The review id of the first line of the store (``None`` for an empty store)."""
    path = Path(path)
    if not path.exists():
        return None
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            if not raw.endswith(b"\n"):
                return None  # only a torn line so far
            try:
                return str(_parse_line(raw.rstrip(b"\n"), path, lineno).get("review") or "")
            except ValueError as exc:
                raise DataError(f"{path} line {lineno}: not a JSON decision ({exc})") from exc
    return None


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """The latest line per ``(record_id, screener, stage)``, withdrawn decisions dropped.

    Sorted by record_id, stage, screener.
    """
    if frame.empty:
        return frame.copy()
    last = frame.sort_values("line").drop_duplicates(_KEY, keep="last")
    last = last[last["decision"] != WITHDRAWN]
    return last.sort_values(["record_id", "stage", "screener"]).reset_index(drop=True)


def final_decisions(frame: pd.DataFrame, *, stage: str, resolver: str = CONSENSUS) -> pd.DataFrame:
    """One final decision per record at ``stage``: ``record_id, decision, reason, screeners``.

    The resolver's decision wins; otherwise the screeners' latest decisions must agree (a
    single screener's decision stands). Screeners who disagree, or who agree on a full-text
    exclusion for different reasons, give ``conflict``. ``screeners`` lists who decided
    (sorted, ``;``-joined). Records nobody decided are absent.
    """
    columns = ["record_id", "decision", "reason", "screeners", "first_line"]
    current = latest(frame)
    current = current[current["stage"] == stage] if not current.empty else current
    if current.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    # A record's place in screening order: its first decision line at this stage.
    at_stage = frame[frame["stage"] == stage]
    first_lines = at_stage.groupby("record_id")["line"].min().to_dict()
    # One pass over plain lists (``current`` is sorted by record_id, then screener): a
    # pandas selection per record cost ~1 ms each, minutes at 100,000 records.
    ids = current["record_id"].tolist()
    screeners = current["screener"].tolist()
    decisions = current["decision"].tolist()
    reasons = current["reason"].tolist()
    out = []
    for record_id, rows in itertools.groupby(range(len(ids)), key=ids.__getitem__):
        rows = list(rows)
        people = [k for k in rows if screeners[k] != resolver]
        resolved = [k for k in rows if screeners[k] == resolver]
        if resolved:
            decision, reason = decisions[resolved[0]], reasons[resolved[0]]
        else:
            pairs = {(decisions[k], reasons[k] if decisions[k] == "exclude" else "")
                     for k in people}  # fmt: skip
            if len(pairs) == 1:
                decision, reason = next(iter(pairs))
            else:
                decision, reason = "conflict", ""
        out.append(
            {
                "record_id": record_id,
                "decision": decision,
                "reason": reason,
                "screeners": ";".join(sorted(screeners[k] for k in people)),
                "first_line": int(first_lines[record_id]),
            }
        )
    return pd.DataFrame(out, columns=columns)


def labels(
    path: str | Path = DEFAULT_PATH,
    *,
    stage: str = "title_abstract",
    resolver: str = CONSENSUS,
    review: str | None = None,
    screener: str | None = None,
) -> dict[str, int]:
    """Final decisions as model labels: ``record_id -> 1`` (include) or ``0`` (exclude).

    Maybe, conflict and undecided records are left out. At full text, ``not_retrieved`` is
    left out too. With ``screener``, only that screener's own latest decisions count (a blind
    session trains on its own screener's decisions). Sorted by record_id.
    """
    if stage not in DECISIONS:
        raise UsageError(f"unknown stage {stage!r} (use {', '.join(STAGES)})")
    frame = history(path, review=review)
    if screener is not None:
        current = latest(frame)
        if current.empty:
            return {}
        mine = current[(current["screener"] == screener) & (current["stage"] == stage)]
        pairs = zip(mine["record_id"], mine["decision"], strict=True)
    else:
        final = final_decisions(frame, stage=stage, resolver=resolver)
        pairs = zip(final["record_id"], final["decision"], strict=True)
    value = {"include": 1, "exclude": 0}
    return {rid: value[d] for rid, d in sorted(pairs) if d in value}


# --------------------------------------------------------------------------- writing


@contextlib.contextmanager
def _locked_append_fd(path: Path) -> Iterator[int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        # A batch replaced the file (_append_whole) while this writer waited for the lock:
        # its descriptor points at the old file, so open the new one.
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    try:
        yield fd
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _append_whole(path: Path, fd: int, payload: bytes) -> None:
    """Append ``payload`` so that no reader and no crash ever sees part of it: the store
    plus the new lines are written to a temporary file beside it and renamed over it
    (called with the lock held). A single ``write`` of many lines is not enough: a process
    killed during a write of several pages keeps the pages written so far."""
    from pipeline.files import replacing

    size = os.fstat(fd).st_size
    with replacing(path) as tmp, open(path, "rb") as old, open(tmp, "wb") as new:
        remaining = size
        while remaining > 0:
            chunk = old.read(min(remaining, 1 << 20))
            if not chunk:
                break
            new.write(chunk)
            remaining -= len(chunk)
        new.write(payload)


def _repair_tail(path: Path, fd: int) -> None:
    """Before appending: make the file end with a newline, moving torn bytes aside.

    Called with the lock held. A tail that is a complete decision only lacks its newline;
    anything else is moved to ``<file>.torn`` (appended, with the line number) and cut off.
    """
    size = os.fstat(fd).st_size
    if size == 0:
        return
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 1))
        if fh.read(1) == b"\n":
            return
        # Find the start of the unterminated last line.
        block = 1 << 16
        pos = size
        start = 0
        while pos > 0:
            read_from = max(0, pos - block)
            fh.seek(read_from)
            chunk = fh.read(pos - read_from)
            idx = chunk.rfind(b"\n")
            if idx >= 0:
                start = read_from + idx + 1
                break
            pos = read_from
        fh.seek(start)
        tail = fh.read()
        fh.seek(0)
        lineno = fh.read(start).count(b"\n") + 1
    try:
        _parse_line(tail, path, lineno)
        os.write(fd, b"\n")
        os.fsync(fd)
        return
    except (ValueError, DataError):
        pass
    torn = _torn_path(path)
    with open(torn, "ab") as out:
        out.write(f"# {path.name} line {lineno}, {len(tail)} bytes moved {now()}\n".encode())
        out.write(tail + b"\n")
        out.flush()
        os.fsync(out.fileno())
    os.truncate(path, start)
    os.fsync(fd)
    log.warning(
        "%s line %d: incomplete last line (%d bytes, an interrupted write) moved to %s",
        path,
        lineno,
        len(tail),
        torn,
    )


def encode(decision: Mapping[str, Any]) -> bytes:
    """One decision as a JSON line (fields in :data:`FIELDS` order, UTF-8, ``\\n``-ended)."""
    ordered = {f: decision.get(f) for f in FIELDS}
    return (json.dumps(ordered, ensure_ascii=False) + "\n").encode("utf-8")


def append(path: str | Path, decisions: Iterable[Mapping[str, Any]]) -> int:
    """Append decisions atomically; returns how many lines were written.

    One line goes in one ``os.write`` (after a crash: the line whole, or a torn line that
    readers skip); a batch of several lines (an import) replaces the store with the store
    plus the batch (:func:`_append_whole`), so it lands whole or not at all. Both are
    ``fsync``-ed before returning.
    Every decision must carry the store's review id (:class:`DataError` otherwise).
    """
    path = Path(path)
    batch = list(decisions)
    if not batch:
        return 0
    reviews = {d["review"] for d in batch}
    if len(reviews) != 1:
        raise DataError(f"{path}: one batch of decisions names several reviews")
    payload = b"".join(encode(d) for d in batch)
    with _locked_append_fd(path) as fd:
        _repair_tail(path, fd)
        existing = stored_review(path)
        review = next(iter(reviews))
        if existing is not None and existing != review:
            raise DataError(
                f"{path}: this decisions file belongs to review {existing!r}, not {review!r}; "
                "nothing was written"
            )
        if len(batch) > 1:
            _append_whole(path, fd, payload)
            return len(batch)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    return len(batch)


def unchanged(lines: Iterable[Mapping[str, Any]], frame: pd.DataFrame) -> list[bool]:
    """For each new line, whether it only repeats the current decision of its
    ``(record_id, screener, stage)`` in ``frame`` (same decision, reason and note): a
    sheet imported twice adds nothing the second time."""
    current = latest(frame)
    known: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    if len(current):
        for row in current[[*_KEY, "decision", "reason", "note"]].itertuples(index=False):
            known[tuple(row[:3])] = (row[3], row[4] or "", row[5] or "")
    out = []
    for line in lines:
        key = (line["record_id"], line["screener"], line["stage"])
        value = (line["decision"], line.get("reason") or "", line.get("note") or "")
        out.append(known.get(key) == value)
    return out


def load_reasons(path: str | Path | None) -> list[str]:
    """The full-text exclusion reasons: :data:`DEFAULT_REASONS` or the list in ``path``.

    ``path`` is YAML (a list of strings, or a mapping with a ``reasons`` list) or a text/CSV
    file with one reason per line (a ``reason`` header line is skipped).
    """
    if path is None:
        return list(DEFAULT_REASONS)
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such exclusion reasons file")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DataError(f"{path}: not valid YAML ({exc})") from exc
        if isinstance(data, dict):
            data = data.get("reasons")
        if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
            raise DataError(f"{path}: expected a YAML list of exclusion reasons")
        items = data
    else:
        items = [
            line.split(",")[0] if path.suffix.lower() == ".csv" else line
            for line in text.splitlines()
        ]
        items = [v.strip().strip('"') for v in items]
        if items and items[0].lower() == "reason":
            items = items[1:]
    reasons = [v.strip() for v in items if v.strip()]
    if not reasons:
        raise DataError(f"{path}: the exclusion reasons list is empty")
    dupes = sorted({r for r in reasons if reasons.count(r) > 1})
    if dupes:
        raise DataError(f"{path}: exclusion reason {dupes[0]!r} is listed twice")
    return reasons


#: Full-text exclusion reasons used when no list is configured (PRISMA 2020 item 16b asks
#: for the reasons reports were excluded).
DEFAULT_REASONS: tuple[str, ...] = (
    "wrong population",
    "wrong intervention/exposure",
    "wrong setting",
    "wrong outcome",
    "wrong study design",
    "not primary research",
    "duplicate report",
    "not in English",
    "full text not available",
    "published before the date limit",
)
