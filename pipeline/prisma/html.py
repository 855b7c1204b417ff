"""A self-contained HTML version of the flow diagram: click a box, see the records behind it.

The page holds the diagram as inline SVG whose boxes link to ``#box-<key>``, and one
``<details id="box-<key>">`` section per box listing the record ids and titles behind its
number (a small script opens the section a link points to). Everything is escaped; the page
loads nothing from the network. Numbers typed by the author (other methods, previous
studies) have no records behind them and say so.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd

from pipeline.plots import STABLE_RC
from pipeline.prisma.counts import Counts, Item, Result
from pipeline.prisma.draw import draw, fmt

_CSS = """
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 1.5em auto; max-width: 70em;
       color: #111; line-height: 1.4; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
.diagram svg { max-width: 100%; height: auto; }
.diagram a:hover path { fill: #eef5fc; }
details { border: 1px solid #bbb; border-radius: 4px; margin: 0.5em 0; padding: 0.3em 0.8em; }
details[open] { background: #fafafa; }
summary { cursor: pointer; font-weight: bold; }
h3 { font-size: 1em; margin: 0.8em 0 0.3em; }
table { border-collapse: collapse; margin: 0.3em 0 0.8em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.15em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.id { font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; }
p.note { color: #444; font-style: italic; }
p.warning { color: #8a4b00; background: #fff4e0; padding: 0.3em 0.6em; }
"""

_SCRIPT = """
function openTarget() {
  var el = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView(); }
}
window.addEventListener("hashchange", openTarget);
window.addEventListener("DOMContentLoaded", openTarget);
"""


def svg_text(counts: Counts, *, links: Mapping[str, str] | None = None) -> str:
    """The diagram as SVG markup (no XML prolog), byte-stable like :func:`save_figure`."""
    fig = draw(counts, links=dict(links or {}))
    buf = io.StringIO()
    with plt.rc_context(STABLE_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buf.getvalue()
    # Matplotlib opens every SVG link in a new window; these links stay on the page.
    text = text.replace(' target="_blank"', "")
    return text[text.index("<svg") :]


#: One section of the HTML page: ``(box key, summary line, parts)``.
Section = tuple[str, str, list]

#: The note of the boxes whose number comes from the author's own file.
_AUTHOR_NUMBER = "Number from the author's file; no record list is kept for it."


def _box_sections(
    counts: Counts, result: Result | None, quarantine: pd.DataFrame | None = None
) -> list[Section]:
    """(key, summary, parts); a part is ("ids", heading, member key), ("note", text),
    ("items", heading, items) or ("table", heading, header, rows)."""
    c = counts
    sections = [
        _identified_section(c),
        _removed_section(c, result, quarantine),
        *_screening_sections(c),
        *_included_sections(c),
    ]
    if c.other:
        o = c.other
        for key, label, n in (
            ("other_identified", "Records identified via other methods", o.identified),
            ("other_sought", "Reports sought for retrieval (other methods)", o.sought),
            ("other_not_retrieved", "Reports not retrieved (other methods)", o.not_retrieved),
            ("other_assessed", "Reports assessed for eligibility (other methods)", o.assessed),
            ("other_excluded", "Reports excluded (other methods)", o.excluded_total),
        ):
            sections.append((key, f"{label} {fmt(n)}", [("note", _AUTHOR_NUMBER)]))
    _note_missing_lists(sections, result)
    return sections


def _ids(heading: str, key: str) -> tuple:
    return ("ids", heading, key)


def _identified_section(c: Counts) -> Section:
    identified: list = [
        _ids(f"{label} {fmt(n)}", f"source:{label}")
        for label, n in (*c.database_specific, *c.register_specific)
    ]
    if c.excluded_other:
        identified.append(
            (
                "note",
                "Records read include the records later quarantined by ingest; their ids are "
                "in the ingest stage's quarantine output.",
            )
        )
    return ("identified", f"Records identified {fmt(c.identified)}", identified)


def _removed_section(c: Counts, result: Result | None, quarantine: pd.DataFrame | None) -> Section:
    """Records removed before screening; the quarantined records one per row when the
    quarantine table is at hand, else per file."""
    removed = [
        _ids(f"Duplicate records removed {fmt(c.duplicates)}", "duplicates"),
        _ids(
            f"Records marked as ineligible by automation tools {fmt(c.excluded_automatic)}",
            "excluded_automatic",
        ),
    ]
    other_heading = f"Records removed for other reasons {fmt(c.excluded_other)}"
    shown = [
        col
        for col in ("file", "line", "record_index", "reason")
        if quarantine is not None and col in quarantine.columns
    ]
    if quarantine is not None and shown:
        rows = [[str(v) for v in row] for row in quarantine[shown].itertuples(index=False)]
        removed.append(("table", f"{other_heading}: quarantined by ingest", shown, rows))
    else:
        removed.append(
            (
                "items",
                f"{other_heading}: quarantined by ingest, per file",
                result.quarantined_files if result else (),
            )
        )
    return ("removed", f"Records removed before screening {fmt(c.removed)}", removed)


def _screening_sections(c: Counts) -> list[Section]:
    """Screening to assessment; the "awaiting" sections only for an unfinished review."""
    sections: list[Section] = []
    simple = [
        ("records_screened", "Records screened", c.records_screened),
        ("records_excluded", "Records excluded", c.records_excluded),
        ("records_awaiting", "Records awaiting screening", c.records_awaiting),
        ("reports_sought", "Reports sought for retrieval", c.reports_sought),
        ("reports_not_retrieved", "Reports not retrieved", c.reports_not_retrieved),
        ("reports_assessed", "Reports assessed for eligibility", c.reports_assessed),
    ]
    for key, label, n in simple:
        if key.endswith("awaiting") and not n:
            continue
        sections.append((key, f"{label} {fmt(n)}", [_ids(f"{label} {fmt(n)}", key)]))
    sections.append(
        (
            "reports_excluded",
            f"Reports excluded {fmt(c.reports_excluded_total)}",
            [_ids(f"{r} {fmt(n)}", f"reports_excluded:{r}") for r, n in c.reports_excluded],
        )
    )
    if c.reports_awaiting:
        label = f"Reports awaiting assessment {fmt(c.reports_awaiting)}"
        sections.append(("reports_awaiting", label, [_ids(label, "reports_awaiting")]))
    return sections


def _included_sections(c: Counts) -> list[Section]:
    """The included studies; an updated review adds the previous and the total ones."""
    prefix = "New studies" if c.previous else "Studies"
    included = [_ids("Reports of included studies via databases and registers", "reports_included")]
    if c.other:
        included.append(
            (
                "note",
                f"Reports included via other methods (n = {c.other.reports_included:,}) come "
                "from the author's other-methods file; no record list is kept for them.",
            )
        )
    sections: list[Section] = [
        (
            "included",
            f"{prefix} included in review {fmt(c.studies_included)}; reports "
            f"{fmt(c.reports_included)}",
            included,
        )
    ]
    if c.previous:
        sections.append(
            (
                "previous",
                f"Studies included in previous version of review {fmt(c.previous.studies)}",
                [("note", _AUTHOR_NUMBER)],
            )
        )
        sections.append(
            (
                "total",
                f"Total studies included in review {fmt(c.total_studies)}; reports "
                f"{fmt(c.total_reports)}",
                [("note", "Previous studies plus new studies.")],
            )
        )
    return sections


def _note_missing_lists(sections: list[Section], result: Result | None) -> None:
    """Replace the record lists that cannot be shown by a note saying why."""
    if result is None:
        for i, (key, summary, _parts) in enumerate(sections):
            sections[i] = (
                key,
                summary,
                [("note", "Drawn from a counts file: no record lists are available.")],
            )
        return
    # Any member list the counts could not fill (no records table) says so.
    for _key, _summary, parts in sections:
        for j, part in enumerate(parts):
            if part[0] == "ids" and part[2] not in result.members:
                parts[j] = ("note", f"{part[1]}: record list needs ingest/records.parquet.")


def _table(rows: Sequence[Sequence[str]], header: Sequence[str], *, id_col: bool) -> str:
    out = ["<table>", "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>"]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="id"' if id_col and i == 0 else ""
            cells.append(f"<td{cls}>{html.escape(str(cell))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render(
    counts: Counts,
    *,
    result: Result | None = None,
    titles: Mapping[str, str] | None = None,
    search_log: pd.DataFrame | None = None,
    quarantine: pd.DataFrame | None = None,
    warnings: Sequence[str] = (),
    title: str = "PRISMA 2020 flow diagram",
) -> str:
    """The HTML page (a string; the caller writes it)."""
    titles = titles or {}
    sections = _box_sections(counts, result, quarantine)
    study_of = result.study_of if result else {}
    links = {key: f"#box-{key}" for key, _s, _p in sections}
    members = result.members if result else {}
    body = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style>",
        f"<script>{_SCRIPT}</script>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(title)}</h1>",
        "<p>Click a box to see the records behind its number.</p>",
        *(f'<p class="warning">{html.escape(w)}</p>' for w in warnings),
        f'<div class="diagram">{svg_text(counts, links=links)}</div>',
        "<h2>Records behind each box</h2>",
    ]
    for key, summary, parts in sections:
        body.append(f'<details id="box-{html.escape(key)}">')
        body.append(f"<summary>{html.escape(summary)}</summary>")
        for part in parts:
            if part[0] == "note":
                body.append(f'<p class="note">{html.escape(part[1])}</p>')
            elif part[0] == "table":
                body.append(f"<h3>{html.escape(part[1])}</h3>")
                body.append(_table(part[3], part[2], id_col=False))
            elif part[0] == "items":
                body.append(f"<h3>{html.escape(part[1])}</h3>")
                items: tuple[Item, ...] = part[2]
                if items:
                    body.append(
                        _table([(f, str(n)) for f, n in items], ("file", "n"), id_col=False)
                    )
            else:
                ids = members.get(part[2], ())
                body.append(f"<h3>{html.escape(part[1])}</h3>")
                if ids and part[2] == "reports_included":
                    rows = [(rid, study_of.get(rid, rid), titles.get(rid, "")) for rid in ids]
                    body.append(_table(rows, ("record_id", "study", "title"), id_col=True))
                elif ids:
                    rows = [(rid, titles.get(rid, "")) for rid in ids]
                    body.append(_table(rows, ("record_id", "title"), id_col=True))
                else:
                    body.append('<p class="note">No records.</p>')
        body.append("</details>")
    if search_log is not None and len(search_log):
        body.append("<h2>Search log</h2>")
        cols = [str(c) for c in search_log.columns]
        rows = [[str(v) for v in row] for row in search_log.itertuples(index=False)]
        body.append(_table(rows, cols, id_col=False))
    body += ["</body>", "</html>", ""]
    return "\n".join(body)
