"""Screening benchmark: our active-learning simulation next to ASReview's, same priors.

For every labelled data set in ``../shared/benchmarks/screening/`` and every seed, the prior
knowledge (one included and one excluded record unless told otherwise) is drawn from the
seed with :func:`pipeline.screen.simulate.draw_priors`; our model replays screening from
those priors, and ASReview 3.0.8 (default model ELAS u4, in its own venv
``.venv-ref-asreview``) is run on the same file with the same priors
(``asreview simulate FILE --prior-idx I E --seed S -o FILE.asreview``). ASReview's labelling
order is read from the ``results`` table of the project's ``results.db`` (row indices, in
labelling order, priors first); ASReview stops once every inclusion is found, so the rest of
its order is exclusions and the metrics are complete.

Prints one row per data set: records, inclusions, WSS@95 ours vs ASReview (mean ± sd over
seeds), the per-set delta with its spread over seeds and how many seeds ours was ahead,
recall@10% and wall time per simulation for both; then the mean, the number of sets where
ours is ahead and the worst set; then, per stopping rule of
:mod:`pipeline.screen.stopping` (the Poisson-process default, the hypergeometric test, the
50-in-a-row heuristic), runs with recall >= 0.95 at the stop, mean recall, work saved and
efficiency (work saved / (1 - n95/N)), on our order and on ASReview's. Times are wall-clock
seconds on the machine running the script (our time covers feature extraction, the
active-learning loop and the stop-point replay; ASReview's covers its whole CLI run).
Each run keeps its 0/1 labels in screening order in the ``--json`` file, and ``--from-json``
replays today's stopping rules on them.

    python benchmarks/screening.py                       # all data sets, seeds 1-5
    python benchmarks/screening.py --no-reference --seeds 1,2 --datasets kitchenham
    python benchmarks/screening.py --seeds 6,7,8,9,10 --json s6.json   # keep per-run results
    python benchmarks/screening.py --from-json s1.json s6.json          # one table from both
    python benchmarks/screening.py --reference-json asreview.json       # reuse ASReview's runs

ASReview's default does not change between our runs, so ``--reference-json FILE`` keeps its
per-run results: runs already in FILE (same data set, seed and priors) are reused, the
others are run and added to FILE as each finishes, so a stopped benchmark loses nothing.

Below the table, the margin is also given per seed (ours minus ASReview, averaged over the
data sets) with its standard error over seeds: the priors move WSS@95 by about as much as
the models differ, so a margin means little without it.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.reftool import ensure_venv  # noqa: E402
from pipeline.screen import metrics  # noqa: E402
from pipeline.screen.models import DEFAULT_MODEL  # noqa: E402
from pipeline.screen.simulate import draw_priors, read_labelled, simulate  # noqa: E402
from pipeline.screen.stopping import STOPPING_DEFAULT, STOPPING_METHODS, stop_points  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "screening"
ASREVIEW = "asreview==3.0.8"


def asreview_order(
    bindir: Path, path: Path, prior: list[int], seed: int
) -> tuple[list[int], float]:
    """Run ASReview's simulation; return its labelling order (row indices) and seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "sim.asreview"
        cmd = [str(bindir / "asreview"), "simulate", str(path), "--seed", str(seed)]
        cmd += ["--prior-idx", *[str(i) for i in prior], "-o", str(project)]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
        with zipfile.ZipFile(project) as archive:
            archive.extract("results.db", tmp)
        con = sqlite3.connect(Path(tmp) / "results.db")
        try:
            rows = con.execute(
                "SELECT record_id FROM results WHERE label IS NOT NULL ORDER BY rowid"
            ).fetchall()
        finally:
            con.close()
    return [int(r[0]) for r in rows], seconds


def reference_key(run: dict) -> tuple[str, int, tuple[int, ...]]:
    """What makes two ASReview runs the same: data set, seed and priors."""
    return run["dataset"], int(run["seed"]), tuple(run["prior"])


def read_reference(path: Path | None) -> dict[tuple, dict]:
    """ASReview's saved per-run results by :func:`reference_key` (empty if no file yet)."""
    if path is None or not path.exists():
        return {}
    return {
        reference_key(r): r["asreview"] for r in json.loads(path.read_text()) if "asreview" in r
    }


