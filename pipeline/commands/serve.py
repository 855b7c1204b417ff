"""`slr serve`: the browser screening app for a review team (see :mod:`pipeline.web`).

Reads ``WORKDIR/dedup/unique.parquet``, ``WORKDIR/screen/queue.csv`` (if present), the
decisions store and ``config/config.yaml`` of the review folder it runs in (``screen.seed``,
``screen.decisions``, ``screen.exclusion_reasons``, ``screen.target_recall``,
``screen.highlight``, ``screen.keys``, ``screen.pdf_folder``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pipeline.errors import DataError, UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="browser screening app for a review team (accounts, blind dual screening)",
        description="Serve the review's records for title/abstract and full-text screening "
        "in the browser. Decisions go to the same append-only store as slr screen session.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks one)")
    p.add_argument(
        "--workdir", default="outputs", metavar="DIR", help="pipeline outputs (default: outputs)"
    )
    p.add_argument(
        "--decisions",
        default=None,
        metavar="FILE",
        help="decisions store (default: screen.decisions of the config, else "
        "decisions/decisions.jsonl)",
    )
    p.add_argument(
        "--users",
        default=None,
        metavar="FILE",
        help="accounts file made by slr users (default: .slr/users.json)",
    )
    p.add_argument(
        "--screener",
        default=None,
        metavar="NAME",
        help="without a users file: screen alone as NAME (127.0.0.1 only)",
    )
    p.add_argument("--open", action="store_true", help="open the page in a browser")
    p.add_argument("--review", default=None, metavar="ID", help="review id (default: config)")
    p.add_argument(
        "--resolver",
        default="consensus",
        metavar="NAME",
        help="screener name written on settled conflicts (default: consensus)",
    )
    p.add_argument("--reasons", default=None, metavar="FILE", help="full-text exclusion reasons")
    p.add_argument(
        "--highlight",
        default=None,
        metavar="FILE",
        help="keywords to highlight (as slr screen session; default: screen.highlight)",
    )
    p.add_argument(
        "--pdfs",
        default=None,
        metavar="DIR",
        help="folder of full texts named <record_id>.pdf, ':' as '_' (default: "
        "screen.pdf_folder, else fulltext/ if it exists)",
    )
    p.add_argument(
        "--retrain-every",
        type=int,
        default=10,
        metavar="N",
        help="re-rank every N decisions and after each inclusion (default: 10; 0: never)",
    )
    p.add_argument(
        "--query-text",
        default=None,
        metavar="FILE",
        help="cold-start query for the model (default: search.pubmed.strategy)",
    )
    p.add_argument(
        "--secure-cookies",
        action="store_true",
        help="send the session cookie over HTTPS only (set this behind a TLS proxy)",
    )
    p.set_defaults(func=run)


def _highlight(args: argparse.Namespace, screen: dict[str, Any]) -> dict[str, list[str]]:
    from pipeline.screen.session import load_highlight

    if args.highlight:
        return load_highlight(args.highlight)
    value = screen.get("highlight") or {}
    if not isinstance(value, dict):
        raise DataError("config/config.yaml: screen.highlight must map include/exclude to lists")
    return {k: [str(w) for w in value.get(k) or []] for k in ("include", "exclude")}


def _keys(screen: dict[str, Any]) -> dict[str, str]:
    keys = screen.get("keys") or {}
    if not isinstance(keys, dict) or not all(
        isinstance(v, str) and len(v) == 1 and v.isalnum() for v in keys.values()
    ):
        raise DataError("config/config.yaml: screen.keys maps decisions to single letters")
    from pipeline.web.app import DEFAULT_KEYS

    merged = {**DEFAULT_KEYS, **{str(k): v.lower() for k, v in keys.items()}}
    unknown = sorted(set(merged) - set(DEFAULT_KEYS))
    if unknown:
        raise DataError(f"config/config.yaml: screen.keys: unknown decision {unknown[0]!r}")
    used = list(merged.values())
    taken = sorted({k for k in used if used.count(k) > 1} | (set(used) & set("usho")))
    if taken:
        raise DataError(f"config/config.yaml: screen.keys: key {taken[0]!r} is used twice")
    return merged


def run(args: argparse.Namespace) -> int:
    from pipeline.commands.screen_workflow import _config, _reasons, _records, _review, _section
    from pipeline.screen.summary import read_queue
    from pipeline.web.app import create_app
    from pipeline.web.auth import Accounts
    from pipeline.web.ranking import RankWorker
    from pipeline.web.server import is_loopback, serve
    from pipeline.web.state import ScreeningState
    from pipeline.web.users import DEFAULT_PATH, load_secret, read_users

    if args.retrain_every < 0:
        raise UsageError("--retrain-every must be 0 or more")
    users_path = Path(args.users) if args.users else DEFAULT_PATH
    has_users = bool(read_users(users_path))
    if not has_users:
        if not is_loopback(args.host):
            raise UsageError(
                f"refusing to serve on {args.host} without user accounts; add them with "
                f"slr users add NAME --users {users_path} (or serve on 127.0.0.1)"
            )
        if not (args.screener or "").strip():
            raise UsageError(
                f"no user accounts in {users_path}: pass --screener NAME to screen alone on "
                "this machine, or add accounts with slr users add NAME"
            )
    elif args.screener:
        raise UsageError(f"{users_path} has user accounts: log in on the page, drop --screener")
    config = _config()
    screen = _section(config, "screen")
    records = _records(args.workdir)
    review_id = _review(args, records, config)
    decisions = Path(args.decisions or screen.get("decisions") or "decisions/decisions.jsonl")
    pdfs = (
        args.pdfs or screen.get("pdf_folder") or ("fulltext" if Path("fulltext").is_dir() else None)
    )
    if pdfs and not Path(pdfs).is_dir():
        raise UsageError(f"{pdfs}: no such folder of full texts")
    query_path = args.query_text or _section(_section(config, "search"), "pubmed").get("strategy")
    query_text = ""
    if query_path:
        if not Path(query_path).exists():
            raise UsageError(f"{query_path}: no such query text file")
        query_text = Path(query_path).read_text(encoding="utf-8")
    worker = None
    if args.retrain_every:
        worker = RankWorker(records, seed=int(screen.get("seed", 42)), query_text=query_text)
    try:
        review = ScreeningState(
            records,
            read_queue(Path(args.workdir) / "screen" / "queue.csv"),
            decisions=decisions,
            review=review_id,
            reasons=_reasons(args, config),
            resolver=args.resolver,
            target_recall=float(screen.get("target_recall", 0.95)),
            retrain_every=args.retrain_every,
            rank_fn=worker.rank_fn() if worker else None,
        )
        app = create_app(
            review,
            Accounts(
                users_path if has_users else None,
                local_screener=None if has_users else args.screener.strip(),
            ),
            secret=load_secret(users_path.parent),
            keys=_keys(screen),
            highlight=_highlight(args, screen),
            pdf_dir=pdfs,
            secure_cookies=args.secure_cookies,
            review_name=review_id,
        )
        return serve(app, host=args.host, port=args.port, open_browser=args.open)
    finally:
        if worker is not None:
            worker.close()
