"""`slr update`: an update of a review screens only what its new searches found.

Sub-verbs (each reads the previous version with ``--previous DIR``: its review folder, or
the ``outputs/`` folder of it, frozen):

- ``match``: the update's unique records against the previous version's: writes
  ``matches.csv`` and the records to screen (``dedup/unique.parquet`` under ``--out``);
- ``decisions``: the previous decisions followed by the update's own (``decisions.jsonl``);
- ``report``: the "what changed" report (``changes.md``, ``changes.csv``);
- ``log``: one search log for both versions, a block per search date;
- ``mindate``: print the PubMed ``mindate`` of the update (the previous search's date).

The previous version may itself be an update (a living review): then its screening set,
carried decisions, screening table, diagram and merged search log under ``outputs/update/``
are the ones the next update builds on.

The diagram for the updated review: ``slr prisma --workdir outputs --previous-version DIR``.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from pipeline.files import write_text

log = logging.getLogger("pipeline.update")


def _csv(path: Path):
    from pipeline.update.files import read_csv

    return read_csv(path)


def _write_csv(frame, path: Path) -> Path:
    from pipeline.cells import neutralise_frame
    from pipeline.files import write_csv

    return write_csv(neutralise_frame(frame), path, index=False, lineterminator="\n")


def _previous(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--previous",
        type=Path,
        required=True,
        metavar="DIR",
        help="the previous version: its review folder (with outputs/) or its outputs folder",
    )


def _out(parser: argparse.ArgumentParser, default: str, help: str, **kw: str) -> None:
    """``--out`` with its default shown in the help."""
    parser.add_argument("--out", type=Path, default=Path(default), help=help, **kw)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "update",
        help="update a review: match new records to the previous version, screen only new ones",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = parser.add_subparsers(dest="update_verb", metavar="SUBVERB")
    verbs.required = True
    _add_match(verbs)
    _add_decisions(verbs)
    _add_report(verbs)
    _add_log(verbs)
    window = verbs.add_parser("mindate", help="print the update's PubMed mindate")
    _previous(window)
    window.set_defaults(func=run_mindate)


def _add_match(verbs: argparse._SubParsersAction) -> None:
    match = verbs.add_parser("match", help="match the update's records to the previous version")
    _previous(match)
    match.add_argument(
        "--records",
        type=Path,
        default=Path("outputs/dedup/unique.parquet"),
        help="the update's unique records (default: %(default)s)",
    )
    _out(
        match,
        "outputs/update",
        "writes DIR/matches.csv and DIR/dedup/unique.parquet (default: %(default)s)",
        metavar="DIR",
    )
    match.add_argument("--workers", type=int, default=1, help="processes (default: 1)")
    match.set_defaults(func=run_match)


def _add_decisions(verbs: argparse._SubParsersAction) -> None:
    carry = verbs.add_parser(
        "decisions", help="the previous decisions, unchanged, then the update's own"
    )
    _previous(carry)
    carry.add_argument(
        "--previous-decisions",
        type=Path,
        default=None,
        metavar="FILE",
        help="the previous version's store (default: DIR/decisions/decisions.jsonl)",
    )
    carry.add_argument(
        "--decisions",
        type=Path,
        default=Path("decisions/decisions.jsonl"),
        help="the update's own store; may not exist yet (default: %(default)s)",
    )
    carry.add_argument(
        "--matches", type=Path, default=Path("outputs/update/matches.csv"), help="from match"
    )
    _out(carry, "outputs/update/decisions.jsonl", "the store to screen with (default: %(default)s)")
    carry.set_defaults(func=run_decisions)


def _add_report(verbs: argparse._SubParsersAction) -> None:
    report = verbs.add_parser("report", help='the "what changed" report')
    _previous(report)
    report.add_argument(
        "--workdir",
        type=Path,
        default=Path("outputs/update"),
        metavar="DIR",
        help="the update's folder: matches.csv, screen/screening.csv (default: %(default)s)",
    )
    report.set_defaults(func=run_report)


def _add_log(verbs: argparse._SubParsersAction) -> None:
    slog = verbs.add_parser("log", help="one search log for both versions, a block per date")
    _previous(slog)
    slog.add_argument(
        "--log",
        type=Path,
        default=Path("outputs/search/search_log.csv"),
        help="the update's own search log (default: %(default)s)",
    )
    _out(
        slog,
        "outputs/update/search_log.csv",
        "merged CSV; the Markdown is written beside it (default: %(default)s)",
    )
    slog.set_defaults(func=run_log)


def run_match(args: argparse.Namespace) -> int:
    from pipeline.records import read_records, write_records
    from pipeline.update import MATCH_COLUMNS, NEW, files, match_previous, screening_set

    prev = files.version(args.previous)
    previous = read_records(prev.unique)
    alias = files.version_aliases(prev)
    current = read_records(args.records)
    matches = match_previous(current, previous, aliases=alias, workers=args.workers)
    records = screening_set(previous, current, matches)
    out = Path(args.out)
    _write_csv(matches[list(MATCH_COLUMNS)], out / "matches.csv")
    write_records(records, out / "dedup" / "unique.parquet")
    n_new = int((matches["update_match"] == NEW).sum())
    log.info(
        "%d update record(s): %d new, %d matched to the previous version (%d records)",
        len(matches),
        n_new,
        len(matches) - n_new,
        len(previous),
    )
    print(out / "matches.csv")
    print(out / "dedup" / "unique.parquet")
    return 0


def run_decisions(args: argparse.Namespace) -> int:
    from pipeline.update import NEW, carry_decisions, files

    prev = files.version(args.previous, args.previous_decisions)
    store = prev.decisions
    previous_ids = set(files.version_aliases(prev)) | set(_csv(prev.screening)["record_id"])
    matches = _csv(args.matches)
    matched = {
        r: m.split(":", 1)[1]
        for r, m in zip(matches["record_id"], matches["update_match"], strict=True)
        if m != NEW
    }
    data = carry_decisions(store, args.decisions, previous_ids=previous_ids, matched=matched)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(args.out)
    return 0


def run_report(args: argparse.Namespace) -> int:
    from pipeline.update import change_table, files, previous_counts
    from pipeline.update.changes import to_markdown

    previous = previous_counts(_csv(files.version(args.previous).screening))
    matches = _csv(args.workdir / "matches.csv")
    screening = _csv(args.workdir / "screen" / "screening.csv")
    changes = change_table(matches, screening)
    csv_path = _write_csv(changes, args.workdir / "changes.csv")
    counts = _update_counts(matches, screening, previous)
    md = args.workdir / "changes.md"
    write_text(
        md, to_markdown(changes, matches, previous=previous, counts=counts), encoding="utf-8"
    )
    print(csv_path)
    print(md)
    return 0


def _update_counts(matches, screening, previous):
    """Totals for the report: the previous version's studies plus the new inclusions."""
    from pipeline.prisma.counts import Counts
    from pipeline.update import NEW
    from pipeline.update.changes import included

    new_ids = set(matches.loc[matches["update_match"] == NEW, "record_id"])
    reports, studies = included(screening[screening["record_id"].isin(new_ids)])
    return Counts(studies_included=len(studies), reports_included=len(reports), previous=previous)


def run_log(args: argparse.Namespace) -> int:
    from pipeline.update import blocks_markdown, files, merge_logs

    # An update of an update: the previous version's merged log already has every search.
    merged = merge_logs(_csv(files.version(args.previous).search_log), _csv(args.log))
    _write_csv(merged, args.out)
    write_text(args.out.with_suffix(".md"), blocks_markdown(merged), encoding="utf-8")
    print(args.out)
    print(args.out.with_suffix(".md"))
    return 0


def run_mindate(args: argparse.Namespace) -> int:
    from pipeline.update import files

    print(files.mindate_for(args.previous))
    return 0
