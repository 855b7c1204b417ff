"""Counts as the data template CSV of the PRISMA2020 R package and Shiny app.

The PRISMA2020 tool (Haddaway et al. 2022, Campbell Systematic Reviews 18:e1230) reads a CSV
with the columns ``data, node, box, description, boxtext, tooltips, url, n``: one row per
number, ``data`` naming it (``database_results``, ``duplicates``, ``dbr_excluded`` ...) and
``n`` holding it; lists (per-database results, exclusion reasons) are written in ``n`` as
``"Name, n; Name, n"``. Rows whose ``data`` is ``NA`` are the title boxes; the phase bands
are named ``identification``, ``screening`` and ``included``. :data:`ROWS` follows the
package's ``inst/extdata/PRISMA.csv`` of June 2026 row for row, including the meta-analysis
rows ``total_studies_ma``/``total_reports_ma``; earlier versions of the template read too.
The template as downloaded holds ``xxx`` placeholders in its list rows: reading one names
the rows still to fill in.

:func:`dumps`/:func:`loads` (and :func:`write`/:func:`read`) mirror :mod:`json`. Our writer
always writes every template row, so a file we write reads back to the same
:class:`~pipeline.prisma.counts.Counts` and writes the same bytes again. The tool's own
template reads too (missing rows and ``NA`` count as 0).

Three rows are our extension, written only for an unfinished review: ``provisional`` (n 1:
the numbers will change), ``records_awaiting`` and ``reports_awaiting`` (records/reports
still without a decision). The PRISMA2020 tool ignores them. "Previous studies" and "other
methods" are present when any of their numbers is not 0.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from pipeline.errors import DataError
from pipeline.prisma.counts import Counts, Item, OtherMethods, Previous

COLUMNS = ("data", "node", "box", "description", "boxtext", "tooltips", "url")
HEADER = (*COLUMNS, "n")

#: Other-methods sources in template order: (data key, label in the diagram).
OTHER_SOURCES = (
    ("website_results", "Websites"),
    ("organisation_results", "Organisations"),
    ("citations_results", "Citation searching"),
)


def _load_rows() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """The template's rows (``data, node, box, description, boxtext, tooltips, url``) in its
    order, and our extension rows, from ``pipeline/data/prisma2020_rows.csv`` (a table apart
    from code, STYLE.md). "NA" is what the tool itself writes for "none"."""
    text = resources.files("pipeline").joinpath("data/prisma2020_rows.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return (
        tuple(tuple(r[1:]) for r in rows if not r[0]),
        tuple(tuple(r[1:]) for r in rows if r[0] == "ours"),
    )


#: The template's rows, and our extension rows (only written when non-zero).
ROWS, EXTRA_ROWS = _load_rows()

#: Rows that name a phase band or a title box, not a number (``n`` is always 0).
SECTION_ROWS = frozenset({"identification", "screening", "included"})

#: What the downloaded template holds where the author writes a number.
PLACEHOLDER = "xxx"


def format_items(items: tuple[Item, ...], *, what: str) -> str:
    """``(("PubMed", 85), ("Embase", 70))`` -> ``"PubMed, 85; Embase, 70"``.

    >>> format_items((("Wrong population", 3), ("Not primary research", 2)), what="reason")
    'Wrong population, 3; Not primary research, 2'
    """
    for label, _ in items:
        if ";" in label:
            raise DataError(
                f"{what} {label!r} contains ';', which separates items in the PRISMA2020 counts "
                "template; rename it"
            )
    return "; ".join(f"{label}, {n}" for label, n in items)


def parse_items(text: str, *, where: str) -> tuple[Item, ...]:
    """Parse ``"Name, n; Name, n"`` (the name may itself contain commas).

    >>> parse_items("Wrong design, e.g. editorial, 3; Other, 1", where="x")
    (('Wrong design, e.g. editorial', 3), ('Other', 1))
    >>> parse_items("", where="x")
    ()
    """
    text = text.strip()
    if text in ("", "NA", "0"):
        return ()
    out = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        label, sep, number = part.rpartition(",")
        if not sep or not label.strip():
            raise DataError(f"{where}: item {part!r} is not 'Name, n'")
        out.append((label.strip(), _number(number, where=f"{where}: item {part!r}")))
    return tuple(out)


def _number(text: str, *, where: str) -> int:
    text = text.strip().replace(",", "")
    if text in ("", "NA"):
        return 0
    try:
        value = int(text)
    except ValueError:
        raise DataError(f"{where}: {text!r} is not a whole number") from None
    if value < 0:
        raise DataError(f"{where}: {value} is negative")
    return value


def values(counts: Counts) -> dict[str, str]:
    """The ``n`` of every template row for ``counts`` (keyed by ``data``)."""
    c = counts
    other = c.other or OtherMethods()
    sources = dict(other.sources)
    out = {
        "previous_studies": str(c.previous.studies if c.previous else 0),
        "previous_reports": str(c.previous.reports if c.previous else 0),
        "database_results": str(c.database_results),
        "database_specific_results": format_items(c.database_specific, what="database"),
        "register_results": str(c.register_results),
        "register_specific_results": format_items(c.register_specific, what="register"),
        "duplicates": str(c.duplicates),
        "excluded_automatic": str(c.excluded_automatic),
        "excluded_other": str(c.excluded_other),
        "records_screened": str(c.records_screened),
        "records_excluded": str(c.records_excluded),
        "dbr_sought_reports": str(c.reports_sought),
        "dbr_notretrieved_reports": str(c.reports_not_retrieved),
        "other_sought_reports": str(other.sought),
        "other_notretrieved_reports": str(other.not_retrieved),
        "dbr_assessed": str(c.reports_assessed),
        "dbr_excluded": format_items(c.reports_excluded, what="exclusion reason"),
        "other_assessed": str(other.assessed),
        "other_excluded": format_items(other.excluded, what="exclusion reason"),
        "new_studies": str(c.studies_included),
        "new_reports": str(c.reports_included),
        "total_studies": str(c.total_studies),
        "total_reports": str(c.total_reports),
        "total_studies_ma": str(c.studies_meta_analysis),
        "total_reports_ma": str(c.reports_meta_analysis),
        "provisional": "0" if c.is_complete else "1",
        "records_awaiting": str(c.records_awaiting),
        "reports_awaiting": str(c.reports_awaiting),
    }
    for key, label in OTHER_SOURCES:
        out[key] = str(sources.get(label, 0))
    return out


def dumps(counts: Counts) -> str:
    """The counts as PRISMA2020 template CSV text."""
    vals = values(counts)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    extra = [r for r in EXTRA_ROWS if vals[r[0]] != "0"]
    for row in (*ROWS, *extra):
        writer.writerow((*row, vals.get(row[0], "0")))
    return buf.getvalue()


def write(counts: Counts, path: str | Path) -> Path:
    from pipeline.files import write_text

    return write_text(path, dumps(counts), encoding="utf-8", newline="")


def _template_rows(text: str, name: str) -> dict[str, tuple[int, str]]:
    """The filled rows of a template CSV: ``data`` key -> (line, ``n`` cell)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError(f"{name}: empty file; expected the PRISMA2020 template CSV") from None
    missing = [c for c in ("data", "n") if c not in header]
    if missing:
        raise DataError(
            f"{name}: missing column(s) {', '.join(missing)}; expected the PRISMA2020 template "
            f"columns {', '.join(HEADER)}"
        )
    i_data, i_n = header.index("data"), header.index("n")
    found: dict[str, tuple[int, str]] = {}
    for line, row in enumerate(reader, start=2):
        if not row or len(row) <= max(i_data, i_n):
            if row:
                raise DataError(
                    f"{name}: line {line} has {len(row)} field(s), expected {len(header)}"
                )
            continue
        key = row[i_data].strip()
        if key and key != "NA" and key not in SECTION_ROWS:
            found[key] = (line, row[i_n])
    unfilled = [
        f"{key} (line {line})" for key, (line, n) in found.items() if PLACEHOLDER in n.lower()
    ]
    if unfilled:
        raise DataError(
            f"{name}: the template's '{PLACEHOLDER}' placeholders are still in "
            f"{', '.join(unfilled)}; write the real names and numbers there (or 0)"
        )
    return found


