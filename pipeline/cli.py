"""The ``slr`` console script: one verb per stage, each a thin layer over a module.

Every verb lives in ``pipeline/commands/<verb>.py`` and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` (called with the parsed arguments, returning an exit
code). Stage modules are imported inside ``func`` so that ``slr --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from pipeline import __version__
from pipeline.errors import SlrError

#: Verb modules under ``pipeline.commands``, in the order ``slr --help`` lists them.
VERBS: tuple[str, ...] = (
    "search",
    "ingest",
    "dedup",
    "screen",
    "prisma",
    "themes",
    "export",
    "serve",
    "users",
    "update",
    "init",
    "run",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slr",
        description=(
            "Reproducible systematic literature reviews: search databases, ingest exports, "
            "remove duplicates, screen with active learning, draw the PRISMA 2020 flow "
            "diagram and map included studies onto a theme framework."
        ),
    )
    parser.add_argument("--version", action="version", version=f"slr {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail to stderr")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True
    for verb in VERBS:
        module = importlib.import_module(f"pipeline.commands.{verb}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Matplotlib's PDF backend logs every font subset at INFO through fontTools.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    try:
        code = args.func(args)
    except SlrError as exc:
        # One line per problem (a config check may find several).
        for line in getattr(exc, "lines", None) or [str(exc)]:
            print(f"slr {args.verb}: error: {' '.join(line.split())}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        # A path that cannot be read or written (a device, a full disk, no permission) that
        # a stage did not name itself: still one line, never a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"slr {args.verb}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"slr {args.verb}: interrupted", file=sys.stderr)
        return 130
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
