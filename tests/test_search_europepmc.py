"""Europe PMC REST search with the same record/replay contract, against the local fake server."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import records
from pipeline.cli import main
from pipeline.errors import DataError
from pipeline.search import EntrezConfig, load_strategy, run_search
from pipeline.search.log import build_search_log

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eutils_server import FakeEutils, split_articles, synthetic_articles  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "search"
N = 130
STRATEGY = '# Europe PMC syntax\n(TITLE:"joint working" OR ABSTRACT:coordinat*) AND LANG:eng\n'


@pytest.fixture(scope="module")
def articles() -> list[bytes]:
    templates = split_articles((DATA / "templates.xml").read_bytes())
    return synthetic_articles(templates, N, seed=11)


@pytest.fixture
def server(articles: list[bytes]) -> Iterator[FakeEutils]:
    with FakeEutils(articles) as fake:
        yield fake


@pytest.fixture
def strategy_file(tmp_path: Path) -> Path:
    path = tmp_path / "europepmc.txt"
    path.write_text(STRATEGY)
    return path


def config_for(server: FakeEutils, **overrides: object) -> EntrezConfig:
    values: dict = dict(
        base_url=server.europepmc_url,
        rate=500.0,
        backoff=0.001,
        max_tries=4,
        timeout=2.0,
        batch_size=40,
    )
    values.update(overrides)
    return EntrezConfig(**values)


def search(strategy_file: Path, out: Path, server: FakeEutils, **kwargs: object) -> tuple:
    config = kwargs.pop("config", None) or config_for(server)
    strategy = load_strategy(strategy_file, dialect="europepmc")
    return run_search(strategy, out, database="europepmc", config=config, **kwargs)


def test_search_pages_every_record_once(tmp_path: Path, server, strategy_file) -> None:
    out = tmp_path / "epmc"
    manifest, frame = search(strategy_file, out, server)
    assert manifest["count"] == N and manifest["records"] == N
    assert [b["records"] for b in manifest["batches"]] == [40, 40, 40, 10]
    cursors = [p["cursormark"] for _, e, p in server.requests if e == "search"]
    assert cursors[0] == "*" and len(set(cursors)) == 4
    assert len(frame) == N and frame["record_id"].is_unique
    assert frame["record_id"].tolist() == sorted(frame["record_id"])
    assert all(r.startswith("europepmc:") for r in frame["record_id"])
    assert sorted(frame["pmid"], key=int) == sorted((a.pmid for a in server.articles), key=int)
    row = frame[frame["abstract"].str.startswith("OBJECTIVES: ")].iloc[0]
    assert "\nDESIGN: Qualitative study" in row["abstract"]
    assert row["authors"][:2] == ["Smith, Jane A", "O'Neill, Patrick"]
    assert "Interprofessional Relations" in row["keywords"]
    assert row["url"] == f"https://europepmc.org/article/MED/{row['pmid']}"
    assert json.loads(row["original"])["source"] == "MED"
    table = records.read_records(out / "records.parquet")
    assert table["record_id"].tolist() == frame["record_id"].tolist()


def test_faults_are_retried(tmp_path: Path, server, strategy_file) -> None:
    server.inject("search", "429")
    server.inject("search", "ok")
    server.inject("search", "drop")
    server.inject("search", "truncate")
    server.inject("search", "500")
    manifest, frame = search(strategy_file, tmp_path / "out", server)
    assert len(frame) == N and frame["pmid"].is_unique
    assert server.count("search") == 4 + 4


def test_date_limit_clause(tmp_path: Path, server, strategy_file) -> None:
    manifest, frame = search(strategy_file, tmp_path / "out", server, mindate="2018")
    assert manifest["query_sent"].endswith("AND FIRST_PDATE:[2018-01-01 TO 3000-12-31]")
    assert len(frame) == sum(1 for a in server.articles if a.date.year >= 2018)


def test_interrupted_search_resumes(tmp_path: Path, server, strategy_file) -> None:
    out = tmp_path / "out"
    server.inject("search", "ok", times=2)
    server.inject("search", "500", times=2)
    with pytest.raises(DataError, match="Europe PMC page 2: failed after 2 tries"):
        search(strategy_file, out, server, config=config_for(server, max_tries=2))
    before = server.count("search")
    manifest, frame = search(strategy_file, out, server)
    assert server.count("search") - before == 2  # pages 2 and 3 only
    assert manifest["status"] == "complete" and len(frame) == N


def test_replay_byte_identical_and_refuses_changes(tmp_path: Path, server, strategy_file) -> None:
    recorded = tmp_path / "rec"
    search(strategy_file, recorded, server)
    strategy = load_strategy(strategy_file, dialect="europepmc")
    for name in ("a", "b"):
        run_search(strategy, tmp_path / name, database="europepmc", replay_dir=recorded)
    first = (tmp_path / "a" / "records.parquet").read_bytes()
    assert first == (tmp_path / "b" / "records.parquet").read_bytes()
    assert first == (recorded / "records.parquet").read_bytes()
    with pytest.raises(DataError, match="recorded database is 'europepmc', not 'pubmed'"):
        run_search(
            load_strategy(strategy_file, dialect="europepmc"), tmp_path / "c", replay_dir=recorded
        )
    changed = tmp_path / "changed.txt"
    changed.write_text(STRATEGY.replace("LANG:eng", "LANG:fre"))
    with pytest.raises(DataError, match="strategy differs"):
        run_search(
            load_strategy(changed, dialect="europepmc"),
            tmp_path / "d",
            database="europepmc",
            replay_dir=recorded,
        )


def test_replay_refuses_a_changed_or_missing_page(tmp_path: Path, server, strategy_file) -> None:
    recorded = tmp_path / "rec"
    search(strategy_file, recorded, server)
    strategy = load_strategy(strategy_file, dialect="europepmc")
    pages = sorted((recorded / "raw").iterdir())
    pages[1].write_bytes(pages[1].read_bytes().replace(b"integrated", b"integrates", 1))
    with pytest.raises(DataError, match=rf"{pages[1].name}: sha256 .* does not match"):
        run_search(strategy, tmp_path / "a", database="europepmc", replay_dir=recorded)
    pages[1].unlink()
    with pytest.raises(DataError, match=rf"{pages[1].name}: recorded page is missing"):
        run_search(strategy, tmp_path / "b", database="europepmc", replay_dir=recorded)


def test_cli(tmp_path: Path, server, strategy_file, capsys) -> None:
    out = tmp_path / "cli"
    code = main(
        [
            "search",
            "run",
            "--query",
            str(strategy_file),
            "--database",
            "europepmc",
            "--out",
            str(out),
            "--europepmc-url",
            server.europepmc_url,
            "--rate",
            "500",
        ]
    )
    assert code == 0
    assert f"europepmc: {N} hits, {N} records searched" in capsys.readouterr().out
    log = tmp_path / "log.csv"
    assert main(["search", "log", "--out", str(log), "--manifest", str(out / "manifest.json")]) == 0
    row = build_search_log([out / "manifest.json"]).iloc[0]
    assert row["database"] == "europepmc" and row["hits_reported"] == str(N)
    assert row["notes"].startswith("Searched at http://127.0.0.1:")
    assert row["strategy"] == '(TITLE:"joint working" OR ABSTRACT:coordinat*) AND LANG:eng'
    bad = tmp_path / "bad.txt"
    bad.write_text('TITLE:"open quote AND LANG:eng\n')
    assert main(["search", "run", "--query", str(bad), "--database", "europepmc", "--check"]) == 1
    assert "bad.txt:1:7: unclosed quote" in capsys.readouterr().err
