"""Synthetic scale run for `slr update`: match an update to a large previous version and queue.

The previous version: ``--previous`` unique records (default 100,000), each a paper from
``benchmarks/dedup_synthetic.py``'s generator (Zipf-weighted titles and surnames, 1,500
journals), all decided (about 3% included). The update: ``--new`` records of papers the
previous version does not have (default 20,000; about 3% of them look-alike traps of a
previous paper: an erratum notice, "Part 2", the same title by other authors, which must
stay new), plus ``--overlap`` records of previous papers (default 5,000): half carry the
previous record's id (the same database record found again), half are another database's
copy, perturbed as that generator perturbs copies (case, punctuation, author forms, journal
abbreviation, page style, missing DOI/PMID, a dropped letter, an online-first year).

Measured: wall time of matching (:func:`pipeline.update.match_previous`) plus building the
screening set and ranking the queue with the model trained on every previous decision
(:func:`pipeline.screen.active.rank` + :func:`pipeline.update.only_new`); and whether the
queue holds exactly the new records. The reference, in the same run (``--reference``), is
what a review does without an update: deduplicate previous + update records together with
``slr dedup``'s :func:`pipeline.dedup.deduplicate` and screen every record of a cluster
without a previous record.

    python benchmarks/update_scale.py [--previous 100000] [--new 20000] [--overlap 5000]
        [--reference] [--workers 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.dedup_synthetic import _COMMON, _FIRST, Generator  # noqa: E402
from pipeline import records as rec  # noqa: E402


@dataclass
class Case:
    previous: pd.DataFrame
    update: pd.DataFrame
    labels: dict[str, int]
    new_ids: set[str]


def _papers(gen: Generator, start: int, n: int) -> list[dict]:
    """``n`` papers (ids ``start``...) drawn in bulk (the generator's own per-paper draws
    take minutes at 100,000): the same vocabulary, surnames and journals."""
    rng = gen.rng
    lengths = rng.integers(7, 18, size=n)
    total = int(lengths.sum())
    rare = np.searchsorted(gen.rare_cdf, rng.random(total)).clip(max=len(gen.rare) - 1)
    common = rng.integers(len(_COMMON), size=total)
    use_common = rng.random(total) < 0.45
    words = np.where(
        use_common,
        np.asarray(_COMMON, dtype=object)[common],
        np.asarray(gen.rare, dtype=object)[rare],
    )
    n_auth = rng.integers(1, 9, size=n)
    surnames = np.searchsorted(gen.surname_cdf, rng.random(int(n_auth.sum())))
    surnames = surnames.clip(max=len(gen.surnames) - 1)
    firsts = rng.integers(len(_FIRST), size=int(n_auth.sum()))
    journals = rng.integers(len(gen.journals), size=n)
    years = rng.integers(1995, 2025, size=n)
    starts = rng.integers(1, 3000, size=n)
    spans = rng.integers(3, 16, size=n)
    has_doi = rng.random(n) < 0.8
    has_pmid = rng.random(n) < 0.7
    abstract = rng.integers(3000, size=(n, 40))
    papers = []
    w = a = 0
    for k in range(n):
        pid = start + k
        title = " ".join(words[w : w + lengths[k]])
        w += lengths[k]
        authors = [(gen.surnames[surnames[a + m]], _FIRST[firsts[a + m]]) for m in range(n_auth[k])]
        a += n_auth[k]
        papers.append(
            {
                "paper": pid,
                "title": title[0].upper() + title[1:],
                "authors": authors,
                "year": int(years[k]),
                "journal": int(journals[k]),
                "volume": str(1 + pid % 80),
                "issue": str(1 + pid % 12),
                "pages": (int(starts[k]), int(starts[k] + spans[k])),
                "doi": f"10.{1000 + pid % 9000}/j{journals[k]}.{years[k]}.{pid}"
                if has_doi[k]
                else "",
                "pmid": str(10_000_000 + pid) if has_pmid[k] else "",
                "abstract": " ".join(gen.rare[i] for i in abstract[k]),
            }
        )
    return papers


def _record(paper: dict, source: str, rid: str) -> dict:
    """A database's record of ``paper`` as the generator's papers hold it (unperturbed)."""
    start, end = paper["pages"]
    return {
        "record_id": rid,
        "source": source,
        "title": paper["title"],
        "authors": [f"{s}, {f}" for s, f in paper["authors"]],
        "year": paper["year"],
        "journal": paper["journal_name"],
        "volume": paper["volume"],
        "issue": paper["issue"],
        "pages": f"{start}-{end}",
        "doi": paper["doi"],
        "pmid": paper["pmid"],
        "abstract": paper["abstract"],
    }


def build(n_previous: int, n_new: int, n_overlap: int, *, seed: int = 11) -> Case:
    """The previous version's records and decisions, and an update of it, with the truth."""
    gen = Generator(seed)
    rng = gen.rng
    papers = _papers(gen, 0, n_previous)
    sources = ("pubmed", "embase", "scopus")
    for p in papers:
        p["journal_name"] = gen.journals[p["journal"]][0]
    previous = rec.normalise(
        pd.DataFrame(
            [_record(p, sources[k % 3], f"{sources[k % 3]}:p{k:07d}") for k, p in enumerate(papers)]
        )
    )
    # Decisions: about 3% included, drawn at random (the model only needs both classes).
    inc = rng.random(n_previous) < 0.03
    labels = {rid: int(i) for rid, i in zip(previous["record_id"], inc, strict=True)}
    fresh = _papers(gen, n_previous, n_new)
    rows = []
    for k, paper in enumerate(fresh):
        paper["journal_name"] = gen.journals[paper["journal"]][0]
        if k % 33 == 0:
            # A look-alike trap: the erratum notice of a previous paper is a new item.
            base = papers[int(rng.integers(n_previous))]
            paper = dict(base, title="Erratum: " + base["title"], doi="", pmid="")
        rows.append(_record(paper, "wos", f"wos:n{k:07d}"))
    new = rec.normalise(pd.DataFrame(rows))
    picks = rng.choice(n_previous, size=n_overlap, replace=False)
    overlap = []
    for k, pos in enumerate(picks.tolist()):
        if k % 2 == 0:
            overlap.append(previous.iloc[pos].to_dict())  # the same record found again
        else:
            copy = gen.copy(papers[pos], "cinahl")  # another database's copy, perturbed
            copy.pop("paper")
            copy["record_id"] = f"cinahl:o{k:07d}"
            copy["authors"] = list(copy["authors"])
            overlap.append(copy)
    update = rec.normalise(
        pd.concat([new, rec.normalise(pd.DataFrame(overlap))], ignore_index=True)
    )
    return Case(previous, update, labels, set(new["record_id"]))


