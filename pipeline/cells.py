"""Helpers for tables that people open in spreadsheets (CSV/XLSX at the edges)."""

from __future__ import annotations

from typing import Any

import pandas as pd

#: Leading characters that make Excel, LibreOffice or Google Sheets evaluate a cell
#: (OWASP "CSV injection"); tab and carriage return can hide them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote.

    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell("-2 years")
    "'-2 years"
    >>> neutralise_cell(3)
    3
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with every text cell passed through :func:`neutralise_cell`."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = [neutralise_cell(v) for v in out[col]]
    return out


def restore_cell(value: Any) -> Any:
    """Undo :func:`neutralise_cell` when reading a sheet back.

    >>> restore_cell("'=1+1")
    '=1+1'
    >>> restore_cell("'quoted'")
    "'quoted'"
    """
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value
