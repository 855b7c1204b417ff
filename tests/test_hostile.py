"""Hostile input: nothing in a record or a path can forge the screen, crash a stage, replace
people's work or leave a file half-written (one test per finding of the audit, then a
fuzz test over record fields through the whole pipeline)."""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import cli
from pipeline import records as rec
from pipeline.errors import DataError
from pipeline.ingest import ingest_files, read_file, read_file_result
from pipeline.screen import decisions

ROOT = Path(__file__).resolve().parents[1]
SLR = Path(sys.executable).with_name("slr")
CODEBOOK = ROOT / "config" / "codebooks" / "review_framework.yaml"
REVIEW = "hostile-review"
#: What must never reach an output: control characters but tab and newline, and the bidi
#: controls that open an embedding, override or isolate (written out here rather than taken
#: from pipeline.safetext, so that this test also judges code without that module).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: A title with what an audit found reaching a screener's terminal: a clipboard write
#: (OSC 52), a window title (OSC 0), concealed text (SGR 8), NUL, BEL, BS, VT, FF, DEL, a C1
#: CSI and an unclosed right-to-left override.
HOSTILE_TITLE = (
    "Integrated care \x1b]52;c;ZXZpbA==\x1b\\ for older people \x1b]0;pwned\x07 "
    "\x1b[8mhidden\x1b[0m \x00\x07\x08\x0b\x0c\x7f\x9b31m \u202eetirw"
)
HOSTILE_ABSTRACT = "Barriers to joint working \u202e reversed \u2066 isolate \x1b[2J cleared."


def _ris(title: str, abstract: str, year: int, author: str) -> str:
    return (
        f"TY  - JOUR\nTI  - {title}\nAB  - {abstract}\nAU  - {author}\nPY  - {year}\n"
        "JO  - Journal of Care\nER  - \n"
    )


_WORDS = [
    "care",
    "primary",
    "social",
    "frail",
    "older",
    "integration",
    "barrier",
    "funding",
    "culture",
    "general",
    "practice",
    "nurse",
    "home",
    "hospital",
    "discharge",
    "team",
    "record",
    "budget",
    "workforce",
    "trust",
    "patient",
    "carer",
    "community",
    "service",
    "policy",
    "reform",
    "outcome",
    "quality",
    "access",
    "rural",
    "urban",
    "network",
]


def _plain(i: int) -> str:
    """A plain record; titles differ in their words, so that dedup blocks stay small."""
    pick = random.Random(i).sample(_WORDS, 6)
    return _ris(
        f"{' '.join(pick).capitalize()} study {i}",
        "We interviewed general practitioners and social workers about joint work. " * 3,
        2014 + i % 10,
        f"{pick[0].capitalize()}{i}, A.",
    )


