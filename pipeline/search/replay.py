"""Replay a recorded search: rebuild ``records.parquet`` from ``DIR/raw`` with no network.

A replay is refused (never silently stale) when the strategy or the search parameters differ
from the recorded ones, when the recording is incomplete, or when a raw file's sha256 no
longer matches the manifest.
"""

from __future__ import annotations

import logging
from contextlib import closing
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records
from pipeline.errors import DataError
from pipeline.formats.pubmed_xml import iter_pubmed_batches
from pipeline.search.entrez import checked_batch, read_manifest, write_manifest
from pipeline.search.strategy import Strategy

log = logging.getLogger(__name__)


def check_recorded(manifest: dict, strategy: Strategy, params: dict[str, str], where: Path) -> None:
    """Raise :class:`DataError` if ``strategy``/``params`` are not what was recorded."""
    if manifest.get("status") != "complete":
        raise DataError(
            f"{where}: the recorded search is {manifest.get('status', 'unknown')}; "
            "finish it (rerun without --replay) before replaying"
        )
    recorded_db = manifest.get("database")
    if recorded_db != params.get("database"):
        raise DataError(
            f"{where}: recorded database is {recorded_db!r}, not {params.get('database')!r}"
        )
    if manifest.get("query_sha256") != strategy.sha256:
        raise DataError(
            f"{strategy.path}: strategy differs from the search recorded in {where} "
            f"(sha256 {strategy.sha256[:12]} vs recorded {str(manifest.get('query_sha256'))[:12]});"
            " rerun the search without --replay to record the new strategy"
        )
    recorded = manifest.get("parameters", {})
    changed = [
        f"{key} {recorded.get(key, '')!r} -> {value!r}"
        for key, value in sorted(params.items())
        if recorded.get(key, "") != value
    ]
    if changed:
        raise DataError(
            f"{where}: search parameters differ from the recording ({'; '.join(changed)}); "
            "rerun the search without --replay to record them"
        )


def records_from_manifest(
    directory: str | Path, manifest: dict[str, Any], *, workers: int | None = None
) -> pd.DataFrame:
    """The records table of a recorded search, sorted by ``record_id``.

    Reads ``raw/<batch>`` for every batch of the manifest, checks its sha256 and that it
    holds exactly the PMIDs (Europe PMC: record ids) listed for it. PubMed batches are
    parsed in ``workers`` processes (see :func:`~pipeline.formats.pubmed_xml.iter_pubmed_batches`;
    ``None`` chooses, 1 parses here); the table and any error are the same for every count.
    """
    directory = Path(directory)
    if manifest.get("database") == "europepmc":
        from pipeline.search import europepmc

        return europepmc.records_from_manifest(directory, manifest)
    batches = manifest.get("batches", [])
    # Read and check every file first so that the batches can be parsed together; a file
    # that is missing or changed is reported only after the batches before it have been
    # checked, as if each batch were read, checked and parsed in turn.
    documents: list[bytes] = []
    names: list[str] = []
    failure: Exception | None = None
    for batch in batches:
        try:
            name = f"raw/{batch['file']}"
            data = checked_batch(directory / name, batch)
        except (DataError, KeyError, TypeError) as exc:
            failure = exc
            break
        names.append(name)
        documents.append(data)
    rows: list[dict] = []
    seen: set[str] = set()
    parsed_batches = iter_pubmed_batches(documents, source_files=names, workers=workers)
    with closing(parsed_batches):
        for batch, name, (parsed, bad) in zip(batches, names, parsed_batches, strict=False):
            path = directory / name
            if bad:
                raise DataError(f"{path}: article {bad[0]['record_index']}: {bad[0]['reason']}")
            got = [r["pmid"] for r in parsed]
            if sorted(got) != sorted(batch.get("pmids", [])):
                raise DataError(f"{path}: PMIDs differ from those the manifest lists for it")
            for row in parsed:
                if row["pmid"] in seen:
                    raise DataError(f"{path}: PMID {row['pmid']} was already in an earlier batch")
                seen.add(row["pmid"])
                row["source_index"] = len(rows)
                rows.append(row)
    if failure is not None:
        raise failure
    if seen != set(manifest.get("ids", [])):
        raise DataError(
            f"{directory}: batches hold {len(seen)} PMIDs but the search found "
            f"{len(manifest.get('ids', []))}"
        )
    frame = records.assign_record_ids(records.from_dicts(rows))
    return frame.sort_values("record_id", kind="stable").reset_index(drop=True)


def replay(
    replay_dir: str | Path,
    out_dir: str | Path,
    *,
    strategy: Strategy,
    params: dict[str, str],
    workers: int | None = None,
) -> tuple[dict, pd.DataFrame]:
    """Check and rebuild a recorded search; write ``out_dir``'s manifest and records
    (``workers``: processes parsing the XML, see :func:`records_from_manifest`)."""
    replay_dir = Path(replay_dir)
    manifest_path = replay_dir / "manifest.json"
    if not manifest_path.is_file():
        raise DataError(f"{manifest_path}: no recorded search to replay")
    manifest = read_manifest(manifest_path)
    if not isinstance(manifest, dict):
        raise DataError(f"{manifest_path}: not a search manifest (expected a JSON object)")
    check_recorded(manifest, strategy, params, replay_dir)
    try:
        frame = records_from_manifest(replay_dir, manifest, workers=workers)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{manifest_path}: malformed manifest or batch ({exc!r})") from exc
    out = Path(out_dir)
    write_manifest(manifest, out / "manifest.json")
    records.write_records(frame, out / "records.parquet")
    log.info(
        "replayed %s: %d records (searched %s)",
        replay_dir,
        len(frame),
        manifest.get("date_searched"),
    )
    return manifest, frame
