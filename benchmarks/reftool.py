"""Reference tools (ASReview, BibDedupe, ...) live in their own virtualenvs.

Their pinned dependencies clash with ours, so a benchmark runs them as subprocesses from
``.venv-ref-<name>/`` beside the checkout, created on first use (needs PyPI once).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_venv(name: str, *requirements: str) -> Path:
    """Return the ``bin`` folder of a venv holding ``requirements``, creating it if needed."""
    venv = ROOT / f".venv-ref-{name}"
    bindir = venv / "bin"
    marker = venv / ".installed"
    wanted = "\n".join(requirements)
    if marker.exists() and marker.read_text() == wanted:
        return bindir
    if not bindir.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", *requirements], check=True
    )
    marker.write_text(wanted)
    return bindir
