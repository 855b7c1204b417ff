"""The interactive session: driven through prompt_toolkit pipe input and a real pty."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from pipeline import records as rec
from pipeline.screen import decisions
from pipeline.screen.session import Ranker, Session, keyword_pattern, load_highlight

REVIEW = "session-review"
SLR = Path(sys.executable).with_name("slr")
DATA = Path(__file__).resolve().parent / "data" / "screen_workflow"


@pytest.fixture
def review(tmp_path, monkeypatch, make_records):
    monkeypatch.chdir(tmp_path)
    topics = [
        "social care integration",
        "cancer drug trial",
        "primary care barriers",
        "mouse model",
        "frail older people care",
        "surgery outcomes",
    ]
    table = make_records(
        6,
        title=[f"Study of {t}" for t in topics],
        abstract=[f"We studied {t} in depth." for t in topics],
    )
    rec.write_records(table, tmp_path / "outputs" / "dedup" / "unique.parquet")
    return table.sort_values("record_id").reset_index(drop=True)


def make_session(records, pipe, *, stage="title_abstract", queue=None, **kw):
    queue = (
        queue
        if queue is not None
        else pd.DataFrame(
            {
                "record_id": list(records["record_id"]),
                "score": [0.5] * len(records),
                "rank": range(1, len(records) + 1),
            }
        )
    )
    out = io.StringIO()
    session = Session(
        records,
        queue,
        decisions="decisions/decisions.jsonl",
        screener=kw.pop("screener", "alice"),
        stage=stage,
        review=REVIEW,
        reasons=["wrong population", "wrong setting"],
        highlight={"include": ["care"], "exclude": ["mouse"]},
        console=Console(file=out, width=100),
        input=pipe,
        output=DummyOutput(),
        **kw,
    )
    return session, out


def test_keys_record_decisions_undo_and_skip(review):
    ids = list(review["record_id"])
    with create_pipe_input() as pipe:
        # include, exclude, maybe, undo (maybe back), skip, include, quit
        pipe.send_text("iemusiq")
        session, out = make_session(review, pipe, retrain_every=0)
        assert session.run() == 5
    lines = decisions.read_lines("decisions/decisions.jsonl")
    assert [(x["record_id"], x["decision"]) for x in lines] == [
        (ids[0], "include"),
        (ids[1], "exclude"),
        (ids[2], "maybe"),
        (ids[2], "withdrawn"),  # undo: ids[2] comes back, then is skipped to the end
        (ids[3], "include"),
    ]
    assert all(x["screener"] == "alice" and x["review"] == REVIEW for x in lines)
    assert [x["rank"] for x in lines if x["decision"] != "withdrawn"] == [1, 2, 3, 3]
    assert decisions.labels("decisions/decisions.jsonl") == {ids[0]: 1, ids[1]: 0, ids[3]: 1}
    text = out.getvalue()
    assert "Study of social care integration" in text
    assert "skipped" in text and "undone" in text


def test_session_is_blind_and_resumes(review):
    ids = list(review["record_id"])
    decisions.append(
        "decisions/decisions.jsonl",
        [
            decisions.make_decision(ids[0], "bob", "title_abstract", "exclude", review=REVIEW),
            decisions.make_decision(ids[1], "alice", "title_abstract", "include", review=REVIEW),
        ],
    )
    with create_pipe_input() as pipe:
        pipe.send_text("q")
        session, out = make_session(review, pipe, retrain_every=0)
        session.run()
    # Bob's decision neither hides the record nor shows up; alice's own one is done.
    assert session.todo[0] == ids[0] and ids[1] not in session.todo
    text = out.getvalue()
    assert "alice: 1 decided (1 include)" in text
    assert "bob" not in text


def test_full_text_asks_reason_by_number(review):
    ids = list(review["record_id"])
    decisions.append(
        "decisions/decisions.jsonl",
        [
            decisions.make_decision(r, "alice", "title_abstract", "include", review=REVIEW)
            for r in ids[:3]
        ],
    )
    with create_pipe_input() as pipe:
        # exclude -> reason 2; exclude -> cancel (Enter); not retrieved; include; quit
        pipe.send_text("e2\re\rniq")
        session, out = make_session(review, pipe, stage="full_text")
        session.run()
    lines = [
        x for x in decisions.read_lines("decisions/decisions.jsonl") if x["stage"] == "full_text"
    ]
    assert [(x["record_id"], x["decision"], x["reason"]) for x in lines] == [
        (ids[0], "exclude", "wrong setting"),
        (ids[1], "not_retrieved", ""),
        (ids[2], "include", ""),
    ]
    assert "exclusion cancelled" in out.getvalue()


def test_retraining_runs_in_background_and_swaps_queue(review):
    ids = list(review["record_id"])
    release = threading.Event()
    calls: list[dict[str, int]] = []

    def slow_rank(labels):
        calls.append(dict(labels))
        release.wait(10)
        rest = [r for r in ids if r not in labels]
        # Rank in reverse id order so the swap is visible.
        rest = sorted(rest, reverse=True)
        return pd.DataFrame({"record_id": rest, "score": 0.9, "rank": range(1, len(rest) + 1)})

    with create_pipe_input() as pipe:
        session, _ = make_session(review, pipe, retrain_every=2, rank_fn=slow_rank)
        # The initial ranking is running and blocked; decisions go on without waiting.
        session.decide(session.todo[0], "exclude")
        session.decide(session.todo[0], "include")
        assert session.ranker.busy
        assert session.todo == ids[2:]
        release.set()
        session.ranker.wait()
        session._swap_if_ready()
    # The request made at 2 decisions ran after the first ranking finished.
    assert calls == [{}, {ids[0]: 0, ids[1]: 1}]
    assert session.todo == sorted(ids[2:], reverse=True)
    assert "trained on your 2 decisions" in session.ranked_on


def test_inclusion_reranks_before_the_batch_is_full(review):
    ids = list(review["record_id"])
    calls: list[dict[str, int]] = []

    def rank_fn(labels):
        calls.append(dict(labels))
        rest = [r for r in ids if r not in labels]
        return pd.DataFrame({"record_id": rest, "score": 0.5, "rank": range(1, len(rest) + 1)})

    with create_pipe_input() as pipe:
        session, _ = make_session(review, pipe, retrain_every=10, rank_fn=rank_fn)
        session.ranker.wait()
        session.decide(session.todo[0], "exclude")
        session.ranker.wait()
        assert len(calls) == 1  # an exclusion waits for the batch of 10
        session.decide(session.todo[0], "include")
        session.ranker.wait()
    assert calls[-1] == {ids[0]: 0, ids[1]: 1}


def test_real_model_reranks(review):
    with create_pipe_input() as pipe:
        session, _ = make_session(review, pipe, retrain_every=2, query_text="care")
        session.ranker.wait()
        session._swap_if_ready()
        session.decide(session.todo[-1], "exclude")
        session.decide(session.todo[0], "include")
        session.ranker.wait()
        session._swap_if_ready()
    assert len(session.todo) == 4
    assert "trained on your 2 decisions" in session.ranked_on


def test_highlight_files_and_pattern():
    kw = load_highlight(DATA / "highlight.txt")
    assert kw == {
        "include": ["integrat*", "social care", "older people"],
        "exclude": ["mouse", "randomi?ed"],
    }
    pattern = keyword_pattern(kw["include"])
    text = "Integration for older  people, integrated social care; socialcare"
    assert [m.group(0) for m in pattern.finditer(text)] == [
        "Integration",
        "older  people",
        "integrated",
        "social care",
    ]
    assert keyword_pattern(kw["exclude"]).search("randomised") is None  # "?" is literal
    assert load_highlight(DATA / "highlight.yaml") == {
        "include": ["primary care", "frail*"],
        "exclude": ["children"],
    }


def test_ranker_reports_errors():
    def broken(labels):
        raise ValueError("boom")

    ranker = Ranker(broken)
    ranker.request({})
    ranker.wait()
    assert ranker.poll() is None and "boom" in ranker.error


def test_session_needs_a_terminal(review):
    result = subprocess.run(
        [str(SLR), "screen", "session", "--screener", "alice"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs an interactive terminal" in result.stderr
    assert "Traceback" not in result.stderr


def test_session_in_a_pseudo_terminal(review):
    pexpect = pytest.importorskip("pexpect")
    ids = list(review["record_id"])
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm"}
    child = pexpect.spawn(
        str(SLR),
        ["screen", "session", "--screener", "carol", "--review", REVIEW, "--retrain-every", "0"],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    try:
        child.expect("Study of")
        child.expect(r"\[q\] quit")
        child.send("i")
        child.expect("saved: ")
        child.expect(r"\[q\] quit")
        child.send("e")
        child.expect("saved: ")
        child.expect(r"\[q\] quit")
        child.send("q")
        child.expect("saved 2 decision line")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    lines = decisions.read_lines("decisions/decisions.jsonl")
    assert [(x["record_id"], x["decision"], x["screener"]) for x in lines] == [
        (ids[0], "include", "carol"),
        (ids[1], "exclude", "carol"),
    ]
