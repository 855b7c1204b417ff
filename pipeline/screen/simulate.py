"""Replay screening on a labelled data set and measure how early the inclusions come up.

Input (:func:`read_labelled`): an ASReview-style CSV (``title``, ``abstract``,
``label_included`` 0/1, other columns optional; ``record_id`` if present names the rows),
a Parquet records table with a ``label_included`` column, or an RIS file labelled the way
ASReview exports it (``ASReview_relevant`` / ``ASReview_irrelevant`` in the notes).
Records with an empty title and abstract are kept: they count in N like any other.

:func:`simulate` draws the prior knowledge with the seed (as ASReview does: the included
priors from the included records, the excluded ones from the excluded), replays the
active-learning loop with the true labels as the oracle, and returns the metrics of
:mod:`pipeline.screen.metrics`, the screening order (priors first) and where the stopping
rules of :mod:`pipeline.screen.stopping` would have stopped. :func:`write_outputs` writes
``metrics.json`` (byte-stable for a given input and seed: no timings inside) and the recall
curve as PNG and SVG.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import DataError, UsageError
from pipeline.files import check_input, write_text
from pipeline.formats.fields import clean_text
from pipeline.safetext import clean_frame
from pipeline.screen import metrics, stopping
from pipeline.screen.active import BATCH_GROWTH, BATCH_SIZE, DRY_SPELL, active_order
from pipeline.screen.models import DEFAULT_MODEL, get_preset

#: Label column names accepted, first match wins (ASReview's, then common variants).
LABEL_COLUMNS: tuple[str, ...] = ("label_included", "included", "label_abstract_screening")


def _parse_labels(values: pd.Series, path: Path, column: str) -> np.ndarray:
    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        text = (
            ""
            if value is None or (isinstance(value, float) and math.isnan(value))
            else str(value).strip()
        )
        if text in ("1", "1.0", "true", "True"):
            out[i] = 1
        elif text in ("0", "0.0", "false", "False"):
            out[i] = 0
        else:
            raise DataError(
                f"{path}: row {i + 1}: {column} must be 0 or 1, got {text!r} "
                "(simulation needs every record labelled)"
            )
    return out


def _label_column(frame: pd.DataFrame, path: Path) -> str:
    for name in LABEL_COLUMNS:
        if name in frame.columns:
            return name
    raise DataError(f"{path}: no label column (expected one of {', '.join(LABEL_COLUMNS)})")


def _ris_labels(frame: pd.DataFrame, path: Path) -> np.ndarray:
    out = np.empty(len(frame), dtype=np.int64)
    for i, original in enumerate(frame["original"]):
        if "ASReview_relevant" in original:
            out[i] = 1
        elif "ASReview_irrelevant" in original:
            out[i] = 0
        else:
            raise DataError(
                f"{path}: record {i + 1} has no ASReview_relevant/ASReview_irrelevant label"
            )
    return out


def _cleaned(frame: pd.DataFrame, column: str) -> list[str] | str:
    """The column as text cleaned the way ingest cleans it (tags, entities, whitespace).

    Labelled sets come as exported by other tools, often with HTML left in (``<p>``,
    ``<sub>``, ``&amp;``); ``slr screen rank`` only ever sees ingested, cleaned records, so
    the simulation must score the same text, not the markup.
    """
    if column not in frame:
        return ""
    return [clean_text(v) for v in frame[column].fillna("").astype(str)]


def read_labelled(path: str | Path) -> tuple[pd.DataFrame, np.ndarray]:
    """``(records, labels)``: ``records`` has ``record_id``, ``title``, ``abstract``."""
    path = check_input(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".tab"):
        try:
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, sep="\t" if suffix != ".csv" else ","
            )
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise DataError(f"{path}: cannot read CSV ({exc})") from exc
        column = _label_column(frame, path)
        labels = _parse_labels(frame[column], path, column)
    elif suffix == ".parquet":
        try:
            frame = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: cannot read Parquet ({exc})") from exc
        column = _label_column(frame, path)
        labels = _parse_labels(frame[column], path, column)
    elif suffix in (".ris", ".txt"):
        try:
            from pipeline.ingest import read_file
        except ImportError:  # pragma: no cover - the ingest stage ships with the package
            raise UsageError(f"{path}: RIS input needs the ingest stage") from None
        frame, _ = read_file(path)
        labels = _ris_labels(frame, path)
    else:
        raise UsageError(f"{path}: unsupported file type {suffix!r} (use .csv, .parquet or .ris)")
    frame, _ = clean_frame(frame)  # a table from outside: the ingest text policy
    if not {"title", "abstract"} & set(frame.columns):
        raise DataError(f"{path}: needs a title and/or abstract column")
    out = pd.DataFrame(
        {
            "record_id": (
                [str(v) for v in frame["record_id"]]
                if "record_id" in frame.columns
                else [str(i) for i in range(len(frame))]
            ),
            "title": _cleaned(frame, "title"),
            "abstract": _cleaned(frame, "abstract"),
        }
    )
    if out["record_id"].duplicated().any():
        dup = out["record_id"][out["record_id"].duplicated()].iloc[0]
        raise DataError(f"{path}: record_id {dup!r} occurs more than once")
    if len(out) < 2:
        raise DataError(f"{path}: needs at least two records")
    return out, labels


def draw_priors(
    labels: np.ndarray, *, seed: int, n_prior_included: int = 1, n_prior_excluded: int = 1
) -> list[int]:
    """Row indices of the prior knowledge: included ones first, then excluded ones."""
    included = np.flatnonzero(labels == 1)
    excluded = np.flatnonzero(labels == 0)
    if n_prior_included < 1 or n_prior_excluded < 1:
        raise UsageError("the model needs at least one included and one excluded prior")
    if len(included) < n_prior_included:
        raise DataError(
            f"{n_prior_included} included priors asked, only {len(included)} included records"
        )
    if len(excluded) < n_prior_excluded:
        raise DataError(
            f"{n_prior_excluded} excluded priors asked, only {len(excluded)} excluded records"
        )
    rng = np.random.default_rng(seed)
    inc = rng.choice(included, n_prior_included, replace=False)
    exc = rng.choice(excluded, n_prior_excluded, replace=False)
    return [int(i) for i in inc] + [int(i) for i in exc]


def simulate(
    records: pd.DataFrame,
    labels: np.ndarray,
    *,
    seed: int = 0,
    n_prior_included: int = 1,
    n_prior_excluded: int = 1,
    prior: list[int] | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = BATCH_SIZE,
    batch_growth: float = BATCH_GROWTH,
    dry_spell: int = DRY_SPELL,
    retrain_on_inclusion: bool = True,
    target_recall: float = 0.95,
    alpha: float = 0.05,
    consecutive_irrelevant: int = stopping.DEFAULT_CONSECUTIVE,
) -> dict:
    """Run one simulation; returns the ``metrics.json`` content plus ``seconds`` (wall time).

    ``prior`` (row indices) overrides the seeded draw of prior knowledge.
    """
    labels = np.asarray(labels, dtype=np.int64)
    if labels.sum() == 0:
        raise DataError("no included record: nothing to find")
    if labels.sum() == len(labels):
        raise DataError("no excluded record: the model needs both classes")
    preset = get_preset(model)
    if prior is None:
        prior = draw_priors(
            labels, seed=seed, n_prior_included=n_prior_included, n_prior_excluded=n_prior_excluded
        )
    start = time.perf_counter()
    X = preset.features.from_records(records)
    order, stats = active_order(
        X,
        labels,
        prior,
        model=model,
        seed=seed,
        batch_size=batch_size,
        batch_growth=batch_growth,
        dry_spell=dry_spell,
        retrain_on_inclusion=retrain_on_inclusion,
    )
    seconds = time.perf_counter() - start
    in_order = labels[order]
    ids = [str(v) for v in records["record_id"]]
    result: dict = {
        **metrics.summary(in_order),
        "model": model,
        "model_params": preset.params(seed),
        "seed": seed,
        "n_prior": len(prior),
        "prior": [ids[i] for i in prior],
        "n_fits": stats["n_fits"],
        "retrain_schedule": {
            "batch_size": batch_size,
            "batch_growth": batch_growth,
            "after_inclusion": retrain_on_inclusion,
        },
        "dry_spell": dry_spell,
        "stopping": stopping.stop_points(
            in_order,
            target_recall=target_recall,
            alpha=alpha,
            consecutive_irrelevant=consecutive_irrelevant,
            n_prior=len(prior),
        ),
        "stopping_default": stopping.STOPPING_DEFAULT,
        "order": [ids[i] for i in order],
    }
    result["seconds"] = seconds
    return result


def plot_recall(result: dict, labels_in_order: np.ndarray, out_base: Path) -> list[Path]:
    """Recall curve with the random and perfect orders and the stop points (PNG + SVG)."""
    import matplotlib.pyplot as plt

    from pipeline.plots import save_figure

    n = len(labels_in_order)
    total = int(labels_in_order.sum())
    x = np.arange(0, n + 1)
    model_curve = np.concatenate([[0.0], np.cumsum(labels_in_order) / total])
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.plot(x, model_curve, color="#1f77b4", lw=1.6, label=f"model ({result['model']})")
    ax.plot([0, n], [0, 1], color="#7f7f7f", lw=1.0, ls="--", label="random order (expected)")
    ax.plot([0, total, n], [0, 1, 1], color="#2ca02c", lw=1.0, ls=":", label="perfect order")
    markers = {
        "poisson_process": ("o", "#ff7f0e"),
        "hypergeometric": ("v", "#d62728"),
        "consecutive_irrelevant": ("s", "#9467bd"),
    }
    for rule, point in result["stopping"].items():
        if point["stop_at"] is not None:
            shape, colour = markers[rule]
            ax.plot(
                point["stop_at"],
                point["recall"],
                marker=shape,
                color=colour,
                ls="none",
                label=f"stop: {rule.replace('_', ' ')} ({point['stop_at']}, recall {point['recall']:.2f})",
            )
    ax.axhline(0.95, color="#bbbbbb", lw=0.6)
    ax.set_xlim(0, n)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("records screened")
    ax.set_ylabel("recall (share of inclusions found)")
    ax.set_title(
        f"{result['n_included']} inclusions in {n} records: WSS@95 {result['wss_95']:.3f}",
        fontsize=10,
    )
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    paths = [
        save_figure(fig, out_base.with_suffix(".png"), dpi=150),
        save_figure(fig, out_base.with_suffix(".svg")),
    ]
    plt.close(fig)
    return paths


def write_outputs(
    result: dict, labels: np.ndarray, records: pd.DataFrame, out_dir: str | Path
) -> list[Path]:
    """Write ``metrics.json`` and ``recall_curve.png``/``.svg`` into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {k: v for k, v in result.items() if k != "seconds"}
    path = out_dir / "metrics.json"
    write_text(
        path,
        json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    position = {rid: i for i, rid in enumerate(str(v) for v in records["record_id"])}
    in_order = np.asarray([labels[position[rid]] for rid in result["order"]], dtype=np.int64)
    return [path, *plot_recall(result, in_order, out_dir / "recall_curve")]
