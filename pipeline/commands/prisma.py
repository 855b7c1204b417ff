"""`slr prisma`: the PRISMA 2020 flow diagram, computed from the pipeline's files and checked."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import UsageError
from pipeline.files import add_force, check_outputs, write_text

if TYPE_CHECKING:
    from pipeline.prisma.counts import Counts, Result
    from pipeline.prisma.inputs import Workdir

FORMATS = (".svg", ".pdf", ".png")

DESCRIPTION = """\
Draw the PRISMA 2020 flow diagram from the pipeline's own files (counts are never typed):
  WORKDIR/ingest/ingest_report.csv   records identified per database, quarantined records
  WORKDIR/dedup/clusters.csv         duplicates removed
  WORKDIR/screen/screening.csv       title/abstract and full-text decisions, reasons
  (optional) WORKDIR/dedup/unique.parquet, WORKDIR/ingest/records.parquet: titles for the
  HTML lists and an automation_excluded column; WORKDIR/search/search_log.csv.
Every arrow is checked (identified - removed = screened, screened - excluded = sought,
sought - not retrieved = assessed, assessed - excluded = included) and so are the row
counts of the files; a mismatch is an error naming the boxes, and nothing is drawn.

Or draw from a PRISMA2020 counts CSV alone (the PRISMA2020 R package/Shiny app template):
  slr prisma --counts prisma_counts.csv --out figure.svg

Outputs (defaults in WORKDIR/prisma/): prisma.svg (+ .pdf/.png with --all-formats or
more --out), prisma_counts.csv (PRISMA2020 template layout) and prisma.html (each box
lists its records). Byte-identical on rerun.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "prisma",
        help="draw the PRISMA 2020 flow diagram (SVG/PDF/PNG, counts CSV, HTML)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_source_options(parser.add_argument_group("where the numbers come from"))
    _add_output_options(parser.add_argument_group("outputs"))
    add_force(parser)
    parser.set_defaults(func=run)


def _add_source_options(source: argparse._ArgumentGroup) -> None:
    source.add_argument(
        "--workdir",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="the pipeline's output folder (default: outputs)",
    )
    source.add_argument(
        "--counts",
        type=Path,
        metavar="FILE.csv",
        help="draw from a PRISMA2020 counts CSV instead of the pipeline files",
    )
    source.add_argument(
        "--other-methods",
        type=Path,
        metavar="FILE",
        help="YAML or CSV with 'identification via other methods' numbers (websites, "
        "organisations, citation searching, sought, not_retrieved, excluded reasons)",
    )
    source.add_argument(
        "--previous",
        type=Path,
        metavar="FILE",
        help="YAML or CSV with the previous version's included studies and reports "
        "(updated reviews)",
    )
    source.add_argument(
        "--previous-version",
        type=Path,
        metavar="DIR",
        help="an updated review (slr update): the previous version's review folder or outputs "
        "folder; its screening.csv gives the 'previous studies' column, records matched to it "
        "(WORKDIR/update/matches.csv) are removed before screening, the new records' decisions "
        "come from WORKDIR/update/screen/screening.csv, and both versions are reconciled",
    )
    source.add_argument(
        "--register",
        action="append",
        default=[],
        metavar="NAME",
        help="count this source as a register, not a database (repeatable; "
        "ClinicalTrials.gov, WHO ICTRP, ISRCTN ... are known)",
    )
    source.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="draw an unfinished screening (maybe/conflict/undecided records shown in dashed "
        "'awaiting' boxes) instead of stopping with an error",
    )


def _add_output_options(out: argparse._ArgumentGroup) -> None:
    out.add_argument(
        "--out",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="figure to write, .svg, .pdf or .png (repeatable; default: WORKDIR/prisma/prisma.svg)",
    )
    out.add_argument(
        "--all-formats",
        action="store_true",
        help="also write the .svg, .pdf and .png siblings of each --out",
    )
    out.add_argument(
        "--counts-out",
        type=Path,
        metavar="FILE.csv",
        help="counts in the PRISMA2020 template layout (default with --workdir: "
        "prisma_counts.csv beside the first --out)",
    )
    out.add_argument(
        "--html",
        type=Path,
        metavar="FILE.html",
        help="self-contained HTML diagram whose boxes list their records (default with "
        "--workdir: prisma.html beside the first --out)",
    )
    out.add_argument(
        "--no-extras",
        action="store_true",
        help="write only the figures (no default counts CSV or HTML)",
    )
    out.add_argument("--dpi", type=int, default=300, help="PNG resolution (default: 300)")


