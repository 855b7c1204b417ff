"""`slr ingest`: database exports -> one records table, an ingest report and a quarantine."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.files import add_force


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "ingest",
        help="read database exports (RIS, MEDLINE, PubMed XML, BibTeX, CSV, ...) into one table",
        description=(
            "Read exports of bibliographic databases into one records table. The format of "
            "each file is detected from its content. Records that cannot be read are written "
            "to the quarantine table with their line number and a reason. For one job per "
            "export: 'slr ingest FILE --part PART.parquet' per file, then 'slr ingest "
            "--combine PART... --out ...' writes what one 'slr ingest FILE...' would."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="an export file, or DATABASE=FILE to name its database (e.g. embase=embase.ris); "
        "with --combine: parts, in the order the exports would be given",
    )
    parser.add_argument("--out", type=str, help="records table (.parquet or .csv)")
    parser.add_argument("--report", type=Path, help="ingest report CSV (one row per file)")
    parser.add_argument("--quarantine", type=Path, help="quarantined records CSV")
    parser.add_argument(
        "--part",
        type=Path,
        metavar="PART",
        help="read one FILE into a part (.parquet: its records, report row and quarantine) "
        "for --combine, instead of --out",
    )
    parser.add_argument(
        "--combine",
        action="store_true",
        help="the FILEs are parts (--part): combine them into --out, --report, --quarantine",
    )
    parser.add_argument(
        "--keep-ids",
        action="store_true",
        help="use each record's own id (RIS ID tag, record_id/id column) as record_id",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes reading a large RIS/MEDLINE file in parts (default: "
        "SLR_INGEST_WORKERS, else 2, at most one per CPU; 0 or 1: in this process); the "
        "output is the same for any number",
    )
    add_force(parser)
    parser.set_defaults(func=run)


def _check_usage(args: argparse.Namespace) -> None:
    from pipeline.errors import UsageError

    if args.part is not None:
        if args.out or args.report or args.quarantine or args.combine:
            raise UsageError("--part writes one file's part: give no --out/--report/--quarantine")
        if len(args.files) != 1:
            raise UsageError(f"--part reads one FILE; {len(args.files)} given")
    elif not args.out:
        raise UsageError("give --out (the records table), or --part for one file's part")


def run(args: argparse.Namespace) -> int:
    import logging

    from pipeline.cells import neutralise_frame
    from pipeline.files import check_outputs, output_file, write_csv
    from pipeline.ingest import combine, write

    _check_usage(args)
    log = logging.getLogger("pipeline.ingest")
    if args.part is not None:
        check_outputs([args.part], force=args.force)
        database, path = combine.parse_spec(args.files[0])
        result = combine.read_file_result(
            path, database=database, keep_ids=args.keep_ids, workers=args.workers
        )
        combine.log_result(result)
        write.write_sorted(result.records, args.part, part=result)
        log.info("%d records from %s -> %s", len(result.records), result.file, args.part)
        return 0
    args.out = output_file(args.out)
    check_outputs([args.out, args.report, args.quarantine], force=args.force)
    if args.combine:
        parts = (write.read_part(p) for p in args.files)
        table, report, quarantine = combine.combine_results(
            parts, keep_ids=args.keep_ids, sort=False
        )
    else:
        table, report, quarantine = combine.ingest_files(
            args.files, keep_ids=args.keep_ids, workers=args.workers, sort=False
        )
    write.write_sorted(table, args.out)
    for frame, path in ((report, args.report), (quarantine, args.quarantine)):
        if path is not None:
            write_csv(neutralise_frame(frame), path, index=False)
    log.info(
        "%d records from %d file(s) -> %s (%d quarantined)",
        len(table),
        len(report),
        args.out,
        len(quarantine),
    )
    return 0