def write_reference(path: Path, saved: dict[tuple, dict]) -> None:
    """Write ASReview's per-run results, sorted, replacing the file in one step."""
    rows = [
        {"dataset": d, "seed": s, "prior": list(p), "asreview": saved[(d, s, p)]}
        for d, s, p in sorted(saved)
    ]
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)


def complete(order: list[int], n: int) -> list[int]:
    """Append the records a run never screened (all exclusions once it stopped)."""
    seen = set(order)
    return order + [i for i in range(n) if i not in seen]


def mean_sd(values: list[float]) -> str:
    if not values:
        return "-"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ± {sd:.3f}"


def mean(values: list[float], fmt: str = ".3f") -> str:
    return format(statistics.mean(values), fmt) if values else "-"


def margin_by_seed(runs: list[dict]) -> dict[int, float]:
    """Per seed, ours minus ASReview WSS@95 averaged over the data sets.

    Only seeds that every data set of ``runs`` ran with both tools count, so each margin
    averages the same data sets.

    >>> runs = [
    ...     {"dataset": d, "seed": s, "ours": {"wss_95": o}, "asreview": {"wss_95": a}}
    ...     for d, s, o, a in [("x", 1, 0.5, 0.4), ("y", 1, 0.7, 0.7), ("x", 2, 0.6, 0.6)]
    ... ]
    >>> margin_by_seed(runs)
    {1: 0.05}
    """
    datasets = {r["dataset"] for r in runs}
    by_seed: dict[int, dict[str, float]] = {}
    for r in runs:
        if "asreview" in r:
            by_seed.setdefault(r["seed"], {})[r["dataset"]] = (
                r["ours"]["wss_95"] - r["asreview"]["wss_95"]
            )
    return {
        seed: round(statistics.mean(d.values()), 6)
        for seed, d in sorted(by_seed.items())
        if set(d) == datasets
    }


def replay_stopping(runs: list[dict]) -> None:
    """Recompute every run's stop points from its saved order with today's rules.

    Runs saved before orders were kept (no ``labels_in_order``) keep their stored points.
    """
    for r in runs:
        for tool in ("ours", "asreview"):
            order = r.get(tool, {}).get("labels_in_order")
            if order:
                labels = np.array([int(c) for c in order], dtype=np.int64)
                r[tool]["stopping"] = stop_points(labels, n_prior=len(r.get("prior", [])))


def stopping_table(runs: list[dict], datasets: list[str], tool: str = "ours") -> None:
    """Per rule: runs with recall >= 0.95 at the stop, mean recall, work saved, efficiency.

    Efficiency is work saved at the stop / (1 - n95/N); per data set the mean over seeds,
    then the mean over all runs and the worst data set.
    """
    rules = list(STOPPING_METHODS)
    print()
    print(
        f"Stopping rules on the {tool} screening orders (target recall 0.95; efficiency = "
        "work saved at the stop / work saved when 95% recall was reached). Default rule: "
        f"{STOPPING_DEFAULT}."
    )
    header = "| dataset | " + " | ".join(
        f"{rule}: recall>=0.95 / recall / saved / eff." for rule in rules
    )
    print(header + " |")
    print("|" + "---|" * (len(rules) + 1))
    per_rule: dict[str, list[dict]] = {rule: [] for rule in rules}
    worst: dict[str, tuple[float, str]] = {}
    for name in datasets:
        rs = [r[tool] for r in runs if r["dataset"] == name and "stopping" in r.get(tool, {})]
        if not rs:
            continue
        cells = []
        for rule in rules:
            pts = [x["stopping"][rule] for x in rs if rule in x["stopping"]]
            if not pts:
                cells.append("-")
                continue
            per_rule[rule] += pts
            ok = sum(1 for p in pts if p["recall"] >= 0.95)
            eff = statistics.mean(p.get("efficiency", float("nan")) for p in pts)
            if rule not in worst or eff < worst[rule][0]:
                worst[rule] = (eff, name)
            cells.append(
                f"{ok}/{len(pts)} / {mean([p['recall'] for p in pts])} / "
                f"{mean([p.get('work_saved', math.nan) for p in pts])} / {eff:.3f}"
            )
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    for rule, pts in per_rule.items():
        if not pts:
            continue
        ok = sum(1 for p in pts if p["recall"] >= 0.95)
        print(
            f"{rule}: recall >= 0.95 at the stop in {ok}/{len(pts)} runs ({ok / len(pts):.1%}), "
            f"mean recall {mean([p['recall'] for p in pts])}, mean work saved "
            f"{mean([p.get('work_saved', math.nan) for p in pts])}, mean efficiency "
            f"{mean([p.get('efficiency', float('nan')) for p in pts])}, lowest recall "
            f"{min(p['recall'] for p in pts):.3f}, worst set {worst[rule][1]} "
            f"(efficiency {worst[rule][0]:.3f})"
        )


