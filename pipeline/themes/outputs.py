"""Files in and out of the themes stage.

Reads the studies table (CSV or Parquet), reviewers' notes and the coding sheet; writes, in
the output folder, sorted by ``record_id`` and in codebook order so that a rerun writes the
same bytes:

* ``theme_matrix.csv`` / ``higher_theme_matrix.csv``: ``record_id`` + one 0/1 column per
  sub-theme / higher theme id;
* ``theme_table.csv`` / ``.md``: higher theme, sub-theme, number of studies, citations;
* ``heatmap.png`` / ``.svg``: studies × sub-themes, shaded by confidence, dot = assigned;
* ``evidence.csv``: ``record_id``, ``subtheme``, ``sentence``, ``score``, ``source`` (title,
  abstract or notes), ``cues``, ``sentence_index`` for every assigned study × sub-theme;
* ``coding.csv``: the sheet reviewers fill in (``reviewer_code`` 0/1) and pass back with
  ``--coding``;
* ``synthesis.md``: the report grouped by higher theme and sub-theme, with evidence;
* ``crosswalk.csv`` / ``.md`` and ``crosswalk_coverage.csv`` (with ``--compare``): which
  themes of the codebook and of each other framework meet, the studies and sentences that
  link them, and the other frameworks' unmatched themes (:mod:`pipeline.themes.crosswalk`);
  ``synthesis.md`` then ends with the same comparison.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.cells import neutralise_frame, restore_cell
from pipeline.errors import DataError
from pipeline.files import write_csv, write_text
from pipeline.safetext import markdown
from pipeline.themes import ThemeResult
from pipeline.themes import crosswalk as crosswalks
from pipeline.themes.codebook import Codebook

log = logging.getLogger(__name__)

#: Evidence sentences kept per assigned study × sub-theme, and the lowest score shown.
EVIDENCE_PER_CELL = 3
EVIDENCE_MIN_SCORE = 0.3
CODING_COLUMNS = (
    "record_id",
    "citation",
    "higher_theme",
    "subtheme",
    "subtheme_label",
    "assigned",
    "confidence",
    "source",
    "evidence",
    "reviewer_code",
)
EVIDENCE_COLUMNS = (
    "record_id",
    "subtheme",
    "sentence",
    "score",
    "source",
    "cues",
    "sentence_index",
)


# ----------------------------------------------------------------------------- reading


def _count(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun, singular for one: ``1 study``, ``2 studies``.

    >>> _count(1, "study", "studies"), _count(3, "sub-theme")
    ('1 study', '3 sub-themes')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def _authors(value: object) -> list[str]:
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value if str(v).strip()]
    text = _text(value)
    return [a.strip() for a in text.split(";") if a.strip()]


def surname(author: str) -> str:
    """Family name from "Smith, J.", "Smith J" or "Jane Smith".

    >>> [surname(a) for a in ("Naqvi, D.", "Dambha-Miller H", "de Saxe Zerden L", "Ann Lee")]
    ['Naqvi', 'Dambha-Miller', 'de Saxe Zerden', 'Lee']
    """
    author = author.strip()
    if "," in author:
        return author.split(",")[0].strip()
    parts = author.split()
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,3}\.?", parts[-1].replace(".", "")):
        return " ".join(parts[:-1])
    return parts[-1] if parts else ""


def citation(authors: Sequence[str], year: object, fallback: str) -> str:
    """Short citation: "Smith 2016", "Smith and Lee 2016" or "Smith et al. 2016".

    >>> citation(["Naqvi, D.", "Malik, A.", "Al-Zubaidy, M."], 2019, "x")
    'Naqvi et al. 2019'
    >>> citation([], None, "pubmed:1")
    'pubmed:1'
    """
    names = [surname(a) for a in authors if surname(a)]
    year_text = "" if year is None or pd.isna(year) or _text(year) == "" else str(int(float(year)))
    if not names:
        return fallback
    if len(names) == 1:
        lead = names[0]
    elif len(names) == 2:
        lead = f"{names[0]} and {names[1]}"
    else:
        lead = f"{names[0]} et al."
    return f"{lead} {year_text}".strip()


def add_citations(studies: pd.DataFrame) -> pd.DataFrame:
    """Add a ``citation`` column (unless present), with a/b suffixes for clashes."""
    out = studies.copy()
    if "citation" not in out.columns or not out["citation"].map(_text).str.strip().all():
        authors = out["authors"] if "authors" in out.columns else [[]] * len(out)
        years = out["year"] if "year" in out.columns else [None] * len(out)
        out["citation"] = [
            citation(_authors(a), y, rid)
            for a, y, rid in zip(authors, years, out["record_id"], strict=True)
        ]
    out["citation"] = out["citation"].map(_text)
    counts = out["citation"].value_counts()
    for cite in sorted(counts[counts > 1].index):
        rows = out.index[out["citation"] == cite]
        for n, idx in enumerate(sorted(rows, key=lambda i: out.at[i, "record_id"])):
            out.at[idx, "citation"] = (
                re.sub(r"(\d{4})$", rf"\g<1>{chr(97 + n % 26)}", cite)
                if re.search(r"\d{4}$", cite)
                else f"{cite} ({chr(97 + n % 26)})"
            )
    return out


def read_studies(path: str | Path) -> pd.DataFrame:
    """Read a studies table (CSV or Parquet) with ``record_id``, ``title``, ``abstract``."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such studies file")
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read studies table ({exc})") from exc
    missing = [c for c in ("record_id", "title", "abstract") if c not in frame.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)}; a studies table needs "
            "record_id, title and abstract"
        )
    if frame.empty:
        raise DataError(f"{path}: the studies table has no rows, so there is nothing to code")
    for col in ("record_id", "title", "abstract", "notes"):
        if col in frame.columns:
            frame[col] = [_text(v) for v in frame[col]]
    blank = frame.index[frame["record_id"].str.strip() == ""]
    if len(blank):
        raise DataError(f"{path}: row {int(blank[0]) + 2} has no record_id")
    dupes = frame["record_id"][frame["record_id"].duplicated()]
    if len(dupes):
        raise DataError(f"{path}: record_id {dupes.iloc[0]!r} occurs more than once")
    frame = frame.astype({c: object for c in frame.columns})
    return add_citations(frame)


