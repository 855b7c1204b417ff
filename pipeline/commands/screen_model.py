"""Screening verbs (placeholder until the stage lands)."""

from __future__ import annotations

import argparse


def register(verbs: argparse._SubParsersAction) -> None:
    """Add this module's `slr screen` sub-verbs to `verbs`."""
