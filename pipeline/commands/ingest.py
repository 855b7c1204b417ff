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
            "to the quarantine table with their line number and a reason."
        ),
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="an export file, or DATABASE=FILE to name its database (e.g. embase=embase.ris)",
    )
    parser.add_argument("--out", required=True, type=str, help="records table (.parquet or .csv)")
    parser.add_argument("--report", type=Path, help="ingest report CSV (one row per file)")
    parser.add_argument("--quarantine", type=Path, help="quarantined records CSV")
    parser.add_argument(
        "--keep-ids",
        action="store_true",
        help="use each record's own id (RIS ID tag, record_id/id column) as record_id",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes reading a RIS/MEDLINE file of 16 MB or more in parts (default: "
        "SLR_INGEST_WORKERS, else 2, at most one per CPU; 0 or 1: in this process); the "
        "output is the same for any number",
    )
    add_force(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import logging

    from pipeline import records
    from pipeline.files import check_outputs, output_file, write_csv
    from pipeline.ingest import ingest_files
    from pipeline.sheets import neutralise_frame

    args.out = output_file(args.out)
    check_outputs([args.out, args.report, args.quarantine], force=args.force)
    table, report, quarantine = ingest_files(
        args.files, keep_ids=args.keep_ids, workers=args.workers
    )
    records.write_records(table, args.out)
    for frame, path in ((report, args.report), (quarantine, args.quarantine)):
        if path is not None:
            write_csv(neutralise_frame(frame), path, index=False)
    logging.getLogger("pipeline.ingest").info(
        "%d records from %d file(s) -> %s (%d quarantined)",
        len(table),
        len(report),
        args.out,
        len(quarantine),
    )
    return 0
