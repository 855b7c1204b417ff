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

from benchmarks.dedup_synthetic import Generator  # noqa: E402
from pipeline import records as rec  # noqa: E402


@dataclass
class Case:
    previous: pd.DataFrame
    update: pd.DataFrame
    labels: dict[str, int]
    new_ids: set[str]


def _finish(rows: list[dict], prefix: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if "record_id" not in frame.columns:
        frame["record_id"] = ""
    ids = [rid or f"{s}:{prefix}{k:07d}" for k, (rid, s) in
           enumerate(zip(frame["record_id"].fillna(""), frame["source"], strict=True))]  # fmt: skip
    frame["record_id"] = ids
    frame["authors"] = [list(a) for a in frame["authors"]]
    return rec.normalise(frame.drop(columns=["paper"]))


def build(n_previous: int, n_new: int, n_overlap: int, *, seed: int = 11) -> Case:
    """The previous version's records and decisions, and an update of it, with the truth."""
    gen = Generator(seed)
    rng = gen.rng
    papers = [gen.paper(pid) for pid in range(n_previous)]
    prev_rows = [gen.copy(p, str(rng.choice(("pubmed", "embase", "scopus")))) for p in papers]
    previous = _finish(prev_rows, "p")
    # Decisions: about 3% included, drawn at random (the model only needs both classes).
    inc = rng.random(n_previous) < 0.03
    labels = {rid: int(i) for rid, i in zip(previous["record_id"], inc, strict=True)}
    rows: list[dict] = []
    pid = n_previous
    while len(rows) < n_new:
        if rng.random() < 0.03:
            base = dict(papers[int(rng.integers(n_previous))])
            paper = gen.trap(base, pid)
            if paper["title"] == "Editorial" or base["title"] != papers[base["paper"]]["title"]:
                paper["title"] = "Erratum: " + papers[base["paper"]]["title"]
        else:
            paper = gen.paper(pid)
        pid += 1
        rows.append(gen.copy(paper, str(rng.choice(("pubmed", "embase", "cinahl", "wos")))))
    new = _finish(rows, "n")
    picks = rng.choice(n_previous, size=n_overlap, replace=False)
    overlap = []
    for k, pos in enumerate(picks.tolist()):
        if k % 2 == 0:
            overlap.append(previous.iloc[pos].to_dict())  # the same record found again
        else:
            copy = gen.copy(papers[pos], "cinahl")
            copy.pop("paper")
            copy["record_id"] = f"cinahl:o{k:07d}"
            copy["authors"] = list(copy["authors"])
            overlap.append(copy)
    update = rec.normalise(pd.concat([new, rec.normalise(pd.DataFrame(overlap))],
                                     ignore_index=True))  # fmt: skip
    return Case(previous, update, labels, set(new["record_id"]))


def run_update(case: Case, *, workers: int = 1) -> tuple[float, pd.DataFrame, pd.DataFrame]:
    """Seconds, matches and queue of the update (match, screening set, ranked queue)."""
    from pipeline.screen.active import rank
    from pipeline.update import match_previous, only_new, screening_set

    start = time.perf_counter()
    matches = match_previous(case.update, case.previous, workers=workers)
    records = screening_set(case.previous, case.update, matches)
    queue = only_new(rank(records, case.labels, seed=42), records)
    return time.perf_counter() - start, matches, queue


def run_reference(case: Case, *, workers: int = 1) -> tuple[float, set[str]]:
    """Seconds and the records to screen when everything is deduplicated again."""
    from pipeline.dedup import deduplicate

    start = time.perf_counter()
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
    todo = set(marked.loc[~marked["dedup_cluster"].isin(with_prev) & marked["dedup_kept"],
                          "record_id"])  # fmt: skip
    return time.perf_counter() - start, todo


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
    print(f"built {len(case.previous)} previous + {len(case.update)} update records in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)  # fmt: skip
    rows = []
    seconds, _, queue = run_update(case, workers=args.workers)
    rows.append({"method": "slr update (match + rank)", "seconds": round(seconds, 1),
                 **summary(case, set(queue["record_id"]))})  # fmt: skip
    print(rows[-1], flush=True)
    if args.reference:
        seconds, todo = run_reference(case, workers=args.workers)
        rows.append({"method": "slr dedup of previous + update (reference)",
                     "seconds": round(seconds, 1), **summary(case, todo)})  # fmt: skip
    table = pd.DataFrame(rows)
    print(table.to_markdown(index=False) if hasattr(table, "to_markdown") else table)
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    raise SystemExit(main())
