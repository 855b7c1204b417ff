"""Ingest speed and memory: 100,000 generated RIS records and 100,000 generated MEDLINE records,
read by ``pipeline.ingest`` and, in the same run, by the reference readers (plain
``rispy.load``, ``Bio.Medline.parse``, and ASReview's loader from ``.venv-ref-asreview``).

Usage: ``python benchmarks/ingest.py [--records 100000] [--seed 7] [--no-asreview]
[--workers 2] [--repeat 1]``

Each reader runs in its own subprocess. ``pipeline.ingest`` runs twice: in one process and
with ``--workers N`` worker processes (default 2, its default on a machine with 2 or more
CPUs: each worker reads and parses its own parts of the file; ``--workers 1`` skips that
run). ``--repeat N`` runs every reader N times and reports its fastest run (wall time),
for a machine shared with other jobs. Memory is measured over the whole process tree: every 50 ms the benchmark sums
``VmRSS`` (``/proc/<pid>/status``) and ``Pss`` (``/proc/<pid>/smaps_rollup``) over the
reader's process and all its descendants. ``peak MB`` is the highest RSS sum (it counts the
pages that forked workers share with their parent once per process, so it overstates);
``PSS MB`` is the highest PSS sum (a shared page split between the processes sharing it: the
memory the tree really holds). Both include the interpreter and imports. ``seconds`` is the
wall time of the read alone (each child imports its reader before the clock starts), ``CPU s`` its user + system CPU time summed over the reader and
its workers; the machine may be shared, so compare CPU time as well as wall time. The files are generated from a fixed seed into a
temporary folder: vendor-style RIS (a UTF-8 BOM like EndNote/ASReview exports, Ovid-style
``T1``/``N2``/``Y1`` on a third of the records, keyword continuation lines, 1-25 authors,
abstracts of 80-400 words) and PubMed-style MEDLINE (lines wrapped at 80 columns with
6-space continuations, ``FAU``/``AU``, MeSH, ``LID ... [doi]``). Targets: >= 10,000 records/s
(wall) and peak memory < 1 GB for ``pipeline.ingest``.

Whole processes (``--process``): ``slr ingest FILE --out T.parquet`` (start-up, imports,
reading, writing the table) against a bare ``python -c "rispy.load(...)"`` process on the
same generated RIS file (default 30,000 records, ~84 MB: abstracts of 80-400 words, 1-25
authors, keywords), run alternately ``--repeat`` times in the same run; the table gives the
median and fastest wall time of each and the ratio of the medians (target <= 1.5). With
``--memory`` the same two processes run once on a larger file (``--records 200000``, ~560 MB)
and the table gives their peak memory (``ru_maxrss`` of the process and of the workers it
waited for, and the sampled RSS/PSS sums; target <= 2 GB for ``slr ingest``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATE = 10_000
TARGET_MB = 1024


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


_WORDS = _split(
    "care integration primary social older frail people barriers funding services health "
    "community professionals communication patient centred outcomes hospital admission "
    "general practice nursing home trial cohort qualitative interviews systematic review "
    "policy workforce coordination multidisciplinary team budget commissioning evaluation "
    "effectiveness cost quality safety dementia chronic disease multimorbidity rural urban "
    "model pathway discharge readmission carers wellbeing independence assessment shared "
    "records information governance trust culture leadership staff training telehealth"
)
_SURNAMES = _split(
    "Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Roberts Müller Schmidt "
    "García Martínez Rossi Bianchi Dubois Lefèvre Jansen de Vries Nowak Kowalski Andersson "
    "Nielsen O'Brien Murphy Kim Lee Wang Zhang Chen Tanaka Suzuki Silva Santos Ahmed Khan"
)
_GIVEN = _split("Anne John Maria Peter Sarah David Li Wei Hanna Lars Ines Jose Yuki Omar Aisha")
_JOURNALS = (
    "BMJ Open",
    "Health & Social Care in the Community",
    "Journal of Integrated Care",
    "International Journal of Integrated Care",
    "Age and Ageing",
    "BMC Health Services Research",
    "British Journal of General Practice",
    "Journal of Interprofessional Care",
)


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(_WORDS, k=n)
    return " ".join(words).capitalize()


def _author(rng: random.Random) -> tuple[str, str]:
    last = rng.choice(_SURNAMES)
    given = rng.choice(_GIVEN)
    initial = rng.choice("ABCDEFGHJKLMNPRSTW")
    return f"{last}, {given} {initial}", f"{last} {given[0]}{initial}"


def generate_ris(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="\n") as out:
        for i in range(n):
            ovid = i % 3 == 0
            year = rng.randint(1995, 2024)
            lines = ["TY  - JOUR"]
            lines.append(f"{'T1' if ovid else 'TI'}  - {_sentence(rng, rng.randint(6, 20))}")
            for _ in range(rng.randint(1, 25)):
                lines.append(f"{'A1' if ovid else 'AU'}  - {_author(rng)[0]}")
            lines.append(f"{'Y1' if ovid else 'PY'}  - {year}{'//' if ovid else ''}")
            lines.append(f"{'JF' if ovid else 'T2'}  - {rng.choice(_JOURNALS)}")
            lines.append(f"VL  - {rng.randint(1, 80)}")
            lines.append(f"IS  - {rng.randint(1, 12)}")
            start = rng.randint(1, 900)
            lines.append(f"SP  - {start}")
            lines.append(f"EP  - {start + rng.randint(3, 20)}")
            lines.append(f"DO  - 10.{rng.randint(1000, 9999)}/bench.{seed}.{i}")
            abstract = _sentence(rng, rng.randint(80, 400)) + "."
            lines.append(f"{'N2' if ovid else 'AB'}  - {abstract}")
            keywords = rng.sample(_WORDS, rng.randint(2, 8))
            lines.append(f"KW  - {keywords[0]}")
            lines.extend(keywords[1:])  # EndNote-style continuation lines
            lines.append(f"SN  - {rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}")
            lines.append("LA  - English")
            lines.append(f"ID  - bench-{i}")
            lines.append("ER  - ")
            out.write("\n".join(lines) + "\n\n")


def generate_medline(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed + 1)

    def field(tag: str, value: str) -> str:
        wrapped = textwrap.wrap(value, width=74) or [""]
        head = f"{tag:<4}- {wrapped[0]}"
        return "\n".join([head, *(f"      {w}" for w in wrapped[1:])])

    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(n):
            year = rng.randint(1995, 2024)
            lines = [f"PMID- {20_000_000 + i}", "OWN - NLM", "STAT- MEDLINE"]
            lines.append(f"IS  - {rng.randint(1000, 9999)}-{rng.randint(1000, 9999)} (Print)")
            lines.append(f"VI  - {rng.randint(1, 80)}")
            lines.append(f"IP  - {rng.randint(1, 12)}")
            lines.append(f"DP  - {year} {rng.choice(['Jan', 'Mar', 'Jun', 'Oct'])}")
            lines.append(field("TI", _sentence(rng, rng.randint(6, 20)) + "."))
            lines.append(f"PG  - {rng.randint(1, 900)}-{rng.randint(1, 99)}")
            lines.append(f"LID - 10.{rng.randint(1000, 9999)}/med.{seed}.{i} [doi]")
            lines.append(field("AB", _sentence(rng, rng.randint(80, 400)) + "."))
            for _ in range(rng.randint(1, 25)):
                full, short = _author(rng)
                lines.append(f"FAU - {full}")
                lines.append(f"AU  - {short}")
            lines.append("LA  - eng")
            lines.append("PT  - Journal Article")
            if rng.random() < 0.3:
                lines.append("PT  - Review")
            lines.append(f"TA  - {rng.choice(_JOURNALS)}")
            lines.append(f"JT  - {rng.choice(_JOURNALS)}")
            for term in rng.sample(_WORDS, rng.randint(3, 12)):
                lines.append(f"MH  - {term.capitalize()}")
            out.write("\n".join(lines) + "\n\n")


# --- one reader, run in a child process --------------------------------------------------


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its finished child processes (workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _child(tool: str, path: str, workers: int | None) -> None:
    # Each child imports its reader before the clock starts (as the ASReview child does).
    if tool == "pipeline.ingest":
        from pipeline.ingest import read_file

        def read() -> tuple[int, int]:
            table, bad = read_file(path, workers=workers)
            return len(table), len(bad)
    elif tool in ("rispy.load (utf-8-sig)", "rispy.load (utf-8)"):
        import rispy

        encoding = "utf-8-sig" if "sig" in tool else "utf-8"

        def read() -> tuple[int, int]:
            return len(rispy.load(Path(path), encoding=encoding)), 0
    elif tool == "Bio.Medline.parse":
        from Bio import Medline

        def read() -> tuple[int, int]:
            with open(path, encoding="utf-8") as handle:
                return sum(1 for _ in Medline.parse(handle)), 0
    else:
        raise SystemExit(f"unknown tool {tool}")
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    count, quarantined = read()
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    print(
        json.dumps({"records": count, "quarantined": quarantined, "seconds": seconds, "cpu": cpu})
    )


_ASREVIEW_CHILD = """
import json, resource, sys, time
from asreview.data.loader import load_records
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
started, cpu_started = time.perf_counter(), cpu()
records = load_records(sys.argv[1], dataset_id="bench")
seconds = time.perf_counter() - started
print(json.dumps({"records": len(records), "quarantined": 0, "seconds": seconds,
                  "cpu": cpu() - cpu_started}))
