"""Deduplication benchmark: `slr dedup` beside BibDedupe on the labelled reference sets.

Reads ``../shared/benchmarks/dedup/`` (never copied into the project):

* every ``*.csv`` there with a ``source`` column of ``unique``/``duplicate`` (the ASySD
  labelled set: cp1252, ``NA`` for missing; its README explains why ``source``, not
  ``label``, is the truth). Scoring follows that README: per *predicted* cluster, the kept
  record counts as a ``unique`` one if the cluster has any, so a tool is not punished for
  keeping another member of a group; removed ``unique`` records are false positives
  (papers lost), ``duplicate`` records left standing are false negatives.
* ``bib_dedupe_cases.json``: 25 pairwise cases, each deduplicated as a two-record input;
  a case passes when the two records end in one cluster exactly when they should;
* the cross-database export sets of ``benchmarks/dedup_exports.py`` (real records in each
  database's habits, with traps), once as one CSV given straight to ``slr dedup`` and once
  as one RIS file per database read by ``slr ingest`` first (its time is included). Traps
  merged counts trap pairs (erratum/paper, Part 1/Part 2, ...) that ended in one cluster.

``uncert %`` is the share of input records that are in a pair listed for a person.

Both tools run as subprocesses measured the same way: wall time of the whole process
(interpreter start, imports, reading, writing included) and its peak resident memory
(``ru_maxrss`` of the process and its children, from a small wrapper). BibDedupe 0.11 runs
its default pipeline (prep, block, match, connected components of ``duplicate`` pairs;
``maybe`` pairs not merged) from ``.venv-ref-bibdedupe`` (created on first use).

    python benchmarks/dedup.py [--workers 2] [--no-ref] [--seeds 1 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import dedup_exports  # noqa: E402
from benchmarks.reftool import ensure_venv  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks" / "dedup"
BIBDEDUPE = "bib-dedupe==0.11.0"

#: Runs a command, then writes its peak RSS (KiB, largest of it and its children) to a file.
_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(str(peak))
sys.exit(code)
"""

#: BibDedupe driver: records CSV in, JSON {"clusters": [[ID, ...], ...]} out.
_BIBDEDUPE_DRIVER = """
import json, sys
import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, prep

def run(frame):
    if len(frame) < 2:
        return []
    records = prep(frame, verbosity_level=0)
    pairs = block(records, verbosity_level=0)
    matches = match(pairs, verbosity_level=0)
    return [sorted(map(str, c)) for c in cluster(matches, verbosity_level=0)]

mode, src, out = sys.argv[1:4]
if mode == "table":
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    result = {"clusters": run(frame)}
else:
    result = {}
    for case in json.load(open(src))["cases"]:
        rows = []
        for key in ("record_a", "record_b"):
            row = {k: ("" if v is None else str(v)) for k, v in case[key].items()}
            rows.append(row)
        frame = pd.DataFrame(rows).fillna("")
        result[case["id"]] = run(frame)
json.dump(result, open(out, "w"))
"""


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """``(seconds, peak MB, exit code)`` of a command run in its own process."""
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as handle:
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _WRAPPER, handle.name, *cmd],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        seconds = time.perf_counter() - start
        peak = Path(handle.name).read_text() or "0"
    if proc.returncode:
        sys.stderr.write(proc.stderr[-2000:])
    return seconds, int(peak) / 1024, proc.returncode


def score_clusters(truth: dict[str, str], clusters: dict[str, str]) -> dict[str, float]:
    """README scoring: per predicted cluster, the kept record is a ``unique`` one if any."""
    groups: dict[str, list[str]] = {}
    for rid, cid in clusters.items():
        groups.setdefault(cid, []).append(truth[rid])
    n_unique = sum(1 for v in truth.values() if v == "unique")
    n_dup = len(truth) - n_unique
    tp = fp = 0
    for labels in groups.values():
        uniques = labels.count("unique")
        dups = len(labels) - uniques
        if uniques:
            fp += uniques - 1
            tp += dups
        else:
            tp += dups - 1
    fn = n_dup - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    sensitivity = tp / n_dup if n_dup else 1.0
    return {
        "kept": len(groups),
        "expected": n_unique,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "sensitivity": sensitivity,
        "specificity": (n_unique - fp) / n_unique if n_unique else 1.0,
        "precision": precision,
        "f1": 2 * precision * sensitivity / (precision + sensitivity) if tp else 0.0,
    }


