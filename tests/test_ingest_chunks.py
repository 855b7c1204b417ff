"""Reading a RIS/MEDLINE file in parts (worker processes) gives what a serial read gives."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

import pipeline.ingest.read as ingest
from pipeline.ingest import chunks, read_file_result

HERE = Path(__file__).parent / "data" / "ingest"


def _ris(n: int, *, end: str = "\n", skip_er: tuple[int, ...] = ()) -> str:
    out = []
    for i in range(n):
        out += ["TY  - JOUR", f"TI  - Integrated care study {i}", f"PY  - {2000 + i % 20}"]
        out += [f"AB  - Primary and social care record {i}", "  continued on a second line"]
        if i not in skip_er:
            out.append("ER  - ")
        out.append("")
    return end.join(out) + end


def _medline(n: int) -> str:
    return "".join(
        f"PMID- {100 + i}\nTI  - Care coordination trial {i}\nAB  - Abstract {i}\n"
        f"      with a continuation\nDP  - 2019\n\n"
        for i in range(n)
    )


def _plan(path: Path, fmt: str, encoding: str, size: int) -> list[chunks.Part]:
    spans = chunks.cut(path, fmt, size)
    return chunks.parts(spans, [chunks.count(path, fmt, encoding, span) for span in spans])


def _same(path: Path, monkeypatch: pytest.MonkeyPatch, part_bytes: int) -> None:
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest, "PART_BYTES", part_bytes)
    alone = read_file_result(path, workers=0)
    shared = read_file_result(path, workers=2)
    pd.testing.assert_frame_equal(alone.records, shared.records)
    pd.testing.assert_frame_equal(alone.quarantine, shared.quarantine)
    assert alone.report_row() == shared.report_row()


def test_parts_cover_the_file_and_count_lines_and_records(tmp_path: Path) -> None:
    path = tmp_path / "a.ris"
    path.write_bytes(b"\xef\xbb\xbf" + _ris(40).encode())
    parts = _plan(path, "ris", "utf-8-sig", 200)
    assert len(parts) > 5
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))
    assert sum(p.n_records for p in parts) == 40
    text = path.read_bytes()
    for part in parts:
        # each part starts on a line, after an ER line, with the right line number
        assert part.line == text[: part.start].count(b"\n") + 1
        assert part.start == 0 or text[: part.start].endswith(b"ER  - \n")
        assert part.record == text[: part.start].count(b"TY  - JOUR")


def test_medline_parts_start_at_pmid_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.nbib"
    path.write_text(_medline(30), encoding="utf-8")
    parts = _plan(path, "medline", "utf-8", 100)
    data = path.read_bytes()
    assert sum(p.n_records for p in parts) == 30
    assert all(data[p.start : p.start + 5] == b"PMID-" for p in parts)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("part_bytes", [1, 300, 10**6])
def test_parts_read_like_a_serial_read(
    end: str, part_bytes: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # missing ER (a warning naming the record and line), a tolerant "TY -" tag, a record
    # cut off by the end of the file, cp1252 text
    text = _ris(25, end=end, skip_er=(3, 24)).replace("TY  - JOUR", "TY - JOUR", 2)
    path = tmp_path / "mixed.ris"
    path.write_bytes(text.replace("study 7", "étude 7").encode("cp1252"))
    _same(path, monkeypatch, part_bytes)
    result = read_file_result(path, workers=2)
    assert result.encoding == "cp1252" and len(result.quarantine) == 1
    assert "record 3 (line" in result.report_row()["warnings"]


@pytest.mark.parametrize("name", ["sample.nbib", "truncated.ris", "no_title.ris"])
def test_fixture_files_read_in_tiny_parts(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(HERE / name, monkeypatch, 1)


def test_a_scan_that_does_not_add_up_falls_back_to_a_serial_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "a.ris"
    path.write_text(_ris(12), encoding="utf-8")
    # A scan that never sees a record start: every part's count is wrong.
    monkeypatch.setattr(chunks, "_PREFIX", {"ris": b"XX", "medline": b"XX"})
    with caplog.at_level(logging.INFO, logger="pipeline.ingest"):
        _same(path, monkeypatch, 100)
    assert "reading in one process" in caplog.text
    assert len(read_file_result(path, workers=2).records) == 12


def test_parallel_read_with_another_thread_running_starts_fresh_workers(tmp_path) -> None:
    """A process with a background thread (a server, a test session) must not fork: a child
    forked while that thread holds a lock would wait forever. The workers then start fresh
    (forkserver) and the table equals the serial read's."""
    import threading

    from pipeline import parallel
    from pipeline.ingest import read_file

    path = tmp_path / "big.ris"
    record = "TY  - JOUR\nTI  - Title {i}\nAU  - Smith, J.\nPY  - 2020\nAB  - {pad}\nER  - \n\n"
    with path.open("w", encoding="utf-8") as out:
        for i in range(9000):
            out.write(record.format(i=i, pad="x" * 2000))
    serial, _ = read_file(path, workers=0)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not parallel.can_fork()
        assert parallel.start_method() in ("forkserver", None)
        table, _ = read_file(path, workers=2)
    finally:
        stop.set()
        thread.join()
    assert parallel.can_fork() == ("fork" in __import__("multiprocessing").get_all_start_methods())
    assert table.equals(serial)
