"""Cross-database export benchmark for `slr dedup`: real records written the way each
database writes them, as one merged CSV and as one RIS file per database.

The papers are real records from ``../shared/benchmarks/formats/`` (never copied into the
project): the Zotero export of the ASySD test library (``asysd/zotero_export.csv``: NLM
journal titles with their ISO abbreviations, full author names), the Scopus CSV and the
Web of Science tab-delimited export of litsearchr (``Author full names`` / ``AF``, WoS
``JI`` abbreviations). Records that look like copies of each other in that base (same DOI,
same title, or the same first author and year with alike titles) are dropped first, so
every base record is one paper.

Each paper is then "exported" by one to five of PubMed, Embase, Scopus, Web of Science and
CINAHL, in that database's habits, as seen in the real exports under ``formats/``:

* authors: PubMed ``Cherry MJ`` (MEDLINE ``AU``) / ``Cherry, Michael J`` (``FAU``), Embase and
  Scopus ``Cherry M.J.``, WoS ``Cherry, MJ`` / ``Cherry, Michael J.``, CINAHL full names; in
  the one-CSV file the list is joined the way a database's or reference manager's CSV
  joins it (``, ``; ``; ``; ``and``; given names first; run together), truncated after some
  names by some;
* journal: NLM abbreviation (``Vet Rec``) or NLM title (``The Veterinary record``, with
  its ``: subtitle``), title case (Embase, Scopus, CINAHL), capitals or dotted ISO
  abbreviation (WoS ``VETERINARY RECORD`` / ``Vet. Rec.``), ``Full (Abbrev)`` (CINAHL);
* title: trailing period (PubMed), none (others), capitals (old WoS records), title case,
  ``<i>`` around a term (Embase, Scopus, CINAHL keep the publisher's markup);
* pages: MEDLINE ``1032-8``, others ``1032-1038``; DOI: bare, ``https://doi.org/``,
  ``http://dx.doi.org/``, upper case (WoS), or missing; online-first year one earlier.

Traps, papers of their own that must *not* be merged with the paper they resemble: an
erratum, a protocol, a review update (same title, years later), Part 1 / Part 2, a
conference abstract of the paper, and generic titles (``Editorial``) in the same journal.

The probabilities below are set from how often each habit shows in the real files, not
from any result; ``--seed`` changes the draw.

    python benchmarks/dedup_exports.py --out DIR [--seed 1]

writes ``DIR/one.csv`` (``record_id``, ``source`` = database, the model's fields),
``DIR/ris/<database>.ris`` (``ID`` = record_id, ``DB`` = database), ``DIR/truth.csv``
(``record_id``, ``paper``, ``label`` unique/duplicate) and ``DIR/traps.csv``
(``paper_a``, ``paper_b``, ``kind``). ``benchmarks/dedup.py`` runs it and scores both.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT.parent / "shared" / "benchmarks" / "formats"
DATABASES = ("pubmed", "embase", "scopus", "wos", "cinahl")
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


@dataclass
class Paper:
    """One real paper: authors as ``(surname, given)``."""

    key: str
    title: str
    authors: list[tuple[str, str]]
    year: int
    journal: str
    abbrev: str
    volume: str
    issue: str
    first: str
    last: str
    doi: str
    abstract: str
    pmid: str = ""
    kind: str = "article"
    notes: dict = field(default_factory=dict)


# ---------------------------------------------------------------- base records


def _names(text: str) -> list[tuple[str, str]]:
    out = []
    for name in text.split(";"):
        name = re.sub(r"\s*\(\d+\)$", "", name.strip())  # Scopus "Name (57200000000)"
        if not name:
            continue
        surname, _, given = name.partition(",")
        out.append((surname.strip(), given.strip()))
    return out


def _pages(value: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*([A-Za-z]?\d+)\s*(?:[-–]\s*([A-Za-z]?\d+))?\s*", value or "")
    if not m:
        return "", ""
    return m.group(1), m.group(2) or ""


def _read(path: Path, sep: str = ",") -> pd.DataFrame:
    return pd.read_csv(
        path,
        sep=sep,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
        quoting=3 if sep == "\t" else 0,
    )


def base_papers() -> list[Paper]:
    """The real records, one per paper."""
    papers: list[Paper] = []
    z = _read(FORMATS / "asysd" / "zotero_export.csv")
    for row in z.to_dict("records"):
        first, last = _pages(row["Pages"])
        extra = re.search(r"PMID:\s*(\d+)", row["Extra"] or "")
        year = row["Publication Year"]
        papers.append(
            Paper(
                f"z{len(papers)}",
                row["Title"],
                _names(row["Author"]),
                int(year) if year.isdigit() else 0,
                row["Publication Title"],
                row["Journal Abbreviation"],
                row["Volume"],
                row["Issue"],
                first,
                last,
                row["DOI"],
                row["Abstract Note"],
                extra.group(1) if extra else "",
            )
        )
    s = _read(FORMATS / "litsearchr" / "scopus.csv")
    for row in s.to_dict("records"):
        names = []
        for n in (n.strip() for n in row["Authors"].split(",")):
            # Scopus' short form "Little A.R.": surname, initials.
            m = re.fullmatch(r"(.+?) ((?:[A-Z]\.-?)+)", n)
            if n:
                names.append((m.group(1), m.group(2)) if m else (n, ""))
        papers.append(
            Paper(
                f"s{len(papers)}",
                row["Title"],
                names,
                int(row["Year"]) if row["Year"].isdigit() else 0,
                row["Source title"],
                "",
                row["Volume"],
                row["Issue"],
                row["Page start"],
                row["Page end"],
                row["DOI"],
                row["Abstract"],
            )
        )
    w = _read(FORMATS / "litsearchr" / "wos_core_collection.txt", sep="\t")
    for row in w.to_dict("records"):
        papers.append(
            Paper(
                f"w{len(papers)}",
                row["TI"],
                _names(row["AF"]),
                int(row["PY"]) if row["PY"].isdigit() else 0,
                row["SO"].title(),
                row["JI"].replace(".", ""),
                row["VL"],
                row["IS"],
                row["BP"],
                row["EP"],
                row["DI"],
                row["AB"],
            )
        )
    return _distinct([p for p in papers if p.title and p.authors and p.year and p.journal])


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"<[^>]+>", "", text.lower()))


def _distinct(papers: list[Paper]) -> list[Paper]:
    """Drop records that may be copies of an earlier one (the base must be one per paper)."""
    from rapidfuzz import fuzz

    seen_doi: set[str] = set()
    seen_title: set[str] = set()
    blocks: dict[tuple[str, int], list[str]] = {}
    out = []
    for p in papers:
        doi, title = p.doi.lower().strip(), _key(p.title)
        block = (_key(p.authors[0][0])[:6], p.year)
        if (doi and doi in seen_doi) or title in seen_title:
            continue
        if any(fuzz.ratio(title, t) >= 80 for t in blocks.get(block, [])):
            continue
        seen_doi.add(doi)
        seen_title.add(title)
        blocks.setdefault(block, []).append(title)
        out.append(p)
    return out


# ---------------------------------------------------------------- traps


def add_traps(papers: list[Paper], rng: np.random.Generator, share: float) -> list[tuple]:
    """New trap papers (appended to ``papers``) and the pairs that must stay apart."""
    pairs = []
    n = len(papers)
    picks = rng.choice(n, size=int(n * share), replace=False)
    kinds = ("erratum", "protocol", "review update", "part", "conference abstract", "generic")
    for k, idx in enumerate(picks.tolist()):
        p = papers[idx]
        kind = kinds[k % len(kinds)]
        key = f"{p.key}-{kind.split()[0]}"
        page = str(int(p.first) + 200) if p.first.isdigit() else "1"
        bare = p.title.rstrip(".")
        if kind == "erratum":
            lead = ("Erratum: ", "Correction to: ", 'Corrigendum to "')[k % 3]
            t = replace(
                p,
                key=key,
                title=lead + bare + ('"' if lead.endswith('"') else ""),
                year=p.year + int(rng.integers(0, 2)),
                first=page,
                last="",
                doi="",
                abstract="",
                kind="erratum",
            )
        elif kind == "protocol":
            tail = (
                ": protocol for a systematic review",
                ": a study protocol",
                " - study protocol for a randomised controlled trial",
            )[k % 3]
            t = replace(
                p,
                key=key,
                title=bare + tail,
                year=p.year - 2,
                volume="",
                issue="",
                first=f"e{int(rng.integers(1000, 99999))}",
                last="",
                doi="",
                abstract="",
                kind="protocol",
            )
        elif kind == "review update":
            t = replace(
                p,
                key=key,
                year=p.year + int(rng.integers(3, 7)),
                volume=str(int(p.volume) + 4) if p.volume.isdigit() else "",
                first=page,
                last="",
                doi="",
                authors=p.authors[:1] + p.authors[2:],
                kind="update",
            )
        elif kind == "part":
            p.title = f"{bare}. Part 1"
            t = replace(
                p,
                key=key,
                title=f"{bare}. Part 2",
                first=page,
                last="",
                doi="",
                abstract="",
                kind="part",
            )
        elif kind == "conference abstract":
            t = replace(
                p,
                key=key,
                year=p.year - 1,
                journal=f"{p.journal}. Conference: Annual Congress {p.year - 1}",
                abbrev="",
                issue="Suppl 1",
                first=f"S{int(rng.integers(10, 400))}",
                last="",
                doi="",
                kind="conference",
            )
        else:
            word = ("Editorial", "Letter to the editor", "Reply", "Book review")[k % 4]
            p2 = papers[int(rng.integers(0, n))]
            a = replace(
                p,
                key=f"{key}a",
                title=word,
                authors=p.authors[:1],
                first=page,
                last="",
                doi="",
                abstract="",
                kind="generic",
            )
            t = replace(
                p,
                key=f"{key}b",
                title=word,
                authors=p2.authors[:1],
                first=str(int(page) + 3) if page.isdigit() else "2",
                last="",
                doi="",
                abstract="",
                kind="generic",
            )
            papers.append(a)
            pairs.append((a.key, t.key, "generic"))
            papers.append(t)
            continue
        papers.append(t)
        pairs.append((p.key, t.key, kind))
    # A trap is a paper of its own: PubMed gives it another PMID.
    for k, paper in enumerate(papers[n:]):
        paper.pmid = str(40_000_000 + k) if paper.pmid else ""
    return pairs


# ---------------------------------------------------------------- rendering


def _initials(given: str, dots: bool, space: bool = False) -> str:
    parts = re.findall(r"[^\W\d_]+", given)
    letters = [w[0].upper() for w in parts]
    if dots:
        return (" " if space else "").join(f"{c}." for c in letters)
    return "".join(letters)


def _title_case(text: str) -> str:
    words = text.split(" ")
    return " ".join(
        w if (i and w.lower() in _SMALL) or not w[:1].isalpha() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _italic(title: str, rng: np.random.Generator) -> str:
    # Publisher markup survives for a term in parentheses (a species) or a gene.
    m = re.search(r"\(([A-Z][a-z]+ [a-z]+)\)", title)
    if m:
        return title.replace(m.group(1), f"<i>{m.group(1)}</i>")
    words = title.split()
    if len(words) > 4:
        k = int(rng.integers(1, len(words) - 1))
        words[k] = f"<i>{words[k]}</i>"
    return " ".join(words)


def _abbrev(p: Paper) -> str:
    return p.abbrev or p.journal


def _nlm_title(p: Paper) -> str:
    # NLM's JT: sentence case after the first word ("The Veterinary record").
    words = p.journal.split(" ")
    return " ".join(
        [words[0]] + [w if w.isupper() and len(w) > 1 else w.lower() for w in words[1:]]
    )


def _full_title(p: Paper) -> str:
    main = re.split(r"\s+:\s+", re.sub(r"\s*\([^)]*\)", "", p.journal))[0]
    main = re.sub(r"^The ", "", main)
    return _title_case(main)


def _dotted(abbrev: str) -> str:
    # WoS JI: "J. Vet. Intern. Med." (ISO 4 with full stops after shortened words).
    return " ".join(
        w + "." if len(w) > 1 and w[0].isupper() and w.lower() not in {"and"} else w
        for w in abbrev.split()
    )


def _short_pages(first: str, last: str) -> str:
    if not last:
        return first
    if first.isdigit() and last.isdigit() and len(first) == len(last):
        k = 0
        while k < len(first) - 1 and first[k] == last[k]:
            k += 1
        return f"{first}-{last[k:]}"
    return f"{first}-{last}"


def render(p: Paper, db: str, rng: np.random.Generator) -> dict:
    """One database's record of paper ``p``: model fields plus ``names`` in its form."""
    u = rng.random
    title = p.title.rstrip(".")
    year = p.year
    doi = p.doi.strip()
    if db == "pubmed":
        title = title + "."
        names = [f"{s} {_initials(g, False)}".strip() for s, g in p.authors]
        journal = _abbrev(p) if u() < 0.5 else _nlm_title(p)
        pages = _short_pages(p.first, p.last)
    elif db == "embase":
        names = [f"{s} {_initials(g, True)}".strip() for s, g in p.authors]
        journal = _full_title(p)
        pages = "-".join(x for x in (p.first, p.last) if x)
        title = _italic(title, rng) if u() < 0.15 else title
        doi = f"http://dx.doi.org/{doi}" if doi and u() < 0.5 else doi
        year = year - 1 if u() < 0.05 else year
    elif db == "scopus":
        names = [f"{s} {_initials(g, True)}".strip() for s, g in p.authors]
        journal = _full_title(p)
        pages = "-".join(x for x in (p.first, p.last) if x)
        title = _title_case(title) if u() < 0.3 else title
        title = _italic(title, rng) if u() < 0.1 else title
        year = year - 1 if u() < 0.05 else year
    elif db == "wos":
        full = u() < 0.5
        names = [f"{s}, {g if full else _initials(g, False)}".strip(", ") for s, g in p.authors]
        journal = _full_title(p).upper() if u() < 0.6 else _dotted(_abbrev(p))
        title = title.upper() if u() < 0.25 else title
        pages = "-".join(x for x in (p.first, p.last) if x)
        doi = doi.upper()
    else:  # cinahl
        names = [f"{s}, {g}".strip(", ") for s, g in p.authors]
        journal = _full_title(p)
        if p.abbrev and u() < 0.3:
            journal = f"{journal} ({p.abbrev})"
        pages = "-".join(x for x in (p.first, p.last) if x)
        title = _italic(title, rng) if u() < 0.1 else title
        doi = f"https://doi.org/{doi}" if doi and u() < 0.5 else doi
    missing_doi = {"pubmed": 0.1, "embase": 0.15, "scopus": 0.05, "wos": 0.1, "cinahl": 0.35}
    if u() < missing_doi[db]:
        doi = ""
    return {
        "title": title,
        "names": names,
        "year": year,
        "journal": journal,
        "volume": p.volume,
        "issue": p.issue if not (db == "scopus" and u() < 0.1) else "",
        "pages": pages,
        "doi": doi,
        "pmid": p.pmid if db == "pubmed" else "",
        "abstract": p.abstract if u() > 0.1 else "",
    }


