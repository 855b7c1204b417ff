"""PubMed through NCBI E-utilities with Biopython's ``Bio.Entrez``.

``esearch`` runs with ``usehistory=y``; the PMIDs are then fetched as PubMed XML with
``efetch`` in batches from the history server (``WebEnv`` + ``query_key``, ``retstart`` /
``retmax`` paging). Every raw response is written under ``DIR/raw/`` and listed in
``DIR/manifest.json`` with its sha256 so that the search can be replayed offline
(:mod:`pipeline.search.replay`).

NCBI rules and limits this module follows (E-utilities Help, "Usage Guidelines and
Requirements" and "The E-utilities In-Depth"):

* at most 3 requests a second, 10 with an API key (:class:`RateLimiter`, which also spaces
  retries);
* ``tool`` and ``email`` are sent with every request;
* PubMed ``esearch`` returns at most 9,999 PMIDs for a query (since 2022); larger searches are
  split automatically into publication-date ranges, bisected until each part fits, and the
  union of the parts' PMIDs must equal the count PubMed reported for the whole query.

``Bio.Entrez`` retries HTTP 429/5xx itself but immediately (no back-off), and it never notices
a connection dropped in the middle of a body. Its own retries are therefore switched off
(``max_tries = 1``) and :meth:`EntrezClient.request` retries with exponential back-off on 429,
5xx, timeouts, connection errors and on any batch that is not complete: every efetch batch must
contain exactly the PMIDs that were asked for, each exactly once. If the history server has
lost the search (its ``WebEnv`` expires), the remaining batches are fetched by PMID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from pipeline.errors import DataError, UsageError
from pipeline.formats.pubmed_xml import read_pubmed_xml

log = logging.getLogger(__name__)

#: Bio.Entrez builds every request on this base (it is hard-coded in each function).
NCBI_EUTILS = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
#: PubMed esearch returns at most this many PMIDs per query (retstart + retmax <= 9,999).
ESEARCH_LIMIT = 9999
#: PMIDs per efetch request; NCBI suggests batches of a few hundred for PubMed XML.
DEFAULT_BATCH = 500
#: Used to bound a date split when the user gave no date limits.
EARLIEST = dt.date(1700, 1, 1)
LATEST = dt.date(3000, 12, 31)
TOOL = "slr-pipeline"


class RetryableError(Exception):
    """A response that may succeed if asked again (throttled, server error, cut short)."""


@dataclass
class EntrezConfig:
    """How to talk to E-utilities. ``rate`` is requests per second (NCBI: 3, or 10 with key)."""

    email: str = ""
    api_key: str = ""
    tool: str = TOOL
    base_url: str = NCBI_EUTILS
    timeout: float = 60.0
    rate: float | None = None
    max_tries: int = 6
    backoff: float = 1.0
    max_backoff: float = 60.0
    batch_size: int = DEFAULT_BATCH

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        if not self.email:
            if self.base_url == NCBI_EUTILS:
                raise UsageError("NCBI requires a contact e-mail: give --email or set NCBI_EMAIL")
            # a test server or mirror: Bio.Entrez still warns without one
            self.email = f"{TOOL}@localhost"
        if self.rate is None:
            self.rate = 10.0 if self.api_key else 3.0
        if self.rate <= 0:
            raise UsageError(f"--rate must be positive, not {self.rate}")
        if self.batch_size < 1 or self.batch_size > 10000:
            raise UsageError(f"--batch-size must be 1..10000, not {self.batch_size}")
        if self.max_tries < 1:
            raise UsageError(f"--max-tries must be at least 1, not {self.max_tries}")


class RateLimiter:
    """Space calls at least ``1/rate`` seconds apart (monotonic clock)."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = float("-inf")

    def wait(self) -> None:
        now = self._clock()
        if now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self.interval


