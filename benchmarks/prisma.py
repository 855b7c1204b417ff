"""Time the PRISMA 2020 flow diagram: counts from the pipeline files, then SVG + PDF + PNG.

Run: ``python benchmarks/prisma.py [--repeat 5]``. Uses the constructed review state in
``tests/data/prisma/realistic`` (4 databases, 260 records, 140 screened, 29 included) and a
large synthetic state (12 databases, 20 exclusion reasons, other methods, previous studies)
to show the cost of boxes with many lines. Target: SVG + PDF + PNG (300 dpi) under 2 s.

The reference tool, the PRISMA2020 R package (and its Shiny app), cannot be timed here: CRAN
is unreachable from this machine, so only our own numbers are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.plots import save_figure  # noqa: E402
from pipeline.prisma import html, inputs, reconcile, template  # noqa: E402
from pipeline.prisma.counts import Counts, OtherMethods, Previous  # noqa: E402
from pipeline.prisma.draw import draw, text_width  # noqa: E402

STATE = ROOT / "tests" / "data" / "prisma" / "realistic"


def large_counts() -> Counts:
    dbs = tuple((f"Database {i + 1}", 400 + 37 * i) for i in range(12))
    reasons = tuple(
        (f"Exclusion reason number {i + 1} with a longer description", 3) for i in range(20)
    )
    identified = sum(n for _, n in dbs)
    screened = identified - 2100 - 15
    other = OtherMethods(
        sources=(("Websites", 40), ("Organisations", 12), ("Citation searching", 85)),
        sought=60,
        not_retrieved=4,
        assessed=56,
        excluded=(("Not an evaluation", 30), ("Wrong setting", 10)),
    )
    return reconcile.check_counts(
        Counts(
            database_results=identified,
            database_specific=dbs,
            duplicates=2100,
            excluded_other=15,
            records_screened=screened,
            records_excluded=screened - 300,
            reports_sought=300,
            reports_not_retrieved=12,
            reports_assessed=288,
            reports_excluded=reasons,
            studies_included=228 + 16 - 10,
            reports_included=228 + 16,
            other=other,
            previous=Previous(40, 52),
        )
    )


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    work = inputs.read_workdir(STATE)
    result = inputs.compute_workdir(work)
    realistic = reconcile.check_counts(result.counts)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def figures(counts: Counts, formats: tuple[str, ...]) -> Callable[[], None]:
            def run() -> None:
                text_width.cache_clear()  # time a cold layout, as one `slr prisma` run does
                fig = draw(counts)
                for suffix in formats:
                    save_figure(fig, out / f"prisma{suffix}")

            return run

        cases = [
            (
                "realistic",
                "counts from files",
                lambda: inputs.compute_workdir(inputs.read_workdir(STATE)),
            ),
        ]
        for name, counts in (("realistic", realistic), ("large", large_counts())):
            cases += [
                (name, "SVG", figures(counts, (".svg",))),
                (name, "PDF", figures(counts, (".pdf",))),
                (name, "PNG 300 dpi", figures(counts, (".png",))),
                (name, "SVG + PDF + PNG", figures(counts, (".svg", ".pdf", ".png"))),
            ]
        cases += [
            ("realistic", "counts CSV", lambda: template.write(realistic, out / "c.csv")),
            (
                "realistic",
                "HTML (+ record lists)",
                lambda: html.render(realistic, result=result, titles=work.titles()),
            ),
        ]
        timed(figures(realistic, (".svg",)), 1)  # warm the font cache
        for state, step, fn in cases:
            median, best = timed(fn, args.repeat)
            rows.append((state, step, median, best))

    print(f"PRISMA 2020 flow diagram timings (median and best of {args.repeat} runs)")
    print()
    print(f"{'state':<10} {'step':<24} {'median s':>9} {'best s':>8}")
    print(f"{'-' * 10} {'-' * 24} {'-' * 9} {'-' * 8}")
    for state, step, median, best in rows:
        print(f"{state:<10} {step:<24} {median:>9.3f} {best:>8.3f}")
    total = next(r[2] for r in rows if r[0] == "realistic" and r[1] == "SVG + PDF + PNG")
    print()
    print(
        f"realistic SVG + PDF + PNG: {total:.2f} s (target < 2 s: {'met' if total < 2 else 'NOT met'})"
    )
    print(
        "Reference: the PRISMA2020 R package cannot be installed here (CRAN is unreachable), "
        "so it is not timed."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
