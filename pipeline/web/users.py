"""User accounts of the screening app: a small JSON file of names, roles and password hashes.

The file (default ``.slr/users.json`` in the review's folder) looks like::

    {"users": {"alice": {"role": "screener", "password": "scrypt$16384$8$1$<salt>$<hash>"}}}

Passwords are never stored, only salted scrypt hashes (RFC 7914; n=2**14, r=8, p=1, the
interactive-login parameters recommended there and in OWASP's password storage cheat sheet)
with a 16-byte random salt per user; checking one takes tens of milliseconds and 16 MiB of
memory, which makes guessing slow. A user's name is the ``screener`` of their decisions.

The folder also holds the per-install secret that signs session cookies
(:func:`load_secret`), created on first use, readable by its owner only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

from pipeline.errors import DataError, UsageError

#: Default users file, relative to the review's folder.
DEFAULT_PATH = Path(".slr/users.json")
ROLES: tuple[str, ...] = ("screener", "resolver")
#: Login names: the screener names written into decisions.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MIN_PASSWORD = 8
#: scrypt cost parameters (RFC 7914 section 2: n=2**14, r=8, p=1 for interactive logins).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``password`` as ``scrypt$n$r$p$salt$hash`` (base64 parts).

    >>> check_password("correct horse", hash_password("correct horse"))
    True
    >>> check_password("wrong", hash_password("correct horse"))
    False
    """
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a :func:`hash_password` string (constant-time compare)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def check_name(name: str, *, reserved: tuple[str, ...] = ()) -> str:
    """A valid login name or :class:`UsageError` saying what a name may contain."""
    name = name.strip()
    if not NAME_PATTERN.match(name):
        raise UsageError(
            f"user name {name!r}: use 1-64 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit"
        )
    if name in reserved:
        raise UsageError(f"user name {name!r} is reserved for settled conflicts; pick another")
    return name


def _ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (mode 0700) with a ``.gitignore`` so nothing in it is committed."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# accounts and the cookie secret of slr serve: never commit\n*\n")


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by its owner only."""
    _ensure_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_users(path: str | Path) -> dict[str, dict[str, Any]]:
    """``name -> {"role", "password"}``; a missing file has no users."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: not a users file ({exc}); fix it or remove it") from exc
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict):
        raise DataError(f"{path}: expected {{'users': {{name: {{role, password}}}}}}")
    for name, entry in users.items():
        if (
            not isinstance(entry, dict)
            or entry.get("role") not in ROLES
            or not str(entry.get("password", "")).startswith("scrypt$")
        ):
            raise DataError(f"{path}: user {name!r} needs a role ({'/'.join(ROLES)}) and a hash")
    return users


def write_users(path: str | Path, users: dict[str, dict[str, Any]]) -> None:
    """Write the users file (sorted by name, mode 0600)."""
    body = {"users": {name: users[name] for name in sorted(users)}}
    _write_private(Path(path), json.dumps(body, indent=2) + "\n")


def add_user(
    path: str | Path,
    name: str,
    password: str,
    *,
    role: str = "screener",
    reserved: tuple[str, ...] = (),
) -> bool:
    """Add ``name`` (or change its password and role); returns True if the user is new."""
    name = check_name(name, reserved=reserved)
    if role not in ROLES:
        raise UsageError(f"role {role!r}: use {' or '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"a password needs at least {MIN_PASSWORD} characters")
    users = read_users(path)
    new = name not in users
    users[name] = {"role": role, "password": hash_password(password)}
    write_users(path, users)
    return new


def remove_user(path: str | Path, name: str) -> None:
    """Remove ``name``; their decisions stay in the store."""
    users = read_users(path)
    if name not in users:
        raise UsageError(f"{path}: no user {name!r} (see slr users list)")
    del users[name]
    write_users(path, users)


def load_secret(folder: str | Path) -> bytes:
    """The per-install secret signing session cookies (``FOLDER/secret_key``, made once)."""
    path = Path(folder) / "secret_key"
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key.encode("ascii")
    key = secrets.token_hex(32)
    _write_private(path, key + "\n")
    return key.encode("ascii")