@contextmanager
def entrez_session(config: EntrezConfig, limiter: RateLimiter) -> Iterator[Any]:
    """Configure ``Bio.Entrez`` for one search and restore its module state afterwards.

    ``Bio.Entrez`` has no setting for the base URL or a timeout, so its module-level ``urlopen``
    is replaced for the duration by one that rewrites NCBI's base URL to ``config.base_url``,
    applies the timeout and waits for the rate limiter before every HTTP attempt.
    """
    from Bio import Entrez

    saved = {
        name: getattr(Entrez, name)
        for name in ("email", "tool", "api_key", "max_tries", "sleep_between_tries", "urlopen")
    }

    def urlopen(request: urllib.request.Request, *args: Any, **kwargs: Any) -> Any:
        url = request.full_url
        if config.base_url != NCBI_EUTILS and url.startswith(NCBI_EUTILS):
            request.full_url = config.base_url + url[len(NCBI_EUTILS) :]
        limiter.wait()
        # Bio.Entrez sleeps 0.37 s between its own calls; our limiter has already spaced
        # this one, so its timestamp is reset to keep the configured rate exact.
        if hasattr(Entrez._open, "previous"):
            Entrez._open.previous = 0
        return urllib.request.urlopen(request, timeout=config.timeout)

    Entrez.email = config.email or None
    Entrez.tool = config.tool
    Entrez.api_key = config.api_key or None
    Entrez.max_tries = 1
    Entrez.sleep_between_tries = 0
    Entrez.urlopen = urlopen
    try:
        yield Entrez
    finally:
        for name, value in saved.items():
            setattr(Entrez, name, value)


# ---------------------------------------------------------------------------------------------
# esearch responses


@dataclass
class SearchResult:
    count: int
    ids: list[str]
    webenv: str
    query_key: str
    translation: str
    warnings: list[str]
    errors: list[str]


def parse_esearch(data: bytes, *, name: str = "esearch") -> SearchResult:
    """Read an esearch XML response (entities refused by defusedxml)."""
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise DataError(f"{name}: esearch response declares entities; refused ({exc})") from exc
    except SafeET.ParseError as exc:
        raise RetryableError(f"{name}: unreadable esearch response ({exc})") from exc
    if root.tag != "eSearchResult":
        raise DataError(f"{name}: not an esearch response (root <{root.tag}>)")
    top_error = root.findtext("ERROR")
    count_text = root.findtext("Count")
    if count_text is None:
        if top_error:
            raise DataError(f"{name}: PubMed refused the search: {top_error.strip()}")
        raise RetryableError(f"{name}: esearch response has no <Count>")

    def listed(tag: str) -> list[str]:
        out = []
        element = root.find(tag)
        if element is not None:
            for child in element:
                text = " ".join("".join(child.itertext()).split())
                out.append(f"{child.tag}: {text}")
        return out

    errors = listed("ErrorList")
    if top_error:
        # e.g. "Search Backend failed: ..." next to a Count that cannot be trusted
        raise RetryableError(f"{name}: PubMed reported an error: {top_error.strip()}")
    return SearchResult(
        count=int(count_text),
        ids=[(i.text or "").strip() for i in root.findall("IdList/Id")],
        webenv=(root.findtext("WebEnv") or "").strip(),
        query_key=(root.findtext("QueryKey") or "").strip(),
        translation=" ".join((root.findtext("QueryTranslation") or "").split()),
        warnings=listed("WarningList"),
        errors=errors,
    )


# ---------------------------------------------------------------------------------------------
# Dates


def parse_date(value: str, *, end: bool = False) -> dt.date:
    """``YYYY``, ``YYYY/MM`` or ``YYYY/MM/DD`` (also with ``-``) as a date.

    >>> parse_date("2014")
    datetime.date(2014, 1, 1)
    >>> parse_date("2020/02", end=True)
    datetime.date(2020, 2, 29)
    """
    parts = value.strip().replace("-", "/").split("/")
    try:
        nums = [int(p) for p in parts]
        if len(nums) == 1:
            return dt.date(nums[0], 12, 31) if end else dt.date(nums[0], 1, 1)
        if len(nums) == 2:
            year, month = nums
            if end:
                nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
                return nxt - dt.timedelta(days=1)
            return dt.date(year, month, 1)
        if len(nums) == 3:
            return dt.date(*nums)
    except ValueError:
        pass
    raise UsageError(f"bad date {value!r}: use YYYY, YYYY/MM or YYYY/MM/DD")