def write_export(path: Path, *, hostile_at: str, n: int = 400) -> Path:
    """A RIS export of ``n`` plain records (> 64 KB) with the hostile record first or last."""
    hostile = _ris(HOSTILE_TITLE, HOSTILE_ABSTRACT, 2020, "Doe\x1b[8m, J.")
    plain = "".join(_plain(i) for i in range(n))
    path.write_text(hostile + plain if hostile_at == "first" else plain + hostile, "utf-8")
    assert path.stat().st_size > 65536
    return path


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``slr ARGS`` in this process: (exit code, stderr)."""
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def no_unsafe(text: str) -> bool:
    return UNSAFE.search(text) is None


def _hostile_row(frame: pd.DataFrame) -> pd.Series:
    rows = frame[frame["title"].str.startswith("Integrated care")]
    assert len(rows) == 1
    return rows.iloc[0]


# ---------------------------------------------------------------- findings 2 and 3: position


def test_the_same_hostile_record_reads_the_same_wherever_it_sits(tmp_path: Path) -> None:
    first = read_file_result(write_export(tmp_path / "first.ris", hostile_at="first"))
    last = read_file_result(write_export(tmp_path / "last.ris", hostile_at="last"))
    a, b = _hostile_row(first.records), _hostile_row(last.records)
    for col in ("title", "abstract", "authors"):
        assert a[col] == b[col]
    assert a["title"].startswith("Integrated care ]52;c;ZXZpbA==")
    assert "\x1b" not in a["title"] and "\u202e" not in a["title"] and "\x00" not in a["title"]
    assert a["authors"] == ["Doe[8m, J."]
    # The report counts what was removed, the same for both files.
    assert first.warnings == last.warnings
    assert "control or bidirectional-override character(s) removed" in first.warnings[-1]
    for result in (first, last):
        for col in result.records.columns:
            for value in result.records[col]:
                text = "; ".join(value) if isinstance(value, list) else str(value)
                assert no_unsafe(text), (col, text)


def test_the_pipeline_reads_its_own_exports_of_hostile_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_export(tmp_path / "last.ris", hostile_at="last")
    table = tmp_path / "records.parquet"
    assert run_cli(["ingest", tmp_path / "last.ris", "--out", table], capsys)[0] == 0
    for fmt in ("ris", "csv", "asreview"):
        out = tmp_path / f"export.{fmt}.{'ris' if fmt == 'ris' else 'csv'}"
        assert run_cli(["export", table, "--format", fmt, "--out", out], capsys)[0] == 0
        assert no_unsafe(out.read_text("utf-8").replace("\r", ""))
        again, _ = read_file(out)
        assert len(again) == 401


# ---------------------------------------------------------------- finding 2: the terminal


def _session_review(tmp_path: Path) -> list[str]:
    """A review folder whose unique records hold the hostile record after the first 64 KB,
    ranked first in the queue."""
    write_export(tmp_path / "export.ris", hostile_at="last")
    table, _, _ = ingest_files([tmp_path / "export.ris"])
    rec.write_records(table, tmp_path / "outputs" / "dedup" / "unique.parquet")
    hostile = _hostile_row(table)["record_id"]
    ids = [hostile, *sorted(r for r in table["record_id"] if r != hostile)]
    queue = pd.DataFrame({"rank": range(1, len(ids) + 1), "record_id": ids, "score": 0.5})
    (tmp_path / "outputs" / "screen").mkdir(parents=True)
    queue.to_csv(tmp_path / "outputs" / "screen" / "queue.csv", index=False)
    return ids


def test_terminal_session_screen_holds_no_escape_from_record_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pexpect = pytest.importorskip("pexpect")
    monkeypatch.chdir(tmp_path)
    ids = _session_review(tmp_path)
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "TERM": "xterm"}
    screen = io.StringIO()
    child = pexpect.spawn(
        str(SLR),
        [
            "screen",
            "session",
            "--screener",
            "eve[/bold]",
            "--review",
            REVIEW,
            "--retrain-every",
            "0",
        ],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
    )
    child.logfile_read = screen
    try:
        child.expect("ZXZpbA==")
        child.expect(r"\[q\] quit")
        child.send("i")
        child.expect("saved: ")
        child.expect(r"\[q\] quit")
        child.send("q")
        child.expect("saved 1 decision line")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    shown = screen.getvalue()
    # (the session clears the screen itself: ESC [2J, but not the one in the abstract)
    for sequence in (
        "\x1b]",
        "\x1b[8m",
        "\x1b[2J cleared",
        "\x9b",
        "\u202e",
        "\u2066",
        "\x07",
        "\x00",
    ):
        assert sequence not in shown, repr(sequence)
    assert "eve[/bold]" in shown  # the screener's name, not read as markup
    assert [x["record_id"] for x in decisions.read_lines("decisions/decisions.jsonl")] == ids[:1]


def test_session_shows_record_ids_and_messages_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_records
) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from rich.console import Console

    from pipeline.screen.session import Session

    monkeypatch.chdir(tmp_path)
    table = make_records(2)
    table["record_id"] = ["rec[/yellow]one", "rec[bold]two\x1b]0;x\x07"]
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("iq")
        session = Session(
            table,
            pd.DataFrame({"record_id": table["record_id"], "score": 0.5, "rank": [1, 2]}),
            decisions="decisions/decisions.jsonl",
            screener="[red]mallory",
            review=REVIEW,
            reasons=["wrong population"],
            retrain_every=0,
            console=Console(file=out, width=100),
            input=pipe,
            output=DummyOutput(),
        )
        assert session.run() == 1
    text = out.getvalue()
    assert "saved: rec[/yellow]one include" in text
    assert "[red]mallory" in text
    assert "rec[bold]two]0;x" in text and "\x1b" not in text


# ---------------------------------------------------------------- finding 4: no traceback


def _hostile_unique(tmp_path: Path, make_records) -> pd.DataFrame:
    """unique.parquet written by another tool: control characters were never cleaned."""
    table = make_records(
        3,
        title=["Study \x01\x02 of =HYPERLINK(care)", "Care\x1b[8m two", "Plain three"],
        authors=["$x^$, Math"],
    )
    rec.write_records(table, tmp_path / "outputs" / "dedup" / "unique.parquet")
    return table


def test_xlsx_sheets_with_illegal_characters_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, make_records
) -> None:
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    table = _hostile_unique(tmp_path, make_records)
    store = "decisions/decisions.jsonl"
    base = ["--review", REVIEW, "--decisions", store]
    code, err = run_cli(["screen", "export", *base, "--out", "s.xlsx"], capsys)
    assert (code, err) == (0, "")
    cells = [c.value for row in load_workbook("s.xlsx")["screening"].iter_rows() for c in row]
    assert all(no_unsafe(str(v)) for v in cells if v is not None)
    rid = table["record_id"].iloc[0]
    for who, decision in (("alice", "include"), ("bob", "exclude")):
        decisions.append(
            store, [decisions.make_decision(rid, who, "title_abstract", decision, review=REVIEW)]
        )
    code, err = run_cli(["screen", "conflicts", *base, "--out", "c.xlsx"], capsys)
    assert (code, err) == (0, "")
    assert load_workbook("c.xlsx")["screening"].max_row == 2


def test_themes_draws_author_names_with_dollar_signs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_records
) -> None:
    studies = make_records(
        3,
        title=["Funding barriers in integrated care", "Culture gaps", "Shared records"],
        abstract=["Separate budgets and funding rules blocked joint work."] * 3,
        authors=["$x^$, Math"],
    )
    rec.write_records(studies, tmp_path / "included.parquet")
    out = tmp_path / "themes"
    code, err = run_cli(
        ["themes", tmp_path / "included.parquet", "--codebook", CODEBOOK, "--out", out], capsys
    )
    assert code == 0, err
    assert (out / "heatmap.svg").is_file()
    assert "$x^$" in (out / "heatmap.svg").read_text("utf-8")


@pytest.mark.parametrize("verb", ["ingest", "export"])
@pytest.mark.parametrize("target", ["folder", "adir/", "/proc/nope.csv", "/dev/full", "ro/x.csv"])
def test_bad_output_paths_give_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, verb: str, target: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.ris").write_text(_plain(1), "utf-8")
    rec.write_records(read_file(tmp_path / "in.ris")[0], tmp_path / "in.parquet")
    (tmp_path / "folder").mkdir()
    if target.startswith("ro/"):
        if os.geteuid() == 0:
            target = "/proc/self/nope/x.csv"  # root may write anywhere else
        else:
            (tmp_path / "ro").mkdir(mode=0o500)
    if verb == "ingest":
        args = ["ingest", "in.ris", "--out", target]
    else:
        args = ["export", "in.parquet", "--format", "csv", "--out", target]
    code, err = run_cli(args, capsys)
    assert code in (1, 2)
    lines = [line for line in err.splitlines() if not line.startswith("usage:")]
    assert len(lines) == 1 and lines[0].startswith(f"slr {verb}: error:"), err
    assert "Traceback" not in err
    assert not (tmp_path / "folder").is_file()


def test_writing_to_a_full_device_is_one_line(tmp_path: Path) -> None:
    from pipeline.files import replacing, write_text

    with pytest.raises(DataError, match="not a regular file"):
        write_text("/dev/full", "x")
    # A write that fails part way (here: the disk is full) leaves the old file.
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(DataError, match="out.csv: cannot write"), replacing(target) as tmp:
        raise OSError(28, "No space left on device", str(tmp))
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# ---------------------------------------------------------------- finding 5: hangs and loops


_TIMED_READ = """
import sys, time
from pipeline.errors import DataError
from pipeline.ingest import read_file
start = time.perf_counter()
try:
    read_file(sys.argv[1])
