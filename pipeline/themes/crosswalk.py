"""Crosswalk: where the themes of the review's codebook meet those of other frameworks.

Every pair of sub-themes (and of higher themes) of two codebooks gets a strength, the mean of
two measures: the cosine between the TF-IDF profiles of their definitions (label,
description, examples, cues) and the Jaccard overlap of the included studies assigned to
them. The studies assigned both are the evidence that links the pair: ``crosswalk.csv``
lists them and quotes, for the study that expresses both most strongly, its best sentence
for each side.

Coverage (``crosswalk_coverage.csv`` and the end of each section of ``crosswalk.md``) turns
the table round: for each theme of the other framework, how many included studies reach it
and which review theme meets it best, so a theme no study reaches, or that no review theme
meets, is reported as unmatched rather than left out.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.safetext import markdown
from pipeline.themes import ThemeResult
from pipeline.themes.lemmas import analyzer

#: A pair below this strength is not shown as a match (crosswalk.md, coverage).
MIN_STRENGTH = 0.1
COLUMNS = (
    "level",
    "codebook",
    "theme_id",
    "theme",
    "other_codebook",
    "other_theme_id",
    "other_theme",
    "text_similarity",
    "co_assigned",
    "jaccard",
    "strength",
    "linking_studies",
    "evidence",
    "other_evidence",
)
COVERAGE_COLUMNS = (
    "other_codebook",
    "level",
    "other_theme_id",
    "other_theme",
    "n_studies",
    "best_theme_id",
    "best_theme",
    "best_strength",
    "status",
)


def _profile_text(sub) -> str:
    return " ".join((sub.profile(), *sub.cues))


def best_sentences(evidence: pd.DataFrame) -> dict[tuple[str, str], tuple[str, float]]:
    """``(record_id, subtheme) -> (sentence, score)``: the best evidence sentence of a cell."""
    if evidence.empty:
        return {}
    top = evidence.sort_values(["score", "sentence_index"], ascending=[False, True], kind="stable")
    top = top.drop_duplicates(["record_id", "subtheme"])
    return {
        (r, s): (sentence, float(score))
        for r, s, sentence, score in zip(
            top["record_id"], top["subtheme"], top["sentence"], top["score"], strict=True
        )
    }


def _best_of(
    sentences: dict[tuple[str, str], tuple[str, float]], rid: str, subthemes: Sequence[str]
) -> tuple[str, float]:
    found = [sentences[(rid, s)] for s in subthemes if (rid, s) in sentences]
    return max(found, key=lambda item: item[1], default=("", 0.0))


@dataclass(frozen=True)
class _Walk:
    """The two codebooks' ids, the studies' citations and each side's best sentences."""

    a_id: str
    b_id: str
    cites: pd.Series
    sent_a: dict
    sent_b: dict


def _row(
    walk: _Walk,
    rows: list[tuple],
    level: str,
    ta: str,
    la: str,
    tb: str,
    lb: str,
    sim: float,
    col_a: pd.Series,
    col_b: pd.Series,
    subs_a: list[str],
    subs_b: list[str],
) -> None:
    """Append the row of one pair of themes (ids ``ta``/``tb``, labels ``la``/``lb``) whose
    assignments are ``col_a``/``col_b``."""
    cites = walk.cites
    both_mask = (col_a == 1) & (col_b == 1)
    both = list(col_a.index[both_mask])
    either = int(((col_a == 1) | (col_b == 1)).sum())
    jac = len(both) / either if either else 0.0
    linking = "; ".join(sorted((cites[r] for r in both), key=str.lower))
    quote_a = quote_b = ""
    if both:
        # The study that expresses both sides most strongly; ties: first record_id.
        picked = [
            (_best_of(walk.sent_a, r, subs_a), _best_of(walk.sent_b, r, subs_b), -k, r)
            for k, r in enumerate(both)
        ]
        (text_a, _), (text_b, _), _, rid = max(picked, key=lambda p: (p[0][1] + p[1][1], p[2]))
        if text_a:
            quote_a = f'{cites[rid]}: "{text_a}"'
        if text_b:
            quote_b = f'{cites[rid]}: "{text_b}"'
    rows.append(
        (
            level,
            walk.a_id,
            ta,
            la,
            walk.b_id,
            tb,
            lb,
            round(float(sim), 3),
            len(both),
            round(jac, 3),
            round((float(sim) + jac) / 2, 3),
            linking,
            quote_a,
            quote_b,
        )
    )