def loads(text: str, *, name: str = "counts CSV") -> Counts:
    """Read template CSV text into :class:`Counts` (totals are checked against the parts)."""
    found = _template_rows(text, name)

    def where(key: str) -> str:
        return f"{name}: line {found[key][0]} ({key})" if key in found else f"{name} ({key})"

    def num(key: str) -> int:
        return _number(found[key][1], where=where(key)) if key in found else 0

    def items(key: str) -> tuple[Item, ...]:
        return parse_items(found[key][1], where=where(key)) if key in found else ()

    other = OtherMethods(
        sources=tuple((label, num(key)) for key, label in OTHER_SOURCES),
        sought=num("other_sought_reports"),
        not_retrieved=num("other_notretrieved_reports"),
        assessed=num("other_assessed"),
        excluded=items("other_excluded"),
    )
    previous = Previous(studies=num("previous_studies"), reports=num("previous_reports"))
    counts = Counts(
        database_results=num("database_results"),
        register_results=num("register_results"),
        database_specific=items("database_specific_results"),
        register_specific=items("register_specific_results"),
        duplicates=num("duplicates"),
        excluded_automatic=num("excluded_automatic"),
        excluded_other=num("excluded_other"),
        records_screened=num("records_screened"),
        records_excluded=num("records_excluded"),
        records_awaiting=num("records_awaiting"),
        reports_sought=num("dbr_sought_reports"),
        reports_not_retrieved=num("dbr_notretrieved_reports"),
        reports_assessed=num("dbr_assessed"),
        reports_excluded=items("dbr_excluded"),
        reports_awaiting=num("reports_awaiting"),
        studies_included=num("new_studies"),
        reports_included=num("new_reports"),
        studies_meta_analysis=num("total_studies_ma"),
        reports_meta_analysis=num("total_reports_ma"),
        other=None if other.is_empty() else other,
        previous=previous if (previous.studies or previous.reports) else None,
    )
    for key, value in (
        ("total_studies", counts.total_studies),
        ("total_reports", counts.total_reports),
    ):
        if key in found and num(key) not in (0, value):
            parts = "new + previous" if counts.previous else "new"
            raise DataError(f"{where(key)}: {num(key)} is not {parts} = {value}")
    return counts


def read(path: str | Path) -> Counts:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such counts file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from exc
    return loads(text, name=str(path))
