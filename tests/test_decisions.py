"""The decisions store: append-only, crash-safe, one review per file, latest wins."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import DataError
from pipeline.screen import decisions as d

REVIEW = "store-review"
TA = "title_abstract"

# A child that appends decisions in a loop and reports each one after append() returns.
WRITER = """
import sys
from pipeline.screen import decisions as d
path, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    note = "x" * (i % 50) * 40  # lines of varying length, some several KB
    d.append(path, [d.make_decision(f"rec:{i}", name, "title_abstract",
                                    "include" if i % 3 else "exclude",
                                    review="store-review", note=note)])
    print(i, flush=True)
"""


def line(record_id, screener="alice", decision="include", stage=TA, **kw):
    return d.make_decision(record_id, screener, stage, decision, review=REVIEW, **kw)


def test_latest_decision_wins_and_history_is_kept(tmp_path):
    path = tmp_path / "decisions.jsonl"
    d.append(path, [line("a", decision="exclude"), line("b"), line("c", decision="maybe")])
    d.append(path, [line("a", decision="include")])
    d.append(path, [line("b", decision=d.WITHDRAWN)])
    assert len(d.read_lines(path)) == 5
    assert d.labels(path) == {"a": 1}
    first = json.loads(path.read_text().splitlines()[0])
    assert list(first) == list(d.FIELDS)
    assert first["timestamp"].endswith("Z")


def test_labels_resolve_conflicts(tmp_path):
    path = tmp_path / "decisions.jsonl"
    d.append(
        path,
        [
            line("a", "alice", "include"),
            line("a", "bob", "exclude"),
            line("b", "alice", "exclude"),
            line("b", "bob", "exclude"),
            line("c", "alice", "include"),
            line("c", "bob", "maybe"),
            line("c", "judge", "exclude"),
        ],
    )
    assert d.labels(path) == {"b": 0}  # a and c are conflicts
    assert d.labels(path, resolver="judge") == {"b": 0, "c": 0}
    assert d.labels(path, screener="alice") == {"a": 1, "b": 0, "c": 1}
    final = d.final_decisions(d.history(path), stage=TA)
    assert dict(zip(final["record_id"], final["decision"], strict=True)) == {
        "a": "conflict",
        "b": "exclude",
        "c": "conflict",
    }
    assert d.labels(tmp_path / "missing.jsonl") == {}


def test_full_text_reasons_must_agree(tmp_path):
    path = tmp_path / "decisions.jsonl"
    ft = "full_text"
    d.append(
        path,
        [
            line("a", "alice", "exclude", ft, reason="wrong setting"),
            line("a", "bob", "exclude", ft, reason="wrong population"),
            line("b", "alice", "exclude", ft, reason="wrong setting"),
            line("b", "bob", "exclude", ft, reason="wrong setting"),
        ],
    )
    final = d.final_decisions(d.history(path), stage=ft)
    assert list(final["decision"]) == ["conflict", "exclude"]
    assert list(final["reason"]) == ["", "wrong setting"]


def test_bad_decisions_are_refused():
    with pytest.raises(DataError, match="not valid at title_abstract"):
        line("a", decision="not_retrieved")
    with pytest.raises(DataError, match="needs a reason"):
        line("a", decision="exclude", stage="full_text")
    with pytest.raises(DataError, match="not in the list"):
        line("a", decision="exclude", stage="full_text", reason="boring", reasons=["x"])


def test_other_review_refused(tmp_path):
    path = tmp_path / "decisions.jsonl"
    d.append(path, [line("a")])
    before = path.read_bytes()
    other = d.make_decision("b", "alice", TA, "include", review="another-review")
    with pytest.raises(DataError, match="belongs to review 'store-review'"):
        d.append(path, [other])
    assert path.read_bytes() == before
    with pytest.raises(DataError, match="line 1: decision belongs to review"):
        d.history(path, review="another-review")
    assert d.records_review_id(["x", "y"]) != d.records_review_id(["x", "z"])


def test_bad_middle_line_is_an_error(tmp_path):
    path = tmp_path / "decisions.jsonl"
    d.append(path, [line("a")])
    with open(path, "ab") as fh:
        fh.write(b"{oops\n")
    d.append(path, [line("b")])
    with pytest.raises(DataError, match=r"decisions.jsonl line 2: not a JSON decision"):
        d.read_lines(path)


def test_torn_last_line_reported_and_moved_aside(tmp_path, caplog):
    path = tmp_path / "decisions.jsonl"
    d.append(path, [line("a"), line("b")])
    whole = d.encode(line("c"))
    with open(path, "ab") as fh:
        fh.write(whole[: len(whole) // 2])
    with caplog.at_level(logging.WARNING):
        rows = d.read_lines(path)
    assert [r["record_id"] for r in rows] == ["a", "b"]
    assert "decisions.jsonl line 3: incomplete last line" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        d.append(path, [line("d")])
    assert "moved to" in caplog.text
    assert [r["record_id"] for r in d.read_lines(path)] == ["a", "b", "d"]
    torn = (tmp_path / "decisions.jsonl.torn").read_bytes()
    assert whole[: len(whole) // 2] in torn
    # A tail that lost only its newline is a complete decision: kept, not moved.
    with open(path, "ab") as fh:
        fh.write(whole[:-1])
    d.append(path, [line("e")])
    assert [r["record_id"] for r in d.read_lines(path)] == ["a", "b", "d", "c", "e"]


def test_sigkill_mid_append_loses_no_completed_decision(tmp_path):
    path = tmp_path / "decisions.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "alice", "100000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    reported: list[int] = []
    assert child.stdout is not None
    deadline = time.monotonic() + 20
    while len(reported) < 300 and time.monotonic() < deadline:
        reported.append(int(child.stdout.readline()))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    reported += [int(x) for x in child.stdout.read().split()]
    child.stdout.close()
    assert len(reported) >= 300
    rows = d.read_lines(path)  # loads (a torn tail would be warned about and ignored)
    stored = {r["record_id"] for r in rows}
    assert {f"rec:{i}" for i in reported} <= stored
    # Lines are whole and in order; the store still takes appends.
    assert [r["record_id"] for r in rows] == [f"rec:{i}" for i in range(len(rows))]
    d.append(path, [d.make_decision("after", "alice", TA, "include", review=REVIEW)])
    assert d.read_lines(path)[-1]["record_id"] == "after"


def test_two_writers_never_interleave(tmp_path):
    path = tmp_path / "decisions.jsonl"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "150"], stdout=subprocess.DEVNULL
        )
        for name in ("alice", "bob")
    ]
    for p in procs:
        assert p.wait(timeout=60) == 0
    rows = d.read_lines(path)
    assert len(rows) == 300
    for name in ("alice", "bob"):
        mine = [r["record_id"] for r in rows if r["screener"] == name]
        assert mine == [f"rec:{i}" for i in range(150)]


def test_reasons_files(tmp_path):
    assert d.load_reasons(None)[0] == "wrong population"
    assert len(d.load_reasons(None)) == 10
    yml = tmp_path / "r.yaml"
    yml.write_text("# reasons\n- wrong population\n- wrong setting\n")
    assert d.load_reasons(yml) == ["wrong population", "wrong setting"]
    csv = Path(__file__).resolve().parent / "data" / "screen_workflow" / "reasons.csv"
    assert d.load_reasons(csv) == ["wrong population", "wrong setting", "not primary research"]
    yml.write_text("- a\n- a\n")
    with pytest.raises(DataError, match="listed twice"):
        d.load_reasons(yml)
    yml.write_text("reasons: 3\n")
    with pytest.raises(DataError, match="expected a YAML list"):
        d.load_reasons(yml)


def test_config_reasons_file_loads():
    config = Path(__file__).resolve().parents[1] / "config" / "exclusion_reasons.yaml"
    if not config.exists():
        pytest.skip("no config/exclusion_reasons.yaml")
    assert d.load_reasons(config)


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["r1", "r2", "r3", "r4"]),
        st.sampled_from(["alice", "bob", "consensus"]),
        st.sampled_from(["include", "exclude", "maybe", d.WITHDRAWN]),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=EVENTS)
def test_labels_match_a_reference_model(tmp_path_factory, events):
    path = tmp_path_factory.mktemp("prop") / "decisions.jsonl"
    for i in range(0, len(events), 4):  # a few batches
        d.append(path, [line(r, s, dec) for r, s, dec in events[i : i + 4]])
    current: dict[tuple[str, str], str] = {}
    for r, s, dec in events:
        if dec == d.WITHDRAWN:
            current.pop((r, s), None)
        else:
            current[(r, s)] = dec
    expected = {}
    for r in {r for r, _ in current}:
        if (r, "consensus") in current:
            final = current[(r, "consensus")]
        else:
            votes = {dec for (rr, s), dec in current.items() if rr == r}
            final = votes.pop() if len(votes) == 1 else "conflict"
        if final in ("include", "exclude"):
            expected[r] = int(final == "include")
    assert d.labels(path) == dict(sorted(expected.items()))
    # Every line written is read back unchanged.
    assert [(x["record_id"], x["screener"], x["decision"]) for x in d.read_lines(path)] == [
        tuple(e) for e in events
    ]
