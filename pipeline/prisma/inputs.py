"""Read the files PRISMA counts come from (I/O only; the arithmetic is in ``counts.py``).

Under the pipeline's work directory (default ``outputs/``):

- ``ingest/ingest_report.csv`` (required): ``file, database, format, records_read,
  records_kept, records_quarantined``;
- ``dedup/clusters.csv`` (required): ``record_id, cluster_id, kept``;
- ``screen/screening.csv`` (required): ``record_id, title_abstract, full_text,
  exclusion_reason`` and optionally ``study_id``/``report_of``;
- ``dedup/unique.parquet`` and ``ingest/records.parquet`` (optional): record titles for the
  HTML lists, and an automation column;
- ``ingest/quarantine.csv`` (optional): the quarantined records, checked against the
  report and listed in the HTML version;
- ``search/search_log.csv`` (optional): shown in the HTML version.

The author's own numbers for "other methods" and "previous studies" come from a YAML or CSV
file (see :func:`read_other_methods` and :func:`read_previous`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline.errors import DataError
from pipeline.prisma.counts import (
    OtherMethods,
    Previous,
    Result,
    compute,
    display_name,
    sort_items,
)
from pipeline.prisma.template import OTHER_SOURCES
from pipeline.records import fold_text, read_records

#: Files under the work directory, relative paths.
INGEST_REPORT = Path("ingest/ingest_report.csv")
INGESTED = Path("ingest/records.parquet")
CLUSTERS = Path("dedup/clusters.csv")
UNIQUE = Path("dedup/unique.parquet")
SCREENING = Path("screen/screening.csv")
QUARANTINE = Path("ingest/quarantine.csv")
SEARCH_LOG = Path("search/search_log.csv")


@dataclass
class Workdir:
    """The tables of one pipeline state (``None`` where an optional file is absent)."""

    root: Path
    ingest_report: pd.DataFrame
    clusters: pd.DataFrame
    screening: pd.DataFrame
    unique: pd.DataFrame | None = None
    ingested: pd.DataFrame | None = None
    search_log: pd.DataFrame | None = None
    quarantine: pd.DataFrame | None = None

    def names(self) -> dict[str, str]:
        return {
            "ingest_report": str(self.root / INGEST_REPORT),
            "clusters": str(self.root / CLUSTERS),
            "screening": str(self.root / SCREENING),
            "unique": str(self.root / UNIQUE),
            "ingested": str(self.root / INGESTED),
            "quarantine": str(self.root / QUARANTINE),
        }

    def titles(self) -> dict[str, str]:
        """record_id -> title from whichever record tables exist."""
        out: dict[str, str] = {}
        for frame in (self.ingested, self.unique, self.screening):
            if frame is not None and "title" in frame.columns:
                for rid, title in zip(frame["record_id"], frame["title"], strict=True):
                    if isinstance(title, str) and title.strip():
                        out.setdefault(str(rid), " ".join(title.split()))
        return out


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV as text columns (no NaN: empty cells are ``""``)."""
    if not path.is_file():
        raise DataError(f"{path}: no such file; run the stage that writes it first")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read CSV ({' '.join(str(exc).split())})") from exc


def _optional_records(path: Path) -> pd.DataFrame | None:
    return read_records(path) if path.is_file() else None


def read_workdir(root: str | Path) -> Workdir:
    root = Path(root)
    if not root.is_dir():
        raise DataError(f"{root}: no such work directory")
    return Workdir(
        root=root,
        ingest_report=read_csv(root / INGEST_REPORT),
        clusters=read_csv(root / CLUSTERS),
        screening=read_csv(root / SCREENING),
        unique=_optional_records(root / UNIQUE),
        ingested=_optional_records(root / INGESTED),
        search_log=read_csv(root / SEARCH_LOG) if (root / SEARCH_LOG).is_file() else None,
        quarantine=read_csv(root / QUARANTINE) if (root / QUARANTINE).is_file() else None,
    )


def compute_workdir(
    work: Workdir,
    *,
    other: OtherMethods | None = None,
    previous: Previous | None = None,
    registers: tuple[str, ...] = (),
    allow_incomplete: bool = False,
) -> Result:
    return compute(
        work.ingest_report,
        work.clusters,
        work.screening,
        unique=work.unique,
        ingested=work.ingested,
        quarantine=work.quarantine,
        other=other,
        previous=previous,
        registers=registers,
        allow_incomplete=allow_incomplete,
        names=work.names(),
    )


def search_log_warnings(search_log: pd.DataFrame | None, ingest_report: pd.DataFrame) -> list[str]:
    """Databases whose search log ``records_retrieved`` differs from the records ingest read.

    The search log is informational (PRISMA-S); the diagram's numbers come from ingest, so a
    difference is reported, not fatal: an export may have been replaced after the search.
    """
    if search_log is None or not {"database", "records_retrieved"} <= set(search_log.columns):
        return []
    if not {"database", "records_read"} <= set(ingest_report.columns):
        return []
    read: dict[str, int] = {}
    for db, n in zip(ingest_report["database"], ingest_report["records_read"], strict=True):
        if str(n).strip().isdigit():
            label = display_name(str(db))
            read[label] = read.get(label, 0) + int(n)
    logged: dict[str, int] = {}
    for db, n in zip(search_log["database"], search_log["records_retrieved"], strict=True):
        if str(n).strip().isdigit():
            label = display_name(str(db))
            logged[label] = logged.get(label, 0) + int(n)
    return [
        f"search log: {label} retrieved {n} record(s) but ingest read "
        f"{read.get(label, 0)}; the diagram uses ingest's number"
        for label, n in sorted(logged.items())
        if n != read.get(label, 0)
    ]


