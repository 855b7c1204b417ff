"""End to end: the example review runs under Snakemake with no network, its PRISMA counts
reconcile with the tables behind them, a second run does nothing, and a run from scratch
writes byte-identical tables."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLES = (
    "search/search_log.csv",
    "ingest/records.parquet",
    "ingest/ingest_report.csv",
    "dedup/clusters.csv",
    "dedup/unique.parquet",
    "screen/queue.csv",
    "screen/screening.csv",
    "screen/included.parquet",
    "prisma/prisma_counts.csv",
    "prisma/prisma.svg",
    "themes/theme_matrix.csv",
    "themes/theme_table.csv",
)


def _snakemake(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # The run must not need the network: point E-utilities at a closed local port.
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--quiet", "all", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory, copy_example) -> Path:
    work = copy_example(tmp_path_factory.mktemp("review"))
    run = _snakemake(work)
    assert run.returncode == 0, run.stderr[-4000:]
    return work


def test_outputs_exist(example: Path) -> None:
    out = example / "outputs"
    for rel in (*TABLES, "prisma/prisma.pdf", "prisma/prisma.png", "themes/heatmap.png"):
        assert (out / rel).is_file(), rel
        assert (out / rel).stat().st_size > 0, rel


def test_prisma_counts_reconcile_with_tables(example: Path) -> None:
    out = example / "outputs"
    counts = pd.read_csv(out / "prisma/prisma_counts.csv", dtype=str, keep_default_na=False)
    n = {row.data: row.n for row in counts.itertuples()}
    report = pd.read_csv(out / "ingest/ingest_report.csv")
    clusters = pd.read_csv(out / "dedup/clusters.csv")
    screening = pd.read_csv(out / "screen/screening.csv", dtype=str, keep_default_na=False)
    included = pd.read_parquet(out / "screen/included.parquet")

    identified = int(report["records_read"].sum())
    assert int(n["database_results"]) == identified
    per_db = {
        name.strip(): int(value)
        for name, value in (p.rsplit(",", 1) for p in n["database_specific_results"].split(";"))
    }
    assert sum(per_db.values()) == identified
    assert len(per_db) == report["database"].nunique()
    duplicates = int((~clusters["kept"].astype(bool)).sum())
    assert int(n["duplicates"]) == duplicates
    assert int(n["excluded_other"]) == int(report["records_quarantined"].sum())
    assert int(n["records_screened"]) == len(screening) == int(clusters["kept"].sum())
    assert identified - duplicates - int(n["excluded_other"]) == len(screening)
    assert int(n["records_excluded"]) == int((screening["title_abstract"] == "exclude").sum())
    sought = int((screening["title_abstract"] == "include").sum())
    assert int(n["dbr_sought_reports"]) == sought
    not_retrieved = int((screening["full_text"] == "not_retrieved").sum())
    assert int(n["dbr_notretrieved_reports"]) == not_retrieved
    assert int(n["dbr_assessed"]) == sought - not_retrieved
    assert (
        int(n["new_studies"]) == len(included) == int((screening["full_text"] == "include").sum())
    )


def test_example_searches_six_databases_and_includes_the_seed_reviews_29(example: Path) -> None:
    """The worked example, like the seed review ("29 articles from six databases"): six
    databases in the diagram, each with its sidecar's hit count, and 29 included studies."""
    import yaml

    from pipeline.prisma.counts import display_name

    out = example / "outputs"
    counts = pd.read_csv(out / "prisma/prisma_counts.csv", dtype=str, keep_default_na=False)
    n = {row.data: row.n for row in counts.itertuples()}
    per_db = {
        name.strip(): int(value)
        for name, value in (p.rsplit(",", 1) for p in n["database_specific_results"].split(";"))
    }
    assert set(per_db) == {"PubMed", "Embase", "CINAHL", "Scopus", "Web of Science", "ASSIA"}
    for sidecar in sorted((example / "queries" / "exports").glob("*.yaml")):
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        assert per_db[display_name(meta["database"])] == meta["hits"], sidecar.name
    assert int(n["new_studies"]) == 29


