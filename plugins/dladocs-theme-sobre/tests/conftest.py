"""The dladocs testing kit, and only this plugin registered (even when it is also installed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest_plugins = ["dladocs.testing"]


@pytest.fixture(autouse=True)
def _no_installed_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Installed plugins (this one included) would be registered twice, or change the outcome.
    monkeypatch.setenv("DLADOCS_NO_ENTRY_POINTS", "1")
    yield
