"""Config values never reach a shell unquoted: shell-shaped values fail validation or are
passed to the command literally, and a file name with a space works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.cli import main

PAYLOAD = "'\"$(touch pwned)\"'"
MINDATE = f"2014/01/01{PAYLOAD}"

RIS = "TY  - JOUR\nTI  - Telemonitoring in heart failure\nPY  - 2021\nDO  - 10.1/x\nER  - \n"
SIDECAR = "database: embase\nplatform: Ovid\ndate_searched: 2026-01-01\nstrategy: x\nlimits: none\n"


def _folder(tmp_path: Path, extra: dict) -> Path:
    root = tmp_path / "r"
    assert main(["init", str(root), "--name", "quoting"]) == 0
    exports = root / "queries" / "exports"
    (exports / "embase ovid.ris").write_text(RIS, encoding="utf-8")
    (exports / "embase ovid.ris.yaml").write_text(SIDECAR, encoding="utf-8")
    (root / "queries" / "pubmed.txt").write_text("telemonitoring[tiab]\n", encoding="utf-8")
    config = {
        "review": {"name": "quoting"},
        "search": {"exports": [{"database": "embase", "file": "queries/exports/embase ovid.ris"}]},
    }
    for section, values in extra.items():
        config.setdefault(section, {}).update(values)
    (root / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def _snakemake(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "1", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _pwned(root: Path) -> list[Path]:
    return [p for p in (root, root.parent, Path.cwd()) if (p / "pwned").exists()]


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        (
            {"search": {"pubmed": {"strategy": "queries/pubmed.txt", "mindate": MINDATE}}},
            "search.pubmed.mindate",
        ),
        ({"dedup": {"source_preference": [f"embase{PAYLOAD}"]}}, "dedup.source_preference[0]"),
    ],
    ids=["mindate", "source_preference"],
)
def test_shell_shaped_values_fail_validation(tmp_path: Path, extra: dict, key: str) -> None:
    root = _folder(tmp_path, extra)
    run = _snakemake(root, "outputs/dedup/clusters.csv")
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if "config.yaml" in line]
    assert len(errors) == 1 and f": {key}: " in errors[0], run.stderr
    assert _pwned(root) == []


def test_a_shell_shaped_path_is_passed_literally(tmp_path: Path) -> None:
    pairs = "decisions/dedup_pairs.csv$(touch pwned)"
    root = _folder(tmp_path, {"dedup": {"pairs": pairs}})
    run = _snakemake(root, "outputs/dedup/clusters.csv", "outputs/search/search_log.csv")
    assert run.returncode == 0, run.stderr[-3000:]
    assert _pwned(root) == []
    assert (root / "outputs" / "dedup" / "clusters.csv").is_file()
    log = (root / "outputs" / "search" / "search_log.csv").read_text(encoding="utf-8")
    assert "queries/exports/embase ovid.ris" in log
    # The pairs file is a person's file: once it exists under that literal name, it is read.
    shown = _snakemake(root, "-n", "-p", "--forcerun", "dedup", "outputs/dedup/clusters.csv")
    assert "--pairs 'decisions/dedup_pairs.csv$(touch pwned)'" in shown.stdout