def format_date(day: dt.date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


# ---------------------------------------------------------------------------------------------
# The client


@dataclass
class DateSlice:
    """One esearch over a date range whose PMIDs fit under the esearch limit."""

    mindate: str
    maxdate: str
    result: SearchResult
    file: str
    sha256: str


@dataclass
class Recorder:
    """Writes raw responses into ``DIR/raw`` and keeps the list of what was written."""

    out_dir: Path
    searches: list[dict] = field(default_factory=list)

    @property
    def raw_dir(self) -> Path:
        return self.out_dir / "raw"

    def write(self, name: str, data: bytes) -> str:
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        path = self.raw_dir / name
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        return hashlib.sha256(data).hexdigest()

    def remove_stale(self, manifest: dict) -> None:
        """Delete the raw files a finished search's ``manifest`` does not list (left by an
        earlier, interrupted or different run), so a replay reads exactly what it names."""
        keep = {s["file"] for s in manifest.get("searches", [])}
        keep |= {b["file"] for b in manifest["batches"]}
        if not self.raw_dir.is_dir():
            return
        for path in sorted(self.raw_dir.iterdir()):
            if path.is_file() and path.name not in keep:
                path.unlink()


class EntrezClient:
    """E-utilities calls with retries; use inside :func:`entrez_session`."""

    def __init__(self, entrez: Any, config: EntrezConfig) -> None:
        self.entrez = entrez
        self.config = config
        self.requests = 0
        self.by_id = False

    def request(self, what: str, call: Callable[[], Any], check: Callable[[bytes], Any]) -> Any:
        """Run ``call`` (returns a handle) and ``check`` its body; retry with back-off.

        Returns ``(body, checked)`` where ``checked`` is what ``check`` returned.
        """
        cfg = self.config
        last = ""
        for attempt in range(cfg.max_tries):
            if attempt:
                delay = min(cfg.max_backoff, cfg.backoff * 2 ** (attempt - 1))
                log.warning(
                    "%s: %s; retry %d/%d in %.1f s", what, last, attempt, cfg.max_tries - 1, delay
                )
                time.sleep(delay)
            self.requests += 1
            try:
                handle = call()
                try:
                    body = handle.read()
                finally:
                    handle.close()
                if isinstance(body, str):
                    body = body.encode("utf-8")
                return body, check(body)
            except urllib.error.HTTPError as exc:
                if exc.code == 429 or exc.code >= 500:
                    last = f"HTTP {exc.code} {exc.reason}"
                    retry_after = exc.headers.get("Retry-After") if exc.headers else None
                    if retry_after and retry_after.isdigit():
                        time.sleep(min(cfg.max_backoff, float(retry_after)))
                    continue
                detail = _error_detail(exc)
                raise DataError(f"{what}: HTTP {exc.code} {exc.reason}{detail}") from exc
            except OSError as exc:  # URLError, timeouts, resets, TLS errors mid-body
                reason = getattr(exc, "reason", exc)
                last = f"connection failed ({reason or type(exc).__name__})"
            except http.client.IncompleteRead as exc:
                last = f"connection dropped after {len(exc.partial)} bytes"
            except http.client.HTTPException as exc:
                last = f"bad HTTP response ({type(exc).__name__}: {exc})"
            except RetryableError as exc:
                last = str(exc)
        raise DataError(
            f"{what}: failed after {cfg.max_tries} tries (last: {last}); "
            "rerun the same command to resume"
        )

    # -- esearch -----------------------------------------------------------------------------

    def esearch(
        self, query: str, *, mindate: str = "", maxdate: str = "", datetype: str = "pdat"
    ) -> tuple[bytes, SearchResult]:
        params: dict[str, Any] = {"usehistory": "y", "retmax": ESEARCH_LIMIT}
        if mindate or maxdate:
            params.update(mindate=mindate, maxdate=maxdate, datetype=datetype)
        span = f" {mindate}-{maxdate}" if (mindate or maxdate) else ""
        body, result = self.request(
            f"esearch{span}",
            lambda: self.entrez.esearch(db="pubmed", term=query, **params),
            lambda data: parse_esearch(data),
        )
        return body, result

    # -- efetch ------------------------------------------------------------------------------

    def efetch(self, part: DateSlice, retstart: int, expected: list[str], what: str) -> bytes:
        want = set(expected)

        def check(data: bytes) -> None:
            if not self.by_id and b"<eFetchResult" in data[:500] and b"<ERROR>" in data:
                # The history server forgets a WebEnv after some hours (or under load): the
                # rest of the search is fetched by PMID (Bio.Entrez POSTs long id lists).
                self.by_id = True
                raise RetryableError("history server lost the search (WebEnv); fetching by PMID")
            try:
                rows, bad = read_pubmed_xml(data, source_file=what)
            except DataError as exc:
                raise RetryableError(f"unreadable batch ({exc})") from exc
            got = [r["pmid"] for r in rows]
            if bad:
                raise RetryableError(
                    f"{len(bad)} incomplete article(s) (first: {bad[0]['reason']})"
                )
            if len(got) != len(set(got)):
                raise RetryableError("a PMID occurs twice in the batch")
            if set(got) != want:
                missing = sorted(want - set(got), key=int)
                extra = sorted(set(got) - want, key=int)
                raise RetryableError(
                    f"batch has {len(got)} of {len(want)} requested PMIDs"
                    + (f"; missing {', '.join(missing[:5])}" if missing else "")
                    + (f"; unexpected {', '.join(extra[:5])}" if extra else "")
                )

        def call() -> Any:
            if self.by_id:
                return self.entrez.efetch(db="pubmed", id=list(expected), retmode="xml")
            return self.entrez.efetch(
                db="pubmed",
                webenv=part.result.webenv,
                query_key=part.result.query_key,
                retstart=retstart,
                retmax=len(expected),
                retmode="xml",
            )

        body, _ = self.request(what, call, check)
        return body


def _error_detail(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - the body is only a hint for the message
        return ""
    text = " ".join(text.split())[:200]
    return f" ({text})" if text else ""


# ---------------------------------------------------------------------------------------------
# Search: esearch (split by dates if needed) then efetch batches


def split_search(
    client: EntrezClient,
    recorder: Recorder,
    query: str,
    *,
    mindate: str,
    maxdate: str,
    datetype: str,
) -> tuple[SearchResult, list[DateSlice]]:
    """Run the whole search, then split it into date ranges each under the esearch limit."""
    counter = iter(range(10**6))

    def run(lo: str, hi: str) -> tuple[SearchResult, str, str]:
        body, result = client.esearch(query, mindate=lo, maxdate=hi, datetype=datetype)
        name = f"esearch-{next(counter):03d}.xml"
        sha = recorder.write(name, body)
        recorder.searches.append(
            {"file": name, "sha256": sha, "mindate": lo, "maxdate": hi, "count": result.count}
        )
        return result, name, sha

    total, name, sha = run(mindate, maxdate)
    if total.count <= ESEARCH_LIMIT and len(total.ids) >= total.count:
        return total, [DateSlice(mindate, maxdate, total, name, sha)]

    lo = parse_date(mindate) if mindate else EARLIEST
    hi = parse_date(maxdate, end=True) if maxdate else LATEST
    log.info(
        "PubMed reports %d records, more than esearch returns (%d): splitting by %s",
        total.count,
        ESEARCH_LIMIT,
        datetype,
    )
    parts: list[DateSlice] = []
    stack = [(lo, hi)]
    while stack:
        a, b = stack.pop()
        result, name, sha = run(format_date(a), format_date(b))
        if result.count == 0:
            continue
        if result.count <= ESEARCH_LIMIT and len(result.ids) >= result.count:
            parts.append(DateSlice(format_date(a), format_date(b), result, name, sha))
            continue
        if a == b:
            raise DataError(
                f"esearch {format_date(a)}: {result.count} records on a single day exceed "
                f"the esearch limit of {ESEARCH_LIMIT}; narrow the strategy"
            )
        mid = a + (b - a) // 2
        # later half pushed first so that parts come out in date order
        stack.append((mid + dt.timedelta(days=1), b))
        stack.append((a, mid))
    union = {pmid for part in parts for pmid in part.result.ids}
    if len(union) != total.count:
        raise DataError(
            f"date split found {len(union)} distinct PMIDs in {len(parts)} parts but PubMed "
            f"reported {total.count} for the whole query (records without a {datetype} date, "
            "or PubMed changed during the search); rerun to try again"
        )
    return total, parts


def batch_name(part_index: int, retstart: int) -> str:
    return f"efetch-{part_index:03d}-{retstart:06d}.xml"


def fetch_batches(
    client: EntrezClient,
    recorder: Recorder,
    parts: list[DateSlice],
    *,
    previous: dict[str, dict],
    on_batch: Callable[[list[dict]], None],
) -> list[dict]:
    """Fetch every part in batches; reuse batches on disk whose sha256 and PMIDs match."""
    from pipeline.progress import progress

    plan = []
    for p_index, part in enumerate(parts):
        ids = part.result.ids
        for retstart in range(0, len(ids), client.config.batch_size):
            plan.append(
                (p_index, part, retstart, ids[retstart : retstart + client.config.batch_size])
            )
    batches: list[dict] = []
    reused = 0
    for p_index, part, retstart, expected in progress(plan, desc="efetch", unit="batch"):
        name = batch_name(p_index, retstart)
        old = previous.get(name)
        path = recorder.raw_dir / name
        if old and old.get("pmids") == expected and path.is_file():
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == old.get("sha256"):
                batches.append(old)
                reused += 1
                on_batch(batches)
                continue
        data = client.efetch(part, retstart, expected, what=f"efetch {name}")
        sha = recorder.write(name, data)
        batches.append(
            {
                "file": name,
                "sha256": sha,
                "part": p_index,
                "retstart": retstart,
                "records": len(expected),
                "pmids": list(expected),
            }
        )
        on_batch(batches)
    if reused:
        log.info("resumed: %d of %d batches were already on disk", reused, len(plan))
    return batches


def read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read search manifest ({exc})") from exc


def write_manifest(manifest: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.part")
    tmp.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    tmp.replace(path)


def checked_batch(path: Path, batch: dict, *, what: str = "batch") -> bytes:
    """The bytes of a recorded batch (Europe PMC: ``what="page"``), if they are still
    those the manifest lists."""
    if not path.is_file():
        raise DataError(f"{path}: recorded {what} is missing")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != batch.get("sha256"):
        raise DataError(
            f"{path}: sha256 {digest[:12]} does not match the manifest "
            f"({str(batch.get('sha256'))[:12]}); the recording was changed or is corrupt"
        )
    return data


def resumable_batches(manifest_path: Path, strategy: Any, params: dict) -> dict[str, dict]:
    """Batches an interrupted run of the same search recorded (file name -> batch)."""
    if not manifest_path.is_file():
        return {}
    old = read_manifest(manifest_path)
    if old.get("query_sha256") == strategy.sha256 and old.get("parameters") == params:
        return {b["file"]: b for b in old.get("batches", []) if "file" in b}
    log.info("%s: recorded search differs from this one; starting afresh", manifest_path.parent)
    return {}
