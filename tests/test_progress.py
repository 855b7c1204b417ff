"""Progress bars: shown on request, silent on request, and no background thread."""

from __future__ import annotations

import threading

from pipeline.progress import progress


def test_bar_on_request_yields_every_item_and_writes_to_stderr(monkeypatch, capsys) -> None:
    monkeypatch.setenv("SLR_PROGRESS", "1")
    assert list(progress(range(5), desc="reading", total=5)) == [0, 1, 2, 3, 4]
    err = capsys.readouterr().err
    assert "reading" in err
    assert "0/5" in err  # the total is shown (a quick loop clears before refreshing)


def test_bar_off_on_request_is_silent(monkeypatch, capsys) -> None:
    monkeypatch.setenv("SLR_PROGRESS", "0")
    assert list(progress(iter("abc"), desc="reading")) == ["a", "b", "c"]
    assert capsys.readouterr().err == ""


def test_bar_starts_no_thread(monkeypatch) -> None:
    # Worker processes are forked after progress bars have run; a live monitor thread in
    # the parent would make those forks unsafe.
    monkeypatch.setenv("SLR_PROGRESS", "1")
    during = []
    for _ in progress(range(3), desc="reading"):
        during.append(sorted(t.name for t in threading.enumerate() if t.name.startswith("tqdm")))
    assert during == [[], [], []]
