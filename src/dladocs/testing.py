"""A pytest kit for people who write dladocs plugins.

In your plugin's ``conftest.py``::

    pytest_plugins = ["dladocs.testing"]

then, in a test::

    def test_my_region_is_built(dladocs_plugins, dladocs_project, dladocs_build):
        dladocs_plugins.register(my_plugin_module)
        result = dladocs_build(dladocs_project(region="94"))
        assert result.ok
        assert any(a.region == "94" for a in result.artifacts)

Fixtures:

- ``dladocs_plugins``: ``register(plugin, name=None)`` throw-away plugins (a
  module, a class or an instance with ``@hookimpl`` functions) for one test;
  the plugin manager is rebuilt afterwards, and a misspelled hook fails at
  registration with a :class:`~dladocs.errors.DladocsError` naming it.
- ``dladocs_project``: ``dladocs_project(region=None, append="", replace=None)``
  writes a valid project (the bundled example; another region drops its
  Hauts-de-France participants; ``append`` adds TOML, ``replace`` maps texts
  to their replacement) in a temporary folder and returns its ``dladocs.toml``.
- ``dladocs_build``: ``dladocs_build(project, out_dir=None, **options)`` builds
  into a temporary folder and returns the :class:`dladocs.pipeline.BuildResult`;
  the options are those of :func:`dladocs.build` (``regions``, ``only``,
  ``pdf``, ``pdfa``, ``force``, ``jobs``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dladocs.plugins import get_plugin_manager, reset_plugin_manager


class PluginRegistrar:
    """Registers plugins into the process-wide manager for the duration of one test."""

    def __init__(self) -> None:
        self.registered: list[object] = []

    def register(self, plugin: object, name: str | None = None) -> object:
        """Register ``plugin``; a hook name dladocs does not know raises ``DladocsError``."""
        import pluggy

        from dladocs.errors import DladocsError
        from dladocs.plugins import _validation_failure, check_decorated

        pm = get_plugin_manager()
        if pm.is_registered(plugin):
            # Installed and found through its entry point already: nothing to add.
            self.registered.append(plugin)
            return plugin
        try:
            pm.register(plugin, name=name)
        except ValueError as exc:  # pluggy: a plugin of that name is registered
            raise DladocsError(
                f"dladocs_plugins.register : {exc}. Le plugin est sans doute déjà installé "
                "(point d'entrée « dladocs ») ; dans le conftest.py de vos tests, ajoutez "
                'monkeypatch.setenv("DLADOCS_NO_ENTRY_POINTS", "1") pour ne tester que lui.'
            ) from None
        try:
            pm.check_pending()
            check_decorated(pm, plugin)
        except pluggy.PluginValidationError as exc:
            message = _validation_failure(pm, exc)
            pm.unregister(plugin)
            raise DladocsError(message) from None
        except DladocsError:
            pm.unregister(plugin)
            raise
        self.registered.append(plugin)
        return plugin

    @property
    def manager(self) -> Any:
        return get_plugin_manager()


@pytest.fixture
def dladocs_plugins() -> Iterator[PluginRegistrar]:
    reset_plugin_manager()
    registrar = PluginRegistrar()
    yield registrar
    reset_plugin_manager()


ProjectFactory = Callable[..., Path]


@pytest.fixture
def dladocs_project(tmp_path: Path) -> ProjectFactory:
    counter = {"n": 0}

    def make(
        *, region: str | None = None, append: str = "", replace: dict[str, str] | None = None
    ) -> Path:
        from dladocs.project import example_project

        counter["n"] += 1
        folder = tmp_path / f"projet-{counter['n']}"
        shutil.copytree(example_project().parent, folder)
        path = folder / "dladocs.toml"
        text = path.read_text(encoding="utf-8")
        if region is not None and region != "32":
            text = text.replace('region = "32"', f'region = "{region}"', 1)
            # The example's participants are Hauts-de-France structures: elsewhere they
            # would only be « not in this region » warnings.
            text = _without_tables(text, "participants")
        for old, new in (replace or {}).items():
            if old not in text:
                raise AssertionError(f"dladocs_project: « {old} » is not in the example project")
            text = text.replace(old, new)
        path.write_text(text + ("\n" + append if append else ""), encoding="utf-8")
        return path

    return make


def _without_tables(text: str, name: str) -> str:
    """``text`` without its ``[[name]]`` tables (and the comment lines just above them)."""
    kept: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            skipping = stripped == f"[[{name}]]"
            if skipping:
                while kept and kept[-1].lstrip().startswith("#"):
                    kept.pop()
        if not skipping:
            kept.append(line)
    return "".join(kept)


@pytest.fixture
def dladocs_build(tmp_path: Path) -> Callable[..., Any]:
    counter = {"n": 0}

    def run(project: Path | str, out_dir: Path | str | None = None, **options: Any) -> Any:
        import dladocs

        counter["n"] += 1
        out = Path(out_dir) if out_dir is not None else tmp_path / f"sortie-{counter['n']}"
        return dladocs.build(project, out, **options)

    return run
