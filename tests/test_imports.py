"""The package's import graph has no cycles: a module never needs, directly or through
others, a module that needs it. Every import counts, including those inside functions and
under ``TYPE_CHECKING``, because each one is a dependency a reader has to hold in mind."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module name → the package's modules it imports (by the name imported)."""
    files = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")
                    base = base if is_package else base[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                # ``from pkg import sub`` imports the submodule ``pkg.sub`` when there is one.
                subs = [f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in files]
                targets = subs or [module]
            for target in targets:
                if target in files and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_cycle_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_graph_reads_function_level_and_relative_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pipeline"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from . import one\n")
    (pkg / "sub" / "one.py").write_text("def f():\n    from pipeline.sub import two\n")
    (pkg / "sub" / "two.py").write_text("from .one import f\n")
    graph = import_graph(pkg)
    assert graph["pipeline.sub"] == {"pipeline.sub.one"}
    assert graph["pipeline.sub.one"] == {"pipeline.sub.two"}
    assert graph["pipeline.sub.two"] == {"pipeline.sub.one"}
    assert cycles(graph) == [["pipeline.sub.one", "pipeline.sub.two"]]


def test_pipeline_has_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles in pipeline/: " + "; ".join(" <-> ".join(c) for c in found)
