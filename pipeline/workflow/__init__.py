"""The installed Snakemake workflow and the small helpers its Snakefile calls.

A review folder's Snakefile sets ``CONFIG_FILE`` and includes :data:`SNAKEFILE`; Snakemake
runs in the review folder, so every path in the workflow and the config is relative to it.
The helpers keep logic out of the Snakefile: config checks that stop before any rule runs,
optional inputs, resources from input sizes, and what the terminal shows at the end.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
#: The workflow file a review folder's Snakefile includes.
SNAKEFILE = str(HERE / "Snakefile")
#: The conda environment of every rule (``snakemake --use-conda``).
CONDA_ENV = str(HERE / "envs" / "slr.yaml")


def sidecar(export: str | Path) -> Path | None:
    """The sidecar YAML describing an export's search (PRISMA-S), if there is one."""
    from pipeline.search.log import find_sidecar

    return find_sidecar(export)


def config_problems(
    config: dict[str, Any], config_file: str | Path, *, root: str | Path = "."
) -> list[str]:
    """Every problem of ``config`` (the merged Snakemake config, or the file's own), one line
    each; defaults are filled in place. Paths are checked under the review folder ``root``."""
    from pipeline import config as configs

    config_file, root = str(config_file), Path(root)
    try:
        _, tree = configs.read_yaml(config_file)
    except configs.ConfigError as exc:
        return exc.lines
    lines = configs.validate(config, source=config_file, tree=tree)
    if lines:
        return lines
    lines = configs.missing_files(config, root, source=config_file, tree=tree)
    for i, entry in enumerate(config["search"]["exports"]):
        export = root / entry["file"]
        if export.is_file() and sidecar(export) is None:
            lines.append(
                f"{config_file}: search.exports[{i}].file: {entry['file']}: no sidecar "
                f"{export.name}.yaml beside it describing the search (database, platform, "
                "date_searched, strategy, limits)"
            )
    return lines


def check_or_exit(config: dict[str, Any] | None, config_file: str) -> None:
    """Stop Snakemake before any rule runs if the config is bad: one line per problem."""
    if config is None:
        from pipeline import config as configs

        try:
            configs.read_yaml(config_file)
        except configs.ConfigError as exc:
            _exit(exc.lines)
        return
    lines = config_problems(config, config_file)
    if lines:
        _exit(lines)


def _exit(lines: list[str]) -> None:
    for line in lines:
        print(f"slr: config error: {line}", file=sys.stderr)
    sys.exit(1)


def mindate(pubmed: dict[str, Any] | None, previous: str) -> str:
    """The PubMed ``mindate``: the config's, else (an update) the previous search's date."""
    if not pubmed:
        return ""
    if pubmed["mindate"] or not previous:
        return pubmed["mindate"]
    from pipeline.update.files import mindate_for

    return mindate_for(previous)


def optional(path: str) -> list[str]:
    """``[path]`` if the file exists, else ``[]``: person-made files (decisions, pairs) are
    inputs once they exist, and creating one reruns the rules that read it."""
    return [path] if path and Path(path).exists() else []


def flag(name: str, value: str) -> list[str]:
    """``[name, value]`` for a set option, ``[]`` for an empty one (quoted by ``:q``)."""
    return [name, value] if value else []


def flags(name: str, values: list[str]) -> list[str]:
    """``[name, v1, v2, ...]``: an option taking several values, ``[]`` when there are none."""
    return [name, *values] if values else []


def repeat(name: str, values: list[str]) -> list[str]:
    """``[name, v1, name, v2, ...]``: a repeatable option once per value."""
    return [part for value in values for part in (name, value)]


def quoted(value: str) -> str:
    """``value`` quoted for the shell, ``''`` when empty (``:q`` drops an empty value)."""
    return shlex.quote(str(value))


def ingest_parts(specs: list[str], min_mb: float) -> dict[str, dict[str, str]]:
    """One ingest job per input when the exports come to ``min_mb`` MB or more (0: always):
    ``{part name: {"spec": "DATABASE=FILE", "file": FILE}}`` in input order, else ``{}``
    (one job reads every file). Inputs that do not exist yet (a search's records) count 0."""
    files = [spec.partition("=")[2] for spec in specs]
    total = sum(Path(f).stat().st_size for f in files if Path(f).is_file()) / 2**20
    if not specs or total < min_mb:
        return {}
    return {
        f"{i}_{spec.partition('=')[0]}": {"spec": spec, "file": file}
        for i, (spec, file) in enumerate(zip(specs, files, strict=True))
    }


def memory(base_mb: int, per_input_mb: float) -> Callable[..., int]:
    """A ``mem_mb`` resource: ``base_mb`` plus ``per_input_mb`` per MB of input."""

    def mem_mb(wildcards: Any, input: Any) -> int:  # noqa: A002 (Snakemake's name)
        return int(base_mb + per_input_mb * input.size_mb)

    return mem_mb


