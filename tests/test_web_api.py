"""The JSON API of `slr serve`: sessions, CSRF, login throttling, blind screening, undo,
conflicts, full text, hostile record text, PDFs, and no lost decisions."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from web_helpers import PASSWORDS, Client, Server, add_team, write_review

from pipeline.screen.decisions import (
    DEFAULT_REASONS,
    append,
    final_decisions,
    history,
    make_decision,
    read_lines,
)
from pipeline.web.app import create_app
from pipeline.web.auth import Accounts, LoginLimiter
from pipeline.web.state import ScreeningState

REVIEW = "test-review"
HOSTILE_TITLE = "<script>document.title='owned'</script><img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
RTL = "normal \u202etxet desrever\u202c end"
BIG = "word " * 200_000  # 1 MB abstract


@pytest.fixture
def frame(make_records):
    n = 40
    titles = [f"Integrated care study {i}" for i in range(n)]
    abstracts = [f"Abstract {i} about older people." for i in range(n)]
    titles[1], abstracts[1] = HOSTILE_TITLE, FORMULA
    titles[2], abstracts[2] = RTL, BIG
    return make_records(n, title=titles, abstract=abstracts)


@pytest.fixture
def make_state(tmp_path):
    """``make_state(records, store="d.jsonl", **options)``: the app's state over
    ``records`` with no ranking yet, its decisions in ``tmp_path / store``."""

    def make(records: pd.DataFrame, store: str = "d.jsonl", **options) -> ScreeningState:
        return ScreeningState(
            records,
            pd.DataFrame({"record_id": [], "score": [], "rank": []}),
            decisions=tmp_path / store,
            review=REVIEW,
            reasons=list(DEFAULT_REASONS),
            **options,
        )

    return make


@pytest.fixture
def setup(tmp_path, frame, make_state):
    users = tmp_path / ".slr" / "users.json"
    add_team(users)
    review = make_state(frame, "decisions.jsonl")
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    app = create_app(
        review,
        Accounts(users),
        secret=b"s" * 64,
        highlight={"include": ["integrat*"], "exclude": []},
        pdf_dir=pdfs,
        limiter=LoginLimiter(max_failures=3, window=60),
        review_name="<b>review</b>",
    )
    return app, review, tmp_path


def login(app, name):
    client = app.test_client()
    resp = client.post("/api/login", json={"name": name, "password": PASSWORDS[name]})
    assert resp.status_code == 200, resp.get_json()
    token = resp.get_json()["csrf_token"]
    client.environ_base["HTTP_X_CSRF_TOKEN"] = token
    return client


def lines(path: Path) -> list[dict]:
    return read_lines(path)


ROUTES = [
    ("GET", "/api/me"),
    ("GET", "/api/next"),
    ("GET", "/api/records/x"),
    ("POST", "/api/decisions"),
    ("GET", "/api/decisions"),
    ("POST", "/api/undo"),
    ("POST", "/api/skip"),
    ("GET", "/api/progress"),
    ("GET", "/api/search?q=a"),
    ("GET", "/api/awaiting"),
    ("GET", "/api/conflicts"),
    ("POST", "/api/conflicts"),
    ("POST", "/api/logout"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_needs_a_session(setup, method, path):
    app, _, _ = setup
    resp = app.test_client().open(path, method=method, json={})
    assert resp.status_code == 401
    assert "log in" in resp.get_json()["error"]


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r[0] == "POST"])
def test_state_changes_need_the_csrf_header(setup, method, path):
    app, _, tmp = setup
    client = login(app, "alice")
    del client.environ_base["HTTP_X_CSRF_TOKEN"]
    body = {"record_id": "x", "stage": "title_abstract", "decision": "include"}
    assert client.open(path, method=method, json=body).status_code == 403
    client.environ_base["HTTP_X_CSRF_TOKEN"] = "wrong-token"
    assert client.open(path, method=method, json=body).status_code == 403
    assert not (tmp / "decisions.jsonl").exists()


def test_login_wrong_password_then_throttled(setup):
    app, _, _ = setup
    client = app.test_client()
    for _ in range(3):
        resp = client.post("/api/login", json={"name": "alice", "password": "nope-nope"})
        assert resp.status_code == 401
    # Throttled now, even with the right password.
    resp = client.post("/api/login", json={"name": "alice", "password": PASSWORDS["alice"]})
    assert resp.status_code == 429
    assert int(resp.headers["Retry-After"]) > 0
    # Another user from another address is not affected.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert (
        other.post("/api/login", json={"name": "bob", "password": PASSWORDS["bob"]}).status_code
        == 200
    )
    assert client.post("/api/login", data="name=bob").status_code == 400


def test_session_cookie_flags_and_security_headers(setup):
    app, _, _ = setup
    client = app.test_client()
    resp = client.post("/api/login", json={"name": "bob", "password": PASSWORDS["bob"]})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "password" not in cookie and "bob-password" not in cookie
    page = client.get("/")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    html = page.get_data(as_text=True)
    assert "&lt;b&gt;review&lt;/b&gt;" in html and "<b>review</b>" not in html


def test_removed_user_loses_the_session(setup):
    app, _, tmp = setup
    client = login(app, "bob")
    assert client.get("/api/me").status_code == 200
    from pipeline.web.users import remove_user

    remove_user(tmp / ".slr" / "users.json", "bob")
    assert client.get("/api/me").status_code == 401


def test_local_screener_without_accounts(tmp_path, frame, make_state):
    review = make_state(frame)
    app = create_app(review, Accounts(None, local_screener="me"), secret=b"k" * 64)
    client = app.test_client()
    assert client.get("/api/me").status_code == 401
    assert client.get("/").status_code == 200
    me = client.get("/api/me").get_json()  # the page logged the local screener in
    assert me["name"] == "me" and me["role"] == "screener"
    client.environ_base["HTTP_X_CSRF_TOKEN"] = me["csrf_token"]
    rid = client.get("/api/next").get_json()["record_id"]
    assert (
        client.post("/api/decisions", json={"record_id": rid, "decision": "maybe"}).status_code
        == 201
    )
    assert [s["screener"] for s in lines(tmp_path / "d.jsonl")] == ["me"]
    other = app.test_client()
    assert other.post("/api/login", json={"name": "someone", "password": "x"}).status_code == 401


def test_next_decide_and_store(setup, frame):
    app, _, tmp = setup
    alice = login(app, "alice")
    rec = alice.get("/api/next?stage=title_abstract").get_json()
    assert set(rec) >= {
        "record_id",
        "title",
        "abstract",
        "authors",
        "year",
        "journal",
        "keywords",
        "score",
    }
    resp = alice.post(
        "/api/decisions",
        json={
            "record_id": rec["record_id"],
            "stage": "title_abstract",
            "decision": "include",
            "note": "looks right",
            "tags": ["qualitative"],
        },
    )
    assert resp.status_code == 201
    stored = lines(tmp / "decisions.jsonl")
    assert [(s["record_id"], s["screener"], s["decision"], s["review"]) for s in stored] == [
        (rec["record_id"], "alice", "include", REVIEW)
    ]
    assert stored[0]["note"] == "looks right #qualitative"
    nxt = alice.get("/api/next").get_json()
    assert nxt["record_id"] != rec["record_id"]
    mine = alice.get("/api/decisions?stage=title_abstract").get_json()["decisions"]
    assert [d["record_id"] for d in mine] == [rec["record_id"]]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"record_id": "nope:123", "decision": "include"}, 404),
        ({"record_id": "FIRST", "decision": "perhaps"}, 400),
        ({"record_id": "FIRST", "decision": "withdrawn"}, 400),
        ({"record_id": "FIRST", "decision": "include", "stage": "abstract_only"}, 400),
        ({"record_id": "FIRST", "decision": "include", "tags": ["<b>"]}, 400),
        ({"record_id": 5, "decision": "include"}, 400),
        ({"decision": "include"}, 400),
    ],
)
def test_bad_decisions_write_nothing(setup, frame, body, status):
    app, _, tmp = setup
    alice = login(app, "alice")
    if body.get("record_id") == "FIRST":
        body["record_id"] = frame["record_id"][0]
    resp = alice.post("/api/decisions", json=body)
    assert resp.status_code == status
    assert "error" in resp.get_json()
    assert not (tmp / "decisions.jsonl").exists()
    assert alice.get("/api/records/nope:123").status_code == 404


def test_blind_screening(setup, frame):
    app, _, _ = setup
    alice, bob = login(app, "alice"), login(app, "bob")
    ids = list(frame["record_id"])
    first = alice.get("/api/next").get_json()["record_id"]
    alice.post("/api/decisions", json={"record_id": first, "decision": "exclude"})
    assert bob.get("/api/decisions").get_json()["decisions"] == []
    assert bob.get("/api/next").get_json()["record_id"] == first  # still in bob's queue
    assert bob.get(f"/api/records/{first}").get_json()["decision"] is None
    assert bob.get("/api/progress").get_json()["screened"] == 0
    assert all(r["decision"] == "" for r in bob.get("/api/search?q=study").get_json()["results"])
    waiting = bob.get("/api/awaiting").get_json()["records"]
    assert waiting == [
        {"record_id": first, "title": frame.set_index("record_id").at[first, "title"]}
    ]
    assert bob.get("/api/conflicts").status_code == 403
    # The resolver sees who screened it.
    carol = login(app, "carol")
    assert carol.get("/api/awaiting").get_json()["records"][0]["screened_by"] == "alice"
    assert first in ids


def test_undo_and_change(setup):
    app, _, tmp = setup
    alice = login(app, "alice")
    assert alice.post("/api/undo", json={"stage": "title_abstract"}).status_code == 409
    rec = alice.get("/api/next").get_json()["record_id"]
    alice.post("/api/decisions", json={"record_id": rec, "decision": "include"})
    alice.post("/api/decisions", json={"record_id": rec, "decision": "exclude"})  # a change
    assert alice.post("/api/undo", json={}).get_json()["decision"] == "include"
    assert alice.post("/api/undo", json={}).get_json()["decision"] == "withdrawn"
    assert alice.get("/api/next").get_json()["record_id"] == rec
    assert [s["decision"] for s in lines(tmp / "decisions.jsonl")] == [
        "include",
        "exclude",
        "include",
        "withdrawn",
    ]
    assert alice.get("/api/decisions").get_json()["decisions"] == []


def test_skip_moves_a_record_to_the_end(setup):
    app, _, _ = setup
    alice = login(app, "alice")
    rec = alice.get("/api/next").get_json()["record_id"]
    assert alice.post("/api/skip", json={"record_id": rec}).status_code == 200
    assert alice.get("/api/next").get_json()["record_id"] != rec
    assert alice.post("/api/skip", json={"record_id": "nope:1"}).status_code == 404


def test_conflicts_settled_by_the_resolver(setup, frame):
    app, review, tmp = setup
    alice, bob, carol = login(app, "alice"), login(app, "bob"), login(app, "carol")
    rid, same = frame["record_id"][3], frame["record_id"][4]
    alice.post("/api/decisions", json={"record_id": rid, "decision": "include"})
    bob.post("/api/decisions", json={"record_id": rid, "decision": "exclude"})
    alice.post("/api/decisions", json={"record_id": same, "decision": "exclude"})
    bob.post("/api/decisions", json={"record_id": same, "decision": "exclude"})
    assert alice.get("/api/conflicts").status_code == 403
    assert (
        alice.post("/api/conflicts", json={"record_id": rid, "decision": "include"}).status_code
        == 403
    )
    conflicts = carol.get("/api/conflicts").get_json()["conflicts"]
    assert [(c["record_id"], c["votes"]) for c in conflicts] == [
        (rid, {"alice": "include", "bob": "exclude"})
    ]
    assert (
        carol.post("/api/conflicts", json={"record_id": same, "decision": "include"}).status_code
        == 409
    )
    resp = carol.post("/api/conflicts", json={"record_id": rid, "decision": "include"})
    assert resp.status_code == 201
    assert resp.get_json()["screener"] == "consensus"
    assert carol.get("/api/conflicts").get_json()["conflicts"] == []
    final = final_decisions(history(tmp / "decisions.jsonl"), stage="title_abstract")
    assert dict(zip(final["record_id"], final["decision"], strict=True)) == {
        rid: "include",
        same: "exclude",
    }
    # Nobody's own decisions were touched.
    assert alice.get("/api/decisions").get_json()["decisions"][-1]["decision"] == "include"
    kappa = alice.get("/api/progress").get_json()["agreement"]
    assert kappa[0]["screeners"] == "alice & bob" and kappa[0]["n_both"] == 2


def test_full_text_needs_a_listed_reason(setup, frame):
    app, _, tmp = setup
    alice, bob = login(app, "alice"), login(app, "bob")
    rid, other = frame["record_id"][5], frame["record_id"][6]
    for client in (alice, bob):
        client.post("/api/decisions", json={"record_id": rid, "decision": "include"})
    assert alice.get("/api/next?stage=full_text").get_json()["record_id"] == rid
    body = {"record_id": rid, "stage": "full_text", "decision": "exclude"}
    assert alice.post("/api/decisions", json=body).status_code == 400
    assert (
        alice.post("/api/decisions", json={**body, "reason": "I did not like it"}).status_code
        == 400
    )
    assert (
        alice.post("/api/decisions", json={**body, "reason": DEFAULT_REASONS[0]}).status_code == 201
    )
    off_list = {"record_id": other, "stage": "full_text", "decision": "include"}
    assert alice.post("/api/decisions", json=off_list).status_code == 409
    assert [s["stage"] for s in lines(tmp / "decisions.jsonl")].count("full_text") == 1
    assert alice.get("/api/next?stage=full_text").get_json()["done"] is True
    assert alice.get("/api/progress?stage=full_text").get_json()["counts"] == {"exclude": 1}


def test_hostile_record_text_round_trips_as_text(setup, frame):
    app, _, _ = setup
    alice = login(app, "alice")
    one = alice.get(f"/api/records/{frame['record_id'][1]}").get_json()
    assert one["title"] == HOSTILE_TITLE and one["abstract"] == FORMULA
    resp = alice.get(f"/api/records/{frame['record_id'][2]}")
    assert resp.mimetype == "application/json"
    two = resp.get_json()
    assert two["title"] == RTL and two["abstract"] == BIG
    # The page itself never carries record text: it is fetched as JSON and set as text.
    page = alice.get("/").get_data(as_text=True)
    assert "<script>document" not in page and "HYPERLINK" not in page
    hits = alice.get("/api/search?q=" + "<script>").get_json()["results"]
    assert [h["title"] for h in hits] == [HOSTILE_TITLE]


def test_progress_has_stopping_verdict_and_curve(setup, frame):
    app, _, _ = setup
    alice = login(app, "alice")
    for i in range(12):
        rid = alice.get("/api/next").get_json()["record_id"]
        alice.post(
            "/api/decisions", json={"record_id": rid, "decision": "include" if i < 2 else "exclude"}
        )
    progress = alice.get("/api/progress").get_json()
    assert progress["screened"] == 12 and progress["total"] == len(frame)
    assert progress["counts"] == {"include": 2, "exclude": 10}
    assert progress["curve"][-1] == [12, 2]
    assert progress["stopping"]["verdict"].startswith(("Keep screening", "You can stop"))
    assert progress["stopping"]["stop"] is False


def test_pdf_only_from_the_folder(setup, frame):
    app, _, tmp = setup
    alice = login(app, "alice")
    rid = frame["record_id"][0]
    safe = rid.replace(":", "_")
    (tmp / "pdfs" / f"{safe}.pdf").write_bytes(b"%PDF-1.4 test")
    (tmp / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    with alice.get(f"/pdf/{rid}") as resp:
        assert resp.status_code == 200 and resp.data == b"%PDF-1.4 test"
    for path in ("/pdf/..%2Fsecret", "/pdf/../secret.pdf", "/pdf/%2e%2e%2fsecret", "/pdf/nope:1"):
        assert alice.get(path).status_code == 404
    assert app.test_client().get(f"/pdf/{rid}").status_code == 401
    assert alice.get(f"/api/records/{rid}?stage=full_text").get_json()["pdf"] is True


def test_errors_show_no_traceback(setup, monkeypatch):
    app, review, _ = setup
    alice = login(app, "alice")

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(review, "next_record", boom)
    resp = alice.get("/api/next")
    assert resp.status_code == 500
    text = resp.get_data(as_text=True)
    assert "Traceback" not in text and "secret internals" not in text
    assert (
        alice.post(
            "/api/decisions", data="x" * 300_000, content_type="application/json"
        ).status_code
        == 413
    )


def test_lines_from_other_programs_are_picked_up(setup, frame):
    app, _, tmp = setup
    alice = login(app, "alice")
    first = alice.get("/api/next").get_json()["record_id"]
    # The terminal session or a spreadsheet import appends to the same store.
    append(
        tmp / "decisions.jsonl",
        [make_decision(first, "alice", "title_abstract", "exclude", review=REVIEW)],
    )
    assert alice.get("/api/next").get_json()["record_id"] != first
    assert alice.get("/api/decisions").get_json()["decisions"][0]["record_id"] == first


def test_retraining_in_the_background_keeps_decisions_on_their_records(
    tmp_path, make_records, make_state
):
    from pipeline.web.ranking import thread_rank_fn

    frame = make_records(60, title=[f"{'care' if i % 3 else 'fish'} study {i}" for i in range(60)])
    review = make_state(frame, retrain_every=2, rank_fn=thread_rank_fn(frame, seed=1))
    decided = []
    for i in range(30):
        rec = review.next_record("alice", "title_abstract")
        decision = "include" if "care" in rec["title"] and i % 2 else "exclude"
        review.decide("alice", rec["record_id"], "title_abstract", decision)
        decided.append((rec["record_id"], decision))
    review.wait_for_rankers(30)
    q = review.queue("alice", "title_abstract")
    assert q.ranker is not None and q.ranker.completed >= 1
    assert "model" in q.ranked_on
    stored = [(s["record_id"], s["decision"]) for s in lines(tmp_path / "d.jsonl")]
    assert stored == decided
    assert len({r for r, _ in decided}) == 30


# ---------------------------------------------------------------------- the real server


def test_serve_refuses_open_address_without_accounts(tmp_path, make_records):
    write_review(tmp_path, make_records(3))
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "serve", "--host", "0.0.0.0", "--port", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert "without user accounts" in run.stderr and "Traceback" not in run.stderr


def test_users_verbs(tmp_path):
    def slr(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "users", *args],
            cwd=tmp_path,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert slr("add", "dana", "--role", "resolver", stdin="long-enough-pw\n").returncode == 0
    assert slr("add", "erin", stdin="long-enough-pw\n").returncode == 0
    assert slr("list").stdout.splitlines() == ["dana\tresolver", "erin\tscreener"]
    stored = (tmp_path / ".slr" / "users.json").read_text()
    assert "long-enough-pw" not in stored and "scrypt$" in stored
    assert (tmp_path / ".slr" / "users.json").stat().st_mode & 0o077 == 0
    short = slr("add", "fay", stdin="short\n")
    assert short.returncode == 2 and "at least 8" in short.stderr
    assert slr("add", "consensus", stdin="long-enough-pw\n").returncode == 2
    assert slr("add", "../x", stdin="long-enough-pw\n").returncode == 2
    assert slr("remove", "erin").returncode == 0
    assert slr("remove", "erin").returncode == 2
    assert slr("list").stdout.splitlines() == ["dana\tresolver"]


def test_sigkill_mid_stream_loses_no_acknowledged_decision(tmp_path, make_records):
    frame = make_records(400)
    write_review(tmp_path, frame)
    add_team(tmp_path / ".slr" / "users.json")
    server = Server(tmp_path, "--retrain-every", "0")
    acknowledged: list[str] = []
    stop = threading.Event()

    def stream(name: str) -> None:
        client = Client(server.url, name, PASSWORDS[name])
        for rid in frame["record_id"]:
            if stop.is_set():
                return
            try:
                status, _ = client.call(
                    "POST", "/api/decisions", {"record_id": rid, "decision": "exclude"}
                )
            except (OSError, http.client.HTTPException, ValueError):
                return  # the server is gone
            if status == 201:
                acknowledged.append(f"{name}/{rid}")

    threads = [threading.Thread(target=stream, args=(n,)) for n in ("alice", "bob")]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    stop.set()
    for t in threads:
        t.join(30)
    server.stop()
    stored = {
        f"{s['screener']}/{s['record_id']}"
        for s in read_lines(tmp_path / "decisions" / "decisions.jsonl")
    }
    assert len(acknowledged) >= 60
    assert set(acknowledged) <= stored
    raw = (tmp_path / "decisions" / "decisions.jsonl").read_bytes().splitlines()
    assert all(json.loads(line)["decision"] == "exclude" for line in raw[:-1])
