"""Synthetic scaling run for `slr dedup`: time and memory at 10k ... 200k records.

Records are generated with a fixed seed (``--seed``, default 7): papers with titles from a
Zipf-weighted vocabulary (common words shared, so title blocks are not trivially small),
authors from a Zipf-weighted surname list (many "Wang"/"Smith" records in one year, so
first-author blocks are large), 1,500 journals with full names and ISO-4-like
abbreviations. Each paper appears in 1-4 of five databases; every copy is perturbed the way
real exports differ: case, punctuation, HTML entities, a trailing period, author forms
(``Smith J`` / ``Smith, John`` / ``J. Smith`` / run together ``Smith J.Lee K.``), journal
abbreviation vs full name, page style (``123-9`` / ``123-129``), missing DOI, PMID or
abstract, an occasional typo, an online-first year. About 3% of papers are look-alike traps
(an erratum notice, "Part 1"/"Part 2", the same title by other authors, "Editorial"), which
must stay apart. Truth: the first copy of each paper is ``unique``, the rest ``duplicate``;
the score is that of ``benchmarks/dedup.py``.

Each size runs ``slr dedup`` as its own process (wall time and peak RSS as in
``benchmarks/dedup.py``). BibDedupe runs beside it on ``--ref-sizes`` (default 10000: it
needs minutes and ~2 GB at 50k).

    python benchmarks/dedup_synthetic.py [--sizes 10000 50000 100000] [--with-200k]
        [--ref-sizes 10000] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dedup import measure, run_bibdedupe_table, score_clusters  # noqa: E402

SOURCES = ("pubmed", "embase", "cinahl", "scopus", "wos")
_COMMON = [
    "the",
    "of",
    "and",
    "in",
    "a",
    "for",
    "with",
    "on",
    "to",
    "among",
    "from",
    "by",
    "at",
    "as",
    "patients",
    "study",
    "care",
    "health",
    "effect",
    "effects",
    "analysis",
    "randomised",
    "trial",
    "systematic",
    "review",
    "older",
    "adults",
    "people",
    "primary",
    "social",
    "integrated",
    "outcomes",
    "risk",
    "factors",
    "association",
    "clinical",
    "treatment",
    "cohort",
    "disease",
    "children",
    "women",
    "community",
    "intervention",
    "evaluation",
    "quality",
    "life",
    "mortality",
    "hospital",
    "services",
    "model",
    "cancer",
    "diabetes",
    "heart",
    "failure",
    "chronic",
    "management",
    "acute",
    "assessment",
    "cross",
    "sectional",
    "population",
    "based",
    "national",
    "survey",
    "long",
    "term",
    "follow",
    "up",
    "results",
    "evidence",
    "practice",
]
_SYLLABLES = [
    "ab",
    "ac",
    "ad",
    "al",
    "am",
    "an",
    "ar",
    "as",
    "at",
    "ba",
    "be",
    "bi",
    "bo",
    "ca",
    "ce",
    "ci",
    "co",
    "cu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "el",
    "em",
    "en",
    "er",
    "es",
    "fa",
    "fe",
    "fi",
    "fo",
    "ga",
    "ge",
    "gi",
    "go",
    "ha",
    "he",
    "hi",
    "ho",
    "id",
    "il",
    "im",
    "in",
    "ir",
    "is",
    "it",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "ob",
    "oc",
    "ol",
    "om",
    "on",
    "or",
    "os",
    "pa",
    "pe",
    "pi",
    "po",
    "pu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "ul",
    "um",
    "un",
    "ur",
    "us",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "ze",
    "zi",
    "zo",
]
_COMMON_SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Kim",
    "Lee",
    "Park",
    "Nguyen",
    "Muller",
    "Schmidt",
    "Rossi",
    "Silva",
    "Santos",
    "Kumar",
    "Singh",
    "Sato",
    "Suzuki",
    "Tanaka",
]
_FIRST = [
    "John",
    "Mary",
    "James",
    "Anna",
    "Peter",
    "Laura",
    "David",
    "Sarah",
    "Michael",
    "Emma",
    "Wei",
    "Jing",
    "Hiroshi",
    "Yuki",
    "Raj",
    "Priya",
    "Carlos",
    "Ana",
    "Lukas",
    "Sofia",
    "Ahmed",
    "Fatima",
    "Olga",
    "Ivan",
    "Grace",
    "Samuel",
]
_JOURNAL_HEADS = (
    "Journal of",
    "International Journal of",
    "Annals of",
    "Archives of",
    "European Journal of",
    "American Journal of",
    "BMC",
    "Clinical",
)
_JOURNAL_TAILS = ("", " Research", " Reviews", " Open", " and Practice", " Reports")


def _abbrev(word: str) -> str:
    """An ISO-4-like abbreviation of one word ("International" -> "Int")."""
    table = {
        "Journal": "J",
        "International": "Int",
        "European": "Eur",
        "American": "Am",
        "Annals": "Ann",
        "Archives": "Arch",
        "Research": "Res",
        "Reviews": "Rev",
        "Clinical": "Clin",
        "Practice": "Pract",
        "Reports": "Rep",
    }
    if word in table:
        return table[word]
    return word if len(word) <= 5 else word[:4]


class Generator:
    """Papers and their perturbed copies, from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        rng = self.rng
        words = {"".join(rng.choice(_SYLLABLES, size=rng.integers(2, 5))) for _ in range(30000)}
        self.rare = [str(w) for w in rng.permutation(sorted(w for w in words if len(w) >= 4))]
        weights = 1 / np.arange(1, len(self.rare) + 1) ** 0.9
        self.rare_cdf = np.cumsum(weights / weights.sum())
        surnames = sorted(
            {"".join(rng.choice(_SYLLABLES, size=rng.integers(2, 4))).title() for _ in range(20000)}
        )
        self.surnames = _COMMON_SURNAMES + [str(w) for w in rng.permutation(surnames)]
        weights = 1 / np.arange(1, len(self.surnames) + 1) ** 1.0
        self.surname_cdf = np.cumsum(weights / weights.sum())
        self.journals = []
        for k in range(1500):
            topic = " ".join(
                w.title() for w in rng.choice(self.rare[:3000], size=rng.integers(1, 3))
            )
            name = f"{_JOURNAL_HEADS[k % len(_JOURNAL_HEADS)]} {topic}{_JOURNAL_TAILS[k % 6]}"
            abbrev = " ".join(_abbrev(w) for w in name.split() if w not in {"of", "and"})
            self.journals.append((name, abbrev))

    def title(self) -> str:
        rng = self.rng
        n = int(rng.integers(7, 18))
        rare = np.searchsorted(self.rare_cdf, rng.random(n)).clip(max=len(self.rare) - 1)
        common = rng.integers(len(_COMMON), size=n)
        words = [
            _COMMON[c] if u < 0.45 else self.rare[r]
            for u, c, r in zip(rng.random(n), common, rare, strict=True)
        ]
        title = " ".join(words)
        if rng.random() < 0.3:
            title += ": a " + str(
                rng.choice(
                    [
                        "cohort study",
                        "randomised trial",
                        "qualitative study",
                        "systematic review",
                        "cross-sectional survey",
                    ]
                )
            )
        return title[0].upper() + title[1:]

    def authors(self) -> list[tuple[str, str]]:
        rng = self.rng
        n = int(rng.integers(1, 9))
        picks = np.searchsorted(self.surname_cdf, rng.random(n)).clip(max=len(self.surnames) - 1)
        return [(self.surnames[k], str(rng.choice(_FIRST))) for k in picks]

    def paper(self, pid: int) -> dict:
        rng = self.rng
        journal = int(rng.integers(len(self.journals)))
        start = int(rng.integers(1, 3000))
        year = int(rng.integers(1995, 2025))
        return {
            "paper": pid,
            "title": self.title(),
            "authors": self.authors(),
            "year": year,
            "journal": journal,
            "volume": str(int(rng.integers(1, 80))),
            "issue": str(int(rng.integers(1, 13))),
            "pages": (start, start + int(rng.integers(3, 16))),
            "doi": f"10.{int(rng.integers(1000, 99999))}/j{journal}.{year}.{pid}"
            if rng.random() < 0.8
            else "",
            "pmid": str(10_000_000 + pid) if rng.random() < 0.7 else "",
            "abstract": " ".join(self.rare[k] for k in rng.integers(3000, size=40)),
        }

    def trap(self, base: dict, pid: int) -> dict:
        """A different paper that looks like ``base``."""
        rng = self.rng
        other = dict(
            base, paper=pid, doi="", pmid="", pages=(base["pages"][0] + 40, base["pages"][1] + 40)
        )
        kind = int(rng.integers(4))
        if kind == 0:
            other["title"] = "Erratum: " + base["title"]
        elif kind == 1:
            base["title"] += ". Part 1"
            other["title"] = base["title"][:-1] + "2"
        elif kind == 2:
            other["authors"] = self.authors()
        else:
            base["title"] = other["title"] = "Editorial"
            other["authors"] = self.authors()
        return other

    def copy(self, paper: dict, source: str) -> dict:
        """One database's record of ``paper``, perturbed."""
        rng = self.rng
        title = paper["title"]
        r = rng.random()
        if r < 0.15:
            title = title.upper()
        elif r < 0.3:
            title = title.lower()
        elif r < 0.4:
            title = title.title()
        if rng.random() < 0.2:
            title = title.replace(":", " -").replace(",", "")
        if rng.random() < 0.2:
            title += "."
        if rng.random() < 0.05 and " and " in title:
            title = title.replace(" and ", " &amp; ", 1)
        if rng.random() < 0.04 and len(title) > 20:
            k = int(rng.integers(5, len(title) - 1))
            title = title[:k] + title[k + 1 :]  # a dropped letter
        style = int(rng.integers(4))
        names = paper["authors"]
        if style == 0:
            authors = [f"{s}, {f}" for s, f in names]
        elif style == 1:
            authors = [f"{s} {f[0]}" for s, f in names]
        elif style == 2:
            authors = [f"{f[0]}. {s}" for s, f in names]
        else:
            authors = ["".join(f"{s} {f[0]}." for s, f in names)]  # run together
        full, abbrev = self.journals[paper["journal"]]
        journal = abbrev if rng.random() < 0.5 else full
        if rng.random() < 0.1:
            journal = journal.lower()
        start, end = paper["pages"]
        pages = f"{start}-{end}"
        if rng.random() < 0.4 and len(str(end)) == len(str(start)):
            common = 0
            while common < len(str(start)) - 1 and str(start)[common] == str(end)[common]:
                common += 1
            pages = f"{start}-{str(end)[common:]}"
        year = paper["year"]
        if rng.random() < 0.02:
            year -= 1  # online first
            pages = ""
        return {
            "source": source,
            "title": title,
            "authors": authors,
            "year": year,
            "journal": journal,
            "volume": paper["volume"],
            "issue": paper["issue"] if rng.random() < 0.8 else "",
            "pages": pages if rng.random() < 0.9 else "",
            "doi": paper["doi"] if rng.random() < 0.7 else "",
            "pmid": paper["pmid"] if source == "pubmed" or rng.random() < 0.2 else "",
            "abstract": paper["abstract"] if rng.random() < 0.8 else "",
            "paper": paper["paper"],
        }

    def records(self, n: int) -> pd.DataFrame:
        rng = self.rng
        rows: list[dict] = []
        pid = 0
        while len(rows) < n:
            paper = self.paper(pid)
            pid += 1
            group = [paper]
            if rng.random() < 0.03:
                group.append(self.trap(paper, pid))
                pid += 1
            for p in group:
                copies = int(rng.choice([1, 2, 3, 4], p=[0.5, 0.28, 0.14, 0.08]))
                for source in rng.choice(SOURCES, size=copies, replace=False):
                    rows.append(self.copy(p, str(source)))
        frame = pd.DataFrame(rows[:n])
        frame["record_id"] = [f"{s}:{k:07d}" for k, s in enumerate(frame["source"])]
        return frame


