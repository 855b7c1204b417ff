"""`slr screen`: the model's verbs (rank, simulate) and the people's verbs (status, session,
export, import, conflicts), each defined in its own module."""

from __future__ import annotations

import argparse

from pipeline.commands import screen_rank, screen_workflow


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "screen",
        help="rank records for title/abstract screening, simulate, record decisions",
        description=(
            "Title/abstract and full-text screening: the model ranks the likely-relevant "
            "records first; people's decisions go to an append-only store."
        ),
    )
    verbs = parser.add_subparsers(dest="screen_verb", metavar="SCREEN_VERB")
    verbs.required = True
    screen_rank.register(verbs)
    screen_workflow.register(verbs)
