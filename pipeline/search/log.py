"""The search log (PRISMA-S): one row per database searched, as CSV and Markdown.

PRISMA-S (Rethlefsen et al. 2021, Syst Rev 10:39) asks for each database: its name, the
platform or interface, the date searched, the full strategy as run, limits and filters, and
the number of records. Databases searched through an API come from their search manifests
(:mod:`pipeline.search.pubmed`); databases searched by hand come from the sidecar YAML beside
each export in the exports folder (``database``, ``platform``, ``date_searched``,
``strategy``, ``limits``; optional ``hits`` and ``notes``), with the number of records read
from that file taken from the ingest report, never from a file's timestamp.

Columns: ``database``, ``platform``, ``date_searched``, ``strategy``, ``limits``,
``hits_reported``, ``records_retrieved``, ``records_quarantined``, ``file``, ``notes``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline.cells import neutralise_frame
from pipeline.errors import DataError
from pipeline.files import write_csv, write_text
from pipeline.safetext import clean_text, code_fence, code_span, markdown
from pipeline.search.entrez import NCBI_EUTILS, read_manifest
from pipeline.search.europepmc import EUROPEPMC_REST

LOG_COLUMNS: tuple[str, ...] = (
    "database",
    "platform",
    "date_searched",
    "strategy",
    "limits",
    "hits_reported",
    "records_retrieved",
    "records_quarantined",
    "file",
    "notes",
)
SIDECAR_KEYS: tuple[str, ...] = ("database", "platform", "date_searched", "strategy", "limits")
_DATETYPES = {
    "pdat": "Publication date",
    "edat": "Entrez date",
    "mdat": "Modification date",
    "crdt": "Create date",
}


def _int_text(value: Any) -> str:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(int(value))


def manifest_row(manifest: dict[str, Any], *, path: str = "") -> dict[str, str]:
    """The log row of one API search manifest."""
    params = manifest.get("parameters", {})
    mindate, maxdate = params.get("mindate", ""), params.get("maxdate", "")
    limits = ""
    europepmc = manifest.get("database") == "europepmc"
    if mindate or maxdate:
        datetype = "FIRST_PDATE" if europepmc else params.get("datetype", "pdat")
        label = "First publication date" if europepmc else _DATETYPES.get(datetype, datetype)
        limits = f"{label} ({datetype}) {mindate or 'any'} to {maxdate or 'present'}"
    notes = []
    url = str(manifest.get("api_url" if europepmc else "eutils_url", ""))
    official = EUROPEPMC_REST if europepmc else NCBI_EUTILS
    if url and not url.startswith(official):
        service = "Europe PMC's REST API" if europepmc else "NCBI's E-utilities"
        notes.append(f"Searched at {url}, not {service}")
    if manifest.get("query_translation"):
        notes.append(f"Query translation: {manifest['query_translation']}")
    notes.extend(f"{manifest.get('database', '')} error: {e}" for e in manifest.get("errors", []))
    notes.extend(
        f"{manifest.get('database', '')} warning: {w}" for w in manifest.get("warnings", [])
    )
    parts = manifest.get("parts", [])
    if len(parts) > 1:
        notes.append(
            f"Split into {len(parts)} publication-date ranges (esearch returns at most 9,999 "
            "PMIDs); union of the ranges checked against the total"
        )
    return {
        "database": str(manifest.get("database", "")),
        "platform": str(manifest.get("platform", "")),
        "date_searched": str(manifest.get("date_searched", "")),
        "strategy": str(manifest.get("query", "")),
        "limits": limits,
        "hits_reported": _int_text(manifest.get("count")),
        "records_retrieved": _int_text(manifest.get("records")),
        "records_quarantined": "0",
        "file": path,
        "notes": _join(notes),
    }


def _sidecars(exports_dir: Path) -> list[tuple[Path, Path]]:
    """``(sidecar, export)`` pairs; every export file must have a sidecar."""
    if not exports_dir.is_dir():
        raise DataError(f"{exports_dir}: exports folder not found")
    files = sorted(p for p in exports_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    sidecars = [p for p in files if p.suffix.lower() in (".yaml", ".yml")]
    exports = [p for p in files if p.suffix.lower() not in (".yaml", ".yml", ".md")]
    pairs: list[tuple[Path, Path]] = []
    claimed: set[Path] = set()
    for sidecar in sidecars:
        data = _load_sidecar(sidecar)
        target: Path | None = None
        if data.get("file"):
            target = exports_dir / Path(str(data["file"])).name
        elif (exports_dir / sidecar.stem).is_file():
            target = exports_dir / sidecar.stem  # scopus.csv.yaml -> scopus.csv
        else:
            same_stem = [p for p in exports if p.stem == sidecar.stem]
            if len(same_stem) == 1:
                target = same_stem[0]  # scopus.yaml -> scopus.csv
        if target is None or not target.is_file():
            raise DataError(f"{sidecar}: no export file found for this sidecar")
        pairs.append((sidecar, target))
        claimed.add(target)
    for export in exports:
        if export not in claimed:
            raise DataError(
                f"{export}: no sidecar {export.name}.yaml describing the search "
                f"({', '.join(SIDECAR_KEYS)})"
            )
    return pairs


def _load_sidecar(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        message = " ".join(str(exc).split())
        raise DataError(f"{path}: cannot read sidecar YAML ({message})") from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: sidecar must be a mapping of {', '.join(SIDECAR_KEYS)}")
    missing = [k for k in SIDECAR_KEYS if data.get(k) in (None, "")]
    if missing:
        raise DataError(f"{path}: sidecar lacks {', '.join(missing)}")
    return data


def _as_text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value).strip()


def _same_file(name: str, path: Path) -> bool:
    try:
        return Path(name).resolve() == path.resolve()
    except OSError:
        return False


def read_ingest_report(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    try:
        report = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read ingest report ({exc})") from exc
    needed = {"file", "records_read"}
    if not needed <= set(report.columns):
        raise DataError(f"{path}: ingest report needs columns {', '.join(sorted(needed))}")
    return report


def find_sidecar(export: str | Path) -> Path | None:
    """The sidecar of one export: ``<file>.yaml``, else ``<stem>.yaml`` (or ``.yml``)."""
    export = Path(export)
    for base in (export.name, export.stem):
        for suffix in (".yaml", ".yml"):
            candidate = export.with_name(base + suffix)
            if candidate != export and candidate.is_file():
                return candidate
    return None


def _named_sidecars(files: list[str | Path]) -> list[tuple[Path, Path]]:
    """``(sidecar, export)`` pairs of the named exports."""
    pairs = []
    for export in map(Path, files):
        if not export.is_file():
            raise DataError(f"{export}: export file not found")
        sidecar = find_sidecar(export)
        if sidecar is None:
            raise DataError(
                f"{export}: no sidecar {export.name}.yaml describing the search "
                f"({', '.join(SIDECAR_KEYS)})"
            )
        pairs.append((sidecar, export))
    return pairs


def export_rows(
    exports_dir: str | Path | None,
    report: pd.DataFrame | None,
    *,
    files: list[str | Path] | None = None,
) -> list[dict[str, str]]:
    """Log rows of the databases searched by hand, one per export with a sidecar: the
    exports named in ``files``, else every export in ``exports_dir``."""
    rows = []
    pairs = _named_sidecars(files) if files else _sidecars(Path(exports_dir or "."))
    for sidecar, export in pairs:
        meta = _load_sidecar(sidecar)
        notes = [_as_text(meta["notes"])] if meta.get("notes") else []
        read = quarantined = ""
        if report is None:
            notes.append("records not counted (no ingest report given)")
        else:
            # the same path if the report has it, else the same file name
            same_path = [_same_file(f, export) for f in report["file"]]
            if not any(same_path):
                same_path = [Path(f).name == export.name for f in report["file"]]
            match = report[same_path]
            if match.empty:
                notes.append(f"{export.name} is not in the ingest report")
            else:
                read = str(sum(int(v or 0) for v in match["records_read"]))
                if "records_quarantined" in match.columns:
                    quarantined = str(sum(int(v or 0) for v in match["records_quarantined"]))
        rows.append(
            {
                "database": _as_text(meta["database"]),
                "platform": _as_text(meta["platform"]),
                "date_searched": _as_text(meta["date_searched"]),
                "strategy": _as_text(meta["strategy"]),
                "limits": _as_text(meta["limits"]),
                "hits_reported": _as_text(meta.get("hits", "")),
                "records_retrieved": read,
                "records_quarantined": quarantined,
                "file": export.as_posix(),
                "notes": _join(notes),
            }
        )
    return rows


def build_search_log(
    manifests: list[str | Path],
    *,
    exports_dir: str | Path | None = None,
    export_files: list[str | Path] | None = None,
    ingest_report: str | Path | None = None,
) -> pd.DataFrame:
    """The search log table, sorted by database (ignoring case) then file.

    Hand-searched exports: the files in ``export_files`` (exactly those), else every export
    in ``exports_dir``."""
    rows = []
    report = read_ingest_report(ingest_report) if ingest_report else None
    for path in manifests:
        path = Path(path)
        if not path.is_file():
            raise DataError(f"{path}: search manifest not found")
        manifest = read_manifest(path)
        if manifest.get("status") != "complete":
            raise DataError(f"{path}: the search is {manifest.get('status')}, not complete")
        row = manifest_row(manifest, path=path.as_posix())
        if report is not None:
            # the search's records.parquet as ingest read it: the counts must agree
            table = path.parent / "records.parquet"
            match = report[[_same_file(f, table) for f in report["file"]]]
            read = sum(int(v or 0) for v in match["records_read"])
            if not match.empty and read != int(manifest.get("records", 0)):
                row["notes"] = _join(
                    [row["notes"], f"ingest read {read} records from {table.as_posix()}"]
                )
        rows.append(row)
    if export_files:
        rows.extend(export_rows(None, report, files=export_files))
    elif exports_dir is not None:
        rows.extend(export_rows(exports_dir, report))
    rows.sort(key=lambda r: (r["database"].casefold(), r["file"]))
    return pd.DataFrame(rows, columns=list(LOG_COLUMNS)).astype(object)


def _join(notes: list[str]) -> str:
    """Notes as sentences: 'a.' + 'b' -> 'a. b.'"""
    out = []
    for note in notes:
        note = " ".join(str(note).split()).rstrip(";")
        if note:
            out.append(note if note[-1] in ".!?" else note + ".")
    return " ".join(out)


def _cell(text: object) -> str:
    # Sidecar text is written by hand or copied from a vendor page: escaped, never markup.
    return markdown(text)


def to_markdown(frame: pd.DataFrame) -> str:
    """A Markdown search log: a summary table, then each full strategy in a code block."""
    lines = [
        "# Search log",
        "",
        "Databases searched, with the full strategies as run (PRISMA-S items 1, 8, 9, 13).",
        "",
        "| Database | Platform | Date searched | Limits | Hits reported | Records retrieved |",
        "|---|---|---|---|---|---|",
    ]
    for row in frame.itertuples(index=False):
        lines.append(
            f"| {_cell(row.database)} | {_cell(row.platform)} | {_cell(row.date_searched)} | "
            f"{_cell(row.limits) or '-'} | {_cell(row.hits_reported) or '-'} | "
            f"{_cell(row.records_retrieved) or '-'} |"
        )
    for row in frame.itertuples(index=False):
        strategy = clean_text(row.strategy).rstrip()
        fence = code_fence(strategy)
        lines += ["", f"## {_cell(row.database)} ({_cell(row.platform)})", ""]
        lines += [f"- Date searched: {_cell(row.date_searched)}"]
        lines += [f"- Limits: {_cell(row.limits) or 'none'}"]
        if row.file:
            lines += [f"- File: {code_span(row.file)}"]
        if row.notes:
            lines += [f"- Notes: {_cell(row.notes)}"]
        lines += ["", fence, strategy, fence]
    return "\n".join(lines) + "\n"


def write_search_log(frame: pd.DataFrame, csv_path: str | Path) -> tuple[Path, Path]:
    """Write ``csv_path`` and the Markdown log beside it (same stem, ``.md``)."""
    csv_path = Path(csv_path)
    md_path = csv_path.with_suffix(".md")
    write_csv(neutralise_frame(frame), csv_path, index=False, lineterminator="\n")
    write_text(md_path, to_markdown(frame), encoding="utf-8")
    return csv_path, md_path
