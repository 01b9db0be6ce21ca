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

- ``dladocs_plugins``: register throw-away plugins (a module, a class or an
  instance with ``@hookimpl`` functions) for one test; the plugin manager is
  rebuilt afterwards, and a misspelled hook fails at registration.
- ``dladocs_project``: a factory that writes a valid project (the bundled
  example, with the region and TOML additions you ask for) in a temporary
  folder and returns its ``dladocs.toml``.
- ``dladocs_build``: build a project into a temporary folder and return the
  :class:`dladocs.build.BuildResult`; ``pdf=True`` adds the PDFs.
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
        from dladocs.plugins import _validation_failure

        pm = get_plugin_manager()
        pm.register(plugin, name=name)
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            message = _validation_failure(pm, exc)
            pm.unregister(plugin)
            raise DladocsError(message) from None
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
        if region is not None:
            text = text.replace('region = "32"', f'region = "{region}"', 1)
        for old, new in (replace or {}).items():
            if old not in text:
                raise AssertionError(f"dladocs_project: « {old} » is not in the example project")
            text = text.replace(old, new)
        path.write_text(text + ("\n" + append if append else ""), encoding="utf-8")
        return path

    return make


@pytest.fixture
def dladocs_build(tmp_path: Path) -> Callable[..., Any]:
    counter = {"n": 0}

    def run(project: Path | str, **options: Any) -> Any:
        import dladocs

        counter["n"] += 1
        out = Path(options.pop("out_dir", tmp_path / f"sortie-{counter['n']}"))
        return dladocs.build(project, out, **options)

    return run
