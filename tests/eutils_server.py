"""A local, fake NCBI E-utilities server for tests (``esearch`` and ``efetch`` for PubMed).

Built from a list of PubMed XML articles, it serves on 127.0.0.1 (a random free port, in a
thread):

* ``esearch.fcgi``: XML or JSON (``retmode=json``); ``Count``, ``RetMax``, ``RetStart``,
  ``IdList`` (newest first, capped at :attr:`FakeEutils.esearch_limit` like PubMed's 9,999),
  ``QueryKey``/``WebEnv`` with ``usehistory=y``, ``QueryTranslation`` (field tags spelt
  out); with ``messages=True`` also ``ErrorList`` (``PhraseNotFound`` for a ``word[tiab]`` in
  no article) and ``WarningList`` (``QuotedPhraseNotFound`` for a quoted text-word phrase in
  no article); ``mindate``/``maxdate`` filter on the articles' journal-issue publication
  dates, or with ``datetype=edat`` on their Entrez dates (``PubmedData/History/PubMedPubDate``
  of status ``entrez``, else the publication date). Every article matches the term: the
  server does not evaluate queries;
* ``efetch.fcgi``: a ``PubmedArticleSet`` for ``retstart``/``retmax`` of a history entry, or
  for ``id=``;
* Europe PMC's REST ``search`` (at :attr:`FakeEutils.europepmc_url`): JSON ``core`` results
  made from the same articles, ``cursorMark`` paging, ``FIRST_PDATE:[a TO b]`` date clauses.

Faults are queued per endpoint with :meth:`FakeEutils.inject`: ``"ok"`` (no fault: lets
the next request through, to place a fault later), ``"400"``, ``"429"``, ``"500"``,
``"drop"`` (a Content-Length is sent, then half the body and the connection is closed),
``"truncate"`` (no Content-Length, half the body, close: the client sees a short body and no
error), ``"slow"`` (sleep longer than the client's timeout), ``"forget"`` (the history
server loses every WebEnv, as NCBI's does after some hours). :attr:`FakeEutils.requests`
logs every request as ``(monotonic time, endpoint, params)``.

Run as a script to serve a file of articles until killed::

    python tests/eutils_server.py --articles articles.xml [--port 8765]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_HEADER = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet>\n"
)
_FOOTER = b"</PubmedArticleSet>\n"
_TAG_NAMES = {
    "tiab": "Title/Abstract",
    "ti": "Title",
    "ab": "Abstract",
    "mh": "MeSH Terms",
    "majr": "MeSH Major Topic",
    "pt": "Publication Type",
    "la": "Language",
    "tw": "Text Word",
    "au": "Author",
    "dp": "Publication Date",
}


def split_articles(data: bytes) -> list[bytes]:
    """The ``<PubmedArticle>`` elements of a PubmedArticleSet document, as bytes."""
    out = []
    for match in _START.finditer(data):
        tag = match.group(1)
        end = data.find(b"</" + tag + b">", match.end())
        if end < 0:
            raise ValueError(f"article at byte {match.start()} has no end tag")
        out.append(data[match.start() : end + len(tag) + 3])
    return out


@dataclass
class Article:
    pmid: str
    date: dt.date
    text: str
    xml: bytes
    entrez: dt.date | None = None

    @classmethod
    def from_xml(cls, xml: bytes) -> Article:
        root = ET.fromstring(xml)
        pmid = (root.findtext(".//PMID") or "").strip()
        pub = root.find(".//JournalIssue/PubDate")
        if pub is None:
            pub = root.find(".//Book/PubDate")
        year, month, day = 1900, 1, 1
        if pub is not None:
            year_text = pub.findtext("Year") or pub.findtext("MedlineDate") or "1900"
            year = int(re.search(r"\d{4}", year_text).group(0))
            month_text = (pub.findtext("Month") or "1").strip()[:3].lower()
            month = _MONTHS.get(month_text, int(month_text) if month_text.isdigit() else 1)
            day = int(pub.findtext("Day") or 1)
        text = " ".join(
            "".join(e.itertext()) for e in root.iter() if e.tag in ("ArticleTitle", "AbstractText")
        ).lower()
        entrez = None
        node = root.find(".//PubmedData/History/PubMedPubDate[@PubStatus='entrez']")
        if node is not None:
            entrez = dt.date(*(int(node.findtext(k) or 1) for k in ("Year", "Month", "Day")))
        return cls(pmid=pmid, date=dt.date(year, month, day), text=text, xml=xml, entrez=entrez)


def synthetic_articles(
    templates: list[bytes],
    n: int,
    *,
    seed: int = 0,
    first_pmid: int = 30_000_001,
    years: tuple[int, int] = (2010, 2024),
) -> list[bytes]:
    """``n`` distinct articles made from real ``templates``: new PMIDs, dates, DOIs, titles."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        xml = templates[i % len(templates)]
        old = re.search(rb"<PMID[^>]*>(\d+)</PMID>", xml).group(1)
        pmid = str(first_pmid + i).encode()
        xml = re.sub(rb"(<PMID[^>]*>)\d+(</PMID>)", rb"\g<1>" + pmid + rb"\g<2>", xml, count=1)
        xml = xml.replace(
            b'<ArticleId IdType="pubmed">' + old + b"</ArticleId>",
            b'<ArticleId IdType="pubmed">' + pmid + b"</ArticleId>",
        )
        day = dt.date(years[0], 1, 1) + dt.timedelta(
            days=rng.randrange((dt.date(years[1], 12, 31) - dt.date(years[0], 1, 1)).days + 1)
        )
        new_date = (
            f"<PubDate><Year>{day.year}</Year><Month>{day.strftime('%b')}</Month>"
            f"<Day>{day.day:02d}</Day></PubDate>"
        ).encode()
        xml = re.sub(rb"<PubDate>.*?</PubDate>", new_date, xml, count=1, flags=re.S)
        xml = re.sub(
            rb'(<ArticleId IdType="doi">)([^<]+)(</ArticleId>)',
            rb"\g<1>\g<2>." + pmid + rb"\g<3>",
            xml,
            count=1,
        )
        xml = re.sub(
            rb'(<ELocationID EIdType="doi"[^>]*>)([^<]+)(</ELocationID>)',
            rb"\g<1>\g<2>." + pmid + rb"\g<3>",
            xml,
            count=1,
        )
        xml = re.sub(
            rb"(<ArticleTitle>)(.*?)(</ArticleTitle>)",
            rb"\g<1>\g<2> Study " + pmid + rb".\g<3>",
            xml,
            count=1,
            flags=re.S,
        )
        out.append(xml)
    return out


