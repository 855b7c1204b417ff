"""Europe PMC through its REST API (``/search``, JSON, ``resultType=core``), recorded like PubMed.

Pages are fetched with ``cursorMark`` (``*`` first, then each page's ``nextCursorMark``; the
last page repeats the cursor it was asked with) and ``pageSize`` up to 1,000 (Europe PMC
RESTful Web Service documentation). Each raw page goes to ``DIR/raw/search-NNNN.json`` and
is listed in ``DIR/manifest.json`` with its sha256, the cursor it was requested with, and
its record ids, so that a half-finished download resumes and a finished one replays offline.

Checks: a page must be complete JSON with ``resultList.result``; every page but the last must
hold ``pageSize`` records; no record id may repeat, and the ids fetched must number exactly
the ``hitCount`` Europe PMC reported.

Date limits are sent as a ``FIRST_PDATE:[YYYY-MM-DD TO YYYY-MM-DD]`` clause ANDed to the query
(the date Europe PMC first published the record).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
import re
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import __version__, records
from pipeline.errors import DataError
from pipeline.search import entrez
from pipeline.search.entrez import EntrezConfig, RateLimiter, RetryableError, checked_batch
from pipeline.search.strategy import Strategy

log = logging.getLogger(__name__)

EUROPEPMC_REST = "https://www.ebi.ac.uk/europepmc/webservices/rest/"
PLATFORM = "Europe PMC (REST API, search with resultType=core)"
MAX_PAGE = 1000
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"<h4>(.*?)</h4>", re.IGNORECASE | re.DOTALL)


def date_clause(mindate: str, maxdate: str) -> str:
    """``FIRST_PDATE:[...]`` for the date limits, or ``""``.

    >>> date_clause("2014/01/01", "")
    'FIRST_PDATE:[2014-01-01 TO 3000-12-31]'
    """
    if not mindate and not maxdate:
        return ""
    lo = entrez.parse_date(mindate) if mindate else entrez.EARLIEST
    hi = entrez.parse_date(maxdate, end=True) if maxdate else entrez.LATEST
    return f"FIRST_PDATE:[{lo.isoformat()} TO {hi.isoformat()}]"


def sent_query(query: str, *, mindate: str, maxdate: str) -> str:
    clause = date_clause(mindate, maxdate)
    return f"({query}) AND {clause}" if clause else query


def record_key(result: dict) -> str:
    """Europe PMC's identity of a record: ``SOURCE:id`` (``MED:31434784``, ``PPR:PPR123``)."""
    return f"{result.get('source', '')}:{result.get('id', '')}"


def _check_page(data: bytes, *, page_size: int, expect_full: bool) -> dict:
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise RetryableError(f"unreadable page ({type(exc).__name__}: {exc})") from exc
    if not isinstance(body, dict) or "hitCount" not in body:
        raise RetryableError("page has no hitCount")
    results = body.get("resultList", {}).get("result")
    if not isinstance(results, list):
        raise RetryableError("page has no resultList.result")
    if expect_full and len(results) != page_size:
        raise RetryableError(f"page has {len(results)} records, expected {page_size}")
    return body


