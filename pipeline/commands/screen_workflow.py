"""`slr screen status|session|export|import|conflicts`: the people's side of screening.

Settings come from the review folder (``--review-dir``, else the current folder; see
:mod:`pipeline.review`) unless given as options: the unique records from
``WORKDIR/dedup/unique.parquet`` (default ``outputs/`` of the review folder), the model's
queue from ``WORKDIR/screen/queue.csv`` (if present), the decisions store (``--decisions``,
default ``screen.decisions`` of the review's config), the review id stamped on every
decision and checked on every read (``--review``, else ``review.name``, else a hash of the
unique records' ids) and the exclusion reasons (``--reasons FILE``, else
``screen.exclusion_reasons``, else the built-in list; ``--reasons ''`` is the built-in list).
The config is read only when an option is left out.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from pathlib import Path
from typing import Any

from pipeline.errors import DataError, UsageError
from pipeline.files import add_force, check_output
from pipeline.safetext import for_terminal

log = logging.getLogger(__name__)

STAGE_CHOICES = ("title_abstract", "full_text")


def _common(parser: argparse.ArgumentParser, *, decisions: bool = True) -> None:
    from pipeline import review

    review.add_argument(parser)
    parser.add_argument(
        "--workdir",
        default=None,
        metavar="DIR",
        help="pipeline outputs folder holding dedup/unique.parquet (default: the review "
        "folder's outputs)",
    )
    if decisions:
        parser.add_argument(
            "--decisions",
            default=None,
            metavar="FILE",
            help="the append-only decisions store (default: screen.decisions of the review's "
            "config, else decisions/decisions.jsonl)",
        )
    parser.add_argument(
        "--review",
        default=None,
        metavar="ID",
        help="review id stamped on decisions (default: review.name of the review's config, "
        "else a hash of the record ids)",
    )
    parser.add_argument(
        "--resolver",
        default="consensus",
        metavar="NAME",
        help="screener whose decisions settle conflicts (default: consensus)",
    )
    parser.add_argument(
        "--reasons",
        default=None,
        metavar="FILE",
        help="full-text exclusion reasons, YAML list or one per line (default: "
        "screen.exclusion_reasons of the review's config, else a built-in list; '' for the "
        "built-in list)",
    )


def _stage(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stage",
        choices=STAGE_CHOICES,
        default="title_abstract",
        help="screening stage (default: title_abstract)",
    )


def register(verbs: argparse._SubParsersAction) -> None:
    """Add this module's `slr screen` sub-verbs to `verbs`."""
    _add_status(verbs)
    _add_session(verbs)
    _add_export(verbs)
    _add_import(verbs)
    _add_conflicts(verbs)


def _add_status(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "status",
        help="summarise decisions; write screening.csv, fulltext.csv, status.json ...",
        description="Count decisions, estimate the relevant records remaining and write "
        "status.json, screening.csv, included.parquet, fulltext.csv and agreement.csv "
        "in WORKDIR/screen/.",
    )
    _common(p)
    p.add_argument(
        "--target-recall",
        type=float,
        default=None,
        help="recall the stopping rule aims for (default: config screen.target_recall or 0.95)",
    )
    p.set_defaults(func=run_status)


def _add_session(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "session",
        help="screen interactively in the terminal, one key per decision",
        description="Show the next record by rank and record your decision with one key: "
        "i include, e exclude, m maybe, n not retrieved (full text), u undo, s skip, q quit.",
    )
    p.add_argument("--screener", required=True, metavar="NAME", help="your name")
    _common(p)
    _stage(p)
    p.add_argument(
        "--highlight",
        default=None,
        metavar="FILE",
        help="keywords to highlight: YAML {include: [...], exclude: [...]} or one per line "
        "(a leading '-' marks an exclusion keyword)",
    )
    p.add_argument(
        "--retrain-every",
        type=int,
        default=10,
        metavar="N",
        help="re-rank in the background every N decisions and after each inclusion "
        "(default: 10; 0 turns it off)",
    )
    p.add_argument(
        "--seed", type=int, default=None, help="ranking model seed (default: screen.seed, 42)"
    )
    p.add_argument(
        "--query-text",
        default=None,
        metavar="FILE",
        help="search strategy text used as a cold-start query by the ranking model",
    )
    p.set_defaults(func=run_session)


def _add_export(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "export",
        help="write a screening spreadsheet (CSV or XLSX) to fill in",
        description="Write the stage's records in rank order with empty decision, reason "
        "and note columns.",
    )
    _common(p)
    _stage(p)
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    p.add_argument(
        "--screener",
        default=None,
        metavar="NAME",
        help="leave out the records this screener has already decided",
    )
    add_force(p)
    p.set_defaults(func=run_export)


