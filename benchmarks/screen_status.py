"""``slr screen status`` on a review folder, this checkout against others, same run.

    python benchmarks/screen_status.py REVIEW_DIR [--checkout DIR ...]

Each checkout's ``pipeline`` package runs (``PYTHONPATH=DIR python -m pipeline.cli``) on a
copy of the review's outputs, one after the other; the table gives wall time, CPU time and
peak RSS (wait4) and whether the outputs equal the first checkout's byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def run(checkout: Path, review: Path, work: Path) -> tuple[float, float, float, dict[str, str]]:
    config = yaml.safe_load((review / "config" / "config.yaml").read_text(encoding="utf-8"))
    out = work / "outputs"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for part in ("dedup", "screen"):
        shutil.copytree(review / "outputs" / part, out / part)
    cmd = [sys.executable, "-m", "pipeline.cli", "screen", "status", "--workdir", str(out),
           "--decisions", str(review / config["screen"]["decisions"]),
           "--reasons", str(review / config["screen"]["exclusion_reasons"]),
           "--review", config["review"]["name"], "--target-recall", "0.95"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    start = time.perf_counter()
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen(cmd, cwd=review, env=env, stdout=null, stderr=null)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{checkout}: slr screen status failed")
    names = ("status.json", "screening.csv", "included.parquet", "fulltext.csv", "agreement.csv")
    digests = {n: hashlib.sha256((out / "screen" / n).read_bytes()).hexdigest() for n in names}
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, digests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("review", type=Path)
    parser.add_argument("--checkout", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    review = args.review.resolve()
    print(f"{'checkout':<40}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}  outputs", flush=True)
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for checkout in [ROOT, *args.checkout]:
            wall, cpu, peak, digests = run(checkout.resolve(), review, Path(tmp))
            first = first or digests
            same = "same" if digests == first else "DIFFER"
            print(f"{str(checkout)[-40:]:<40}{wall:>8.1f}{cpu:>8.1f}{peak:>9.0f}  {same}",
                  flush=True)  # fmt: skip
    print(f"os.getloadavg: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
