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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    send_file,
    session,
)
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


@dataclass(frozen=True)
class Served:
    """What the app serves and to whom (``app.extensions["slr"]``, read by the views)."""

    review: ScreeningState
    accounts: Accounts
    limiter: LoginLimiter
    keys: dict[str, str]
    pdf_root: Path | None
    highlight: dict[str, list[str]]
    review_name: str


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
    app.extensions["slr"] = Served(
        review=review,
        accounts=accounts,
        limiter=limiter or LoginLimiter(),
        keys={**DEFAULT_KEYS, **dict(keys or {})},
        pdf_root=Path(pdf_dir).resolve() if pdf_dir else None,
        highlight={k: list((highlight or {}).get(k, [])) for k in ("include", "exclude")},
        review_name=review_name,
    )
    app.before_request(_guard)
    app.after_request(_security_headers)
    app.register_error_handler(Refused, _refused)
    app.register_error_handler(Exception, _error)
    app.register_blueprint(pages)
    app.register_blueprint(api)
    return app


def _served() -> Served:
    return current_app.extensions["slr"]


# ------------------------------------------------------------------ sessions and errors


def _fail(message: str, status: int) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _current_user() -> dict[str, str] | None:
    name = session.get("name")
    if not name:
        return None
    role = _served().accounts.role(name)
    if role is None:
        session.clear()
        return None
    return {"name": name, "role": role}


def _start_session(name: str) -> str:
    session.clear()
    session.permanent = True
    session["name"] = name
    session["csrf"] = new_csrf_token()
    return session["csrf"]


def _guard() -> Response | None:
    """Every ``/api`` route but login needs a session (401) and every POST a CSRF token (403)."""
    g.user = _current_user()
    if not request.path.startswith("/api/") or request.path == "/api/login":
        return None
    if g.user is None:
        return _fail("log in first (POST /api/login)", 401)
    if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_ok(
        request.headers.get("X-CSRF-Token"), session.get("csrf")
    ):
        return _fail("missing or wrong X-CSRF-Token header", 403)
    return None


def _security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(exc: Refused) -> Response:
    return _fail(str(exc), exc.status)


