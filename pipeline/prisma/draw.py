"""Draw the PRISMA 2020 flow diagram with matplotlib, laid out like the official template.

The layout follows the PRISMA 2020 flow diagram for new (and updated) systematic reviews
(Page et al., BMJ 2021;372:n71, Figure 1): a yellow header over the databases-and-registers
column and its exclusion boxes, a grey header over "other methods" (and over "previous
studies" for an updated review), light-blue rounded phase bands on the left (Identification,
Screening, Included) with rotated text, arrows down the main column and right to the
exclusion boxes.

Boxes are sized to their text: each line is measured with the Agg renderer and laid out in
points, so a figure never overlaps whatever the numbers or the reasons are. Every line is its own text element (SVG text stays text).
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import RendererAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from pipeline.prisma.counts import Counts, Item, OtherMethods  # noqa: E402

FONT = "DejaVu Sans"
FONT_SIZE = 9.0
SMALL_SIZE = 7.0
LINE = FONT_SIZE * 1.3  # baseline to baseline
PAD_X, PAD_Y = 8.0, 6.0
INDENT = 10.0  # per-database and per-reason lines
WRAP = 40  # characters per line before a label wraps
MIN_WIDTH = 140.0
COL_GAP = 46.0  # room for a horizontal arrow
ROW_GAP = 26.0  # room for a vertical arrow
STACK_GAP = 10.0
BAND_WIDTH = 24.0
BAND_GAP = 12.0

YELLOW = "#FFC000"
GREY = "#D9D9D9"
BLUE = "#9DC3E6"
EDGE = "#000000"
#: How an unfinished review's diagram (records still awaiting a decision) is marked.
PROVISIONAL = "PROVISIONAL"
PROVISIONAL_COLOUR = "#C00000"
# Ligatures (fi, fl) are glyphs outside Latin-1: a PDF then embeds every font twice, which
# doubles the slowest step of saving. Plain letters read the same.
NO_LIGATURES = ("-liga",)

# Measured at 720 dpi (then scaled to points): close to the unhinted outlines that PDF and
# SVG use; at 72 dpi hinting makes small text up to 5% narrower than it prints.
_MEASURE_DPI = 720
_RENDERER = RendererAgg(10, 10, _MEASURE_DPI)


def _font(size: float = FONT_SIZE, weight: str = "normal") -> FontProperties:
    return FontProperties(family=FONT, size=size, weight=weight)


@functools.lru_cache(maxsize=4096)
def text_width(text: str, *, size: float = FONT_SIZE, weight: str = "normal") -> float:
    """Width of ``text`` in points (Agg's own metrics, as the PNG renders it)."""
    if not text:
        return 0.0
    w, _h, _d = _RENDERER.get_text_width_height_descent(text, _font(size, weight), ismath=False)
    return float(w) * 72 / _MEASURE_DPI


def fmt(n: int) -> str:
    """``(n = 1,234)`` as the template writes numbers.

    >>> fmt(85), fmt(12345)
    ('(n = 85)', '(n = 12,345)')
    """
    return f"(n = {n:,})"


@dataclass
class Line:
    text: str
    indent: float = 0.0


@dataclass
class Box:
    """One box: its lines, then its place (top-left, points, y down) once laid out."""

    key: str
    lines: list[Line]
    align: str = "center"
    dashed: bool = False
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def natural_width(self) -> float:
        # 3% slack: a viewer's font hinting may set the text a little wider than measured.
        return max(text_width(ln.text) * 1.03 + ln.indent for ln in self.lines) + 2 * PAD_X

    @property
    def natural_height(self) -> float:
        return len(self.lines) * LINE + 2 * PAD_Y

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


_NBSP = "\u00a0"


def _wrap(text: str, *, indent: float = 0.0, width: int = WRAP) -> list[Line]:
    """Wrap ``text`` with a hanging indent; a no-break space never breaks (textwrap splits on
    ASCII whitespace only), so ``(n = 2)`` stays whole."""
    parts = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    parts = [p.replace(_NBSP, " ") for p in parts]
    return [Line(parts[0], indent)] + [Line(p, indent + INDENT) for p in parts[1:]]


def _labelled(label: str, n: int, *, indent: float = 0.0) -> list[Line]:
    """``Label (n = x)`` wrapped, the number kept whole on the label's last line.

    >>> [ln.text for ln in _labelled("Records removed for other reasons", 2)]
    ['Records removed for other reasons', '(n = 2)']
    """
    return _wrap(f"{label} {fmt(n).replace(' ', _NBSP)}", indent=indent)


def wrap_to_width(
    text: str, width: float, *, size: float = SMALL_SIZE, weight: str = "normal"
) -> list[str]:
    """Greedy word wrap of ``text`` to ``width`` points, measured with the renderer."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size=size, weight=weight) * 1.03 > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def balanced_wrap(text: str, width: int = WRAP) -> list[str]:
    """Wrap into as few lines as ``width`` allows, but with lines of similar length.

    >>> balanced_wrap("Studies included in previous version of review", 40)
    ['Studies included in', 'previous version of review']
    """
    lines = textwrap.wrap(text, width=width) or [""]
    for narrower in range(max(1, len(text) // len(lines)), width):
        trial = textwrap.wrap(text, width=narrower)
        if len(trial) == len(lines):
            return trial
    return lines


def _centered(*pairs: tuple[str, int]) -> list[Line]:
    lines: list[Line] = []
    for label, n in pairs:
        lines += [Line(t) for t in balanced_wrap(label)] + [Line(fmt(n))]
    return lines


def _reasons(title: str, items: tuple[Item, ...]) -> list[Line]:
    lines = [Line(title)]
    for label, n in items:
        lines += _labelled(label, n, indent=INDENT)
    if not items:
        lines.append(Line(fmt(0), INDENT))
    return lines


@dataclass
class Diagram:
    """The laid-out diagram: boxes by key, arrows as point lists, bands and headers."""

    width: float
    height: float
    boxes: dict[str, Box]
    arrows: list[list[tuple[float, float]]] = field(default_factory=list)
    lines: list[list[tuple[float, float]]] = field(default_factory=list)
    headers: list[tuple[list[str], str, float, float, float, float]] = field(default_factory=list)
    bands: list[tuple[str, float, float, float, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notes_y: float = 0.0


def build_boxes(counts: Counts) -> dict[str, Box]:
    """The boxes of the diagram with their text, keyed like the HTML sections."""
    boxes = {**_identification_boxes(counts), **_screening_boxes(counts)}
    boxes.update(_included_boxes(counts))
    if counts.other is not None:
        boxes.update(_other_methods_boxes(counts.other))
    return boxes


def _identification_boxes(c: Counts) -> dict[str, Box]:
    """Records identified (per database and register) and removed before screening."""
    identified = [Line("Records identified from*:"), *_labelled("Databases", c.database_results)]
    for label, n in c.database_specific:
        identified += _labelled(label, n, indent=INDENT)
    identified += _labelled("Registers", c.register_results)
    for label, n in c.register_specific:
        identified += _labelled(label, n, indent=INDENT)
    removed = [
        Line("Records removed before screening:"),
        *_labelled("Duplicate records removed", c.duplicates, indent=INDENT),
        *_labelled(
            "Records marked as ineligible by automation tools",
            c.excluded_automatic,
            indent=INDENT,
        ),
        *_labelled("Records removed for other reasons", c.excluded_other, indent=INDENT),
    ]
    return {
        "identified": Box("identified", identified, align="left"),
        "removed": Box("removed", removed, align="left"),
    }


def _screening_boxes(c: Counts) -> dict[str, Box]:
    """Screening and retrieval of the databases-and-registers column, with the dashed
    "awaiting" boxes of an unfinished review."""
    boxes = {
        key: Box(key, _centered((label, n)))
        for key, label, n in (
            ("records_screened", "Records screened", c.records_screened),
            ("records_excluded", "Records excluded**", c.records_excluded),
            ("reports_sought", "Reports sought for retrieval", c.reports_sought),
            ("reports_not_retrieved", "Reports not retrieved", c.reports_not_retrieved),
            ("reports_assessed", "Reports assessed for eligibility", c.reports_assessed),
        )
    }
    boxes["reports_excluded"] = Box(
        "reports_excluded", _reasons("Reports excluded:", c.reports_excluded), align="left"
    )
    for key, label, n in (
        ("records_awaiting", "Records awaiting screening", c.records_awaiting),
        ("reports_awaiting", "Reports awaiting assessment", c.reports_awaiting),
    ):
        if n:
            boxes[key] = Box(key, _centered((label, n)), dashed=True)
    return boxes


def _included_boxes(c: Counts) -> dict[str, Box]:
    """The included studies; an updated review adds the previous and the total ones."""
    if c.previous is None:
        return {
            "included": Box(
                "included",
                _centered(
                    ("Studies included in review", c.studies_included),
                    ("Reports of included studies", c.reports_included),
                ),
            )
        }
    return {
        "included": Box(
            "included",
            _centered(
                ("New studies included in review", c.studies_included),
                ("Reports of new included studies", c.reports_included),
            ),
        ),
        "total": Box(
            "total",
            _centered(
                ("Total studies included in review", c.total_studies),
                ("Reports of total included studies", c.total_reports),
            ),
        ),
        "previous": Box(
            "previous",
            _centered(
                ("Studies included in previous version of review", c.previous.studies),
                ("Reports of studies included in previous version of review", c.previous.reports),
            ),
        ),
    }


def _other_methods_boxes(o: OtherMethods) -> dict[str, Box]:
    """The right-hand column: identification of studies via other methods."""
    identified = [Line("Records identified from:")]
    for label, n in o.sources:
        identified += _labelled(label, n)
    return {
        "other_identified": Box("other_identified", identified, align="left"),
        "other_sought": Box("other_sought", _centered(("Reports sought for retrieval", o.sought))),
        "other_not_retrieved": Box(
            "other_not_retrieved", _centered(("Reports not retrieved", o.not_retrieved))
        ),
        "other_assessed": Box(
            "other_assessed", _centered(("Reports assessed for eligibility", o.assessed))
        ),
        "other_excluded": Box(
            "other_excluded", _reasons("Reports excluded:", o.excluded), align="left"
        ),
    }


#: A grid cell (row, column) and the keys of the boxes stacked in it.
Cells = dict[tuple[str, str], list[str]]


@dataclass
class _Grid:
    """Columns left to right, rows top to bottom; a cell holds a stack of boxes."""

    cols: list[str]
    rows: list[str]
    cells: Cells
    col_x: dict[str, float] = field(default_factory=dict)
    col_w: dict[str, float] = field(default_factory=dict)
    row_y: dict[str, float] = field(default_factory=dict)
    row_h: dict[str, float] = field(default_factory=dict)


def layout(counts: Counts) -> Diagram:
    """Place every box, arrow, header and band (points; x right, y down)."""
    boxes = build_boxes(counts)
    updated = counts.previous is not None
    grid = _grid(boxes, updated=updated, has_other=counts.other is not None)
    width = _size_columns(grid, boxes)
    _size_rows(grid, boxes, updated=updated)
    headers = _headers(grid, updated=updated)
    height = _place_rows(grid, top=headers[0][5] + ROW_GAP * 0.6)
    _place_boxes(grid, boxes)
    arrows = _Arrows(boxes)
    arrows.connect(grid, updated=updated)
    notes = []
    for note in _notes(counts):
        notes += wrap_to_width(note, width - BAND_WIDTH - BAND_GAP)
    notes_y = height + ROW_GAP * 0.6
    return Diagram(
        width=width,
        height=notes_y + len(notes) * SMALL_SIZE * 1.3,
        boxes=boxes,
        arrows=arrows.arrows,
        lines=arrows.plain,
        headers=headers,
        bands=_bands(grid),
        notes=notes,
        notes_y=notes_y,
    )


def _grid(boxes: dict[str, Box], *, updated: bool, has_other: bool) -> _Grid:
    """Which boxes go in which cell, as the template arranges them."""
    cols = ["prev"] if updated else []
    cols += ["main", "excl"]
    if has_other:
        cols += ["omain", "oexcl"]
    rows = ["ident", "screen", "sought", "assess", "incl"] + (["total"] if updated else [])
    cells: Cells = {
        ("ident", "main"): ["identified"],
        ("ident", "excl"): ["removed"],
        ("screen", "main"): ["records_screened"],
        ("screen", "excl"): ["records_excluded"]
        + (["records_awaiting"] if "records_awaiting" in boxes else []),
        ("sought", "main"): ["reports_sought"],
        ("sought", "excl"): ["reports_not_retrieved"],
        ("assess", "main"): ["reports_assessed"],
        ("assess", "excl"): ["reports_excluded"]
        + (["reports_awaiting"] if "reports_awaiting" in boxes else []),
        ("incl", "main"): ["included"],
    }
    if updated:
        cells[("ident", "prev")] = ["previous"]
        cells[("total", "main")] = ["total"]
    if has_other:
        cells[("ident", "omain")] = ["other_identified"]
        cells[("sought", "omain")] = ["other_sought"]
        cells[("sought", "oexcl")] = ["other_not_retrieved"]
        cells[("assess", "omain")] = ["other_assessed"]
        cells[("assess", "oexcl")] = ["other_excluded"]
    return _Grid(cols, rows, cells)


def _size_columns(grid: _Grid, boxes: dict[str, Box]) -> float:
    """Each column as wide as its widest box; returns the width of the drawing."""
    for col in grid.cols:
        grid.col_w[col] = max(
            [MIN_WIDTH]
            + [
                boxes[k].natural_width
                for (_r, c), keys in grid.cells.items()
                if c == col
                for k in keys
            ]
        )
    x = BAND_WIDTH + BAND_GAP
    for col in grid.cols:
        grid.col_x[col] = x
        x += grid.col_w[col] + COL_GAP
    return x - COL_GAP


def _stack_height(boxes: dict[str, Box], keys: list[str]) -> float:
    return sum(boxes[k].natural_height for k in keys) + STACK_GAP * (len(keys) - 1)


def _size_rows(grid: _Grid, boxes: dict[str, Box], *, updated: bool) -> None:
    """Each row as tall as its tallest stack, and a phase band's rows as tall as its label."""
    row_h = grid.row_h
    for row in grid.rows:
        row_h[row] = max(
            [0.0] + [_stack_height(boxes, keys) for (r, _c), keys in grid.cells.items() if r == row]
        )
    # A phase band must be at least as tall as its rotated label.
    band_min = {
        "ident": text_width("Identification", weight="bold"),
        grid.rows[-1]: text_width("Included", weight="bold") - (row_h["incl"] if updated else 0.0),
    }
    for row, need in band_min.items():
        row_h[row] = max(row_h[row], need + 2 * PAD_Y)


def _headers(
    grid: _Grid, *, updated: bool
) -> list[tuple[list[str], str, float, float, float, float]]:
    """The headers above the first row (wrapped if a label is wider than the columns it
    spans): ``(lines, colour, x, y, width, height)``."""
    col_x, col_w = grid.col_x, grid.col_w
    new = "new " if updated else ""
    spans = [
        (
            f"Identification of {new}studies via databases and registers",
            YELLOW,
            col_x["main"],
            col_x["excl"] + col_w["excl"] - col_x["main"],
        )
    ]
    if "omain" in col_x:
        spans.append(
            (
                f"Identification of {new}studies via other methods",
                GREY,
                col_x["omain"],
                col_x["oexcl"] + col_w["oexcl"] - col_x["omain"],
            )
        )
    if updated:
        spans.append(("Previous studies", GREY, col_x["prev"], col_w["prev"]))
    wrapped = [
        (wrap_to_width(label, w - 2 * PAD_X, size=FONT_SIZE, weight="bold"), colour, x, w)
        for label, colour, x, w in spans
    ]
    height = max(len(lines) for lines, *_ in wrapped) * LINE + 2 * PAD_Y
    return [(lines, colour, x, 0.0, w, height) for lines, colour, x, w in wrapped]


def _place_rows(grid: _Grid, *, top: float) -> float:
    """The top of each row from ``top`` down; returns the bottom of the last."""
    y = top
    for row in grid.rows:
        grid.row_y[row] = y
        y += grid.row_h[row] + ROW_GAP
    return y - ROW_GAP


def _place_boxes(grid: _Grid, boxes: dict[str, Box]) -> None:
    """Each stack centred in its cell, every box as wide as its column."""
    for (row, col), keys in grid.cells.items():
        top = grid.row_y[row] + (grid.row_h[row] - _stack_height(boxes, keys)) / 2
        for key in keys:
            box = boxes[key]
            box.w, box.h = grid.col_w[col], box.natural_height
            box.x, box.y = grid.col_x[col], top
            top += box.h + STACK_GAP


class _Arrows:
    """Arrows (with heads) and plain lines between placed boxes."""

    def __init__(self, boxes: dict[str, Box]) -> None:
        self.boxes = boxes
        self.arrows: list[list[tuple[float, float]]] = []
        self.plain: list[list[tuple[float, float]]] = []

    def down(self, a: str, b: str) -> None:
        src, dst = self.boxes[a], self.boxes[b]
        self.arrows.append([(src.cx, src.bottom), (dst.cx, dst.y)])

    def right(self, a: str, targets: list[str]) -> None:
        boxes, src = self.boxes, self.boxes[a]
        if len(targets) == 1 and src.y <= boxes[targets[0]].cy <= src.bottom:
            t = boxes[targets[0]]
            self.arrows.append([(src.right, t.cy), (t.x, t.cy)])
            return
        # A fork: out of the box's middle, then one branch to each target.
        mid = src.right + COL_GAP / 2
        ys = [boxes[t].cy for t in targets]
        self.plain.append([(src.right, src.cy), (mid, src.cy)])
        self.plain.append([(mid, min(ys + [src.cy])), (mid, max(ys + [src.cy]))])
        for t in targets:
            self.arrows.append([(mid, boxes[t].cy), (boxes[t].x, boxes[t].cy)])

    def connect(self, grid: _Grid, *, updated: bool) -> None:
        """Down the main column, right to each exclusion stack, and into the included box."""
        boxes, cells = self.boxes, grid.cells
        chain = ["identified", "records_screened", "reports_sought", "reports_assessed", "included"]
        for a, b in zip(chain, chain[1:], strict=False):
            self.down(a, b)
        for row in ("ident", "screen", "sought", "assess"):
            self.right(cells[(row, "main")][0], cells[(row, "excl")])
        if updated:
            self.down("included", "total")
            prev, total = boxes["previous"], boxes["total"]
            self.arrows.append([(prev.cx, prev.bottom), (prev.cx, total.cy), (total.x, total.cy)])
        if "other_identified" in boxes:
            self.down("other_identified", "other_sought")
            self.down("other_sought", "other_assessed")
            self.right("other_sought", ["other_not_retrieved"])
            self.right("other_assessed", ["other_excluded"])
            oa, inc = boxes["other_assessed"], boxes["included"]
            self.arrows.append([(oa.cx, oa.bottom), (oa.cx, inc.cy), (inc.right, inc.cy)])


def _bands(grid: _Grid) -> list[tuple[str, float, float, float, float]]:
    """The phase bands on the left: ``(label, x, y, width, height)``."""
    row_y, row_h, last = grid.row_y, grid.row_h, grid.rows[-1]
    return [
        ("Identification", 0.0, row_y["ident"], BAND_WIDTH, row_h["ident"]),
        (
            "Screening",
            0.0,
            row_y["screen"],
            BAND_WIDTH,
            row_y["assess"] + row_h["assess"] - row_y["screen"],
        ),
        ("Included", 0.0, row_y["incl"], BAND_WIDTH, row_y[last] + row_h[last] - row_y["incl"]),
    ]


def _notes(counts: Counts) -> list[str]:
    """The footnotes under the diagram, the PROVISIONAL one first."""
    notes = [
        "*Records identified from each database and register searched (PRISMA 2020 asks for "
        "the number per source).",
        "**Records excluded by reviewers at title/abstract screening; records excluded by "
        "automation tools are removed before screening.",
    ]
    if counts.automation_note:
        notes.append(f"{counts.automation_note}.")
    if not counts.is_complete:
        notes.insert(
            0,
            f"{PROVISIONAL}: screening is not finished. Dashed boxes: records and reports "
            "still awaiting a decision; the numbers below them will change.",
        )
    notes.append(
        "Template: Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an "
        "updated guideline for reporting systematic reviews. BMJ 2021;372:n71."
    )
    return notes


def draw(counts: Counts, *, links: dict[str, str] | None = None) -> Figure:
    """The flow diagram as a matplotlib figure.

    ``links`` maps a box key to a URL (``#box-records_screened``): the SVG backend wraps that
    box and its text in a link, which the HTML version uses.
    """
    diagram = layout(counts)
    # A margin around the drawing so that no border line is cut at the axes' edge.
    m = 4.0
    fig = Figure(figsize=((diagram.width + 2 * m) / 72, (diagram.height + 2 * m) / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-m, diagram.width + m)
    ax.set_ylim(diagram.height + m, -m)
    ax.set_axis_off()
    _draw_headers(ax, diagram)
    _draw_bands(ax, diagram)
    _draw_boxes(ax, diagram, links or {})
    _draw_arrows(ax, diagram)
    _draw_notes(ax, diagram)
    return fig


def _text(ax: Axes, x: float, y: float, s: str, **kw: object) -> None:
    ax.text(
        x,
        y,
        s,
        fontproperties=_font(float(kw.pop("size", FONT_SIZE)), str(kw.pop("weight", "normal"))),
        va=kw.pop("va", "center"),
        parse_math=False,
        fontfeatures=NO_LIGATURES,
        **kw,
    )


def _draw_headers(ax: Axes, diagram: Diagram) -> None:
    for label, colour, x, y, w, h in diagram.headers:
        ax.add_patch(
            FancyBboxPatch(
                (x, y),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=4",
                facecolor=colour,
                edgecolor=EDGE,
                linewidth=0.8,
            )
        )
        top = y + (h - len(label) * LINE) / 2
        for i, line in enumerate(label):
            _text(ax, x + w / 2, top + (i + 0.5) * LINE, line, ha="center", weight="bold")


def _draw_bands(ax: Axes, diagram: Diagram) -> None:
    for label, x, y, w, h in diagram.bands:
        ax.add_patch(
            FancyBboxPatch(
                (x, y),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=6",
                facecolor=BLUE,
                edgecolor=BLUE,
                linewidth=0.8,
            )
        )
        _text(ax, x + w / 2, y + h / 2, label, ha="center", rotation=90, weight="bold")


def _draw_boxes(ax: Axes, diagram: Diagram, links: dict[str, str]) -> None:
    """Each box and its lines, both inside the box's link when it has one."""
    for box in diagram.boxes.values():
        url = links.get(box.key)
        patch = FancyBboxPatch(
            (box.x, box.y),
            box.w,
            box.h,
            boxstyle="square,pad=0",
            facecolor="white",
            edgecolor=EDGE,
            linewidth=0.8,
            linestyle=(0, (4, 2)) if box.dashed else "-",
            gid=f"prisma-{box.key}",
        )
        if url:
            patch.set_url(url)
        ax.add_patch(patch)
        for i, line in enumerate(box.lines):
            y = box.y + PAD_Y + (i + 0.5) * LINE
            if box.align == "left":
                x, ha = box.x + PAD_X + line.indent, "left"
            else:
                x, ha = box.cx, "center"
            ax.text(
                x,
                y,
                line.text,
                fontproperties=_font(),
                ha=ha,
                va="center",
                parse_math=False,
                fontfeatures=NO_LIGATURES,
                url=url,
            )


def _draw_arrows(ax: Axes, diagram: Diagram) -> None:
    for pts in diagram.lines:
        ax.add_patch(FancyArrowPatch(path=MplPath(pts), arrowstyle="-", linewidth=0.9, color=EDGE))
    for pts in diagram.arrows:
        ax.add_patch(
            FancyArrowPatch(
                path=MplPath(pts),
                arrowstyle="-|>,head_length=0.5,head_width=0.25",
                mutation_scale=12,
                linewidth=0.9,
                color=EDGE,
            )
        )


def _draw_notes(ax: Axes, diagram: Diagram) -> None:
    for i, note in enumerate(diagram.notes):
        marked = note.startswith(PROVISIONAL)
        _text(
            ax,
            BAND_WIDTH + BAND_GAP,
            diagram.notes_y + i * SMALL_SIZE * 1.3,
            note,
            ha="left",
            va="top",
            size=SMALL_SIZE,
            color=PROVISIONAL_COLOUR if marked else "#333333",
            weight="bold" if marked else "normal",
        )