def runtime(base_min: int, per_input_mb: float) -> Callable[..., int]:
    """A ``runtime`` resource (minutes): ``base_min`` plus ``per_input_mb`` per MB of input."""

    def minutes(wildcards: Any, input: Any) -> int:  # noqa: A002
        return int(base_min + per_input_mb * input.size_mb)

    return minutes


def included_count(parquet: str | Path) -> int:
    """Rows of the included-studies table (from its Parquet footer, without reading it)."""
    import pyarrow.parquet as pq

    return int(pq.read_metadata(parquet).num_rows)


def themes_targets(themes: dict[str, Any] | None, included: str | Path) -> list[str]:
    """The themes outputs to build: none without a codebook or without inclusions."""
    if not themes or included_count(included) == 0:
        return []
    return ["outputs/themes/theme_table.csv"]


def themes_inputs(checkpoints: Any, themes: dict[str, Any] | None) -> Callable[..., list[str]]:
    """An input function: the themes targets, once the screen_status checkpoint ran."""

    def targets(wildcards: Any) -> list[str]:
        return themes_targets(themes, checkpoints.screen_status.get().output.included)

    return targets


def dedup_shards(checkpoints: Any, pattern: str) -> Callable[..., list[str]]:
    """An input function: the shard files (``pattern`` with ``{shard}`` and ``{shards}``)
    the dedup_plan checkpoint asks for, ``[]`` when dedup is one job."""

    def shards(wildcards: Any) -> list[str]:
        plan = Path(checkpoints.dedup_plan.get().output.plan)
        count = int(json.loads(plan.read_text(encoding="utf-8"))["shards"])
        if count <= 1:
            return []
        return [pattern.format(shard=i, shards=count) for i in range(1, count + 1)]

    return shards


def folder(path: str, *, up: int = 1) -> str:
    """The folder ``up`` levels above ``path`` (a verb's ``--out``/``--workdir``)."""
    return str(Path(path).parents[up - 1])


# --------------------------------------------------------------------------- terminal


def summary(themes: dict[str, Any] | None, outputs: str | Path = "outputs") -> list[str]:
    """Where the review stands after a successful run, a few lines for the terminal."""
    outputs = Path(outputs)
    lines: list[str] = []
    try:
        status = json.loads((outputs / "screen" / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return lines
    s = status.get("summary", status)
    ft = s.get("full_text", {})
    counts = outputs / "prisma" / "prisma_counts.csv"
    provisional = counts.is_file() and "\nprovisional," in counts.read_text(encoding="utf-8")
    lines.append(
        f"screening: {s.get('screened', 0)} of {s.get('records', 0)} records screened at "
        f"title/abstract, {s.get('remaining', 0)} to screen; full text: "
        f"{ft.get('included', 0)} included, {ft.get('awaiting', 0)} awaiting"
    )
    if provisional:
        lines.append(
            f"PRISMA diagram: PROVISIONAL (screening is not finished) -> {outputs}/prisma/"
            "prisma.svg; screen the queue: slr screen session --screener NAME, or "
            f"slr screen export --out sheet.xlsx, fill it, slr screen import sheet.xlsx "
            "--screener NAME; then run again"
        )
    else:
        lines.append(f"PRISMA diagram: final -> {outputs}/prisma/prisma.svg")
    if not themes:
        lines.append("themes skipped: no codebook (add themes.codebook to the config)")
    elif int(ft.get("included", 0) or 0) == 0:
        lines.append("themes skipped: no included studies yet")
    return lines


_FAILED = re.compile(r"^Error in rule (\S+?):?\s*$")
_LOG = re.compile(r"^\s+log:\s+(.+?)(?:\s+\(check log file\(s\) for error details\))?\s*$")


def failures(snakemake_log: str | Path | list) -> list[str]:
    """``rule NAME failed: <last line of its log>`` for each failed rule in Snakemake's own
    log (``onerror`` gets its path, or a list of paths)."""
    paths = snakemake_log if isinstance(snakemake_log, list) else [snakemake_log]
    text = ""
    for path in paths:
        try:
            text += Path(path).read_text(encoding="utf-8", errors="replace")
        except (OSError, TypeError):
            continue
    out: list[str] = []
    rule = None
    for line in text.splitlines():
        match = _FAILED.match(line)
        if match:
            rule = match.group(1)
            continue
        match = _LOG.match(line)
        if rule and match:
            for path in match.group(1).split(","):
                last = last_line(path.strip())
                out.append(f"rule {rule} failed: {last or 'see ' + path.strip()}")
            rule = None
    return list(dict.fromkeys(out))


def last_line(path: str | Path) -> str:
    """The last non-empty line of a log file ('' if there is none)."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in reversed(lines):
        if line.strip():
            return line.strip()
    return ""