def truth_of(frame: pd.DataFrame) -> dict[str, str]:
    seen: set[int] = set()
    out = {}
    for rid, paper in zip(frame["record_id"], frame["paper"], strict=True):
        out[rid] = "duplicate" if paper in seen else "unique"
        seen.add(paper)
    return out


def for_bibdedupe(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ID": frame["record_id"],
            "ENTRYTYPE": "article",
            "author": [" and ".join(a) for a in frame["authors"]],
            "title": frame["title"],
            "year": frame["year"].astype(str),
            "journal": frame["journal"],
            "volume": frame["volume"],
            "number": frame["issue"],
            "pages": frame["pages"],
            "doi": frame["doi"],
            "abstract": frame["abstract"],
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--with-200k", action="store_true", help="add a 200,000-record run")
    parser.add_argument(
        "--ref-sizes",
        type=int,
        nargs="*",
        default=[10_000],
        help="sizes BibDedupe also runs on (default 10000)",
    )
    parser.add_argument("--workers", type=int, default=1, help="slr dedup --workers")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([200_000] if args.with_200k else [])))
    from pipeline import records

    print(
        f"{'records':>8}  {'tool':<10}{'kept':>8}{'expect':>8}{'sens':>8}{'prec':>8}"
        f"{'F1':>8}{'FP':>5}{'time s':>8}{'s/1k':>7}{'peak MB':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n in sizes:
            frame = Generator(args.seed).records(n)
            truth = truth_of(frame)
            src = work / f"synthetic_{n}.parquet"
            records.write_records(
                records.from_dicts(frame.drop(columns=["paper"]).to_dict("records")), src
            )
            clusters = work / f"clusters_{n}.csv"
            cmd = [
                str(ROOT / ".venv" / "bin" / "slr"),
                "dedup",
                str(src),
                "--out",
                str(work / f"unique_{n}.parquet"),
                "--clusters",
                str(clusters),
                "--workers",
                str(args.workers),
            ]
            seconds, peak, code = measure(cmd)
            if code:
                raise SystemExit(f"slr dedup failed at {n} records")
            table = pd.read_csv(clusters, dtype=str, keep_default_na=False)
            runs = [
                (
                    "slr dedup",
                    dict(zip(table["record_id"], table["cluster_id"], strict=True)),
                    seconds,
                    peak,
                )
            ]
            if n in args.ref_sizes:
                runs.append(
                    ("BibDedupe", *run_bibdedupe_table(for_bibdedupe(frame), work, f"s{n}"))
                )
            for tool, got, secs, mb in runs:
                s = score_clusters(truth, got)
                print(
                    f"{n:>8}  {tool:<10}{s['kept']:>8}{s['expected']:>8}{s['sensitivity']:>8.4f}"
                    f"{s['precision']:>8.4f}{s['f1']:>8.4f}{s['fp']:>5}{secs:>8.1f}"
                    f"{1000 * secs / n:>7.2f}{mb:>9.0f}",
                    flush=True,
                )
    print("\nWhole-process wall time and peak RSS on this machine (2 cores, shared: noisy).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
