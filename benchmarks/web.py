"""Latency and memory of `slr serve`, measured through its HTTP API.

For each review size a real ``slr serve`` runs in a subprocess (re-ranking in its worker
process every 10 decisions and after each inclusion, as in use). One screener's client
logs in and repeats what the page does: ``POST /api/decisions`` for the record shown, then
``GET /api/next``; the time of that pair is the decision-to-next-record latency. Between
pairs the client also fetches the side panels as the page does (progress, own decisions,
awaiting list), untimed. Decisions follow the data's labels, so inclusions (and with them
re-rankings) come as they would.

Reference in the same run: one fsynced :func:`pipeline.screen.decisions.append` of a decision
line on the same disk, the floor under any durable decision.

Data: the example review's unique records with its committed decisions as labels (needs
``outputs/dedup/unique.parquet``: run ``snakemake`` first), and the labelled screening sets of
``../shared/benchmarks/screening`` (17,295 records) repeated with new ids to 20,000 and
100,000 records. Memory: resident set size of the server and of its ranking worker after
the run (psutil).

    python benchmarks/web.py [--decisions 300] [--sizes example,20000,100000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web_helpers import Client, Server  # noqa: E402

from pipeline import records as records_mod  # noqa: E402
from pipeline.screen.decisions import (  # noqa: E402
    append,
    final_decisions,
    history,
    make_decision,
)
from pipeline.web.users import add_user  # noqa: E402

SCREENING = ROOT.parent / "shared" / "benchmarks" / "screening"


def example_records() -> tuple[pd.DataFrame, dict[str, int]]:
    path = ROOT / "outputs" / "dedup" / "unique.parquet"
    if not path.exists():
        sys.exit(f"{path}: run snakemake first (the example's unique records)")
    frame = records_mod.read_records(path)
    final = final_decisions(history(ROOT / "decisions" / "decisions.jsonl"), stage="title_abstract")
    labels = {
        r: int(d == "include") for r, d in zip(final["record_id"], final["decision"], strict=True)
    }
    return frame, labels


def labelled_records(n: int) -> tuple[pd.DataFrame, dict[str, int]]:
    sets = []
    for path in sorted(SCREENING.glob("*.csv")):
        data = pd.read_csv(path, dtype={"title": str, "abstract": str}, keep_default_na=False)
        data["dataset"] = path.stem
        sets.append(data)
    base = pd.concat(sets, ignore_index=True)
    rows, labels = [], {}
    copy = 0
    while len(rows) < n:
        for row in base.itertuples(index=False):
            if len(rows) >= n:
                break
            rid = f"{row.dataset}:{row.record_id}" + (f"-{copy}" if copy else "")
            rows.append(
                {
                    "record_id": rid,
                    "source": row.dataset,
                    "source_file": f"{row.dataset}.csv",
                    "source_index": len(rows),
                    "title": row.title + (f" (copy {copy})" if copy else ""),
                    "abstract": row.abstract,
                    "authors": [],
                    "journal": "",
                }
            )
            labels[rid] = int(row.label_included)
        copy += 1
    return records_mod.from_dicts(rows), labels


def fsync_floor(folder: Path, n: int = 200) -> list[float]:
    path = folder / "floor.jsonl"
    out = []
    for i in range(n):
        line = make_decision(f"x:{i}", "bench", "title_abstract", "exclude", review="bench")
        t = time.perf_counter()
        append(path, [line])
        out.append((time.perf_counter() - t) * 1000)
    return out


def run_size(name: str, frame: pd.DataFrame, labels: dict[str, int], n_decisions: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="slr-web-bench-") as tmp:
        folder = Path(tmp)
        (folder / "outputs" / "dedup").mkdir(parents=True)
        records_mod.write_records(frame, folder / "outputs" / "dedup" / "unique.parquet")
        add_user(folder / ".slr" / "users.json", "bench", "bench-password")
        started = time.perf_counter()
        server = Server(folder, "--retrain-every", "10", timeout=600)
        startup = time.perf_counter() - started
        try:
            client = Client(server.url, "bench", "bench-password")
            status, rec = client.call("GET", "/api/next")
            times = []
            for _ in range(n_decisions):
                if rec.get("done"):
                    break
                decision = "include" if labels.get(rec["record_id"]) else "exclude"
                t = time.perf_counter()
                status, _ = client.call(
                    "POST", "/api/decisions", {"record_id": rec["record_id"], "decision": decision}
                )
                assert status == 201
                status, rec = client.call("GET", "/api/next")
                times.append((time.perf_counter() - t) * 1000)
                for path in ("/api/progress", "/api/decisions", "/api/awaiting"):
                    client.call("GET", path)
            _, progress = client.call("GET", "/api/progress")
            proc = psutil.Process(server.proc.pid)
            server_mb = proc.memory_info().rss / 2**20
            worker_mb = sum(c.memory_info().rss for c in proc.children(recursive=True)) / 2**20
        finally:
            server.stop()
        times.sort()
        return {
            "size": name,
            "records": len(frame),
            "decisions": len(times),
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "max_ms": round(times[-1], 1),
            "ranked_on": progress["ranked_on"],
            "startup_s": round(startup, 1),
            "server_mb": round(server_mb),
            "worker_mb": round(worker_mb),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--sizes", default="example,20000,100000")
    parser.add_argument("--json", default=None, help="append each result as a JSON line here")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        floor = sorted(fsync_floor(Path(tmp)))
    print(
        f"reference: one fsynced append: median {statistics.median(floor):.1f} ms, "
        f"p95 {floor[int(0.95 * (len(floor) - 1))]:.1f} ms"
    )
    header = (
        f"{'size':>8} {'records':>8} {'decisions':>9} {'median ms':>9} {'p95 ms':>7} "
        f"{'max ms':>7} {'server MB':>9} {'worker MB':>9} {'start s':>7}  order at the end"
    )
    print(header)
    for size in args.sizes.split(","):
        frame, labels = example_records() if size == "example" else labelled_records(int(size))
        # At 100,000 records the run is about memory: fewer decisions keep it short.
        result = run_size(size, frame, labels, args.decisions if size != "100000" else 100)
        print(
            f"{result['size']:>8} {result['records']:>8} {result['decisions']:>9} "
            f"{result['median_ms']:>9} {result['p95_ms']:>7} {result['max_ms']:>7} "
            f"{result['server_mb']:>9} {result['worker_mb']:>9} {result['startup_s']:>7}  "
            f"{result['ranked_on']}",
            flush=True,
        )
        if args.json:
            with open(args.json, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
