"""Benchmark the synthesis stage against the hand-coded gold set.

Prints precision, recall and F1 per higher theme and per sub-theme for

* **rules**: cue matching with negation + TF-IDF similarity, no training;
* **rules + supervised**: the supervised step evaluated by k-fold cross-validation over the
  gold set: in each fold the other folds' studies are passed in as reviewers' codes and only
  the held-out studies are scored, so no study is scored by a model trained on it;

plus macro-F1 (over labels with at least one gold study) against the targets and the time
taken. When the example review's records (``tests/data/example/papers.csv``) and their hand
codes (``tests/data/themes/holdout_codes.csv``) are present, it also scores those studies,
which played no part in writing the cues or choosing the parameters: rules alone, and rules
plus a supervised step trained on the whole gold set. Usage::

    .venv/bin/python benchmarks/themes.py [--gold tests/data/themes/gold.csv]
        [--codebook config/codebooks/review_framework.yaml] [--folds 5] [--threshold 0.5]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import KFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.themes import code_studies  # noqa: E402
from pipeline.themes import codebook as codebooks  # noqa: E402
from pipeline.themes.outputs import read_studies  # noqa: E402
from pipeline.themes.score import DEFAULT_THRESHOLD  # noqa: E402

TARGET_HIGHER = 0.75
TARGET_SUB = 0.60


def gold_matrix(gold: pd.DataFrame, book: codebooks.Codebook) -> pd.DataFrame:
    out = pd.DataFrame(0, index=sorted(gold["record_id"]), columns=book.subtheme_ids)
    for rid, codes in zip(gold["record_id"], gold["codes"], strict=True):
        for code in filter(None, (c.strip() for c in codes.split(";"))):
            if code not in out.columns:
                raise SystemExit(f"gold: {rid}: code {code!r} is not in codebook {book.id!r}")
            out.loc[rid, code] = 1
    return out


def higher(matrix: pd.DataFrame, book: codebooks.Codebook) -> pd.DataFrame:
    return pd.DataFrame(
        {t.id: matrix[[s.id for s in t.subthemes]].max(axis=1) for t in book.themes},
        index=matrix.index,
    )


def prf(truth: pd.Series, pred: pd.Series) -> tuple[float, float, float]:
    p, r, f, _ = precision_recall_fscore_support(truth, pred, average="binary", zero_division=0)
    return float(p), float(r), float(f)


def cross_validated(
    studies: pd.DataFrame, truth: pd.DataFrame, book, *, folds: int, threshold: float
) -> tuple[pd.DataFrame, int]:
    """Held-out predictions with the supervised step trained on the other folds."""
    pred = pd.DataFrame(0, index=truth.index, columns=truth.columns)
    ids = np.array(truth.index)
    trained = []
    for train, test in KFold(n_splits=folds, shuffle=True, random_state=0).split(ids):
        coded = truth.loc[ids[train]].stack().rename("reviewer_code").reset_index()
        coded.columns = ["record_id", "subtheme", "reviewer_code"]
        result = code_studies(studies, book, coding=coded, threshold=threshold)
        pred.loc[ids[test]] = result.assigned.loc[ids[test]].to_numpy()
        assert (result.source.loc[ids[test]] != "reviewer").all().all()
        trained.append(result.n_supervised)
    return pred, int(np.mean(trained))


COLUMNS = ["level", "label", "n_gold", "P_rules", "R_rules", "F1_rules", "P_sup", "R_sup", "F1_sup"]


def score_table(book, truth, rules, supervised) -> pd.DataFrame:
    """P/R/F1 per higher theme and sub-theme for the two methods."""
    rows = []
    for level, t_mat, r_mat, s_mat in (
        ("higher", higher(truth, book), higher(rules, book), higher(supervised, book)),
        ("sub", truth, rules, supervised),
    ):
        for col in t_mat.columns:
            scores = (*prf(t_mat[col], r_mat[col]), *prf(t_mat[col], s_mat[col]))
            rows.append((level, col, int(t_mat[col].sum()), *scores))
    return pd.DataFrame(rows, columns=COLUMNS)


def report(table: pd.DataFrame, title: str) -> list[bool]:
    """Print the table and the macro-F1 summary; return target verdicts."""
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        print(table.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    print()
    print(f"{title:<34}{'rules':>8}{'rules+supervised':>18}{'target':>8}")
    verdicts = []
    for level, target in (("higher", TARGET_HIGHER), ("sub", TARGET_SUB)):
        part = table[(table["level"] == level) & (table["n_gold"] > 0)]
        f_rules, f_sup = part["F1_rules"].mean(), part["F1_sup"].mean()
        name = f"macro-F1 {level}-theme ({len(part)} labels)"
        print(f"{name:<34}{f_rules:>8.3f}{f_sup:>18.3f}{target:>8.2f}")
        verdicts.append(max(f_rules, f_sup) >= target)
    empty = table[(table["level"] == "sub") & (table["n_gold"] == 0)]["label"].tolist()
    if empty:
        print(f"(sub-themes with no coded study, left out of macro-F1: {', '.join(empty)})")
    return verdicts


def _sha(title: str, abstract: str) -> str:
    return hashlib.sha1(f"{title}\n{abstract}".encode()).hexdigest()[:12]


def holdout(book, gold_studies, gold_truth, *, papers: Path, codes: pd.DataFrame, threshold):
    """Score the example review's included studies (never used for tuning).

    Only studies whose title and abstract still hash to ``text_sha1`` (the text that was
    coded) are scored; the example's records are maintained separately and may be rewritten.
    """
    table = pd.read_csv(papers, dtype=str, keep_default_na=False)
    table = table[table["paper_id"].isin(codes["record_id"])].rename(
        columns={"paper_id": "record_id"}
    )
    current = {
        r: _sha(t, a)
        for r, t, a in zip(table["record_id"], table["title"], table["abstract"], strict=True)
    }
    if "text_sha1" in codes.columns:
        codes = codes[
            [
                current.get(r) == h
                for r, h in zip(codes["record_id"], codes["text_sha1"], strict=True)
            ]
        ]
    studies = table[table["record_id"].isin(codes["record_id"])][
        ["record_id", "title", "abstract", "authors", "year"]
    ]
    studies = studies.assign(citation=studies["record_id"])
    truth = gold_matrix(codes, book)
    start = time.perf_counter()
    rules = code_studies(studies, book, threshold=threshold).assigned.loc[truth.index]
    elapsed = time.perf_counter() - start
    training = gold_truth.stack().rename("reviewer_code").reset_index()
    training.columns = ["record_id", "subtheme", "reviewer_code"]
    both = pd.concat([gold_studies[list(studies.columns)], studies], ignore_index=True)
    result = code_studies(both, book, coding=training, threshold=threshold)
    supervised = result.assigned.loc[truth.index]
    return score_table(book, truth, rules, supervised), elapsed, truth, rules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", default=str(ROOT / "tests/data/themes/gold.csv"))
    parser.add_argument("--codebook", default=str(ROOT / "config/codebooks/review_framework.yaml"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args(argv)

    book = codebooks.load(args.codebook)
    studies = read_studies(args.gold)
    gold = pd.read_csv(args.gold, dtype=str, keep_default_na=False)
    truth = gold_matrix(gold, book)

    start = time.perf_counter()
    rules = code_studies(studies, book, threshold=args.threshold).assigned.loc[truth.index]
    t_rules = time.perf_counter() - start
    start = time.perf_counter()
    supervised, n_models = cross_validated(
        studies, truth, book, folds=args.folds, threshold=args.threshold
    )
    t_sup = time.perf_counter() - start

    print(
        f"gold set: {len(truth)} studies, codebook {book.id!r} "
        f"({len(book.themes)} higher themes, {len(book.subthemes)} sub-themes), "
        f"threshold {args.threshold:g}; supervised = {args.folds}-fold cross-validation"
    )
    print()
    verdicts = report(score_table(book, truth, rules, supervised), "gold summary")
    print()
    print(
        f"time rules: {t_rules:.2f} s for {len(truth)} studies "
        f"({1000 * t_rules / len(truth):.1f} ms/study)"
    )
    print(
        f"time supervised CV: {t_sup:.2f} s for {args.folds} folds "
        f"(mean {n_models} sub-theme models trained per fold)"
    )

    papers = ROOT / "tests/data/example/papers.csv"
    codes_path = ROOT / "tests/data/themes/holdout_codes.csv"
    if papers.is_file() and codes_path.is_file():
        codes = pd.read_csv(codes_path, dtype=str, keep_default_na=False)
        held, t_held, held_truth, held_rules = holdout(
            book, studies, truth, papers=papers, codes=codes, threshold=args.threshold
        )
        skipped = len(codes) - len(held_truth)
        print()
        print(
            f"held-out: {len(held_truth)} included studies of the example review, coded by "
            f"hand from their abstracts ({skipped} skipped: text changed since coding); "
            "supervised = trained on the whole gold set"
        )
        print()
        report(held, "held-out summary")
        print()
        print(f"time rules: {t_held:.2f} s for {len(held_truth)} studies")
        notes = ROOT / "tests/data/example/extraction_notes.csv"
        if notes.is_file():
            second = pd.read_csv(notes, dtype=str, keep_default_na=False).rename(
                columns={"paper_id": "record_id", "subthemes": "codes"}
            )
            second = second[second["record_id"].isin(held_truth.index)]
            other = gold_matrix(second, book).reindex(held_truth.index, fill_value=0)
            print()
            print(
                f"second coder: sub-theme codes in extraction_notes.csv for {len(second)} of "
                "these studies (coded from full-text notes, not from the abstracts)"
            )
            agree = score_table(book, other, held_truth, held_rules)
            for level in ("higher", "sub"):
                part = agree[(agree["level"] == level) & (agree["n_gold"] > 0)]
                print(
                    f"  macro-F1 {level}-theme vs second coder: first coder "
                    f"{part['F1_rules'].mean():.3f}, rules {part['F1_sup'].mean():.3f}"
                )
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
