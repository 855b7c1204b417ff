"""Errors that the CLI turns into one line on stderr and an exit code.

Exit codes (STYLE.md): 0 success, 1 data error, 2 usage error.
"""

from __future__ import annotations


class SlrError(Exception):
    """Base class: the message is shown to the user as it is, on one line."""

    exit_code = 1


class DataError(SlrError):
    """Bad input data: a file, a record or a line is wrong."""

    exit_code = 1


class UsageError(SlrError):
    """The command was called wrongly (missing option, unknown name, bad value)."""

    exit_code = 2
