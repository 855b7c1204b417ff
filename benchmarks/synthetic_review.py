"""A synthetic large review: N records from five databases, as the databases export them.

The papers and their perturbed per-database copies come from the dedup scaling generator
(``benchmarks/dedup_synthetic.py``: Zipf-weighted titles and surnames, 1-4 databases per
paper, case/punctuation/page/DOI perturbations, ~3% look-alike traps). Each copy is written
in its database's own export layout by the writers that build the example review's exports
(``tests/data/example/build_exports.py``): Embase as Ovid RIS, CINAHL as EBSCOhost RIS,
Scopus as its CSV, Web of Science as plain text, and PubMed as efetch XML, which is served by
the local fake E-utilities server (``tests/eutils_server.py``) and recorded through
``slr search`` into a replay folder, so the workflow's search rule replays it offline like
the example's. The folder is a review of its own: ``config/config.yaml`` names the exports
and the replay, every export has its sidecar, ``decisions/decisions.jsonl`` starts empty.

    python benchmarks/synthetic_review.py N DIR [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "example"))
sys.path.insert(0, str(ROOT / "tests"))

import build_exports as bx  # noqa: E402
from eutils_server import FakeEutils, split_articles  # noqa: E402

from benchmarks.dedup_synthetic import Generator  # noqa: E402

# database -> (export file, platform) as in the example review
EXPORTS = {
    "embase": ("embase_ovid.ris", "Ovid (synthetic)"),
    "cinahl": ("cinahl_ebsco.ris", "EBSCOhost (synthetic)"),
    "scopus": ("scopus.csv", "Scopus (synthetic)"),
    "wos": ("wos.txt", "Web of Science Core Collection (synthetic)"),
}
# Parts of the checkout a review folder needs besides its queries and decisions.
PROJECT_PARTS = ("Snakefile", "config")


class _Papers(Generator):
    """The dedup generator, remembering each paper so copies can be written in full."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.papers: dict[int, dict] = {}

    def paper(self, pid: int) -> dict:
        out = super().paper(pid)
        self.papers[pid] = out
        return out

    def trap(self, base: dict, pid: int) -> dict:
        out = super().trap(base, pid)
        self.papers[pid] = out
        return out


def _as_paper_row(copy: dict, paper: dict, journals: list[tuple[str, str]], k: int) -> dict:
    """One database copy in the master-list layout the example's export writers take."""
    full, abbrev = journals[paper["journal"]]
    if copy["journal"].lower() == abbrev.lower():
        full = copy["journal"] if copy["journal"] != abbrev else full
    source = copy["source"]
    return {
        "paper_id": f"P{k}",
        "authors": "; ".join(f"{last}, {first}" for last, first in paper["authors"]),
        "title": copy["title"],
        "journal": full,
        "journal_abbrev": abbrev,
        "year": str(copy["year"]),
        "volume": copy["volume"],
        "issue": copy["issue"],
        "pages": copy["pages"],
        "doi": copy["doi"],
        "pmid": copy["pmid"] or (str(10_000_000 + paper["paper"]) if source == "pubmed" else ""),
        "abstract": copy["abstract"],
        "keywords": "",
        "databases": source,
    }


def write_exports(n: int, dest: Path, seed: int = 7) -> dict[str, int]:
    """Exports of ``n`` records into ``dest/queries``: per database, how many records."""
    gen = _Papers(seed)
    frame = gen.records(n)
    exports = dest / "queries" / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {db: [] for db in ("pubmed", *EXPORTS)}
    for k, copy in enumerate(frame.to_dict("records")):
        rows[copy["source"]].append(_as_paper_row(copy, gen.papers[copy["paper"]], gen.journals, k))

    ris = [line for p in rows["embase"] for line in [*bx.embase_record(p), ""]]
    (exports / "embase_ovid.ris").write_bytes("\r\n".join(ris).encode("utf-8"))
    ris = [line for p in rows["cinahl"] for line in [*bx.cinahl_record(p), ""]]
    (exports / "cinahl_ebsco.ris").write_bytes(("\ufeff" + "\n".join(ris)).encode("utf-8"))
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=bx.SCOPUS_COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(bx.scopus_row(p) for p in rows["scopus"])
    (exports / "scopus.csv").write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    wos = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    wos += [line for p in rows["wos"] for line in bx.wos_record(p)]
    (exports / "wos.txt").write_bytes(("\ufeff" + "\n".join([*wos, "EF"]) + "\n").encode("utf-8"))
    for database, (name, platform) in EXPORTS.items():
        sidecar = {
            "database": database,
            "platform": platform,
            "date_searched": "2026-12-01",
            "hits": len(rows[database]),
            "strategy": "(synthetic records: benchmarks/synthetic_review.py)",
            "limits": "none",
        }
        (exports / f"{name}.yaml").write_text(yaml.safe_dump(sidecar), encoding="utf-8")
    (dest / "pubmed_source.xml").write_text(bx.pubmed_xml(rows["pubmed"]), encoding="utf-8")
    return {db: len(r) for db, r in rows.items()}


def record_pubmed(dest: Path) -> None:
    """Search the fake E-utilities server holding ``pubmed_source.xml``; keep the replay."""
    articles = split_articles((dest / "pubmed_source.xml").read_bytes())
    recorded = dest / "queries" / "pubmed_recorded"
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    with FakeEutils(articles) as server:
        env["SLR_EUTILS_URL"] = server.base_url
        env.setdefault("NCBI_EMAIL", "scale@example.org")
        run = subprocess.run(
            ["slr", "search", "--query", "queries/pubmed.txt", "--database", "pubmed"]
            + ["--out", str(recorded)],
            cwd=dest,
            env=env,
            capture_output=True,
            text=True,
        )
    if run.returncode:
        raise SystemExit(f"recording the PubMed search failed: {run.stderr.strip()[-800:]}")
    for extra in ("records.parquet",):  # the replay is the manifest and the raw responses
        (recorded / extra).unlink(missing_ok=True)


def make_review(n: int, dest: Path, seed: int = 7) -> dict[str, int]:
    """A runnable review folder of ``n`` synthetic records at ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dest / part)
    (dest / "queries").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "queries" / "pubmed.txt", dest / "queries" / "pubmed.txt")
    (dest / "decisions").mkdir(exist_ok=True)
    (dest / "decisions" / "decisions.jsonl").write_text("", encoding="utf-8")
    counts = write_exports(n, dest, seed)
    record_pubmed(dest)
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    config["review"]["name"] = f"synthetic-{n}"
    config["search"]["pubmed"].update(mindate="", maxdate="", replay="queries/pubmed_recorded")
    config["search"]["exports"] = [
        {"database": db, "file": f"queries/exports/{name}"} for db, (name, _) in EXPORTS.items()
    ]
    config["dedup"]["source_preference"] = ["pubmed", *EXPORTS]
    (dest / "config" / "config.yaml").write_text(
        yaml.safe_dump(config, sort_keys=False), encoding="utf-8"
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of records over all databases")
    parser.add_argument("dest", type=Path, help="review folder to create")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    counts = make_review(args.n, args.dest, args.seed)
    print(", ".join(f"{db} {k}" for db, k in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
