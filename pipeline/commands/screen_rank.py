"""`slr screen rank` and `slr screen simulate`: the screening model's verbs."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from pipeline.files import write_csv, write_text

log = logging.getLogger("pipeline.screen")

#: Columns of the queue, after rank/record_id/score, copied from the records when present.
QUEUE_RECORD_COLUMNS: tuple[str, ...] = ("title", "year", "journal", "authors", "doi", "abstract")


def register(verbs: argparse._SubParsersAction) -> None:
    """Add this module's `slr screen` sub-verbs to `verbs`."""
    _add_rank(verbs)
    _add_simulate(verbs)


def _add_model(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        default=None,
        help="screening model preset (default: the package default; a wrong name lists them)",
    )


def _add_rank(verbs: argparse._SubParsersAction) -> None:
    rank = verbs.add_parser(
        "rank",
        help="rank the records still to screen, most likely relevant first",
        description=(
            "Train the screening model on the title/abstract decisions so far and write the "
            "queue of undecided records, most likely relevant first, with each record's "
            "relevance score. Before any include and exclude exist (cold start) the queue is "
            "ordered by similarity to --query-text, or by a seeded random order."
        ),
    )
    rank.add_argument(
        "--records",
        type=Path,
        default=Path("outputs/dedup/unique.parquet"),
        help="records to screen (default: %(default)s)",
    )
    rank.add_argument(
        "--decisions",
        type=Path,
        default=Path("decisions/decisions.jsonl"),
        help="decision store; a missing file means no decisions yet (default: %(default)s)",
    )
    rank.add_argument(
        "--out",
        type=Path,
        default=Path("outputs/screen/queue.csv"),
        help="queue CSV to write (default: %(default)s)",
    )
    rank.add_argument(
        "--query-text",
        type=Path,
        default=None,
        metavar="FILE",
        help="text file with the review question, inclusion criteria or search strategy, "
        "used to order records before the model can be trained",
    )
    rank.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    _add_model(rank)
    rank.add_argument(
        "--stopping",
        type=Path,
        default=None,
        metavar="FILE",
        help="also write the stopping estimate (JSON) for the decisions so far",
    )
    rank.set_defaults(func=run_rank)


def _add_simulate(verbs: argparse._SubParsersAction) -> None:
    sim = verbs.add_parser(
        "simulate",
        help="replay screening on a labelled data set and measure it",
        description=(
            "Replay title/abstract screening on a fully labelled data set (ASReview CSV with "
            "title, abstract, label_included; Parquet records with label_included; or RIS "
            "labelled as ASReview exports it). Writes DIR/metrics.json (WSS@95, WSS@100, "
            "recall at 10% and 25% screened, records to 95% and 100% recall, average time "
            "to discovery, the screening order, the stopping rules' stop points) and "
            "DIR/recall_curve.png/.svg."
        ),
    )
    sim.add_argument("data", type=Path, metavar="DATA", help="labelled data set")
    sim.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    sim.add_argument(
        "--seed",
        type=int,
        default=0,
        help="random seed for priors and model (default: %(default)s)",
    )
    sim.add_argument(
        "--n-prior-included",
        type=int,
        default=1,
        help="included records known up front (default: %(default)s)",
    )
    sim.add_argument(
        "--n-prior-excluded",
        type=int,
        default=1,
        help="excluded records known up front (default: %(default)s)",
    )
    _add_model(sim)
    sim.add_argument(
        "--target-recall",
        type=float,
        default=0.95,
        help="stopping rule's recall target (default: %(default)s)",
    )
    sim.add_argument(
        "--alpha",
        type=float,
        default=0.05,
        help="stopping rule's significance level (default: %(default)s)",
    )
    sim.add_argument(
        "--consecutive-irrelevant",
        type=int,
        default=None,
        help="heuristic stopping rule: stop after this many exclusions in a row (default: 50)",
    )
    sim.set_defaults(func=run_simulate)