except DataError as exc:
    print(f"{time.perf_counter() - start:.3f} {exc}")
"""


def test_dev_zero_fails_within_two_seconds(tmp_path: Path) -> None:
    sparse = tmp_path / "zeros.ris"
    with sparse.open("wb") as handle:
        handle.truncate(2**30)  # 1 GB of NUL bytes, without using the disk
    for path, message in (("/dev/zero", "/dev/zero: is a device"), (sparse, "binary data")):
        # In a child process: a reader that does not stop would hang the test run.
        result = subprocess.run(
            [sys.executable, "-c", _TIMED_READ, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        seconds, _, error = result.stdout.partition(" ")
        assert message in error, result.stdout + result.stderr
        assert float(seconds) < 2.0


def test_fifo_and_symlink_loop_are_named(tmp_path: Path) -> None:
    fifo = tmp_path / "export.ris"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.ris"
    loop.symlink_to(loop)
    for path, message in ((fifo, "FIFO"), (loop, "symlink loop")):
        result = subprocess.run(
            [str(SLR), "ingest", str(path), "--out", str(tmp_path / "r.parquet")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1
        assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr


# ---------------------------------------------------------------- finding 6: people's work


def test_export_refuses_to_overwrite_the_decisions_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, make_records
) -> None:
    monkeypatch.chdir(tmp_path)
    rec.write_records(make_records(2), "records.parquet")
    store = Path("decisions/decisions.jsonl")
    decisions.append(
        store, [decisions.make_decision("x", "alice", "title_abstract", "include", review=REVIEW)]
    )
    before = store.read_bytes()
    code, err = run_cli(["export", "records.parquet", "--format", "ris", "--out", store], capsys)
    assert code == 2 and "people's work" in err and "--force" in err
    assert store.read_bytes() == before
    # A file the config names as people's input is theirs too, wherever it is.
    Path("config").mkdir()
    Path("config/config.yaml").write_text("dedup:\n  pairs: checked/pairs.csv\n")
    Path("checked").mkdir()
    Path("checked/pairs.csv").write_text("a,b,same\n")
    code, err = run_cli(
        ["dedup", "records.parquet", "--out", "u.parquet", "--clusters", "checked/pairs.csv"],
        capsys,
    )
    assert code == 2 and "people's work" in err
    assert Path("checked/pairs.csv").read_text() == "a,b,same\n"
    code, _ = run_cli(
        ["export", "records.parquet", "--format", "ris", "--out", store, "--force"], capsys
    )
    assert code == 0 and store.read_text("utf-8").startswith("TY  - ")


# ---------------------------------------------------------------- finding 7: SIGKILL


def _snapshot(paths: list[Path]) -> dict[Path, bytes | None]:
    return {p: p.read_bytes() if p.exists() else None for p in paths}


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _kill_runs(cmd: list[str], cwd: Path, outputs: list[Path], check, *, seconds: float) -> int:
    """Run ``cmd`` and SIGKILL it: the moment the k-th output first changes on disk (k = 1
    .. all: the worst moments for a writer that is not atomic), and at a few fixed times
    over a full run (``seconds``). ``check()`` is called after every kill."""
    kills = 0
    plans: list[tuple[str, float]] = [("change", k) for k in range(1, len(outputs) + 1)]
    plans += [("time", f * seconds) for f in (0.5, 0.9)]
    for kind, value in plans:
        before = {p: _stat(p) for p in outputs}
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.perf_counter()
        while proc.poll() is None:
            if kind == "change":
                changed = sum(_stat(p) != before[p] for p in outputs)
                if changed >= value:
                    break
            elif time.perf_counter() - start >= value:
                break
            os.sched_yield()  # (a busy wait: a partly written file is caught early)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        check()
    return kills


def _ris_file(path: Path, n: int, offset: int = 0) -> None:
    path.write_text("".join(_plain(i + offset) for i in range(n)), "utf-8")


def _complete_states(
    tmp_path: Path, cmd: list[str], outputs: list[str], make_inputs
) -> tuple[Path, dict, dict, float]:
    """Run ``cmd`` in a folder with the old inputs, then with the new ones in another: the
    old and the new outputs (by relative path), and how long a full run takes."""
    work, fresh = tmp_path / "work", tmp_path / "fresh"
    for folder, which in ((work, "old"), (fresh, "new")):
        folder.mkdir()
        make_inputs(folder, which)
    subprocess.run(cmd, cwd=work, check=True, capture_output=True, timeout=300)
    old = {o: (work / o).read_bytes() for o in outputs}
    make_inputs(work, "new")
    start = time.perf_counter()
    subprocess.run(cmd, cwd=fresh, check=True, capture_output=True, timeout=300)
    seconds = time.perf_counter() - start
    new = {o: (fresh / o).read_bytes() for o in outputs}
    assert old != new
    return work, old, new, seconds


@pytest.mark.parametrize("verb", ["ingest", "dedup"])
def test_sigkill_at_any_moment_leaves_old_or_new_outputs(tmp_path: Path, verb: str) -> None:
    if verb == "ingest":
        outputs = ["out/records.parquet", "out/report.csv", "out/quarantine.csv"]
        cmd = [
            str(SLR),
            "ingest",
            "in.ris",
            "--out",
            outputs[0],
            "--report",
            outputs[1],
            "--quarantine",
            outputs[2],
        ]
        n = 2000
    else:
        outputs = ["out/unique.parquet", "out/clusters.csv", "out/uncertain.csv"]
        cmd = [
            str(SLR),
            "dedup",
            "in.ris",
            "--out",
            outputs[0],
            "--clusters",
            outputs[1],
            "--uncertain",
            outputs[2],
        ]
        n = 800

    def make_inputs(folder: Path, which: str) -> None:
        _ris_file(folder / "in.ris", n + (0 if which == "old" else 7), 0 if which == "old" else 1)

    work, old, new, seconds = _complete_states(tmp_path, cmd, outputs, make_inputs)

    def check() -> None:
        for name in outputs:
            data = (work / name).read_bytes()
            assert data in (old[name], new[name]), f"{name}: neither the old nor the new file"

    assert _kill_runs(cmd, work, [work / o for o in outputs], check, seconds=seconds) >= 2


def test_screen_import_is_whole_and_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, make_records
) -> None:
    monkeypatch.chdir(tmp_path)
    table = make_records(300)
    rec.write_records(table, "outputs/dedup/unique.parquet")
    store = Path("decisions/decisions.jsonl")
    ids = sorted(table["record_id"])
    decisions.append(
        store,
        [decisions.make_decision(ids[0], "alice", "title_abstract", "exclude", review=REVIEW)],
    )
    sheet = pd.DataFrame(
        {"record_id": ids, "decision": ["include", "exclude"] * 150, "note": "n" * 200}
    )
    sheet.to_csv("sheet.csv", index=False)
    cmd = [str(SLR), "screen", "import", "sheet.csv", "--screener", "alice", "--review", REVIEW]
    old = store.read_bytes()

    def check() -> None:
        data = store.read_bytes()
        assert data.startswith(old)
        new = data[len(old) :].splitlines()
        assert len(new) in (0, 300), f"{len(new)} of the batch's 300 lines"
        assert all(json.loads(line)["screener"] == "alice" for line in new)

    start = time.perf_counter()
    assert _kill_runs(cmd, tmp_path, [store], check, seconds=2.5) >= 1
    assert time.perf_counter() - start < 120
    # A complete import, then the same sheet again: nothing more is added.
    code, _ = run_cli(cmd[1:], capsys)
    after = store.read_bytes()
    capsys.readouterr()
    assert cli.main(cmd[1:]) == 0
    assert store.read_bytes() == after
    assert "imported 0 title_abstract decisions" in capsys.readouterr().out
    assert len(after[len(old) :].splitlines()) == 300


# ---------------------------------------------------------------- finding 8: search log


def test_search_log_markdown_escapes_sidecar_text(tmp_path: Path) -> None:
    from pipeline.search.log import build_search_log, to_markdown

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "embase.ris").write_text(_plain(1), "utf-8")
    (exports / "embase.ris.yaml").write_text(
        "database: embase\n"
        "platform: 'Ovid <img src=x onerror=alert(1)> | x'\n"
        "date_searched: 2026-10-12\n"
        "limits: '[click](javascript:alert(1))'\n"
        "notes: \"<script>alert('notes')</script> \\e]0;title\\a\"\n"
        "strategy: |\n  1 care.ti\n  ````\n  <b>not code</b>\n",
        "utf-8",
    )
    md = to_markdown(build_search_log([], exports_dir=exports))
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script>" in md
    assert "[click](javascript" not in md and "[click]\\(javascript" in md
    assert no_unsafe(md)
    # The strategy stays verbatim inside a fence that its own backticks cannot close.
    assert "\n`````\n1 care.ti\n````\n<b>not code</b>\n`````" in md


# ---------------------------------------------------------------- fuzz: the whole pipeline

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TOKENS = [
    "\x1b]52;c;ZXZpbA==\x1b\\",
    "\x1b]0;title\x07",
    "\x1b[8m",
    "\x00",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    "\x9b31m",
    "\r",
    "\t",
    "\u202e",
    "\u2067",
    "\u200f",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[/yellow]",
    "[bold]",
    "$x^$",
    "$",
    "|",
    "*",
    "_",
    "`",
    "[link](javascript:alert(3))",
    "=HYPERLINK(1)",
    "&amp;",
    "&lt;b&gt;",
    ";",
    '"',
    ",",
]
FIELD = st.lists(
    st.sampled_from(TOKENS) | st.text(min_size=1, max_size=4), min_size=1, max_size=6
).map("".join)
MARKERS = ("<script>alert(1)", "<img src=x", "](javascript:alert(3)")


def _check_outputs(folder: Path) -> None:
    from openpyxl import load_workbook

    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            text = " ".join(
                str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value
            )
        elif path.suffix in (".parquet", ".png", ".pdf"):
            continue
        else:
            text = path.read_text("utf-8")
        assert no_unsafe(text.replace("\r\n", "\n")), f"{path}: control character"
        if path.suffix in (".html", ".svg", ".md"):
            # (a Markdown link is plain text in HTML and SVG)
            for marker in MARKERS if path.suffix == ".md" else MARKERS[:2]:
                assert marker not in text, f"{path}: unescaped {marker!r}"


@settings(
    max_examples=6,
    deadline=None,
    # (no shrinking: each example runs the whole pipeline, and the failing one is printed)
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fields=st.lists(
        st.fixed_dictionaries(
            {"title": FIELD, "abstract": FIELD, "authors": FIELD, "journal": FIELD}
        ),
        min_size=1,
        max_size=3,
    )
)
def test_fuzzed_record_fields_through_the_whole_pipeline(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], fields
) -> None:
    import csv

    root = tmp_path_factory.mktemp("fuzz")
    rows = [
        {
            "title": f"Study {i} of care {f['title']}",
            "abstract": f"Funding barriers and joint work. {f['abstract']}",
            "authors": f"{f['authors']}; Smith, J.",
            "journal": f["journal"],
            "year": 2015 + i,
        }
        for i, f in enumerate(fields)
    ]
    # Plain records around them, as in a real export: a few odd characters in a file are
    # cleaned, not taken for binary data.
    rows += [
        {
            "title": f"Plain study {i} of care",
            "abstract": "Budgets and teams. " * 6,
            "authors": f"Lee{i}, K.",
            "journal": "J",
            "year": 2019,
        }
        for i in range(60)
    ]
    with open(root / "export.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    w = root / "outputs"
    steps = [
        [
            "ingest",
            root / "export.csv",
            "--out",
            w / "ingest/records.parquet",
            "--report",
            w / "ingest/ingest_report.csv",
            "--quarantine",
            w / "ingest/quarantine.csv",
        ],
        [
            "dedup",
            w / "ingest/records.parquet",
            "--out",
            w / "dedup/unique.parquet",
            "--clusters",
            w / "dedup/clusters.csv",
            "--uncertain",
            w / "dedup/uncertain.csv",
        ],
    ]
    for step in steps:
        code, err = run_cli(step, capsys)
        assert code == 0, (step[0], err)
    unique = rec.read_records(w / "dedup/unique.parquet")
    store = root / "decisions.jsonl"
    for stage in ("title_abstract", "full_text"):
        decisions.append(
            store,
            [
                decisions.make_decision(r, "alice", stage, "include", review=REVIEW)
                for r in unique["record_id"]
            ],
        )
    base = ["--workdir", w, "--decisions", store, "--review", REVIEW]
    steps = [
        ["screen", "status", *base],
        ["screen", "export", *base, "--out", w / "sheets/screen.xlsx"],
        ["screen", "export", *base, "--out", w / "sheets/screen.csv"],
        ["export", w / "dedup/unique.parquet", "--format", "ris", "--out", w / "export.ris"],
        [
            "prisma",
            "--workdir",
            w,
            "--out",
            w / "prisma/prisma.svg",
            "--html",
            w / "prisma/prisma.html",
            "--allow-incomplete",
        ],
        ["themes", w / "screen/included.parquet", "--codebook", CODEBOOK, "--out", w / "themes"],
    ]
    for step in steps:
        code, err = run_cli(step, capsys)
        assert code == 0, (step[0], err)
    _check_outputs(w)
