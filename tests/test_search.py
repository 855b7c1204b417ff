"""The PubMed search through the real Bio.Entrez code path, against a local fake E-utilities."""

from __future__ import annotations

import hashlib
import json
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline import records
from pipeline.cli import main
from pipeline.errors import DataError, UsageError
from pipeline.search import EntrezConfig, load_strategy, run_search
from pipeline.search import entrez as entrez_mod
from pipeline.search.entrez import RateLimiter
from pipeline.search.replay import records_from_manifest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eutils_server import FakeEutils, split_articles, synthetic_articles  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "search"
N_ARTICLES = 180
STRATEGY = """\
# A test strategy: comments and layout are not sent
("joint working"[tiab] OR coordinat*[tiab] OR "Interprofessional Relations"[mh])
AND (budget*[tiab] OR "information sharing"[tiab])  # second concept
AND english[la]
"""


@pytest.fixture(scope="module")
def articles() -> list[bytes]:
    templates = split_articles((DATA / "templates.xml").read_bytes())
    return synthetic_articles(templates, N_ARTICLES, seed=7)


@pytest.fixture
def server(articles: list[bytes]) -> Iterator[FakeEutils]:
    with FakeEutils(articles) as fake:
        yield fake


@pytest.fixture
def strategy_file(tmp_path: Path) -> Path:
    path = tmp_path / "pubmed.txt"
    path.write_text(STRATEGY, encoding="utf-8")
    return path


