"""Shared pieces of the slr serve tests: a review folder, accounts, a running server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import records as records_mod
from pipeline.web.users import add_user

PASSWORDS = {"alice": "alice-password", "bob": "bob-password", "carol": "carol-password"}
ROLES = {"alice": "screener", "bob": "screener", "carol": "resolver"}


def add_team(users_file: Path) -> None:
    for name, password in PASSWORDS.items():
        add_user(users_file, name, password, role=ROLES[name])


def write_review(folder: Path, frame: pd.DataFrame) -> Path:
    """A review folder holding ``outputs/dedup/unique.parquet`` (no config: defaults)."""
    (folder / "outputs" / "dedup").mkdir(parents=True, exist_ok=True)
    records_mod.write_records(frame, folder / "outputs" / "dedup" / "unique.parquet")
    return folder


class Server:
    """``slr serve`` in a subprocess, on a free port, until :meth:`stop`."""

    def __init__(self, cwd: Path, *args: str, timeout: float = 90.0) -> None:
        env = dict(os.environ)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "serve", "--port", "0", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("Serving on ") or self.proc.poll() is not None:
                break
        match = re.match(r"Serving on (http://\S+)", line)
        if not match:
            self.proc.kill()
            err = self.proc.stderr.read()
            self.stop()
            raise RuntimeError(f"slr serve did not start: {line!r} {err}")
        self.url = match.group(1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


class Client:
    """A logged-in API client over HTTP (cookie jar + CSRF header)."""

    def __init__(self, url: str, name: str, password: str = "") -> None:
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        status, data = self.call("POST", "/api/login", {"name": name, "password": password})
        assert status == 200, data
        self.csrf = data["csrf_token"]

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        if method != "GET" and getattr(self, "csrf", None):
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")