def _date_param(value: str, *, end: bool) -> dt.date:
    parts = [int(p) for p in value.replace("-", "/").split("/") if p]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
    if len(parts) == 2:
        if end:
            nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(parts[0], parts[1], 1)
    return dt.date(*parts[:3])


class FakeEutils:
    """The server; use as a context manager or call :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        articles: list[bytes],
        *,
        esearch_limit: int = 9999,
        port: int = 0,
        messages: bool = False,
    ) -> None:
        self.articles = [Article.from_xml(a) for a in articles]
        self.by_pmid = {a.pmid: a for a in self.articles}
        self.esearch_limit = esearch_limit
        self.messages_enabled = messages
        self.faults: dict[str, deque[tuple[str, float]]] = {
            "esearch": deque(),
            "efetch": deque(),
            "search": deque(),
        }
        self.requests: list[tuple[float, str, dict[str, str]]] = []
        self.history: dict[tuple[str, str], list[str]] = {}
        self._lock = threading.Lock()
        self._webenvs = 0
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/entrez/eutils/"

    @property
    def europepmc_url(self) -> str:
        """Base URL of the Europe PMC REST imitation (``search`` only)."""
        return self.base_url.replace("/entrez/eutils/", "/europepmc/webservices/rest/")

    def start(self) -> FakeEutils:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeEutils:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults ------------------------------------------------------------------------------

    def inject(self, endpoint: str, kind: str, *, times: int = 1, seconds: float = 2.0) -> None:
        """Make the next ``times`` requests to ``endpoint`` fail with ``kind``."""
        if kind not in {"ok", "400", "429", "500", "drop", "truncate", "slow", "forget"}:
            raise ValueError(f"unknown fault {kind!r}")
        for _ in range(times):
            self.faults[endpoint].append((kind, seconds))

    def count(self, endpoint: str) -> int:
        return sum(1 for _, e, _ in self.requests if e == endpoint)

    # -- E-utilities -------------------------------------------------------------------------

    def matching(self, params: dict[str, str]) -> list[Article]:
        found = self.articles
        if params.get("mindate") or params.get("maxdate"):
            lo = _date_param(params.get("mindate") or "1000", end=False)
            hi = _date_param(params.get("maxdate") or "3000", end=True)
            if params.get("datetype") == "edat":
                found = [a for a in found if lo <= (a.entrez or a.date) <= hi]
            else:
                found = [a for a in found if lo <= a.date <= hi]
        return sorted(found, key=lambda a: (a.date, int(a.pmid)), reverse=True)

    def messages(self, term: str) -> tuple[str, list[str], list[str]]:
        warnings: list[str] = []
        errors: list[str] = []
        if self.messages_enabled:
            # Only text-word searches are checked against the articles' titles and abstracts
            # (a MeSH term is in PubMed's vocabulary whatever this small corpus holds).
            texts = " ".join(a.text for a in self.articles)
            for phrase, tag in re.findall(r'"([^"]+)"(?:\[([^\]]+)\])?', term):
                text_tag = tag.lower() in ("", "tiab", "ti", "ab", "tw")
                if text_tag and "*" not in phrase and phrase.lower() not in texts:
                    warnings.append(phrase)
            unquoted = re.sub(r'"[^"]*"', " ", term)
            errors = [
                w
                for w in re.findall(r"([A-Za-z][\w-]*)\[tiab\]", unquoted)
                if w.lower() not in texts
            ]

        def name(match: re.Match) -> str:
            tag = match.group(1).lower()
            return f"[{_TAG_NAMES.get(tag, tag)}]"

        translation = re.sub(r"\[([A-Za-z]+)\]", name, " ".join(term.split()))
        return translation, errors, warnings

    def esearch(self, params: dict[str, str]) -> tuple[bytes, str]:
        found = self.matching(params)
        retstart = int(params.get("retstart", 0))
        retmax = int(params.get("retmax", 20))
        ids = [a.pmid for a in found]
        page = ids[retstart : min(retstart + retmax, self.esearch_limit)]
        webenv, query_key = "", ""
        if params.get("usehistory") == "y":
            with self._lock:
                self._webenvs += 1
                webenv = params.get("webenv") or f"MCID_FAKE{self._webenvs:06d}"
                query_key = str(sum(1 for w, _ in self.history if w == webenv) + 1)
                self.history[(webenv, query_key)] = ids
        translation, errors, warnings = self.messages(params.get("term", ""))
        if params.get("retmode") == "json":
            result: dict[str, Any] = {
                "count": str(len(ids)),
                "retmax": str(len(page)),
                "retstart": str(retstart),
                "idlist": page,
                "translationset": [],
                "querytranslation": translation,
            }
            if webenv:
                result.update(querykey=query_key, webenv=webenv)
            if errors:
                result["errorlist"] = {"phrasesnotfound": errors, "fieldsnotfound": []}
            if warnings:
                result["warninglist"] = {
                    "phrasesignored": [],
                    "quotedphrasesnotfound": warnings,
                    "outputmessages": [],
                }
            body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
            return json.dumps(body).encode(), "application/json"
        xml = [
            '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC '
            '"-//NLM//DTD esearch 20060628//EN" '
            '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n<eSearchResult>',
            f"<Count>{len(ids)}</Count><RetMax>{len(page)}</RetMax>",
            f"<RetStart>{retstart}</RetStart>",
        ]
        if webenv:
            xml.append(f"<QueryKey>{query_key}</QueryKey><WebEnv>{webenv}</WebEnv>")
        xml.append("<IdList>" + "".join(f"<Id>{i}</Id>\n" for i in page) + "</IdList>")
        xml.append(f"<TranslationSet/><QueryTranslation>{escape(translation)}</QueryTranslation>")
        if errors:
            xml.append(
                "<ErrorList>"
                + "".join(f"<PhraseNotFound>{escape(e)}</PhraseNotFound>" for e in errors)
                + "</ErrorList>"
            )
        if warnings:
            xml.append(
                "<WarningList>"
                + "".join(
                    f"<QuotedPhraseNotFound>{escape(w)}</QuotedPhraseNotFound>" for w in warnings
                )
                + "<OutputMessage>No items found.</OutputMessage></WarningList>"
            )
        xml.append("</eSearchResult>\n")
        return "".join(xml).encode("utf-8"), "text/xml; charset=UTF-8"

    def efetch(self, params: dict[str, str]) -> tuple[bytes, str]:
        if params.get("id"):
            pmids = [p.strip() for p in params["id"].split(",") if p.strip()]
        else:
            key = (params.get("webenv", ""), params.get("query_key", ""))
            if key not in self.history:
                body = (
                    '<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>'
                    f"<ERROR>Unable to obtain query #{escape(key[1])}</ERROR></eFetchResult>\n"
                )
                return body.encode(), "text/xml; charset=UTF-8"
            retstart = int(params.get("retstart", 0))
            retmax = int(params.get("retmax", 20))
            pmids = self.history[key][retstart : retstart + retmax]
        parts = [self.by_pmid[p].xml for p in pmids if p in self.by_pmid]
        return _HEADER + b"\n".join(parts) + b"\n" + _FOOTER, "text/xml; charset=UTF-8"

    # -- Europe PMC REST (search, JSON, resultType=core) -------------------------------------

    def search(self, params: dict[str, str]) -> tuple[bytes, str]:
        found = self.articles
        window = re.search(r"FIRST_PDATE:\[(\S+) TO (\S+)\]", params.get("query", ""))
        if window:
            lo, hi = (dt.date.fromisoformat(d) for d in window.groups())
            if params.get("datetype") == "edat":
                found = [a for a in found if lo <= (a.entrez or a.date) <= hi]
            else:
                found = [a for a in found if lo <= a.date <= hi]
        found = sorted(found, key=lambda a: (a.date, int(a.pmid)), reverse=True)
        cursor = params.get("cursormark", "*")
        offset = 0 if cursor == "*" else int(cursor[3:], 16)
        size = int(params.get("pagesize", 25))
        page = found[offset : offset + size]
        body = {
            "version": "6.9",
            "hitCount": len(found),
            "nextCursorMark": f"AoJ{offset + len(page):08x}" if page else cursor,
            "request": {"queryString": params.get("query", ""), "pageSize": size},
            "resultList": {"result": [europepmc_result(a) for a in page]},
        }
        return json.dumps(body).encode("utf-8"), "application/json;charset=UTF-8"


def europepmc_result(article: Article) -> dict[str, Any]:
    """A Europe PMC ``core`` search result made from a PubMed article."""
    from pipeline.formats.pubmed_xml import read_pubmed_xml

    (row,), _ = read_pubmed_xml(article.xml)
    original = json.loads(row["original"])
    sections = original.get("abstract_sections", [])
    abstract = "".join(
        (f"<h4>{escape(s['label'])}</h4>" if s.get("label") else "") + escape(s["text"])
        for s in sections
    )
    authors = []
    for a in original.get("authors", []):
        if a.get("collective"):
            authors.append({"collectiveName": a["collective"]})
        else:
            authors.append(
                {
                    "fullName": f"{a.get('last', '')} {a.get('initials', '')}".strip(),
                    "firstName": a.get("fore", ""),
                    "lastName": a.get("last", ""),
                    "initials": a.get("initials", ""),
                }
            )
    result: dict[str, Any] = {
        "id": row["pmid"],
        "source": "MED",
        "pmid": row["pmid"],
        "title": escape(row["title"]),
        "authorString": ", ".join(row["authors"]),
        "authorList": {"author": authors},
        "journalInfo": {
            "issue": row["issue"],
            "volume": row["volume"],
            "yearOfPublication": row["year"],
            "journal": {"title": row["journal"], "issn": row["issn"]},
        },
        "pubYear": str(row["year"] or ""),
        "pageInfo": row["pages"],
        "abstractText": abstract,
        "language": row["language"],
        "pubTypeList": {"pubType": row["publication_type"]},
        "meshHeadingList": {
            "meshHeading": [
                {"majorTopic_YN": "Y" if m["major"] else "N", "descriptorName": m["descriptor"]}
                for m in original.get("mesh", [])
            ]
        },
        "keywordList": {"keyword": original.get("keywords", [])},
        "firstPublicationDate": article.date.isoformat(),
    }
    if row["doi"]:
        result["doi"] = row["doi"]
    return result


class _Handler(BaseHTTPRequestHandler):
    fake: FakeEutils
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep test output quiet

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._serve(urlparse(self.path).query)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        length = int(self.headers.get("Content-Length", 0))
        self._serve(self.rfile.read(length).decode("utf-8"))

    def _serve(self, query: str) -> None:
        fake = self.fake
        path = urlparse(self.path).path
        endpoint = path.rsplit("/", 1)[-1].split(".")[0]
        # E-utilities parameter names are case-insensitive (WebEnv, webenv)
        params = {k.lower(): v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        with fake._lock:
            fake.requests.append((time.monotonic(), endpoint, params))
            fault = fake.faults[endpoint].popleft() if fake.faults.get(endpoint) else None
        if endpoint not in ("esearch", "efetch", "search"):
            self._send(404, b"unknown E-utility", "text/plain")
            return
        if fault is not None:
            kind, seconds = fault
            if kind == "400":
                self._send(400, b"Bad Request: unknown parameter", "text/plain")
                return
            if kind == "429":
                self._send(429, b'{"error":"API rate limit exceeded"}', "application/json")
                return
            if kind == "500":
                self._send(500, b"Internal Server Error", "text/plain")
                return
            if kind == "slow":
                time.sleep(seconds)
            if kind == "forget":
                with fake._lock:
                    fake.history.clear()  # the history server lost every WebEnv
        body, ctype = getattr(fake, endpoint)(params)
        if fault is not None and fault[0] in ("drop", "truncate") and len(body) > 1:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            if fault[0] == "drop":
                self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(200, body, ctype)  # the client may have given up (slow fault)

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", nargs="+", required=True, help="PubMed XML file(s)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--esearch-limit", type=int, default=9999)
    parser.add_argument(
        "--messages",
        action="store_true",
        help="simulate PhraseNotFound/QuotedPhraseNotFound against these articles' text",
    )
    args = parser.parse_args(argv)
    articles: list[bytes] = []
    for name in args.articles:
        articles.extend(split_articles(Path(name).read_bytes()))
    server = FakeEutils(
        articles, esearch_limit=args.esearch_limit, port=args.port, messages=args.messages
    ).start()
    print(server.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