# --- the author's files -------------------------------------------------------------------

_SOURCE_KEYS = {
    "websites": "Websites",
    "website": "Websites",
    "organisations": "Organisations",
    "organizations": "Organisations",
    "organisation": "Organisations",
    "organization": "Organisations",
    "citation searching": "Citation searching",
    "citations": "Citation searching",
    "citation": "Citation searching",
}


def _load_mapping(path: Path) -> list[tuple[str, str, Any]]:
    """(box, label, n) triples from YAML (nested mappings) or CSV (``box,label,n``)."""
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise DataError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from exc
        if not isinstance(data, dict):
            raise DataError(f"{path}: expected a mapping of box names to numbers")
        out = []
        for box, value in data.items():
            if isinstance(value, dict):
                out.extend((str(box), str(label), n) for label, n in value.items())
            else:
                out.append((str(box), "", value))
        return out
    if path.suffix.lower() == ".csv":
        frame = read_csv(path)
        missing = [c for c in ("box", "n") if c not in frame.columns]
        if missing:
            raise DataError(f"{path}: missing column(s) {', '.join(missing)} (need box,label,n)")
        labels = frame["label"] if "label" in frame.columns else [""] * len(frame)
        return list(zip(frame["box"], labels, frame["n"], strict=True))
    raise DataError(f"{path}: expected a .yaml, .yml or .csv file")


def _count(value: Any, *, where: str) -> int:
    if isinstance(value, bool):
        raise DataError(f"{where}: {value!r} is not a whole number")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise DataError(f"{where}: {value!r} is not a whole number") from None
    if number < 0:
        raise DataError(f"{where}: {number} is negative")
    return number


def read_other_methods(path: str | Path) -> OtherMethods:
    """Read "identification of studies via other methods" numbers.

    YAML::

        identified: {websites: 12, organisations: 3, citation searching: 20}
        sought: 30
        not_retrieved: 2
        assessed: 28          # optional: checked against sought - not_retrieved
        excluded: {Not an evaluation: 20, Wrong population: 3}
        studies: 5            # optional: studies among the included reports

    CSV: columns ``box,label,n`` with the same box names (``identified`` and ``excluded``
    rows carry a label).
    """
    path = Path(path)
    sources = {label: 0 for _, label in OTHER_SOURCES}
    scalars: dict[str, int] = {}
    excluded: dict[str, int] = {}
    for box, label, value in _load_mapping(path):
        key = fold_text(box).replace(" ", "_")
        where = f"{path}: {box}{' / ' + label if label else ''}"
        if key == "identified":
            source = _SOURCE_KEYS.get(fold_text(label))
            if source is None:
                raise DataError(
                    f"{path}: unknown source {label!r} under identified; use websites, "
                    "organisations or citation searching (the PRISMA 2020 template's sources)"
                )
            sources[source] += _count(value, where=where)
        elif key == "excluded":
            if not label:
                raise DataError(f"{where}: excluded reports need a reason as their label")
            excluded[label] = excluded.get(label, 0) + _count(value, where=where)
        elif key in ("sought", "not_retrieved", "assessed", "studies"):
            scalars[key] = _count(value, where=where)
        else:
            raise DataError(
                f"{path}: unknown box {box!r}; use identified, sought, not_retrieved, assessed, "
                "excluded, studies"
            )
    sought = scalars.get("sought", 0)
    not_retrieved = scalars.get("not_retrieved", 0)
    assessed = scalars.get("assessed", sought - not_retrieved)
    if assessed != sought - not_retrieved:
        raise DataError(
            f"{path}: assessed ({assessed}) is not sought ({sought}) - not_retrieved "
            f"({not_retrieved})"
        )
    return OtherMethods(
        sources=tuple((label, sources[label]) for _, label in OTHER_SOURCES),
        sought=sought,
        not_retrieved=not_retrieved,
        assessed=assessed,
        excluded=sort_items(excluded),
        studies=scalars.get("studies"),
    )


def read_previous(path: str | Path) -> Previous:
    """Read the previous version's included studies and reports.

    YAML ``{studies: 12, reports: 15}``; CSV ``box,n`` rows ``studies`` and ``reports``.
    """
    path = Path(path)
    found: dict[str, int] = {}
    for box, _label, value in _load_mapping(path):
        key = fold_text(box)
        if key not in ("studies", "reports"):
            raise DataError(f"{path}: unknown box {box!r}; use studies and reports")
        found[key] = _count(value, where=f"{path}: {box}")
    if "studies" not in found:
        raise DataError(f"{path}: no 'studies' (studies included in the previous version)")
    studies = found["studies"]
    reports = found.get("reports", studies)
    if reports < studies:
        raise DataError(f"{path}: reports ({reports}) fewer than studies ({studies})")
    return Previous(studies=studies, reports=reports)
