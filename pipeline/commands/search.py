"""`slr search`: search a database and record it, replay a recording, or write the search log."""

from __future__ import annotations

import argparse
import os

from pipeline.errors import UsageError

RUN_DESCRIPTION = """\
Search (or replay) a database (pubmed, or europepmc with Europe PMC query syntax):
  slr search run --query queries/pubmed.txt --database pubmed --out DIR
                 [--mindate 2014/01/01] [--maxdate 2024/12/31] [--datetype pdat]
                 [--replay RECORDED_DIR]
writes DIR/records.parquet (record model, one row per record, sorted by record_id),
DIR/manifest.json and, for a live search, every raw response in DIR/raw/. Rerunning an
interrupted search resumes it. --replay reads a recorded folder instead of the network;
a strategy or date limits that differ from the recording are an error.
"""

LOG_DESCRIPTION = """\
Write the PRISMA-S search log:
  slr search log --out outputs/search/search_log.csv
                 --manifest outputs/search/pubmed/manifest.json [--manifest ...]
                 [--export FILE ... | --exports queries/exports]
                 [--ingest-report outputs/ingest/ingest_report.csv]
writes search_log.csv and search_log.md (same folder): one row per database with the
platform, date searched, full strategy, limits, hits reported and records retrieved.
Exports of databases searched by hand need a sidecar YAML (<file>.yaml: database,
platform, date_searched, strategy, limits); their record counts come from the ingest report.
"""

DESCRIPTION = """\
Two verbs:
  slr search run   search (or replay) a database and record the responses
  slr search log   write the PRISMA-S search log
`slr search run --help` and `slr search log --help` give their options. The spelling of
earlier releases (`slr search --query ...`, `slr search --log-out ...`) still works and
prints a note; it goes in the next release.
"""

EPILOG = """\
environment: NCBI_EMAIL (contact address NCBI requires), NCBI_API_KEY (10 requests/s instead
of 3), SLR_EUTILS_URL (E-utilities base URL, e.g. a local mirror or test server),
SLR_EUROPEPMC_URL (Europe PMC REST base URL; Europe PMC is searched at 5 requests/s).
exit codes: 0 done, 1 bad data or failed search, 2 bad usage.
"""


def _add_run_arguments(parser: argparse.ArgumentParser, *, out_flag: str = "--out") -> None:
    run = parser.add_argument_group("search or replay")
    run.add_argument("--query", metavar="FILE", help="strategy file ('#' starts a comment)")
    run.add_argument(
        "--database",
        default="pubmed",
        choices=["pubmed", "europepmc"],
        help="pubmed (E-utilities, Bio.Entrez) or europepmc (REST API); default pubmed",
    )
    run.add_argument(
        out_flag, dest="out", metavar="DIR", help="folder for records.parquet, manifest, raw/"
    )
    run.add_argument("--replay", metavar="DIR", help="replay this recorded search, no network")
    run.add_argument("--mindate", default="", help="start of the date limit: YYYY[/MM[/DD]]")
    run.add_argument("--maxdate", default="", help="end of the date limit (default: open)")
    run.add_argument(
        "--datetype",
        default="pdat",
        choices=["pdat", "edat", "mdat", "crdt"],
        help="date the limit applies to (default pdat, publication date)",
    )
    run.add_argument("--check", action="store_true", help="only validate the strategy and print it")
    run.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes parsing the PubMed XML (default: one per CPU for more than 4 MB of "
        "XML, else 1; the records are the same for any number)",
    )
    net = parser.add_argument_group("E-utilities connection")
    net.add_argument("--email", default=None, help="contact e-mail sent to NCBI (env NCBI_EMAIL)")
    net.add_argument("--api-key", default=None, help="NCBI API key (env NCBI_API_KEY)")
    net.add_argument(
        "--eutils-url",
        default=None,
        help="E-utilities base URL (env SLR_EUTILS_URL; default NCBI's)",
    )
    net.add_argument(
        "--europepmc-url",
        default=None,
        help="Europe PMC REST base URL (env SLR_EUROPEPMC_URL; default EBI's)",
    )
    net.add_argument("--batch-size", type=int, default=500, help="records per efetch (500)")
    net.add_argument("--timeout", type=float, default=60.0, help="seconds per request (60)")
    net.add_argument("--max-tries", type=int, default=6, help="tries per request (6)")
    net.add_argument(
        "--backoff",
        type=float,
        default=1.0,
        help="seconds before the first retry, doubling each time (1)",
    )
    net.add_argument(
        "--rate",
        type=float,
        default=None,
        help="requests per second (default NCBI's limit: 3, or 10 with an API key)",
    )


