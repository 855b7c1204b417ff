"""`slr serve` in a real headless Chromium: two screeners screen 30 records each with the
keyboard only, a resolver settles their conflicts, and the pipeline's PRISMA counts and
agreement table then reflect exactly those decisions.

The browser is Debian's ``chromium-headless-shell`` (or ``chromium``) driven by Playwright
through ``executable_path``; ``.ci/run`` installs it when it is missing. The tests skip only
when neither Playwright nor a Chromium binary is present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score
from web_helpers import PASSWORDS, Server, add_team

from pipeline.screen.decisions import read_lines

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = (
    "/usr/bin/chromium-headless-shell",
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/bin/chromium",
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
N = 30


def _chromium() -> str | None:
    return next((p for p in CHROMIUM if os.access(p, os.X_OK)), None)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium binary (apt-get install chromium-headless-shell)")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=ARGS)
        yield instance
        instance.close()


def _snakemake(workdir: Path, *targets: str) -> None:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["SLR_EUTILS_URL"] = "http://127.0.0.1:9/entrez/eutils/"
    run = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *targets],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-4000:]


@pytest.fixture(scope="module")
def example(tmp_path_factory, copy_example) -> Path:
    """A copy of the example review with an empty decisions store, run up to the queue."""
    work = copy_example(tmp_path_factory.mktemp("team_review"))
    (work / "decisions" / "decisions.jsonl").write_text("")
    _snakemake(work, "outputs/screen/queue.csv")
    add_team(work / ".slr" / "users.json")
    return work


def _login(browser, url: str, name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORDS[name])
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-page='screen'][data-ready='1']")
    page.wait_for_selector("#record[data-record-id]:not([hidden])")
    return page, errors


def _shown(page) -> str:
    return page.get_attribute("#record", "data-record-id")


def _press(page, key: str) -> str:
    """Press a decision key on the record shown; returns that record's id."""
    before = _shown(page)
    page.keyboard.press(key)
    page.wait_for_function(
        "(b) => document.body.dataset.busy !== '1' && "
        "document.querySelector('#record').dataset.recordId !== b",
        arg=before,
    )
    assert page.text_content("#status").startswith("Saved")
    return before


def test_two_screeners_and_a_resolver(browser, example, tmp_path):
    server = Server(example, "--retrain-every", "10")
    try:
        _screen_as_a_team(browser, server.url, example, tmp_path)
    finally:
        server.stop()
    _check_pipeline(example)