"""


def _proc_kb(path: str, key: str) -> int:
    try:
        with open(path, encoding="ascii") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process ended between listing and reading
    return 0


def _process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from ``/proc/<pid>/task/<tid>/children``)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _run(cmd: list[str]) -> dict | None:
    """Run one reader; add the peak RSS and PSS sums over its process tree, sampled every
    50 ms."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=ROOT)
        peak_rss = peak_pss = 0
        while proc.poll() is None:
            tree = _process_tree(proc.pid)
            peak_rss = max(peak_rss, sum(_proc_kb(f"/proc/{p}/status", "VmRSS:") for p in tree))
            peak_pss = max(peak_pss, sum(_proc_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in tree))
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            print(
                f"  ! {' '.join(cmd[:4])}... failed: {err.read().strip()[-300:]}", file=sys.stderr
            )
            return None
        result = json.loads(out.read().strip().splitlines()[-1])
    result["peak_mb"] = peak_rss / 1024
    result["pss_mb"] = peak_pss / 1024
    return result


def _run_process(cmd: list[str]) -> dict:
    """Run a whole process: wall seconds (measured here), CPU seconds and ``ru_maxrss`` (from
    ``wait4``: the largest of the process and the workers it waited for), sampled RSS/PSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak_rss = peak_pss = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree = _process_tree(proc.pid)
        peak_rss = max(peak_rss, sum(_proc_kb(f"/proc/{p}/status", "VmRSS:") for p in tree))
        peak_pss = max(peak_pss, sum(_proc_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in tree))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    error = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}... failed: {error.strip()[-300:]}")
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "peak_mb": peak_rss / 1024,
        "pss_mb": peak_pss / 1024,
    }


_RISPY_PROCESS = (
    "import pathlib, sys, rispy; "
    "print(len(rispy.load(pathlib.Path(sys.argv[1]), encoding='utf-8-sig')))"
)


def _processes(path: Path, out: Path) -> list[tuple[str, list[str]]]:
    slr = str(Path(sys.executable).with_name("slr"))
    return [
        (
            "slr ingest FILE --out T.parquet",
            [slr, "ingest", str(path), "--out", str(out), "--force"],
        ),
        ("python -c 'rispy.load(FILE)'", [sys.executable, "-c", _RISPY_PROCESS, str(path)]),
    ]


def process_table(records: int, seed: int, repeat: int, *, memory: bool) -> int:
    """The whole-process comparison (``--process``) or the memory one (``--memory``)."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="slr-bench-ingest-") as tmp:
        ris = Path(tmp) / "bench.ris"
        generate_ris(ris, records, seed)
        size = ris.stat().st_size / 2**20
        plan = _processes(ris, Path(tmp) / "records.parquet")
        runs: dict[str, list[dict]] = {name: [] for name, _ in plan}
        for _ in range(1 if memory else max(1, repeat)):
            for name, cmd in plan:  # alternately, so that both see the same load
                print(f"running {name} ...", file=sys.stderr)
                runs[name].append(_run_process(cmd))
    print(
        f"\nWhole processes on one generated RIS file: {records:,} records, {size:.0f} MB "
        f"(seed {seed}); {os.cpu_count()} CPUs, load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (other jobs share the machine)"
    )
    header = (
        f"{'process':<34} {'runs':>4} {'median s':>9} {'fastest s':>9} {'CPU s':>7} "
        f"{'maxrss MB':>9} {'RSS sum MB':>10} {'PSS MB':>7}"
    )
    print(header)
    print("-" * len(header))
    medians = {}
    for name, found in runs.items():
        medians[name] = statistics.median(r["seconds"] for r in found)
        print(
            f"{name:<34} {len(found):>4} {medians[name]:>9.2f} "
            f"{min(r['seconds'] for r in found):>9.2f} "
            f"{statistics.median(r['cpu'] for r in found):>7.2f} "
            f"{max(r['maxrss_mb'] for r in found):>9.0f} {max(r['peak_mb'] for r in found):>10.0f} "
            f"{max(r['pss_mb'] for r in found):>7.0f}"
        )
    ours, ref = (name for name, _ in plan)
    if memory:
        peak = max(r["maxrss_mb"] for r in runs[ours])
        verdict = "met" if peak <= 2048 else "NOT met"
        print(f"\nslr ingest peak {peak:,.0f} MB; target <= 2,048 MB: {verdict}")
    else:
        ratio = medians[ours] / medians[ref]
        verdict = "met" if ratio <= 1.5 else "NOT met"
        print(f"\nslr ingest / rispy.load (medians): {ratio:.2f}x; target <= 1.5x: {verdict}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--records",
        type=int,
        help="records per file (default: 100,000; --process 30,000; --memory 200,000)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-asreview", action="store_true", help="skip ASReview's loader")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="also run pipeline.ingest with this many worker processes (<= 1: only in-process)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per reader; the fastest")
    parser.add_argument(
        "--process",
        action="store_true",
        help="whole processes: slr ingest against python -c rispy.load (default 30,000 records)",
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="peak memory of slr ingest and of rispy.load on one large RIS file",
    )
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child, workers=args.workers)
        return 0
    if args.process or args.memory:
        default = 200_000 if args.memory else 30_000
        return process_table(args.records or default, args.seed, args.repeat, memory=args.memory)
    args.records = args.records or 100_000

    asreview_python = ROOT / ".venv-ref-asreview" / "bin" / "python"
    if not args.no_asreview and not asreview_python.exists():
        try:
            sys.path.insert(0, str(ROOT))
            from benchmarks.reftool import ensure_venv

            asreview_python = ensure_venv("asreview", "asreview==3.0.8") / "python"
        except Exception as exc:  # noqa: BLE001 - no network: report and go on
            print(f"ASReview not available ({exc}); its rows are skipped", file=sys.stderr)
    use_asreview = not args.no_asreview and asreview_python.exists()

    rows = []
    with tempfile.TemporaryDirectory(prefix="slr-bench-ingest-") as tmp:
        ris = Path(tmp) / "bench.ris"
        nbib = Path(tmp) / "bench.nbib"
        generate_ris(ris, args.records, args.seed)
        generate_medline(nbib, args.records, args.seed)
        script = [sys.executable, str(Path(__file__).resolve())]
        me = [*script, "--child"]
        one = [*script, "--workers", "1", "--child", "pipeline.ingest"]
        ours = [("pipeline.ingest, 1 process", one)]
        if args.workers > 1:
            with_workers = [*script, "--workers", str(args.workers), "--child", "pipeline.ingest"]
            ours.append((f"pipeline.ingest, {args.workers} workers", with_workers))
        plan = [("RIS", ris, name, [*cmd, str(ris)]) for name, cmd in ours]
        plan += [
            ("RIS", ris, "rispy.load (utf-8-sig)", [*me, "rispy.load (utf-8-sig)", str(ris)]),
            ("RIS", ris, "rispy.load (utf-8)", [*me, "rispy.load (utf-8)", str(ris)]),
        ]
        if use_asreview:
            plan.append(
                (
                    "RIS",
                    ris,
                    "asreview 3.0.8 load_records",
                    [str(asreview_python), "-c", _ASREVIEW_CHILD, str(ris)],
                )
            )
        plan += [("MEDLINE", nbib, name, [*cmd, str(nbib)]) for name, cmd in ours]
        plan.append(("MEDLINE", nbib, "Bio.Medline.parse", [*me, "Bio.Medline.parse", str(nbib)]))
        sizes = {ris: ris.stat().st_size / 2**20, nbib: nbib.stat().st_size / 2**20}
        for fmt, path, tool, cmd in plan:
            print(f"running {tool} on {fmt} ...", file=sys.stderr)
            runs = [r for r in (_run(cmd) for _ in range(max(1, args.repeat))) if r is not None]
            if runs:
                rows.append((fmt, sizes[path], tool, min(runs, key=lambda r: r["seconds"])))

    print(
        f"\nIngest benchmark: {args.records:,} generated records per format (seed {args.seed}); "
        f"each reader in its own process, fastest of {max(1, args.repeat)} run(s); "
        f"{os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end (other jobs share the machine: see CPU s)"
    )
    header = (
        f"{'format':<8} {'MB':>6}  {'reader':<30} {'read':>9} {'expected':>9} {'ok':>3} "
        f"{'seconds':>8} {'records/s':>10} {'CPU s':>7} {'peak MB':>8} {'PSS MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for fmt, size, tool, r in rows:
        read = r["records"] + r["quarantined"]
        ok = "yes" if read == args.records else "NO"
        rate = r["records"] / r["seconds"] if r["seconds"] else float("inf")
        print(
            f"{fmt:<8} {size:>6.0f}  {tool:<30} {read:>9,} {args.records:>9,} {ok:>3} "
            f"{r['seconds']:>8.2f} {rate:>10,.0f} {r['cpu']:>7.2f} {r['peak_mb']:>8.0f} "
            f"{r['pss_mb']:>7.0f}"
        )
    print(f"\ntarget: >= {TARGET_RATE:,} records/s (wall) and peak < {TARGET_MB} MB")
    for name, _ in ours:
        mine = [r for _, _, tool, r in rows if tool == name]
        fast = all(r["records"] / r["seconds"] >= TARGET_RATE for r in mine)
        small = all(r["peak_mb"] < TARGET_MB for r in mine)
        small_pss = all(r["pss_mb"] < TARGET_MB for r in mine)
        print(
            f"  {name}: rate {'met' if fast else 'NOT met'}; memory "
            f"{'met' if small else 'NOT met'} by the RSS sum, "
            f"{'met' if small_pss else 'NOT met'} by the PSS sum"
        )
    print(
        "rispy.load (utf-8) shows rispy 0.10's BOM trap: the first record of a BOM-prefixed "
        "file is lost without an error."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
