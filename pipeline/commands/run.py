"""`slr run [DIR]`: run a review folder's workflow with Snakemake.

The config is checked first (one line per problem, nothing runs); Snakemake then runs in
the review folder, with this Python's ``slr`` first on ``PATH``. A failing rule's own
one-line error and, on success, where the review stands are printed at the end.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from pipeline.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run",
        help="run a review folder's workflow (Snakemake) up to the PRISMA diagram",
        description="Check the review's config, then run Snakemake in the review folder: "
        "search, ingest, dedup, the screening queue and status, the PRISMA diagram "
        "(provisional while screening is unfinished) and the synthesis. Extra arguments "
        "after -- go to Snakemake.",
    )
    parser.add_argument(
        "dir",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the review folder (default: the current folder)",
    )
    parser.add_argument("--cores", default="all", help="CPU cores Snakemake may use (default: all)")
    parser.add_argument(
        "-n", "--dry-run", action="store_true", help="show what would run, run nothing"
    )
    parser.add_argument(
        "snakemake_args",
        nargs=argparse.REMAINDER,
        metavar="-- ARGS",
        help="further Snakemake arguments (after --)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline import review, workflow
    from pipeline.config import ConfigError, read_yaml

    root: Path = args.dir
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder (slr init {root} writes a new review)")
    config_file = review.config_file(root)
    if config_file is None:
        raise UsageError(f"{root}: no config.yaml (slr init {root} writes a new review)")
    if not (root / "Snakefile").is_file():
        raise UsageError(f"{root}: no Snakefile (slr init writes one; copy it from a new review)")
    data, _ = read_yaml(config_file)
    lines = workflow.config_problems(data, config_file, root=root)
    if lines:
        raise ConfigError(lines)
    extra = [a for a in args.snakemake_args if a != "--"]
    command = [sys.executable, "-m", "snakemake", "--cores", str(args.cores)]
    command += ["--dry-run"] if args.dry_run else []
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([*command, *extra], cwd=root, env=env, check=False).returncode
