"""Screening metrics against hand-computed cases."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import DataError
from pipeline.screen import metrics

# Ten records, three inclusions found at positions 1, 3 and 6.
ORDER = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0]


def test_n_to_recall_by_hand() -> None:
    assert metrics.n_to_recall(ORDER, 1.0) == 6
    # ceil(0.95 * 3) = 3 inclusions -> also the sixth record
    assert metrics.n_to_recall(ORDER, 0.95) == 6
    assert metrics.n_to_recall(ORDER, 0.5) == 3  # ceil(1.5) = 2 inclusions
    assert metrics.n_to_recall(ORDER, 0.3) == 1


def test_wss_by_hand() -> None:
    assert metrics.wss(ORDER, 1.0) == pytest.approx((10 - 6) / 10)
    assert metrics.wss(ORDER, 0.95) == pytest.approx((10 - 6) / 10 - 0.05)


def test_recall_at_by_hand() -> None:
    assert metrics.recall_at(ORDER, 0.10) == pytest.approx(1 / 3)  # first record
    assert metrics.recall_at(ORDER, 0.25) == pytest.approx(1 / 3)  # floor(2.5) = 2 records
    assert metrics.recall_at(ORDER, 0.30) == pytest.approx(2 / 3)
    assert metrics.recall_at(ORDER, 1.0) == 1.0


def test_atd_by_hand() -> None:
    assert metrics.atd(ORDER) == pytest.approx((1 + 3 + 6) / 3 / 10)


def test_ceil_of_95_percent_of_twenty_is_nineteen() -> None:
    # 0.95 * 20 is 18.999999999999996 in floating point; the 19th inclusion is needed.
    order = [1] * 19 + [0] * 10 + [1] + [0] * 70
    assert metrics.n_to_recall(order, 0.95) == 19
    assert metrics.wss(order, 0.95) == pytest.approx((100 - 19) / 100 - 0.05)


def test_summary_keys_and_values() -> None:
    out = metrics.summary(ORDER)
    assert out == {
        "n_records": 10,
        "n_included": 3,
        "wss_95": 0.35,
        "wss_100": 0.4,
        "recall_at_10pct": round(1 / 3, 6),
        "recall_at_25pct": round(1 / 3, 6),
        "n_to_recall_95": 6,
        "n_to_recall_100": 6,
        "atd": round(1 / 3, 6),
    }


def test_no_inclusion_is_a_data_error() -> None:
    with pytest.raises(DataError, match="no included record"):
        metrics.wss([0, 0, 0])
    with pytest.raises(DataError, match="0/1"):
        metrics.wss([0, 2, 1])


@settings(max_examples=60, deadline=None)
@given(n_inc=st.integers(1, 40), n_exc=st.integers(0, 200))
def test_perfect_and_worst_orders(n_inc: int, n_exc: int) -> None:
    n = n_inc + n_exc
    perfect = [1] * n_inc + [0] * n_exc
    worst = [0] * n_exc + [1] * n_inc
    need = math.ceil(0.95 * n_inc - 1e-9)
    assert metrics.n_to_recall(perfect, 0.95) == need
    assert metrics.wss(perfect, 1.0) == pytest.approx((n - n_inc) / n)
    assert metrics.n_to_recall(worst, 1.0) == n
    assert metrics.wss(worst, 1.0) == pytest.approx(0.0)
    curve = metrics.recall_curve(perfect)
    assert curve[-1] == 1.0 and np.all(np.diff(curve) >= 0)


def _load_screening_benchmark():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "screening.py"
    spec = importlib.util.spec_from_file_location("screening_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(dataset: str, seed: int, ours: float, ref: float | None) -> dict:
    stop = {"hypergeometric": {"recall": 1.0, "stop_at": 90}}
    run = {
        "dataset": dataset,
        "seed": seed,
        "n_records": 100,
        "n_included": 5,
        "ours": {"wss_95": ours, "recall_at_10pct": 0.5, "seconds": 1.0, "stopping": stop},
    }
    if ref is not None:
        run["asreview"] = {"wss_95": ref, "recall_at_10pct": 0.4, "seconds": 2.0}
    return run


def test_benchmark_margin_per_seed_and_table_from_saved_runs(tmp_path, capsys):
    bench = _load_screening_benchmark()
    runs = [
        _run("a", 1, 0.50, 0.40),  # seed 1: (0.10 + 0.00) / 2 = 0.05
        _run("b", 1, 0.70, 0.70),
        _run("a", 2, 0.60, 0.55),  # seed 2: (0.05 + 0.03) / 2 = 0.04
        _run("b", 2, 0.83, 0.80),
        _run("a", 3, 0.60, 0.50),  # seed 3: data set b has no ASReview run, so not counted
        _run("b", 3, 0.60, None),
    ]
    assert bench.margin_by_seed(runs) == {1: 0.05, 2: 0.04}
    first, second = tmp_path / "s1.json", tmp_path / "s2.json"
    first.write_text(json.dumps(runs[:2]))
    second.write_text(json.dumps(runs[2:4]))
    assert bench.main(["--from-json", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert "seeds 1,2," in out
    assert "| a | 100 | 5 | 0.550 ± 0.071 | 0.475 ± 0.106 |" in out
    # mean 0.045, sd 0.00707, standard error 0.005 over the two seeds
    assert "margin per seed (ours - ASReview, mean over data sets): +0.0450" in out
    assert "standard error 0.0050 over 2 seeds (range +0.0400 to +0.0500)" in out
    assert "recall >= 0.95 at the stop in 4/4 runs" in out
    # A run saved with its screening order gets today's stopping rules replayed on it.
    ordered = _run("c", 1, 0.9, None)
    ordered["prior"] = [0, 9]
    ordered["ours"]["labels_in_order"] = "10" + "1111" + "0" * 94
    third = tmp_path / "s3.json"
    third.write_text(json.dumps([ordered]))
    assert bench.main(["--from-json", str(third)]) == 0
    out = capsys.readouterr().out
    assert "poisson_process: recall >= 0.95 at the stop in 1/1 runs" in out
    assert "| c | 1/1 / 1.000 /" in out


def test_benchmark_reuses_saved_asreview_runs(tmp_path, monkeypatch, capsys):
    # ASReview's runs are kept in --reference-json as each finishes; a second benchmark
    # with the same data, seeds and priors reuses them instead of running ASReview again.
    bench = _load_screening_benchmark()
    data = tmp_path / "data"
    data.mkdir()
    rows = ["record_id,title,abstract,label_included"]
    for i in range(1, 41):
        topic = "statin cholesterol trial" if i % 8 == 0 else f"unrelated topic number {i}"
        rows.append(f"{i},{topic},{topic} abstract words,{int(i % 8 == 0)}")
    (data / "tiny.csv").write_text("\n".join(rows) + "\n")
    monkeypatch.setattr(bench, "DATA", data)
    monkeypatch.setattr(bench, "ensure_venv", lambda *a: tmp_path)
    calls = []

    def fake_asreview(bindir, path, prior, seed):
        calls.append(seed)  # ASReview's order: priors, then the records in file order
        return list(prior) + [i for i in range(40) if i not in prior], 3.0

    monkeypatch.setattr(bench, "asreview_order", fake_asreview)
    saved = tmp_path / "asreview.json"
    args = ["--seeds", "1,2", "--reference-json", str(saved)]
    assert bench.main(args) == 0
    first = capsys.readouterr().out
    assert calls == [1, 2]
    kept = json.loads(saved.read_text())
    assert [(r["dataset"], r["seed"]) for r in kept] == [("tiny", 1), ("tiny", 2)]
    assert kept[0]["asreview"]["seconds"] == 3.0

    def no_asreview(*a):
        raise AssertionError("ASReview ran although its result was saved")

    monkeypatch.setattr(bench, "asreview_order", no_asreview)
    assert bench.main(args) == 0
    second = capsys.readouterr().out
    row = next(line for line in first.splitlines() if line.startswith("| tiny |"))
    # Same ASReview columns both times (our seconds may differ).
    assert (
        row.split("|")[:8]
        == next(line for line in second.splitlines() if line.startswith("| tiny |")).split("|")[:8]
    )
    assert json.loads(saved.read_text()) == kept