def search_europepmc(
    strategy: Strategy,
    out_dir: str | Path,
    *,
    config: EntrezConfig,
    mindate: str = "",
    maxdate: str = "",
    datetype: str = "pdat",
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Search Europe PMC, record every page under ``out_dir`` and return the manifest."""
    from pipeline.search.pubmed import search_parameters

    out = Path(out_dir)
    (out / "records.parquet").unlink(missing_ok=True)
    params = search_parameters(mindate=mindate, maxdate=maxdate, datetype=datetype)
    params["database"] = "europepmc"
    manifest_path = out / "manifest.json"
    previous = entrez.resumable_batches(manifest_path, strategy, params)
    query = sent_query(strategy.query, mindate=params["mindate"], maxdate=params["maxdate"])
    page_size = min(config.batch_size, MAX_PAGE)
    base = config.base_url
    recorder = entrez.Recorder(out)
    limiter = RateLimiter(float(config.rate or 3.0))
    client = entrez.EntrezClient(None, config)
    manifest = _manifest(
        strategy,
        params,
        query=query,
        base=base,
        page_size=page_size,
        date_searched=(today or dt.datetime.now(dt.UTC).date()).isoformat(),
    )
    cursor = "*"
    fetched: list[str] = []
    seen: set[str] = set()
    index = 0
    while True:
        name = f"search-{index:04d}.json"
        old = previous.get(name)
        data = _recorded_page(recorder.raw_dir / name, old, cursor)
        expect_full = manifest["count"] is not None and len(fetched) + page_size < int(
            manifest["count"]
        )
        if data is None:
            url = _page_url(base, query, page_size=page_size, cursor=cursor)
            body, sha = _fetch_page(
                client,
                limiter,
                recorder,
                url=url,
                name=name,
                what=f"Europe PMC page {index}",
                timeout=config.timeout,
                check=lambda raw, full=expect_full: _check_page(
                    raw, page_size=page_size, expect_full=full
                ),
            )
        else:
            body = _check_page(data, page_size=page_size, expect_full=expect_full)
            sha = old["sha256"]
        if manifest["count"] is None:
            manifest["count"] = int(body["hitCount"])
        results = body["resultList"]["result"]
        ids = _new_ids(results, seen, index=index)
        fetched.extend(ids)
        next_cursor = str(body.get("nextCursorMark") or "")
        if results:
            batch = {"file": name, "sha256": sha, "cursor": cursor, "next_cursor": next_cursor}
            manifest["batches"].append({**batch, "records": len(ids), "ids": ids})
            entrez.write_manifest(manifest, manifest_path)
        if not results or not next_cursor or next_cursor == cursor:
            break
        if len(fetched) >= int(manifest["count"]):
            break
        cursor = next_cursor
        index += 1
    _complete(manifest, manifest_path, recorder, fetched)
    log.info("Europe PMC: %d hits, %d records fetched", manifest["count"], len(fetched))
    return manifest


def _complete(
    manifest: dict, manifest_path: Path, recorder: entrez.Recorder, fetched: list[str]
) -> None:
    """Check that every hit was fetched, mark the manifest complete and drop stale pages."""
    if len(fetched) != int(manifest["count"] or 0):
        raise DataError(
            f"Europe PMC reported {manifest['count']} records but {len(fetched)} were fetched; "
            "rerun to resume"
        )
    manifest["ids"] = sorted(fetched)
    manifest["records"] = len(fetched)
    manifest["status"] = "complete"
    entrez.write_manifest(manifest, manifest_path)
    recorder.remove_stale(manifest)


# ---------------------------------------------------------------------------------------------
# JSON result -> record


def _manifest(
    strategy: Strategy,
    params: dict,
    *,
    query: str,
    base: str,
    page_size: int,
    date_searched: str,
) -> dict[str, Any]:
    """The manifest of a Europe PMC search before its first page."""

    return {
        "database": "europepmc",
        "platform": PLATFORM,
        "strategy_file": strategy.path,
        "strategy": strategy.text,
        "query": strategy.query,
        "query_sent": query,
        "query_sha256": strategy.sha256,
        "parameters": params,
        "date_searched": date_searched,
        "api_url": base,
        "count": None,
        "warnings": [],
        "errors": [],
        "batch_size": page_size,
        "batches": [],
        "ids": [],
        "records": 0,
        "status": "incomplete",
        "software": {"slr-pipeline": __version__},
    }


def _recorded_page(path: Path, batch: dict | None, cursor: str) -> bytes | None:
    """The bytes of a page an interrupted run recorded for ``cursor``, if still intact."""
    if not batch or batch.get("cursor") != cursor or not path.is_file():
        return None
    raw = path.read_bytes()
    return raw if hashlib.sha256(raw).hexdigest() == batch.get("sha256") else None


def _fetch_page(
    client: entrez.EntrezClient,
    limiter: RateLimiter,
    recorder: entrez.Recorder,
    *,
    url: str,
    name: str,
    what: str,
    timeout: float,
    check: Any,
) -> tuple[dict, str]:
    """Fetch one page (rate-limited, retried and checked by ``client``), record it as
    ``name`` and return its parsed body and sha256."""

    def call() -> Any:
        limiter.wait()
        return urllib.request.urlopen(url, timeout=timeout)

    data, body = client.request(what, call, check)
    return body, recorder.write(name, data)


def _new_ids(results: list[dict], seen: set[str], *, index: int) -> list[str]:
    """The record keys of a page, added to ``seen``; a key seen on an earlier page is an
    error (a cursor that went back)."""
    ids = [record_key(r) for r in results]
    repeated = [i for i in ids if i in seen]
    if repeated:
        raise DataError(f"Europe PMC page {index}: record {repeated[0]} was on an earlier page")
    seen.update(ids)
    return ids


def _page_url(base: str, query: str, *, page_size: int, cursor: str) -> str:
    """The REST URL of one page of results (core records, newest first, by cursor)."""
    params = {
        "query": query,
        "format": "json",
        "resultType": "core",
        "pageSize": page_size,
        "cursorMark": cursor,
        "sort": "P_PDATE_D desc",
    }
    return base + "search?" + urllib.parse.urlencode(params)


def _plain(value: Any) -> str:
    return " ".join(html.unescape(_TAG.sub("", str(value or ""))).split())


def _abstract(value: str) -> str:
    """Europe PMC marks structured-abstract labels as <h4>; they become "LABEL: text" lines."""
    if not value:
        return ""
    parts = _HEADING.split(value)
    if len(parts) == 1:
        return _plain(value)
    lines = [_plain(parts[0])] if _plain(parts[0]) else []
    for label, text in zip(parts[1::2], parts[2::2], strict=False):
        lines.append(f"{_plain(label)}: {_plain(text)}")
    return "\n".join(lines)


def result_to_record(result: dict, *, source_file: str, index: int) -> dict:
    journal_info = result.get("journalInfo") or {}
    journal = journal_info.get("journal") or {}
    authors = []
    for author in (result.get("authorList") or {}).get("author", []):
        last, first = author.get("lastName", ""), author.get("firstName", "")
        if last:
            authors.append(f"{last}, {first}" if first else last)
        elif author.get("collectiveName"):
            authors.append(author["collectiveName"])
        elif author.get("fullName"):
            authors.append(author["fullName"])
    mesh = [
        h.get("descriptorName", "")
        for h in (result.get("meshHeadingList") or {}).get("meshHeading", [])
    ]
    keywords = (result.get("keywordList") or {}).get("keyword", [])
    source, ident = result.get("source", ""), result.get("id", "")
    return {
        "source": "europepmc",
        "source_file": source_file,
        "source_index": index,
        "pmid": str(result.get("pmid", "")),
        "doi": result.get("doi", ""),
        "title": _plain(result.get("title")),
        "abstract": _abstract(result.get("abstractText", "")),
        "authors": authors,
        "journal": _plain(journal.get("title")),
        "volume": str(journal_info.get("volume", "")),
        "issue": str(journal_info.get("issue", "")),
        "pages": str(result.get("pageInfo", "")),
        "year": result.get("pubYear") or journal_info.get("yearOfPublication"),
        "keywords": [k for k in dict.fromkeys(mesh + list(keywords)) if k],
        "publication_type": list((result.get("pubTypeList") or {}).get("pubType", [])),
        "language": str(result.get("language", "")),
        "issn": journal.get("issn") or journal.get("essn") or "",
        "url": f"https://europepmc.org/article/{source}/{ident}" if source and ident else "",
        "original": json.dumps(result, ensure_ascii=False, sort_keys=True),
    }


def records_from_manifest(directory: str | Path, manifest: dict[str, Any]) -> pd.DataFrame:
    """The records table of a recorded Europe PMC search, sorted by ``record_id``."""

    directory = Path(directory)
    rows: list[dict] = []
    for batch in manifest.get("batches", []):
        name = f"raw/{batch['file']}"
        path = directory / name
        data = checked_batch(path, batch, what="page")
        body = json.loads(data.decode("utf-8"))
        results = body["resultList"]["result"]
        if [record_key(r) for r in results] != batch.get("ids"):
            raise DataError(f"{path}: record ids differ from those the manifest lists for it")
        for result in results:
            rows.append(result_to_record(result, source_file=name, index=len(rows)))
    if len(rows) != len(manifest.get("ids", [])):
        raise DataError(
            f"{directory}: pages hold {len(rows)} records but the search found "
            f"{len(manifest.get('ids', []))}"
        )
    frame = records.assign_record_ids(records.from_dicts(rows))
    return frame.sort_values("record_id", kind="stable").reset_index(drop=True)
