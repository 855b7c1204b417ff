"""Who is asking: session cookies, CSRF tokens and the login rate limit.

Sessions are Flask's signed cookies (itsdangerous HMAC with the per-install secret of
:func:`pipeline.web.users.load_secret`), HttpOnly and SameSite=Strict, so page scripts
cannot read them and other sites' pages cannot send them. The session holds the user's name
and a random CSRF token; every state-changing request must echo the token in the
``X-CSRF-Token`` header, compared in constant time (:func:`hmac.compare_digest`). The
user's role is looked up in the users file on every request, so removing a user or changing
their role takes effect at once.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.web.users import check_password, read_users

#: Failed logins allowed per name and per client address within :data:`WINDOW` seconds
#: before further attempts get 429 (OWASP authentication cheat sheet: throttle guessing).
MAX_FAILURES = 5
WINDOW = 300.0


class LoginLimiter:
    """Counts failed logins per key (name, client address) in a sliding window."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        now = self.clock()
        fails = self._fails.setdefault(key, deque())
        while fails and now - fails[0] > self.window:
            fails.popleft()
        return fails

    def retry_after(self, *keys: str) -> int:
        """Seconds until any of ``keys`` may try again (0: allowed now)."""
        with self._lock:
            wait = 0.0
            for key in keys:
                fails = self._recent(key)
                if len(fails) >= self.max_failures:
                    wait = max(wait, self.window - (self.clock() - fails[0]))
            return int(wait) + 1 if wait else 0

    def failed(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._recent(key).append(self.clock())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)


class Accounts:
    """The users file, re-read when it changes; or one local screener without a file."""

    def __init__(self, path: str | Path | None, *, local_screener: str | None = None) -> None:
        self.path = Path(path) if path else None
        self.local_screener = local_screener
        self._stamp: tuple[float, int] | None = None
        self._users: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def users(self) -> dict[str, dict[str, Any]]:
        if self.path is None:
            return {}
        with self._lock:
            try:
                st = self.path.stat()
                stamp = (st.st_mtime, st.st_size)
            except FileNotFoundError:
                stamp = None
            if stamp != self._stamp:
                self._users = read_users(self.path) if stamp else {}
                self._stamp = stamp
            return self._users

    def role(self, name: str) -> str | None:
        """The current role of ``name`` (None: no such user any more)."""
        if self.local_screener is not None:
            return "screener" if name == self.local_screener else None
        entry = self.users().get(name)
        return entry["role"] if entry else None

    def verify(self, name: str, password: str) -> bool:
        if self.local_screener is not None:
            return name == self.local_screener
        entry = self.users().get(name)
        if entry is None:
            # Same work as a real check, so timing does not tell which names exist.
            check_password(password, _DUMMY_HASH)
            return False
        return check_password(password, entry["password"])


_DUMMY_HASH = (
    "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(sent: str | None, expected: str | None) -> bool:
    """Constant-time comparison of the header's token with the session's."""
    if not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))