#: How one-CSV exports join an author list (merged sheets from Covidence, Rayyan, Excel).
def _join_names(names: list[str], db: str, p: Paper, rng: np.random.Generator) -> str:
    style = int(rng.integers(0, 6))
    if style == 0:  # the database's own CSV: ", " (PubMed, Embase, Scopus) or "; "
        return (", " if db in {"pubmed", "embase", "scopus"} else "; ").join(names)
    if style == 1:
        return "; ".join(names)
    if style == 2:  # reference-manager "Surname, I. I., Surname, I." (EndNote-style)
        return ", ".join(f"{s}, {_initials(g, True, True)}".strip(", ") for s, g in p.authors)
    if style == 3:  # given names first, "and" before the last
        given = [f"{_initials(g, True, True)} {s}".strip() for s, g in p.authors]
        return given[0] if len(given) == 1 else ", ".join(given[:-1]) + " and " + given[-1]
    if style == 4:  # BibTeX-style "and"
        return " and ".join(f"{s}, {g}".strip(", ") for s, g in p.authors)
    # truncated after three names
    shown = names[:3]
    return "; ".join(shown) + ("; et al." if len(names) > 3 else "")


def generate(
    seed: int = 1, *, trap_share: float = 0.04
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(records, truth, traps)``; records hold ``names`` (a list) and ``authors`` (one
    field, as the one-CSV file writes it)."""
    rng = np.random.default_rng(seed)
    papers = base_papers()
    traps = add_traps(papers, rng, trap_share)
    rows, truth = [], []
    counter = {db: 0 for db in DATABASES}
    for p in papers:
        # Each paper is in 1-5 databases; PubMed/Embase/Scopus cover most of the base.
        dbs = [
            db
            for db, cover in zip(DATABASES, (0.7, 0.6, 0.7, 0.5, 0.4), strict=True)
            if rng.random() < cover
        ] or [DATABASES[int(rng.integers(0, 5))]]
        for k, db in enumerate(dbs):
            counter[db] += 1
            rid = f"{db}-{counter[db]:05d}"
            rec = render(p, db, rng)
            rec["authors"] = _join_names(rec["names"], db, p, rng)
            rows.append({"record_id": rid, "source": db, **rec})
            truth.append(
                {
                    "record_id": rid,
                    "paper": p.key,
                    "kind": p.kind,
                    "label": "unique" if k == 0 else "duplicate",
                }
            )
    order = rng.permutation(len(rows))
    records = pd.DataFrame([rows[i] for i in order])
    return (
        records,
        pd.DataFrame([truth[i] for i in order]),
        pd.DataFrame(traps, columns=["paper_a", "paper_b", "kind"]),
    )


RIS_TAGS = (
    ("title", "TI"),
    ("journal", "T2"),
    ("year", "PY"),
    ("volume", "VL"),
    ("issue", "IS"),
    ("doi", "DO"),
    ("pmid", "AN"),
    ("abstract", "AB"),
)


def write_ris(records: pd.DataFrame, folder: Path) -> list[Path]:
    """One RIS file per database, authors one per ``AU`` line in that database's form."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for db, group in records.groupby("source", sort=True):
        lines = []
        for r in group.to_dict("records"):
            lines += ["TY  - JOUR", f"ID  - {r['record_id']}", f"DB  - {db}"]
            lines += [f"AU  - {n}" for n in r["names"]]
            for key, tag in RIS_TAGS:
                if str(r[key]):
                    lines.append(f"{tag}  - {r[key]}")
            first, _, last = str(r["pages"]).partition("-")
            if first:
                lines.append(f"SP  - {first}")
            if last:
                lines.append(f"EP  - {last}")
            lines += ["ER  - ", ""]
        path = folder / f"{db}.ris"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def write(out: Path, seed: int = 1) -> dict[str, Path]:
    records, truth, traps = generate(seed)
    out.mkdir(parents=True, exist_ok=True)
    cols = [
        "record_id",
        "source",
        "title",
        "authors",
        "year",
        "journal",
        "volume",
        "issue",
        "pages",
        "doi",
        "pmid",
        "abstract",
    ]
    records[cols].to_csv(out / "one.csv", index=False)
    truth.to_csv(out / "truth.csv", index=False)
    traps.to_csv(out / "traps.csv", index=False)
    ris = write_ris(records, out / "ris")
    return {
        "csv": out / "one.csv",
        "truth": out / "truth.csv",
        "traps": out / "traps.csv",
        "ris": ris,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = write(args.out, args.seed)
    truth = pd.read_csv(paths["truth"])
    print(
        f"{len(truth)} records of {truth['paper'].nunique()} papers, "
        f"{len(pd.read_csv(paths['traps']))} trap pairs -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
