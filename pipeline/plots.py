"""Byte-stable figure output shared by every stage that draws (PRISMA, screening, themes)."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib

from pipeline.files import replacing

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# Matplotlib writes random ids and the date into SVG/PDF unless told not to; a fixed salt and
# no dates make reruns byte-identical, and fonttype "none" keeps SVG text as text.
STABLE_RC = {
    "svg.hashsalt": "slr-pipeline",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
}
_METADATA = {
    ".svg": {"Date": None},
    ".pdf": {"CreationDate": None, "ModDate": None, "Producer": "slr-pipeline"},
    ".png": {"Software": "slr-pipeline"},
}


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 300) -> Path:
    """Save ``fig`` to ``path`` (SVG, PDF or PNG by suffix) with stable bytes."""
    path = Path(path)
    suffix = path.suffix.lower()
    with plt.rc_context(STABLE_RC), replacing(path) as tmp, warnings.catch_warnings():
        # Labels are data (author names): a character the font lacks is drawn as a box,
        # which is no reason to warn on every figure.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        fig.savefig(
            tmp,
            format=suffix.lstrip(".") or None,
            dpi=dpi,
            metadata=_METADATA.get(suffix),
            bbox_inches="tight",
        )
    return path
