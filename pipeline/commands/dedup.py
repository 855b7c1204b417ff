"""`slr dedup`: find duplicate records across databases, keep one per paper, mark the rest."""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

from pipeline.dedup.shards import SHARD_THRESHOLD
from pipeline.errors import DataError, UsageError
from pipeline.files import add_force

log = logging.getLogger("pipeline.dedup")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "dedup",
        help="find duplicate records, keep one per paper with merged fields",
        description=(
            "Find records of the same paper (exact DOI/PMID, then blocked fuzzy comparison "
            "of title, authors, year, journal, pages), keep one per paper with fields merged "
            "from the others, and write one row per input record to the clusters table. "
            "Person-checked pair decisions (--pairs) override the rule on every run."
        ),
    )
    _add_files(parser)
    _add_rule_options(parser)
    _add_shard_options(parser)
    add_force(parser)
    parser.set_defaults(func=run)


def _add_files(parser: argparse.ArgumentParser) -> None:
    """What is read and written, and the person's pair decisions."""
    parser.add_argument(
        "input",
        type=Path,
        metavar="RECORDS",
        help="records table (.parquet from slr ingest) or an export file (CSV, RIS, ...)",
    )
    parser.add_argument("--out", type=str, help="unique records (.parquet or .csv)")
    parser.add_argument("--clusters", type=str, help="clusters table, one row per record (CSV)")
    parser.add_argument("--uncertain", type=Path, help="pairs for a person to check (CSV)")
    parser.add_argument(
        "--records-out",
        type=Path,
        help="every input record with dedup_cluster, dedup_kept, duplicate_of (.parquet/.csv)",
    )
    parser.add_argument(
        "--pairs",
        type=Path,
        default=None,
        help="pair decisions file (same/different), read on every run; --review appends to it",
    )
    parser.add_argument(
        "--review",
        metavar="FILE|-",
        help="add the decisions filled into an uncertain-pairs CSV (or '-' to be asked "
        "interactively) to --pairs, then deduplicate with them",
    )


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    parser.add_argument(
        "--source-preference",
        default="",
        help="comma-separated sources, most preferred first, for the kept record",
    )
    ids = parser.add_mutually_exclusive_group()
    ids.add_argument(
        "--new-ids",
        action="store_true",
        help="export input: give records pipeline ids instead of the file's own record_id/id "
        "column (or RIS ID tag), which are kept by default when every record has one",
    )
    ids.add_argument("--keep-ids", action="store_true", help=argparse.SUPPRESS)  # the default
    parser.add_argument(
        "--merge-conference",
        action="store_true",
        help="allow a conference abstract and a journal article to be joined",
    )
    parser.add_argument(
        "--uncertain-limit",
        type=int,
        default=1000,
        help="at most this many uncertain pairs (default 1000)",
    )


def _add_shard_options(parser: argparse.ArgumentParser) -> None:
    """Dedup as shard jobs: the plan, one shard's scoring, and the combining run."""
    parser.add_argument(
        "--block-shard",
        metavar="I/N",
        help="score only the blocks of shard I of N (1-based) and write them to --pairs-out",
    )
    parser.add_argument("--pairs-out", type=Path, help="scored pairs of a shard (.parquet)")
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="+",
        metavar="SHARD",
        help="deduplicate from the scored pairs of these shards instead of blocking here",
    )
    parser.add_argument(
        "--plan",
        type=Path,
        metavar="FILE",
        help="only write how many shards RECORDS splits into (JSON: records, shards), "
        "from --shards and --shard-threshold",
    )
    parser.add_argument(
        "--shards",
        default="auto",
        help="with --plan: shard jobs above the threshold, or 'auto' (one per threshold)",
    )
    parser.add_argument(
        "--shard-threshold",
        type=int,
        default=SHARD_THRESHOLD,
        help=f"with --plan: records above which dedup is sharded (default {SHARD_THRESHOLD})",
    )


def _shard(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value)
    if not match:
        raise UsageError(f"--block-shard {value!r}: expected I/N, e.g. 1/4")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise UsageError(f"--block-shard {value!r}: I must be between 1 and N")
    return index - 1, count


