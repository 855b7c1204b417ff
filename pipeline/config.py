"""A review's config.yaml: read, fill the schema's defaults, validate, check named files.

The schema (``pipeline/workflow/config.schema.yaml``, JSON Schema draft 2020-12) is the one
place defaults live: :func:`fill_defaults` copies them into the config, so the workflow and
the verbs never carry defaults of their own. Every problem is one line: the file (and line,
when the YAML says where), the key path, what is wrong and what is expected; a mistyped key
names the nearest valid one (:mod:`difflib`).
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import DataError

SCHEMA = Path(__file__).parent / "workflow" / "config.schema.yaml"


class ConfigError(DataError):
    """One or more config problems, one line each (``lines``)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


@cache
def schema() -> dict[str, Any]:
    """The config schema as a mapping."""
    return yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))


def read_yaml(path: str | Path) -> tuple[dict[str, Any], yaml.Node | None]:
    """The mapping in ``path`` and its YAML node tree (for line numbers)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError([f"{path}: no such config file (slr init DIR writes one)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read ({exc})"]) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        detail = f"{context}, {problem}" if context else problem
        raise ConfigError(
            [f"{where}: not valid YAML ({' '.join(str(detail).split())}); check the indentation"]
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError([f"{path}: expected a mapping of keys (review, search, ...)"])
    return data, node


def fill_defaults(config: dict[str, Any], node: dict[str, Any] | None = None) -> dict[str, Any]:
    """Copy the schema's defaults into ``config`` (in place, nested objects too)."""
    node = schema() if node is None else node
    props = node.get("properties", {})
    for key, sub in props.items():
        if key not in config and "default" in sub:
            config[key] = copy.deepcopy(sub["default"])
        value = config.get(key)
        if isinstance(value, dict):
            fill_defaults(value, sub)
        elif isinstance(value, list) and isinstance(sub.get("items"), dict):
            for item in value:
                if isinstance(item, dict):
                    fill_defaults(item, sub["items"])
    return config


def _key_path(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _subschema(path: list[Any]) -> dict[str, Any]:
    """The schema of the value at instance ``path`` (following properties/items/$ref)."""
    node = schema()
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {})
        if not isinstance(part, int):
            node = node.get(part, {})
    return node


def _line(tree: yaml.Node | None, path: list[Any]) -> int | None:
    """1-based line of the value at ``path`` in the YAML node tree, if it is there."""
    node = tree
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            if not match:
                return None
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return None
            node = node.value[part]
        else:
            return None
    return node.start_mark.line + 1 if node is not None else None


def _where(source: str, tree: yaml.Node | None, path: list[Any]) -> str:
    line = _line(tree, path)
    return f"{source}:{line}" if line else source


def _messages(error: Any, source: str, tree: yaml.Node | None) -> Iterator[str]:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        valid = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(valid)):
            near = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'? " if near else ""
            yield (
                f"{_where(source, tree, [*path, key])}: {_key_path([*path, key])}: unknown key; "
                f"{hint}(valid keys here: {', '.join(valid)})"
            )
        return
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        sub = error.schema.get("properties", {}).get(missing, {})
        expected = sub.get("description", "")
        yield (
            f"{_where(source, tree, path)}: {_key_path([*path, missing])}: missing"
            + (f"; expected {expected[0].lower()}{expected[1:]}" if expected else "")
        )
        return
    description = _subschema(path).get("description") or error.schema.get("description", "")
    if error.validator == "enum":
        expected = f"one of {', '.join(str(v) for v in error.validator_value)}"
    elif error.validator == "type":
        expected = f"a value of type {error.validator_value}"
        if description:
            expected += f" ({description.rstrip('.')})"
    else:
        expected = description.rstrip(".") or error.message
    expected = expected[:1].lower() + expected[1:]
    shown = repr(error.instance) if not isinstance(error.instance, (dict, list)) else "this value"
    yield f"{_where(source, tree, path)}: {_key_path(path)}: {shown} is not valid; expected {expected}"


def validate(
    config: dict[str, Any],
    *,
    source: str,
    tree: yaml.Node | None = None,
    partial: bool = False,
) -> list[str]:
    """Fill defaults into ``config`` and return its problems, one line each.

    ``partial``: sections may be left out (a verb reading only ``review`` and ``screen``);
    whatever is there must still be valid."""
    from jsonschema import Draft202012Validator

    fill_defaults(config)
    validator = Draft202012Validator(schema())
    lines: list[str] = []
    for error in sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.path))):
        if partial and error.validator == "required" and not list(error.absolute_path):
            continue
        for line in _messages(error, source, tree):
            if line not in lines:
                lines.append(line)
    search = config.get("search")
    if partial:
        return lines
    if (
        not lines
        and isinstance(search, dict)
        and not (search.get("pubmed") or search.get("exports"))
    ):
        lines.append(
            f"{source}: search: no source; add search.pubmed (a strategy file) or at least "
            "one search.exports entry (database and file)"
        )
    return lines


def _named_paths(value: Any, node: dict[str, Any], path: list[Any]) -> Iterator[tuple]:
    """``(key path, value, kind)`` of every path the config names with an ``x-exists`` mark."""
    kind = node.get("x-exists")
    if kind and isinstance(value, str) and value:
        yield path, value, kind
    if isinstance(value, dict):
        for key, sub in node.get("properties", {}).items():
            if key in value:
                yield from _named_paths(value[key], sub, [*path, key])
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for i, item in enumerate(value):
            yield from _named_paths(item, node["items"], [*path, i])


def missing_files(
    config: dict[str, Any], root: Path, *, source: str, tree: yaml.Node | None = None
) -> list[str]:
    """One line for each file or folder the config names that does not exist under ``root``."""
    lines = []
    tests = {"file": Path.is_file, "dir": Path.is_dir, "path": Path.exists}
    nouns = {"file": "no such file", "dir": "no such folder", "path": "no such file or folder"}
    for path, value, kind in _named_paths(config, schema(), []):
        target = root / value
        if not tests[kind](target):
            lines.append(f"{_where(source, tree, path)}: {_key_path(path)}: {value}: {nouns[kind]}")
    return lines


def load(path: str | Path, *, root: str | Path | None = None) -> dict[str, Any]:
    """The validated config in ``path`` with defaults filled; paths are checked under ``root``
    (default: the folder of ``path``). Raises :class:`ConfigError` listing every problem."""
    path = Path(path)
    data, tree = read_yaml(path)
    return check(data, source=str(path), root=Path(root) if root else path.parent, tree=tree)


def check(
    config: dict[str, Any], *, source: str, root: Path, tree: yaml.Node | None = None
) -> dict[str, Any]:
    """Validate ``config`` (filling defaults in place) and check the files it names."""
    lines = validate(config, source=source, tree=tree)
    if not lines:
        lines = missing_files(config, root, source=source, tree=tree)
    if lines:
        raise ConfigError(lines)
    return config
