"""Shared fixtures: paths to the shared benchmark data, a records factory and a copy of the
example review."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline import records

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "benchmarks"
FORMATS = BENCH / "formats"
DATA = Path(__file__).resolve().parent / "data"
#: The files of the example review a run needs (outputs are made by the run).
EXAMPLE_PARTS = ("Snakefile", "config", "queries", "decisions")


def _copy_example(dest: Path, *, parts: Sequence[str] = EXAMPLE_PARTS) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("outputs"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="session")
def copy_example() -> Callable[..., Path]:
    """``copy_example(dest, parts=EXAMPLE_PARTS)``: the example review's files copied into
    ``dest`` (created if missing; any ``outputs`` folder left behind); returns ``dest``."""
    return _copy_example


@pytest.fixture
def formats_dir() -> Path:
    if not FORMATS.is_dir():
        pytest.skip("../shared/benchmarks/formats is not beside the checkout")
    return FORMATS


@pytest.fixture
def bench_dir() -> Path:
    if not BENCH.is_dir():
        pytest.skip("../shared/benchmarks is not beside the checkout")
    return BENCH


@pytest.fixture
def make_records() -> Callable[..., pd.DataFrame]:
    """``make_records(n=3, **overrides)``: a valid records table; overrides set columns.

    An override may be a scalar (same value for every row) or a list (one value per row).
    """

    def factory(n: int = 3, **overrides: Any) -> pd.DataFrame:
        rows = []
        for i in range(n):
            row: dict[str, Any] = {
                "source": "test",
                "source_file": "test.ris",
                "source_index": i,
                "title": f"Study number {i} of integrated care",
                "abstract": f"Abstract {i}.",
                "authors": [f"Author{i}, A."],
                "year": 2015 + i,
                "journal": "Test Journal",
            }
            for key, value in overrides.items():
                row[key] = (
                    value[i]
                    if isinstance(value, list) and key not in records.LIST_COLUMNS
                    else value
                )
            rows.append(row)
        return records.assign_record_ids(records.from_dicts(rows))

    return factory
