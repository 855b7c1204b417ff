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


@dataclasses.dataclass(frozen=True)
class Version:
    """The files of a review's version that its update reads.

    A version that is itself an update (a living review's previous month) screened the set
    under ``outputs/update/``: every earlier version's records plus its own new ones, with
    every decision carried, so that set is the one the next update builds on.
    """

    outputs: Path
    unique: Path
    clusters: Path
    screening: Path
    counts: Path
    decisions: Path
    search_log: Path
    matches: Path | None


def version(folder: str | Path, decisions: str | Path | None = None) -> Version:
    """The previous version's files (:class:`Version`), found from its folder."""
    out = previous_outputs(folder)
    upd = out / UPDATE
    given = Path(decisions) if decisions else None
    if (upd / UNIQUE).is_file():
        return Version(
            outputs=out,
            unique=upd / UNIQUE,
            clusters=out / CLUSTERS,
            screening=upd / SCREENING,
            counts=upd / COUNTS,
            decisions=given or upd / "decisions.jsonl",
            search_log=upd / "search_log.csv",
            matches=out / MATCHES,
        )
    return Version(
        outputs=out,
        unique=out / UNIQUE,
        clusters=out / CLUSTERS,
        screening=out / SCREENING,
        counts=out / COUNTS,
        decisions=previous_decisions(out, given),
        search_log=out / SEARCH_LOG,
        matches=None,
    )


def version_aliases(v: Version) -> dict[str, str]:
    """Every record id the version ingested -> the record its decisions are about."""
    from pipeline.update.carry import aliases

    out = aliases(read_csv(v.clusters)) if v.clusters.is_file() else {}
    if v.matches is not None and v.matches.is_file():
        # An update's record that matched an earlier version stands for that record.
        m = read_csv(v.matches)
        earlier = {
            r: x.split(":", 1)[1]
            for r, x in zip(m["record_id"], m["update_match"], strict=True)
            if x.startswith("matched:")
        }
        out = {rid: earlier.get(kept, kept) for rid, kept in out.items()}
    return out


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
    prev = version(previous)
    prev_screening = read_csv(prev.screening)
    return UpdateInputs(
        matches=read_csv(workdir / MATCHES),
        screening=read_csv(workdir / UPDATE_SCREENING),
        previous_screening=prev_screening,
        previous=previous_counts(prev_screening),
        previous_diagram=template.read(prev.counts) if prev.counts.is_file() else None,
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