def _safe_name(record_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", record_id)


def attach_notes(studies: pd.DataFrame, notes: str | Path) -> pd.DataFrame:
    """Add reviewers' notes or full text to the ``notes`` column.

    ``notes`` is a folder of ``<record_id>.txt`` / ``.md`` files (characters other than
    letters, digits, ``.``, ``_`` and ``-`` replaced by ``_``: ``pubmed_123.txt``) or a CSV
    with ``record_id`` and ``notes`` columns.
    """
    path = Path(notes)
    out = studies.copy()
    if "notes" not in out.columns:
        out["notes"] = [""] * len(out)
    extra: dict[str, str] = {}
    if path.is_dir():
        by_name = {_safe_name(rid): rid for rid in out["record_id"]}
        for file in sorted(path.iterdir()):
            if file.suffix.lower() not in (".txt", ".md") or not file.is_file():
                continue
            rid = by_name.get(file.stem)
            if rid is None:
                log.warning("%s: no study with record_id %r; file ignored", file, file.stem)
                continue
            extra[rid] = file.read_text(encoding="utf-8", errors="replace")
    elif path.is_file():
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, ValueError) as exc:
            raise DataError(f"{path}: cannot read notes table ({exc})") from exc
        if not {"record_id", "notes"} <= set(table.columns):
            raise DataError(f"{path}: a notes table needs record_id and notes columns")
        for rid, text in zip(table["record_id"], table["notes"], strict=True):
            extra[rid] = (extra.get(rid, "") + "\n" + text).strip()
    else:
        raise DataError(f"{path}: no such notes file or folder")
    out["notes"] = [
        "\n".join(p for p in (_text(old), extra.get(rid, "")) if p.strip())
        for rid, old in zip(out["record_id"], out["notes"], strict=True)
    ]
    return out


