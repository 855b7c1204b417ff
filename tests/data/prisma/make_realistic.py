"""Write ``realistic/``: a constructed pipeline state the size of a small review.

Four databases (PubMed 85, Embase 70, CINAHL 55, Scopus 50 = 260 records read), 2 records
quarantined by ingest, 118 duplicates, 140 unique records screened, 100 excluded at
title/abstract, 40 reports sought, 3 not retrieved, 37 assessed, 8 excluded for 4 reasons,
29 included (27 studies: two studies have a second report). Deterministic: rerunning writes
the same files. Run: ``python tests/data/prisma/make_realistic.py``.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from pipeline import records

HERE = Path(__file__).resolve().parent
OUT = HERE / "realistic"

SOURCES = (("pubmed", 85, 0), ("embase", 70, 0), ("cinahl", 55, 0), ("scopus", 50, 2))
REASONS = (
    ("Not about integration of primary and social care", 3),
    ("Wrong population (not older or frail people)", 2),
    ("Not primary research", 2),
    ("Conference abstract only", 1),
)
TOPICS = (
    "integrated care",
    "care coordination",
    "social prescribing",
    "multidisciplinary teams",
    "case management",
    "hospital discharge",
    "community nursing",
    "shared care records",
)
PEOPLE = ("frail older people", "older adults", "people with dementia", "carers", "GPs")
DESIGNS = ("a qualitative study", "a mixed-methods evaluation", "a realist review", "a survey")


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(2020)
    report = []
    kept_rows = []
    for db, read, quarantined in SOURCES:
        report.append([f"exports/{db}.ris", db, "ris", read, read - quarantined, quarantined])
        for i in range(read - quarantined):
            title = (
                f"{rng.choice(TOPICS).capitalize()} for {rng.choice(PEOPLE)}: "
                f"{rng.choice(DESIGNS)} ({db} {i + 1})"
            )
            kept_rows.append({"source": db, "title": title, "year": 2015 + i % 9, "pmid": ""})
    table = records.assign_record_ids(records.from_dicts(kept_rows))
    ids = list(table["record_id"])
    # 140 unique records; the other 118 are duplicates of one of them.
    order = sorted(ids)
    rng.shuffle(order)
    unique = sorted(order[:140])
    dupes = sorted(order[140:])
    clusters = [[rid, f"c{unique.index(rid) + 1:03d}", "True"] for rid in unique]
    clusters += [[rid, f"c{rng.randrange(140) + 1:03d}", "False"] for rid in dupes]
    clusters.sort()

    decisions = {rid: ["exclude", "", "", ""] for rid in unique}
    sought = unique[:: 140 // 40][:40]
    for rid in sought:
        decisions[rid] = ["include", "include", "", ""]
    for rid in sought[:3]:
        decisions[rid][1] = "not_retrieved"
    excluded = [reason for reason, n in REASONS for _ in range(n)]
    for rid, reason in zip(sought[3:11], excluded, strict=True):
        decisions[rid][1:3] = ["exclude", reason]
    included = sought[11:]
    for rid, other in ((included[1], included[0]), (included[3], included[2])):
        decisions[rid][3] = other  # a second report of the same study
    screening = [[rid, *decisions[rid]] for rid in unique]

    _write(
        OUT / "ingest/ingest_report.csv",
        ["file", "database", "format", "records_read", "records_kept", "records_quarantined"],
        [[str(v) for v in row] for row in report],
    )
    records.write_records(table.sort_values("record_id"), OUT / "ingest/records.parquet")
    _write(OUT / "dedup/clusters.csv", ["record_id", "cluster_id", "kept"], clusters)
    _write(
        OUT / "screen/screening.csv",
        ["record_id", "title_abstract", "full_text", "exclusion_reason", "report_of"],
        screening,
    )
    _write(
        OUT / "ingest/quarantine.csv",
        ["file", "database", "line", "record_index", "reason"],
        [
            ["exports/scopus.ris", "scopus", "1204", "31", "no title and no DOI"],
            ["exports/scopus.ris", "scopus", "2210", "48", "record truncated (no ER tag)"],
        ],
    )
    _write(
        OUT / "search/search_log.csv",
        ["database", "date_searched", "hits", "records_retrieved"],
        [[db, "2024-03-01", str(read), str(read)] for db, read, _ in SOURCES],
    )


if __name__ == "__main__":
    main()
