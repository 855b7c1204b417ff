"""The PRISMA-S search log: PubMed manifests plus hand-searched exports with sidecars."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.errors import DataError
from pipeline.search import EntrezConfig, load_strategy, run_search
from pipeline.search.log import LOG_COLUMNS, build_search_log

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eutils_server import FakeEutils, split_articles, synthetic_articles  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "search"


@pytest.fixture(scope="module")
def manifest_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("log")
    strategy = root / "pubmed.txt"
    strategy.write_text('# PubMed\n"joint working"[tiab] OR "unheard of phrase"[tiab]\n')
    templates = split_articles((DATA / "templates.xml").read_bytes())
    with FakeEutils(synthetic_articles(templates, 30, seed=1), messages=True) as server:
        config = EntrezConfig(email="a@b.org", base_url=server.base_url, rate=500.0)
        run_search(load_strategy(strategy), root / "pubmed", config=config, mindate="2014/01/01")
    return root / "pubmed" / "manifest.json"


def test_log_rows(manifest_path: Path) -> None:
    frame = build_search_log(
        [manifest_path],
        exports_dir=DATA / "exports",
        ingest_report=DATA / "ingest_report.csv",
    )
    assert tuple(frame.columns) == LOG_COLUMNS
    assert frame["database"].tolist() == ["Embase", "pubmed", "Scopus"]
    embase, pubmed, scopus = (row for _, row in frame.iterrows())
    assert embase["platform"] == "Ovid"
    assert embase["date_searched"] == "2024-03-14"  # YAML date, not a file time
    assert embase["strategy"].splitlines()[0] == "1 exp primary health care/"
    assert (embase["hits_reported"], embase["records_retrieved"]) == ("2", "2")
    assert scopus["limits"] == "English; 2014-2024"
    assert scopus["records_retrieved"] == "1" and scopus["hits_reported"] == ""
    assert scopus["notes"] == "export of all results as CSV."
    assert scopus["file"].endswith("exports/scopus.csv")
    assert pubmed["platform"].startswith("PubMed (NCBI E-utilities")
    assert pubmed["strategy"] == '"joint working"[tiab] OR "unheard of phrase"[tiab]'
    assert pubmed["limits"] == "Publication date (pdat) 2014/01/01 to present"
    assert int(pubmed["hits_reported"]) == int(pubmed["records_retrieved"]) > 0
    assert "QuotedPhraseNotFound: unheard of phrase" in pubmed["notes"]
    assert "Query translation:" in pubmed["notes"]
    assert pubmed["notes"].startswith("Searched at http://127.0.0.1:")


def test_cli_writes_csv_and_markdown(tmp_path: Path, manifest_path: Path) -> None:
    out = tmp_path / "search" / "search_log.csv"
    code = main(
        [
            "search",
            "log",
            "--out",
            str(out),
            "--manifest",
            str(manifest_path),
            "--exports",
            str(DATA / "exports"),
            "--ingest-report",
            str(DATA / "ingest_report.csv"),
        ]
    )
    assert code == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(table) == 3 and list(table.columns) == list(LOG_COLUMNS)
    markdown = (tmp_path / "search" / "search_log.md").read_text()
    assert "| Embase | Ovid | 2024-03-14 | English language; 2014 to current | 2 | 2 |" in markdown
    assert '```\n"joint working"[tiab] OR "unheard of phrase"[tiab]\n```' in markdown
    first = out.read_bytes()
    assert (
        main(
            [
                "search",
                "log",
                "--out",
                str(out),
                "--manifest",
                str(manifest_path),
                "--exports",
                str(DATA / "exports"),
                "--ingest-report",
                str(DATA / "ingest_report.csv"),
            ]
        )
        == 0
    )
    assert out.read_bytes() == first


def test_export_without_sidecar_is_an_error(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    shutil.copytree(DATA / "exports", exports)
    (exports / "cinahl.ris").write_text("TY  - JOUR\nER  - \n")
    with pytest.raises(DataError, match="cinahl.ris: no sidecar cinahl.ris.yaml"):
        build_search_log([], exports_dir=exports)


def test_sidecar_missing_keys(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    shutil.copytree(DATA / "exports", exports)
    (exports / "scopus.yaml").write_text("database: Scopus\nplatform: Scopus\n")
    with pytest.raises(DataError, match="scopus.yaml: sidecar lacks date_searched, strategy"):
        build_search_log([], exports_dir=exports)
    (exports / "scopus.yaml").write_text("database: [unclosed\n")
    with pytest.raises(DataError, match="scopus.yaml: cannot read sidecar YAML"):
        build_search_log([], exports_dir=exports)


def test_export_missing_from_ingest_report_is_noted(tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    report.write_text("file,database,format,records_read,records_kept,records_quarantined\n")
    frame = build_search_log([], exports_dir=DATA / "exports", ingest_report=report)
    assert frame["records_retrieved"].tolist() == ["", ""]
    assert "embase_ovid.ris is not in the ingest report" in frame["notes"].iloc[0]


def test_csv_cells_are_neutralised(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    shutil.copytree(DATA / "exports", exports)
    sidecar = exports / "scopus.yaml"
    sidecar.write_text(sidecar.read_text().replace("notes: export", "notes: =cmd|' /C calc'!A0"))
    out = tmp_path / "log.csv"
    assert main(["search", "log", "--out", str(out), "--exports", str(exports)]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert table.loc[table["database"] == "Scopus", "notes"].iloc[0].startswith("'=cmd")


def test_incomplete_manifest_is_refused(tmp_path: Path, manifest_path: Path) -> None:
    broken = tmp_path / "manifest.json"
    broken.write_text(manifest_path.read_text().replace('"complete"', '"incomplete"'))
    with pytest.raises(DataError, match="the search is incomplete"):
        build_search_log([broken])
    with pytest.raises(DataError, match="search manifest not found"):
        build_search_log([tmp_path / "none.json"])


def test_pubmed_count_disagreeing_with_ingest_is_noted(tmp_path: Path, manifest_path: Path) -> None:
    records_file = (manifest_path.parent / "records.parquet").as_posix()
    report = tmp_path / "report.csv"
    report.write_text(
        "file,database,format,records_read,records_kept,records_quarantined\n"
        f"{records_file},pubmed,parquet,3,3,0\n"
    )
    frame = build_search_log([manifest_path], ingest_report=report)
    assert frame["notes"].iloc[0].endswith(f"ingest read 3 records from {records_file}.")