def read_coding(path: str | Path, codebook: Codebook) -> pd.DataFrame:
    """Read reviewers' codes: ``record_id``, ``subtheme``, ``reviewer_code`` (1, 0 or blank).

    Returns the three columns with ``reviewer_code`` as int (-1 for blank). A sub-theme id
    that is not in the codebook, or a code other than 0/1, is an error naming the line.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such coding sheet")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read coding sheet ({exc})") from exc
    missing = [c for c in ("record_id", "subtheme", "reviewer_code") if c not in table.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}")
    known = set(codebook.subtheme_ids)
    codes = []
    for line, (_rid, sub, raw) in enumerate(
        zip(table["record_id"], table["subtheme"], table["reviewer_code"], strict=True), start=2
    ):
        sub = restore_cell(sub).strip()
        if sub not in known:
            raise DataError(
                f"{path}: line {line}: sub-theme {sub!r} is not in codebook {codebook.id!r}"
            )
        value = raw.strip().lower()
        if value in ("", "na", "-"):
            codes.append(-1)
        elif value in ("1", "1.0", "yes", "y", "true"):
            codes.append(1)
        elif value in ("0", "0.0", "no", "n", "false"):
            codes.append(0)
        else:
            raise DataError(
                f"{path}: line {line}: reviewer_code must be 1, 0 or empty, got {raw!r}"
            )
        table.at[line - 2, "subtheme"] = sub
    out = pd.DataFrame(
        {
            "record_id": [restore_cell(r) for r in table["record_id"]],
            "subtheme": table["subtheme"],
            "reviewer_code": codes,
        }
    )
    return out.drop_duplicates(["record_id", "subtheme"], keep="last").reset_index(drop=True)


# ----------------------------------------------------------------------------- tables


def theme_matrix(result: ThemeResult) -> pd.DataFrame:
    return result.assigned.reset_index()


def higher_theme_matrix(result: ThemeResult) -> pd.DataFrame:
    return result.higher_assigned.reset_index()


def _citations(result: ThemeResult) -> pd.Series:
    return result.studies.set_index("record_id")["citation"]


def theme_table(result: ThemeResult) -> pd.DataFrame:
    """One row per sub-theme: its higher theme, number of studies and their citations."""
    cites = _citations(result)
    rows = []
    for theme in result.codebook.themes:
        for sub in theme.subthemes:
            ids = result.assigned.index[result.assigned[sub.id] == 1]
            names = sorted(cites[ids], key=str.lower)
            rows.append((theme.id, theme.label, sub.id, sub.label, len(names), "; ".join(names)))
    return pd.DataFrame(
        rows,
        columns=[
            "higher_theme_id",
            "higher_theme",
            "subtheme_id",
            "subtheme",
            "n_studies",
            "studies",
        ],
    )


def evidence_table(result: ThemeResult) -> pd.DataFrame:
    """Supporting sentences for every assigned study × sub-theme, best first."""
    sent = result.sentences
    if sent.empty:
        return pd.DataFrame(columns=list(EVIDENCE_COLUMNS))
    order = {s: i for i, s in enumerate(result.codebook.subtheme_ids)}
    pairs = result.assigned.stack()
    pairs = pairs[pairs == 1]
    keep = set(pairs.index)
    mask = [(r, s) in keep for r, s in zip(sent["record_id"], sent["subtheme"], strict=True)]
    chosen = sent[np.array(mask, dtype=bool) & (sent["score"] >= EVIDENCE_MIN_SCORE)].copy()
    chosen["_order"] = chosen["subtheme"].map(order)
    chosen = chosen.sort_values(
        ["record_id", "_order", "score", "sentence_index"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    chosen = chosen.groupby(["record_id", "subtheme"], sort=False).head(EVIDENCE_PER_CELL)
    chosen["score"] = chosen["score"].round(3)
    return chosen[list(EVIDENCE_COLUMNS)].reset_index(drop=True)


def coding_sheet(result: ThemeResult, evidence: pd.DataFrame) -> pd.DataFrame:
    """The reviewers' sheet: one row per study × sub-theme, reviewer codes carried over."""
    cites = _citations(result)
    best = (
        evidence.drop_duplicates(["record_id", "subtheme"]).set_index(["record_id", "subtheme"])[
            "sentence"
        ]
        if len(evidence)
        else pd.Series(dtype=str)
    )
    top = result.sentences.sort_values(
        ["record_id", "subtheme", "score", "sentence_index"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    top = top[top["score"] >= EVIDENCE_MIN_SCORE].drop_duplicates(["record_id", "subtheme"])
    top = top.set_index(["record_id", "subtheme"])["sentence"] if len(top) else best
    rows = []
    for rid in result.assigned.index:
        for sub in result.codebook.subthemes:
            src = result.source.at[rid, sub.id]
            code = result.assigned.at[rid, sub.id] if src == "reviewer" else ""
            rows.append(
                (
                    rid,
                    cites[rid],
                    sub.theme_id,
                    sub.id,
                    sub.label,
                    int(result.assigned.at[rid, sub.id]),
                    float(result.scores.at[rid, sub.id]),
                    src,
                    best.get((rid, sub.id), top.get((rid, sub.id), "")),
                    "" if code == "" else str(int(code)),
                )
            )
    return pd.DataFrame(rows, columns=list(CODING_COLUMNS))


def _md_cell(text: object) -> str:
    # Labels, citations and sentences come from records and codebooks: escaped, not markup.
    return markdown(text)


def theme_table_markdown(table: pd.DataFrame, codebook: Codebook) -> str:
    lines = [
        f"# {markdown(codebook.title)}",
        "",
        "| Higher theme | Sub-theme | Studies (n) | Studies |",
        "|---|---|---:|---|",
    ]
    previous = None
    for row in table.itertuples(index=False):
        higher = row.higher_theme if row.higher_theme_id != previous else ""
        previous = row.higher_theme_id
        lines.append(
            f"| {_md_cell(higher)} | {_md_cell(row.subtheme)} | {row.n_studies} | "
            f"{_md_cell(row.studies)} |"
        )
    return "\n".join(lines) + "\n"


def synthesis_markdown(
    result: ThemeResult, evidence: pd.DataFrame, *, compared: Sequence[str] = ()
) -> str:
    """The synthesis report, grouped by higher theme and sub-theme; ``compared``: lines of
    the comparison with other frameworks, appended at the end."""
    cb = result.codebook
    cites = _citations(result)
    n = len(result.assigned)
    higher = result.higher_assigned
    n_reviewer = int((result.source == "reviewer").to_numpy().sum())
    lines = [f"# Thematic synthesis: {markdown(cb.title)}", ""]
    if cb.source:
        lines += [f"Framework: {markdown(cb.source)}", ""]
    lines += [
        f"{_count(n, 'study', 'studies')} {'was' if n == 1 else 'were'} coded on "
        f"{_count(len(cb.subthemes), 'sub-theme')} in {_count(len(cb.themes), 'higher theme')} "
        f"(threshold {result.threshold:g}). Reviewers coded {n_reviewer} study × "
        f"sub-theme cells; a supervised model was trained for {result.n_supervised} "
        "sub-themes; the other cells come from cue matching and text similarity.",
        "",
    ]
    ev = evidence.drop_duplicates(["record_id", "subtheme"]).set_index(["record_id", "subtheme"])
    for theme in cb.themes:
        count = int(higher[theme.id].sum())
        lines += [f"## {markdown(theme.label)} ({count} of {_count(n, 'study', 'studies')})", ""]
        if theme.description:
            lines += [markdown(theme.description), ""]
        for sub in theme.subthemes:
            ids = sorted(
                result.assigned.index[result.assigned[sub.id] == 1],
                key=lambda r: (cites[r].lower(), r),
            )
            lines += [f"### {markdown(sub.label)} ({_count(len(ids), 'study', 'studies')})", ""]
            if sub.description:
                lines += [f"*{markdown(sub.description)}*", ""]
            if not ids:
                lines += ["No study was coded on this sub-theme.", ""]
                continue
            for rid in ids:
                src = result.source.at[rid, sub.id]
                conf = result.scores.at[rid, sub.id]
                if (rid, sub.id) in ev.index:
                    quote = ev.loc[(rid, sub.id), "sentence"]
                    lines.append(
                        f'- **{markdown(cites[rid])}**: "{markdown(quote)}" '
                        f"({src}, score {conf:.2f})"
                    )
                else:
                    lines.append(f"- **{markdown(cites[rid])}** ({src}, score {conf:.2f})")
            lines.append("")
    none = sorted(
        (r for r in higher.index if higher.loc[r].sum() == 0), key=lambda r: (cites[r].lower(), r)
    )
    lines += ["## Studies not coded on any theme", ""]
    lines += [f"- {markdown(cites[r])} ({markdown(r)})" for r in none] or ["None."]
    if compared:
        lines += ["", *compared]
    return "\n".join(lines).rstrip() + "\n"


# ----------------------------------------------------------------------------- heat map


def heatmap_order(result: ThemeResult) -> list[int]:
    """Row order of the heat map: studies grouped by their main higher theme.

    A study's main theme is the higher theme with most of its assigned sub-themes (the
    codebook's order breaks ties; studies with none come last). Within a group, studies
    with more assigned sub-themes come first, then by citation, so that similar profiles
    sit together and the order never depends on record ids.
    """
    cb = result.codebook
    assigned = result.assigned.to_numpy()
    cites = _citations(result)
    ids = list(result.assigned.index)
    spans, start = [], 0
    for theme in cb.themes:
        spans.append((start, start + len(theme.subthemes)))
        start += len(theme.subthemes)

    def key(i: int) -> tuple:
        per_theme = [int(assigned[i, a:b].sum()) for a, b in spans]
        best = max(per_theme, default=0)
        main = per_theme.index(best) if best else len(spans)
        return (main, -int(assigned[i].sum()), str(cites[ids[i]]).lower(), str(ids[i]))

    return sorted(range(len(ids)), key=key)


def draw_heatmap(result: ThemeResult, out_dir: Path) -> list[Path]:
    """Studies × sub-themes, shaded by confidence (reviewer codes as 0/1), dot = assigned.

    Rows follow :func:`heatmap_order`; higher themes are named above their columns; the
    assignment dots are white on dark cells and black on light ones. Labels are plain
    text (no mathtext), whatever the record holds.
    """
    import matplotlib.pyplot as plt

    from pipeline.plots import save_figure

    cb = result.codebook
    order = heatmap_order(result)
    values = result.scores.to_numpy(dtype=float).copy()
    reviewer = (result.source == "reviewer").to_numpy()
    values[reviewer] = result.assigned.to_numpy()[reviewer]
    values = values[order]
    assigned = result.assigned.to_numpy()[order]
    cites = _citations(result)
    labels = [cites[result.assigned.index[i]] for i in order]
    n_rows, n_cols = values.shape
    fig, ax = plt.subplots(figsize=(3.2 + 0.42 * n_cols, 2.6 + 0.26 * max(n_rows, 1)))
    # pcolormesh draws one vector quad per cell: faster than resampling an image at 150 dpi
    # and crisp in the SVG.
    image = ax.pcolormesh(
        np.arange(n_cols + 1) - 0.5,
        np.arange(n_rows + 1) - 0.5,
        values if n_rows else np.zeros((0, n_cols)),
        cmap="Blues",
        vmin=0,
        vmax=1,
        edgecolors="white",
        linewidth=0.3,
    )
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(max(n_rows, 1) - 0.5, -0.5)
    rows, cols = np.nonzero(assigned)
    dark = values[rows, cols] > 0.6 if len(rows) else np.zeros(0, dtype=bool)
    for mask, face, edge in ((~dark, "black", "white"), (dark, "white", "black")):
        ax.scatter(
            cols[mask], rows[mask], s=14, c=face, marker="o", edgecolors=edge, linewidths=0.5
        )
    ax.set_xticks(
        range(n_cols), [s.label for s in cb.subthemes], rotation=60, ha="right", fontsize=7
    )
    ax.set_yticks(range(n_rows), labels, fontsize=7)
    edge, start = -0.5, 0
    for k, theme in enumerate(cb.themes):
        width = len(theme.subthemes)
        if k < len(cb.themes) - 1:
            ax.axvline(edge + width, color="grey", linewidth=0.8)
        # About 7 characters of 7-point bold text fit over one 0.42-inch column.
        ax.text(
            start + (width - 1) / 2,
            -0.9,
            textwrap.fill(theme.label, width=max(6, 7 * width)),
            ha="center",
            va="bottom",
            fontsize=7,
            fontweight="bold",
        )
        edge += width
        start += width
    for text in [*ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]:
        text.set_parse_math(False)
    ax.set_title(f"{cb.title}: studies × sub-themes (dot = assigned)", fontsize=8, pad=40)
    ax.title.set_parse_math(False)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="confidence")
    paths = [
        save_figure(fig, out_dir / "heatmap.png", dpi=150),
        save_figure(fig, out_dir / "heatmap.svg"),
    ]
    plt.close(fig)
    return paths


# ----------------------------------------------------------------------------- writing


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    return write_csv(
        neutralise_frame(frame), path, index=False, lineterminator="\n", float_format="%.3f"
    )


def write_outputs(
    result: ThemeResult, out_dir: str | Path, *, compare: Sequence[ThemeResult] = ()
) -> list[Path]:
    """Write every output file into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    evidence = evidence_table(result)
    table = theme_table(result)
    paths = [
        _write_csv(theme_matrix(result), out / "theme_matrix.csv"),
        _write_csv(higher_theme_matrix(result), out / "higher_theme_matrix.csv"),
        _write_csv(table, out / "theme_table.csv"),
        _write_csv(evidence, out / "evidence.csv"),
        _write_csv(coding_sheet(result, evidence), out / "coding.csv"),
    ]
    md = out / "theme_table.md"
    write_text(md, theme_table_markdown(table, result.codebook), encoding="utf-8")
    paths.append(md)
    compared: list[str] = []
    if compare:
        walk = pd.concat(
            [
                crosswalks.crosswalk(
                    result, other, evidence=evidence, other_evidence=evidence_table(other)
                )
                for other in compare
            ],
            ignore_index=True,
        )
        cover = crosswalks.coverage(walk, compare)
        titles = {r.codebook.id: r.codebook.title for r in (result, *compare)}
        paths.append(_write_csv(walk, out / "crosswalk.csv"))
        paths.append(_write_csv(cover, out / "crosswalk_coverage.csv"))
        cw = out / "crosswalk.md"
        write_text(cw, crosswalks.crosswalk_markdown(walk, titles, cover), encoding="utf-8")
        paths.append(cw)
        compared = crosswalks.synthesis_section(walk, titles, cover)
    report = out / "synthesis.md"
    write_text(report, synthesis_markdown(result, evidence, compared=compared), encoding="utf-8")
    paths += [report, *draw_heatmap(result, out)]
    return paths