def config_for(server: FakeEutils, **overrides: object) -> EntrezConfig:
    values: dict = dict(
        email="reviewer@example.org",
        base_url=server.base_url,
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
    return run_search(load_strategy(strategy_file), out, config=config, **kwargs)


def all_pmids(server: FakeEutils) -> list[str]:
    return sorted((a.pmid for a in server.articles), key=int)


def test_search_fetches_every_record_once(tmp_path: Path, server, strategy_file) -> None:
    out = tmp_path / "pubmed"
    manifest, frame = search(strategy_file, out, server)
    assert manifest["count"] == N_ARTICLES
    assert manifest["status"] == "complete"
    assert manifest["query"].startswith('("joint working"[tiab] OR coordinat*[tiab]')
    assert "#" not in manifest["query"]
    # 180 records in batches of 40 from the history server
    assert [b["records"] for b in manifest["batches"]] == [40, 40, 40, 40, 20]
    efetches = [p for _, e, p in server.requests if e == "efetch"]
    assert [p["retstart"] for p in efetches] == ["0", "40", "80", "120", "160"]
    assert all(p["webenv"] and p["query_key"] == "1" for p in efetches)
    esearch = next(p for _, e, p in server.requests if e == "esearch")
    assert esearch["usehistory"] == "y" and esearch["tool"] == "slr-pipeline"
    assert esearch["email"] == "reviewer@example.org"
    table = records.read_records(out / "records.parquet")
    assert len(table) == N_ARTICLES
    assert table["pmid"].tolist() == sorted(table["pmid"].tolist(), key=lambda p: f"{p}")
    assert sorted(table["pmid"], key=int) == all_pmids(server)
    assert table["record_id"].tolist() == sorted(f"pubmed:{p}" for p in table["pmid"])
    assert table["record_id"].is_unique
    assert set(table["source"]) == {"pubmed"}
    assert table["title"].str.len().min() > 20
    for batch in manifest["batches"]:
        data = (out / "raw" / batch["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == batch["sha256"]
    assert json.loads((out / "manifest.json").read_text()) == manifest


def test_faults_are_retried_without_loss_or_duplicates(
    tmp_path: Path, server, strategy_file
) -> None:
    server.inject("esearch", "500")
    server.inject("esearch", "429")
    server.inject("esearch", "truncate")  # half an esearch XML
    server.inject("efetch", "429", times=2)
    server.inject("efetch", "ok")  # batch 1 succeeds, then batch 2 meets the faults below
    server.inject("efetch", "500")
    server.inject("efetch", "drop")  # Content-Length sent, half the body, connection closed
    server.inject("efetch", "truncate")  # no Content-Length: a silently short body
    manifest, frame = search(strategy_file, tmp_path / "out", server)
    assert sorted(frame["pmid"], key=int) == all_pmids(server)
    assert frame["pmid"].is_unique
    assert server.count("esearch") == 4
    assert server.count("efetch") == 5 + 5


def test_slow_response_times_out_and_is_retried(tmp_path: Path, server, strategy_file) -> None:
    server.inject("efetch", "slow", seconds=1.5)
    config = config_for(server, timeout=0.4)
    start = time.monotonic()
    _, frame = search(strategy_file, tmp_path / "out", server, config=config)
    assert len(frame) == N_ARTICLES
    assert server.count("efetch") == 6
    assert time.monotonic() - start < 5


def test_persistent_failure_is_one_clear_error_then_resumes(
    tmp_path: Path, server, strategy_file
) -> None:
    out = tmp_path / "out"
    server.inject("efetch", "ok", times=2)
    server.inject("efetch", "500", times=3)
    with pytest.raises(DataError, match=r"efetch-000-000080.xml: failed after 3 tries"):
        search(strategy_file, out, server, config=config_for(server, max_tries=3))
    partial = json.loads((out / "manifest.json").read_text())
    assert partial["status"] == "incomplete"
    assert not (out / "records.parquet").exists()
    assert [b["retstart"] for b in partial["batches"]] == [0, 40]
    assert not (out / "records.parquet").exists()
    before = server.count("efetch")
    manifest, frame = search(strategy_file, out, server)
    # only the three missing batches are fetched on the rerun
    assert [p["retstart"] for _, e, p in server.requests[-3:] if e == "efetch"] == [
        "80",
        "120",
        "160",
    ]
    assert server.count("efetch") - before == 3
    assert manifest["status"] == "complete" and len(frame) == N_ARTICLES


def test_resume_refetches_a_corrupt_batch(tmp_path: Path, server, strategy_file) -> None:
    out = tmp_path / "out"
    search(strategy_file, out, server)
    first = (out / "records.parquet").read_bytes()
    (out / "raw" / "efetch-000-000040.xml").write_bytes(b"<PubmedArticleSet>")
    before = server.count("efetch")
    search(strategy_file, out, server)
    refetched = [p["retstart"] for _, e, p in server.requests if e == "efetch"][before:]
    assert refetched == ["40"]
    assert (out / "records.parquet").read_bytes() == first


def test_date_split_beyond_esearch_limit(
    tmp_path: Path, articles, strategy_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(entrez_mod, "ESEARCH_LIMIT", 50)
    with FakeEutils(articles, esearch_limit=50) as server:
        manifest, frame = search(strategy_file, tmp_path / "out", server)
        assert len(manifest["parts"]) >= 4
        assert all(0 < p["count"] <= 50 for p in manifest["parts"])
        assert sum(p["count"] for p in manifest["parts"]) == N_ARTICLES
        assert sorted(frame["pmid"], key=int) == all_pmids(server)
        # the parts cover adjacent, non-overlapping date ranges in order
        ranges = [(p["mindate"], p["maxdate"]) for p in manifest["parts"]]
        assert ranges == sorted(ranges)
        assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))
        searched = [p for _, e, p in server.requests if e == "esearch"]
        assert all(p.get("datetype") == "pdat" for p in searched[1:])


def test_date_split_checks_the_union(
    tmp_path: Path, articles, strategy_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(entrez_mod, "ESEARCH_LIMIT", 50)
    with FakeEutils(articles, esearch_limit=50) as server:
        original = server.matching

        def lossy(params: dict) -> list:
            found = original(params)
            return found[1:] if params.get("mindate") else found  # one record has no date

        server.matching = lossy  # type: ignore[method-assign]
        with pytest.raises(DataError, match=r"distinct PMIDs in \d+ parts but PubMed reported"):
            search(strategy_file, tmp_path / "out", server)


def test_mindate_limit_is_sent_and_recorded(tmp_path: Path, server, strategy_file) -> None:
    manifest, frame = search(strategy_file, tmp_path / "out", server, mindate="2018/01/01")
    esearch = next(p for _, e, p in server.requests if e == "esearch")
    assert (esearch["mindate"], esearch["maxdate"], esearch["datetype"]) == (
        "2018/01/01",
        "3000/12/31",
        "pdat",
    )
    assert manifest["parameters"]["mindate"] == "2018/01/01"
    assert len(frame) == sum(1 for a in server.articles if a.date.year >= 2018) < N_ARTICLES
    assert frame["year"].min() >= 2018


def test_missing_record_fails_after_retries(tmp_path: Path, server, strategy_file) -> None:
    gone = server.articles[5].pmid
    del server.by_pmid[gone]  # listed by esearch, never delivered by efetch
    with pytest.raises(DataError, match=f"missing {gone}"):
        search(strategy_file, tmp_path / "out", server, config=config_for(server, max_tries=2))


def test_http_400_is_not_retried(tmp_path: Path, server, strategy_file) -> None:
    server.inject("esearch", "400")
    with pytest.raises(DataError, match="HTTP 400"):
        search(strategy_file, tmp_path / "out", server)
    assert server.count("esearch") == 1


def test_pubmed_messages_are_recorded(tmp_path: Path, articles) -> None:
    path = tmp_path / "q.txt"
    path.write_text(
        '"zebra crossing"[tiab] OR qwertyuiop[tiab] OR coordinat*[tiab] OR "Zebras"[mh]\n'
    )
    with FakeEutils(articles, messages=True) as server:
        manifest, _ = search(path, tmp_path / "out", server)
    assert manifest["warnings"] == [
        "QuotedPhraseNotFound: zebra crossing",
        "OutputMessage: No items found.",
    ]
    assert manifest["errors"] == ["PhraseNotFound: qwertyuiop"]
    assert manifest["query_translation"].startswith('"zebra crossing"[Title/Abstract] OR')


def test_bio_entrez_state_is_restored(tmp_path: Path, server, strategy_file) -> None:
    from Bio import Entrez

    before = (Entrez.email, Entrez.tool, Entrez.api_key, Entrez.max_tries, Entrez.urlopen)
    search(strategy_file, tmp_path / "out", server)
    after = (Entrez.email, Entrez.tool, Entrez.api_key, Entrez.max_tries, Entrez.urlopen)
    assert after == before


# --- replay ---------------------------------------------------------------------------------


@pytest.fixture
def recorded(tmp_path: Path, server, strategy_file) -> Path:
    out = tmp_path / "recorded"
    search(strategy_file, out, server, mindate="2012")
    return out


def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("replay must not use the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    from Bio import Entrez

    monkeypatch.setattr(Entrez, "urlopen", refuse)


def test_replay_is_equal_and_byte_identical(
    tmp_path: Path, recorded: Path, strategy_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_network(monkeypatch)
    strategy = load_strategy(strategy_file)
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        manifest, frame = run_search(strategy, out, replay_dir=recorded, mindate="2012")
        outputs.append(out)
    assert (outputs[0] / "records.parquet").read_bytes() == (
        outputs[1] / "records.parquet"
    ).read_bytes()
    assert (outputs[0] / "records.parquet").read_bytes() == (
        recorded / "records.parquet"
    ).read_bytes()
    assert (outputs[0] / "manifest.json").read_bytes() == (recorded / "manifest.json").read_bytes()
    live = records.read_records(recorded / "records.parquet")
    pd.testing.assert_frame_equal(live, records.read_records(outputs[0] / "records.parquet"))
    # replaying into the recording itself rewrites nothing
    before = {p.name: p.read_bytes() for p in recorded.iterdir() if p.is_file()}
    run_search(strategy, recorded, replay_dir=recorded, mindate="2012")
    assert {p.name: p.read_bytes() for p in recorded.iterdir() if p.is_file()} == before


def test_replay_in_worker_processes_gives_the_same_table(recorded: Path) -> None:
    manifest = json.loads((recorded / "manifest.json").read_text())
    assert len(manifest["batches"]) >= 3
    serial = records_from_manifest(recorded, manifest, workers=1)
    pd.testing.assert_frame_equal(records_from_manifest(recorded, manifest, workers=2), serial)
    pd.testing.assert_frame_equal(records_from_manifest(recorded, manifest), serial)


@pytest.mark.parametrize("workers", [1, 2])
def test_replay_reports_the_first_bad_batch_whatever_the_workers(
    recorded: Path, workers: int
) -> None:
    # a broken article in batch 1 (sha256 updated) is reported before a missing batch 2
    manifest = json.loads((recorded / "manifest.json").read_text())
    second, third = manifest["batches"][1:3]
    raw = recorded / "raw" / second["file"]
    data = raw.read_bytes().replace(b"<Volume>", b"<Volume>&bad;", 1)
    raw.write_bytes(data)
    second["sha256"] = hashlib.sha256(data).hexdigest()
    (recorded / "raw" / third["file"]).unlink()
    with pytest.raises(DataError, match=rf"{second['file']}: article 0: malformed XML"):
        records_from_manifest(recorded, manifest, workers=workers)
    # without the broken article the missing batch is the error
    manifest["batches"].pop(1)
    with pytest.raises(DataError, match=rf"{third['file']}: recorded batch is missing"):
        records_from_manifest(recorded, manifest, workers=workers)


def test_replay_refuses_a_changed_strategy(tmp_path: Path, recorded: Path) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text(STRATEGY.replace("budget*", "fund*"))
    with pytest.raises(DataError, match="strategy differs from the search recorded"):
        run_search(load_strategy(changed), tmp_path / "x", replay_dir=recorded, mindate="2012")
    # a changed comment is not a changed strategy
    commented = tmp_path / "commented.txt"
    commented.write_text("# new comment\n" + STRATEGY)
    _, frame = run_search(
        load_strategy(commented), tmp_path / "y", replay_dir=recorded, mindate="2012"
    )
    assert len(frame) > 0


def test_replay_refuses_changed_dates(tmp_path: Path, recorded: Path, strategy_file) -> None:
    with pytest.raises(DataError, match=r"parameters differ.*mindate '2012' -> '2015'"):
        run_search(
            load_strategy(strategy_file), tmp_path / "x", replay_dir=recorded, mindate="2015"
        )


def test_replay_detects_a_changed_raw_file(tmp_path: Path, recorded: Path, strategy_file) -> None:
    raw = recorded / "raw" / "efetch-000-000000.xml"
    raw.write_bytes(raw.read_bytes().replace(b"Study", b"Stud1", 1))
    with pytest.raises(DataError, match="sha256 .* does not match the manifest"):
        run_search(
            load_strategy(strategy_file), tmp_path / "x", replay_dir=recorded, mindate="2012"
        )


def test_replay_refuses_incomplete_recording(tmp_path: Path, recorded: Path, strategy_file) -> None:
    manifest = json.loads((recorded / "manifest.json").read_text())
    manifest["status"] = "incomplete"
    (recorded / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DataError, match="recorded search is incomplete"):
        run_search(
            load_strategy(strategy_file), tmp_path / "x", replay_dir=recorded, mindate="2012"
        )


# --- rate limit -----------------------------------------------------------------------------


def test_rate_limiter_spacing_with_a_fake_clock() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(3.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.wait()
    assert slept == pytest.approx([1 / 3] * 3)
    now[0] += 5  # idle time is not saved up for a burst
    limiter.wait()
    limiter.wait()
    assert slept[-1] == pytest.approx(1 / 3) and len(slept) == 4


def test_requests_respect_the_rate_end_to_end(tmp_path: Path, server, strategy_file) -> None:
    config = config_for(server, rate=20.0, batch_size=60)
    start = time.monotonic()
    search(strategy_file, tmp_path / "out", server, config=config)
    elapsed = time.monotonic() - start
    assert server.count("esearch") == 1 and server.count("efetch") == 3
    # four requests at 20/s: the client waits at least three intervals of 50 ms
    assert elapsed >= 3 * 0.05


def test_default_rates_follow_ncbi() -> None:
    assert EntrezConfig(email="x@y.z").rate == 3.0
    assert EntrezConfig(email="x@y.z", api_key="k").rate == 10.0
    with pytest.raises(UsageError, match="NCBI requires a contact e-mail"):
        EntrezConfig()
    assert EntrezConfig(base_url="http://127.0.0.1:9/eutils").email == "slr-pipeline@localhost"


# --- CLI ------------------------------------------------------------------------------------


def test_cli_search_and_replay(tmp_path: Path, server, strategy_file, capsys) -> None:
    out = tmp_path / "live"
    args = ["search", "run", "--query", str(strategy_file), "--database", "pubmed"]
    net = ["--eutils-url", server.base_url, "--rate", "500", "--email", "a@b.org"]
    assert main([*args, "--out", str(out), *net, "--mindate", "2014/01/01", "--maxdate", ""]) == 0
    assert "records searched" in capsys.readouterr().out
    replayed = tmp_path / "replayed"
    code = main([*args, "--out", str(replayed), "--replay", str(out), "--mindate", "2014/01/01"])
    assert code == 0
    assert (replayed / "records.parquet").read_bytes() == (out / "records.parquet").read_bytes()
    code = main([*args, "--out", str(replayed), "--replay", str(out), "--mindate", "2016"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "parameters differ" in err


def test_cli_errors_are_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text('("primary care"[tiab] OR\n  frail*[tiab]\n')
    assert main(["search", "run", "--query", str(bad), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err == f"slr search: error: {bad}:1:1: '(' is never closed\n"
    good = tmp_path / "good.txt"
    good.write_text("frail*[tiab]  # comment\n")
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    monkeypatch.delenv("SLR_EUTILS_URL", raising=False)
    assert main(["search", "run", "--query", str(good), "--out", str(tmp_path / "o")]) == 2
    assert "NCBI requires a contact e-mail" in capsys.readouterr().err
    assert main(["search", "run", "--query", str(good), "--check"]) == 0
    assert capsys.readouterr().out == "frail*[tiab]\n"
    assert main(["search", "run", "--query", str(good), "--check", "--mindate", "2014/13/01"]) == 2
    assert main(["search", "log", "--manifest", "x.json"]) == 2


def test_server_json_esearch(server) -> None:
    url = server.base_url + "esearch.fcgi?db=pubmed&term=x&retmode=json&retmax=5&mindate=2020"
    url += "&maxdate=2020"
    with urllib.request.urlopen(url, timeout=5) as handle:
        body = json.load(handle)["esearchresult"]
    in_2020 = [a for a in server.articles if a.date.year == 2020]
    assert int(body["count"]) == len(in_2020)
    assert len(body["idlist"]) == min(5, len(in_2020))


def test_zero_hits_gives_an_empty_table(tmp_path: Path, server, strategy_file) -> None:
    manifest, frame = search(strategy_file, tmp_path / "out", server, mindate="2030")
    assert manifest["count"] == 0 and manifest["batches"] == [] and len(frame) == 0
    table = records.read_records(tmp_path / "out" / "records.parquet")
    assert len(table) == 0 and list(table.columns) == list(records.COLUMNS)
    _, again = run_search(
        load_strategy(strategy_file), tmp_path / "re", replay_dir=tmp_path / "out", mindate="2030"
    )
    assert len(again) == 0


def test_parse_esearch_real_file(formats_dir: Path) -> None:
    from pipeline.search.entrez import parse_esearch

    result = parse_esearch((formats_dir / "biopython" / "esearch1.xml").read_bytes())
    assert (result.count, len(result.ids), result.ids[0]) == (63, 20, "41282813")
    assert result.translation == '"biopython"[All Fields]'
    assert result.webenv == "" and result.errors == [] and result.warnings == []


def test_esearch_error_element() -> None:
    from pipeline.search.entrez import RetryableError, parse_esearch

    backend = b"<eSearchResult><Count>0</Count><ERROR>Search Backend failed</ERROR></eSearchResult>"
    with pytest.raises(RetryableError, match="Search Backend failed"):
        parse_esearch(backend)
    refused = b"<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>"
    with pytest.raises(DataError, match="PubMed refused the search: Invalid query"):
        parse_esearch(refused)
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><eSearchResult><Count>&a;</Count></eSearchResult>'
    with pytest.raises(DataError, match="declares entities; refused"):
        parse_esearch(bomb)
    with pytest.raises(RetryableError, match="unreadable esearch response"):
        parse_esearch(b"<eSearchResult><Count>1</Cou")


def test_server_script_mode(tmp_path: Path) -> None:
    import subprocess

    script = Path(__file__).resolve().parent / "eutils_server.py"
    proc = subprocess.Popen(
        [sys.executable, str(script), "--articles", str(DATA / "templates.xml")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:") and base.endswith("/entrez/eutils/")
        with urllib.request.urlopen(base + "esearch.fcgi?db=pubmed&term=x", timeout=5) as h:
            body = h.read()
        assert b"<Count>3</Count>" in body
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        proc.stdout.close()


def test_api_key_and_datetype_are_sent(tmp_path: Path, server, strategy_file) -> None:
    config = config_for(server, api_key="0123abcd", rate=None)
    assert config.rate == 10.0  # NCBI's limit with a key
    config.rate = 500.0
    manifest, _ = search(
        strategy_file, tmp_path / "out", server, config=config, maxdate="2020", datetype="edat"
    )
    sent = [p for _, _, p in server.requests]
    assert all(p.get("api_key") == "0123abcd" for p in sent)
    assert sent[0]["datetype"] == "edat"
    assert (sent[0]["mindate"], sent[0]["maxdate"]) == ("1700/01/01", "2020")
    assert manifest["parameters"] == {
        "database": "pubmed",
        "mindate": "",
        "maxdate": "2020",
        "datetype": "edat",
    }


def test_replay_of_a_malformed_manifest(tmp_path: Path, recorded: Path, strategy_file) -> None:
    manifest = json.loads((recorded / "manifest.json").read_text())
    del manifest["batches"][0]["file"]
    (recorded / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DataError, match="malformed manifest"):
        run_search(
            load_strategy(strategy_file), tmp_path / "x", replay_dir=recorded, mindate="2012"
        )
    (recorded / "manifest.json").write_text("[1, 2")
    with pytest.raises(DataError, match="cannot read search manifest"):
        run_search(
            load_strategy(strategy_file), tmp_path / "x", replay_dir=recorded, mindate="2012"
        )


def test_lost_history_falls_back_to_pmids(tmp_path: Path, server, strategy_file) -> None:
    server.inject("efetch", "ok")
    server.inject("efetch", "forget")
    manifest, frame = search(strategy_file, tmp_path / "out", server)
    assert sorted(frame["pmid"], key=int) == all_pmids(server)
    efetches = [p for _, e, p in server.requests if e == "efetch"]
    # batch 2 asks the lost history once, then it and every later batch go by PMID
    assert len(efetches) == 6
    assert ["id" in p for p in efetches] == [False, False, True, True, True, True]
    assert efetches[2]["id"].count(",") == 39 and efetches[5]["id"].count(",") == 19


def test_cli_old_spelling_still_works_with_a_note(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text("frail*[tiab]\n")
    assert main(["search", "--query", str(good), "--check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "frail*[tiab]\n"
    assert "deprecated; use `slr search run ...`" in captured.err
    assert main(["search", "--manifest", "x.json"]) == 2
    assert "need --log-out" in capsys.readouterr().err