def _count_records(path: Path) -> int:
    """Records in a table: a Parquet file's footer says without reading the rows."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        from pipeline.files import check_input

        check_input(path)
        try:
            return int(pq.read_metadata(path).num_rows)
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: cannot read records table ({exc})") from exc
    return len(load_records(path))


def _write_plan(args: argparse.Namespace) -> int:
    import json

    from pipeline.dedup.shards import shard_count
    from pipeline.files import replacing

    shards = args.shards.strip()
    if shards != "auto":
        if not shards.isdigit() or int(shards) < 1:
            raise UsageError(f"--shards {args.shards!r}: expected 'auto' or a positive integer")
        shards = int(shards)
    if args.shard_threshold < 1:
        raise UsageError("--shard-threshold must be at least 1")
    n = _count_records(args.input)
    count = shard_count(n, shards=shards, threshold=args.shard_threshold)
    plan = {"records": n, "shard_threshold": args.shard_threshold, "shards": count}
    with replacing(args.plan) as tmp:
        tmp.write_text(json.dumps(plan, indent=2) + "\n", encoding="utf-8")
    log.info("%d records: %s", n, "one job" if count == 1 else f"{count} shard jobs + combine")
    return 0


def load_records(path: Path, *, new_ids: bool = False):  # noqa: ANN201 (pandas lazily)
    """Records from a records table (.parquet/.csv written by the pipeline) or an export.

    An export keeps its own ids (a ``record_id``/``id`` column, RIS ``ID``) unless
    ``new_ids`` or a record has none; then every record gets a pipeline id.
    """

    from pipeline.files import check_input
    from pipeline.safetext import clean_frame

    check_input(path)
    if path.suffix.lower() == ".parquet":
        # A table from outside gets the text policy that ingest applies to exports.
        return clean_frame(_read_parquet(path))[0]
    from pipeline.ingest import MissingIdError, read_file

    try:
        frame, quarantine = read_file(path, keep_ids=not new_ids)
    except MissingIdError as exc:
        log.info("%s; giving every record a pipeline id", exc)
        frame, quarantine = read_file(path, keep_ids=False)
    if len(quarantine):
        log.warning(
            "%s: %d record(s) quarantined by ingest, not deduplicated", path, len(quarantine)
        )
    return frame


def _read_parquet(path: Path):  # noqa: ANN202
    """A records table from Parquet; tables the pipeline wrote skip the per-cell clean-up.

    ``records.read_records`` re-normalises every cell (seconds per 100,000 records); a
    table with every model column, no nulls in its text columns and integer years only
    needs its list columns turned back from numpy arrays into lists.
    """
    import pandas as pd

    from pipeline import records

    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read records table ({exc})") from exc
    ready = set(records.COLUMNS) <= set(frame.columns) and all(
        not frame[c].isna().any() for c in records.TEXT_COLUMNS
    )
    if not ready or str(frame["year"].dtype) != "Int64":
        return records.read_records(path)
    for col in records.LIST_COLUMNS:
        frame[col] = pd.Series([list(v) for v in frame[col]], index=frame.index, dtype=object)
    extra = [c for c in frame.columns if c not in records.COLUMNS]
    return frame[list(records.COLUMNS) + extra]


def _write_csv(frame, path: Path) -> None:  # noqa: ANN001
    from pipeline.cells import neutralise_frame
    from pipeline.files import write_csv

    write_csv(neutralise_frame(frame), path, index=False, lineterminator="\n")


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from pipeline import dedup, records
    from pipeline.dedup import review
    from pipeline.files import check_outputs, output_file, replacing

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.plan:
        check_outputs([args.plan], force=args.force)
        return _write_plan(args)
    args.out, args.clusters = output_file(args.out), output_file(args.clusters)
    outputs = [args.out, args.clusters, args.uncertain, args.records_out, args.pairs_out]
    check_outputs(outputs, force=args.force)
    table = load_records(args.input, new_ids=args.new_ids)

    if args.block_shard:
        if not args.pairs_out:
            raise UsageError("--block-shard needs --pairs-out FILE")
        scored = dedup.score_shard(table, shard=_shard(args.block_shard), workers=args.workers)
        with replacing(args.pairs_out) as tmp:
            scored.to_parquet(tmp, index=False)
        log.info("shard %s: %d scored pairs -> %s", args.block_shard, len(scored), args.pairs_out)
        return 0
    if not args.out or not args.clusters:
        raise UsageError("--out and --clusters are required (or --block-shard with --pairs-out)")

    if args.review and not args.pairs:
        raise UsageError("--review needs --pairs FILE to keep the decisions in")
    if args.review and args.review != "-":
        added = review.append_pair_decisions(args.pairs, review.decisions_from_review(args.review))
        log.info("%d decision(s) from %s added to %s", added, args.review, args.pairs)

    preference = [s.strip() for s in args.source_preference.split(",") if s.strip()]
    scored = None
    if args.combine:
        parts = []
        for shard_path in args.combine:
            if not shard_path.exists():
                raise DataError(f"{shard_path}: no such file (scored pairs of a shard)")
            parts.append(pd.read_parquet(shard_path))
        # A shard with no pairs has untyped (object) columns: concatenated with the others
        # it would turn their scores into objects, which one job's run never has.
        scored = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)

    def once():  # noqa: ANN202
        return dedup.deduplicate(
            table,
            source_preference=preference,
            decisions=review.read_pair_decisions(args.pairs),
            merge_conference=args.merge_conference,
            workers=args.workers,
            scored=scored,
            uncertain_limit=args.uncertain_limit,
        )

    result = once()
    if args.review == "-":
        answers = review.prompt_decisions(result.uncertain)
        if answers:
            review.append_pair_decisions(args.pairs, answers)
            result = once()

    records.write_records(result.unique, args.out)
    _write_csv(result.clusters, args.clusters)
    if args.uncertain:
        _write_csv(result.uncertain, args.uncertain)
    if args.records_out:
        records.write_records(result.records, args.records_out)
    removed = int((~result.clusters["kept"]).sum())
    log.info(
        "%d records, %d unique, %d duplicates marked, %d uncertain pairs",
        len(result.clusters),
        len(result.unique),
        removed,
        len(result.uncertain),
    )
    return 0
