"""The search stage: run database searches, record every response, replay them offline.

* :mod:`pipeline.search.strategy`: strategy files (``queries/*.txt``), validated before sending.
* :mod:`pipeline.search.entrez`: PubMed via Biopython ``Bio.Entrez`` (esearch with history,
  efetch in checked batches, date splitting past 9,999 hits, rate limit, retries).
* :mod:`pipeline.search.pubmed`: one recorded search: ``DIR/raw/``, ``DIR/manifest.json``,
  ``DIR/records.parquet``; resumes a half-finished download.
* :mod:`pipeline.search.europepmc`: Europe PMC's REST API with the same record/replay
  contract (cursor paging, checked pages).
* :mod:`pipeline.search.replay`: rebuild ``records.parquet`` from a recording, no network.
* :mod:`pipeline.search.log`: the PRISMA-S search log (CSV and Markdown).

``records.parquet`` is the record model (:mod:`pipeline.records`), one row per record, sorted
by ``record_id`` (``pubmed:<PMID>`` for PubMed; ``europepmc:<hash>`` for Europe PMC).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import records
from pipeline.errors import UsageError
from pipeline.search.entrez import EntrezConfig
from pipeline.search.strategy import Strategy, load_strategy

__all__ = ["DATABASES", "EntrezConfig", "Strategy", "load_strategy", "run_search"]

#: Databases ``slr search`` can query through an API.
DATABASES: tuple[str, ...] = ("pubmed", "europepmc")


def run_search(
    strategy: Strategy,
    out_dir: str | Path,
    *,
    database: str = "pubmed",
    replay_dir: str | Path | None = None,
    mindate: str = "",
    maxdate: str = "",
    datetype: str = "pdat",
    config: EntrezConfig | None = None,
    workers: int | None = None,
) -> tuple[dict, pd.DataFrame]:
    """Search (or replay a recorded search) and write ``out_dir/records.parquet``.

    Returns the manifest and the records table.
    """
    from pipeline.search import pubmed, replay

    if database not in DATABASES:
        raise UsageError(f"unknown database {database!r}; choose from {', '.join(DATABASES)}")
    params = pubmed.search_parameters(mindate=mindate, maxdate=maxdate, datetype=datetype)
    params["database"] = database
    if replay_dir is not None:
        return replay.replay(replay_dir, out_dir, strategy=strategy, params=params, workers=workers)
    if database == "europepmc":
        from pipeline.search import europepmc

        search = europepmc.search_europepmc
    else:
        search = pubmed.search_pubmed
    manifest = search(
        strategy,
        out_dir,
        config=config or EntrezConfig(),
        mindate=mindate,
        maxdate=maxdate,
        datetype=datetype,
    )
    frame = replay.records_from_manifest(out_dir, manifest, workers=workers)
    records.write_records(frame, Path(out_dir) / "records.parquet")
    return manifest, frame