def _read_query(path: Path | None) -> str:
    from pipeline.errors import DataError

    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file (--query-text)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read query text ({exc})") from exc


def _labels_and_order(path: Path) -> tuple[dict[str, int], list[int]]:
    """Title/abstract labels and the 0/1 labels in decision order (for the stopping rule)."""
    from pipeline.screen import decisions

    if not path.exists():
        log.info("%s does not exist yet: no decisions, cold start", path)
        return {}, []
    labels = decisions.labels(path, stage="title_abstract")
    final = decisions.final_decisions(decisions.history(path), stage="title_abstract")
    ordered = final.sort_values("first_line")
    in_order = [labels[r] for r in ordered["record_id"] if r in labels]
    return labels, in_order


def run_rank(args: argparse.Namespace) -> int:
    import json

    from pipeline.errors import UsageError
    from pipeline.records import read_records
    from pipeline.screen.active import rank
    from pipeline.screen.models import DEFAULT_MODEL, get_preset
    from pipeline.screen.stopping import stopping_estimate, trailing_exclusions

    model = args.model or DEFAULT_MODEL
    get_preset(model)  # a wrong name fails before any reading
    if args.out.suffix.lower() != ".csv":
        raise UsageError(f"--out {args.out}: the queue is written as CSV (use a .csv name)")
    records = read_records(args.records)
    labels, in_order = _labels_and_order(args.decisions)
    unknown = sorted(set(labels) - set(records["record_id"]))
    if unknown:
        log.warning(
            "%d decided record(s) not in %s, e.g. %s", len(unknown), args.records, unknown[0]
        )
    queue = rank(
        records,
        labels,
        seed=args.seed,
        model=model,
        query_text=_read_query(args.query_text),
        exclusions_in_a_row=trailing_exclusions(in_order),
    )
    if "update_status" in records.columns:  # an update (slr update match): only new records
        from pipeline.update.carry import only_new

        queue = only_new(queue, records)
    extra = records.set_index("record_id").loc[queue["record_id"]]
    for col in QUEUE_RECORD_COLUMNS:
        if col in extra.columns:
            values = extra[col].tolist()
            if col == "authors":
                values = ["; ".join(v) for v in values]
            queue[col] = values
    columns = ["rank", "record_id", "score", *[c for c in QUEUE_RECORD_COLUMNS if c in queue]]
    write_csv(queue[columns], args.out, index=False)
    n_inc = sum(labels.values())
    mode = "model" if 0 < n_inc < len(labels) else "cold start"
    log.info(
        "%s: %d records queued (%s; %d decided: %d included)",
        args.out,
        len(queue),
        mode,
        len(labels),
        n_inc,
    )
    if args.stopping is not None:
        estimate = stopping_estimate(in_order, len(records))
        write_text(
            args.stopping, json.dumps(estimate, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from pipeline.screen import stopping
    from pipeline.screen.models import DEFAULT_MODEL
    from pipeline.screen.simulate import read_labelled, simulate, write_outputs

    records, labels = read_labelled(args.data)
    result = simulate(
        records,
        labels,
        seed=args.seed,
        n_prior_included=args.n_prior_included,
        n_prior_excluded=args.n_prior_excluded,
        model=args.model or DEFAULT_MODEL,
        target_recall=args.target_recall,
        alpha=args.alpha,
        consecutive_irrelevant=args.consecutive_irrelevant or stopping.DEFAULT_CONSECUTIVE,
    )
    write_outputs(result, labels, records, args.out)
    default = result["stopping"][result["stopping_default"]]
    log.info(
        "%s: %d records, %d included: WSS@95 %.3f, recall@10%% %.3f, %d records to 95%% recall; "
        "%s stop at %s (recall %.3f, work saved %.3f); %.1f s",
        args.data,
        result["n_records"],
        result["n_included"],
        result["wss_95"],
        result["recall_at_10pct"],
        result["n_to_recall_95"],
        result["stopping_default"],
        default["stop_at"],
        default["recall"],
        default["work_saved"],
        result["seconds"],
    )
    return 0