def _add_log_arguments(parser: argparse.ArgumentParser, *, out_flag: str = "--out") -> None:
    slog = parser.add_argument_group("search log")
    slog.add_argument(
        out_flag, dest="log_out", metavar="CSV", help="write the search log CSV (+ .md beside)"
    )
    slog.add_argument(
        "--manifest",
        action="append",
        default=[],
        metavar="JSON",
        help="manifest.json of an API search (repeatable)",
    )
    slog.add_argument("--exports", metavar="DIR", help="folder of hand-searched exports + YAML")
    slog.add_argument(
        "--export",
        action="append",
        default=[],
        metavar="FILE",
        help="one hand-searched export with its sidecar <FILE>.yaml (repeatable; only these "
        "are logged)",
    )
    slog.add_argument("--ingest-report", metavar="CSV", help="ingest_report.csv for counts")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "search",
        help="search PubMed and record/replay it (run), or write the PRISMA-S search log (log)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # The spelling of earlier releases: options straight after `slr search`.
    _add_run_arguments(parser, out_flag="--out")
    _add_log_arguments(parser, out_flag="--log-out")
    parser.set_defaults(func=run_legacy)
    verbs = parser.add_subparsers(dest="search_verb", metavar="{run,log}")
    run = verbs.add_parser(
        "run",
        help="search or replay a database",
        description=RUN_DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_run_arguments(run)
    run.set_defaults(
        func=run_command, manifest=[], exports=None, export=[], ingest_report=None, log_out=None
    )
    log = verbs.add_parser(
        "log",
        help="write the PRISMA-S search log",
        description=LOG_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_log_arguments(log)
    log.set_defaults(func=_write_log, query=None, replay=None)


def run_legacy(args: argparse.Namespace) -> int:
    """`slr search --query ...` / `slr search --log-out ...`: the earlier spelling."""
    import sys

    verb = "log --out" if args.log_out else "run"
    print(
        f"slr search: note: this spelling is deprecated; use `slr search {verb} ...` "
        "(the old one goes in the next release)",
        file=sys.stderr,
    )
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    if args.log_out:
        return _write_log(args)
    if args.manifest or args.exports or args.export or args.ingest_report:
        raise UsageError("--manifest/--exports/--export/--ingest-report need --log-out")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if not args.query:
        raise UsageError(
            "give --query FILE (`slr search run`), or write the search log with `slr search log`"
        )

    from pipeline.search import EntrezConfig, load_strategy, run_search
    from pipeline.search.entrez import NCBI_EUTILS, parse_date

    strategy = load_strategy(args.query, dialect=args.database)
    for value, end in ((args.mindate, False), (args.maxdate, True)):
        if value.strip():
            parse_date(value, end=end)
    if args.check:
        print(strategy.query)
        return 0
    if not args.out:
        raise UsageError("give --out DIR for the records and the recording")
    config = None
    if not args.replay and args.database == "europepmc":
        from pipeline.search.europepmc import EUROPEPMC_REST

        config = EntrezConfig(
            email=args.email or os.environ.get("NCBI_EMAIL", ""),
            base_url=args.europepmc_url or os.environ.get("SLR_EUROPEPMC_URL") or EUROPEPMC_REST,
            timeout=args.timeout,
            rate=args.rate or 5.0,
            max_tries=args.max_tries,
            backoff=args.backoff,
            batch_size=args.batch_size,
        )
    elif not args.replay:
        base_url = args.eutils_url or os.environ.get("SLR_EUTILS_URL") or NCBI_EUTILS
        email = args.email or os.environ.get("NCBI_EMAIL", "")
        if not email:
            if base_url.rstrip("/") == NCBI_EUTILS.rstrip("/"):
                raise UsageError("NCBI requires a contact e-mail: give --email or set NCBI_EMAIL")
            email = "slr-pipeline@localhost"
        config = EntrezConfig(
            email=email,
            api_key=args.api_key or os.environ.get("NCBI_API_KEY", ""),
            base_url=base_url,
            timeout=args.timeout,
            rate=args.rate,
            max_tries=args.max_tries,
            backoff=args.backoff,
            batch_size=args.batch_size,
        )
    manifest, frame = run_search(
        strategy,
        args.out,
        database=args.database,
        replay_dir=args.replay,
        mindate=args.mindate,
        maxdate=args.maxdate,
        datetype=args.datetype,
        config=config,
        workers=args.workers,
    )
    how = f"replayed from {args.replay}" if args.replay else "searched"
    print(
        f"{args.database}: {manifest['count']} hits, {len(frame)} records {how} "
        f"({manifest['date_searched']}) -> {args.out}"
    )
    return 0


def _write_log(args: argparse.Namespace) -> int:
    from pipeline.search.log import build_search_log, write_search_log

    if args.query or args.replay:
        raise UsageError("the search log is written on its own; do not combine it with --query")
    if not args.log_out:
        raise UsageError("give --out CSV for the search log")
    if not args.manifest and not args.exports and not args.export:
        raise UsageError(
            "the search log needs at least one --manifest, --export FILE or --exports DIR"
        )
    frame = build_search_log(
        args.manifest,
        exports_dir=args.exports,
        export_files=args.export,
        ingest_report=args.ingest_report,
    )
    csv_path, md_path = write_search_log(frame, args.log_out)
    print(f"search log: {len(frame)} databases -> {csv_path}, {md_path}")
    return 0
