"""The package's shape: no import cycle, the root's public names stay what they are."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import import_cycles  # noqa: E402  (a script of tools/, imported from its folder)


def test_no_module_of_the_package_is_in_an_import_cycle() -> None:
    edges = import_cycles.graph()
    assert "dladocs" in edges and "dladocs.pipeline" in edges  # the whole package was read
    assert import_cycles.cycles(edges) == []


def test_the_layers_contract_places_every_module_of_the_package() -> None:
    """A module left out of the layers would escape them: each top-level module has its layer."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    placed = {name.strip() for layer in contract["layers"] for name in re.split(r"[:|]", layer)}
    package = REPO / "src" / "dladocs"
    modules = {f"dladocs.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"}
    modules |= {f"dladocs.{path.parent.name}" for path in package.glob("*/__init__.py")}
    assert sorted(modules - placed) == []
    assert sorted(placed - modules) == []  # no layer names a module that is gone


def test_the_script_counts_imports_inside_functions_and_the_package_root(tmp_path: Path) -> None:
    package = tmp_path / "dladocs"
    package.mkdir()
    (package / "__init__.py").write_text(
        "def build():\n    from dladocs import pipeline\n", encoding="utf-8"
    )
    (package / "pipeline.py").write_text(
        textwrap.dedent(
            """
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from dladocs import helper  # never runs: not an edge
            def version():
                from dladocs import __version__  # the root: an edge
            """
        ),
        encoding="utf-8",
    )
    (package / "helper.py").write_text("import dladocs.pipeline\n", encoding="utf-8")
    edges = import_cycles.graph(tmp_path)
    assert edges == {
        "dladocs": {"dladocs.pipeline"},
        "dladocs.pipeline": {"dladocs"},
        "dladocs.helper": {"dladocs.pipeline"},
    }
    assert import_cycles.cycles(edges) == [["dladocs", "dladocs.pipeline"]]


def test_the_script_prints_the_module_map_and_says_no_cycle() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "import_cycles.py"), "--map"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("dladocs.pipeline ") and "_plan" in line for line in lines)
    assert lines[-1].endswith("0 import cycle(s), 0 module(s) in them")


def test_dladocs_build_stays_the_function_once_the_pipeline_module_is_imported() -> None:
    import dladocs

    importlib.import_module("dladocs.pipeline")
    assert callable(dladocs.build) and dladocs.build.__module__ == "dladocs"
    assert dladocs.__version__ == importlib.import_module("dladocs._version").__version__


@pytest.mark.parametrize("name", ["BuildOptions", "BuildResult", "Project", "FileCheck"])
def test_lazy_public_names_resolve(name: str) -> None:
    import dladocs

    assert getattr(dladocs, name).__name__ == name
