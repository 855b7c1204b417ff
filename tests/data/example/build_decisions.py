"""Write the example review's screening decisions for the deduplicated records.

The decisions shipped with the example were written for it (see ``screening_plan.csv``, made
by ``build_papers.py``): two screeners, ``reviewer_a`` and ``reviewer_b``, screen every unique
record blind at title/abstract, and every record included there at full text; disagreements
are settled by ``consensus``.

Each unique record is matched to a row of the plan by its normalised DOI, else by its
normalised title and year. Records that match no row (nothing in the plan describes them) are
excluded at title/abstract by both screeners with a note saying so. The script reports, on
stderr, every unique record it could not match, every plan row matched by more than one
record (a duplicate that deduplication left behind), and every plan row that no record
matched (a paper lost, or merged into another, by deduplication); ``--strict`` turns any of
these into exit status 1.

Usage, from the review's folder::

    python tests/data/example/build_decisions.py --unique outputs/dedup/unique.parquet \\
        --plan tests/data/example/screening_plan.csv --out decisions/decisions.jsonl \\
        --review primary-social-care-integration

Timestamps are deterministic: title/abstract decisions start at 2026-10-19T09:00:00Z and full
text at 2026-11-09T09:00:00Z, one minute per record in record_id order (reviewer_b a few
seconds after reviewer_a, consensus an hour after the last screener).

Decisions are append-only. When a new search brings records that have no decision yet (the
example's sixth database, ASSIA, added one), ``--append`` adds decisions for those records
only and leaves every existing line as it is; their title/abstract screening starts at 09:00
on the day after the latest decision in the file and their full text a week later::

    python tests/data/example/build_decisions.py --unique outputs/dedup/unique.parquet \
        --plan tests/data/example/screening_plan.csv --out decisions/decisions.jsonl \
        --review primary-social-care-integration --append
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from pipeline.errors import DataError  # noqa: E402
from pipeline.records import fold_text, normalise_doi, read_records  # noqa: E402
from pipeline.screen.decisions import (  # noqa: E402
    append,
    encode,
    load_reasons,
    make_decision,
    read_lines,
)

TA_START = datetime(2026, 10, 19, 9, 0, 0, tzinfo=UTC)
FT_START = datetime(2026, 11, 9, 9, 0, 0, tzinfo=UTC)
SCREENERS = ("reviewer_a", "reviewer_b")
CONSENSUS = "consensus"
UNMATCHED_NOTE = "No study in the screening plan matches this record; excluded at title/abstract."


def stamp(start: datetime, position: int, *, offset_seconds: int = 0) -> str:
    moment = start + timedelta(minutes=position, seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def load_plan(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"{path}: screening plan not found")
    plan = pd.read_csv(path, dtype=str, keep_default_na=False)
    needed = {
        "paper_id",
        "title",
        "year",
        "doi",
        "ta_reviewer_a",
        "ta_reviewer_b",
        "ta_consensus",
        "ft_reviewer_a",
        "ft_reason_a",
        "ft_reviewer_b",
        "ft_reason_b",
        "ft_consensus",
        "ft_reason",
        "note",
    }
    missing = sorted(needed - set(plan.columns))
    if missing:
        raise DataError(f"{path}: missing columns {', '.join(missing)}")
    return plan


def match(unique: pd.DataFrame, plan: pd.DataFrame) -> dict[str, str]:
    """record_id -> paper_id (records that match nothing are absent)."""
    by_doi: dict[str, str] = {}
    by_title: dict[tuple[str, str], str] = {}
    for row in plan.itertuples(index=False):
        doi = normalise_doi(row.doi)
        if doi:
            by_doi[doi] = row.paper_id
        by_title[(fold_text(row.title), str(row.year))] = row.paper_id
    out: dict[str, str] = {}
    for rec in unique.itertuples(index=False):
        year = "" if pd.isna(rec.year) else str(int(rec.year))
        paper = by_doi.get(normalise_doi(rec.doi)) if rec.doi else None
        if paper is None:
            paper = by_title.get((fold_text(rec.title), year))
        if paper is not None:
            out[rec.record_id] = paper
    return out


def next_session(lines: list[dict]) -> tuple[datetime, datetime]:
    """Title/abstract and full-text start times for an update: 09:00 on the day after the
    latest decision in ``lines``, and a week after that."""
    last = max(datetime.strptime(line["timestamp"], "%Y-%m-%dT%H:%M:%SZ") for line in lines)
    day = (last + timedelta(days=1)).replace(hour=9, minute=0, second=0, tzinfo=UTC)
    return day, day + timedelta(days=7)


def build(
    unique: pd.DataFrame,
    plan: pd.DataFrame,
    *,
    review: str,
    reasons: list[str] | None = None,
    decided: frozenset[str] = frozenset(),
    ta_start: datetime = TA_START,
    ft_start: datetime = FT_START,
) -> tuple[list[dict], dict[str, list]]:
    """Return ``(decision lines, problems)``; problems has ``unmatched``, ``matched_twice``
    and ``not_found`` lists (over every unique record). Records in ``decided`` get no
    lines."""
    unique = unique.sort_values("record_id").reset_index(drop=True)
    matched = match(unique, plan)
    rows = {r["paper_id"]: r for r in plan.to_dict("records")}
    seen: dict[str, list[str]] = {}
    for record_id, paper in matched.items():
        seen.setdefault(paper, []).append(record_id)
    problems = {
        "unmatched": [r for r in unique["record_id"] if r not in matched],
        "matched_twice": sorted((p, ids) for p, ids in seen.items() if len(ids) > 1),
        "not_found": sorted(p for p in rows if p not in seen),
    }
    lines: list[dict] = []
    ft_records: list[tuple[str, dict]] = []
    todo = [r for r in unique["record_id"] if r not in decided]
    for position, record_id in enumerate(todo):
        paper = matched.get(record_id)
        row = rows.get(paper) if paper else None
        if row is None:
            for i, who in enumerate(SCREENERS):
                lines.append(
                    make_decision(
                        record_id,
                        who,
                        "title_abstract",
                        "exclude",
                        review=review,
                        note=UNMATCHED_NOTE,
                        timestamp=stamp(ta_start, position, offset_seconds=7 * i),
                    )
                )
            continue
        note = f"{row['paper_id']}: {row['note']}".strip()
        for i, who in enumerate(SCREENERS):
            lines.append(
                make_decision(
                    record_id,
                    who,
                    "title_abstract",
                    row[f"ta_{who}"],
                    review=review,
                    note=note if row[f"ta_{who}"] == "exclude" else "",
                    timestamp=stamp(ta_start, position, offset_seconds=7 * i),
                )
            )
        if row["ta_consensus"]:
            lines.append(
                make_decision(
                    record_id,
                    CONSENSUS,
                    "title_abstract",
                    row["ta_consensus"],
                    review=review,
                    note=f"{row['paper_id']}: screeners disagreed; resolved by discussion. {row['note']}",
                    timestamp=stamp(ta_start, len(todo) + 60 + position),
                )
            )
        final_ta = row["ta_consensus"] or row["ta_reviewer_a"]
        if final_ta == "include":
            ft_records.append((record_id, row))
    for position, (record_id, row) in enumerate(ft_records):
        for i, who in enumerate(SCREENERS):
            decision = row[f"ft_{who}"]
            reason = row[f"ft_reason_{who[-1]}"] if decision in ("exclude", "not_retrieved") else ""
            lines.append(
                make_decision(
                    record_id,
                    who,
                    "full_text",
                    decision,
                    review=review,
                    reason=reason,
                    note=f"{row['paper_id']}: {row['note']}" if decision != "include" else "",
                    timestamp=stamp(ft_start, position, offset_seconds=11 * i),
                    reasons=reasons,
                )
            )
        if row["ft_consensus"]:
            decision = row["ft_consensus"]
            lines.append(
                make_decision(
                    record_id,
                    CONSENSUS,
                    "full_text",
                    decision,
                    review=review,
                    reason=row["ft_reason"] if decision in ("exclude", "not_retrieved") else "",
                    note=f"{row['paper_id']}: screeners disagreed; resolved by discussion. {row['note']}",
                    timestamp=stamp(ft_start, len(ft_records) + 60 + position),
                    reasons=reasons,
                )
            )
    return lines, problems


def report(problems: dict[str, list], plan: pd.DataFrame, unique: pd.DataFrame) -> int:
    titles = dict(zip(unique["record_id"], unique["title"], strict=True))
    count = 0
    for record_id in problems["unmatched"]:
        print(f"unmatched record {record_id}: {titles.get(record_id, '')[:90]}", file=sys.stderr)
        count += 1
    for paper, ids in problems["matched_twice"]:
        print(f"paper {paper} matched by {len(ids)} records: {', '.join(ids)}", file=sys.stderr)
        count += 1
    for paper in problems["not_found"]:
        title = plan.loc[plan["paper_id"] == paper, "title"].iloc[0]
        print(f"paper {paper} matched by no record: {title[:90]}", file=sys.stderr)
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unique", required=True, help="deduplicated records (Parquet or CSV)")
    parser.add_argument("--plan", required=True, help="screening_plan.csv")
    parser.add_argument("--out", required=True, help="decisions JSON Lines file to write")
    parser.add_argument("--review", required=True, help="review id written on every line")
    parser.add_argument(
        "--reasons",
        default=None,
        help="full-text exclusion reasons file (default: the built-in list)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    parser.add_argument(
        "--append",
        action="store_true",
        help="add decisions only for records that have none in --out (a search update)",
    )
    parser.add_argument(
        "--start",
        default=None,
        metavar="YYYY-MM-DD",
        help="title/abstract screening starts at 09:00 that day, full text a week later "
        "(default: 2026-10-19, or the day after the latest decision with --append)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 if any record is unmatched or any paper matched twice/never",
    )
    args = parser.parse_args(argv)
    out = Path(args.out)
    try:
        existing = read_lines(out) if args.append and out.is_file() else []
        if out.exists() and out.stat().st_size and not (args.force or args.append):
            print(
                f"{out}: exists and is not empty (decisions are append-only; use --force to "
                "replace the example's decisions)",
                file=sys.stderr,
            )
            return 2
        unique = read_records(args.unique)
        plan = load_plan(Path(args.plan))
        reasons = load_reasons(args.reasons) if args.reasons else None
        starts = next_session(existing) if existing else (TA_START, FT_START)
        if args.start:
            day = datetime.strptime(args.start, "%Y-%m-%d").replace(hour=9, tzinfo=UTC)
            starts = (day, day + timedelta(days=7))
        lines, problems = build(
            unique,
            plan,
            review=args.review,
            reasons=reasons,
            decided=frozenset(line["record_id"] for line in existing),
            ta_start=starts[0],
            ft_start=starts[1],
        )
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.append:
        append(out, lines)
    else:
        out.write_bytes(b"".join(encode(line) for line in lines))
    n_problems = report(problems, plan, unique)
    ta = sum(1 for line in lines if line["stage"] == "title_abstract")
    ft = sum(1 for line in lines if line["stage"] == "full_text")
    print(
        f"{out}: {'appended ' if args.append else ''}{len(lines)} decisions ({ta} "
        f"title/abstract, {ft} full text) for {len(unique)} unique records; "
        f"{len(problems['unmatched'])} unmatched, "
        f"{len(problems['matched_twice'])} papers matched twice, "
        f"{len(problems['not_found'])} plan rows without a record",
        file=sys.stderr,
    )
    return 1 if args.strict and n_problems else 0


if __name__ == "__main__":
    sys.exit(main())