def crosswalk(
    result: ThemeResult,
    other: ThemeResult,
    *,
    evidence: pd.DataFrame | None = None,
    other_evidence: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pairs of sub-themes (and of higher themes) of two codebooks and how they meet.

    ``text_similarity``: cosine between TF-IDF profiles; ``co_assigned``: studies assigned
    both; ``jaccard``: co-assigned / assigned either; ``strength``: the mean of the two;
    ``linking_studies``: citations of the co-assigned studies; ``evidence`` /
    ``other_evidence``: the best sentence for each side of the linking study with the highest
    combined score (from the evidence tables, when given).
    """
    a, b = result.codebook, other.codebook
    texts = [_profile_text(s) for s in a.subthemes] + [_profile_text(s) for s in b.subthemes]
    matrix = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit_transform(texts)
    na = len(a.subthemes)
    sims = (matrix[:na] @ matrix[na:].T).toarray()
    ids = result.assigned.index.intersection(other.assigned.index)
    cites = result.studies.set_index("record_id")["citation"]
    sent_a = best_sentences(evidence) if evidence is not None else {}
    sent_b = best_sentences(other_evidence) if other_evidence is not None else {}
    walk = _Walk(a.id, b.id, cites, sent_a, sent_b)
    rows = []
    add = functools.partial(_row, walk, rows)

    for i, sa in enumerate(a.subthemes):
        for j, sb in enumerate(b.subthemes):
            add(
                "subtheme",
                sa.id,
                sa.label,
                sb.id,
                sb.label,
                sims[i, j],
                result.assigned.loc[ids, sa.id],
                other.assigned.loc[ids, sb.id],
                [sa.id],
                [sb.id],
            )
    ha, hb = result.higher_assigned.loc[ids], other.higher_assigned.loc[ids]
    pos_a = {s.id: i for i, s in enumerate(a.subthemes)}
    pos_b = {s.id: j for j, s in enumerate(b.subthemes)}
    for ta in a.themes:
        for tb in b.themes:
            subs_a, subs_b = [s.id for s in ta.subthemes], [s.id for s in tb.subthemes]
            block = sims[np.ix_([pos_a[s] for s in subs_a], [pos_b[s] for s in subs_b])]
            add(
                "higher_theme",
                ta.id,
                ta.label,
                tb.id,
                tb.label,
                block.max(initial=0.0),
                ha[ta.id],
                hb[tb.id],
                subs_a,
                subs_b,
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def coverage(
    walk: pd.DataFrame, others: Sequence[ThemeResult], *, min_strength: float = MIN_STRENGTH
) -> pd.DataFrame:
    """For each theme of each other framework: studies reaching it and its closest review
    theme. ``status`` is ``matched``, ``no included study`` (no study is assigned it) or
    ``no review theme`` (studies reach it but no review theme meets it at ``min_strength``).
    """
    rows = []
    for other in others:
        part = walk[walk["other_codebook"] == other.codebook.id]
        counts = {
            "subtheme": other.assigned.sum(axis=0),
            "higher_theme": other.higher_assigned.sum(axis=0),
        }
        items = [("higher_theme", t.id, t.label) for t in other.codebook.themes]
        items += [("subtheme", s.id, s.label) for s in other.codebook.subthemes]
        for level, tid, label in items:
            pairs = part[(part["level"] == level) & (part["other_theme_id"] == tid)]
            best = pairs.sort_values(
                ["strength", "theme_id"], ascending=[False, True], kind="stable"
            ).head(1)
            n = int(counts[level][tid])
            strength = float(best["strength"].iloc[0]) if len(best) else 0.0
            if n == 0:
                status = "no included study"
            elif strength < min_strength:
                status = "no review theme"
            else:
                status = "matched"
            rows.append(
                (
                    other.codebook.id,
                    level,
                    tid,
                    label,
                    n,
                    best["theme_id"].iloc[0] if len(best) and strength >= min_strength else "",
                    best["theme"].iloc[0] if len(best) and strength >= min_strength else "",
                    round(strength, 3),
                    status,
                )
            )
    return pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))


def _md_cell(text: object) -> str:
    return markdown(text)  # record and codebook text: escaped, never markup


def _shorten(quote: str, limit: int = 220) -> str:
    """A ``cite: "sentence"`` quote cut to ``limit`` characters, closing quote kept."""
    return quote if len(quote) <= limit else quote[: limit - 2].rstrip() + '…"'


def pair_lines(
    rows: pd.DataFrame, *, top: int, min_strength: float = MIN_STRENGTH, evidence: bool = True
) -> list[str]:
    """Markdown table rows: each theme of the first codebook with its ``top`` matches."""
    header = "| Theme | Meets | Strength | Text similarity | Studies in both |"
    lines = [
        header + (" Evidence (one linking study) |" if evidence else ""),
        "|---|---|---:|---:|---:|" + ("---|" if evidence else ""),
    ]
    for _theme_id, group in rows.groupby("theme_id", sort=False):
        best = group.sort_values(
            ["strength", "other_theme_id"], ascending=[False, True], kind="stable"
        )
        best = best[best["strength"] >= min_strength].head(top)
        label = _md_cell(group["theme"].iloc[0])
        if best.empty:
            lines.append(f"| {label} | (no match) | | | |" + (" |" if evidence else ""))
        for row in best.itertuples(index=False):
            cells = (
                f"| {label} | {_md_cell(row.other_theme)} | {row.strength:.2f} | "
                f"{row.text_similarity:.2f} | {row.co_assigned} |"
            )
            if evidence:
                quotes = [_shorten(q) for q in (row.evidence, row.other_evidence) if q]
                if len(quotes) == 2 and quotes[0] == quotes[1]:
                    quotes = quotes[:1]
                elif len(quotes) == 2:
                    # Both quotes come from the one linking study: name it once.
                    cite = quotes[0].split(": ", 1)[0] + ": "
                    quotes[1] = quotes[1].removeprefix(cite)
                cells += " " + _md_cell(" / ".join(quotes)) + " |"
            lines.append(cells)
            label = ""
    return lines


def coverage_lines(cover: pd.DataFrame, title: str) -> list[str]:
    """Which themes of one other framework the included studies reach, and the unmatched."""
    subs = cover[cover["level"] == "subtheme"]
    lines = [
        f"### Coverage of {title}",
        "",
        "| Theme | Studies (n) | Closest review theme | Strength | Status |",
        "|---|---:|---|---:|---|",
    ]
    for row in subs.itertuples(index=False):
        lines.append(
            f"| {_md_cell(row.other_theme)} | {row.n_studies} | {_md_cell(row.best_theme)} | "
            f"{row.best_strength:.2f} | {row.status} |"
        )
    unmatched = subs[subs["status"] != "matched"]
    lines.append("")
    if unmatched.empty:
        lines.append(
            "Every theme is reached by at least one included study and met by a review theme."
        )
    else:
        lines.append(
            "Unmatched: "
            + "; ".join(f"{r.other_theme} ({r.status})" for r in unmatched.itertuples())
            + "."
        )
    return [*lines, ""]


def crosswalk_markdown(
    table: pd.DataFrame,
    titles: dict[str, str],
    cover: pd.DataFrame | None = None,
    *,
    top: int = 2,
    min_strength: float = MIN_STRENGTH,
) -> str:
    """For each theme of the first codebook, its strongest matches in each other codebook,
    the evidence linking them and (with ``cover``) the other framework's unmatched themes."""
    lines = [
        "# Crosswalk between codebooks",
        "",
        "Strength is the mean of the text similarity of the two themes' definitions and "
        "cues and the Jaccard overlap of the studies assigned to them. The evidence quotes, "
        "for the linking study that expresses both themes most strongly, its best sentence "
        "for each (once when it is the same sentence).",
        "",
    ]
    for other_id, part in table.groupby("other_codebook", sort=False):
        for level, title in (("higher_theme", "Higher themes"), ("subtheme", "Sub-themes")):
            rows = part[part["level"] == level]
            lines += [
                f"## {title}: {titles.get(part['codebook'].iloc[0], '')} → "
                f"{titles.get(other_id, other_id)}",
                "",
                *pair_lines(rows, top=top, min_strength=min_strength),
                "",
            ]
        if cover is not None:
            mine = cover[cover["other_codebook"] == other_id]
            lines += coverage_lines(mine, titles.get(other_id, other_id))
    return "\n".join(lines).rstrip() + "\n"


def synthesis_section(
    table: pd.DataFrame, titles: dict[str, str], cover: pd.DataFrame
) -> list[str]:
    """The synthesis report's part on other frameworks: each review sub-theme's closest
    theme in each framework, with the linking evidence, and each framework's coverage."""
    lines = ["## The review's themes against other frameworks", ""]
    for other_id, part in table.groupby("other_codebook", sort=False):
        title = titles.get(other_id, other_id)
        lines += [
            f"### {title}",
            "",
            *pair_lines(part[part["level"] == "subtheme"], top=1),
            "",
            *[
                "#" + line if line.startswith("### ") else line
                for line in coverage_lines(cover[cover["other_codebook"] == other_id], title)
            ],
        ]
    return lines


__all__ = [
    "COLUMNS",
    "COVERAGE_COLUMNS",
    "MIN_STRENGTH",
    "best_sentences",
    "coverage",
    "crosswalk",
    "crosswalk_markdown",
    "synthesis_section",
]
