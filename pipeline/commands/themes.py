"""`slr themes` (placeholder until the stage lands)."""

from __future__ import annotations

import argparse

from pipeline.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("themes", help="(not built yet)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise UsageError("slr themes is not built yet")
