"""Cross-checks of PRISMA counts against the files behind them.

A :class:`Check` pairs a number the counts imply with the number of rows in the pipeline
file it comes from (records read against the ingest report, say); :func:`check_sources`
raises one :class:`DataError` line naming every pair that differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.errors import DataError


@dataclass(frozen=True)
class Check:
    """A number the counts imply against the number of rows in the file behind it."""

    expected_label: str
    expected: int
    actual_label: str
    actual: int


def check_sources(checks: Iterable[Check]) -> None:
    """Raise :class:`DataError` if a count differs from the rows of the file behind it."""
    found = [
        f"{c.expected_label} = {c.expected}, but {c.actual_label} = {c.actual}"
        for c in checks
        if c.expected != c.actual
    ]
    if found:
        raise DataError("PRISMA counts do not match the pipeline files: " + "; ".join(found))
