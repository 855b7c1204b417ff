"""Every ``slr`` help text renders as written: no doubled percent signs, no words broken
across lines by argparse's wrapping."""

from __future__ import annotations

import argparse

from pipeline.cli import build_parser


def all_parsers(parser: argparse.ArgumentParser, path: str = "slr"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in sorted(action.choices.items()):
                yield from all_parsers(sub, f"{path} {name}")


def test_help_texts_render_as_written() -> None:
    problems = []
    parsers = list(all_parsers(build_parser()))
    assert len(parsers) > 10
    for path, parser in parsers:
        text = parser.format_help()
        if "%%" in text:
            problems.append(f"{path}: '%%' in help")
        if parser.description:
            written = set(parser.description.split())
            # The description is the paragraph after the usage block.
            block = text.split("\n\n")[1] if "\n\n" in text else ""
            broken = [w for w in block.split() if w not in written]
            if broken:
                problems.append(f"{path}: description words broken by wrapping: {broken[:3]}")
    assert not problems, "; ".join(problems)
