"""`slr themes`: map included studies onto a theme framework (codebook)."""

from __future__ import annotations

import argparse
import logging

from pipeline.errors import UsageError
from pipeline.files import add_force

log = logging.getLogger("pipeline.themes")

DEFAULT_THRESHOLD = 0.5  # same as pipeline.themes.score.DEFAULT_THRESHOLD (kept import-free)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "themes",
        help="code included studies on a theme codebook and write the synthesis",
        description=(
            "Split each study's title, abstract and notes into sentences, score them against "
            "the codebook's sub-themes (lemmatised cues with negation handling + TF-IDF "
            "similarity, plus a supervised model once reviewers have coded studies) and write "
            "theme matrices, a theme table, a heat map, evidence sentences, a coding sheet for "
            "reviewers and a synthesis report to --out."
        ),
    )
    parser.add_argument(
        "studies",
        metavar="STUDIES",
        help="included studies, CSV or Parquet (record_id, title, abstract)",
    )
    parser.add_argument(
        "--codebook",
        required=True,
        metavar="FILE.yaml",
        help="theme codebook (YAML, validated against the codebook schema)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
    parser.add_argument(
        "--coding",
        metavar="FILE.csv",
        help="reviewers' coding sheet (coding.csv with reviewer_code filled); "
        "their codes win and train the supervised step",
    )
    parser.add_argument(
        "--notes",
        metavar="DIR|FILE",
        help="extra text per study: a folder of <record_id>.txt files or a CSV "
        "with record_id and notes",
    )
    parser.add_argument(
        "--compare",
        nargs="+",
        action="extend",  # "--compare a --compare b" keeps both, like "--compare a b"
        default=[],
        metavar="OTHER.yaml",
        help="other codebooks to cross-walk against (writes crosswalk.csv/.md and "
        "crosswalk_coverage.csv); may be repeated",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        metavar="X",
        help=f"score at which a sub-theme is assigned (default {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--no-supervised", action="store_true", help="do not train on reviewers' codes (rules only)"
    )
    add_force(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not 0.0 < args.threshold < 1.0:
        raise UsageError(f"--threshold must be between 0 and 1, got {args.threshold}")
    from pipeline.files import check_output
    from pipeline.themes import code_studies, outputs
    from pipeline.themes import codebook as codebooks

    check_output(args.out, force=args.force, folder=True)
    book = codebooks.load(args.codebook)
    others = [codebooks.load(path) for path in args.compare]
    studies = outputs.read_studies(args.studies)
    if args.notes:
        studies = outputs.attach_notes(studies, args.notes)
    coding = outputs.read_coding(args.coding, book) if args.coding else None
    if coding is not None:
        unknown = sorted(set(coding["record_id"]) - set(studies["record_id"]))
        if unknown:
            log.warning(
                "%s: %d coded record(s) are not among the studies (e.g. %s); ignored",
                args.coding,
                len(unknown),
                unknown[0],
            )
    supervised = not args.no_supervised
    result = code_studies(
        studies, book, coding=coding, threshold=args.threshold, supervised=supervised
    )
    compared = [
        code_studies(studies, other, threshold=args.threshold, supervised=False) for other in others
    ]
    paths = outputs.write_outputs(result, args.out, compare=compared)
    n_assigned = int(result.assigned.to_numpy().sum())
    log.info(
        "coded %d studies on %d sub-themes: %d assignments; wrote %d files to %s",
        len(result.assigned),
        len(book.subthemes),
        n_assigned,
        len(paths),
        args.out,
    )
    return 0
