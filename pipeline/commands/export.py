"""`slr export`: a records table -> RIS, CSV or ASReview CSV for people and other tools."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.files import add_force


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="write a records table as RIS, CSV or ASReview CSV",
        description=(
            "Write a records table as RIS (records read from RIS keep every original tag), "
            "CSV (every column, lists joined with '; ') or ASReview CSV (with label_included "
            "when the table has a label or decision column)."
        ),
    )
    parser.add_argument("table", type=Path, metavar="RECORDS", help="records table (.parquet/.csv)")
    parser.add_argument(
        "--format", required=True, choices=("ris", "csv", "asreview"), help="output format"
    )
    parser.add_argument("--out", required=True, type=str, help="output file")
    add_force(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import logging

    from pipeline.export import export_file
    from pipeline.files import check_output, output_file

    args.out = output_file(args.out)
    check_output(args.out, force=args.force)
    count, path = export_file(args.table, args.out, format=args.format)
    logging.getLogger("pipeline.export").info("%d records -> %s (%s)", count, path, args.format)
    return 0