def test_second_run_does_nothing(example: Path) -> None:
    run = _snakemake(example, "--dry-run")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Nothing to be done" in run.stdout + run.stderr


def test_rerun_from_scratch_is_byte_identical(example: Path) -> None:
    out = example / "outputs"
    before = {rel: _digest(out / rel) for rel in TABLES}
    shutil.rmtree(out)
    run = _snakemake(example)
    assert run.returncode == 0, run.stderr[-4000:]
    after = {rel: _digest(out / rel) for rel in TABLES}
    assert before == after


def test_themes_rule_passes_the_coding_sheet_and_notes_from_config(tmp_path: Path) -> None:
    import yaml

    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    coding = tmp_path / "coding.csv"
    coding.write_text("record_id,sub_theme,reviewer_code\n", encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    config["themes"].update(coding=str(coding), notes=str(notes))
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "snakemake", "outputs/themes/theme_table.csv", "--dry-run"]
        + ["--printshellcmds", "--cores", "1", "--configfile", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"--coding {coding}" in run.stdout and f"--notes {notes}" in run.stdout


def _scheduled(workdir: Path) -> set[str]:
    """The rules a dry run would run (the job stats table of `snakemake -n`)."""
    run = _snakemake(workdir, "--dry-run")
    assert run.returncode == 0, run.stderr[-2000:]
    text = run.stdout + run.stderr
    if "Nothing to be done" in text:
        return set()
    table = text.split("Job stats:", 1)[1].split("total", 1)[0]
    return {line.split()[0] for line in table.splitlines()[3:] if line.strip()}


# The person-owned files and the rules an edit of each must rerun: exactly those downstream.
# screen_status is a checkpoint: whether the synthesis reruns after it is decided once it has
# run (its included studies may come out the same), so a dry run lists themes only when one
# of its own inputs changed, or when dedup reruns (dedup's inputs come from the dedup_plan
# checkpoint, and a dry run then also lists the jobs downstream of screen_status).
PERSON_FILES = {
    "decisions/dedup_pairs.csv": {
        "dedup",
        "screen_rank",
        "screen_status",
        "prisma",
        "all",
    },
    "decisions/decisions.jsonl": {"screen_rank", "screen_status", "prisma", "all"},
    "config/codebooks/review_framework.yaml": {"themes", "all"},
    "config/exclusion_reasons.yaml": {"screen_status", "prisma", "all"},
}


def test_editing_a_person_owned_file_reruns_exactly_its_downstream(example: Path) -> None:
    assert _scheduled(example) == set()
    for rel, expected in PERSON_FILES.items():
        path = example / rel
        before = path.read_bytes() if path.exists() else None
        if rel.endswith(".csv"):
            path.write_text("record_id_1,record_id_2,decision\n", encoding="utf-8")
        elif rel.endswith(".jsonl"):
            path.write_bytes(before + before.splitlines(keepends=True)[-1])
        else:
            path.write_bytes(before + b"# edited by a person\n")
        try:
            scheduled = _scheduled(example)
            # The themes job may or may not be listed after a dedup edit: it sits behind
            # the screen_status checkpoint, which a dry run resolves only sometimes.
            if rel == "decisions/dedup_pairs.csv":
                scheduled.discard("themes")
            assert scheduled == expected, rel
        finally:
            if before is None:
                path.unlink()
            else:
                path.write_bytes(before)
    assert _scheduled(example) == set()


def test_workflow_lint_and_format_are_clean() -> None:
    files = [
        "Snakefile",
        "pipeline/workflow/Snakefile",
        "pipeline/workflow/template/Snakefile",
        "rules/update.smk",
        "update/Snakefile",
    ]
    fmt = subprocess.run(
        [sys.executable, "-m", "snakefmt", "--check", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert fmt.returncode == 0, fmt.stderr
    lint = subprocess.run(
        [sys.executable, "-m", "snakemake", "--lint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "Congratulations, your workflow is in a good condition!" in lint.stdout + lint.stderr
