"""Benchmark: parsing recorded PubMed efetch XML, our reader vs Biopython's Entrez parser.

Builds N PubMed articles (default 10,000) from the real efetch articles in
``../shared/benchmarks/formats/biopython/pubmed*.xml`` (each gets a new PMID, publication
date, DOI and title suffix; everything else, including structured abstracts, MathML, MeSH
and reference lists, is the real XML), writes them as a recorded search (``raw/`` batches of
500 + ``manifest.json`` with sha256s) in a temporary folder, then times:

* ``slr read_pubmed_xml``: our parser over every batch (bytes in, record dicts out);
* ``slr replay``: the full offline replay (sha256 checks, parsing, record model, ids, sorting);
* ``Bio.Entrez.read``: Biopython's own DTD-aware parser (``Bio.Entrez.parse`` refuses a
  ``PubmedArticleSet`` in Biopython 1.88: "does not represent a list").

Quality columns: records read, PMIDs that match the generated set, and titles that equal
Biopython's (tags such as ``<i>`` removed from both) as a cross-check of field extraction.

Time columns: wall-clock and CPU seconds of this process (``time.process_time``). On a shared
machine other jobs stretch wall time much more than CPU time, so records per CPU-second is the
steadier figure; ``--repeat N`` runs every parser N times and keeps the fastest wall and the
fastest CPU time of each (the same for all rows).

Run: ``.venv/bin/python benchmarks/search.py [--records 10000] [--batch 500] [--repeat 1]
[--templates 'pubmed[12].xml']`` (``pubmed[12].xml``: short articles, about 5 kB each)
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks" / "formats" / "biopython"
sys.path.insert(0, str(ROOT / "tests"))

from eutils_server import split_articles, synthetic_articles  # noqa: E402

from pipeline.formats.pubmed_xml import read_pubmed_xml  # noqa: E402
from pipeline.search.replay import records_from_manifest  # noqa: E402

HEADER = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet>\n"
)
FOOTER = b"\n</PubmedArticleSet>\n"
T = TypeVar("T")


def timed(run: Callable[[], T], repeat: int) -> tuple[T, float, float]:
    """``run()``'s result with its fastest wall and fastest CPU seconds over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return result, min(walls), min(cpus)


def build_recording(
    directory: Path, n: int, batch: int, pattern: str
) -> tuple[list[bytes], set[str]]:
    templates: list[bytes] = []
    for path in sorted(SHARED.glob(pattern)):
        templates.extend(split_articles(path.read_bytes()))
    if not templates:
        raise SystemExit(f"no PubMed XML templates in {SHARED}")
    articles = synthetic_articles(templates, n, seed=2024)
    pmids = {re.search(rb"<PMID[^>]*>(\d+)</PMID>", a).group(1).decode() for a in articles}
    raw = directory / "raw"
    raw.mkdir(parents=True)
    batches, documents = [], []
    for start in range(0, n, batch):
        chunk = articles[start : start + batch]
        data = HEADER + b"\n".join(chunk) + FOOTER
        name = f"efetch-000-{start:06d}.xml"
        (raw / name).write_bytes(data)
        ids = [re.search(rb"<PMID[^>]*>(\d+)</PMID>", a).group(1).decode() for a in chunk]
        batches.append(
            {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "pmids": ids,
             "records": len(ids), "part": 0, "retstart": start}
        )  # fmt: skip
        documents.append(data)
    manifest = {"database": "pubmed", "status": "complete", "batches": batches,
                "ids": sorted(pmids, key=int)}  # fmt: skip
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return documents, pmids


def _plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", str(text)).split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--templates", default="pubmed*.xml",
        help="glob of template files in the shared biopython folder (default pubmed*.xml)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=1,
        help="run every parser this many times, keep the fastest (default 1)",
    )  # fmt: skip
    args = parser.parse_args()

    from Bio import Entrez
    from Bio import __version__ as bio_version

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "recorded"
        documents, pmids = build_recording(folder, args.records, args.batch, args.templates)
        megabytes = sum(len(d) for d in documents) / 1e6
        rows_out: list[tuple[str, int, int, float, float, str]] = []

        def run_ours() -> tuple[dict[str, str], int]:
            titles: dict[str, str] = {}
            bad = 0
            for data in documents:
                rows, quarantined = read_pubmed_xml(data)
                bad += len(quarantined)
                titles.update((r["pmid"], r["title"]) for r in rows)
            return titles, bad

        (ours, bad), seconds, cpu_s = timed(run_ours, args.repeat)
        rows_out.append(("slr read_pubmed_xml", len(ours), len(set(ours) & pmids), seconds, cpu_s,
                         f"{bad} quarantined"))  # fmt: skip

        frame, seconds, cpu_s = timed(
            lambda: records_from_manifest(
                folder, json.loads((folder / "manifest.json").read_text())
            ),
            args.repeat,
        )
        rows_out.append(("slr replay (sha256+parse+model)", len(frame),
                         len(set(frame["pmid"]) & pmids), seconds, cpu_s, "records table, sorted"))  # fmt: skip

        def run_biopython() -> tuple[dict[str, str], int]:
            titles: dict[str, str] = {}
            count = 0
            for data in documents:
                # Bio.Entrez.parse refuses a PubmedArticleSet ("does not represent a list")
                # in Biopython 1.88, so Entrez.read is the reference.
                result = Entrez.read(io.BytesIO(data))
                for article in result["PubmedArticle"]:
                    citation = article["MedlineCitation"]
                    titles[str(citation["PMID"])] = _plain(citation["Article"]["ArticleTitle"])
                    count += 1
            return titles, count

        (theirs, count), seconds, cpu_s = timed(run_biopython, args.repeat)
        agree = sum(1 for p, t in theirs.items() if ours.get(p) == t)
        rows_out.append((f"Bio.Entrez.read ({bio_version})", count,
                         len(set(theirs) & pmids), seconds, cpu_s,
                         f"titles equal to ours: {agree}/{len(theirs)}"))  # fmt: skip

    print(
        f"PubMed efetch XML parse: {args.records} articles in {len(documents)} batches of "
        f"{args.batch}, {megabytes:.1f} MB ({megabytes * 1e3 / args.records:.1f} kB/article), "
        f"templates: biopython/{args.templates}"
        + (f", fastest of {args.repeat} runs" if args.repeat > 1 else "")
    )
    header = (
        f"{'parser':32} {'records':>7} {'PMIDs ok':>8} {'wall s':>7} {'rec/s':>6} "
        f"{'CPU s':>6} {'rec/CPU-s':>9}  notes"
    )
    print(header)
    print("-" * len(header))
    for name, n, ok, seconds, cpu_s, notes in rows_out:
        print(
            f"{name:32} {n:7d} {ok:8d} {seconds:7.2f} {n / seconds:6.0f} "
            f"{cpu_s:6.2f} {n / cpu_s:9.0f}  {notes}"
        )
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} during the run")
    _, n, _, seconds, cpu_s, _ = rows_out[0]
    verdict = "met" if n / seconds >= 5000 else "NOT met"
    print(
        f"target >= 5,000 records/s for slr read_pubmed_xml: {verdict} "
        f"({n / seconds:.0f}/s wall, {n / cpu_s:.0f}/s per CPU-second)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
