"""Title/abstract and full-text screening.

The model side (features, presets, active learning, simulation, metrics, stopping rules)
and the people's side (decisions, sessions, sheets, agreement) live in submodules. The main
entry points are re-exported lazily so that ``import pipeline.screen.decisions`` stays
light (scikit-learn is only imported when the model is used).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "rank": "pipeline.screen.active",
    "active_order": "pipeline.screen.active",
    "stopping_estimate": "pipeline.screen.stopping",
    "stop_points": "pipeline.screen.stopping",
    "get_preset": "pipeline.screen.models",
    "list_presets": "pipeline.screen.models",
    "DEFAULT_MODEL": "pipeline.screen.models",
    "simulate": "pipeline.screen.simulate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline.screen' has no attribute {name!r}")
