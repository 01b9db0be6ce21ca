"""Shared fixtures: the example project, a scratch copy of it, the corpus, and a clean plugin state."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "webinaire-hauts-de-france"
CORPUS = REPO.parent / "shared" / "corpus"

pytest_plugins = ["dladocs.testing"]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' LibreOffice profile template lives in a scratch cache, not the user's."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("DLADOCS_CACHE_DIR")
    os.environ["DLADOCS_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["DLADOCS_CACHE_DIR"]
    else:
        os.environ["DLADOCS_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _only_builtin_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Core tests see the built-in plugins only, whatever is installed in the environment."""
    from dladocs.plugins import reset_plugin_manager

    monkeypatch.setenv("DLADOCS_NO_ENTRY_POINTS", "1")
    reset_plugin_manager()
    yield
    reset_plugin_manager()


@pytest.fixture
def example_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled example project."""
    target = tmp_path / "projet"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def corpus() -> Path:
    assert CORPUS.is_dir(), f"the shared corpus is expected at {CORPUS}"
    return CORPUS