def run_update(case: Case, *, workers: int = 1) -> tuple[float, pd.DataFrame, pd.DataFrame]:
    """Seconds, matches and queue of the update (match, screening set, ranked queue).

    Seconds are this process's CPU time (``time.process_time``, workers=1): on a machine
    shared with other jobs, wall time measures the other jobs too; it is logged beside.
    """
    from pipeline.screen.active import rank
    from pipeline.update import match_previous, only_new, screening_set

    start, wall = time.process_time(), time.perf_counter()
    matches = match_previous(case.update, case.previous, workers=workers)
    matched = time.process_time()
    records = screening_set(case.previous, case.update, matches)
    queue = only_new(rank(records, case.labels, seed=42), records)
    cpu = time.process_time() - start
    print(
        f"update: {cpu:.1f} s CPU ({matched - start:.1f} s matching), "
        f"{time.perf_counter() - wall:.1f} s wall",
        file=sys.stderr,
        flush=True,
    )
    return cpu, matches, queue


def run_reference(case: Case, *, workers: int = 1) -> tuple[float, set[str]]:
    """Seconds and the records to screen when everything is deduplicated again."""
    from pipeline.dedup import deduplicate

    start = time.process_time()
    both = pd.concat(
        [
            case.previous,
            case.update.drop_duplicates("record_id").loc[
                ~case.update["record_id"].isin(set(case.previous["record_id"]))
            ],
        ],
        ignore_index=True,
    )
    result = deduplicate(both, workers=workers)
    prev = set(case.previous["record_id"])
    marked = result.records
    with_prev = set(marked.loc[marked["record_id"].isin(prev), "dedup_cluster"])
    todo = set(
        marked.loc[~marked["dedup_cluster"].isin(with_prev) & marked["dedup_kept"], "record_id"]
    )
    return time.process_time() - start, todo


def summary(case: Case, queue_ids: set[str]) -> dict[str, int]:
    return {
        "queued": len(queue_ids),
        "new queued": len(queue_ids & case.new_ids),
        "new missed": len(case.new_ids - queue_ids),
        "previous queued again": len(queue_ids - case.new_ids),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--previous", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=20_000)
    parser.add_argument("--overlap", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--reference", action="store_true", help="also run the reference")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    case = build(args.previous, args.new, args.overlap)
    print(
        f"built {len(case.previous)} previous + {len(case.update)} update records in "
        f"{time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    rows = []
    wall = time.perf_counter()
    seconds, _, queue = run_update(case, workers=args.workers)
    rows.append(
        {
            "method": "slr update (match + rank)",
            "cpu_seconds": round(seconds, 1),
            "wall_seconds": round(time.perf_counter() - wall, 1),
            **summary(case, set(queue["record_id"])),
        }
    )
    print(rows[-1], flush=True)
    if args.reference:
        wall = time.perf_counter()
        seconds, todo = run_reference(case, workers=args.workers)
        rows.append(
            {
                "method": "slr dedup of previous + update (reference)",
                "cpu_seconds": round(seconds, 1),
                "wall_seconds": round(time.perf_counter() - wall, 1),
                **summary(case, todo),
            }
        )
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False) if hasattr(table, "to_markdown") else table)
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
