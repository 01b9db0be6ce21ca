"""The development loop: the default run leaves out the tests marked slow.

``pytest`` runs the fast tests (LibreOffice, national builds, browsers and
other long tests are marked ``@pytest.mark.slow``); ``pytest --run-slow`` runs
them all, as CI does.  This file sits at the repository's root so that the
option exists whichever test folder is named on the command line.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        default=False,
        help="also run the tests marked slow (LibreOffice, national builds, browser), as CI does",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        # Deselected, not skipped: the summary says how many, and a skip would read as a gap.
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]