def _figures(args: argparse.Namespace, default_dir: Path) -> list[Path]:
    outs = list(args.out) or [default_dir / "prisma.svg"]
    for path in outs:
        if path.suffix.lower() not in FORMATS:
            raise UsageError(f"--out {path}: use a .svg, .pdf or .png file name")
    if args.all_formats:
        outs = [p.with_suffix(s) for p in outs for s in FORMATS]
    seen: list[Path] = []
    for path in outs:
        if path not in seen:
            seen.append(path)
    return seen


def _check_usage(args: argparse.Namespace) -> None:
    if args.dpi < 30 or args.dpi > 1200:
        raise UsageError(f"--dpi {args.dpi}: use a value between 30 and 1200")
    if args.previous and args.previous_version:
        raise UsageError(
            "--previous and --previous-version both give the previous studies; use one"
        )
    if args.counts is not None and (
        args.other_methods or args.previous or args.previous_version or args.register
    ):
        raise UsageError(
            "--counts already holds every number; --other-methods, --previous and --register "
            "apply to --workdir"
        )


@dataclass
class _Diagram:
    """What to draw and from what: the checked counts and, from a workdir, the files."""

    counts: Counts
    result: Result | None = None
    work: Workdir | None = None
    warnings: list[str] = field(default_factory=list)


def run(args: argparse.Namespace) -> int:
    _check_usage(args)

    import logging

    # PDF font subsetting logs every glyph at INFO; nobody needs that on stderr.
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    from pipeline.prisma import reconcile, template

    if args.counts is not None:
        diagram = _Diagram(reconcile.check_counts(template.read(args.counts)))
        figures = _figures(args, Path("outputs") / "prisma")
        counts_out, html_out = args.counts_out, args.html
    else:
        diagram = _from_workdir(args)
        figures = _figures(args, args.workdir / "prisma")
        beside = figures[0].parent
        counts_out = args.counts_out or (None if args.no_extras else beside / "prisma_counts.csv")
        html_out = args.html or (None if args.no_extras else beside / "prisma.html")
    check_outputs([*figures, counts_out, html_out], force=args.force)
    for path in _write(diagram, figures, counts_out, html_out, dpi=args.dpi):
        print(path)
    return 0


def _from_workdir(args: argparse.Namespace) -> _Diagram:
    """The counts computed from the pipeline's files, checked against those files (and, for
    an updated review, against the previous version)."""
    import logging

    from pipeline.prisma import inputs, reconcile, sources

    update = None
    if args.previous_version:
        from pipeline.update import files

        work, update = files.update_workdir(args.workdir, args.previous_version)
    else:
        work = inputs.read_workdir(args.workdir)
    other = inputs.read_other_methods(args.other_methods) if args.other_methods else None
    previous = inputs.read_previous(args.previous) if args.previous else None
    previous = update.previous if update is not None else previous
    result = inputs.compute_workdir(
        work,
        other=other,
        previous=previous,
        registers=tuple(args.register),
        allow_incomplete=args.allow_incomplete,
    )
    warnings = inputs.search_log_warnings(work.search_log, work.ingest_report)
    for warning in warnings:
        logging.getLogger("pipeline.prisma").warning(warning)
    sources.check_sources(result.checks)
    counts = reconcile.check_counts(result.counts)
    if update is not None:
        _reconcile_versions(counts, update)
    return _Diagram(counts, result, work, warnings)


def _reconcile_versions(counts: Counts, update: Any) -> None:
    from pipeline.errors import DataError
    from pipeline.update import reconcile as across

    problems = across(
        counts,
        matches=update.matches,
        screening=update.screening,
        previous_screening=update.previous_screening,
        previous_diagram=update.previous_diagram,
    )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DataError(f"updated review does not reconcile: {problems[0]}{more}")


def _write(
    diagram: _Diagram,
    figures: list[Path],
    counts_out: Path | None,
    html_out: Path | None,
    *,
    dpi: int,
) -> list[Path]:
    from pipeline.plots import save_figure
    from pipeline.prisma import html, template
    from pipeline.prisma.draw import draw

    counts, work = diagram.counts, diagram.work
    fig = draw(counts)
    written = [save_figure(fig, path, dpi=dpi) for path in figures]
    if counts_out is not None:
        written.append(template.write(counts, counts_out))
    if html_out is not None:
        page = html.render(
            counts,
            result=diagram.result,
            titles=work.titles() if work else None,
            search_log=work.search_log if work else None,
            quarantine=work.quarantine if work else None,
            warnings=diagram.warnings,
        )
        write_text(html_out, page, encoding="utf-8")
        written.append(html_out)
    return written
