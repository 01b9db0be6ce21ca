"""Find import cycles among the modules of ``src/dladocs``, with the standard ``ast`` module.

import-linter (``lint-imports``, run by ``.ci/run``) checks the declared layers;
this script is stricter about what counts as an import: every ``import`` and
``from ... import`` statement anywhere in a module (inside functions too, where
a cycle hides until the function runs), ``importlib.import_module("...")`` with
a literal name, and ``from dladocs import name`` as an import of the package
root when ``name`` is not a submodule.  Only imports under
``if TYPE_CHECKING:`` are left out: they never run.

    python tools/import_cycles.py            # the cycles, if any; exit 1 when there is one
    python tools/import_cycles.py --map      # also every module with its size and its imports

``tests/test_layers.py`` runs it: a new cycle fails the tests.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "dladocs"
SOURCE = Path(__file__).resolve().parent.parent / "src"


def modules(source: Path = SOURCE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package is its ``__init__``)."""
    found: dict[str, Path] = {}
    for path in sorted((source / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(source).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``tree`` except what sits under ``if TYPE_CHECKING:`` (its ``else`` runs)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The module of ``known`` that importing ``name`` runs last (its longest known prefix)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports when its code runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found = _resolve(alias.name, known)
                if found:
                    targets.add(found)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # ``from pkg import sub`` imports the submodule; ``from pkg import name`` runs pkg.
                found = _resolve(f"{base}.{alias.name}", known) if alias.name != "*" else None
                if found is None or found == _resolve(base, known):
                    found = _resolve(base, known)
                if found:
                    targets.add(found)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found = _resolve(node.args[0].value, known)
            if found:
                targets.add(found)
    targets.discard(module)
    return targets


def graph(source: Path = SOURCE) -> dict[str, set[str]]:
    known = modules(source)
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def _example_path(component: list[str], edges: dict[str, set[str]]) -> list[str]:
    """One concrete loop through the first module of ``component``, to show where to cut."""
    members = set(component)
    start = component[0]
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(edges[node] & members):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return component


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--map", action="store_true", help="print every module, its size and imports"
    )
    args = parser.parse_args(argv)
    known = modules()
    edges = graph()
    if args.map:
        for name in sorted(edges):
            size = len(known[name].read_text(encoding="utf-8").splitlines())
            inside = sorted(target.removeprefix(f"{PACKAGE}.") for target in edges[name])
            print(f"{name:40} {size:5}  → {', '.join(inside) or '-'}")
        print()
    found = cycles(edges)
    in_cycles = sum(len(component) for component in found)
    print(f"{len(edges)} modules, {len(found)} import cycle(s), {in_cycles} module(s) in them")
    for component in found:
        print(f"- {len(component)} modules: {', '.join(component)}")
        print(f"  for example: {' → '.join(_example_path(component, edges))}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