def _error(exc: Exception) -> Response | tuple[str, int]:
    if isinstance(exc, HTTPException):
        if request.path.startswith("/api/"):
            return _fail(exc.description or exc.name, exc.code or 500)
        return exc  # type: ignore[return-value]
    # Logged with its traceback for the person running the server; never shown.
    log.exception("error answering %s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        return _fail("internal error (see the server's log)", 500)
    return "Internal error (see the server's log).", 500


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Refused("send a JSON object (Content-Type: application/json)")
    return data


def _field(data: Mapping[str, Any], name: str, *, required: bool = True) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Refused(f"{name} must be a string")
    if required and not value.strip():
        raise Refused(f"{name} is required")
    return value


def _stage(value: str | None) -> str:
    stage = value or "title_abstract"
    if stage not in STAGES:
        raise Refused(f"unknown stage {stage!r} (use {', '.join(STAGES)})")
    return stage


def _resolver_only() -> None:
    if g.user["role"] != "resolver":
        raise Refused("only a resolver can see or settle conflicts", 403)


# ------------------------------------------------------------------ pages

pages = Blueprint("pages", __name__)


@pages.get("/")
def page() -> Any:
    served = _served()
    if g.user is None and served.accounts.local_screener is not None:
        _start_session(served.accounts.local_screener)
        g.user = _current_user()
    if g.user is None:
        return render_template("login.html", review=served.review_name)
    return render_template("screen.html", review=served.review_name, user=g.user)


@pages.get("/login")
def login_page() -> str:
    return render_template("login.html", review=_served().review_name)


@pages.get("/pdf/<record_id>")
def pdf(record_id: str) -> Response:
    if g.user is None:
        abort(401)
    served = _served()
    path = find_pdf(served.pdf_root, record_id) if record_id in served.review.ids else None
    if path is None:
        abort(404)
    return send_file(path, mimetype="application/pdf")


# ------------------------------------------------------------------ API

api = Blueprint("api", __name__, url_prefix="/api")


@api.post("/login")
def login() -> Response:
    accounts, limiter = _served().accounts, _served().limiter
    data = _body()
    name = _field(data, "name")
    password = _field(data, "password", required=accounts.local_screener is None)
    keys = (f"name:{name}", f"addr:{request.remote_addr}")
    wait = limiter.retry_after(*keys)
    if wait:
        response = _fail(f"too many failed logins; try again in {wait} s", 429)
        response.headers["Retry-After"] = str(wait)
        return response
    if not accounts.verify(name, password):
        limiter.failed(*keys)
        return _fail("wrong name or password", 401)
    limiter.succeeded(keys[0])
    token = _start_session(name)
    return jsonify({"csrf_token": token, "name": name, "role": accounts.role(name)})


@api.post("/logout")
def logout() -> Response:
    session.clear()
    return jsonify({"ok": True})


@api.get("/me")
def me() -> Response:
    served = _served()
    return jsonify(
        {
            **g.user,
            "csrf_token": session.get("csrf"),
            "review": served.review_name,
            "stages": list(STAGES),
            "decisions": {s: list(DECISIONS[s]) for s in STAGES},
            "keys": served.keys,
            "reasons": served.review.reasons,
            "highlight": served.highlight,
            "pdfs": served.pdf_root is not None,
        }
    )


@api.get("/next")
def next_record() -> Response:
    served = _served()
    out = served.review.next_record(g.user["name"], _stage(request.args.get("stage")))
    if not out.get("done"):
        out["decision"] = None
        out["pdf"] = find_pdf(served.pdf_root, out["record_id"]) is not None
    return jsonify(out)


@api.get("/records/<record_id>")
def one_record(record_id: str) -> Response:
    served = _served()
    stage = _stage(request.args.get("stage"))
    out = served.review.record(record_id)
    mine = served.review.mine(g.user["name"], stage).get(record_id)
    out["stage"] = stage
    out["decision"] = {k: mine[k] for k in ("decision", "reason", "note")} if mine else None
    out["pdf"] = find_pdf(served.pdf_root, record_id) is not None
    return jsonify(out)


@api.post("/decisions")
def decide() -> tuple[Response, int]:
    data = _body()
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) and _TAG.match(t) for t in tags):
        raise Refused("tags must be a list of words (letters, digits, '.', '_', '-')")
    note = _field(data, "note", required=False)
    note = " ".join([note.strip(), *(f"#{t}" for t in tags)]).strip()
    line = _served().review.decide(
        g.user["name"],
        _field(data, "record_id"),
        _stage(_field(data, "stage", required=False)),
        _field(data, "decision").strip().lower(),
        reason=_field(data, "reason", required=False),
        note=note,
    )
    return jsonify({"saved": True, **line}), 201


@api.get("/decisions")
def my_decisions() -> Response:
    stage = _stage(request.args.get("stage"))
    history = _served().review.history_of(g.user["name"], stage)
    return jsonify({"stage": stage, "decisions": history})


@api.post("/undo")
def undo() -> Response:
    data = _body()
    return jsonify(_served().review.undo(g.user["name"], _stage(data.get("stage"))))


@api.post("/skip")
def skip() -> Response:
    data = _body()
    _served().review.skip(g.user["name"], _stage(data.get("stage")), _field(data, "record_id"))
    return jsonify({"skipped": data["record_id"]})


@api.get("/progress")
def progress() -> Response:
    stage = _stage(request.args.get("stage"))
    return jsonify(_served().review.progress(g.user["name"], stage))


@api.get("/search")
def search() -> Response:
    stage = _stage(request.args.get("stage"))
    text = request.args.get("q", "")[:200]
    return jsonify({"results": _served().review.search(g.user["name"], stage, text)})


@api.get("/awaiting")
def awaiting() -> Response:
    stage = _stage(request.args.get("stage"))
    rows = _served().review.awaiting(g.user["name"], stage)
    if g.user["role"] != "resolver":
        # Blind: a screener learns which records need them, not who screened them.
        rows = [{k: r[k] for k in ("record_id", "title")} for r in rows]
    return jsonify({"stage": stage, "records": rows})


@api.get("/conflicts")
def conflicts() -> Response:
    _resolver_only()
    stage = _stage(request.args.get("stage"))
    return jsonify({"stage": stage, "conflicts": _served().review.conflicts(stage)})


@api.post("/conflicts")
def settle() -> tuple[Response, int]:
    _resolver_only()
    data = _body()
    line = _served().review.settle(
        g.user["name"],
        _field(data, "record_id"),
        _stage(_field(data, "stage", required=False)),
        _field(data, "decision").strip().lower(),
        reason=_field(data, "reason", required=False),
    )
    return jsonify({"saved": True, **line}), 201


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