def labelled_sets() -> list[Path]:
    out = []
    for path in sorted(DATA.glob("*.csv")):
        head = pd.read_csv(path, encoding="cp1252", nrows=50, dtype=str, keep_default_na=False)
        if "source" in head and set(head["source"]) <= {"unique", "duplicate"}:
            out.append(path)
    return out


def read_truth(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    frame = pd.read_csv(path, encoding="cp1252", dtype=str, keep_default_na=False)
    truth = dict(zip(frame["record_id"], frame["source"], strict=True))
    return frame, truth


SLR = str(ROOT / ".venv" / "bin" / "slr")


def run_ours(
    path: Path, work: Path, workers: int, name: str = ""
) -> tuple[dict[str, str], float, float, int]:
    """``(clusters, seconds, peak MB, records in uncertain pairs)``; the file's own ids
    are kept without any flag."""
    name = name or path.stem
    clusters, uncertain = work / f"{name}_clusters.csv", work / f"{name}_uncertain.csv"
    cmd = [
        SLR,
        "dedup",
        str(path),
        "--out",
        str(work / f"{name}_unique.parquet"),
        "--clusters",
        str(clusters),
        "--uncertain",
        str(uncertain),
        "--workers",
        str(workers),
    ]
    seconds, peak, code = measure(cmd)
    if code:
        raise SystemExit(f"slr dedup failed on {path}")
    table = pd.read_csv(clusters, dtype=str, keep_default_na=False)
    pairs = pd.read_csv(uncertain, dtype=str, keep_default_na=False)
    flagged = len(set(pairs["record_id_a"]) | set(pairs["record_id_b"]))
    return dict(zip(table["record_id"], table["cluster_id"], strict=True)), seconds, peak, flagged


def run_ours_ris(
    paths: list[Path], work: Path, workers: int, name: str
) -> tuple[dict[str, str], float, float, int]:
    """``slr ingest`` of one RIS file per database (ids from ``ID``), then ``slr dedup``."""
    table = work / f"{name}_records.parquet"
    specs = [f"{p.stem}={p}" for p in paths]
    seconds, peak, code = measure([SLR, "ingest", *specs, "--keep-ids", "--out", str(table)])
    if code:
        raise SystemExit(f"slr ingest failed on {name}")
    clusters, more, peak2, flagged = run_ours(table, work, workers, name)
    return clusters, seconds + more, max(peak, peak2), flagged


def bibdedupe_python() -> Path:
    return ensure_venv("bibdedupe", BIBDEDUPE) / "python"


def run_bibdedupe_table(frame: pd.DataFrame, work: Path, name: str) -> tuple[dict, float, float]:
    """BibDedupe on a table of BibTeX-like fields (``ID`` ... ); clusters by ID."""
    src, out, driver = work / f"{name}_bd_in.csv", work / f"{name}_bd_out.json", work / "bd.py"
    driver.write_text(_BIBDEDUPE_DRIVER)
    frame.to_csv(src, index=False)
    seconds, peak, code = measure(
        [str(bibdedupe_python()), str(driver), "table", str(src), str(out)]
    )
    if code:
        raise SystemExit("BibDedupe failed")
    clusters = {rid: rid for rid in frame["ID"]}
    for members in json.loads(out.read_text())["clusters"]:
        cid = min(members)
        for rid in members:
            clusters[rid] = cid
    return clusters, seconds, peak


def asysd_for_bibdedupe(frame: pd.DataFrame) -> pd.DataFrame:
    """The labelled CSV's own fields, as BibDedupe's ASySD evaluation feeds them."""
    out = frame.replace("NA", "")
    out = out.rename(columns={"record_id": "ID"})
    out["ENTRYTYPE"] = "article"
    keep = [
        "ID",
        "ENTRYTYPE",
        "author",
        "title",
        "year",
        "journal",
        "volume",
        "number",
        "pages",
        "doi",
        "abstract",
        "isbn",
    ]
    return out[keep]


# ---------------------------------------------------------------- pairwise cases


def case_records(case: dict) -> list[dict]:
    """The two records of a case in the project's record model."""
    rows = []
    for key in ("record_a", "record_b"):
        raw = {k: v for k, v in case[key].items() if v is not None}
        rows.append(
            {
                "record_id": str(raw.get("ID", key)),
                "source": "case",
                "title": raw.get("title", ""),
                "authors": [raw["author"]] if raw.get("author") else [],
                "year": raw.get("year", ""),
                "journal": raw.get("journal") or raw.get("booktitle") or "",
                "volume": raw.get("volume", ""),
                "issue": raw.get("number", ""),
                "pages": raw.get("pages", ""),
                "doi": raw.get("doi", ""),
                "abstract": raw.get("abstract", ""),
                "url": raw.get("url", ""),
                "publication_type": [raw["ENTRYTYPE"]] if raw.get("ENTRYTYPE") else [],
                "original": json.dumps(raw, sort_keys=True),
            }
        )
    if rows[0]["record_id"] == rows[1]["record_id"]:
        rows[1]["record_id"] += "-b"
    return rows


def ours_on_case(case: dict) -> bool:
    """True if ``slr dedup`` puts the two records of ``case`` in one cluster."""
    from pipeline import records
    from pipeline.dedup import deduplicate

    result = deduplicate(records.from_dicts(case_records(case)))
    return result.clusters["cluster_id"].nunique() == 1


def run_cases(work: Path, ref: bool) -> None:
    cases = json.loads((DATA / "bib_dedupe_cases.json").read_text())["cases"]
    start = time.perf_counter()
    ours = {c["id"]: ours_on_case(c) for c in cases}
    ours_time = time.perf_counter() - start
    theirs: dict[str, bool] = {}
    ref_time = float("nan")
    if ref:
        driver, out = work / "bd.py", work / "bd_cases.json"
        driver.write_text(_BIBDEDUPE_DRIVER)
        ref_time, _, code = measure(
            [
                str(bibdedupe_python()),
                str(driver),
                "cases",
                str(DATA / "bib_dedupe_cases.json"),
                str(out),
            ]
        )
        if code:
            raise SystemExit("BibDedupe failed on the cases")
        theirs = {k: any(len(c) > 1 for c in v) for k, v in json.loads(out.read_text()).items()}
    print("\nbib_dedupe_cases.json (25 pairwise cases; each pair deduplicated on its own)")
    print(f"{'tool':<12}{'passes':>8}{'false merges':>14}{'missed dups':>13}{'time s':>9}")
    for name, got, seconds in (("slr dedup", ours, ours_time), ("BibDedupe", theirs, ref_time)):
        if not got:
            continue
        passes = sum(got[c["id"]] == c["expected_duplicate"] for c in cases)
        false_merges = sum(got[c["id"]] and not c["expected_duplicate"] for c in cases)
        missed = sum(not got[c["id"]] and c["expected_duplicate"] for c in cases)
        print(f"{name:<12}{passes:>5}/25{false_merges:>11}/15{missed:>10}/10{seconds:>9.1f}")
    failed = [c["id"] for c in cases if ours[c["id"]] != c["expected_duplicate"]]
    if failed:
        print("slr dedup fails: " + ", ".join(failed))


def traps_merged(traps: pd.DataFrame, paper_of: dict[str, str], clusters: dict[str, str]) -> int:
    """Trap pairs (two papers that must stay apart) with records in one cluster."""
    in_cluster: dict[str, set[str]] = {}
    for rid, cid in clusters.items():
        in_cluster.setdefault(paper_of[rid], set()).add(cid)
    return sum(
        bool(in_cluster.get(a, set()) & in_cluster.get(b, set()))
        for a, b in zip(traps["paper_a"], traps["paper_b"], strict=True)
    )


def exports_for_bibdedupe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.fillna("").astype(str).rename(columns={"record_id": "ID", "author": "author"})
    out = out.rename(columns={"authors": "author", "issue": "number"})
    out["ENTRYTYPE"] = "article"
    keep = [
        "ID",
        "ENTRYTYPE",
        "author",
        "title",
        "year",
        "journal",
        "volume",
        "number",
        "pages",
        "doi",
        "abstract",
    ]
    return out[keep]


_HEADER = (
    f"{'set':<18}{'tool':<11}{'records':>8}{'kept':>6}{'expect':>7}{'sens':>8}"
    f"{'spec':>8}{'prec':>8}{'FP':>4}{'FN':>4}{'traps':>7}{'uncert%':>8}{'time s':>8}"
    f"{'peak MB':>9}"
)


def _row(
    name: str,
    tool: str,
    truth: dict,
    clusters: dict,
    seconds: float,
    peak: float,
    traps: str = "",
    flagged: int | None = None,
) -> dict:
    s = score_clusters(truth, clusters)
    share = "" if flagged is None else f"{100 * flagged / len(truth):.2f}"
    print(
        f"{name[:17]:<18}{tool:<11}{len(truth):>8}{s['kept']:>6}{s['expected']:>7}"
        f"{s['sensitivity']:>8.4f}{s['specificity']:>8.4f}{s['precision']:>8.4f}"
        f"{s['fp']:>4}{s['fn']:>4}{traps:>7}{share:>8}{seconds:>8.1f}{peak:>9.0f}",
        flush=True,
    )
    return s


def run_exports(work: Path, seed: int, workers: int, ref: bool) -> None:
    folder = work / f"exports{seed}"
    paths = dedup_exports.write(folder, seed)
    truth_frame = pd.read_csv(paths["truth"], dtype=str, keep_default_na=False)
    truth = dict(zip(truth_frame["record_id"], truth_frame["label"], strict=True))
    paper_of = dict(zip(truth_frame["record_id"], truth_frame["paper"], strict=True))
    traps = pd.read_csv(paths["traps"], dtype=str, keep_default_na=False)
    name = f"exports s{seed}"
    runs = [("slr dedup", f"{name} csv", *run_ours(paths["csv"], work, workers, f"x{seed}c"))]
    runs.append(
        ("slr dedup", f"{name} ris", *run_ours_ris(paths["ris"], work, workers, f"x{seed}r"))
    )
    if ref:
        frame = pd.read_csv(paths["csv"], dtype=str, keep_default_na=False)
        runs.append(
            (
                "BibDedupe",
                f"{name} csv",
                *run_bibdedupe_table(exports_for_bibdedupe(frame), work, f"x{seed}"),
                None,
            )
        )
    for tool, label, clusters, seconds, peak, flagged in runs:
        merged = f"{traps_merged(traps, paper_of, clusters)}/{len(traps)}"
        _row(label, tool, truth, clusters, seconds, peak, merged, flagged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=1, help="slr dedup --workers")
    parser.add_argument("--no-ref", action="store_true", help="skip BibDedupe")
    parser.add_argument(
        "--seeds",
        type=int,
        nargs="*",
        default=[1, 2],
        help="seeds of the export sets (benchmarks/dedup_exports.py)",
    )
    parser.add_argument(
        "--only",
        choices=["labelled", "cases", "exports"],
        nargs="*",
        default=["labelled", "cases", "exports"],
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        raise SystemExit(f"{DATA}: reference data not found")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(_HEADER)
        for path in labelled_sets() if "labelled" in args.only else []:
            frame, truth = read_truth(path)
            clusters, seconds, peak, flagged = run_ours(path, work, args.workers)
            _row(path.stem, "slr dedup", truth, clusters, seconds, peak, "", flagged)
            if not args.no_ref:
                clusters, seconds, peak = run_bibdedupe_table(
                    asysd_for_bibdedupe(frame), work, path.stem
                )
                _row(path.stem, "BibDedupe", truth, clusters, seconds, peak)
        for seed in args.seeds if "exports" in args.only else []:
            run_exports(work, seed, args.workers, not args.no_ref)
        if "cases" in args.only:
            run_cases(work, not args.no_ref)
    print("\nTimes are whole processes on this machine (2 cores, shared: noisy).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
