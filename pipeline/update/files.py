"""Where an update finds the previous version's files, and the updated-review PRISMA inputs.

I/O only; the matching, carrying and counting are pure functions in the sibling modules.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from pipeline.errors import DataError
from pipeline.prisma.counts import Counts, Previous
from pipeline.prisma.inputs import CLUSTERS as CLUSTERS
from pipeline.prisma.inputs import SCREENING as SCREENING
from pipeline.prisma.inputs import SEARCH_LOG as SEARCH_LOG
from pipeline.prisma.inputs import UNIQUE as UNIQUE

#: Files of a version, relative to its outputs folder (the ones PRISMA reads, and these).
PUBMED_MANIFEST = Path("search/pubmed/manifest.json")
COUNTS = Path("prisma/prisma_counts.csv")
#: The update's own folder under its outputs folder.
UPDATE = Path("update")
MATCHES = UPDATE / "matches.csv"
UPDATE_SCREENING = UPDATE / SCREENING


def previous_outputs(folder: str | Path) -> Path:
    """The previous version's outputs folder: ``DIR/outputs``, or ``DIR`` itself."""
    folder = Path(folder)
    for root in (folder / "outputs", folder):
        if (root / UNIQUE).is_file():
            return root
    raise DataError(
        f"{folder}: no {UNIQUE} here or under outputs/; name the previous version's "
        "review folder (run it first) or its outputs folder"
    )


def previous_decisions(outputs: Path, given: Path | None = None) -> Path:
    """The previous version's decisions store (``decisions/`` beside its outputs)."""
    if given is not None:
        return given
    return outputs.resolve().parent / "decisions" / "decisions.jsonl"


def read_csv(path: Path) -> pd.DataFrame:
    from pipeline.prisma.inputs import read_csv as read

    return read(path)


@dataclasses.dataclass
class UpdateInputs:
    """What the updated-review diagram needs besides the update's own work directory."""

    matches: pd.DataFrame
    screening: pd.DataFrame
    previous_screening: pd.DataFrame
    previous: Previous
    previous_diagram: Counts | None


def read_update(workdir: str | Path, previous: str | Path) -> UpdateInputs:
    """The update's matches and screening table, and the previous version's screening."""
    from pipeline.prisma import template
    from pipeline.update.changes import previous_counts

    workdir = Path(workdir)
    prev = previous_outputs(previous)
    prev_screening = read_csv(prev / SCREENING)
    return UpdateInputs(
        matches=read_csv(workdir / MATCHES),
        screening=read_csv(workdir / UPDATE_SCREENING),
        previous_screening=prev_screening,
        previous=previous_counts(prev_screening),
        previous_diagram=template.read(prev / COUNTS) if (prev / COUNTS).is_file() else None,
    )


def update_workdir(workdir: str | Path, previous: str | Path):
    """The work directory of an updated review's diagram, and the update's inputs.

    The update's ingest report and search log, its clusters with the records matched to the
    previous version marked as duplicates of them, and the new records' screening rows and
    unique records (:func:`pipeline.update.changes.prisma_tables`).
    """
    from pipeline.prisma import inputs
    from pipeline.records import read_records
    from pipeline.update.changes import prisma_tables

    root = Path(workdir)
    update = read_update(root, previous)
    clusters, screening = prisma_tables(
        read_csv(root / inputs.CLUSTERS), update.matches, update.screening
    )
    new = set(screening["record_id"])
    unique = read_records(root / inputs.UNIQUE) if (root / inputs.UNIQUE).is_file() else None
    log_path = root / inputs.SEARCH_LOG
    work = inputs.Workdir(
        root=root,
        ingest_report=read_csv(root / inputs.INGEST_REPORT),
        clusters=clusters,
        screening=screening,
        unique=None if unique is None else unique[unique["record_id"].isin(new)],
        ingested=read_records(root / inputs.INGESTED)
        if (root / inputs.INGESTED).is_file()
        else None,
        search_log=read_csv(log_path) if log_path.is_file() else None,
        quarantine=read_csv(root / inputs.QUARANTINE)
        if (root / inputs.QUARANTINE).is_file()
        else None,
    )
    return work, update


def mindate_for(previous: str | Path) -> str:
    """The update's PubMed ``mindate``: the previous version's PubMed search date."""
    import json

    from pipeline.update.searches import mindate_from

    path = previous_outputs(previous) / PUBMED_MANIFEST
    if not path.is_file():
        raise DataError(f"{path}: no PubMed search manifest in the previous version")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read the search manifest ({exc})") from exc
    return mindate_from(manifest, name=str(path))


def folder(path: str | Path, up: int = 1) -> str:
    """The folder ``up`` levels above a file (a workflow rule's input or output).

    >>> folder("prev/outputs/dedup/unique.parquet", 3)
    'prev'
    """
    return str(Path(path).parents[up - 1])
