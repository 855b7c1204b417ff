"""The Flask application: the screening page and the JSON API under ``/api`` it uses.

Routes (every ``/api`` route but login needs a session, else 401; every POST but login
needs the ``X-CSRF-Token`` header, else 403):

=========================  ===================================================================
``POST /api/login``        ``{"name", "password"}`` -> cookie + ``{"csrf_token"}``; 401, 429
``POST /api/logout``       end the session
``GET /api/me``            name, role, stages, keys, exclusion reasons, keyword lists
``GET /api/next``          ``?stage=`` the next record by rank, or ``{"done": true}``
``GET /api/records/<id>``  ``?stage=`` one record with the caller's own decision
``POST /api/decisions``    ``{"record_id", "stage", "decision", "reason"?, "note"?,
                           "tags"?}`` -> 201 once fsynced; 400/404/409 write nothing
``GET /api/decisions``     ``?stage=`` the caller's own current decisions, latest first
``POST /api/undo``         ``{"stage"}`` take back the caller's last decision
``POST /api/skip``         ``{"record_id", "stage"}`` show that record again later
``GET /api/progress``      ``?stage=`` counts, stopping verdict, discovery curve, kappa
``GET /api/search``        ``?q=&stage=`` records matching the text (own decisions only)
``GET /api/awaiting``      ``?stage=`` records only one screener has decided
``GET /api/conflicts``     ``?stage=`` disagreements with every vote (resolvers; else 403)
``POST /api/conflicts``    ``{"record_id", "stage", "decision", "reason"?}`` settle one
``GET /pdf/<id>``          the record's full text from the configured folder, if present
=========================  ===================================================================
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, g, jsonify, render_template, request, send_file, session
from werkzeug.exceptions import HTTPException

from pipeline.screen.decisions import DECISIONS, STAGES
from pipeline.web.auth import Accounts, LoginLimiter, csrf_ok, new_csrf_token
from pipeline.web.state import Refused, ScreeningState

log = logging.getLogger(__name__)

#: Default keys per decision (the terminal session's), remappable with ``screen.keys``.
DEFAULT_KEYS: dict[str, str] = {
    "include": "i",
    "exclude": "e",
    "maybe": "m",
    "not_retrieved": "n",
}
#: Content Security Policy: scripts, styles and frames from this server only, no inline code.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)
_TAG = re.compile(r"^[\w.-]{1,40}$")


def create_app(
    review: ScreeningState,
    accounts: Accounts,
    *,
    secret: bytes,
    keys: Mapping[str, str] | None = None,
    highlight: Mapping[str, Sequence[str]] | None = None,
    pdf_dir: str | Path | None = None,
    secure_cookies: bool = False,
    limiter: LoginLimiter | None = None,
    review_name: str = "",
) -> Flask:
    """The app serving ``review`` to the users of ``accounts``."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="slr_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=12 * 3600,
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    limiter = limiter or LoginLimiter()
    key_map = {**DEFAULT_KEYS, **dict(keys or {})}
    pdf_root = Path(pdf_dir).resolve() if pdf_dir else None
    words = {k: list((highlight or {}).get(k, [])) for k in ("include", "exclude")}

    def fail(message: str, status: int) -> Response:
        response = jsonify({"error": message})
        response.status_code = status
        return response

    def current_user() -> dict[str, str] | None:
        name = session.get("name")
        if not name:
            return None
        role = accounts.role(name)
        if role is None:
            session.clear()
            return None
        return {"name": name, "role": role}

    def start_session(name: str) -> str:
        session.clear()
        session.permanent = True
        session["name"] = name
        session["csrf"] = new_csrf_token()
        return session["csrf"]

    @app.before_request
    def guard() -> Response | None:
        g.user = current_user()
        if not request.path.startswith("/api/") or request.path == "/api/login":
            return None
        if g.user is None:
            return fail("log in first (POST /api/login)", 401)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_ok(
            request.headers.get("X-CSRF-Token"), session.get("csrf")
        ):
            return fail("missing or wrong X-CSRF-Token header", 403)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(Refused)
    def refused(exc: Refused) -> Response:
        return fail(str(exc), exc.status)

    @app.errorhandler(Exception)
    def error(exc: Exception) -> Response | tuple[str, int]:
        if isinstance(exc, HTTPException):
            if request.path.startswith("/api/"):
                return fail(exc.description or exc.name, exc.code or 500)
            return exc  # type: ignore[return-value]
        # Logged with its traceback for the person running the server; never shown.
        log.exception("error answering %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            return fail("internal error (see the server's log)", 500)
        return "Internal error (see the server's log).", 500

    def body() -> dict[str, Any]:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise Refused("send a JSON object (Content-Type: application/json)")
        return data

    def field(data: Mapping[str, Any], name: str, *, required: bool = True) -> str:
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise Refused(f"{name} must be a string")
        if required and not value.strip():
            raise Refused(f"{name} is required")
        return value

    def stage_arg(value: str | None) -> str:
        stage = value or "title_abstract"
        if stage not in STAGES:
            raise Refused(f"unknown stage {stage!r} (use {', '.join(STAGES)})")
        return stage

    def resolver_only() -> None:
        if g.user["role"] != "resolver":
            raise Refused("only a resolver can see or settle conflicts", 403)

    # ------------------------------------------------------------------ pages

    @app.get("/")
    def page() -> Any:
        if g.user is None and accounts.local_screener is not None:
            start_session(accounts.local_screener)
            g.user = current_user()
        if g.user is None:
            return render_template("login.html", review=review_name)
        return render_template("screen.html", review=review_name, user=g.user)

    @app.get("/login")
    def login_page() -> str:
        return render_template("login.html", review=review_name)

    @app.get("/pdf/<record_id>")
    def pdf(record_id: str) -> Response:
        if g.user is None:
            abort(401)
        path = find_pdf(pdf_root, record_id) if record_id in review.ids else None
        if path is None:
            abort(404)
        return send_file(path, mimetype="application/pdf")

    # ------------------------------------------------------------------ API

    @app.post("/api/login")
    def login() -> Response:
        data = body()
        name = field(data, "name")
        password = field(data, "password", required=accounts.local_screener is None)
        keys = (f"name:{name}", f"addr:{request.remote_addr}")
        wait = limiter.retry_after(*keys)
        if wait:
            response = fail(f"too many failed logins; try again in {wait} s", 429)
            response.headers["Retry-After"] = str(wait)
            return response
        if not accounts.verify(name, password):
            limiter.failed(*keys)
            return fail("wrong name or password", 401)
        limiter.succeeded(keys[0])
        token = start_session(name)
        return jsonify({"csrf_token": token, "name": name, "role": accounts.role(name)})

    @app.post("/api/logout")
    def logout() -> Response:
        session.clear()
        return jsonify({"ok": True})

    @app.get("/api/me")
    def me() -> Response:
        return jsonify(
            {
                **g.user,
                "csrf_token": session.get("csrf"),
                "review": review_name,
                "stages": list(STAGES),
                "decisions": {s: list(DECISIONS[s]) for s in STAGES},
                "keys": key_map,
                "reasons": review.reasons,
                "highlight": words,
                "pdfs": pdf_root is not None,
            }
        )

    @app.get("/api/next")
    def next_record() -> Response:
        out = review.next_record(g.user["name"], stage_arg(request.args.get("stage")))
        if not out.get("done"):
            out["decision"] = None
            out["pdf"] = find_pdf(pdf_root, out["record_id"]) is not None
        return jsonify(out)

    @app.get("/api/records/<record_id>")
    def one_record(record_id: str) -> Response:
        stage = stage_arg(request.args.get("stage"))
        out = review.record(record_id)
        mine = review.mine(g.user["name"], stage).get(record_id)
        out["stage"] = stage
        out["decision"] = {k: mine[k] for k in ("decision", "reason", "note")} if mine else None
        out["pdf"] = find_pdf(pdf_root, record_id) is not None
        return jsonify(out)

    @app.post("/api/decisions")
    def decide() -> tuple[Response, int]:
        data = body()
        tags = data.get("tags") or []
        if not isinstance(tags, list) or not all(
            isinstance(t, str) and _TAG.match(t) for t in tags
        ):
            raise Refused("tags must be a list of words (letters, digits, '.', '_', '-')")
        note = field(data, "note", required=False)
        note = " ".join([note.strip(), *(f"#{t}" for t in tags)]).strip()
        line = review.decide(
            g.user["name"],
            field(data, "record_id"),
            stage_arg(field(data, "stage", required=False)),
            field(data, "decision").strip().lower(),
            reason=field(data, "reason", required=False),
            note=note,
        )
        return jsonify({"saved": True, **line}), 201

    @app.get("/api/decisions")
    def my_decisions() -> Response:
        stage = stage_arg(request.args.get("stage"))
        return jsonify({"stage": stage, "decisions": review.history_of(g.user["name"], stage)})

    @app.post("/api/undo")
    def undo() -> Response:
        data = body()
        return jsonify(review.undo(g.user["name"], stage_arg(data.get("stage"))))

    @app.post("/api/skip")
    def skip() -> Response:
        data = body()
        review.skip(g.user["name"], stage_arg(data.get("stage")), field(data, "record_id"))
        return jsonify({"skipped": data["record_id"]})

    @app.get("/api/progress")
    def progress() -> Response:
        return jsonify(review.progress(g.user["name"], stage_arg(request.args.get("stage"))))

    @app.get("/api/search")
    def search() -> Response:
        stage = stage_arg(request.args.get("stage"))
        text = request.args.get("q", "")[:200]
        return jsonify({"results": review.search(g.user["name"], stage, text)})

    @app.get("/api/awaiting")
    def awaiting() -> Response:
        stage = stage_arg(request.args.get("stage"))
        rows = review.awaiting(g.user["name"], stage)
        if g.user["role"] != "resolver":
            # Blind: a screener learns which records need them, not who screened them.
            rows = [{k: r[k] for k in ("record_id", "title")} for r in rows]
        return jsonify({"stage": stage, "records": rows})

    @app.get("/api/conflicts")
    def conflicts() -> Response:
        resolver_only()
        stage = stage_arg(request.args.get("stage"))
        return jsonify({"stage": stage, "conflicts": review.conflicts(stage)})

    @app.post("/api/conflicts")
    def settle() -> tuple[Response, int]:
        resolver_only()
        data = body()
        line = review.settle(
            g.user["name"],
            field(data, "record_id"),
            stage_arg(field(data, "stage", required=False)),
            field(data, "decision").strip().lower(),
            reason=field(data, "reason", required=False),
        )
        return jsonify({"saved": True, **line}), 201

    return app


def pdf_name(record_id: str) -> str:
    """The file name a record's full text has in the PDF folder.

    >>> pdf_name("pubmed:31434784")
    'pubmed_31434784.pdf'
    """
    return re.sub(r"[^A-Za-z0-9._-]", "_", record_id) + ".pdf"


def find_pdf(root: Path | None, record_id: str) -> Path | None:
    """The record's PDF inside ``root`` (never a path outside it), or None."""
    if root is None:
        return None
    path = (root / pdf_name(record_id)).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