def _add_import(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "import",
        help="append the decisions of a filled screening spreadsheet",
        description="Read record_id, decision and optional reason, note columns; all or "
        "nothing. Blank decisions are skipped.",
    )
    p.add_argument("sheet", metavar="FILE", help="filled FILE.csv or FILE.xlsx")
    p.add_argument("--screener", required=True, metavar="NAME", help="who decided")
    _common(p)
    _stage(p)
    p.set_defaults(func=run_import)


def _add_conflicts(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "conflicts",
        help="list disagreements between screeners and write a resolution sheet",
        description="Write the records whose screeners disagree at a stage, with each "
        "screener's decision and empty decision/reason/note columns for the resolver.",
    )
    _common(p)
    _stage(p)
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    add_force(p)
    p.set_defaults(func=run_conflicts)


# --------------------------------------------------------------------------- helpers


def _config(review_dir: str | None = None) -> dict[str, Any]:
    """The review folder's config, validated with the schema's defaults ({} without one)."""
    from pipeline import review

    return review.find(review_dir).config


def _reasons(args: argparse.Namespace, config: dict[str, Any]) -> list[str]:
    """``--reasons`` ('' for the built-in list), else the config's, else the built-in list."""
    from pipeline.screen.decisions import load_reasons

    path = args.reasons
    if path is None:
        path = _section(config, "screen").get("exclusion_reasons")
    return load_reasons(path or None)


def _section(config: dict[str, Any], key: str) -> dict[str, Any]:
    value = config.get(key)
    return value if isinstance(value, dict) else {}


def _records(workdir: Path) -> Any:
    from pipeline.records import read_records

    path = Path(workdir) / "dedup" / "unique.parquet"
    if not path.exists():
        raise DataError(f"{path}: no such file (run slr dedup first, or pass --workdir)")
    return read_records(path)


def _review(args: argparse.Namespace, records: Any, config: dict[str, Any]) -> str:
    from pipeline.screen.decisions import records_review_id

    if args.review:
        return str(args.review)
    name = _section(config, "review").get("name")
    if name:
        return str(name)
    return records_review_id(records["record_id"])


def _needs_config(args: argparse.Namespace) -> bool:
    options = ("workdir", "decisions", "review", "reasons", "target_recall", "seed")
    return any(getattr(args, name, "") is None for name in options)


class _State:
    """What every verb loads: records, queue, config, review id, decisions history.

    The review folder's config is read only for the options left out."""

    def __init__(self, args: argparse.Namespace) -> None:
        from pipeline import review
        from pipeline.screen.decisions import history, load_reasons
        from pipeline.screen.summary import read_queue

        folder = review.find(args.review_dir) if _needs_config(args) else review.Review(Path())
        self.config = folder.config
        self.workdir = Path(args.workdir) if args.workdir is not None else folder.outputs
        self.records = _records(self.workdir)
        self.queue = read_queue(self.workdir / "screen" / "queue.csv")
        self.review = _review(args, self.records, self.config)
        reasons = folder.reasons if args.reasons is None else (args.reasons or None)
        self.reasons = load_reasons(reasons)
        self.decisions: Path | None = None
        if hasattr(args, "decisions"):
            self.decisions = Path(args.decisions) if args.decisions else folder.decisions
        self.history = None
        if self.decisions:
            self.history = history(self.decisions, review=self.review, reasons=self.reasons)

    def setting(self, section: str, key: str, given: Any, fallback: Any) -> Any:
        """An option's value, else the config's, else ``fallback``."""
        if given is not None:
            return given
        value = _section(self.config, section).get(key)
        return fallback if value is None else value


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _print_agreement(agreement: Any) -> None:
    if agreement.empty:
        print("agreement: no records decided by two screeners yet")
        return
    for row in agreement.itertuples(index=False):
        print(
            f"agreement {row.stage} {row.screeners}: n={row.n_both} "
            f"{_fmt(row.percent_agreement)}% kappa={_fmt(row.cohen_kappa, 3)}"
        )


# --------------------------------------------------------------------------- verbs


