"""Theme codebooks: YAML files validated against ``pipeline/data/codebook.schema.json``.

A codebook lists higher themes, each with sub-themes; a sub-theme has an ``id``, a
``label``, a ``description``, ``cues`` (phrases), optional ``examples`` (sentences) and
optional ``exclude`` phrases. Studies are coded on sub-themes; a higher theme with no
sub-themes is coded as a sub-theme of its own (same id). Errors name the file and the path
to the bad key, e.g. ``review.yaml: themes[1].subthemes[0].cue: unknown key``.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pipeline.errors import DataError


@dataclass(frozen=True)
class SubTheme:
    """One codable sub-theme."""

    id: str
    label: str
    description: str
    cues: tuple[str, ...]
    exclude: tuple[str, ...]
    examples: tuple[str, ...]
    theme_id: str

    def profile(self) -> str:
        """The text its TF-IDF profile is built from: label, description and examples."""
        return " ".join((self.label, self.description, *self.examples))


@dataclass(frozen=True)
class Theme:
    """A higher theme and its sub-themes (in codebook order)."""

    id: str
    label: str
    description: str
    subthemes: tuple[SubTheme, ...]


@dataclass(frozen=True)
class Codebook:
    """A validated codebook."""

    id: str
    title: str
    description: str
    source: str
    themes: tuple[Theme, ...]
    path: str = ""

    @property
    def subthemes(self) -> tuple[SubTheme, ...]:
        return tuple(s for t in self.themes for s in t.subthemes)

    @property
    def subtheme_ids(self) -> list[str]:
        return [s.id for s in self.subthemes]

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def theme_of(self, subtheme_id: str) -> Theme:
        for theme in self.themes:
            if any(s.id == subtheme_id for s in theme.subthemes):
                return theme
        raise KeyError(subtheme_id)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The codebook JSON schema (draft 2020-12)."""
    text = resources.files("pipeline").joinpath("data/codebook.schema.json").read_text("utf-8")
    return json.loads(text)


def _path(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(error: jsonschema.ValidationError) -> str:
    where = list(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        key = extra[0]
        hint = difflib.get_close_matches(key, allowed, n=1)
        tip = f"did you mean {hint[0]!r}?" if hint else f"allowed keys: {', '.join(allowed)}"
        return f"{_path([*where, key])}: unknown key {key!r} ({tip})"
    if error.validator == "required":
        return f"{_path(where)}: {error.message}"
    if error.validator == "pattern":
        return (
            f"{_path(where)}: {error.instance!r} is not a valid id "
            "(lower-case letters, digits and underscores, starting with a letter)"
        )
    return f"{_path(where)}: {error.message}"


def parse(data: Any, *, name: str = "codebook") -> Codebook:
    """Validate a codebook already read from YAML and build a :class:`Codebook`."""
    if not isinstance(data, dict):
        raise DataError(f"{name}: a codebook must be a mapping with id, title and themes")
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        # The deepest error is the most specific one (a typo inside a sub-theme rather than
        # "themes[1] is not valid").
        worst = max(errors, key=lambda e: len(list(e.absolute_path)))
        raise DataError(f"{name}: {_describe(worst)}")
    themes: list[Theme] = []
    seen: dict[str, str] = {}

    def claim(identifier: str, where: str) -> None:
        if identifier in seen:
            raise DataError(
                f"{name}: {where}.id: id {identifier!r} is already used at {seen[identifier]}"
            )
        seen[identifier] = where

    for i, raw in enumerate(data["themes"]):
        where = f"themes[{i}]"
        claim(raw["id"], where)
        subs: list[SubTheme] = []
        raw_subs = raw.get("subthemes", [])
        if not raw_subs:
            if not raw.get("cues") and not raw.get("description", "").strip():
                raise DataError(
                    f"{name}: {where} ({raw['id']}): empty theme: it has no sub-themes, no cues "
                    "and no description, so nothing can be coded on it"
                )
            raw_subs = [{**raw, "subthemes": None}]
            seen.pop(raw["id"])
        for j, sub in enumerate(raw_subs):
            sub_where = f"{where}.subthemes[{j}]" if sub.get("subthemes", ()) is not None else where
            claim(sub["id"], sub_where)
            if not sub.get("cues") and not sub.get("description", "").strip():
                raise DataError(
                    f"{name}: {sub_where} ({sub['id']}): empty sub-theme: give it cues or a "
                    "description"
                )
            subs.append(
                SubTheme(
                    id=sub["id"],
                    label=sub["label"],
                    description=" ".join(sub.get("description", "").split()),
                    cues=tuple(sub.get("cues", [])),
                    exclude=tuple(sub.get("exclude", [])),
                    examples=tuple(sub.get("examples", [])),
                    theme_id=raw["id"],
                )
            )
        themes.append(
            Theme(
                id=raw["id"],
                label=raw["label"],
                description=" ".join(raw.get("description", "").split()),
                subthemes=tuple(subs),
            )
        )
    return Codebook(
        id=data["id"],
        title=data["title"],
        description=" ".join(data.get("description", "").split()),
        source=" ".join(data.get("source", "").split()),
        themes=tuple(themes),
        path=name,
    )


def load(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file; raise :class:`DataError` naming the file."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such codebook file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DataError(f"{path}:{where}: cannot parse YAML ({problem})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read codebook ({exc})") from exc
    return parse(data, name=str(path))