def _screen_as_a_team(browser, url: str, example: Path, tmp_path: Path) -> None:
    store = example / "decisions" / "decisions.jsonl"
    alice, alice_errors = _login(browser, url, "alice")

    # Highlighting from the config is visible, and the toggle turns it off and on.
    alice.wait_for_selector("mark.inc")
    alice.keyboard.press("h")
    alice.wait_for_function("!document.querySelector('mark')")
    alice.keyboard.press("h")
    alice.wait_for_selector("mark.inc")
    # Keywords edited on the page: a new exclusion word is marked at once; reset restores.
    word = alice.text_content("#abstract").split()[0]
    alice.fill("#kw-exclude", word)
    alice.click("#kw-save")
    alice.wait_for_selector("#abstract mark.exc")
    assert alice.text_content("#abstract mark.exc").lower() == word.lower()
    alice.click("#kw-reset")
    alice.wait_for_function(
        "(w) => ![...document.querySelectorAll('#abstract mark.exc')]"
        ".some((m) => m.textContent === w)",
        arg=word,
    )

    intended: dict[str, dict[str, str]] = {"alice": {}, "bob": {}}
    # Alice: include every fourth record, exclude the rest; undo after the tenth.
    for i in range(N - 5):
        key = "i" if i % 4 == 0 else "e"
        rid = _press(alice, key)
        intended["alice"][rid] = "include" if key == "i" else "exclude"
        if i == 9:
            alice.keyboard.press("u")
            alice.wait_for_function(
                "(r) => document.body.dataset.busy !== '1' && "
                "document.querySelector('#record').dataset.recordId === r",
                arg=rid,
            )
            assert "Undone" in alice.text_content("#status")
            flipped = "e" if key == "i" else "i"
            assert _press(alice, flipped) == rid
            intended["alice"][rid] = "include" if flipped == "i" else "exclude"
    # The last five as a burst: keys pressed while requests run wait in the queue.
    before = len(read_lines(store))
    for _ in range(5):
        alice.keyboard.press("e")
    alice.wait_for_function(
        "(n) => document.body.dataset.busy !== '1' && "
        "document.querySelectorAll('#history li').length >= n",
        arg=N,
    )
    burst = read_lines(store)[before:]
    assert [line["decision"] for line in burst] == ["exclude"] * 5
    assert len({line["record_id"] for line in burst} | set(intended["alice"])) == N
    for line in burst:
        intended["alice"][line["record_id"]] = "exclude"
    alice.screenshot(path=str(tmp_path / "screen.png"))
    if os.environ.get("SLR_SCREENSHOT"):
        shutil.copy(tmp_path / "screen.png", os.environ["SLR_SCREENSHOT"])

    # Bob, blind: nothing of Alice's shows on his page.
    bob, bob_errors = _login(browser, url, "bob")
    assert bob.locator("#history li").count() == 0
    bob.wait_for_selector("#counts dd")
    assert bob.text_content("#counts").startswith("Screened0 of ")
    for i in range(N):
        rid = _shown(bob)
        assert bob.text_content("#current") == ""
        theirs = intended["alice"].get(rid)
        # Agree with Alice mostly, disagree on every fifth record she also screened.
        decision = theirs or "exclude"
        if theirs and i % 5 == 0:
            decision = "exclude" if theirs == "include" else "include"
        assert _press(bob, "i" if decision == "include" else "e") == rid
        intended["bob"][rid] = decision
        bob.wait_for_function(
            "(n) => document.querySelectorAll('#history li').length === n", arg=i + 1
        )
    mine = bob.evaluate(
        "async () => (await (await fetch('/api/decisions')).json()).decisions.length"
    )
    assert mine == N
    history = bob.text_content("#history")
    for rid in set(intended["alice"]) - set(intended["bob"]):
        title = bob.evaluate(
            "async (r) => (await (await fetch('/api/records/' + encodeURIComponent(r)))"
            ".json()).title",
            rid,
        )
        assert not title or title not in history

    # Carol settles every conflict, with the mouse on her conflict view.
    carol, carol_errors = _login(browser, url, "carol")
    conflicts = {
        rid
        for rid in set(intended["alice"]) & set(intended["bob"])
        if intended["alice"][rid] != intended["bob"][rid]
    }
    assert conflicts, "the test needs at least one disagreement"
    carol.wait_for_selector("#conflicts .conflict")
    shown = set(
        carol.eval_on_selector_all("#conflicts .conflict", "els => els.map(e => e.dataset.record)")
    )
    assert shown == conflicts
    settled = {}
    for rid in sorted(conflicts):
        carol.click(f"#conflicts .conflict[data-record='{rid}'] button[data-decision='include']")
        carol.wait_for_function(
            "(r) => !document.querySelector(`#conflicts .conflict[data-record='${r}']`)",
            arg=rid,
        )
        settled[rid] = "include"
    carol.wait_for_selector("#conflicts >> text=No conflicts.")

    # Full text: an exclusion asks for a reason from the configured list, by its number.
    alice.click("#stages button[data-stage='full_text']")
    alice.wait_for_selector("#record[data-stage='full_text']:not([hidden])")
    reasons = alice.eval_on_selector_all("#reasons li", "els => els.map(e => e.textContent)")
    assert reasons and alice.is_hidden("#reason-picker")
    full_text = _shown(alice)
    alice.keyboard.press("e")
    alice.wait_for_selector("#reason-picker:not([hidden])")
    _press(alice, "2")
    assert reasons[1] in alice.text_content("#status")
    assert alice_errors == bob_errors == carol_errors == []

    lines = read_lines(store)
    ft = [line for line in lines if line["stage"] == "full_text"]
    assert [(x["record_id"], x["screener"], x["decision"], x["reason"]) for x in ft] == [
        (full_text, "alice", "exclude", reasons[1])
    ]
    for name in ("alice", "bob"):
        current: dict[str, str] = {}
        for line in lines:
            if line["screener"] == name and line["stage"] == "title_abstract":
                current[line["record_id"]] = line["decision"]
        current = {r: d for r, d in current.items() if d != "withdrawn"}
        assert current == intended[name]
    assert {
        line["record_id"]: line["decision"]
        for line in lines
        if line["screener"] == "consensus" and line["stage"] == "title_abstract"
    } == settled
    (example / "expected.json").write_text(
        pd.Series({"intended": intended, "settled": settled}).to_json()
    )


def _check_pipeline(example: Path) -> None:
    import json

    # Snakemake re-runs ranking, status and the diagram on the new decisions (30 + 30
    # decisions leave most records to screen: the diagram is drawn as provisional).
    _snakemake(example, "outputs/screen/agreement.csv", "outputs/prisma/prisma.svg")
    expected = json.loads((example / "expected.json").read_text())
    a, b = expected["intended"]["alice"], expected["intended"]["bob"]
    settled = expected["settled"]
    both = sorted(set(a) & set(b))
    agreement = pd.read_csv(example / "outputs" / "screen" / "agreement.csv")
    row = agreement[agreement["stage"] == "title_abstract"].iloc[0]
    assert (row["screener_a"], row["screener_b"]) == ("alice", "bob")
    assert row["n_both"] == len(both)
    assert row["n_agree"] == sum(a[r] == b[r] for r in both)
    reference = cohen_kappa_score([a[r] for r in both], [b[r] for r in both])
    assert row["cohen_kappa"] == pytest.approx(reference, abs=1e-4)

    final = {}
    for rid in set(a) | set(b):
        votes = {v for v in (a.get(rid), b.get(rid)) if v}
        final[rid] = settled.get(rid) or votes.pop()
    counts = pd.read_csv(
        example / "outputs" / "prisma" / "prisma_counts.csv", dtype=str, keep_default_na=False
    )
    n = {row.data: row.n for row in counts.itertuples()}
    assert int(n["records_excluded"]) == sum(d == "exclude" for d in final.values())
    assert int(n["dbr_sought_reports"]) == sum(d == "include" for d in final.values())
    svg = (example / "outputs" / "prisma" / "prisma.svg").read_text()
    assert f"n = {sum(d == 'exclude' for d in final.values())}" in svg