def report(runs: list[dict], datasets: list[str], model: str, seeds: list[int]) -> None:
    """Print the table, per-set deltas, the mean and worst set, the margin per seed and
    the stopping rules' table."""
    print()
    print(
        f"Screening simulation: ours ({model}) vs ASReview 3.0.8 (ELAS u4), seeds {','.join(map(str, seeds))}, "
        "priors 1 included + 1 excluded drawn per seed, same for both"
    )
    header = (
        "| dataset | records | incl. | WSS@95 ours | WSS@95 ASReview | delta (ours - ASReview) | "
        "seeds ours ahead | recall@10% ours | recall@10% ASReview | s/run ours | s/run ASReview |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    all_ours, all_ref, deltas = [], [], {}
    for name in datasets:
        rs = [r for r in runs if r["dataset"] == name]
        if not rs:
            continue
        o = [r["ours"] for r in rs]
        a = [r["asreview"] for r in rs if "asreview" in r]
        all_ours += [x["wss_95"] for x in o]
        all_ref += [x["wss_95"] for x in a]
        paired = [r["ours"]["wss_95"] - r["asreview"]["wss_95"] for r in rs if "asreview" in r]
        if paired:
            deltas[name] = statistics.mean(paired)
        ahead = f"{sum(1 for d in paired if d >= 0)}/{len(paired)}" if paired else "-"
        print(
            f"| {name} | {rs[0]['n_records']} | {rs[0]['n_included']} "
            f"| {mean_sd([x['wss_95'] for x in o])} | {mean_sd([x['wss_95'] for x in a])} "
            f"| {mean_sd(paired) if paired else '-'} | {ahead} "
            f"| {mean([x['recall_at_10pct'] for x in o])} | {mean([x['recall_at_10pct'] for x in a])} "
            f"| {mean([x['seconds'] for x in o], '.1f')} | {mean([x['seconds'] for x in a], '.1f')} |"
        )
    print()
    line = f"mean WSS@95 over all runs: ours {mean(all_ours)}"
    if all_ref:
        line += f", ASReview {mean(all_ref)}, difference {statistics.mean(all_ours) - statistics.mean(all_ref):+.3f}"
    print(line)
    if deltas:
        worst = min(deltas, key=deltas.get)
        print(
            f"sets where ours >= ASReview (mean over seeds): {sum(1 for d in deltas.values() if d >= 0)}"
            f"/{len(deltas)}; mean of per-set deltas {statistics.mean(deltas.values()):+.3f}; "
            f"worst set {worst} ({deltas[worst]:+.3f})"
        )
        secs = [r["ours"]["seconds"] for r in runs if "asreview" in r]
        ref_secs = [r["asreview"]["seconds"] for r in runs if "asreview" in r]
        print(f"simulation time, total: ours {sum(secs):.0f} s, ASReview {sum(ref_secs):.0f} s")
    margins = list(margin_by_seed(runs).values())
    if len(margins) > 1:
        print(
            f"margin per seed (ours - ASReview, mean over data sets): {statistics.mean(margins):+.4f}"
            f", standard error {statistics.stdev(margins) / len(margins) ** 0.5:.4f} over "
            f"{len(margins)} seeds (range {min(margins):+.4f} to {max(margins):+.4f})"
        )
    stopping_table(runs, datasets, "ours")
    if any("stopping" in r.get("asreview", {}) for r in runs):
        stopping_table(runs, datasets, "asreview")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="", help="comma-separated names (default: all)")
    parser.add_argument("--seeds", default="1,2,3,4,5", help="comma-separated seeds")
    parser.add_argument("--no-reference", action="store_true", help="skip ASReview")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="our model preset")
    parser.add_argument("--json", type=Path, default=None, help="also write per-run results")
    parser.add_argument(
        "--from-json",
        type=Path,
        nargs="+",
        default=None,
        metavar="FILE",
        help="print the table from per-run results written by --json (no simulation)",
    )
    parser.add_argument(
        "--reference-json",
        type=Path,
        default=None,
        metavar="FILE",
        help="ASReview's per-run results: reuse those in FILE, add each new run to it",
    )
    args = parser.parse_args(argv)
    if args.from_json:
        runs = [run for path in args.from_json for run in json.loads(path.read_text())]
        replay_stopping(runs)
        seeds = sorted({r["seed"] for r in runs})
        report(runs, sorted({r["dataset"] for r in runs}), args.model, seeds)
        return 0

    files = sorted(DATA.glob("*.csv"))
    if args.datasets:
        wanted = args.datasets.split(",")
        files = [f for f in files if f.stem in wanted]
        missing = set(wanted) - {f.stem for f in files}
        if missing:
            parser.error(f"no such data set(s) in {DATA}: {', '.join(sorted(missing))}")
    seeds = [int(s) for s in args.seeds.split(",")]
    bindir = None if args.no_reference else ensure_venv("asreview", ASREVIEW)
    saved = read_reference(args.reference_json)

    runs = []
    for path in files:
        records, labels = read_labelled(path)
        n = len(labels)
        position = {rid: i for i, rid in enumerate(records["record_id"])}
        for seed in seeds:
            prior = draw_priors(labels, seed=seed)
            start = time.perf_counter()
            ours = simulate(records, labels, seed=seed, prior=prior, model=args.model)
            ours_seconds = time.perf_counter() - start
            run = {
                "dataset": path.stem,
                "seed": seed,
                "prior": prior,
                "n_records": n,
                "n_included": int(labels.sum()),
                "ours": {
                    "wss_95": ours["wss_95"],
                    "recall_at_10pct": ours["recall_at_10pct"],
                    "n_to_recall_95": ours["n_to_recall_95"],
                    "seconds": round(ours_seconds, 2),
                    "n_fits": ours["n_fits"],
                    "stopping": ours["stopping"],
                    # 0/1 labels in screening order, so stopping rules can be replayed
                    # later from the saved runs (--from-json) without re-simulating.
                    "labels_in_order": "".join(
                        str(int(labels[position[rid]])) for rid in ours["order"]
                    ),
                },
            }
            if bindir is not None and (path.stem, seed, tuple(prior)) in saved:
                run["asreview"] = saved[(path.stem, seed, tuple(prior))]
            elif bindir is not None:
                order, ref_seconds = asreview_order(bindir, path, prior, seed)
                if order[: len(prior)] != prior:
                    raise SystemExit(
                        f"{path.stem} seed {seed}: ASReview did not start with the priors"
                    )
                in_order = labels[np.asarray(complete(order, n))]
                run["asreview"] = {
                    "wss_95": round(metrics.wss(in_order, 0.95), 6),
                    "recall_at_10pct": round(metrics.recall_at(in_order, 0.10), 6),
                    "n_to_recall_95": metrics.n_to_recall(in_order, 0.95),
                    "seconds": round(ref_seconds, 2),
                    "n_labelled": len(order),
                    "stopping": stop_points(in_order, n_prior=len(prior)),
                    "labels_in_order": "".join(str(int(v)) for v in in_order),
                }
                if args.reference_json:
                    saved[reference_key(run)] = run["asreview"]
                    write_reference(args.reference_json, saved)
            runs.append(run)
            if args.json:  # written after every run, so a long benchmark can be read midway
                args.json.write_text(json.dumps(runs, indent=2, sort_keys=True) + "\n")
            ref = run.get("asreview", {})
            print(
                f"{path.stem} seed {seed}: ours WSS@95 {ours['wss_95']:.3f} ({ours_seconds:.1f} s)"
                + (f", ASReview {ref['wss_95']:.3f} ({ref['seconds']:.1f} s)" if ref else ""),
                file=sys.stderr,
                flush=True,
            )

    report(runs, [f.stem for f in files], args.model, seeds)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
