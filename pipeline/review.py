"""The review folder: where a review's config, decisions and outputs live.

A review is a folder (``slr init DIR``) holding ``config.yaml``; the repository's example
keeps its config in ``config/config.yaml``. Every verb that needs a review's settings finds
them here, in the folder given by ``--review-dir`` or else the current folder, and nowhere
else: paths in the config are relative to that folder.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError

#: Where a review folder keeps its config, in the order they are looked for.
CONFIG_NAMES: tuple[str, ...] = ("config.yaml", "config/config.yaml")


@dataclass(frozen=True)
class Review:
    """A review folder and its validated config (``{}`` when the folder has none)."""

    root: Path
    config_file: Path | None = None
    config: dict[str, Any] = field(default_factory=dict)

    def path(self, value: str | Path) -> Path:
        """``value`` from the config, relative to the review folder."""
        value = Path(value)
        return value if value.is_absolute() else self.root / value

    def setting(self, section: str, key: str) -> Any:
        """``config[section][key]``, or ``None`` without a config (callers fall back)."""
        value = self.config.get(section)
        return value.get(key) if isinstance(value, dict) else None

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def name(self) -> str | None:
        return self.setting("review", "name")

    @property
    def decisions(self) -> Path:
        return self.path(self.setting("screen", "decisions") or "decisions/decisions.jsonl")

    @property
    def reasons(self) -> Path | None:
        value = self.setting("screen", "exclusion_reasons")
        return self.path(value) if value else None


def config_file(root: Path) -> Path | None:
    """The config file of the review folder ``root``, if it has one."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def find(review_dir: str | Path | None = None, *, check_files: bool = False) -> Review:
    """The review in ``review_dir`` (default: the current folder), its config validated.

    ``--review-dir`` naming a folder without a config is a usage error; the current folder
    without one is a review with no settings (verbs then use their own fallbacks).
    """
    from pipeline import config as configs

    root = Path(review_dir) if review_dir is not None else Path.cwd()
    if not root.is_dir():
        raise UsageError(f"--review-dir {root}: no such folder")
    path = config_file(root)
    if path is None:
        if review_dir is not None:
            raise UsageError(
                f"--review-dir {root}: no config.yaml there (slr init {root} writes a review)"
            )
        return Review(root=root)
    data, tree = configs.read_yaml(path)
    if check_files:
        configs.check(data, source=str(path), root=root, tree=tree)
    else:
        lines = configs.validate(data, source=str(path), tree=tree, partial=True)
        if lines:
            raise configs.ConfigError(lines)
    return Review(root=root, config_file=path, config=data)


def add_argument(parser: argparse.ArgumentParser) -> None:
    """``--review-dir DIR``: the review folder whose config a verb reads."""
    parser.add_argument(
        "--review-dir",
        default=None,
        metavar="DIR",
        help="the review folder (its config.yaml names the decisions store, exclusion "
        "reasons and review id; outputs in DIR/outputs); default: the current folder",
    )
