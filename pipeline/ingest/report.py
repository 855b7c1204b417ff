"""What reading a file gave: the per-file report row and the quarantine table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: Columns of the quarantine table.
QUARANTINE_COLUMNS: tuple[str, ...] = ("file", "database", "line", "record_index", "reason", "raw")
#: Columns of the ingest report (one row per file).
REPORT_COLUMNS: tuple[str, ...] = (
    "file",
    "database",
    "format",
    "encoding",
    "records_read",
    "records_kept",
    "records_quarantined",
    "warnings",
)
#: The quarantine table keeps at most this much of a bad record's text.
RAW_CHARS = 2_000


@dataclass
class FileResult:
    """What reading one file gave."""

    file: str
    database: str
    format: str
    encoding: str
    records: pd.DataFrame
    quarantine: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def report_row(self) -> dict[str, Any]:
        """The file's row of the ingest report (:data:`REPORT_COLUMNS`)."""
        kept, bad = len(self.records), len(self.quarantine)
        return {
            "file": self.file,
            "database": self.database,
            "format": self.format,
            "encoding": self.encoding,
            "records_read": kept + bad,
            "records_kept": kept,
            "records_quarantined": bad,
            "warnings": "; ".join(self.warnings),
        }


def quarantine_frame(bad: list[dict], *, file: str, database: str) -> pd.DataFrame:
    """Quarantined records (``record_index``, ``line``, ``reason``, ``raw``) -> the
    quarantine table (:data:`QUARANTINE_COLUMNS`)."""
    rows = [
        {
            "file": file,
            "database": database,
            "line": int(b["line"]) if str(b.get("line", "")).strip() else pd.NA,
            "record_index": int(b["record_index"]),
            "reason": " ".join(str(b["reason"]).split()),
            "raw": str(b.get("raw", ""))[:RAW_CHARS],
        }
        for b in bad
    ]
    frame = pd.DataFrame(rows, columns=list(QUARANTINE_COLUMNS))
    frame["line"] = pd.array(frame["line"], dtype="Int64")
    frame["record_index"] = pd.array(frame["record_index"], dtype="Int64")
    return frame
