"""Run a PubMed search and record it: ``DIR/raw/*``, ``DIR/manifest.json``, ``DIR/records.parquet``.

The manifest is written after every batch (``"status": "incomplete"``) so that an interrupted
download resumes: batches on disk whose sha256 and PMIDs match the manifest are not fetched
again. When every batch is in, ``records.parquet`` is built from the raw files by the same
code that replays them (:func:`pipeline.search.replay.records_from_manifest`), so a live run
and its replay give the same table.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.errors import DataError
from pipeline.search import entrez
from pipeline.search.entrez import EntrezConfig, RateLimiter, Recorder
from pipeline.search.strategy import Strategy

log = logging.getLogger(__name__)

PLATFORM = "PubMed (NCBI E-utilities via Biopython Bio.Entrez)"


def search_parameters(*, mindate: str, maxdate: str, datetype: str) -> dict[str, str]:
    """The parameters that define a search (compared on replay)."""
    return {
        "database": "pubmed",
        "mindate": mindate.strip(),
        "maxdate": maxdate.strip(),
        "datetype": datetype.strip() or "pdat",
    }


def _sent_dates(mindate: str, maxdate: str) -> tuple[str, str]:
    # E-utilities need mindate and maxdate together; an open end is bounded far away.
    if not mindate and not maxdate:
        return "", ""
    lo = mindate or entrez.format_date(entrez.EARLIEST)
    hi = maxdate or entrez.format_date(entrez.LATEST)
    entrez.parse_date(lo)
    entrez.parse_date(hi, end=True)
    return lo, hi


def search_pubmed(
    strategy: Strategy,
    out_dir: str | Path,
    *,
    config: EntrezConfig,
    mindate: str = "",
    maxdate: str = "",
    datetype: str = "pdat",
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Search PubMed, record every response under ``out_dir`` and return the manifest."""
    out = Path(out_dir)
    manifest_path = out / "manifest.json"
    # a table from an earlier run must not sit beside a search that is not finished
    (out / "records.parquet").unlink(missing_ok=True)
    params = search_parameters(mindate=mindate, maxdate=maxdate, datetype=datetype)
    previous = entrez.resumable_batches(manifest_path, strategy, params)
    sent_min, sent_max = _sent_dates(params["mindate"], params["maxdate"])
    recorder = Recorder(out)
    limiter = RateLimiter(float(config.rate or 3.0))
    date_searched = (today or dt.datetime.now(dt.UTC).date()).isoformat()

    with entrez.entrez_session(config, limiter) as module:
        client = entrez.EntrezClient(module, config)
        total, parts = entrez.split_search(
            client,
            recorder,
            strategy.query,
            mindate=sent_min,
            maxdate=sent_max,
            datetype=params["datetype"],
        )
        for message in total.errors:
            log.warning("PubMed error: %s", message)
        for message in total.warnings:
            log.warning("PubMed warning: %s", message)
        ids = sorted({pmid for part in parts for pmid in part.result.ids}, key=int)
        manifest = _manifest(
            strategy,
            params,
            config,
            total=total,
            parts=parts,
            recorder=recorder,
            ids=ids,
            sent=(sent_min, sent_max),
            date_searched=date_searched,
        )

        def checkpoint(batches: list[dict]) -> None:
            # batches of an earlier run not reached yet stay listed, so that a second
            # interruption does not forget them (they are checked again before reuse)
            done = {b["file"] for b in batches}
            pending = [b for name, b in sorted(previous.items()) if name not in done]
            manifest["batches"] = batches + pending
            entrez.write_manifest(manifest, manifest_path)

        checkpoint([])
        batches = entrez.fetch_batches(
            client, recorder, parts, previous=previous, on_batch=checkpoint
        )
    fetched = _check_fetched(out, batches, ids)
    manifest["batches"] = batches
    manifest["records"] = len(fetched)
    manifest["status"] = "complete"
    entrez.write_manifest(manifest, manifest_path)
    recorder.remove_stale(manifest)
    log.info(
        "PubMed: %d hits, %d records fetched in %d batches (%d requests)",
        total.count,
        len(fetched),
        len(batches),
        client.requests,
    )
    return manifest


def _manifest(
    strategy: Strategy,
    params: dict,
    config: EntrezConfig,
    *,
    total: Any,
    parts: list,
    recorder: Recorder,
    ids: list[str],
    sent: tuple[str, str],
    date_searched: str,
) -> dict[str, Any]:
    """The manifest of a search whose ids are known and whose records are not yet fetched."""
    from Bio import __version__ as biopython_version

    sent_min, sent_max = sent
    return {
        "database": "pubmed",
        "platform": PLATFORM,
        "strategy_file": strategy.path,
        "strategy": strategy.text,
        "query": strategy.query,
        "query_sha256": strategy.sha256,
        "parameters": params,
        "sent_dates": {"mindate": sent_min, "maxdate": sent_max},
        "date_searched": date_searched,
        "eutils_url": config.base_url,
        "count": total.count,
        "query_translation": total.translation,
        "warnings": total.warnings,
        "errors": total.errors,
        "searches": recorder.searches,
        "parts": [
            {
                "mindate": p.mindate,
                "maxdate": p.maxdate,
                "count": p.result.count,
                "file": p.file,
            }
            for p in parts
        ],
        "ids": ids,
        "batch_size": config.batch_size,
        "batches": [],
        "records": 0,
        "status": "incomplete",
        "software": {"biopython": biopython_version, "slr-pipeline": __version__},
    }


def _check_fetched(out: Path, batches: list[dict], ids: list[str]) -> list[str]:
    """The PMIDs fetched, if they are exactly the search's ids, each once."""
    fetched = [pmid for b in batches for pmid in b["pmids"]]
    if len(fetched) != len(set(fetched)) or set(fetched) != set(ids):
        raise DataError(
            f"{out}: fetched {len(set(fetched))} distinct PMIDs in {len(fetched)} records but "
            f"the search found {len(ids)}; rerun to resume"
        )
    return fetched