def run_status(args: argparse.Namespace) -> int:
    from pipeline.screen.summary import build_status, write_status

    state = _State(args)
    target = float(state.setting("screen", "target_recall", args.target_recall, 0.95))
    if not 0 < target < 1:
        raise UsageError(f"--target-recall must be between 0 and 1, got {target}")
    status = build_status(
        state.records,
        state.history,
        queue=state.queue,
        resolver=args.resolver,
        target_recall=target,
        review=state.review,
        stop_by_rule=bool(_section(state.config, "screen").get("stop_by_rule", False)),
    )
    paths = write_status(status, state.workdir / "screen")
    s = status.summary
    ft = s["full_text"]
    print(
        f"title/abstract: {s['screened']} of {s['records']} records screened, "
        f"{s['included']} included, {s['excluded']} excluded, {s['maybe']} maybe, "
        f"{s['conflicts']} conflicts, {s['remaining']} remaining"
    )
    print(
        f"full text: {ft['sought']} sought, {ft['not_retrieved']} not retrieved, "
        f"{ft['assessed']} assessed, {ft['included']} included, {ft['excluded']} excluded, "
        f"{ft['awaiting']} awaiting"
    )
    stop = s["stopping"]
    if stop is None:
        print("stopping rule: not available")
    else:
        verdict = "STOP" if stop.get("stop") else "continue"
        upper = stop.get("estimated_relevant_remaining_upper")
        bound = "" if upper is None else f" (at most {upper} at {1 - stop.get('alpha', 0.05):.0%})"
        print(
            f"estimated relevant remaining: {_fmt(stop.get('estimated_relevant_remaining'))}"
            f"{bound}; stopping rule ({stop.get('method', 'hypergeometric')}) says: {verdict}"
        )
        if stop.get("guarantee"):
            print(f"  guarantee: {stop['guarantee']}")
        if stop.get("rule_text"):
            print(f"  {stop['rule_text']}")
    marked = s.get("stopped_by_rule")
    if marked:
        print(
            f"stopped by the rule: {marked['records']} unscreened record(s) marked "
            f"stopped_by={marked['method']} (PRISMA: records marked as ineligible by "
            "automation tools)"
        )
    _print_agreement(status.agreement)
    print(f"wrote {', '.join(str(p) for p in paths.values())}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from pipeline.screen.sheets import export_table, write_sheet

    check_output(args.out, force=args.force)
    state = _State(args)
    table = export_table(
        state.records,
        state.queue,
        state.history,
        stage=args.stage,
        screener=args.screener,
        resolver=args.resolver,
    )
    path = write_sheet(table, args.out, stage=args.stage, reasons=state.reasons)
    print(f"wrote {len(table)} records to {path}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from pipeline.screen.decisions import append, unchanged
    from pipeline.screen.sheets import parse_import, read_sheet

    if not args.screener.strip():
        raise UsageError("--screener needs a name")
    state = _State(args)
    sheet = read_sheet(args.sheet)
    lines = parse_import(
        sheet,
        record_ids=state.records["record_id"],
        stage=args.stage,
        screener=args.screener,
        review=state.review,
        reasons=state.reasons,
        source=str(args.sheet),
    )
    same = unchanged(lines, state.history)
    n = append(
        state.decisions, [line for line, repeat in zip(lines, same, strict=True) if not repeat]
    )
    skipped = len(sheet) - len(lines)
    print(
        for_terminal(
            f"imported {n} {args.stage} decisions by {args.screener} into {state.decisions}"
            f" ({skipped} rows without a decision skipped"
            + (f", {sum(same)} already recorded" if any(same) else "")
            + ")"
        )
    )
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    from pipeline.screen.agreement import agreement_table
    from pipeline.screen.sheets import conflicts_table, write_sheet

    check_output(args.out, force=args.force)
    state = _State(args)
    table = conflicts_table(state.records, state.history, stage=args.stage, resolver=args.resolver)
    path = write_sheet(table, args.out, stage=args.stage, reasons=state.reasons)
    print(f"{len(table)} {args.stage} conflicts written to {path}")
    for row in table.head(20).itertuples(index=False):
        votes = ", ".join(
            f"{c.removeprefix('decision_')}={getattr(row, c)}"
            for c in table.columns
            if c.startswith("decision_")
        )
        print(for_terminal(f"  {row.record_id}: {votes}"))
    if len(table) > 20:
        print(f"  ... and {len(table) - 20} more")
    print(
        f"resolve them in the sheet, then: slr screen import {path} --screener "
        f"{args.resolver} --stage {args.stage}"
    )
    agreement = agreement_table(state.history, resolver=args.resolver)
    _print_agreement(agreement[agreement["stage"] == args.stage])
    return 0


def run_session(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "slr screen session needs an interactive terminal (stdin/stdout is not a TTY); "
            "use slr screen export and slr screen import for spreadsheets"
        )
    if args.retrain_every < 0:
        raise UsageError("--retrain-every must be 0 or more")
    if not args.screener.strip():
        raise UsageError("--screener needs a name")
    from pipeline.screen.session import Session, load_highlight

    state = _State(args)
    query_text = ""
    if args.query_text:
        qpath = Path(args.query_text)
        if not qpath.exists():
            raise UsageError(f"{qpath}: no such query text file")
        query_text = qpath.read_text(encoding="utf-8")
    session = Session(
        state.records,
        state.queue,
        decisions=state.decisions,
        screener=args.screener.strip(),
        stage=args.stage,
        review=state.review,
        reasons=state.reasons,
        highlight=load_highlight(args.highlight),
        retrain_every=args.retrain_every,
        seed=int(state.setting("screen", "seed", args.seed, 42)),
        query_text=query_text,
        resolver=args.resolver,
        target_recall=float(state.setting("screen", "target_recall", None, 0.95)),
    )
    session.run()
    return 0
